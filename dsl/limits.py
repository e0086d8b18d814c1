"""The limits of a rule file, checked without recursion before anything recursive runs.

The parser, the checker, the compiler and the evaluator walk expressions and chains of
definitions recursively. A hostile or mistaken rule file (`niet niet ... x` 5,000 times,
2,000 begrippen each defined by the next) must get an error on the rule file, with its
line, never a crash of the tool. These checks are iterative, and every limit is stated
in docs/limits.md. The evaluator's own guard (interpreter/tree.py) uses the same
MAX_DEFINITION_DEPTH, so a chain the checker accepts never fails at evaluation.
"""

from __future__ import annotations

import unicodedata

import attrs

from dsl import syntax as S
from dsl.diagnostics import Diagnostic, error, warning
from dsl.i18n import _ as tr

MAX_FILE_BYTES = 2_000_000  # one rule file; the largest file we encode is under 8 kB
MAX_NESTING = 100  # levels of one expression (niet, -, operators, er is een; brackets that only group do not count)
MAX_DEFINITION_DEPTH = 100  # a beslissing or begrip resting on a chain of at most this many others
MAX_TOTAL_DEPTH = 400  # nesting summed along a chain of definitions: what evaluation recurses through

_NOT_CHILDREN = (S.Span, S.Ref)


def children(node) -> list:
    """The syntax nodes directly inside node (expressions, and the parts of statements)."""
    out = []
    for f in attrs.fields(type(node)):
        v = getattr(node, f.name)
        if isinstance(v, tuple):
            out.extend(x for x in v if attrs.has(type(x)) and not isinstance(x, _NOT_CHILDREN))
        elif v is not None and attrs.has(type(v)) and not isinstance(v, _NOT_CHILDREN):
            out.append(v)
    return out


def nesting(expr) -> tuple[int, object]:
    """(depth, the innermost node at that depth) of an expression; a lone name has depth 1."""
    best, where = 0, expr
    stack = [(expr, 1)]
    while stack:
        node, d = stack.pop()
        if d > best:
            best, where = d, node
        stack.extend((c, d + 1) for c in children(node))
    return best, where


def _expressions(stmt) -> list:
    """The expressions of a statement that evaluation walks (value, condition, otherwise, expr)."""
    return [getattr(stmt, n) for n in ("value", "condition", "otherwise", "expr")
            if attrs.has(type(getattr(stmt, n, None)))]


def _statements(rf: S.RulesFile):
    yield from rf.declarations
    stack = list(reversed(rf.provisions))
    while stack:  # provisions nest at most a few levels, but stay iterative like the rest
        p = stack.pop()
        yield from p.body
        stack.extend(reversed(p.children))


def _span_of(node) -> S.Span:
    return getattr(node, "span", None) or S.Span.unknown()


def nesting_diagnostics(rf: S.RulesFile) -> list[Diagnostic]:
    """An error for each expression nested deeper than MAX_NESTING, at its innermost point."""
    out = []
    for stmt in _statements(rf):
        for e in _expressions(stmt):
            depth, where = nesting(e)
            if depth > MAX_NESTING:
                out.append(error(
                    tr("this expression is nested {depth} levels deep; the limit is {limit}").format(
                        depth=depth, limit=MAX_NESTING),
                    _span_of(where), tr("name a part of it with a 'begrip' and use that name")))
    return out


def size_diagnostic(path: str, size: int) -> Diagnostic | None:
    """An error when a rule file is larger than MAX_FILE_BYTES (checked before reading it)."""
    if size <= MAX_FILE_BYTES:
        return None
    return error(tr("the file is {size} bytes; a rule file may be at most {limit} bytes").format(
                     size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"),
                 S.Span(path, 1, 1, 1, 1), tr("split the regulation into one file per artikel"))


@attrs.frozen
class _Definition:
    name: str
    span: S.Span
    refs: tuple  # ((name, nesting depth at which it is used), ...)
    own: int  # the deepest nesting of its own expressions


def _definitions(files) -> dict[str, _Definition]:
    """Every begrip and every beslissing (through its rules), with the names it uses."""
    found: dict[str, tuple[S.Span, list, int]] = {}
    for rf in files:
        for stmt in _statements(rf):
            if isinstance(stmt, S.DefinitionDecl):
                name = stmt.name
            elif isinstance(getattr(stmt, "target", None), str):
                name = stmt.target
            else:
                continue
            span, refs, own = found.setdefault(name, (stmt.span, [], 0))
            for e in _expressions(stmt):
                stack = [(e, 1)]
                while stack:
                    node, d = stack.pop()
                    own = max(own, d)
                    if isinstance(node, S.Name):
                        refs.append((node.id, d))
                    stack.extend((c, d + 1) for c in children(node))
            found[name] = (span, refs, own)
    return {n: _Definition(n, span, tuple(refs), own) for n, (span, refs, own) in found.items()}


def chain_diagnostics(files) -> list[Diagnostic]:
    """Errors for chains of definitions longer than MAX_DEFINITION_DEPTH, or deeper in total
    than MAX_TOTAL_DEPTH, found without recursion (a circle is left to the cycle pass)."""
    defs = _definitions(files)
    length: dict[str, int] = {}  # the longest chain of definitions from here (1: uses none)
    total: dict[str, int] = {}  # the deepest nesting along any chain from here
    nxt: dict[str, str | None] = {}
    out: list[Diagnostic] = []
    for root in sorted(defs):
        if root in length:
            continue
        path = [root]
        on_path = {root}
        iters = {root: iter(defs[root].refs)}
        while path:
            n = path[-1]
            step = next(iters[n], None)
            if step is not None:
                m = step[0]
                if m in defs and m not in length and m not in on_path:
                    if len(path) >= MAX_DEFINITION_DEPTH * 2:  # far beyond the limit: stop descending
                        length[m], total[m], nxt[m] = MAX_DEFINITION_DEPTH * 2, MAX_TOTAL_DEPTH * 2, None
                        continue
                    path.append(m)
                    on_path.add(m)
                    iters[m] = iter(defs[m].refs)
                continue
            best_len, best_total, best_next = 1, defs[n].own, None
            for m, d in defs[n].refs:
                if m in length:  # m on the path (a circle) counts as nothing here
                    if length[m] + 1 > best_len:
                        best_len, best_next = length[m] + 1, m
                    best_total = max(best_total, d + total[m])
            length[n], total[n], nxt[n] = best_len, best_total, best_next
            path.pop()
            on_path.discard(n)
    for name in sorted(defs, key=lambda n: -length[n]):  # one error: the longest chain
        if length[name] > MAX_DEFINITION_DEPTH:
            chain = _chain(name, nxt)
            shown = " -> ".join(chain[:3]) + " -> ..."
            out.append(error(
                tr("'{name}' rests on a chain of more than {limit} definitions ({chain}); "
                   "evaluation follows at most {limit}").format(name=name, limit=MAX_DEFINITION_DEPTH, chain=shown),
                defs[name].span,
                tr("define the later terms directly in terms of facts, or check for a circle")))
        break
    if not out:
        for name in sorted(defs, key=lambda n: -total[n]):
            if total[name] > MAX_TOTAL_DEPTH:
                out.append(error(
                    tr("'{name}' nests {depth} levels deep counting the definitions it uses; the limit is "
                       "{limit}").format(name=name, depth=total[name], limit=MAX_TOTAL_DEPTH), defs[name].span,
                    tr("simplify the expressions along the chain of definitions")))
                break
    return out


def _chain(name: str, nxt: dict) -> list[str]:
    chain, seen = [], set()
    n = name
    while n is not None and n not in seen:
        chain.append(n)
        seen.add(n)
        n = nxt.get(n)
    return chain


def _scripts(name: str) -> set[str]:
    out = set()
    for ch in name:
        if ch.isalpha():
            label = unicodedata.name(ch, "")
            out.add(label.split(" ", 1)[0] if label else "?")
    return out


def mixed_script_diagnostics(files) -> list[Diagnostic]:
    """A warning for each declared name that mixes scripts (Latin with Cyrillic or Greek look-alikes)."""
    out = []
    for rf in files:
        for stmt in _statements(rf):
            name = getattr(stmt, "name", None)
            if not isinstance(name, str) or name.isascii() or not isinstance(
                    stmt, (S.FactDecl, S.DecisionDecl, S.DefinitionDecl, S.TableDecl)):
                continue
            scripts = _scripts(name)
            if len(scripts) > 1:
                out.append(warning(
                    tr("the name '{name}' mixes letters of several scripts ({scripts}); it looks like another name "
                       "but is a different one").format(name=name, scripts=', '.join(sorted(scripts))), stmt.span,
                    tr("write the name in one script")))
    return out


def too_deep_diagnostic(tree, path: str) -> Diagnostic:
    """The error for a parse tree too deep to turn into syntax, at its deepest token (found iteratively)."""
    best, where = -1, None
    stack = [(tree, 0)]
    while stack:
        node, d = stack.pop()
        kids = getattr(node, "children", None)
        if kids is None:
            if d > best and getattr(node, "line", None) is not None:
                best, where = d, node
            continue
        stack.extend((c, d + 1) for c in kids)
    line, col = (where.line, where.column) if where is not None else (1, 1)
    return error(tr("this expression is nested too deeply to read; the limit is {limit} levels").format(
                     limit=MAX_NESTING),
                 S.Span(path, line, col, line, col + 1), tr("name a part of it with a 'begrip' and use that name"))


def _names(expr) -> set[str]:
    return {n.id for n in S.iter_expr(expr) if isinstance(n, S.Name)}


def product_warnings(files) -> list[Diagnostic]:
    """A warning where a list quantifier runs inside another over an unrelated list: the work of
    evaluation grows with the product of the lengths (three nested over 300 items: 27 million)."""
    out = []
    for rf in files:
        for stmt in _statements(rf):
            for e in _expressions(stmt):
                stack = [(e, ())]  # (node, the variables of the quantifiers around it)
                while stack:
                    node, around = stack.pop()
                    if isinstance(node, S.Quantifier):
                        if around and not (_names(node.collection) & set(around)):
                            out.append(warning(
                                tr("'{kind} {variable} in ...' runs for every item of an enclosing list "
                                   "({around}): the work grows with the product of the lengths of the lists").format(
                                    kind=node.kind, variable=node.variable, around=', '.join(around)), _span_of(node),
                                tr("a case that needs too many steps gets an error (docs/limits.md)")))
                            break
                        stack.append((node.collection, around))
                        stack.append((node.body, around + (node.variable,)))
                        continue
                    stack.extend((c, around) for c in children(node))
    return out
