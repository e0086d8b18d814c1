"""Issue 14, section 3: what people expect of a finished command-line tool.

Colour and progress depend on a terminal, so those tests run the real command under a
pseudo-terminal (the pty module), not a mock.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import threading
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from interpreter import __version__
from interpreter.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
GRONDSLAG = [str(Path(sys.executable).parent / "grondslag")]  # the installed console script
BAD_RULES = '''regeling "x" {
  titel: "x"
  geldig_vanaf: 2020-01-01
}
artikel 1 {
  feit a: getal
  beslissing b: getal = onbekende_naam
}
'''


def _on_terminal(args, env=None, stdout_tty=True, stdin=None) -> tuple[str, str]:
    """Run grondslag with stderr (and optionally stdout) on a pseudo-terminal; return (stdout, terminal)."""
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}  # as given, else unset
    environment.update(env or {})
    proc = subprocess.Popen(GRONDSLAG + args, stdout=slave if stdout_tty else subprocess.PIPE, stderr=slave,
                            stdin=stdin, cwd=ROOT, env=environment)
    os.close(slave)
    # Drain stdout alongside: a result larger than the pipe's buffer would otherwise block the
    # child until the terminal loop below gives up.
    drained: list[bytes] = []
    reader = None
    if not stdout_tty:
        reader = threading.Thread(target=lambda: drained.append(proc.stdout.read()), daemon=True)
        reader.start()
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    if reader is not None:
        reader.join(timeout=60)
    out = b"".join(drained).decode() if not stdout_tty else ""
    proc.wait(timeout=60)
    os.close(master)
    return out, b"".join(chunks).decode("utf-8", "replace")


def test_minus_capital_v_prints_the_version():
    result = CliRunner().invoke(main, ["-V"])
    assert result.exit_code == 0
    assert result.output.strip() == f"grondslag, version {__version__}"


def _date_options():
    for name, command in main.commands.items():
        for param in command.params:
            if param.name == "date":
                yield name, command, param


def test_every_date_option_has_the_same_metavar():
    found = list(_date_options())
    assert {name for name, _, _ in found} >= {"eval", "batch", "diff", "graph", "coverage", "schema"}
    for name, command, param in found:
        ctx = click.Context(command, info_name=name)
        assert param.make_metavar(ctx) == "YYYY-MM-DD", name


@pytest.mark.parametrize("command", ["eval", "batch", "coverage", "schema", "graph", "diff"])
def test_a_bad_date_is_named_once(command, tmp_path):
    rules = str(ROOT / "rules" / "schinnen")
    args = {"eval": [rules, "--case", "x"], "batch": [rules, "--cases", "x"], "coverage": [rules],
            "schema": [rules], "graph": [rules], "diff": [rules, rules]}[command]
    result = CliRunner().invoke(main, [command, *args, "--date", "2020-13-01"])
    assert result.exit_code == 2
    assert "Invalid value for '--date': '2020-13-01' is not a date that exists" in result.output
    assert result.output.count("--date") == 1


def test_shell_completion_is_clicks_and_documented():
    env = {**os.environ, "_GRONDSLAG_COMPLETE": "bash_source"}
    script = subprocess.run(GRONDSLAG, env=env, capture_output=True, text=True, cwd=ROOT).stdout
    assert "_grondslag_completion" in script
    env = {**os.environ, "_GRONDSLAG_COMPLETE": "bash_complete", "COMP_WORDS": "grondslag ev", "COMP_CWORD": "1"}
    words = subprocess.run(GRONDSLAG, env=env, capture_output=True, text=True, cwd=ROOT).stdout
    assert "plain,eval" in words.splitlines()
    assert "_GRONDSLAG_COMPLETE" in (ROOT / "docs/cli.md").read_text(encoding="utf-8")


def test_diagnostics_are_coloured_on_a_terminal(tmp_path):
    bad = tmp_path / "bad.rules"
    bad.write_text(BAD_RULES, encoding="utf-8")
    _, terminal = _on_terminal(["check", str(bad)])
    assert "\x1b[1;31merror\x1b[0m:" in terminal
    assert "\x1b[32m^" in terminal


def test_no_color_turns_colour_off(tmp_path):
    bad = tmp_path / "bad.rules"
    bad.write_text(BAD_RULES, encoding="utf-8")
    _, terminal = _on_terminal(["check", str(bad)], env={"NO_COLOR": "1"})
    assert ": error:" in terminal
    assert "\x1b[" not in terminal


def test_no_colour_into_a_pipe(tmp_path):
    bad = tmp_path / "bad.rules"
    bad.write_text(BAD_RULES, encoding="utf-8")
    result = subprocess.run(GRONDSLAG + ["check", str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert ": error:" in result.stdout and "\x1b[" not in result.stdout + result.stderr


def _cases_file(tmp_path) -> Path:
    cases = tmp_path / "cases.jsonl"
    case = {"peildatum": "2009-04-01", "woont_in_gemeente": True}
    cases.write_text("".join(json.dumps(case) + "\n" for _ in range(30)), encoding="utf-8")
    return cases


def test_batch_shows_progress_on_a_terminal_and_keeps_stdout_clean(tmp_path):
    out, terminal = _on_terminal(["batch", "rules/schinnen", "--cases", str(_cases_file(tmp_path))],
                                 stdout_tty=False)
    assert "cases" in terminal and "30" in terminal  # the bar, with its position
    lines = out.splitlines()
    assert len(lines) == 30 and all(json.loads(line)["decisions"] for line in lines)


def test_coverage_cases_shows_progress_on_a_terminal(tmp_path):
    _, terminal = _on_terminal(["coverage", "rules/schinnen", "--cases", str(_cases_file(tmp_path))],
                               stdout_tty=False)
    assert "cases" in terminal and "30" in terminal


def test_no_progress_bar_off_a_terminal(tmp_path):
    result = subprocess.run(GRONDSLAG + ["batch", "rules/schinnen", "--cases", str(_cases_file(tmp_path))],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stderr == ""


def test_test_shows_progress_on_a_large_input_only(tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    source = (ROOT / "rules/schinnen/voorbeelden/artikel-04.voorbeelden").read_text(encoding="utf-8")
    for n in range(25):
        (many / f"kopie-{n:02}.voorbeelden").write_text(source, encoding="utf-8")
    out, terminal = _on_terminal(["test", "rules/schinnen", str(many)], stdout_tty=False)
    assert "voorbeelden" in terminal and "25/25" in terminal  # the bar, on the terminal
    assert "passed, 0 failed" in out and "25/25" not in out
    _, small = _on_terminal(["test", "rules/schinnen"], stdout_tty=False)
    assert small == ""  # nine files: no bar


def test_diff_cases_shows_progress_on_a_terminal_from_a_thousand_cases(tmp_path):
    cases = tmp_path / "many.jsonl"
    case = {"peildatum": "2009-04-01", "woont_in_gemeente": True}
    cases.write_text("".join(json.dumps(case) + "\n" for _ in range(1000)), encoding="utf-8")
    out, terminal = _on_terminal(["diff", "rules/schinnen", "rules/schinnen", "--cases", str(cases)],
                                 stdout_tty=False)
    assert "cases" in terminal and "1000/1000" in terminal  # the bar, on the terminal
    assert "1000 van 1000" in out and "1000/1000" not in out
    few = tmp_path / "few.jsonl"
    few.write_text(json.dumps(case) + "\n", encoding="utf-8")
    _, small = _on_terminal(["diff", "rules/schinnen", "rules/schinnen", "--cases", str(few)], stdout_tty=False)
    assert small == ""
