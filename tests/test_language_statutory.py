"""Statutory values: a value fixed by a statute, with its BWB identifier and provision, cited in
the result beside the ordinance's own provision."""

import pytest

from dsl.formatter import format_source
from quantity_rules import DATE, HEADER, errors, load_text

BODY = '''feit cat: keuze uit "derde", "andere"
artikel 9
  beslissing pct: percentage
  pct is 30% in alle andere gevallen
  onderdeel c
    wettelijke waarde volledig is 100 procent
      volgens "Participatiewet" BWBR0015703 artikel 18 lid 5
      "Verlaging met 100 procent."
    pct is volledig als cat = "derde"
'''


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    return load_text(tmp_path_factory.mktemp("wet"), BODY)


def test_statute_cited_after_the_provision(reg):
    d = reg.evaluate({"cat": "derde"}, DATE)["pct"]
    assert d.value == 100
    assert [c.label for c in d.citations] == ["artikel 9, onder c", "artikel 18, vijfde lid, van de Participatiewet"]
    statute = d.to_dict()["citations"][1]
    assert statute["law"] == "Participatiewet" and statute["bwb"] == "BWBR0015703"
    assert statute["article"] == "18" and statute["paragraph"] == 5


def test_statute_not_cited_where_its_value_is_not_used(reg):
    d = reg.evaluate({"cat": "andere"}, DATE)["pct"]
    assert [c.label for c in d.citations] == ["artikel 9"]


def test_statutory_value_has_its_literal_type():
    errs = errors(BODY.replace("pct is volledig", "pct is volledig + € 1"))
    assert errs and "cannot compute percentage + bedrag" in errs[0]


def test_formatter_keeps_the_source():
    once = format_source(HEADER + BODY)
    assert format_source(once) == once
    assert 'volgens "Participatiewet" BWBR0015703 artikel 18 lid 5' in once


def test_language_server_hover_names_the_source():
    from dsl.parser import parse
    from interpreter.editor.lsp import symbols
    tree, _ = parse(HEADER + BODY, "proef.rules")
    sym = symbols([tree])["volledig"]
    assert sym.kind == "wettelijke waarde"
    assert 'volgens "Participatiewet" BWBR0015703 artikel 18 lid 5' in sym.hover()
