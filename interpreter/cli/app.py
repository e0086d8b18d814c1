"""The grondslag command line: a thin layer over the Python API.

Exit codes (see docs/cli.md): 0 success, 1 errors in the rule files, 2 bad
usage or bad case input, 3 some batch lines failed, 70 a defect in grondslag.
The commands live in one module per kind of user; each adds itself to the group.
"""

from __future__ import annotations

import sys

import click

from interpreter import __version__
from interpreter.cli import analysis, drafting, editor, evaluation, review, service
from interpreter.cli.common import EXIT_INTERNAL


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="grondslag")
def main():
    """grondslag: rules as code for Dutch municipal regulations.

    Every decision names the article, paragraph and item it rests on.
    """


for _module in (evaluation, review, drafting, editor, service, analysis):
    _module.register(main)


def run() -> None:
    """The console entry point: a defect in grondslag is reported in one line, not as a traceback."""
    try:  # not standalone: click would turn Ctrl-C into exit 1, which means errors in the rule files
        code = main.main(standalone_mode=False)
    except click.exceptions.Abort as exc:
        interrupted = isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt)
        click.echo("grondslag: interrupted" if interrupted else "Aborted!", err=True)
        sys.exit(130 if interrupted else 1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:  # Ctrl-C exits 130, as in a shell; temporary files are already removed
        click.echo("grondslag: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001
        click.echo(f"grondslag: internal error ({type(exc).__name__}: {exc}); please report it with the "
                   f"command you ran", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)


if __name__ == "__main__":  # pragma: no cover
    run()
