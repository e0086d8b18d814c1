"""Citations of provisions in the style of the Aanwijzingen voor de regelgeving.

"artikel 4, vierde lid", "artikel 8, derde lid, onder a", "paragraaf Werk boven
inkomen, tweede alinea". A citation is derived from where a rule sits in the
file, never written by hand, so it cannot drift from the provision it encodes.
"""

from __future__ import annotations

import re

import attrs

_UNITS = ["", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_ORDINALS = {
    1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde", 6: "zesde", 7: "zevende",
    8: "achtste", 9: "negende", 10: "tiende", 11: "elfde", 12: "twaalfde", 13: "dertiende",
    14: "veertiende", 15: "vijftiende", 16: "zestiende", 17: "zeventiende", 18: "achttiende",
    19: "negentiende",
}
_TENS = {2: "twintig", 3: "dertig", 4: "veertig", 5: "vijftig", 6: "zestig", 7: "zeventig",
         8: "tachtig", 9: "negentig"}


def ordinal(n: int) -> str:
    """1 -> 'eerste', 4 -> 'vierde', 21 -> 'eenentwintigste'."""
    if n in _ORDINALS:
        return _ORDINALS[n]
    if 20 <= n < 100:
        tens, unit = divmod(n, 10)
        word = _TENS[tens]
        if unit:
            joiner = "ën" if _UNITS[unit].endswith("e") else "en"
            word = _UNITS[unit] + joiner + word
        return word + "ste"
    return f"{n}e"


@attrs.frozen
class Citation:
    """Where a rule sits: artikel, lid, onderdeel, or a titled section and its alinea."""

    article: str | None
    paragraph: int | None = None
    item: str | None = None
    section: str | None = None
    alinea: int | None = None

    _label: str = attrs.field(init=False, eq=False, repr=False, default=None)
    _dict: dict = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self):
        # Computed once: citations are written into every result line of a batch.
        object.__setattr__(self, "_label", self._make_label())
        d = {"article": self.article, "paragraph": self.paragraph, "item": self.item, "label": self._label}
        if self.section is not None:
            d["section"] = self.section
        if self.alinea is not None:
            d["alinea"] = self.alinea
        object.__setattr__(self, "_dict", d)

    @property
    def label(self) -> str:
        return self._label

    def _make_label(self) -> str:
        parts = []
        if self.article is not None:
            parts.append(f"artikel {self.article}")
        elif self.section is not None:
            parts.append(f"paragraaf {self.section}")
        if self.alinea is not None:
            parts.append(f"{ordinal(self.alinea)} alinea")
        if self.paragraph is not None:
            parts.append(f"{ordinal(self.paragraph)} lid")
        if self.item is not None:
            parts.append(f"onder {self.item}")
        return ", ".join(parts) if parts else "de regeling"

    @property
    def reference(self) -> str:
        """The citation as rule text refers to it: artikel 4 lid 4 onder a, paragraaf "X" alinea 2."""
        if self.article is not None:
            out = f"artikel {self.article}"
        elif self.section is not None:
            out = "paragraaf " + (self.section if re.fullmatch(r"\d+[a-z]*", self.section) else f'"{self.section}"')
        else:
            out = ""
        if self.alinea is not None:
            out += f" alinea {self.alinea}"
        if self.paragraph is not None:
            out += f" lid {self.paragraph}"
        if self.item is not None:
            out += f" onder {self.item}"
        return out.strip()

    def contains(self, other: "Citation") -> bool:
        """Whether other lies within this provision (or is it)."""
        for mine, theirs in ((self.section if self.article is None else None,
                              other.section if self.article is None else None),
                             (self.article, other.article), (self.alinea, other.alinea),
                             (self.paragraph, other.paragraph), (self.item, other.item)):
            if mine is not None and mine != theirs:
                return False
        return True

    def to_dict(self) -> dict:
        return dict(self._dict)


def citation_of(path) -> Citation:
    """The citation of the last provision of a path (paragraaf > artikel > lid > onderdeel).

    The one place where a rule's citation is derived from where it sits. A titled
    section is named only where there is no article: articles are numbered through.
    """
    art = lid = item = sec = alinea = None
    for p in path:
        if p.kind == "paragraaf":
            sec = p.heading or p.number
        elif p.kind == "artikel":
            art = p.number
        elif p.kind == "lid":
            lid = int(p.number)
        elif p.kind == "onderdeel":
            item = p.number
        elif p.kind == "alinea":
            alinea = int(p.number)
    return Citation(art, lid, item, None if art is not None else sec, alinea)
