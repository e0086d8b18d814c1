"""Syntax tree -> canonical rule text, for traces, explanations, the diff and the formatter.

One printer for expressions: the formatter lays statements out around it, and every
other tool that shows a condition shows it as the formatter would write it.
"""

from __future__ import annotations

from dsl import syntax as S


class _Unsupported(Exception):
    """The tree holds something this printer does not know how to write."""


# 'afgerond op' binds between a comparison and a sum; 'P van X' between a product and a negation.
_PREC = {"of": 1, "en": 2, "niet": 3, "cmp": 4, "afgerond": 4.5, "+": 5, "-": 5, "*": 6, "/": 6, "van": 6.5,
         "neg": 7, "atom": 8}


def _prec(e: S.Expr) -> int:
    if isinstance(e, S.BoolOp):
        return _PREC[e.op]
    if isinstance(e, S.Unary):
        return _PREC["niet"] if e.op == "niet" else _PREC["neg"]
    if isinstance(e, S.Binary):
        return _PREC.get(e.op, _PREC["cmp"])
    if isinstance(e, (S.Membership, S.DateRelation)):
        return _PREC["cmp"]
    if isinstance(e, S.Rounding):
        return _PREC["afgerond"]
    if isinstance(e, S.PercentOf):
        return _PREC["van"]
    return _PREC["atom"]


def _open_end(e: S.Expr) -> bool:
    """Whether the text of e ends in a quantifier body, which would swallow what follows."""
    if isinstance(e, S.Quantifier):
        return True
    if isinstance(e, S.Binary):
        return _open_end(e.right)
    if isinstance(e, S.BoolOp):
        return _open_end(e.operands[-1])
    if isinstance(e, S.Unary):
        return _open_end(e.operand)
    if isinstance(e, S.PercentOf):
        return _open_end(e.whole)
    if isinstance(e, S.DateRelation):
        return _open_end(e.anchor)
    return False


def _sub(e: S.Expr, min_prec: int, closed: bool = False) -> str:
    """e as an operand: in parentheses when it binds too loosely, or when something follows it."""
    text = flat(e)
    if _prec(e) < min_prec or (closed and _open_end(e)):
        return f"({text})"
    return text


def flat(e: S.Expr) -> str:
    """An expression on one line, with only the parentheses the grammar needs."""
    if isinstance(e, S.Literal):
        return e.raw
    if isinstance(e, S.Name):
        return e.id
    if isinstance(e, S.FieldAccess):
        subject = _sub(e.subject, _PREC["atom"], closed=True)
        if isinstance(e.subject, S.TableLookup) and e.subject.at is not None:
            subject = f"({subject})"  # else the field would belong to the date after 'op'
        return f"{subject}.{e.field}"
    if isinstance(e, S.Unary):
        if e.op == "niet":
            return f"niet {_sub(e.operand, _PREC['niet'])}"
        return f"-{_sub(e.operand, _PREC['neg'])}"
    if isinstance(e, S.BoolOp):
        return f" {e.op} ".join(_sub(o, _PREC[e.op] + 1) for o in e.operands)
    if isinstance(e, S.Binary):
        if e.op in _PREC:  # arithmetic, left-associative
            p = _PREC[e.op]
            return f"{_sub(e.left, p, closed=True)} {e.op} {_sub(e.right, p + 1)}"
        p = _PREC["cmp"] + 1
        return f"{_sub(e.left, p, closed=True)} {e.op} {_sub(e.right, p)}"
    if isinstance(e, S.Membership):
        word = "geen" if e.negated else "een"
        options = ", ".join(flat(o) for o in e.options)
        return f"{_sub(e.subject, _PREC['cmp'] + 1, closed=True)} is {word} van ({options})"
    if isinstance(e, S.Call):
        return f"{e.function}({', '.join(flat(a) for a in e.args)})"
    if isinstance(e, S.Quantifier):
        coll = _sub(e.collection, _PREC["atom"], closed=True)
        body = _sub(e.body, _PREC["cmp"])
        if e.kind == "er is een":
            return f"er is een {e.variable} in {coll} met {body}"
        if e.kind == "elk":
            return f"elk {e.variable} in {coll} voldoet aan {body}"
        return f"aantal {e.variable} in {coll} met {body}"
    if isinstance(e, S.TableLookup):
        at = f" op {_sub(e.at, _PREC['atom'], closed=True)}" if e.at is not None else ""
        return f"de waarde van {e.table}{at}"
    if isinstance(e, S.PercentOf):
        return f"{_sub(e.percentage, _PREC['neg'], closed=True)} van {_sub(e.whole, _PREC['neg'])}"
    if isinstance(e, S.Rounding):
        direction = f" {e.direction}" if e.direction else ""
        return f"{_sub(e.operand, _PREC['+'], closed=True)} afgerond op {e.unit}{direction}"
    if isinstance(e, S.DateRelation):
        p = _PREC["afgerond"]
        within = f" binnen {_sub(e.within, p, closed=True)}" if e.within is not None else ""
        return f"{_sub(e.subject, p, closed=True)}{within} {e.direction} {_sub(e.anchor, p)}"
    raise _Unsupported(f"unknown expression {type(e).__name__}")


def unparse(e: S.Expr) -> str:
    """An expression as rule text on one line (the formatter's own layout)."""
    return flat(e)
