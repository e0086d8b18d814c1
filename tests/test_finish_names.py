"""Issue 14: names shown to people read as words: 'Anw-er', 'beëindiging mogelijk' ('heet' in the rule file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import interpreter
from dsl.formatter import format_source
from dsl.parser import parse
from interpreter.cli.app import main
from interpreter.drafting import coverage as cov_mod
from interpreter.motivation.html import render_html
from interpreter.motivation.text import explain

ROOT = Path(__file__).resolve().parent.parent
RULES = '''regeling proef
  titel "Proef"
  geldig vanaf 2020-01-01

feit woont heet "woont in de gemeente": ja/nee
  "Woont hier."

artikel 1 "Aanspraak"
  lid 1
    tekst "De aanspraak."
    beslissing anw_er heet "Anw-er": ja/nee
      "De persoon is Anw-er."
    anw_er is waar
      als woont
      anders onwaar
'''
CASE = {"peildatum": "2010-06-01", "uitkering": "anw", "ingeschreven_als_werkzoekende": True,
        "neemt_deel_aan_voorziening": True, "verplichtingen_nagekomen": False}


@pytest.fixture(scope="module")
def proef(tmp_path_factory):
    path = tmp_path_factory.mktemp("names") / "proef.rules"
    path.write_text(RULES, encoding="utf-8")
    return interpreter.load(path)


def test_heet_gives_a_display_name(proef):
    model = proef.versions[0].program.model
    assert model.display_names() == {"woont": "woont in de gemeente", "anw_er": "Anw-er"}
    assert model.decision("anw_er").display == "Anw-er"


def test_the_formatter_keeps_it():
    rf, diags = parse(RULES, "proef.rules")
    assert not diags
    assert format_source(RULES, "proef.rules") == RULES


def test_the_identifier_stays_the_name_in_json(proef):
    result = proef.evaluate({"peildatum": "2020-02-01", "woont": True})
    data = json.loads(result.to_json())
    assert data["decisions"]["anw_er"]["value"] is True
    assert "Anw-er" not in json.dumps(data["decisions"]["anw_er"]["citations"])


def test_the_explanation_uses_display_names(proef):
    result = proef.evaluate({"peildatum": "2020-02-01"})
    text = explain(result, proef.versions[0].program.model)
    assert "Anw-er: onbekend" in text
    assert "woont in de gemeente" in text
    assert "anw er" not in text


@pytest.fixture(scope="module")
def schinnen_texts():
    reg = interpreter.load(ROOT / "rules" / "schinnen")
    result = reg.evaluate(CASE)
    model = reg.version_on(result.date).program.model
    return explain(result, model), render_html(result, model)


def test_schinnen_names_read_as_words(schinnen_texts):
    text, html = schinnen_texts
    for shown in ("Anw-er", "beëindiging mogelijk", "Nugger"):
        assert shown in text and shown in html
    for wrong in ("anw er", "beeindiging mogelijk"):
        assert wrong not in text and wrong not in html


def test_participatiewet_fact_reads_as_words():
    reg = interpreter.load(ROOT / "rules" / "participatiewet")
    assert reg.versions[-1].program.model.display_names()["beheerst_nederlandse_taal_onvoldoende"] == \
        "beheerst de Nederlandse taal onvoldoende"


def test_coverage_uses_display_names():
    reg = interpreter.load(ROOT / "rules" / "schinnen")
    from interpreter.drafting import runner
    suite = runner.run(reg, runner.default_paths(str(ROOT / "rules" / "schinnen")))
    lines = "\n".join(cov_mod.report_lines(cov_mod.coverage(reg, suite.results, "voorbeelden")))
    assert "for Anw-er:" in lines and "for beëindiging mogelijk:" in lines
    assert "for anw_er" not in lines


def test_the_cli_text_shows_display_names(tmp_path):
    case = tmp_path / "c.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(ROOT / "rules/schinnen"), "--case", str(case), "--format", "text"])
    assert result.exit_code == 0
    assert "Anw-er" in result.output


def test_the_editor_hover_shows_the_display_name():
    from interpreter.editor.lsp import symbols
    rf, _ = parse(RULES, "proef.rules")
    found = symbols([rf])
    assert found["anw_er"].signature() == 'beslissing anw_er heet "Anw-er": ja/nee'
    assert 'heet "woont in de gemeente"' in found["woont"].hover()
