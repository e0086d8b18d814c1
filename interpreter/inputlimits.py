"""The limits of a case: how large and how precise a number may be, how much of a value a message shows.

Stated in docs/limits.md. Numbers are exact Decimals computed with 28 significant
digits (Python's default context); an input of at most MAX_INTEGER_DIGITS digits before
the point and MAX_FRACTION_DIGITS after it is held exactly and leaves room for the
arithmetic of a regulation. Larger inputs (1e26, 1e99999999999999999999, an integer of
5,000 digits) are rejected at the boundary, naming the field, instead of failing later.
"""

from __future__ import annotations

from decimal import Decimal

from dsl.i18n import Message, msg

MAX_INTEGER_DIGITS = 15  # up to 999 999 999 999 999: beyond any amount or count a regulation handles
MAX_FRACTION_DIGITS = 10  # 0.0000000001: cents, percentages and rates with room to spare
MAX_SHOWN = 60  # characters of a value shown in an error message


def number_problem(value: Decimal, kind: str) -> Message | None:
    """Why a finite number cannot be a case's value of this kind, or None when it can."""
    if kind == "bedrag" and value < 0:
        return msg("an amount in a case is zero or more")
    if not value:
        return None
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        return msg("a number in a case has at most {n} digits before the decimal point", n=MAX_INTEGER_DIGITS)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_FRACTION_DIGITS:
        return msg("a number in a case has at most {n} digits after the decimal point", n=MAX_FRACTION_DIGITS)
    return None


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """text cut to a readable length for a message, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters)"
