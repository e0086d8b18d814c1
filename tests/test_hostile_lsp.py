"""The language server against a hostile client: it answers every request and never dies.

Reproducers of issue 13: a Content-Length of 99999999999 or 'abc', a hover with `{}` params,
a document nested 5,000 deep, a 1.2 MB document edited keystroke by keystroke. The
server runs as a real process over stdio; the client speaks raw bytes so that it can
also send what a well-behaved client never would.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen" / "2004"
TIMEOUT = 120  # seconds before a missing answer counts as a hang (never reached when all is well)


class RawClient:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "interpreter.editor.lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        self.inbox: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self.proc.stderr.read, daemon=True).start()  # keep stderr from filling up

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if not line.strip():
                    break
                key, _, value = line.decode("ascii").partition(":")
                if key.strip().lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def raw(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode("utf-8")
        self.raw(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)

    def request(self, method: str, params) -> dict:
        """The whole response message (result or error)."""
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                msg = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no answer to {method}: the server hangs") from None
            assert msg is not None, "the language server died"
            if msg.get("id") == rid and "method" not in msg:
                return msg
            if "method" in msg and "id" in msg:
                self.send({"id": msg["id"], "result": None})

    def diagnostics(self, uri: str) -> list[dict]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                msg = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError("no diagnostics published") from None
            assert msg is not None, "the language server died"
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                return msg["params"]["diagnostics"]

    def notify(self, method: str, params: dict):
        self.send({"method": method, "params": params})

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", {})
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture(scope="module")
def server():
    """One server for the whole module: each test also proves it survived the ones before."""
    c = RawClient()
    c.request("initialize", {"processId": None, "rootUri": SCHINNEN.as_uri(), "capabilities": {}})
    c.notify("initialized", {})
    yield c
    c.close()


def _alive(c: RawClient):
    msg = c.request("textDocument/completion", {"textDocument": {"uri": (SCHINNEN / "artikel-01.rules").as_uri()},
                                                "position": {"line": 0, "character": 0}})
    assert "result" in msg, msg


def test_a_huge_content_length_is_dropped_and_the_server_goes_on(server):
    server.raw(b"Content-Length: 99999999999\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": \"shutdown\"}")
    _alive(server)


def test_a_content_length_that_is_not_a_number_does_not_desynchronise_the_stream(server):
    server.raw(b"Content-Length: abc\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 98, \"method\": \"shutdown\"}\r\n")
    _alive(server)


def test_a_body_that_is_not_json_is_dropped(server):
    server.raw(b"Content-Length: 5\r\n\r\n{{{{{")
    _alive(server)


def test_hover_with_empty_params_gets_an_error_response(server):
    msg = server.request("textDocument/hover", {})
    assert msg["error"]["code"] == -32602
    assert "textDocument/hover" in msg["error"]["message"]
    _alive(server)


def test_a_document_nested_5000_deep_gets_a_diagnostic_not_a_crash(server, tmp_path):
    path = tmp_path / "diep.rules"
    text = ('regeling t\n  titel "T"\n  geldig vanaf 2020-01-01\n\nfeit w: ja/nee "W."\n\nartikel 1 "A"\n'
            '  beslissing d: ja/nee "D."\n  d is waar als ' + "niet " * 5000 + "w anders onwaar\n")
    uri = path.as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "rules", "version": 1,
                                                            "text": text}})
    diags = server.diagnostics(uri)
    assert any("nested too deeply" in d["message"] for d in diags), diags
    hover = server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 8, "character": 4}})
    assert "result" in hover, hover


def test_a_large_document_edited_quickly_keeps_the_server_answering(server, tmp_path):
    article = (SCHINNEN / "artikel-02.rules").read_text(encoding="utf-8")
    header = (SCHINNEN / "regeling.rules").read_text(encoding="utf-8") if (SCHINNEN / "regeling.rules").exists() else ""
    parts, n = [header], 0
    while sum(map(len, parts)) < 1_200_000:
        n += 1
        parts.append(article.replace("artikel 2", f"artikel {100 + n}"))
    text = "\n".join(parts)
    uri = (tmp_path / "groot.rules").as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "rules", "version": 1,
                                                            "text": text}})
    for v in range(2, 7):  # five keystrokes in quick succession: only the last is analysed
        text += "#"
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                                 "contentChanges": [{"text": text}]})
    _alive(server)
    assert server.proc.poll() is None
