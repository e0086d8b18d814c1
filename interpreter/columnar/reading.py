"""Input files as Arrow tables in chunks: Parquet (as is), CSV and JSON Lines (typed by the case schema).

A Parquet file with the natural Arrow types is read as it is. CSV cells are text: a
yes/no fact reads "true" and "false", a whole number its digits, everything else stays
text for the case reader (dates, amounts, choices). JSON Lines are parsed as the
per-case path parses them. A row whose values do not fit its column (a yes/no fact
given as "ja", an unparsable line) keeps its original case, which the per-case engine
evaluates or reports, with the same message as for the JSON case.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pyarrow as pa

from dsl.i18n import _

_INT = re.compile(r"-?[0-9]+")


@attrs.define
class Originals:
    """The cases of a chunk as read (row -> dict), the rows that do not fit the table, and
    the rows that could not be read at all (row -> message)."""

    cases: dict = attrs.field(factory=dict)
    irregular: set = attrs.field(factory=set)
    unreadable: dict = attrs.field(factory=dict)


def parquet_chunks(path, chunk_size):
    import pyarrow.parquet as pq

    from interpreter.columnar.batch import InputError
    try:
        f = pq.ParquetFile(path)
        # Texts and choices read as the dictionaries Parquet stores them in: no hashing per chunk
        texts = [field.name for field in f.schema_arrow if pa.types.is_string(field.type)]
        if texts:
            f = pq.ParquetFile(path, read_dictionary=texts)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(_("cannot read {path} as Parquet: {reason}").format(path=path, reason=exc)) from None
    for batch in f.iter_batches(batch_size=chunk_size):
        yield pa.Table.from_batches([batch]), None


def fact_types(regulation) -> dict:
    types = {}
    for v in regulation.versions:
        types.update(v.fact_types)
    return types


def _arrow_type(typ):
    k = typ.kind
    if k == "ja/nee":
        return pa.bool_()
    if k == "geheel getal":
        return pa.int64()
    if k == "lijst":
        return pa.list_(pa.struct([(n, _arrow_type(t)) for n, t in typ.fields]))
    return pa.string()  # dates, amounts, choices, texts: read by interpreter.case


_NO = object()
_NUMBERS = ("bedrag", "getal", "percentage")


def _fit(value, typ):
    """The value as its column holds it, or _NO when it does not fit (the per-case engine reads it)."""
    if value is None:
        return None
    k = typ.kind
    if k == "ja/nee":
        return value if isinstance(value, bool) else _NO
    if k == "geheel getal":
        return value if type(value) is int and abs(value) < 2 ** 63 else _NO
    if k in _NUMBERS:  # an amount as its decimal text: the case reader keeps its exponent
        return str(value) if isinstance(value, (int, Decimal, str)) and not isinstance(value, bool) else _NO
    if k == "lijst":
        if not isinstance(value, list):
            return _NO
        out = []
        for item in value:
            if not isinstance(item, dict):
                return _NO
            rec = {}
            for f, v in item.items():
                ft = typ.field(f)
                x = _NO if ft is None else _fit(v, ft)
                if x is _NO:
                    return _NO
                rec[f] = x
            out.append(rec)
        return out
    return value if isinstance(value, str) else _NO


def cases_to_table(cases: list, types: dict, originals: Originals) -> pa.Table:
    """Case dicts (None for an unreadable row) as a table typed by the facts; rows that do not
    fit are left null and marked irregular."""
    names = ["peildatum"] + list(types)
    columns = {n: [None] * len(cases) for n in names}
    for r, case in enumerate(cases):
        if case is None:
            continue
        if not isinstance(case, dict) or any(k not in columns for k in case):
            originals.irregular.add(r)
            continue
        fitted = {k: (_fit(v, types[k]) if k != "peildatum" else (v if v is None or isinstance(v, str) else _NO))
                  for k, v in case.items()}
        if any(v is _NO for v in fitted.values()):
            originals.irregular.add(r)
            continue
        for k, v in fitted.items():
            columns[k][r] = v
    arrays = [pa.array(columns["peildatum"], pa.string())]
    arrays += [pa.array(columns[n], _arrow_type(types[n])) for n in types]
    return pa.Table.from_arrays(arrays, names=names)


def jsonl_chunks(regulation, path, chunk_size):
    import click

    from dsl.i18n import msg
    from interpreter.case import CaseError, parse_json
    from interpreter.columnar.batch import InputError
    types = fact_types(regulation)
    try:
        src = click.open_file(path, "rb")
    except OSError as exc:
        raise InputError(_("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    with src:
        while True:
            raw = [line for _n, line in zip(range(chunk_size), src)]
            if not raw:
                return
            originals = Originals()
            cases = []
            for r, line in enumerate(raw):
                try:
                    text = line.decode("utf-8")
                    if not text.strip():
                        raise CaseError(msg("empty line: expected a JSON case"))
                    case = parse_json(text)
                except UnicodeDecodeError as exc:
                    originals.unreadable[r] = _("the line is not UTF-8 text ({reason})").format(reason=exc.reason)
                    case = None
                except CaseError as exc:
                    originals.unreadable[r] = str(exc)
                    case = None
                if case is not None:
                    originals.cases[r] = case
                cases.append(case)
            yield cases_to_table(cases, types, originals), originals


def csv_chunks(regulation, path, chunk_size):
    import pyarrow.csv as pcsv

    from interpreter.columnar.batch import InputError
    types = fact_types(regulation)
    try:
        reader = pcsv.open_csv(path, read_options=pcsv.ReadOptions(block_size=1 << 20),
                               convert_options=pcsv.ConvertOptions(
                                   column_types={}, strings_can_be_null=True, null_values=[""],
                                   auto_dict_encode=False))
        reader_schema = reader.schema
        reader = pcsv.open_csv(path, read_options=pcsv.ReadOptions(block_size=1 << 20),
                               convert_options=pcsv.ConvertOptions(
                                   column_types={f.name: pa.string() for f in reader_schema},
                                   strings_can_be_null=True, null_values=[""]))
    except (OSError, pa.ArrowException) as exc:
        raise InputError(_("cannot read {path} as CSV: {reason}").format(path=path, reason=exc)) from None
    pending = []
    for batch in reader:
        pending.append(batch)
        while sum(b.num_rows for b in pending) >= chunk_size:
            table = pa.Table.from_batches(pending)
            head, rest = table.slice(0, chunk_size), table.slice(chunk_size)
            pending = rest.to_batches()
            yield _csv_table(head, types)
    if pending and sum(b.num_rows for b in pending):
        yield _csv_table(pa.Table.from_batches(pending), types)


def _cell(text, typ):
    """A CSV cell as the JSON case would hold it: true/false and whole numbers; the rest text."""
    if text is None:
        return None
    if typ is not None and typ.kind == "ja/nee" and text in ("true", "false"):
        return text == "true"
    if typ is not None and typ.kind == "geheel getal" and _INT.fullmatch(text):
        return int(text)
    return text


def _csv_table(table: pa.Table, types: dict):
    rows = table.to_pylist()
    cases = [{k: _cell(v, types.get(k)) for k, v in row.items()} for row in rows]
    originals = Originals(cases=dict(enumerate(cases)))
    return cases_to_table(cases, types, originals), originals
