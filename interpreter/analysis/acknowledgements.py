"""The drafter's `erkend` statements: findings that are intended, facts that cannot change.

    erkend gat aanspraak: "Buiten de doelgroep geeft de verordening geen antwoord."
    erkend dood: "..."                 (every dead rule in this provision)
    erkend onveranderlijk geboortedatum: "De geboortedatum ligt vast."

An acknowledgement with a name covers the findings about that decision (for
`onveranderlijk`: that fact); without a name it covers the findings of its kind on
the rules in the provision where it stands, including its leden and onderdelen.
"""

from __future__ import annotations

import attrs

from dsl import syntax as S
from dsl.citation import Citation, citation_of
from dsl.model import Model


@attrs.frozen
class Acknowledgement:
    kind: str
    name: str | None
    reason: str
    provision: Citation
    span: S.Span

    def matches(self, kind: str, decision: str | None, rule: Citation | None) -> bool:
        if kind != self.kind:
            return False
        if self.name is not None:
            return self.name == decision
        return rule is not None and self.provision.contains(rule)


def acknowledgements(model: Model) -> list[Acknowledgement]:
    out = []
    for f in model.files:
        for prov, parents in S.walk_provisions(f.provisions):
            for s in prov.body:
                if isinstance(s, S.Acknowledgement):
                    out.append(Acknowledgement(s.kind, s.name, s.reason, citation_of(parents + (prov,)), s.span))
    return out


def fixed_facts(model: Model) -> dict[str, str]:
    """Facts marked `erkend onveranderlijk NAME`, with the reason."""
    return {a.name: a.reason for a in acknowledgements(model) if a.kind == "onveranderlijk" and a.name}
