"""Per-case speed of grondslag against a hand-written baseline, as ratios measured in one run.

    python benchmarks/bench.py [--cases 20000] [--rounds 3] [--million]

Method (docs/performance.md): N seeded Schinnen cases are generated once. Each measurement
is CPU time (user + system): time.process_time() in this process, resource.getrusage
(RUSAGE_CHILDREN) for a subprocess, so that other load on the machine does not count.
The contenders run interleaved, round after round, and the median of the rounds is
reported; every figure is a ratio to the baseline measured in the same round.

- batch, one job: `grondslag batch` (a whole process: start, compile, read, evaluate,
  write) against benchmarks/baseline_schinnen.py (a whole process too); target <= 1.0x;
- batch --jobs 2: wall-clock time against the baseline's (CPU time adds up over cores);
  target < 0.6x. On a loaded machine wall-clock time is only indicative;
- API: Version.evaluate_facts (validated facts to Result, no JSON) against the baseline's
  evaluate(); reported as speed, target >= 0.5x;
- `grondslag --help`: CPU time of the process, target < 150 ms;
- compile of rules/ (parse, check, compile to the tree, generate and load Python), cold:
  each regulation in a fresh process, nothing cached, the clock started after the imports
  (reported beside it); target < 100 ms per regulation;
- peak memory (ru_maxrss of the child) of batch at 10k and, with --million, 1M cases.
Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

EXE = Path(sys.executable).with_name("grondslag")
GRONDSLAG = [str(EXE)] if EXE.exists() else [sys.executable, "-m", "interpreter.cli.app"]


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


# One regulation from source to a loaded compiled program: parse, check, the evaluation tree,
# the generated Python compiled into a function. Run in a fresh process, so that nothing is
# cached (no parser, no lexer, no compiled program); the clock starts after the imports,
# which the process needs for anything it does and which `--help` measures for the CLI.
_COMPILE = ("import sys,time;sys.path.insert(0,%r);t0=time.process_time();import interpreter,interpreter.api;"
            "from interpreter.codegen import compiled;t1=time.process_time();r=interpreter.load(sys.argv[1]);"
            "vs=[v for g in getattr(r,'regulations',[r]) for v in g.versions];[compiled(v) for v in vs];"
            "t2=time.process_time();print(t1-t0,t2-t1)") % str(ROOT)


def compile_report(rounds: int) -> None:
    """Cold compile of each regulation in rules/ and of rules/ as a whole, in fresh processes,
    interleaved; median and least of the rounds."""
    folders = sorted(p for p in (ROOT / "rules").iterdir() if p.is_dir()) + [ROOT / "rules"]
    imports: list[float] = []
    runs: dict[Path, list[float]] = {f: [] for f in folders}
    for _ in range(rounds):
        for folder in folders:
            p = subprocess.run([sys.executable, "-c", _COMPILE, str(folder)], capture_output=True, text=True)
            i, c = (float(x) for x in (p.stdout.split() or ["nan", "nan"]))
            imports.append(i)
            runs[folder].append(c)
    for folder, r in runs.items():
        name = "rules/ (all three, one process)" if folder.name == "rules" else folder.name
        target = "" if folder.name == "rules" else "  (target < 100 ms)"
        print(f"compile {name:<30}: {statistics.median(r) * 1000:7.0f} ms CPU, cold, no cache "
              f"(least {min(r) * 1000:.0f}){target}")
    print(f"  imports before any compile          : {statistics.median(imports) * 1000:7.0f} ms CPU "
          "(attrs, Lark, our attrs classes; once per process)")


def precompile() -> None:
    """Write the bytecode of the sources first, as a user's installation has it after its first
    run. Where PYTHONDONTWRITEBYTECODE is set (as on the machine these figures come from), a
    process would otherwise compile every source changed since the last .pyc was written, at
    every start: up to 0.4 s that no user pays."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dsl"), str(ROOT / "interpreter")],
                   stdout=subprocess.DEVNULL, check=False)


def child_run(cmd: list[str], **kw) -> tuple[float, float, int, int]:
    """(CPU seconds, wall seconds, peak RSS in KiB, exit code) of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 3):
        sys.stderr.write(proc.stderr.decode(errors="replace"))
    return cpu, wall, after.ru_maxrss, proc.returncode


def peak_rss(cmd: list[str]) -> int:
    """ru_maxrss of one child, measured in a fresh helper so earlier children do not count."""
    code = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def write_cases(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(n):
            fh.write(json.dumps(schinnen_case(rng)) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=20_000, help="cases per batch run")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2004)
    ap.add_argument("--million", action="store_true", help="also measure peak memory at 1,000,000 cases")
    ap.add_argument("--skip-batch", action="store_true", help="leave out the batch runs (the slowest part)")
    ap.add_argument("--compile-only", action="store_true", help="only the cold compile of rules/")
    args = ap.parse_args()
    precompile()
    if args.compile_only:
        compile_report(max(9, args.rounds))
        return
    rules = ROOT / "rules" / "schinnen"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{args.cases} cases, {args.rounds} rounds, median of CPU time (user + system)\n")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "cases.jsonl"
        write_cases(src, args.cases, args.seed)
        out = tmp / "out.jsonl"
        baseline_cmd = [sys.executable, str(ROOT / "benchmarks" / "baseline_schinnen.py"), str(src), str(out)]
        import baseline_schinnen  # noqa: E402 - its constants, stored once, as a hand-written program has them
        table_path = tmp / "table.json"
        table_path.write_text(json.dumps(baseline_schinnen.table()), encoding="utf-8")
        os.environ["BASELINE_TABLE"] = str(table_path)
        batch_cmd = [*GRONDSLAG, "batch", str(rules), "--cases", str(src), "--output", str(out)]
        rows: dict[str, list] = {"baseline": [], "batch": [], "jobs2": []}
        for _ in range(0 if args.skip_batch else args.rounds):  # interleaved: each round runs each once
            rows["baseline"].append(child_run(baseline_cmd))
            rows["batch"].append(child_run(batch_cmd + ["--jobs", "1"]))
            rows["jobs2"].append(child_run(batch_cmd + ["--jobs", "2"]))
        med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v))
               for k, v in rows.items() if v}
        base_cpu, base_wall = med.get("baseline", (float("nan"), float("nan")))
        print(f"baseline (hand-written), whole process : {base_cpu:7.2f} s CPU  "
              f"({base_cpu / args.cases * 1e6:6.1f} us/case)")
        med.setdefault("batch", (float("nan"),) * 2)
        med.setdefault("jobs2", (float("nan"),) * 2)
        print(f"batch, one job, whole process         : {med['batch'][0]:7.2f} s CPU  "
              f"ratio {med['batch'][0] / base_cpu:5.2f}x   (target <= 1.0x)")
        print(f"batch --jobs 2, wall clock            : {med['jobs2'][1]:7.2f} s wall "
              f"ratio {med['jobs2'][1] / base_wall:5.2f}x   (target < 0.6x; baseline wall {base_wall:.2f} s)")
        print(f"batch --jobs 2, CPU of all processes  : {med['jobs2'][0]:7.2f} s CPU  "
              f"ratio {med['jobs2'][0] / base_cpu:5.2f}x")
        print(f"batch --jobs 2 against one job, wall  : {med['jobs2'][1]:7.2f} s against {med['batch'][1]:.2f} s: "
              f"{med['jobs2'][1] / med['batch'][1]:5.2f}x   (about 0.5x when two cores are free)")

        # API: validated facts -> Result, against the baseline's function, in this process
        import interpreter
        from interpreter.case import read_facts
        regulation = interpreter.load(rules)
        rng = random.Random(args.seed)
        cases = [schinnen_case(rng) for _ in range(min(args.cases, 20_000))]
        prepared = []
        for case in cases:
            when = dt.date.fromisoformat(case["peildatum"])
            version = regulation.version_on(when)
            prepared.append((version, read_facts(case, version.fact_types), when))
        gc.freeze()
        api, tree, base = [], [], []
        for _ in range(args.rounds):
            t = time.process_time()
            for case in cases:
                baseline_schinnen.evaluate(case, dt.date.fromisoformat(case["peildatum"]))
            base.append(time.process_time() - t)
            t = time.process_time()
            for version, facts, when in prepared:
                version.evaluate_compiled(facts, when)
            api.append(time.process_time() - t)
            t = time.process_time()
            for version, facts, when in prepared:
                version.evaluate_facts(facts, when)
            tree.append(time.process_time() - t)
        a, b, tr = statistics.median(api), statistics.median(base), statistics.median(tree)
        print(f"API evaluate_compiled (as evaluate)   : {a / len(cases) * 1e6:7.1f} us/case  "
              f"speed {b / a:5.2f}x the baseline's   (target >= 0.5x; baseline {b / len(cases) * 1e6:.1f} us)")
        print(f"  the tree (evaluate_facts)           : {tr / len(cases) * 1e6:7.1f} us/case  speed {b / tr:5.2f}x")

        helps = [child_run([*GRONDSLAG, "--help"])[0] for _ in range(max(11, args.rounds))]  # cheap: more runs
        print(f"grondslag --help                      : {statistics.median(helps) * 1000:7.0f} ms CPU  (target < 150 ms)")
        python = [child_run([sys.executable, "-c", "pass"])[0] for _ in range(max(11, args.rounds))]
        print(f"  (python -c pass alone               : {statistics.median(python) * 1000:7.0f} ms CPU)")

        compile_report(max(9, args.rounds))

        small = tmp / "small.jsonl"
        write_cases(small, 10_000, args.seed)
        rss = {10_000: peak_rss([*GRONDSLAG, "batch", str(rules), "--cases", str(small), "--output", str(out)])}
        rss_jobs = peak_rss([*GRONDSLAG, "batch", str(rules), "--cases", str(small), "--output", str(out),
                             "--jobs", "2"])
        if args.million:
            bigf = tmp / "million.jsonl"
            with bigf.open("wb") as fh, small.open("rb") as s:
                data = s.read()
                for _ in range(100):
                    fh.write(data)
            rss[1_000_000] = peak_rss([*GRONDSLAG, "batch", str(rules), "--cases", str(bigf), "--output", str(out)])
        for n, kib in rss.items():
            print(f"peak memory, batch of {n:>9,} cases   : {kib / 1024:7.1f} MB (ru_maxrss)")
        print(f"peak memory, --jobs 2, 10,000 cases    : {rss_jobs / 1024:7.1f} MB (largest process)")


if __name__ == "__main__":
    main()
