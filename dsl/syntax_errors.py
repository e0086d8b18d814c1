"""Syntax errors in plain language: what Lark expected, said in the drafter's words, with the
slip that most likely caused it (unclosed triple quotes, a dangling 'en', 'is ja', '€ 2.500.00').

Called by dsl.parser for every UnexpectedInput; point_for_cents also by dsl.examples.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from dsl import syntax as S
from dsl.diagnostics import Diagnostic, did_you_mean, error
from dsl.i18n import N_
from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from dsl.keywords import KEYWORDS


_TERMINAL_WORDS = {
    "NAME": N_("a name"), "IDENT": N_("an identifier"), "STRING": N_('a text in quotes ("...")'),
    "INT": N_("a number"), "NUMBER": N_("a number"), "ARTNUM": N_("an article number (such as 4 or 10a)"),
    "SECNUM": N_("a section number"), "ITEM": N_("an item letter (such as a)"), "DATE": N_("a date (YYYY-MM-DD)"),
    "MONEY": N_("an amount (such as € 2.500)"), "COLON": "':'", "COMMA": "','", "LPAR": "'('",
    "RPAR": "')'", "DOT": "'.'", "COMP_OP": N_("a comparison (=, <, >, <=, >=, !=)"), "JANEE": "'ja/nee'",
    "PERIOD": N_("a period (maand, jaar, week, dag)"), "MINUS": "'-'", "PLUS": "'+'", "MUL_OP": N_("'*' or '/'"),
    "$END": N_("the end of the file"), "_ALS": "'als'", "_ANDERS": "'anders'", "_OF": "'of'", "_EN": "'en'",
    "_NIET": "'niet'", "PERCENT": N_("a percentage (such as 5% or 5 procent)"),
    "DURATION": N_("a duration (such as 1 maand or 2 weken)"), "BWB": N_("a BWB identifier (such as BWBR0015703)"),
    "SUBITEM": N_("a numbered sub-item (such as 2°)"),
}


def _describe_expected(expected: set[str]) -> str:
    words = []
    for t in sorted(expected):
        if t in _TERMINAL_WORDS:
            w = tr(_TERMINAL_WORDS[t])
        elif t.isupper() and t.isalpha() or t.replace("_", "").isupper():
            w = f"'{t.lower().strip('_')}'"
        else:
            w = t
        if w not in words:
            words.append(w)
    if "JANEE" in expected:  # after 'feit NAME:' and the like
        return tr("a type (ja/nee, geheel getal, getal, bedrag, datum, tekst, keuze uit \"a\", \"b\", "
                  "lijst van (...))")
    if len(words) > 8:
        return tr("a statement such as 'tekst', a rule, 'lid' or 'artikel'")
    if len(words) == 1:
        return words[0]
    return tr("{some} or {last}").format(some=", ".join(words[:-1]), last=words[-1])


def _token_text(tok: Token) -> str:
    if tok.type == "$END":
        return tr("the end of the file")
    text = str(tok)
    if tok.type == "STRING":
        return tr("a text in quotes")
    return f"'{text}'"


def _open_block(source: str, line: int) -> str | None:
    """The provision that is open at a line: 'artikel 4, lid 2' style context."""
    art = lid = None
    inside = False
    for text in source.splitlines()[: max(0, line - 1)]:
        was_inside = inside
        if text.count('"""') % 2 == 1:
            inside = not inside
        if was_inside:  # a line of law text that happens to start with 'paragraaf'
            continue
        m = re.match(r'\s*(artikel|paragraaf)\s+("[^"]*"|\S+)', text)
        if m:
            art, lid = f"{m.group(1)} {m.group(2)}", None
            continue
        m = re.match(r"\s*(lid|alinea)\s+(\d+)", text)
        if m:
            lid = f"{m.group(1)} {m.group(2)}"
    if art is None:
        return None
    return f"{art}, {lid}" if lid else art


def _last_provision(source: str, line: int) -> str | None:
    """The keyword of the last provision heading before a line ('volzin', 'lid', ...), outside law text."""
    last, inside = None, False
    for text in source.splitlines()[: max(0, line - 1)]:
        was_inside = inside
        if text.count('"""') % 2 == 1:
            inside = not inside
        m = None if was_inside else re.match(r"\s*(paragraaf|artikel|lid|onderdeel|subonderdeel|alinea|volzin)\b", text)
        if m:
            last = m.group(1)
    return last


_UNIT_WORDS = ("procent", "maand", "maanden", "week", "weken", "jaar", "jaren", "dag", "dagen")

_STRUCTURE = ("paragraaf", "artikel", "lid", "onderdeel", "alinea", "volzin", "tekst", "lezing", "feit", "oordeel",
              "beslissing", "begrip", "tabel", "uitzondering", "overweging")


def syntax_diagnostic(exc: UnexpectedInput, path: str, source: str, text: str | None = None) -> Diagnostic:
    """A plain-language message for a Lark error; `text` is what was parsed (positions match it)."""
    text = source if text is None else text
    line, col = exc.line or 1, exc.column or 1
    span = S.Span(path, line, col, line, col + 1)
    where = _open_block(source, line)
    ctx = tr(" (in {where})").format(where=where) if where else ""
    slip = _slip(text, path, line, col, ctx)
    if slip is not None:
        return slip
    if isinstance(exc, UnexpectedCharacters):
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        if ch == '"':
            if text[max(0, exc.pos_in_stream - 2):exc.pos_in_stream] == '""':  # an unclosed """
                span = S.Span(path, line, max(1, col - 2), line, col + 1)
            return error(tr("unclosed text: this quote is never closed{ctx}").format(ctx=ctx), span,
                         tr('end the text with a matching " (or """ for text over several lines)'))
        if ch == "€":
            return error(tr("an amount must be written as € 2.500 or € 2.500,00{ctx}").format(ctx=ctx), span)
        return error(tr("unexpected character '{ch}'{ctx}").format(ch=ch, ctx=ctx), span)
    if isinstance(exc, UnexpectedEOF):
        return error(tr("the file ends in the middle of a statement{ctx}").format(ctx=ctx), span,
                     tr("expected {expected}").format(expected=_describe_expected(set(exc.expected))))
    assert isinstance(exc, UnexpectedToken)
    tok = exc.token
    if tok.type != "$END":
        span = S.Span(path, tok.line, tok.column, tok.end_line or tok.line, tok.end_column or tok.column + 1)
    expected = set(exc.expected)
    prev = exc.token_history[-1] if getattr(exc, "token_history", None) else None
    prev_t = prev.type if prev is not None else None
    runaway = _runaway_text(text, source, path, prev)
    if runaway is not None:
        return runaway
    if prev_t == "ARTIKEL" or expected == {"ARTNUM"}:
        return error(tr("'artikel' must be followed by its number, found {tok}").format(tok=_token_text(tok)), span,
                     tr('write for example: artikel 4 "Aanspraak op ondersteuning"'))
    if prev_t == "LID" or (expected == {"INT"} and prev_t in ("LID", None)):
        return error(tr("'lid' must be followed by its number, found {tok}{ctx}").format(
                         tok=_token_text(tok), ctx=ctx), span,
                     tr("write for example: lid 2"))
    if prev_t == "ONDERDEEL" or expected == {"ITEM"}:
        return error(tr("'onderdeel' must be followed by its letter, found {tok}{ctx}").format(
                         tok=_token_text(tok), ctx=ctx), span,
                     tr("write for example: onderdeel a"))
    truth = _truth_in_condition(tok, prev_t, text, path, span, ctx)
    if truth is not None:
        return truth
    if tok.type == "VOLZIN" or (tok.type == "ONDERDEEL" and _last_provision(text, line) == "volzin"):
        return error(tr("'volzin' cannot stand here: a volzin is a sentence of a lid, or of an artikel "
                        "without leden, and a lid or artikel has onderdelen or volzinnen, not both") + ctx, span,
                     tr("put the volzin in its lid, or write the sentence as an onderdeel"))
    if tok.type == "EQEQ":
        return error(tr("'==' is not a comparison in rule files{ctx}").format(ctx=ctx), span,
                     tr("write '=' to compare two values"))
    if prev_t == "ONDER" and tok.type in ("INT", "NUMBER", "NAME") and re.fullmatch(r"\d+", str(tok)):
        return error(tr("a numbered sub-item is written with the degree sign, as the law writes it, found "
                        "{tok}{ctx}").format(tok=_token_text(tok),
                                             ctx=ctx), span, tr("write for example: onder {tok}°").format(tok=tok))
    declared = set(re.findall(r"^\s*(?:feit|oordeel|beslissing|begrip|tabel)\s+(\w+)", text, re.M))
    line_text = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    clash = [w for w in re.findall(r"\w+", line_text) if w in KEYWORDS and w in declared]
    if clash:
        return error(tr("'{clash}' is a keyword of the rules language and cannot be used as a name{ctx}").format(
                         clash=clash[0], ctx=ctx),
                     span, tr("rename '{clash}' where it is declared and used").format(clash=clash[0]))
    if prev_t == "NAME" and "IS" in expected:
        pspan = S.Span(path, prev.line, prev.column, prev.end_line or prev.line,
                       prev.end_column or prev.column + len(str(prev)))
        before = line_text[: prev.column - 1] if prev.line == line else ""
        unit = did_you_mean(str(prev), _UNIT_WORDS) if re.search(r"\d\s*$", before) else None
        if unit:  # '5 procnt': a misspelt unit after a number
            return error(tr("'{prev}' after a number is not a unit{ctx}").format(prev=prev, ctx=ctx), pspan,
                         tr("{unit} (a percentage is written 5% or 5 procent, a duration 1 maand or 2 weken)").format(
                             unit=unit))
        if re.search(r"\bis\b", before):  # 'p is waar vlag': the condition lacks 'als'
            return error(tr("'{prev}' follows the value of a rule, but a condition must start with 'als'{ctx}").format(
                             prev=prev, ctx=ctx),
                         pspan, tr("write: NAME is VALUE als CONDITION"))
        if str(prev) in ("waar", "onwaar"):  # a value on a line of its own: its 'is' or 'anders' is missing
            return error(tr("'{prev}' stands alone: a value follows 'is' or 'anders'{ctx}").format(prev=prev, ctx=ctx),
                         pspan,
                         tr("write for example: aanspraak is waar als woont anders onwaar"))
        hint = did_you_mean(str(prev), KEYWORDS) if str(prev) not in declared and str(prev) not in KEYWORDS \
            else None  # never 'did you mean' the word itself
        if hint:
            return error(tr("unknown keyword '{prev}'{ctx}").format(prev=prev, ctx=ctx), pspan, hint)
        return error(tr("'is' is missing after '{prev}': a rule reads 'NAME is VALUE als CONDITION'{ctx}").format(
                         prev=prev, ctx=ctx),
                     span, tr("write for example: {prev} is waar als ...").format(prev=prev))
    # 'als' or 'anders' left without its condition or value, at the end of the file or of a provision
    if tok.type == "$END":
        end = len(text)
    elif prev_t == "NAME" and str(prev) in _STRUCTURE:
        end = prev.start_pos
    elif tok.type in ("_ALS", "_ANDERS") and prev_t in ("_ALS", "_ANDERS"):
        end = tok.start_pos
    else:
        end = None
    if end is not None:
        m = re.search(r"\b(als|anders)\s*$", text[:end])
        if m:
            at = m.start(1)
            ln = text.count("\n", 0, at) + 1
            cl = at - (text.rfind("\n", 0, at) + 1) + 1
            what = tr("a condition") if m.group(1) == "als" else tr("a value")
            return error(tr("'{group}' must be followed by {what}{ctx}").format(group=m.group(1), what=what, ctx=ctx),
                         S.Span(path, ln, cl, ln, cl + len(m.group(1))),
                         tr("write for example: p is waar als vlag anders onwaar"))
    if tok.type in ("NAME", "IDENT") and str(tok) not in KEYWORDS and len(expected) > 6:
        # the keywords that may stand here ('fiet' -> 'feit', not 'niet')
        here = ["ja/nee" if t == "JANEE" else t.lower() for t in expected if t == "JANEE" or t.isalpha()]
        hint = did_you_mean(str(tok), [w for w in here if w in KEYWORDS or w == "ja/nee"])
        if hint:
            return error(tr("unknown keyword '{tok}'{ctx}").format(tok=tok, ctx=ctx), span, hint)
    if tok.type == "$END":
        return error(tr("the file ends in the middle of a statement{ctx}").format(ctx=ctx), span,
                     tr("expected {expected}").format(expected=_describe_expected(expected)))
    hint = None
    if tok.type in ("NAME", "IDENT") and expected and all(t.isalpha() and t.isupper() for t in expected):
        # a few keywords may stand here ('afgerond op cent' -> 'centen'); never suggest the word itself
        hint = did_you_mean(str(tok), [t.lower() for t in expected if t.lower() != str(tok)])
    return error(tr("unexpected {tok}{ctx}; expected {expected}").format(
                     tok=_token_text(tok), ctx=ctx, expected=_describe_expected(expected)), span, hint)


# '€ 2.500.00': the cents after a point, as in English; a Dutch amount has them after a comma.
_POINT_CENTS = re.compile(r"€\s*\d{1,3}(?:\.\d{3})*\.\d{1,2}(?![\d,])")
# a condition that starts ('als ...', a continued 'en ...'/'of ...'), to tell 'en' in law text from a slip
_CONDITION = re.compile(r"^\s*(als|en|of|niet)\b|\bals\b")
_NOT_AN_OPERAND = {"anders", "als", "lid", "artikel", "onderdeel", "paragraaf", "alinea", "volzin", "uitzondering",
                   "beslissing", "feit", "oordeel", "begrip", "tabel", "tekst", "lezing", "overweging"}


def point_for_cents(code: str, path: str, line: int, ctx: str) -> Diagnostic | None:
    """'€ 2.500.00' on a line (of rules or of voorbeelden): the cents after a point, as in English."""
    m = _POINT_CENTS.search(code)
    if not m:
        return None
    amount = m.group(0)
    good = amount[:amount.rindex(".")] + "," + amount[amount.rindex(".") + 1:]
    return error(tr("'{amount}' is not an amount: the cents come after a comma").format(amount=amount) + ctx,
                 S.Span(path, line, m.start() + 1, line, m.end() + 1),
                 tr("write {good}; a point groups thousands (€ 2.500), a comma marks the cents").format(good=good))


def _runaway_text(text: str, source: str, path: str, prev) -> Diagnostic | None:
    """A text whose closing \"\"\" is missing runs on to the next \"\"\" (the next text's opening), and the
    words after that are read as rules: report the text's opening, not the words."""
    if prev is None or prev.start_pos < 3 or text[prev.start_pos - 3:prev.start_pos] != '"""':
        return None
    close = prev.start_pos - 3
    if text.count('"""', 0, close) % 2 == 0:  # this \"\"\" opens a text: the error is in it, or after it
        return None
    opened = text.rfind('"""', 0, close)
    if "\n" not in text[opened:close]:
        return None
    line = text.count("\n", 0, opened) + 1
    col = opened - (text.rfind("\n", 0, opened) + 1) + 1
    where = _open_block(source, line)
    return error(tr("unclosed text: this quote is never closed{ctx}").format(
                     ctx=tr(" (in {where})").format(where=where) if where else ""),
                 S.Span(path, line, col, line, col + 3),
                 tr('the text runs on to the """ on line {line}, and what follows that is read as rules: end this '
                    'text with """').format(line=text.count(chr(10), 0, close) + 1))


def _lines_back(lines: list[str], line: int) -> list[int]:
    """The line of an error and those a dangling 'en'/'of' before it may stand on: the line before,
    past blank lines, and past lines that start something else ('anders onwaar', 'lid 2')."""
    out, n = [line], line - 1
    while n >= 1 and len(out) < 4:
        code = lines[n - 1].split("#")[0].strip() if n <= len(lines) else ""
        if code:
            out.append(n)
            if code.split()[0] not in _NOT_AN_OPERAND or re.search(r"(?:^|\s)(en|of)$", code):
                break
        n -= 1
    return out


def _truth_in_condition(tok, prev_t, text: str, path: str, span, ctx: str) -> Diagnostic | None:
    """'als woont is ja': a yes/no fact is tested by its name ('is' in a condition takes 'een van')."""
    word = str(tok)
    if prev_t != "IS" or word not in ("ja", "nee", "waar", "onwaar"):
        return None
    lines = text.splitlines()
    here = lines[tok.line - 1] if 0 < tok.line <= len(lines) else ""
    m = re.search(r"(\w+)\s+is\s+" + word + r"\b", here)
    name = m.group(1) if m else "NAME"
    if word in ("ja", "nee"):
        message = tr("'{word}' is not a value: a truth value is written 'waar' or 'onwaar'").format(word=word)
    else:
        message = tr("'{name} is {word}' is not a condition: a condition tests a yes/no fact by its name").format(
            name=name, word=word)
    negated = word in ("nee", "onwaar")
    return error(message + ctx, span,
                 tr("write 'als {condition}'").format(condition=("niet " if negated else "") + name))


def _slip(text: str, path: str, line: int, col: int, ctx: str) -> Diagnostic | None:
    """Slips a drafter makes, named in the drafter's words, found on the line of the error or just before it."""
    lines = text.splitlines()
    here = lines[line - 1] if 1 <= line <= len(lines) else ""
    first = here.split()[0] if here.split() else ""
    # the error is where the line starts, or at a word that cannot go on a condition: nothing followed 'en'
    at_start = col <= len(here) - len(here.lstrip()) + 1 or first in _NOT_AN_OPERAND
    for ln in _lines_back(lines, line):
        if not 1 <= ln <= len(lines):
            continue
        code = lines[ln - 1].split("#")[0].rstrip()
        if '"' in code:
            continue
        cents = point_for_cents(code, path, ln, ctx) if ln == line else None
        if cents is not None:
            return cents
        m = re.search(r"(?:^|\s)(en|of)$", code)
        if m and (ln == line or at_start) and (_CONDITION.search(code[:m.start(1)]) or not code[:m.start(1)].strip()):
            word = m.group(1)
            return error(tr("'{word}' ends the condition, but nothing follows it").format(word=word) + ctx,
                         S.Span(path, ln, m.start(1) + 1, ln, m.end(1) + 1),
                         tr("write the second condition after '{word}', or remove '{word}'").format(word=word))
    return None
