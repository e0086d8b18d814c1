"""The decisions of a table of cases, one column per decision, whichever engine computed a row.

Per decision and row: the value (an array and a validity mask), and codes into small
tables of distinct citation tuples, 'missing' tuples and notes; so writing 1M rows
costs a `take` per column. The citation objects are those of the per-case engine
(dsl.citation.Citation; its to_dict is the one source of the citation JSON).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa

from interpreter.case import CaseError
from interpreter.result import dumps, json_value, outcome_note
from interpreter.columnar.vectorise import EPOCH

_KINDS = {"ja/nee": "bool", "keuze": "str", "tekst": "str", "datum": "date", "geheel getal": "int"}


class Interned:
    """Distinct values with a code each (code 0 is reserved for 'none')."""

    def __init__(self, first=None):
        self.values = [first]
        self.codes = {first: 0}

    def code(self, value) -> int:
        c = self.codes.get(value)
        if c is None:
            c = self.codes[value] = len(self.values)
            self.values.append(value)
        return c


class DecisionColumn:
    def __init__(self, name, kind, n):
        self.name, self.kind = name, kind
        self.known = np.zeros(n, dtype=bool)
        self.val = np.zeros(n, dtype=bool if kind == "bool" else np.int64) if kind != "obj" else \
            np.full(n, None, dtype=object)
        self.cit = np.full(n, -1, dtype=np.int64)  # -1: the row's version has no such decision, or an error
        self.miss = np.zeros(n, dtype=np.int64)
        self.note = np.zeros(n, dtype=np.int64)
        self.cits = Interned(())
        self.missing = Interned(())
        self.notes = Interned(None)
        self.strings = Interned(None) if kind == "str" else None


class Outcomes:
    """What every row of a table came to; rows evaluated per case keep their Result."""

    def __init__(self, versions, n):
        self.versions, self.n = versions, n
        self.version = np.full(n, -1, dtype=np.int64)
        self.days = np.zeros(n, dtype=np.int64)
        self.errors: dict[int, str] = {}
        self.results: dict = {}  # row -> per-case Result
        self.columns: dict[str, DecisionColumn] = {}
        for v in versions:
            for d in v.program.model.decisions:
                kind = _KINDS.get(d.type.kind, "obj")
                have = self.columns.get(d.name)
                if have is None:
                    self.columns[d.name] = DecisionColumn(d.name, kind, n)
                elif have.kind != kind:
                    self.columns[d.name] = DecisionColumn(d.name, "obj", n)

    # ---------------------------------------------------------------- filling

    def fill_columnar(self, ev, rows, outs, keep, days):
        program = ev.version.program
        self.days[rows] = days
        for node in program.decisions:
            col, out = self.columns[node.name], outs[node.name]
            v = out.value
            known = v.known[keep]
            col.known[rows] = known
            if col.kind == "str" and v.kind == "str":
                lut = np.array([col.strings.code(s) for s in ev.strings.values] or [0], dtype=np.int64)
                col.val[rows] = lut[v.val[keep]]
            elif col.kind in ("bool", "int", "date") and v.kind == col.kind:
                col.val[rows] = v.val[keep]
            elif v.kind != "none":
                col.val[rows] = _objects(v, keep, ev)
            col.cit[rows] = _codes(out.cits[keep], lambda w: col.cits.code(ev.citations(node, w)))
            mwords = v.miss[keep]
            open_ = np.flatnonzero(mwords)
            col.miss[rows] = 0
            if len(open_):
                col.miss[rows[open_]] = _codes(
                    mwords[open_], lambda w: col.missing.code(tuple(program.missing_facts(ev.bits.decode(w)))))
            if out.settled:
                where = np.full(len(keep), -1, dtype=np.int64)
                where[np.flatnonzero(keep)] = np.arange(int(keep.sum()))
                for r, names in out.settled.items():
                    if where[r] >= 0:
                        col.note[rows[where[r]]] = col.notes.code(
                            "beslist voor elke mogelijke waarde van: " + ", ".join(names))

    def fill_per_case(self, regulation, version, table, rows, date, cases=None):
        """Evaluate rows per case: the table's rows as dicts, or the original `cases` given."""
        if cases is None:
            cases = table.take(pa.array(rows, pa.int64())).to_pylist()
        for r, case in zip(list(map(int, rows)), cases):
            self.errors.pop(r, None)
            self.results.pop(r, None)
            try:
                if version is None:
                    result = regulation.evaluate(case, date)
                else:
                    from interpreter.case import case_date, read_facts
                    from interpreter.impossible import check_possible
                    when = case_date(case, date)
                    facts = read_facts(case, version.fact_types)
                    check_possible(facts, when)
                    result = version.evaluate_facts(facts, when)
            except CaseError as exc:
                self.errors[r] = str(exc)
                self._clear(r)
                continue
            except Exception as exc:  # noqa: BLE001 - a defect must not cost the other rows
                self.errors[r] = f"internal error ({type(exc).__name__}: {exc}); please report it with this case"
                self._clear(r)
                continue
            self.results[r] = result
            k = next(i for i, v in enumerate(self.versions) if v.info is result.regulation)
            self.version[r] = k
            self.days[r] = (result.date - EPOCH).days
            program = self.versions[k].program
            for name, out in result._outcomes:
                col = self.columns[name]
                value = out.value
                if value is not None:
                    col.known[r] = True
                    if col.kind == "str":
                        col.val[r] = col.strings.code(value)
                    elif col.kind == "date":
                        col.val[r] = (value - EPOCH).days
                    else:
                        col.val[r] = value
                col.cit[r] = col.cits.code(tuple(out.citations))
                col.miss[r] = col.missing.code(tuple(program.missing_facts(out.missing_set))
                                               if value is None and out.missing_set else ())
                col.note[r] = col.notes.code(outcome_note(out) if (out.conflict or out.error or out.settled_over)
                                             else None)

    @property
    def fallback(self) -> int:
        """Rows the per-case engine evaluated (or reported as errors)."""
        return len(self.results) + len(self.errors)

    def _clear(self, r):
        self.version[r] = -1
        for col in self.columns.values():
            col.known[r] = False
            col.cit[r] = -1

    # ---------------------------------------------------------------- reading

    def decision(self, name, r) -> dict | None:
        """One row's decision as the result JSON has it (without derivation)."""
        col = self.columns[name]
        if col.cit[r] < 0:
            return None
        value = self.value(col, r)
        d = {"value": json_value(value), "citations": [c.to_dict() for c in col.cits.values[col.cit[r]]],
             "missing": list(col.missing.values[col.miss[r]])}
        note = col.notes.values[col.note[r]]
        if note is not None:
            d["note"] = note
        return d

    @staticmethod
    def value(col, r):
        if not col.known[r]:
            return None
        v = col.val[r]
        if col.kind == "bool":
            return bool(v)
        if col.kind == "str":
            return col.strings.values[v]
        if col.kind == "date":
            return EPOCH + dt.timedelta(days=int(v))
        if col.kind == "int":
            return int(v)
        return v

    def to_arrow(self) -> pa.Table:
        n = self.n
        arrays, names = [], []
        ok = self.version >= 0
        for name, col in self.columns.items():
            valid = col.known & (col.cit >= 0)
            if col.kind == "bool":
                values = pa.array(col.val, mask=~valid)
            elif col.kind == "str":
                codes = np.where(valid, col.val, 0)
                values = _dictionary(pa.array(codes.astype(np.int32), mask=~valid), col.strings.values)
            elif col.kind == "date":
                values = pa.array(col.val.astype("datetime64[D]"), mask=~valid)
            elif col.kind == "int":
                values = pa.array(col.val, mask=~valid)
            else:  # exact numbers and other values as the JSON writes them: a schema that never varies
                values = pa.array([_text(col.val[r]) if valid[r] else None for r in range(n)], pa.string())
            has = col.cit >= 0
            idx = pa.array(np.where(has, col.cit, 0).astype(np.int32), mask=~has)
            arrays += [values, _dictionary(idx, [dumps([c.to_dict() for c in t], indent=None) for t in col.cits.values]),
                       _dictionary(pa.array(col.miss.astype(np.int32), mask=~has),
                                   [", ".join(t) for t in col.missing.values]),
                       _dictionary(pa.array(col.note.astype(np.int32), mask=~has | (col.note == 0)), col.notes.values)]
            names += [name, f"{name}.citations", f"{name}.missing", f"{name}.note"]
        arrays.append(pa.array(self.days.astype("datetime64[D]"), mask=~ok))
        names.append("_date")
        errors = [None] * n
        for r, msg in self.errors.items():
            errors[r] = msg
        arrays.append(pa.array(errors, pa.string()))
        names.append("_error")
        meta = {"grondslag.fallback_rows": str(self.fallback), "grondslag.error_rows": str(len(self.errors))}
        return pa.Table.from_arrays(arrays, names=names, metadata=meta)

    # ------------------------------------------------------------ JSON Lines

    def json_lines(self, first_line: int = 1, derivation: bool = False):
        """One result line per row, the same bytes as the per-case batch writes."""
        heads = []
        for v in self.versions:
            info = v.info
            reg = {"id": info.id, "title": info.title, "valid_from": info.valid_from.isoformat(),
                   "valid_until": info.valid_until.isoformat() if info.valid_until else None,
                   "source": info.source}
            heads.append(('{"regulation": ' + dumps(reg, indent=None) + ', "date": ',
                          [d.name for d in v.program.decisions],
                          ', "provenance": ' + dumps(v.provenance.to_dict(), indent=None) + "}"))
        frags: dict = {}
        for r in range(self.n):
            if r in self.errors:
                yield False, dumps({"line": first_line + r, "error": self.errors[r]}, indent=None)
                continue
            if r in self.results:
                yield True, self.results[r].to_json(derivation=derivation, indent=None)
                continue
            head, names, tail = heads[self.version[r]]
            parts = []
            for name in names:
                col = self.columns[name]
                key = (name, bool(col.known[r]), _hashable(col.val[r]), int(col.cit[r]), int(col.miss[r]), int(col.note[r]))
                frag = frags.get(key)
                if frag is None:
                    frag = frags[key] = dumps(name, indent=None) + ": " + dumps(self.decision(name, r), indent=None)
                parts.append(frag)
            day = (EPOCH + dt.timedelta(days=int(self.days[r]))).isoformat()
            yield True, f'{head}"{day}", "decisions": {{{", ".join(parts)}}}{tail}'


def _hashable(v):
    """A key that tells apart what the JSON writes apart: Decimal('1') and Decimal('1.00') too."""
    return v.item() if isinstance(v, np.generic) else (type(v).__name__, repr(v))


def _objects(v, keep, ev):
    """Values the columns keep as Python objects (exact Decimals) for the rows kept."""
    out = np.full(int(keep.sum()), None, dtype=object)
    known = v.known[keep]
    if v.kind == "dec":
        cents, exps = v.val[keep], v.exp[keep]
        cache = {}
        for i in np.flatnonzero(known):
            key = (int(cents[i]), int(exps[i]))
            d = cache.get(key)
            if d is None:
                d = cache[key] = (Decimal(key[0]).scaleb(-2)).quantize(Decimal(1).scaleb(key[1]))
            out[i] = d
    elif v.kind == "int":
        out[known] = [int(x) for x in v.val[keep][known]]
    elif v.kind == "bool":
        out[known] = [bool(x) for x in v.val[keep][known]]
    elif v.kind == "str":
        out[known] = [ev.strings.values[x] for x in v.val[keep][known]]
    elif v.kind == "date":
        out[known] = [EPOCH + dt.timedelta(days=int(x)) for x in v.val[keep][known]]
    return out


def _codes(words, code) -> np.ndarray:
    """code(w) for each distinct word, spread over the rows: O(n) when the words are small."""
    words = words.astype(np.int64) if words.dtype != np.int64 else words
    small = (words >= 0) & (words < 1 << 16)
    flag = words < 0  # never: the SETTLED flag is bit 62
    if small.all() and not flag.any():
        present = np.flatnonzero(np.bincount(words, minlength=1))
        lut = np.zeros(int(present[-1]) + 1 if len(present) else 1, dtype=np.int64)
        for w in present.tolist():
            lut[w] = code(w)
        return lut[words]
    uniq, inv = np.unique(words, return_inverse=True)
    return np.array([code(int(w)) for w in uniq], dtype=np.int64)[inv]


def _dictionary(indices, texts) -> pa.DictionaryArray:
    """Few distinct texts over many rows: dictionary-encoded, built without a copy per row."""
    return pa.DictionaryArray.from_arrays(indices, pa.array(["" if t is None else t for t in texts], pa.string()))


def _text(v) -> str:
    return str(v) if isinstance(v, Decimal) else dumps(json_value(v), indent=None)
