"""The grondslag command line: a thin layer over the Python API.

Exit codes (see docs/cli.md): 0 success, 1 errors in the rule files, 2 bad
usage or bad case input, 3 some batch lines failed, 70 a defect in grondslag.
The commands live in one module per kind of user; each adds itself to the group.
"""

from __future__ import annotations

import sys

import click

from interpreter import __version__
from interpreter.cli import drafting, editor, evaluation, review
from interpreter.cli.common import EXIT_INTERNAL


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grondslag")
def main():
    """grondslag: rules as code for Dutch municipal regulations.

    Every decision names the article, paragraph and item it rests on.
    """


for _module in (evaluation, review, drafting, editor):
    _module.register(main)


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
