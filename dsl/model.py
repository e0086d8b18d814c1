"""The checked model of one version of a regulation.

This is what the checker produces and what the compiler, the explanation, the
coverage report and the semantic diff read: every name resolved, every rule
placed in its provision with its citation, in the order of the regulation.
"""

from __future__ import annotations

import datetime as dt

import attrs

from dsl import syntax as S
from dsl.citation import Citation
from dsl.types import Type


@attrs.frozen
class RegulationInfo:
    """The identity of a regulation version (the regeling header)."""

    id: str
    title: str
    citation_title: str | None
    issued_by: str | None
    source: str | None  # the official identifier, e.g. CVDR64953
    subject: str | None  # onderwerp: for the succession of regulations
    legal_bases: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None  # first day no longer in force
    version: str | None

    def in_force(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_until is None or date < self.valid_until)

    def period(self) -> str:
        end = self.valid_until.isoformat() if self.valid_until else "—"
        return f"{self.valid_from.isoformat()} tot {end}"


@attrs.frozen
class ProvisionInfo:
    """A provision of the regulation with what the drafter said about it."""

    citation: Citation
    kind: str
    number: str | None
    heading: str | None
    text: str | None
    readings: tuple[S.Reading, ...]
    not_executable: str | None
    encoded: bool  # holds a rule, a definition or a declaration
    order: int
    depth: int
    has_children: bool
    span: S.Span


@attrs.frozen
class FactInfo:
    """An input of the case (feit), or a judgement of the college (oordeel)."""

    name: str
    type: Type
    description: str | None
    judgement: bool
    provision: Citation | None
    order: int
    span: S.Span
    display: str | None = None  # the name as people read it ('heet'), where the identifier cannot carry it


@attrs.frozen
class DecisionInfo:
    """An output of the regulation (beslissing)."""

    name: str
    type: Type
    description: str | None
    provision: Citation | None
    order: int
    span: S.Span
    display: str | None = None  # the name as people read it ('heet'), where the identifier cannot carry it


@attrs.frozen
class DefinitionInfo:
    """A named expression (begrip), cited where it stands."""

    name: str
    expr: S.Expr
    type: Type
    description: str | None
    provision: Citation | None
    span: S.Span


@attrs.frozen
class TableInfo:
    """A dated table: values that change over time, by date or by date of birth."""

    name: str
    type: Type
    description: str | None
    rows: tuple[S.TableRow, ...]  # sorted by key
    by_birth: bool
    provision: Citation | None
    span: S.Span


@attrs.frozen
class StatutoryInfo:
    """A value fixed by a statute (wettelijke waarde), with the statute's provision as its source.

    A rule whose value uses it cites `source` beside its own provision.
    """

    name: str
    value: object
    type: Type
    source: Citation  # the statute's provision: law and bwb set
    description: str | None
    provision: Citation | None  # where the ordinance declares it
    span: S.Span


@attrs.frozen
class RuleInfo:
    """One rule for a decision, placed in its provision.

    kind: "regel" (a rule), "uitzondering" (an exception that sets aside the rules
    of the provisions it names), "anders" (the value when no other rule applies),
    or "overweging" (an item of a list of considerations).
    """

    decision: str
    kind: str
    value: S.Expr | None
    condition: S.Expr | None
    text: str | None  # for an overweging: the consideration as it goes in a letter
    citation: Citation
    sets_aside: tuple[Citation, ...]
    order: int
    span: S.Span


@attrs.frozen
class Model:
    """One checked version of a regulation, ready to compile."""

    info: RegulationInfo
    files: tuple[S.RulesFile, ...]
    digest: str
    facts: tuple[FactInfo, ...]
    decisions: tuple[DecisionInfo, ...]
    definitions: tuple[DefinitionInfo, ...]
    tables: tuple[TableInfo, ...]
    rules: tuple[RuleInfo, ...]
    provisions: tuple[ProvisionInfo, ...]
    overrides: dict = attrs.field(eq=False)  # rule order -> tuple of rule orders that set it aside (transitively)
    statutes: tuple[StatutoryInfo, ...] = ()  # wettelijke waarden

    def display_names(self) -> dict[str, str]:
        """Fact and decision names -> the name people read, where the rule file gives one ('heet')."""
        return {x.name: x.display for x in (*self.facts, *self.decisions) if x.display}

    def fact(self, name: str) -> FactInfo | None:
        return next((f for f in self.facts if f.name == name), None)

    def decision(self, name: str) -> DecisionInfo | None:
        return next((d for d in self.decisions if d.name == name), None)

    def rules_for(self, name: str) -> tuple[RuleInfo, ...]:
        return tuple(r for r in self.rules if r.decision == name)

    def provision(self, citation: Citation) -> ProvisionInfo | None:
        return next((p for p in self.provisions if p.citation == citation), None)
