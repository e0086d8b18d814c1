"""The analysis report as text (FILE:LINE:COL, Dutch), as JSON, and its witnesses as .voorbeelden."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from interpreter.analysis.findings import FOUT, Report
from interpreter.analysis.witness import evaluate
from interpreter.api import Regulation
from interpreter.values import format_money


def _value_text(v, words=("ja", "nee"), record=": ", quote=True) -> str:
    """A fact's value as the report shows it, or (words waar/onwaar, record ' ') as a .voorbeelden file writes it."""
    if v is True or v is False:
        return words[0] if v else words[1]
    if isinstance(v, list):
        return "[" + ", ".join("(" + ", ".join(f"{k}{record}{_value_text(x, words, record, quote)}" for k, x in r.items())
                               + ")" for r in v) + "]"
    return json.dumps(v, ensure_ascii=False) if isinstance(v, str) and quote else str(v)


def witness_text(case: dict) -> str:
    facts = "; ".join(f"{k} = {_value_text(v)}" for k, v in case.items() if k != "peildatum")
    return f"peildatum {case['peildatum']}" + (f"; {facts}" if facts else "; geen feiten")


def format_text(report: Report, sources: dict | None = None) -> str:
    lines = []
    for f in report.findings:
        label = "erkend" if f.acknowledged else f.severity
        lines.append(f"{f.span.file}:{f.span.line}:{f.span.column}: {label}: {f.message}")
        src = (sources or {}).get(f.span.file)
        if src:
            text = src.splitlines()[f.span.line - 1] if f.span.line <= len(src.splitlines()) else ""
            lines.append(f"    {f.span.line} | {text}")
            lines.append(f"    {' ' * len(str(f.span.line))} | {' ' * (f.span.column - 1)}^")
        if f.witness is not None:
            lines.append(f"  getuige: {witness_text(f.witness)}")
        if f.witness_note:
            lines.append(f"  uitkomst: {f.witness_note}")
        if f.acknowledged:
            lines.append("  erkend: " + " ".join(f.acknowledged.split()))
    counted = len(report.counted)
    acknowledged = sum(1 for f in report.findings if f.acknowledged)
    notes = sum(1 for f in report.findings if f.severity != FOUT and not f.acknowledged)
    lines.append(f"{counted} bevinding{'en' if counted != 1 else ''}, {acknowledged} erkend, "
                 f"{notes} opmerking{'en' if notes != 1 else ''}; {report.decisions} beslissingen en "
                 f"{report.rules} regels geanalyseerd in {report.seconds:.2f} s")
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    return json.dumps({"findings": [f.to_dict() for f in report.findings],
                       "summary": {"findings": len(report.counted), "decisions": report.decisions,
                                   "rules": report.rules, "seconds": round(report.seconds, 3)}},
                      ensure_ascii=False, indent=2, default=str) + "\n"


def _fact_literal(v) -> str:
    if isinstance(v, list):
        return ("lijst " + _value_text(v, ("waar", "onwaar"), " ", quote=False)[1:-1]) if v else "lege lijst"
    if isinstance(v, str):
        try:
            dt.date.fromisoformat(v)
            return v
        except ValueError:
            pass
    return _value_text(v, ("waar", "onwaar"))


def _expected_literal(v, kind: str) -> str:
    if v is None:
        return "onbekend"
    if v is True:
        return "waar"
    if v is False:
        return "onwaar"
    if isinstance(v, Decimal) and kind == "bedrag":
        return format_money(v).replace("€ ", "€ ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v).replace(".", ",")


def _money_literal(v: str) -> str:
    return format_money(Decimal(v))


def _label(version) -> str:
    info = version.info
    return f"{info.id} {info.version or info.valid_from.isoformat()}"


def voorbeelden(report: Report, regulation: Regulation) -> str:
    """Each witness as a worked example: the facts, and what the engine decides now."""
    out = ["# Getuigen van `grondslag analyse`: maak van elk een uitgewerkt voorbeeld.", ""]
    for n, f in enumerate((f for f in report.findings if f.witness is not None), start=1):
        case = f.witness
        version = next((v for v in regulation.versions if _label(v) == f.version), None) or \
            regulation.version_on(dt.date.fromisoformat(case["peildatum"]))
        model = version.program.model
        result = evaluate(version, case)
        title = f"{f.kind} {n}: {f.decision}".replace('"', "'")
        out += [f'voorbeeld "{title}"', f"  peildatum {case['peildatum']}", "  feiten"]
        for k, v in case.items():
            if k == "peildatum":
                continue
            t = model.fact(k).type
            lit = _money_literal(v) if t.kind == "bedrag" else _fact_literal(v)
            out.append(f"    {k} is {lit}")
        dec = result[f.decision]
        kind = model.decision(f.decision).type.kind
        if kind == "overwegingen":
            out.append("")
            continue
        expected = f"    {f.decision} is {_expected_literal(dec.value, kind)}"
        if dec.value is not None and dec.citations:
            expected += " volgens " + " en ".join(c.reference for c in dec.citations)
        elif dec.value is None and dec.missing:
            expected += ", ontbreekt " + ", ".join(dec.missing)
        out += ["  verwacht", expected, ""]
    return "\n".join(out)
