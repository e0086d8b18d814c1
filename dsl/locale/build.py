"""Keep the message catalogues in step with the code: extract, merge, compile.

    python dsl/locale/build.py            # grondslag.pot from the code; merge into every .po; compile .mo

The .po files are the source a translator edits; the .mo files are compiled from them and
committed, so that an install (also 'pip install -e .' from a clean clone) needs no build step.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KEYWORDS = ["-k", "_", "-k", "tr", "-k", "msg", "-k", "N_", "-k", "ngettext:1,2"]


def main() -> None:
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(pybabel + ["extract", *KEYWORDS, "--no-location", "--sort-output", "--project=grondslag",
                              "-o", str(HERE / "grondslag.pot"), "dsl", "interpreter"], cwd=ROOT, check=True)
    subprocess.run(pybabel + ["update", "-i", str(HERE / "grondslag.pot"), "-d", str(HERE), "-D", "grondslag",
                              "--no-fuzzy-matching"], cwd=ROOT, check=True)
    subprocess.run(pybabel + ["compile", "-d", str(HERE), "-D", "grondslag", "--statistics"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
