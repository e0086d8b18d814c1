"""grondslag fmt: one canonical layout that keeps comments, law text and meaning."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pygments.token import Comment

from dsl import syntax as S
from dsl.formatter import FormatError, format_source
from dsl.highlight import RulesLexer
from dsl.parser import parse

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted((ROOT / "rules").rglob("*.rules")) + sorted((ROOT / "tests" / "fixtures").rglob("*.rules"))
SCHINNEN_FILES = sorted((ROOT / "rules" / "schinnen").rglob("*.rules"))


def tree(source: str):
    rf, diagnostics = parse(source, "t.rules")
    assert not [d for d in diagnostics if d.is_error], diagnostics
    return rf.header, rf.declarations, rf.provisions


def law_texts(source: str) -> list[str]:
    rf, _ = parse(source, "t.rules")
    return [s.raw for p, _ in S.walk_provisions(rf.provisions) for s in p.body if isinstance(s, S.LawText)]


def comments(source: str) -> list[str]:
    """The comments as the highlighter sees them: an independent reading of the text."""
    return sorted(v.rstrip() for t, v in RulesLexer().get_tokens(source) if t in Comment)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_files_keep_meaning_comments_and_law_text(path):
    source = path.read_text(encoding="utf-8")
    out = format_source(source, str(path))
    assert tree(out) == tree(source)
    assert comments(out) == comments(source)
    assert law_texts(out) == law_texts(source)
    for raw in law_texts(source):
        assert raw in out


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_files_are_idempotent(path):
    once = format_source(path.read_text(encoding="utf-8"), str(path))
    assert format_source(once, str(path)) == once


@pytest.mark.parametrize("path", SCHINNEN_FILES, ids=lambda p: p.name)
def test_schinnen_is_in_the_canonical_layout(path):
    source = path.read_text(encoding="utf-8")
    assert format_source(source, str(path)) == source


MESSY = '''\
# header comment

regeling x   # trailing on header
    titel "T"
 geldig vanaf 2004-01-01
feit a: ja/nee "desc a"
feit b: keuze uit "x","y"
   # about c
feit c: lijst van (d: datum, e: bedrag per maand)
paragraaf 1 "P"
artikel 1 "A"
# lid one
lid 1
 tekst "t"
 beslissing r: ja/nee
 r is waar als a en b = "x" # why
   anders onwaar


 uitzondering op artikel 1 lid 1 onder a en lid 2: r is onwaar als a
     of niet a   # split
 lid 2 tekst "t2"
  lezing """x
     y""" bron "z"
  onderdeel a niet uitvoerbaar "no"
  begrip q is aantal k in c met k.d > 2004-01-01
  tabel t: bedrag
   vanaf 2004-01-01 € 2.500,-
   vanaf geboren vanaf 1950-01-01 €10
# end comment
'''

CANONICAL = '''\
# header comment

regeling x  # trailing on header
  titel "T"
  geldig vanaf 2004-01-01
feit a: ja/nee
  "desc a"
feit b: keuze uit "x", "y"
# about c
feit c: lijst van (d: datum, e: bedrag per maand)

paragraaf 1 "P"

artikel 1 "A"
  # lid one
  lid 1
    tekst "t"
    beslissing r: ja/nee
    r is waar
      als a en b = "x"  # why
      anders onwaar

    uitzondering op artikel 1 lid 1 onder a en lid 2:
      r is onwaar
        als a
            of niet a  # split

  lid 2
    tekst "t2"
    lezing """x
     y"""
      bron "z"

    onderdeel a
      niet uitvoerbaar "no"
      begrip q is aantal k in c met k.d > 2004-01-01
      tabel t: bedrag
        vanaf 2004-01-01 € 2.500,-
        vanaf geboren vanaf 1950-01-01 €10
      # end comment
'''


def test_messy_file_gets_the_canonical_layout():
    assert format_source(MESSY) == CANONICAL
    assert format_source(CANONICAL) == CANONICAL


def test_long_condition_is_laid_out_one_operand_per_line():
    long = " of ".join(f"voorwaarde_nummer_{i}" for i in range(8))
    source = f"artikel 1\n  x is waar als a en ({long})\n"
    assert format_source(source) == textwrap.dedent("""\
        artikel 1
          x is waar
            als a
                en (voorwaarde_nummer_0
                    of voorwaarde_nummer_1
                    of voorwaarde_nummer_2
                    of voorwaarde_nummer_3
                    of voorwaarde_nummer_4
                    of voorwaarde_nummer_5
                    of voorwaarde_nummer_6
                    of voorwaarde_nummer_7)
        """)


def test_a_condition_written_over_several_lines_stays_so_and_a_short_one_is_joined():
    broken = "artikel 1\n  x is waar\n    als a\n        en b\n"
    assert format_source(broken) == broken
    joined = "artikel 1\n  x is waar\n    als (a\n    en b)\n"
    assert format_source("artikel 1\n  x is waar als niet (a\n en b)\n") == \
        "artikel 1\n  x is waar\n    als niet (a en b)\n"
    assert format_source(joined) == broken


def test_two_trailing_comments_on_a_joined_line_are_both_kept():
    source = "artikel 1\n  x is waar als f(a,  # eerste\n   b)  # tweede\n"
    out = format_source(source)
    assert comments(out) == comments(source)
    assert format_source(out) == out


def test_a_hash_in_a_text_is_not_a_comment_but_a_comment_after_it_is_kept():
    source = 'artikel 1\n  tekst "nummer # 4"   # echt commentaar\n'
    out = format_source(source)
    assert out == 'artikel 1\n  tekst "nummer # 4"  # echt commentaar\n'
    assert comments(out) == ["# echt commentaar"]


def test_quantifier_gets_parentheses_where_its_body_would_swallow_what_follows():
    source = "artikel 1\n  x is (aantal k in ks met k.a) + 1\n  y is 1 + aantal k in ks met k.a\n"
    out = format_source(source)
    assert "x is (aantal k in ks met k.a) + 1" in out
    assert "y is 1 + aantal k in ks met k.a" in out
    assert tree(out) == tree(source)


def test_blank_lines_are_collapsed_to_one_and_provisions_are_separated():
    source = "artikel 1\n  tekst \"a\"\n\n\n\n  x is waar\nartikel 2\n  lid 1\n    tekst \"b\"\n  lid 2\n"
    assert format_source(source) == ("artikel 1\n  tekst \"a\"\n\n  x is waar\n\nartikel 2\n  lid 1\n"
                                     "    tekst \"b\"\n\n  lid 2\n")


def test_syntax_error_raises_with_position():
    with pytest.raises(FormatError) as info:
        format_source("artikel 1\n  lid\n", "bad.rules")
    d = info.value.diagnostics[0]
    assert (d.span.file, d.span.line) == ("bad.rules", 2)


def test_empty_and_comment_only_files():
    assert format_source("") == ""
    assert format_source("\n\n# alleen commentaar   \n\n") == "# alleen commentaar\n"


# ------------------------------------------------------------------ the CLI


def test_cli_check_reports_files_that_would_change(cli, tmp_path):
    good = tmp_path / "good.rules"
    good.write_text(CANONICAL, encoding="utf-8")
    bad = tmp_path / "bad.rules"
    bad.write_text(MESSY, encoding="utf-8")
    r = cli("fmt", "--check", tmp_path)
    assert r.exit_code == 1
    assert f"would reformat {bad}" in r.stdout
    assert str(good) not in r.stdout
    assert bad.read_text(encoding="utf-8") == MESSY
    assert cli("fmt", "--check", good).exit_code == 0


def test_cli_formats_in_place(cli, tmp_path):
    f = tmp_path / "a.rules"
    f.write_text(MESSY, encoding="utf-8")
    r = cli("fmt", f)
    assert r.exit_code == 0
    assert f"reformatted {f}" in r.stdout
    assert f.read_text(encoding="utf-8") == CANONICAL
    assert cli("fmt", "--check", f).exit_code == 0


def test_cli_leaves_files_with_syntax_errors_untouched(cli, tmp_path):
    f = tmp_path / "kapot.rules"
    f.write_text("artikel 1\n  lid\n", encoding="utf-8")
    r = cli("fmt", f)
    assert r.exit_code == 1
    assert f"{f}:2:" in r.stderr
    assert "left as it is" in r.stderr
    assert f.read_text(encoding="utf-8") == "artikel 1\n  lid\n"


def test_cli_diff_and_stdin(cli, tmp_path):
    f = tmp_path / "a.rules"
    f.write_text(MESSY, encoding="utf-8")
    r = cli("fmt", "--diff", f)
    assert r.exit_code == 1
    assert "+  titel \"T\"" in r.stdout
    assert f.read_text(encoding="utf-8") == MESSY
    r = cli("fmt", "-", input=MESSY)
    assert r.exit_code == 0
    assert r.stdout == CANONICAL


def test_cli_schinnen_is_canonical(cli):
    r = cli("fmt", "--check", ROOT / "rules" / "schinnen")
    assert r.exit_code == 0, r.stdout
