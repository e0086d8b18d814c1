"""Running worked examples (.voorbeelden) against a regulation: `grondslag test`.

An example is only worth something if it cannot drift from the rules: each
one is evaluated through the public API, exactly as a caseworker's case would
be, and compared with what the drafter wrote down. Names are checked against
the version in force on the example's peildatum, so a typo is reported with
its place and a suggestion instead of silently testing nothing.

What a run found is written by drafting.report (the lines, the JSON, the summary) and, with
--update, into the files by drafting.update.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from dsl import examples as V
from dsl.diagnostics import Diagnostic, did_you_mean, error, sort_key, warning
from dsl.i18n import N_
from dsl.i18n import _ as tr
from dsl.model import Model
from dsl.types import Type
from interpreter.api import Regulation, Version
from interpreter.case import CaseError, read_facts
from interpreter.result import Decision, Result

# ------------------------------------------------------------------ finding


def find_files(paths) -> list[Path]:
    """The .voorbeelden files under the given files and folders, in a stable order."""
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        found = [p] if p.is_file() else sorted(p.rglob("*" + V.SUFFIX))
        out.extend(f for f in found if f not in out)
    return out


def default_paths(rules: str | Path) -> list[Path]:
    """Where the examples of a regulation live: under its folder, or beside its file."""
    p = Path(rules)
    if p.is_dir():
        return [p]
    return sorted(p.parent.glob("*" + V.SUFFIX))


# ------------------------------------------------------------------ results


@attrs.frozen
class Check:
    """One expectation compared with what the regulation gave."""

    expectation: V.Expectation
    expected: Any  # the expected value as the API gives values (None: onbekend)
    got: Decision
    kind: str  # the decision's type kind, for rendering
    problems: tuple[str, ...]  # empty when it passed

    @property
    def passed(self) -> bool:
        return not self.problems


@attrs.frozen
class Run:
    """One example evaluated: its checks, or the input errors that kept it from running."""

    file: str
    example: V.Example
    result: Result | None
    version: Version | None
    checks: tuple[Check, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ran(self) -> bool:
        return self.result is not None

    @property
    def passed(self) -> bool:
        return self.ran and all(c.passed for c in self.checks)


@attrs.frozen
class Suite:
    """All examples of a regulation, run: what `grondslag test` reports."""

    files: tuple[V.ExamplesFile, ...]
    runs: tuple[Run, ...]
    diagnostics: tuple[Diagnostic, ...]  # syntax errors and bad names or values, sorted

    @property
    def failed(self) -> tuple[Run, ...]:
        return tuple(r for r in self.runs if r.ran and not r.passed)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def results(self) -> tuple[Result, ...]:
        return tuple(r.result for r in self.runs if r.result is not None)

    @property
    def expectation_count(self) -> int:
        return sum(len(r.example.expectations) for r in self.runs)


# ------------------------------------------------------- facts of an example


class _Bad(Exception):
    def __init__(self, message: str, span, hint: str | None = None):
        super().__init__(message)
        self.diagnostic = error(message, span, hint)


_HOW = {
    "ja/nee": N_("write waar or onwaar"), "bedrag": N_("write an amount such as € 2.500,00"),
    "geheel getal": N_("write a whole number such as 12"), "getal": N_("write a number such as 12 or 1,5"),
    "datum": N_("write a date as YYYY-MM-DD"), "tekst": N_('write a text in quotes, such as "wwb"'),
    "percentage": N_("write a percentage such as 5% or 5 procent"), "duur": N_("write a duration such as 1 maand"),
    "overwegingen": N_("a list of considerations cannot be written in a voorbeeld yet: expect onbekend, or leave "
                       "it out"),
}
_WRITTEN = {"ja/nee": "waar/onwaar", "bedrag": N_("an amount"), "getal": N_("a number"), "datum": N_("a date"),
            "percentage": N_("a percentage"), "duur": N_("a duration"),
            "tekst": N_("a text"), "lijst": N_("a list"), "onbekend": "onbekend"}


def _how(typ: Type) -> str:
    if typ.kind == "keuze":
        return tr("write one of {options}").format(options=", ".join(f'"{o}"' for o in typ.options))
    if typ.kind == "lijst":
        fields = " ".join(f"{n} ..." for n, _ in typ.fields)
        return tr("write lijst ({fields}), ({fields}) or lege lijst").format(fields=fields)
    if typ.kind in _HOW:
        return tr(_HOW[typ.kind])
    return tr("write a value of type {type}").format(type=typ.describe())


def value_of(v: V.Value, typ: Type, name: str):
    """The case value of what an example wrote for a fact or field of type `typ`; raises _Bad."""
    if v.kind == "onbekend":
        return None
    k = typ.kind
    wrong = _Bad(tr("'{name}' is {type}, but the voorbeeld gives {given}").format(
                     name=name, type=typ.describe(), given=tr(_WRITTEN[v.kind]) if v.kind in _WRITTEN else v.kind),
                 v.span, _how(typ))
    if k == "ja/nee":
        if v.kind != "ja/nee":
            raise wrong
        return v.value
    if k in ("bedrag", "getal"):
        if v.kind not in ("bedrag", "getal"):
            raise wrong
        return Decimal(v.value)
    if k == "geheel getal":
        if v.kind != "getal" or not isinstance(v.value, int):
            raise wrong
        return v.value
    if k in ("percentage", "duur"):
        if v.kind != k:
            raise wrong
        return v.value
    if k == "datum":
        if v.kind != "datum":
            raise wrong
        return v.value
    if k == "tekst":
        if v.kind != "tekst":
            raise wrong
        return v.value
    if k == "keuze":
        if v.kind != "tekst":
            raise wrong
        if v.value not in typ.options:
            raise _Bad(tr("'{name}' cannot be \"{value}\": it is {type}").format(
                           name=name, value=v.value, type=typ.describe()), v.span,
                       did_you_mean(v.value, typ.options) or _how(typ))
        return v.value
    if k == "lijst":
        if v.kind != "lijst":
            raise wrong
        names = [n for n, _ in typ.fields]
        out = []
        for rec in v.value:
            item = {}
            for f in rec.fields:
                ft = typ.field(f.name)
                if ft is None:
                    raise _Bad(tr("'{name}' has no field '{field}'; its fields are {fields}").format(
                                   name=name, field=f.name, fields=", ".join(names)), f.span,
                               did_you_mean(f.name, names))
                x = value_of(f.value, ft, f"{name}.{f.name}")
                if x is not None:
                    item[f.name] = x
            out.append(item)
        return out
    raise wrong


def _name_error(what: str, name: str, span, model: Model) -> Diagnostic:
    facts = [f.name for f in model.facts]
    decisions = [d.name for d in model.decisions]
    if what == "fact":
        if name in decisions:
            return error(tr("'{name}' is a decision, not a fact: it belongs under 'verwacht'").format(name=name), span)
        return error(tr("unknown fact '{name}': it is not a fact of this regulation").format(name=name), span,
                     did_you_mean(name, facts))
    if name in facts:
        return error(tr("'{name}' is a fact, not a decision: it belongs under 'feiten'").format(name=name), span)
    return error(tr("unknown decision '{name}': it is not a decision of this regulation").format(name=name), span,
                 did_you_mean(name, decisions))


def case_of(example: V.Example, model: Model) -> tuple[dict, list[Diagnostic]]:
    """The case dict of an example, and every problem with its facts."""
    case: dict[str, Any] = {}
    problems = []
    for line in example.facts:
        fact = model.fact(line.name)
        if fact is None:
            problems.append(_name_error("fact", line.name, line.name_span, model))
            continue
        try:
            value = value_of(line.value, fact.type, line.name)
        except _Bad as bad:
            problems.append(bad.diagnostic)
            continue
        if value is not None:
            case[line.name] = value
    return case, problems


def _check_expectations(example: V.Example, model: Model) -> list[Diagnostic]:
    problems = []
    labels = {p.citation: p for p in model.provisions}
    for e in example.expectations:
        decision = model.decision(e.decision)
        if decision is None:
            problems.append(_name_error("decision", e.decision, e.name_span, model))
            continue
        if e.value.kind != "onbekend":
            try:
                value_of(e.value, decision.type, e.decision)
            except _Bad as bad:
                problems.append(bad.diagnostic)
        for m in e.missing:
            if model.fact(m.name) is None:
                problems.append(_name_error("fact", m.name, m.span, model))
        for c in e.citations:
            if c.citation not in labels:
                near = did_you_mean(V.render_citation(c.citation),
                                    [V.render_citation(x) for x in labels])
                problems.append(error(tr("{provision} is not a provision of this regulation").format(
                                          provision=V.render_citation(c.citation)),
                                      c.span, near))
    return problems


# ------------------------------------------------------------------ comparing


def _same(expected, got) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, (int, Decimal)) and isinstance(got, (int, Decimal)):
        return Decimal(expected) == Decimal(got)
    return expected == got


def compare(e: V.Expectation, expected, got: Decision) -> tuple[str, ...]:
    """What is wrong with `got` against the expectation; empty when it passes.

    The rules: the value must be equal; the first provision named after
    'volgens' must be the first one cited (the provision that decided), and
    every other one named must be cited too; every fact named after
    'ontbreekt' must be among the missing facts.
    """
    problems = []
    if not _same(expected, got.value):
        problems.append("value")
    wanted = [c.citation for c in e.citations]
    if wanted:
        if not got.citations or got.citations[0] != wanted[0] or any(c not in got.citations for c in wanted):
            problems.append("citation")
    if any(m.name not in got.missing for m in e.missing):
        problems.append("missing")
    return tuple(problems)


# ------------------------------------------------------------------ running


def run_example(regulation: Regulation, path: str, example: V.Example) -> Run:
    try:
        # in a folder of several subjects (rules/), the examples beside a regulation's rules are its own
        version = regulation.for_path(path).version_on(example.date)
    except CaseError as exc:
        return Run(path, example, None, None, (), (error(str(exc), example.date_span),))
    model = version.program.model
    case, problems = case_of(example, model)
    problems += _check_expectations(example, model)
    if problems:
        return Run(path, example, None, version, (), tuple(problems))
    try:
        # Through the same case reader as 'eval', so that an example is a case like any other.
        result = version.evaluate_facts(read_facts(case, version.fact_types), example.date)
    except CaseError as exc:
        return Run(path, example, None, version, (), (error(str(exc), example.span),))
    checks = []
    warnings = ()
    if not example.expectations:
        warnings = (warning(tr("this voorbeeld expects nothing yet"), example.span,
                            tr("add a 'verwacht' block, or run 'grondslag test --update' and check what it writes")),)
    for e in example.expectations:
        got = result.decisions[e.decision]
        typ = model.decision(e.decision).type
        expected = None if e.value.kind == "onbekend" else value_of(e.value, typ, e.decision)
        checks.append(Check(e, expected, got, typ.kind, compare(e, expected, got)))
    return Run(path, example, result, version, tuple(checks), warnings)


def run(regulation: Regulation, paths, progress=None) -> Suite:
    """Parse and run every example in the given .voorbeelden files and folders.

    `progress`, if given, wraps the list of files in a context manager that yields them (the
    command line's progress bar); this module does not know about terminals.
    """
    files, diagnostics, runs = [], [], []
    found = find_files(paths)
    with (progress(found) if progress is not None else contextlib.nullcontext(found)) as shown:
        for f in shown:
            _run_file(regulation, f, files, diagnostics, runs)
    return Suite(tuple(files), tuple(runs), tuple(sorted(diagnostics, key=sort_key)))


def _run_file(regulation: Regulation, f, files: list, diagnostics: list, runs: list) -> None:
    """Parse one .voorbeelden file and run its examples, adding to the suite's lists."""
    parsed, diags = V.parse_file(f)
    files.append(parsed)
    diagnostics.extend(diags)
    bad_lines = {d.span.line for d in diags if d.is_error}
    for example in parsed.examples:
        if any(example.span.line <= n <= example.span.end_line for n in bad_lines):
            # a date that does not exist, a fact given twice: already reported, not run
            runs.append(Run(parsed.path, example, None, None, (), ()))
            continue
        r = run_example(regulation, parsed.path, example)
        runs.append(r)
        diagnostics.extend(r.diagnostics)
