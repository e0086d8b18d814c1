"""Coverage of a regulation: which provisions are encoded, and which rules were exercised.

Two questions a drafter (and a reviewer) asks before trusting a rule file:

- static: is every article, lid and onderdeel accounted for? Each is
  'encoded' (it holds a rule, a definition or a declaration), 'niet
  uitvoerbaar' (the drafter said why it cannot be computed), or 'missing'.
  A provision that only introduces its parts ('In deze verordening wordt
  verstaan onder:') is accounted for by its parts and is not counted itself.
- dynamic: did the examples (or a file of cases) ever make each rule the
  deciding one, and did each exception both apply and not apply? A rule that
  no example ever exercises is a rule nobody has checked.

The percentages:

    static  = (encoded + niet uitvoerbaar) / (encoded + niet uitvoerbaar + missing)
    dynamic = goals met / goals, where every rule ('regel', 'anders',
              'overweging') has one goal, to be beslissend at least once, and every
              exception ('uitzondering') has two, to apply at least once and not to
              apply at least once.
"""

from __future__ import annotations

import attrs

from dsl.i18n import _ as tr
from dsl.model import Model, ProvisionInfo, RuleInfo
from interpreter.result import DECIDED

ENCODED = "encoded"
NOT_EXECUTABLE = "niet uitvoerbaar"
MISSING = "missing"
BY_PARTS = "via its parts"

DECIDING = "beslissend"
APPLIED = "toegepast"
NOT_APPLIED = "niet toegepast"


@attrs.frozen
class ProvisionCoverage:
    """One provision and how the rule files account for it."""

    provision: ProvisionInfo
    status: str  # encoded | niet uitvoerbaar | missing | via its parts

    @property
    def counted(self) -> bool:
        return self.status != BY_PARTS

    def to_dict(self) -> dict:
        p = self.provision
        d = {**p.citation.to_dict(), "kind": p.kind, "status": self.status,
             "file": p.span.file, "line": p.span.line}
        if self.status == NOT_EXECUTABLE:
            d["reason"] = p.not_executable
        return d


@attrs.frozen
class RuleCoverage:
    """One rule and how often the runs exercised it."""

    rule: RuleInfo
    decided: int  # runs in which it was beslissend
    applied: int  # exceptions: runs in which its condition held
    not_applied: int  # exceptions: runs in which its condition did not hold

    @property
    def goals(self) -> dict[str, bool]:
        if self.rule.kind == "uitzondering":
            return {APPLIED: self.applied > 0, NOT_APPLIED: self.not_applied > 0}
        return {DECIDING: self.decided > 0}

    @property
    def unmet(self) -> list[str]:
        return [g for g, met in self.goals.items() if not met]

    def describe(self, names: dict[str, str] | None = None) -> str:
        """The rule by its provision; `names`: display names ('heet') for a text people read."""
        r = self.rule
        what = f"uitzondering op {', '.join(c.label for c in r.sets_aside)}" if r.kind == "uitzondering" else r.kind
        return f"{r.citation.label} ({what}) for {(names or {}).get(r.decision, r.decision)}"

    def to_dict(self) -> dict:
        r = self.rule
        d = {"decision": r.decision, "kind": r.kind, "citation": r.citation.to_dict(),
             "file": r.span.file, "line": r.span.line, "decided": self.decided}
        if r.kind == "uitzondering":
            d["applied"] = self.applied
            d["not_applied"] = self.not_applied
        d["unexercised"] = self.unmet
        return d


def _percent(met: int, total: int) -> float:
    return 100.0 if total == 0 else 100.0 * met / total


@attrs.frozen
class VersionCoverage:
    """Static and dynamic coverage of one version of a regulation."""

    model: Model
    provisions: tuple[ProvisionCoverage, ...]
    rules: tuple[RuleCoverage, ...] | None  # None: no runs were given
    runs: int

    def count(self, status: str) -> int:
        return sum(1 for p in self.provisions if p.status == status)

    @property
    def static_counts(self) -> tuple[int, int]:
        counted = [p for p in self.provisions if p.counted]
        return sum(1 for p in counted if p.status != MISSING), len(counted)

    @property
    def dynamic_counts(self) -> tuple[int, int]:
        if self.rules is None:
            return 0, 0
        goals = [met for r in self.rules for met in r.goals.values()]
        return sum(goals), len(goals)

    def to_dict(self) -> dict:
        info = self.model.info
        met, total = self.static_counts
        d = {"valid_from": info.valid_from.isoformat(),
             "valid_until": info.valid_until.isoformat() if info.valid_until else None,
             "version": info.version,
             "static": {"percent": round(_percent(met, total), 1), "accounted_for": met, "counted": total,
                        "encoded": self.count(ENCODED), "not_executable": self.count(NOT_EXECUTABLE),
                        "missing": self.count(MISSING),
                        "provisions": [p.to_dict() for p in self.provisions]}}
        if self.rules is not None:
            gm, gt = self.dynamic_counts
            d["dynamic"] = {"percent": round(_percent(gm, gt), 1), "runs": self.runs, "goals_met": gm,
                            "goals": gt, "rules": [r.to_dict() for r in self.rules],
                            "unexercised": [f"{r.describe()}: {', '.join(r.unmet)}" for r in self.rules if r.unmet]}
        return d


@attrs.frozen
class Coverage:
    """Coverage of all versions of a regulation, from one set of runs."""

    title: str
    id: str
    source: str | None  # "voorbeelden" | "cases" | None (static only)
    versions: tuple[VersionCoverage, ...]

    @property
    def static_percent(self) -> float:
        met = sum(v.static_counts[0] for v in self.versions)
        return _percent(met, sum(v.static_counts[1] for v in self.versions))

    @property
    def dynamic_percent(self) -> float | None:
        if self.source is None:
            return None
        met = sum(v.dynamic_counts[0] for v in self.versions)
        return _percent(met, sum(v.dynamic_counts[1] for v in self.versions))

    def below(self, pct: float) -> list[str]:
        """Which percentages fall below pct ('static', 'dynamic')."""
        out = []
        if self.static_percent < pct:
            out.append("static")
        if self.dynamic_percent is not None and self.dynamic_percent < pct:
            out.append("dynamic")
        return out

    def to_dict(self) -> dict:
        dyn = self.dynamic_percent
        return {"regulation": {"id": self.id, "title": self.title},
                "static_percent": round(self.static_percent, 1),
                "dynamic_percent": round(dyn, 1) if dyn is not None else None,
                "dynamic_source": self.source,
                "versions": [v.to_dict() for v in self.versions]}


# ------------------------------------------------------------------ computing


def static_status(p: ProvisionInfo) -> str:
    if p.encoded:
        return ENCODED
    if p.not_executable:
        return NOT_EXECUTABLE
    if p.has_children:
        return BY_PARTS
    return MISSING


def _rule_keys(model: Model, decision: str) -> dict[tuple, RuleInfo]:
    """(citation, kind, n-th of that pair) -> rule: how a derivation step names its rule."""
    seen: dict[tuple, int] = {}
    out = {}
    for r in model.rules_for(decision):
        k = (r.citation, r.kind)
        n = seen.get(k, 0)
        seen[k] = n + 1
        out[k + (n,)] = r
    return out


def exercise(model: Model, results, checked=None) -> dict[int, list[int]]:
    """rule order -> [times beslissend, times applied, times not applied] over the results.

    checked: per result, the names of the decisions to count (those an example
    checks); None counts every decision.
    """
    counts = {r.order: [0, 0, 0] for r in model.rules}
    keys = {d.name: _rule_keys(model, d.name) for d in model.decisions}
    for i, result in enumerate(results):
        only = checked[i] if checked is not None else None
        for name, decision in result.decisions.items():
            if name not in keys or (only is not None and name not in only):
                continue
            seen: dict[tuple, int] = {}
            for step in decision.derivation().steps:
                k = (step.citation, step.kind)
                n = seen.get(k, 0)
                seen[k] = n + 1
                rule = keys[name].get(k + (n,))
                if rule is None:  # pragma: no cover - every step comes from a rule
                    continue
                c = counts[rule.order]
                if step.status == DECIDED:
                    c[0] += 1
                if step.applies is True:
                    c[1] += 1
                elif step.applies is False:
                    c[2] += 1
    return counts


def coverage(regulation, results=None, source: str | None = None, checked=None) -> Coverage:
    """Static coverage of every version, and dynamic coverage from results when given.

    checked: per result, the decisions to count (see exercise); None counts all.
    """
    results = list(results) if results is not None else None
    versions = []
    for v in regulation.versions:
        model = v.program.model
        provisions = tuple(ProvisionCoverage(p, static_status(p)) for p in model.provisions)
        rules = None
        mine = []
        if results is not None:
            idx = [i for i, r in enumerate(results) if r.regulation == model.info]
            mine = [results[i] for i in idx]
            counts = exercise(model, mine, [checked[i] for i in idx] if checked is not None else None)
            rules = tuple(RuleCoverage(r, *counts[r.order]) for r in model.rules)
        versions.append(VersionCoverage(model, provisions, rules, len(mine)))
    return Coverage(regulation.title, regulation.id, source if results is not None else None, tuple(versions))


# ------------------------------------------------------------------ text


def _short(text: str, width: int = 70) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1].rstrip() + "…"


def report_lines(cov: Coverage, runs_label: str = "runs") -> list[str]:
    lines = [cov.title, ""]
    for v in cov.versions:
        info = v.model.info
        if len(cov.versions) > 1:
            lines.append(tr("Version in force {period}").format(period=info.period()))
        met, total = v.static_counts
        lines.append(tr("Static coverage: {met} of {total} provisions accounted for ({percent}%): {encoded} encoded, "
                        "{not_executable} niet uitvoerbaar, {missing} missing").format(
            met=met, total=total, percent=f"{_percent(met, total):.1f}", encoded=v.count(ENCODED),
            not_executable=v.count(NOT_EXECUTABLE), missing=v.count(MISSING)))
        width = max((len(p.provision.citation.label) for p in v.provisions), default=0)
        for p in v.provisions:
            pi = p.provision
            if pi.kind == "paragraaf" and p.status == BY_PARTS:
                continue  # a heading over articles
            text = p.status
            if p.status == NOT_EXECUTABLE:
                text += ": " + _short(pi.not_executable)
            elif p.status == MISSING:
                text = "MISSING"
            lines.append(f"  {pi.citation.label.ljust(width)}  {text}")
        lines.append("")
        if v.rules is None:
            continue
        gm, gt = v.dynamic_counts
        names = v.model.display_names()
        lines.append(tr("Dynamic coverage ({runs} {label}): {met} of {total} goals met ({percent}%)").format(
            runs=v.runs, label=runs_label, met=gm, total=gt, percent=f"{_percent(gm, gt):.1f}"))
        for r in v.rules:
            counts = f"beslissend {r.decided}x"
            if r.rule.kind == "uitzondering":
                counts = f"toegepast {r.applied}x, niet toegepast {r.not_applied}x"
            lines.append(f"  {'  ' if not r.unmet else '! '}{r.describe(names)}: {counts}")
        unmet = [r for r in v.rules if r.unmet]
        if unmet:
            lines.append(tr("Unexercised:"))
            never = tr("never {goal}")
            for r in unmet:
                goals = ", ".join(never.format(goal=g) for g in r.unmet)
                lines.append(f"  {r.rule.span.file}:{r.rule.span.line}: {r.describe(names)}: {goals}")
        else:
            lines.append(tr("Every rule was beslissend at least once; every exception both applied and did not apply."))
        lines.append("")
    summary = tr("static {percent}%").format(percent=f"{cov.static_percent:.1f}")
    if cov.dynamic_percent is not None:
        summary += ", " + tr("dynamic {percent}%").format(percent=f"{cov.dynamic_percent:.1f}")
    lines.append(tr("Coverage: {summary}").format(summary=summary))
    return lines

