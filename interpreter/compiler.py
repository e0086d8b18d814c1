"""Checked model -> evaluation tree.

Compilation is a pure function of the model: names become direct references to
fact slots, decisions and definitions; constant option sets become frozensets;
exception relations become index lists. The result is immutable and shared by
every case evaluated against it.
"""

from __future__ import annotations

from collections import Counter

import attrs

from dsl import syntax as S
from dsl.model import Model
from interpreter import decisions as D
from interpreter import tree as X
from interpreter.values import Unknown


@attrs.frozen
class Program:
    """One compiled version of a regulation."""

    model: Model
    decisions: tuple[D.DecisionNode, ...]  # in declaration order
    by_name: dict = attrs.field(eq=False)
    rule_nodes: dict = attrs.field(eq=False)  # model rule order -> (decision, index in its rules) for traces
    fact_order: dict = attrs.field(eq=False)  # fact name -> declaration order, for sorting 'missing'
    # decision -> facts that occur more than once in its formula. Only over those can
    # three-valued logic leave open what the facts decide (see Version._settle).
    repeated_facts: dict = attrs.field(eq=False, factory=dict)
    # cache key of a case (decision, or '\0' + begrip) -> the facts it reads, transitively
    fact_dependencies: dict = attrs.field(eq=False, factory=dict)

    def sort_missing(self, names) -> list[str]:
        """Missing facts (and fields, as 'kinderen[].geboortedatum') in the order of declaration."""
        order = self.fact_order
        return sorted(names, key=lambda n: (order.get(n.split("[")[0], len(order)), n))

    def missing_facts(self, names) -> list[str]:
        """A decision's 'missing': the facts themselves, so a missing field names its list."""
        return self.sort_missing({n.split("[")[0] for n in names})


class _Compiler:
    def __init__(self, model: Model):
        self.model = model
        self.facts = {f.name: f for f in model.facts}
        self.decisions: dict[str, D.DecisionNode] = {}
        self.decision_holders: dict[str, list] = {}
        self.definitions = {d.name: [None] for d in model.definitions}
        self.tables = {t.name: t for t in model.tables}
        self.fact_unknowns = {n: Unknown(frozenset({n})) for n in self.facts}
        self.statutes = {st.name: st for st in getattr(model, "statutes", ())}

    def expr(self, e: S.Expr, scope: dict | None = None) -> X.Node:
        """scope maps a quantifier's variable to the list it runs over (for naming missing fields)."""
        scope = scope or {}
        if isinstance(e, S.Literal):
            return X.Const(e.value)
        if isinstance(e, S.Name):
            n = e.id
            if n in scope:
                return X.LocalRef(n)
            if n == "peildatum":
                return X.Peildatum()
            if n in self.facts:
                return X.FactRef(n, self.fact_unknowns[n])
            if n in self.definitions:
                return X.DefinitionRef(n, self.definitions[n])
            if n in self.statutes:
                st = self.statutes[n]
                return X.StatutoryValue(n, st.value, st.source)
            return X.DecisionRef(n, self.decision_holders.setdefault(n, [None]))
        if isinstance(e, S.FieldAccess):
            subject = e.subject.id if isinstance(e.subject, S.Name) else ""
            path = f"{scope[subject]}[].{e.field}" if subject in scope else f"{subject}.{e.field}"
            return X.FieldRef(self.expr(e.subject, scope), e.field, path)
        if isinstance(e, S.Unary):
            inner = self.expr(e.operand, scope)
            return X.Not(inner) if e.op == "niet" else X.Neg(inner)
        if isinstance(e, S.BoolOp):
            ops = tuple(self.expr(o, scope) for o in e.operands)
            return X.And(ops) if e.op == "en" else X.Or(ops)
        if isinstance(e, S.Binary):
            if e.op in ("+", "-") and self.is_duration(e.right) and not self.is_duration(e.left):
                return X.DateShift(self.expr(e.left, scope), self.expr(e.right, scope), 1 if e.op == "+" else -1)
            return X.binop(e.op, self.expr(e.left, scope), self.expr(e.right, scope))
        if isinstance(e, S.PercentOf):
            return X.PercentOf(self.expr(e.percentage, scope), self.expr(e.whole, scope))
        if isinstance(e, S.Rounding):
            return X.Round(self.expr(e.operand, scope), X.ROUNDING_UNITS[e.unit], X.ROUNDING_MODES[e.direction])
        if isinstance(e, S.DateRelation):
            return X.DateRelation(self.expr(e.subject, scope),
                                  self.expr(e.within, scope) if e.within is not None else None,
                                  e.direction, self.expr(e.anchor, scope))
        if isinstance(e, S.Membership):
            subject = self.expr(e.subject, scope)
            if all(isinstance(o, S.Literal) for o in e.options):
                return X.Member(subject, frozenset(o.value for o in e.options), e.negated)
            return X.MemberDynamic(subject, tuple(self.expr(o, scope) for o in e.options), e.negated)
        if isinstance(e, S.Call):
            args = [self.expr(a, scope) for a in e.args]
            if e.function == "leeftijd":
                return X.Age(args[0], args[1] if len(args) > 1 else None)
            if e.function == "leeftijd_in_maanden":
                return X.Age(args[0], args[1] if len(args) > 1 else None, X.months_of_age)
            if e.function == "jaar":
                return X.Year(args[0])
            if e.function == "datum":
                return X.MakeDate(tuple(args))
            return X.MinMax(min if e.function == "min" else max, tuple(args))
        if isinstance(e, S.Quantifier):
            label = e.collection.id if isinstance(e.collection, S.Name) else e.variable
            inner = {**scope, e.variable: label}
            return X.Quantify(e.kind, e.variable, self.expr(e.collection, scope), self.expr(e.body, inner))
        if isinstance(e, S.TableLookup):
            t = self.tables[e.table]
            # A row 'nog niet vastgesteld' is unknown, and 'missing' names the table.
            values = tuple(self.expr(r.value) if r.value is not None else X.Const(Unknown(frozenset({t.name})))
                           for r in t.rows)
            return X.TableNode(t.name, tuple(r.key for r in t.rows), values,
                               self.expr(e.at, scope) if e.at is not None else None)
        raise TypeError(e)  # pragma: no cover

    def is_duration(self, e: S.Expr) -> bool:
        """Whether e is a duration (the checker has made sure of the types): for datum + duur."""
        if isinstance(e, S.Literal):
            return e.kind == "duur"
        if isinstance(e, S.Name):
            n = e.id
            info = self.facts.get(n) or self.model.decision(n) or self.statutes.get(n) \
                or next((d for d in self.model.definitions if d.name == n), None)
            return info is not None and info.type.kind == "duur"
        if isinstance(e, S.Binary) and e.op in ("+", "-", "*"):
            return self.is_duration(e.left) or self.is_duration(e.right)
        return False

    def sources(self, value: S.Expr | None) -> tuple:
        """The statutes whose values a rule's value uses, in the order they are written."""
        if value is None:
            return ()
        out = []
        for x in reversed(list(S.iter_expr(value))):
            if isinstance(x, S.Name) and x.id in self.statutes and self.statutes[x.id].source not in out:
                out.append(self.statutes[x.id].source)
        return tuple(out)

    def compile(self) -> Program:
        for d in self.model.definitions:
            self.definitions[d.name][0] = self.expr(d.expr)
        rule_nodes = {}
        for d in self.model.decisions:
            rules = [r for r in self.model.rules_for(d.name)]
            main = [r for r in rules if r.kind != "anders"]
            default = next((r for r in rules if r.kind == "anders"), None)
            local = {r.order: i for i, r in enumerate(main)}
            nodes = []
            for r in main:
                nodes.append(D.RuleNode(
                    r.kind, self.expr(r.condition) if r.condition is not None else None,
                    self.expr(r.value) if r.value is not None else None, r.citation,
                    tuple(local[o] for o in self.model.overrides.get(r.order, ()) if o in local), r.order, r.text,
                    self.sources(r.value)))
                rule_nodes[r.order] = (d.name, len(nodes) - 1)
            dnode = None
            if default is not None:
                dnode = D.RuleNode("anders", None, self.expr(default.value), default.citation, (), default.order,
                                   sources=self.sources(default.value))
                rule_nodes[default.order] = (d.name, -1)
            self.decisions[d.name] = D.DecisionNode(d.name, tuple(nodes), dnode, d.type.kind == "overwegingen")
        for name, holder in self.decision_holders.items():
            holder[0] = self.decisions[name]
        ordered = tuple(self.decisions[d.name] for d in self.model.decisions)
        cones = fact_cones(self.model)
        return Program(self.model, ordered, dict(self.decisions), rule_nodes,
                       {f.name: f.order for f in self.model.facts}, repeated_facts(cones),
                       fact_dependencies(self.model, cones))


def fact_cones(model: Model) -> dict[str, Counter]:
    """Per decision and begrip, how often each fact occurs in its formula, others expanded.

    A fact in the condition of an exception counts twice: it is read where the exception
    applies and, negated, in every rule the exception sets aside.
    """
    definitions = {d.name: d.expr for d in model.definitions}
    decisions = {d.name for d in model.decisions}
    facts = {f.name for f in model.facts}
    memo: dict[str, Counter] = {}

    def count(expr, weight: int, into: Counter, trail: frozenset):
        if expr is None:
            return
        for e in S.iter_expr(expr):
            if isinstance(e, S.Name):
                if e.id in facts:
                    into[e.id] += weight
                elif e.id not in trail and (e.id in decisions or e.id in definitions):
                    for k, v in cone(e.id, trail).items():
                        into[k] += v * weight

    def cone(name: str, trail: frozenset = frozenset()) -> Counter:
        if name in memo:
            return memo[name]
        total: Counter = Counter()
        inner = trail | {name}
        if name in definitions:
            count(definitions[name], 1, total, inner)
        else:
            for r in model.rules_for(name):
                weight = 2 if r.sets_aside else 1
                count(r.condition, weight, total, inner)
                count(r.value, 1, total, inner)
        memo[name] = total
        return total

    return {name: cone(name) for name in list(decisions) + list(definitions)}


def repeated_facts(cones: dict[str, Counter]) -> dict[str, frozenset]:
    """Per decision, the facts that occur more than once in its formula."""
    return {name: frozenset(f for f, n in c.items() if n > 1) for name, c in cones.items()}


def fact_dependencies(model: Model, cones: dict[str, Counter]) -> dict[str, frozenset]:
    """Per cache key of a case (a decision's name, '\\0' + a begrip's name), the facts it reads."""
    definitions = {d.name for d in model.definitions}
    return {("\0" + n if n in definitions else n): frozenset(c) for n, c in cones.items()}


def compile_model(model: Model) -> Program:
    return _Compiler(model).compile()
