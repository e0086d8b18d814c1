"""A picture of a regulation: which decisions rest on which definitions and facts.

Nodes are facts (and judgements of the college), definitions (begrippen),
tables and decisions, each labelled with the provision where it stands; an edge
runs from what is read to what is decided. An edge used only by an exception is
dashed, so a reader sees at a glance what can set a rule aside. Output is
Graphviz dot, Mermaid, or SVG (through Graphviz's own `dot` program).
"""

from __future__ import annotations

import shutil
import subprocess

import attrs

from dsl import syntax as S
from dsl.citation import Citation
from dsl.model import Model


class GraphError(Exception):
    """The picture cannot be made (Graphviz missing or failing)."""


@attrs.frozen
class GraphNode:
    """A name of the regulation, with what it is and where it stands."""

    name: str
    kind: str  # feit | oordeel | begrip | tabel | beslissing
    provision: str | None


@attrs.frozen
class GraphEdge:
    """`source` is read to decide `target`; `via` names the provisions whose rules read it."""

    source: str
    target: str
    via: tuple[str, ...]
    exception_only: bool


@attrs.frozen
class Graph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def _names(expr) -> list[str]:
    out: list[str] = []
    bound: set[str] = set()
    for e in S.iter_expr(expr):
        if isinstance(e, S.Quantifier):
            bound.add(e.variable)
        if isinstance(e, S.Name) and e.id not in out:
            out.append(e.id)
        if isinstance(e, S.TableLookup) and e.table not in out:
            out.append(e.table)
    return [n for n in out if n not in bound and n != "peildatum"]


def short(c: Citation | None) -> str | None:
    """artikel 8, derde lid, onder a -> 'art. 8 lid 3 onder a': short enough for a node."""
    if c is None:
        return None
    if c.article is not None:
        out = f"art. {c.article}"
    elif c.section is not None:
        out = f"§ {c.section}"
    else:
        out = "regeling"
    if c.alinea is not None:
        out += f" alinea {c.alinea}"
    if c.paragraph is not None:
        out += f" lid {c.paragraph}"
    if c.item is not None:
        out += f" onder {c.item}"
    if c.sentence is not None:
        out += f" volzin {c.sentence}"
    return out


def _readers(model: Model) -> dict[str, list[str]]:
    """Per name, the provisions whose rules or begrippen read it: where a fact is used."""
    out: dict[str, list[str]] = {}
    for d in model.definitions:
        for n in _names(d.expr):
            label = short(d.provision)
            if label and label not in out.setdefault(n, []):
                out[n].append(label)
    for r in model.rules:
        for n in _names(r.condition) + _names(r.value):
            label = short(r.citation)
            if label not in out.setdefault(n, []):
                out[n].append(label)
    return out


def _where(labels: list[str], limit: int = 3) -> str | None:
    if not labels:
        return None
    return "gebruikt in " + ", ".join(labels[:limit]) + (", …" if len(labels) > limit else "")


def build(model: Model) -> Graph:
    """The dependency graph of one version, in the order of the regulation.

    A fact declared with the regulation (not in a provision) is labelled with the
    provisions that read it, so every node points into the text.
    """
    readers = _readers(model)
    nodes = [GraphNode(f.name, "oordeel" if f.judgement else "feit",
                       short(f.provision) if f.provision else _where(readers.get(f.name, [])))
             for f in model.facts]
    nodes += [GraphNode(t.name, "tabel", short(t.provision)) for t in model.tables]
    nodes += [GraphNode(d.name, "begrip", short(d.provision)) for d in model.definitions]
    nodes += [GraphNode(d.name, "beslissing", short(d.provision)) for d in model.decisions]
    known = {n.name for n in nodes}
    edges: dict[tuple[str, str], list] = {}  # (source, target) -> [vias, exception_only]
    for d in model.definitions:
        for n in _names(d.expr):
            if n in known:
                edges.setdefault((n, d.name), [[], True])
                e = edges[(n, d.name)]
                if d.provision and d.provision.label not in e[0]:
                    e[0].append(d.provision.label)
                e[1] = False
    for r in model.rules:
        for n in _names(r.condition) + _names(r.value):
            if n not in known:
                continue
            e = edges.setdefault((n, r.decision), [[], True])
            if r.citation.label not in e[0]:
                e[0].append(r.citation.label)
            if r.kind != "uitzondering":
                e[1] = False
    return Graph(tuple(nodes), tuple(GraphEdge(s, t, tuple(v[0]), v[1]) for (s, t), v in edges.items()))


_SHAPES = {"feit": ("ellipse", "#eef4fb"), "oordeel": ("ellipse", "#fdf3e1"), "tabel": ("folder", "#f1f1f1"),
           "begrip": ("box", "#eef8ee"), "beslissing": ("box", "#dfe9f7")}


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(model: Model) -> str:
    g = build(model)
    lines = [f"digraph {_q(model.info.id)} {{", "  rankdir=LR;",
             f"  label={_q(model.info.title)}; labelloc=t; fontname=\"Helvetica\";",
             "  node [fontname=\"Helvetica\", fontsize=10, style=filled];",
             "  edge [color=\"#667085\"];"]
    for n in g.nodes:
        shape, fill = _SHAPES[n.kind]
        style = "filled,rounded" if n.kind == "begrip" else ("filled,bold" if n.kind == "beslissing" else "filled")
        label = f"{n.name}\\n{n.kind}" + (f"\\n{n.provision}" if n.provision else "")
        lines.append(f"  {_q(n.name)} [label=\"{label.replace(chr(34), '')}\", shape={shape}, "
                     f"fillcolor=\"{fill}\", style=\"{style}\"];")
    for e in g.edges:
        attrs_ = [f"tooltip={_q(', '.join(e.via))}"]
        if e.exception_only:
            attrs_.append("style=dashed")
            attrs_.append("label=\"uitzondering\", fontsize=8")
        lines.append(f"  {_q(e.source)} -> {_q(e.target)} [{', '.join(attrs_)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mid(name: str) -> str:
    return "n_" + "".join(c if c.isalnum() else "_" for c in name)


def to_mermaid(model: Model) -> str:
    g = build(model)
    lines = ["flowchart LR"]
    brackets = {"feit": ("([", "])"), "oordeel": ("([", "])"), "tabel": ("[(", ")]"), "begrip": ("(", ")"),
                "beslissing": ("[", "]")}
    for n in g.nodes:
        a, b = brackets[n.kind]
        label = f"{n.name}<br/><small>{n.kind}" + (f", {n.provision}" if n.provision else "") + "</small>"
        lines.append(f"  {_mid(n.name)}{a}\"{label.replace(chr(34), '#quot;')}\"{b}")
    for e in g.edges:
        arrow = "-. uitzondering .->" if e.exception_only else "-->"
        lines.append(f"  {_mid(e.source)} {arrow} {_mid(e.target)}")
    for kind in ("feit", "oordeel", "begrip", "beslissing", "tabel"):
        members = [_mid(n.name) for n in g.nodes if n.kind == kind]
        if members:
            lines.append(f"  classDef {kind.replace('/', '')} fill:{_SHAPES[kind][1]},stroke:#667085")
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"


def to_svg(model: Model) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphError("--format svg needs Graphviz's 'dot' program, which is not installed "
                         "(Debian: apt-get install graphviz); use --format dot or mermaid instead")
    proc = subprocess.run([dot, "-Tsvg"], input=to_dot(model).encode("utf-8"), capture_output=True)
    if proc.returncode != 0:
        raise GraphError(f"dot failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode("utf-8")
