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

from dsl.i18n import _
from interpreter.case import CaseError
from interpreter.result import dumps, json_value, outcome_note
from interpreter.columnar.settle import SETTLED
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
        # int32 codes: what the Arrow dictionary columns take as they are
        self.cit = np.full(n, -1, dtype=np.int32)  # -1: the row's version has no such decision, or an error
        self.miss = np.zeros(n, dtype=np.int32)
        self.note = np.zeros(n, dtype=np.int32)
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
        everything = bool(keep.all())
        if everything and len(rows) and int(rows[-1]) - int(rows[0]) == len(rows) - 1:
            rows = slice(int(rows[0]), int(rows[-1]) + 1)  # the common case: a view, no scatter

        def kept(a):
            return a if everything else a[keep]
        self.days[rows] = days
        for node in program.decisions:
            col, out = self.columns[node.name], outs[node.name]
            v = out.value
            col.known[rows] = kept(v.known)
            if col.kind == "str" and v.kind == "str":
                lut = np.array([col.strings.code(s) for s in ev.strings.values] or [0], dtype=np.int64)
                col.val[rows] = lut[kept(v.val)]
            elif col.kind in ("bool", "int", "date") and v.kind == col.kind:
                col.val[rows] = kept(v.val)
            elif v.kind != "none":
                col.val[rows] = _objects(v, keep, ev)
            words = kept(out.cits)
            if out.settled is None:
                col.cit[rows] = _codes(words, lambda w: col.cits.code(ev.citations(node, w)))
            else:  # the flag of settled citations (bit 62) moved next to the rules' bits: small words
                low = words & ~SETTLED
                shift = max(int(low.max(initial=0)).bit_length(), 1)
                col.cit[rows] = _codes(low | (words >> 62) << shift, lambda w: col.cits.code(
                    ev.citations(node, w & ((1 << shift) - 1) | (w >> shift) << 62)))
            col.miss[rows] = _codes(kept(v.miss).view(np.int64),
                                    lambda w: col.missing.code(ev.missing(w)) if w else 0)
            if out.settled is not None:
                col.note[rows] = _codes(kept(out.settled).view(np.int64),
                                        lambda w: col.notes.code(ev.settled_note(w)) if w else 0)

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
                self.errors[r] = _("internal error ({kind}: {problem}); please report it with this case").format(
                    kind=type(exc).__name__, problem=exc)
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
            has = col.cit >= 0
            valid = col.known & has
            if col.kind == "bool":
                values = _masked(pa.bool_(), col.val, valid)
            elif col.kind == "str":
                codes = np.where(valid, col.val, 0).astype(np.int32)
                values = _dictionary(_masked(pa.int32(), codes, valid), col.strings.values)
            elif col.kind == "date":
                values = _masked(pa.date32(), col.val.astype(np.int32), valid)
            elif col.kind == "int":
                values = _masked(pa.int64(), col.val, valid)
            else:  # exact numbers and other values as the JSON writes them: a schema that never varies
                values = _strings([_text(col.val[r]) if valid[r] else None for r in range(n)])
            arrays += [values, _dictionary(_masked(pa.int32(), np.maximum(col.cit, 0), has),
                                           [_citations_json(t) for t in col.cits.values]),
                       _dictionary(_masked(pa.int32(), col.miss, has), [", ".join(t) for t in col.missing.values]),
                       _dictionary(_masked(pa.int32(), col.note, has & (col.note != 0)), col.notes.values)]
            names += [name, f"{name}.citations", f"{name}.missing", f"{name}.note"]
        arrays.append(_masked(pa.date32(), self.days.astype(np.int32), ok))
        names.append("_date")
        if self.errors:
            errors = [None] * n
            for r, msg in self.errors.items():
                errors[r] = msg
            arrays.append(_strings(errors))
        else:
            arrays.append(pa.nulls(n, pa.string()))
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
    if not len(words):
        return np.zeros(0, dtype=np.int64)
    lo, hi = int(words.min()), int(words.max())
    if lo >= 0 and hi < 1 << 16:
        present = np.flatnonzero(np.bincount(words, minlength=1))
        lut = np.zeros(hi + 1, dtype=np.int32)
        for w in present.tolist():
            lut[w] = code(w)
        return np.take(lut, words)
    out = np.full(len(words), code(0), dtype=np.int64)
    some = np.flatnonzero(words)  # most rows are known (word 0): sort only the others
    uniq, inv = np.unique(words[some], return_inverse=True)
    out[some] = np.array([code(int(w)) for w in uniq], dtype=np.int64)[inv]
    return out


def _masked(typ, values: np.ndarray, valid: np.ndarray) -> pa.Array:
    """An Arrow array of a numpy array and its validity mask, built from two bitmaps or buffers
    (pa.array with a mask converts value by value)."""
    n = len(values)
    nulls = n - int(np.count_nonzero(valid))
    bitmap = None if not nulls else pa.py_buffer(np.packbits(valid, bitorder="little"))
    if typ == pa.bool_():
        data = pa.py_buffer(np.packbits(values, bitorder="little"))
    else:
        data = pa.py_buffer(np.ascontiguousarray(values))
    return pa.Array.from_buffers(typ, n, [bitmap, data], null_count=nulls)


def _citations_json(cits: tuple) -> str:
    """The JSON of a tuple of citations (Citation.to_dict), made once per tuple: the columnar engine's
    tuples are made once per version (Evaluator.citations), so they are known by identity."""
    found = _CITATION_JSON.get(id(cits))
    if found is None or found[0] is not cits:
        if len(_CITATION_JSON) > 100_000:
            _CITATION_JSON.clear()
        found = _CITATION_JSON[id(cits)] = (cits, dumps([c.to_dict() for c in cits], indent=None))
    return found[1]


_CITATION_JSON: dict = {}


def _dictionary(indices, texts) -> pa.DictionaryArray:
    """Few distinct texts over many rows: dictionary-encoded, built without a copy per row."""
    return pa.DictionaryArray.from_arrays(indices, _strings(["" if t is None else t for t in texts]))


def _strings(texts: list) -> pa.Array:
    """A string array (None: null) built from its buffers: pa.array on a list imports pandas to see
    whether it was given a pandas object, a second of a batch's start-up."""
    data = [b"" if t is None else t.encode() for t in texts]
    offsets = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in data], out=offsets[1:])
    valid = np.array([t is not None for t in texts], dtype=bool)
    return pa.Array.from_buffers(pa.large_string(), len(data), [
        None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little")),
        pa.py_buffer(offsets), pa.py_buffer(b"".join(data))], null_count=int(len(data) - valid.sum())).cast(
        pa.string())


def _text(v) -> str:
    return str(v) if isinstance(v, Decimal) else dumps(json_value(v), indent=None)
