"""The layout is the architecture: the language never imports the engine, the engine never imports a tool.

Read from the source with ast (no import runs), so the test holds for lazy imports inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("interpreter.cli", "interpreter.review", "interpreter.motivation", "interpreter.drafting",
         "interpreter.editor", "interpreter.service", "interpreter.analysis")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(package: str) -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted((ROOT / package).rglob("*.py"))}


def _is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_language_never_imports_the_interpreter():
    offenders = {m: sorted(i for i in imps if _is_under(i, "interpreter"))
                 for m, imps in _modules("dsl").items()}
    assert {m: i for m, i in offenders.items() if i} == {}


def test_the_engine_never_imports_a_tool():
    engine = {m: imps for m, imps in _modules("interpreter").items()
              if not any(_is_under(m, t) for t in TOOLS)}
    assert "interpreter.api" in engine and "interpreter.tree" in engine
    offenders = {m: sorted(i for i in imps if any(_is_under(i, t) for t in TOOLS)) for m, imps in engine.items()}
    assert {m: i for m, i in offenders.items() if i} == {}


@pytest.mark.parametrize("tool", [t for t in TOOLS if t != "interpreter.cli" and (ROOT / t.replace(".", "/")).exists()])
def test_tools_do_not_import_the_command_line(tool):
    offenders = {m: sorted(i for i in imps if _is_under(i, "interpreter.cli"))
                 for m, imps in _modules(tool.replace(".", "/")).items()}
    assert {m: i for m, i in offenders.items() if i} == {}


def test_command_modules_depend_on_common_helpers_not_on_each_other():
    cli = _modules("interpreter/cli")
    for module, imps in cli.items():
        if module in ("interpreter.cli", "interpreter.cli.app"):
            continue  # the package and the group gather the command modules
        others = sorted(i for i in imps if _is_under(i, "interpreter.cli") and not _is_under(i, "interpreter.cli.common"))
        assert others == [], f"{module} imports {others}"


def test_the_public_surface_is_exported_from_the_package():
    import interpreter
    from dsl.citation import Citation
    from interpreter.api import NotInForce, SeveralSubjects
    from interpreter.case import CaseError
    assert interpreter.Citation is Citation and interpreter.CaseError is CaseError
    assert interpreter.NotInForce is NotInForce and interpreter.SeveralSubjects is SeveralSubjects
    assert issubclass(interpreter.NotInForce, interpreter.CaseError)
    assert set(interpreter.__all__) >= {"load", "Regulation", "Result", "Citation", "CaseError", "NotInForce",
                                        "SeveralSubjects", "RulesError"}
