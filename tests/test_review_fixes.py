"""Behaviour added after review: checks that were missing, and batch on several cores."""

from __future__ import annotations

import json

from dsl.loader import check_paths

RULES_WITH_PERIODS = '''regeling p
  titel "P"
  geldig vanaf 2020-01-01

feit maandinkomen: bedrag per maand
feit jaarinkomen: bedrag per jaar

paragraaf 2 "Inkomen"
  alinea 1
    beslissing te_hoog: ja/nee
    te_hoog is waar als maandinkomen * 12 > jaarinkomen anders onwaar
  alinea 2
    uitzondering op paragraaf 2 alinea 1:
      te_hoog is onwaar als jaarinkomen = € 0
'''


def _errors(path):
    diagnostics, _ = check_paths([path])
    return [d for d in diagnostics if d.is_error]


def test_titled_paragraaf_can_be_named_by_its_number(tmp_path):
    f = tmp_path / "p.rules"
    f.write_text(RULES_WITH_PERIODS, encoding="utf-8")
    assert _errors(f) == []


def test_amount_per_month_and_per_year_are_not_compared(tmp_path):
    f = tmp_path / "p.rules"
    f.write_text(RULES_WITH_PERIODS.replace("maandinkomen * 12 > jaarinkomen", "maandinkomen > jaarinkomen"),
                 encoding="utf-8")
    errors = _errors(f)
    assert len(errors) == 1
    assert "per maand" in errors[0].message and "per jaar" in errors[0].message
    assert errors[0].span.line == 11


def test_a_bad_peildatum_in_the_case_is_an_error_even_when_date_is_given(cli, tmp_path, schinnen_path):
    case = tmp_path / "c.json"
    case.write_text('{"peildatum": "garbage", "uitkering": "wwb"}', encoding="utf-8")
    r = cli("eval", str(schinnen_path), "--case", str(case), "--date", "2010-01-01", "--format", "json")
    assert r.exit_code == 2
    assert "peildatum" in r.stderr and "garbage" in r.stderr


def test_a_choice_in_other_capitals_gets_a_hint(cli, tmp_path, schinnen_path):
    case = tmp_path / "c.json"
    case.write_text('{"peildatum": "2010-01-01", "uitkering": "WWB"}', encoding="utf-8")
    r = cli("eval", str(schinnen_path), "--case", str(case), "--format", "json")
    assert r.exit_code == 2
    assert "did you mean 'wwb'" in r.stderr


def test_batch_on_several_processes_writes_the_same_lines_in_the_same_order(cli, tmp_path, schinnen_path):
    lines = []
    for i in range(600):  # more than one chunk per worker
        lines.append(json.dumps({"peildatum": "2010-06-01", "uitkering": ["wwb", "geen", "anw"][i % 3],
                                 "ingeschreven_als_werkzoekende": i % 2 == 0,
                                 "gezinsinkomen": f"{2400 + i}.00"}))
    lines.insert(300, '{"peildatum": "2010-06-01", "onbekend_feit": 1}')
    src = tmp_path / "cases.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = cli("batch", str(schinnen_path), "--cases", str(src), "--output", str(one))
    r2 = cli("batch", str(schinnen_path), "--cases", str(src), "--output", str(two), "--jobs", "2")
    assert r1.exit_code == r2.exit_code == 3
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    out = one.read_text(encoding="utf-8").splitlines()
    assert len(out) == 601
    assert json.loads(out[300]) == {"line": 301, "error": json.loads(out[300])["error"]}
    assert "onbekend_feit" in json.loads(out[300])["error"]
    after = json.loads(out[301])["decisions"]["aanspraak_op_ondersteuning"]  # case 300: € 2.700,00
    assert after["value"] is False
    assert after["citations"][0]["label"] == "artikel 4, vierde lid"


def test_batch_to_a_folder_that_does_not_exist_is_an_input_error(cli, tmp_path, schinnen_path):
    src = tmp_path / "cases.jsonl"
    src.write_text('{"peildatum": "2010-06-01"}\n', encoding="utf-8")
    r = cli("batch", str(schinnen_path), "--cases", str(src), "--output", str(tmp_path / "nope" / "out.jsonl"))
    assert r.exit_code == 2
    assert "cannot write" in r.stderr
    assert "Traceback" not in r.stdout + r.stderr


def test_a_word_of_the_language_cannot_be_declared_as_a_name(tmp_path):
    f = tmp_path / "k.rules"
    f.write_text('regeling k\n  titel "K"\n  geldig vanaf 2020-01-01\nfeit aantal: geheel getal\n', encoding="utf-8")
    errors = _errors(f)
    assert [(e.span.line, "'aantal' is a word of the rules language" in e.message) for e in errors] == [(4, True)]
