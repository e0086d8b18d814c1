"""Syntax tree -> the one canonical layout of a .rules file, for 'grondslag fmt'.

The layout is derived from the syntax tree, never from the old whitespace, so
that two drafters who write the same rules get the same text and diffs show
only real changes. Three things are taken from the source as they stand:

- every string literal exactly as written (law text, readings, descriptions,
  headings), including the line breaks and indentation inside triple quotes;
- every comment, at the line it belongs to;
- the drafter's paragraphing: one blank line is kept where the source had one
  or more between two statements, and a condition written over several lines
  stays one operand per line (a condition that does not fit in WIDTH columns
  is laid out that way too).

Formatting never changes meaning: the result is parsed again and must give an
equal syntax tree (and the same comments), or the file is left alone.
"""

from __future__ import annotations

import bisect
import re

import attrs

from dsl import syntax as S
from dsl.diagnostics import Diagnostic, error
from dsl.i18n import _ as tr
from dsl.parser import decode_string, parse
# The one expression printer; _Unsupported is shared so that the formatter catches its errors.
from dsl.unparse import _PREC, _Unsupported, _sub, flat

WIDTH = 120  # a condition longer than this is laid out one operand per line
STEP = 2  # spaces per level of nesting

_LEVEL = {"paragraaf": 0, "artikel": 0, "lid": 1, "alinea": 1, "onderdeel": 2, "subonderdeel": 3}


def bounds_text(b: S.Bounds | None) -> str:
    """' van 5% tot en met 100%', ' ten minste € 0', ' ten hoogste 100%': bounds after a fact's type."""
    if b is None:
        return ""
    if b.minimum is not None and b.maximum is not None:
        return f" van {b.minimum.raw} tot en met {b.maximum.raw}"
    if b.minimum is not None:
        return f" ten minste {b.minimum.raw}"
    return f" ten hoogste {b.maximum.raw}"


class FormatError(Exception):
    """A file that cannot be formatted; its diagnostics say why (FILE:LINE:COL)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("; ".join(d.message for d in diagnostics))


def format_source(source: str, path: str = "<string>") -> str:
    """The canonical text of one file. Raises FormatError on syntax errors."""
    source = source.replace("\r\n", "\n")
    tree, diagnostics = parse(source, path)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        raise FormatError(errors)
    text = _Layout(tree, source).render()
    _check_same_meaning(tree, text, path)
    return text


def _check_same_meaning(tree: S.RulesFile, text: str, path: str) -> None:
    """The formatted text must parse to the same tree with the same comments."""
    again, diagnostics = parse(text, path)
    same = (not any(d.is_error for d in diagnostics)
            and (again.header, again.declarations, again.provisions) == (tree.header, tree.declarations,
                                                                         tree.provisions)
            and _comment_texts(text) == _comment_texts(tree.source.replace("\r\n", "\n")))
    if not same:
        raise FormatError([error(tr("the formatter could not lay out this file without changing it; it is left as "
                                    "it is (please report this)"), S.Span(path, 1, 1, 1, 1))])


def _comment_texts(text: str) -> list[str]:
    return sorted(c.text.rstrip() for c in _Source(text).comments)


# ------------------------------------------------------------------ source


_STRING = re.compile(r'"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"')


@attrs.frozen
class _Literal:
    """A string literal in the source: where it starts and its text as written."""

    offset: int
    line: int
    raw: str


class _Source:
    """Positions in the source text: string literals, blank lines, offsets of lines."""

    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.literals = self._scan()
        self.offsets = [lit.offset for lit in self.literals]
        inside = set()
        for lit in self.literals:
            inside.update(range(lit.line + 1, lit.line + lit.raw.count("\n") + 1))
        lines = text.split("\n")
        self.blank = {n for n, t in enumerate(lines, start=1) if not t.strip() and n not in inside}

    def _scan(self) -> list[_Literal]:
        """String literals and comments, in order, as the grammar's lexer sees them.

        A '#' inside a text in quotes starts no comment, and a comment after
        such a text on the same line is still a comment.
        """
        out, i, text = [], 0, self.text
        self.comments: list[S.Comment] = []
        while i < len(text):
            ch = text[i]
            if ch == "#":
                j = text.find("\n", i)
                j = len(text) if j < 0 else j
                line = self.line_of(i)
                self.comments.append(S.Comment(text[i:j], line, i - self.line_starts[line - 1] + 1))
                i = j
            elif ch == '"':
                m = _STRING.match(text, i)
                if m is None:
                    i += 1
                    continue
                out.append(_Literal(i, self.line_of(i), m.group(0)))
                i = m.end()
            else:
                i += 1
        return out

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def strings_in(self, span: S.Span, after: S.Span | None = None, before: S.Span | None = None) -> list[_Literal]:
        """The string literals inside span (and after/before the given inner spans)."""
        lo = self.offset(span.line, span.column)
        hi = self.offset(span.end_line, span.end_column)
        if after is not None:
            lo = max(lo, self.offset(after.end_line, after.end_column))
        if before is not None:
            hi = min(hi, self.offset(before.line, before.column))
        return self.literals[bisect.bisect_left(self.offsets, lo):bisect.bisect_left(self.offsets, hi)]

    def has_blank_between(self, a: int, b: int) -> bool:
        return any(n in self.blank for n in range(a + 1, b))


def _raw(literal: _Literal | None, value: str | None) -> str:
    """The literal as written, after checking that it is the one that gave value."""
    if literal is None or decode_string(literal.raw) != value:
        raise _Unsupported(tr("a text in quotes could not be found back in the source"))
    return literal.raw




# --------------------------------------------------------------- expressions

def _written_broken(e: S.Expr) -> bool:
    """A chain of en/of that the drafter wrote over several lines, at any depth."""
    if not isinstance(e, S.BoolOp):
        return False
    ops = e.operands
    return (any(b.span.line > a.span.end_line for a, b in zip(ops, ops[1:]))
            or any(_written_broken(o) for o in ops))


@attrs.frozen
class _Line:
    """One line of a laid-out expression: its column, text and the source line it comes from."""

    column: int
    text: str
    anchor: int


def _lay(e: S.Expr, column: int) -> list[_Line]:
    """e starting at column: on one line if it fits and was so written, else one operand per line.

    The first line continues whatever precedes the expression; each further
    line starts with its en/of under the first operand.
    """
    text = flat(e)
    if not isinstance(e, S.BoolOp) or (column + len(text) <= WIDTH and not _written_broken(e)):
        return [_Line(column, text, e.span.line)]
    lines: list[_Line] = []
    for i, o in enumerate(e.operands):
        prefix = "" if i == 0 else f"{e.op} "
        sub = _lay_operand(o, column + len(prefix), _PREC[e.op] + 1)
        lines.append(_Line(column, prefix + sub[0].text, o.span.line))
        lines.extend(sub[1:])
    return lines


def _lay_operand(o: S.Expr, column: int, min_prec: int) -> list[_Line]:
    text = _sub(o, min_prec)
    if not isinstance(o, S.BoolOp) or (column + len(text) <= WIDTH and not _written_broken(o)):
        return [_Line(column, text, o.span.line)]
    inner = _lay(o, column + 1)
    if len(inner) == 1:  # too long but nothing to break: leave it on its line
        return [_Line(column, text, o.span.line)]
    first, *rest = inner
    lines = [_Line(column, "(" + first.text, first.anchor)] + rest
    last = lines[-1]
    lines[-1] = _Line(last.column, last.text + ")", last.anchor)
    return lines


# ------------------------------------------------------------------ layout


@attrs.define
class _Chunk:
    """A piece of output: one line, or several when it holds a triple-quoted text.

    blank: True/False forces a blank line before it (or before its leading
    comments), None keeps one if the source had one.
    """

    indent: int
    text: str
    line: int  # the source line it comes from, for placing comments
    end: int  # the last source line it covers
    blank: bool | None
    continuation: bool  # a further line of a statement: never a blank line before it
    level: int  # indentation of the statement it belongs to
    leading: list = attrs.field(factory=list)
    trailing: list = attrs.field(factory=list)


class _Layout:
    """Walks the syntax tree and collects chunks, then puts the comments back."""

    def __init__(self, tree: S.RulesFile, source: str):
        self.tree = tree
        self.src = _Source(source)
        self.chunks: list[_Chunk] = []

    # -- output
    def emit(self, indent: int, text: str, line: int, *, blank: bool | None = None, continuation: bool = False,
             level: int | None = None) -> None:
        if self.chunks:  # anchors never go back, so that comments can be placed by bisection
            line = max(line, self.chunks[-1].line)
        end = line + text.count("\n")
        self.chunks.append(_Chunk(indent, text, line, end, False if continuation else blank, continuation,
                                  indent if level is None else level))

    def emit_lines(self, lines: list[_Line], prefix: str, indent: int, level: int, *, first_anchor: int,
                   continuation: bool, blank: bool | None = None) -> None:
        """A laid-out expression after prefix; the further lines are continuations."""
        for i, ln in enumerate(lines):
            if i == 0:
                self.emit(indent, prefix + ln.text, first_anchor, continuation=continuation, blank=blank,
                          level=level)
            else:
                self.emit(ln.column, ln.text, ln.anchor, continuation=True, level=level)

    def close_statement(self, span: S.Span) -> None:
        self.chunks[-1].end = max(self.chunks[-1].end, span.end_line)

    # -- walk
    def render(self) -> str:
        try:
            self.file()
        except _Unsupported as exc:
            raise FormatError([error(tr("cannot format this file: {exc}").format(exc=exc),
                                     S.Span(self.tree.path, 1, 1, 1, 1))])
        return _Comments(self.chunks, self.src.comments, self.src).render()

    def file(self) -> None:
        top = ([self.tree.header] if self.tree.header else []) + list(self.tree.declarations)
        for item in sorted(top, key=lambda n: (n.span.line, n.span.column)):
            if isinstance(item, S.RegelingHeader):
                self.header(item)
            else:
                self.statement(item, 0, first=False)
        for prov in self.tree.provisions:
            self.provision(prov, after_heading=False)

    def header(self, h: S.RegelingHeader) -> None:
        self.emit(0, f"regeling {h.ident}", h.span.line)
        for f in h.fields:
            self.emit(STEP, self.meta_field(f), f.span.line, continuation=True, level=0)
        self.close_statement(h.span)

    def meta_field(self, f: S.MetaField) -> str:
        if f.key == "geldig":
            start, end = f.value
            return f"geldig vanaf {start.isoformat()}" + (f" tot {end.isoformat()}" if end else "")
        if f.key not in ("titel", "citeertitel", "vastgesteld door", "bron", "onderwerp", "grondslag", "versie",
                         "soort"):
            raise _Unsupported(tr("unknown field '{key}' in the regeling header").format(key=f.key))
        strings = self.src.strings_in(f.span)
        if f.key == "bron" and not strings:
            return f"bron {f.value}"
        return f"{f.key} {_raw(strings[0] if strings else None, f.value)}"

    def provision(self, p: S.Provision, after_heading: bool, parent_level: int = -1) -> None:
        # a volzin sits one level below what holds it: a lid, or an artikel without leden
        level = parent_level + 1 if p.kind == "volzin" else _LEVEL.get(p.kind)
        if level is None:
            raise _Unsupported(tr("unknown provision '{kind}'").format(kind=p.kind))
        indent = level * STEP
        words = [p.kind] + ([p.number] if p.number is not None else [])
        if p.heading is not None:
            words.append(_raw(next(iter(self.src.strings_in(p.span)), None), p.heading))
        self.emit(indent, " ".join(words), p.span.line, blank=not after_heading)
        for i, stmt in enumerate(p.body):
            self.statement(stmt, indent + STEP, first=i == 0)
        for i, child in enumerate(p.children):
            self.provision(child, after_heading=i == 0 and not p.body and child.kind != "artikel", parent_level=level)

    def display(self, s) -> str:
        """' heet "Anw-er"' as written, for a fact or decision with a display name (the first string in it)."""
        if s.display is None:
            return ""
        strings = self.src.strings_in(s.span, before=s.type.span)
        return f" heet {_raw(strings[0] if strings else None, s.display)}"

    def description(self, text: str | None, indent: int, strings: list[_Literal]) -> None:
        if text is None:
            return
        lit = strings[-1] if strings else None
        raw = _raw(lit, text)
        self.emit(indent + STEP, raw, lit.line, continuation=True, level=indent)

    def statement(self, s, indent: int, first: bool) -> None:
        blank = False if first else None
        line = s.span.line
        if isinstance(s, S.LawText):
            self.emit(indent, f"tekst {s.raw}", line, blank=blank)
        elif isinstance(s, S.Reading):
            strings = self.src.strings_in(s.span)
            self.emit(indent, f"lezing {_raw(strings[0] if strings else None, s.text)}", line, blank=blank)
            if s.source is not None:
                lit = strings[-1] if len(strings) > 1 else None
                self.emit(indent + STEP, f"bron {_raw(lit, s.source)}", lit.line, continuation=True, level=indent)
        elif isinstance(s, S.NotExecutable):
            strings = self.src.strings_in(s.span)
            self.emit(indent, f"niet uitvoerbaar {_raw(strings[0] if strings else None, s.reason)}", line,
                      blank=blank)
        elif isinstance(s, S.Acknowledgement):
            strings = self.src.strings_in(s.span)
            name = f" {s.name}" if s.name else ""
            self.emit(indent, f"erkend {s.kind}{name}: {_raw(strings[0] if strings else None, s.reason)}", line,
                      blank=blank)
        elif isinstance(s, S.FactDecl):
            word = "oordeel" if s.judgement else "feit"
            self.emit(indent, f"{word} {s.name}{self.display(s)}: {self.type(s.type)}{bounds_text(s.bounds)}", line,
                      blank=blank)
            self.description(s.description, indent,
                             self.src.strings_in(s.span, after=s.bounds.span if s.bounds else s.type.span))
        elif isinstance(s, S.StatutoryValue):
            self.emit(indent, f"wettelijke waarde {s.name} is {s.value.raw}", line, blank=blank)
            strings = self.src.strings_in(s.span, after=s.value.span)
            src = f"volgens {_raw(strings[0] if strings else None, s.law)} {s.bwb} artikel {s.article}" \
                + (f" lid {s.paragraph}" if s.paragraph is not None else "") \
                + (f" onder {s.item}" if s.item is not None else "")
            self.emit(indent + STEP, src, strings[0].line if strings else line, continuation=True, level=indent)
            self.description(s.description, indent, strings[1:])
        elif isinstance(s, S.DecisionDecl):
            self.emit(indent, f"beslissing {s.name}{self.display(s)}: {self.type(s.type)}", line, blank=blank)
            self.description(s.description, indent, self.src.strings_in(s.span, after=s.type.span))
        elif isinstance(s, S.DefinitionDecl):
            prefix = f"begrip {s.name} is "
            self.emit_lines(_lay(s.expr, indent + len(prefix)), prefix, indent, indent, first_anchor=line,
                            continuation=False, blank=blank)
            self.description(s.description, indent, self.src.strings_in(s.span, after=s.expr.span))
        elif isinstance(s, S.TableDecl):
            self.table(s, indent, blank)
        elif isinstance(s, S.Rule):
            self.rule(s, indent, blank)
        elif isinstance(s, S.DefaultRule):
            self.emit(indent, f"{s.target} is {flat(s.value)} in alle andere gevallen", line, blank=blank)
        elif isinstance(s, S.Consideration):
            strings = self.src.strings_in(s.span, before=s.condition.span if s.condition else None)
            lit = strings[0] if strings else None
            raw = _raw(lit, s.text)
            head = f"overweging {s.target}:"
            if "\n" not in raw and indent + len(head) + 1 + len(raw) <= WIDTH:
                self.emit(indent, f"{head} {raw}", line, blank=blank)
            else:  # a long consideration goes on a line of its own
                self.emit(indent, head, line, blank=blank)
                self.emit(indent + STEP, raw, lit.line, continuation=True, level=indent)
            if s.condition is not None:
                self.emit_lines(_lay(s.condition, indent + STEP + 4), "als ", indent + STEP, indent,
                                first_anchor=s.condition.span.line, continuation=True)
        else:
            raise _Unsupported(tr("unknown statement {kind}").format(kind=type(s).__name__))
        self.close_statement(s.span)

    def rule(self, r: S.Rule, indent: int, blank: bool | None) -> None:
        level = indent
        if r.exceptions:
            refs = " en ".join(self.ref(x) for x in r.exceptions)
            self.emit(indent, f"uitzondering op {refs}:", r.span.line, blank=blank)
            indent += STEP
        prefix = f"{r.target} is "
        self.emit_lines(_lay(r.value, indent + len(prefix)), prefix, indent, level,
                        first_anchor=r.target_span.line if r.exceptions else r.span.line,
                        continuation=bool(r.exceptions), blank=blank)
        for word, expr in (("als", r.condition), ("anders", r.otherwise)):
            if expr is not None:
                col = indent + STEP + len(word) + 1
                self.emit_lines(_lay(expr, col), f"{word} ", indent + STEP, level, first_anchor=expr.span.line,
                                continuation=True)

    def table(self, t: S.TableDecl, indent: int, blank: bool | None) -> None:
        self.emit(indent, f"tabel {t.name}: {self.type(t.type)}", t.span.line, blank=blank)
        first_row = t.rows[0].span if t.rows else None
        self.description(t.description, indent, self.src.strings_in(t.span, after=t.type.span, before=first_row))
        for row in t.rows:
            key = ("geboren vanaf " if row.by_birth else "") + row.key.isoformat()
            value = flat(row.value) if row.value is not None else "nog niet vastgesteld"
            self.emit(indent + STEP, f"vanaf {key} {value}", row.span.line, continuation=True, level=indent)
            note = getattr(row, "note", None)
            if row.value is None and note is not None:
                strings = self.src.strings_in(row.span)
                lit = strings[-1] if strings else None
                raw = _raw(lit, note)
                self.emit(indent + 2 * STEP, raw, lit.line, continuation=True, level=indent)

    def type(self, t) -> str:
        if isinstance(t, S.SimpleType):
            return t.name + (f" per {t.period}" if t.period else "")
        if isinstance(t, S.ChoiceType):
            strings = self.src.strings_in(t.span)
            if len(strings) != len(t.options):
                raise _Unsupported(tr("the choices of a 'keuze uit' could not be found back in the source"))
            return "keuze uit " + ", ".join(_raw(lit, o) for lit, o in zip(strings, t.options))
        if isinstance(t, S.ListType):
            return "lijst van (" + ", ".join(f"{f.name}: {self.type(f.type)}" for f in t.fields) + ")"
        raise _Unsupported(tr("unknown type {kind}").format(kind=type(t).__name__))

    def ref(self, r: S.Ref) -> str:
        if r.section is not None:
            strings = self.src.strings_in(r.span)
            sec = _raw(strings[0], r.section) if strings else r.section
            return f"paragraaf {sec}" + (f" alinea {r.alinea}" if r.alinea is not None else "")
        if r.article is None and r.paragraph is None and r.item is None and r.alinea is not None:
            return f"alinea {r.alinea}"
        words = []
        if r.article is not None:
            words.append(f"artikel {r.article}")
        if r.paragraph is not None:
            words.append(f"lid {r.paragraph}")
        if r.item is not None:
            words.append(f"onder {r.item}")
        if r.subitem is not None:
            words.append(f"onder {r.subitem}°")
        if r.sentence is not None:
            words.append(f"volzin {r.sentence}")
        if not words:
            raise _Unsupported(tr("an empty reference"))
        return " ".join(words)


# ---------------------------------------------------------------- comments


class _Comments:
    """Puts each comment back: on its own line before the code that follows it, or after its line."""

    def __init__(self, chunks: list[_Chunk], comments, src: _Source):
        self.chunks = chunks
        self.src = src
        self.tail: list[tuple[str, int]] = []  # own-line comments after the last code
        lines = src.text.split("\n")
        starts = [c.line for c in chunks]
        for c in comments:
            text = c.text.rstrip()
            own_line = not lines[c.line - 1][: c.column - 1].strip()
            if own_line:
                i = bisect.bisect_right(starts, c.line)
                if i < len(chunks):
                    chunks[i].leading.append((text, c.line))
                else:
                    self.tail.append((text, c.line))
            else:
                i = max(0, bisect.bisect_right(starts, c.line) - 1)
                chunks[i].trailing.append((text, c.line))

    def render(self) -> str:
        out: list[str] = []
        prev_end = 0

        def put(indent: int, text: str, blank: bool | None, start: int, end: int) -> None:
            nonlocal prev_end
            if out and (blank or (blank is None and self.src.has_blank_between(prev_end, start))):
                out.append("")
            out.append(" " * indent + text)
            prev_end = max(prev_end, end)

        for ch in self.chunks:
            group = list(ch.leading)
            *moved, last = ch.trailing or [None]
            group.extend(moved)  # two comments cannot share one line: the earlier go above it
            blank = ch.blank
            for text, line in group:
                put(ch.indent, text, blank, line, line)
                blank = False if ch.continuation else None
            text = ch.text if last is None else f"{ch.text}  {last[0]}"
            put(ch.indent, text, blank, ch.line, ch.end)
        indent = self.chunks[-1].level if self.chunks else 0
        for text, line in self.tail:
            put(indent, text, None, line, line)
        return "\n".join(out) + "\n" if out else ""
