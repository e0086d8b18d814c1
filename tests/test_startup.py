"""`grondslag --help` starts fast: the command modules load no parser, checker or Lark.

Checked by what is imported (in a fresh process), not by timing it.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("lark", "dsl.parser", "dsl.checker", "dsl.loader", "interpreter.api", "interpreter.tree",
         "interpreter.compiler", "interpreter.codegen")


def test_the_command_group_imports_no_engine():
    code = ("import sys, interpreter.cli.app as app; "
            "print(','.join(m for m in %r if m in sys.modules))" % (HEAVY,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_help_lists_every_command():
    out = subprocess.run([sys.executable, "-c", "from interpreter.cli import run; run()", "--help"],
                         capture_output=True, text=True)
    assert out.returncode == 0
    for name in ("batch", "check", "eval", "compile", "fmt", "test"):
        assert f"  {name} " in out.stdout


def test_compile_prints_the_generated_python(tmp_path):
    from pathlib import Path
    rules = Path(__file__).resolve().parent.parent / "rules" / "schinnen"
    out = subprocess.run([sys.executable, "-c", "from interpreter.cli import run; run()", "compile", str(rules),
                          "--date", "2010-06-01"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    compile(out.stdout, "generated", "exec")  # it is Python
    assert "def evaluate(facts, date, open_):" in out.stdout
