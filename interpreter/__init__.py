"""grondslag's interpreter: evaluation tree, evaluation, traces, explanations, CLI and API.

The names below are imported on first use (PEP 562), so that a command that needs little
(`grondslag --help`) does not load the parser, the checker and Lark.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_WHERE = {"load": "interpreter.api", "Regulation": "interpreter.api", "Version": "interpreter.api",
          "CaseError": "interpreter.case", "Decision": "interpreter.result", "Derivation": "interpreter.result",
          "Result": "interpreter.result", "Diagnostic": "dsl.diagnostics", "RulesError": "dsl.diagnostics"}

__all__ = ["load", "Regulation", "Version", "Result", "Decision", "Derivation", "CaseError", "RulesError",
           "Diagnostic", "__version__"]


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'interpreter' has no attribute {name!r}")
