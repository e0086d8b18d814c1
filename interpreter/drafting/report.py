"""The report of `grondslag test`: values as the voorbeelden format writes them, the lines a
drafter reads, the JSON, the summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dsl import examples as V
from dsl.i18n import N_
from dsl.i18n import _ as tr
from dsl.i18n import ngettext
from dsl.quantities import Duration
from interpreter.drafting.runner import Run, Suite
from interpreter.motivation.text import explain_decision
from interpreter.result import json_value
from interpreter.values import Unknown, format_money

_PROBLEM_WORDS = {"value": N_("value"), "citation": N_("citation"), "missing": N_("missing")}


def render_value(value, kind: str | None = None) -> str | None:
    """A decision's value as the format writes it; None when the format cannot express it."""
    if value is None or type(value) is Unknown:
        return "onbekend"
    if value is True:
        return "waar"
    if value is False:
        return "onwaar"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, Duration):
        text = value.describe()
        return None if " en " in text else text
    if isinstance(value, (int, Decimal)):
        if kind == "bedrag":
            return format_money(Decimal(value))
        if kind == "percentage":
            return (f"{value:f}".replace(".", ",") if isinstance(value, Decimal) else str(value)) + "%"
        return f"{value:f}".replace(".", ",") if isinstance(value, Decimal) else str(value)
    return None


def render_expectation(decision: str, value, kind: str | None, citations=(), missing=()) -> str | None:
    """One line of a verwacht block, as --update writes it."""
    v = render_value(value, kind)
    if v is None:
        return None
    out = f"{decision} is {v}"
    citations = [c for c in citations if c.law is None]  # a statute cited beside the provision: not written
    if citations:
        out += " volgens " + " en ".join(V.render_citation(c) for c in citations)
    if missing:
        out += ", ontbreekt " + ", ".join(missing)
    return out


def describe(value, kind: str, citations=(), missing=()) -> str:
    """expected or got, in the format's own words, so that a drafter can copy it."""
    text = render_value(value, kind) or repr(value)
    if citations:
        text += " volgens " + " en ".join(V.render_citation(c) for c in citations)
    if missing:
        text += ", ontbreekt " + ", ".join(missing)
    return text


def report_lines(suite: Suite, verbose: bool = False) -> list[str]:
    """The readable report: one line per file, then every failure with its explanation."""
    lines = []
    by_file: dict[str, list[Run]] = {}
    for r in suite.runs:
        by_file.setdefault(r.file, []).append(r)
    for f in suite.files:
        runs = by_file.get(f.path, [])
        bad = [r for r in runs if not r.passed]
        errors = sum(1 for d in suite.errors if d.span.file == f.path)
        status = "ok" if not bad and not errors else "FAILED"  # the markers are fixed words, as 'error' is
        if errors:
            status += " " + ngettext("({n} error in the file, shown first)", "({n} errors in the file, shown first)",
                                     errors).format(n=errors)
        lines.append(f"{f.path}: " + ngettext("{n} voorbeeld", "{n} voorbeelden", len(runs)).format(n=len(runs))
                     + f" {status}")
        for r in runs:
            if verbose and r.passed:
                lines.append(f"  ok    {r.example.title}")
            if not r.ran:
                lines.append(f"  ERROR {r.example.title} " + tr("(line {line}): not run, see the errors above")
                             .format(line=r.example.span.line))
                continue
            if r.passed:
                continue
            lines.append(f"  FAIL  {r.example.title} ({r.file}:{r.example.span.line}, "
                         f"peildatum {r.example.date.isoformat()})")
            model = r.version.program.model
            for c in r.checks:
                if c.passed:
                    continue
                e, got = c.expectation, c.got
                wanted = describe(c.expected, c.kind, [x.citation for x in e.citations], [m.name for m in e.missing])
                lines.append(f"    {e.decision} " + tr("(line {line}): wrong {problems}").format(
                    line=e.span.line, problems=", ".join(tr(_PROBLEM_WORDS.get(p, p)) for p in c.problems)))
                lines.append("      " + tr("expected: {value}").format(value=wanted))
                lines.append("      " + tr("got:      {value}").format(
                    value=describe(got.value, c.kind, got.citations, got.missing)))
                lines.append("      " + tr("explanation:"))
                lines.extend("        " + x for x in explain_decision(r.result, got, model))
    return lines


def report_dict(suite: Suite) -> dict:
    """The report as data, for CI and editors: every example, every check, every problem."""
    files = []
    for f in suite.files:
        examples = []
        for r in (r for r in suite.runs if r.file == f.path):
            ex = r.example
            status = "error" if not r.ran else "passed" if r.passed else "failed"
            checks = []
            for c in r.checks:
                e = c.expectation
                checks.append({
                    "decision": e.decision, "line": e.span.line, "passed": c.passed, "problems": list(c.problems),
                    "expected": {"value": json_value(c.expected),
                                 "citations": [x.citation.to_dict() for x in e.citations],
                                 "missing": [m.name for m in e.missing]},
                    "got": {"value": json_value(c.got.value), "citations": [x.to_dict() for x in c.got.citations],
                            "missing": list(c.got.missing)},
                })
            examples.append({"title": ex.title, "line": ex.span.line, "peildatum": ex.date.isoformat(),
                             "status": status, "checks": checks})
        files.append({"path": f.path, "examples": examples})
    ran = [r for r in suite.runs if r.ran]
    return {"files": files, "diagnostics": [d.to_dict() for d in suite.diagnostics],
            "summary": {"voorbeelden": len(suite.runs), "verwachtingen": suite.expectation_count,
                        "passed": len(ran) - len(suite.failed), "failed": len(suite.failed),
                        "not_run": len(suite.runs) - len(ran), "errors": len(suite.errors)}}


def summary(suite: Suite) -> str:
    ran = [r for r in suite.runs if r.ran]
    failed = len(suite.failed)
    not_run = len(suite.runs) - len(ran)
    n, m = len(suite.runs), suite.expectation_count
    text = (ngettext("{n} voorbeeld", "{n} voorbeelden", n).format(n=n) + ", "
            + ngettext("{n} verwachting", "{n} verwachtingen", m).format(n=m) + ": "
            + tr("{passed} passed, {failed} failed").format(passed=len(ran) - failed, failed=failed))
    if not_run:
        text += ", " + tr("{n} not run").format(n=not_run)
    if suite.errors:
        text += "; " + ngettext("{n} error in the voorbeelden", "{n} errors in the voorbeelden",
                                len(suite.errors)).format(n=len(suite.errors))
    return text
