"""The impact of a change on a whole caseload (`grondslag diff OLD NEW --cases big.parquet`).

Both versions evaluate the Parquet file on the columnar engine (docs/population.md), chunk
by chunk: memory is bounded by the chunk. Per decision: how many cases change, the
transitions (ja -> nee, nee -> ja, -> onbekend, ...), each attributed to the provisions
that grounded the value before and after, and a few example cases per transition.
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np

from dsl.i18n import speaking
from interpreter.result import json_value
from interpreter.review.diff.cases import GivenCase
from interpreter.review.diff.impact import (CANDIDATES, EXAMPLES, CaseFailure, DecisionImpact, Example,
                                            _pick_examples, fact_dependencies)

CHUNK = 65536
PARQUET_SUFFIXES = (".parquet", ".pq")


class TableCases:
    """The cases of a Parquet file: its length is its number of rows; iterated, GivenCases (slow)."""

    def __init__(self, path: str):
        import pyarrow.parquet as pq
        self.path = path
        self.table = pq.read_table(path)

    def __len__(self) -> int:
        return self.table.num_rows

    def __iter__(self):
        for i, case in enumerate(self.table.to_pylist(), start=1):
            yield GivenCase(f"{self.path}:{i}", {k: v for k, v in case.items() if v is not None}, None, i)


def _word(value) -> str:
    if value is None:
        return "onbekend"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    return str(value)


def _codes(old, new):
    """Both columns as codes into one list of Python values (null included), for comparing."""
    import pyarrow as pa
    import pyarrow.compute as pc
    if pa.types.is_dictionary(old.type):
        old = old.cast(old.type.value_type)
    if pa.types.is_dictionary(new.type):
        new = new.cast(new.type.value_type)
    if old.type != new.type:
        old, new = old.cast(pa.string()), new.cast(pa.string())
    both = pc.dictionary_encode(pa.concat_arrays([old, new]), null_encoding="encode")
    idx = both.indices.to_numpy(zero_copy_only=False)
    return idx[:len(old)], idx[len(old):], both.dictionary.to_pylist()


def _first_labels(column):
    """Per row a code, and per code the citation labels (the JSON array of the citations column)."""
    import pyarrow as pa
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    labels = [tuple(c["label"] for c in json.loads(t)) if t else () for t in column.dictionary.to_pylist()]
    idx = column.indices.fill_null(0).to_numpy(zero_copy_only=False)
    return idx, labels


def measure_table_impact(old, new, cases: TableCases, date, fallback, cmap):
    """As impact.measure_impact, over a table on the columnar engine; adds the transitions."""
    import pyarrow as pa
    table = cases.table
    names: list[str] = []
    for side in (new, old):
        for m in side.models:
            names += [d.name for d in m.decisions if d.name not in names]
    in_old = {d.name for m in old.models for d in m.decisions}
    in_new = {d.name for m in new.models for d in m.decisions}
    deps: dict[str, list[str]] = {}
    for side in (old, new):
        for m in side.models:
            for k, v in fact_dependencies(m).items():
                deps[k] = deps.get(k, []) + [f for f in v if f not in deps.get(k, [])]
    label_map = {a.label: b.label for a, b in cmap.items()}
    counts = {n: [0, 0, 0] for n in names}
    explained = {n: Counter() for n in names}
    moves = {n: Counter() for n in names}  # (from, to, old ground, new ground) -> cases
    shown: dict[str, dict] = {n: {} for n in names}  # (from, to) -> example cases (file:line)
    candidates: dict[str, list[Example]] = {n: [] for n in names}
    failures: list[CaseFailure] = []
    evaluated = 0
    for start in range(0, table.num_rows, CHUNK):
        chunk = table.slice(start, CHUNK)
        when = date
        if when is None and "peildatum" not in chunk.column_names:
            when = fallback
        elif when is None and chunk.column("peildatum").null_count:
            col = chunk.column("peildatum")
            filled = col.fill_null(pa.scalar(fallback if pa.types.is_date(col.type) else fallback.isoformat(),
                                             col.type))
            chunk = chunk.set_column(chunk.column_names.index("peildatum"), "peildatum", filled)
        with speaking("nl"):  # the errors in _error are quoted in the diff report, which is Dutch
            ro = old.regulation.evaluate_table(chunk, when)
            rn = new.regulation.evaluate_table(chunk, when)
        eo, en = ro.column("_error").to_pylist(), rn.column("_error").to_pylist()
        ok = np.array([a is None and b is None for a, b in zip(eo, en)], dtype=bool)
        for i in np.flatnonzero(~ok).tolist():
            a, b = eo[i], en[i]
            line = start + i + 1
            if a and b:
                failures.append(CaseFailure(line, "both", b if a == b else f"oud: {a}; nieuw: {b}",
                                            f"{cases.path}:{line}"))
            else:
                failures.append(CaseFailure(line, "old" if a else "new", a or b, f"{cases.path}:{line}"))
        evaluated += int(ok.sum())
        rows = None
        for n in names:
            if n not in in_old or n not in in_new:
                continue
            co, cn, values = _codes(ro.column(n).combine_chunks(), rn.column(n).combine_chunks())
            lo, lo_labels = _first_labels(ro.column(f"{n}.citations").combine_chunks())
            ln, ln_labels = _first_labels(rn.column(f"{n}.citations").combine_chunks())
            counts[n][1] += int(ok.sum())
            changed = ok & (co != cn)
            counts[n][0] += int(changed.sum())
            if changed.any():
                key = np.stack([co[changed], cn[changed], lo[changed], ln[changed]], axis=1)
                uniq, first, number = np.unique(key, axis=0, return_index=True, return_counts=True)
                where = np.flatnonzero(changed)
                for (a, b, ga, gb), f, k in zip(uniq.tolist(), first.tolist(), number.tolist()):
                    ground_a = lo_labels[ga][0] if lo_labels[ga] else None
                    ground_b = ln_labels[gb][0] if ln_labels[gb] else None
                    explained[n][(ground_a, ground_b)] += k
                    moves[n][(_word(values[a]), _word(values[b]), ground_a, ground_b)] += k
                    seen = shown[n].setdefault((_word(values[a]), _word(values[b])), [])
                    for r in where[(co[where] == a) & (cn[where] == b)][:EXAMPLES - len(seen)].tolist():
                        seen.append(f"{cases.path}:{start + r + 1}")
                    if len(candidates[n]) < CANDIDATES:
                        if rows is None:
                            rows = {}
                        r = int(where[f])
                        case = rows.get(r)
                        if case is None:
                            case = rows[r] = {k2: json_value(v) for k2, v in chunk.slice(r, 1).to_pylist()[0].items()
                                              if v is not None}
                        facts = {k2: case[k2] for k2 in deps.get(n, []) if k2 in case}
                        candidates[n].append(Example(case, facts, values[a], ground_a, values[b], ground_b,
                                                     f"{cases.path}:{start + r + 1}"))
            same = ok & (co == cn)
            if same.any():
                pairs, number = np.unique(np.stack([lo[same], ln[same]], axis=1), axis=0, return_counts=True)
                for (ga, gb), k in zip(pairs.tolist(), number.tolist()):
                    a_labels, b_labels = lo_labels[ga], ln_labels[gb]
                    first_a = a_labels[0] if a_labels else None
                    first_b = b_labels[0] if b_labels else None
                    if label_map.get(first_a, first_a) != first_b and \
                            {label_map.get(x, x) for x in a_labels} != set(b_labels):
                        counts[n][2] += k
    impacts = []
    for n in names:
        only = None if n in in_old and n in in_new else ("new" if n in in_new else "old")
        exp = tuple((a, b, k) for (a, b), k in explained[n].most_common())
        by_move: dict = {}
        for (a, b, ga, gb), k in moves[n].most_common():
            by_move.setdefault((a, b), []).append((ga, gb, k))
        transitions = tuple(sorted(((a, b, sum(k for *_, k in g), tuple(g), tuple(shown[n].get((a, b), ())))
                                    for (a, b), g in by_move.items()), key=lambda t: -t[2]))
        impacts.append(DecisionImpact(n, counts[n][0], counts[n][1], counts[n][2], exp,
                                      _pick_examples(candidates[n], exp), only, transitions=transitions))
    return impacts, failures, evaluated
