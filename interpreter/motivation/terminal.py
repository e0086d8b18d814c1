"""Text for a terminal: control characters from a case never reach it as commands.

A case's text may hold ANSI or OSC escape sequences ("\\x1b]0;...\\x07" retitles a window,
"\\x1b[2J" clears it) or bidirectional overrides that make text read differently from
what it is. Every control character except newline and tab is shown as a visible
escape (\\x1b, \\u202e) instead.
"""

from __future__ import annotations

import re

_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    c = m.group(0)
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def printable(text: str) -> str:
    """text with every control or direction-changing character made visible and harmless."""
    return _SUSPECT.sub(_escape, text)

