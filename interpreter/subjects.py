"""A folder of regulations on several subjects (rules/ holds re-integratie and afstemming).

A date alone does not say which regulation applies when two subjects each have a
regulation in force on it. The case does, most of the time: its facts belong to the
vocabulary of one of them. So a case is evaluated by the one subject that has a
version in force on its date and whose facts include every fact the case gives; when
none or several fit, the error names the subjects and asks for the folder of one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import attrs

from dsl.i18n import joined, msg
from interpreter.api import NotInForce, Regulation, SeveralSubjects, Version
from interpreter.case import CaseError, case_date, parse_date, read_facts
from interpreter.result import Result


@attrs.frozen
class Subjects:
    """Several regulations (each a succession on one onderwerp), chosen per case by date and facts."""

    path: str
    regulations: tuple[Regulation, ...]

    @property
    def versions(self) -> tuple[Version, ...]:
        return tuple(v for r in self.regulations for v in r.versions)

    @property
    def warnings(self):
        return tuple(w for r in self.regulations for w in r.warnings)

    @property
    def id(self) -> str:
        return self.regulations[0].id

    @property
    def title(self) -> str:
        return "; ".join(r.title for r in self.regulations)

    @property
    def is_succession(self) -> bool:
        return True

    @property
    def subject(self) -> str | None:
        return None

    def _describe(self, regs, date: dt.date | None = None) -> str:
        """Each subject with its regulations; on a date only those in force then (of a succession, one)."""
        def ids(r):
            return ", ".join(sorted({v.info.id for v in r.versions if date is None or v.info.in_force(date)}))
        return "; ".join(f"'{r.subject or r.id}' ({ids(r)})" for r in regs)

    def in_force(self, date: dt.date) -> list[Regulation]:
        return [r for r in self.regulations if any(v.info.in_force(date) for v in r.versions)]

    def choose(self, case, date: dt.date) -> Regulation:
        """The regulation for a case on a date: the one subject in force whose facts fit the case."""
        regs = self.in_force(date)
        if not regs:
            periods = joined("; ", (msg("'{subject}' from {start}", subject=r.subject or r.id,
                                        start=r.versions[0].info.valid_from.isoformat()) for r in self.regulations))
            raise NotInForce(msg("no regulation in {path} is in force on {date}; in force are: {periods}",
                                 path=self.path, date=date.isoformat(), periods=periods), "peildatum")
        if len(regs) == 1:
            return regs[0]
        keys = {k for k in case if k != "peildatum"} if isinstance(case, dict) else set()
        fits = [r for r in regs if keys <= set(r.version_on(date).fact_types)]
        if len(fits) == 1:
            return fits[0]
        if not fits:
            known = set().union(*(r.version_on(date).fact_types for r in regs))
            unknown = sorted(keys - known)
            if unknown:
                raise CaseError(msg("unknown fact {name}: it is not a fact of any regulation in {path} in force on "
                                    "{date} ({regulations})", name=repr(unknown[0]), path=self.path,
                                    date=date.isoformat(), regulations=self._describe(regs, date)), unknown[0])
            raise SeveralSubjects(msg("{path} holds regulations on {n} subjects in force on {date} ({regulations}), "
                                      "and the facts of the case belong to more than one of them: give the folder of "
                                      "one regulation or subject", path=self.path, n=len(regs), date=date.isoformat(),
                                      regulations=self._describe(regs, date)))
        bearing = self._bearing(fits, case, date)
        if bearing is not None:
            return bearing
        raise SeveralSubjects(msg("{path} holds regulations on {n} subjects in force on {date} ({regulations}), and "
                                  "the facts of the case fit each of them: give the folder of one regulation or "
                                  "subject", path=self.path, n=len(fits), date=date.isoformat(),
                                  regulations=self._describe(fits, date)))

    @staticmethod
    def _bearing(fits: list[Regulation], case: dict, date: dt.date) -> Regulation | None:
        """Of several subjects whose vocabulary fits the case, the one its facts decide something in.

        A case with only a date of birth fits the vocabulary of re-integratie and of afstemming
        alike; it is about the regulation in which those facts decide a decision (the pensionable
        age), not the one in which every decision stays open. Only when the facts decide as many
        decisions in each (none, say) is the case ambiguous.
        """
        decided = []
        for r in fits:
            try:
                result = r.evaluate(case, date)
            except CaseError:
                continue
            decided.append((sum(1 for d in result.decisions.values() if d.value is not None), r))
        best = max((n for n, _ in decided), default=0)
        winners = [r for n, r in decided if n == best]
        return winners[0] if best > 0 and len(winners) == 1 else None

    def for_path(self, path) -> Regulation | "Subjects":
        """The regulation whose folder holds `path` (a .voorbeelden file beside its rules); self if none."""
        p = Path(path).resolve()
        for r in self.regulations:
            for v in r.versions:
                for f in v.program.model.files:
                    root = Path(f.path).resolve().parent.parent  # rules/diemen for rules/diemen/2015/x.rules
                    if p.is_relative_to(root):
                        return r
        return self

    def version_on(self, date: dt.date) -> Version:
        regs = self.in_force(date)
        if len(regs) == 1:
            return regs[0].version_on(date)
        return self.choose({}, date).version_on(date)

    def version_for(self, result: Result) -> Version:
        """The version that gave a result (for the explanation and the report)."""
        return next(v for v in self.versions if v.info.id == result.regulation.id and v.info.in_force(result.date))

    def evaluate(self, case: dict, date: dt.date | str | None = None) -> Result:
        if date is not None and type(date) is not dt.date:
            date = parse_date(date, "date")
        if not isinstance(case, dict):
            read_facts(case, {})  # raises the right error for a non-object
        when = case_date(case, date)
        return self.choose(case, when).evaluate(case, when)

    # a bad case yields its CaseError instead of stopping the run, as for one regulation
    evaluate_many = Regulation.evaluate_many
