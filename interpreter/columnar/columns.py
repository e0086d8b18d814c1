"""Column values: a value array, a validity mask, and the facts each unknown row is missing.

One `Col` is what a node of the evaluation tree yields for a whole batch of cases:

- kind "bool": val is a bool array;
- kind "int": val is int64 (a whole number: geheel getal, an age, a count, a year);
- kind "dec": val is int64 cents and exp the Decimal exponent of the per-case value
  (Decimal("2500.1") is 250010 cents, exp -1), so the exact Decimal can be rebuilt;
- kind "date": val is int64 days since 1970-01-01;
- kind "str": val is int64 codes into the evaluator's string table;
- kind "list": val is (offsets, {field: Col over all elements});
- kind "rec": val is {field: Col} (the element a quantifier looks at);
- kind "none": nothing is known (a table row 'nog niet vastgesteld').

`known` is the validity mask; `miss` holds, for unknown rows, the facts it is missing
as a bit set (one bit per name, see Bits); it is 0 where the value is known.
"""

from __future__ import annotations

import threading

import numpy as np


class Unsupported(Exception):
    """A construct the columnar engine does not represent exactly: the per-case engine is used."""


class Col:
    __slots__ = ("kind", "val", "known", "miss", "exp")

    def __init__(self, kind, val, known, miss, exp=None):
        self.kind, self.val, self.known, self.miss, self.exp = kind, val, known, miss, exp

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"Col({self.kind}, {self.val!r}, known={self.known!r})"


ZERO64 = np.uint64(0)
_LOCK = threading.RLock()


class Bits:
    """One bit per missing name (a fact, a field as 'kinderen[].geboortedatum', a table)."""

    def __init__(self, names=()):
        self.index: dict[str, int] = {}
        self.names: list[str] = []
        for n in names:
            self.bit(n)

    def bit(self, name: str) -> np.uint64:
        i = self.index.get(name)
        if i is None:
            with _LOCK:
                return self._add(name)
        return np.uint64(1) << np.uint64(i)

    def _add(self, name: str) -> np.uint64:
        i = self.index.get(name)
        if i is None:
            if len(self.names) >= 64:
                raise Unsupported("more than 64 distinct missing names")
            i = self.index[name] = len(self.names)
            self.names.append(name)
        return np.uint64(1) << np.uint64(i)

    def decode(self, word) -> frozenset:
        w = int(word)
        return frozenset(n for i, n in enumerate(self.names) if w >> i & 1)


class Strings:
    """Interned strings: a choice or text is compared as an int64 code."""

    def __init__(self):
        self.codes: dict[str, int] = {}
        self.values: list[str] = []

    def code(self, s: str) -> int:
        c = self.codes.get(s)
        if c is None:
            with _LOCK:  # Dask runs partitions in threads that share one evaluator
                c = self.codes.get(s)
                if c is None:
                    self.values.append(s)
                    c = self.codes[s] = len(self.values) - 1
        return c


def const(kind, value, n, exp=None) -> Col:
    val = np.full(n, value, dtype=bool if kind == "bool" else np.int64)
    e = None if exp is None else np.full(n, exp, dtype=np.int64)
    return Col(kind, val, np.ones(n, dtype=bool), np.zeros(n, dtype=np.uint64), e)


def unknown(n, bits: np.uint64) -> Col:
    return Col("none", None, np.zeros(n, dtype=bool), np.full(n, bits, dtype=np.uint64))


def take(c: Col, idx) -> Col:
    """The rows idx of a column (to broadcast a case's value to its list elements, or subset)."""
    if c.kind == "list":
        offsets, fields = c.val
        starts, ends = offsets[:-1][idx], offsets[1:][idx]
        lengths = ends - starts
        new_off = np.zeros(len(idx) + 1, dtype=np.int64)
        np.cumsum(lengths, out=new_off[1:])
        elem = (np.repeat(starts - new_off[:-1], lengths) + np.arange(new_off[-1], dtype=np.int64)) \
            if new_off[-1] else np.zeros(0, dtype=np.int64)
        return Col("list", (new_off, {k: take(v, elem) for k, v in fields.items()}), c.known[idx], c.miss[idx])
    if c.kind == "rec":
        return Col("rec", {k: take(v, idx) for k, v in c.val.items()}, c.known[idx], c.miss[idx])
    return Col(c.kind, None if c.val is None else c.val[idx], c.known[idx], c.miss[idx],
               None if c.exp is None else c.exp[idx])


def as_dec(c: Col) -> Col:
    """An int column as cents (Decimal(int) has exponent 0)."""
    if c.kind == "dec" or c.kind == "none":
        return c
    if c.kind != "int":
        raise Unsupported(f"{c.kind} used as a number")
    return Col("dec", c.val * 100, c.known, c.miss, np.zeros(len(c.known), dtype=np.int64))


def common(a: Col, b: Col) -> tuple[Col, Col]:
    """Two columns in one comparable representation (int and dec meet as cents)."""
    if a.kind == b.kind or a.kind == "none" or b.kind == "none":
        return a, b
    if {a.kind, b.kind} == {"int", "dec"}:
        return as_dec(a), as_dec(b)
    raise Unsupported(f"{a.kind} compared with {b.kind}")


def equal(a: Col, b: Col):
    """Where both are known and equal (numbers by value, as the per-case engine's _key)."""
    a, b = common(a, b)
    if a.kind == "none" or b.kind == "none":
        return np.zeros(len(a.known), dtype=bool)
    return (a.val == b.val) & a.known & b.known


def union_missing(cols) -> np.ndarray:
    """The facts any of the columns misses (miss is 0 where a column is known)."""
    out = None
    for c in cols:
        out = c.miss if out is None else out | c.miss
    return out


# ----------------------------------------------------------------- dates

def ymd(days):
    """Year, month and day of int64 days since the epoch (the proleptic Gregorian calendar, as
    datetime.date), in integer arithmetic: H. Hinnant's civil_from_days."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


_CAL_FROM, _CAL_TO = -62091, 84006  # 1800-01-01 .. 2200-01-01 in days since the epoch
_CAL: list = []


def calendar(days):
    """(year, 100 * month + day) of int64 days, as int64: looked up in a table of the years
    1800-2199 (made once; twenty times faster than ymd's divisions), ymd outside them."""
    if not len(days):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lo, hi = int(days.min()), int(days.max())
    if lo < _CAL_FROM or hi >= _CAL_TO:
        y, m, d = ymd(days)
        return y, m * 100 + d
    if not _CAL:
        with _LOCK:
            if not _CAL:
                y, m, d = ymd(np.arange(_CAL_FROM, _CAL_TO, dtype=np.int64))
                _CAL.append((y.astype(np.int16), (m * 100 + d).astype(np.int16)))
    years, md = _CAL[0]
    i = days - _CAL_FROM
    return np.take(years, i).astype(np.int64), np.take(md, i).astype(np.int64)


def age_years(born, on, parts=None):
    """values.age over arrays: whole years, a year older on the day (29 Feb: on 1 March).
    parts: calendar, or a cached one (vectorise.Frame.calendar: a peildatum is split once)."""
    parts = parts or calendar
    by, bmd = parts(born)
    oy, omd = parts(on)
    return oy - by - (omd < bmd)


def age_months(born, on, parts=None):
    """tree.months_of_age over arrays."""
    parts = parts or calendar
    by, bmd = parts(born)
    oy, omd = parts(on)
    return (oy - by) * 12 + (omd // 100 - bmd // 100) - (omd % 100 < bmd % 100)
