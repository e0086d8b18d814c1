"""grondslag's rules language: grammar, parser, syntax tree, checking and compilation.

text -> syntax tree (dsl.parser) -> checked model (dsl.checker) -> evaluation tree (interpreter.compiler)
"""

from dsl.diagnostics import Diagnostic, RulesError
from dsl.loader import check_paths, load_models
from dsl.parser import parse

__all__ = ["parse", "check_paths", "load_models", "Diagnostic", "RulesError"]
