"""Measure compile time and evaluation speed of a regulation (default: Schinnen).

    python benchmarks/bench.py [--cases 100000] [--rules rules/schinnen]

Generates N realistic cases (seeded, so runs compare), then reports:
- compile time: parse + check + compile, best of several runs;
- API: cases per second for Regulation.evaluate, and with every derivation built;
- batch: cases per second for `grondslag batch` end to end (JSON in, JSON out).
Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import interpreter  # noqa: E402


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> str:
    return (start + dt.timedelta(days=rng.randrange((end - start).days))).isoformat()


def schinnen_case(rng: random.Random) -> dict:
    """A case as a caseworker's system would send it: most facts given, some left open."""
    peildatum = dt.date.fromisoformat(random_date(rng, dt.date(2004, 11, 1), dt.date(2014, 12, 31)))
    case = {
        "peildatum": peildatum.isoformat(),
        "geboortedatum": random_date(rng, dt.date(1940, 1, 1), dt.date(1995, 1, 1)),
        "uitkering": rng.choice(["wwb", "wwb", "wwb", "ioaw", "ioaz", "anw", "geen", "geen"]),
        "ingeschreven_als_werkzoekende": rng.random() < 0.8,
        "woont_in_gemeente": rng.random() < 0.95,
        "gesubsidieerde_arbeid": rng.random() < 0.1,
        "gezinsinkomen": f"{rng.randrange(0, 400000) / 100:.2f}",
        "voorliggende_voorziening_toereikend": rng.random() < 0.1,
        "ontheffing_arbeidsverplichting": rng.choice(["geen", "geen", "gedeeltelijk", "volledig"]),
        "voorziening_aangeboden": rng.random() < 0.6,
        "neemt_deel_aan_voorziening": rng.random() < 0.5,
        "verplichtingen_nagekomen": rng.random() < 0.85,
        "bijzondere_omstandigheden": rng.random() < 0.05,
        "kinderen": [{"geboortedatum": random_date(rng, peildatum - dt.timedelta(days=20 * 365), peildatum)}
                     for _ in range(rng.choice([0, 0, 1, 2, 3]))],
        "opvang_nodig_voor_traject": rng.random() < 0.3,
        "budgetplafond_bereikt": rng.random() < 0.05,
        "personenplafond_bereikt": rng.random() < 0.05,
        "arbeid_aanvaard_zonder_voorziening": rng.random() < 0.05,
        "voorziening_draagt_onvoldoende_bij": rng.random() < 0.05,
        "onjuiste_inlichtingen": rng.random() < 0.02,
        "onbillijkheid_van_overwegende_aard": rng.random() < 0.01,
    }
    for key in list(case):  # leave about one fact in ten open: real cases are incomplete
        if key != "peildatum" and rng.random() < 0.1:
            del case[key]
    return case


def best_of(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100_000, help="number of generated cases")
    ap.add_argument("--rules", default=str(ROOT / "rules" / "schinnen"))
    ap.add_argument("--seed", type=int, default=2004)
    ap.add_argument("--skip-batch", action="store_true", help="do not time the CLI")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    cases = [schinnen_case(rng) for _ in range(args.cases)]
    gc.freeze()  # the generated cases are not the interpreter's garbage: keep the collector off them

    compile_s = best_of(lambda: interpreter.load(args.rules), 5)
    regulation = interpreter.load(args.rules)
    print(f"compile (parse + check + compile) : {compile_s * 1000:8.1f} ms  (best of 5)")

    t = time.perf_counter()
    for case in cases:
        regulation.evaluate(case)
    api_s = time.perf_counter() - t
    print(f"API evaluate                      : {args.cases / api_s:8.0f} cases/s  ({args.cases} cases, {api_s:.2f} s)")

    n = min(args.cases, 10_000)
    t = time.perf_counter()
    for case in cases[:n]:
        result = regulation.evaluate(case)
        for d in result.decisions.values():
            d.derivation()
    der_s = time.perf_counter() - t
    print(f"API evaluate + every derivation   : {n / der_s:8.0f} cases/s  ({n} cases)")

    if not args.skip_batch:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "cases.jsonl"
            out = Path(tmp) / "out.jsonl"
            src.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
            exe = Path(sys.executable).with_name("grondslag")
            cmd = [str(exe) if exe.exists() else "grondslag", "batch", args.rules, "--cases", str(src),
                   "--output", str(out)]
            for jobs in ("1", "0"):
                t = time.perf_counter()
                proc = subprocess.run(cmd + ["--jobs", jobs], capture_output=True, text=True, env=dict(os.environ))
                batch_s = time.perf_counter() - t
                lines = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
                status = "ok" if proc.returncode == 0 and lines == args.cases else f"exit {proc.returncode}"
                label = "one process" if jobs == "1" else f"--jobs 0, {os.cpu_count()} cores"
                print(f"grondslag batch ({label:<17}): {args.cases / batch_s:8.0f} cases/s  "
                      f"({lines} lines, {batch_s:.2f} s, {status})")


if __name__ == "__main__":
    main()
