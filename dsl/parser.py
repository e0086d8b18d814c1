"""Text -> syntax tree.

One wrapper around Lark: the grammar is loaded once (LALR tables generated ahead, dsl.lark_tables), Lark's
exceptions become our own positioned diagnostics in plain language, and the
parse tree is turned into the frozen nodes of ``dsl.syntax``. After a syntax
error the parser resumes at the next article, so that one run reports the
errors of every article.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import lark
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from dsl import lark_tables, limits, sourcefile
from dsl import syntax as S
from dsl.diagnostics import Diagnostic, did_you_mean, error
from dsl.i18n import N_
from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from dsl.quantities import Duration

GRAMMAR = Path(__file__).with_name("grammar.lark")

KEYWORDS = (
    "regeling titel citeertitel vastgesteld door bron onderwerp grondslag geldig vanaf tot versie soort "
    "paragraaf artikel lid onderdeel alinea tekst lezing niet uitvoerbaar feit oordeel beslissing "
    "begrip tabel geboren keuze uit lijst van geheel getal bedrag per datum uitzondering op onder "
    "is als anders in alle andere gevallen overweging en of een geen er elk voldoet aan aantal met "
    "de waarde waar onwaar nog vastgesteld overwegingen "
    "subonderdeel volzin percentage duur procent afgerond centen hele euro naar boven beneden half binnen na voor "
    "ten minste hoogste wettelijke volgens heet erkend"
).split()


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return lark_tables.load(GRAMMAR.name)  # tables generated from grammar.lark; no pickle in a shared directory


# ----------------------------------------------------------------- helpers


def _span(path: str, meta_or_token) -> S.Span:
    m = meta_or_token
    if getattr(m, "empty", False):
        return S.Span.unknown(path)
    return S.Span(path, m.line, m.column, m.end_line, m.end_column)


def decode_string(raw: str) -> str:
    """The value of a string literal; triple-quoted text is dedented line by line."""
    if raw.startswith('"""'):
        body = raw[3:-3]
        first, _, rest = body.partition("\n")
        if not rest:
            return first.strip()
        return (first.strip() + "\n" + textwrap.dedent(rest)).strip()
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


def parse_money(raw: str) -> Decimal:
    """€ 2.500,- -> Decimal('2500.00'); the law writes thousands with dots."""
    text = raw.replace("€", "").strip()
    whole, _, cents = text.partition(",")
    whole = whole.replace(".", "")
    if cents in ("", "-"):
        return Decimal(whole)
    return Decimal(f"{whole}.{cents}")


def parse_percent(raw: str) -> Decimal:
    """5% / 5 procent / 5,5% -> the number of percent, Decimal('5.5')."""
    number = raw.replace("procent", "").replace("%", "").strip()
    return Decimal(number.replace(",", "."))


def _subitem(tok) -> str | None:
    """'2°' -> '2'."""
    return str(tok).rstrip("°") if tok is not None else None


def parse_number(raw: str):
    if "," in raw:
        return Decimal(raw.replace(",", "."))
    return int(raw)


# ------------------------------------------------------------ transformer


class _OpenRow:
    """'nog niet vastgesteld' in a table row, on its way into S.TableRow."""

    def __init__(self, note: str | None):
        self.note = note


@v_args(meta=True)
class _ToSyntax(Transformer):
    """Lark parse tree -> dsl.syntax nodes."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def sp(self, meta) -> S.Span:
        return _span(self.path, meta)

    # -- top level
    def start(self, meta, items):
        header = None
        decls, provisions = [], []
        for it in items:
            if isinstance(it, S.RegelingHeader):
                if header is not None:
                    self.diagnostics.append(error(tr("a file may hold only one 'regeling' header"), it.span))
                header = it
            elif isinstance(it, S.Provision):
                provisions.append(it)
            else:
                decls.append(it)
        return header, tuple(decls), tuple(provisions)

    def regeling(self, meta, items):
        ident, *fields = items
        return S.RegelingHeader(str(ident), tuple(fields), self.sp(meta))

    def _meta(key):  # noqa: N805 - small factory for the header fields
        def handler(self, meta, items):
            tok = items[0]
            value = decode_string(tok) if tok.type == "STRING" else str(tok)
            return S.MetaField(key, value, self.sp(meta))
        return handler

    titel = _meta("titel")
    citeertitel = _meta("citeertitel")
    vastgesteld = _meta("vastgesteld door")
    bron = _meta("bron")
    soort = _meta("soort")
    onderwerp = _meta("onderwerp")
    grondslag = _meta("grondslag")
    versie = _meta("versie")
    del _meta

    def geldig(self, meta, items):
        start, end = items
        return S.MetaField("geldig", (self._date(start), self._date(end) if end else None), self.sp(meta))

    def _date(self, tok: Token) -> dt.date:
        try:
            return dt.date.fromisoformat(str(tok))
        except ValueError:
            self.diagnostics.append(error(tr("'{tok}' is not a valid date").format(tok=tok), _span(self.path, tok),
                                          tr("write dates as YYYY-MM-DD")))
            return dt.date(1, 1, 1)

    # -- provisions
    def _provision(self, kind, meta, items):
        number, heading, *rest = items
        body = tuple(x for x in rest if not isinstance(x, S.Provision) and x is not None)
        children = tuple(x for x in rest if isinstance(x, S.Provision))
        return S.Provision(kind, str(number) if number is not None else None,
                           decode_string(heading) if heading is not None else None,
                           body, children, self.sp(meta))

    def paragraaf(self, meta, items):
        return self._provision("paragraaf", meta, items)

    def artikel(self, meta, items):
        return self._provision("artikel", meta, items)

    def lid(self, meta, items):
        return self._provision("lid", meta, items)

    def onderdeel(self, meta, items):
        return self._provision("onderdeel", meta, items)

    def alinea(self, meta, items):
        return self._provision("alinea", meta, items)

    def subonderdeel(self, meta, items):
        return self._provision("subonderdeel", meta, items)

    def volzin(self, meta, items):
        return self._provision("volzin", meta, items)

    def tekst(self, meta, items):
        return S.LawText(decode_string(items[0]), str(items[0]), self.sp(meta))

    def lezing(self, meta, items):
        text, source = items
        return S.Reading(decode_string(text), decode_string(source) if source else None, self.sp(meta))

    def niet_uitvoerbaar(self, meta, items):
        return S.NotExecutable(decode_string(items[0]), self.sp(meta))

    def erkend(self, meta, items):
        kind, name, reason = items
        return S.Acknowledgement(str(kind), str(name) if name else None, decode_string(reason), self.sp(meta))

    # -- declarations
    def feit(self, meta, items):
        name, display, typ, bounds, desc = items
        return S.FactDecl(str(name), typ, decode_string(desc) if desc else None, False, self.sp(meta), bounds,
                          display)

    def oordeel(self, meta, items):
        name, display, typ, bounds, desc = items
        return S.FactDecl(str(name), typ, decode_string(desc) if desc else None, True, self.sp(meta), bounds,
                          display)

    def weergave(self, meta, items):
        return decode_string(items[0])

    def bounds_between(self, meta, items):
        return S.Bounds(items[0], items[1], self.sp(meta))

    def bounds_at_least(self, meta, items):
        return S.Bounds(items[0], items[1], self.sp(meta))

    def bounds_at_most(self, meta, items):
        return S.Bounds(None, items[0], self.sp(meta))

    def wettelijke_waarde(self, meta, items):
        name, value, law, bwb, art, lid, item, desc = items
        return S.StatutoryValue(str(name), value, decode_string(law), str(bwb), str(art),
                                int(lid) if lid else None, str(item) if item else None,
                                decode_string(desc) if desc else None, self.sp(meta))

    def beslissing(self, meta, items):
        name, display, typ, desc = items
        return S.DecisionDecl(str(name), typ, decode_string(desc) if desc else None, self.sp(meta), display)

    def begrip(self, meta, items):
        name, expr, desc = items
        return S.DefinitionDecl(str(name), expr, decode_string(desc) if desc else None, self.sp(meta))

    def tabel(self, meta, items):
        name, typ, desc, *rows = items
        return S.TableDecl(str(name), typ, decode_string(desc) if desc else None, tuple(rows), self.sp(meta))

    def tabel_vanaf(self, meta, items):
        (key, by_birth), value = items
        if isinstance(value, _OpenRow):
            return S.TableRow(key, by_birth, None, self.sp(meta), note=value.note)
        return S.TableRow(key, by_birth, value, self.sp(meta))

    def tabel_open(self, meta, items):
        return _OpenRow(decode_string(items[0]) if items[0] is not None else None)

    def key_date(self, meta, items):
        return self._date(items[0]), False

    def key_birth(self, meta, items):
        return self._date(items[0]), True

    # -- types
    def type_bool(self, meta, items):
        return S.SimpleType("ja/nee", None, self.sp(meta))

    def type_int(self, meta, items):
        return S.SimpleType("geheel getal", None, self.sp(meta))

    def type_number(self, meta, items):
        return S.SimpleType("getal", None, self.sp(meta))

    def type_money(self, meta, items):
        period = items[0] if items else None
        return S.SimpleType("bedrag", str(period) if period else None, self.sp(meta))

    def type_date(self, meta, items):
        return S.SimpleType("datum", None, self.sp(meta))

    def type_text(self, meta, items):
        return S.SimpleType("tekst", None, self.sp(meta))

    def type_considerations(self, meta, items):
        return S.SimpleType("overwegingen", None, self.sp(meta))

    def type_percentage(self, meta, items):
        return S.SimpleType("percentage", None, self.sp(meta))

    def type_duration(self, meta, items):
        return S.SimpleType("duur", None, self.sp(meta))

    def keuze_type(self, meta, items):
        return S.ChoiceType(tuple(decode_string(t) for t in items), self.sp(meta))

    def lijst_type(self, meta, items):
        return S.ListType(tuple(items), self.sp(meta))

    def veld(self, meta, items):
        name, typ = items
        return S.Field(str(name), typ, self.sp(meta))

    # -- rules
    def rule(self, meta, items):
        head, target, value, cond, otherwise = items
        return S.Rule(str(target), value, cond, otherwise, tuple(head or ()), self.sp(meta),
                      _span(self.path, target))

    def exception_head(self, meta, items):
        return tuple(items)

    def default_rule(self, meta, items):
        target, value = items
        return S.DefaultRule(str(target), value, self.sp(meta), _span(self.path, target))

    def overweging(self, meta, items):
        target, text, cond = items
        return S.Consideration(str(target), decode_string(text), cond, self.sp(meta), _span(self.path, target))

    def ref_artikel(self, meta, items):
        art, lid, item, sub = items
        return S.Ref(str(art), int(lid) if lid else None, str(item) if item else None, span=self.sp(meta),
                     subitem=_subitem(sub))

    def ref_artikel_volzin(self, meta, items):
        art, lid, sentence = items
        return S.Ref(str(art), int(lid) if lid else None, None, span=self.sp(meta), sentence=int(sentence))

    def ref_lid(self, meta, items):
        lid, item, sub = items
        return S.Ref(None, int(lid), str(item) if item else None, span=self.sp(meta), subitem=_subitem(sub))

    def ref_lid_volzin(self, meta, items):
        lid, sentence = items
        return S.Ref(None, int(lid), None, span=self.sp(meta), sentence=int(sentence))

    def ref_volzin(self, meta, items):
        return S.Ref(None, None, None, span=self.sp(meta), sentence=int(items[0]))

    def ref_onderdeel(self, meta, items):
        item, sub = items
        return S.Ref(None, None, str(item), span=self.sp(meta), subitem=_subitem(sub))

    def ref_onderdeel_word(self, meta, items):
        return S.Ref(None, None, str(items[0]), span=self.sp(meta))

    def ref_subitem(self, meta, items):
        return S.Ref(None, None, None, span=self.sp(meta), subitem=_subitem(items[0]))

    def ref_paragraaf(self, meta, items):
        sec, alinea = items
        name = decode_string(sec) if sec.type == "STRING" else str(sec)
        return S.Ref(None, None, None, section=name, alinea=int(alinea) if alinea else None, span=self.sp(meta))

    def ref_alinea(self, meta, items):
        return S.Ref(None, None, None, alinea=int(items[0]), span=self.sp(meta))

    # -- expressions
    def or_expr(self, meta, items):
        return S.BoolOp("of", tuple(items), self.sp(meta))

    def and_expr(self, meta, items):
        return S.BoolOp("en", tuple(items), self.sp(meta))

    def not_(self, meta, items):
        return S.Unary("niet", items[0], self.sp(meta))

    def neg(self, meta, items):
        return S.Unary("-", items[1], self.sp(meta))

    def compare(self, meta, items):
        left, op, right = items
        op = {"≠": "!=", "≤": "<=", "≥": ">="}.get(str(op), str(op))
        return S.Binary(op, left, right, self.sp(meta))

    def eqeq_error(self, meta, items):
        left, op, right = items
        self.diagnostics.append(error(tr("'==' is not a comparison in rule files"), _span(self.path, op),
                                      tr("write '=' to compare two values")))
        return S.Binary("=", left, right, self.sp(meta))

    def within_after(self, meta, items):
        return S.DateRelation(items[0], items[1], "na", items[2], self.sp(meta))

    def within_before(self, meta, items):
        return S.DateRelation(items[0], items[1], "voor", items[2], self.sp(meta))

    def after(self, meta, items):
        return S.DateRelation(items[0], None, "na", items[1], self.sp(meta))

    def before(self, meta, items):
        return S.DateRelation(items[0], None, "voor", items[1], self.sp(meta))

    def round(self, meta, items):
        operand, unit, direction = items
        return S.Rounding(operand, unit, direction, self.sp(meta))

    def unit_cents(self, meta, items):
        return "centen"

    def unit_euros(self, meta, items):
        return "hele euro"

    def round_up(self, meta, items):
        return "naar boven"

    def round_down(self, meta, items):
        return "naar beneden"

    def round_half_up(self, meta, items):
        return "half naar boven"

    def percent_of(self, meta, items):
        return S.PercentOf(items[0], items[1], self.sp(meta))

    def member(self, meta, items):
        return S.Membership(items[0], tuple(items[1:]), False, self.sp(meta))

    def not_member(self, meta, items):
        return S.Membership(items[0], tuple(items[1:]), True, self.sp(meta))

    def _arith(self, meta, items):
        left = items[0]
        for i in range(1, len(items), 2):
            op, right = items[i], items[i + 1]
            left = S.Binary(str(op), left, right, S.Span(self.path, left.span.line, left.span.column,
                                                          right.span.end_line, right.span.end_column))
        return left

    sum = _arith
    product = _arith

    def field(self, meta, items):
        subject, name = items
        return S.FieldAccess(subject, str(name), self.sp(meta))

    def name(self, meta, items):
        return S.Name(str(items[0]), self.sp(meta))

    def call(self, meta, items):
        fn, *args = items
        args = tuple(a for a in args if a is not None)
        return S.Call(str(fn), args, self.sp(meta))

    def exists(self, meta, items):
        var, coll, body = items
        return S.Quantifier("er is een", str(var), coll, body, self.sp(meta))

    def forall(self, meta, items):
        var, coll, body = items
        return S.Quantifier("elk", str(var), coll, body, self.sp(meta))

    def count(self, meta, items):
        var, coll, body = items
        return S.Quantifier("aantal", str(var), coll, body, self.sp(meta))

    def table_lookup(self, meta, items):
        name, at = items
        return S.TableLookup(str(name), at, self.sp(meta))

    def true(self, meta, items):
        return S.Literal(True, "ja/nee", "waar", self.sp(meta))

    def false(self, meta, items):
        return S.Literal(False, "ja/nee", "onwaar", self.sp(meta))

    def money(self, meta, items):
        return S.Literal(parse_money(items[0]), "bedrag", str(items[0]), self.sp(meta))

    def number(self, meta, items):
        v = parse_number(items[0])
        return S.Literal(v, "geheel getal" if isinstance(v, int) else "getal", str(items[0]), self.sp(meta))

    def date(self, meta, items):
        return S.Literal(self._date(items[0]), "datum", str(items[0]), self.sp(meta))

    def percent(self, meta, items):
        return S.Literal(parse_percent(items[0]), "percentage", " ".join(str(items[0]).split()), self.sp(meta))

    def duration(self, meta, items):
        return S.Literal(Duration.parse(str(items[0])), "duur", " ".join(str(items[0]).split()), self.sp(meta))

    def string(self, meta, items):
        return S.Literal(decode_string(items[0]), "tekst", str(items[0]), self.sp(meta))


# ---------------------------------------------------------- syntax errors

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


def _syntax_diagnostic(exc: UnexpectedInput, path: str, source: str, text: str | None = None) -> Diagnostic:
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


def _anchors(source: str) -> list[int]:
    """Offsets of lines that start an article or section, outside triple-quoted text."""
    offsets, inside, pos = [], False, 0
    for text in source.splitlines(keepends=True):
        m = re.match(r"\s*(artikel|paragraaf)\b", text)
        if not inside and m:
            offsets.append(pos + m.start(1))
        if text.count('"""') % 2 == 1:
            inside = not inside
        pos += len(text)
    return offsets


def _blank(source: str, upto: int) -> str:
    """source with everything before offset replaced by newlines, so positions stay right."""
    return "\n" * source.count("\n", 0, upto) + source[upto:]


def parse(source: str, path: str = "<string>") -> tuple[S.RulesFile, list[Diagnostic]]:
    """Parse one file. Always returns a syntax tree (partial after errors) and diagnostics."""
    comments = _comments(source)
    diagnostics: list[Diagnostic] = []
    header, decls, provisions = None, [], []
    anchors = _anchors(source)
    start = 0
    while True:
        text = _blank(source, start) if start else source
        try:
            tree = _lark().parse(text)
        except UnexpectedInput as exc:
            diagnostics.append(_syntax_diagnostic(exc, path, source, text))
            # Offsets in the blanked text are shifted: map back to the source.
            shift = start - source.count("\n", 0, start) if start else 0
            err_pos = _pos_of(exc, text) + shift
            # Resume at the next article after the error; what lies before it is lost.
            nxt = [a for a in anchors if a >= err_pos and a > start]
            if not nxt:
                break
            start = nxt[0]
            continue
        transformer = _ToSyntax(path)
        try:
            try:
                h, d, p = transformer.transform(tree)
            except VisitError as exc:  # a transformer bug, not user input, unless it is too deep
                raise exc.orig_exc
        except RecursionError:  # `niet niet ... x` thousands deep: an error on the file (dsl/limits.py)
            diagnostics.append(limits.too_deep_diagnostic(tree, path))
            break
        diagnostics.extend(transformer.diagnostics)
        header = header or h
        decls.extend(d)
        provisions.extend(p)
        break
    rf = S.RulesFile(path, header, tuple(decls), tuple(provisions), tuple(comments), source)
    diagnostics.extend(limits.nesting_diagnostics(rf))
    return rf, diagnostics


def _pos_of(exc: UnexpectedInput, text: str) -> int:
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None and isinstance(exc, UnexpectedToken):
        pos = exc.token.start_pos
    if pos is None:
        return len(text)
    return pos


def _comments(source: str) -> list[S.Comment]:
    """Every # comment, found by a scan that knows where strings begin and end."""
    out: list[S.Comment] = []
    i, n, line, line_start = 0, len(source), 1, 0
    while i < n:
        ch = source[i]
        if ch == "\n":
            line += 1
            line_start = i + 1
            i += 1
        elif source.startswith('"""', i):
            end = source.find('"""', i + 3)
            end = n if end < 0 else end + 3
            line += source.count("\n", i, end)
            if source.rfind("\n", i, end) >= 0:
                line_start = source.rfind("\n", i, end) + 1
            i = end
        elif ch == '"':
            i += 1
            while i < n and source[i] not in '"\n':
                i += 2 if source[i] == "\\" else 1
            i += 1 if i < n and source[i] == '"' else 0
        elif ch == "#":
            end = source.find("\n", i)
            end = n if end < 0 else end
            out.append(S.Comment(source[i:end], line, i - line_start + 1))
            i = end
        else:
            i += 1
    return out


def parse_file(path: str | Path) -> tuple[S.RulesFile, list[Diagnostic]]:
    p = Path(path)
    source, problem = sourcefile.read(p)  # size limit, byte order mark, unreadable files, bad bytes
    if problem is not None:
        return S.RulesFile(str(p), None, (), (), (), ""), [problem]
    return parse(source, str(p))


_ = lark
