"""grondslag's interpreter: the engine (compile, evaluate, results, the API) and, in sub-packages, the tools.

This module's names are the engine's public surface: load, Regulation, Version, Result,
Decision, Derivation, Citation, and the errors CaseError, NotInForce, SeveralSubjects,
RulesError (with its Diagnostic).

The names below are imported on first use (PEP 562), so that a command that needs little
(`grondslag --help`) does not load the parser, the checker and Lark.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_WHERE = {"load": "interpreter.api", "Regulation": "interpreter.api", "Version": "interpreter.api",
          "CaseError": "interpreter.case", "Decision": "interpreter.result", "Derivation": "interpreter.result",
          "Result": "interpreter.result", "Diagnostic": "dsl.diagnostics", "RulesError": "dsl.diagnostics",
          "Citation": "dsl.citation", "NotInForce": "interpreter.api", "SeveralSubjects": "interpreter.api"}

__all__ = ["load", "Regulation", "Version", "Result", "Decision", "Derivation", "Citation", "CaseError",
           "NotInForce", "SeveralSubjects", "RulesError", "Diagnostic", "__version__"]


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'interpreter' has no attribute {name!r}")
