"""Worked examples beside the rules (.voorbeelden files): text -> frozen nodes.

A drafter checks a rule the way a jurist checks a reading: with a worked
example. The format is plain Dutch keywords, so that it can be written and
reviewed without Python; this module only parses it. Running the examples
against a regulation is interpreter.drafting.runner.

One wrapper around Lark, as in dsl.parser: the grammar (voorbeelden.lark) is
loaded once, Lark's exceptions become positioned diagnostics in plain
language, and after a syntax error parsing resumes at the next 'voorbeeld'.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import attrs
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from dsl import lark_tables
from dsl.citation import Citation
from dsl.diagnostics import Diagnostic, did_you_mean, error
from dsl.i18n import N_
from dsl.i18n import _ as tr
from dsl.parser import decode_string, parse_money, parse_percent, point_for_cents
from dsl.quantities import Duration
from dsl.syntax import Span

GRAMMAR = Path(__file__).with_name("voorbeelden.lark")
SUFFIX = ".voorbeelden"

KEYWORDS = ("voorbeeld peildatum feiten verwacht is waar onwaar onbekend lijst lege volgens "
            "artikel lid onder volzin paragraaf alinea en ontbreekt").split()


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return lark_tables.load(GRAMMAR.name)  # tables generated from voorbeelden.lark; no pickle in a shared directory


# --------------------------------------------------------------------- nodes


@attrs.frozen
class Value:
    """A value as written: waar, onwaar, onbekend, € 2.500,00, 12, 2004-11-01, "wwb", or a list."""

    kind: str  # ja/nee | onbekend | bedrag | getal | datum | tekst | lijst
    value: object  # bool | None | Decimal | date | str | tuple[Record, ...]
    span: Span = attrs.field(eq=False)


@attrs.frozen
class FieldValue:
    """One field of a record in a list: geboortedatum 2005-03-01."""

    name: str
    value: Value
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Record:
    """One element of a list fact: (geboortedatum 2005-03-01)."""

    fields: tuple[FieldValue, ...]
    span: Span = attrs.field(eq=False)


@attrs.frozen
class FactLine:
    """A fact of the example's case: NAME is VALUE."""

    name: str
    value: Value
    span: Span = attrs.field(eq=False)
    name_span: Span = attrs.field(eq=False)


@attrs.frozen
class NameRef:
    """A fact named after 'ontbreekt'."""

    name: str
    span: Span = attrs.field(eq=False)


@attrs.frozen
class CitationRef:
    """A provision named after 'volgens'."""

    citation: Citation
    span: Span = attrs.field(eq=False)


@attrs.frozen
class Expectation:
    """What one decision must give: NAME is VALUE [volgens PROVISION] [, ontbreekt FACT...]."""

    decision: str
    value: Value
    citations: tuple[CitationRef, ...]
    missing: tuple[NameRef, ...]
    span: Span = attrs.field(eq=False)
    name_span: Span = attrs.field(eq=False)


@attrs.frozen
class Example:
    """One worked example: a title, a peildatum, the facts, and the expected decisions."""

    title: str
    date: dt.date
    facts: tuple[FactLine, ...]
    expectations: tuple[Expectation, ...]
    has_expected_block: bool
    span: Span = attrs.field(eq=False)
    date_span: Span = attrs.field(eq=False)
    expected_span: Span | None = attrs.field(eq=False, default=None)  # the 'verwacht' keyword


@attrs.frozen
class ExamplesFile:
    """A .voorbeelden file: its examples in order, and its text (for --update)."""

    path: str
    examples: tuple[Example, ...]
    source: str = attrs.field(eq=False, repr=False)


# --------------------------------------------------------------- transformer


def _span(path: str, m) -> Span:
    if getattr(m, "empty", False):
        return Span.unknown(path)
    return Span(path, m.line, m.column, m.end_line, m.end_column)


@v_args(meta=True)
class _ToNodes(Transformer):
    """Lark parse tree -> the nodes above."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def sp(self, meta) -> Span:
        return _span(self.path, meta)

    def start(self, meta, items):
        return tuple(items)

    def voorbeeld(self, meta, items):
        title, (date, date_span), facts, expected = items
        has_block = expected is not None
        expectations, kw_span = expected if has_block else ((), None)
        self._no_duplicates([f.name for f in facts], [f.name_span for f in facts], "fact")
        self._no_duplicates([e.decision for e in expectations], [e.name_span for e in expectations],
                            "expected decision")
        return Example(decode_string(title), date, tuple(facts), tuple(expectations), has_block,
                       self.sp(meta), date_span, kw_span)

    def _no_duplicates(self, names, spans, what):
        seen = set()
        for n, s in zip(names, spans):
            if n in seen:
                text = {"fact": N_("the fact '{name}' is given twice in this voorbeeld"),
                        "expected decision": N_("the expected decision '{name}' is given twice in this voorbeeld"),
                        "field": N_("the field '{name}' is given twice in this voorbeeld")}[what]
                self.diagnostics.append(error(tr(text).format(name=n), s))
            seen.add(n)

    def peildatum(self, meta, items):
        return self._date(items[0]), _span(self.path, items[0])

    def _date(self, tok: Token) -> dt.date:
        try:
            return dt.date.fromisoformat(str(tok))
        except ValueError:
            self.diagnostics.append(error(tr("'{tok}' is not a date that exists").format(tok=tok),
                                          _span(self.path, tok), tr("write dates as YYYY-MM-DD")))
            return dt.date(1, 1, 1)

    def feiten(self, meta, items):
        return tuple(items)

    def feit(self, meta, items):
        name, value = items
        return FactLine(str(name), value, self.sp(meta), _span(self.path, name))

    def verwacht(self, meta, items):
        # The span of the keyword alone: the block's end is that of its last expectation.
        kw = Span(self.path, meta.line, meta.column, meta.line, meta.column + len("verwacht"))
        return tuple(items), kw

    def verwachting(self, meta, items):
        name, value, cits, missing = items
        return Expectation(str(name), value, tuple(cits or ()), tuple(missing or ()), self.sp(meta),
                           _span(self.path, name))

    def volgens(self, meta, items):
        return tuple(items)

    def ontbreekt(self, meta, items):
        return tuple(NameRef(str(t), _span(self.path, t)) for t in items)

    def ref_artikel(self, meta, items):
        art, lid, item, sub = items
        return CitationRef(Citation(str(art), int(lid) if lid else None, str(item) if item else None,
                                    subitem=str(sub).rstrip("°") if sub else None), self.sp(meta))

    def ref_artikel_volzin(self, meta, items):
        art, lid, sentence = items
        return CitationRef(Citation(str(art), int(lid) if lid else None, sentence=int(sentence)), self.sp(meta))

    def ref_paragraaf(self, meta, items):
        sec, alinea = items
        name = decode_string(sec) if sec.type == "STRING" else str(sec)
        return CitationRef(Citation(None, section=name, alinea=int(alinea) if alinea else None), self.sp(meta))

    def list(self, meta, items):
        return Value("lijst", tuple(items), self.sp(meta))

    def empty_list(self, meta, items):
        return Value("lijst", (), self.sp(meta))

    def record(self, meta, items):
        self._no_duplicates([f.name for f in items], [f.span for f in items], "field")
        return Record(tuple(items), self.sp(meta))

    def veld(self, meta, items):
        name, value = items
        return FieldValue(str(name), value, self.sp(meta))

    def true(self, meta, items):
        return Value("ja/nee", True, self.sp(meta))

    def false(self, meta, items):
        return Value("ja/nee", False, self.sp(meta))

    def unknown(self, meta, items):
        return Value("onbekend", None, self.sp(meta))

    def money(self, meta, items):
        text = str(items[0]).replace("€", "").strip()
        amount = parse_money(text.lstrip("-"))
        return Value("bedrag", -amount if text.startswith("-") else amount, self.sp(meta))

    def number(self, meta, items):
        raw = str(items[0])
        value = Decimal(raw.replace(",", ".")) if "," in raw else int(raw)
        return Value("getal", value, self.sp(meta))

    def date(self, meta, items):
        return Value("datum", self._date(items[0]), self.sp(meta))

    def percent(self, meta, items):
        return Value("percentage", parse_percent(str(items[0])), self.sp(meta))

    def duration(self, meta, items):
        return Value("duur", Duration.parse(str(items[0])), self.sp(meta))

    def string(self, meta, items):
        return Value("tekst", decode_string(items[0]), self.sp(meta))


# ------------------------------------------------------------- syntax errors

_WORDS = {
    "NAME": N_("a name"), "STRING": N_('a text in quotes ("...")'), "DATE": N_("a date (YYYY-MM-DD)"),
    "MONEY": N_("an amount (such as € 2.500,00)"), "NUMBER": N_("a number"), "ARTNUM": N_("an article number"),
    "SECNUM": N_("a section"), "INT": N_("a number"), "ITEM": N_("an item letter (such as c)"), "COMMA": "','",
    "LPAR": "'('", "RPAR": "')'", "$END": N_("the end of the file"),
}


def _describe(expected) -> str:
    words = []
    for t in sorted(expected):
        w = tr(_WORDS[t]) if t in _WORDS else (f"'{t.lower().strip('_')}'" if t.replace("_", "").isupper() else t)
        if w not in words:
            words.append(w)
    if len(words) == 1:
        return words[0]
    return tr("{some} or {last}").format(some=", ".join(words[:-1]), last=words[-1])


_VALUE_TERMINALS = {"WAAR", "ONWAAR", "ONBEKEND", "MONEY", "DATE", "STRING"}
_BOOL_WORDS = {"ja": "waar", "nee": "onwaar", "true": "waar", "false": "onwaar", "juist": "waar",
               "onjuist": "onwaar"}


def _open_example(source: str, line: int) -> str | None:
    title = None
    for text in source.splitlines()[: max(0, line - 1)]:
        m = re.match(r'\s*voorbeeld\s+(".*?")', text)
        if m:
            title = m.group(1)
    return f"voorbeeld {title}" if title else None


def _syntax_diagnostic(exc: UnexpectedInput, path: str, source: str, text: str) -> Diagnostic:
    """A table of the typical mistakes, each with a plain-language message (text: what was parsed)."""
    line, col = exc.line or 1, exc.column or 1
    span = Span(path, line, col, line, col + 1)
    where = _open_example(source, line)
    ctx = tr(" (in {where})").format(where=where) if where else ""
    if isinstance(exc, UnexpectedCharacters):
        ch = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        if ch == "=":
            return error(tr("'=' is not used in voorbeelden{ctx}").format(ctx=ctx), span,
                         tr('write NAME is VALUE, e.g. uitkering is "wwb"'))
        if ch == '"':
            return error(tr("unclosed text: this quote is never closed on its line{ctx}").format(ctx=ctx), span)
        if ch == "€":
            return error(tr("an amount must be written as € 2.500 or € 2.500,00{ctx}").format(ctx=ctx), span)
        lines = text.splitlines()
        cents = point_for_cents(lines[line - 1].split("#")[0], path, line, ctx) if ch == "." and \
            0 < line <= len(lines) else None
        if cents is not None:  # '€ 2.500.00'
            return cents
        return error(tr("unexpected character '{ch}'{ctx}").format(ch=ch, ctx=ctx), span)
    if isinstance(exc, UnexpectedEOF):
        return error(tr("the voorbeeld ends in the middle of a statement{ctx}").format(ctx=ctx), span,
                     tr("expected {expected}").format(expected=_describe(set(exc.expected))))
    assert isinstance(exc, UnexpectedToken)
    tok = exc.token
    if tok.type != "$END":
        span = Span(path, tok.line, tok.column, tok.end_line or tok.line, tok.end_column or tok.column + 1)
    expected = set(exc.expected)
    prev = exc.token_history[-1] if getattr(exc, "token_history", None) else None
    prev_t = prev.type if prev is not None else None
    text = str(tok)  # from here on: the offending token
    if expected >= _VALUE_TERMINALS and tok.type == "NAME" and text.lower() in _BOOL_WORDS:
        return error(tr("'{text}' is not a value in voorbeelden{ctx}").format(text=text, ctx=ctx), span,
                     tr("write {value}").format(value=_BOOL_WORDS[text.lower()]))
    if expected >= _VALUE_TERMINALS and tok.type == "NAME":
        return error(tr("'{text}' is not a value{ctx}; write waar, onwaar, onbekend, an amount (€ 2.500,00), a "
                        'number, a date (YYYY-MM-DD) or a text in quotes ("wwb")').format(text=text, ctx=ctx), span)
    if prev_t == "PEILDATUM" or expected == {"DATE"}:
        return error(tr("'peildatum' must be followed by a date, found {tok}{ctx}").format(tok=_show(tok), ctx=ctx),
                     span,
                     tr("write for example: peildatum 2011-02-15"))
    if expected == {"PEILDATUM"}:
        return error(tr("every voorbeeld needs its peildatum right after the title, found {tok}{ctx}").format(
                         tok=_show(tok), ctx=ctx),
                     span, tr("a legal evaluation is never made 'as of today'; write: peildatum YYYY-MM-DD"))
    if expected == {"FEITEN"}:
        return error(tr("expected 'feiten' after the peildatum, found {tok}{ctx}").format(tok=_show(tok), ctx=ctx),
                     span)
    if prev_t == "VOORBEELD":
        return error(tr("'voorbeeld' must be followed by its title in quotes, found {tok}{ctx}").format(
                         tok=_show(tok), ctx=ctx), span,
                     tr('write for example: voorbeeld "Nugger met een te hoog gezinsinkomen"'))
    if prev_t == "NAME" and "IS" in expected:
        hint = did_you_mean(str(prev), ("verwacht", "feiten", "peildatum", "voorbeeld"))
        if hint:
            return error(tr("unknown keyword '{prev}'{ctx}").format(prev=prev, ctx=ctx),
                         Span(path, prev.line, prev.column, prev.end_line, prev.end_column), hint)
        return error(tr("expected 'is' after '{prev}'{ctx}, found {tok}").format(prev=prev, ctx=ctx, tok=_show(tok)),
                     span,
                     tr("write NAME is VALUE"))
    if prev_t == "ARTIKEL":
        return error(tr("'artikel' must be followed by its number{ctx}").format(ctx=ctx), span,
                     tr("write for example: artikel 4 lid 4"))
    if prev_t == "VOLGENS":
        return error(tr("'volgens' must be followed by a provision{ctx}").format(ctx=ctx), span,
                     tr("write for example: volgens artikel 4 lid 4 onder a"))
    if tok.type == "NAME" and text not in KEYWORDS:
        hint = did_you_mean(text, KEYWORDS)
        if hint and prev_t != "NAME":
            return error(tr("unknown keyword '{text}'{ctx}").format(text=text, ctx=ctx), span, hint)
    if tok.type == "$END":
        return error(tr("the voorbeeld ends in the middle of a statement{ctx}").format(ctx=ctx), span,
                     tr("expected {expected}").format(expected=_describe(expected)))
    return error(tr("unexpected {tok}{ctx}; expected {expected}").format(
                     tok=_show(tok), ctx=ctx, expected=_describe(expected)), span)


def _show(tok: Token) -> str:
    if tok.type == "$END":
        return tr("the end of the file")
    if tok.type == "STRING":
        return tr("a text in quotes")
    return f"'{tok}'"


def _anchors(source: str) -> list[int]:
    """Offsets of the lines that start a voorbeeld."""
    offsets, pos = [], 0
    for text in source.splitlines(keepends=True):
        if re.match(r"\s*voorbeeld\b(?!\s+is\b)", text):
            offsets.append(pos)
        pos += len(text)
    return offsets


def parse(source: str, path: str = "<string>") -> tuple[ExamplesFile, list[Diagnostic]]:
    """Parse one file. Always returns the examples it could read, and every problem found.

    Each voorbeeld is parsed on its own, so that a mistake in one is reported
    without losing the others.
    """
    diagnostics: list[Diagnostic] = []
    examples: list[Example] = []
    bounds = [0] + [a for a in _anchors(source) if a > 0] + [len(source)]
    for start, end in zip(bounds, bounds[1:]):
        # Blank what lies before `start` with newlines, so that positions stay right.
        text = "\n" * source.count("\n", 0, start) + source[start:end]
        try:
            tree = _lark().parse(text)
        except UnexpectedInput as exc:
            diagnostics.append(_syntax_diagnostic(exc, path, source, text))
            continue
        transformer = _ToNodes(path)
        try:
            examples.extend(transformer.transform(tree))
        except VisitError as exc:  # pragma: no cover - a transformer bug, not user input
            raise exc.orig_exc
        diagnostics.extend(transformer.diagnostics)
    return ExamplesFile(path, tuple(examples), source), diagnostics


def parse_file(path: str | Path) -> tuple[ExamplesFile, list[Diagnostic]]:
    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return ExamplesFile(str(p), (), ""), [error(tr("the file is not UTF-8 text ({reason})")
                                                    .format(reason=exc.reason), Span(str(p), 1, 1, 1, 1))]
    return parse(source, str(p))


# ------------------------------------------------------------------ writing


def render_citation(c: Citation) -> str:
    """A citation as the format writes it: artikel 4 lid 4 onder a."""
    return c.reference
