"""Syntax trees of one regulation version -> checked model, plus every problem found.

The checker is a series of named passes, each a function that adds to a list of
diagnostics rather than raising, so that a drafter (and a language server) sees
every problem of a version in one run:

  header -> provisions -> symbols -> types -> rules -> exceptions/conflicts -> cycles -> coverage
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from typing import Iterable

import attrs
from decimal import Decimal

from dsl import limits
from dsl import syntax as S
from dsl import types as T
from dsl.citation import Citation, citation_of
from dsl.lint import lint_model
from dsl.references import Work
from dsl.diagnostics import Diagnostic, did_you_mean, error, warning
from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from dsl.model import (DecisionInfo, DefinitionInfo, FactInfo, Model, ProvisionInfo, RegulationInfo,
                       RuleInfo, StatutoryInfo, TableInfo)

BUILTINS = {"peildatum": T.DATE}
# Words that can stand inside a condition or value: a name spelt like one of them would be
# read as the word, so it cannot be declared. (Words such as 'bedrag' or 'datum' only
# appear where a type or a heading is expected, and remain usable as names.)
EXPRESSION_WORDS = frozenset(
    "als anders en of niet is een geen van er elk voldoet aan aantal met in de waarde op waar onwaar "
    "alle andere gevallen uitzondering onder binnen na voor afgerond".split())
FUNCTIONS = ("leeftijd", "leeftijd_in_maanden", "min", "max", "jaar", "datum")


def natural_key(path: str):
    """Sort 'artikel-2' before 'artikel-10', and the regeling file before the rest."""
    name = path.rsplit("/", 1)[-1]
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path)] if name else [path]


def digest_of(files: Iterable[S.RulesFile]) -> str:
    """sha256 over the sources of a version, in file order, names included."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.path.rsplit("/", 1)[-1].encode())
        h.update(b"\0")
        h.update(f.source.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@attrs.define
class _Checker:
    files: list[S.RulesFile]
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    report_conflicts: bool = True  # False for `grondslag analyse`, which decides conflicts on the facts
    provisions: list[ProvisionInfo] = attrs.field(factory=list)
    facts: dict[str, FactInfo] = attrs.field(factory=dict)
    decisions: dict[str, DecisionInfo] = attrs.field(factory=dict)
    definitions: dict[str, DefinitionInfo] = attrs.field(factory=dict)
    definition_syntax: dict[str, S.DefinitionDecl] = attrs.field(factory=dict)
    tables: dict[str, TableInfo] = attrs.field(factory=dict)
    rules: list[RuleInfo] = attrs.field(factory=list)
    decl_spans: dict[str, S.Span] = attrs.field(factory=dict)
    used: set[str] = attrs.field(factory=set)
    def_types: dict[str, T.Type | None] = attrs.field(factory=dict)
    inferring: set[str] = attrs.field(factory=set)
    overrides: dict[int, tuple[int, ...]] = attrs.field(factory=dict)
    unresolved: set[int] = attrs.field(factory=set)  # rules whose 'uitzondering op' names no provision
    unknown_targets: set[str] = attrs.field(factory=set)  # misspelt decisions that rules try to set
    def_citations: dict[str, Citation | None] = attrs.field(factory=dict)
    work: Work | None = None  # the regulation its citations point into (JCDR), from the header
    statutes: dict[str, StatutoryInfo] = attrs.field(factory=dict)

    def err(self, msg, span, hint=None):
        self.diagnostics.append(error(msg, span, hint))

    def warn(self, msg, span, hint=None):
        self.diagnostics.append(warning(msg, span, hint))

    # ------------------------------------------------------------ header
    def header(self) -> RegulationInfo | None:
        headers = [f.header for f in self.files if f.header is not None]
        if not headers:
            first = self.files[0].path if self.files else "<none>"
            self.err(tr("no 'regeling' header: a regulation needs its identity and validity"),
                     S.Span(first, 1, 1, 1, 1),
                     tr("if this file is one part of a regulation, check the folder that holds its 'regeling' "
                        "file; else start the file with: regeling NAME, titel \"...\", geldig vanaf YYYY-MM-DD"))
            return None
        for extra in headers[1:]:
            self.err(f"a second 'regeling' header in one version (the first is in {headers[0].span.file})",
                     extra.span, "put each version of a regulation in a folder of its own")
        h = headers[0]
        title = h.get("titel")
        valid = h.get("geldig")
        if title is None:
            self.err("the regeling has no 'titel'", h.span)
        if valid is None:
            self.err("the regeling has no 'geldig vanaf' date", h.span,
                     "add: geldig vanaf YYYY-MM-DD [tot YYYY-MM-DD]")
            return None
        start, end = valid
        if end is not None and end <= start:
            self.err(f"the regeling ceases to apply ({end}) before it enters into force ({start})", h.span)
        for f in h.fields:
            if sum(1 for g in h.fields if g.key == f.key) > 1 and f.key != "grondslag" and f is not \
                    next(g for g in h.fields if g.key == f.key):
                self.err(f"'{f.key}' is given twice in the regeling header", f.span)
        return RegulationInfo(
            id=h.ident, title=str(title or h.ident), citation_title=h.get("citeertitel"),
            issued_by=h.get("vastgesteld door"), source=h.get("bron"), subject=h.get("onderwerp"),
            legal_bases=tuple(h.get_all("grondslag")), valid_from=start, valid_until=end,
            version=h.get("versie"))

    # ------------------------------------------------------------ provisions
    def walk(self):
        """Yield (file, provision, citation) in the order of the regulation."""
        for f in self.files:
            for prov, parents in S.walk_provisions(f.provisions):
                yield f, prov, parents, self.citation_of(prov, parents)

    def citation_of(self, prov: S.Provision, parents: tuple[S.Provision, ...]) -> Citation:
        return citation_of(parents + (prov,), self.work)

    def collect_provisions(self):
        seen: dict[Citation, S.Span] = {}
        for order, (f, prov, parents, cit) in enumerate(self.walk()):
            if prov.kind == "paragraaf":
                cit_key = (f.path, cit)
                if cit_key in seen:
                    self.err(f"paragraaf {cit.section} appears twice in this file", prov.span)
                seen.setdefault(cit_key, prov.span)  # type: ignore[arg-type]
                # the same paragraaf may head the files of several articles
                if any(p.citation == cit for p in self.provisions):
                    continue
            if prov.kind == "paragraaf" and prov.heading is None and prov.number is None:
                self.err("a paragraaf needs a number or a title", prov.span)
            elif cit in seen:
                first = seen[cit]
                self.err(f"{cit.label} appears twice (first at {first.file}:{first.line})", prov.span)
            seen.setdefault(cit, prov.span)
            readings = tuple(s for s in prov.body if isinstance(s, S.Reading))
            ne = [s for s in prov.body if isinstance(s, S.NotExecutable)]
            encoded = any(isinstance(s, (S.Rule, S.DefaultRule, S.Consideration, S.DefinitionDecl,
                                         S.DecisionDecl, S.FactDecl, S.TableDecl)) for s in prov.body)
            texts = [s for s in prov.body if isinstance(s, S.LawText)]
            for extra in texts[1:]:
                self.err(f"{cit.label} has more than one 'tekst'", extra.span)
            self.provisions.append(ProvisionInfo(
                citation=cit, kind=prov.kind, number=prov.number, heading=prov.heading,
                text=texts[0].value if texts else None, readings=readings,
                not_executable=ne[0].reason if ne else None, encoded=encoded, order=order,
                depth=len(parents), has_children=bool(prov.children), span=prov.span))
            if ne and any(isinstance(s, (S.Rule, S.DefaultRule, S.Consideration)) for s in prov.body):
                self.err(f"{cit.label} is marked 'niet uitvoerbaar' but also holds a rule", ne[0].span)

    # ------------------------------------------------------------ symbols
    def declare(self, name: str, span: S.Span) -> bool:
        if name in EXPRESSION_WORDS:
            self.err(f"'{name}' is a word of the rules language and cannot be the name of a fact or decision",
                     span, f"choose another name, for example '{name}_'")
            return False
        if name in BUILTINS:
            self.err(f"'{name}' is built in (the date of evaluation) and cannot be declared", span)
            return False
        if name in self.decl_spans:
            first = self.decl_spans[name]
            self.err(f"'{name}' is declared twice (first at {first.file}:{first.line})", span)
            return False
        self.decl_spans[name] = span
        return True

    def collect_symbols(self):
        items: list[tuple[S.Declaration, Citation | None]] = []
        for f in self.files:
            items.extend((d, None) for d in f.declarations)
        for f, prov, parents, cit in self.walk():
            items.extend((s, cit) for s in prov.body if isinstance(s, (S.FactDecl, S.DecisionDecl,
                                                                        S.DefinitionDecl, S.TableDecl,
                                                                        S.StatutoryValue)))
        for decl, cit in items:
            if not self.declare(decl.name, decl.span):
                continue
            if isinstance(decl, S.FactDecl):
                typ = T.from_syntax(decl.type)
                if typ.kind == "overwegingen":
                    self.err("'overwegingen' is the type of a decision, not of an input of the case",
                             decl.type.span)
                self.check_type_decl(typ, decl.type, decl.name)
                if decl.bounds is not None:
                    typ = self.check_bounds(typ, decl.bounds, decl.name)
                self.facts[decl.name] = FactInfo(decl.name, typ, decl.description, decl.judgement, cit,
                                                 len(self.facts), decl.span, decl.display)
            elif isinstance(decl, S.DecisionDecl):
                typ = T.from_syntax(decl.type)
                if typ.kind == "lijst":
                    self.err("a decision cannot be a list of records", decl.type.span,
                             "use 'overwegingen' for a list of considerations")
                self.decisions[decl.name] = DecisionInfo(decl.name, typ, decl.description, cit,
                                                         len(self.decisions), decl.span, decl.display)
            elif isinstance(decl, S.DefinitionDecl):
                self.definition_syntax[decl.name] = decl
                self.definitions[decl.name] = None  # type: ignore[assignment]  (filled in by types)
                self.def_citations[decl.name] = cit
            elif isinstance(decl, S.TableDecl):
                self.collect_table(decl, cit)
            elif isinstance(decl, S.StatutoryValue):
                source = Citation(decl.article, decl.paragraph, decl.item, law=decl.law, bwb=decl.bwb)
                self.statutes[decl.name] = StatutoryInfo(decl.name, decl.value.value, T.literal_type(decl.value),
                                                         source, decl.description, cit, decl.span)

    def check_bounds(self, typ: T.Type, bounds: S.Bounds, name: str) -> T.Type:
        """The fact's type with its bounds, after checking that they are values of that type."""
        if typ.kind not in ("geheel getal", "getal", "bedrag", "percentage", "datum"):
            self.err(f"'{name}' is {typ.describe()}, which cannot have bounds", bounds.span,
                     "bounds go with numbers, amounts, percentages and dates")
            return typ
        values = []
        for lit in (bounds.minimum, bounds.maximum):
            if lit is None:
                values.append(None)
                continue
            lt = T.literal_type(lit)
            if not (T.assignable(lt, typ) or (typ.kind == "getal" and lt.is_numeric)):
                self.err(f"a bound of '{name}' must be {typ.describe()}, but {lit.raw} is {lt.describe()}",
                         lit.span, _bound_hint(typ))
                values.append(None)
                continue
            values.append(lit.value)
        low, high = values
        if low is not None and high is not None and low > high:
            self.err(f"the bounds of '{name}' are empty: {bounds.minimum.raw} is more than {bounds.maximum.raw}",
                     bounds.span)
        return attrs.evolve(typ, minimum=low, maximum=high)

    def check_type_decl(self, typ: T.Type, syn, name: str):
        if typ.kind == "keuze" and len(set(typ.options)) != len(typ.options):
            self.err(f"the choices of '{name}' repeat a value", syn.span)
        if typ.kind == "lijst":
            names = [n for n, _ in typ.fields]
            if len(set(names)) != len(names):
                self.err(f"the fields of '{name}' repeat a name", syn.span)
            for n, t in typ.fields:
                if t.kind == "lijst":
                    self.err(f"field '{n}' of '{name}': a list inside a list is not supported", syn.span)

    def collect_table(self, decl: S.TableDecl, cit):
        typ = T.from_syntax(decl.type)
        rows = sorted(decl.rows, key=lambda r: r.key)
        by_birth = {r.by_birth for r in rows}
        if len(by_birth) > 1:
            self.err(f"table '{decl.name}' mixes rows by date and rows by date of birth", decl.span)
        keys = [r.key for r in rows]
        for r in rows:
            if keys.count(r.key) > 1:
                self.err(f"table '{decl.name}' has two rows from {r.key}", r.span)
                break
        if typ.kind in ("overwegingen", "lijst"):
            self.err(f"table '{decl.name}' must hold single values, not {typ.describe()}", decl.type.span)
        for r in decl.rows:
            if r.value is None:  # nog niet vastgesteld
                continue
            vt = self.infer(r.value, {})
            if vt is not None and not T.assignable(vt, typ):
                self.err(f"table '{decl.name}' holds {typ.describe()}, but this row gives {vt.describe()}",
                         r.value.span)
        self.tables[decl.name] = TableInfo(decl.name, typ, decl.description, tuple(rows),
                                           bool(rows and rows[0].by_birth), cit, decl.span)

    # ------------------------------------------------------------ types
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
            self.err(f"'{n}' is a table: write 'de waarde van {n}' to use its value", node.span)
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
            hint = f"a {'percentage' if n == 'procent' else 'duration'} needs its number: write 1 {n}"
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
                self.err(f"'{_show(e.subject)}' is {st.describe()}, which has no field '{e.field}'", e.span)
                return None
            ft = st.field(e.field)
            if ft is None:
                self.err(f"'{_show(e.subject)}' has no field '{e.field}'", e.span,
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
                self.err(f"cannot negate {t.describe()}", e.span)
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
                self.err(f"'{_show(e.collection)}' is {ct.describe()}, not a list", e.collection.span)
                return None
            if e.variable in self.known_names({}):
                self.err(f"'{e.variable}' is already a name in this regulation; choose another", e.span)
            inner = dict(scope)
            inner[e.variable] = ct.element
            bt = self.infer(e.body, inner)
            if bt is not None:
                self.expect_bool(bt, e.body, f"'{e.kind}'")
            return T.INT if e.kind == "aantal" else T.BOOL
        if isinstance(e, S.TableLookup):
            self.used.add(e.table)
            if e.table not in self.tables:
                self.err(f"unknown table '{e.table}'", e.span, did_you_mean(e.table, list(self.tables)))
                return None
            if e.at is not None:
                at = self.infer(e.at, scope)
                if at is not None and at.kind != "datum":
                    self.err(f"a table is looked up on a date, not on {at.describe()}", e.at.span)
            elif self.tables[e.table].by_birth:
                self.err(f"table '{e.table}' goes by date of birth: write 'de waarde van {e.table} op "
                         f"geboortedatum'", e.span)
            return self.tables[e.table].type
        raise TypeError(e)  # pragma: no cover

    def expect_bool(self, t: T.Type, node: S.Expr, where: str):
        if t.kind != "ja/nee":
            self.err(f"{where} needs a yes/no value, but '{_show(node)}' is {t.describe()}", node.span)

    def check_equality(self, a: T.Type, b: T.Type, an: S.Expr, bn: S.Expr):
        for t, other in ((a, bn), (b, an)):
            if t.kind == "keuze" and isinstance(other, S.Literal) and other.kind == "tekst" \
                    and other.value not in t.options:
                self.err(f'"{other.value}" is not one of the choices {t.describe()}', other.span,
                         did_you_mean(other.value, t.options))
                return
        if not T.comparable(a, b):
            self.err(f"cannot compare {a.describe()} with {b.describe()}", bn.span,
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
                self.err(f"cannot compare {lt.describe()} with {rt.describe()} using '{e.op}'", e.span,
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
        self.err(f"cannot compute {lt.describe()} {e.op} {rt.describe()}", e.span, _arith_hint(lt, rt, e.op))
        return None

    def check_periods(self, a: T.Type, b: T.Type, e: S.Expr):
        """An amount per maand and one per jaar are not comparable as they stand."""
        if a.kind == b.kind == "bedrag" and a.period and b.period and a.period != b.period:
            self.err(f"an amount per {a.period} and an amount per {b.period} cannot be compared or added",
                     e.span, "convert one first, for example: x * 12 for per maand -> per jaar")

    def infer_quantity(self, e, scope) -> T.Type | None:
        """P van X, X afgerond op centen, and where a date lies (na / voor / binnen D na)."""
        if isinstance(e, S.PercentOf):
            pt, wt = self.infer(e.percentage, scope), self.infer(e.whole, scope)
            if pt is not None and pt.kind != "percentage":
                self.err(f"'... van {_show(e.whole)}' takes a percentage before 'van', but '{_show(e.percentage)}' "
                         f"is {pt.describe()}", e.percentage.span, "write a percentage such as 5% or 5 procent")
            if wt is None:
                return None
            if wt.kind == "bedrag":
                return wt
            if wt.is_numeric:
                return T.NUMBER
            self.err(f"a percentage is taken of an amount or a number, not of {wt.describe()}", e.whole.span)
            return None
        if isinstance(e, S.Rounding):
            t = self.infer(e.operand, scope)
            if t is not None and t.kind != "bedrag":
                self.err(f"only an amount can be rounded '{'op ' + e.unit}', but this is {t.describe()}",
                         e.operand.span)
                return None
            return t
        for node, want in ((e.subject, "datum"), (e.anchor, "datum"), (e.within, "duur")):
            if node is None:
                continue
            t = self.infer(node, scope)
            if t is not None and t.kind != want:
                what = "a date" if want == "datum" else "a duration (such as 12 maanden)"
                self.err(f"'{e.direction}' compares dates: '{_show(node)}' must be {what}, but it is "
                         f"{t.describe()}", node.span)
        return T.BOOL

    def infer_call(self, e: S.Call, scope) -> T.Type | None:
        args = [self.infer(a, scope) for a in e.args]
        if e.function in ("leeftijd", "leeftijd_in_maanden"):
            if not 1 <= len(args) <= 2:
                self.err(f"{e.function} takes a date of birth, and optionally the date on which to count",
                         e.span, f"write {e.function}(geboortedatum) for the age on the peildatum")
                return T.INT
            for a, node in zip(args, e.args):
                if a is not None and a.kind != "datum":
                    self.err(f"{e.function} needs a date, but '{_show(node)}' is {a.describe()}", node.span)
            return T.INT
        if e.function == "jaar":
            if len(args) != 1 or (args[0] is not None and args[0].kind != "datum"):
                self.err("jaar takes one date", e.span)
            return T.INT
        if e.function == "datum":
            if len(args) != 3 or any(a is not None and a.kind != "geheel getal" for a in args):
                self.err("datum takes three whole numbers: jaar, maand, dag", e.span,
                         "write datum(jaar(peildatum) - 1, 12, 31) for 31 December of the year before")
            return T.DATE
        if e.function in ("min", "max"):
            if not args:
                self.err(f"{e.function} needs at least one value", e.span)
                return None
            known = [a for a in args if a is not None]
            if known and not all(T.ordered(known[0], a) for a in known):
                self.err(f"{e.function} needs values of one kind", e.span)
                return None
            if known and all(a.kind == "geheel getal" for a in known):
                return T.INT
            return known[0] if known and known[0].kind != "geheel getal" else (T.NUMBER if known else None)
        self.err(f"unknown function '{e.function}'", e.span, did_you_mean(e.function, FUNCTIONS))
        return None

    def check_types(self):
        for name in list(self.definition_syntax):
            self.definition_type(name)

    # ------------------------------------------------------------ rules
    def collect_rules(self):
        for f, prov, parents, cit in self.walk():
            for s in prov.body:
                if isinstance(s, S.Rule):
                    self.check_rule_target(s.target, s.target_span)
                    exc_cits = tuple(self.resolve_ref(r, cit) for r in s.exceptions)
                    if None in exc_cits:  # the cause is reported; hold back the conflicts that follow from it
                        self.unresolved.add(len(self.rules))
                    kind = "uitzondering" if s.exceptions else "regel"
                    if s.otherwise is not None and s.condition is None:
                        self.err("'anders' needs a condition ('als ...') before it", s.otherwise.span)
                    self.rules.append(RuleInfo(s.target, kind, s.value, s.condition, None, cit,
                                               tuple(c for c in exc_cits if c is not None), len(self.rules),
                                               s.span))
                    if s.otherwise is not None:
                        if s.exceptions:
                            self.err("an exception cannot have an 'anders' value", s.otherwise.span,
                                     "put the value for all other cases in the rule it sets aside")
                        self.rules.append(RuleInfo(s.target, "anders", s.otherwise, None, None, cit, (),
                                                   len(self.rules), s.otherwise.span))
                elif isinstance(s, S.DefaultRule):
                    self.check_rule_target(s.target, s.target_span)
                    self.rules.append(RuleInfo(s.target, "anders", s.value, None, None, cit, (),
                                               len(self.rules), s.span))
                elif isinstance(s, S.Consideration):
                    self.check_rule_target(s.target, s.target_span)
                    d = self.decisions.get(s.target)
                    if d is not None and d.type.kind != "overwegingen":
                        self.err(f"'overweging' adds to a list of considerations, but '{s.target}' is "
                                 f"{d.type.describe()}", s.target_span)
                    self.rules.append(RuleInfo(s.target, "overweging", None, s.condition, s.text, cit, (),
                                               len(self.rules), s.span))

    def check_rule_target(self, name: str, span: S.Span):
        if name in self.decisions:
            return
        if name in self.facts:
            kind = "a judgement of the college (oordeel)" if self.facts[name].judgement else "a fact"
            self.err(f"'{name}' is {kind}, an input of the case; a rule cannot give it a value", span,
                     f"declare it as 'beslissing {name}: ...' if the regulation decides it")
        elif name in self.definitions:
            self.err(f"'{name}' is a begrip with its own definition; a rule cannot give it a value", span)
        else:
            self.unknown_targets.add(name)
            self.err(tr("unknown decision '{name}'").format(name=name), span, did_you_mean(name, list(self.decisions))
                     or tr("declare it first: beslissing {name}: ja/nee").format(name=name))

    def resolve_ref(self, ref: S.Ref, here: Citation) -> Citation | None:
        if ref.section is not None:
            section = ref.section
            for p in self.provisions:  # a titled paragraaf may also be named by its number
                if p.kind == "paragraaf" and p.number == section and p.heading:
                    section = p.heading
            target = Citation(None, None, None, section, ref.alinea)
        elif ref.article is not None:
            target = Citation(ref.article, ref.paragraph, ref.item, subitem=ref.subitem)
        elif ref.paragraph is not None:
            target = Citation(here.article, ref.paragraph, ref.item, here.section if here.article is None else None,
                              subitem=ref.subitem)
        elif ref.item is not None:
            target = Citation(here.article, here.paragraph, ref.item,
                              here.section if here.article is None else None, here.alinea, ref.subitem)
        elif ref.subitem is not None:  # 'onder 2°': a sub-item of the onderdeel the exception is in
            target = Citation(here.article, here.paragraph, here.item,
                              here.section if here.article is None else None, here.alinea, ref.subitem)
        else:
            target = Citation(here.article, None, None, here.section if here.article is None else None, ref.alinea)
        if not any(p.citation == target for p in self.provisions):
            self.err(tr("'uitzondering op {label}': there is no such provision").format(label=target.label), ref.span,
                     _provision_hint(target, here, self.provisions))
            return None
        return target

    def check_rules(self):
        by_decision: dict[str, list[RuleInfo]] = {}
        for r in self.rules:
            by_decision.setdefault(r.decision, []).append(r)
        for d in self.decisions.values():
            rules = by_decision.get(d.name, [])
            if not rules and difflib.get_close_matches(d.name, self.unknown_targets, n=1, cutoff=0.6):
                continue  # its rule names it misspelt: that cause is reported, this would be its echo
            if not rules:
                self.err(tr("decision '{name}' has no rule").format(name=d.name), d.span,
                         tr("add a rule in the provision that decides it: {name} is ... als ...").format(name=d.name))
                continue
            defaults = [r for r in rules if r.kind == "anders"]
            for extra in defaults[1:]:
                self.err(f"'{d.name}' has a second value for all other cases (the first is in "
                         f"{defaults[0].citation.label})", extra.span)
            for r in rules:
                self.check_rule_types(d, r)
            self.check_exceptions(d, rules)
        for r in self.rules:  # a rule for an unknown decision: its own names still count, and are checked
            if r.decision not in self.decisions:
                for e in (r.condition, r.value):
                    if e is not None:
                        self.infer(e, {})
        self.misspelt_declarations(by_decision)

    def misspelt_declarations(self, by_decision: dict[str, list[RuleInfo]]):
        """A declared decision without rules, whose rules all name it alike but otherwise: the declaration
        is the misspelling. Report that once, at the declaration, instead of an error at every rule."""
        for d in self.decisions.values():
            if by_decision.get(d.name):
                continue
            match = difflib.get_close_matches(d.name, self.unknown_targets, n=1, cutoff=0.6)
            uses = by_decision.get(match[0], []) if match else []
            if len(uses) < 2:
                continue
            echoes = (tr("unknown decision '{name}'").format(name=match[0]),
                      tr("unknown name '{name}'").format(name=match[0]))
            n = sum(1 for x in self.diagnostics if x.message in echoes)
            self.diagnostics[:] = [x for x in self.diagnostics if x.message not in echoes]
            self.err(tr("decision '{name}' is declared here, but the rules ({n} places) write '{used}'")
                     .format(name=d.name, n=n, used=match[0]), d.span,
                     tr("declare it as '{used}'").format(used=match[0]))

    def check_rule_types(self, d: DecisionInfo, r: RuleInfo):
        if r.condition is not None:
            ct = self.infer(r.condition, {})
            if ct is not None:
                self.expect_bool(ct, r.condition, "a condition ('als')")
        if r.value is not None:
            vt = self.infer(r.value, {})
            if vt is not None and d.type.kind != "overwegingen" and not T.assignable(vt, d.type):
                self.err(f"'{d.name}' is {d.type.describe()}, but this rule gives it {vt.describe()}",
                         r.value.span)
            elif d.type.kind == "keuze" and isinstance(r.value, S.Literal) and r.value.value not in d.type.options:
                self.err(f'"{r.value.value}" is not one of the choices {d.type.describe()}', r.value.span,
                         did_you_mean(str(r.value.value), d.type.options))

    def check_exceptions(self, d: DecisionInfo, rules: list[RuleInfo]):
        direct: dict[int, set[int]] = {r.order: set() for r in rules}  # rule -> exceptions to it
        for e in rules:
            for target in e.sets_aside:
                hit = [r for r in rules if r is not e and target.contains(r.citation) and r.kind != "overweging"]
                if not hit:
                    self.err(f"'uitzondering op {target.label}': that provision has no rule for '{d.name}'",
                             e.span)
                for r in hit:
                    direct[r.order].add(e.order)
        closure: dict[int, set[int]] = {}

        def over(o: int, trail: tuple[int, ...]) -> set[int]:
            if o in closure:
                return closure[o]
            out: set[int] = set()
            for e in direct[o]:
                if e in trail:
                    r = next(x for x in rules if x.order == e)
                    self.err(f"exceptions for '{d.name}' set each other aside in a circle", r.span)
                    continue
                out.add(e)
                out |= over(e, trail + (e,))
            closure[o] = out
            return out

        for r in rules:
            self.overrides[r.order] = tuple(sorted(over(r.order, (r.order,))))
        if not self.report_conflicts:  # `grondslag analyse` decides these on the facts, with a witness
            return
        # two rules that may both apply, give different values, and neither sets the other aside
        plain = [r for r in rules if r.kind in ("regel", "uitzondering")]
        for i, a in enumerate(plain):
            for b in plain[i + 1:]:
                if b.order in closure[a.order] or a.order in closure[b.order]:
                    continue
                if a.order in self.unresolved or b.order in self.unresolved:
                    continue  # a consequence of an unknown provision, already reported as the cause
                if _same_value(a.value, b.value) or _disjoint(a.condition, b.condition):
                    continue
                self.err(tr("the rules of {a} and {b} for '{name}' may both apply with different values, and "
                            "neither is an exception to the other").format(a=a.citation.label, b=b.citation.label,
                                                                          name=d.name), b.span,
                         tr("write 'uitzondering op {ref}:' before the rule that prevails")
                         .format(ref=_rel(a.citation, b.citation)))

    # ------------------------------------------------------------ cycles
    def check_cycles(self):
        """A circle of definitions, reported at the use that closes it, with FILE:LINE of every step."""
        uses: dict[str, dict[str, S.Span]] = {}  # n -> m -> where n first uses m
        for name, decl in self.definition_syntax.items():
            _add_uses(uses.setdefault(name, {}), decl.expr)
        for r in self.rules:
            for e in (r.value, r.condition):
                _add_uses(uses.setdefault(r.decision, {}), e)
        nodes = set(self.decisions) | set(self.definition_syntax)
        state: dict[str, int] = {}
        reported: set[frozenset] = set()

        def visit(n: str, path: list[str]):
            state[n] = 1
            for m in sorted(uses.get(n, ())):
                if m not in nodes:
                    continue
                if state.get(m) == 1:
                    cyc = path[path.index(m):] + [m]
                    if frozenset(cyc) not in reported:
                        reported.add(frozenset(cyc))
                        self.report_cycle([(a, b, uses[a][b]) for a, b in zip(cyc, cyc[1:])])
                elif m not in state:
                    visit(m, path + [m])
            state[n] = 2

        for n in sorted(nodes):
            if n not in state:
                visit(n, [n])

    def report_cycle(self, steps: list[tuple[str, str, S.Span]]):
        """At the use written last (the one that closed the circle), then each further step with its place."""
        def what(name: str) -> str:
            return (tr("begrip '{name}'") if name in self.definition_syntax
                    else tr("decision '{name}'")).format(name=name)

        last = max(range(len(steps)), key=lambda i: (natural_key(steps[i][2].file), steps[i][2].line,
                                                     steps[i][2].column))
        steps = steps[last:] + steps[:last]
        a, b, span = steps[0]
        if a == b:
            self.err(tr("circular definition: {what} uses itself").format(what=what(a)), span,
                     tr("a decision or begrip cannot depend on itself"))
            return
        text = tr("circular definition: {what} uses {other} here").format(what=what(a), other=what(b))
        for _step, m, at in steps[1:]:
            text += tr(", which uses {what} ({file}:{line})").format(what=what(m), file=at.file, line=at.line)
        self.err(text, span, tr("a decision or begrip cannot depend on itself: remove one of these uses"))

    # ------------------------------------------------------------ coverage
    def check_coverage(self):
        for p in self.provisions:
            if p.has_children or p.encoded or p.not_executable is not None:
                continue
            if p.kind == "paragraaf" and p.text is None:  # a heading over articles, not law text itself
                continue
            self.warn(tr("{label} is neither encoded nor marked 'niet uitvoerbaar'").format(label=p.citation.label),
                      p.span, tr("add its rule, or: niet uitvoerbaar \"reason\""))
        known = set(self.facts) | set(self.decisions) | set(self.definitions) | set(self.tables) \
            | set(self.statutes) | set(BUILTINS)
        misspelt = [n for n in self.used if n not in known]  # reported as unknown names: the cause

        def unused(name: str) -> bool:  # and not merely misspelt where it is used
            return name not in self.used and not difflib.get_close_matches(name, misspelt, n=1, cutoff=0.8)
        for f in self.facts.values():
            if unused(f.name):
                self.warn(tr("fact '{name}' is declared but no rule uses it").format(name=f.name), f.span)
        for name, d in self.definition_syntax.items():
            if unused(name):
                self.warn(tr("begrip '{name}' is defined but no rule uses it").format(name=name), d.span)


# ------------------------------------------------------------ helpers


def _show(e: S.Expr) -> str:
    if isinstance(e, S.Name):
        return e.id
    if isinstance(e, S.FieldAccess):
        return f"{_show(e.subject)}.{e.field}"
    if isinstance(e, S.Literal):
        return e.raw
    return "this expression"


def _compare_hint(a: T.Type, b: T.Type) -> str | None:
    kinds = {a.kind, b.kind}
    if "bedrag" in kinds and (a.is_numeric or b.is_numeric):
        return "write an amount with the euro sign, as in € 2.500"
    if "ja/nee" in kinds and len(kinds) > 1:
        return "a yes/no fact is a condition by itself: write 'x' or 'niet x'"
    return None


def _bound_hint(t: T.Type) -> str | None:
    return {"percentage": "write a percentage such as 5% or 5 procent",
            "bedrag": "write an amount with the euro sign, as in € 2.500",
            "datum": "write a date as YYYY-MM-DD"}.get(t.kind)


def _arith_hint(a: T.Type, b: T.Type, op: str) -> str | None:
    kinds = {a.kind, b.kind}
    if "percentage" in kinds and op in ("*", "/"):
        return "take a percentage of an amount with 'van': 5% van bijstandsnorm"
    if "duur" in kinds and "datum" in kinds:
        return "add a duration to a date: datum + 1 maand"
    if "datum" in kinds and (a.is_numeric or b.is_numeric):
        return "add a duration, with its unit, to a date: datum + 1 maand, datum + 2 weken"
    return None


def _rel(a: Citation, b: Citation) -> str:
    """How provision a is named in an 'uitzondering op' written in provision b."""
    if a.article is not None and a.article == b.article:
        if a.item is not None and a.paragraph == b.paragraph:
            return f"onder {a.item}" + (f" onder {a.subitem}°" if a.subitem else "")
        if a.paragraph is not None:
            return f"lid {a.paragraph}" + (f" onder {a.item}" if a.item else "")
    if a.article is None and a.section == b.section and b.article is None and a.alinea is not None:
        return f"alinea {a.alinea}"
    return a.reference


_TRUTH_SLIPS = {"ja": "waar", "nee": "onwaar"}


def _add_uses(uses: dict[str, S.Span], e) -> None:
    """Record where an expression first names each name (for the steps of a circle)."""
    if e is None:
        return
    for x in S.iter_expr(e):
        if isinstance(x, S.Name):
            uses.setdefault(x.id, x.span)


def _provision_hint(target: Citation, here: Citation, provisions) -> str | None:
    """Did you mean a provision that exists: the closest label, else the parts of the same article."""
    existing = {p.citation for p in provisions}
    for parent in (attrs.evolve(target, subitem=None), attrs.evolve(target, item=None, subitem=None),
                   attrs.evolve(target, paragraph=None, item=None, subitem=None)):
        if parent != target and parent in existing and parent != here:  # 'onder a' of a lid without items
            return tr("did you mean '{name}'?").format(name=parent.label)
    labels = list(dict.fromkeys(p.citation.label for p in provisions if p.citation != here and p.citation.label))
    match = difflib.get_close_matches(target.label, labels, n=1, cutoff=0.75)
    if match:
        return tr("did you mean '{name}'?").format(name=match[0])
    siblings = list(dict.fromkeys(p.citation.label for p in provisions if target.article is not None
                                  and p.citation.article == target.article and p.citation != here))
    if siblings:
        listed = ", ".join(siblings[:8]) + (", ..." if len(siblings) > 8 else "")
        return tr("there are: {provisions}").format(provisions=listed)
    return None


def _same_value(a, b) -> bool:
    return isinstance(a, S.Literal) and isinstance(b, S.Literal) and a.value == b.value and a.kind == b.kind


def _literals(cond) -> list[tuple[str, str, object]] | None:
    """A conjunction as (name, relation, value) literals, or None if it is not one."""
    if cond is None:
        return []
    parts = cond.operands if isinstance(cond, S.BoolOp) and cond.op == "en" else (cond,)
    out = []
    for p in parts:
        if isinstance(p, S.Name):
            out.append((p.id, "=", True))
        elif isinstance(p, S.Unary) and p.op == "niet" and isinstance(p.operand, S.Name):
            out.append((p.operand.id, "=", False))
        elif isinstance(p, S.Binary) and p.op in ("=", "!=") and isinstance(p.left, S.Name) \
                and isinstance(p.right, S.Literal):
            out.append((p.left.id, p.op, p.right.value))
        elif isinstance(p, S.Membership) and isinstance(p.subject, S.Name) \
                and all(isinstance(o, S.Literal) for o in p.options):
            out.append((p.subject.id, "not in" if p.negated else "in", frozenset(o.value for o in p.options)))
        elif isinstance(p, S.Binary) and p.op in ("<", "<=", ">", ">=") and _subject(p.left) is not None \
                and isinstance(p.right, S.Literal):
            out.append((_subject(p.left), p.op, p.right.value))
    return out


def _subject(e) -> str | None:
    """A key for what a comparison is about: a name, or a call of a function of names
    (leeftijd(geboortedatum)); the same key has the same value in one case."""
    if isinstance(e, S.Name):
        return e.id
    if isinstance(e, S.Call) and all(isinstance(a, S.Name) for a in e.args):
        return f"{e.function}({', '.join(a.id for a in e.args)})"
    return None


def _allowed(rel, val):
    """A predicate over values for one literal."""
    return {
        "=": lambda x: x == val, "!=": lambda x: x != val,
        "in": lambda x: x in val, "not in": lambda x: x not in val,
        "<": lambda x: x < val, "<=": lambda x: x <= val, ">": lambda x: x > val, ">=": lambda x: x >= val,
    }[rel]


def _probes(values) -> set:
    """Values that meet every non-empty intersection of the intervals bounded by `values`."""
    out, plain = set(), []
    for v in values:
        if isinstance(v, frozenset):
            out |= v
            continue
        out.add(v)
        if isinstance(v, bool) or isinstance(v, str):
            continue
        plain.append(v)
        if isinstance(v, dt.date):  # not past 0001-01-01 or 9999-12-31, the ends of the calendar
            out |= {dt.date.fromordinal(min(max(v.toordinal() + k, 1), dt.date.max.toordinal())) for k in (-1, 1)}
        else:
            out |= {v - 1, v + 1}
    for x in plain:
        for y in plain:
            if isinstance(x, dt.date) == isinstance(y, dt.date) and x != y:  # 1 and 1,5 too
                if isinstance(x, dt.date):
                    out.add(dt.date.fromordinal((x.toordinal() + y.toordinal()) // 2))
                else:
                    out.add((Decimal(x) + Decimal(y)) / 2)
    return out


def _disjoint(a, b) -> bool:
    """Whether two conditions can be shown never to hold together (sound, and simple)."""
    for x, y in ((a, b), (b, a)):
        if isinstance(x, S.BoolOp) and x.op == "of":
            return all(_disjoint(part, y) for part in x.operands)
    for (n1, r1, v1) in _literals(a):
        for (n2, r2, v2) in _literals(b):
            if n1 != n2:
                continue
            probes = _probes([v1, v2])
            if any(isinstance(v, bool) for v in probes):
                probes = {True, False}
            else:
                probes.add(_OTHER)  # a value unlike any written in the rules
            f1, f2 = _allowed(r1, v1), _allowed(r2, v2)
            if not any(_both(f1, f2, x) for x in probes):
                return True
    return False


_OTHER = object()


def _both(f1, f2, x) -> bool:
    try:
        return bool(f1(x) and f2(x))
    except TypeError:
        return False


def check_version(files: list[S.RulesFile], report_conflicts: bool = True) -> tuple[Model | None, list[Diagnostic]]:
    """Check the files of one version; the model is None when there is an error.

    report_conflicts=False leaves out the syntactic check that two rules may both apply with
    different values: `grondslag analyse` decides that on the facts instead."""
    files = sorted(files, key=lambda f: (f.header is None, natural_key(f.path)))
    c = _Checker(files, report_conflicts=report_conflicts)
    info = c.header()
    if info is not None:
        kind = next((f.header.get("soort") for f in files if f.header is not None), None)
        c.work = Work.of(info.title, info.citation_title, info.source, kind)
    c.collect_provisions()
    c.collect_symbols()
    c.diagnostics.extend(limits.mixed_script_diagnostics(files) + limits.product_warnings(files))
    too_deep = limits.chain_diagnostics(files)
    if too_deep:  # the passes below recurse along chains of definitions (docs/limits.md)
        return None, c.diagnostics + too_deep
    c.check_types()
    c.collect_rules()
    c.check_rules()
    c.check_cycles()
    c.check_coverage()
    if info is None or any(d.is_error for d in c.diagnostics):
        return None, c.diagnostics
    model = Model(
        info=info, files=tuple(files), digest=digest_of(files),
        facts=tuple(c.facts.values()), decisions=tuple(c.decisions.values()),
        definitions=tuple(c.definitions.values()), tables=tuple(c.tables.values()),
        rules=tuple(c.rules), provisions=tuple(c.provisions), overrides=dict(c.overrides),
        statutes=tuple(c.statutes.values()))
    return model, c.diagnostics + lint_model(model)


_ = dt
