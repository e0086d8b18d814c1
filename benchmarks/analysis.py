"""CPU time of `grondslag analyse` and of one counterfactual, per regulation (docs/analysis.md).

    python benchmarks/analysis.py [--rounds 5]

Method: each regulation is loaded once; the analysis (every solver question, every witness
found, minimised and evaluated) is timed with time.process_time() over several rounds, and
the best and the median are printed. The target of issue 16 is under 5 s for Schinnen.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from interpreter.analysis import analyse, why_not
    from interpreter.analysis.loading import load_for_analysis

    for path in ("rules/schinnen", "rules/participatiewet", "rules/diemen"):
        regulation, conflicts = load_for_analysis(ROOT / path)
        times = []
        for _ in range(args.rounds):
            start = time.process_time()
            report = analyse(regulation, conflicts)
            times.append(time.process_time() - start)
        print(f"{path}: analyse best {min(times):.3f} s, median {statistics.median(times):.3f} s "
              f"({report.decisions} decisions, {report.rules} rules, {len(report.findings)} findings)")
    case = json.loads((ROOT / "rules/schinnen/cases/nugger-income-too-high.case.json").read_text(encoding="utf-8"))
    regulation, _ = load_for_analysis(ROOT / "rules/schinnen")
    times = []
    for _ in range(args.rounds):
        start = time.process_time()
        why_not(regulation, case, "aanspraak_op_ondersteuning")
        times.append(time.process_time() - start)
    print(f"waarom-niet aanspraak_op_ondersteuning: best {min(times):.3f} s, median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
