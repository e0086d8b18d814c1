"""`grondslag schema`: a JSON Schema of a case, checked against the example cases and the case reader."""

from __future__ import annotations

import json

import jsonschema
import pytest

from interpreter.case import CaseError, read_facts
from interpreter.schema import case_schema

from conftest import CASES, SCHINNEN

CASE_FILES = sorted(CASES.glob("*.case.json"))


@pytest.fixture(scope="module")
def schema(cli_module):
    r = cli_module("schema", SCHINNEN)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def cli_module():
    from click.testing import CliRunner

    from interpreter.cli import main

    def run(*args):
        return CliRunner().invoke(main, [str(a) for a in args])
    return run


@pytest.fixture(scope="module")
def validator(schema):
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_the_schema_is_a_valid_draft_2020_12_schema(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "urn:grondslag:schinnen-reintegratieverordening-wwb:2004:casus"
    assert schema["title"] == "Casus: Reïntegratieverordening Wet werk en bijstand gemeente Schinnen"
    assert schema["additionalProperties"] is False
    assert "required" not in schema  # a fact not given is unknown


def test_every_fact_of_the_vocabulary_is_there(schema, schinnen):
    model = schinnen.versions[0].program.model
    assert list(schema["properties"]) == ["peildatum"] + [f.name for f in model.facts]


def test_types(schema):
    p = schema["properties"]
    assert p["woont_in_gemeente"]["type"] == ["boolean", "null"]
    assert p["uitkering"]["enum"] == ["wwb", "ioaw", "ioaz", "anw", "geen", None]
    assert p["geboortedatum"]["format"] == "date" and p["geboortedatum"]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"
    assert {"type": "number"} in p["gezinsinkomen"]["anyOf"]
    kids = p["kinderen"]
    assert kids["type"] == ["array", "null"]
    assert kids["items"]["additionalProperties"] is False
    assert kids["items"]["properties"]["geboortedatum"]["format"] == "date"


def test_descriptions_come_from_the_declarations(schema):
    p = schema["properties"]
    assert p["gezinsinkomen"]["description"].startswith(
        "Het gezinsinkomen per maand, bruto, exclusief vakantietoeslag (artikel 4, vierde lid).")
    assert "oordeel van het college" in p["voorliggende_voorziening_toereikend"]["description"]
    assert p["voorliggende_voorziening_toereikend"]["x-grondslag"]["kind"] == "oordeel"
    assert "van 2004-11-01 tot 2015-01-01 (niet inbegrepen)" in schema["description"]
    assert "CVDR64953" in schema["description"]


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_every_example_case_is_valid(validator, path):
    case = json.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(case)] == []


INVALID = [
    ({"uitkring": "wwb"}, "'uitkring' was unexpected"),
    ({"uitkering": "WWB"}, "is not one of"),
    ({"woont_in_gemeente": "ja"}, "is not of type"),
    ({"gezinsinkomen": "2.500,01"}, "is not valid under any of the given schemas"),
    ({"geboortedatum": "1980-02-30"}, "is not a 'date'"),
    ({"peildatum": "01-06-2010"}, "does not match"),
    ({"kinderen": [{"geboortedatum": "2005-01-01", "naam": "Piet"}]}, "'naam' was unexpected"),
    ({"kinderen": {"geboortedatum": "2005-01-01"}}, "is not of type"),
]


@pytest.mark.parametrize("case, message", INVALID)
def test_invalid_cases_fail_validation(validator, case, message):
    errors = [e.message for e in validator.iter_errors(case)]
    assert any(message in e for e in errors), errors


VALID = [
    {}, {"peildatum": None, "uitkering": None}, {"gezinsinkomen": 2500}, {"gezinsinkomen": "2500.01"},
    {"gezinsinkomen": 2500.5}, {"kinderen": []}, {"kinderen": [{}]}, {"kinderen": [{"geboortedatum": None}]},
    {"ontheffing_arbeidsverplichting": "volledig", "peildatum": "2010-06-01"},
]


@pytest.mark.parametrize("case", VALID)
def test_valid_cases(validator, case):
    assert [e.message for e in validator.iter_errors(case)] == []


@pytest.mark.parametrize("case", VALID[:4] + VALID[5:] + [c for c, _ in INVALID if "peildatum" not in c])
def test_schema_agrees_with_the_case_reader(validator, schinnen, case):
    """What the schema accepts, `eval` accepts, and the other way round (JSON floats aside)."""
    fact_types = schinnen.versions[0].fact_types
    try:
        read_facts(json.loads(json.dumps(case), parse_float=__import__("decimal").Decimal), fact_types)
        accepted = True
    except CaseError:
        accepted = False
    assert validator.is_valid(case) == accepted


def test_schema_for_a_date(cli):
    r = cli("schema", SCHINNEN, "--date", "2010-06-01")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["$id"].endswith(":2004:casus")
    bad = cli("schema", SCHINNEN, "--date", "2016-01-01")
    assert bad.exit_code == 2
    assert "no version" in bad.stderr and "2004-11-01" in bad.stderr
    assert cli("schema", SCHINNEN, "--date", "gisteren").exit_code == 2


def test_case_schema_from_the_model(schinnen):
    s = case_schema(schinnen.versions[0].program.model)
    assert s["properties"]["uitkering"]["title"] == "uitkering"
