"""The Python API: load a regulation once, evaluate cases many times.

    import interpreter
    schinnen = interpreter.load("rules/schinnen")
    result = schinnen.evaluate({"uitkering": "wwb", ...}, date=datetime.date(2010, 6, 1))
    result["aanspraak_op_ondersteuning"].value          # True / False / None
    result["aanspraak_op_ondersteuning"].citations[0].label

The CLI is a thin layer over this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Iterator

import attrs

from dsl.compiler import Program, compile_model
from dsl.diagnostics import Diagnostic, RulesError
from dsl.loader import load_models, successions
from dsl.model import RegulationInfo
from interpreter import __version__
from interpreter.case import CaseError, case_date, read_facts
from interpreter.result import Provenance, Result
from interpreter.tree import Context, EvaluationError


class NotInForce(CaseError):
    """No version of the regulation is in force on the date asked."""


class SeveralSubjects(CaseError):
    """A folder holds regulations on several subjects, so a date alone does not say which applies."""


@attrs.frozen
class Version:
    """One compiled version of a regulation, with what a case for it may hold."""

    program: Program
    fact_types: dict = attrs.field(eq=False)
    _provenance: list = attrs.field(factory=list, eq=False, repr=False, init=False)  # computed once

    @property
    def info(self) -> RegulationInfo:
        return self.program.model.info

    @property
    def provenance(self) -> Provenance:
        found = self._provenance
        if not found:
            info = self.info
            found.append(Provenance(info.id, info.version or info.valid_from.isoformat(), info.source,
                                    self.program.model.digest, __version__))
        return found[0]

    def evaluate_facts(self, facts: dict, date: dt.date) -> Result:
        """Evaluate validated facts (see interpreter.case.read_facts) on a date."""
        ctx = Context(facts, date)
        program = self.program
        try:
            outcomes = tuple((node.name, node.outcome(ctx)) for node in program.decisions)
        except EvaluationError as exc:
            raise CaseError(str(exc)) from None
        return Result(self.info, date, self.provenance, facts, outcomes=outcomes,
                      state=(program.model, ctx, program))


@attrs.frozen
class Regulation:
    """All versions of one regulation, compiled; picks the version in force on the peildatum."""

    versions: tuple[Version, ...]
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def id(self) -> str:
        return self.versions[0].info.id

    @property
    def title(self) -> str:
        return self.versions[-1].info.title

    @property
    def is_succession(self) -> bool:
        """Whether the versions belong to several regulations on one subject (onderwerp)."""
        return len({v.info.id for v in self.versions}) > 1

    @property
    def subject(self) -> str | None:
        return self.versions[-1].info.subject

    def version_on(self, date: dt.date) -> Version:
        for v in self.versions:
            if v.info.in_force(date):
                return v
        periods = "; ".join(f"from {v.info.valid_from.isoformat()}"
                            + (f" until {v.info.valid_until.isoformat()} (not included)" if v.info.valid_until
                               else " on") + (f" ({v.info.id})" if self.is_succession else "")
                            for v in self.versions)
        what = f"regulation on '{self.subject}'" if self.is_succession else f"version of '{self.title}'"
        raise NotInForce(f"no {what} is in force on {date.isoformat()}; "
                         f"{'one' if self.is_succession else 'it'} is in force {periods}", "peildatum")

    def evaluate(self, case: dict, date: dt.date | str | None = None) -> Result:
        """Evaluate one case (a dict of facts, as in the case JSON) on its peildatum or `date`."""
        if isinstance(date, str):
            from interpreter.case import parse_date
            date = parse_date(date, "date")
        when = case_date(case, date) if isinstance(case, dict) else None
        if when is None:
            read_facts(case, {})  # raises the right error for a non-object
        version = self.version_on(when)
        facts = read_facts(case, version.fact_types)
        return version.evaluate_facts(facts, when)

    def evaluate_many(self, cases: Iterable[dict], date: dt.date | None = None) -> Iterator[Result | CaseError]:
        """Evaluate many cases; a bad case yields its CaseError instead of stopping the run."""
        for case in cases:
            try:
                yield self.evaluate(case, date)
            except CaseError as exc:
                yield exc


def compile_models(models) -> tuple[Version, ...]:
    out = []
    for m in models:
        program = compile_model(m)
        out.append(Version(program, {f.name: f.type for f in m.facts}))
    return tuple(out)


def load(path: str | Path) -> Regulation:
    """Parse, check and compile a regulation (a .rules file or a folder of versions).

    Raises RulesError, carrying every diagnostic, when the rule files have errors.

    A folder holding several regulations on one subject (onderwerp) loads as their
    succession: evaluate() uses the one in force on the peildatum. A folder holding
    regulations on several subjects raises SeveralSubjects: name the folder of one.
    """
    models, diagnostics, sources = load_models(path)
    if not models:
        raise RulesError(diagnostics or [], sources)
    groups = successions(models)
    if len(groups) > 1:
        listed = "; ".join(f"'{k}': " + ", ".join(sorted({m.info.id for m in ms})) for k, ms in groups.items())
        raise SeveralSubjects(f"{path} holds regulations on {len(groups)} subjects ({listed}); a date alone "
                              f"does not say which applies: give the folder of one regulation or subject")
    return Regulation(compile_models(models), tuple(d for d in diagnostics if not d.is_error))
