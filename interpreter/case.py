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
from dsl.types import Type

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


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
                raise CaseError(f"{key!r} is given twice in one object", key)
            out[key] = value
        return out
    if text.startswith("\ufeff"):  # a byte order mark, as some Windows editors write it
        text = text[1:]
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=no_constant, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise CaseError(f"the case is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")


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
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def convert(value, typ: Type, field: str):
    """One fact value, checked against its declared type."""
    k = typ.kind
    if k == "ja/nee":
        if isinstance(value, bool):
            return value
        raise CaseError(f"{field}: expected true or false, got {_show(value)}", field)
    if k in ("geheel getal",):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        raise CaseError(f"{field}: expected a whole number, got {_show(value)}", field)
    if k in ("getal", "bedrag"):
        what = "an amount in euro" if k == "bedrag" else "a number"
        if isinstance(value, float):
            raise CaseError(f"{field}: {value!r} is a binary float, which cannot hold {what} exactly; "
                            f"pass a Decimal or a string such as \"2500.01\"", field)
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, Decimal) and value.is_finite():
            return value
        if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            try:
                return Decimal(value.strip())
            except InvalidOperation:  # pragma: no cover - the pattern rules this out
                pass
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
                    hint = did_you_mean(key, names)
                    raise CaseError(f"{where}: unknown field {key!r}; the fields are {', '.join(names)}"
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
            hint = did_you_mean(key, list(fact_types) + ["peildatum"])
            raise CaseError(f"unknown fact {key!r}: it is not a fact of this regulation"
                            + (f" ({hint})" if hint else ""), key)
        if value is None:
            continue
        facts[key] = convert(value, typ, key)
    return facts
