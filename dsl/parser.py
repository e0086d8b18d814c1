"""Text -> syntax tree.

One wrapper around Lark: the grammar is loaded once (LALR tables generated ahead, dsl.lark_tables), Lark's
exceptions become our own positioned diagnostics in plain language (dsl.syntax_errors), and the
parse tree is turned into the frozen nodes of ``dsl.syntax`` (dsl.to_syntax). After a syntax
error the parser resumes at the next article, so that one run reports the
errors of every article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import lark
from lark import Lark
from lark.exceptions import UnexpectedInput, UnexpectedToken

from dsl import lark_tables, limits, sourcefile
from dsl import syntax as S
from dsl.diagnostics import Diagnostic
from dsl.keywords import KEYWORDS
from dsl.literals import decode_string, parse_money, parse_percent  # the parser's public names, as before
from dsl.syntax_errors import syntax_diagnostic, point_for_cents
from dsl.to_syntax import ToSyntax

__all__ = ["GRAMMAR", "KEYWORDS", "decode_string", "parse", "parse_file", "parse_money", "parse_percent",
           "point_for_cents"]


GRAMMAR = Path(__file__).with_name("grammar.lark")


@lru_cache(maxsize=1)
def _lark() -> Lark:
    return lark_tables.load(GRAMMAR.name)  # tables generated from grammar.lark; no pickle in a shared directory


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
            diagnostics.append(syntax_diagnostic(exc, path, source, text))
            # Offsets in the blanked text are shifted: map back to the source.
            shift = start - source.count("\n", 0, start) if start else 0
            err_pos = _pos_of(exc, text) + shift
            # Resume at the next article after the error; what lies before it is lost.
            nxt = [a for a in anchors if a >= err_pos and a > start]
            if not nxt:
                break
            start = nxt[0]
            continue
        transformer = ToSyntax(path)
        try:
            h, d, p = transformer.transform(tree)
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


# what the scan for comments steps over: a triple-quoted text (to its end or the end of the
# file), a one-line string (a backslash escapes the next character, a line end stops it), or
# a comment; the parser's terminals read strings the same way
_STRING_OR_COMMENT = re.compile(r'"""[\s\S]*?(?:"""|\Z)|"(?:\\[\s\S]|[^"\\\n])*"?|#[^\n]*')


def _comments(source: str) -> list[S.Comment]:
    """Every # comment, found by a scan that knows where strings begin and end."""
    out: list[S.Comment] = []
    line, counted = 1, 0
    for m in _STRING_OR_COMMENT.finditer(source):
        i = m.start()
        if source[i] != "#":
            continue
        line += source.count("\n", counted, i)
        counted = i
        out.append(S.Comment(m.group(), line, i - (source.rfind("\n", 0, i) + 1) + 1))
    return out


def parse_file(path: str | Path) -> tuple[S.RulesFile, list[Diagnostic]]:
    p = Path(path)
    source, problem = sourcefile.read(p)  # size limit, byte order mark, unreadable files, bad bytes
    if problem is not None:
        return S.RulesFile(str(p), None, (), (), (), ""), [problem]
    return parse(source, str(p))


_ = lark
