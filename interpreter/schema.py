"""A JSON Schema (draft 2020-12) of a case for one version of a regulation.

For developers who build forms or services around a regulation: the schema
says what a case may hold, generated from the fact declarations, so that it
cannot drift from the rules. It mirrors interpreter.case (what `eval`
accepts): a fact not given, or null, is unknown; a key that is not a fact is
refused; money is a JSON number or a decimal string.
"""

from __future__ import annotations

from dsl.model import FactInfo, Model
from dsl.types import Type

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"


def _nullable(schema: dict) -> dict:
    """null stands for 'unknown', as in a case."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    t = schema.get("type")
    if isinstance(t, str):
        return {**schema, "type": [t, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def type_schema(t: Type) -> dict:
    """The schema of one value of type t (not yet nullable)."""
    k = t.kind
    if k == "ja/nee":
        return {"type": "boolean"}
    if k in ("bedrag", "getal"):
        what = "Een bedrag in euro" if k == "bedrag" else "Een getal"
        return {"anyOf": [_bounded({"type": "number"}, t), {"type": "string", "pattern": DECIMAL_PATTERN}],
                "description": f"{what}: een JSON-getal of een decimale tekst zoals \"2500.01\" (punt als "
                               "decimaalteken); er wordt exact mee gerekend."}
    if k == "percentage":
        return _bounded({"type": "number", "description": "Een percentage, als getal procenten: 30 voor 30%."}, t)
    if k == "duur":
        return {"type": "object", "description": "Een duur, zoals {\"maanden\": 1}; ook \"jaren\", \"weken\" en "
                                                 "\"dagen\", samen op te geven.",
                "properties": {u: {"type": "integer", "minimum": 0} for u in ("maanden", "jaren", "weken", "dagen")},
                "additionalProperties": False, "minProperties": 1}
    if k == "geheel getal":
        return _bounded({"type": "integer"}, t)
    if k == "datum":
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if k == "tekst":
        return {"type": "string"}
    if k == "keuze":
        return {"enum": list(t.options)}
    if k == "lijst":
        return {"type": "array",
                "items": {"type": "object",
                          "properties": {n: _nullable(type_schema(ft)) for n, ft in t.fields},
                          "additionalProperties": False}}
    return {}  # a type a case cannot give: accept nothing in particular


def _bounded(schema: dict, t: Type) -> dict:
    """minimum / maximum from the bounds of a fact (feit x: percentage van 5% tot en met 100%)."""
    for key, v in (("minimum", t.minimum), ("maximum", t.maximum)):
        if v is not None:
            schema[key] = int(v) if v == int(v) else float(v)
    return schema


def fact_schema(f: FactInfo, model: Model) -> dict:
    s = _nullable(type_schema(f.type))
    parts = [f.description] if f.description else []
    if f.provision is not None:
        prov = model.provision(f.provision)
        parts.append(f"Bepaling: {f.provision.label}.")
        if prov is not None and prov.text:
            parts.append(" ".join(prov.text.split()))
    if f.judgement:
        parts.append("Dit is een oordeel van het college.")
    parts.append("Niet gegeven of null: onbekend.")
    desc = " ".join(parts)
    if "description" in s:  # the money note of type_schema goes after the fact's own text
        desc += " " + s.pop("description")
    out = {"title": f.name.replace("_", " "), "description": desc, **s}
    out["x-grondslag"] = {"kind": "oordeel" if f.judgement else "feit", "type": f.type.describe()}
    if f.provision is not None:
        out["x-grondslag"]["provision"] = f.provision.to_dict()
    return out


def case_schema(model: Model) -> dict:
    """The schema of a case for the regulation version `model`."""
    info = model.info
    version = info.version or info.valid_from.isoformat()
    period = (f"van {info.valid_from.isoformat()} tot {info.valid_until.isoformat()} (niet inbegrepen)"
              if info.valid_until else f"vanaf {info.valid_from.isoformat()}")
    properties = {
        "peildatum": {
            "title": "peildatum",
            "description": (f"De datum waarop de casus wordt beoordeeld. Deze versie geldt {period}. "
                            "Mag ontbreken als de datum apart wordt meegegeven (--date op de opdrachtregel, "
                            "?peildatum= bij de webdienst); een beoordeling gebeurt nooit 'per vandaag'."),
            "type": ["string", "null"], "format": "date", "pattern": DATE_PATTERN,
        }
    }
    for f in model.facts:
        properties[f.name] = fact_schema(f, model)
    description = f"Een casus voor de {info.title}, versie {version}, geldig {period}"
    if info.source:
        description += f" ({info.source})"
    description += (". Elke sleutel is een feit van de regeling; een feit dat niet gegeven is (of null) is "
                    "onbekend, niet onwaar. Een andere sleutel is een fout.")
    return {
        "$schema": DRAFT,
        "$id": f"urn:grondslag:{info.id}:{version}:casus",
        "title": f"Casus: {info.title}",
        "description": description,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
