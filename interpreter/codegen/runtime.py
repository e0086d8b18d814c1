"""What generated programs call: the parts of deciding that do not pay to inline.

Each function mirrors interpreter.decisions.DecisionNode step by step, with citations as
small integers (indexes into the version's table of citations, equal citations one
index) instead of Citation objects, and rule values computed beforehand. The tree
stays the reference: tests/test_codegen_parity.py holds the two together.
"""

from __future__ import annotations

import attrs

from interpreter.decisions import dedupe  # works on citation indexes as on Citations
from interpreter.decisions import set_aside, without_object
from interpreter.decisions import value_key as _key
from interpreter.values import Unknown, merge_missing

EMPTY: frozenset = frozenset()
NO_VALUE = object()  # a rule without a value for all other cases
ERROR_NO_RULE = ("geen regel is van toepassing en de regeling geeft geen waarde voor alle andere gevallen")


@attrs.frozen
class DecisionSpec:
    """The static shape of one decision, as the generator found it in the tree."""

    name: str
    cits: tuple[int, ...]  # per rule: its provision (what a conflict names)
    orders: tuple[int, ...]  # per rule: its order in the model
    set_aside_by: tuple[tuple[int, ...], ...]
    has_exceptions: bool
    default_cit: int | None
    default_order: int | None
    texts: tuple = ()  # per rule, for a list of considerations
    citation_table: tuple = ()  # index -> Citation, for a list of considerations
    # per rule: what it cites when it gives the value (RuleNode.cited: its provision, then
    # the statutes its value takes values from); and the same for the default
    cited: tuple[tuple[int, ...], ...] = ()
    default_cited: tuple[int, ...] = ()
    excepts: tuple = ()  # decisions.exception_objects: per exception, the rules it sets aside


def decide(spec: DecisionSpec, applies: tuple, values: tuple, default_value):
    """DecisionNode._decide: (value, citations, missing, conflict, error, default_used)."""
    if not spec.has_exceptions:
        definite = [i for i, a in enumerate(applies) if a is True]
        if len(definite) == 1:
            i = definite[0]
            v = values[i]
            if type(v) is not Unknown:
                return (v, spec.cited[i], EMPTY, (), None, False)
        possible = [i for i, a in enumerate(applies) if a is not True and a is not False]
        if not definite and not possible and default_value is not NO_VALUE:
            if type(default_value) is not Unknown:
                return (default_value, spec.default_cited, EMPTY, (), None, True)
        return resolve(spec, applies, applies, definite, possible, values, default_value)
    applies = without_object(applies, spec.excepts)
    effective, definite, possible = set_aside(applies, spec.set_aside_by)
    return resolve(spec, applies, effective, definite, possible, values, default_value)


def resolve(spec, applies, effective, definite, possible, values, default_value):
    """DecisionNode._resolve."""
    if definite:
        vals = [values[i] for i in definite]
        known = [v for v in vals if type(v) is not Unknown]
        if len(set(map(_key, known))) > 1:
            return (None, (), EMPTY, tuple(spec.cits[i] for i in definite), None, False)
        if len(known) < len(vals):
            return (None, (), merge_missing(vals), (), None, False)
        return (known[0], dedupe(c for i in definite for c in spec.cited[i]), EMPTY, (), None, False)
    has_default = default_value is not NO_VALUE
    if possible:
        candidates = [values[i] for i in possible]
        use_default = not any(applies[i] is True for i in possible)
        if use_default:
            candidates.append(default_value)
        first = candidates[0]
        if all(type(c) is not Unknown and c is not NO_VALUE for c in candidates) \
                and len(set(map(_key, candidates))) == 1:
            nodes = [(spec.orders[i], spec.cited[i]) for i in possible if applies[i] is True]
            if use_default:
                nodes.append((spec.default_order, spec.default_cited))
            nodes.sort(key=lambda n: n[0])
            return (first, dedupe(c for _, cited in nodes for c in cited), EMPTY, (), None, use_default)
        missing = merge_missing(effective[i] for i in possible) | \
            merge_missing(c for c in candidates if c is not NO_VALUE)
        return (None, (), missing, (), None, False)
    if not has_default:
        return (None, (), EMPTY, (), ERROR_NO_RULE, False)
    if type(default_value) is Unknown:
        return (None, (), default_value.missing, (), None, True)
    return (default_value, spec.default_cited, EMPTY, (), None, True)


def considerations(spec: DecisionSpec, applies: tuple):
    """DecisionNode._considerations: every consideration whose condition holds."""
    if any(type(a) is Unknown for a in applies):
        return (None, (), merge_missing(applies), (), None, False)
    chosen = [i for i, a in enumerate(applies) if a is True]
    table = spec.citation_table
    value = [{"text": spec.texts[i], "citation": table[spec.cits[i]].to_dict()} for i in chosen]
    return (value, dedupe(spec.cits[i] for i in chosen), EMPTY, (), None, False)


def minmax(fn, vals: list):
    """MinMax: unknown if any operand is."""
    unknown = [v for v in vals if type(v) is Unknown]
    if unknown:
        return Unknown(frozenset().union(*(u.missing for u in unknown)))
    return fn(vals)


def table_index(keys: tuple, key) -> int:
    """TableNode: the index of the last row whose date is on or before key (-1: none)."""
    found = -1
    for i, k in enumerate(keys):
        if k <= key:
            found = i
        else:
            break
    return found
