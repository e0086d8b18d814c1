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

from dsl.i18n import N_, joined, msg
from interpreter.case import CaseError, parse_json

YAML_SUFFIXES = (".yaml", ".yml")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")

# The problems PyYAML names (its exc.context and exc.problem), so that a Dutch reader does not get
# them in English. PyYAML fills in a quoted token or character (%r); here that part is a placeholder.
_YAML_PROBLEMS = (
    N_("while scanning a simple key"), N_("while scanning a quoted scalar"),
    N_("while scanning a double-quoted scalar"), N_("while scanning a block scalar"), N_("while scanning a tag"),
    N_("while scanning a directive"), N_("while scanning an alias"), N_("while scanning an anchor"),
    N_("while scanning for the next token"), N_("while parsing a block mapping"),
    N_("while parsing a block collection"), N_("while parsing a flow mapping"), N_("while parsing a flow sequence"),
    N_("while parsing a block node"), N_("while parsing a flow node"), N_("while parsing a node"),
    N_("while parsing a tag"), N_("expected a single document in the stream"), N_("but found another document"),
    N_("could not find expected ':'"), N_("mapping values are not allowed here"),
    N_("mapping keys are not allowed here"), N_("sequence entries are not allowed here"),
    N_("found unexpected end of stream"), N_("found unexpected document separator"),
    N_("found character {found} that cannot start any token"), N_("found unknown escape character {found}"),
    N_("found undefined tag handle {found}"), N_("found undefined alias {found}"),
    N_("found duplicate anchor {found}; first occurrence"), N_("second occurrence"),
    N_("expected <block end>, but found {found}"), N_("expected the node content, but found {found}"),
    N_("expected ',' or ']', but got {found}"), N_("expected ',' or '}}', but got {found}"),
    N_("expected alphabetic or numeric character, but found {found}"),
    N_("expected a comment or a line break, but found {found}"), N_("expected ' ', but found {found}"),
    N_("expected chomping or indentation indicators, but found {found}"),
    N_("expected indentation indicator in the range 1-9, but found 0"),
    N_("special characters are not allowed"),
)


def _pattern(message: str) -> re.Pattern:
    """The message id as a pattern that matches PyYAML's English text and captures its placeholders."""
    parts = re.split(r"(\{\w+\})", message.replace("{{", "{").replace("}}", "}"))
    return re.compile("".join(f"(?P<{p[1:-1]}>.+)" if re.fullmatch(r"\{\w+\}", p) else re.escape(p)
                              for p in parts))


_YAML_PATTERNS = tuple((_pattern(m), m) for m in _YAML_PROBLEMS)


def _problem(text: str | None):
    """PyYAML's English text as a message of the catalogue, or the text as it is when it is not there."""
    if text is None:
        return None
    for pattern, message in _YAML_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return msg(message, **m.groupdict())
    return text


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
        # "while scanning a simple key, could not find expected ':'": the context says where PyYAML was.
        problem = joined(", ", [p for p in (_problem(exc.context), _problem(exc.problem)) if p is not None])
        mark = exc.problem_mark
        if mark:
            raise CaseError(msg("the case is not valid YAML: {problem} at line {line}, column {column}",
                                problem=problem, line=mark.line + 1, column=mark.column + 1)) from None
        raise CaseError(msg("the case is not valid YAML: {problem}", problem=problem)) from None
    except yaml.reader.ReaderError as exc:  # a control character: say where, as for any other problem
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise CaseError(msg("the case is not valid YAML: {problem} at line {line}, column {column}",
                            problem=msg("unacceptable character #x{code}: {reason}", code=format(exc.character, "04x"),
                                        reason=_problem(exc.reason)), line=line, column=column)) from None
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
