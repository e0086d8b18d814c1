"""The language server, driven over its protocol: JSON-RPC with Content-Length framing on stdio."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen" / "2004"
TIMEOUT = 30  # seconds for any one answer


class Client:
    """A minimal LSP client: requests wait for their answer; notifications are kept in order."""

    def __init__(self, cmd: list[str]):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=ROOT)
        self.inbox: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def send(self, message: dict):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode("utf-8")
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
        self.proc.stdin.flush()

    def _next(self, deadline: float) -> dict:
        try:
            msg = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError("the language server did not answer in time") from None
        assert msg is not None, "the language server stopped: " + self.proc.stderr.read().decode(errors="replace")
        return msg

    def request(self, method: str, params: dict | None = None):
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            msg = self._next(deadline)
            if msg.get("id") == rid and "method" not in msg:
                assert "error" not in msg, msg["error"]
                return msg.get("result")
            if "method" in msg and "id" in msg:  # a request from the server: answer it plainly
                self.send({"id": msg["id"], "result": None})
            elif "method" in msg:
                self.notifications.append(msg)

    def notify(self, method: str, params: dict):
        self.send({"method": method, "params": params})

    def diagnostics_for(self, uri: str) -> list[dict]:
        """The next diagnostics published for uri (those already received first)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, n in enumerate(self.notifications):
                if n["method"] == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri:
                    del self.notifications[: i + 1]
                    return n["params"]["diagnostics"]
            msg = self._next(deadline)
            if "method" in msg and "id" not in msg:
                self.notifications.append(msg)

    def close(self) -> int:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=TIMEOUT)
        return self.proc.returncode


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _start(cmd) -> Client:
    client = Client(cmd)
    result = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    client.caps = result["capabilities"]
    return client


def _stop(client: Client) -> int:
    assert client.request("shutdown") is None
    client.notify("exit", {})
    try:
        return client.proc.wait(timeout=TIMEOUT)
    finally:
        client.close()


@pytest.fixture
def version(tmp_path) -> Path:
    folder = tmp_path / "2004"
    shutil.copytree(SCHINNEN, folder)
    return folder


@pytest.fixture
def server():
    client = _start([sys.executable, "-m", "interpreter.editor.lsp"])
    yield client
    client.close()


def _open(client: Client, path: Path, text: str | None = None):
    text = path.read_text(encoding="utf-8") if text is None else text
    client.notify("textDocument/didOpen", {"textDocument": {"uri": _uri(path), "languageId": "rules", "version": 1,
                                                            "text": text}})
    return text


def _position(text: str, needle: str, offset: int = 1) -> dict:
    """The position of the first needle in text (plus offset characters)."""
    before = text[: text.index(needle)]
    return {"line": before.count("\n"), "character": len(before) - (before.rfind("\n") + 1) + offset}


def test_capabilities(server):
    caps = server.caps
    assert caps["hoverProvider"]
    assert caps["definitionProvider"]
    assert "completionProvider" in caps
    assert caps["documentFormattingProvider"]


def test_diagnostics_as_you_type(server, version):
    path = version / "artikel-04.rules"
    good = path.read_text(encoding="utf-8")
    assert _open(server, path) == good
    assert server.diagnostics_for(_uri(path)) == []

    # a syntax error in the open buffer (not on disk) is reported at its place
    broken = good.replace("  lid 2\n", "  lid\n")
    server.notify("textDocument/didChange", {"textDocument": {"uri": _uri(path), "version": 2},
                                             "contentChanges": [{"text": broken}]})
    (d,) = server.diagnostics_for(_uri(path))
    assert d["severity"] == 1
    assert d["range"]["start"]["line"] == _position(broken, "  lid\n")["line"] + 1  # at the token after 'lid'
    assert "'lid' must be followed by its number" in d["message"]
    assert d["source"] == "grondslag"

    # a name error, found by checking the whole version folder with the buffer in place of the file
    unknown = good.replace("als gezinsinkomen > € 2.500,00", "als gezinsinkomn > € 2.500,00")
    server.notify("textDocument/didChange", {"textDocument": {"uri": _uri(path), "version": 3},
                                             "contentChanges": [{"text": unknown}]})
    diags = server.diagnostics_for(_uri(path))
    assert any("gezinsinkomn" in d["message"] and "gezinsinkomen" in d["message"] for d in diags), diags
    line = _position(unknown, "gezinsinkomn")["line"]
    assert any(d["range"]["start"]["line"] == line for d in diags)

    # fixed again: the diagnostics are cleared
    server.notify("textDocument/didChange", {"textDocument": {"uri": _uri(path), "version": 4},
                                             "contentChanges": [{"text": good}]})
    assert server.diagnostics_for(_uri(path)) == []
    assert path.read_text(encoding="utf-8") == good  # the server never writes files


def test_an_edit_in_one_file_reports_errors_in_another(server, version):
    regeling = version / "regeling.rules"
    text = regeling.read_text(encoding="utf-8")
    renamed = text.replace("feit gezinsinkomen:", "feit inkomen_van_het_gezin:")
    _open(server, regeling, renamed)
    uri4 = _uri(version / "artikel-04.rules")
    diags = server.diagnostics_for(uri4)
    while not diags:  # diagnostics of every file in the folder are published, in file order
        diags = server.diagnostics_for(uri4)
    assert any("gezinsinkomen" in d["message"] for d in diags)


def test_hover_shows_type_description_and_law_text(server, version):
    path = version / "artikel-04.rules"
    text = _open(server, path)
    server.diagnostics_for(_uri(path))
    hover = server.request("textDocument/hover", {"textDocument": {"uri": _uri(path)},
                                                  "position": _position(text, "gezinsinkomen > ")})
    value = hover["contents"]["value"]
    assert "feit gezinsinkomen: bedrag per maand" in value
    assert "Het gezinsinkomen per maand" in value
    assert "artikel 4, vierde lid" in value
    assert "€ 2.500,-bruto" in value  # the law text

    hover = server.request("textDocument/hover", {"textDocument": {"uri": _uri(path)},
                                                  "position": _position(text, "als voorliggende_voorziening", 5)})
    value = hover["contents"]["value"]
    assert "oordeel voorliggende_voorziening_toereikend: ja/nee" in value
    assert "judgement of the college" in value

    hover = server.request("textDocument/hover", {"textDocument": {"uri": _uri(path)},
                                                  "position": _position(text, "aanspraak_op_ondersteuning is")})
    value = hover["contents"]["value"]
    assert "beslissing aanspraak_op_ondersteuning: ja/nee" in value
    assert "Decided in: " in value and "artikel 4, vierde lid (uitzondering)" in value
    assert "Uitkeringsgerechtigden, Anw-ers, Nuggers" in value  # the text of artikel 4, eerste lid

    assert server.request("textDocument/hover", {"textDocument": {"uri": _uri(path)},
                                                 "position": _position(text, "tekst")}) is None


def test_go_to_definition(server, version):
    path = version / "artikel-04.rules"
    text = _open(server, path)
    loc = server.request("textDocument/definition", {"textDocument": {"uri": _uri(path)},
                                                     "position": _position(text, "gezinsinkomen > ")})
    regeling = (version / "regeling.rules").read_text(encoding="utf-8")
    assert loc["uri"] == _uri(version / "regeling.rules")
    assert loc["range"]["start"]["line"] == _position(regeling, "feit gezinsinkomen")["line"]

    loc = server.request("textDocument/definition", {"textDocument": {"uri": _uri(path)},
                                                     "position": _position(text, "aanspraak_op_ondersteuning is")})
    assert loc["uri"] == _uri(path)
    assert loc["range"]["start"]["line"] == _position(text, "beslissing aanspraak_op_ondersteuning")["line"]


def test_completion_of_fact_and_decision_names(server, version):
    path = version / "artikel-04.rules"
    text = _open(server, path)
    result = server.request("textDocument/completion", {"textDocument": {"uri": _uri(path)},  # in a condition
                                                        "position": _position(text, "als gezinsinkomen >", 4)})
    items = {i["label"]: i for i in result["items"]}
    assert "gezinsinkomen" in items and "aanspraak_op_ondersteuning" in items and "nugger" in items
    assert items["gezinsinkomen"]["detail"] == "feit gezinsinkomen: bedrag per maand"
    assert items["bijzondere_omstandigheden"]["detail"] == "oordeel bijzondere_omstandigheden: ja/nee"


def test_formatting(server, version):
    path = version / "artikel-09.rules"
    text = path.read_text(encoding="utf-8")
    messy = text.replace("  tekst", "      tekst")
    _open(server, path, messy)
    edits = server.request("textDocument/formatting", {"textDocument": {"uri": _uri(path)},
                                                       "options": {"tabSize": 2, "insertSpaces": True}})
    assert [e["newText"] for e in edits] == [text]


def test_shutdown_and_exit(version):
    client = _start([sys.executable, "-c", "from interpreter.cli import main; main()", "lsp"])
    assert client.caps["hoverProvider"]
    assert _stop(client) == 0
