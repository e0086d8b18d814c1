"""The types of the rules language, as the checker and the case reader see them."""

from __future__ import annotations

import attrs

from dsl import syntax as S


@attrs.frozen
class Type:
    """A type: a scalar kind, a closed choice, a list of records or a record."""

    kind: str  # ja/nee, geheel getal, getal, bedrag, datum, tekst, keuze, lijst, record, overwegingen
    options: tuple[str, ...] = ()
    fields: tuple[tuple[str, "Type"], ...] = ()
    period: str | None = None
    # Bounds of an input (feit x: percentage van 5% tot en met 100%): inclusive, None where open.
    minimum: object = None
    maximum: object = None

    def field(self, name: str) -> "Type | None":
        for n, t in self.fields:
            if n == name:
                return t
        return None

    @property
    def element(self) -> "Type":
        """The record type of a list's elements."""
        return Type("record", fields=self.fields)

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("geheel getal", "getal")

    def describe(self) -> str:
        if self.kind == "keuze":
            return "keuze uit " + ", ".join(f'"{o}"' for o in self.options)
        if self.kind == "lijst":
            return "lijst van (" + ", ".join(f"{n}: {t.describe()}" for n, t in self.fields) + ")"
        if self.kind == "record":
            return "(" + ", ".join(f"{n}: {t.describe()}" for n, t in self.fields) + ")"
        if self.kind == "bedrag" and self.period:
            return f"bedrag per {self.period}"
        return self.kind

    @property
    def unbounded(self) -> "Type":
        """The type without its bounds: what an expression of it computes with."""
        if self.minimum is None and self.maximum is None:
            return self
        return attrs.evolve(self, minimum=None, maximum=None)


BOOL = Type("ja/nee")
INT = Type("geheel getal")
NUMBER = Type("getal")
MONEY = Type("bedrag")
DATE = Type("datum")
TEXT = Type("tekst")
CONSIDERATIONS = Type("overwegingen")
PERCENTAGE = Type("percentage")
DURATION = Type("duur")


def from_syntax(t: S.TypeExpr) -> Type:
    if isinstance(t, S.SimpleType):
        if t.name == "overwegingen":
            return CONSIDERATIONS
        return Type(t.name, period=t.period)
    if isinstance(t, S.ChoiceType):
        return Type("keuze", options=t.options)
    if isinstance(t, S.ListType):
        return Type("lijst", fields=tuple((f.name, from_syntax(f.type)) for f in t.fields))
    raise TypeError(t)


def literal_type(lit: S.Literal) -> Type:
    return {"ja/nee": BOOL, "geheel getal": INT, "getal": NUMBER, "bedrag": MONEY,
            "datum": DATE, "tekst": TEXT, "percentage": PERCENTAGE, "duur": DURATION}[lit.kind]


def comparable(a: Type, b: Type) -> bool:
    """Whether = and != make sense between the two."""
    if a.is_numeric and b.is_numeric:
        return True
    if a.kind == "keuze" and b.kind == "keuze":
        return set(a.options) & set(b.options) != set()
    if {a.kind, b.kind} <= {"keuze", "tekst"}:
        return True
    return a.kind == b.kind and a.kind in ("ja/nee", "bedrag", "datum", "tekst", "percentage", "duur")


def ordered(a: Type, b: Type) -> bool:
    """Whether < and > make sense between the two."""
    if a.is_numeric and b.is_numeric:
        return True
    return a.kind == b.kind and a.kind in ("bedrag", "datum", "percentage")


def assignable(value: Type, target: Type) -> bool:
    """Whether a value of type `value` may be given to a decision of type `target`."""
    if target.kind == "getal" and value.is_numeric:
        return True
    if target.kind == "keuze":
        return value.kind in ("keuze", "tekst")
    return value.kind == target.kind
