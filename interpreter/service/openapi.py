"""The OpenAPI 3.1 document of the service, generated from the rules it serves.

Each regulation gets its own paths, so that its request body is the JSON Schema of its
case (interpreter.schema, as `grondslag schema`) and its public example cases
(`cases/*.case.json`) are the OpenAPI examples: the contract cannot drift from the rules.
"""

from __future__ import annotations

from interpreter import __version__
from interpreter.service import problems
from interpreter.service.catalog import Catalog, Served, schema_of

API_VERSION = "1.0.0"  # the version of this HTTP interface; /v1 carries its major number
JSONL = "application/x-ndjson"
JSONL_TYPES = (JSONL, "application/jsonl", "application/x-jsonlines", "application/json-lines")

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_NULLABLE_STR = {"type": ["string", "null"]}

CITATION = {
    "type": "object",
    "description": "Een bepaling, geciteerd volgens de Aanwijzingen voor de regelgeving.",
    "required": ["article", "paragraph", "item", "label"],
    "properties": {"article": _NULLABLE_STR, "paragraph": {"type": ["integer", "null"]},
                   "item": _NULLABLE_STR, "label": {"type": "string"},
                   "sentence": {"type": "integer", "description": "De volzin, alleen bij een citaat van een volzin."}},
}
DECISION = {
    "type": "object",
    "required": ["value", "citations", "missing"],
    "properties": {
        "value": {"description": "true/false, een getal, een tekst, een object, of null als de gegeven feiten "
                                 "de beslissing openlaten."},
        "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citaat"}},
        "missing": {"type": "array", "items": {"type": "string"}},
        "conflict": {"type": "array", "items": {"$ref": "#/components/schemas/Citaat"}},
        "note": {"type": "string"},
        "derivation": {"type": "object", "description": "De afleiding (?afleiding=true)."},
    },
}
PROVENANCE = {
    "type": "object",
    "description": "Het bewijs van herkomst: welke regels, in welke versie, door welke grondslag.",
    "required": ["regulation", "version", "digest", "grondslag"],
    "properties": {"regulation": {"type": "string"}, "version": {"type": "string"}, "source": _NULLABLE_STR,
                   "digest": {"type": "string", "pattern": "^sha256:[0-9a-f]+$"},
                   "grondslag": {"type": "string"}},
}
RESULT = {
    "type": "object",
    "description": "Het resultaatobject van `grondslag eval --format json`.",
    "required": ["regulation", "date", "decisions", "provenance"],
    "properties": {
        "regulation": {"type": "object", "required": ["id", "title", "valid_from", "valid_until"],
                       "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                                      "valid_from": _DATE, "valid_until": {"type": ["string", "null"]},
                                      "source": _NULLABLE_STR}},
        "date": _DATE,
        "decisions": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Beslissing"}},
        "provenance": {"$ref": "#/components/schemas/Herkomst"},
        "explanation": {"type": "object", "required": ["format", "content"],
                        "description": "De motivering in het Nederlands (?uitleg=tekst|html).",
                        "properties": {"format": {"enum": ["tekst", "html"]}, "content": {"type": "string"}}},
    },
}
VERSION = {
    "type": "object",
    "required": ["regulation", "title", "version", "valid_from", "valid_until", "digest"],
    "properties": {"regulation": {"type": "string"}, "title": {"type": "string"}, "version": {"type": "string"},
                   "source": _NULLABLE_STR, "valid_from": _DATE, "valid_until": {"type": ["string", "null"]},
                   "digest": {"type": "string"}, "decisions": {"type": "array"}, "facts": {"type": "array"},
                   "provisions": {"type": "array"}},
}
REGULATION = {
    "type": "object",
    "required": ["id", "title", "versions"],
    "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                   "versions": {"type": "array", "items": {"$ref": "#/components/schemas/Versie"}},
                   "_links": {"type": "object"}},
}
HEALTH = {"type": "object", "required": ["status"], "properties": {"status": {"enum": ["pass"]}}}


def _problem_responses(*codes: int) -> dict:
    what = {304: "Niet gewijzigd (If-None-Match)", 400: "Ongeldig verzoek", 404: "Niet gevonden",
            413: "Te groot", 415: "Mediatype niet ondersteund", 422: "De casus kan niet worden beoordeeld",
            503: "Tijdslimiet overschreden"}
    out = {}
    for c in codes:
        if c == 304:
            out["304"] = {"description": what[c]}
        else:
            out[str(c)] = {"description": what[c], "content": {problems.MEDIA_TYPE: {
                "schema": {"$ref": "#/components/schemas/Probleem"}}}}
    return out


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PEILDATUM = _query("peildatum", _DATE, "De peildatum; gaat voor het veld 'peildatum' van de casus.")
AFLEIDING = _query("afleiding", {"type": "string", "enum": ["true", "false"]},
                   "true: voeg bij elke beslissing de afleiding toe (welke regels, met welke waarden).")
UITLEG = _query("uitleg", {"type": "string", "enum": ["tekst", "html"]},
                "Voeg de motivering in het Nederlands toe, als tekst of als HTML-pagina.")


def _json(schema: dict, description: str, media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}},
            "headers": {"ETag": {"schema": {"type": "string"}}}}


def _case_schema(s: Served) -> dict:
    schemas = []
    for v in s.regulation.versions:
        sch = dict(schema_of(v))
        sch.pop("$schema", None)
        sch.pop("$id", None)  # an $id would change how $refs resolve inside the document
        schemas.append(sch)
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def _paths_of(s: Served) -> dict:
    base = f"/v1/regelingen/{s.id}"
    case_ref = {"$ref": f"#/components/schemas/Casus-{s.id}"}
    examples = {e.name: {"summary": e.name.replace("-", " "), "value": e.case} for e in s.examples}
    body = {"schema": case_ref}
    if examples:
        body["examples"] = examples
    title = s.regulation.versions[-1].info.title
    return {
        base: {"get": {
            "operationId": f"regeling-{s.id}", "tags": [s.id], "summary": f"{title}: versies, beslissingen, "
                                                                        "feiten en bepalingen",
            "responses": {"200": _json({"$ref": "#/components/schemas/Regeling"}, "De regeling"),
                          **_problem_responses(304)}}},
        f"{base}/schema": {"get": {
            "operationId": f"schema-{s.id}", "tags": [s.id],
            "summary": "Het JSON Schema van een casus (als `grondslag schema`)",
            "parameters": [_query("peildatum", _DATE, "De versie die op deze datum geldt (standaard: de "
                                                      "nieuwste versie).")],
            "responses": {"200": _json({"type": "object"}, "Een JSON Schema (draft 2020-12)"),
                          **_problem_responses(304, 400, 422)}}},
        f"{base}/evaluaties": {"post": {
            "operationId": f"evaluatie-{s.id}", "tags": [s.id],
            "summary": "Beoordeel één casus (als `grondslag eval --format json`)",
            "parameters": [PEILDATUM, UITLEG, AFLEIDING],
            "requestBody": {"required": True, "content": {"application/json": body}},
            "responses": {"200": _json({"$ref": "#/components/schemas/Resultaat"}, "Het resultaat"),
                          **_problem_responses(400, 413, 415, 422, 503)}}},
        f"{base}/evaluaties/batch": {"post": {
            "operationId": f"batch-{s.id}", "tags": [s.id],
            "summary": "Beoordeel één casus per regel (JSON Lines, als `grondslag batch`)",
            "description": "Eén resultaatregel per invoerregel, in dezelfde volgorde, gestreamd. Een regel "
                           "die niet beoordeeld kan worden wordt {\"line\": N, \"error\": MELDING}.",
            "parameters": [PEILDATUM, AFLEIDING],
            "requestBody": {"required": True, "content": {JSONL: {"schema": {"type": "string"}}}},
            "responses": {"200": {"description": "Eén JSON-regel per invoerregel",
                                  "content": {JSONL: {"schema": {"type": "string"}}}},
                          **_problem_responses(400, 413, 415)}}},
    }


def openapi_document(catalog: Catalog) -> dict:
    """The whole document; built once at start-up."""
    paths = {
        "/v1/regelingen": {"get": {
            "operationId": "regelingen", "tags": ["regelingen"], "summary": "De regelingen die deze dienst aanbiedt",
            "responses": {"200": _json({"type": "array", "items": {"$ref": "#/components/schemas/Regeling"}},
                                       "De regelingen met hun versies en geldigheid"),
                          **_problem_responses(304)}}},
        "/v1/health": {"get": {
            "operationId": "health", "tags": ["beheer"], "summary": "Voor een load balancer: de dienst draait",
            "responses": {"200": _json({"$ref": "#/components/schemas/Gezondheid"}, "De dienst draait",
                                       "application/health+json")}}},
    }
    schemas = {"Citaat": CITATION, "Beslissing": DECISION, "Herkomst": PROVENANCE, "Resultaat": RESULT,
               "Versie": VERSION, "Regeling": REGULATION, "Gezondheid": HEALTH, "Probleem": problems.SCHEMA}
    for s in catalog.served:
        paths.update(_paths_of(s))
        schemas[f"Casus-{s.id}"] = _case_schema(s)
    return {
        "openapi": "3.1.0",
        "info": {"title": "grondslag", "version": API_VERSION,
                 "description": "Regels als code voor Nederlandse gemeentelijke regelingen. Elke beslissing "
                                "noemt het artikel, lid en onderdeel waarop zij rust, en elk resultaat draagt "
                                f"het bewijs van herkomst van de regels. grondslag {__version__}."},
        "tags": [{"name": "regelingen"}, *({"name": s.id, "description": s.regulation.versions[-1].info.title}
                                          for s in catalog.served), {"name": "beheer"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
