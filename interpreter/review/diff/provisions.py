"""Matching provisions across two versions: added, removed, renumbered, text or rules changed."""

from __future__ import annotations

import datetime as dt

import attrs

from dsl.citation import Citation
from dsl.model import Model, ProvisionInfo
from dsl.unparse import unparse
from interpreter.review.diff.wording import (_added_rule, _norm, _own_sig, _removed_rule, _rules_at,
                                              rule_changes, text_change)

# ------------------------------------------------------------- provisions


@attrs.frozen
class ProvisionChange:
    """What happened to one provision between the versions."""

    citation: Citation  # the new citation; the old one for a removed provision
    change: str  # added | removed | renumbered | text | rule | text+rule | reading
    old_citation: Citation | None = None
    details: tuple[str, ...] = ()
    flag: str | None = None

    def to_dict(self) -> dict:
        c = self.citation
        d = {"article": c.article, "paragraph": c.paragraph, "item": c.item, "label": c.label,
             "change": self.change}
        if c.section is not None:
            d["section"] = c.section
        if c.sentence is not None:
            d["sentence"] = c.sentence
        if self.old_citation is not None and self.old_citation != self.citation:
            d["old"] = self.old_citation.to_dict()
        if self.details:
            d["details"] = list(self.details)
        if self.flag:
            d["flag"] = self.flag
        return d


@attrs.frozen
class DeclarationChange:
    """A fact, decision, begrip or table added, removed or changed; or a change of the regulation's identity."""

    kind: str  # feit | oordeel | beslissing | begrip | tabel | regeling
    name: str
    change: str  # added | removed | changed
    detail: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "change": self.change, "detail": self.detail}


CHANGE_WORDS = {"added": "nieuw", "removed": "vervallen", "renumbered": "vernummerd",
                "text": "tekst gewijzigd", "rule": "regel gewijzigd", "text+rule": "tekst en regel gewijzigd",
                "reading": "lezing gewijzigd"}
FLAG_TEXT_ONLY = "wettekst gewijzigd, regels niet: controleer of de regels de nieuwe tekst nog volgen"
FLAG_RULE_ONLY = "regel gewijzigd, wettekst niet: controleer of de nieuwe regel de tekst volgt"


def _children(model: Model) -> dict[Citation, list[ProvisionInfo]]:
    out: dict[Citation, list[ProvisionInfo]] = {}
    for p in model.provisions:
        if p.kind == "paragraaf":
            continue
        for q in model.provisions:
            if q.kind != "paragraaf" and q.depth == p.depth + 1 and q.citation != p.citation \
                    and p.citation.contains(q.citation):
                out.setdefault(p.citation, []).append(q)
    return out


def _tree_sig(model: Model, p: ProvisionInfo, kids: dict) -> tuple:
    return (_own_sig(model, p), tuple((c.number, _tree_sig(model, c, kids)) for c in kids.get(p.citation, ())))


def match_provisions(old: Model, new: Model) -> tuple[list[tuple[ProvisionInfo, ProvisionInfo]],
                                                       list[ProvisionInfo], list[ProvisionInfo]]:
    """Pairs (old, new) of the same provision, the removed ones and the added ones.

    Same citation and same content: the same provision. Otherwise a removed and an
    added provision with the same content (children included) are one provision
    renumbered; what is left with the same citation is one provision changed.
    """
    new_by = {p.citation: p for p in new.provisions}
    pairs, rest_old, rest_new = [], [], []
    for p in old.provisions:
        q = new_by.get(p.citation)
        if q is not None and _own_sig(old, p) == _own_sig(new, q):
            pairs.append((p, q))
        else:
            rest_old.append(p)
    paired_new = {q.citation for _, q in pairs}
    rest_new = [q for q in new.provisions if q.citation not in paired_new]
    ko, kn = _children(old), _children(new)
    by_sig: dict[tuple, list[ProvisionInfo]] = {}
    for q in rest_new:
        if q.kind != "paragraaf":
            by_sig.setdefault(_tree_sig(new, q, kn), []).append(q)
    still_old = []
    for p in rest_old:
        cands = by_sig.get(_tree_sig(old, p, ko)) if p.kind != "paragraaf" else None
        if cands:
            q = cands.pop(0)
            pairs.append((p, q))
            rest_new.remove(q)
        else:
            still_old.append(p)
    removed, added = [], []
    rest_new_by = {q.citation: q for q in rest_new}
    for p in still_old:
        q = rest_new_by.pop(p.citation, None)
        if q is not None:
            pairs.append((p, q))
        else:
            removed.append(p)
    added = [q for q in rest_new if q.citation in rest_new_by]
    order = {p.citation: p.order for p in new.provisions}
    pairs.sort(key=lambda pq: order[pq[1].citation])
    return pairs, removed, added


def compare_provisions(old: Model, new: Model) -> tuple[list[ProvisionChange], dict[Citation, Citation]]:
    """Every provision that changed, in the order of the new version (removed ones where they stood)."""
    pairs, removed, added = match_provisions(old, new)
    cmap = {p.citation: q.citation for p, q in pairs}
    out: list[tuple[float, ProvisionChange]] = []
    new_order = {q.citation: q.order for q in new.provisions}
    for p, q in pairs:
        details: list[str] = []
        renumbered = p.citation != q.citation
        text_changed = _norm(p.text) != _norm(q.text)
        rules = rule_changes(old, new, p, q, cmap)
        reading_changed = (tuple(_norm(r.text) for r in p.readings) != tuple(_norm(r.text) for r in q.readings)
                           or _norm(p.not_executable) != _norm(q.not_executable)
                           or p.heading != q.heading)
        if renumbered:
            details.append(f"was {p.citation.label}")
        if p.heading != q.heading:
            details.append(f"opschrift: “{p.heading or ''}” -> “{q.heading or ''}”")
        if text_changed:
            details.extend(text_change(p.text, q.text))
        details.extend(rules)
        if tuple(_norm(r.text) for r in p.readings) != tuple(_norm(r.text) for r in q.readings):
            details.append("lezing gewijzigd")
        if _norm(p.not_executable) != _norm(q.not_executable) and p.not_executable and q.not_executable:
            details.append("reden 'niet uitvoerbaar' gewijzigd")
        if text_changed and rules:
            change = "text+rule"
        elif text_changed:
            change = "text"
        elif rules:
            change = "rule"
        elif renumbered:
            change = "renumbered"
        elif reading_changed:
            change = "reading"
        else:
            continue
        flag = None
        if change == "text":
            flag = FLAG_TEXT_ONLY
        elif change == "rule":
            flag = FLAG_RULE_ONLY
        if renumbered and change != "renumbered":
            details.insert(0, "vernummerd")
        out.append((new_order[q.citation], ProvisionChange(q.citation, change, p.citation, tuple(details), flag)))
    for q in added:
        rules = [_added_rule(r) for r in _rules_at(new, q.citation)]
        out.append((new_order[q.citation], ProvisionChange(q.citation, "added", None, tuple(rules))))
    for p in removed:
        pos = _position_of_removed(p, old, cmap, new_order)
        rules = [_removed_rule(r) for r in _rules_at(old, p.citation)]
        out.append((pos, ProvisionChange(p.citation, "removed", p.citation, tuple(rules))))
    out.sort(key=lambda t: t[0])
    changes = [c for _, c in out]
    moved = [c for c in changes if c.change == "renumbered"]
    kept = []
    for c in changes:
        parent = next((m for m in moved if m is not c and m.old_citation.contains(c.old_citation)
                       and m.citation.contains(c.citation)), None) if c.change == "renumbered" else None
        if parent is None:
            kept.append(c)
    kept = _fold_whole(kept, "removed")
    kept = _fold_whole(kept, "added")
    kept = [attrs.evolve(c, details=c.details + ("met alles wat eronder valt",))
            if c.change == "renumbered" and any(k.old_citation and c.old_citation.contains(k.old_citation)
                                                 and k is not c for k in changes) else c for c in kept]
    return kept, cmap


def _fold_whole(changes: list[ProvisionChange], kind: str) -> list[ProvisionChange]:
    """An article added or removed as a whole is one line, with the rules of its leden and items."""
    out: list[ProvisionChange] = []
    for c in changes:
        parent = next((o for o in out if o.change == kind == c.change and o.citation != c.citation
                       and o.citation.contains(c.citation)), None)
        if parent is None:
            out.append(c)
            continue
        extra = tuple(f"{c.citation.label}: {d}" for d in c.details)
        out[out.index(parent)] = attrs.evolve(parent, details=parent.details + extra)
    return out


def _position_of_removed(p: ProvisionInfo, old: Model, cmap: dict, new_order: dict) -> float:
    before = [q for q in old.provisions if q.order < p.order and q.citation in cmap]
    if not before:
        return -1 + p.order / 10000
    return new_order[cmap[before[-1].citation]] + 0.5 + p.order / 10000


def compare_declarations(old: Model, new: Model) -> list[DeclarationChange]:
    """Identity, validity, facts, decisions, definitions and tables of the two versions."""
    out: list[DeclarationChange] = []
    a, b = old.info, new.info
    for field, word in (("valid_from", "geldig vanaf"), ("valid_until", "geldig tot"), ("id", "identiteit"),
                        ("title", "titel"), ("citation_title", "citeertitel"), ("source", "bron"),
                        ("version", "versie")):
        x, y = getattr(a, field), getattr(b, field)
        if x != y:
            show = (lambda v: v.isoformat() if isinstance(v, dt.date) else ("—" if v is None else str(v)))
            out.append(DeclarationChange("regeling", field, "changed", f"{word}: {show(x)} -> {show(y)}"))
    if a.legal_bases != b.legal_bases:
        out.append(DeclarationChange("regeling", "legal_bases", "changed", "grondslagen gewijzigd"))

    def table(kind_of, items_o, items_n, describe):
        old_by = {i.name: i for i in items_o}
        new_by = {i.name: i for i in items_n}
        for name, i in old_by.items():
            if name not in new_by:
                out.append(DeclarationChange(kind_of(i), name, "removed", f"vervallen (was {describe(i)})"))
        for name, i in new_by.items():
            j = old_by.get(name)
            if j is None:
                out.append(DeclarationChange(kind_of(i), name, "added", f"nieuw: {describe(i)}"))
            elif describe(i) != describe(j):
                out.append(DeclarationChange(kind_of(i), name, "changed", f"{describe(j)} -> {describe(i)}"))
            elif kind_of(i) != kind_of(j):
                out.append(DeclarationChange(kind_of(i), name, "changed", f"{kind_of(j)} -> {kind_of(i)}"))

    table(lambda f: "oordeel" if f.judgement else "feit", old.facts, new.facts, lambda f: f.type.describe())
    table(lambda d: "beslissing", old.decisions, new.decisions, lambda d: d.type.describe())
    table(lambda d: "begrip", old.definitions, new.definitions, lambda d: unparse(d.expr))
    table(lambda t: "tabel", old.tables, new.tables,
          lambda t: "; ".join(f"vanaf {r.key.isoformat()} "
                              + (unparse(r.value) if r.value is not None else "nog niet vastgesteld") for r in t.rows))
    return out
