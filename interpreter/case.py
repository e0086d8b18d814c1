"""Case input: JSON facts -> validated Python values, or an error that names the field.

A fact not given (or given as null) is unknown, never false. A key that is not
a fact of the regulation is an error, so that a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation

from dsl.diagnostics import did_you_mean
from dsl.quantities import Duration
from dsl.types import Type
from interpreter.inputlimits import MAX_SHOWN, number_problem, shorten

_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits only: "١٢٣" is not an amount


class CaseError(Exception):
    """Bad case input: the message names the field, the value and what was expected."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def parse_json(text: str):
    """JSON with exact decimals: 2500.01 becomes Decimal('2500.01'), never a float."""
    def no_constant(name):
        raise CaseError(f"{name} is not a number a case can hold")

    def no_duplicates(pairs):  # {"uitkering": "wwb", "uitkering": "geen"} must not pass silently
        out = {}
        for key, value in pairs:
            if key in out:
                raise CaseError(f"{shorten(key)!r} is given twice in one object", key)
            out[key] = value
        return out
    if text.startswith("\ufeff"):  # a byte order mark, as some Windows editors write it
        text = text[1:]
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=no_constant, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise CaseError(f"the case is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    except RecursionError:  # [[[[... 100,000 deep: a case is an object of facts, lists and their objects
        raise CaseError("the case is nested too deeply to read (a case nests 3 levels: facts, a list, "
                        "its objects)") from None
    except ArithmeticError:  # 1e99999999999999999999: beyond what a Decimal can hold
        raise CaseError("the case holds a number too large to represent (a number in a case has at most "
                        "15 digits before the decimal point)") from None
    except ValueError as exc:  # an integer of more than 4,300 digits (Python's limit on int conversion)
        raise CaseError(f"the case holds a number that is too long: {exc}".split(";")[0]) from None


def parse_date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise CaseError(f"{field}: expected a date, got a date and time {value.isoformat()!r}", field)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CaseError(f"{field}: {value!r} is not a date that exists", field) from None
    raise CaseError(f"{field}: expected a date as \"YYYY-MM-DD\", got {_show(value)}", field)


def case_date(data: dict, override: dt.date | None) -> dt.date:
    """The peildatum: --date when given, else the case's own field. Never 'today'."""
    if override is not None:
        if data.get("peildatum") is not None:  # overridden, but a wrong value is still wrong
            parse_date(data["peildatum"], "peildatum")
        return override
    if "peildatum" in data and data["peildatum"] is not None:
        return parse_date(data["peildatum"], "peildatum")
    raise CaseError("no peildatum: give --date YYYY-MM-DD or a \"peildatum\" field in the case; "
                    "a legal evaluation is never made 'as of today'", "peildatum")


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    if isinstance(value, str):  # control characters shown as escapes: a message is one clean line
        return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(shorten(value), ensure_ascii=False))
    if isinstance(value, int) and value.bit_length() > 200:
        return "a whole number of more than 60 digits"
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > MAX_SHOWN:
        return f"a number of about 10^{value.adjusted()}"
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
        allowed = f"from {_bound_text(low, typ.kind)} up to and including {_bound_text(high, typ.kind)}"
    elif low is not None:
        allowed = f"at least {_bound_text(low, typ.kind)}"
    else:
        allowed = f"at most {_bound_text(high, typ.kind)}"
    raise CaseError(f"{field}: {shown} is outside the bounds the regulation sets: {allowed}", field)


_DURATION_KEYS = {"maanden": (1, 0), "jaren": (12, 0), "weken": (0, 7), "dagen": (0, 1)}


def parse_duration(value, field: str) -> Duration:
    """{"maanden": 1} (also "jaren", "weken", "dagen", together) -> Duration."""
    if isinstance(value, Duration):
        return value
    if not isinstance(value, dict) or not value:
        raise CaseError(f"{field}: expected a duration as an object such as {{\"maanden\": 1}}, got {_show(value)}",
                        field)
    months = days = 0
    for key, n in value.items():
        unit = _DURATION_KEYS.get(key)
        if unit is None:
            hint = did_you_mean(key, list(_DURATION_KEYS)) if len(key) <= MAX_SHOWN else None
            raise CaseError(f"{field}: unknown unit {shorten(key)!r} in a duration; the units are "
                            f"{', '.join(_DURATION_KEYS)}" + (f" ({hint})" if hint else ""), f"{field}.{key}")
        if isinstance(n, Decimal) and n == n.to_integral_value():
            n = int(n)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise CaseError(f"{field}.{key}: expected a whole number of {key} (0 or more), got {_show(n)}",
                            f"{field}.{key}")
        months += n * unit[0]
        days += n * unit[1]
    return Duration(months, days)


def _convert(value, typ: Type, field: str):
    k = typ.kind
    if k == "ja/nee":
        if isinstance(value, bool):
            return value
        raise CaseError(f"{field}: expected true or false, got {_show(value)}", field)
    if k in ("geheel getal",):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            problem = number_problem(Decimal(value), k) if not isinstance(value, Decimal) or value.is_finite() \
                else "it is not a finite number"
            if problem:
                raise CaseError(f"{field}: {_show(value)} is too large or too precise: {problem}", field)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        raise CaseError(f"{field}: expected a whole number, got {_show(value)}", field)
    if k == "duur":
        return parse_duration(value, field)
    if k in ("getal", "bedrag", "percentage"):
        what = {"bedrag": "an amount in euro", "getal": "a number",
                "percentage": "a percentage (a number of percent: 30 for 30%)"}[k]
        if isinstance(value, float):
            raise CaseError(f"{field}: {value!r} is a binary float, which cannot hold {what} exactly; "
                            f"pass a Decimal or a string such as \"2500.01\"", field)
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
                raise CaseError(f"{field}: {_show(value)} is not accepted: {problem}", field)
            return number
        raise CaseError(f"{field}: expected {what} as a number or a decimal string such as \"2500.01\", "
                        f"got {_show(value)}", field)
    if k == "datum":
        return parse_date(value, field)
    if k == "tekst":
        if isinstance(value, str):
            return value
        raise CaseError(f"{field}: expected a text, got {_show(value)}", field)
    if k == "keuze":
        if isinstance(value, str) and value in typ.options:
            return value
        hint = did_you_mean(value, typ.options) if isinstance(value, str) else None
        options = ", ".join(json.dumps(o) for o in typ.options)
        raise CaseError(f"{field}: expected one of {options}, got {_show(value)}"
                        + (f" ({hint})" if hint else ""), field)
    if k == "lijst":
        if not isinstance(value, list):
            raise CaseError(f"{field}: expected a list of objects, got {_show(value)}", field)
        out = []
        names = [n for n, _ in typ.fields]
        for i, item in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(item, dict):
                raise CaseError(f"{where}: expected an object with {', '.join(names)}, got {_show(item)}", where)
            rec = {}
            for key, v in item.items():
                ft = typ.field(key)
                if ft is None:
                    hint = did_you_mean(key, names) if len(key) <= MAX_SHOWN else None
                    raise CaseError(f"{where}: unknown field {shorten(key)!r}; the fields are {', '.join(names)}"
                                    + (f" ({hint})" if hint else ""), f"{where}.{key}")
                if v is not None:
                    rec[key] = convert(v, ft, f"{where}.{key}")
            out.append(rec)
        return out
    raise CaseError(f"{field}: facts of type {typ.describe()} cannot be given in a case", field)


def read_facts(data, fact_types: dict[str, Type]) -> dict:
    """Validate a case against the facts of one regulation version."""
    if not isinstance(data, dict):
        raise CaseError(f"a case must be a JSON object of facts, got {_show(data)}")
    facts = {}
    for key, value in data.items():
        if key == "peildatum":
            continue
        typ = fact_types.get(key)
        if typ is None:
            hint = did_you_mean(key, list(fact_types) + ["peildatum"]) if len(key) <= MAX_SHOWN else None
            raise CaseError(f"unknown fact {shorten(key)!r}: it is not a fact of this regulation"
                            + (f" ({hint})" if hint else ""), key)
        if value is None:
            continue
        facts[key] = convert(value, typ, key)
    return facts
