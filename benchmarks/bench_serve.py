"""Throughput of `grondslag serve` next to the CLI and the Python API, on this machine.

    python benchmarks/bench_serve.py [--cases 2000] [--clients 8] [--rounds 3] [--workers 1]

Starts a real server (uvicorn, loopback, free port) on rules/schinnen and measures, in
interleaved rounds (so machine noise hits every variant alike), the median of:
- API: Regulation.evaluate + to_json in this process, the hand-written baseline (no HTTP);
- HTTP single: POST /evaluaties, one case per request, from N client threads with keep-alive;
- HTTP batch: POST /evaluaties/batch, 1000 lines per request, one client;
- CLI batch: `grondslag batch` on the same cases (process start included);
- CLI eval: `grondslag eval` once per case (process start per case; a few cases only).
Besides throughput (wall clock, which on a shared machine depends on everything else that
runs), it reports CPU time per case (user + system: of the server process from /proc, of
this process for the API, of the child for the CLI) and its ratio to the API baseline,
which is steadier. Measured here, never in a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import interpreter  # noqa: E402
from bench import schinnen_case  # noqa: E402

RULES = str(ROOT / "rules" / "schinnen")
CLI = [sys.executable, "-c", "from interpreter.cli import main; main()"]
JSON = {"Content-Type": "application/json"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """user + system CPU time of a process and its children that ended, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([*CLI, "serve", RULES, "--port", str(port), "--workers", str(workers)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def http_single(base: str, bodies: list[bytes], clients: int) -> float:
    """Seconds to send every body as one request, spread over `clients` threads."""
    failures = []

    def run(part):
        with httpx.Client(base_url=base, timeout=60) as http:
            for body in part:
                if http.post("/v1/regelingen/schinnen/evaluaties", content=body, headers=JSON).status_code != 200:
                    failures.append(body)

    threads = [threading.Thread(target=run, args=(bodies[c::clients],)) for c in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    assert not failures, f"{len(failures)} requests failed"
    return elapsed


def http_batch(base: str, lines: list[bytes], per_request: int = 1000) -> float:
    t = time.perf_counter()
    with httpx.Client(base_url=base, timeout=600) as http:
        for k in range(0, len(lines), per_request):
            body = b"".join(lines[k:k + per_request])
            r = http.post("/v1/regelingen/schinnen/evaluaties/batch", content=body,
                          headers={"Content-Type": "application/x-ndjson"})
            assert r.status_code == 200 and r.content.count(b"\n") == len(lines[k:k + per_request])
    return time.perf_counter() - t


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cli_batch(path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `grondslag batch` run."""
    c, t = _children_cpu(), time.perf_counter()
    subprocess.run([*CLI, "batch", RULES, "--cases", str(path), "--output", os.devnull], check=True, cwd=ROOT)
    return time.perf_counter() - t, _children_cpu() - c


def cli_eval(paths: list[Path]) -> float:
    t = time.perf_counter()
    for p in paths:
        subprocess.run([*CLI, "eval", RULES, "--case", str(p), "--format", "json", "--no-derivation"],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def api(regulation, cases: list[dict]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of evaluating every case in this process."""
    c, t = time.process_time(), time.perf_counter()
    for case in cases:
        regulation.evaluate(case).to_json()
    return time.perf_counter() - t, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--eval-cases", type=int, default=5, help="cases for `grondslag eval`, one process each")
    args = ap.parse_args()

    rng = random.Random(2004)
    cases = [schinnen_case(rng) for _ in range(args.cases)]
    lines = [(json.dumps(c) + "\n").encode() for c in cases]
    regulation = interpreter.load(RULES)
    gc.freeze()  # as the CLI and the server do after loading: the collector leaves the compiled rules alone
    proc, base = start_server(args.workers)
    times: dict[str, list[float]] = {k: [] for k in ("api", "single", "batch", "cli batch", "cli eval")}
    cpu: dict[str, list[float]] = {"api": [], "single": [], "batch": [], "cli batch": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "cases.jsonl"
            src.write_bytes(b"".join(lines))
            singles = []
            for k in range(args.eval_cases):
                p = Path(tmp) / f"case{k}.json"
                p.write_bytes(lines[k])
                singles.append(p)
            http_single(base, lines[:50], args.clients)  # warm up connections and caches
            for _ in range(args.rounds):
                wall, used = api(regulation, cases)
                times["api"].append(wall)
                cpu["api"].append(used)
                c0 = _cpu_seconds(proc.pid)
                times["single"].append(http_single(base, lines, args.clients))
                c1 = _cpu_seconds(proc.pid)
                times["batch"].append(http_batch(base, lines))
                c2 = _cpu_seconds(proc.pid)
                cpu["single"].append(c1 - c0)
                cpu["batch"].append(c2 - c1)
                wall, used = cli_batch(src)
                times["cli batch"].append(wall)
                cpu["cli batch"].append(used)
                times["cli eval"].append(cli_eval(singles))
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    n, med = args.cases, {k: statistics.median(v) for k, v in times.items()}
    rate = {k: (args.eval_cases if k == "cli eval" else n) / v for k, v in med.items()}
    ms = {k: statistics.median(v) / n * 1000 for k, v in cpu.items()}  # CPU ms per case
    one = args.workers == 1  # with several workers the server's CPU is spread over processes: not shown
    print(f"{n} Schinnen cases, {args.rounds} interleaved rounds (median), {os.cpu_count()} cores, "
          f"server workers: {args.workers}, HTTP clients: {args.clients}")
    print(f"{'':40} {'throughput':>18}  {'CPU ms/case':>11}  {'CPU x API':>9}")
    rows = [("API evaluate + to_json (baseline)", "api", "cases/s"),
            ("HTTP POST /evaluaties, one per request", "single", "requests/s"),
            ("HTTP POST /evaluaties/batch, 1000/req", "batch", "cases/s"),
            ("grondslag batch (process start incl.)", "cli batch", "cases/s")]
    for label, key, unit in rows:
        shown = key in ("api", "cli batch") or one
        cpu_text = f"{ms[key]:11.3f}  {ms[key] / ms['api']:9.2f}" if shown else f"{'-':>11}  {'-':>9}"
        print(f"{label:40} {rate[key]:7.0f} {unit:<10}  {cpu_text}")
    print(f"{'grondslag eval, one process per case':40} {rate['cli eval']:7.1f} {'cases/s':<10}")

if __name__ == "__main__":
    main()
