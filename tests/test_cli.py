"""The command line: check, eval and batch, their output and exit codes (0/1/2/3), never a traceback."""

import json

import pytest

RESIDENT = {"peildatum": "2010-06-01", "woont_in_gemeente": True, "uitkering": "wwb",
            "ingeschreven_als_werkzoekende": True, "gesubsidieerde_arbeid": False,
            "gezinsinkomen": "950.00", "voorliggende_voorziening_toereikend": False,
            "ontheffing_arbeidsverplichting": "geen"}

BROKEN_RULES = '''regeling kapot
  titel "Kapot"
  geldig vanaf 2020-01-01

artikel 1
  beslissing p: ja/nee
  p is waar als onbekend anders onwaar
'''


# ------------------------------------------------------------------ check


def test_check_ok(cli, schinnen_path):
    r = cli("check", schinnen_path)
    assert r.exit_code == 0
    assert r.stdout == ""


def test_check_errors_exit_1(cli, write_rules):
    path = write_rules(BROKEN_RULES)
    r = cli("check", path)
    assert r.exit_code == 1
    assert f"{path}:7:17: error: unknown name 'onbekend'" in r.stdout
    assert "1 error" in r.stderr


def test_check_several_paths(cli, write_rules, schinnen_path):
    path = write_rules(BROKEN_RULES)
    r = cli("check", schinnen_path, path)
    assert r.exit_code == 1
    assert r.stdout.count("error:") == 1


def test_check_missing_path(cli, tmp_path):
    r = cli("check", tmp_path / "nergens")
    assert r.exit_code == 1
    assert "no such file or folder" in r.stdout


def test_check_warning_only_exits_0(cli, write_rules):
    path = write_rules('''regeling w
  titel "W"
  geldig vanaf 2020-01-01

feit vlag: ja/nee

artikel 1
  beslissing p: ja/nee
  p is waar als vlag anders onwaar
artikel 2
  tekst "Nog niet gecodeerd."
''')
    r = cli("check", path)
    assert r.exit_code == 0
    assert f"{path}:10:1: warning: artikel 2 is neither encoded nor marked 'niet uitvoerbaar'" in r.stdout


# ------------------------------------------------------------------ eval


def test_eval_json(cli, write_case, schinnen_path):
    r = cli("eval", schinnen_path, "--case", write_case(RESIDENT), "--format", "json")
    assert r.exit_code == 0, r.output
    out = r.json()
    assert out["regulation"] == {**out["regulation"], "id": "schinnen-reintegratieverordening-wwb",
                                 "valid_from": "2004-11-01", "valid_until": "2015-01-01"}
    assert out["regulation"]["title"]
    assert out["date"] == "2010-06-01"
    d = out["decisions"]["aanspraak_op_ondersteuning"]
    assert d["value"] is True
    floor = [{k: c[k] for k in ("article", "paragraph", "item", "label")} for c in d["citations"]]
    assert floor == [{"article": "4", "paragraph": 1, "item": None, "label": "artikel 4, eerste lid"}]
    assert d["citations"][0]["reference"] == "jcdr1.0:c:CVDR64953_1&artikel=4&lid=1"
    assert d["missing"] == []
    assert "derivation" in d  # eval offers the derivation


def test_eval_json_has_every_decision(cli, write_case, schinnen_path):
    r = cli("eval", schinnen_path, "--case", write_case(RESIDENT), "--format", "json")
    names = set(r.json()["decisions"])
    assert names >= {"uitkeringsgerechtigde", "anw_er", "nugger", "jongere", "aanspraak_op_ondersteuning",
                     "aanbod_voorziening", "gebruik_voorziening_verplicht", "verlaging_uitkering",
                     "terugvordering_mogelijk", "afwijking_mogelijk", "beeindiging_mogelijk",
                     "weigeringsgrond_plafond", "kinderopvang_bevorderen", "hardheidsclausule_van_toepassing"}


def test_eval_json_null_and_missing(cli, write_case, schinnen_path):
    case = {k: v for k, v in RESIDENT.items() if k != "gezinsinkomen"}
    r = cli("eval", schinnen_path, "--case", write_case(case), "--format", "json", "--no-derivation")
    d = r.json()["decisions"]["aanspraak_op_ondersteuning"]
    assert d == {"value": None, "citations": [], "missing": ["gezinsinkomen"]}


def test_eval_default_format_off_a_terminal_is_json(cli, write_case, schinnen_path):
    r = cli("eval", schinnen_path, "--case", write_case(RESIDENT))
    assert r.exit_code == 0
    assert json.loads(r.stdout)["date"] == "2010-06-01"


def test_eval_text_is_dutch(cli, write_case, schinnen_path):
    r = cli("eval", schinnen_path, "--case", write_case({**RESIDENT, "gezinsinkomen": "2500.01"}),
            "--format", "text")
    assert r.exit_code == 0
    assert "artikel 4, vierde lid" in r.stdout
    assert "€ 2.500,01" in r.stdout


def test_eval_case_from_stdin(cli, schinnen_path):
    r = cli("eval", schinnen_path, "--case", "-", "--format", "json", input=json.dumps(RESIDENT))
    assert r.exit_code == 0
    assert r.json()["decisions"]["aanbod_voorziening"]["value"] is True


def test_date_option_overrides_peildatum(cli, write_case, schinnen_path):
    case = {**RESIDENT, "geboortedatum": "1982-06-02"}  # 28 on 2010-06-02
    path = write_case(case)
    r = cli("eval", schinnen_path, "--case", path, "--format", "json")
    assert r.json()["decisions"]["jongere"]["value"] is True
    r = cli("eval", schinnen_path, "--case", path, "--format", "json", "--date", "2010-06-02")
    out = r.json()
    assert out["date"] == "2010-06-02"
    assert out["decisions"]["jongere"]["value"] is False


def test_no_date_exit_2(cli, write_case, schinnen_path):
    case = {k: v for k, v in RESIDENT.items() if k != "peildatum"}
    r = cli("eval", schinnen_path, "--case", write_case(case), "--format", "json")
    assert r.exit_code == 2
    assert "peildatum" in r.stderr and "--date" in r.stderr
    assert r.stdout == ""


def test_bad_date_option_exit_2(cli, write_case, schinnen_path):
    r = cli("eval", schinnen_path, "--case", write_case(RESIDENT), "--date", "2010-02-30")
    assert r.exit_code == 2
    assert "2010-02-30" in r.stderr


def test_unknown_fact_exit_2_with_did_you_mean(cli, write_case, schinnen_path):
    r = cli("eval", schinnen_path, "--case", write_case({**RESIDENT, "woont_in_gemeete": True}))
    assert r.exit_code == 2
    assert "unknown fact 'woont_in_gemeete'" in r.stderr
    assert "did you mean 'woont_in_gemeente'?" in r.stderr


def test_missing_case_file_exit_2(cli, tmp_path, schinnen_path):
    r = cli("eval", schinnen_path, "--case", tmp_path / "geen.json")
    assert r.exit_code == 2
    assert "geen.json" in r.stderr


def test_invalid_json_exit_2(cli, write_case, schinnen_path):
    r = cli("eval", schinnen_path, "--case", write_case('{"peildatum": "2010-06-01",'))
    assert r.exit_code == 2
    assert "not valid JSON" in r.stderr


def test_rules_with_errors_exit_1(cli, write_rules, write_case):
    r = cli("eval", write_rules(BROKEN_RULES), "--case", write_case({"peildatum": "2020-06-01"}))
    assert r.exit_code == 1
    assert "unknown name 'onbekend'" in r.stderr
    assert r.stdout == ""


def test_usage_error_exit_2(cli, schinnen_path):
    r = cli("eval", schinnen_path)
    assert r.exit_code == 2
    assert "--case" in r.stderr


# ------------------------------------------------------------------ batch


def _lines(*cases):
    return "\n".join(c if isinstance(c, str) else json.dumps(c) for c in cases) + "\n"


def test_batch_keeps_order_and_goes_on_after_bad_lines(cli, write_case, schinnen_path):
    high = {**RESIDENT, "gezinsinkomen": "2500.01"}
    path = write_case(_lines(RESIDENT, {**RESIDENT, "gezinsinkomn": 1}, "kapot", high,
                             {**RESIDENT, "peildatum": "2015-01-01"}, RESIDENT), name="cases.jsonl")
    r = cli("batch", schinnen_path, "--cases", path)
    assert r.exit_code == 3
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == 6
    assert out[0]["decisions"]["aanspraak_op_ondersteuning"]["value"] is True
    assert out[1]["line"] == 2 and "gezinsinkomn" in out[1]["error"] and "gezinsinkomen" in out[1]["error"]
    assert set(out[1]) == {"line", "error"}
    assert out[2]["line"] == 3 and "JSON" in out[2]["error"]
    assert out[3]["decisions"]["aanspraak_op_ondersteuning"]["citations"][0]["label"] == "artikel 4, vierde lid"
    assert out[4]["line"] == 5 and "2004-11-01" in out[4]["error"]
    assert out[5]["decisions"]["aanspraak_op_ondersteuning"]["value"] is True
    assert "3 lines could not be evaluated" in r.stderr
    assert "Traceback" not in r.output


def test_batch_all_good_exit_0(cli, write_case, schinnen_path):
    path = write_case(_lines(RESIDENT, RESIDENT), name="cases.jsonl")
    r = cli("batch", schinnen_path, "--cases", path)
    assert r.exit_code == 0
    assert len(r.stdout.splitlines()) == 2


def test_batch_output_file_and_date(cli, write_case, schinnen_path, tmp_path):
    case = {k: v for k, v in RESIDENT.items() if k != "peildatum"}
    path = write_case(_lines(case, case), name="cases.jsonl")
    out = tmp_path / "out.jsonl"
    r = cli("batch", schinnen_path, "--cases", path, "--date", "2012-03-04", "--output", out)
    assert r.exit_code == 0
    assert r.stdout == ""
    results = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [x["date"] for x in results] == ["2012-03-04", "2012-03-04"]


def test_batch_without_date_fails_per_line(cli, write_case, schinnen_path):
    case = {k: v for k, v in RESIDENT.items() if k != "peildatum"}
    path = write_case(_lines(case, RESIDENT), name="cases.jsonl")
    r = cli("batch", schinnen_path, "--cases", path)
    assert r.exit_code == 3
    out = [json.loads(l) for l in r.stdout.splitlines()]
    assert out[0] == {"line": 1, "error": out[0]["error"]} and "peildatum" in out[0]["error"]
    assert out[1]["date"] == "2010-06-01"


def test_batch_money_exact(cli, write_case, schinnen_path):
    path = write_case('{"peildatum": "2010-06-01", "woont_in_gemeente": true, "uitkering": "wwb", '
                      '"voorliggende_voorziening_toereikend": false, "gezinsinkomen": 2500.01}\n'
                      '{"peildatum": "2010-06-01", "woont_in_gemeente": true, "uitkering": "wwb", '
                      '"voorliggende_voorziening_toereikend": false, "gezinsinkomen": "2500.00"}\n',
                      name="cases.jsonl")
    r = cli("batch", schinnen_path, "--cases", path)
    values = [json.loads(l)["decisions"]["aanspraak_op_ondersteuning"]["value"] for l in r.stdout.splitlines()]
    assert values == [False, True]


# ------------------------------------------------------------------ as a user runs it


@pytest.mark.parametrize("args, code", [
    (["check", "{rules}"], 0),
    (["eval", "{rules}", "--case", "{good}", "--format", "json"], 0),
    (["eval", "{rules}", "--case", "{good}", "--format", "text"], 0),
    (["eval", "{rules}", "--case", "{typo}"], 2),
    (["eval", "{rules}", "--case", "{good}", "--date", "2015-01-01"], 2),
    (["eval", "{rules}", "--case", "{nodate}"], 2),
    (["eval", "{broken}", "--case", "{good}"], 1),
    (["check", "{broken}"], 1),
    (["batch", "{rules}", "--cases", "{batch}"], 3),
], ids=["check", "eval-json", "eval-text", "unknown-fact", "not-in-force", "no-date", "broken-rules",
        "check-broken", "batch-partial"])
def test_exit_codes_in_a_subprocess(cli_process, write_case, write_rules, schinnen_path, args, code):
    files = {
        "rules": schinnen_path,
        "good": write_case(RESIDENT, "good.json"),
        "typo": write_case({**RESIDENT, "uitkerin": "wwb"}, "typo.json"),
        "nodate": write_case({"uitkering": "wwb"}, "nodate.json"),
        "broken": write_rules(BROKEN_RULES, "kapot.rules"),
        "batch": write_case(_lines(RESIDENT, "{"), "batch.jsonl"),
    }
    r = cli_process(*[a.format(**files) for a in args])
    assert r.exit_code == code, r
    assert "Traceback" not in r.output


def test_version_and_help(cli):
    assert cli("--version").exit_code == 0
    r = cli("--help")
    assert r.exit_code == 0
    for command in ("check", "eval", "batch"):
        assert command in r.stdout
