"""The parsers load from tables generated from our grammars (dsl/lark_tables.py).

A grammar change without `python -m dsl.lark_tables` must fail here, and the parser
from the tables, with its lazily built lexer, must read every text exactly as Lark's
own parser built from the grammar does: the same tokens and positions, the same trees,
the same errors at the same places with the same expected terminals.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput
from lark.grammar import Rule
from lark.lexer import TerminalDef
from lark.parsers.lalr_analysis import IntParseTable
from lark.utils import SerializeMemoizer

from dsl import lark_tables

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted([*ROOT.glob("rules/**/*.rules"), *ROOT.glob("tests/**/*.rules")])
EXAMPLE_FILES = sorted([*ROOT.glob("rules/**/*.voorbeelden"), *ROOT.glob("tests/**/*.voorbeelden")])
TEXTS = {"grammar.lark": RULE_FILES, "voorbeelden.lark": EXAMPLE_FILES}


@lru_cache(maxsize=None)
def lark_own(grammar: str) -> Lark:
    """Lark's parser built from the grammar, with Lark's own contextual lexer: the reference."""
    return Lark((lark_tables.HERE / grammar).read_text(encoding="utf-8"), **lark_tables.OPTIONS)


def outcome(parser: Lark, text: str):
    """Everything a parse gives that our parser reads: the tree with every token and position, or the error."""
    try:
        tree = parser.parse(text)
    except UnexpectedInput as exc:
        expected = exc.allowed if isinstance(exc, UnexpectedCharacters) else getattr(exc, "expected", None)
        token = getattr(exc, "token", None)
        return ("error", type(exc).__name__, exc.line, exc.column, frozenset(expected or ()),
                (token.type, str(token)) if isinstance(token, Token) else None)
    return ("tree", _flat(tree))


def _flat(node):
    if isinstance(node, Tree):
        meta = node.meta
        where = None if meta.empty else (meta.line, meta.column, meta.end_line, meta.end_column)
        return (str(node.data), where, tuple(_flat(c) for c in node.children))
    if isinstance(node, Token):
        return (node.type, str(node), node.line, node.column, node.end_line, node.end_column, node.start_pos)
    return node


def _memo_fields(obj):
    """All that Lark keeps of a rule or a terminal (Rule's == compares only origin and expansion)."""
    if isinstance(obj, Rule):
        o = obj.options
        return ("rule", obj.origin, [(x.name, x.is_term, getattr(x, "filter_out", None)) for x in obj.expansion],
                obj.order, obj.alias, hash(obj),
                (o.keep_all_tokens, o.expand1, o.priority, o.template_source, tuple(o.empty_indices)))
    return ("terminal", obj.name, type(obj.pattern).__name__, obj.pattern.value, list(obj.pattern.flags),
            obj.priority)


def _lark_whole(regexp: str, literal: str) -> bool:
    """Lark's own test (lexer._create_unless): the regexp's match of the keyword is the whole keyword."""
    m = re.match(regexp, literal)
    return bool(m) and m.group(0) == literal


def damaged(text: str):
    """The text and a few broken variants of it: cut short, a stray character, a word where a value goes."""
    yield text
    for cut in (len(text) // 3, len(text) // 2, (2 * len(text)) // 3):
        yield text[:cut]
    middle = len(text) // 2
    for stray in ("@", "=", "€ 1.2", " als als ", '"open'):
        yield text[:middle] + stray + text[middle:]


def test_the_stored_tables_are_those_of_the_grammars_as_they_are():
    assert lark_tables.stale() == [], "the grammar changed: run `python -m dsl.lark_tables` and commit the tables"


def test_a_changed_grammar_makes_its_tables_stale(tmp_path, monkeypatch):
    for name in lark_tables.GRAMMARS:
        (tmp_path / name).write_text((lark_tables.HERE / name).read_text(encoding="utf-8") + "\n// changed\n",
                                     encoding="utf-8")
        (tmp_path / lark_tables.GRAMMARS[name]).write_bytes(lark_tables.tables_path(name).read_bytes())
    monkeypatch.setattr(lark_tables, "HERE", tmp_path)
    assert lark_tables.stale() == list(lark_tables.GRAMMARS)
    assert lark_tables.read_tables("voorbeelden.lark") is None
    # stale tables are never used: the parser is built from the grammar itself, and still parses
    parser = lark_tables.load("voorbeelden.lark")
    assert outcome(parser, EXAMPLE_FILES[0].read_text(encoding="utf-8"))[0] == "tree"


@pytest.mark.parametrize("grammar", list(lark_tables.GRAMMARS))
def test_the_tables_file_holds_exactly_lark_s_serialization(grammar):
    data, memo = lark_tables.serialize(grammar)
    stored = json.loads(lark_tables.encode(grammar, data, memo))
    objects = SerializeMemoizer.deserialize(memo, {"Rule": Rule, "TerminalDef": TerminalDef}, {})
    ours = SerializeMemoizer.deserialize(lark_tables.restore_memo(stored["memo"]),
                                         {"Rule": Rule, "TerminalDef": TerminalDef}, {})
    assert {k: _memo_fields(v) for k, v in ours.items()} == {k: _memo_fields(v) for k, v in objects.items()}
    table = data["parser"]["parser"]
    rest = {**data, "parser": {**data["parser"], "parser": None}}
    assert {**stored["data"], "parser": {**stored["data"]["parser"], "parser": None}} == rest
    expected = IntParseTable.deserialize(table, objects)
    compact = stored["data"]["parser"]["parser"]
    states = lark_tables._States(compact, objects)
    assert dict(states.items()).keys() == expected.states.keys()
    assert {s: list(keys) for s, keys in states.items()} == {s: list(a) for s, a in expected.states.items()}
    assert {s: states[s] for s in states} == expected.states  # every state, built on first use, as Lark's
    assert (compact["start_states"], compact["end_states"]) == (expected.start_states, expected.end_states)
    # the keywords each name-like terminal matches whole, as Lark finds them by matching
    for regexp, whole in stored["whole_matches"].items():
        assert whole == [t.pattern.value for t in objects.values() if isinstance(t, TerminalDef)
                         and t.pattern.type == "str" and _lark_whole(regexp, t.pattern.value)], regexp
    assert any(stored["whole_matches"].values())  # NAME matches 'artikel', 'is', ...


@pytest.mark.parametrize("native_after", [lark_tables.NATIVE_AFTER, 0, 10**9],
                         ids=["as-shipped", "lark-scanner-at-once", "one-by-one-only"])
@pytest.mark.parametrize("grammar", list(lark_tables.GRAMMARS))
def test_the_parser_from_the_tables_reads_every_text_as_lark_does(grammar, native_after, monkeypatch):
    monkeypatch.setattr(lark_tables, "NATIVE_AFTER", native_after)
    ours = lark_tables.load(grammar)  # a fresh parser: its lexers are made under this NATIVE_AFTER
    assert TEXTS[grammar], "no texts to compare"
    trees = 0
    for path in TEXTS[grammar]:
        for text in damaged(path.read_text(encoding="utf-8")):
            mine = outcome(ours, text)
            assert mine == outcome(lark_own(grammar), text), path
            trees += mine[0] == "tree"
    assert trees >= len(TEXTS[grammar]) // 2  # most files parse: the comparison is not only of errors


def test_a_keyword_is_a_keyword_and_a_longer_name_is_a_name():
    """'als' is the keyword; 'alsof' and 'als_x' are names: the keyword table must not split or steal them."""
    ours, own = lark_tables.load("grammar.lark"), lark_own("grammar.lark")
    for path in RULE_FILES[:3]:
        text = path.read_text(encoding="utf-8")
        for a, b in (("als ", "alsof "), ("waar", "waarde_x"), ("is ", "is_ ")):
            variant = text.replace(a, b, 3)
            assert outcome(ours, variant) == outcome(own, variant)
