"""The nodes of the evaluation tree, each evaluated over a whole batch of cases.

Every function here mirrors the `evaluate` method of one node class in interpreter.tree,
with Kleene logic on validity masks and missing facts as bit sets. A node class not
listed in NODES raises Unsupported: the table is then evaluated by the per-case engine,
never answered differently. A row whose value cannot be kept exact (an overflow, a
sub-cent product) is marked in `frame.bad` and is evaluated per case.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from interpreter import tree as X
from interpreter.columnar.columns import (ZERO64, Col, Unsupported, age_months, age_years, as_dec,
                                          calendar, common, const, equal, take, union_missing,
                                          unknown)
from interpreter.values import Unknown, age

EPOCH = dt.date(1970, 1, 1)
LIMIT = 2 ** 62  # |cents| above this fall back: int64 arithmetic stays exact below it
# A list longer than this goes per case: even four quantifiers nested over it stay within the
# per-case engine's step budget (tree.STEP_BUDGET), which alone says when a case takes too long.
LONG_LIST = max(1, int(X.STEP_BUDGET ** 0.25) - 1)


class Frame:
    """The batch being evaluated: its facts, dates, values computed so far, and bad rows.

    A child frame holds the elements of a list (one row per element); `index` maps each
    element to its case in the parent frame.
    """

    def __init__(self, ev, n, facts, date, parent=None, index=None):
        self.ev, self.n, self.facts, self.date = ev, n, facts, date
        self.parent, self.index = parent, index
        self.cache: dict = {}
        self.locals: dict = {}
        self.bad = np.zeros(n, dtype=bool)
        self._ymd: dict = {}

    def calendar(self, days):
        """columns.calendar of a day array, once per array (the peildatum is read by every age)."""
        found = self._ymd.get(id(days))
        if found is None or found[0] is not days:  # the array is kept, so its id is not reused
            found = self._ymd[id(days)] = (days, calendar(days))
        return found[1]


def evaluate(node, f: Frame) -> Col:
    fn = NODES.get(type(node))
    if fn is None:
        raise Unsupported(f"node {type(node).__name__} is not vectorised")
    return fn(node, f)


def from_parent(f: Frame, get) -> Col:
    """A case-level value inside a list's frame: computed per case, repeated per element."""
    return take(get(f.parent), f.index)


def constant(value, n, ev) -> Col:
    if type(value) is Unknown:
        w = ZERO64
        for m in value.missing:
            w = w | ev.bits.bit(m)
        return unknown(n, w)
    if isinstance(value, bool):
        return const("bool", value, n)
    if isinstance(value, int):
        return const("int", value, n)
    if isinstance(value, Decimal):
        cents = value * 100
        if cents != cents.to_integral_value() or not value.is_finite() or abs(cents) >= LIMIT:
            raise Unsupported(f"the constant {value} is not whole cents")
        return const("dec", int(cents), n, exp=value.as_tuple().exponent)
    if isinstance(value, dt.date):
        return const("date", (value - EPOCH).days, n)
    if isinstance(value, str):
        return const("str", ev.strings.code(value), n)
    raise Unsupported(f"constant {value!r}")


def _const(node, f):
    key = ("const", id(node))
    c = f.cache.get(key)
    if c is None:  # shared, never written to
        c = f.cache[key] = constant(node.value, f.n, f.ev)
    return c


def _fact(node, f):
    if f.parent is not None:
        return from_parent(f, lambda p: _fact(node, p))
    c = f.facts.get(node.name)
    if c is None:  # not a column of the table: unknown
        return unknown(f.n, f.ev.bits.bit(node.name))
    return c


def _peildatum(node, f):
    if f.parent is None:
        return f.date
    c = f.cache.get("\0peildatum")
    if c is None:  # per element of a list: made once per frame
        c = f.cache["\0peildatum"] = from_parent(f, lambda p: _peildatum(node, p))
    return c


def _local(node, f):
    c = f.locals.get(node.name)
    if c is None:
        if f.parent is None:
            raise Unsupported(f"local {node.name}")
        return from_parent(f, lambda p: _local(node, p))
    return c


def _field(node, f):
    rec = evaluate(node.subject, f)
    if rec.kind != "rec":
        raise Unsupported("a field of something other than a list element")
    c = rec.val.get(node.field)
    bit = f.ev.bits.bit(node.path)
    if c is None:
        return unknown(f.n, bit)
    return Col(c.kind, c.val, c.known, np.where(c.known, ZERO64, bit), c.exp)


def _decision(node, f):
    if f.parent is not None:
        return from_parent(f, lambda p: _decision(node, p))
    return f.ev.decide(node.holder[0], f).ref


def _definition(node, f):
    if f.parent is not None:
        return from_parent(f, lambda p: _definition(node, p))
    key = "\0" + node.name
    c = f.cache.get(key)
    if c is None:
        c = f.cache[key] = evaluate(node.holder[0], f)
    return c


def _bool(c: Col, n) -> Col:
    if c.kind == "none":
        return Col("bool", np.zeros(n, dtype=bool), c.known, c.miss)
    if c.kind != "bool":
        raise Unsupported(f"{c.kind} used as ja/nee")
    return c


def _not(node, f):
    c = _bool(evaluate(node.operand, f), f.n)
    return Col("bool", ~c.val, c.known, c.miss)


def _junction(node, f, is_and: bool):
    cols = [_bool(evaluate(o, f), f.n) for o in node.operands]
    stop = np.zeros(f.n, dtype=bool)  # some operand is false (en) / true (of)
    all_known = np.ones(f.n, dtype=bool)
    for c in cols:
        stop |= c.known & (c.val != is_and)
        all_known &= c.known
    miss = union_missing(cols)
    known = stop | all_known
    val = ~stop if is_and else stop
    return Col("bool", val, known, miss * ~known)  # np.where costs five times as much


def _and(node, f):
    return _junction(node, f, True)


def _or(node, f):
    return _junction(node, f, False)


def _both_known(a, b, n):
    return a.known & b.known, a.miss | b.miss  # miss is 0 where a column is known


_CMP = {"=": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
        ">=": np.greater_equal}


def _binop(node, f):
    a, b = evaluate(node.left, f), evaluate(node.right, f)
    known, miss = _both_known(a, b, f.n)
    if a.kind == "none" or b.kind == "none":
        return Col("none", None, known, miss)
    op = node.op
    if op in _CMP:
        a, b = common(a, b)
        if op not in ("=", "!=") and a.kind in ("bool", "str"):
            raise Unsupported(f"{op} on {a.kind}")
        return Col("bool", _CMP[op](a.val, b.val), known, miss)
    if op not in ("+", "-", "*") or a.kind not in ("int", "dec") or b.kind not in ("int", "dec"):
        raise Unsupported(f"arithmetic {op} on {a.kind}, {b.kind}")
    if a.kind == "int" and b.kind == "int":
        if op == "*":
            over = (np.abs(a.val) >= 2 ** 31) | (np.abs(b.val) >= 2 ** 31)
            val = np.where(over, 0, a.val) * np.where(over, 0, b.val)
        else:
            val = a.val + b.val if op == "+" else a.val - b.val
            over = np.abs(val) >= LIMIT
        f.bad |= over & known
        return Col("int", val, known, miss)
    a, b = as_dec(a), as_dec(b)
    if op == "*":
        over = (np.abs(a.val) >= 2 ** 31) | (np.abs(b.val) >= 2 ** 31)
        prod = np.where(over, 0, a.val) * np.where(over, 0, b.val)
        f.bad |= (over | (prod % 100 != 0)) & known  # not whole cents: per case
        return Col("dec", prod // 100, known, miss, a.exp + b.exp)
    val = a.val + b.val if op == "+" else a.val - b.val
    f.bad |= (np.abs(val) >= LIMIT) & known
    return Col("dec", val, known, miss, np.minimum(a.exp, b.exp))


def _neg(node, f):
    c = evaluate(node.operand, f)
    if c.kind == "none":
        return c
    if c.kind not in ("int", "dec"):
        raise Unsupported(f"minus on {c.kind}")
    if c.kind == "dec":
        f.bad |= (c.val == 0) & c.known  # -Decimal('0') is Decimal('-0'): per case
    return Col(c.kind, -c.val, c.known, c.miss, c.exp)


def _member(node, f):
    c = evaluate(node.subject, f)
    if c.kind == "none":
        return Col("bool", np.zeros(f.n, dtype=bool), c.known, c.miss)
    opts = [constant(o, 1, f.ev) for o in node.options]
    if c.kind in ("str", "int", "date", "bool") and all(o.kind == c.kind for o in opts):
        values = {o.val[0] for o in opts}
        if len(values) > 8:
            hit = np.isin(c.val, np.array(list(values)))
        else:  # a few options: faster than np.isin
            hit = np.zeros(f.n, dtype=bool)
            for v in values:
                hit |= c.val == v
    else:
        hit = np.zeros(f.n, dtype=bool)
        for o in node.options:
            hit |= equal(c, constant(o, f.n, f.ev))
    return Col("bool", hit != node.negated, c.known, c.miss)


def _member_dynamic(node, f):
    c = evaluate(node.subject, f)
    if c.kind == "none":
        return Col("bool", np.zeros(f.n, dtype=bool), c.known, c.miss)
    opts = [evaluate(o, f) for o in node.options]
    hit = np.zeros(f.n, dtype=bool)
    for o in opts:
        hit |= equal(c, o)
    miss = union_missing(opts)
    known = c.known & (hit | (miss == 0) & np.logical_and.reduce([o.known for o in opts]))
    return Col("bool", hit != node.negated, known, np.where(known, ZERO64, np.where(c.known, miss, c.miss)))


def _age(node, f):
    b = evaluate(node.born, f)
    on = f.date if node.on is None else evaluate(node.on, f)
    if f.parent is not None and node.on is None:
        on = _peildatum(None, f)
    known, miss = _both_known(b, on, f.n)
    if b.kind == "none" or on.kind == "none":
        return Col("none", None, known, miss)
    if node.count is age:
        val = age_years(b.val, on.val, f.calendar)
    elif node.count is X.months_of_age:
        val = age_months(b.val, on.val, f.calendar)
    else:
        raise Unsupported("an age counted otherwise")
    return Col("int", np.where(known, val, 0), known, miss)


def _year(node, f):
    c = evaluate(node.operand, f)
    if c.kind != "date":
        raise Unsupported("jaar of something other than a date")
    return Col("int", f.calendar(c.val)[0], c.known, c.miss)


def _minmax(node, f):
    cols = [evaluate(o, f) for o in node.operands]
    kinds = {c.kind for c in cols} - {"none"}
    if len(kinds) > 1:
        raise Unsupported("min/max over mixed kinds")
    known = np.logical_and.reduce([c.known for c in cols])
    miss = union_missing(cols)
    if not kinds:
        return Col("none", None, known, miss)
    better = np.less if node.fn is min else np.greater
    cur = cols[0]
    val, exp = cur.val.copy(), None if cur.exp is None else cur.exp.copy()
    for c in cols[1:]:
        w = better(c.val, val)  # strictly: on a tie the first stays, as Python's min and max
        val = np.where(w, c.val, val)
        if exp is not None:
            exp = np.where(w, c.exp, exp)
    return Col(cur.kind, val, known, np.where(known, ZERO64, miss), exp)


def _quantify(node, f):
    items = evaluate(node.collection, f)
    if items.kind == "none":
        return Col("bool" if node.kind != "aantal" else "int", np.zeros(f.n, dtype=np.int64 if node.kind == "aantal"
                   else bool), items.known, items.miss)
    if items.kind != "list":
        raise Unsupported("a quantifier over something other than a list")
    offsets, fields = items.val
    lengths = np.diff(offsets)
    f.bad |= lengths > LONG_LIST  # the per-case engine's step budget decides such a case: per case
    index = np.repeat(np.arange(f.n), lengths)
    child = Frame(f.ev, len(index), None, None, parent=f, index=index)
    child.locals[node.variable] = Col("rec", fields, np.ones(len(index), dtype=bool),
                                      np.zeros(len(index), dtype=np.uint64))
    body = _bool(evaluate(node.body, child), len(index))
    if child.bad.any():
        f.bad[index[child.bad]] = True
    t = body.known & body.val
    fl = body.known & ~body.val
    count = np.bincount(index, weights=t, minlength=f.n).astype(np.int64)
    any_f = np.bincount(index, weights=fl, minlength=f.n) > 0
    u = ~body.known
    any_u = np.bincount(index, weights=u, minlength=f.n) > 0
    umiss = np.zeros(f.n, dtype=np.uint64)
    if u.any():
        np.bitwise_or.at(umiss, index[u], body.miss[u])
    lk = items.known
    if node.kind == "er is een":
        known = lk & ((count > 0) | ~any_u)
        val = count > 0
    elif node.kind == "elk":
        known = lk & (any_f | ~any_u)
        val = ~any_f
    else:
        known = lk & ~any_u
        miss = np.where(lk, umiss, items.miss)
        return Col("int", count, known, np.where(known, ZERO64, miss))
    miss = np.where(lk, umiss, items.miss)
    return Col("bool", val, known, np.where(known, ZERO64, miss))


def _table(node, f):
    key = (_peildatum(None, f) if node.at is None else evaluate(node.at, f))
    if key.kind == "none":
        return key
    if key.kind != "date":
        raise Unsupported("a table keyed by something other than a date")
    keys = np.array([(k - EPOCH).days for k in node.keys], dtype=np.int64)
    if np.any(np.diff(keys) < 0):
        raise Unsupported("table rows out of date order")
    pos = np.searchsorted(keys, key.val, side="right") - 1
    rows = [evaluate(v, f) for v in node.values]
    kinds = {r.kind for r in rows} - {"none"}
    if len(kinds) > 1:
        raise Unsupported("table values of mixed kinds")
    kind = kinds.pop() if kinds else "none"
    before = f.ev.bits.bit(node.name)
    known = np.zeros(f.n, dtype=bool)
    miss = np.where(key.known, before, key.miss)
    val = np.zeros(f.n, dtype=np.int64 if kind != "bool" else bool) if kind != "none" else None
    exp = np.zeros(f.n, dtype=np.int64) if kind == "dec" else None
    for i, r in enumerate(rows):
        sel = key.known & (pos == i)
        known |= sel & r.known
        miss = np.where(sel, np.where(r.known, ZERO64, r.miss), miss)
        if val is not None and r.kind != "none":
            val = np.where(sel, r.val, val)
            if exp is not None:
                exp = np.where(sel, r.exp, exp)
    return Col(kind, val, known, np.where(known, ZERO64, miss), exp)


NODES = {
    X.Const: _const, X.FactRef: _fact, X.Peildatum: _peildatum, X.LocalRef: _local, X.FieldRef: _field,
    X.DecisionRef: _decision, X.DefinitionRef: _definition, X.Not: _not, X.And: _and, X.Or: _or,
    X.BinOp: _binop, X.Neg: _neg, X.Member: _member, X.MemberDynamic: _member_dynamic, X.Age: _age,
    X.Year: _year, X.MinMax: _minmax, X.Quantify: _quantify, X.TableNode: _table,
}
