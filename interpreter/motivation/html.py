"""The explanation of one result as a self-contained HTML page.

For caseworkers, jurists and judges who must understand one decision: the
decisions at the top, the derivation of each as a collapsible tree, and the
ordinance's text beside it with the provisions that decided this case
highlighted and linked from the tree. One file, no network: the CSS and the
little JavaScript (expand all, collapse all) are inline, so the page can be
attached to a file or mailed and still look the same.
"""

from __future__ import annotations

import html
import re

from dsl.citation import Citation
from dsl.model import Model, ProvisionInfo
from interpreter.motivation.conditions import Check, naming, words
from interpreter.motivation.grounds import Ground, motivate
from interpreter.result import DECIDED, NOT_APPLICABLE, SET_ASIDE, UNDETERMINED
from interpreter.result import Result
from interpreter.values import format_value


def anchor(c: Citation) -> str:
    """A stable HTML id for a provision: p-4-4, p-8-3-a, p-s-re-integratie-1."""
    parts = ["p"]
    if c.article is not None:
        parts.append(c.article)
    elif c.section is not None:
        parts += ["s", c.section]
    for x in (c.alinea, c.paragraph, c.item):
        if x is not None:
            parts.append(str(x))
    if c.sentence is not None:  # p-2-1-v2: the second volzin, never the anchor of a second onderdeel
        parts.append(f"v{c.sentence}")
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")


def _e(s) -> str:
    return html.escape(str(s), quote=True)


_CSS = """
:root { --ink:#1d2433; --muted:#5b6477; --line:#d9dee8; --bg:#f6f7fb; --card:#fff; --accent:#1f4e9c;
  --yes:#1b7f3b; --yes-bg:#e3f4e8; --no:#a1262a; --no-bg:#fbe6e6; --open:#8a5a00; --open-bg:#fdf1d8;
  --hl:#fff4c2; --hl-line:#e0b400; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; color:var(--ink);
  background:var(--bg); }
header { background:var(--accent); color:#fff; padding:18px 28px; }
header h1 { margin:0 0 4px; font-size:21px; font-weight:600; }
header .meta { opacity:.9; font-size:13px; }
main { display:grid; grid-template-columns: minmax(420px, 1.1fr) minmax(360px, 1fr); gap:22px; padding:22px 28px; }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; } }
.law-col { position:sticky; top:12px; align-self:start; max-height:calc(100vh - 24px); overflow:auto;
  border-radius:8px; }
@media (max-width: 1000px) { .law-col { position:static; max-height:none; } }
section.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 18px;
  margin-bottom:22px; }
h2 { font-size:17px; margin:0 0 10px; }
table { border-collapse:collapse; width:100%; font-size:14px; }
td, th { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.03em; }
.badge { display:inline-block; min-width:64px; text-align:center; padding:1px 8px; border-radius:10px;
  font-size:12.5px; font-weight:600; }
.v-ja { background:var(--yes-bg); color:var(--yes); }
.v-nee { background:var(--no-bg); color:var(--no); }
.v-onbekend { background:var(--open-bg); color:var(--open); }
.v-waarde { background:#e6ecf7; color:var(--accent); }
a { color:var(--accent); text-decoration:none; }
a:hover { text-decoration:underline; }
details { margin:4px 0; }
details.decision { border:1px solid var(--line); border-radius:6px; padding:6px 10px; margin:8px 0; background:#fff; }
details.decision > summary { font-weight:600; cursor:pointer; }
details.ground { margin:6px 0 6px 14px; padding-left:10px; border-left:3px solid var(--line); }
details.ground > summary { cursor:pointer; }
div.ground.leaf { margin:6px 0 6px 14px; padding:2px 10px 2px 24px; border-left:3px solid var(--line); }
div.ground.leaf.s-anders { border-left-color:var(--yes); }
details.ground.s-beslissend { border-left-color:var(--yes); }
details.ground.s-opzij { border-left-color:#9aa3b5; }
details.ground.s-niet { border-left-color:var(--no); }
details.ground.s-onbepaald { border-left-color:var(--open); }
.status { font-size:12px; color:var(--muted); margin-left:6px; }
blockquote { margin:6px 0; padding:6px 10px; background:#f3f5fa; border-radius:4px; font-style:italic;
  color:#2e3548; }
ul.checks { list-style:none; padding-left:4px; margin:4px 0; }
ul.checks li { margin:2px 0; }
ul.checks li::before { display:inline-block; width:20px; font-weight:700; }
ul.checks li.ok::before { content:"✓"; color:var(--yes); }
ul.checks li.fail::before { content:"✗"; color:var(--no); }
ul.checks li.open::before { content:"?"; color:var(--open); }
.missing { color:var(--open); font-size:14px; }
.law .prov { padding:4px 8px; border-radius:4px; margin:2px 0; scroll-margin-top:12px; }
.law .prov .num { font-weight:600; }
.law .prov.d1 { margin-left:0; } .law .prov.d2 { margin-left:18px; } .law .prov.d3 { margin-left:36px; }
.law .prov.d4 { margin-left:54px; }
.law .prov.kind-paragraaf { margin-top:14px; }
.law .prov.kind-paragraaf > .num { font-variant:small-caps; color:var(--muted); }
.law .prov.kind-artikel { margin-top:10px; }
.law .prov.deciding { background:var(--hl); border-left:4px solid var(--hl-line); }
.law .prov.considered { background:#f0f2f7; border-left:4px solid #b8c0d0; }
.law .prov:target { outline:2px solid var(--accent); }
details.decision:target { outline:2px solid var(--accent); }
.law .used-by { font-size:12px; color:var(--muted); }
.law .note { font-size:12.5px; color:var(--muted); }
.toolbar { float:right; font-size:13px; }
.toolbar button { font:inherit; font-size:12.5px; border:1px solid var(--line); background:#fff; border-radius:4px;
  padding:2px 8px; cursor:pointer; }
.legend span { margin-right:12px; font-size:12.5px; }
.legend .sw { display:inline-block; width:12px; height:12px; vertical-align:-1px; margin-right:4px; border-radius:2px; }
footer { color:var(--muted); font-size:12px; padding:0 28px 22px; }
main > * { min-width:0; }
td, th { overflow-wrap:anywhere; }
/* A phone (390 px): one column, narrow margins, long names and citations wrap instead of overflowing. */
@media (max-width: 1000px) { main { grid-template-columns: minmax(0, 1fr); } }
@media (max-width: 600px) {
  header { padding:14px 12px; } main { padding:12px 8px; gap:12px; } footer { padding:0 12px 14px; }
  section.card { padding:12px 10px; } td, th { padding:4px 4px; } .badge { min-width:0; }
  details.ground, div.ground.leaf { margin-left:4px; padding-left:6px; }
  .law .prov.d2 { margin-left:8px; } .law .prov.d3 { margin-left:16px; } .law .prov.d4 { margin-left:24px; }
  .toolbar { float:none; margin-bottom:6px; }
}
@media print { .toolbar { display:none; } .law-col { position:static; max-height:none; overflow:visible; }
  main { display:block; } }
"""

_JS = """
function setAll(open) { document.querySelectorAll('details').forEach(function (d) { d.open = open; }); }
function reveal(id) {
  var t = document.getElementById(id);
  if (!t) { return; }
  for (var e = t; e; e = e.parentElement) { if (e.tagName === 'DETAILS') { e.open = true; } }
  t.scrollIntoView({block: id.indexOf('p-') === 0 ? 'center' : 'start'});
}
document.querySelectorAll('a[href^="#"]').forEach(function (a) {
  a.addEventListener('click', function () { reveal(a.getAttribute('href').slice(1)); });
});
window.addEventListener('beforeprint', function () { setAll(true); });
if (location.hash === '#alles') { setAll(true); }
else if (location.hash) { reveal(location.hash.slice(1)); }
"""


def _value_badge(value, kind: str | None) -> str:
    text = format_value(value, kind)
    cls = {"ja": "v-ja", "nee": "v-nee", "onbekend": "v-onbekend"}.get(text, "v-waarde")
    return f'<span class="badge {cls}">{_e(text)}</span>'


def _cite(c: Citation) -> str:
    return f'<a href="#{anchor(c)}">{_e(c.label)}</a>'


_STATUS_CLASS = {DECIDED: "s-beslissend", "anders": "s-anders", SET_ASIDE: "s-opzij", NOT_APPLICABLE: "s-niet",
                 UNDETERMINED: "s-onbepaald"}


def _check(c: Check) -> str:
    cls = {True: "ok", False: "fail", None: "open"}[c.state]
    need = f' <span class="missing">(nodig: {_e(", ".join(words(m) for m in c.to_name))})</span>' \
        if c.state is None and c.to_name else ""
    return f'<li class="{cls}">{_e(c.text)}{need}</li>'


def _ground(g: Ground, kind: str | None) -> str:
    val = format_value(g.value, kind)
    if g.status == DECIDED:
        title = "beslissend" + (f", uitzondering op {', '.join(c.label for c in g.sets_aside)}" if g.sets_aside else "")
    elif g.status == "anders":
        title = f"voor alle andere gevallen: {val}"
    elif g.status == SET_ASIDE:
        title = f"opzij gezet door {', '.join(c.label for c in g.set_aside_by)} (zou {val} geven)"
    elif g.status == NOT_APPLICABLE:
        title = f"niet van toepassing (zou {val} geven)"
    else:
        title = "onbepaald" + (f", uitzondering op {', '.join(c.label for c in g.sets_aside)}" if g.sets_aside
                               else f" (zou {val} geven)")
    body = []
    if g.status in (DECIDED, "anders"):  # a value the ordinance takes from a statute (wettelijke waarde)
        body += [f'<p class="statute">Wettelijke waarde: {_e(words(st.name))} is '
                 f'{_e(format_value(st.value, st.type.kind))}, volgens {_e(st.source.label)}.</p>'
                 for st in getattr(g, "statutes", ())]
    if g.quote and g.status != "anders":
        body.append(f"<blockquote>{_e(g.quote)}</blockquote>")
    if g.checks:
        body.append('<ul class="checks">' + "".join(_check(c) for c in g.checks) + "</ul>")
    elif g.status == UNDETERMINED and g.missing:
        body.append(f'<p class="missing">Onbekend of een uitzondering dit opzij zet (nodig: '
                    f'{_e(", ".join(words(m) for m in g.missing))}).</p>')
    if not body:  # nothing to unfold: a plain line, not an empty tree node
        return (f'<div class="ground leaf {_STATUS_CLASS.get(g.status, "")}">{_cite(g.citation)}'
                f'<span class="status">{_e(title)}</span></div>')
    is_open = " open" if g.status in (DECIDED, NOT_APPLICABLE, UNDETERMINED) else ""
    return (f'<details class="ground {_STATUS_CLASS.get(g.status, "")}"{is_open}><summary>{_cite(g.citation)}'
            f'<span class="status">{_e(title)}</span></summary>{"".join(body)}</details>')


def _decision_block(result: Result, name: str, model: Model) -> str:
    d = result.decisions[name]
    info = model.decision(name)
    kind = info.type.kind if info else None
    head = f'<summary>{_e(words(name))} {_value_badge(d.value, kind)}</summary>'
    parts = []
    if info is not None and info.description:
        parts.append(f'<p class="note">Beslissing: {_e(info.description)}</p>')
    if kind == "overwegingen":
        if isinstance(d.value, list):
            parts.append("<ul>" + "".join(f"<li>{_e(i['text'])} ({_e(i['citation']['label'])})</li>"
                                          for i in d.value) + "</ul>")
        if d.missing:
            parts.append(f'<p class="missing">Nodig: {_e(", ".join(words(m) for m in d.missing))}</p>')
        return f'<details class="decision" id="d-{_e(name)}">{head}{"".join(parts)}</details>'
    m = motivate(result, d, model)
    if m.conflict:
        parts.append(f'<p class="missing">De regels van {" en ".join(_cite(c) for c in m.conflict)} zijn beide van '
                     f'toepassing en geven een andere uitkomst; de regeling beslist niet welke voorgaat.</p>')
    elif m.value is None:
        if m.note:
            parts.append(f'<p class="missing">Niet te beslissen: {_e(m.note)}.</p>')
        if m.missing:
            items = "".join(f"<li>{_e(words(f))}" + (f" (voor {_e(', '.join(w))})" if w else "") + "</li>"
                            for f, w in m.missing)
            parts.append(f'<p class="missing">Niet te beslissen met de gegeven feiten. Nodig:</p><ul>{items}</ul>')
    for g in sorted(m.grounds, key=lambda g: g.status == "anders"):
        parts.append(_ground(g, kind))
    is_open = ""  # closed: the summary table says the outcome; the tree unfolds on demand
    return f'<details class="decision" id="d-{_e(name)}"{is_open}>{head}{"".join(parts)}</details>'


def _provision_title(p: ProvisionInfo) -> str:
    if p.kind == "paragraaf":
        return f"Paragraaf {p.number or ''} {p.heading or ''}".replace("  ", " ").strip()
    if p.kind == "artikel":
        return f"Artikel {p.number}" + (f" {p.heading}" if p.heading else "")
    if p.kind == "lid":
        return f"{p.number}."
    if p.kind == "onderdeel":
        return f"{p.number}."
    if p.kind == "alinea":
        return f"alinea {p.number}"
    if p.kind == "volzin":
        return f"volzin {p.number}"
    return p.citation.label


def _law(result: Result, model: Model) -> str:
    deciding: dict[Citation, list[str]] = {}
    considered: set[Citation] = set()
    for name, d in result.decisions.items():
        for c in d.citations:
            deciding.setdefault(c, []).append(name)
        if d._state is not None:
            for s in d.derivation().steps:
                if s.status in (SET_ASIDE, UNDETERMINED):
                    considered.add(s.citation)
    out = []
    for p in model.provisions:
        cls = ["prov", f"d{min(p.depth + (0 if p.kind == 'paragraaf' else 1), 4)}", f"kind-{p.kind}"]
        if p.citation in deciding:
            cls.append("deciding")
        elif p.citation in considered:
            cls.append("considered")
        text = f" {_e(' '.join(p.text.split()))}" if p.text else ""
        used = ""
        if p.citation in deciding:
            used = '<div class="used-by">beslist: ' + ", ".join(
                f'<a href="#d-{_e(n)}">{_e(words(n))}</a>' for n in deciding[p.citation]) + "</div>"
        note = f'<div class="note">niet uitvoerbaar: {_e(" ".join(p.not_executable.split()))}</div>' \
            if p.not_executable else ""
        pid = anchor(p.citation)
        out.append(f'<div class="{" ".join(cls)}" id="{pid}"><span class="num">{_e(_provision_title(p))}</span>'
                   f'{text}{used}{note}</div>')
    return "".join(out)


def _facts(result: Result, model: Model) -> str:
    rows = []
    for f in model.facts:
        if f.name not in result.facts:
            continue
        v = result.facts[f.name]
        shown = format_value(v, f.type.kind)
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            shown += ": " + "; ".join(", ".join(f"{words(k)} {format_value(x[k])}" for k in x) for x in v)
        rows.append(f"<tr><td>{_e(words(f.name))}{' <span class=note>(oordeel)</span>' if f.judgement else ''}</td>"
                    f"<td>{_e(shown)}</td></tr>")
    missing: dict[str, list[str]] = {}
    for d in result.decisions.values():
        for m in d.missing:
            missing.setdefault(m, []).append(d.name)
    for m, ds in missing.items():
        rows.append(f'<tr><td>{_e(words(m))}</td><td class="missing">niet gegeven; nodig voor '
                    + ", ".join(f'<a href="#d-{_e(n)}">{_e(words(n))}</a>' for n in dict.fromkeys(ds))
                    + "</td></tr>")
    return "<table><tr><th>feit</th><th>waarde</th></tr>" + "".join(rows) + "</table>"


@naming
def render_html(result: Result, model: Model, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The whole page, as one string with everything inline; `extra`: further (title, text) sections."""
    r = result.regulation
    summary_rows = []
    for name, d in result.decisions.items():
        info = model.decision(name)
        kind = info.type.kind if info else None
        value = _value_badge(d.value, kind) if kind != "overwegingen" or d.value is None else \
            f'<span class="badge v-waarde">{len(d.value)} overweging(en)</span>'
        grounds = ", ".join(_cite(c) for c in d.citations) or (
            '<span class="missing">nodig: ' + _e(", ".join(words(m) for m in d.missing)) + "</span>"
            if d.missing else "")
        summary_rows.append(f'<tr><td><a href="#d-{_e(name)}">{_e(words(name))}</a></td><td>{value}</td>'
                            f"<td>{grounds}</td></tr>")
    decisions = "".join(_decision_block(result, n, model) for n in result.decisions)
    prov = result.provenance
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(r.title)} — beslissing op {_e(format_value(result.date))}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{_e(r.title)}</h1>
<div class="meta">peildatum {_e(format_value(result.date))} · versie geldig {_e(r.period())}{' · ' + _e(r.source) if r.source else ''}</div>
</header>
<main>
<div>
<section class="card" id="beslissingen">
<h2>Beslissingen</h2>
<table><tr><th>beslissing</th><th>uitkomst</th><th>grond</th></tr>{''.join(summary_rows)}</table>
</section>
<section class="card" id="afleiding">
<div class="toolbar"><button type="button" onclick="setAll(true)">alles open</button> <button type="button" onclick="setAll(false)">alles dicht</button></div>
<h2>Afleiding</h2>
<div class="legend"><span><i class="sw" style="background:var(--yes)"></i>beslissend</span><span><i class="sw" style="background:#9aa3b5"></i>opzij gezet</span><span><i class="sw" style="background:var(--no)"></i>niet van toepassing</span><span><i class="sw" style="background:var(--open)"></i>onbepaald</span></div>
{decisions}
</section>
{''.join(f'<section class="card extra"><h2>{_e(t)}</h2><pre>{_e(x)}</pre></section>' for t, x in extra)}
<section class="card" id="feiten">
<h2>Feiten</h2>
{_facts(result, model)}
</section>
</div>
<div class="law-col">
<section class="card law" id="tekst">
<h2>Tekst van de regeling</h2>
<div class="legend"><span><i class="sw" style="background:var(--hl)"></i>besliste deze zaak</span><span><i class="sw" style="background:#f0f2f7"></i>overwogen</span></div>
{_law(result, model)}
</section>
</div>
</main>
<footer>grondslag {_e(prov.grondslag)} · {_e(prov.regulation)} versie {_e(prov.version)} · sha256:{_e(prov.digest[:16])}…</footer>
<script>{_JS}</script>
</body>
</html>
"""
