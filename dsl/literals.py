"""The values of literals in a rule file: texts, amounts, percentages, numbers.

Shared by the parser of .rules files (dsl.to_syntax) and of .voorbeelden files (dsl.examples),
so that both read "€ 2.500,-" and "5,5%" alike.
"""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal


def decode_string(raw: str) -> str:
    """The value of a string literal; triple-quoted text is dedented line by line."""
    if raw.startswith('"""'):
        body = raw[3:-3]
        first, _, rest = body.partition("\n")
        if not rest:
            return first.strip()
        return (first.strip() + "\n" + textwrap.dedent(rest)).strip()
    return re.sub(r"\\(.)", r"\1", raw[1:-1])


def parse_money(raw: str) -> Decimal:
    """€ 2.500,- -> Decimal('2500.00'); the law writes thousands with dots."""
    text = raw.replace("€", "").strip()
    whole, _, cents = text.partition(",")
    whole = whole.replace(".", "")
    if cents in ("", "-"):
        return Decimal(whole)
    return Decimal(f"{whole}.{cents}")


def parse_percent(raw: str) -> Decimal:
    """5% / 5 procent / 5,5% -> the number of percent, Decimal('5.5')."""
    number = raw.replace("procent", "").replace("%", "").strip()
    return Decimal(number.replace(",", "."))


def subitem(tok) -> str | None:
    """'2°' -> '2'."""
    return str(tok).rstrip("°") if tok is not None else None


def parse_number(raw: str):
    if "," in raw:
        return Decimal(raw.replace(",", "."))
    return int(raw)


# ------------------------------------------------------------ transformer
