"""The grondslag command line: a thin layer over the Python API.

Exit codes (see docs/cli.md): 0 success, 1 errors in the rule files, 2 bad
usage or bad case input, 3 some batch lines failed, 70 a defect in grondslag.
The commands live in one module per kind of user; each adds itself to the group.
"""

from __future__ import annotations

import importlib
import sys

import click

from dsl.i18n import N_
from dsl.i18n import _ as tr  # '_' is a throw-away name in this module
from interpreter import __version__
from interpreter.cli.common import EXIT_INTERNAL, Group, Option, speak_click

speak_click()  # click's own words ("Usage:", "Missing argument") in the tool language too

# command -> (the module that defines it, the first paragraph of its help). A command module is imported
# only when one of its commands runs, so `grondslag --help` lists them from here without importing any;
# tests/test_startup.py checks this table against the commands themselves. The summaries are message ids.
COMMANDS = {
    "analyse": ("analysis", N_("Find conflicts, gaps, dead rules and redundant exceptions before a case hits them.")),
    "batch": ("evaluation", N_("Evaluate one case per input line; one result line per input line, in order.")),
    "check": ("evaluation", N_("Parse, resolve and type-check rule files; print every problem.")),
    "compile": ("evaluation",
                N_("Print the Python source that batch runs for a regulation (for reading and debugging).")),
    "coverage": ("drafting", N_("Which provisions are encoded, and which rules the examples exercise.")),
    "diff": ("review", N_("Compare two versions of a regulation: provisions, and outcomes on cases.")),
    "eval": ("evaluation", N_("Evaluate one case and print its decisions with their citations.")),
    "fmt": ("editor", N_("Lay out rule files in the one canonical layout (in place).")),
    "graph": ("review", N_("Draw how decisions, definitions and facts depend on each other, with their provisions.")),
    "lsp": ("editor", N_("Run the language server over standard input and output (for editors).")),
    "schema": ("drafting", N_("Print a JSON Schema (draft 2020-12) of a case for the regulation.")),
    "serve": ("service", N_("Serve regulations over HTTP (JSON, OpenAPI at /v1/openapi.json).")),
    "test": ("drafting", N_("Run the worked examples (.voorbeelden) of a regulation.")),
}


class _Commands(dict):
    """name -> command, a command module imported (and registered) when one of its commands is first asked for."""

    group: click.Group

    def _register(self, module: str) -> None:
        importlib.import_module(f"interpreter.cli.{module}").register(self.group)

    def _everything(self) -> None:
        for module in dict.fromkeys(m for m, _ in COMMANDS.values()):
            if not all(dict.__contains__(self, n) for n, (m, _) in COMMANDS.items() if m == module):
                self._register(module)

    def __missing__(self, name):
        if name not in COMMANDS:
            raise KeyError(name)
        self._register(COMMANDS[name][0])
        return dict.__getitem__(self, name)

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name):
        return name in COMMANDS or dict.__contains__(self, name)

    def __iter__(self):
        self._everything()
        return dict.__iter__(self)

    def __len__(self):
        self._everything()
        return dict.__len__(self)

    def keys(self):
        self._everything()
        return dict.keys(self)

    def items(self):
        self._everything()
        return dict.items(self)

    def values(self):
        self._everything()
        return dict.values(self)


class _Group(Group):
    """The grondslag group: commands loaded on use; the list in --help comes from COMMANDS."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)
        self.commands.group = self

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(dict.keys(self.commands)))

    def format_commands(self, ctx, formatter):  # click's, from the summaries in COMMANDS
        stand_ins = {name: click.Command(name, help=tr(summary)) for name, (_, summary) in COMMANDS.items()}
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, (stand_ins.get(name) or self.get_command(ctx, name)).get_short_help_str(limit))
                for name in names]
        with formatter.section(tr("Commands")):  # click's own word, in our catalogue
            formatter.write_dl(rows)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("grondslag: rules as code for Dutch municipal regulations.\n\n"
                     "Every decision names the article, paragraph and item it rests on."))
@click.version_option(__version__, "-V", "--version", prog_name="grondslag", cls=Option,
                      help=N_("Show the version and exit."))
def main():
    """The command group; its help is the message above, so that it is read in the tool language."""


def run() -> None:
    """The console entry point: a defect in grondslag is reported in one line, not as a traceback."""
    try:  # not standalone: click would turn Ctrl-C into exit 1, which means errors in the rule files
        code = main.main(standalone_mode=False)
    except click.exceptions.Abort as exc:
        interrupted = isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt)
        click.echo(tr("grondslag: interrupted") if interrupted else tr("Aborted!"), err=True)
        sys.exit(130 if interrupted else 1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:  # Ctrl-C exits 130, as in a shell; temporary files are already removed
        click.echo(tr("grondslag: interrupted"), err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001
        click.echo(tr("grondslag: internal error ({kind}: {problem}); please report it with the command you ran")
                   .format(kind=type(exc).__name__, problem=exc), err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)


if __name__ == "__main__":  # pragma: no cover
    run()
