"""grondslag's interpreter: evaluation tree, evaluation, traces, explanations, CLI and API."""

__version__ = "0.1.0"

from interpreter.api import Regulation, Version, load  # noqa: E402
from interpreter.case import CaseError  # noqa: E402
from interpreter.result import Decision, Derivation, Result  # noqa: E402
from dsl.diagnostics import Diagnostic, RulesError  # noqa: E402

__all__ = ["load", "Regulation", "Version", "Result", "Decision", "Derivation", "CaseError", "RulesError",
           "Diagnostic", "__version__"]
