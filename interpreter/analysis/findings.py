"""`grondslag analyse`: conflicts, gaps, dead rules and exceptions, redundant exceptions,
judgement-only decisions; each with a witness case the engine reproduces.

Every question is asked of the solver over cases in which every fact is known (a gap
is a decision without value although every fact is given). Because Kleene logic is
monotone, a conflict or a rule firing on a case with facts left open also happens on
some case with every fact given, so nothing is lost by asking only those.
"""

from __future__ import annotations

import time

import attrs
import z3

from dsl import syntax as S
from dsl.citation import Citation
from dsl.model import Model, RuleInfo
from dsl.unparse import unparse
from interpreter.analysis.acknowledgements import Acknowledgement, acknowledgements
from interpreter.analysis.encode import Encoding
from interpreter.analysis.terms import KV, eq
from interpreter.analysis.witness import case_from_model, evaluate
from interpreter.api import Regulation, Version, compile_models
from interpreter.case import CaseError
from interpreter.result import SET_ASIDE
from interpreter.values import format_value

FOUT, OPMERKING = "fout", "opmerking"
TIMEOUT_MS = 10_000  # per solver question; a timeout is reported, never taken for a proof


@attrs.frozen
class Finding:
    """One finding of the analysis, in Dutch, at a place in the rule files."""

    kind: str  # conflict | gat | dood | overbodig | oordeel | niet geanalyseerd | erkenning
    severity: str  # fout (counts for the exit code) | opmerking
    decision: str | None
    span: S.Span
    message: str
    citations: tuple[Citation, ...] = ()
    witness: dict | None = None  # the case (peildatum and facts) that shows it
    witness_note: str | None = None  # what the engine gives for the witness
    acknowledged: str | None = None  # the drafter's reason, when acknowledged
    version: str = ""

    @property
    def counts(self) -> bool:
        return self.severity == FOUT and self.acknowledged is None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "severity": self.severity, "decision": self.decision,
                "file": self.span.file, "line": self.span.line, "column": self.span.column,
                "message": self.message, "citations": [c.label for c in self.citations],
                "witness": self.witness, "witness_result": self.witness_note,
                "acknowledged": self.acknowledged, "version": self.version}


@attrs.frozen
class Report:
    """The findings for every version of a regulation, and what was analysed."""

    findings: tuple[Finding, ...]
    decisions: int
    rules: int
    seconds: float

    @property
    def counted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.counts)


def analyse(regulation: Regulation, checker_conflicts=()) -> Report:
    """Analyse every version. `checker_conflicts`: the checker's errors that two rules may both apply
    (see loading.py); each one the solver shows impossible is reported as such."""
    start = time.process_time()
    findings, decisions, rules = [], 0, 0
    for version in regulation.versions:
        found = _VersionAnalysis(version).run()
        for d in checker_conflicts:
            if d.span.file in {f.path for f in version.program.model.files} and not any(
                    f.kind == "conflict" and (f.span.file, f.span.line) == (d.span.file, d.span.line) for f in found):
                found.append(Finding("conflict", OPMERKING, None, d.span,
                                     "geen conflict: `grondslag check` meldt dat deze regels misschien allebei "
                                     "gelden met verschillende waarden, maar de analyse bewijst dat dat in geen "
                                     "enkel geval gebeurt (schrijf toch 'uitzondering op', of laat de voorwaarden "
                                     "het tekstueel uitsluiten: de checker ziet alleen de tekst)",
                                     version=found[0].version if found else ""))
        findings.extend(found)
        decisions += len(version.program.model.decisions)
        rules += len(version.program.model.rules)
    return Report(tuple(findings), decisions, rules, time.process_time() - start)


def _reference(r: RuleInfo) -> str:
    return r.citation.label if r.kind != "anders" else f"{r.citation.label} (in alle andere gevallen)"


class _VersionAnalysis:
    def __init__(self, version: Version):
        self.version = version
        self.model: Model = version.program.model
        self.enc = Encoding(self.model)
        self.solver = z3.Solver()
        self.solver.set("timeout", TIMEOUT_MS)
        self.acks: list[Acknowledgement] = acknowledgements(self.model)
        self.used_acks: set[int] = set()
        self.findings: list[Finding] = []
        info = self.model.info
        self.label = f"{info.id} {info.version or info.valid_from.isoformat()}"  # as report._label
        self.cone = version.program.fact_dependencies

    # ------------------------------------------------------------ solver
    def solve(self, *goal):
        """A model for the goal within the fact domains, 'unsat', or 'unknown' (a timeout)."""
        s = self.solver
        s.push()
        s.add(*self.enc.domain, *goal)
        r = s.check()
        out = s.model() if r == z3.sat else ("unsat" if r == z3.unsat else "unknown")
        s.pop()
        return out

    def witness(self, model, decision: str, holds) -> dict | None:
        """The smallest case (facts dropped one by one) for which the engine still shows the finding."""
        names = self.cone.get(decision, frozenset(self.enc.facts))
        case = case_from_model(model, self.enc, names)
        try:
            if not holds(evaluate(self.version, case)):
                return None
        except CaseError:
            return None
        for name in [n for n in reversed(list(self.enc.facts)) if n in case]:
            trial = {k: v for k, v in case.items() if k != name}
            try:
                if holds(evaluate(self.version, trial)):
                    case = trial
            except CaseError:
                pass
        return case

    def confirmed(self, m, decision: str, holds, *goal, tries: int = 4) -> dict | None:
        """A witness the engine confirms: where it does not (a value the analysis leaves free), the
        solver is asked again for another case, a few times, before the finding is given up."""
        blocks = []
        names = self.cone.get(decision, frozenset(self.enc.facts))
        for _ in range(tries):
            case = self.witness(m, decision, holds)
            if case is not None:
                return case
            parts = [p for n, fv in self.enc.facts.items() if n in names and fv.val is not None for p in fv.val.parts]
            parts += list(self.enc.peildatum.parts)
            blocks.append(z3.Not(z3.And(*[p == m.eval(p, model_completion=True) for p in parts])))
            m = self.solve(*goal, *blocks)
            if isinstance(m, str):
                return None
        return None

    # ------------------------------------------------------------ reporting
    def add(self, kind, severity, decision, span, message, citations=(), witness=None, note=None,
            rule_citation: Citation | None = None):
        reason = None
        for i, a in enumerate(self.acks):
            if a.matches(kind, decision, rule_citation):
                reason = a.reason
                self.used_acks.add(i)
                break
        self.findings.append(Finding(kind, severity, decision, span, message, tuple(citations), witness, note,
                                     reason, self.label))

    def unconfirmed(self, kind, decision, span, message, citations=(), rule_citation=None):
        """The solver found a case, but the engine does not show it: say so, never claim it."""
        self.add("niet geanalyseerd", OPMERKING, decision, span,
                 f"{message}; de oplossing van de solver werd niet door de evaluatie bevestigd "
                 f"(niet geanalyseerd)", citations, rule_citation=rule_citation)

    # ------------------------------------------------------------ checks
    def run(self) -> list[Finding]:
        for d in self.model.decisions:
            terms = self.enc.decide(d.name)
            orders = {r.order for r in terms.rules} | ({terms.default.order} if terms.default else set())
            if not terms.is_list and not orders & set(self.enc.unsupported):  # else: 'niet geanalyseerd' below
                self.conflicts(d, terms)
                self.gap(d, terms)
                self.redundant(d, terms)
            self.dead(d, terms)
            self.judgement_only(d)
        for order, what in sorted(self.enc.unsupported.items()):
            r = self.model.rules[order]
            self.add("niet geanalyseerd", OPMERKING, r.decision, r.span,
                     f"{_reference(r)} ({r.decision}) is niet geanalyseerd: {what}", (r.citation,),
                     rule_citation=r.citation)
        for i, a in enumerate(self.acks):
            if a.kind != "onveranderlijk" and i not in self.used_acks:
                self.add("erkenning", OPMERKING, a.name, a.span,
                         f"'erkend {a.kind}' zonder bevinding: de analyse vindt hier geen {a.kind}; "
                         f"haal de erkenning weg of pas haar aan")
        return self.findings

    def conflicts(self, d, t):
        for i in range(len(t.rules)):
            for j in range(i + 1, len(t.rules)):
                ri, rj = t.rules[i], t.rules[j]
                if ri.kind == "overweging":
                    continue
                m = self.solve(t.conflict(i, j))
                if isinstance(m, str):
                    if m == "unknown":
                        self.unconfirmed("conflict", d.name, rj.span, f"conflict tussen {_reference(ri)} en "
                                         f"{_reference(rj)} niet beslist binnen de tijd", (ri.citation, rj.citation))
                    continue

                def holds(res, ri=ri, rj=rj):
                    dec = res[d.name]
                    return dec.value is None and ri.citation in dec.conflict and rj.citation in dec.conflict

                case = self.confirmed(m, d.name, holds, t.conflict(i, j))
                msg = (f"conflict: {_reference(ri)} en {_reference(rj)} kunnen allebei gelden voor {d.name} "
                       f"met verschillende waarden, en geen van beide is een uitzondering op de ander")
                if case is None:
                    self.unconfirmed("conflict", d.name, rj.span, msg, (ri.citation, rj.citation), rj.citation)
                    continue
                self.add("conflict", FOUT, d.name, rj.span, msg, (ri.citation, rj.citation), case,
                         f"{d.name} is onbekend: conflict tussen {ri.citation.label} en {rj.citation.label}"
                         f" (ook `grondslag check` wijst deze regels af)", rj.citation)

    def gap(self, d, t):
        reads = {e.id for r in t.rules + ((t.default,) if t.default else ()) for x in (r.condition, r.value)
                 if x is not None for e in S.iter_expr(x)
                 if isinstance(e, S.Name) and self.model.decision(e.id) is not None and e.id != d.name}
        try:
            upstream = [self.enc.decision(n).known for n in sorted(reads)]
        except Exception:  # noqa: BLE001 - a cycle is the checker's to report
            upstream = []
        no_conflict = [z3.Not(t.conflict(i, j)) for i in range(len(t.rules)) for j in range(i + 1, len(t.rules))]
        m = self.solve(z3.Not(t.outcome.known), *no_conflict, *upstream)
        if isinstance(m, str):
            if m == "unknown":
                self.unconfirmed("gat", d.name, d.span, f"of {d.name} altijd een waarde krijgt, is niet beslist "
                                 f"binnen de tijd")
            return
        facts = set(self.enc.facts)

        def holds(res):
            dec = res[d.name]
            return dec.value is None and not dec.conflict and not (set(dec.missing) & facts)

        case = self.confirmed(m, d.name, holds, z3.Not(t.outcome.known), *no_conflict, *upstream)
        none = t.default is None
        msg = (f"gat: voor {d.name} is in sommige gevallen geen regel van toepassing, en er is geen waarde "
               f"'in alle andere gevallen'" if none and self.solve(t.none_applies, *upstream) != "unsat"
               else f"gat: {d.name} krijgt in sommige gevallen geen waarde, hoewel elk feit gegeven is")
        if case is None:
            self.unconfirmed("gat", d.name, d.span, msg)
            return
        res = evaluate(self.version, case)[d.name]
        self.add("gat", FOUT, d.name, d.span, msg, (), case,
                 f"{d.name} is onbekend" + (f" ({res.note})" if res.note else ""), d.provision)

    def dead(self, d, t):
        for i, r in enumerate(t.rules):
            if r.order in self.enc.unsupported:
                continue
            # its own condition: t.applies counts an exception without object as not applying,
            # which is the finding of dead_exception, not of a condition no case meets
            if self.solve(self.enc.condition(d.name, r).true) == "unsat":
                self.dead_condition(d, r)
                continue
            if r.kind == "uitzondering":
                self.dead_exception(d, t, i, r)
            if t.is_list:
                continue
            if r.kind != "uitzondering" and self.model.overrides.get(r.order) and \
                    self.solve(t.eff_true[i]) == "unsat":
                m = self.solve(t.applies[i].true)
                order = r.order

                def holds(res, order=order):
                    step = next((s for s in res[d.name].derivation().steps if s.order == order), None)
                    return step is not None and step.status == SET_ASIDE

                case = self.witness(m, d.name, holds)
                self.add("dood", FOUT, d.name, r.span,
                         f"dode regel: {_reference(r)} ({d.name}) wordt altijd opzij gezet door een uitzondering",
                         (r.citation,), case, f"{r.citation.label}: opzij gezet", r.citation)
        if t.default is not None and t.default.order not in self.enc.unsupported and t.rules:
            if self.solve(t.none_applies) == "unsat":
                self.add("dood", FOUT, d.name, t.default.span,
                         f"dode regel: de waarde 'in alle andere gevallen' van {d.name} ({t.default.citation.label}) "
                         f"wordt nooit gebruikt: in elk geval geldt een andere regel", (t.default.citation,),
                         None, "geen geval mogelijk (bewezen door de solver)", t.default.citation)

    def dead_condition(self, d, r):
        """A condition no case meets. The witness meets as many of its parts (en) as can hold together,
        and shows which part then fails: the contradiction a drafter has to resolve."""
        what = "uitzondering" if r.kind == "uitzondering" else ("overweging" if r.kind == "overweging" else "regel")
        parts = list(r.condition.operands) if isinstance(r.condition, S.BoolOp) and r.condition.op == "en" \
            else [r.condition]
        held, failing, m = [], [], None
        for p in parts:
            trial = self.solve(*[self.enc.expr(x).true for x in held + [p]])
            if isinstance(trial, str):
                failing.append(p)
            else:
                held.append(p)
                m = trial
        if m is None:
            m = self.solve()
        order = r.order

        def holds(res):
            step = next((s for s in res[d.name].derivation().steps if s.order == order), None)
            return step is not None and step.applies is False

        case = self.witness(m, d.name, holds) if not isinstance(m, str) else None
        why = (f"; '{' en '.join(unparse(p) for p in failing)}' kan niet gelden samen met "
               f"'{' en '.join(unparse(p) for p in held)}'" if held and failing else "")
        self.add("dood", FOUT, d.name, r.span,
                 f"dode {what}: de voorwaarde van {_reference(r)} ({d.name}) kan in geen enkel geval gelden{why}",
                 (r.citation,), case, f"{r.citation.label} is niet van toepassing", r.citation)

    def dead_exception(self, d, t, i, r):
        """An exception that can never hold while a rule it sets aside applies."""
        index = {x.order: k for k, x in enumerate(t.rules)}
        targets = [index[o] for o, exc in self.model.overrides.items() if r.order in exc and o in index]
        if not targets:
            return
        own = self.enc.condition(d.name, r).true  # its own condition (t.applies: as the engine counts it)
        together = z3.Or(*[z3.And(own, t.applies[k].true) for k in targets])
        if self.solve(together) != "unsat":
            return
        m = self.solve(own)
        order, target_orders = r.order, {t.rules[k].order for k in targets}

        def holds(res):
            steps = {s.order: s for s in res[d.name].derivation().steps}
            return steps.get(order) is not None and steps[order].applies is True and \
                all(steps.get(o) is not None and steps[o].applies is False for o in target_orders)

        case = self.witness(m, d.name, holds) if not isinstance(m, str) else None
        names = ", ".join(t.rules[k].citation.label for k in targets)
        self.add("dood", FOUT, d.name, r.span,
                 f"dode uitzondering: {_reference(r)} ({d.name}) kan nooit gelden terwijl de regel die zij "
                 f"opzij zet ({names}) van toepassing is", (r.citation,), case,
                 f"{r.citation.label} geldt, {names} niet", r.citation)

    def redundant(self, d, t):
        for r in t.rules:
            if r.kind != "uitzondering" or r.order in self.enc.unsupported:
                continue
            rules = tuple(x for x in self.model.rules_for(d.name) if x.order != r.order)
            overrides = {k: tuple(o for o in v if o != r.order) for k, v in self.model.overrides.items()}
            other = self.enc.decide(d.name, rules, overrides).outcome
            same = _same(t.outcome, other)
            if self.solve(z3.Not(same)) != "unsat":
                continue
            i = t.rules.index(r)
            m = self.solve(t.applies[i].true)
            if isinstance(m, str):
                continue  # a dead exception: reported as such
            without = _without(self.version, r)
            order = r.order

            def holds(res, without=without, order=order):
                step = next((s for s in res[d.name].derivation().steps if s.order == order), None)
                if step is None or step.applies is not True:
                    return False
                other_res = without.evaluate_facts(res.facts, res.date)[d.name]
                return other_res.value == res[d.name].value

            case = self.witness(m, d.name, holds)
            self.add("overbodig", FOUT, d.name, r.span,
                     f"overbodige uitzondering: {_reference(r)} ({d.name}) verandert in geen enkel geval de "
                     f"uitkomst; zonder haar is de waarde dezelfde", (r.citation,), case,
                     f"{r.citation.label} geldt; {d.name} is {_show(evaluate(self.version, case)[d.name].value)}"
                     if case else None, r.citation)

    def judgement_only(self, d):
        cone = self.cone.get(d.name, frozenset())
        judgements = {f.name for f in self.model.facts if f.judgement}
        if not cone or not cone <= judgements:
            return
        case = {"peildatum": self.model.info.valid_from.isoformat(), **{n: True for n in sorted(cone)
                                                                        if self.model.fact(n).type.kind == "ja/nee"}}
        try:
            value = evaluate(self.version, case)[d.name].value
        except CaseError:
            case, value = None, None
        names = ", ".join(sorted(cone))
        self.add("oordeel", OPMERKING, d.name, d.span,
                 f"alleen oordeel: {d.name} hangt alleen af van het oordeel van het college ({names})",
                 (d.provision,) if d.provision else (), case if value is not None else None,
                 f"{d.name} is {_show(value)}" if value is not None else None, d.provision)


def _same(a: KV, b: KV):
    return z3.And(a.known == b.known, z3.Implies(a.known, eq(a.val, b.val)))


def _show(value) -> str:
    return format_value(value)


def _without(version: Version, rule: RuleInfo) -> Version:
    """The version compiled without one exception: to check with the engine that it changes nothing."""
    model = version.program.model
    mutated = attrs.evolve(model, rules=tuple(r for r in model.rules if r.order != rule.order),
                           overrides={k: tuple(o for o in v if o != rule.order) for k, v in model.overrides.items()})
    return compile_models([mutated])[0]
