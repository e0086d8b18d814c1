"""Commands for working on rule files in an editor: fmt (the formatter) and lsp (the language server).

Exit codes are those of the main CLI: 0 success, 1 a file has syntax errors
or (with --check) would change, 2 bad usage.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from dsl.formatter import FormatError, format_source


def _rule_files(paths) -> list[Path]:
    from dsl.loader import rule_files
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise click.UsageError(f"no such file or folder: {p}")
        found = rule_files(path)
        if path.is_dir() and not found:
            click.echo(f"grondslag: no .rules files in {p}", err=True)
        out.extend(found)
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fmt_command(paths, check: bool, diff: bool) -> None:
    """Format the given files in place (or check them); exit 1 when something is wrong."""
    if paths == ("-",):
        source = sys.stdin.read()
        try:
            click.echo(format_source(source, "<stdin>"), nl=False)
        except FormatError as exc:
            for d in exc.diagnostics:
                click.echo(d.format(source), err=True)
            sys.exit(1)
        return
    changed = unchanged = failed = 0
    for path in _rule_files(paths):
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            click.echo(f"{path}:1:1: error: cannot read the file ({exc})", err=True)
            failed += 1
            continue
        try:
            formatted = format_source(source, str(path))
        except FormatError as exc:
            for d in exc.diagnostics:
                click.echo(d.format(source), err=True)
            click.echo(f"{path}: not formatted; the file is left as it is", err=True)
            failed += 1
            continue
        if formatted == source:
            unchanged += 1
            continue
        changed += 1
        if diff:
            click.echo("".join(difflib.unified_diff(source.splitlines(keepends=True),
                                                    formatted.splitlines(keepends=True),
                                                    str(path), f"{path} (formatted)")), nl=False)
        if check:
            click.echo(f"would reformat {path}")
        else:
            path.write_text(formatted, encoding="utf-8")
            click.echo(f"reformatted {path}")
    verb = "would be reformatted" if check else "reformatted"
    summary = [f"{_plural(changed, 'file')} {verb}", f"{_plural(unchanged, 'file')} already formatted"]
    if failed:
        summary.append(f"{_plural(failed, 'file')} with errors")
    click.echo(", ".join(summary), err=True)
    if failed or (check and changed):
        sys.exit(1)


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""

    @main.command("fmt")
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not in the canonical layout.")
    @click.option("--diff", is_flag=True,
                  help="Show what would change, as a unified diff; changes nothing (like --check).")
    def fmt(paths, check, diff):
        """Lay out rule files in the one canonical layout (in place).

        Comments and every text in quotes are kept exactly; the meaning never
        changes. PATH may be a file, a folder of .rules files, or '-' to
        format standard input to standard output. Files with syntax errors are
        reported and left untouched.
        """
        fmt_command(paths, check or diff, diff)

    @main.command("lsp")
    def lsp():
        """Run the language server over standard input and output (for editors)."""
        from interpreter.editor.lsp import serve
        serve()
