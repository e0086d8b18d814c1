"""Settling what Kleene logic leaves open, for a batch: Version._settle on every open row at once.

A row whose decision is open over facts that occur more than once in its formula is
settled when every combination of values of its missing facts (yes/no, a choice; at most
SETTLE_LIMIT combinations) gives one value; its citations are those of every
combination, in the order of the provisions. Rows miss different facts: combination k
of a row is k written in the mixed radix of its own missing facts, so trial k sets, in
every open row at once, that row's facts, and the decision is evaluated once per trial
for all rows still undecided (at most SETTLE_LIMIT evaluations per decision and batch).
"""

from __future__ import annotations

import numpy as np

from interpreter.api import SETTLE_LIMIT
from interpreter.columnar.columns import ZERO64, Col, take
from interpreter.columnar.decide import DecOut, decide
from interpreter.columnar.vectorise import Frame

SETTLED = np.int64(1) << np.int64(62)  # flag in a citation bit set: order by provision, as _settle does


def settle(ev, frame: Frame, outs: dict) -> None:
    program, fact_types = ev.version.program, ev.version.fact_types
    for node in program.decisions:
        rep = program.repeated_facts.get(node.name)
        if not rep:
            continue
        rep_bits = ZERO64
        for name in rep:
            if name in ev.bits.index:
                rep_bits |= ev.bits.bit(name)
        out = outs[node.name]
        v = out.value
        need = ~v.known & ~frame.bad & ((v.miss & rep_bits) != 0)
        if need.any():
            rows = np.flatnonzero(need)
            groups = _alike(ev, frame, node, rows)
            if groups is None:
                _settle(ev, frame, node, out, rows, fact_types)
            else:  # settle one row of each group of alike rows, and copy its outcome to the others
                first, inverse = groups
                _settle(ev, frame, node, out, rows[first], fact_types)
                _copy(out, frame, rows, rows[first][inverse])


def _copy(out, frame, rows, source) -> None:
    """Rows take the settled outcome of their source rows."""
    v = out.value
    for a in (v.val, v.known, v.miss, v.exp, out.cits, out.settled, frame.bad):
        if a is not None:
            a[rows] = a[source]


# The nodes a decision may read its yes/no and choice facts through for its open rows to be grouped.
_PLAIN = ("Const", "FactRef", "DecisionRef", "DefinitionRef", "Not", "And", "Or", "BinOp", "Neg", "Member",
          "MemberDynamic", "MinMax")


def key_parts(ev, node):
    """What a decision's settling trials read, as (yes/no and choice facts, fixed parts), or None.

    The trials set only yes/no and choice facts. A part of the formula that reads none of those
    (an age, an amount compared, a begrip of dates: a 'fixed part') is the same in every trial;
    the rest must be plain nodes over those facts and fixed parts. Two open rows alike in those
    facts and in the values of the fixed parts are then alike in every trial of settling."""
    key = ("key", node.name)
    if key not in ev.references:
        import attrs

        from interpreter import tree as X
        version = ev.version
        deps = version.program.fact_dependencies
        triable = {n for n, t in version.fact_types.items() if t.kind in ("ja/nee", "keuze")}
        plain = tuple(getattr(X, name) for name in _PLAIN)
        facts: set = set()
        fixed: list = []
        seen: set = set()

        def reads(x) -> set:
            """The facts a node reads."""
            if isinstance(x, (tuple, list)):
                return set().union(*(reads(y) for y in x)) if x else set()
            if not isinstance(x, X.Node) or not attrs.has(type(x)):
                return set()
            if isinstance(x, X.FactRef):
                return {x.name}
            if isinstance(x, X.DecisionRef):
                return set(deps.get(x.name, triable))
            if isinstance(x, X.DefinitionRef):
                return set(deps.get("\0" + x.name, triable))
            return set().union(*(reads(getattr(x, f.name)) for f in attrs.fields(type(x)) if f.eq))

        def walk(x) -> bool:
            if isinstance(x, (tuple, list)):
                return all(walk(y) for y in x)
            if x is None or not isinstance(x, X.Node) or isinstance(x, X.Const):
                return True
            if not attrs.has(type(x)):
                return False
            if not reads(x) & triable:
                fixed.append(x)
                return True
            if type(x) not in plain:
                return False
            if isinstance(x, X.FactRef):
                facts.add(x.name)
                return True
            if isinstance(x, (X.DecisionRef, X.DefinitionRef)):
                if (type(x), x.name) in seen:
                    return True
                seen.add((type(x), x.name))
                return rules(x.holder[0]) if isinstance(x, X.DecisionRef) else walk(x.holder[0])
            return all(walk(getattr(x, f.name)) for f in attrs.fields(type(x)) if f.eq)

        def rules(d) -> bool:
            return not d.is_list and all(walk(r.condition) and walk(r.value)
                                         for r in list(d.rules) + ([d.default] if d.default is not None else []))
        ev.references[key] = (frozenset(facts), tuple(fixed)) if rules(node) else None
    return ev.references[key]


def _fixed_value(ev, x, frame):
    """The value of a fixed part (key_parts) on the whole frame."""
    from interpreter import tree as X
    from interpreter.columnar.vectorise import evaluate
    if isinstance(x, X.DecisionRef):
        return decide(ev, x.holder[0], frame).ref
    return evaluate(x, frame)


def _alike(ev, frame, node, rows):
    """(first, inverse): open rows grouped by what their decision's trials read (key_parts; first: a
    row of each group, inverse: each row's group), or None when that cannot be said or the groups
    would be hardly fewer than the rows."""
    parts = key_parts(ev, node)
    if parts is None or len(rows) < 64:
        return None
    names, fixed = parts
    columns = []
    for name in sorted(names):
        c = frame.facts.get(name)
        if c is None:
            continue  # not in the table: unknown in every row
        if c.kind not in ("bool", "str"):
            return None
        known = c.known[rows]
        columns += [known, c.val[rows] * known]
    for x in fixed:
        c = _fixed_value(ev, x, frame)
        if c.kind in ("list", "rec"):
            return None
        known = c.known[rows]
        columns += [known, c.miss[rows]]
        if c.val is not None:
            columns.append(c.val[rows] * known)
        if c.exp is not None:
            columns.append(c.exp[rows] * known)
    key = np.zeros(len(rows), dtype=np.int64)
    radix = 1
    for col in columns:
        col = col.astype(np.int64) if col.dtype != np.int64 else col
        lo, hi = int(col.min(initial=0)), int(col.max(initial=0))
        if 0 <= lo and hi < 1 << 16:
            size = hi + 1
        else:  # a date, an amount, a bit set: its distinct values numbered
            uniq, col = np.unique(col, return_inverse=True)
            col, size = col.reshape(-1), len(uniq)
        if radix * size >= 1 << 62:
            return None
        key += col * radix
        radix *= size
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    if len(first) > len(rows) // 2:
        return None
    return first, inverse.reshape(-1)


def references(ev, node) -> frozenset:
    """The decisions and begrippen (as cache keys) a decision reads, directly or through others."""
    found = ev.references.get(node.name)
    if found is None:
        import attrs

        from interpreter import tree as X
        seen: set = set()

        def walk(x):
            if isinstance(x, X.DecisionRef):
                if x.name not in seen:
                    seen.add(x.name)
                    rules(x.holder[0])
            elif isinstance(x, X.DefinitionRef):
                if "\0" + x.name not in seen:
                    seen.add("\0" + x.name)
                    walk(x.holder[0])
            elif isinstance(x, (tuple, list)):
                for y in x:
                    walk(y)
            elif isinstance(x, X.Node) and attrs.has(type(x)):
                for f in attrs.fields(type(x)):
                    if f.eq:
                        walk(getattr(x, f.name))

        def rules(d):
            for r in list(d.rules) + ([d.default] if d.default is not None else []):
                walk(r.condition)
                walk(r.value)
        rules(node)
        found = ev.references[node.name] = frozenset(seen)
    return found


class _Lazy(dict):
    """The facts of the rows of one trial, each taken when first read."""

    def __init__(self, facts, part):
        super().__init__()
        self.source, self.part = facts, part

    def get(self, name, default=None):
        if name in self:
            return self[name]
        c = self.source.get(name)
        if c is None:
            return default
        c = self[name] = c if self.part is None else take(c, self.part)
        return c


def _domains(ev, fact_types):
    """Per missing name (by bit): its values, or None when it cannot be tried."""
    out = []
    for name in ev.bits.names:
        t = fact_types.get(name)
        if t is not None and t.kind == "ja/nee":
            out.append((True, False))
        elif t is not None and t.kind == "keuze":
            out.append(tuple(t.options))
        else:
            out.append(None)
    return out


EXPAND_ROWS = 16384  # combinations evaluated at once rather than trial by trial (Python overhead)
EXPAND_FACTOR = 6  # ... or when the rest is at most this many trials of the rows still open


def _trial(ev, node, rows, part, ks, strides, domains, facts, date, keep, distinct=True):
    """Decide node for the open rows `part` (positions in rows), row part[j] set to its combination ks[j]
    (ks: one int for all when part has no repeats). facts, date and keep are of the rows; the first
    trials, which have them all, take nothing."""
    n = len(part)
    every = distinct and n == len(rows)  # part (without repeats) is then 0..n-1
    trial = _Lazy(facts, None if every else part)
    if distinct and not every:
        inv = np.full(len(rows), -1, dtype=np.int64)
        inv[part] = np.arange(n)
    for i, (has, stride, pos) in strides.items():
        d = domains[i]
        if not distinct:  # every row of the trial is set by its own combination
            at = np.flatnonzero(has[part])
            digit = (ks[at] // stride[part[at]]) % len(d)
        else:  # only the rows missing this fact are set; it is usually few of them
            at = pos if every else inv[pos]
            st = stride[pos]
            if not every:
                st, at = st[at >= 0], at[at >= 0]
            digit = (ks // st) % len(d)
        if not len(at):
            continue
        name = ev.bits.names[i]
        if isinstance(d[0], bool):
            val = digit == 0
        else:
            codes = np.array([ev.strings.code(o) for o in d], dtype=np.int64)
            val = codes[digit]
        old = trial.get(name)
        if old is None:
            kind = "bool" if isinstance(d[0], bool) else "str"
            old = Col(kind, np.zeros(n, dtype=bool if kind == "bool" else np.int64), np.zeros(n, dtype=bool),
                      np.zeros(n, dtype=np.uint64))
        new, known, miss = old.val.copy(), old.known.copy(), old.miss.copy()
        new[at], known[at], miss[at] = val, True, 0
        trial[name] = Col(old.kind, new, known, miss)
    sub = Frame(ev, n, trial, date if every else take(date, part))
    for key, c in keep.items():
        sub.cache[key] = c if every else c.subset(part) if isinstance(c, DecOut) else take(c, part)
    return decide(ev, node, sub), sub


def _all_at_once(ev, frame, node, rows, part, reps, k, strides, domains, facts, date, keep, alive, cits,
                 first_val, first_exp):
    """Combinations k.. of every row still open in one evaluation: one row per (row, combination).
    A row is settled when none of its combinations differs from trial 0; as trial by trial, a row
    one of whose combinations the batch cannot tell exactly goes per case. From k = 0 (part is then
    every row), trial 0's values are those of each row's first combination. Returns them."""
    at = np.repeat(part, reps)
    first = np.cumsum(reps) - reps
    ks = k + np.arange(len(at), dtype=np.int64) - np.repeat(first, reps)
    o, sub = _trial(ev, node, rows, at, ks, strides, domains, facts, date, keep, distinct=False)
    frame.bad[rows[np.unique(at[sub.bad])]] = True
    ok = o.value.known & ~sub.bad
    if first_val is None:
        first_val = np.zeros(len(alive), dtype=np.int64) if o.value.val is None else o.value.val[first]
        first_exp = None if o.value.exp is None else o.value.exp[first]
    ok &= (o.value.val == first_val[at]) if o.value.val is not None else False
    failed = np.zeros(len(alive), dtype=bool)
    failed[at[~ok]] = True
    alive &= ~failed
    np.bitwise_or.at(cits, at, o.cits)
    return first_val, first_exp


def _settle(ev, frame, node, out, rows, fact_types):
    words = out.value.miss[rows]
    domains = _domains(ev, fact_types)
    triable = np.uint64(sum(1 << i for i, d in enumerate(domains) if d is not None))
    rows = rows[(words & ~triable) == 0]  # a field, a table, a number missing: stays open
    words = out.value.miss[rows]
    combos = np.ones(len(rows), dtype=np.int64)
    strides = {}
    for i, d in enumerate(domains):
        if d is None:
            continue
        has = (words >> np.uint64(i)) & np.uint64(1) == 1
        if has.any():
            strides[i] = (has, combos.copy(), None)
            combos = np.where(has, np.minimum(combos * len(d), SETTLE_LIMIT + 1), combos)
    keep = combos <= SETTLE_LIMIT
    rows, combos = rows[keep], combos[keep]
    strides = {i: (h[keep], s[keep], np.flatnonzero(h[keep])) for i, (h, s, _) in strides.items()}
    if not len(rows):
        return
    k_rows = len(rows)
    alive = np.ones(k_rows, dtype=bool)
    cits = np.zeros(k_rows, dtype=np.int64)
    first_val = first_exp = None
    facts = _Lazy(frame.facts, rows)
    date = take(frame.date, rows)
    tried = frozenset(ev.bits.names[i] for i in strides)
    deps = ev.version.program.fact_dependencies
    # What does not read the facts tried stays as it is: each trial recomputes only the rest.
    used = references(ev, node)
    keep = {key: c.subset(rows) if isinstance(c, DecOut) else take(c, rows) for key, c in frame.cache.items()
            if key in used and not deps.get(key, tried) & tried}
    for k in range(int(combos.max())):
        part = np.flatnonzero(alive & (combos > k))
        if not len(part):
            break
        reps = combos[part] - k  # when the rest is small, every remaining combination at once
        if int(reps.sum()) <= max(EXPAND_ROWS, EXPAND_FACTOR * len(part)):
            first_val, first_exp = _all_at_once(ev, frame, node, rows, part, reps, k, strides, domains, facts,
                                                date, keep, alive, cits, first_val, first_exp)
            break
        o, sub = _trial(ev, node, rows, part, k, strides, domains, facts, date, keep)
        frame.bad[rows[part[sub.bad]]] = True  # what the batch cannot tell exactly: per case
        ok = o.value.known & ~sub.bad
        if first_val is None:  # trial 0 has every row
            first_val = o.value.val.copy() if o.value.val is not None else np.zeros(k_rows, dtype=np.int64)
            first_exp = None if o.value.exp is None else o.value.exp.copy()
        else:
            ok &= (o.value.val == first_val[part]) if o.value.val is not None else False
        alive[part] &= ok
        cits[part] |= o.cits
    done = alive
    if not done.any():
        return
    target = rows[done]
    v = out.value
    val, exp = v.val.copy(), None if v.exp is None else v.exp.copy()
    val[target] = first_val[done]
    if exp is not None:
        exp[target] = first_exp[done]
    known = v.known.copy()
    known[target] = True
    miss = v.miss.copy()
    miss[target] = 0
    new_cits = out.cits.copy()
    new_cits[target] = cits[done] | SETTLED
    out.value = Col(v.kind, val, known, miss, exp)
    out.cits = new_cits
    if out.settled is None:
        out.settled = np.zeros(len(known), dtype=np.uint64)
    out.settled[target] = v.miss[target]  # the facts settled over: the note (outcomes.py)
