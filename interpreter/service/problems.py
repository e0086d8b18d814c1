"""Errors as problem details (RFC 9457, `application/problem+json`), with the CLI's messages.

`detail` is the message `grondslag eval` would print (without its `grondslag: error:`
prefix), worded for the API where the CLI's names an option (no peildatum: ?peildatum=, not
--date); a problem about one field names it in `invalidParams`, as the Dutch REST API
Design Rules ask. No problem ever carries a traceback. `title` and `detail` speak the tool
language (English, Dutch with GRONDSLAG_LANG=nl; docs/language-policy.md); `type` and the
field names are the interface and never change.
"""

from __future__ import annotations

import attrs

from dsl.i18n import N_, _
from interpreter.result import dumps

MEDIA_TYPE = "application/problem+json"

# type URI -> title (a message id, read in the tool language), one per kind of problem a client may
# want to handle in its own way. A client tells problems apart by `type`: RFC 9457 lets a title be localised.
TITLES = {
    "ongeldige-json": N_("The body is not valid JSON"),
    "ongeldige-casus": N_("The case cannot be evaluated"),
    "ongeldige-parameter": N_("A parameter has an invalid value"),
    "onbekende-regeling": N_("This regulation is not served here"),
    "niet-gevonden": N_("This resource does not exist"),
    "methode-niet-toegestaan": N_("This method is not allowed here"),
    "te-groot": N_("The request is too large"),
    "mediatype-niet-ondersteund": N_("This media type is not supported"),
    "tijdslimiet": N_("The evaluation took longer than the time limit"),
    "interne-fout": N_("Internal error in grondslag"),
}


@attrs.define(eq=False)
class Problem(Exception):
    """An error answer: raise it in a handler, the app turns it into a response."""

    status: int
    kind: str  # a key of TITLES
    detail: str
    field: str | None = None  # the case fact or query parameter at fault
    location: str = "body"  # body | query | path | header
    headers: dict = attrs.field(factory=dict)

    def to_dict(self, instance: str | None = None) -> dict:
        d = {"type": f"urn:grondslag:probleem:{self.kind}", "title": _(TITLES[self.kind]), "status": self.status,
             "detail": self.detail}
        if instance:
            d["instance"] = instance
        if self.field is not None:
            d["invalidParams"] = [{"name": self.field, "in": self.location, "reason": self.detail}]
        return d

    def body(self, instance: str | None = None) -> bytes:
        return (dumps(self.to_dict(instance)) + "\n").encode("utf-8", "backslashreplace")  # a lone surrogate


SCHEMA = {
    "type": "object",
    "description": "Probleemdetails volgens RFC 9457.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "Een URI die het soort probleem aanduidt."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "Dezelfde melding als de opdrachtregel geeft."},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {"type": "object", "required": ["name", "reason"],
                      "properties": {"name": {"type": "string"}, "in": {"type": "string"},
                                     "reason": {"type": "string"}}},
        },
    },
}
