"""Citations of provisions in the style of the Aanwijzingen voor de regelgeving.

"artikel 4, vierde lid", "artikel 8, derde lid, onder a", "paragraaf Werk boven
inkomen, tweede alinea". A citation is derived from where a rule sits in the
file, never written by hand, so it cannot drift from the provision it encodes.
"""

from __future__ import annotations

import re

import attrs

from dsl import syntax as S
from dsl.references import Work, jci, jci_url, statutes_in

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
    subitem: str | None = None  # a numbered sub-item of an onderdeel: "2" for 'onder b, onder 2°'
    sentence: int | None = None  # a volzin of a lid or artikel: 2 for 'eerste lid, tweede volzin'
    law: str | None = None  # a provision of a statute, not of this regulation: its title ("Participatiewet")
    bwb: str | None = None  # and its identifier in the basis register of Dutch law (BWBR0015703)
    # Derived from where the provision sits (citation_of), never part of its identity:
    work: Work | None = attrs.field(default=None, eq=False, repr=False)  # the regulation cited into
    sole_paragraph: bool = attrs.field(default=False, eq=False, repr=False)  # the article's one lid: not named
    opening: bool = attrs.field(default=False, eq=False, repr=False)  # the rule rests on the aanhef too
    grounds: tuple = attrs.field(default=(), eq=False, repr=False)  # statute provisions the provision applies

    _label: str = attrs.field(init=False, eq=False, repr=False, default=None)
    _dict: dict = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self):
        # Computed once: citations are written into every result line of a batch.
        object.__setattr__(self, "_label", self._make_label())
        d = {"article": self.article, "paragraph": self.paragraph, "item": self.item, "subitem": self.subitem,
             "label": self._label}
        if self.law is not None:
            d["law"] = self.law
            d["bwb"] = self.bwb
        if self.section is not None:
            d["section"] = self.section
        if self.alinea is not None:
            d["alinea"] = self.alinea
        if self.sentence is not None:
            d["sentence"] = self.sentence
        d.update(self._references())
        object.__setattr__(self, "_dict", d)

    def _references(self) -> dict:
        """The machine-readable fields: JCDR or jci reference, URL, long label, statutory grounds."""
        if self.law is not None and self.bwb is not None:
            ref = jci(self.bwb, self.article, self.paragraph, self.item)
            return {"reference": ref, "url": jci_url(ref), "long_label": self._label}
        if self.work is None:
            return {}
        return {"reference": self.work.jcdr(self.article, self.paragraph, self.item), "url": self.work.url(),
                "long_label": f"{self._label}, {self.work.name}",
                "grondslag": [g.to_dict() for g in self.grounds]}

    @property
    def label(self) -> str:
        return self._label

    def _make_label(self) -> str:
        parts = []
        if self.article is not None:
            parts.append(f"artikel {self.article}")
        elif self.section is not None and self.work is not None and not self.work.is_ordinance:
            parts.append(f"onder het kopje '{self.section}'")  # a heading of a text, not a formal unit
        elif self.section is not None:
            parts.append(f"paragraaf {self.section}")
        if self.alinea is not None:
            parts.append(f"{ordinal(self.alinea)} alinea")
        if self.paragraph is not None and not self.sole_paragraph:
            parts.append(f"{ordinal(self.paragraph)} lid")
        if self.item is not None:
            parts.append(f"{'aanhef en ' if self.opening else ''}onder {self.item}")
        if self.subitem is not None:
            parts.append(f"onder {self.subitem}°")
        if self.sentence is not None:
            parts.append(f"{ordinal(self.sentence)} volzin")
        if self.law is not None:  # 'artikel 7a van de ...', but 'artikel 7a, eerste lid, van de ...' (Ar 3.29)
            return ", ".join(parts) + ("," if len(parts) > 1 else "") + f" van de {self.law}"
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
        if self.subitem is not None:
            out += f" onder {self.subitem}°"
        if self.sentence is not None:
            out += f" volzin {self.sentence}"
        return out.strip()

    def contains(self, other: "Citation") -> bool:
        """Whether other lies within this provision (or is it)."""
        for mine, theirs in ((self.section if self.article is None else None,
                              other.section if self.article is None else None),
                             (self.article, other.article), (self.alinea, other.alinea),
                             (self.paragraph, other.paragraph), (self.item, other.item),
                             (self.subitem, other.subitem), (self.sentence, other.sentence),
                             (self.law, other.law)):
            if mine is not None and mine != theirs:
                return False
        return True

    def to_dict(self) -> dict:
        return dict(self._dict)


def citation_of(path, work: Work | None = None) -> Citation:
    """The citation of the last provision of a path (paragraaf > artikel > lid > onderdeel or volzin).

    The one place where a rule's citation is derived from where it sits. A titled
    section is named only where there is no article: articles are numbered through.
    As the Aanwijzingen voor de regelgeving (3.29) write it: the lid of an article with a
    single lid is not named ('artikel 1, onder a'); an onderdeel whose lid opens with
    words that hold a rule of their own is cited 'aanhef en onder a'. The statutes named
    in the `bron` of the readings along the path are the provision's statutory grounds.
    """
    art = lid = item = sec = alinea = subitem = sentence = None
    sole = opening = False
    grounds = []
    for p in path:
        for r in p.body:
            if isinstance(r, S.Reading) and r.source:
                grounds += [s for s in statutes_in(r.source) if s not in grounds]
        if p.kind == "artikel":
            sole = sum(1 for c in p.children if c.kind == "lid") == 1
        if p.kind in ("artikel", "lid") and p is not path[-1]:
            opening = _opens_with_rule(p)
        if p.kind == "paragraaf":
            sec = p.heading or p.number
        elif p.kind == "artikel":
            art = p.number
        elif p.kind == "lid":
            lid = int(p.number)
        elif p.kind == "onderdeel":
            item = p.number
        elif p.kind == "subonderdeel":
            subitem = p.number
        elif p.kind == "alinea":
            alinea = int(p.number)
        elif p.kind == "volzin":
            sentence = int(p.number)
    statutes = tuple(Citation(a, lid_, it, law=law, bwb=bwb) for law, bwb, a, lid_, it in grounds)
    return Citation(art, lid, item, None if art is not None else sec, alinea, subitem, sentence, work=work,
                    sole_paragraph=sole and (item is not None or sentence is not None),
                    opening=opening and item is not None,
                    grounds=statutes)


def _opens_with_rule(p) -> bool:
    """An aanhef ending in ':' that holds a declaration or rule (art. 8, lid 3: 'kan ... beëindigen:')."""
    text = p.text
    return bool(text and text.rstrip().endswith(":")) and any(
        isinstance(s, (S.DecisionDecl, S.Rule, S.DefaultRule)) for s in p.body)
