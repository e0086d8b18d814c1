"""Case files as people write them: JSON, or YAML by hand.

YAML is read as a tree of nodes and typed here, by JSON's rules, rather than by
PyYAML's: a YAML loader would turn ``2500.01`` into a binary float (money must stay
exact), ``2009-04-01`` into a date object and ``yes`` into true. Here a plain scalar
is ``null``/``~``/empty, ``true``/``false``, a whole number, a decimal number
(``Decimal``), or else text; a quoted scalar is always text.
"""

from __future__ import annotations

import re
from decimal import Decimal

import yaml

from dsl.i18n import msg
from interpreter.case import CaseError, parse_json

YAML_SUFFIXES = (".yaml", ".yml")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def is_yaml(name: str) -> bool:
    return str(name).lower().endswith(YAML_SUFFIXES)


def parse_case_text(text: str, name: str = "-"):
    """The case in `text`, read as YAML when `name` ends in .yaml/.yml, else as JSON."""
    return parse_yaml(text) if is_yaml(name) else parse_json(text)


def parse_yaml(text: str):
    """One YAML document -> the same Python values parse_json gives (Decimal for decimals)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark:
            raise CaseError(msg("the case is not valid YAML: {problem} at line {line}, column {column}",
                                problem=exc.problem, line=mark.line + 1, column=mark.column + 1)) from None
        raise CaseError(msg("the case is not valid YAML: {problem}", problem=exc.problem)) from None
    except yaml.YAMLError as exc:
        raise CaseError(msg("the case is not valid YAML: {problem}", problem=str(exc))) from None
    if node is None:
        raise CaseError(msg("the case is empty: expected a mapping of facts"))
    return _value(node, set())


def _where(node) -> int:
    return node.start_mark.line + 1


def _value(node, seen: set[int]):
    if id(node) in seen:  # an alias (*name): a case is a tree, and aliases can multiply it without bound
        raise CaseError(msg("anchors and aliases (&, *) are not used in a case (line {line})", line=_where(node)))
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _value(key_node, seen)
            if not isinstance(key, str):
                raise CaseError(msg("a key must be a name, got {key} (line {line})", key=repr(key),
                                    line=_where(key_node)))
            if key in out:
                raise CaseError(msg("{key} is given twice in one object (line {line})", key=repr(key),
                                    line=_where(key_node)), key)
            out[key] = _value(value_node, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, seen) for item in node.value]
    return _scalar(node)


def _scalar(node):
    text = node.value
    if node.style is not None:  # quoted or block text: always a string
        return text
    if text in ("", "~", "null"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return Decimal(text)
    return text
