"""Syntax tree -> canonical rule text, for traces, explanations and the formatter."""

from __future__ import annotations

from dsl import syntax as S

_PREC = {"of": 1, "en": 2, "niet": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "atom": 8}


def _prec(e) -> int:
    if isinstance(e, S.BoolOp):
        return _PREC[e.op]
    if isinstance(e, S.Unary):
        return _PREC["niet"] if e.op == "niet" else _PREC["neg"]
    if isinstance(e, S.Binary):
        return _PREC.get(e.op, _PREC["cmp"])
    if isinstance(e, S.Membership):
        return _PREC["cmp"]
    return _PREC["atom"]


def _wrap(e, min_prec: int) -> str:
    text = unparse(e)
    return f"({text})" if _prec(e) < min_prec else text


def unparse(e: S.Expr) -> str:
    if isinstance(e, S.Literal):
        return e.raw
    if isinstance(e, S.Name):
        return e.id
    if isinstance(e, S.FieldAccess):
        return f"{_wrap(e.subject, _PREC['atom'])}.{e.field}"
    if isinstance(e, S.Unary):
        if e.op == "niet":
            return f"niet {_wrap(e.operand, _PREC['niet'])}"
        return f"-{_wrap(e.operand, _PREC['neg'])}"
    if isinstance(e, S.BoolOp):
        p = _PREC[e.op]
        return f" {e.op} ".join(_wrap(o, p + 1) for o in e.operands)
    if isinstance(e, S.Binary):
        if e.op in _PREC:
            p = _PREC[e.op]
            return f"{_wrap(e.left, p)} {e.op} {_wrap(e.right, p + 1)}"
        p = _PREC["cmp"]
        return f"{_wrap(e.left, p + 1)} {e.op} {_wrap(e.right, p + 1)}"
    if isinstance(e, S.Membership):
        word = "geen" if e.negated else "een"
        return f"{_wrap(e.subject, _PREC['cmp'] + 1)} is {word} van ({', '.join(unparse(o) for o in e.options)})"
    if isinstance(e, S.Call):
        return f"{e.function}({', '.join(unparse(a) for a in e.args)})"
    if isinstance(e, S.Quantifier):
        coll = _wrap(e.collection, _PREC["atom"])
        body = _wrap(e.body, _PREC["cmp"])
        if e.kind == "er is een":
            return f"er is een {e.variable} in {coll} met {body}"
        if e.kind == "elk":
            return f"elk {e.variable} in {coll} voldoet aan {body}"
        return f"aantal {e.variable} in {coll} met {body}"
    if isinstance(e, S.TableLookup):
        return f"de waarde van {e.table}" + (f" op {_wrap(e.at, _PREC['atom'])}" if e.at is not None else "")
    raise TypeError(e)  # pragma: no cover
