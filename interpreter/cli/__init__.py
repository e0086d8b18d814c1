"""The command line, one module per kind of user over a shared helpers module."""

from interpreter.cli.app import main, run

__all__ = ["main", "run"]
