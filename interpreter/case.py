"""Case input: JSON facts -> validated Python values, or an error that names the field.

A fact not given (or given as null) is unknown, never false. A key that is not
a fact of the regulation is an error, so that a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation

from dsl.diagnostics import closest
from dsl.i18n import N_, Message, language, msg, render
from dsl.quantities import Duration
from dsl.types import Type
from interpreter.inputlimits import MAX_SHOWN, number_problem, shorten

_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits only: "١٢٣" is not an amount


# The problems Python's JSON reader names, so that a Dutch report does not quote them in English.
_JSON_PROBLEMS = frozenset((
    N_("Expecting value"), N_("Expecting property name enclosed in double quotes"), N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"), N_("Unterminated string starting at"), N_("Invalid control character at"),
    N_("Extra data"), N_("Invalid \\escape"), N_("Invalid \\uXXXX escape"),
    N_("Illegal trailing comma before end of object"), N_("Illegal trailing comma before end of array")))


class CaseError(Exception):
    """Bad case input: the message names the field, the value and what was expected.

    The message is kept as a Message (its id and values), so that a Dutch report renders it
    in Dutch whatever the tool language: ``str(exc)`` and ``.message`` speak the tool
    language (GRONDSLAG_LANG), ``.in_language("nl")`` speaks Dutch (docs/language-policy.md).
    """

    def __init__(self, message: str | Message, field: str | None = None, hint: Message | None = None):
        self.template = message
        self.field = field
        self.hint = hint
        super().__init__(self.in_language(language()))

    def in_language(self, lang: str) -> str:
        text = render(self.template, lang)
        return f"{text} ({render(self.hint, lang)})" if self.hint is not None else text

    @property
    def message(self) -> str:
        return self.in_language(language())

    def __str__(self) -> str:
        return self.message


class NoPeildatum(CaseError):
    """A case without a peildatum, evaluated without a date given apart from it.

    Its own class so that a tool without --date (the web service) can say how to give one there."""


def parse_json(text: str):
    """JSON with exact decimals: 2500.01 becomes Decimal('2500.01'), never a float."""
    def no_constant(name):
        raise CaseError(msg("{name} is not a number a case can hold", name=name))

    def no_duplicates(pairs):  # {"uitkering": "wwb", "uitkering": "geen"} must not pass silently
        out = {}
        for key, value in pairs:
            if key in out:
                raise CaseError(msg("{key} is given twice in one object", key=repr(shorten(key))), key)
            out[key] = value
        return out
    if text.startswith("\ufeff"):  # a byte order mark, as some Windows editors write it
        text = text[1:]
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=no_constant, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        problem = msg(exc.msg) if exc.msg in _JSON_PROBLEMS else exc.msg
        raise CaseError(msg("the case is not valid JSON: {problem} at line {line}, column {column}",
                             problem=problem, line=exc.lineno, column=exc.colno))
    except RecursionError:  # [[[[... 100,000 deep: a case is an object of facts, lists and their objects
        raise CaseError(msg("the case is nested too deeply to read (a case nests 3 levels: facts, a list, "
                            "its objects)")) from None
    except ArithmeticError:  # 1e99999999999999999999: beyond what a Decimal can hold
        raise CaseError(msg("the case holds a number too large to represent (a number in a case has at most "
                            "15 digits before the decimal point)")) from None
    except ValueError as exc:  # an integer of more than 4,300 digits (Python's limit on int conversion)
        raise CaseError(msg("the case holds a number that is too long: {problem}", problem=str(exc).split(";")[0])) \
            from None


def parse_date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise CaseError(msg("{field}: expected a date, got a date and time {value}", field=field,
                             value=repr(value.isoformat())), field)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CaseError(msg("{field}: {value} is not a date that exists", field=field, value=repr(value)), field) \
                from None
    raise CaseError(msg("{field}: expected a date as \"YYYY-MM-DD\", got {value}", field=field, value=_show(value)),
                    field)


def case_date(data: dict, override: dt.date | None) -> dt.date:
    """The peildatum: --date when given, else the case's own field. Never 'today'."""
    if override is not None:
        if data.get("peildatum") is not None:  # overridden, but a wrong value is still wrong
            parse_date(data["peildatum"], "peildatum")
        return override
    if "peildatum" in data and data["peildatum"] is not None:
        return parse_date(data["peildatum"], "peildatum")
    raise NoPeildatum(msg("no peildatum: give --date YYYY-MM-DD or a \"peildatum\" field in the case; "
                          "a legal evaluation is never made 'as of today'"), "peildatum")


def _did_you_mean(name: str | None) -> Message | None:
    return msg("did you mean '{name}'?", name=name) if name is not None else None


def _show(value) -> str | Message:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return msg("an object") if isinstance(value, dict) else msg("a list")
    if isinstance(value, str):  # control characters shown as escapes: a message is one clean line
        return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(shorten(value), ensure_ascii=False))
    if isinstance(value, int) and value.bit_length() > 200:
        return msg("a whole number of more than 60 digits")
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > MAX_SHOWN:
        return msg("a number of about 10^{exponent}", exponent=value.adjusted())
    return shorten(str(value))


def convert(value, typ: Type, field: str):
    """One fact value, checked against its declared type and its bounds."""
    out = _convert(value, typ, field)
    if typ.minimum is not None or typ.maximum is not None:
        check_bounds(out, typ, field)
    return out


def _bound_text(v, kind: str) -> str:
    if kind == "percentage":
        return f"{v}%"
    if kind == "bedrag":
        return f"€ {v}"
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def check_bounds(value, typ: Type, field: str) -> None:
    """A value outside the bounds the regulation sets is an error, naming field, value and bounds."""
    low, high = typ.minimum, typ.maximum
    if (low is None or value >= low) and (high is None or value <= high):
        return
    shown = _bound_text(value, typ.kind)
    if low is not None and high is not None:
        allowed = msg("from {low} up to and including {high}", low=_bound_text(low, typ.kind),
                      high=_bound_text(high, typ.kind))
    elif low is not None:
        allowed = msg("at least {low}", low=_bound_text(low, typ.kind))
    else:
        allowed = msg("at most {high}", high=_bound_text(high, typ.kind))
    raise CaseError(msg("{field}: {value} is outside the bounds the regulation sets: {allowed}", field=field,
                        value=shown, allowed=allowed), field)


_DURATION_KEYS = {"maanden": (1, 0), "jaren": (12, 0), "weken": (0, 7), "dagen": (0, 1)}


def parse_duration(value, field: str) -> Duration:
    """{"maanden": 1} (also "jaren", "weken", "dagen", together) -> Duration."""
    if isinstance(value, Duration):
        return value
    if not isinstance(value, dict) or not value:
        raise CaseError(msg("{field}: expected a duration as an object such as {example}, got {value}", field=field,
                            example='{"maanden": 1}', value=_show(value)), field)
    months = days = 0
    for key, n in value.items():
        unit = _DURATION_KEYS.get(key)
        if unit is None:
            hint = closest(key, list(_DURATION_KEYS)) if len(key) <= MAX_SHOWN else None
            raise CaseError(msg("{field}: unknown unit {unit} in a duration; the units are {units}", field=field,
                                unit=repr(shorten(key)), units=", ".join(_DURATION_KEYS)), f"{field}.{key}",
                            _did_you_mean(hint))
        if isinstance(n, Decimal) and n == n.to_integral_value():
            n = int(n)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise CaseError(msg("{field}.{unit}: expected a whole number of {unit} (0 or more), got {value}",
                                field=field, unit=key, value=_show(n)), f"{field}.{key}")
        months += n * unit[0]
        days += n * unit[1]
    return Duration(months, days)


def _number_kind(kind: str):
    """What a number of this kind is, for a message (made only when there is an error to report)."""
    return {"bedrag": msg("an amount in euro"), "getal": msg("a number"),
            "percentage": msg("a percentage (a number of percent: 30 for 30%)")}[kind]


def _convert(value, typ: Type, field: str):
    k = typ.kind
    if k == "ja/nee":
        if isinstance(value, bool):
            return value
        raise CaseError(msg("{field}: expected true or false, got {value}", field=field, value=_show(value)), field)
    if k in ("geheel getal",):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            problem = number_problem(Decimal(value), k) if not isinstance(value, Decimal) or value.is_finite() \
                else msg("it is not a finite number")
            if problem:
                raise CaseError(msg("{field}: {value} is too large or too precise: {problem}", field=field,
                                    value=_show(value), problem=problem), field)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        raise CaseError(msg("{field}: expected a whole number, got {value}", field=field, value=_show(value)), field)
    if k == "duur":
        return parse_duration(value, field)
    if k in ("getal", "bedrag", "percentage"):
        if isinstance(value, float):
            raise CaseError(msg("{field}: {value} is a binary float, which cannot hold {what} exactly; "
                                "pass a Decimal or a string such as \"2500.01\"", field=field, value=repr(value),
                                what=_number_kind(k)), field)
        number = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, Decimal) and value.is_finite():
            number = value
        elif isinstance(value, str) and _DECIMAL.fullmatch(value):  # no spaces, no "١٢٣", no "1e3"
            try:
                number = Decimal(value)
            except InvalidOperation:  # pragma: no cover - the pattern rules this out
                pass
        if number is not None:
            problem = number_problem(number, k)
            if problem:
                raise CaseError(msg("{field}: {value} is not accepted: {problem}", field=field, value=_show(value),
                                    problem=problem), field)
            return number
        raise CaseError(msg("{field}: expected {what} as a number or a decimal string such as \"2500.01\", "
                            "got {value}", field=field, what=_number_kind(k), value=_show(value)), field)
    if k == "datum":
        return parse_date(value, field)
    if k == "tekst":
        if isinstance(value, str):
            return value
        raise CaseError(msg("{field}: expected a text, got {value}", field=field, value=_show(value)), field)
    if k == "keuze":
        if isinstance(value, str) and value in typ.options:
            return value
        hint = closest(value, typ.options) if isinstance(value, str) else None
        options = ", ".join(json.dumps(o) for o in typ.options)
        raise CaseError(msg("{field}: expected one of {options}, got {value}", field=field, options=options,
                            value=_show(value)), field, _did_you_mean(hint))
    if k == "lijst":
        if not isinstance(value, list):
            raise CaseError(msg("{field}: expected a list of objects, got {value}", field=field, value=_show(value)),
                            field)
        out = []
        names = [n for n, _ in typ.fields]
        for i, item in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(item, dict):
                raise CaseError(msg("{field}: expected an object with {fields}, got {value}", field=where,
                                    fields=", ".join(names), value=_show(item)), where)
            rec = {}
            for key, v in item.items():
                ft = typ.field(key)
                if ft is None:
                    hint = closest(key, names) if len(key) <= MAX_SHOWN else None
                    raise CaseError(msg("{field}: unknown field {name}; the fields are {fields}", field=where,
                                        name=repr(shorten(key)), fields=", ".join(names)), f"{where}.{key}",
                                    _did_you_mean(hint))
                if v is not None:
                    rec[key] = convert(v, ft, f"{where}.{key}")
            out.append(rec)
        return out
    raise CaseError(msg("{field}: facts of type {type} cannot be given in a case", field=field,
                        type=typ.describe()), field)


def read_facts(data, fact_types: dict[str, Type]) -> dict:
    """Validate a case against the facts of one regulation version."""
    if not isinstance(data, dict):
        raise CaseError(msg("a case must be a JSON object of facts, got {value}", value=_show(data)))
    facts = {}
    for key, value in data.items():
        if key == "peildatum":
            continue
        typ = fact_types.get(key)
        if typ is None:
            hint = closest(key, list(fact_types) + ["peildatum"]) if len(key) <= MAX_SHOWN else None
            raise CaseError(msg("unknown fact {name}: it is not a fact of this regulation", name=repr(shorten(key))),
                            key, _did_you_mean(hint))
        if value is None:
            continue
        facts[key] = convert(value, typ, key)
    return facts
