"""Syntax trees of one regulation version -> checked model, plus every problem found.

The checker is a series of named passes, each a function that adds to a list of
diagnostics rather than raising, so that a drafter (and a language server) sees
every problem of a version in one run:

  header -> provisions -> symbols -> types -> rules -> exceptions/conflicts -> cycles -> coverage

The types pass lives in ``dsl.expression_types`` (a mixin of the checker), and the static
test whether two rules may both apply in ``dsl.overlap``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from typing import Iterable

import attrs

from dsl import limits
from dsl import syntax as S
from dsl import types as T
from dsl.citation import Citation, citation_of
from dsl.expression_types import BUILTINS, ExpressionTypes, _bound_hint
from dsl.lint import lint_model
from dsl.overlap import _disjoint, _same_value
from dsl.references import Work
from dsl.diagnostics import Diagnostic, did_you_mean, error, warning
from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from dsl.model import (DecisionInfo, DefinitionInfo, FactInfo, Model, ProvisionInfo, RegulationInfo,
                       RuleInfo, StatutoryInfo, TableInfo)

# Words that can stand inside a condition or value: a name spelt like one of them would be
# read as the word, so it cannot be declared. (Words such as 'bedrag' or 'datum' only
# appear where a type or a heading is expected, and remain usable as names.)
EXPRESSION_WORDS = frozenset(
    "als anders en of niet is een geen van er elk voldoet aan aantal met in de waarde op waar onwaar "
    "alle andere gevallen uitzondering onder binnen na voor afgerond".split())


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
class _Checker(ExpressionTypes):
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
            self.err(tr("a second 'regeling' header in one version (the first is in {file})").format(
                         file=headers[0].span.file),
                     extra.span, tr("put each version of a regulation in a folder of its own"))
        h = headers[0]
        title = h.get("titel")
        valid = h.get("geldig")
        if title is None:
            self.err(tr("the regeling has no 'titel'"), h.span)
        if valid is None:
            self.err(tr("the regeling has no 'geldig vanaf' date"), h.span,
                     tr("add: geldig vanaf YYYY-MM-DD [tot YYYY-MM-DD]"))
            return None
        start, end = valid
        if end is not None and end <= start:
            self.err(tr("the regeling ceases to apply ({end}) before it enters into force ({start})").format(
                         end=end, start=start), h.span)
        for f in h.fields:
            if sum(1 for g in h.fields if g.key == f.key) > 1 and f.key != "grondslag" and f is not \
                    next(g for g in h.fields if g.key == f.key):
                self.err(tr("'{key}' is given twice in the regeling header").format(key=f.key), f.span)
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
                    self.err(tr("paragraaf {section} appears twice in this file").format(section=cit.section),
                             prov.span)
                seen.setdefault(cit_key, prov.span)  # type: ignore[arg-type]
                # the same paragraaf may head the files of several articles
                if any(p.citation == cit for p in self.provisions):
                    continue
            if prov.kind == "paragraaf" and prov.heading is None and prov.number is None:
                self.err(tr("a paragraaf needs a number or a title"), prov.span)
            elif cit in seen:
                first = seen[cit]
                self.err(tr("{label} appears twice (first at {file}:{line})").format(
                             label=cit.label, file=first.file, line=first.line), prov.span)
            seen.setdefault(cit, prov.span)
            readings = tuple(s for s in prov.body if isinstance(s, S.Reading))
            ne = [s for s in prov.body if isinstance(s, S.NotExecutable)]
            encoded = any(isinstance(s, (S.Rule, S.DefaultRule, S.Consideration, S.DefinitionDecl,
                                         S.DecisionDecl, S.FactDecl, S.TableDecl)) for s in prov.body)
            texts = [s for s in prov.body if isinstance(s, S.LawText)]
            for extra in texts[1:]:
                self.err(tr("{label} has more than one 'tekst'").format(label=cit.label), extra.span)
            self.provisions.append(ProvisionInfo(
                citation=cit, kind=prov.kind, number=prov.number, heading=prov.heading,
                text=texts[0].value if texts else None, readings=readings,
                not_executable=ne[0].reason if ne else None, encoded=encoded, order=order,
                depth=len(parents), has_children=bool(prov.children), span=prov.span))
            if ne and any(isinstance(s, (S.Rule, S.DefaultRule, S.Consideration)) for s in prov.body):
                self.err(tr("{label} is marked 'niet uitvoerbaar' but also holds a rule").format(label=cit.label),
                         ne[0].span)

    # ------------------------------------------------------------ symbols
    def declare(self, name: str, span: S.Span) -> bool:
        if name in EXPRESSION_WORDS:
            self.err(tr("'{name}' is a word of the rules language and cannot be the name of a fact or decision").format(
                         name=name),
                     span, tr("choose another name, for example '{name}_'").format(name=name))
            return False
        if name in BUILTINS:
            self.err(tr("'{name}' is built in (the date of evaluation) and cannot be declared").format(name=name), span)
            return False
        if name in self.decl_spans:
            first = self.decl_spans[name]
            self.err(tr("'{name}' is declared twice (first at {file}:{line})").format(
                         name=name, file=first.file, line=first.line), span)
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
                    self.err(tr("'overwegingen' is the type of a decision, not of an input of the case"),
                             decl.type.span)
                self.check_type_decl(typ, decl.type, decl.name)
                if decl.bounds is not None:
                    typ = self.check_bounds(typ, decl.bounds, decl.name)
                self.facts[decl.name] = FactInfo(decl.name, typ, decl.description, decl.judgement, cit,
                                                 len(self.facts), decl.span, decl.display)
            elif isinstance(decl, S.DecisionDecl):
                typ = T.from_syntax(decl.type)
                if typ.kind == "lijst":
                    self.err(tr("a decision cannot be a list of records"), decl.type.span,
                             tr("use 'overwegingen' for a list of considerations"))
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
            self.err(tr("'{name}' is {type}, which cannot have bounds").format(name=name, type=typ.describe()),
                     bounds.span,
                     tr("bounds go with numbers, amounts, percentages and dates"))
            return typ
        values = []
        for lit in (bounds.minimum, bounds.maximum):
            if lit is None:
                values.append(None)
                continue
            lt = T.literal_type(lit)
            if not (T.assignable(lt, typ) or (typ.kind == "getal" and lt.is_numeric)):
                self.err(tr("a bound of '{name}' must be {type}, but {raw} is {type2}").format(
                             name=name, type=typ.describe(), raw=lit.raw, type2=lt.describe()),
                         lit.span, _bound_hint(typ))
                values.append(None)
                continue
            values.append(lit.value)
        low, high = values
        if low is not None and high is not None and low > high:
            self.err(tr("the bounds of '{name}' are empty: {raw} is more than {raw2}").format(
                         name=name, raw=bounds.minimum.raw, raw2=bounds.maximum.raw),
                     bounds.span)
        return attrs.evolve(typ, minimum=low, maximum=high)

    def check_type_decl(self, typ: T.Type, syn, name: str):
        if typ.kind == "keuze" and len(set(typ.options)) != len(typ.options):
            self.err(tr("the choices of '{name}' repeat a value").format(name=name), syn.span)
        if typ.kind == "lijst":
            names = [n for n, _ in typ.fields]
            if len(set(names)) != len(names):
                self.err(tr("the fields of '{name}' repeat a name").format(name=name), syn.span)
            for n, t in typ.fields:
                if t.kind == "lijst":
                    self.err(tr("field '{n}' of '{name}': a list inside a list is not supported").format(
                                 n=n, name=name), syn.span)

    def collect_table(self, decl: S.TableDecl, cit):
        typ = T.from_syntax(decl.type)
        rows = sorted(decl.rows, key=lambda r: r.key)
        by_birth = {r.by_birth for r in rows}
        if len(by_birth) > 1:
            self.err(tr("table '{name}' mixes rows by date and rows by date of birth").format(name=decl.name),
                     decl.span)
        keys = [r.key for r in rows]
        for r in rows:
            if keys.count(r.key) > 1:
                self.err(tr("table '{name}' has two rows from {key}").format(name=decl.name, key=r.key), r.span)
                break
        if typ.kind in ("overwegingen", "lijst"):
            self.err(tr("table '{name}' must hold single values, not {type}").format(
                         name=decl.name, type=typ.describe()), decl.type.span)
        for r in decl.rows:
            if r.value is None:  # nog niet vastgesteld
                continue
            vt = self.infer(r.value, {})
            if vt is not None and not T.assignable(vt, typ):
                self.err(tr("table '{name}' holds {type}, but this row gives {type2}").format(
                             name=decl.name, type=typ.describe(), type2=vt.describe()),
                         r.value.span)
        self.tables[decl.name] = TableInfo(decl.name, typ, decl.description, tuple(rows),
                                           bool(rows and rows[0].by_birth), cit, decl.span)

    # ------------------------------------------------------------ types
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
                        self.err(tr("'anders' needs a condition ('als ...') before it"), s.otherwise.span)
                    self.rules.append(RuleInfo(s.target, kind, s.value, s.condition, None, cit,
                                               tuple(c for c in exc_cits if c is not None), len(self.rules),
                                               s.span))
                    if s.otherwise is not None:
                        if s.exceptions:
                            self.err(tr("an exception cannot have an 'anders' value"), s.otherwise.span,
                                     tr("put the value for all other cases in the rule it sets aside"))
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
                        self.err(tr("'overweging' adds to a list of considerations, but '{target}' is {type}").format(
                                     target=s.target, type=d.type.describe()), s.target_span)
                    self.rules.append(RuleInfo(s.target, "overweging", None, s.condition, s.text, cit, (),
                                               len(self.rules), s.span))

    def check_rule_target(self, name: str, span: S.Span):
        if name in self.decisions:
            return
        if name in self.facts:
            kind = tr("a judgement of the college (oordeel)") if self.facts[name].judgement else tr("a fact")
            self.err(tr("'{name}' is {kind}, an input of the case; a rule cannot give it a value").format(
                         name=name, kind=kind), span,
                     tr("declare it as 'beslissing {name}: ...' if the regulation decides it").format(name=name))
        elif name in self.definitions:
            self.err(tr("'{name}' is a begrip with its own definition; a rule cannot give it a value").format(
                         name=name), span)
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
            target = Citation(ref.article, ref.paragraph, ref.item, subitem=ref.subitem, sentence=ref.sentence)
        elif ref.paragraph is not None:
            target = Citation(here.article, ref.paragraph, ref.item, here.section if here.article is None else None,
                              subitem=ref.subitem, sentence=ref.sentence)
        elif ref.sentence is not None:  # 'volzin 1': a sentence of the lid (or artikel) the exception is in
            target = Citation(here.article, here.paragraph, sentence=ref.sentence)
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
                self.err(tr("'{name}' has a second value for all other cases (the first is in {label})").format(
                             name=d.name, label=defaults[0].citation.label), extra.span)
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
                self.err(tr("'{name}' is {type}, but this rule gives it {type2}").format(
                             name=d.name, type=d.type.describe(), type2=vt.describe()),
                         r.value.span)
            elif d.type.kind == "keuze" and isinstance(r.value, S.Literal) and r.value.value not in d.type.options:
                self.err(tr('"{value}" is not one of the choices {type}').format(
                             value=r.value.value, type=d.type.describe()), r.value.span,
                         did_you_mean(str(r.value.value), d.type.options))

    def check_exceptions(self, d: DecisionInfo, rules: list[RuleInfo]):
        direct: dict[int, set[int]] = {r.order: set() for r in rules}  # rule -> exceptions to it
        for e in rules:
            for target in e.sets_aside:
                hit = [r for r in rules if r is not e and target.contains(r.citation) and r.kind != "overweging"]
                if not hit:
                    self.err(tr("'uitzondering op {label}': that provision has no rule for '{name}'").format(
                                 label=target.label, name=d.name),
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
                    self.err(tr("exceptions for '{name}' set each other aside in a circle").format(name=d.name), r.span)
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


def _rel(a: Citation, b: Citation) -> str:
    """How provision a is named in an 'uitzondering op' written in provision b."""
    if a.article is not None and a.article == b.article:
        if a.sentence is not None:
            return (f"volzin {a.sentence}" if a.paragraph == b.paragraph
                    else f"lid {a.paragraph} volzin {a.sentence}")
        if a.item is not None and a.paragraph == b.paragraph:
            return f"onder {a.item}" + (f" onder {a.subitem}°" if a.subitem else "")
        if a.paragraph is not None:
            return f"lid {a.paragraph}" + (f" onder {a.item}" if a.item else "")
    if a.article is None and a.section == b.section and b.article is None and a.alinea is not None:
        return f"alinea {a.alinea}"
    return a.reference




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
    if target.sentence is not None:  # 'volzin 3' of a lid with two: the sentences it has
        whole = attrs.evolve(target, sentence=None)
        sentences = [p.citation.label for p in provisions
                     if p.citation.sentence is not None and p.citation != here
                     and attrs.evolve(p.citation, sentence=None) == whole]
        if sentences:
            return tr("did you mean '{name}'?").format(
                name=difflib.get_close_matches(target.label, sentences, n=1, cutoff=0)[0])
    parents = [attrs.evolve(target, subitem=None, sentence=None),
               attrs.evolve(target, item=None, subitem=None, sentence=None)]
    lid = parents[1]
    if target.paragraph is None:  # 'onder e' of an article without leden: the article itself
        parents.append(attrs.evolve(target, item=None, subitem=None, sentence=None))
    for parent in parents:
        if parent != target and parent in existing and parent != here:  # 'onder a' of a lid without items
            return tr("did you mean '{name}'?").format(name=parent.label)
    # a lid that the article does not have ('lid 7' of four): its leden, not a guess by spelling
    missing_lid = target.paragraph is not None and lid not in existing
    labels = list(dict.fromkeys(p.citation.label for p in provisions if p.citation != here and p.citation.label))
    match = None if missing_lid else difflib.get_close_matches(target.label, labels, n=1, cutoff=0.75)
    if match:
        return tr("did you mean '{name}'?").format(name=match[0])
    siblings = list(dict.fromkeys(p.citation.label for p in provisions if target.article is not None
                                  and p.citation.article == target.article and p.citation != here))
    if siblings:
        listed = ", ".join(siblings[:8]) + (", ..." if len(siblings) > 8 else "")
        return tr("there are: {provisions}").format(provisions=listed)
    return None


def _follows_from_missing_context(d: Diagnostic) -> bool:
    """An unknown name, decision, table or provision, in files without a 'regeling' header: a consequence
    of checking a part of a regulation without the files that declare them, held back behind the cause."""
    templates = (tr("unknown name '{name}'"), tr("unknown decision '{name}'"), tr("unknown table '{table}'"),
                 tr("'uitzondering op {label}': there is no such provision"))
    return d.is_error and any(re.fullmatch(re.sub(r"\\\{\w+\\\}", ".+", re.escape(x)), d.message) for x in templates)


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
    if info is None:  # one part of a regulation checked alone: its names and provisions are declared beside it
        c.diagnostics = [d for d in c.diagnostics if not _follows_from_missing_context(d)]
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
