"""The grondslag command line: a thin layer over the Python API.

Exit codes (see docs/cli.md): 0 success, 1 errors in the rule files, 2 bad
usage or bad case input, 3 some batch lines failed, 70 a defect in grondslag.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import sys

import click

from dsl.diagnostics import RulesError
from dsl.loader import check_paths
from interpreter import __version__
from interpreter.api import Regulation, load
from interpreter.case import CaseError, parse_date, parse_json
from interpreter.result import dumps

EXIT_RULES, EXIT_INPUT, EXIT_BATCH = 1, 2, 3


class _DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(value, "--date")
        except CaseError as exc:
            self.fail(str(exc), param, ctx)


DATE = _DateType()


def _fail(message: str, code: int):
    click.echo(f"grondslag: error: {message}", err=True)
    sys.exit(code)


def _load(rules: str) -> Regulation:
    try:
        regulation = load(rules)
        # The compiled regulation lives as long as the command: keep the garbage collector
        # from scanning it again and again while cases are evaluated.
        gc.freeze()
        return regulation
    except CaseError as exc:  # a folder of regulations on several subjects: bad usage
        _fail(str(exc), EXIT_INPUT)
    except RulesError as exc:
        click.echo(exc.format(), err=True)
        n = sum(1 for d in exc.diagnostics if d.is_error)
        _fail(f"{rules}: {n} error{'s' if n != 1 else ''} in the rule files; run 'grondslag check {rules}'",
              EXIT_RULES)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grondslag")
def main():
    """grondslag: rules as code for Dutch municipal regulations.

    Every decision names the article, paragraph and item it rests on.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: FILE:LINE:COL: error: MESSAGE with the source line; json: one object per problem.")
def check(paths, fmt):
    """Parse, resolve and type-check rule files; print every problem."""
    diagnostics, sources = check_paths(paths)
    from dsl.diagnostics import sort_key
    diagnostics = sorted(diagnostics, key=sort_key)
    if fmt == "json":
        click.echo(dumps([d.to_dict() for d in diagnostics]))
    else:
        for d in diagnostics:
            click.echo(d.format(sources.get(d.span.file)))
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if fmt == "text":
        click.echo(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
                   err=True)
    sys.exit(EXIT_RULES if errors else 0)


def _read_case(path: str):
    try:
        with click.open_file(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        _fail(f"cannot read case file {path}: {exc.strerror}", EXIT_INPUT)
    try:
        return parse_json(text)
    except CaseError as exc:
        _fail(f"{path}: {exc}", EXIT_INPUT)


@main.command("eval")
@click.argument("rules", type=click.Path(exists=True))
@click.option("--case", "case_path", required=True, help="The case as a JSON file ('-' for standard input).")
@click.option("--date", type=DATE, help="The peildatum; overrides the case's own 'peildatum'.")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "html"]),
              help="json: the result object; text: a Dutch explanation; html: a self-contained page with the "
                   "derivation and the law text. Default: text on a terminal, else json.")
@click.option("--derivation/--no-derivation", default=True, show_default=True,
              help="Include the derivation of each decision in JSON output.")
@click.option("--output", "output", default="-", help="Where to write the result (default: stdout).")
def eval_(rules, case_path, date, fmt, derivation, output):
    """Evaluate one case and print its decisions with their citations."""
    regulation = _load(rules)
    case = _read_case(case_path)
    try:
        result = regulation.evaluate(case, date)
    except CaseError as exc:
        _fail(f"{case_path}: {exc}", EXIT_INPUT)
    if fmt is None:
        fmt = "text" if sys.stdout.isatty() and output == "-" else "json"
    if fmt == "json":
        text = result.to_json(derivation=derivation) + "\n"
    elif fmt == "html":
        from interpreter.report import render_html
        text = render_html(result, regulation.version_on(result.date).program.model)
    else:
        from interpreter.explain import explain
        version = regulation.version_on(result.date)
        text = explain(result, version.program.model)
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror}", EXIT_INPUT)


def evaluate_line(regulation: Regulation, n: int, raw: bytes, date, derivation: bool) -> tuple[bool, str]:
    """One batch line -> (ok, the JSON line to write). Never raises: a line is never lost."""
    try:
        line = raw.decode("utf-8")
        if not line.strip():
            raise CaseError("empty line: expected a JSON case")
        result = regulation.evaluate(parse_json(line), date)
        return True, result.to_json(derivation=derivation, indent=None)
    except UnicodeDecodeError as exc:
        message = f"the line is not UTF-8 text ({exc.reason})"
    except CaseError as exc:
        message = str(exc)
    except Exception as exc:  # noqa: BLE001 - a defect in grondslag must not cost the other lines
        message = f"internal error ({type(exc).__name__}: {exc}); please report it with this line"
    return False, dumps({"line": n, "error": message}, indent=None)


class _Worker:
    """A batch worker process: compiles the regulation once, then evaluates lines."""

    regulation: Regulation | None = None
    date = None
    derivation = False

    @classmethod
    def start(cls, rules: str, date, derivation: bool) -> None:
        cls.regulation, cls.date, cls.derivation = load(rules), date, derivation

    @classmethod
    def line(cls, item: tuple[int, bytes]) -> tuple[bool, str]:
        return evaluate_line(cls.regulation, item[0], item[1], cls.date, cls.derivation)


@main.command()
@click.argument("rules", type=click.Path(exists=True))
@click.option("--cases", "cases_path", required=True, help="One JSON case per line ('-' for standard input).")
@click.option("--date", type=DATE, help="The peildatum for every case; overrides each case's own.")
@click.option("--output", "output", default="-", help="Where to write one result per line (default: stdout).")
@click.option("--derivation/--no-derivation", default=False, show_default=True,
              help="Include the derivation of each decision.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per core). The output is the same, in the same order.")
def batch(rules, cases_path, date, output, derivation, jobs):
    """Evaluate one case per input line; one result line per input line, in order."""
    regulation = _load(rules)
    failed = 0
    try:
        src = click.open_file(cases_path, "rb")
    except OSError as exc:
        _fail(f"cannot read {cases_path}: {exc.strerror}", EXIT_INPUT)
    try:
        out = click.open_file(output, "w", encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}", EXIT_INPUT)
    jobs = jobs or os.cpu_count() or 1
    with src, out:
        numbered = enumerate(src, start=1)
        if jobs == 1:
            results = (evaluate_line(regulation, n, raw, date, derivation) for n, raw in numbered)
            for ok, text in results:
                failed += not ok
                out.write(text + "\n")
        else:
            with multiprocessing.Pool(jobs, _Worker.start, (rules, date, derivation)) as pool:
                for ok, text in pool.imap(_Worker.line, numbered, chunksize=256):
                    failed += not ok
                    out.write(text + "\n")
    if failed:
        click.echo(f"grondslag: {failed} line{'s' if failed != 1 else ''} could not be evaluated", err=True)
        sys.exit(EXIT_BATCH)


# Commands for reviewers (diff, graph), drafters (test, coverage, fmt, schema) and editors (lsp)
# live in their own modules; each adds its commands to the group.
from interpreter import cli_drafter, cli_editor, cli_review  # noqa: E402

for _module in (cli_review, cli_drafter, cli_editor):
    _module.register(main)


EXIT_INTERNAL = 70  # EX_SOFTWARE: a defect in grondslag itself, never the user's input


def run() -> None:
    """The console entry point: a defect in grondslag is reported in one line, not as a traceback."""
    try:
        main()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001
        click.echo(f"grondslag: internal error ({type(exc).__name__}: {exc}); please report it with the "
                   f"command you ran", err=True)
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    run()
