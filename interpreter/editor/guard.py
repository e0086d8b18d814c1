"""What stands between the editor's byte stream and pygls, so that no client can stop the server.

pygls trusts its input: `Content-Length: 99999999999` makes it wait for (and try to hold)
100 GB; `Content-Length: abc` makes it read the next message's header as a body; a
request whose params do not fit its method (`hover` with `{}`) is logged and never
answered, so the editor waits forever. The Guard reads the frames itself, with limits:

- a header that is not a number, or announces more than MAX_MESSAGE bytes, is dropped,
  and reading goes on at the next `Content-Length:` header (resynchronising the stream);
- a request whose params cannot be read as its method expects is passed on as a
  request for `grondslag/invalidParams`, which answers it with an InvalidParams error;
- a body that is not JSON is dropped (it has no id to answer).

Every drop is logged on standard error, which editors show in their output panel.
"""

from __future__ import annotations

import json
import re
import sys
from typing import BinaryIO

from dsl.i18n import _

MAX_MESSAGE = 16 * 1024 * 1024  # bytes in one message: eight times the limit of a rule file
INVALID_PARAMS = "grondslag/invalidParams"

_HEADER = re.compile(rb"Content-Length:[ \t]*([^\r\n]*)\r?\n$", re.IGNORECASE)


def _log(message: str) -> None:
    print(_("grondslag lsp: {message}").format(message=message), file=sys.stderr, flush=True)


class Guard:
    """A reader with the interface pygls reads stdin through (readline, read), passing on only
    well-formed frames; `structure` is the protocol's message reader, to test params with."""

    def __init__(self, raw: BinaryIO, structure=None):
        self.raw = raw
        self.structure = structure
        self.pending: list[bytes] = []  # the lines of the next well-formed frame, then its body

    # pygls calls readline() for each header line and read(n) for the body.
    def readline(self) -> bytes:
        if not self.pending:
            self._next_frame()
        return self.pending.pop(0) if self.pending else b""

    def read(self, n: int) -> bytes:
        if not self.pending:
            return b""
        return self.pending.pop(0)

    def _next_frame(self) -> None:
        length = None
        while True:
            line = self.raw.readline()
            if not line:
                return  # end of input: pygls stops
            m = _HEADER.search(line)
            if m:
                value = m.group(1).strip()
                if not value.isdigit():
                    _log(_("dropped a message with Content-Length {value}: not a number").format(
                        value=repr(value[:40])))
                    length = None
                    continue
                if int(value) > MAX_MESSAGE:
                    _log(_("dropped a message of {size} bytes: the limit is {limit}").format(
                        size=f"{int(value):,}", limit=f"{MAX_MESSAGE:,}"))
                    length = None
                    continue
                length = int(value)
                continue
            if line.strip() == b"" and length is not None:
                body = self._read_body(length)
                if body is None:
                    return
                body = self._checked(body)
                if body is None:
                    length = None
                    continue
                self.pending = [f"Content-Length: {len(body)}\r\n".encode("ascii"), b"\r\n", body]
                return
            # another header (Content-Type) or bytes of a dropped message: skip

    def _read_body(self, n: int) -> bytes | None:
        chunks, left = [], n
        while left:
            chunk = self.raw.read(left)
            if not chunk:
                return None
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _checked(self, body: bytes) -> bytes | None:
        """The body to pass on: as it is, rewritten to be answered with an error, or None to drop."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            _log(_("dropped a message that is not JSON"))
            return None
        if not isinstance(data, dict) or "method" not in data or self.structure is None:
            return body
        try:
            self.structure(data)
            return body
        except Exception as exc:  # noqa: BLE001 - any failure to read it is the client's mistake
            rid = data.get("id")
            if not isinstance(rid, (int, str)) or isinstance(rid, bool):  # nothing to answer to
                _log(_("dropped a message {method} that cannot be read").format(
                    method=repr(str(data.get("method"))[:60])))
                return None
            reason = _("the params of {method} cannot be read ({kind})").format(
                method=repr(str(data.get("method"))[:60]), kind=type(exc).__name__)
            return json.dumps({"jsonrpc": "2.0", "id": rid, "method": INVALID_PARAMS,
                               "params": {"message": reason}}).encode("utf-8")
