"""The columnar engine against the per-case engine, as ratios measured in one run.

    python benchmarks/bench_columnar.py [--cases 1000000] [--sample 20000] [--process-cases 200000]
                                        [--rounds 3] [--chunk-size 65536] [--no-parity]

Method (docs/performance.md, "Population scale"): N seeded Schinnen cases are generated
once with numpy (benchmarks/columnar_cases.py: the distribution of bench.schinnen_case)
and kept as an Arrow table, a Parquet file and a JSON Lines file. CPU time is measured
(time.process_time in this process; RUSAGE_CHILDREN for a subprocess), contenders
interleaved, the median of the rounds reported.

- API: Regulation.evaluate_table over the whole Arrow table in one call, which evaluates it in
  chunks of its own (CHUNK_ROWS, 131,072 rows; --api-chunk-size) (Arrow in, Arrow out: all
  decisions with citations, missing and notes) against Regulation.evaluate on the same
  cases as dicts (a sample of --sample cases; cases per second compared);
- process: `grondslag batch --cases N.parquet --output out.parquet` against
  `grondslag batch --cases N.jsonl --output out.jsonl` (per case), whole processes, on
  --process-cases cases; peak memory (ru_maxrss) of the Parquet run at N cases;
- parity: `grondslag batch --engine columnar` from Parquet to JSON Lines against the
  per-case batch on the JSON Lines of the same N cases: the files must be identical
  byte for byte (every value, citation, missing fact and note of every case).
Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import GRONDSLAG, ROOT, precompile  # noqa: E402  (bench.py puts the repository on the path)

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from columnar_cases import json_case, schinnen_table  # noqa: E402


def write_jsonl(table: pa.Table, path: Path) -> None:
    """The same cases as JSON Lines."""
    with path.open("w", encoding="utf-8") as fh:
        for batch in table.to_batches(max_chunksize=65536):
            fh.writelines(json.dumps(json_case(row)) + "\n" for row in batch.to_pylist())


def child(cmd) -> tuple[float, int, int]:
    """(CPU seconds, peak RSS KiB of this child alone, exit code)."""
    code = ("import resource,subprocess,sys,time;"
            "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
            "print(u.ru_utime+u.ru_stime,u.ru_maxrss,p.returncode)")
    out = subprocess.run([sys.executable, "-c", code, *map(str, cmd)], capture_output=True, text=True)
    cpu, rss, rc = out.stdout.split()
    return float(cpu), int(rss), int(rc)


def api_columnar(regulation, table: pa.Table, chunk: int | None) -> tuple[float, int]:
    """The whole table in one call, as a developer makes it: evaluate_table cuts it in chunks of
    its own (CHUNK_ROWS, or chunk)."""
    t = time.process_time()
    result = regulation.evaluate_table(table, chunk_size=chunk)
    return time.process_time() - t, int(result.schema.metadata[b"grondslag.fallback_rows"])


def api_per_case(regulation, cases: list[dict]) -> float:
    t = time.process_time()
    for case in cases:
        try:
            regulation.evaluate(case)
        except Exception:  # noqa: BLE001 - a bad case costs what it costs in both engines
            pass
    return time.process_time() - t


def parity(table: pa.Table, tmp: Path, chunk: int) -> str:
    """Per case (JSON Lines in) and columnar (Parquet in), both to standard output, compared line by
    line as they stream: no 7 GB of files on disk."""
    pq.write_table(table, tmp / "parity.parquet")
    write_jsonl(table, tmp / "parity.jsonl")
    rules = ROOT / "rules" / "schinnen"
    ref = subprocess.Popen([*GRONDSLAG, "batch", rules, "--cases", tmp / "parity.jsonl"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    col = subprocess.Popen([*GRONDSLAG, "batch", rules, "--cases", tmp / "parity.parquet", "--engine", "columnar",
                            "--chunk-size", str(chunk)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lines = diff = 0
    for x, y in zip(ref.stdout, col.stdout):
        lines += 1
        diff += x != y
    extra = sum(1 for _ in ref.stdout) + sum(1 for _ in col.stdout)
    ref.wait()
    col.wait()
    (tmp / "parity.jsonl").unlink()
    return f"parity at {lines:,} cases: {diff} lines differ, {extra} lines in one output only"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--process-cases", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--chunk-size", type=int, default=65536, help="rows per chunk of `grondslag batch`")
    ap.add_argument("--api-chunk-size", type=int, default=None,
                    help="rows per chunk of evaluate_table (default: its own, CHUNK_ROWS)")
    ap.add_argument("--no-parity", action="store_true")
    ap.add_argument("--parity-only", action="store_true", help="only the parity run at --cases cases")
    args = ap.parse_args()
    precompile()

    import interpreter
    regulation = interpreter.load(ROOT / "rules" / "schinnen")
    table = schinnen_table(args.cases, seed=1)
    if args.parity_only:
        print(parity(table, Path(tempfile.mkdtemp(prefix="grondslag-parity-")), args.chunk_size))
        return
    sample = table.slice(0, args.sample).to_pylist()
    tmp = Path(tempfile.mkdtemp(prefix="grondslag-columnar-"))
    small = table.slice(0, args.process_cases)
    pq.write_table(small, tmp / "small.parquet")
    write_jsonl(small, tmp / "small.jsonl")
    pq.write_table(table, tmp / "all.parquet")

    col, per, fb = [], [], 0
    proc_col, proc_per = [], []
    for _ in range(args.rounds):
        seconds, fb = api_columnar(regulation, table, args.api_chunk_size)
        col.append(seconds / args.cases)
        per.append(api_per_case(regulation, sample) / len(sample))
        c1, _, _ = child([*GRONDSLAG, "batch", ROOT / "rules" / "schinnen", "--cases", tmp / "small.parquet",
                          "--output", tmp / "small.out.parquet", "--chunk-size", args.chunk_size])
        c2, _, _ = child([*GRONDSLAG, "batch", ROOT / "rules" / "schinnen", "--cases", tmp / "small.jsonl",
                          "--output", tmp / "small.out.jsonl"])
        proc_col.append(c1)
        proc_per.append(c2)
    c_col, c_per = statistics.median(col), statistics.median(per)
    from interpreter.columnar.table import CHUNK_ROWS
    print(f"cases: {args.cases:,} (per-case API sample {len(sample):,}); chunk of batch {args.chunk_size:,}, "
          f"of evaluate_table {args.api_chunk_size or CHUNK_ROWS:,}")
    print(f"columnar API: {1 / c_col:,.0f} cases/s (fallback rows: {fb:,})")
    print(f"per-case API: {1 / c_per:,.0f} cases/s")
    print(f"API ratio: {c_per / c_col:.1f}x  (target >= 30x, >= 700k cases/s)")
    p_col, p_per = statistics.median(proc_col), statistics.median(proc_per)
    print(f"process, {args.process_cases:,} cases: Parquet->Parquet {p_col:.2f} s CPU, "
          f"JSONL->JSONL per case {p_per:.2f} s CPU: {p_per / p_col:.1f}x  (target >= 10x)")
    cpu, rss, rc = child([*GRONDSLAG, "batch", ROOT / "rules" / "schinnen", "--cases", tmp / "all.parquet",
                          "--output", tmp / "all.out.parquet", "--chunk-size", args.chunk_size])
    print(f"Parquet->Parquet at {args.cases:,} cases: {cpu:.1f} s CPU, peak memory {rss / 1024:.0f} MB, exit {rc}")
    if not args.no_parity:
        print(parity(table, tmp, args.chunk_size))
    print(f"files in {tmp}")


if __name__ == "__main__":
    main()
