"""`grondslag graph`: decisions, begrippen and facts as nodes labelled with their provision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dsl.loader import load_models
from interpreter.review import graph as G

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen"


@pytest.fixture(scope="module")
def model():
    models, _, _ = load_models(SCHINNEN)
    return models[-1]


def test_nodes_and_edges(model):
    g = G.build(model)
    kinds = {n.name: (n.kind, n.provision) for n in g.nodes}
    assert kinds["aanspraak_op_ondersteuning"] == ("beslissing", "art. 4 lid 1")
    assert kinds["behoort_tot_doelgroep"] == ("begrip", "art. 8 lid 3 onder b")
    assert kinds["voorliggende_voorziening_toereikend"][0] == "oordeel"
    assert kinds["gezinsinkomen"] == ("feit", "gebruikt in art. 4 lid 4")
    edges = {(e.source, e.target): e for e in g.edges}
    assert ("nugger", "aanspraak_op_ondersteuning") in edges
    assert ("uitkeringsgerechtigde", "nugger") in edges
    assert ("behoort_tot_doelgroep", "beeindiging_mogelijk") in edges
    # read only by an exception: dashed in the picture
    assert edges[("gezinsinkomen", "aanspraak_op_ondersteuning")].exception_only
    assert not edges[("nugger", "aanspraak_op_ondersteuning")].exception_only
    assert edges[("gezinsinkomen", "aanspraak_op_ondersteuning")].via == ("artikel 4, vierde lid",)


def test_every_decision_is_reachable_from_a_fact(model):
    g = G.build(model)
    targets = {e.target for e in g.edges}
    assert {d.name for d in model.decisions} <= targets


def test_dot_and_mermaid(cli):
    dot = cli("graph", SCHINNEN)
    assert dot.exit_code == 0, dot
    assert dot.stdout.startswith('digraph "schinnen-reintegratieverordening-wwb"')
    assert '"gezinsinkomen" -> "aanspraak_op_ondersteuning"' in dot.stdout and "style=dashed" in dot.stdout
    mm = cli("graph", SCHINNEN, "--format", "mermaid")
    assert mm.exit_code == 0
    assert mm.stdout.startswith("flowchart LR")
    assert "n_gezinsinkomen -. uitzondering .-> n_aanspraak_op_ondersteuning" in mm.stdout


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz (Debian package 'graphviz')")
def test_svg_with_graphviz(cli, tmp_path):
    out = tmp_path / "g.svg"
    r = cli("graph", SCHINNEN, "--format", "svg", "--output", out)
    assert r.exit_code == 0, r
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "aanspraak_op_ondersteuning" in text


def test_svg_without_graphviz_is_a_clear_error(cli, monkeypatch):
    monkeypatch.setattr(G.shutil, "which", lambda name: None)
    r = cli("graph", SCHINNEN, "--format", "svg")
    assert r.exit_code == 2
    assert "Graphviz" in r.stderr and "Traceback" not in r.stderr


def test_bad_rules_exit_2(cli, write_rules):
    bad = write_rules("regeling x\n  titel \"x\"\n  geldig vanaf 2004-01-01\nartikel 1\n  y is\n")
    assert cli("graph", bad).exit_code == 2
