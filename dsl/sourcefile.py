"""Reading a rule file as text: one way for check, fmt and the loader.

A byte order mark is dropped (Notepad writes one); a file that is not UTF-8 gets an
error at the line and column of the first bad byte; a file that cannot be read (a
folder, a dangling or looping link, no permission) or is larger than the limit gets
an error naming the reason. Nothing here raises for a bad file.
"""

from __future__ import annotations

from pathlib import Path

from dsl import limits
from dsl import syntax as S
from dsl.diagnostics import Diagnostic, error
from dsl.i18n import _ as tr


def position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte offset; the column counts the characters before it on its line."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, col


def decode(data: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    """The text of a rule file's bytes, without a byte order mark; or the error at the bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        shift = 3
    else:
        shift = 0
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line, col = position_of_byte(data, exc.start)
        bad = data[exc.start:exc.start + 1].hex()
        return None, error(tr("the file is not UTF-8 text: byte 0x{byte} at byte offset {offset} ({reason})").format(
                               byte=bad, offset=exc.start + shift, reason=exc.reason),
                           S.Span(path, line, col, line, col + 1),
                           tr("save the file as UTF-8"))


def read(path: str | Path) -> tuple[str | None, Diagnostic | None]:
    """(text, None) or (None, the error that says why the file cannot be used)."""
    p = Path(path)
    where = S.Span(str(p), 1, 1, 1, 1)
    try:
        if p.is_dir():
            return None, error(tr("{path} is a folder, not a rule file").format(path=p), where)
        too_big = limits.size_diagnostic(str(p), p.stat().st_size)
        if too_big is not None:
            return None, too_big
        data = p.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if p.is_symlink() and not p.exists():
            reason = tr("a link that leads nowhere (dangling, or to itself)")
        return None, error(tr("cannot read the file: {reason}").format(reason=reason), where)
    return decode(data, str(p))
