"""`grondslag serve`: every endpoint through FastAPI's TestClient, against the engine and the CLI."""

from __future__ import annotations

import json
import warnings

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interpreter.case import CaseError, NoPeildatum, parse_json
from interpreter.motivation.text import explain
from interpreter.schema import case_schema
from interpreter.service.app import NO_PEILDATUM, create_app, etag
from interpreter.service.catalog import CatalogError, build_catalog, regulation_paths, served_id
from interpreter.service.config import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from tests.conftest import RULES

SCHINNEN = RULES / "schinnen"
PARTICIPATIEWET = RULES / "participatiewet"
JSON = {"Content-Type": "application/json"}
JSONL = {"Content-Type": "application/x-ndjson"}
EVAL = "/v1/regelingen/schinnen/evaluaties"
BATCH = "/v1/regelingen/schinnen/evaluaties/batch"


@pytest.fixture(scope="module")
def catalog():
    return build_catalog([SCHINNEN, PARTICIPATIEWET])


@pytest.fixture(scope="module")
def client(catalog):
    return TestClient(create_app(catalog))


def _case(name: str = "bijstand-resident") -> str:
    return (SCHINNEN / "cases" / f"{name}.case.json").read_text(encoding="utf-8")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"].startswith("urn:grondslag:probleem:")
    assert "Traceback" not in response.text
    return body


# ---------------------------------------------------------------- the regulations served


def test_ids_come_from_the_rule_folders():
    assert served_id(SCHINNEN) == "schinnen"
    found = [p.name for p in regulation_paths([RULES])]
    assert {"schinnen", "participatiewet"} <= set(found)
    assert found == sorted(found)


def test_one_id_served_twice_is_refused(tmp_path):
    with pytest.raises(CatalogError, match="both be served as 'schinnen'"):
        build_catalog([SCHINNEN, SCHINNEN])


def test_the_list_gives_versions_and_validity(client, catalog):
    r = client.get("/v1/regelingen")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    listed = {x["id"]: x for x in r.json()}
    assert list(listed) == ["schinnen", "participatiewet"]
    (v,) = listed["schinnen"]["versions"]
    version = catalog.get("schinnen").regulation.versions[0]
    assert (v["valid_from"], v["valid_until"]) == ("2004-11-01", "2015-01-01")
    assert v["source"] == version.info.source and v["source"].startswith("CVDR64953")
    assert v["digest"] == f"sha256:{version.program.model.digest}"
    assert listed["schinnen"]["_links"]["evaluaties"]["href"] == "/v1/regelingen/schinnen/evaluaties"


def test_a_regulation_lists_its_decisions_facts_and_provisions(client):
    (v,) = client.get("/v1/regelingen/schinnen").json()["versions"]
    decisions = {d["name"]: d for d in v["decisions"]}
    assert decisions["aanspraak_op_ondersteuning"]["type"] == "ja/nee"
    facts = {f["name"]: f for f in v["facts"]}
    assert facts["voorliggende_voorziening_toereikend"]["judgement"] is True
    assert facts["uitkering"]["judgement"] is False
    labels = [p["citation"]["label"] for p in v["provisions"]]
    assert "artikel 4, vierde lid" in labels


def test_an_unknown_regulation_is_404_naming_the_ones_served(client):
    body = _problem(client.get("/v1/regelingen/schinen"), 404)
    assert "schinen" in body["detail"] and "schinnen" in body["detail"]
    assert body["invalidParams"][0]["name"] == "id"
    _problem(client.post("/v1/regelingen/schinen/evaluaties", content=_case(), headers=JSON), 404)


def test_unknown_paths_and_writing_methods_are_problems(client):
    _problem(client.get("/regelingen"), 404)
    _problem(client.get("/v1/regelingen/"), 404)  # no trailing slashes
    for method in ("put", "delete", "patch"):
        body = _problem(getattr(client, method)("/v1/regelingen/schinnen"), 405)
        assert "read-only" in body["detail"]


def test_health(client):
    r = client.get("/v1/health")
    assert r.status_code == 200 and r.headers["content-type"] == "application/health+json"
    assert r.json()["status"] == "pass"


# ---------------------------------------------------------------- schema and OpenAPI


def test_the_schema_is_that_of_grondslag_schema(client, catalog, cli):
    model = catalog.get("schinnen").regulation.versions[-1].program.model
    assert client.get("/v1/regelingen/schinnen/schema").json() == json.loads(json.dumps(case_schema(model)))
    assert client.get("/v1/regelingen/schinnen/schema").text == cli("schema", SCHINNEN).stdout
    assert client.get("/v1/regelingen/schinnen/schema?peildatum=2010-06-01").status_code == 200
    body = _problem(client.get("/v1/regelingen/schinnen/schema?peildatum=2020-01-01"), 422)
    assert "2004-11-01" in body["detail"]
    body = _problem(client.get("/v1/regelingen/schinnen/schema?peildatum=1-1-2010"), 400)
    assert body["invalidParams"][0] == {"name": "peildatum", "in": "query", "reason": body["detail"]}


def test_openapi_has_each_case_schema_and_the_public_examples(client, catalog):
    doc = client.get("/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    op = doc["paths"]["/v1/regelingen/schinnen/evaluaties"]["post"]
    media = op["requestBody"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/Casus-schinnen"}
    schema = doc["components"]["schemas"]["Casus-schinnen"]
    expected = json.loads(json.dumps(case_schema(catalog.get("schinnen").regulation.versions[0].program.model)))
    del expected["$schema"], expected["$id"]
    assert schema == expected
    names = sorted(p.name.removesuffix(".case.json") for p in (SCHINNEN / "cases").glob("*.case.json"))
    assert sorted(media["examples"]) == names
    for example in media["examples"].values():
        jsonschema.Draft202012Validator(schema).validate(example["value"])
    assert set(op["responses"]) >= {"200", "400", "413", "415", "422"}
    assert "/v1/regelingen/participatiewet/evaluaties/batch" in doc["paths"]


def test_the_docs_page_points_at_the_document(client):
    r = client.get("/v1/docs")
    assert r.status_code == 200 and "/v1/openapi.json" in r.text
    no_docs = TestClient(create_app(build_catalog([SCHINNEN]), Settings(docs=False)))
    _problem(no_docs.get("/v1/docs"), 404)
    _problem(no_docs.get("/v1/docs/swagger-ui-bundle.js"), 404)


def test_the_docs_page_loads_nothing_from_another_host(client):
    """A municipal network often has no way out: the page's script and style come from the service."""
    import re
    page = client.get("/v1/docs").text
    assert "SwaggerUIBundle" in page
    loaded = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page)
    assert loaded and all(u.startswith("/v1/") for u in loaded), loaded
    assert "http://" not in page and "https://" not in page
    for url in loaded:
        r = client.get(url)
        assert r.status_code == 200 and len(r.content) > 1000, url
    assert client.get("/v1/docs/swagger-ui-bundle.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/v1/docs/swagger-ui.css").headers["content-type"].startswith("text/css")
    _problem(client.get("/v1/docs/..%2Fcore.py"), 404)
    _problem(client.get("/v1/docs/redoc.standalone.js"), 404)  # only the files the page uses


def test_without_the_assets_the_docs_page_says_why(monkeypatch):
    from interpreter.service import docs_page
    monkeypatch.setattr(docs_page, "asset", lambda name: None)
    page = TestClient(create_app(build_catalog([SCHINNEN]))).get("/v1/docs")
    assert page.status_code == 200 and "fastapi-offline" in page.text and "/v1/openapi.json" in page.text
    assert "<script" not in page.text


# ---------------------------------------------------------------- one evaluation


def test_an_evaluation_is_the_result_object_of_eval(client, catalog):
    r = client.post(EVAL, content=_case(), headers=JSON)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    result = catalog.get("schinnen").regulation.evaluate(parse_json(_case()))
    assert r.content == (result.to_json(derivation=False) + "\n").encode()
    receipt = r.json()["provenance"]
    assert receipt["digest"].startswith("sha256:") and receipt["version"] == "2004" and receipt["grondslag"]
    assert r.json()["decisions"]["aanspraak_op_ondersteuning"]["citations"][0]["label"].startswith("artikel")


def test_the_same_request_gives_the_same_bytes_and_etag(client):
    a = client.post(EVAL, content=_case(), headers=JSON)
    b = client.post(EVAL, content=_case(), headers=JSON)
    assert a.content == b.content and a.headers["etag"] == b.headers["etag"] == etag(a.content)
    c = client.post(EVAL, content=_case("income-unknown"), headers=JSON)
    assert c.headers["etag"] != a.headers["etag"]


def test_a_get_with_the_etag_is_304(client):
    tag = client.get("/v1/regelingen").headers["etag"]
    r = client.get("/v1/regelingen", headers={"If-None-Match": tag})
    assert r.status_code == 304 and r.content == b""
    assert client.get("/v1/regelingen", headers={"If-None-Match": '"other"'}).status_code == 200


def test_peildatum_in_the_query_overrides_the_case(client):
    r = client.post(EVAL + "?peildatum=2005-01-03", content=_case(), headers=JSON)
    assert r.json()["date"] == "2005-01-03"
    body = _problem(client.post(EVAL + "?peildatum=2016-01-01", content=_case(), headers=JSON), 422)
    assert body["invalidParams"][0]["in"] == "query" and "2004-11-01" in body["detail"]


def test_afleiding_adds_the_derivation(client, catalog):
    r = client.post(EVAL + "?afleiding=true", content=_case(), headers=JSON)
    result = catalog.get("schinnen").regulation.evaluate(parse_json(_case()))
    assert r.content == (result.to_json(derivation=True) + "\n").encode()
    assert "derivation" in r.json()["decisions"]["aanspraak_op_ondersteuning"]
    assert "derivation" not in client.post(EVAL + "?afleiding=false", content=_case(), headers=JSON).text


def test_uitleg_adds_the_dutch_motivation(client, catalog):
    served = catalog.get("schinnen")
    result = served.regulation.evaluate(parse_json(_case()))
    text = client.post(EVAL + "?uitleg=tekst", content=_case(), headers=JSON).json()
    assert text["explanation"] == {"format": "tekst",
                                   "content": explain(result, served.regulation.versions[0].program.model)}
    html = client.post(EVAL + "?uitleg=html", content=_case(), headers=JSON).json()["explanation"]
    assert html["format"] == "html" and html["content"].lstrip().lower().startswith("<!doctype html")


# ---------------------------------------------------------------- errors: field named, CLI's message


@pytest.mark.parametrize("case, field", [
    ({"peildatum": "2010-06-01", "uitkerig": "wwb"}, "uitkerig"),
    ({"peildatum": "2010-06-01", "uitkering": "bijstand"}, "uitkering"),
    ({"peildatum": "2010-06-01", "gezinsinkomen": "veel"}, "gezinsinkomen"),
    ({"peildatum": "2030-01-01"}, "peildatum"),
])
def test_a_bad_case_is_422_with_the_message_of_eval(client, cli, tmp_path, case, field):
    text = json.dumps(case)
    body = _problem(client.post(EVAL, content=text, headers=JSON), 422)
    assert body["invalidParams"][0]["name"] == field
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    out = cli("eval", SCHINNEN, "--case", path, "--format", "json")
    assert out.exit_code == 2
    assert out.stderr.strip() == f"grondslag: error: {path}: {body['detail']}"


def test_a_case_without_peildatum_is_told_how_to_give_one_to_the_service(client):
    """A client of the service has no --date: the message names the query parameter and the field."""
    body = _problem(client.post(EVAL, content='{"uitkering": "wwb"}', headers=JSON), 422)
    assert body["invalidParams"][0]["name"] == "peildatum"
    assert "--date" not in body["detail"]
    assert "?peildatum=YYYY-MM-DD" in body["detail"] and '"peildatum" field in the case' in body["detail"]


def test_a_batch_line_without_peildatum_is_told_how_to_give_one_to_the_service(client):
    lines = '{"uitkering": "wwb"}\n{"peildatum": "2010-06-01", "uitkering": "wwb"}\n'
    out = [json.loads(x) for x in client.post(BATCH, content=lines, headers=JSONL).text.splitlines()]
    assert out[0]["line"] == 1 and "--date" not in out[0]["error"]
    assert "?peildatum=YYYY-MM-DD for the whole batch" in out[0]["error"]
    assert "decisions" in out[1]


def test_no_cli_option_is_named_in_the_service_answers(client):
    """Every answer a client can provoke with a bad case or parameter speaks of what the API has."""
    answers = [client.post(EVAL, content=body, headers=JSON).text for body in
               ('{"uitkering": "wwb"}', '{"peildatum": "2030-01-01"}', '{"peildatum": "2010-06-01", "x": 1}', "[1]")]
    answers.append(client.post(BATCH, content='{"uitkering": "wwb"}\n', headers=JSONL).text)
    answers.append(client.get("/v1/regelingen/schinnen/schema?peildatum=2030-01-01").text)
    for text in answers:
        assert "--date" not in text and "--case" not in text, text


@pytest.mark.parametrize("content, what", [
    (b'{"peildatum": "2010-06-01",', "not valid JSON"),
    (b'{"uitkering": "wwb", "uitkering": "geen"}', "given twice"),
    (b"\xff\xfe", "not UTF-8"),
    (b"", "not valid JSON"),
])
def test_a_body_that_is_not_json_is_400(client, content, what):
    assert what in _problem(client.post(EVAL, content=content, headers=JSON), 400)["detail"]


def test_a_case_that_is_not_an_object_is_422(client):
    _problem(client.post(EVAL, content=b"[1, 2]", headers=JSON), 422)


@pytest.mark.parametrize("query, name", [("uitleg=pdf", "uitleg"), ("afleiding=ja", "afleiding"),
                                         ("datum=2010-01-01", "datum"), ("peildatum=2010-02-30", "peildatum"),
                                         ("peildatum=2010-01-01&peildatum=2011-01-01", "peildatum")])
def test_a_bad_query_parameter_is_400_naming_it(client, query, name):
    body = _problem(client.post(f"{EVAL}?{query}", content=_case(), headers=JSON), 400)
    assert body["invalidParams"][0]["name"] == name and body["invalidParams"][0]["in"] == "query"


def test_a_body_that_is_not_declared_json_is_415(client):
    body = _problem(client.post(EVAL, content=_case(), headers={"Content-Type": "text/plain"}), 415)
    assert "application/json" in body["detail"]
    _problem(client.post(EVAL, content=_case()), 415)
    _problem(client.post(BATCH, content=_case(), headers=JSON), 415)


def test_a_body_over_the_limit_is_413():
    small = TestClient(create_app(build_catalog([SCHINNEN]), Settings(max_body=100, max_batch=2)))
    assert "100 bytes" in _problem(small.post(EVAL, content=_case(), headers=JSON), 413)["detail"]
    lines = '{"peildatum": "2010-06-01"}\n' * 3
    assert len(lines) < 100
    assert "at most 2" in _problem(small.post(BATCH, content=lines, headers=JSONL), 413)["detail"]


def test_past_the_time_limit_an_evaluation_is_503_and_the_service_goes_on():
    slow = TestClient(create_app(build_catalog([SCHINNEN]), Settings(time_limit=1e-9)))
    r = slow.post(EVAL, content=_case(), headers=JSON)
    assert _problem(r, 503)["type"].endswith("tijdslimiet") and r.headers["retry-after"]
    assert slow.get("/v1/health").status_code == 200


def test_cors_is_off_unless_configured(client):
    origin = {"Origin": "https://zaaksysteem.example"}
    assert "access-control-allow-origin" not in client.get("/v1/regelingen", headers=origin).headers
    open_ = TestClient(create_app(build_catalog([SCHINNEN]), Settings(cors_origins=(origin["Origin"],))))
    r = open_.get("/v1/regelingen", headers=origin)
    assert r.headers["access-control-allow-origin"] == origin["Origin"]


# ---------------------------------------------------------------- batch


def test_batch_gives_the_lines_of_grondslag_batch(client, cli, tmp_path):
    lines = [_case().replace("\n", ""), "", "{not json", '{"peildatum": "2010-06-01", "x": 1}',
             '{"peildatum": "2010-06-01"}', _case("income-unknown").replace("\n", ""), "[1]"]
    text = "\n".join(lines) + "\n"
    path = tmp_path / "cases.jsonl"
    path.write_text(text, encoding="utf-8")
    expected = cli("batch", SCHINNEN, "--cases", path)
    assert expected.exit_code == 3
    r = client.post(BATCH, content=text, headers=JSONL)
    assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"
    assert r.text == expected.stdout
    assert json.loads(r.text.splitlines()[1]) == {"line": 2, "error": "empty line: expected a JSON case"}
    with_date = client.post(BATCH + "?peildatum=2010-06-01&afleiding=true", content=text, headers=JSONL)
    expected = cli("batch", SCHINNEN, "--cases", path, "--date", "2010-06-01", "--derivation")
    assert with_date.text == expected.stdout


def test_batch_keeps_every_line_across_chunks(client):
    n = 150  # more than one chunk of the thread pool
    text = "".join(('{"peildatum": "2010-06-01"}' if k % 7 else "oops") + "\n" for k in range(n))
    out = client.post(BATCH, content=text, headers={"Content-Type": "application/jsonl"}).text.splitlines()
    assert len(out) == n
    assert [json.loads(x).get("line") for x in out] == [k + 1 if k % 7 == 0 else None for k in range(n)]


def test_batch_past_the_time_limit_answers_every_line():
    slow = TestClient(create_app(build_catalog([SCHINNEN]), Settings(time_limit=1e-9)))
    out = slow.post(BATCH, content='{"peildatum": "2010-06-01"}\n' * 70, headers=JSONL).text.splitlines()
    assert [json.loads(x)["line"] for x in out] == list(range(1, 71))
    assert all("time limit" in json.loads(x)["error"] for x in out)


def test_an_empty_batch_gives_an_empty_answer(client):
    r = client.post(BATCH, content=b"", headers=JSONL)
    assert r.status_code == 200 and r.content == b""


# ---------------------------------------------------------------- the command


def test_serve_refuses_what_it_cannot_serve(cli, tmp_path):
    (tmp_path / "leeg").mkdir()
    out = cli("serve", tmp_path / "leeg")
    assert out.exit_code == 2 and "no .rules files" in out.stderr
    broken = tmp_path / "kapot"
    broken.mkdir()
    (broken / "kapot.rules").write_text("dit is geen regeling\n", encoding="utf-8")
    out = cli("serve", broken)
    assert out.exit_code == 1 and "error" in out.stderr


def test_serve_says_when_the_port_is_taken(cli):
    import socket
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        out = cli("serve", SCHINNEN, "--port", port)
    assert out.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in out.stderr


def test_a_lone_surrogate_is_answered_as_by_the_cli(client, cli, tmp_path):
    case = b'{"peildatum": "2010-06-01", "uitkering": "\\ud800"}'
    body = _problem(client.post(EVAL, content=case, headers=JSON), 422)
    assert body["invalidParams"][0]["name"] == "uitkering" and "\ud800" in body["detail"]
    path = tmp_path / "cases.jsonl"
    path.write_bytes(case + b"\n")
    r = client.post(BATCH, content=case + b"\n", headers=JSONL)
    assert r.status_code == 200 and r.text == cli("batch", SCHINNEN, "--cases", path).stdout


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5000), st.sampled_from(
    ["wwb", "geen", "volledig", "2010-06-01", "1990-02-30", "2500.01", "abc", "\u00e9"]), st.lists(st.just({})))
_FACTS = ["peildatum", "geboortedatum", "uitkering", "woont_in_gemeente", "gezinsinkomen", "kinderen",
          "ontheffing_arbeidsverplichting", "onbekend_feit"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.dictionaries(st.sampled_from(_FACTS), _VALUES, max_size=6))
def test_over_http_any_case_gets_what_the_api_gives(client, catalog, case):
    regulation = catalog.get("schinnen").regulation
    r = client.post(EVAL, content=json.dumps(case), headers=JSON)
    try:
        expected = regulation.evaluate(parse_json(json.dumps(case)))
    except NoPeildatum:  # the CLI says --date; the service names its query parameter
        assert _problem(r, 422)["detail"] == NO_PEILDATUM
    except CaseError as exc:
        assert _problem(r, 422)["detail"] == str(exc)
    else:
        assert r.status_code == 200 and r.content == (expected.to_json() + "\n").encode()


def test_the_case_schema_served_names_how_the_service_takes_a_date(client):
    described = client.get("/v1/regelingen/schinnen/schema").json()["properties"]["peildatum"]["description"]
    assert "?peildatum=" in described
