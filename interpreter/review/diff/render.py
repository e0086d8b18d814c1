"""The report rendered as text, Markdown or JSON."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal


from interpreter.result import dumps
from interpreter.values import format_date, format_value
from interpreter.review.diff.provisions import CHANGE_WORDS
from interpreter.review.diff.report import Report

# ---------------------------------------------------------------- rendering


def _value(v, kind: str | None = None) -> str:
    """A decision value as the eval text shows it: 5%, € 48,63 (the kind is the decision's type)."""
    if kind not in ("percentage", "bedrag") or v is None or isinstance(v, bool):
        return format_value(v)
    if isinstance(v, (str, int)):  # a caseload's transitions carry values as text ("5", "48.63")
        try:
            v = Decimal(v)
        except ArithmeticError:
            return v
    return format_value(v, kind) if isinstance(v, Decimal) else format_value(v)


def _kinds(r: Report, name: str) -> tuple[str | None, str | None]:
    return r.kinds.get(name, (None, None))


def _facts_line(facts: dict) -> str:
    if not facts:
        return "(geen feiten gebruikt)"
    return ", ".join(f"{k}={_fact_text(v)}" for k, v in facts.items())


def _fact_text(v) -> str:
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, list):
        return f"[{len(v)}]"
    return str(v)


def transition(old: str | None, new: str | None) -> str:
    """A change of ground in words: what applied before, what applies now ("None": no provision)."""
    if old and new:  # the same provision gives another value: no arrow from a provision to itself
        return f"{old} (dezelfde bepaling, een andere uitkomst)" if old == new else f"{old} -> {new}"
    if old:
        return f"{old} -> geen grond meer ({old} is niet meer van toepassing en geen andere bepaling beslist)"
    if new:
        return f"geen grond -> {new} (eerst besliste geen bepaling, nu {new})"
    return "geen grond -> geen grond"


NOTHING_EVALUATED = ("Geen enkel gegeven geval kon in beide versies worden beoordeeld: over de gevolgen van "
                     "de wijziging is niets te zeggen. Zie hieronder waarom.")


def _name(r: Report, name: str) -> str:
    """A decision as people read it: its display name ('heet') where the rule file gives one."""
    return r.display_names.get(name, name)


def _md_name(r: Report, name: str) -> str:
    return _md(r.display_names[name]) if name in r.display_names else f"`{name}`"


def _impact_summary(r: Report) -> str:
    src = "gegenereerde gevallen (grenswaarden rond elke constante, in willekeurige gevallen)" if r.generated \
        else "gegeven gevallen"
    return f"{r.evaluated} van {r.cases} {src} beoordeeld in beide versies, peildatum {format_date(r.date)}" \
        + (" (tenzij het geval een eigen peildatum heeft)" if not r.generated else "")


def render_text(r: Report) -> str:
    out = [f"grondslag diff {r.old_label} {r.new_label}", r.title,
           f"peildatum van de vergelijking: {format_date(r.date)}", ""]
    meta = [d for d in r.declarations if d.kind == "regeling"]
    decls = [d for d in r.declarations if d.kind != "regeling"]
    if meta or r.versions:
        out.append("Regeling en geldigheid")
        out += [f"  {d.detail}" for d in meta] + [f"  {v}" for v in r.versions]
        out.append("")
    out.append("Bepalingen")
    if not r.provisions:
        out.append("  geen wijzigingen")
    for p in r.provisions:
        head = p.citation.label if p.change != "renumbered" else f"{p.old_citation.label} -> {p.citation.label}"
        out.append(f"  {head}: {CHANGE_WORDS[p.change]}")
        out += [f"    {d}" for d in p.details if not (p.change == "renumbered" and d.startswith("was "))]
        if p.flag:
            out.append(f"    ! {p.flag}")
    out.append("")
    if decls:
        out.append("Feiten, beslissingen en begrippen")
        out += [f"  {d.kind} {d.name}: {d.detail}" for d in decls]
        out.append("")
    out.append("Gevolgen")
    out.append(f"  {_impact_summary(r)}")
    changed = [i for i in r.impacts if i.changed or i.grounds_changed or i.only_in]
    for i in changed:
        if i.only_in:
            out.append(f"  {_name(r, i.name)}: alleen in de {'nieuwe' if i.only_in == 'new' else 'oude'} versie")
            continue
        out.append(f"  {_name(r, i.name)}: {i.changed} van {i.total} gevallen krijgen een andere uitkomst"
                   + (f"; bij {i.grounds_changed} dezelfde uitkomst op een andere grond" if i.grounds_changed else ""))
        ko, kn = _kinds(r, i.name)
        for a, b, n, _grounds, _shown in i.transitions:  # a caseload (at_scale.py): values already in words
            out.append(f"    uitkomst {_value(a, ko)} -> {_value(b, kn)}: {n} {'geval' if n == 1 else 'gevallen'}")
        for a, b, n in i.explained_by:
            out.append(f"    {transition(a, b)}: {n} {'geval' if n == 1 else 'gevallen'}")
        for e in i.examples:
            out.append(f"    bijv. {e.source + ': ' if e.source else ''}{_facts_line(e.facts)}")
            out.append(f"      was {_value(e.old_value, ko)} ({e.old_citation or 'geen grond'}), "
                       f"wordt {_value(e.new_value, kn)} ({e.new_citation or 'geen grond'})")
    if r.nothing_evaluated:
        out.append(f"  {NOTHING_EVALUATED}")
    elif not changed:
        out.append("  geen beslissing krijgt een andere uitkomst")
    if r.failures:
        out.append("")
        out.append("Niet in beide versies te beoordelen")
        out += _failure_lines(r, "  ")
    return "\n".join(out).rstrip() + "\n"


def _failure_lines(r: Report, indent: str, limit: int = 10) -> list[str]:
    words = {"old": "alleen de oude versie faalt", "new": "alleen de nieuwe versie faalt", "both": "beide falen"}
    lines = []
    if r.generated:
        by = Counter((f.side, f.message) for f in r.failures)
        for (side, msg), n in by.most_common(limit):
            lines.append(f"{indent}{n} geval(len), {words[side]}: {msg}")
        return lines
    for f in r.failures[:limit]:
        lines.append(f"{indent}{f.source or f'regel {f.line}'}: {words[f.side]}: {f.message}")
    if len(r.failures) > limit:
        lines.append(f"{indent}en nog {len(r.failures) - limit}")
    return lines


def _md(s: str) -> str:
    return s.replace("|", "\\|")


def render_markdown(r: Report) -> str:
    out = [f"## Regelwijziging: {_md(r.title)}", "",
           f"`grondslag diff {r.old_label} {r.new_label}` — peildatum {format_date(r.date)}", ""]
    meta = [d for d in r.declarations if d.kind == "regeling"]
    if meta or r.versions:
        out += ["### Regeling en geldigheid", ""] + [f"- {_md(d.detail)}" for d in meta] \
            + [f"- {_md(v)}" for v in r.versions] + [""]
    out += ["### Bepalingen", ""]
    if not r.provisions:
        out += ["Geen wijzigingen in de bepalingen.", ""]
    else:
        out += ["| bepaling | wijziging | wat |", "|---|---|---|"]
        for p in r.provisions:
            head = p.citation.label if p.change != "renumbered" else f"{p.old_citation.label} → {p.citation.label}"
            what = "<br>".join(_md(d) for d in p.details if not (p.change == "renumbered" and d.startswith("was ")))
            if p.flag:
                what = (what + "<br>" if what else "") + f"⚠️ **{_md(p.flag)}**"
            out.append(f"| {_md(head)} | {CHANGE_WORDS[p.change]} | {what} |")
        out.append("")
    decls = [d for d in r.declarations if d.kind != "regeling"]
    if decls:
        out += ["### Feiten, beslissingen en begrippen", ""]
        out += [f"- {d.kind} `{d.name}`: {_md(d.detail)}" for d in decls] + [""]
    out += ["### Gevolgen", "", _impact_summary(r) + ".", ""]
    changed = [i for i in r.impacts if i.changed or i.grounds_changed or i.only_in]
    if r.nothing_evaluated:
        out += [f"**{NOTHING_EVALUATED}**", ""]
    elif not changed:
        out += ["Geen beslissing krijgt een andere uitkomst.", ""]
    else:
        out += ["| beslissing | andere uitkomst | andere grond | verklaard door |", "|---|---:|---:|---|"]
        for i in changed:
            if i.only_in:
                out.append(f"| {_md_name(r, i.name)} | alleen in {'nieuwe' if i.only_in == 'new' else 'oude'} versie | | |")
                continue
            ko, kn = _kinds(r, i.name)
            exp = "<br>".join([f"uitkomst {_md(_value(a, ko))} → {_md(_value(b, kn))} ({n})"
                               for a, b, n, _g, _s in i.transitions]
                              + [f"{_md(transition(a, b))} ({n})" for a, b, n in i.explained_by])
            out.append(f"| {_md_name(r, i.name)} | {i.changed} van {i.total} | {i.grounds_changed} | {exp} |")
        out.append("")
        for i in changed:
            if not i.examples:
                continue
            out += [f"<details><summary>Voorbeelden {_md_name(r, i.name)}</summary>", ""]
            ko, kn = _kinds(r, i.name)
            for e in i.examples:
                out.append(f"- {_md(e.source + ': ') if e.source else ''}{_md(_facts_line(e.facts))}: "
                           f"{_value(e.old_value, ko)} "
                           f"({_md(e.old_citation or 'geen grond')}) → **{_value(e.new_value, kn)}** "
                           f"({_md(e.new_citation or 'geen grond')})")
            out += ["", "</details>", ""]
    if r.failures:
        out += ["### Niet in beide versies te beoordelen", ""] + [f"- {_md(x.strip())}" for x in
                                                                 _failure_lines(r, "")] + [""]
    return "\n".join(out).rstrip() + "\n"


def render_json(r: Report) -> str:
    return dumps(r.to_dict()) + "\n"
