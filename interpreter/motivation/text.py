"""A Dutch motivation of a result, for a caseworker's letter, a jurist or a judge.

Built from the derivation. For each decision: the value; the provision that
decided it, quoted from the law text, with the parts of its condition and the
values of this case that make it apply; the rules an exception set aside; and,
for a negative or undetermined decision, why not: which part of a condition
failed (with the values), or which facts are missing and which provision needs
them. ``grounds.motivate`` gives the motivation as data (the HTML report uses
it, and ``conditions`` phrases each part of a condition); this module renders it
as text.
"""

from __future__ import annotations

import textwrap

from dsl.model import Model
from interpreter.motivation.conditions import _kind_of, naming, words
from interpreter.motivation.grounds import Ground, motivate
from interpreter.motivation.terminal import printable
from interpreter.result import DECIDED, NOT_APPLICABLE, SET_ASIDE, UNDETERMINED, Decision, Result
from interpreter.values import format_value

__all__ = ["explain", "explain_decision", "explain_considerations", "facts_section", "motivate"]


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    """Wrapped lines; a continuation lines up under the text after a marker (- + ?) or a quote mark."""
    hang = "  " if text[:2] in ("- ", "+ ", "? ") else " "
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + hang,
                         break_on_hyphens=False, break_long_words=False) or [indent]


_MARK = {True: "+", False: "-", None: "?"}


def _ground_lines(g: Ground, name: str, value_kind: str | None) -> list[str]:
    lines: list[str] = []
    label = g.citation.label
    val = format_value(g.value, value_kind)
    if g.status == DECIDED:
        head = f"Grond: {label}" + (f" (uitzondering op {', '.join(c.label for c in g.sets_aside)})"
                                    if g.sets_aside else "") + "."
        lines.append(head)
    elif g.status == "anders":
        lines.append(f"Daarom geldt {label}, voor alle andere gevallen: {val}.")
    elif g.status == SET_ASIDE:
        lines.append(f"Opzij gezet: {label} (zou {val} geven) door {', '.join(c.label for c in g.set_aside_by)}.")
    elif g.status == NOT_APPLICABLE:
        lines.append(f"Niet van toepassing: {label} (zou {val} geven).")
    elif g.status == UNDETERMINED:
        what = f"uitzondering op {', '.join(c.label for c in g.sets_aside)}" if g.sets_aside else f"zou {val} geven"
        lines.append(f"Onbepaald: {label} ({what}).")
    else:
        lines.append(f"{label}.")
    if g.status in (DECIDED, "anders"):  # the statutes the provision applies, with a link a person can open
        for s in getattr(g.citation, "grounds", ()):
            lines += _wrap(f"Wettelijke grondslag: {s.label} ({s.to_dict().get('url')})", "  ")
    if g.status in (DECIDED, "anders"):  # a value the ordinance takes from a statute (wettelijke waarde)
        for st in g.statutes:
            lines += _wrap(f"Wettelijke waarde: {words(st.name)} is {format_value(st.value, st.type.kind)}, "
                           f"volgens {st.source.label}.", "  ")
    if g.quote and g.status != "anders":
        lines += _wrap(f"“{g.quote}”", "  ")
    for c in g.checks:
        lines += _wrap(f"{_MARK[c.state]} {c.text}" + (f" (nodig: {', '.join(words(m) for m in c.to_name)})"
                                                      if c.state is None and c.to_name else ""), "  ")
    if g.status == UNDETERMINED and not any(c.state is None for c in g.checks) and g.missing:
        lines += _wrap(f"? onbekend of een uitzondering dit opzij zet (nodig: "
                       f"{', '.join(words(m) for m in g.missing)})", "  ")
    return lines


def explain_considerations(decision: Decision) -> list[str]:
    """A list of considerations as a caseworker pastes it into a letter: one line per item."""
    steps = decision.derivation().steps
    if decision.value is None:
        lines = [f"{words(decision.name)}: onbekend",
                 "  Niet te bepalen met de gegeven feiten. Nodig: " + ", ".join(words(m) for m in decision.missing) + "."]
        known = [s for s in steps if s.status == DECIDED]
        if known:
            lines.append("  Vast staat al:")
            lines.extend(f"  - {s.text} ({s.citation.label})" for s in known)
        return lines
    if not decision.value:
        return [f"{words(decision.name)}: geen"]
    return [f"{words(decision.name)}:"] + [f"  - {item['text']} ({item['citation']['label']})"
                                           for item in decision.value]


@naming
def explain_decision(result: Result, decision: Decision, model: Model) -> list[str]:
    """The motivation of one decision, as lines of text."""
    if _kind_of(model, decision.name) == "overwegingen" and not decision.conflict:
        return explain_considerations(decision)
    m = motivate(result, decision, model)
    lines = [f"{words(m.name)}: {m.value_text}"]
    if m.conflict:
        lines += _wrap("De regels van " + " en ".join(c.label for c in m.conflict)
                       + " zijn beide van toepassing en geven een andere uitkomst; de regeling beslist niet "
                         "welke voorgaat.", "  ")
    elif m.value is None:
        if m.note:
            lines.append(f"  Niet te beslissen: {m.note}.")
        if m.missing:
            lines.append("  Niet te beslissen met de gegeven feiten. Nodig:")
            for fact, where in m.missing:
                lines.append(f"  - {words(fact)}" + (f" (voor {', '.join(where)})" if where else ""))
    for g in sorted(m.grounds, key=lambda g: g.status == "anders"):
        lines += ["  " + x for x in _ground_lines(g, m.name, m.kind)]
    return lines


@naming
def facts_section(result: Result, model: Model) -> list[str]:
    """The facts of the case as given, in the order of the regulation, and the facts that were missing."""
    lines = ["Feiten"]
    given = [f for f in model.facts if f.name in result.facts]
    for f in given:
        v = result.facts[f.name]
        quoted = f.type.kind in ("keuze", "tekst") and isinstance(v, str)
        shown = f"“{v}”" if quoted else format_value(v, f.type.kind)
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            shown += ": " + "; ".join(", ".join(f"{words(k)} {format_value(x[k])}" for k in x) for x in v)
        lines.append(f"  {words(f.name)}: {shown}" + (" (oordeel van het college)" if f.judgement else ""))
    if not given:
        lines.append("  (geen feiten gegeven)")
    missing: dict[str, list[str]] = {}
    for d in result.decisions.values():
        for m in d.missing:
            missing.setdefault(m, []).append(words(d.name))
    if missing:
        lines.append("  Niet gegeven, maar nodig:")
        for m, ds in missing.items():
            lines += _wrap(f"- {words(m)} (voor {', '.join(dict.fromkeys(ds))})", "  ")
    return lines


@naming
def explain(result: Result, model: Model, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The full motivation of a result: facts, an overview of the decisions, then each decision.

    `extra` holds further sections as (title, text), such as 'Wat moet anders?' (eval --waarom-niet)."""
    r = result.regulation
    head = [f"{r.title}", f"peildatum: {format_value(result.date)}",
            f"versie: geldig {r.period()}" + (f", {r.source}" if r.source else ""), ""]
    body = facts_section(result, model) + ["", "Beslissingen"]
    for d in result.decisions.values():
        cite = f" ({d.citations[0].label})" if d.citations else ""
        value = f"{len(d.value)} overweging(en)" if isinstance(d.value, list) else \
            format_value(d.value, _kind_of(model, d.name))
        body.append(f"  {words(d.name)}: {value}{cite}")
    body += ["", "Motivering", ""]
    for d in result.decisions.values():
        body.extend(explain_decision(result, d, model))
        body.append("")
    for title, text in extra:
        body += [title, "", text.rstrip(), ""]
    return printable("\n".join(head + body).rstrip() + "\n")  # no escape sequence from a case reaches a terminal
