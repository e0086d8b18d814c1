"""Syntax highlighting of .rules files: a Pygments lexer and the TextMate grammar for editors.

Both are built from one table of word classes (below), taken from the parser's
own keyword list, so that pygmentize, the documentation and VS Code colour a
rule file the same way and a new keyword cannot be forgotten in one of them.
The lexer is registered under the name 'rules' (entry point
pygments.lexers), so ``pygmentize -l rules FILE`` works once grondslag is
installed. ``python -m dsl.highlight`` prints the TextMate grammar.
"""

from __future__ import annotations

import json

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (Comment, Keyword, Literal, Name, Number, Operator, Punctuation, String, Text,
                            Whitespace)

from dsl.parser import KEYWORDS

# -------------------------------------------------------------- word classes

# Words that open a provision; the number or letter after them is a label.
PROVISIONS = ("paragraaf", "artikel", "lid", "onderdeel", "subonderdeel", "alinea", "volzin")
# Words that declare a name.
DECLARATIONS = ("feit", "oordeel", "beslissing", "begrip", "tabel", "overweging")
# Types of facts and decisions ("tekst" is a statement keyword as well, and is left there).
TYPES = ("geheel", "getal", "bedrag", "datum", "keuze", "lijst", "overwegingen", "percentage", "duur")
CONSTANTS = ("waar", "onwaar")
# Words of conditions: logic, comparison and quantifiers.
OPERATOR_WORDS = ("en", "of", "niet", "is", "een", "geen", "van", "er", "elk", "voldoet", "aan", "aantal", "met",
                  "in", "binnen", "na", "voor")
# Everything else the parser knows is a plain keyword (tekst, lezing, als, anders, uitzondering, ...).
OTHER_KEYWORDS = tuple(k for k in KEYWORDS if k not in ("regeling",) + PROVISIONS + DECLARATIONS + TYPES + CONSTANTS
                       + OPERATOR_WORDS)
BUILTINS = ("leeftijd", "leeftijd_in_maanden", "min", "max", "jaar", "datum", "peildatum")

# Literals, as the grammar (dsl/grammar.lark) writes them.
MONEY = r"€\s*(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,(?:\d{1,2}|-))?"
DATE = r"\d{4}-\d{2}-\d{2}"
NUMBER = r"\d+(?:,\d+)?(?![\w])"
LABEL = r"\d+°|\d+[a-z]*|[a-z]{1,3}(?![\w])"
# 5%, 5 procent; 1 maand, 3 maanden, 2 weken, 1 jaar; a statute's identifier: BWBR0015703
PERCENT = r"\d+(?:,\d+)?\s*%|\d+(?:,\d+)?[ \t]+procent(?![\w])"
DURATION = r"\d+[ \t]+(?:maanden|maand|weken|week|jaren|jaar|dagen|dag)(?![\w])"
BWB = r"BWBR\d{7}"
NAME = r"[^\W\d]\w*"
IDENT = r"[^\W\d][\w\-]*"  # the identifier of a regeling: schinnen-reintegratieverordening-wwb
OPERATORS = r"<=|>=|!=|==|[≠≤≥<>=+\-*/]"

_START = r"(?<![\w/])"
_END = r"(?![\w/])"


class RulesLexer(RegexLexer):
    """Pygments lexer for grondslag .rules files (rules as code for Dutch regulations)."""

    name = "Rules (grondslag)"
    aliases = ["rules", "grondslag"]
    filenames = ["*.rules"]
    mimetypes = ["text/x-grondslag-rules"]
    url = "https://example.org/grondslag"

    tokens = {
        "root": [
            (r"[ \t\r\n]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"""', String.Doc, "law_text"),
            (r'"', String.Double, "string"),
            (MONEY, Number.Money),
            (DATE, Literal.Date),
            (PERCENT, Number),
            (DURATION, Number),
            (BWB, Name.Constant),
            (r"\d+,\d+(?![\w])", Number.Float),
            (r"\d+(?![\w])", Number.Integer),
            (_START + r"ja/nee" + _END, Keyword.Type),
            (r"(regeling)(\s+)(" + IDENT + r")", bygroups(Keyword.Namespace, Whitespace, Name.Namespace)),
            (r"(" + "|".join(PROVISIONS + ("onder",)) + r")(\s+)(" + LABEL + r")" + _END,
             bygroups(Keyword.Namespace, Whitespace, Name.Label)),
            (words(PROVISIONS + ("regeling",), prefix=_START, suffix=_END), Keyword.Namespace),
            (r"(" + "|".join(DECLARATIONS) + r")(\s+)(" + NAME + r")",
             bygroups(Keyword.Declaration, Whitespace, Name.Variable)),
            (words(DECLARATIONS, prefix=_START, suffix=_END), Keyword.Declaration),
            (words(TYPES, prefix=_START, suffix=_END), Keyword.Type),
            (r"(per)(\s+)(maand|jaar|week|dag)" + _END, bygroups(Keyword, Whitespace, Keyword.Type)),
            (r"(niet)(\s+)(uitvoerbaar|vastgesteld)" + _END, bygroups(Keyword, Whitespace, Keyword)),
            (words(CONSTANTS, prefix=_START, suffix=_END), Keyword.Constant),
            (words(OPERATOR_WORDS, prefix=_START, suffix=_END), Operator.Word),
            (words(OTHER_KEYWORDS, prefix=_START, suffix=_END), Keyword),
            (words(BUILTINS, prefix=_START, suffix=_END), Name.Builtin),
            (NAME, Name),
            (OPERATORS, Operator),
            (r"[(),:.]", Punctuation),
        ],
        "law_text": [
            (r'"""', String.Doc, "#pop"),
            (r'[^"]+', String.Doc),
            (r'"', String.Doc),
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r"\\.", String.Escape),
            (r'[^"\\\n]+', String.Double),
            (r"\n", Text, "#pop"),  # an unclosed text ends at the end of its line
        ],
    }


# --------------------------------------------------------------- TextMate

SCOPE = "source.rules"


def _word_pattern(ws) -> str:
    return r"(?<![\w/])(?:" + "|".join(sorted(ws, key=len, reverse=True)) + r")(?![\w/])"


def textmate_grammar() -> dict:
    """The TextMate grammar (VS Code, Sublime Text, ...) with the scopes of the Pygments lexer."""
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "Rules (grondslag)",
        "scopeName": SCOPE,
        "fileTypes": ["rules"],
        "patterns": [{"include": f"#{k}"} for k in (
            "comment", "law-text", "string", "money", "date", "percent", "duration", "bwb", "number", "type", "period", "regeling", "provision",
            "declaration", "not-executable", "constant", "operator-word", "keyword", "builtin", "name", "operator", "punctuation")],
        "repository": {
            "comment": {"name": "comment.line.number-sign.rules", "match": "#.*$"},
            "law-text": {"name": "string.quoted.triple.rules", "begin": '"""', "end": '"""'},
            "string": {
                "name": "string.quoted.double.rules", "begin": '"', "end": '"|$',
                "patterns": [{"name": "constant.character.escape.rules", "match": r"\\."}],
            },
            "money": {"name": "constant.numeric.money.rules", "match": MONEY},
            "date": {"name": "constant.numeric.date.rules", "match": r"\b" + DATE + r"\b"},
            "percent": {"name": "constant.numeric.percentage.rules", "match": r"\b(?:" + PERCENT + ")"},
            "duration": {"name": "constant.numeric.duration.rules", "match": r"\b(?:" + DURATION + ")"},
            "bwb": {"name": "constant.other.bwb.rules", "match": r"\b" + BWB + r"\b"},
            "number": {"name": "constant.numeric.rules", "match": r"\b" + NUMBER},
            "type": {"name": "support.type.rules", "match": _word_pattern(TYPES + ("ja/nee",))},
            "period": {
                "match": r"(?<![\w/])(per)\s+(maand|jaar|week|dag)(?![\w/])",
                "captures": {"1": {"name": "keyword.other.rules"}, "2": {"name": "support.type.rules"}},
            },
            "regeling": {
                "match": r"(?<![\w/])(regeling)(?:\s+(" + IDENT + r"))?(?![\w/])",
                "captures": {"1": {"name": "keyword.other.provision.rules"},
                             "2": {"name": "entity.name.namespace.rules"}},
            },
            "provision": {
                "match": r"(?<![\w/])(" + "|".join(PROVISIONS + ("onder",)) + r")(?:\s+(" + LABEL + r"))?(?![\w/])",
                "captures": {"1": {"name": "keyword.other.provision.rules"},
                             "2": {"name": "entity.name.section.rules"}},
            },
            "declaration": {
                "match": r"(?<![\w/])(" + "|".join(DECLARATIONS) + r")(?:\s+(" + NAME + r"))?",
                "captures": {"1": {"name": "storage.type.declaration.rules"},
                             "2": {"name": "variable.other.declaration.rules"}},
            },
            "not-executable": {"name": "keyword.other.rules",
                               "match": r"(?<![\w/])niet\s+(?:uitvoerbaar|vastgesteld)(?![\w/])"},
            "constant": {"name": "constant.language.rules", "match": _word_pattern(CONSTANTS)},
            "operator-word": {"name": "keyword.operator.word.rules", "match": _word_pattern(OPERATOR_WORDS)},
            "keyword": {"name": "keyword.other.rules", "match": _word_pattern(OTHER_KEYWORDS)},
            "builtin": {"name": "support.function.builtin.rules", "match": _word_pattern(BUILTINS)},
            "name": {"name": "variable.other.rules", "match": NAME},
            "operator": {"name": "keyword.operator.rules", "match": OPERATORS},
            "punctuation": {"name": "punctuation.separator.rules", "match": r"[(),:.]"},
        },
    }


def main() -> None:  # pragma: no cover - python -m dsl.highlight > editors/vscode/syntaxes/rules.tmLanguage.json
    print(json.dumps(textmate_grammar(), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
