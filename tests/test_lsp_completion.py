"""Completion in the language server: keywords of the rules language and declared names, by context.

Driven over the protocol, as tests/test_lsp.py drives the other features.
"""

from __future__ import annotations

import pytest

from dsl.parser import KEYWORDS
from interpreter.editor import completion as C
from tests.test_lsp import _open, _position, _uri, server, version  # noqa: F401 - fixtures

LID = "  lid 4\n"  # artikel-04.rules: the lid whose exception the tests edit around


def _labels(server, path, text: str, position: dict) -> dict:  # noqa: F811
    _open(server, path, text)
    result = server.request("textDocument/completion", {"textDocument": {"uri": _uri(path)}, "position": position})
    return {i["label"]: i for i in result["items"]}


def _at_end_of(text: str, needle: str) -> dict:
    return _position(text, needle, len(needle))


def test_in_a_condition_the_names_and_values(server, version):  # noqa: F811
    path = version / "artikel-04.rules"
    text = path.read_text(encoding="utf-8")
    items = _labels(server, path, text, _position(text, "als gezinsinkomen >", 4))
    assert {"gezinsinkomen", "nugger", "aanspraak_op_ondersteuning", "waar", "onwaar", "niet"} <= set(items)
    assert items["gezinsinkomen"]["detail"] == "feit gezinsinkomen: bedrag per maand"
    assert items["bijzondere_omstandigheden"]["detail"] == "oordeel bijzondere_omstandigheden: ja/nee"
    assert items["waar"]["kind"] == 14  # CompletionItemKind.Keyword
    assert "artikel" not in items and "lid" not in items


def test_at_the_start_of_a_line_in_a_provision_the_statements_and_decisions(server, version):  # noqa: F811
    path = version / "artikel-04.rules"
    text = path.read_text(encoding="utf-8").replace(LID, LID + "    \n", 1)
    line = text[: text.index(LID)].count("\n") + 1
    items = _labels(server, path, text, {"line": line, "character": 4})
    assert {"lid", "onderdeel", "tekst", "lezing", "niet uitvoerbaar", "beslissing", "feit", "begrip",
            "uitzondering op", "als", "anders", "aanspraak_op_ondersteuning"} <= set(items)
    assert "gezinsinkomen" not in items  # a fact is not set by a rule: no rule starts with it
    assert "waar" not in items


def test_at_the_start_of_the_file_the_top_level_words(server, version):  # noqa: F811
    path = version / "artikel-04.rules"
    items = _labels(server, path, path.read_text(encoding="utf-8"), {"line": 0, "character": 0})
    assert {"artikel", "paragraaf", "feit", "beslissing", "regeling"} <= set(items)
    assert "lid" not in items and "gezinsinkomen" not in items


def test_in_the_header_its_fields(server, version):  # noqa: F811
    path = version / "regeling.rules"
    text = path.read_text(encoding="utf-8")
    needle = '  titel "'
    items = _labels(server, path, text, {"line": text[: text.index(needle)].count("\n"), "character": 2})
    assert {"titel", "citeertitel", "vastgesteld door", "geldig vanaf", "bron", "onderwerp"} <= set(items)


def test_after_a_declaration_the_types(server, version):  # noqa: F811
    path = version / "regeling.rules"
    text = path.read_text(encoding="utf-8") + "\nfeit nieuw_feit: \n"
    items = _labels(server, path, text, _at_end_of(text, "feit nieuw_feit: "))
    assert {"ja/nee", "bedrag per maand", "geheel getal", "keuze uit", "lijst van", "datum", "percentage"} <= set(items)
    assert "gezinsinkomen" not in items and "waar" not in items


def test_after_uitzondering_op_the_words_of_a_reference(server, version):  # noqa: F811
    path = version / "artikel-04.rules"
    text = path.read_text(encoding="utf-8").replace("uitzondering op lid 1:", "uitzondering op ", 1)
    items = _labels(server, path, text, _at_end_of(text, "uitzondering op "))
    assert {"lid", "artikel", "onder"} <= set(items) and "gezinsinkomen" not in items


def test_after_an_operand_the_words_that_go_on(server, version):  # noqa: F811
    path = version / "artikel-04.rules"
    text = path.read_text(encoding="utf-8")
    items = _labels(server, path, text, _at_end_of(text, "als uitkeringsgerechtigde "))
    assert {"en", "of", "anders", "in alle andere gevallen"} <= set(items)
    assert "uitkeringsgerechtigde" not in items


def test_nothing_in_law_text_or_a_comment(server, version):  # noqa: F811
    path = version / "artikel-04.rules"
    text = path.read_text(encoding="utf-8")
    assert _labels(server, path, text, _position(text, "Uitkeringsgerechtigden, Anw-ers", 5)) == {}
    assert _labels(server, path, text, _position(text, "geaccepteerde arbeid", 3)) == {}  # a line inside """
    commented = text.replace(LID, LID + "    # noot: \n", 1)
    assert _labels(server, path, commented, _at_end_of(commented, "# noot: ")) == {}


def test_the_name_being_typed_is_completed_from_its_context():
    assert C.context("artikel 1\n  lid 1\n    x is waar\n      als gezin", 3, 15) == "operand"
    assert C.context("artikel 1\n  lid 1\n    besl", 2, 8) == "statement"
    assert C.context("feit x: bed", 0, 11) == "type"
    assert C.context("feit nieu", 0, 9) == "none"  # a new name: nothing to offer
    assert C.context("artikel ", 0, 8) == "none"  # its number
    assert C.context("beslissing anw_er ", 0, 18) == "named"  # heet "Anw-er"
    assert C.context("feit inkomen: bedrag ", 0, 21) == "typed"  # per maand, ten minste ...
    assert C.context('feit x heet "X": ', 0, 17) == "type"


@pytest.mark.parametrize("phrase", sorted(set(C.TOP_LEVEL + C.HEADER + C.STATEMENTS + C.TYPES + C.REFERENCE
                                              + C.FOLLOW + C.OPERAND + C.NAMED + C.TYPED)))
def test_every_word_offered_is_a_word_of_the_language(phrase):
    builtins = {"leeftijd", "leeftijd_in_maanden", "min", "max", "jaar", "peildatum", "ja/nee", "maand", "week", "dag"}
    for word in phrase.split():
        assert word in KEYWORDS or word in builtins, word
