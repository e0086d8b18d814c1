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
import itertools
import math
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import attrs

# The module, not its names: interpreter.compiler imports interpreter.tree, which runs this package's
# __init__, so 'import interpreter.compiler' as a program's first import must not need its names yet.
from interpreter import compiler as _compiler
from dsl.diagnostics import Diagnostic, RulesError
from dsl.loader import load_models, successions
from dsl.model import RegulationInfo
from interpreter import __version__
from dsl.i18n import joined, msg
from interpreter.case import CaseError, case_date, read_facts
from interpreter.impossible import check_possible
from interpreter.result import Provenance, Result, TreeLater
from interpreter.decisions import Outcome
from interpreter.tree import Context, EvaluationError

SETTLE_LIMIT = 64  # combinations of missing yes/no and choice facts tried before giving up
_UNSET = object()
_NONE: frozenset = frozenset()

if TYPE_CHECKING:
    from interpreter.compiler import Program


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
    _provenance_order: dict = attrs.field(factory=dict, eq=False, repr=False, init=False)

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
        outcomes = []
        for node in program.decisions:
            try:
                outcomes.append((node.name, node.outcome(ctx)))
            except EvaluationError as exc:  # name the decision: 'division by zero' alone says too little
                raise CaseError(msg("{decision}: {problem}", decision=node.name, problem=str(exc)), node.name) \
                    from None
        repeated = program.repeated_facts
        for k, (name, out) in enumerate(outcomes):
            if out.value is None and not out.conflict and out.missing_set & repeated.get(name, _NONE):
                settled = self._settle(program.by_name[name], ctx, out)
                if settled is not None:
                    outcomes[k] = (name, settled)
        outcomes = tuple(outcomes)
        return Result(self.info, date, self.provenance, facts, outcomes=outcomes,
                      state=(program.model, ctx, program))

    def evaluate_compiled(self, facts: dict, date: dt.date) -> Result:
        """evaluate_facts with the compiled program (interpreter.codegen) where there is one: the
        same decisions, faster; a derivation or explanation evaluates the case again with the tree
        (the reference) when it is first asked for."""
        from interpreter.codegen import compiled
        program = compiled(self)
        decided = program.decide(facts, date) if program is not None else None
        if decided is None:
            return self.evaluate_facts(facts, date)
        return Result(self.info, date, self.provenance, facts, outcomes=program.outcomes(decided),
                      state=(self.program.model, TreeLater(self, facts, date), self.program))

    def _settle(self, node, ctx: Context, out: Outcome) -> Outcome | None:
        """Decide what Kleene logic leaves open, if every value of the missing facts gives one answer.

        Three-valued logic cannot see that 'uitkeringsgerechtigde of nugger' holds for a
        registered job seeker whatever benefit he has. Where the missing facts have few
        possible values (yes/no, a choice), each combination is tried: if all give the same
        value, the facts given decide it, and the value is not null. The citations are
        those of every combination, in the order of the regulation.
        """
        names = sorted(out.missing_set)
        # What does not read the facts tried stays as it is: each trial recomputes only the rest.
        tried = frozenset(names)
        deps = self.program.fact_dependencies
        keep = {k: v for k, v in ctx.cache.items() if not deps.get(k, tried) & tried}

        def trial(facts: dict):
            trial_ctx = Context(facts, ctx.date)
            trial_ctx.cache.update(keep)
            o = node.outcome(trial_ctx)
            return o.value, o.citations, o.conflict

        found = settle_trials(names, self.fact_types, ctx.facts, trial)
        if found is None:
            return None
        value, citations = found
        order = self.provision_order
        citations.sort(key=lambda c: order.get(c, len(order)))
        return Outcome(value, tuple(citations), frozenset(), out.applies, out.effective,
                       error=None, settled_over=tuple(self.program.sort_missing(names)))

    @property
    def provision_order(self) -> dict:
        found = self._provenance_order
        if not found:
            found.update({p.citation: p.order for p in self.program.model.provisions})
        return found

    def evaluate_table(self, table, date: dt.date | str | None = None, chunk_size: int | None = None):
        """Evaluate every row of a table of cases with this version: see Regulation.evaluate_table."""
        from interpreter.columnar import table as columnar  # an engine, imported only when asked for (pyarrow)
        return columnar.evaluate_table(None, table, date, version=self, chunk_size=chunk_size or columnar.CHUNK_ROWS)


def settle_trials(names: list[str], fact_types: dict, facts: dict, trial):
    """Try every combination of values of the missing yes/no and choice facts `names`:
    (value, citations in the order found) when all give one value, else None.

    `trial(facts)` evaluates the decision on the facts with one combination filled in and
    returns (value, citations, conflict). Shared by the tree (Version._settle) and the
    compiled engine (interpreter.codegen), so that both settle alike.
    """
    domains = []
    for n in names:
        t = fact_types.get(n)
        if t is None or t.kind not in ("ja/nee", "keuze"):
            return None
        domains.append((True, False) if t.kind == "ja/nee" else t.options)
    if math.prod(len(d) for d in domains) > SETTLE_LIMIT:
        return None
    value, citations = _UNSET, []
    for combo in _trial_order(domains):
        filled = dict(facts)
        filled.update(zip(names, combo))
        v, cits, conflict = trial(filled)
        if v is None or conflict:
            return None
        if value is _UNSET:
            value = v
        elif v != value or type(v) is not type(value):
            return None
        citations.extend(c for c in cits if c not in citations)
    return value, citations


def _trial_order(domains):
    """Every combination of values, one at a time: first one combination and each change of a
    single fact from it (an open decision nearly always changes under one of those, so it is
    rejected after a few trials), then the rest."""
    first = tuple(d[0] for d in domains)
    seen = {first}
    yield first
    for i, d in enumerate(domains):
        for value in d[1:]:
            combo = first[:i] + (value,) + first[i + 1:]
            seen.add(combo)
            yield combo
    for combo in itertools.product(*domains):
        if combo not in seen:
            yield combo


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
        listed = joined("; ", (joined("", (msg("from {start} until {end} (not included)",
                                                start=v.info.valid_from.isoformat(), end=v.info.valid_until.isoformat())
                                            if v.info.valid_until else
                                            msg("from {start} on", start=v.info.valid_from.isoformat()),
                                            f" ({v.info.id})" if self.is_succession else ""))
                               for v in self.versions))
        if self.is_succession:
            raise NotInForce(msg("no regulation on '{subject}' is in force on {date}; one is in force {periods}",
                                 subject=self.subject, date=date.isoformat(), periods=listed), "peildatum")
        raise NotInForce(msg("no version of '{title}' is in force on {date}; it is in force {periods}",
                             title=self.title, date=date.isoformat(), periods=listed), "peildatum")

    def for_path(self, path) -> "Regulation":
        """The regulation for a file beside the rules (a .voorbeelden file): this one."""
        return self

    def version_for(self, result: Result) -> Version:
        """The version that gave a result (for the explanation and the report)."""
        return self.version_on(result.date)

    def evaluate(self, case: dict, date: dt.date | str | None = None) -> Result:
        """Evaluate one case (a dict of facts, as in the case JSON) on its peildatum or `date`."""
        version, facts, when = self.prepare(case, date)
        return version.evaluate_compiled(facts, when)

    def prepare(self, case: dict, date: dt.date | str | None = None, read=None) -> tuple[Version, dict, dt.date]:
        """The version, the validated facts and the peildatum of a case: every check of case input.

        `read(case, version)` may stand in for read_facts (the batch fast path's converter): it
        returns the same facts, or None to leave the case to read_facts.
        """
        if date is not None and (type(date) is not dt.date):  # a string; a datetime or number is an error
            from interpreter.case import parse_date
            date = parse_date(date, "date")
        when = case_date(case, date) if isinstance(case, dict) else None
        if when is None:
            read_facts(case, {})  # raises the right error for a non-object
        version = self.version_on(when)
        try:
            facts = read(case, version) if read is not None else None
            if facts is None:
                facts = read_facts(case, version.fact_types)
        except CaseError as exc:
            if not self.is_succession or exc.field is None or "." in exc.field:
                raise
            # in a succession the facts depend on the date: say which regulation applies, and its facts
            info = version.info
            period = msg("in force from {start} until {end}", start=info.valid_from.isoformat(),
                         end=info.valid_until.isoformat()) if info.valid_until else \
                msg("in force from {start}", start=info.valid_from.isoformat())
            raise CaseError(msg("{problem}; on {date} the regulation '{title}' ({id}, {period}) applies, and its "
                                "facts are: {facts}", problem=exc, date=when.isoformat(), title=info.title,
                                id=info.id, period=period, facts=", ".join(version.fact_types)),
                            exc.field) from None
        check_possible(facts, when)
        return version, facts, when

    def evaluate_many(self, cases: Iterable[dict], date: dt.date | None = None) -> Iterator[Result | CaseError]:
        """Evaluate many cases; a bad case yields its CaseError instead of stopping the run."""
        for case in cases:
            try:
                yield self.evaluate(case, date)
            except CaseError as exc:
                yield exc

    def evaluate_table(self, table, date: dt.date | str | None = None, chunk_size: int | None = None):
        """Evaluate a table of cases at once (a pyarrow Table or RecordBatch, a pandas or polars frame).

        Returns a pyarrow.Table with, per decision, its value and its citations, missing and note
        columns, and _date and _error per row; the same answers as evaluate() per row. Rows the
        columnar engine cannot represent exactly are evaluated per case: see docs/population.md.
        A large table is evaluated chunk_size rows at a time (default 131,072): the memory of the
        engine is bounded by the chunk, the result holds every row.
        """
        from interpreter.columnar import table as columnar  # an engine, imported only when asked for (pyarrow)
        return columnar.evaluate_table(self, table, date, chunk_size=chunk_size or columnar.CHUNK_ROWS)


def compile_models(models) -> tuple[Version, ...]:
    out = []
    for m in models:
        program = _compiler.compile_model(m)
        out.append(Version(program, {f.name: f.type for f in m.facts}))
    return tuple(out)


def load(path: str | Path) -> Regulation:
    """Parse, check and compile a regulation (a .rules file or a folder of versions).

    Raises RulesError, carrying every diagnostic, when the rule files have errors.

    A folder holding several regulations on one subject (onderwerp) loads as their
    succession: evaluate() uses the one in force on the peildatum. A folder holding
    regulations on several subjects loads as interpreter.subjects.Subjects: each case goes
    to the subject in force on its date whose facts fit it, or raises SeveralSubjects.
    """
    models, diagnostics, sources = load_models(path)
    if not models:
        raise RulesError(diagnostics or [], sources)
    groups = successions(models)
    warnings = tuple(d for d in diagnostics if not d.is_error)
    if len(groups) > 1:  # several subjects: each case is evaluated by the one its date and facts fit
        from interpreter.subjects import Subjects
        return Subjects(str(path), tuple(Regulation(compile_models(ms), warnings) for ms in groups.values()))
    return Regulation(compile_models(models), warnings)
