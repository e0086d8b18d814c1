"""Commands for drafters: test (worked examples), coverage, schema.

Each is a thin layer over its module (interpreter.drafting.runner, .coverage,
.schema); the exit codes are those of the main CLI: 0 success, 1 errors in the
rule files or failing examples, 2 bad input.
"""

from __future__ import annotations

import sys

import click

from dsl.i18n import N_, _, ngettext
from interpreter.cli.common import DATE, EXIT_INPUT, command, fail, load_rules, option, progress, use_colour


LARGE = 20  # .voorbeelden files: from this many on, 'test' shows a progress bar on a terminal


def _show_diagnostics(suite) -> None:
    """Problems in the voorbeelden, on stderr, each with its source line."""
    sources = {f.path: f.source for f in suite.files}
    colour = use_colour(sys.stderr)
    for d in suite.diagnostics:
        click.echo(d.format(sources.get(d.span.file), colour), err=True)


@command("test",
         help=N_("Run the worked examples (.voorbeelden) of a regulation.\n\n"
                 "VOORBEELDEN are files or folders; without them, every .voorbeelden file under RULES (or beside "
                 "it, for a single .rules file) is run. Exit 1 when an example fails, 2 when an example cannot be read "
                 "(syntax, unknown names, bad values)."))
@click.argument("rules", type=click.Path(exists=True))
@click.argument("voorbeelden", nargs=-1, type=click.Path(exists=True))
@option("--update", is_flag=True,
        help=N_("Write the current outcomes into failing expectations (and into examples without any), "
                "after you have checked them."))
@option("-v", "--verbose", is_flag=True, help=N_("Also list the examples that pass."))
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help=N_("text: the readable report; json: every example, check and problem as data."))
def test_cmd(rules, voorbeelden, update, verbose, fmt):
    from interpreter.drafting import report, runner
    regulation = load_rules(rules)
    paths = list(voorbeelden) or runner.default_paths(rules)
    if not runner.find_files(paths):
        fail(_("no .voorbeelden files found in {paths}").format(paths=", ".join(map(str, paths)) or rules), EXIT_INPUT)
    suite = runner.run(regulation, paths, lambda files: progress(files, "voorbeelden", at_least=LARGE))
    if fmt == "json" and not update:
        from interpreter.result import dumps
        click.echo(dumps(report.report_dict(suite)))
        sys.exit(EXIT_INPUT if suite.errors else 1 if suite.failed else 0)
    _show_diagnostics(suite)
    if update:
        from interpreter.drafting.update import update as write_updates
        from interpreter.fileio import WriteError
        try:
            written = write_updates(suite)
        except WriteError as exc:  # files written before it stay written; this one is untouched
            fail(str(exc), EXIT_INPUT)
        for path in written:
            click.echo(_("updated {path}").format(path=path))
        fixed = len(suite.failed) + sum(1 for r in suite.runs if r.ran and not r.example.expectations)
        n = len(suite.runs)
        not_run = len(suite.runs) - sum(1 for r in suite.runs if r.ran)
        click.echo(ngettext("{n} voorbeeld", "{n} voorbeelden", n).format(n=n) + ": "
                   + _("{n} updated").format(n=fixed)
                   + (", " + _("{n} not run").format(n=not_run) if suite.errors else ""))
        sys.exit(EXIT_INPUT if suite.errors else 0)
    for line in report.report_lines(suite, verbose):
        click.echo(line)
    click.echo(report.summary(suite))
    if suite.errors:
        sys.exit(EXIT_INPUT)
    sys.exit(1 if suite.failed else 0)


def _read_cases(regulation, path, date):
    """The results of a JSONL file of cases; a bad line stops with exit 2, naming the line."""
    from interpreter.case import CaseError, parse_json
    results = []
    try:
        src = click.open_file(path, "rb")
    except OSError as exc:
        fail(_("cannot read {path}: {reason}").format(path=path, reason=exc.strerror), EXIT_INPUT)
    with src, progress(enumerate(src, start=1), _("cases")) as lines:  # a bar on a terminal only
        for n, raw in lines:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:  # name the line and the byte, as for any bad line
                fail(_("{path}:{n}: the line is not UTF-8 text (byte 0x{byte} at position {offset})").format(
                         path=path, n=n, byte=raw[exc.start:exc.start + 1].hex(), offset=exc.start), EXIT_INPUT)
            if not line.strip():
                continue
            try:
                results.append(regulation.evaluate(parse_json(line), date))
            except CaseError as exc:
                fail(f"{path}:{n}: {exc}", EXIT_INPUT)
    return results


@command("coverage",
         help=N_("Which provisions are encoded, and which rules the examples exercise.\n\n"
                 "Static: every artikel, lid and onderdeel is encoded, niet uitvoerbaar (with the reason), or "
                 "missing. Dynamic: with the voorbeelden found under RULES (or --cases), whether each rule was ever "
                 "beslissend, and each exception both applied and not applied. See docs/drafters-tools.md for the "
                 "percentages."))
@click.argument("rules", type=click.Path(exists=True))
@option("--cases", "cases_path", help=N_("Measure with these cases (one JSON case per line) instead of the "
                                         "voorbeelden under RULES."))
@option("--date", type=DATE, help=N_("The peildatum for cases without one (with --cases)."))
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
        help=N_("Exit 1 when the static or the dynamic percentage is below PCT."))
@option("--checked", is_flag=True,
        help=N_("Count only the decisions the voorbeelden check under 'verwacht' (not with --cases)."))
def coverage_cmd(rules, cases_path, date, fmt, fail_under, checked):
    from interpreter.drafting import coverage as cov_mod
    from interpreter.drafting import runner
    regulation = load_rules(rules)
    only = None
    if cases_path:
        if checked:
            fail(_("--checked counts what the voorbeelden check; cases from --cases check nothing"), EXIT_INPUT)
        results, source, label = _read_cases(regulation, cases_path, date), "cases", _("cases")
        errors = False
    else:
        paths = runner.default_paths(rules)
        if runner.find_files(paths):
            suite = runner.run(regulation, paths)
            _show_diagnostics(suite)
            results, source, label = suite.results, "voorbeelden", "voorbeelden"
            errors = bool(suite.errors)
            if checked:
                only = [{e.decision for e in r.example.expectations} for r in suite.runs if r.ran]
                label = _("voorbeelden, checked decisions only")
        else:
            results, source, label, errors = None, None, _("runs"), False
    cov = cov_mod.coverage(regulation, results, source, only)
    if fmt == "json":
        from interpreter.result import dumps
        click.echo(dumps(cov.to_dict()))
    else:
        for line in cov_mod.report_lines(cov, label):
            click.echo(line)
        if source is None:
            click.echo(_("(no voorbeelden found: dynamic coverage needs examples or --cases)"))
    if errors:
        sys.exit(EXIT_INPUT)
    if fail_under is not None:
        low = cov.below(fail_under)
        if low:
            words = {"static": _("static"), "dynamic": _("dynamic")}
            click.echo(_("grondslag: coverage below {pct}%: {which}").format(
                pct=f"{fail_under:g}", which=_(" and ").join(words[w] for w in low)), err=True)
            sys.exit(1)


@command("schema", help=N_("Print a JSON Schema (draft 2020-12) of a case for the regulation."))
@click.argument("rules", type=click.Path(exists=True))
@option("--date", type=DATE, help=N_("The version in force on this date (default: the most recent version)."))
def schema_cmd(rules, date):
    from interpreter.case import CaseError
    from interpreter.result import dumps
    from interpreter.schema import case_schema
    regulation = load_rules(rules)
    if date is None:
        version = regulation.versions[-1]
    else:
        try:
            version = regulation.version_on(date)
        except CaseError as exc:
            fail(str(exc), EXIT_INPUT)
    click.echo(dumps(case_schema(version.program.model)))


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""
    main.add_command(test_cmd)
    main.add_command(coverage_cmd)
    main.add_command(schema_cmd)
