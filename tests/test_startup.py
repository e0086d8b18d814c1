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


def test_help_imports_no_command_module():
    code = ("import sys; from interpreter.cli import run; sys.argv[1:] = ['--help']\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print('|' + ','.join(sorted(m for m in sys.modules if m.startswith('interpreter.cli.') "
            "and m not in ('interpreter.cli.app', 'interpreter.cli.common'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.rsplit("|", 1)[1].strip() == ""


def test_the_command_table_says_what_the_commands_say():
    """`grondslag --help` lists the commands from app.COMMANDS: it must name every command, its module and
    the first paragraph of its help exactly (update COMMANDS when a command is added or its help changes)."""
    import importlib

    import click

    from interpreter.cli import app

    group = click.Group()
    for module in dict.fromkeys(m for m, _ in app.COMMANDS.values()):
        importlib.import_module(f"interpreter.cli.{module}").register(group)
    real = {name: (cmd.callback.__module__.rsplit(".", 1)[1], (cmd.help or "").partition("\n\n")[0])
            for name, cmd in group.commands.items()}
    assert real == app.COMMANDS
    assert not any(cmd.hidden or cmd.short_help or cmd.deprecated for cmd in group.commands.values())
    assert set(app.main.commands) == set(app.COMMANDS)  # and the group itself finds every one of them
