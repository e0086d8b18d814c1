"""Commands for reviewers: `diff` (what a rule change changes, and for whom) and `graph`."""

from __future__ import annotations

import sys

import click

from dsl.i18n import N_, _
from interpreter.cli.common import DATE, Command, option, progress

EXIT_SAME, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


def _error(message: str):
    click.echo(_("grondslag: error: {message}").format(message=message), err=True)
    sys.exit(EXIT_ERROR)


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""

    @main.command("diff", cls=Command,
                  help=N_("Compare two versions of a regulation: provisions, and outcomes on cases.\n\n"
                          "OLD and NEW are .rules files, folders, or git revisions as REV:PATH (main:rules/schinnen). "
                          "Exit 0: no change; 1: something changed; 2: error."))
    @click.argument("old")
    @click.argument("new")
    @option("--cases", "cases_path",
            help=N_("A *.case.json file, a folder of them, or JSON Lines (one case per line; '-' for standard "
                    "input); without it, cases are generated around every constant of either version."))
    @option("--date", type=DATE, help=N_("The peildatum of the comparison (default: a date on which both "
                                         "versions are in force). Overrides the cases' own peildatum."))
    @option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
            show_default=True, help=N_("markdown is ready to paste in a pull-request review."))
    @option("--seed", type=int, default=None, hidden=True, help=N_("Seed of the generated cases."))
    def diff(old, new, cases_path, date, fmt, seed):
        from dsl.diagnostics import RulesError  # here: `grondslag --help` loads no engine
        from interpreter.review import diff as D
        try:
            report = D.run(old, new, cases_path, date, D.SEED if seed is None else seed,
                           progress=lambda cases: progress(cases, _("cases"), at_least=1000))
        except (D.DiffError, D.CasesError) as exc:
            _error(str(exc))
        except RulesError as exc:
            click.echo(exc.format(), err=True)
            _error(_("the rule files have errors; run 'grondslag check' on them"))
        except OSError as exc:
            _error(f"{exc.filename or ''}: {exc.strerror}")
        except Exception as exc:  # noqa: BLE001 - a CI gate needs exit 2, not a traceback
            _error(_("internal error while comparing: {kind}: {problem}").format(kind=type(exc).__name__, problem=exc))
        render = {"text": D.render_text, "markdown": D.render_markdown, "json": D.render_json}[fmt]
        click.echo(render(report), nl=False)
        if report.nothing_evaluated:
            _error(_("not one of the given cases could be evaluated in both versions; the impact is unknown"))
        sys.exit(EXIT_CHANGED if report.changed else EXIT_SAME)

    @main.command("graph", cls=Command,
                  help=N_("Draw how decisions, definitions and facts depend on each other, with their provisions."))
    @click.argument("rules", type=click.Path(exists=True))
    @option("--format", "fmt", type=click.Choice(["dot", "mermaid", "svg"]), default="dot",
            show_default=True, help=N_("svg needs Graphviz ('dot') installed."))
    @option("--date", type=DATE, help=N_("Draw the version in force on this date (default: the latest)."))
    @option("--output", "output", default="-", help=N_("Where to write the picture (default: stdout)."))
    def graph(rules, fmt, date, output):
        from interpreter.review import graph as G
        from dsl.diagnostics import RulesError
        from dsl.loader import load_models
        models, diagnostics, sources = load_models(rules)
        if not models:
            click.echo(RulesError(diagnostics, sources).format(), err=True)
            _error(_("{rules}: the rule files have errors; run 'grondslag check {rules}'").format(rules=rules))
        model = models[-1]
        if date is not None:
            model = next((m for m in models if m.info.in_force(date)), None)
            if model is None:
                _error(_("no version of {rules} is in force on {date}").format(rules=rules, date=date.isoformat()))
        try:
            text = {"dot": G.to_dot, "mermaid": G.to_mermaid, "svg": G.to_svg}[fmt](model)
        except G.GraphError as exc:
            _error(str(exc))
        if output == "-":
            click.echo(text, nl=False)
            return
        from interpreter import fileio
        try:  # atomic; a missing folder is an error with exit 2, not a crash
            fileio.write_text(output, text)
        except fileio.WriteError as exc:
            _error(str(exc))
