"""Commands added to the grondslag CLI by this module (see register)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""
