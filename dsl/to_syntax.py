"""Lark parse tree -> the frozen nodes of dsl.syntax (the second half of dsl.parser)."""

from __future__ import annotations

import datetime as dt

from lark import Token, Tree

from dsl import syntax as S
from dsl.diagnostics import Diagnostic, error
from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from dsl.literals import subitem, decode_string, parse_money, parse_number, parse_percent
from dsl.quantities import Duration


def _span(path: str, meta_or_token) -> S.Span:
    m = meta_or_token
    if getattr(m, "empty", False):
        return S.Span.unknown(path)
    return S.Span(path, m.line, m.column, m.end_line, m.end_column)


class _OpenRow:
    """'nog niet vastgesteld' in a table row, on its way into S.TableRow."""

    def __init__(self, note: str | None):
        self.note = note


class ToSyntax:
    """Lark parse tree -> dsl.syntax nodes: bottom up, each rule of the grammar by the method
    of its name, called with the rule's positions (meta) and its transformed children.

    What Lark's Transformer with v_args(meta=True) does, without the wrapper it makes for
    every call (about 900 for one regulation, a tenth of the transform)."""

    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def transform(self, tree: Tree):
        children = [self.transform(c) if type(c) is Tree else c for c in tree.children]
        handler = _HANDLERS.get(tree.data)
        if handler is None:  # a rule without a method of its own stays a Lark Tree
            return Tree(tree.data, children, tree.meta)
        return handler(self, tree.meta, children)

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
                     subitem=subitem(sub))

    def ref_artikel_volzin(self, meta, items):
        art, lid, sentence = items
        return S.Ref(str(art), int(lid) if lid else None, None, span=self.sp(meta), sentence=int(sentence))

    def ref_lid(self, meta, items):
        lid, item, sub = items
        return S.Ref(None, int(lid), str(item) if item else None, span=self.sp(meta), subitem=subitem(sub))

    def ref_lid_volzin(self, meta, items):
        lid, sentence = items
        return S.Ref(None, int(lid), None, span=self.sp(meta), sentence=int(sentence))

    def ref_volzin(self, meta, items):
        return S.Ref(None, None, None, span=self.sp(meta), sentence=int(items[0]))

    def ref_onderdeel(self, meta, items):
        item, sub = items
        return S.Ref(None, None, str(item), span=self.sp(meta), subitem=subitem(sub))

    def ref_onderdeel_word(self, meta, items):
        return S.Ref(None, None, str(items[0]), span=self.sp(meta))

    def ref_subitem(self, meta, items):
        return S.Ref(None, None, None, span=self.sp(meta), subitem=subitem(items[0]))

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


# grammar rule -> its method (the public methods of ToSyntax, but for the walk itself)
_HANDLERS = {name: f for name, f in vars(ToSyntax).items()
             if callable(f) and not name.startswith("_") and name not in ("transform", "sp")}
# the provisions (paragraaf, artikel, lid, ...) are all made by ToSyntax._provision
_HANDLERS.update({kind: (lambda self, meta, items, kind=kind: self._provision(kind, meta, items))
                  for kind in ("paragraaf", "artikel", "lid", "onderdeel", "alinea", "subonderdeel", "volzin")})
