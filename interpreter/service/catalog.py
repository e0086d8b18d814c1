"""The regulations a service serves: found in rule folders, compiled once, described as data.

Each regulation is served under an id derived from its folder (`rules/schinnen` ->
`schinnen`), so that a URL stays the same when the regulation gets a new version.
`rules/` itself, a folder of regulation folders, serves each of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from dsl.i18n import _
from interpreter.api import Regulation, Version, load
from interpreter.case import CaseError, parse_json
from interpreter.schema import case_schema

_ID = re.compile(r"[^a-z0-9]+")


class CatalogError(Exception):
    """The folders given cannot be served (none found, two with one id): bad usage."""


@attrs.frozen
class Example:
    """A public example case (`cases/NAME.case.json` beside the rules), shown in the OpenAPI document."""

    name: str
    case: dict


@attrs.frozen
class Served:
    """One regulation as the service offers it."""

    id: str
    path: Path
    regulation: Regulation
    examples: tuple[Example, ...] = ()

    def version_for_schema(self, date) -> Version:
        """The version in force on date, or the most recent one (as `grondslag schema`)."""
        return self.regulation.versions[-1] if date is None else self.regulation.version_on(date)

    def summary(self, base: str) -> dict:
        latest = self.regulation.versions[-1].info
        return {"id": self.id, "title": latest.title, "versions": [_version_summary(v) for v in
                                                                     self.regulation.versions],
                "_links": {"self": {"href": f"{base}/regelingen/{self.id}"},
                           "schema": {"href": f"{base}/regelingen/{self.id}/schema"},
                           "evaluaties": {"href": f"{base}/regelingen/{self.id}/evaluaties"}}}

    def detail(self, base: str) -> dict:
        out = self.summary(base)
        out["versions"] = [_version_detail(v) for v in self.regulation.versions]
        return out


def _version_summary(v: Version) -> dict:
    info = v.info
    p = v.provenance
    return {"regulation": info.id, "title": info.title, "version": p.version, "source": info.source,
            "valid_from": info.valid_from.isoformat(),
            "valid_until": info.valid_until.isoformat() if info.valid_until else None,
            "digest": f"sha256:{p.digest}"}


def _provision_ref(c) -> dict | None:
    return None if c is None else c.to_dict()


def _version_detail(v: Version) -> dict:
    model = v.program.model
    out = _version_summary(v)
    out["decisions"] = [{"name": d.name, "type": d.type.describe(), "description": d.description,
                         "provision": _provision_ref(d.provision)} for d in model.decisions]
    out["facts"] = [{"name": f.name, "type": f.type.describe(), "description": f.description,
                     "judgement": f.judgement, "provision": _provision_ref(f.provision)} for f in model.facts]
    out["provisions"] = [{"citation": p.citation.to_dict(), "kind": p.kind, "heading": p.heading,
                          "encoded": p.encoded, "not_executable": p.not_executable}
                         for p in model.provisions]
    return out


def served_id(path: Path) -> str:
    """`rules/Schinnen 2004` -> `schinnen-2004`: lower case, digits and hyphens, as a URL segment."""
    name = path.stem if path.is_file() else path.resolve().name
    return _ID.sub("-", name.lower()).strip("-") or "regeling"


def _holds_rules(folder: Path) -> bool:
    return any(folder.rglob("*.rules"))


def _is_regulation_folder(folder: Path) -> bool:
    """Rule files in the folder itself or in its version folders (`rules/schinnen/2004/`)."""
    if any(folder.glob("*.rules")):
        return True
    return any(any(sub.glob("*.rules")) for sub in folder.iterdir() if sub.is_dir())


def regulation_paths(paths) -> list[Path]:
    """The regulation folders (or files) under the paths given, in the order given, then by name."""
    out = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise CatalogError(_("{path}: no such file or folder").format(path=raw))
        if path.is_file() or _is_regulation_folder(path):
            out.append(path)
            continue
        subs = sorted(sub for sub in path.iterdir() if sub.is_dir() and _holds_rules(sub))
        if not subs:
            raise CatalogError(_("{path}: no .rules files in this folder").format(path=raw))
        out.extend(subs)
    return out


def _examples(path: Path) -> tuple[Example, ...]:
    folder = (path if path.is_dir() else path.parent) / "cases"
    out = []
    for f in sorted(folder.glob("*.case.json")):
        try:
            case = parse_json(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, CaseError):
            continue  # an example that cannot be read is left out of the documentation, not fatal
        if isinstance(case, dict):
            out.append(Example(f.name.removesuffix(".case.json"), case))
    return tuple(out)


@attrs.frozen
class Catalog:
    """Every regulation served, by id, in a stable order."""

    served: tuple[Served, ...]

    def get(self, id: str) -> Served | None:
        return next((s for s in self.served if s.id == id), None)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.served]


def build_catalog(paths, loader=load) -> Catalog:
    """Load and compile every regulation under paths; RulesError or CaseError from the loader pass through."""
    served: list[Served] = []
    for path in regulation_paths(paths):
        id = served_id(path)
        if any(s.id == id for s in served):
            other = next(s.path for s in served if s.id == id)
            raise CatalogError(_("{path} and {other} would both be served as '{id}': rename one folder").format(
                path=path, other=other, id=id))
        served.append(Served(id, path, loader(str(path)), _examples(path)))
    return Catalog(tuple(served))


def schema_of(version: Version) -> dict:
    return case_schema(version.program.model)
