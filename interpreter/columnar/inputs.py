"""Arrow columns -> column values, by the fact types of a regulation version.

The natural Arrow types are read as they are: bool, string (or dictionary of strings) for
a choice or a text, date32 for a date, decimal128 (or an integer, or a decimal string)
for money, int64 for a whole number, list<struct> for a list of records, null for an
unknown fact. A value the per-case engine would reject or read differently (a float,
a timestamp, an option that does not exist, an amount that is not whole cents) marks
its row bad: that row is evaluated per case, which gives the same answer or the same
error as for the JSON case.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from interpreter.case import CaseError
from interpreter.case import convert as read_case_value
from interpreter.columnar.columns import Col
from interpreter.columnar.vectorise import EPOCH, LIMIT

def _empty(kind, n, known=None):
    known = np.zeros(n, dtype=bool) if known is None else known
    return Col(kind, np.zeros(n, dtype=bool if kind == "bool" else np.int64), known,
               np.zeros(n, dtype=np.uint64), np.zeros(n, dtype=np.int64) if kind == "dec" else None)


def _bits(buf, offset: int, n: int) -> np.ndarray:
    """An Arrow bitmap as a bool array (no compute kernel, no copy per value)."""
    raw = np.frombuffer(buf, dtype=np.uint8, count=(offset + n + 7) // 8)
    return np.unpackbits(raw, count=offset + n, bitorder="little")[offset:].view(bool)


def _ints(arr) -> np.ndarray:
    """An Arrow integer array as int64, 0 where null, read from its buffer (pyarrow's fill_null
    makes a scalar, which imports pandas: a second of start-up)."""
    t = arr.type
    dtype = np.dtype(f"{'int' if pa.types.is_signed_integer(t) else 'uint'}{t.bit_width}")
    vals = np.frombuffer(arr.buffers()[1], dtype=dtype)[arr.offset: arr.offset + len(arr)].astype(np.int64)
    return vals * valid_mask(arr) if arr.null_count else vals


def valid_mask(arr) -> np.ndarray:
    """Where an array holds a value, from its validity bitmap (is_valid().to_numpy imports pandas)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.null_count == 0:
        return np.ones(len(arr), dtype=bool)
    if pa.types.is_null(arr.type):
        return np.zeros(len(arr), dtype=bool)
    if pa.types.is_dictionary(arr.type):
        return valid_mask(arr.indices)
    buf = arr.buffers()[0]
    if buf is None or pa.types.is_union(arr.type):
        return np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return _bits(buf, arr.offset, len(arr))


_KIND = {"ja/nee": "bool", "geheel getal": "int", "getal": "dec", "bedrag": "dec", "percentage": "dec",
         "datum": "date", "tekst": "str", "keuze": "str", "lijst": "list"}


def convert(arr: pa.Array, typ, name: str, ev, bad: np.ndarray) -> Col:
    """One column as a fact of type typ; rows that cannot be read exactly are set in bad.

    Each distinct value goes through interpreter.case.convert, the one reader of case input:
    what it rejects (or reads as something else) the per-case engine evaluates, and reports.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n = len(arr)
    kind = _KIND.get(typ.kind)
    if pa.types.is_null(arr.type):
        return _empty(kind or "none", n)
    valid = valid_mask(arr)
    if kind is None:
        bad |= valid
        return _empty("none", n)
    if kind == "list":
        return _lists(arr, typ, name, ev, bad, valid)
    fast = _interval(arr, typ, name, kind, ev, valid)
    if fast is not None:
        return fast
    try:
        enc = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        bad |= valid
        return _empty(kind, n)
    idx = _ints(enc.indices)
    vals, exps, good = _read_values(ev, name, typ, kind, enc.dictionary.to_pylist())
    ok = good[idx]
    bad |= valid & ~ok
    return Col(kind, vals[idx].astype(bool) if kind == "bool" else vals[idx], valid & ok, np.zeros(n, dtype=np.uint64),
               exps[idx] if kind == "dec" else None)


def _interval(arr, typ, name, kind, ev, valid):
    """Booleans, dates and whole-cent amounts in their natural Arrow types, read without a Python
    object per value. The case reader accepts a number or a date by its range (bounds, no negative
    amount, at most 15 digits): when the smallest and the largest value of the column pass it, so do
    all between. Anything else is read value by value (None here)."""
    t, n = arr.type, len(arr)
    zeros = np.zeros(n, dtype=np.uint64)
    if kind == "bool" and pa.types.is_boolean(t):
        return Col("bool", _bits(arr.buffers()[1], arr.offset, n) & valid, valid, zeros)
    if kind == "date" and pa.types.is_date32(t):
        vals = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset: arr.offset + n].astype(np.int64)
    elif kind == "dec" and pa.types.is_decimal128(t) and 0 <= t.scale <= 2 and t.precision - t.scale <= 15:
        words = np.frombuffer(arr.buffers()[1], dtype=np.int64)[2 * arr.offset: 2 * (arr.offset + n)]
        vals = words[0::2] * 10 ** (2 - t.scale)  # the low word holds the value: at most 15 + 2 digits
    elif kind == "int" and pa.types.is_integer(t) and t.bit_width <= 64 and not pa.types.is_uint64(t):
        vals = _ints(arr)
    else:
        return None
    if not valid.any():
        return _empty(kind, n)
    present = vals[valid]
    for extreme in {int(present.min()), int(present.max())}:
        i = int(np.flatnonzero(valid & (vals == extreme))[0])
        _, _, good = _read_values(ev, name, typ, kind, [arr[i].as_py()])
        if not good[0]:
            return None
    exp = np.full(n, -t.scale, dtype=np.int64) if kind == "dec" else None
    return Col(kind, vals * valid, valid, zeros, exp)  # 0 where not given (Arrow leaves it undefined)


def _read_values(ev, name, typ, kind, values):
    """Per distinct value: its representation, its Decimal exponent, and whether it is exact."""
    cache = ev.read_cache
    if len(cache) > 1_000_000:
        cache.clear()
    out_v = np.zeros(len(values) or 1, dtype=np.int64)
    out_e = np.zeros(len(values) or 1, dtype=np.int64)
    good = np.zeros(len(values) or 1, dtype=bool)
    for i, v in enumerate(values):
        key = (name, type(v).__name__, str(v) if isinstance(v, Decimal) else v)
        found = cache.get(key)
        if found is None:
            found = cache[key] = _read_value(ev, v, typ, kind, name)
        if found is not False:
            out_v[i], out_e[i] = found
            good[i] = True
    return out_v, out_e, good


def _read_value(ev, v, typ, kind, name):
    try:
        x = read_case_value(v, typ, name)
    except CaseError:
        return False
    if kind == "bool":
        return (int(x), 0) if isinstance(x, bool) else False
    if kind == "str":
        return (ev.strings.code(x), 0) if isinstance(x, str) else False
    if kind == "date":
        return ((x - EPOCH).days, 0) if type(x) is dt.date else False
    if kind == "int":
        return (x, 0) if type(x) is int and abs(x) < LIMIT else False
    if isinstance(x, Decimal):
        return _cents(x) or False
    return False


def _cents(d: Decimal):
    c = d * 100
    if not d.is_finite() or c != c.to_integral_value() or abs(c) >= LIMIT:
        return None
    return int(c), d.as_tuple().exponent


def _lists(arr, typ, name, ev, bad, valid):
    n, t = len(arr), arr.type
    if not (pa.types.is_list(t) or pa.types.is_large_list(t)) or not pa.types.is_struct(t.value_type):
        bad |= valid
        return _empty("none", n)
    names = {f.name for f in t.value_type}
    if names - {field for field, _ in typ.fields}:
        bad |= valid  # an unknown field: the per-case engine names it
    lengths = _ints(pc.list_value_length(arr))
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    elems = pc.list_flatten(arr)
    index = np.repeat(np.arange(n), lengths)
    if elems.null_count:  # a null element is not an object: per case
        bad[index[~valid_mask(elems)]] = True
    ebad = np.zeros(len(elems), dtype=bool)
    fields = {}
    for field, ftyp in typ.fields:
        if field in names:
            fields[field] = convert(pc.struct_field(elems, field), ftyp, f"{name}[].{field}", ev, ebad)
    if ebad.any():
        bad[index[ebad]] = True
    return Col("list", (offsets, fields), valid, np.zeros(n, dtype=np.uint64))


def read_dates(arr, bad, ev) -> Col:
    """The peildatum column of a table, as dates (read as the per-case engine reads it)."""
    from dsl.types import DATE
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return convert(arr, DATE, "peildatum", ev, bad)
