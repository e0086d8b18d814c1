"""Numbered sub-items: subonderdeel in the rules, 'onder b, onder 2°' in citations and in
exceptions; the citation object has 'subitem' (null elsewhere)."""

import pytest

from dsl.citation import Citation
from dsl.formatter import format_source
from quantity_rules import DATE, HEADER, errors, load_text

BODY = '''feit g: keuze uit "een", "twee", "drie"
feit vrij: ja/nee
artikel 7
  beslissing c: keuze uit "b1", "b2", "anders"
  c is "anders" in alle andere gevallen
  onderdeel b
    subonderdeel 1
      c is "b1" als g = "een"
    subonderdeel 2
      c is "b2" als g = "twee"
  onderdeel c
    uitzondering op onder b onder 2°:
      c is "anders" als vrij en g = "twee"
'''


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    return load_text(tmp_path_factory.mktemp("sub"), BODY)


def test_label_and_reference():
    c = Citation("7", None, "b", subitem="2")
    assert c.label == "artikel 7, onder b, onder 2°"
    assert c.reference == "artikel 7 onder b onder 2°"
    assert c.to_dict()["subitem"] == "2"
    assert Citation("4", 1, "a").to_dict()["subitem"] is None


def test_rule_in_a_subitem_cites_it(reg):
    d = reg.evaluate({"g": "twee", "vrij": False}, DATE)["c"]
    assert d.value == "b2"
    assert d.citations[0].label == "artikel 7, onder b, onder 2°"
    assert d.to_dict()["citations"][0]["subitem"] == "2"


def test_exception_to_a_subitem(reg):
    d = reg.evaluate({"g": "twee", "vrij": True}, DATE)["c"]
    assert d.value == "anders" and d.citations[0].label == "artikel 7, onder c"
    assert reg.evaluate({"g": "een", "vrij": True}, DATE)["c"].value == "b1"  # onder 1° is not set aside


def test_exception_to_a_missing_subitem_is_an_error():
    errs = errors(BODY.replace("onder b onder 2°", "onder b onder 3°"))
    assert errs and "artikel 7, onder b, onder 3°" in errs[0] and "no such provision" in errs[0]


def test_formatter_is_idempotent():
    once = format_source(HEADER + BODY)
    assert format_source(once) == once
    assert "uitzondering op onder b onder 2°:" in once and "subonderdeel 2" in once
