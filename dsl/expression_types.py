"""The types of expressions: the checker's pass that infers and checks the type of every condition and value.

A mixin of the checker (``dsl.checker._Checker``): it reads the symbols the earlier
passes collected (facts, decisions, begrippen, tables) and reports, with a hint in the
drafter's words, every comparison, sum or call whose types do not fit.
"""

from __future__ import annotations

from dsl import syntax as S
from dsl import types as T
from dsl.diagnostics import did_you_mean
from dsl.i18n import N_
from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from dsl.model import DefinitionInfo


BUILTINS = {"peildatum": T.DATE}
FUNCTIONS = ("leeftijd", "leeftijd_in_maanden", "min", "max", "jaar", "datum")
# Dutch words for yes/no that a drafter may write where the rules language says waar/onwaar
_TRUTH_SLIPS = {"ja": "waar", "nee": "onwaar"}


class ExpressionTypes:
    """Type inference for expressions; needs the checker's symbol tables and its err/warn."""

    def known_names(self, scope) -> list[str]:
        return list(self.facts) + list(self.decisions) + list(self.definitions) + list(self.tables) \
            + list(self.statutes) + list(scope) + list(BUILTINS)

    def type_of_name(self, node: S.Name, scope: dict[str, T.Type]) -> T.Type | None:
        n = node.id
        if n in scope:
            return scope[n]
        self.used.add(n)
        if n in BUILTINS:
            return BUILTINS[n]
        if n in self.facts:
            return self.facts[n].type.unbounded
        if n in self.statutes:
            return self.statutes[n].type
        if n in self.decisions:
            return self.decisions[n].type
        if n in self.tables:
            self.err(tr("'{n}' is a table: write 'de waarde van {n}' to use its value").format(n=n), node.span)
            return None
        if n in self.definitions:
            return self.definition_type(n)
        if n in _TRUTH_SLIPS:  # 'is ja': ja/nee names the type, waar/onwaar are its values
            self.err(tr("'{word}' is not a value: a truth value is written 'waar' or 'onwaar'").format(word=n),
                     node.span,
                     tr("write '{value}'; 'ja/nee' is the type, as in 'beslissing x: ja/nee'")
                     .format(value=_TRUTH_SLIPS[n]))
            return T.BOOL  # the intent is clear: no type errors follow from the slip
        hint = did_you_mean(n, self.known_names(scope))
        if hint is None and n in ("maand", "maanden", "week", "weken", "jaar", "jaren", "dag", "dagen", "procent"):
            hint = (tr("a percentage needs its number: write 1 {word}") if n == "procent"
                    else tr("a duration needs its number: write 1 {word}")).format(word=n)
        self.err(tr("unknown name '{name}'").format(name=n), node.span, hint)
        return None

    def definition_type(self, name: str) -> T.Type | None:
        if name in self.def_types:
            return self.def_types[name]
        if name in self.inferring:
            return None  # a cycle: reported by the cycle pass
        self.inferring.add(name)
        decl = self.definition_syntax[name]
        t = self.infer(decl.expr, {})
        self.inferring.discard(name)
        self.def_types[name] = t
        self.definitions[name] = DefinitionInfo(name, decl.expr, t or T.BOOL, decl.description,
                                                self.def_citations.get(name), decl.span)
        return t

    def infer(self, e: S.Expr, scope: dict[str, T.Type]) -> T.Type | None:
        """The type of an expression; reports problems and returns None where it has none."""
        if isinstance(e, S.Literal):
            return T.literal_type(e)
        if isinstance(e, S.Name):
            return self.type_of_name(e, scope)
        if isinstance(e, S.FieldAccess):
            st = self.infer(e.subject, scope)
            if st is None:
                return None
            if st.kind != "record":
                self.err(tr("'{subject}' is {type}, which has no field '{field}'").format(
                             subject=_show(e.subject), type=st.describe(), field=e.field), e.span)
                return None
            ft = st.field(e.field)
            if ft is None:
                self.err(tr("'{subject}' has no field '{field}'").format(subject=_show(e.subject), field=e.field),
                         e.span,
                         did_you_mean(e.field, [n for n, _ in st.fields]))
            return ft
        if isinstance(e, S.Unary):
            t = self.infer(e.operand, scope)
            if t is None:
                return None
            if e.op == "niet":
                self.expect_bool(t, e.operand, "'niet'")
                return T.BOOL
            if not (t.is_numeric or t.kind == "bedrag"):
                self.err(tr("cannot negate {type}").format(type=t.describe()), e.span)
                return None
            return t
        if isinstance(e, S.BoolOp):
            for o in e.operands:
                t = self.infer(o, scope)
                if t is not None:
                    self.expect_bool(t, o, f"'{e.op}'")
            return T.BOOL
        if isinstance(e, S.Binary):
            return self.infer_binary(e, scope)
        if isinstance(e, S.Membership):
            st = self.infer(e.subject, scope)
            for o in e.options:
                ot = self.infer(o, scope)
                if st is not None and ot is not None:
                    self.check_equality(st, ot, e.subject, o)
            return T.BOOL
        if isinstance(e, S.Call):
            return self.infer_call(e, scope)
        if isinstance(e, (S.PercentOf, S.Rounding, S.DateRelation)):
            return self.infer_quantity(e, scope)
        if isinstance(e, S.Quantifier):
            ct = self.infer(e.collection, scope)
            if ct is None:
                return None
            if ct.kind != "lijst":
                self.err(tr("'{collection}' is {type}, not a list").format(
                             collection=_show(e.collection), type=ct.describe()), e.collection.span)
                return None
            if e.variable in self.known_names({}):
                self.err(tr("'{variable}' is already a name in this regulation; choose another").format(
                             variable=e.variable), e.span)
            inner = dict(scope)
            inner[e.variable] = ct.element
            bt = self.infer(e.body, inner)
            if bt is not None:
                self.expect_bool(bt, e.body, f"'{e.kind}'")
            return T.INT if e.kind == "aantal" else T.BOOL
        if isinstance(e, S.TableLookup):
            self.used.add(e.table)
            if e.table not in self.tables:
                self.err(tr("unknown table '{table}'").format(table=e.table), e.span,
                         did_you_mean(e.table, list(self.tables)))
                return None
            if e.at is not None:
                at = self.infer(e.at, scope)
                if at is not None and at.kind != "datum":
                    self.err(tr("a table is looked up on a date, not on {type}").format(type=at.describe()), e.at.span)
            elif self.tables[e.table].by_birth:
                self.err(tr("table '{table}' goes by date of birth: write 'de waarde van {table} op "
                            "geboortedatum'").format(table=e.table), e.span)
            return self.tables[e.table].type
        raise TypeError(e)  # pragma: no cover

    def expect_bool(self, t: T.Type, node: S.Expr, where: str):
        if t.kind != "ja/nee":
            self.err(tr("{where} needs a yes/no value, but '{node}' is {type}").format(
                         where=where, node=_show(node), type=t.describe()), node.span)

    def check_equality(self, a: T.Type, b: T.Type, an: S.Expr, bn: S.Expr):
        for t, other in ((a, bn), (b, an)):
            if t.kind == "keuze" and isinstance(other, S.Literal) and other.kind == "tekst" \
                    and other.value not in t.options:
                self.err(tr('"{value}" is not one of the choices {type}').format(value=other.value, type=t.describe()),
                         other.span,
                         did_you_mean(other.value, t.options))
                return
        if not T.comparable(a, b):
            self.err(tr("cannot compare {type} with {type2}").format(type=a.describe(), type2=b.describe()), bn.span,
                     _compare_hint(a, b))

    def infer_binary(self, e: S.Binary, scope) -> T.Type | None:
        lt, rt = self.infer(e.left, scope), self.infer(e.right, scope)
        if lt is None or rt is None:
            return T.BOOL if e.op in ("=", "!=", "<", "<=", ">", ">=") else None
        if e.op in ("=", "!="):
            self.check_equality(lt, rt, e.left, e.right)
            self.check_periods(lt, rt, e)
            return T.BOOL
        if e.op in ("<", "<=", ">", ">="):
            if not T.ordered(lt, rt):
                self.err(tr("cannot compare {type} with {type2} using '{op}'").format(
                             type=lt.describe(), type2=rt.describe(), op=e.op), e.span,
                         _compare_hint(lt, rt))
            self.check_periods(lt, rt, e)
            return T.BOOL
        kinds = (lt.kind, rt.kind)
        if e.op in ("+", "-"):
            self.check_periods(lt, rt, e)
        if lt.is_numeric and rt.is_numeric:
            if e.op == "/" or T.NUMBER in (lt, rt) or "getal" in kinds:
                return T.NUMBER
            return T.INT
        if e.op in ("+", "-") and kinds == ("bedrag", "bedrag"):
            return T.MONEY
        if e.op == "*" and ("bedrag" in kinds) and (lt.is_numeric or rt.is_numeric):
            return T.MONEY
        if e.op == "/" and lt.kind == "bedrag" and rt.is_numeric:
            return T.MONEY
        if e.op == "/" and kinds == ("bedrag", "bedrag"):
            return T.NUMBER
        if e.op in ("+", "-") and kinds in (("datum", "duur"), ("duur", "duur")):
            return lt.unbounded
        if e.op in ("+", "-") and kinds == ("percentage", "percentage"):
            return T.PERCENTAGE
        if e.op == "*" and kinds in (("geheel getal", "duur"), ("duur", "geheel getal")):
            return T.DURATION
        self.err(tr("cannot compute {type} {op} {type2}").format(type=lt.describe(), op=e.op, type2=rt.describe()),
                 e.span, _arith_hint(lt, rt, e.op))
        return None

    def check_periods(self, a: T.Type, b: T.Type, e: S.Expr):
        """An amount per maand and one per jaar are not comparable as they stand."""
        if a.kind == b.kind == "bedrag" and a.period and b.period and a.period != b.period:
            self.err(tr("an amount per {period} and an amount per {period2} cannot be compared or added").format(
                         period=a.period, period2=b.period),
                     e.span, tr("convert one first, for example: x * 12 for per maand -> per jaar"))

    def infer_quantity(self, e, scope) -> T.Type | None:
        """P van X, X afgerond op centen, and where a date lies (na / voor / binnen D na)."""
        if isinstance(e, S.PercentOf):
            pt, wt = self.infer(e.percentage, scope), self.infer(e.whole, scope)
            if pt is not None and pt.kind != "percentage":
                self.err(tr("'... van {whole}' takes a percentage before 'van', but '{percentage}' is {type}").format(
                             whole=_show(e.whole), percentage=_show(e.percentage), type=pt.describe()),
                         e.percentage.span, tr("write a percentage such as 5% or 5 procent"))
            if wt is None:
                return None
            if wt.kind == "bedrag":
                return wt
            if wt.is_numeric:
                return T.NUMBER
            self.err(tr("a percentage is taken of an amount or a number, not of {type}").format(type=wt.describe()),
                     e.whole.span)
            return None
        if isinstance(e, S.Rounding):
            t = self.infer(e.operand, scope)
            if t is not None and t.kind != "bedrag":
                self.err(tr("only an amount can be rounded 'op {unit}', but this is {type}")
                         .format(unit=e.unit, type=t.describe()),
                         e.operand.span)
                return None
            return t
        for node, want in ((e.subject, "datum"), (e.anchor, "datum"), (e.within, "duur")):
            if node is None:
                continue
            t = self.infer(node, scope)
            if t is not None and t.kind != want:
                what = tr("a date") if want == "datum" else tr("a duration (such as 12 maanden)")
                self.err(tr("'{direction}' compares dates: '{node}' must be {what}, but it is {type}").format(
                             direction=e.direction, node=_show(node), what=what, type=t.describe()), node.span)
        return T.BOOL

    def infer_call(self, e: S.Call, scope) -> T.Type | None:
        args = [self.infer(a, scope) for a in e.args]
        if e.function in ("leeftijd", "leeftijd_in_maanden"):
            if not 1 <= len(args) <= 2:
                self.err(tr("{function} takes a date of birth, and optionally the date on which to count").format(
                             function=e.function),
                         e.span, tr("write {function}(geboortedatum) for the age on the peildatum").format(
                                     function=e.function))
                return T.INT
            for a, node in zip(args, e.args):
                if a is not None and a.kind != "datum":
                    self.err(tr("{function} needs a date, but '{node}' is {type}").format(
                                 function=e.function, node=_show(node), type=a.describe()), node.span)
            return T.INT
        if e.function == "jaar":
            if len(args) != 1 or (args[0] is not None and args[0].kind != "datum"):
                self.err(tr("jaar takes one date"), e.span)
            return T.INT
        if e.function == "datum":
            if len(args) != 3 or any(a is not None and a.kind != "geheel getal" for a in args):
                self.err(tr("datum takes three whole numbers: jaar, maand, dag"), e.span,
                         tr("write datum(jaar(peildatum) - 1, 12, 31) for 31 December of the year before"))
            return T.DATE
        if e.function in ("min", "max"):
            if not args:
                self.err(tr("{function} needs at least one value").format(function=e.function), e.span)
                return None
            known = [a for a in args if a is not None]
            if known and not all(T.ordered(known[0], a) for a in known):
                self.err(tr("{function} needs values of one kind").format(function=e.function), e.span)
                return None
            if known and all(a.kind == "geheel getal" for a in known):
                return T.INT
            return known[0] if known and known[0].kind != "geheel getal" else (T.NUMBER if known else None)
        self.err(tr("unknown function '{function}'").format(function=e.function), e.span,
                 did_you_mean(e.function, FUNCTIONS))
        return None


# ------------------------------------------------------------ hints


def _show(e: S.Expr) -> str:
    if isinstance(e, S.Name):
        return e.id
    if isinstance(e, S.FieldAccess):
        return f"{_show(e.subject)}.{e.field}"
    if isinstance(e, S.Literal):
        return e.raw
    return tr("this expression")


def _compare_hint(a: T.Type, b: T.Type) -> str | None:
    kinds = {a.kind, b.kind}
    if "bedrag" in kinds and (a.is_numeric or b.is_numeric):
        return tr("write an amount with the euro sign, as in € 2.500")
    if "ja/nee" in kinds and len(kinds) > 1:
        return tr("a yes/no fact is a condition by itself: write 'x' or 'niet x'")
    return None


def _bound_hint(t: T.Type) -> str | None:
    hint = {"percentage": N_("write a percentage such as 5% or 5 procent"),
            "bedrag": N_("write an amount with the euro sign, as in € 2.500"),
            "datum": N_("write a date as YYYY-MM-DD")}.get(t.kind)
    return tr(hint) if hint is not None else None


def _arith_hint(a: T.Type, b: T.Type, op: str) -> str | None:
    kinds = {a.kind, b.kind}
    if "percentage" in kinds and op in ("*", "/"):
        return tr("take a percentage of an amount with 'van': 5% van bijstandsnorm")
    if "duur" in kinds and "datum" in kinds:
        return tr("add a duration to a date: datum + 1 maand")
    if "datum" in kinds and (a.is_numeric or b.is_numeric):
        return tr("add a duration, with its unit, to a date: datum + 1 maand, datum + 2 weken")
    return None
