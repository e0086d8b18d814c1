"""evaluate_table: a table of cases -> a table of decisions, columnar where exact, per case elsewhere.

The version in force is picked per row (by `date` or the row's peildatum). Each
version's rows are evaluated at once (vectorise, decide, settle); rows marked bad,
and every row of a version whose rules use a construct the columnar engine does not
represent, are evaluated by the per-case engine (Regulation.evaluate on the row as a
dict). The result says how many rows fell back (fallback_count).
"""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pyarrow as pa

from interpreter.case import parse_date
from interpreter.impossible import BIRTH
from interpreter.columnar.columns import Bits, Strings, Unsupported
from interpreter.columnar.decide import decide
from interpreter.columnar.inputs import convert, read_dates, valid_mask
from interpreter.columnar.memory import keep_freed_memory
from interpreter.columnar.outcomes import Outcomes
from interpreter.columnar.settle import SETTLED, settle
from interpreter.columnar.vectorise import EPOCH, Frame

__all__ = ["Unsupported", "evaluate_table", "evaluate_outcomes", "fallback_count", "as_arrow", "result_of_row"]


def impossible(facts: dict, date) -> np.ndarray:
    """Rows interpreter.impossible.check_possible refuses: a date of birth after the peildatum."""
    out = np.zeros(len(date.known), dtype=bool)
    for name, c in facts.items():
        if name == BIRTH and c.kind == "date":
            out |= c.known & (c.val > date.val)
        elif c.kind == "list":
            offsets, fields = c.val
            b = fields.get(BIRTH)
            if b is not None and b.kind == "date" and len(b.val):
                index = np.repeat(np.arange(len(out)), np.diff(offsets))
                late = b.known & (b.val > date.val[index])
                out[index[late]] = True
    return out


class Evaluator:
    """The columnar form of one regulation version: missing names as bits, strings as codes."""

    def __init__(self, version):
        self.version = version
        self.bits = Bits(f.name for f in version.program.model.facts)
        self.strings = Strings()
        self._slots: dict = {}
        self._cits: dict = {}
        self._missing: dict = {}
        self._notes: dict = {}
        self.read_cache: dict = {}  # (fact, type, value) -> its representation (see inputs.py)
        self.references: dict = {}  # decision -> the decisions and begrippen it reads (settle.py)

    def decide(self, node, frame):
        return decide(self, node, frame)

    def constant_table(self, node, make):
        """The lookup table of a decision whose rules give constants (decide.py), made once."""
        key = ("table", node.name)
        if key not in self._slots:
            self._slots[key] = make()
        return self._slots[key]

    def slots(self, node) -> list:
        """Per rule (the default last), its bit: the rules in the order of the regulation."""
        found = self._slots.get(node.name)
        if found is None:
            orders = [r.order for r in node.rules]
            if orders != sorted(orders):
                raise Unsupported(f"rules of {node.name} out of order")
            nodes = list(node.rules) + ([node.default] if node.default is not None else [])
            rank = {id(r): k for k, r in enumerate(sorted(nodes, key=lambda r: r.order))}
            found = [np.int64(1) << np.int64(rank[id(r)]) for r in nodes]
            if node.default is None:
                found.append(np.int64(0))
            self._slots[node.name] = found
        return found

    def missing(self, word: int) -> tuple:
        """The facts a bit set of missing names stands for, as the result says them (made once)."""
        found = self._missing.get(word)
        if found is None:
            found = self._missing[word] = tuple(self.version.program.missing_facts(self.bits.decode(word)))
        return found

    def settled_note(self, word: int) -> str:
        """The note of a decision settled over the facts of a bit set (Version._settle, outcome_note)."""
        found = self._notes.get(word)
        if found is None:
            names = self.version.program.sort_missing(self.bits.decode(word))
            found = self._notes[word] = "beslist voor elke mogelijke waarde van: " + ", ".join(names)
        return found

    def citations(self, node, word: int) -> tuple:
        """The citations of a bit set, deduplicated; settled ones in the order of the provisions."""
        key = (node.name, word)
        found = self._cits.get(key)
        if found is None:
            nodes = sorted(list(node.rules) + ([node.default] if node.default is not None else []),
                           key=lambda r: r.order)
            out = []
            for k, r in enumerate(nodes):
                if word >> k & 1 and r.citation not in out:
                    out.append(r.citation)
            if word & int(SETTLED):
                order = self.version.provision_order
                out.sort(key=lambda c: order.get(c, len(order)))
            found = self._cits[key] = tuple(out)
        return found


def _evaluators(version) -> Evaluator:
    """One Evaluator per compiled version, kept as long as the process (the Evaluator holds its
    version, as the weak mapping this replaced did in effect).

    Found by identity, not by equality: hashing a frozen Version hashes its whole program, a
    twentieth of the time of a chunk. The version is kept in the entry, so its id is not reused."""
    found = _CACHE.get(id(version))
    if found is not None and found[0] is version:
        return found[1]
    keep_freed_memory()  # the engine is used: see memory.py
    with _LOCK:
        found = _CACHE.get(id(version))
        if found is None or found[0] is not version:
            found = _CACHE[id(version)] = (version, Evaluator(version))
    return found[1]


_CACHE: "dict[int, tuple[object, Evaluator]]" = {}
_LOCK = threading.Lock()


def _read_date(date):
    if date is None or type(date) is dt.date:
        return date
    return parse_date(date, "date")


def _columnar(ev, table: pa.Table, date_col, outcomes: Outcomes, rows: np.ndarray) -> np.ndarray:
    """Evaluate rows of the table with one version; returns the rows that must go per case.

    A construct not vectorised (Unsupported), or any defect of this engine, sends the rows to
    the per-case engine: it costs speed, never an answer."""
    try:
        return _vectorised(ev, table, date_col, outcomes, rows)
    except Exception as exc:  # noqa: BLE001 - Unsupported, or a defect: the per-case engine answers
        if _STRICT and not isinstance(exc, Unsupported):
            raise
        return rows


_STRICT = False  # tests set it to see a defect of the columnar engine instead of its fallback


def _vectorised(ev, table: pa.Table, date_col, outcomes: Outcomes, rows: np.ndarray) -> np.ndarray:
    version = ev.version
    n = len(rows)
    bad = np.zeros(n, dtype=bool)
    sub = table.take(pa.array(rows)) if n != table.num_rows else table
    facts = {}
    for name in sub.column_names:
        if name == "peildatum":
            continue
        typ = version.fact_types.get(name)
        if typ is None:  # not a fact of this version: an error where given, as the per-case engine says
            col = sub.column(name)
            bad |= valid_mask(col) if col.null_count < len(col) else False
            continue
        c = facts[name] = convert(sub.column(name), typ, name, ev, bad)
        c.miss = ~c.known * ev.bits.bit(name)
    from interpreter.columnar.columns import take
    date = take(date_col, rows)
    bad |= impossible(facts, date)
    frame = Frame(ev, n, facts, date)
    try:
        outs = {node.name: decide(ev, node, frame) for node in version.program.decisions}
        settle(ev, frame, outs)
    except Unsupported:
        return rows
    bad |= frame.bad
    outcomes.fill_columnar(ev, rows[~bad], outs, ~bad, frame.date.val[~bad])
    return rows[bad]


def evaluate_outcomes(regulation, table: pa.Table, date=None, version=None, per_case=False) -> Outcomes:
    """The decisions of every row, as Outcomes (codes per row; see outcomes.py)."""
    date = _read_date(date)
    n = table.num_rows
    regulation_versions = (version,) if version is not None else regulation.versions
    bad = np.zeros(n, dtype=bool)
    if date is not None:
        days = np.full(n, (date - EPOCH).days, dtype=np.int64)
        from interpreter.columnar.columns import Col
        date_col = Col("date", days, np.ones(n, dtype=bool), np.zeros(n, dtype=np.uint64))
        if "peildatum" in table.column_names:
            read_dates(table.column("peildatum"), bad, _evaluators(regulation_versions[0]))
    elif "peildatum" in table.column_names:
        date_col = read_dates(table.column("peildatum"), bad, _evaluators(regulation_versions[0]))
    else:
        from interpreter.columnar.columns import Col
        date_col = Col("date", np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool), np.zeros(n, dtype=np.uint64))
    bad |= ~date_col.known
    versions = regulation_versions
    outcomes = Outcomes(versions, n)
    taken = bad.copy()
    left = [np.flatnonzero(bad)]  # rows for the per-case engine
    if per_case or (hasattr(regulation, "regulations") and version is None):
        taken[:] = False  # several subjects, chosen per case by its facts: per case (interpreter.subjects)
        versions = ()
    for k, v in enumerate(versions):
        if version is not None:
            mask = ~taken
        else:
            start = (v.info.valid_from - EPOCH).days
            mask = ~taken & (date_col.val >= start)
            if v.info.valid_until is not None:
                mask &= date_col.val < (v.info.valid_until - EPOCH).days
        taken |= mask
        rows = np.flatnonzero(mask)
        if len(rows):
            outcomes.version[rows] = k
            left.append(_columnar(_evaluators(v), table, date_col, outcomes, rows))
    left.append(np.flatnonzero(~taken))
    rows = np.unique(np.concatenate(left))
    if len(rows):
        outcomes.fill_per_case(regulation, version, table, rows, date)
    return outcomes


def evaluate_chunk(regulation, table: pa.Table, date=None, originals=None, per_case=False) -> Outcomes:
    """A chunk of a batch: as evaluate_outcomes, and the rows that did not fit the table, or
    failed, evaluated from their original case (the one source of every error message)."""
    outcomes = evaluate_outcomes(regulation, table, date, per_case=per_case)
    if originals is not None:
        rows = sorted((set(originals.irregular) | set(outcomes.errors)) & set(originals.cases))
        if rows:
            outcomes.fill_per_case(regulation, None, table, np.array(rows, dtype=np.int64), date,
                                   cases=[originals.cases[r] for r in rows])
        for r, message in originals.unreadable.items():
            outcomes.results.pop(r, None)
            outcomes.errors[r] = message
            outcomes._clear(r)
    return outcomes


CHUNK_ROWS = 131_072
"""Rows the engine evaluates at once in evaluate_table. A chunk has a fixed cost (the walk over
the tree in Python, about 15 ms for Schinnen), so small chunks are slow; memory grows with the
chunk. Measured in docs/performance.md ("Population scale")."""


def evaluate_table(regulation, table, date=None, version=None, chunk_size: int = CHUNK_ROWS) -> pa.Table:
    """Evaluate every row of a table (pyarrow Table/RecordBatch, pandas or polars frame), in chunks
    of chunk_size rows, so that the engine's memory is bounded by the chunk, not by the table."""
    table = as_arrow(table)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    if table.num_rows <= chunk_size:
        return evaluate_outcomes(regulation, table, date, version).to_arrow()
    parts = [evaluate_outcomes(regulation, table.slice(off, chunk_size), date, version).to_arrow()
             for off in range(0, table.num_rows, chunk_size)]
    meta = {key: str(sum(int(p.schema.metadata[key.encode()]) for p in parts))
            for key in ("grondslag.fallback_rows", "grondslag.error_rows")}
    return pa.concat_tables([p.replace_schema_metadata() for p in parts]).replace_schema_metadata(meta)


def result_of_row(regulation, table, row: int, date=None):
    """The per-case Result of one row (with its derivation, decisions and explanation): derivations
    are per case and made only for the rows that ask for them."""
    case = as_arrow(table).slice(row, 1).to_pylist()[0]
    return regulation.evaluate(case, date)


def as_arrow(table) -> pa.Table:
    if isinstance(table, pa.Table):
        return table
    if isinstance(table, pa.RecordBatch):
        return pa.Table.from_batches([table])
    mod = type(table).__module__
    if mod.startswith("pandas"):
        return pa.Table.from_pandas(table, preserve_index=False)
    if mod.startswith("polars"):
        return table.to_arrow()
    raise TypeError(f"evaluate_table takes a pyarrow Table or RecordBatch, or a pandas or polars frame, "
                    f"not {type(table).__name__}")


def fallback_count(result: pa.Table) -> int:
    """How many rows of an evaluate_table result the per-case engine evaluated."""
    meta = result.schema.metadata or {}
    return int(meta.get(b"grondslag.fallback_rows", b"0"))

