"""What every command shares: exit codes, the --date type, loading rules, reading a case, help texts.

Each command module depends on this one and never on another command module.

A command module is imported once per process, but the language may change after that
(``speaking()``, a test that sets GRONDSLAG_LANG): so a command or option keeps its help as
the English message id and translates it each time click reads it, never at import.
click asks the standard ``gettext`` for its own words ("Usage:", "Missing argument"), which
chooses the language from LANG; the policy lets only GRONDSLAG_LANG choose
(docs/language-policy.md). `speak_click` points click's modules at our catalogue instead;
the words a person meets on the command line are marked below (CLICK_WORDS), so that they
are extracted into it and translated like ours.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import sys

import click

from dsl.i18n import N_, _, ngettext

# The engine (parser, checker, Lark) is imported inside the helpers that need it, so that
# `grondslag --help` and the group listing start fast (docs/performance.md).

EXIT_RULES, EXIT_INPUT, EXIT_BATCH = 1, 2, 3
EXIT_INTERNAL = 70  # EX_SOFTWARE: a defect in grondslag itself, never the user's input
EXIT_ABORTED = 4  # batch stopped before the end (a worker process died): nothing was written to --output


class _Translated:
    """`help` is kept as its message id and read in the tool language each time click formats it."""

    @property
    def help(self):
        return _(self._help_id) if self._help_id else self._help_id

    @help.setter
    def help(self, value):
        self._help_id = value


class _TranslatedCommand(_Translated):
    """A command or group: its help, and that of its --help option, speak the tool language."""

    def get_help_option(self, ctx):
        """click makes the --help option once, in the language of that moment: say its help in today's."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP)
        return option


HELP = N_("Show this message and exit.")


class Command(_TranslatedCommand, click.Command):
    """A command whose help (given as help=N_("..."), not as a docstring) speaks the tool language."""


class Group(_TranslatedCommand, click.Group):
    """A group whose help speaks the tool language."""


class Option(_Translated, click.Option):
    """An option whose help speaks the tool language."""


command = functools.partial(click.command, cls=Command)
option = functools.partial(click.option, cls=Option)


# click's own words on the command line: the help page and the usage errors of the options we use.
CLICK_WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Show the version and exit."),
    N_("default: {default}"), N_("required"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"), N_("Missing argument"),
    N_("Missing option"), N_("Missing parameter"), N_("Missing command."), N_("No such option {name!r}."),
    N_("No such command {name!r}."), N_("Option {name!r} does not take a value."), N_("Aborted!"),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a directory."),
    N_("Could not open file {filename!r}: {message}"), N_("file"), N_("directory"), N_("path"),
)
# The same for click's words with a plural: never called, only marked (ngettext) for extraction.
CLICK_PLURALS = (
    lambda n: ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n),
    lambda n: ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", n),
    lambda n: ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n),
    lambda n: ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n),
)


def speak_click() -> None:
    """Let click's modules translate their words through the grondslag catalogue (GRONDSLAG_LANG)."""
    import gettext
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is gettext.gettext:
                module._ = _
            if getattr(module, "ngettext", None) is gettext.ngettext:
                module.ngettext = ngettext


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
