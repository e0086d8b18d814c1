"""The limits of a case and of its evaluation (docs/limits.md): each reproducer of issue 13 gets
exit 2 with a message naming the field or the file, never the internal-error exit 70.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from interpreter import inputlimits, tree
from interpreter.case import CaseError, convert, parse_json
from interpreter.result import dumps, json_value
from interpreter.values import format_money
from dsl.types import Type

ROOT = Path(__file__).resolve().parent.parent
RULES = ('regeling t\n  titel "T"\n  geldig vanaf 2020-01-01\n\nfeit b: bedrag "B."\nfeit g: getal "G."\n'
         'feit n: geheel getal "N."\nfeit t: tekst "T."\nfeit k: lijst van (n: geheel getal) "K."\n\n'
         'artikel 1 "A"\n  beslissing som: bedrag "S."\n  som is b * 1000000000000 * 1000000000000\n'
         '  beslissing woord: tekst "T."\n  woord is t\n'
         '  beslissing drie: ja/nee "Drie lijsten."\n'
         '  drie is waar als er is een p in k met er is een q in k met er is een r in k met '
         'p.n + q.n + r.n = -1 anders onwaar\n')
DATE = "2021-01-01"


@pytest.fixture
def regeling(write_rules):
    return write_rules(RULES)


def run_eval(cli, regeling, case_path, *extra):
    res = cli("eval", regeling, "--case", case_path, "--date", DATE, *extra)
    assert res.exit_code != 70 and "Traceback" not in res.output and "internal error" not in res.output, res
    return res


# ------------------------------------------------------------------ the JSON of a case


@pytest.mark.parametrize("text, expected", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"n": ' + "9" * 5000 + "}", "number that is too long"),
    ('{"b": 1e99999999999999999999}', "too large to represent"),
], ids=["deep-json", "int-5000-digits", "exponent"])
def test_hostile_json_is_a_case_error(cli, regeling, write_case, text, expected):
    res = run_eval(cli, regeling, write_case(text))
    assert res.exit_code == 2 and expected in res.stderr, res


def test_a_case_file_that_is_not_utf8_names_the_bad_byte(cli, regeling, tmp_path):
    path = tmp_path / "case.json"
    path.write_bytes('{"t": "caf\xe9"}'.encode("latin-1"))
    res = run_eval(cli, regeling, path)
    assert res.exit_code == 2 and "not UTF-8 text (byte 0xe9 at byte offset 10" in res.stderr, res


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize("value, why", [
    ("1e26", "at most 15 digits before the decimal point"),
    (Decimal("1E+26"), "at most 15 digits before the decimal point"),
    ("-12", "zero or more"),
    (Decimal("-0.01"), "zero or more"),
    ("0.00000000001", "at most 10 digits after the decimal point"),
], ids=["string-1e26", "number-1e26", "negative-string", "negative-number", "too-precise"])
def test_amounts_outside_the_limits_are_refused(value, why):
    with pytest.raises(CaseError) as exc:
        convert(value, Type("bedrag"), "b")
    assert exc.value.field == "b"
    assert why in str(exc.value) or "expected an amount" in str(exc.value)


@pytest.mark.parametrize("value", ["١٢٣", " 12 ", "12 ", "\t12", "1e3", "12,50", "+12"])
def test_money_strings_are_ascii_digits_without_spaces(value):
    with pytest.raises(CaseError, match="expected an amount in euro"):
        convert(value, Type("bedrag"), "b")


@pytest.mark.parametrize("value", ["0", "2500.01", "999999999999999.9999999999", 0, 12])
def test_amounts_inside_the_limits_are_exact(value):
    assert convert(value, Type("bedrag"), "b") == Decimal(str(value))


def test_negative_numbers_that_are_not_amounts_are_accepted():
    assert convert(-3, Type("geheel getal"), "n") == -3
    assert convert(Decimal("-1.5"), Type("getal"), "g") == Decimal("-1.5")


def test_a_whole_number_has_the_same_size_limit():
    with pytest.raises(CaseError, match="at most 15 digits"):
        convert(10 ** 15, Type("geheel getal"), "n")
    assert convert(10 ** 15 - 1, Type("geheel getal"), "n") == 10 ** 15 - 1


@pytest.mark.parametrize("fmt", ["text", "html", "json"])
def test_a_large_computed_amount_is_written_in_every_format(cli, regeling, write_case, fmt):
    res = run_eval(cli, regeling, write_case({"b": "999999999999999"}), "--format", fmt)
    assert res.exit_code == 0, res
    assert "E+" not in res.stdout


def test_json_never_writes_an_exponent():
    for v in (Decimal("1E+999"), Decimal("1E-7"), Decimal("12.50")):
        text = dumps({"v": json_value(v)}, indent=None)
        assert "E" not in text and Decimal(json.loads(text, parse_float=Decimal)["v"]) == v


def test_money_text_of_an_amount_beyond_28_digits():
    assert format_money(Decimal("1E+26")) == "€ 100.000.000.000.000.000.000.000.000,00"


# ------------------------------------------------------------------ messages and text output


def test_a_long_bad_value_is_cut_in_the_message(cli, regeling, write_case):
    res = run_eval(cli, regeling, write_case({"b": "x" * 1_000_000}))
    assert res.exit_code == 2
    assert len(res.stderr) < 500 and "1,000,000 characters" in res.stderr, res.stderr[:500]


def test_escape_sequences_from_a_case_never_reach_the_terminal(cli, regeling, write_case):
    res = run_eval(cli, regeling, write_case({"t": "\x1b]0;pwn\x07\x1b[2J\u202erood"}), "--format", "text")
    assert res.exit_code == 0, res
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout and "\u202e" not in res.stdout
    assert "\\x1b]0;pwn\\x07" in res.stdout and "\\u202e" in res.stdout


# ------------------------------------------------------------------ bounded work


def test_a_runaway_case_is_an_error_for_that_case(cli, regeling, write_case, monkeypatch):
    monkeypatch.setattr(tree, "STEP_BUDGET", 10_000)
    case = {"k": [{"n": i} for i in range(300)]}  # 27 million steps without the budget
    res = run_eval(cli, regeling, write_case(case))
    assert res.exit_code == 2
    assert "drie: the case needs more than 10,000 steps" in res.stderr


def test_within_the_budget_the_case_is_evaluated(cli, regeling, write_case, monkeypatch):
    monkeypatch.setattr(tree, "STEP_BUDGET", 10_000)
    res = run_eval(cli, regeling, write_case({"k": [{"n": i} for i in range(10)]}), "--format", "json")
    assert res.exit_code == 0 and res.json()["decisions"]["drie"]["value"] is False


def test_in_a_batch_the_runaway_line_fails_and_the_others_are_written(tmp_path, regeling):
    """GRONDSLAG_MAX_STEPS configures the budget, also in a fresh process."""
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"k": [{"n": i} for i in range(60)]}) + "\n" + json.dumps({"b": "1"}) + "\n",
                     encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "from interpreter.cli import run; run()", "batch", str(regeling),
                           "--cases", str(cases), "--date", DATE],
                          capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "GRONDSLAG_MAX_STEPS": "5000"})
    assert proc.returncode == 3, proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["line"] == 1 and "more than 5,000 steps" in lines[0]["error"]
    assert lines[1]["decisions"]["woord"]["value"] is None


def test_shorten_says_how_much_was_left_out():
    assert inputlimits.shorten("abc") == "abc"
    cut = inputlimits.shorten("a" * 100)
    assert cut.startswith("a" * inputlimits.MAX_SHOWN) and "(100 characters)" in cut


def test_parse_json_never_lets_a_recursion_error_out():
    with pytest.raises(CaseError):
        parse_json("{\"a\": " * 50_000 + "1" + "}" * 50_000)


def test_date_arithmetic_past_the_end_of_the_calendar_is_a_case_error(cli, tmp_path):
    """Diemen: a reduction starting on 9999-12-31 would end in the year 10000."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"gedraging": "arbeid", "bijstandsnorm": "1000", "ingangsdatum_verlaging": "9999-12-31",
                                "geboortedatum": "1990-01-01", "datum_melding": "9999-12-31",
                                "alleenstaande_ouder": False, "aanleiding_tot_afwijking": False}), encoding="utf-8")
    res = cli("eval", ROOT / "rules" / "diemen", "--case", case, "--date", "9999-12-31", "--format", "json")
    assert res.exit_code == 2, res
    assert "verlaging_tot: 9999-12-31 plus 1 months and 0 days falls outside the calendar" in res.stderr


@pytest.mark.parametrize("case", [{"x" * 1_000_000: 1}, {"k": [{"x" * 1_000_000: 1}]}, {"k": [{"n": "x" * 1_000_000}]}],
                         ids=["fact-name", "field-name", "field-value"])
def test_long_names_and_values_are_cut_in_eval_and_batch(cli, regeling, write_case, case):
    path = write_case(case)
    res = run_eval(cli, regeling, path)
    assert res.exit_code == 2 and len(res.stderr) < 500 and "(1,000,000 characters)" in res.stderr, res.stderr[:500]
    res = cli("batch", regeling, "--cases", path, "--date", DATE)
    assert res.exit_code == 3 and len(res.stdout) < 500 and "(1,000,000 characters)" in res.stdout, res.stdout[:500]
