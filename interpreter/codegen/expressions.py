"""Expressions of the evaluation tree -> Python statements (the first half of the generator).

Each x_<Node> method writes the statements that compute one node of interpreter.tree and
returns a local (or a constant) that holds its value: a plain value, or an Unknown that
names the missing facts, exactly as the node's evaluate() would return. Safety rules and
the fallback to the tree: see generator.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from contextlib import contextmanager

import attrs

from interpreter import decisions as D
from interpreter import tree as X
from interpreter.values import age

MAX_INDENT = 40  # nested blocks in generated code; deeper rules are left to the tree
MAX_LOOPS = 12  # nested quantifiers (CPython allows 20 nested loop blocks)


# Whether the tree counts the steps of a case through lists (Context.steps, the budget of
# issue 13); the generated loops then count them in the same Context.
_COUNTS_STEPS = "steps" in getattr(X.Context, "__slots__", ())


class OverBudget(Exception):
    """A generated loop used up the case's steps: the tree evaluates the case and reports it."""


class Unsupported(Exception):
    """The tree holds something the generator cannot translate exactly: use the tree."""

# The fields of every node this generator translates. A node that gains a field may mean
# something new: then it is not translated (see _check).
_FIELDS = {
    X.Const: {"value"}, X.FactRef: {"name", "unknown"}, X.Peildatum: set(), X.LocalRef: {"name"},
    X.FieldRef: {"subject", "field", "path"}, X.DecisionRef: {"name", "holder"},
    X.DefinitionRef: {"name", "holder"}, X.Not: {"operand"}, X.And: {"operands"}, X.Or: {"operands"},
    X.BinOp: {"op", "left", "right", "fn"}, X.Neg: {"operand"},
    X.Member: {"subject", "options", "negated"}, X.MemberDynamic: {"subject", "options", "negated"},
    X.Age: {"born", "on", "count"}, X.Year: {"operand"}, X.MinMax: {"fn", "operands"},
    X.Quantify: {"kind", "variable", "collection", "body"}, X.TableNode: {"name", "keys", "values", "at"},
    D.RuleNode: {"kind", "condition", "value", "citation", "set_aside_by", "order", "text", "sources"},
    D.DecisionNode: {"name", "rules", "default", "is_list", "conditions", "constants", "has_exceptions",
                     "single", "excepts"},
}
_PY_OPS = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "+": "+", "-": "-", "*": "*"}
_PLAIN = (bool, type(None))  # written as repr() in the source; every other constant is a global


def _check(node) -> None:
    cls = type(node)
    known = _FIELDS.get(cls)
    if known is None or not {f.name for f in attrs.fields(cls)} <= known:
        raise Unsupported(cls.__name__)


class ExpressionWriter:
    """Writes the statements of expressions; the generator adds decisions and functions."""

    def __init__(self, namespace: dict):
        self.lines: list[str] = []
        self.indent = 1
        self.loops = 0
        self.counter = itertools.count()
        self.consts: dict = {}  # (type, repr, id) -> global name
        self.namespace = namespace
        self.facts: dict[str, str] = {}  # fact name -> local
        self.known_exprs: set[str] = {"date"}  # expressions never Unknown
        self.done: dict[str, str] = {}  # decision name or '\0' + begrip -> local holding its value

    # ------------------------------------------------------------------ output helpers

    def tmp(self, prefix: str = "t") -> str:
        return f"{prefix}{next(self.counter)}"

    def line(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)

    @contextmanager
    def block(self, header: str, loop: bool = False):
        self.line(header)
        self.indent += 1
        self.loops += loop
        if self.indent > MAX_INDENT or self.loops > MAX_LOOPS:
            raise Unsupported("nested too deeply")
        try:
            yield
        finally:
            self.indent -= 1
            self.loops -= loop

    def known(self, expr: str) -> bool:
        """Whether the expression is a constant that is not Unknown (or the peildatum)."""
        return expr in self.known_exprs

    def const(self, value) -> str:
        """A constant: repr() for the plain types, else a global of the namespace."""
        if type(value) in _PLAIN:
            text = repr(value)
            self.known_exprs.add(text)
            return text
        key = (type(value), repr(value), id(value) if type(value) not in (X.Decimal, dt.date) else 0)
        name = self.consts.get(key)
        if name is None:
            name = self.consts[key] = f"_k{len(self.consts)}"
            self.namespace[name] = value
            if type(value) is not X.Unknown:
                self.known_exprs.add(name)
        return name

    def unless_unknown(self, expr: str):
        """A block run only when expr is not Unknown; no block at all for a known constant."""
        return contextlib.nullcontext() if self.known(expr) else self.block(f"if type({expr}) is not Unknown:")

    # ------------------------------------------------------------------ expressions

    def expr(self, node, scope: dict) -> str:
        """Write the statements computing node; return a local or constant holding its value.

        A node the generator does not translate is evaluated by the tree itself, on a Context
        made once per case: slower, never different.
        """
        mark = len(self.lines)
        try:
            _check(node)
            return getattr(self, "x_" + type(node).__name__)(node, scope)
        except Unsupported:
            if not isinstance(node, X.Node):
                raise
            del self.lines[mark:]
            return self.escape(node, scope)

    def escape(self, node, scope: dict) -> str:
        for name, local in scope.items():
            self.line(f"ctx.locals[{self.const(name)}] = {local}")
        t = self.tmp()
        self.line(f"{t} = {self.const(node)}.evaluate(ctx)")
        return t

    def x_Const(self, n, scope):
        return self.const(n.value)

    def x_FactRef(self, n, scope):
        local = self.facts.get(n.name)
        if local is None:
            raise Unsupported("fact read before it was loaded")  # pragma: no cover - facts are preloaded
        return local

    def x_Peildatum(self, n, scope):
        return "date"

    def x_LocalRef(self, n, scope):
        if n.name not in scope:
            raise Unsupported(f"local {n.name!r} out of scope")
        return scope[n.name]

    def x_FieldRef(self, n, scope):
        s = self.expr(n.subject, scope)
        t = self.tmp()
        with self.block(f"if type({s}) is Unknown:"):
            self.line(f"{t} = {s}")
        with self.block("else:"):
            self.line(f"{t} = {s}.get({n.field!r})")
            with self.block(f"if {t} is None:"):
                self.line(f"{t} = {self.const(X.Unknown(frozenset({n.path})))}")
        return t

    def x_DecisionRef(self, n, scope):
        if n.name not in self.done:
            raise Unsupported(f"decision {n.name!r} used before it is computed")
        return self.done[n.name]

    def x_DefinitionRef(self, n, scope):
        key = "\0" + n.name
        if key not in self.done:
            raise Unsupported(f"begrip {n.name!r} used before it is computed")
        return self.done[key]

    def x_Not(self, n, scope):
        v = self.expr(n.operand, scope)
        t = self.tmp()
        self.line(f"{t} = False if {v} is True else (True if {v} is False else {v})")
        return t

    def _kleene(self, operands, scope, stop: bool) -> str:
        """en (stop at False) / of (stop at True), flat: each operand only while undecided."""
        t, u = self.tmp(), self.tmp("u")
        self.line(f"{t} = None")
        self.line(f"{u} = None")
        for k, o in enumerate(operands):
            guard = self.block(f"if {t} is None:") if k else _nothing()
            with guard:
                v = self.expr(o, scope)
                with self.block(f"if {v} is {stop}:"):
                    self.line(f"{t} = {stop}")
                with self.block(f"elif {v} is not {not stop}:"):
                    self.line(f"{u} = {v}.missing if {u} is None else {u} | {v}.missing")
        with self.block(f"if {t} is None:"):
            self.line(f"{t} = {not stop} if {u} is None else Unknown({u})")
        return t

    def x_And(self, n, scope):
        return self._kleene(n.operands, scope, False)

    def x_Or(self, n, scope):
        return self._kleene(n.operands, scope, True)

    def x_BinOp(self, n, scope):
        if n.op == "/":
            if n.fn is not X._divide:
                raise Unsupported("division")
            apply = "_divide({a}, {b})"
        else:
            if n.op not in _PY_OPS or n.fn is not X._OPS.get(n.op):
                raise Unsupported(f"operator {n.op!r}")
            apply = "{a} " + _PY_OPS[n.op] + " {b}"
        a = self.expr(n.left, scope)
        b = self.expr(n.right, scope)
        t = self.tmp()
        self.strict(t, (a, b), apply.format(a=a, b=b))
        return t

    def strict(self, t: str, operands: tuple, compute: str) -> None:
        """t = compute, or the first Unknown operand; with two Unknowns, their missing merged."""
        a, b = operands
        if self.known(a) and self.known(b):
            self.line(f"{t} = {compute}")
            return
        if self.known(a):
            self.line(f"{t} = {b} if type({b}) is Unknown else {compute}")
            return
        if self.known(b):
            self.line(f"{t} = {a} if type({a}) is Unknown else {compute}")
            return
        with self.block(f"if type({a}) is Unknown:"):
            self.line(f"{t} = Unknown({a}.missing | {b}.missing) if type({b}) is Unknown else {a}")
        with self.block(f"elif type({b}) is Unknown:"):
            self.line(f"{t} = {b}")
        with self.block("else:"):
            self.line(f"{t} = {compute}")

    def x_Neg(self, n, scope):
        v = self.expr(n.operand, scope)
        t = self.tmp()
        self.line(f"{t} = {v} if type({v}) is Unknown else -{v}")
        return t

    def x_Member(self, n, scope):
        if type(n.options) is not frozenset or type(n.negated) is not bool:
            raise Unsupported("membership")
        v = self.expr(n.subject, scope)
        t = self.tmp()
        self.line(f"{t} = {v} if type({v}) is Unknown else ({v} {'not in' if n.negated else 'in'} "
                  f"{self.const(n.options)})")
        return t

    def x_MemberDynamic(self, n, scope):
        if type(n.negated) is not bool:
            raise Unsupported("membership")
        v = self.expr(n.subject, scope)
        t, u = self.tmp(), self.tmp("u")
        with self.block(f"if type({v}) is Unknown:"):
            self.line(f"{t} = {v}")
        with self.block("else:"):
            self.line(f"{t} = None")
            self.line(f"{u} = None")
            for k, o in enumerate(n.options):
                with (self.block(f"if {t} is None:") if k else _nothing()):
                    w = self.expr(o, scope)
                    with self.block(f"if type({w}) is Unknown:"):
                        self.line(f"{u} = {w}.missing if {u} is None else {u} | {w}.missing")
                    with self.block(f"elif {w} == {v}:"):
                        self.line(f"{t} = {not n.negated}")
            with self.block(f"if {t} is None:"):
                self.line(f"{t} = {n.negated} if {u} is None else Unknown({u})")
        return t

    def x_Age(self, n, scope):
        if n.count is not age and n.count is not X.months_of_age:
            raise Unsupported("age count")
        b = self.expr(n.born, scope)
        on = "date" if n.on is None else self.expr(n.on, scope)
        t = self.tmp()
        self.strict(t, (b, on), f"{self.const(n.count)}({b}, {on})")
        return t

    def x_Year(self, n, scope):
        v = self.expr(n.operand, scope)
        t = self.tmp()
        self.line(f"{t} = {v} if type({v}) is Unknown else {v}.year")
        return t

    def x_MinMax(self, n, scope):
        if n.fn is not min and n.fn is not max:
            raise Unsupported("min/max")
        vals = [self.expr(o, scope) for o in n.operands]
        t = self.tmp()
        self.line(f"{t} = _minmax({n.fn.__name__}, [{', '.join(vals)}])")
        return t

    def x_Quantify(self, n, scope):
        if n.kind not in ("er is een", "elk", "aantal"):
            raise Unsupported(f"quantifier {n.kind!r}")
        items = self.expr(n.collection, scope)
        t, u, c, q = self.tmp(), self.tmp("u"), self.tmp("c"), self.tmp("q")
        with self.block(f"if type({items}) is Unknown:"):
            self.line(f"{t} = {items}")
        with self.block("else:"):
            self.line(f"{t} = None")
            self.line(f"{u} = None")
            self.line(f"{c} = 0")
            with self.block(f"for {q} in {items}:", loop=True):
                if _COUNTS_STEPS:  # as Quantify.evaluate: over the budget, the tree reports it
                    self.line("ctx.steps -= 1")
                    with self.block("if ctx.steps < 0:"):
                        self.line("raise _OverBudget")
                v = self.expr(n.body, {**scope, n.variable: q})
                with self.block(f"if {v} is True:"):
                    if n.kind == "er is een":
                        self.line(f"{t} = True")
                        self.line("break")
                    else:
                        self.line(f"{c} += 1")
                with self.block(f"elif {v} is False:"):
                    if n.kind == "elk":
                        self.line(f"{t} = False")
                        self.line("break")
                    else:
                        self.line("pass")
                with self.block("else:"):
                    self.line(f"{u} = {v}.missing if {u} is None else {u} | {v}.missing")
            with self.block(f"if {t} is None:"):
                final = {"er is een": "False", "elk": "True", "aantal": c}[n.kind]
                self.line(f"{t} = Unknown({u}) if {u} is not None else {final}")
        return t

    def x_TableNode(self, n, scope):
        if not all(type(k) is dt.date for k in n.keys) or len(n.keys) != len(n.values):
            raise Unsupported("table")
        key = "date" if n.at is None else self.expr(n.at, scope)
        t, i = self.tmp(), self.tmp("i")
        with self.block(f"if type({key}) is Unknown:"):
            self.line(f"{t} = {key}")
        with self.block("else:"):
            self.line(f"{i} = _table_index({self.const(tuple(n.keys))}, {key})")
            with self.block(f"if {i} == -1:"):
                self.line(f"{t} = {self.const(X.Unknown(frozenset({n.name})))}")
            for k, v in enumerate(n.values):
                with self.block(f"elif {i} == {k}:"):
                    self.line(f"{t} = {self.expr(v, scope)}")
        return t


@contextmanager
def _nothing():
    yield
