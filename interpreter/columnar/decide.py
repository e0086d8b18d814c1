"""A decision over a batch: which rules apply, which exceptions set them aside, the value.

The same reasoning as DecisionNode._decide and _resolve in interpreter.decisions, per row with
masks. The citations of a row are a bit set over the decision's rules in the order of
the regulation. A row the per-case engine would answer with a conflict or an error note
is marked bad, and evaluated per case.
"""

from __future__ import annotations

import numpy as np

from interpreter.columnar.columns import ZERO64, Col, Unsupported, as_dec, take
from interpreter.columnar.vectorise import Frame, constant, evaluate
from interpreter.values import Unknown


class DecOut:
    """A decision's outcome for a batch: value column, citation bits, and whether it was settled."""

    __slots__ = ("value", "cits", "ref", "settled")

    def __init__(self, value: Col, cits):
        self.value, self.cits = value, cits
        self.ref = value  # what another rule reads: unknown with the missing facts
        self.settled = None  # per row: the facts settled over as a bit set, 0 if not (settle.py); or None

    def subset(self, idx) -> "DecOut":
        out = DecOut(take(self.value, idx), self.cits[idx])
        out.ref = take(self.ref, idx)
        return out


def _shape(cols: list[Col]) -> str:
    kinds = {c.kind for c in cols} - {"none"}
    if kinds == {"int", "dec"}:
        return "dec"
    if len(kinds) > 1:
        raise Unsupported(f"values of kinds {sorted(kinds)} in one decision")
    return kinds.pop() if kinds else "none"


def _fit(c: Col, kind: str, n: int) -> Col:
    if c.kind == kind:
        return c
    if kind == "dec" and c.kind == "int":
        return as_dec(c)
    dtype = bool if kind == "bool" else np.int64
    return Col(kind, np.zeros(n, dtype=dtype), c.known, c.miss,
               np.zeros(n, dtype=np.int64) if kind == "dec" else None)


def decide(ev, node, f: Frame) -> DecOut:
    out = f.cache.get(node.name)
    if out is None:
        if node.is_list:
            raise Unsupported("a list of considerations (overwegingen)")
        out = f.cache[node.name] = _decide(ev, node, f)
    return out


def _applies(rule, f):
    if rule.condition is None:
        n = f.n
        return Col("bool", np.ones(n, dtype=bool), np.ones(n, dtype=bool), np.zeros(n, dtype=np.uint64))
    c = evaluate(rule.condition, f)
    if c.kind == "none":
        return Col("bool", np.zeros(f.n, dtype=bool), c.known, c.miss)
    if c.kind != "bool":
        raise Unsupported("a condition that is not ja/nee")
    return c


def _without_object(A: list, excepts) -> list:
    """decisions.without_object per row: where every rule an exception sets aside is known not
    to apply, the exception counts as not applying (in chain order)."""
    for e, targets in excepts:
        nothing = np.logical_and.reduce([A[t].known & ~A[t].val for t in targets])
        if nothing.any():
            a = A[e]
            A[e] = Col("bool", a.val & ~nothing, a.known | nothing, np.where(nothing, ZERO64, a.miss))
    return A


def _decide(ev, node, f: Frame) -> DecOut:
    n = f.n
    rules = node.rules
    slots = ev.slots(node)  # local rule index (-1: default) -> bit
    A = _without_object([_applies(r, f) for r in rules], node.excepts)
    a_true = [a.known & a.val for a in A]
    a_false = [a.known & ~a.val for a in A]
    # effective: applies and not set aside by an exception that applies
    e_true, e_unk, e_miss = [], [], []
    for i, r in enumerate(rules):
        t, fl = a_true[i], a_false[i]
        miss = A[i].miss  # 0 where known (columns.Col)
        for e in r.set_aside_by:
            fl = fl | a_true[e]
            t = t & a_false[e]
            miss = miss | A[e].miss
        unk = ~t & ~fl
        e_true.append(t)
        e_unk.append(unk)
        e_miss.append(miss * unk)
    table = ev.constant_table(node, lambda: _constant_table(ev, node, f.ev))
    if table is not None:
        return _by_table(table, rules, e_true, e_unk, e_miss, a_true, f)
    V = [evaluate(r.value, f) for r in rules]
    default = node.default
    D = evaluate(default.value, f) if default is not None else None
    kind = _shape(V + ([D] if D is not None else []))
    V = [_fit(v, kind, n) for v in V]
    if D is not None:
        D = _fit(D, kind, n)
    dtype = bool if kind == "bool" else np.int64
    val = np.zeros(n, dtype=dtype)
    exp = np.zeros(n, dtype=np.int64) if kind == "dec" else None
    known = np.zeros(n, dtype=bool)
    miss = np.zeros(n, dtype=np.uint64)
    cits = np.zeros(n, dtype=np.int64)

    n_def = np.zeros(n, dtype=np.int64)
    for t in e_true:
        n_def += t
    any_pos = np.logical_or.reduce(e_unk) if rules else np.zeros(n, dtype=bool)
    case_a = n_def > 0
    case_b = ~case_a & any_pos
    case_c = ~case_a & ~any_pos

    def choose(mask, col: Col):  # writes into val and exp in place
        if kind != "none":
            np.copyto(val, col.val, where=mask)
            if exp is not None:
                np.copyto(exp, col.exp, where=mask)

    # A: rules that certainly apply. The first one's value, unless they disagree (conflict).
    if case_a.any():
        first = np.zeros(n, dtype=np.int64) - 1  # the first rule that applies with a known value
        for i in reversed(range(len(rules))):
            first = np.where(e_true[i] & V[i].known, i, first)
        all_known = case_a.copy()
        a_miss = np.zeros(n, dtype=np.uint64)
        for i in range(len(rules)):
            sel = case_a & e_true[i]
            all_known &= ~sel | V[i].known
            a_miss |= np.where(sel & ~V[i].known, V[i].miss, ZERO64)
            cits |= np.where(sel, slots[i], 0)
            choose(sel & (first == i), V[i])
        chosen = Col(kind, val.copy(), None, None, None if exp is None else exp.copy())
        conflict = np.zeros(n, dtype=bool)
        for i in range(len(rules)):
            conflict |= case_a & e_true[i] & V[i].known & ~_eq_vals(V[i], chosen)
        f.bad |= conflict
        known |= all_known
        miss = np.where(case_a & ~all_known, a_miss, miss)

    # B: no rule certainly applies, some possibly do: decided if every candidate agrees.
    if case_b.any():
        use_default = case_b.copy()
        for i in range(len(rules)):
            use_default &= ~(a_true[i] & e_unk[i])
        first = np.zeros(n, dtype=np.int64) - 1
        for i in reversed(range(len(rules))):
            first = np.where(e_unk[i], i, first)
        ok = case_b.copy()
        b_miss = np.zeros(n, dtype=np.uint64)
        b_cits = np.zeros(n, dtype=np.int64)
        for i in range(len(rules)):
            sel = case_b & e_unk[i]
            choose(sel & (first == i), V[i])
            b_miss |= np.where(sel, e_miss[i], ZERO64) | np.where(sel & ~V[i].known, V[i].miss, ZERO64)
            b_cits |= np.where(sel & a_true[i], slots[i], 0)
        first_col = Col(kind, val.copy(), None, None, None if exp is None else exp.copy())
        for i in range(len(rules)):
            sel = case_b & e_unk[i]
            ok &= ~sel | (V[i].known & _eq_vals(V[i], first_col))
        if D is None:
            ok &= ~use_default
        else:
            ok &= ~use_default | (D.known & _eq_vals(D, first_col))
            b_miss |= np.where(use_default & ~D.known, D.miss, ZERO64)
            b_cits |= np.where(use_default, slots[-1], 0)
        known |= ok
        miss = np.where(case_b & ~ok, b_miss, miss)
        cits = np.where(case_b & ok, b_cits, cits)

    # C: no rule applies: the value for all other cases, or (without one) an error note.
    if case_c.any():
        if D is None:
            f.bad |= case_c
        else:
            choose(case_c, D)
            known |= case_c & D.known
            miss = np.where(case_c & ~D.known, D.miss, miss)
            cits = np.where(case_c & D.known, slots[-1], cits)
    miss = np.where(known, ZERO64, miss)
    cits = np.where(known, cits, 0)
    return DecOut(Col(kind, val, known, miss, exp), cits)


MAX_TABLE_RULES = 4  # 3 bits per rule index the table: 4096 entries


def _constant_table(ev, node, _):
    """For a decision whose rules all give constants (the common 'is waar als ...; anders onwaar'):
    the outcome for every combination of which rules certainly apply, possibly apply, and
    possibly apply while their own condition holds. _resolve run once per combination, so a
    batch needs only a lookup. None when the decision is not of that shape."""
    from interpreter import tree as X
    rules, default = node.rules, node.default
    R = len(rules)
    if R > MAX_TABLE_RULES or any(not isinstance(r.value, X.Const) for r in rules) or \
            (default is not None and not isinstance(default.value, X.Const)):
        return None
    values = [r.value.value for r in rules] + ([default.value.value] if default is not None else [])
    if any(type(v) is Unknown for v in values):
        return None
    cols = [constant(v, 1, ev) for v in values]
    kind = _shape(cols)
    cols = [_fit(c, kind, 1) for c in cols]
    const_val = [int(c.val[0]) for c in cols]
    const_exp = [int(c.exp[0]) if c.exp is not None else 0 for c in cols]
    slots = [int(b) for b in ev.slots(node)]
    size = 1 << (3 * R)
    val = np.zeros(size, dtype=np.int64)
    exp = np.zeros(size, dtype=np.int64)
    known = np.zeros(size, dtype=bool)
    bad = np.zeros(size, dtype=bool)
    cits = np.zeros(size, dtype=np.int64)
    for idx in range(size):
        definite = [i for i in range(R) if idx >> i & 1]
        possible = [i for i in range(R) if idx >> (R + i) & 1]
        holds = [i for i in possible if idx >> (2 * R + i) & 1]
        if set(definite) & set(possible) or set(holds) - set(possible):
            continue  # cannot occur
        if definite:
            if len({const_val[i] for i in definite}) > 1:
                bad[idx] = True  # a conflict: the per-case engine writes the note
                continue
            i = definite[0]
            val[idx], exp[idx], known[idx] = const_val[i], const_exp[i], True
            cits[idx] = sum(slots[i] for i in definite)
        elif possible:
            use_default = not holds
            cands = possible + ([R] if use_default and default is not None else [])
            if use_default and default is None:
                continue
            if len({const_val[i] for i in cands}) == 1:
                i = cands[0]
                val[idx], exp[idx], known[idx] = const_val[i], const_exp[i], True
                cits[idx] = sum(slots[i] for i in holds) + (slots[R] if use_default else 0)
        elif default is None:
            bad[idx] = True  # no rule applies and no value for all other cases: an error note
        else:
            val[idx], exp[idx], known[idx], cits[idx] = const_val[R], const_exp[R], True, slots[R]
    packed = None
    if kind == "bool" and int(cits.max(initial=0)) < 1 << 12:
        packed = (val.astype(np.int16) | known.astype(np.int16) << 1 | bad.astype(np.int16) << 2
                  | cits.astype(np.int16) << 3)
    return (kind, val.astype(bool) if kind == "bool" else val, exp if kind == "dec" else None, known, bad, cits,
            packed)


def _by_table(table, rules, e_true, e_unk, e_miss, a_true, f) -> DecOut:
    kind, val, exp, known, bad, cits, packed = table
    R = len(rules)
    idx = np.zeros(f.n, dtype=np.uint16)  # 3 bits per rule: at most 12 (MAX_TABLE_RULES)
    miss = None
    for i in range(R):
        idx += e_true[i] * np.uint16(1 << i)
        idx += e_unk[i] * np.uint16(1 << (R + i))
        idx += (a_true[i] & e_unk[i]) * np.uint16(1 << (2 * R + i))
        miss = e_miss[i] if miss is None else miss | e_miss[i]
    idx = idx.astype(np.intp)
    if packed is not None:  # a ja/nee decision: one lookup of value, known, bad and citations
        p = np.take(packed, idx)
        k = (p & 2) != 0
        f.bad |= (p & 4) != 0
        c = (p >> 3).astype(np.int64)
        v = (p & 1) != 0
        e = None
    else:
        k = np.take(known, idx)
        f.bad |= np.take(bad, idx)
        c = np.take(cits, idx)  # 0 where not known
        v = np.take(val, idx)
        e = None if exp is None else np.take(exp, idx)
    if miss is None:
        miss = np.zeros(f.n, dtype=np.uint64)
    return DecOut(Col(kind, v, k, miss * ~k, e), c)


def _eq_vals(a: Col, b: Col):
    """Where a's value equals the chosen value b (both of the decision's kind; numbers by value)."""
    if a.kind == "none":
        return np.zeros(len(a.known), dtype=bool)
    return a.val == b.val
