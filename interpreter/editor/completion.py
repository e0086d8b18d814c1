"""Completion for the language server: the keywords of the rules language and the declared names.

What is offered depends on where the cursor is, read from the text before it (the syntax
tree may be broken mid-edit): at the start of a line the words that open a statement
(artikel, lid, beslissing, uitzondering op, ...) and the decisions a rule can set; after
`feit x:` the types; after `uitzondering op` the words of a reference; in a condition
or value the declared names, waar/onwaar and the words of an expression, or, after an
operand, the words that go on (en, of, anders, ...). Inside law text, a string or a
comment nothing is offered. Phrases of several words (`niet uitvoerbaar`, `in alle
andere gevallen`) are offered whole; tests/test_lsp_completion.py holds every word to the parser's
keyword list, so that a renamed keyword cannot linger here.
"""

from __future__ import annotations

import re

from lsprotocol import types as L

# At the start of a line outside any provision (indentation 0).
TOP_LEVEL = ("regeling", "paragraaf", "artikel", "feit", "oordeel", "beslissing", "begrip", "tabel",
             "wettelijke waarde")
# The fields of the 'regeling' header.
HEADER = ("titel", "citeertitel", "vastgesteld door", "bron", "onderwerp", "grondslag", "geldig vanaf", "versie",
          "soort")
# At the start of an indented line: provisions, their parts, declarations and the words that
# open or continue a rule.
STATEMENTS = ("artikel", "lid", "onderdeel", "subonderdeel", "alinea", "volzin", "tekst", "lezing",
              "niet uitvoerbaar", "feit", "oordeel", "beslissing", "begrip", "tabel", "wettelijke waarde",
              "uitzondering op", "overweging", "erkend", "als", "anders", "en", "of")
TYPES = ("ja/nee", "geheel getal", "getal", "bedrag", "bedrag per maand", "datum", "tekst", "percentage", "duur",
         "keuze uit", "lijst van", "overwegingen")
REFERENCE = ("artikel", "lid", "onder", "onderdeel", "volzin", "paragraaf", "alinea")
# After the name of a fact or decision: its display name; after its type: a period or bounds.
NAMED = ("heet",)
TYPED = ("per maand", "per jaar", "per week", "per dag", "ten minste", "ten hoogste", "van")
# Where an operand is expected: values and the words that start an expression.
OPERAND = ("waar", "onwaar", "niet", "de waarde van", "er is een", "elk", "aantal", "leeftijd", "leeftijd_in_maanden",
           "min", "max", "jaar", "peildatum")
# After an operand: the words that go on with a condition or a rule.
FOLLOW = ("en", "of", "als", "anders", "in alle andere gevallen", "is een van", "is geen van", "afgerond op centen",
          "van", "binnen", "na", "voor")

_WORDS = {"top": TOP_LEVEL, "header": HEADER + TOP_LEVEL, "statement": STATEMENTS, "type": TYPES, "named": NAMED,
          "typed": TYPED, "reference": REFERENCE, "operand": OPERAND, "follow": FOLLOW}  # "none": nothing
_SYMBOL_KIND = {"feit": L.CompletionItemKind.Field, "oordeel": L.CompletionItemKind.Field,
                "beslissing": L.CompletionItemKind.Function, "begrip": L.CompletionItemKind.Variable,
                "tabel": L.CompletionItemKind.Constant, "wettelijke waarde": L.CompletionItemKind.Constant}
_WORD = re.compile(r"[\w/]*$")  # the word being typed, which the editor filters by itself
_DECLARING = re.compile(r"^\s*(feit|oordeel|beslissing|begrip|tabel|overweging|wettelijke\s+waarde)\s+\w*$")
_NAMED = re.compile(r"^\s*(feit|oordeel|beslissing)\s+\w+\s+$")
_AFTER_TYPE = re.compile(r"^\s*(feit|oordeel|beslissing|tabel)\s+\w+(\s+heet\s+\"[^\"]*\")?\s*:\s*\S.*\s$")
_TYPED = re.compile(r"^\s*(feit|oordeel|beslissing|tabel)\s+\w+(\s+heet\s+\"[^\"]*\")?\s*:\s*$")
_AFTER_OPERATOR = re.compile(r"(\b(als|en|of|niet|is|anders|van|met|aan|op|binnen|na|voor|in)"
                             r"|[=<>≤≥≠+\-*/(,])\s*$")
_OPENS_NAME = re.compile(r"^\s*(artikel|lid|onderdeel|subonderdeel|alinea|volzin|paragraaf|regeling)\b")


def _in_text_or_comment(source_before: str, line_before: str) -> bool:
    """Whether the cursor stands in law text (\"\"\"...\"\"\"), a string or a comment."""
    if source_before.count('"""') % 2 == 1:
        return True
    plain = line_before.replace('"""', "")
    if plain.count('"') % 2 == 1:
        return True
    code = re.sub(r'"[^"]*"', "", plain)
    return "#" in code


def _in_header(lines: list[str], line: int) -> bool:
    """Whether the line belongs to the 'regeling' header: the nearest unindented line above opens it."""
    for text in reversed(lines[:line]):
        if text.strip() and not text[0].isspace() and not text.lstrip().startswith("#"):
            return text.startswith("regeling")
    return False


def context(source: str, line: int, character: int) -> str:
    """Where the cursor is: none, top, header, statement, named, type, typed, reference, operand or follow."""
    lines = source.split("\n")
    if line >= len(lines):
        return "top"
    here = lines[line][:character]
    before = "\n".join(lines[:line] + [here])
    if _in_text_or_comment(before, here):
        return "none"
    rest = here[: len(here) - len(_WORD.search(here).group(0))]
    if not rest.strip():
        if not rest:
            return "top"
        return "header" if _in_header(lines, line) else "statement"
    if _DECLARING.match(here) or _OPENS_NAME.match(rest):
        return "none"  # a new name, or a number or letter of a provision: nothing to complete
    if _TYPED.match(rest):
        return "type"
    if _NAMED.match(rest):
        return "named"
    if _AFTER_TYPE.match(rest):
        return "typed"
    if re.match(r"^\s*uitzondering\s+op\b[^:]*$", rest) and re.search(r"\b(op|en)\s*$", rest):
        return "reference"
    if _AFTER_OPERATOR.search(rest):
        return "operand"
    return "follow"


def _keyword(word: str) -> L.CompletionItem:
    return L.CompletionItem(label=word, kind=L.CompletionItemKind.Keyword)


def _symbol(sym) -> L.CompletionItem:
    return L.CompletionItem(label=sym.name, kind=_SYMBOL_KIND.get(sym.kind), detail=sym.signature(),
                            documentation=L.MarkupContent(kind=L.MarkupKind.Markdown, value=sym.hover()))


def complete(source: str, position: L.Position, symbols: dict) -> L.CompletionList:
    """The completion items at a position of a rule file, given the names declared in its folder."""
    where = context(source, position.line, position.character)
    if where == "statement":
        names = [s for s in symbols.values() if s.kind == "beslissing"]  # a rule starts with its decision
    else:
        names = list(symbols.values()) if where == "operand" else []
    items = [_symbol(s) for s in names] + [_keyword(w) for w in _WORDS.get(where, ())]
    return L.CompletionList(is_incomplete=False, items=items)
