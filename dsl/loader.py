"""Files and folders -> checked versions of one regulation, or of a succession of regulations.

A RULES path is a .rules file, or a folder holding the versions of one
regulation. The files of one version sit in one folder, exactly one of them
with the 'regeling' header; sub-folders hold further versions.

A folder may also hold several regulations (rules/ holds rules/schinnen and
rules/participatiewet). Regulations with the same 'onderwerp' form a
succession: on each date at most one version of one of them is in force, so
that asking about the subject on a date gives the regulation that applied
then. Versions on one subject that overlap in time are an error, whether they
are versions of one regulation or of two.
"""

from __future__ import annotations

from pathlib import Path

from dsl import syntax as S
from dsl.checker import check_version, natural_key
from dsl.diagnostics import Diagnostic, error
from dsl.i18n import _ as tr
from dsl.i18n import ngettext
from dsl.model import Model
from dsl.parser import parse_file


def rule_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_file():
        return [p]
    return sorted(p.rglob("*.rules"), key=lambda f: natural_key(str(f)))


def parse_paths(paths) -> tuple[list[S.RulesFile], list[Diagnostic]]:
    files, diagnostics = [], []
    for path in paths:
        p = Path(path)
        if not p.exists():
            diagnostics.append(error(tr("no such file or folder: {path}").format(path=p), S.Span(str(p), 1, 1, 1, 1)))
            continue
        found = rule_files(p)
        if not found:
            diagnostics.append(error(tr("no .rules files in {path}").format(path=p), S.Span(str(p), 1, 1, 1, 1)))
        for f in found:
            rf, diags = parse_file(f)
            files.append(rf)
            diagnostics.extend(diags)
    return files, diagnostics


def group_versions(files: list[S.RulesFile]) -> list[list[S.RulesFile]]:
    """One group per folder: the files of one version of the regulation."""
    groups: dict[str, list[S.RulesFile]] = {}
    for f in files:
        groups.setdefault(str(Path(f.path).parent), []).append(f)
    return [groups[k] for k in sorted(groups, key=natural_key)]


def subject_of(model: Model) -> str:
    """What a succession is keyed by: the onderwerp, or the id of a regulation without one."""
    return model.info.subject if model.info.subject is not None else model.info.id


def successions(models: list[Model]) -> dict[str, list[Model]]:
    """The models grouped by subject, each group in date order, groups in order of first appearance."""
    groups: dict[str, list[Model]] = {}
    for m in models:
        groups.setdefault(subject_of(m), []).append(m)
    return {k: sorted(v, key=lambda m: m.info.valid_from) for k, v in groups.items()}


def check_versions(models: list[Model]) -> list[Diagnostic]:
    """Versions on one subject (of one regulation, or of a succession) do not overlap in time."""
    out = []
    for ordered in successions(models).values():
        for a, b in zip(ordered, ordered[1:]):
            span = next((f.header.span for f in b.files if f.header), S.Span.unknown())
            if a.info.valid_until is not None and a.info.valid_until <= b.info.valid_from:
                continue
            if a.info.id == b.info.id:
                out.append(error(tr("this version (in force from {valid_from}) overlaps the version in {path} (in "
                                    "force {period})").format(
                                     valid_from=b.info.valid_from, path=a.files[0].path, period=a.info.period()), span,
                                 tr("end the earlier version with 'geldig vanaf ... tot ...'")))
            else:
                out.append(error(tr("'{id}' (in force from {valid_from}) overlaps '{other}' in {path} (in force "
                                    "{period}), a regulation on the same subject ('{subject}')").format(
                                     id=b.info.id, valid_from=b.info.valid_from, other=a.info.id, path=a.files[0].path,
                                     period=a.info.period(), subject=subject_of(a)), span,
                                 tr("a succession needs one regulation in force on each date: end the earlier one "
                                    "with 'geldig vanaf ... tot ...', or give them different 'onderwerp'")))
    return out


def load_models(path: str | Path) -> tuple[list[Model], list[Diagnostic], dict[str, str]]:
    """Parse and check every version under path. Models are empty if there is any error."""
    files, diagnostics = parse_paths([path])
    sources = {f.path: f.source for f in files}
    if any(d.is_error for d in diagnostics):
        return [], diagnostics, sources
    models = []
    for group in group_versions(files):
        model, diags = check_version(group)
        diagnostics.extend(diags)
        if model is not None:
            models.append(model)
    diagnostics.extend(check_versions(models))
    if any(d.is_error for d in diagnostics):
        return [], diagnostics, sources
    return sorted(models, key=lambda m: m.info.valid_from), diagnostics, sources


def version_folder(path: str | Path) -> Path | None:
    """The folder of the version a header-less .rules file belongs to, if a file beside it has the header."""
    p = Path(path)
    if not p.is_file():
        return None
    rf, _ = parse_file(p)
    if rf.header is not None:
        return None
    for other in sorted(p.parent.glob("*.rules")):
        if other != p and parse_file(other)[0].header is not None:
            return p.parent
    return None


def check_in_context(path: str | Path, folder: Path) -> tuple[list[Diagnostic], dict[str, str]]:
    """One file of a version, checked with the files beside it; the problems of this file only."""
    files, diagnostics = parse_paths(sorted(folder.glob("*.rules"), key=lambda f: natural_key(str(f))))
    sources = {f.path: f.source for f in files}
    if not any(d.is_error for d in diagnostics):
        diagnostics.extend(check_version(files)[1])
    target = str(Path(path))
    mine = [d for d in diagnostics if d.span.file == target]
    others = sum(1 for d in diagnostics if d.is_error and d.span.file != target)
    if others:
        mine.append(error(ngettext("this file is checked with the other files of its regulation in {folder}, which "
                                   "have {n} error",
                                   "this file is checked with the other files of its regulation in {folder}, which "
                                   "have {n} errors", others).format(folder=folder, n=others),
                          S.Span(target, 1, 1, 1, 1),
                          tr("run 'grondslag check {folder}'").format(folder=folder)))
    return mine, sources


def check_paths(paths) -> tuple[list[Diagnostic], dict[str, str]]:
    """Every problem in the given files and folders, for 'grondslag check'.

    A file without the 'regeling' header is one part of a version: it is checked in the
    context of the files beside it (its facts and definitions are declared there).
    """
    diagnostics, sources = [], {}
    for path in paths:
        folder = version_folder(path)
        if folder is not None:
            diags, srcs = check_in_context(path, folder)
        else:
            _, diags, srcs = load_models(path)
        diagnostics.extend(diags)
        sources.update(srcs)
    return diagnostics, sources
