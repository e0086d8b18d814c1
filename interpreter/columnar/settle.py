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
            _settle(ev, frame, node, out, np.flatnonzero(need), fact_types)


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
        c = self[name] = take(c, self.part)
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
            strides[i] = (has, combos.copy())
            combos = np.where(has, np.minimum(combos * len(d), SETTLE_LIMIT + 1), combos)
    keep = combos <= SETTLE_LIMIT
    rows, combos = rows[keep], combos[keep]
    strides = {i: (h[keep], s[keep]) for i, (h, s) in strides.items()}
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
    keep = {key: c for key, c in frame.cache.items()
            if key in used and not deps.get(key, tried) & tried}
    for k in range(int(combos.max())):
        part = np.flatnonzero(alive & (combos > k))
        if not len(part):
            break
        trial = _Lazy(facts, part)
        for i, (has, stride) in strides.items():
            d = domains[i]
            digit = (k // stride[part]) % len(d)
            name = ev.bits.names[i]
            if isinstance(d[0], bool):
                val = digit == 0
            else:
                codes = np.array([ev.strings.code(o) for o in d], dtype=np.int64)
                val = codes[digit]
            old = trial.get(name)
            h = has[part]
            n = len(part)
            if old is None:
                kind = "bool" if isinstance(d[0], bool) else "str"
                zero = np.zeros(n, dtype=bool if kind == "bool" else np.int64)
                old = Col(kind, zero, np.zeros(n, dtype=bool), np.zeros(n, dtype=np.uint64))
            trial[name] = Col(old.kind, np.where(h, val, old.val), old.known | h,
                              np.where(h, ZERO64, old.miss))
        sub = Frame(ev, len(part), trial, take(date, part))
        idx = rows[part]
        for key, c in keep.items():
            sub.cache[key] = c.subset(idx) if isinstance(c, DecOut) else take(c, idx)
        o = decide(ev, node, sub)
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
        out.settled = {}
    program = ev.version.program
    names_of = {}
    for r, w in zip(target.tolist(), v.miss[target].tolist()):
        note = names_of.get(w)
        if note is None:
            note = names_of[w] = tuple(program.sort_missing(ev.bits.decode(w)))
        out.settled[r] = note
