"""The syntax tree of a .rules file.

Every node is a frozen attrs class carrying the span of source it came from, so
that the checker, the formatter, the language server and the semantic diff can
all point back at the text. Nothing after the parser sees a ``lark.Tree``.
"""

from __future__ import annotations

from decimal import Decimal
import datetime as _dt
from typing import Union

import attrs


@attrs.frozen
class Span:
    """A stretch of source text: 1-based line and column of start and end."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def unknown(cls, file: str = "<unknown>") -> "Span":
        return cls(file, 1, 1, 1, 1)


# --------------------------------------------------------------------- types


@attrs.frozen
class SimpleType:
    """A scalar type: ja/nee, geheel getal, getal, bedrag, datum, tekst."""

    name: str  # "ja/nee" | "geheel getal" | "getal" | "bedrag" | "datum" | "tekst"
    period: str | None = None  # "maand" for "bedrag per maand": documentation only
    span: Span = attrs.field(default=Span.unknown(), eq=False)


@attrs.frozen
class ChoiceType:
    """A closed set of text values: keuze uit "a", "b"."""

    options: tuple[str, ...]
    span: Span = attrs.field(default=Span.unknown(), eq=False)


@attrs.frozen
class Field:
    """One field of a record in a list type."""

    name: str
    type: "TypeExpr"
    span: Span = attrs.field(default=Span.unknown(), eq=False)


@attrs.frozen
class ListType:
    """A list of records: lijst van (geboortedatum: datum)."""

    fields: tuple[Field, ...]
    span: Span = attrs.field(default=Span.unknown(), eq=False)


TypeExpr = Union[SimpleType, ChoiceType, ListType]


# --------------------------------------------------------------- expressions


@attrs.frozen
class Literal:
    """A constant as written: waar, onwaar, € 2.500, 12, 2004-11-01, "wwb"."""

    value: object  # bool | int | Decimal | date | str | Duration
    kind: str  # "ja/nee" | "geheel getal" | "getal" | "bedrag" | "datum" | "tekst" | "percentage" | "duur"
    raw: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Name:
    """A reference to a fact, judgement, definition, decision or bound variable."""

    id: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class FieldAccess:
    """A field of a record: kind.geboortedatum."""

    subject: "Expr"
    field: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Unary:
    """Negation: niet x (op "niet") or -x (op "-")."""

    op: str
    operand: "Expr"
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Binary:
    """Arithmetic or comparison: op is one of + - * / = != < <= > >=."""

    op: str
    left: "Expr"
    right: "Expr"
    span: Span = attrs.field(eq=False)


@attrs.frozen
class BoolOp:
    """A chain of en / of, kept flat so that the trace shows it as written."""

    op: str  # "en" | "of"
    operands: tuple["Expr", ...]
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Membership:
    """x is een van (a, b) / x is geen van (a, b)."""

    subject: "Expr"
    options: tuple["Expr", ...]
    negated: bool
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Call:
    """A built-in function: leeftijd(geboortedatum)."""

    function: str
    args: tuple["Expr", ...]
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Quantifier:
    """er is een x in xs met ..., elk x in xs voldoet aan ..., aantal x in xs met ..."""

    kind: str  # "er is een" | "elk" | "aantal"
    variable: str
    collection: "Expr"
    body: "Expr"
    span: Span = attrs.field(eq=False)


@attrs.frozen
class TableLookup:
    """de waarde van TABEL [op DATUM]: the value of a dated table."""

    table: str
    at: "Expr | None"
    span: Span = attrs.field(eq=False)


@attrs.frozen
class PercentOf:
    """P van X: a percentage of an amount or number (5% van bijstandsnorm)."""

    percentage: "Expr"
    whole: "Expr"
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Rounding:
    """X afgerond op centen [naar boven | naar beneden | half naar boven]."""

    operand: "Expr"
    unit: str  # "centen" | "hele euro"
    direction: str | None  # "naar boven" | "naar beneden" | "half naar boven"; None: as written, half up
    span: Span = attrs.field(eq=False)


@attrs.frozen
class DateRelation:
    """X na Y, X voor Y, X binnen D na Y, X binnen D voor Y: where a date lies from another."""

    subject: "Expr"
    within: "Expr | None"  # the duration after 'binnen', or None for plain na / voor
    direction: str  # "na" | "voor"
    anchor: "Expr"
    span: Span = attrs.field(eq=False)


Expr = Union[Literal, Name, FieldAccess, Unary, Binary, BoolOp, Membership, Call, Quantifier, TableLookup,
             PercentOf, Rounding, DateRelation]


# -------------------------------------------------------------- declarations


@attrs.frozen
class FactDecl:
    """feit / oordeel: an input of the case. An oordeel is a judgement of the college."""

    name: str
    type: TypeExpr
    description: str | None
    judgement: bool
    span: Span = attrs.field(eq=False)
    bounds: "Bounds | None" = None
    display: str | None = None  # 'heet "Anw-er"': the name as people read it


@attrs.frozen
class Bounds:
    """van A tot en met B / ten minste A / ten hoogste B: the values an input may take."""

    minimum: Literal | None
    maximum: Literal | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class StatutoryValue:
    """wettelijke waarde NAME is VALUE volgens "Wet" BWBR... artikel N lid M: a value set by a statute."""

    name: str
    value: Literal
    law: str  # the statute's title: "Participatiewet"
    bwb: str  # its identifier in the basis register: BWBR0015703
    article: str
    paragraph: int | None
    item: str | None
    description: str | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class DecisionDecl:
    """beslissing: an output of the regulation, given its value by rules."""

    name: str
    type: TypeExpr
    description: str | None
    span: Span = attrs.field(eq=False)
    display: str | None = None  # 'heet "beëindiging mogelijk"': the name as people read it


@attrs.frozen
class DefinitionDecl:
    """begrip: a named expression, computed where used and cited where it stands."""

    name: str
    expr: Expr
    description: str | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class TableRow:
    """One dated value of a table: vanaf DATE value, or vanaf geboren vanaf DATE.

    value is None for 'nog niet vastgesteld': from this date the law has not fixed the
    value yet, so a lookup gives an unknown value rather than the previous row's.
    """

    key: _dt.date
    by_birth: bool
    value: "Expr | None"
    span: Span = attrs.field(eq=False)
    note: str | None = None  # why the value is not fixed yet


@attrs.frozen
class TableDecl:
    """tabel: a value that changes over time, as a list of dated rows."""

    name: str
    type: TypeExpr
    description: str | None
    rows: tuple[TableRow, ...]
    span: Span = attrs.field(eq=False)


Declaration = Union[FactDecl, DecisionDecl, DefinitionDecl, TableDecl, StatutoryValue]


# -------------------------------------------------------------------- rules


@attrs.frozen
class Ref:
    """A reference to a provision, as written: artikel 4 lid 1 onder a, lid 1, ..."""

    article: str | None
    paragraph: int | None
    item: str | None
    section: str | None = None
    alinea: int | None = None
    span: Span = attrs.field(default=Span.unknown(), eq=False)
    subitem: str | None = None  # "2" for 'onder b onder 2°'
    sentence: int | None = None  # 2 for 'lid 1 volzin 2'


@attrs.frozen
class Rule:
    """NAME is VALUE [als CONDITION [anders VALUE]], possibly an exception to refs."""

    target: str
    value: Expr
    condition: Expr | None
    otherwise: Expr | None
    exceptions: tuple[Ref, ...]
    span: Span = attrs.field(eq=False)
    target_span: Span = attrs.field(eq=False, default=Span.unknown())


@attrs.frozen
class DefaultRule:
    """NAME is VALUE in alle andere gevallen: the value when no other rule applies."""

    target: str
    value: Expr
    span: Span = attrs.field(eq=False)
    target_span: Span = attrs.field(eq=False, default=Span.unknown())


@attrs.frozen
class Consideration:
    """overweging NAME: "text" [als CONDITION]: an item of a list decision."""

    target: str
    text: str
    condition: Expr | None
    span: Span = attrs.field(eq=False)
    target_span: Span = attrs.field(eq=False, default=Span.unknown())


@attrs.frozen
class LawText:
    """tekst: the verbatim text of the provision."""

    value: str
    raw: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Reading:
    """lezing: the interpretive choice made here, and its source."""

    text: str
    source: str | None
    span: Span = attrs.field(eq=False)


@attrs.frozen
class NotExecutable:
    """niet uitvoerbaar: the provision is deliberately not encoded, with the reason."""

    reason: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Acknowledgement:
    """erkend KIND [NAME]: "reason": a finding of `grondslag analyse` that is intended, or
    (kind "onveranderlijk") a fact a counterfactual may not change."""

    kind: str  # gat | conflict | dood | overbodig | oordeel | onveranderlijk
    name: str | None
    reason: str
    span: Span = attrs.field(eq=False)


Statement = Union[LawText, Reading, NotExecutable, FactDecl, DecisionDecl, DefinitionDecl,
                  TableDecl, StatutoryValue, Rule, DefaultRule, Consideration, Acknowledgement]


@attrs.frozen
class Provision:
    """A paragraaf, artikel, lid, onderdeel, alinea or volzin with its statements and children."""

    kind: str  # "paragraaf" | "artikel" | "lid" | "onderdeel" | "subonderdeel" | "alinea" | "volzin"
    number: str | None
    heading: str | None
    body: tuple[Statement, ...]
    children: tuple["Provision", ...]
    span: Span = attrs.field(eq=False)

    @property
    def text(self) -> str | None:
        for stmt in self.body:
            if isinstance(stmt, LawText):
                return stmt.value
        return None


@attrs.frozen
class MetaField:
    """One field of the regeling header: titel, citeertitel, bron, geldig, ..."""

    key: str
    value: object
    span: Span = attrs.field(eq=False)


@attrs.frozen
class RegelingHeader:
    """The identity of a regulation version: regeling IDENT followed by its fields."""

    ident: str
    fields: tuple[MetaField, ...]
    span: Span = attrs.field(eq=False)

    def get(self, key: str) -> object:
        for f in self.fields:
            if f.key == key:
                return f.value
        return None

    def get_all(self, key: str) -> list[object]:
        return [f.value for f in self.fields if f.key == key]


@attrs.frozen
class Comment:
    """A # comment, kept so that the formatter can put it back."""

    text: str
    line: int
    column: int


@attrs.frozen
class RulesFile:
    """One parsed .rules file."""

    path: str
    header: RegelingHeader | None
    declarations: tuple[Declaration, ...]
    provisions: tuple[Provision, ...]
    comments: tuple[Comment, ...]
    source: str = attrs.field(repr=False, eq=False)


def walk_provisions(provisions, parents=()):
    """Yield (provision, parents) depth first, in the order of the regulation."""
    for p in provisions:
        yield p, parents
        yield from walk_provisions(p.children, parents + (p,))


def iter_expr(expr):
    """Yield expr and every sub-expression, depth first."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if e is None:
            continue
        yield e
        if isinstance(e, FieldAccess):
            stack.append(e.subject)
        elif isinstance(e, Unary):
            stack.append(e.operand)
        elif isinstance(e, Binary):
            stack.extend((e.right, e.left))
        elif isinstance(e, BoolOp):
            stack.extend(reversed(e.operands))
        elif isinstance(e, Membership):
            stack.extend(reversed(e.options))
            stack.append(e.subject)
        elif isinstance(e, Call):
            stack.extend(reversed(e.args))
        elif isinstance(e, Quantifier):
            stack.extend((e.body, e.collection))
        elif isinstance(e, TableLookup):
            stack.append(e.at)
        elif isinstance(e, PercentOf):
            stack.extend((e.whole, e.percentage))
        elif isinstance(e, Rounding):
            stack.append(e.operand)
        elif isinstance(e, DateRelation):
            stack.extend((e.anchor, e.within, e.subject))


__all__ = [n for n in dir() if not n.startswith("_")]
_ = Decimal
