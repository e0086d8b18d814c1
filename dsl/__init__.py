"""grondslag's rules language: grammar, parser, syntax tree, checking and compilation.

text -> syntax tree (dsl.parser) -> checked model (dsl.checker) -> evaluation tree (interpreter.compiler)

The names below are imported on first use (PEP 562): importing one module of the package
(dsl.diagnostics, say) does not load Lark and the parser, so `grondslag --help` starts fast.
"""

from __future__ import annotations

import importlib

_WHERE = {"Diagnostic": "dsl.diagnostics", "RulesError": "dsl.diagnostics", "check_paths": "dsl.loader",
          "load_models": "dsl.loader", "parse": "dsl.parser"}

__all__ = ["parse", "check_paths", "load_models", "Diagnostic", "RulesError"]


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dsl' has no attribute {name!r}")
