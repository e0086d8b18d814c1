"""Writing files so that a failure never leaves one half-written: the one way grondslag writes.

Every file a command writes (fmt's rule files, eval --output, test --update, reports,
graphs) goes to a temporary file in the same folder, is flushed to disk (fsync) and only
then renamed over the target. A full disk, a missing folder, no permission or Ctrl-C
leaves the original exactly as it was and no temporary file behind; the caller gets a
WriteError whose message names the file and the reason (the CLI exits 2 with it).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from typing import IO, Iterator

from dsl.i18n import _


class WriteError(Exception):
    """A file could not be written; the original (if any) is untouched."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable; not every platform can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """A text file to write; it replaces `path` only when the block ends without an exception.

    A link is followed, so that formatting a linked rule file changes the file it points to.
    The mode of an existing file is kept.
    """
    target = os.path.realpath(os.fspath(path))
    folder = os.path.dirname(target) or "."
    if os.path.isdir(target):
        raise WriteError(_("cannot write {path}: it is a folder").format(path=path))
    if is_special(target):  # /dev/null, a pipe: nothing to protect, and never to be renamed over
        try:
            with open(target, "w", encoding=encoding, newline=newline) as fh:
                yield fh
        except OSError as exc:
            raise WriteError(_("cannot write {path}: {reason}").format(path=path, reason=_reason(exc))) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    except OSError as exc:
        if not os.path.isdir(folder):
            raise WriteError(_("cannot write {path}: the folder {folder} does not exist").format(
                                 path=path, folder=folder)) from None
        raise WriteError(_("cannot write {path}: {reason}").format(path=path, reason=_reason(exc))) from None
    try:
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~_umask()
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(_("cannot write {path}: {reason}; the file is left as it was").format(
                                 path=path, reason=_reason(exc))) from None
        raise
    _fsync_folder(folder)


def is_special(path: str | os.PathLike) -> bool:
    """A device, a pipe or a socket (/dev/null, a named pipe): written to as it is, never renamed over.

    Renaming a temporary file over /dev/null would replace the device with a plain file for
    the whole machine; such a target has no contents to protect, so it is opened directly.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write text to path atomically (see atomic_open); raises WriteError."""
    with atomic_open(path, encoding) as fh:
        fh.write(text)
