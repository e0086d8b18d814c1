"""Property tests of the formatter: generated expressions and generated files in any layout.

- every generated expression prints to text that parses back to the same tree;
- every generated file, however it is laid out and commented, formats to a text
  that formats to itself, parses to the same tree and keeps every comment.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pygments.token import Comment

from dsl import syntax as S
from dsl.formatter import flat, format_source
from dsl.highlight import RulesLexer
from dsl.parser import parse

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["a", "b", "kind", "inkomen", "kinderen", "x1", "peil"]
LITERALS = ["waar", "onwaar", "12", "1,5", "€ 2.500,-", "€10", "2004-11-01", '"wwb"', '"a b"']
SPAN = S.Span("t.rules", 1, 1, 1, 1)


def _expr_of(text: str) -> S.Expr:
    rf, diagnostics = parse(f"begrip q is {text}\n", "t.rules")
    assert not [d for d in diagnostics if d.is_error], (text, diagnostics)
    return rf.declarations[0].expr


_LEAVES = [_expr_of(t) for t in LITERALS] + [S.Name(n, SPAN) for n in NAMES]
names = st.sampled_from(NAMES)


def _extend(children):
    return st.one_of(
        st.builds(lambda o: S.Unary("niet", o, SPAN), children),
        st.builds(lambda o: S.Unary("-", o, SPAN), children),
        st.builds(lambda op, a, b: S.Binary(op, a, b, SPAN), st.sampled_from(["+", "-", "*", "/"]), children, children),
        st.builds(lambda op, a, b: S.Binary(op, a, b, SPAN),
                  st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), children, children),
        st.builds(lambda op, xs: S.BoolOp(op, tuple(xs), SPAN), st.sampled_from(["en", "of"]),
                  st.lists(children, min_size=2, max_size=4)),
        st.builds(lambda s, xs, neg: S.Membership(s, tuple(xs), neg, SPAN), children,
                  st.lists(children, min_size=1, max_size=3), st.booleans()),
        st.builds(lambda f, xs: S.Call(f, tuple(xs), SPAN), st.sampled_from(["leeftijd", "max"]),
                  st.lists(children, max_size=2)),
        st.builds(lambda k, v, c, b: S.Quantifier(k, v, c, b, SPAN), st.sampled_from(["er is een", "elk", "aantal"]),
                  names, children, children),
        st.builds(lambda s, f: S.FieldAccess(s, f, SPAN), children, names),
        st.builds(lambda t, at: S.TableLookup(t, at, SPAN), names, st.none() | children),
    )


expressions = st.recursive(st.sampled_from(_LEAVES), _extend, max_leaves=10)


@SETTINGS
@given(expressions)
def test_printed_expressions_parse_back_to_the_same_tree(e):
    assert _expr_of(flat(e)) == e


# ------------------------------------------------------------------ files

# Between two tokens the generator puts any whitespace the grammar allows,
# including line breaks, blank lines and comments.
separators = st.sampled_from([" ", "  ", "\n", "\n  ", "\n      ", "\n\n   ", "  # opmerking\n    ",
                              "\n# eigen regel\n", "\t"])


@st.composite
def layout(draw, tokens: list[str]) -> str:
    out = tokens[0]
    for tok in tokens[1:]:
        out += draw(separators) + tok
    return out


TEXTS = ['"De wet."', '"artikel # 4"', '"""Een tekst\n             over twee regels."""', '"kort"']
simple_exprs = st.recursive(st.sampled_from(["a", "b", "waar", "12", '"wwb"', "inkomen > € 100"]),
                            lambda c: st.one_of(st.tuples(c, st.sampled_from(["en", "of"]), c).map(" ".join),
                                                c.map(lambda x: f"niet ({x})"), c.map(lambda x: f"({x})")),
                            max_leaves=5)


@st.composite
def statement(draw) -> list[str]:
    kind = draw(st.sampled_from(["tekst", "lezing", "niet", "feit", "beslissing", "regel", "anders", "uitzondering",
                                 "begrip", "tabel", "overweging"]))
    text = draw(st.sampled_from(TEXTS))
    name = draw(st.sampled_from(NAMES))
    if kind == "tekst":
        return ["tekst", text]
    if kind == "lezing":
        return ["lezing", text] + (["bron", '"Toelichting"'] if draw(st.booleans()) else [])
    if kind == "niet":
        return ["niet", "uitvoerbaar", text]
    if kind in ("feit", "beslissing"):
        return [kind, name, ":", draw(st.sampled_from(["ja/nee", "bedrag per maand", 'keuze uit "a", "b"']))] + \
            ([text] if draw(st.booleans()) else [])
    if kind == "begrip":
        return ["begrip", name, "is", draw(simple_exprs)]
    if kind == "tabel":
        row = st.sampled_from([["vanaf", "2020-01-01", "€ 10"], ["vanaf", "geboren", "vanaf", "1950-01-01", "12"],
                               ["vanaf", "2021-01-01", "nog", "niet", "vastgesteld", text]])
        rows = draw(st.lists(row, min_size=1, max_size=3))
        return ["tabel", name, ":", "bedrag"] + ([text] if draw(st.booleans()) else []) + [t for r in rows for t in r]
    if kind == "overweging":
        return ["overweging", name, ":", text] + (["als", draw(simple_exprs)] if draw(st.booleans()) else [])
    if kind == "anders":
        return [name, "is", "onwaar", "in", "alle", "andere", "gevallen"]
    rule = [name, "is", draw(simple_exprs)]
    if draw(st.booleans()):
        rule += ["als", draw(simple_exprs)]
        if draw(st.booleans()):
            rule += ["anders", draw(simple_exprs)]
    if kind == "uitzondering":
        ref = draw(st.sampled_from([["lid", "1"], ["artikel", "2", "lid", "1", "onder", "a"], ["onderdeel", "b"],
                                    ["paragraaf", '"Kop"', "alinea", "2"], ["alinea", "1"]]))
        rule = ["uitzondering", "op"] + ref + [":"] + rule
    return rule


@st.composite
def rules_file(draw) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(draw(layout(["regeling", "proef", "titel", '"Proef"', "geldig", "vanaf", "2020-01-01"])))
    for n in range(1, draw(st.integers(1, 2)) + 1):
        tokens = ["artikel", str(n)] + (['"Kop"'] if draw(st.booleans()) else [])
        for stmt in draw(st.lists(statement(), max_size=3)):
            tokens += stmt
        for lid in range(1, draw(st.integers(0, 2)) + 1):
            tokens += ["lid", str(lid)]
            for stmt in draw(st.lists(statement(), max_size=2)):
                tokens += stmt
            if draw(st.booleans()):
                tokens += ["onderdeel", "a"] + draw(statement())
        parts.append(draw(layout(tokens)))
    if draw(st.booleans()):
        tokens = ["paragraaf"] + draw(st.sampled_from([["3"], ['"Titel"'], ["3", '"Titel"']]))
        for stmt in draw(st.lists(statement(), max_size=2)):
            tokens += stmt
        for alinea in range(1, draw(st.integers(0, 2)) + 1):
            tokens += ["alinea", str(alinea)] + draw(statement())
        parts.append(draw(layout(tokens)))
    head = draw(st.sampled_from(["", "# kop\n", "\n"]))
    return head + "\n".join(parts) + draw(st.sampled_from(["", "\n", "\n# slot"]))


def _comments(text: str) -> list[str]:
    """The comments as the highlighter sees them: an independent reading of the text."""
    return sorted(v.rstrip() for t, v in RulesLexer().get_tokens(text) if t in Comment)


def _tree(text: str):
    rf, diagnostics = parse(text, "t.rules")
    assert not [d for d in diagnostics if d.is_error], diagnostics
    return rf.header, rf.declarations, rf.provisions


@SETTINGS
@given(rules_file())
def test_generated_files_format_idempotently_without_changing_meaning(source):
    once = format_source(source, "t.rules")
    assert format_source(once, "t.rules") == once
    assert _tree(once) == _tree(source)
    assert _comments(once) == _comments(source)
