"""A lint that compares rule and text: every constant a rule compares with must be in the law.

A drafter who changes € 2.500 into € 2.750 in the rule but not in the `tekst` (or the
reverse) is told at `check` time, with the place of the constant, rather than at review.
Checked are the amounts, whole numbers and percentages that a rule compares with (an age,
a number of months, an income limit); they must occur in the `tekst` of the rule's
provision or of a provision that contains it (the aanhef of its lid or article). Dates
and the numbers inside date arithmetic are not law text constants and are not checked.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from dsl import syntax as S
from dsl.diagnostics import Diagnostic, warning
from dsl.i18n import _ as tr

_COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
_KINDS = ("bedrag", "geheel getal", "getal", "percentage")


def lint_model(model) -> list[Diagnostic]:
    """Warnings for constants in rules that the law text of their provision does not contain."""
    out = []
    for rule in model.rules:
        constants = _compared_constants(rule.condition) + _compared_constants(rule.value)
        if not constants:
            continue
        texts = [p.text for p in model.provisions if p.text and p.citation.contains(rule.citation)
                 and p.citation.law is None]
        if not texts:
            continue  # a provision without text: nothing to compare with
        text = " ".join(" ".join(t.split()) for t in texts)
        for lit in constants:
            if not any(re.search(p, text) for p in _spellings(lit.value, lit.kind)):
                out.append(warning(
                    tr("the constant {raw} does not occur in the text of {label}").format(
                        raw=lit.raw, label=rule.citation.label),
                    lit.span, tr("change the rule or the tekst so that they agree, or record the reason in a "
                                 "lezing (a constant the text gives in other words: write it as the text does)")))
    return out


def _compared_constants(e) -> list[S.Literal]:
    """The numeric literals that stand directly on one side of a comparison, anywhere in e."""
    found: list[S.Literal] = []

    def walk(node):
        if isinstance(node, S.Binary) and node.op in _COMPARISONS:
            for side in (node.left, node.right):
                if isinstance(side, S.Literal) and side.kind in _KINDS:
                    found.append(side)
        if isinstance(node, S.Call) and node.function == "datum":
            return  # year, month and day of a date: not constants of the law text
        if isinstance(node, S.Span):
            return
        if attrs.has(type(node)):
            for f in attrs.fields(type(node)):
                walk(getattr(node, f.name))
        elif isinstance(node, tuple):
            for x in node:
                walk(x)

    walk(e)
    return found


def _spellings(value, kind: str) -> list[str]:
    """Regular expressions for the ways Dutch law text writes a number: 2.500, 2500, € 2.500,-, 65."""
    d = Decimal(value)
    whole = int(d) if d == d.to_integral_value() else None
    pats = []
    if whole is not None:
        grouped = f"{whole:,}".replace(",", ".")
        pats += [rf"(?<![\d.,]){re.escape(grouped)}(?![\d]|\.\d)", rf"(?<![\d.,]){whole}(?![\d]|\.\d)"]
        if whole == 1:
            pats.append(r"\been\b")
    else:
        text = f"{d:f}".rstrip("0")
        pats.append(re.escape(text.replace(".", ",")))
        pats.append(re.escape(text))
    return pats
