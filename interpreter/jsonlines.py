"""One line of a JSON Lines batch -> one result line, or the error line that takes its place.

Shared by every tool that evaluates JSON Lines (`grondslag batch`, the web service's
batch endpoint), so that a line fails with the same message wherever it is sent.
"""

from __future__ import annotations

from dsl.i18n import _, msg
from interpreter.api import Regulation
from interpreter.case import CaseError, parse_json
from interpreter.result import dumps


def error_line(n: int, message: str) -> str:
    """The line written in place of a result: {"line": N, "error": MESSAGE}, N counted from 1."""
    return dumps({"line": n, "error": message}, indent=None)


def line_bytes(text: str) -> bytes:
    """A result line as the file holds it: UTF-8, a lone surrogate from a case written as its JSON
    escape (a Python string can hold one; UTF-8 cannot)."""
    return text.encode("utf-8", "backslashreplace")


def evaluate_line(regulation: Regulation, n: int, raw: bytes, date, derivation: bool) -> tuple[bool, str]:
    """One batch line -> (ok, the JSON line to write). Never raises: a line is never lost."""
    try:
        line = raw.decode("utf-8")
        if not line.strip():
            raise CaseError(msg("empty line: expected a JSON case"))
        result = regulation.evaluate(parse_json(line), date)
        return True, result.to_json(derivation=derivation, indent=None)
    except UnicodeDecodeError as exc:
        message = _("the line is not UTF-8 text ({reason})").format(reason=exc.reason)
    except CaseError as exc:
        message = str(exc)
    except Exception as exc:  # noqa: BLE001 - a defect in grondslag must not cost the other lines
        message = _("internal error ({kind}: {problem}); please report it with this line").format(
            kind=type(exc).__name__, problem=exc)
    return False, error_line(n, message)
