"""Machine-readable references: JCDR for municipal regulations, Juriconnect BWB 1.3 for statutes.

A citation names a provision for a person ("artikel 8, derde lid, aanhef en onder a");
a reference names it for a machine. Local regulations are identified in the CVDR
(Centrale Voorziening Decentrale Regelgeving) and referenced in the JCDR form; statutes
have a BWB identifier and are referenced in the Juriconnect BWB 1.3 form. Both are
'pas toe of leg uit' standards of the Forum Standaardisatie.
"""

from __future__ import annotations

import re

import attrs

# Statutes that the rule files name, by title as written in a `grondslag` or a lezing's
# `bron`, with their BWB identifier (wetten.overheid.nl). The Participatiewet is the Wet
# werk en bijstand renamed on 1 January 2015: one BWB identifier.
BWB = {
    "Wet werk en bijstand": "BWBR0015703",
    "Participatiewet": "BWBR0015703",
    "Algemene Ouderdomswet": "BWBR0002221",
    "Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte werkloze werknemers": "BWBR0004044",
    "Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte gewezen zelfstandigen": "BWBR0004163",
    "Gemeentewet": "BWBR0005416",
    "Grondwet": "BWBR0001840",
}
# Sources of the identifiers: wetten.overheid.nl; the IOAZ (Wet van 11 juni 1987, "... gewezen
# zelfstandigen") as BWBR0004163 in the consolidated texts published per BWB identifier
# (github.com/statengeneraal/laws-markdown), the IOAW as BWBR0004044 in Juriconnect links
# (jci1.3:c:BWBR0004044&hoofdstuk=I&artikel=3) of MinBZK's RegelRecht law files.

_ORDINALS = {w: n for n, w in enumerate("eerste tweede derde vierde vijfde zesde zevende achtste negende "
                                        "tiende elfde twaalfde".split(), start=1)}
_STATUTE = re.compile(r"(?P<law>[^,;]+?),?\s+art(?:ikel|\.)\s*(?P<art>\d+[a-z]*)"
                      r"(?:,?\s+(?:lid\s+(?P<lid>\d+)|(?P<ord>[a-z]+)\s+lid))?"
                      r"(?:,?\s+onder\s+(?P<item>[a-z]+))?\s*$")
_CVDR = re.compile(r"(CVDR\d+)(?:/(\d+))?")


@attrs.frozen
class Work:
    """The regulation a citation points into: its titles and, for an ordinance, its CVDR identity.

    A text without a CVDR identifier (the Participatiewet framework) is no ordinance: its
    titled sections are headings ('onder het kopje'), not formal paragraphs, and it has no
    citation title of its own.
    """

    title: str
    citation_title: str | None = None
    cvdr: str | None = None  # "CVDR64953"
    cvdr_version: str | None = None  # "1": the consolidated version
    kind: str | None = None  # the header's `soort`: "kader" for a text that is no ordinance

    @classmethod
    def of(cls, title: str, citation_title: str | None, source: str | None, kind: str | None = None) -> "Work":
        m = _CVDR.fullmatch(source or "")
        return cls(title, citation_title, m.group(1) if m else None, m.group(2) if m else None, kind)

    @property
    def is_ordinance(self) -> bool:
        """A regulation with formal units (paragraaf, artikel); a `soort "kader"` text has headings."""
        return self.kind != "kader"

    @property
    def name(self) -> str:
        """How a long citation names it: 'van de Reïntegratieverordening ...'; a text by its title."""
        if self.is_ordinance:
            return f"van de {self.title}"
        return f"van de tekst '{self.title}'"

    def jcdr(self, article, paragraph, item) -> str | None:
        """jcdr1.0:c:CVDR64953_1&artikel=8&lid=3&onderdeel=a (JCDR 1.0, 'c' = consolidated)."""
        if self.cvdr is None:
            return None
        # A version of a regulation in the CVDR is its number, '_' and the version ("612978_1"
        # in Juriconnect's summary of its standards, slimmermetregelgeving.nl/juriconnect).
        work = self.cvdr + (f"_{self.cvdr_version}" if self.cvdr_version else "")
        return "jcdr1.0:c:" + work + _locator(article, paragraph, item)

    def url(self) -> str | None:
        if self.cvdr is None:
            return None
        return f"https://lokaleregelgeving.overheid.nl/{self.cvdr}" + (
            f"/{self.cvdr_version}" if self.cvdr_version else "")


def _locator(article, paragraph, item) -> str:
    out = ""
    if article is not None:
        out += f"&artikel={article}"
    if paragraph is not None:
        out += f"&lid={paragraph}"
    if item is not None:
        out += f"&onderdeel={item}"
    return out


def jci(bwb: str, article, paragraph=None, item=None) -> str:
    """jci1.3:c:BWBR0002221&artikel=7a&lid=1 (Juriconnect BWB 1.3, 'c' = the consolidation in force)."""
    return f"jci1.3:c:{bwb}" + _locator(article, paragraph, item)


def jci_url(ref: str) -> str:
    return f"https://wetten.overheid.nl/{ref}"


def statute(text: str) -> tuple[str, str, str, int | None, str | None] | None:
    """'Algemene Ouderdomswet, art. 7a, lid 1' -> (law, bwb, '7a', 1, None); None if not a known statute."""
    m = _STATUTE.match(text.strip())
    if not m or m.group("law").strip() not in BWB:
        return None
    law = m.group("law").strip()
    lid = int(m.group("lid")) if m.group("lid") else _ORDINALS.get(m.group("ord") or "")
    if m.group("ord") and lid is None:
        return None
    return law, BWB[law], m.group("art"), lid, m.group("item")


def statutes_in(source: str | None) -> list[tuple]:
    """The statute provisions a `bron` names, in order; other sources (a toelichting) are skipped."""
    return [s for part in (source or "").split(";") if (s := statute(part)) is not None]


def legal_basis(text: str) -> dict:
    """A `grondslag` entry as JSON: the text as written, and its jci reference and URL where the law is known."""
    s = statute(text)
    if s is None:
        return {"text": text, "law": None, "jci": None, "url": None}
    law, bwb, art, lid, item = s
    ref = jci(bwb, art, lid, item)
    return {"text": text, "law": law, "jci": ref, "url": jci_url(ref)}
