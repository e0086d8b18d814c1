"""Issue 14: the help of the command line, the problems PyYAML names, the web service, the language
server and the columnar engine speak the tool language: English, Dutch with GRONDSLAG_LANG=nl."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from interpreter.case import CaseError
from interpreter.casefile import parse_yaml
from interpreter.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen"
ENGLISH, DUTCH = {"GRONDSLAG_LANG": ""}, {"GRONDSLAG_LANG": "nl"}


# ---------------------------------------------------------------- the command line's help


def test_the_installed_command_gives_dutch_help_when_asked():
    """The real entry point in a fresh process: the environment is read before any help is made."""
    out = subprocess.run([sys.executable, "-c", "from interpreter.cli import run; run()", "eval", "--help"],
                         capture_output=True, text=True, env={**_environ(), "GRONDSLAG_LANG": "nl"})
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())  # click wraps the lines
    assert "Beoordeel één casus en toon de beslissingen met hun vindplaatsen." in out.stdout
    assert "De peildatum; gaat voor de eigen 'peildatum' van de casus." in text  # an option's help
    assert "Gebruik:" in text and "Opties:" in text and "[verplicht]" in text  # click's words
    assert "Toon deze hulptekst en stop." in text
    assert "Evaluate" not in text and "overrides" not in text and "Usage:" not in text


def test_help_follows_the_language_each_time_it_is_shown():
    """A command module is imported once; its help is translated when shown, not when imported."""
    english = CliRunner().invoke(main, ["batch", "--help"], env=ENGLISH)
    dutch = CliRunner().invoke(main, ["batch", "--help"], env=DUTCH)
    again = CliRunner().invoke(main, ["batch", "--help"], env=ENGLISH)
    assert english.exit_code == dutch.exit_code == 0
    assert "Worker processes (0: one per core)." in english.output and "Options:" in english.output
    assert "Werkprocessen (0: één per kern)." in dutch.output and "Opties:" in dutch.output
    assert "[standaard: 1; x>=0]" in " ".join(dutch.output.split()) and "Toon deze hulptekst en stop." in dutch.output
    assert "Worker processes" not in dutch.output and "Show this message" not in dutch.output
    assert again.output == english.output


def test_the_command_list_is_dutch_when_asked():
    dutch = CliRunner().invoke(main, ["--help"], env=DUTCH)
    assert "grondslag: regels als code voor Nederlandse gemeentelijke regelingen." in dutch.output
    assert "Opdrachten:" in dutch.output and "Vergelijk twee versies van een regeling" in dutch.output
    assert "Compare" not in dutch.output


def test_clicks_own_errors_are_dutch_when_asked():
    dutch = CliRunner().invoke(main, ["check", "--format", "xml", "x.rules"], env=DUTCH)
    assert dutch.exit_code == 2
    assert "Fout: Ongeldige waarde voor '--format': 'xml' is niet een van 'text', 'json'." in dutch.output
    english = CliRunner().invoke(main, ["check", "--format", "xml", "x.rules"], env=ENGLISH)
    assert "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'." in english.output


# ---------------------------------------------------------------- the problems PyYAML names


@pytest.mark.parametrize("text", [
    "a: [1\n", "{a: 1", "a: b: c\n", "a: 'x\n", 'a: "\\q"\n', "- a\nb: 1\n", "a: 1\n---\nb: 2\n", "a: *x\n",
    "a: @x\n", "peildatum: 2011-02-15\ngezinsinkomen: [\n", "a: 1\n\x07b: 2\n",
])
def test_a_yaml_problem_is_in_the_catalogue(text):
    with pytest.raises(CaseError) as caught:
        parse_yaml(text)
    english, dutch = str(caught.value), caught.value.in_language("nl")
    assert english.startswith("the case is not valid YAML: ") and " at line " in english
    assert dutch.startswith("de casus is geen geldige YAML: ") and " op regel " in dutch
    for word in ("while ", "expected", "found", "not allowed", " at line"):
        assert word not in dutch, (word, dutch)


def test_a_yaml_problem_keeps_its_line_column_and_token(tmp_path):
    bad = tmp_path / "bad.case.yaml"
    bad.write_text("peildatum: 2011-02-15\ngezinsinkomen: [\n", encoding="utf-8")
    english = CliRunner().invoke(main, ["eval", str(SCHINNEN), "--case", str(bad)], env=ENGLISH)
    dutch = CliRunner().invoke(main, ["eval", str(SCHINNEN), "--case", str(bad)], env=DUTCH)
    assert english.exit_code == dutch.exit_code == 2
    assert ("the case is not valid YAML: while parsing a flow node, expected the node content, but found "
            "'<stream end>' at line 3, column 1") in english.output
    assert ("de casus is geen geldige YAML: bij het lezen van een flow-knoop, verwacht werd de inhoud van een "
            "knoop, gevonden is '<stream end>' op regel 3, kolom 1") in dutch.output


def test_a_control_character_in_yaml_is_placed_by_line_and_column():
    with pytest.raises(CaseError) as caught:
        parse_yaml("a: 1\nb: x\x07\n")
    assert str(caught.value) == ("the case is not valid YAML: unacceptable character #x0007: special characters "
                                 "are not allowed at line 2, column 5")


# ---------------------------------------------------------------- the web service


def test_service_problems_speak_english_by_default(monkeypatch):
    from fastapi.testclient import TestClient

    from interpreter.service.app import create_app
    from interpreter.service.catalog import build_catalog
    monkeypatch.delenv("GRONDSLAG_LANG", raising=False)
    client = TestClient(create_app(build_catalog([SCHINNEN])))
    body = client.get("/v1/regelingen/schinen").json()
    assert body["title"] == "This regulation is not served here"
    assert body["detail"] == "no regulation 'schinen' is served here; served: schinnen"
    monkeypatch.setenv("GRONDSLAG_LANG", "nl")
    body = client.get("/v1/regelingen/schinen").json()
    assert body["title"] == "Deze regeling wordt niet aangeboden"
    assert body["type"] == "urn:grondslag:probleem:onbekende-regeling"  # the interface does not change


def test_a_server_started_with_dutch_answers_problems_in_dutch(monkeypatch):
    from tests.test_serve_uvicorn import _serving
    monkeypatch.setenv("GRONDSLAG_LANG", "nl")  # the server process inherits it
    with _serving(str(SCHINNEN)) as (base, _proc):
        missing = httpx.post(f"{base}/v1/regelingen/schinnen/evaluaties", content=b"{}",
                             headers={"Content-Type": "application/json"}, timeout=30)
        refused = httpx.delete(f"{base}/v1/regelingen/schinnen", timeout=30)
    body = missing.json()
    assert missing.status_code == 422 and missing.headers["content-type"] == "application/problem+json"
    assert body["title"] == "De casus kan niet worden beoordeeld"
    assert body["detail"].startswith("geen peildatum: geef de queryparameter ?peildatum=YYYY-MM-DD")
    assert set(body) == {"type", "title", "status", "detail", "instance", "invalidParams"}  # English field names
    assert refused.json()["detail"] == ("DELETE is niet toegestaan op /v1/regelingen/schinnen; deze dienst is "
                                        "alleen-lezen")


# ---------------------------------------------------------------- the language server


def test_a_hover_speaks_dutch_when_asked(monkeypatch):
    from interpreter.editor.lsp import analyse
    symbols = analyse(SCHINNEN / "2004", {}).symbols
    monkeypatch.setenv("GRONDSLAG_LANG", "nl")
    judgement = symbols["voorliggende_voorziening_toereikend"].hover()
    decision = symbols["aanspraak_op_ondersteuning"].hover()
    assert "*Een oordeel van het college: de casus geeft het, de regeling berekent het niet.*" in judgement
    assert "Beslist in: " in decision and "artikel 4, vierde lid (uitzondering)" in decision
    monkeypatch.setenv("GRONDSLAG_LANG", "")
    assert "Decided in: " in symbols["aanspraak_op_ondersteuning"].hover()


def test_the_guard_logs_in_dutch_when_asked(monkeypatch, capsys):
    from interpreter.editor.guard import Guard
    monkeypatch.setenv("GRONDSLAG_LANG", "nl")
    assert Guard(io.BytesIO(b"Content-Length: abc\r\n\r\n{}")).readline() == b""
    assert capsys.readouterr().err == ("grondslag lsp: een bericht met Content-Length b'abc' is overgeslagen: dat "
                                       "is geen getal\n")


# ---------------------------------------------------------------- the columnar engine


def test_the_columnar_batch_refuses_in_dutch_when_asked(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"peildatum": "2010-06-01"}) + "\n", encoding="utf-8")
    args = ["batch", str(SCHINNEN), "--cases", str(cases), "--output-format", "parquet"]
    english = CliRunner().invoke(main, args, env=ENGLISH)
    dutch = CliRunner().invoke(main, args, env=DUTCH)
    assert english.exit_code == dutch.exit_code == 2
    assert "grondslag: error: Parquet output needs a file: give --output FILE.parquet" in english.output
    assert "grondslag: fout: Parquet-uitvoer vraagt een bestand: geef --output FILE.parquet" in dutch.output


def _environ() -> dict:
    import os
    return dict(os.environ)
