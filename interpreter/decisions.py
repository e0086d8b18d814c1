"""The decisions of the evaluation tree: rules, exceptions and the outcome of one decision.

A DecisionNode holds the rules of one beslissing in the order of the regulation; its
outcome for a case says which rules applied, which were set aside by an exception, the
value, the citations it rests on, and what is missing when the facts leave it open. The
expression nodes the rules are made of are in interpreter.tree.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from dsl.citation import Citation
from dsl.i18n import _ as tr
from interpreter.tree import MAX_DEPTH, Const, Context, EvaluationError, Node
from interpreter.values import Unknown, merge_missing


@attrs.frozen
class RuleNode:
    """One rule of a decision, with the rules (by index) that set it aside."""

    kind: str  # regel | uitzondering | anders | overweging
    condition: Node | None
    value: Node | None
    citation: Citation
    set_aside_by: tuple[int, ...]
    order: int  # index in the model's rules
    text: str | None = None
    sources: tuple[Citation, ...] = ()  # statutes whose values the rule's value uses, cited after it

    @property
    def cited(self) -> tuple[Citation, ...]:
        """What the rule cites when it gives the value: its provision, then the statutes it takes values from."""
        return (self.citation,) + self.sources


class Outcome:
    """What one decision came to for one case, with the state of each rule for the trace.

    A plain slotted class rather than attrs: one is made per decision per case, on the
    hot path of batch evaluation. Treat it as read-only.
    """

    __slots__ = ("value", "citations", "missing_set", "applies", "effective", "conflict",
                 "default_used", "error", "settled_over")

    def __init__(self, value, citations, missing_set, applies, effective, conflict=(),
                 default_used=False, error=None, settled_over=()):
        self.value = value  # None when undecided
        self.citations = citations
        self.missing_set = missing_set
        self.applies = applies  # per rule: True / False / Unknown
        self.effective = effective  # per rule: True / False / Unknown
        self.conflict = conflict
        self.default_used = default_used
        self.error = error
        # Facts left open that turned out not to matter: every value of them gives this value.
        self.settled_over = settled_over


_NO_VALUE = object()


@attrs.frozen
class DecisionNode:
    """A decision: its rules, the exceptions between them, and its value for all other cases."""

    name: str
    rules: tuple[RuleNode, ...]  # regel / uitzondering / overweging, in the order of the regulation
    default: RuleNode | None
    is_list: bool = False
    # Precomputed for speed: conditions, constant values, whether any exception exists.
    conditions: tuple = attrs.field(init=False, eq=False, repr=False)
    constants: tuple = attrs.field(init=False, eq=False, repr=False)
    has_exceptions: bool = attrs.field(init=False, eq=False, repr=False)
    single: tuple = attrs.field(init=False, eq=False, repr=False)
    excepts: tuple = attrs.field(init=False, eq=False, repr=False)  # see exception_objects

    def __attrs_post_init__(self):
        object.__setattr__(self, "conditions", tuple(r.condition for r in self.rules))
        object.__setattr__(self, "constants", tuple(
            r.value.value if isinstance(r.value, Const) else _NO_VALUE for r in self.rules))
        object.__setattr__(self, "has_exceptions", any(r.set_aside_by for r in self.rules))
        object.__setattr__(self, "single", tuple(r.cited for r in self.rules))
        object.__setattr__(self, "excepts", exception_objects(tuple(r.set_aside_by for r in self.rules)))

    def _value(self, i: int, ctx):
        v = self.constants[i]
        return self.rules[i].value.evaluate(ctx) if v is _NO_VALUE else v

    def outcome(self, ctx: Context) -> Outcome:
        cache = ctx.cache
        out = cache.get(self.name)
        if out is None:
            ctx.depth += 1
            if ctx.depth > MAX_DEPTH:
                raise EvaluationError(tr("decisions nest deeper than {n} levels at '{name}'").format(
                                          n=MAX_DEPTH, name=self.name))
            out = self._considerations(ctx) if self.is_list else self._decide(ctx)
            ctx.depth -= 1
            cache[self.name] = out
        return out

    def _decide(self, ctx: Context) -> Outcome:
        rules = self.rules
        applies = tuple([True if c is None else c.evaluate(ctx) for c in self.conditions])
        if not self.has_exceptions:
            definite = [i for i, a in enumerate(applies) if a is True]
            if len(definite) == 1:  # the common case: one rule decides
                i = definite[0]
                v = self._value(i, ctx)
                if type(v) is not Unknown:
                    return Outcome(v, self.single[i], frozenset(), applies, applies)
            possible = [i for i, a in enumerate(applies) if a is not True and a is not False]
            if not definite and not possible and self.default is not None:
                v = self.default.value.evaluate(ctx)
                if type(v) is not Unknown:
                    return Outcome(v, self.default.cited, frozenset(), applies, applies, default_used=True)
            return self._resolve(ctx, applies, applies, definite, possible)
        applies = without_object(applies, self.excepts)
        effective, definite, possible = set_aside(applies, (r.set_aside_by for r in rules))
        return self._resolve(ctx, applies, effective, definite, possible)

    def _resolve(self, ctx, applies_t, effective_t, definite, possible) -> Outcome:
        """The value from the rules that certainly, or possibly, apply and are not set aside."""
        rules = self.rules
        effective = effective_t
        if definite:
            values = [self._value(i, ctx) for i in definite]
            known = [v for v in values if type(v) is not Unknown]
            if len(set(map(value_key, known))) > 1:
                cits = tuple(rules[i].citation for i in definite)
                return Outcome(None, (), frozenset(), applies_t, effective_t, conflict=cits)
            if len(known) < len(values):
                return Outcome(None, (), merge_missing(values), applies_t, effective_t)
            return Outcome(known[0], dedupe(c for i in definite for c in rules[i].cited), frozenset(),
                           applies_t, effective_t)

        default = self.default
        if possible:
            candidates = [self._value(i, ctx) for i in possible]
            # A rule whose own condition holds is set aside only by an exception that applies, and
            # so on down the (acyclic) chain: then some rule decides in every case, and the value
            # for all other cases is not a candidate.
            use_default = not any(applies_t[i] is True for i in possible)
            if use_default:
                candidates.append(default.value.evaluate(ctx) if default is not None else _NO_VALUE)
            first = candidates[0]
            if all(type(c) is not Unknown and c is not _NO_VALUE for c in candidates) \
                    and len(set(map(value_key, candidates))) == 1:
                # Cite what surely gave the value: the rules whose own condition holds, or the value
                # for all other cases; not a rule that might apply but agrees anyway.
                nodes = [rules[i] for i in possible if applies_t[i] is True] + ([default] if use_default else [])
                cits = [c for r in sorted(nodes, key=lambda r: r.order) for c in r.cited]  # regulation order
                return Outcome(first, dedupe(cits), frozenset(), applies_t, effective_t,
                               default_used=use_default)
            missing = merge_missing(effective[i] for i in possible) | merge_missing(c for c in candidates if c is not _NO_VALUE)
            return Outcome(None, (), missing, applies_t, effective_t)

        if default is None:
            return Outcome(None, (), frozenset(), applies_t, effective_t,
                           error="geen regel is van toepassing en de regeling geeft geen waarde voor alle andere gevallen")
        v = default.value.evaluate(ctx)
        if type(v) is Unknown:
            return Outcome(None, (), v.missing, applies_t, effective_t, default_used=True)
        return Outcome(v, default.cited, frozenset(), applies_t, effective_t, default_used=True)

    def _considerations(self, ctx: Context) -> Outcome:
        """A list decision: every consideration whose condition holds, in the order of the regulation."""
        applies = tuple(True if r.condition is None else r.condition.evaluate(ctx) for r in self.rules)
        if any(type(a) is Unknown for a in applies):
            return Outcome(None, (), merge_missing(applies), applies, applies)
        chosen = [r for r, a in zip(self.rules, applies) if a is True]
        value = [{"text": r.text, "citation": r.citation.to_dict()} for r in chosen]
        return Outcome(value, dedupe(r.citation for r in chosen), frozenset(), applies, applies)


def exception_objects(set_aside_by: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Per exception (by index), the rules it sets aside: (exception, targets), an exception
    after the exceptions it sets aside, so that a chain is followed from its base rule."""
    targets: dict[int, list[int]] = {}
    for i, by in enumerate(set_aside_by):
        for e in by:
            targets.setdefault(e, []).append(i)
    out, done = [], set()

    def visit(e, path=()):
        if e in done or e in path:  # the checker refuses cycles; never loop on one
            return
        for t in targets[e]:
            if t in targets:
                visit(t, path + (e,))
        done.add(e)
        out.append((e, tuple(targets[e])))

    for e in sorted(targets):
        visit(e)
    return tuple(out)


def without_object(applies: tuple, excepts) -> tuple:
    """An exception presupposes the rule it makes an exception to: where every rule it sets
    aside is known not to apply, it has nothing to set aside and counts as not applying, so
    that the answer rests on what does apply (a Nugger, to whom artikel 6, eerste lid, offers
    nothing, is refused under that lid, not under the exemption of the second). Where a rule
    it sets aside may still apply, the exception stands: it decides when that is unknown.
    Shared by the compiled engine (interpreter.codegen.runtime)."""
    out = list(applies)
    changed = False
    for e, targets in excepts:
        if out[e] is not False and all(out[t] is False for t in targets):
            out[e], changed = False, True
    return tuple(out) if changed else applies


def set_aside(applies: tuple, set_aside_by) -> tuple[tuple, list[int], list[int]]:
    """Whether each rule applies once exceptions are taken into account, and which rules then
    certainly (definite) or possibly apply. `set_aside_by` gives per rule the indexes of the
    rules that set it aside. Shared with the compiled engine (interpreter.codegen.runtime)."""
    effective = []
    definite, possible = [], []
    for i, by in enumerate(set_aside_by):
        a = applies[i]
        if a is not False:
            missing = None if a is True else a.missing
            for e in by:
                ae = applies[e]
                if ae is True:
                    a = False
                    break
                if ae is not False:
                    missing = ae.missing if missing is None else missing | ae.missing
            else:
                if missing is not None:
                    a = Unknown(missing)
        effective.append(a)
        if a is True:
            definite.append(i)
        elif a is not False:
            possible.append(i)
    return tuple(effective), definite, possible


def value_key(v):
    return (type(v).__name__ == "bool", repr(v)) if not isinstance(v, (int, Decimal)) or isinstance(v, bool) \
        else ("num", Decimal(v))


def dedupe(cits) -> tuple[Citation, ...]:
    seen, out = set(), []
    for c in cits:
        if c not in seen:
            seen.add(c)
            out.append(c)
    return tuple(out)
