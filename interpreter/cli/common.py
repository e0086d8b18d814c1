"""What every command shares: exit codes, the --date type, loading rules, reading a case.

Each command module depends on this one and never on another command module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys

import click

from dsl.i18n import _, ngettext

# The engine (parser, checker, Lark) is imported inside the helpers that need it, so that
# `grondslag --help` and the group listing start fast (docs/performance.md).

EXIT_RULES, EXIT_INPUT, EXIT_BATCH = 1, 2, 3
EXIT_INTERNAL = 70  # EX_SOFTWARE: a defect in grondslag itself, never the user's input
EXIT_ABORTED = 4  # batch stopped before the end (a worker process died): nothing was written to --output


class _DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        from interpreter.case import CaseError, parse_date
        try:
            return parse_date(value, "--date")
        except CaseError as exc:  # click names the option itself: no "--date: --date:"
            self.fail(str(exc).removeprefix("--date: "), param, ctx)


DATE = _DateType()


def use_colour(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    stream = sys.stderr if stream is None else stream
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def progress(iterable, label: str, length: int | None = None, at_least: int = 0):
    """A progress bar on stderr for long runs, only on a terminal: a pipe or a log stays clean.

    Use as ``with progress(items, "cases") as items: for item in items: ...``. With `at_least`,
    a sized input shorter than that gets no bar (a small run needs none).
    """
    isatty = getattr(sys.stderr, "isatty", None)
    size = length if length is not None else (len(iterable) if hasattr(iterable, "__len__") else None)
    if not (isatty and isatty()) or (size is not None and size < at_least):
        return contextlib.nullcontext(iterable)
    return click.progressbar(iterable, length=length, label=label, file=sys.stderr, show_pos=True)


def fail(message: str, code: int):
    click.echo(_("grondslag: error: {message}").format(message=message), err=True)
    sys.exit(code)


def load_rules(rules: str):
    """The compiled regulation (interpreter.api.Regulation), or exit 1/2 with the problems."""
    from dsl.diagnostics import RulesError
    from interpreter.api import load
    from interpreter.case import CaseError
    try:
        regulation = load(rules)
        # The compiled regulation lives as long as the command: keep the garbage collector
        # from scanning it again and again while cases are evaluated.
        gc.freeze()
        return regulation
    except CaseError as exc:  # a folder of regulations on several subjects: bad usage
        fail(str(exc), EXIT_INPUT)
    except RulesError as exc:
        click.echo(exc.format(use_colour(sys.stderr)), err=True)
        n = sum(1 for d in exc.diagnostics if d.is_error)
        fail(ngettext("{rules}: {n} error in the rule files; run 'grondslag check {rules}'",
                      "{rules}: {n} errors in the rule files; run 'grondslag check {rules}'", n)
             .format(rules=rules, n=n), EXIT_RULES)


def read_case(path: str):
    try:
        with click.open_file(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        fail(_("cannot read case file {path}: {reason}").format(path=path, reason=exc.strerror), EXIT_INPUT)
    except UnicodeDecodeError as exc:
        fail(_("{path}: the case file is not UTF-8 text (byte 0x{byte} at byte offset {offset}: {reason}); save "
               "it as UTF-8").format(path=path, byte=exc.object[exc.start:exc.start + 1].hex(), offset=exc.start,
                                     reason=exc.reason), EXIT_INPUT)
    from interpreter.case import CaseError
    from interpreter.casefile import parse_case_text
    try:
        return parse_case_text(text, path)  # YAML for .yaml/.yml, else JSON
    except CaseError as exc:
        fail(f"{path}: {exc}", EXIT_INPUT)
