"""grondslag analyse: conflicts, gaps, dead rules and exceptions, proven on Z3, with witnesses.

Z3 is imported only when the command runs, so `grondslag --help` stays fast.
"""

from __future__ import annotations

import sys

import click

from dsl.i18n import N_, _, ngettext
from interpreter.cli.common import EXIT_INPUT, EXIT_RULES, command, fail, option, use_colour


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""
    main.add_command(analyse)


@command(help=N_("Find conflicts, gaps, dead rules and redundant exceptions before a case hits them.\n\n"
                 "Exit 0 when there is no finding (acknowledged ones and remarks do not count), 1 otherwise."))
@click.argument("rules", type=click.Path(exists=True))
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help=N_("text: FILE:LINE:COL: fout|opmerking|erkend: MESSAGE, with the witness case; json: one object."))
@option("--write-voorbeelden", "voorbeelden_path", type=click.Path(dir_okay=False),
        help=N_("Write every witness as a worked example to this .voorbeelden file."))
def analyse(rules, fmt, voorbeelden_path):
    from dsl.diagnostics import RulesError
    from interpreter.analysis.findings import analyse as run_analysis
    from interpreter.analysis.loading import load_for_analysis
    from interpreter.analysis.report import format_text, to_json, voorbeelden
    from interpreter.case import CaseError

    try:
        regulation, checker_conflicts = load_for_analysis(rules)
    except CaseError as exc:
        fail(str(exc), EXIT_INPUT)
    except RulesError as exc:
        click.echo(exc.format(use_colour(sys.stderr)), err=True)
        n = sum(1 for d in exc.diagnostics if d.is_error)
        fail(ngettext("{rules}: {n} error in the rule files; run 'grondslag check {rules}'",
                      "{rules}: {n} errors in the rule files; run 'grondslag check {rules}'", n)
             .format(rules=rules, n=n),
             EXIT_RULES)
    report = run_analysis(regulation, checker_conflicts)
    if fmt == "json":
        click.echo(to_json(report), nl=False)
    else:
        sources = {}
        for f in report.findings:
            if f.span.file not in sources:
                try:
                    with open(f.span.file, encoding="utf-8") as fh:
                        sources[f.span.file] = fh.read()
                except OSError:
                    sources[f.span.file] = ""
        click.echo(format_text(report, sources), nl=False)
    if voorbeelden_path:
        try:
            with open(voorbeelden_path, "w", encoding="utf-8") as fh:
                fh.write(voorbeelden(report, regulation))
        except OSError as exc:
            fail(_("cannot write {path}: {reason}").format(path=voorbeelden_path, reason=exc.strerror), EXIT_INPUT)
    sys.exit(1 if report.counted else 0)

