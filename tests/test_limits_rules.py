"""The limits of a rule file (docs/limits.md): each reproducer of issue 13 gets exit 1 with a
positioned error on the rule file, never the internal-error exit 70.

Also the small holes on rule files: a byte order mark in fmt, the invalid-UTF-8 error at
the bad byte, look-alike names in mixed scripts, rules whose work multiplies list lengths.
"""

from __future__ import annotations

import json

import pytest

from dsl import limits

HEAD = ('regeling t\n  titel "T"\n  geldig vanaf 2020-01-01\n\nfeit x: geheel getal "X."\n'
        'feit w: ja/nee "W."\nfeit k: lijst van (n: geheel getal) "K."\n\n')


def rules(body: str) -> str:
    return HEAD + 'artikel 1 "A"\n' + body


def chain(n: int, circle: bool = False) -> str:
    lines = [f"  begrip c{i} is {f'c{i + 1}' if i + 1 < n else ('c0' if circle else 'x')} + 1" for i in range(n)]
    return rules("\n".join(lines) + '\n  beslissing d: geheel getal "D."\n  d is c0\n')


def check(cli, write_rules, text: str):
    res = cli("check", write_rules(text))
    assert res.exit_code != 70 and "Traceback" not in res.output, res
    return res


@pytest.mark.parametrize("expr", [
    "+".join(["1"] * 600),  # 1+1+...: left-nested
    "-" * 600 + "x",  # unary minus chain
    "-" * 5000 + "x",  # deeper than the parser can turn into syntax
], ids=["plus-600", "minus-600", "minus-5000"])
def test_deep_arithmetic_is_an_error_on_the_rule_file(cli, write_rules, expr):
    res = check(cli, write_rules, rules(f'  beslissing d: geheel getal "D."\n  d is {expr}\n'))
    assert res.exit_code == 1
    assert "regeling.rules:11:" in res.stdout and "nested" in res.stdout


@pytest.mark.parametrize("n", [500, 5000])
def test_deep_niet_is_an_error_on_the_rule_file(cli, write_rules, n):
    res = check(cli, write_rules, rules(f'  beslissing d: ja/nee "D."\n  d is waar als {"niet " * n}w anders onwaar\n'))
    assert res.exit_code == 1
    assert "nested" in res.stdout and f"limit is {limits.MAX_NESTING}" in res.stdout


def test_nesting_at_the_limit_is_accepted_and_evaluates(cli, write_rules, write_case):
    expr = "niet " * (limits.MAX_NESTING - 1) + "w"  # 99 times niet around w: 100 levels
    path = write_rules(rules(f'  beslissing d: ja/nee "D."\n  d is waar als {expr} anders onwaar\n'))
    assert cli("check", path).exit_code == 0
    res = cli("eval", path, "--case", write_case({"w": True}), "--date", "2021-01-01", "--format", "json")
    assert res.exit_code == 0, res
    assert res.json()["decisions"]["d"]["value"] is False  # an odd number of niet


def test_one_level_more_is_refused(cli, write_rules):
    expr = "niet " * limits.MAX_NESTING + "w"
    res = check(cli, write_rules, rules(f'  beslissing d: ja/nee "D."\n  d is waar als {expr} anders onwaar\n'))
    assert res.exit_code == 1 and f"nested {limits.MAX_NESTING + 1} levels deep" in res.stdout


@pytest.mark.parametrize("n, circle", [(250, False), (500, False), (2000, False), (3000, True)],
                         ids=["chain-250", "chain-500", "chain-2000", "circle-3000"])
def test_long_chains_of_definitions_are_an_error_on_the_rule_file(cli, write_rules, n, circle):
    res = check(cli, write_rules, chain(n, circle))
    assert res.exit_code == 1
    assert f"chain of more than {limits.MAX_DEFINITION_DEPTH} definitions" in res.stdout
    assert res.stdout.count("error:") == 1  # one error, not one per link


def test_a_chain_the_checker_accepts_never_fails_in_eval(cli, write_rules, write_case):
    """The evaluator's limit and the checker's are one constant: what check passes, eval evaluates."""
    from interpreter import tree
    assert tree.MAX_DEPTH == limits.MAX_DEFINITION_DEPTH
    path = write_rules(chain(limits.MAX_DEFINITION_DEPTH - 1))  # d plus 99 begrippen: 100 in a chain
    assert cli("check", path).exit_code == 0
    res = cli("eval", path, "--case", write_case({"x": 1}), "--date", "2021-01-01", "--format", "json")
    assert res.exit_code == 0, res
    assert res.json()["decisions"]["d"]["value"] == 1 + limits.MAX_DEFINITION_DEPTH - 1
    res = check(cli, write_rules, chain(limits.MAX_DEFINITION_DEPTH))
    assert res.exit_code == 1


def test_a_short_circle_is_still_reported_as_a_circle(cli, write_rules):
    res = check(cli, write_rules, chain(3, circle=True))
    assert res.exit_code == 1 and "depend on itself" in res.stdout
    assert "chain of more than" not in res.stdout


def test_nesting_summed_along_a_chain_is_limited(cli, write_rules):
    # (((c1 + 1) + 1) ... + 1): the name sits 91 levels down, and evaluation recurses through each
    body = "\n".join(f"  begrip c{i} is {f'c{i + 1}' if i < 9 else 'x'}{' + 1' * 90}" for i in range(10))
    res = check(cli, write_rules, rules(body + '\n  beslissing d: geheel getal "D."\n  d is c0\n'))
    assert res.exit_code == 1 and f"the limit is {limits.MAX_TOTAL_DEPTH}" in res.stdout


# ------------------------------------------------------------------ paths that are not rule files


def test_a_folder_named_rules_is_an_error(cli, tmp_path):
    (tmp_path / "map.rules").mkdir()
    res = cli("check", tmp_path / "map.rules")
    assert res.exit_code == 1 and "Traceback" not in res.output


@pytest.mark.parametrize("target", ["/nonexistent/nergens.rules", "self"], ids=["dangling", "self-loop"])
def test_a_bad_link_in_a_folder_is_an_error_naming_it(cli, tmp_path, write_rules, target):
    folder = tmp_path / "regeling"
    write_rules(rules('  beslissing d: geheel getal "D."\n  d is x\n'), folder="regeling")
    link = folder / "kapot.rules"
    link.symlink_to(link if target == "self" else target)
    res = cli("check", folder)
    assert res.exit_code == 1, res
    assert "kapot.rules:1:1: error: cannot read the file" in res.stdout


def test_a_rule_file_over_the_size_limit_is_refused_before_it_is_read(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "groot.rules"
    path.write_text(rules("#" * 2000 + "\n"), encoding="utf-8")
    res = cli("check", path)
    assert res.exit_code == 1
    assert "a rule file may be at most 1,000 bytes" in res.stdout


# ------------------------------------------------------------------ dates at the ends of the calendar


@pytest.mark.parametrize("literal", ["9999-12-31", "0001-01-01"])
def test_extreme_date_literals_in_rules_the_checker_probes(cli, write_rules, literal):
    body = (f'  beslissing d: ja/nee "D."\n  lid 1\n    d is waar als peildatum < {literal}\n'
            f'  lid 2\n    d is onwaar als peildatum >= {literal}\n')
    res = check(cli, write_rules, rules(body))
    assert res.exit_code in (0, 1)


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_diff_on_the_last_and_first_day_of_the_calendar(cli, write_rules, date):
    path = write_rules(rules('  beslissing d: ja/nee "D."\n  d is waar als peildatum < 9999-12-31 anders onwaar\n'))
    res = cli("diff", path, path, "--date", date)
    assert res.exit_code == 0, res


def test_diff_of_rules_with_extreme_dates_generates_cases_within_the_calendar(cli, write_rules):
    old = write_rules(rules('  beslissing d: ja/nee "D."\n  d is waar als peildatum < 9999-12-31 anders onwaar\n'),
                      name="oud.rules", folder="oud")
    new = write_rules(rules('  beslissing d: ja/nee "D."\n  d is waar als peildatum > 0001-01-01 anders onwaar\n'),
                      name="nieuw.rules", folder="nieuw")
    res = cli("diff", old, new)
    assert res.exit_code in (0, 1), res


@pytest.mark.parametrize("rev", ["--abbrev=4:HEAD", "-x:rules/schinnen"])
def test_diff_revisions_starting_with_a_dash_never_reach_git(cli, schinnen_path, rev):
    res = cli("diff", "--", rev, schinnen_path)
    assert res.exit_code == 2
    assert "cannot start with '-'" in res.stderr


# ------------------------------------------------------------------ encodings


def test_fmt_accepts_a_byte_order_mark_as_check_does(cli, tmp_path):
    path = tmp_path / "bom.rules"
    path.write_bytes(b"\xef\xbb\xbf" + rules('  beslissing d: geheel getal "D."\n  d is x\n').encode("utf-8"))
    assert cli("check", path).exit_code == 0
    res = cli("fmt", path)
    assert res.exit_code == 0, res
    assert cli("fmt", "--check", path).exit_code == 0


def test_the_invalid_utf8_error_points_at_the_bad_byte(cli, tmp_path):
    path = tmp_path / "latin1.rules"
    path.write_bytes(rules('  beslissing d: geheel getal "Caf\xe9."\n  d is x\n').encode("latin-1"))
    for command in ("check", "fmt"):
        res = cli(command, path)
        assert res.exit_code == 1
        assert "latin1.rules:10:34: error: the file is not UTF-8 text: byte 0xe9" in res.output, res


def test_a_name_mixing_latin_and_cyrillic_is_warned_about(cli, write_rules):
    text = rules('  beslissing d: geheel getal "D."\n  d is x\n').replace(
        'feit w: ja/nee "W."', 'feit w: ja/nee "W."\nfeit kоsten: bedrag "with a Cyrillic o."')
    res = check(cli, write_rules, text)
    assert "mixes letters of several scripts (CYRILLIC, LATIN)" in res.stdout


def test_nested_quantifiers_over_unrelated_lists_are_warned_about(cli, write_rules):
    body = ('  beslissing d: ja/nee "D."\n  d is waar als er is een p in k met er is een q in k met '
            'p.n + q.n = 0 anders onwaar\n')
    res = check(cli, write_rules, rules(body))
    assert "the work grows with the product of the lengths" in res.stdout


def test_json_diagnostics_of_a_deep_file_are_data(cli, write_rules):
    res = cli("check", "--format", "json", write_rules(rules(f'  beslissing d: geheel getal "D."\n  d is {"-" * 3000}x\n')))
    assert res.exit_code == 1
    problems = json.loads(res.stdout)
    assert problems and all(p["severity"] == "error" for p in problems if "nested" in p["message"])
