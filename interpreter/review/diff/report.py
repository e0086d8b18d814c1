"""The report of a diff: provisions, declarations and impact together; reading cases; run."""

from __future__ import annotations

from contextlib import nullcontext

import datetime as dt
import tempfile
from pathlib import Path

import attrs

from interpreter.review.diff.generate import SEED, generate_cases
from interpreter.review.diff.cases import GivenCase, read_cases
from interpreter.review.diff.impact import CaseFailure, DecisionImpact, measure_impact
from interpreter.review.diff.provisions import (DeclarationChange, ProvisionChange, compare_declarations,
                                                compare_provisions)
from interpreter.review.diff.sides import Side, comparison_date, load_side

# ------------------------------------------------------------------- report


@attrs.frozen
class Report:
    """Everything `grondslag diff` found."""

    old_label: str
    new_label: str
    title: str
    date: dt.date
    provisions: tuple[ProvisionChange, ...]
    declarations: tuple[DeclarationChange, ...]
    impacts: tuple[DecisionImpact, ...]
    failures: tuple[CaseFailure, ...]
    cases: int
    evaluated: int
    generated: bool
    versions: tuple[str, ...] = ()  # differences in the set of versions, in words
    display_names: dict = attrs.field(factory=dict)  # decision name -> the name people read ('heet')
    kinds: dict = attrs.field(factory=dict)  # decision name -> (kind in the old, kind in the new version)

    @property
    def nothing_evaluated(self) -> bool:
        """The reviewer's cases were given, and not one could be evaluated by either version: the impact
        is unknown. (A case that only one version can evaluate is itself a change.)"""
        return not self.generated and self.evaluated == 0 and all(f.side == "both" for f in self.failures)

    @property
    def changed(self) -> bool:
        return bool(self.provisions or self.declarations or self.versions
                    or any(i.changed or i.grounds_changed for i in self.impacts)
                    or any(f.side != "both" for f in self.failures))

    def to_dict(self) -> dict:
        return {
            "old": self.old_label, "new": self.new_label, "title": self.title, "date": self.date.isoformat(),
            "changed": self.changed,
            "provisions": [p.to_dict() for p in self.provisions],
            "declarations": [d.to_dict() for d in self.declarations],
            "versions": list(self.versions),
            "cases": {"total": self.cases, "evaluated": self.evaluated, "nothing_evaluated": self.nothing_evaluated,
                      "source": "generated" if self.generated else "given"},
            "decisions": {i.name: i.to_dict() for i in self.impacts},
            "errors": [f.to_dict() for f in self.failures],
        }


def compare(old: Side, new: Side, cases: list[GivenCase] | None = None, date: dt.date | None = None,
            seed: int = SEED, progress=None) -> Report:
    """Compare two loaded versions: provisions, declarations, and outcomes on cases.

    `progress`, if given, wraps the reviewer's cases as ``with progress(cases) as cases:`` (a bar
    on a terminal); generated cases and a columnar caseload run without one.
    """
    when = date or comparison_date(old, new)
    mo = old.model_on(when) or old.models[-1]
    mn = new.model_on(when) or new.models[-1]
    provisions, cmap = compare_provisions(mo, mn)
    declarations = compare_declarations(mo, mn)
    versions = []
    ov = [m.info.period() for m in old.models]
    nv = [m.info.period() for m in new.models]
    if len(ov) > 1 or len(nv) > 1:
        versions += [f"versie {p} vervallen" for p in ov if p not in nv and mo.info.period() != p]
        versions += [f"versie {p} nieuw" for p in nv if p not in ov and mn.info.period() != p]
    generated = cases is None
    if generated:
        cases = [GivenCase(f"gegenereerde casus {n}", c) for n, c in
                 enumerate(generate_cases(mo, mn, when, seed), start=1)]
    wrap = progress if progress is not None and not generated and isinstance(cases, list) else nullcontext
    with wrap(cases) as items:
        impacts, failures, evaluated = measure_impact(old, new, items, date if not generated else None, when,
                                                      cmap, generated)
    display = {**mo.display_names(), **mn.display_names()}
    kinds = {d.name: (_kind(mo, d.name), _kind(mn, d.name)) for d in (*mo.decisions, *mn.decisions)}
    return Report(old.label, new.label, mn.info.title, when, tuple(provisions), tuple(declarations),
                  tuple(impacts), tuple(failures), len(cases), evaluated, generated, tuple(versions), display, kinds)


def _kind(model, name: str) -> str | None:
    """The type of a decision in one version ('percentage', 'bedrag', ...), so its values show their unit."""
    d = model.decision(name)
    return d.type.kind if d is not None else None


def run(old_spec: str, new_spec: str, cases_path: str | None = None, date: dt.date | None = None,
        seed: int = SEED, progress=None) -> Report:
    """Load both versions (git revisions written out to a temporary folder) and compare them."""
    with tempfile.TemporaryDirectory(prefix="grondslag-diff-") as tmp:
        work = Path(tmp)
        (work / "old").mkdir()
        (work / "new").mkdir()
        old = load_side(old_spec, work / "old")
        new = load_side(new_spec, work / "new")
        cases = read_cases(cases_path) if cases_path else None
        return compare(old, new, cases, date, seed, progress)
