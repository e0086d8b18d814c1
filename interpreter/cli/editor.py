"""Commands for working on rule files in an editor: fmt (the formatter) and lsp (the language server).

Exit codes are those of the main CLI: 0 success, 1 a file has syntax errors
or (with --check) would change, 2 bad usage.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from dsl.i18n import N_, _, ngettext
from interpreter import fileio
from interpreter.cli.common import Command, option


def _rule_files(paths) -> list[Path]:
    from dsl.loader import rule_files
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise click.UsageError(_("no such file or folder: {path}").format(path=p))
        found = rule_files(path)
        if path.is_dir() and not found:
            click.echo(_("grondslag: no .rules files in {path}").format(path=p), err=True)
        out.extend(found)
    return out


def fmt_command(paths, check: bool, diff: bool) -> None:
    """Format the given files in place (or check them); exit 1 when something is wrong."""
    from dsl import sourcefile  # here, not at the top: `grondslag --help` must not load the parser
    from dsl.formatter import FormatError, format_source
    if paths == ("-",):
        stdin = getattr(sys.stdin, "buffer", None)  # bytes: a bad byte is reported where it stands
        data = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8")
        source, problem = sourcefile.decode(data, "<stdin>")
        if problem is not None:
            click.echo(problem.format(None), err=True)
            sys.exit(1)
        try:
            click.echo(format_source(source, "<stdin>"), nl=False)
        except FormatError as exc:
            for d in exc.diagnostics:
                click.echo(d.format(source), err=True)
            sys.exit(1)
        return
    changed = unchanged = failed = unwritten = 0
    for path in _rule_files(paths):
        source, problem = sourcefile.read(path)  # a byte order mark is fine, as in check
        if problem is not None:
            click.echo(problem.format(None), err=True)
            failed += 1
            continue
        try:
            formatted = format_source(source, str(path))
        except FormatError as exc:
            for d in exc.diagnostics:
                click.echo(d.format(source), err=True)
            click.echo(_("{path}: not formatted; the file is left as it is").format(path=path), err=True)
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
            click.echo(_("would reformat {path}").format(path=path))
        else:
            try:  # a full disk must never leave the drafter's rule file cut off mid-rule
                fileio.write_text(path, formatted)
            except fileio.WriteError as exc:
                click.echo(_("grondslag: error: {message}").format(message=exc), err=True)
                changed, unwritten = changed - 1, unwritten + 1
                continue
            click.echo(_("reformatted {path}").format(path=path))
    summary = [ngettext("{n} file would be reformatted", "{n} files would be reformatted", changed) if check
               else ngettext("{n} file reformatted", "{n} files reformatted", changed),
               ngettext("{n} file already formatted", "{n} files already formatted", unchanged)]
    if failed:
        summary.append(ngettext("{n} file with errors", "{n} files with errors", failed))
    if unwritten:
        summary.append(ngettext("{n} file not written", "{n} files not written", unwritten))
    counts = [changed, unchanged] + ([failed] if failed else []) + ([unwritten] if unwritten else [])
    summary = [text.format(n=n) for text, n in zip(summary, counts)]
    click.echo(", ".join(summary), err=True)
    if unwritten:
        sys.exit(2)
    if failed or (check and changed):
        sys.exit(1)


def register(main: click.Group) -> None:
    """Add this module's commands to the grondslag command group."""

    @main.command("fmt", cls=Command,
                  help=N_("Lay out rule files in the one canonical layout (in place).\n\n"
                          "Comments and every text in quotes are kept exactly; the meaning never changes. PATH may "
                          "be a file, a folder of .rules files, or '-' to format standard input to standard output. "
                          "Files with syntax errors are reported and left untouched."))
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @option("--check", is_flag=True, help=N_("Change nothing; exit 1 if a file is not in the canonical layout."))
    @option("--diff", is_flag=True,
            help=N_("Show what would change, as a unified diff; changes nothing (like --check)."))
    def fmt(paths, check, diff):
        fmt_command(paths, check or diff, diff)

    @main.command("lsp", cls=Command,
                  help=N_("Run the language server over standard input and output (for editors)."))
    def lsp():
        from interpreter.editor.lsp import serve
        serve()
