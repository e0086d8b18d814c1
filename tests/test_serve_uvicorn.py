"""A real `grondslag serve` (uvicorn) on a free loopback port: the CLI's bytes over HTTP, under load.

The server is the installed command in its own process; the expectations come from the
CLI (`grondslag eval`, `grondslag batch`), never from a copy of the service's own code.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from interpreter.case import parse_json
from interpreter.service.catalog import regulation_paths, served_id
from tests.conftest import ROOT, RULES

SERVED = {served_id(p): p for p in regulation_paths([RULES])}  # schinnen, participatiewet, diemen
PUBLIC = ROOT.parent / "shared" / "examples" / "schinnen"  # the public examples, beside the repository
CASE_FILES = sorted([("schinnen", p) for p in PUBLIC.glob("*.case.json")]
                    + [(id, p) for id, folder in SERVED.items() for p in (folder / "cases").glob("*.case.json")])
CLIENTS, REQUESTS = 8, 100  # bounded load: 800 requests, a few seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serving(*args: str):
    """`grondslag serve ARGS` on a free loopback port, until the block ends: (base URL, process)."""
    port = _free_port()
    cmd = [sys.executable, "-c", "from interpreter.cli import main; main()", "serve", *args, "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to 60 s on a busy machine
            if proc.poll() is not None:
                pytest.fail(f"grondslag serve stopped: {proc.stderr.read().decode()}")
            try:
                if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("grondslag serve did not answer within 60 s")
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server():
    with _serving(str(RULES)) as running:
        yield running


def test_it_listens_on_loopback_only(server):
    base, _ = server
    assert base.startswith("http://127.0.0.1:")
    assert "127.0.0.1" in httpx.get(f"{base}/v1/health").url.host


@pytest.mark.parametrize("id, path", CASE_FILES, ids=[f"{i}:{p.parent.parent.name}/{p.name}" for i, p in CASE_FILES])
def test_http_equals_grondslag_eval_byte_for_byte(server, cli, id, path):
    base, _ = server
    content = path.read_bytes()
    headers = {"Content-Type": "application/json"}
    for query, flag in (("?afleiding=true", "--derivation"), ("", "--no-derivation")):
        expected = cli("eval", SERVED[id], "--case", path, "--format", "json", flag)
        assert expected.exit_code == 0, expected
        got = httpx.post(f"{base}/v1/regelingen/{id}/evaluaties{query}", content=content, headers=headers)
        assert got.status_code == 200
        assert got.content == expected.stdout.encode("utf-8")


def test_the_installed_command_gives_the_same_bytes(server):
    base, _ = server
    path = SERVED["schinnen"] / "cases" / "income-unknown.case.json"
    out = subprocess.run([sys.executable, "-c", "from interpreter.cli import main; main()", "eval",
                          str(SERVED["schinnen"]), "--case", str(path), "--format", "json"],
                         cwd=ROOT, capture_output=True, timeout=120)
    got = httpx.post(f"{base}/v1/regelingen/schinnen/evaluaties?afleiding=true", content=path.read_bytes(),
                     headers={"Content-Type": "application/json"})
    assert out.returncode == 0 and got.content == out.stdout


def _cases(n: int) -> list[str]:
    """Varied Schinnen cases, some of them wrong, as JSON lines (a fixed seed: the same every run)."""
    rng = random.Random(15)
    folder = SERVED["schinnen"] / "cases"
    base = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.case.json"))]
    flags = ["woont_in_gemeente", "ingeschreven_als_werkzoekende", "gesubsidieerde_arbeid",
             "voorliggende_voorziening_toereikend", "neemt_deel_aan_voorziening", "verplichtingen_nagekomen"]
    out = []
    for k in range(n):
        case = dict(rng.choice(base))
        for f in rng.sample(flags, 2):
            case[f] = rng.choice([True, False, None])
        case["gezinsinkomen"] = rng.choice(["1200.50", 2500, "3100.01", None])
        case["uitkering"] = rng.choice(["wwb", "ioaw", "anw", "geen"])
        if k % 11 == 5:
            case["uitkerig"] = "wwb"  # a typo: refused, with the same message as the CLI
        if k % 13 == 7:
            case["peildatum"] = "2020-01-01"  # no version in force
        out.append(json.dumps(case))
    return out


def test_concurrent_load_every_answer_is_the_clis(server, cli, tmp_path):
    base, proc = server
    cases = _cases(60)
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(cases) + "\n", encoding="utf-8")
    expected_batch = cli("batch", SERVED["schinnen"], "--cases", path).stdout
    expected = expected_batch.splitlines()
    assert len(expected) == len(cases)
    answers: list[tuple[int, int, bytes]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(c: int):
        try:
            with httpx.Client(base_url=base, timeout=60) as http:
                for r in range(REQUESTS):
                    if r % 25 == 24:  # now and then a whole batch
                        got = http.post("/v1/regelingen/schinnen/evaluaties/batch",
                                        content=path.read_bytes(), headers={"Content-Type": "application/x-ndjson"})
                        with lock:
                            answers.append((-1, got.status_code, got.content))
                        continue
                    k = (c * REQUESTS + r) % len(cases)
                    got = http.post("/v1/regelingen/schinnen/evaluaties", content=cases[k],
                                    headers={"Content-Type": "application/json"})
                    with lock:
                        answers.append((k, got.status_code, got.content))
        except BaseException as exc:  # noqa: BLE001 - reported below, not lost in a thread
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(answers) == CLIENTS * REQUESTS  # nothing lost
    for k, status, body in answers:
        if k == -1:
            assert status == 200 and body.decode("utf-8") == expected_batch
            continue
        line = parse_json(expected[k])
        if "error" in line:
            assert status == 422 and json.loads(body)["detail"] == line["error"]
        else:
            assert status == 200 and parse_json(body.decode("utf-8")) == line
    assert proc.poll() is None and httpx.get(f"{base}/v1/health").status_code == 200


def test_several_workers_give_the_same_bytes(server):
    base, _ = server
    case = (SERVED["schinnen"] / "cases" / "bijstand-resident.case.json").read_bytes()
    headers = {"Content-Type": "application/json"}
    one = httpx.post(f"{base}/v1/regelingen/schinnen/evaluaties", content=case, headers=headers)
    with _serving(str(SERVED["schinnen"]), "--workers", "2") as (workers, _):
        answers = [httpx.post(f"{workers}/v1/regelingen/schinnen/evaluaties", content=case, headers=headers)
                   for _ in range(6)]
        assert httpx.get(f"{workers}/v1/regelingen").json()[0]["id"] == "schinnen"
    assert one.status_code == 200
    assert {(a.status_code, a.content, a.headers["etag"]) for a in answers} == {(200, one.content, one.headers["etag"])}
