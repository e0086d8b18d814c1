"""Loading rules for `grondslag analyse`: as `load`, but two rules that may both apply are left to
the solver instead of being rejected by the checker's syntactic test.

The checker errs on the safe side: it rejects two rules for one decision unless it can see
from their text that they never both apply. The analysis decides the same question on the
facts: it gives a witness case where the checker was right, and says so where it was not.
"""

from __future__ import annotations

from pathlib import Path

from dsl.checker import check_version
from dsl.diagnostics import Diagnostic, RulesError
from dsl.loader import check_versions, group_versions, parse_paths
from interpreter.api import Regulation, compile_models

CONFLICT_TEXT = "may both apply with different values"


def load_for_analysis(path: str | Path) -> tuple[Regulation, list[Diagnostic]]:
    """The regulation, and the checker's conflict errors (which the analysis then decides).

    Raises RulesError for every other error in the rule files."""
    files, diagnostics = parse_paths([path])
    sources = {f.path: f.source for f in files}
    if any(d.is_error for d in diagnostics):
        raise RulesError(diagnostics, sources)
    models, conflicts = [], []
    for group in group_versions(files):
        model, diags = check_version(group, report_conflicts=False)
        diagnostics.extend(diags)
        if model is not None:
            models.append(model)
            conflicts.extend(d for d in check_version(group)[1] if d.is_error and CONFLICT_TEXT in d.message)
    diagnostics.extend(check_versions(models))
    if not models or any(d.is_error for d in diagnostics):
        raise RulesError(diagnostics, sources)
    models.sort(key=lambda m: m.info.valid_from)
    return Regulation(compile_models(models), tuple(d for d in diagnostics if not d.is_error)), conflicts
