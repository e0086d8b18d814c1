"""Commands for evaluating cases: check (rule files), eval (one case) and batch (JSON Lines)."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from dsl.i18n import N_, ngettext
from interpreter.cli.common import (DATE, EXIT_ABORTED, EXIT_BATCH, EXIT_INPUT, EXIT_RULES, command, fail,
                                    load_rules, option, progress, read_case, use_colour)

# The engine is imported inside the commands: `grondslag --help` must not load Lark and the checker.


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""
    for cmd in (check, eval_, batch, compile_):
        main.add_command(cmd)


@command("compile", help=N_("Print the Python source that batch runs for a regulation (for reading and debugging)."))
@click.argument("rules", type=click.Path(exists=True))
@option("--date", type=DATE, help=N_("The version in force on this date (default: every version)."))
def compile_(rules, date):
    from interpreter.case import CaseError
    from interpreter.codegen import Unsupported, source_of
    regulation = load_rules(rules)
    try:
        versions = [regulation.version_on(date)] if date is not None else list(regulation.versions)
    except CaseError as exc:
        fail(str(exc), EXIT_INPUT)
    for version in versions:
        info = version.info
        click.echo("# " + tr("{id}, in force from {date}").format(id=info.id, date=info.valid_from.isoformat())
                   .replace("\n", " "))
        try:
            click.echo(source_of(version))
        except Unsupported as exc:
            click.echo("# " + tr("not compiled ({problem}): batch evaluates this version with the tree").format(
                problem=exc) + "\n")


@command(help=N_("Parse, resolve and type-check rule files; print every problem."))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help=N_("text: FILE:LINE:COL: error: MESSAGE with the source line; json: one object per problem."))
def check(paths, fmt):
    from dsl.loader import check_paths
    from interpreter.result import dumps
    diagnostics, sources = check_paths(paths)
    from dsl.diagnostics import sort_key
    diagnostics = sorted(diagnostics, key=sort_key)
    if fmt == "json":
        click.echo(dumps([d.to_dict() for d in diagnostics]))
    else:
        colour = use_colour(sys.stdout)
        for d in diagnostics:
            click.echo(d.format(sources.get(d.span.file), colour), color=colour or None)
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    if fmt == "text":
        click.echo(ngettext("{n} error", "{n} errors", errors).format(n=errors) + ", "
                   + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings), err=True)
    sys.exit(EXIT_RULES if errors else 0)


@command("eval", help=N_("Evaluate one case and print its decisions with their citations."))
@click.argument("rules", type=click.Path(exists=True))
@option("--case", "case_path", required=True,
        help=N_("The case as a JSON file, or YAML when it ends in .yaml/.yml ('-': JSON on standard input)."))
@option("--date", type=DATE, help=N_("The peildatum; overrides the case's own 'peildatum'."))
@option("--format", "fmt", type=click.Choice(["json", "text", "html"]),
        help=N_("json: the result object; text: a Dutch explanation; html: a self-contained page with the "
                "derivation and the law text. Default: text on a terminal, else json."))
@option("--derivation/--no-derivation", default=True, show_default=True,
        help=N_("Include the derivation of each decision in JSON output."))
@option("--output", "output", default="-", help=N_("Where to write the result (default: stdout)."))
@option("--waarom-niet", "why_not", metavar="DECISION",
        help=N_("Also say what would have to change for DECISION to come out otherwise (docs/analysis.md)."))
@option("--vast", "fixed", multiple=True, metavar="FACT", help=N_("With --waarom-niet: a fact that may not change."))
def eval_(rules, case_path, date, fmt, derivation, output, why_not, fixed):
    from interpreter.case import CaseError
    from interpreter.result import dumps
    regulation = load_rules(rules)
    case = read_case(case_path)
    try:
        result = regulation.evaluate(case, date)
    except CaseError as exc:
        fail(f"{case_path}: {exc}", EXIT_INPUT)
    counterfactual = None
    if why_not:  # Z3 is loaded only when asked for
        from interpreter.analysis import why_not as find_changes
        try:
            counterfactual = find_changes(regulation, case, why_not, date, fixed=fixed)
        except CaseError as exc:
            fail(f"--waarom-niet: {exc}", EXIT_INPUT)
    extra = (("Wat moet anders?", counterfactual.text),) if counterfactual else ()
    if fmt is None:
        fmt = "text" if sys.stdout.isatty() and output == "-" else "json"
    if fmt == "json":
        text = result.to_json(derivation=derivation) + "\n" if not counterfactual else \
            dumps({**result.to_dict(derivation=derivation), "waarom_niet": counterfactual.to_dict()}) + "\n"
    elif fmt == "html":
        from interpreter.motivation.html import render_html
        text = render_html(result, regulation.version_for(result).program.model, extra)
    else:
        from interpreter.motivation.text import explain
        version = regulation.version_for(result)
        text = explain(result, version.program.model, extra)
    if output == "-":
        click.echo(text, nl=False)
    else:
        from interpreter import fileio
        try:  # atomic: a full disk or Ctrl-C never leaves a half-written result
            fileio.write_text(output, text)
        except fileio.WriteError as exc:
            fail(str(exc), EXIT_INPUT)


@command(help=N_("Evaluate one case per input line; one result line per input line, in order."))
@click.argument("rules", type=click.Path(exists=True))
@option("--cases", "cases_path", required=True,
        help=N_("One JSON case per line ('-' for standard input), or a Parquet or CSV file of cases."))
@option("--date", type=DATE, help=N_("The peildatum for every case; overrides each case's own."))
@option("--output", "output", default="-", help=N_("Where to write one result per line (default: stdout)."))
@option("--derivation/--no-derivation", default=False, show_default=True,
        help=N_("Include the derivation of each decision."))
@option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
        help=N_("Worker processes (0: one per core). The output is the same, in the same order."))
@option("--engine", type=click.Choice(["auto", "per-case", "columnar"]), default="auto", show_default=True,
        help=N_("columnar: whole chunks at once on Arrow (rows it cannot represent go per case); auto: "
                "columnar for Parquet or CSV, per case for JSON Lines to JSON Lines."))
@option("--input-format", type=click.Choice(["jsonl", "parquet", "csv"]),
        help=N_("Format of --cases (default: by extension, .parquet, .csv, else JSON Lines)."))
@option("--output-format", type=click.Choice(["jsonl", "parquet"]),
        help=N_("Format of --output (default: by extension, .parquet, else JSON Lines)."))
@option("--chunk-size", type=click.IntRange(min=1), default=65536, show_default=True,
        help=N_("Rows per chunk of the columnar engine: memory is bounded by the chunk, not the input."))
def batch(rules, cases_path, date, output, derivation, jobs, engine, input_format, output_format, chunk_size):
    regulation = load_rules(rules)
    jobs = jobs or os.cpu_count() or 1
    from interpreter.columnar.batch import dispatch  # Parquet, CSV, the columnar engine: docs/population.md
    failed = dispatch(regulation, cases_path, output, date, derivation, engine, input_format, output_format,
                      chunk_size, progress, fail)
    if failed is None:
        failed = _run_batch(rules, regulation, cases_path, output, date, derivation, jobs)
    if failed:
        click.echo(ngettext("grondslag: {n} line could not be evaluated", "grondslag: {n} lines could not be evaluated",
                            failed).format(n=failed), err=True)
        sys.exit(EXIT_BATCH)


def _run_batch(rules, regulation, cases_path, output, date, derivation, jobs) -> int:
    """Read, evaluate, write. `--output F` is written to F.partial and renamed to F only when every
    line is written: F is never left half-written (docs/performance.md). Returns the failed lines."""
    from interpreter import batch as runner
    from interpreter import fileio
    try:
        src = click.open_file(cases_path, "rb")
    except OSError as exc:
        fail(tr("cannot read {path}: {reason}").format(path=cases_path, reason=exc.strerror), EXIT_INPUT)
    # A device or a pipe (/dev/null) is written as it is: renaming over it would replace it.
    direct = output != "-" and fileio.is_special(output)
    target = None if output == "-" or direct else runner.partial_name(output)
    try:
        out = sys.stdout.buffer if output == "-" else open(output if direct else target, "wb")
    except OSError as exc:
        fail(tr("cannot write {path}: {reason}").format(path=output, reason=exc.strerror), EXIT_INPUT)
    done = False
    try:
        with src:
            if jobs == 1:
                lines = runner.make_lines(regulation, date, derivation)
                with progress(src, tr("cases")) as numbered:  # a bar on a terminal only
                    _, failed = runner.run_one(lines, numbered, out.write)
            else:
                path = None if cases_path == "-" else cases_path
                try:
                    _, failed = runner.run_jobs(rules, regulation, path, src, out.write, date, derivation, jobs,
                                                out=out)
                except (KeyboardInterrupt, runner.BatchAborted) as exc:  # the pool is stopped: exit now
                    if target is not None:
                        out.close()
                        with contextlib.suppress(OSError):
                            os.unlink(target)
                    if isinstance(exc, KeyboardInterrupt):
                        click.echo(tr("grondslag: interrupted"), err=True)
                        runner.hard_exit(130)
                    click.echo(tr("grondslag: error: {message}").format(message=exc) + "; "
                               + (tr("the output above is incomplete") if target is None
                                  else tr("nothing was written to {path}").format(path=output)), err=True)
                    runner.hard_exit(EXIT_ABORTED)
        out.flush()
        if target is not None:
            os.fsync(out.fileno())
            out.close()
            os.replace(target, output)
        elif direct:
            out.close()
        done = True
        return failed
    except OSError as exc:
        fail(tr("cannot write {path}: {reason}").format(path=output, reason=exc.strerror), EXIT_INPUT)
    finally:
        if not done and target is not None:  # Ctrl-C, a dead worker, a full disk: no partial file stays
            out.close()
            with contextlib.suppress(OSError):
                os.unlink(target)
