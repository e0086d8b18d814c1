"""The two sides of a diff: a folder, a file or a git revision, loaded and compiled.

Only ``materialise`` touches git."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import attrs

from dsl.diagnostics import RulesError
from dsl.loader import load_models
from dsl.model import Model
from interpreter.api import Regulation, compile_models



class DiffError(Exception):
    """The two versions cannot be compared (a bad path or revision, rule files with errors)."""


# ------------------------------------------------------------------ loading


def materialise(spec: str, workdir: Path) -> Path:
    """A path on disk for OLD or NEW: the path itself, or REV:PATH written out from git."""
    p = Path(spec)
    if p.exists():
        return p
    rev, sep, path = spec.partition(":")
    if rev.startswith("-"):  # it would reach git as an option (--abbrev=4:HEAD)
        raise DiffError(f"{spec}: a git revision cannot start with '-'")
    if not sep or not rev:
        raise DiffError(f"{spec}: no such file or folder "
                        f"(a git revision is written REV:PATH, e.g. main:rules/schinnen)")
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                             check=True).stdout.strip()
        path = path.strip("/") or "."
        if path.startswith("./"):  # relative to the current folder, as git itself reads it
            prefix = subprocess.run(["git", "rev-parse", "--show-prefix"], capture_output=True, text=True,
                                    check=True).stdout.strip()
            path = (prefix + path[2:]).strip("/") or "."
        listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "--full-tree", rev, "--", path],
                                 capture_output=True, text=True, cwd=top)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise DiffError(f"{spec}: not a file or folder, and git cannot read it ({exc})") from None
    if listing.returncode != 0:
        raise DiffError(f"{spec}: git cannot read revision '{rev}': {listing.stderr.strip()}")
    names = [n for n in listing.stdout.splitlines() if n.endswith(".rules")]
    if not names:
        raise DiffError(f"{spec}: revision '{rev}' has no .rules files under '{path}'")
    dest = workdir / rev.replace("/", "_").replace("~", "_").replace("^", "_")
    for name in names:
        shown = subprocess.run(["git", "show", f"{rev}:{name}"], capture_output=True, cwd=top)
        if shown.returncode != 0:
            raise DiffError(f"{spec}: git show {rev}:{name} failed: {shown.stderr.decode(errors='replace').strip()}")
        if path == ".":
            rel = Path(name)
        elif name == path:
            rel = Path(Path(name).name)
        else:
            rel = Path(name).relative_to(path)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(shown.stdout)
    return dest / Path(path).name if len(names) == 1 and names[0] == path else dest


@attrs.frozen
class Side:
    """One of the two versions being compared, loaded and compiled."""

    label: str
    models: tuple[Model, ...]
    regulation: Regulation

    def model_on(self, date: dt.date) -> Model | None:
        return next((m for m in self.models if m.info.in_force(date)), None)


def load_side(spec: str, workdir: Path) -> Side:
    path = materialise(spec, workdir)
    models, diagnostics, sources = load_models(path)
    if not models:
        raise RulesError(diagnostics, sources)
    from dsl.loader import successions
    groups = successions(models)
    if len(groups) > 1:
        raise DiffError(f"{spec} holds regulations on {len(groups)} subjects ({', '.join(groups)}); "
                        f"give the folder of one regulation")
    return Side(spec, tuple(models), Regulation(compile_models(models)))


def comparison_date(old: Side, new: Side) -> dt.date:
    """A date on which both versions are in force (the latest such start), else the new valid_from."""
    best = None
    for n in new.models:
        for o in old.models:
            start = max(o.info.valid_from, n.info.valid_from)
            ends = [e for e in (o.info.valid_until, n.info.valid_until) if e is not None]
            if not ends or start < min(ends):
                best = start if best is None or start > best else best
    return best if best is not None else new.models[-1].info.valid_from
