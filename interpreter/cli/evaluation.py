"""Commands for evaluating cases: check (rule files), eval (one case) and batch (JSON Lines)."""

from __future__ import annotations

import multiprocessing
import os
import sys

import click

from dsl.loader import check_paths
from interpreter.api import Regulation, load
from interpreter.case import CaseError, parse_json
from interpreter.cli.common import (DATE, EXIT_BATCH, EXIT_INPUT, EXIT_RULES, fail, load_rules,
                                    read_case)
from interpreter.result import dumps


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""
    for command in (check, eval_, batch):
        main.add_command(command)


@click.command()
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


@click.command("eval")
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
    regulation = load_rules(rules)
    case = read_case(case_path)
    try:
        result = regulation.evaluate(case, date)
    except CaseError as exc:
        fail(f"{case_path}: {exc}", EXIT_INPUT)
    if fmt is None:
        fmt = "text" if sys.stdout.isatty() and output == "-" else "json"
    if fmt == "json":
        text = result.to_json(derivation=derivation) + "\n"
    elif fmt == "html":
        from interpreter.motivation.html import render_html
        text = render_html(result, regulation.version_on(result.date).program.model)
    else:
        from interpreter.motivation.text import explain
        version = regulation.version_on(result.date)
        text = explain(result, version.program.model)
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror}", EXIT_INPUT)


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


@click.command()
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
    regulation = load_rules(rules)
    failed = 0
    try:
        src = click.open_file(cases_path, "rb")
    except OSError as exc:
        fail(f"cannot read {cases_path}: {exc.strerror}", EXIT_INPUT)
    try:
        out = click.open_file(output, "w", encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}", EXIT_INPUT)
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
