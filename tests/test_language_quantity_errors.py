"""Syntax errors around the language additions: plain words, a caret on the word, a suggestion
that is never the word just rejected."""

import pytest

from quantity_rules import diagnostics

CASES = [
    ("x is 5 procnt van y", "'procnt' after a number is not a unit", "did you mean 'procent'?"),
    ("x is y afgerond op cent", "unexpected 'cent'", "did you mean 'centen'?"),
    ("x is y afgerond op centen naar bove", "unexpected 'bove'", "did you mean 'boven'?"),
]


@pytest.mark.parametrize("line, message, hint", CASES)
def test_misspelt_words(line, message, hint):
    diags = diagnostics(f"feit y: bedrag\nartikel 1\n  beslissing x: bedrag\n  {line}\n")
    assert diags and diags[0].is_error
    assert message in diags[0].message and diags[0].hint.startswith(hint)
    word = message.split("'")[1]
    assert diags[0].span.line == 7 and diags[0].span.column == 3 + line.index(word)


def test_sub_item_without_degree_sign():
    body = ('feit y: ja/nee\nartikel 1\n  beslissing x: ja/nee\n  x is waar in alle andere gevallen\n'
            '  onderdeel b\n    subonderdeel 2\n      x is onwaar als y\n'
            '  onderdeel c\n    uitzondering op onder b onder 2:\n      x is waar als y\n')
    d = diagnostics(body)[0]
    assert "written with the degree sign" in d.message and d.hint == "write for example: onder 2°"


@pytest.mark.parametrize("word", ["procent", "centen", "boven", "onder"])
def test_a_hint_never_suggests_the_rejected_word(word):
    for d in diagnostics(f"feit y: bedrag\nartikel 1\n  beslissing x: bedrag\n  x is y afgerond op {word} {word}\n"):
        assert f"did you mean '{word}'" not in (d.hint or "")
