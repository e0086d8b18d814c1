"""The semantic diff of two versions of a regulation, for reviewers.

A line diff of a .rules file says which characters moved; a reviewer needs to
know what changed in the law's terms and whom it affects. This module compares
the checked models provision by provision (added, removed, renumbered, law text
changed, rule changed) and states rule changes in domain terms ("grens voor
gezinsinkomen: € 2.500,00 -> € 2.750,00"). It then evaluates both versions on
cases (given, or generated around every constant in either version) and counts,
per decision, how many outcomes change and which provisions explain it.

Pure functions over plain data: ``compare`` builds a ``Report``; the renderers
turn it into text, Markdown or JSON. Only ``materialise`` touches git.
"""

from __future__ import annotations

import datetime as dt
import difflib
import random
import subprocess
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

import attrs

from dsl import syntax as S
from dsl.citation import Citation
from dsl.diagnostics import RulesError
from dsl.loader import load_models
from dsl.model import Model, ProvisionInfo, RuleInfo
from dsl.unparse import unparse
from interpreter.api import Regulation, compile_models
from interpreter.case import CaseError, parse_date
from interpreter.result import dumps, json_value
from interpreter.values import format_date, format_money, format_value

SEED = 20041101  # generated cases are deterministic: the same diff gives the same report
BASE_CASES = 48  # random cases; every boundary value is tried in each of them
EXAMPLES = 3
CANDIDATES = 200  # changed cases kept per decision to choose the examples from


class DiffError(Exception):
    """The two versions cannot be compared (a bad path or revision, rule files with errors)."""


# ------------------------------------------------------------------ loading


def materialise(spec: str, workdir: Path) -> Path:
    """A path on disk for OLD or NEW: the path itself, or REV:PATH written out from git."""
    p = Path(spec)
    if p.exists():
        return p
    rev, sep, path = spec.partition(":")
    if not sep or not rev:
        raise DiffError(f"{spec}: no such file or folder "
                        f"(a git revision is written REV:PATH, e.g. main:rules/schinnen)")
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                             check=True).stdout.strip()
        path = path.strip("/") or "."
        if path.startswith("./"):  # relative to the current folder, as git itself reads it
            prefix = subprocess.run(["git", "rev-parse", "--show-prefix"], capture_output=True, text=True,
                                    check=True).stdout.strip()
            path = (prefix + path[2:]).strip("/") or "."
        listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "--full-tree", rev, "--", path],
                                 capture_output=True, text=True, cwd=top)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise DiffError(f"{spec}: not a file or folder, and git cannot read it ({exc})") from None
    if listing.returncode != 0:
        raise DiffError(f"{spec}: git cannot read revision '{rev}': {listing.stderr.strip()}")
    names = [n for n in listing.stdout.splitlines() if n.endswith(".rules")]
    if not names:
        raise DiffError(f"{spec}: revision '{rev}' has no .rules files under '{path}'")
    dest = workdir / rev.replace("/", "_").replace("~", "_").replace("^", "_")
    for name in names:
        shown = subprocess.run(["git", "show", f"{rev}:{name}"], capture_output=True, cwd=top)
        if shown.returncode != 0:
            raise DiffError(f"{spec}: git show {rev}:{name} failed: {shown.stderr.decode(errors='replace').strip()}")
        if path == ".":
            rel = Path(name)
        elif name == path:
            rel = Path(Path(name).name)
        else:
            rel = Path(name).relative_to(path)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(shown.stdout)
    return dest / Path(path).name if len(names) == 1 and names[0] == path else dest


@attrs.frozen
class Side:
    """One of the two versions being compared, loaded and compiled."""

    label: str
    models: tuple[Model, ...]
    regulation: Regulation

    def model_on(self, date: dt.date) -> Model | None:
        return next((m for m in self.models if m.info.in_force(date)), None)


def load_side(spec: str, workdir: Path) -> Side:
    path = materialise(spec, workdir)
    models, diagnostics, sources = load_models(path)
    if not models:
        raise RulesError(diagnostics, sources)
    from dsl.loader import successions
    groups = successions(models)
    if len(groups) > 1:
        raise DiffError(f"{spec} holds regulations on {len(groups)} subjects ({', '.join(groups)}); "
                        f"give the folder of one regulation")
    return Side(spec, tuple(models), Regulation(compile_models(models)))


def comparison_date(old: Side, new: Side) -> dt.date:
    """A date on which both versions are in force (the latest such start), else the new valid_from."""
    best = None
    for n in new.models:
        for o in old.models:
            start = max(o.info.valid_from, n.info.valid_from)
            ends = [e for e in (o.info.valid_until, n.info.valid_until) if e is not None]
            if not ends or start < min(ends):
                best = start if best is None or start > best else best
    return best if best is not None else new.models[-1].info.valid_from


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


def _norm(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _rules_at(model: Model, cit: Citation) -> list[RuleInfo]:
    return [r for r in model.rules if r.citation == cit]


def _rule_sig(r: RuleInfo) -> tuple:
    return (r.decision, r.kind, _show(r.value), _show(r.condition), _norm(r.text))


def _show(e: S.Expr | None) -> str | None:
    return unparse(e) if e is not None else None


def _own_sig(model: Model, p: ProvisionInfo, with_rules: bool = True) -> tuple:
    """The content of a provision, without its number: what renumbering keeps."""
    cit = p.citation
    decls = tuple(sorted(
        [("beslissing", d.name, d.type.describe()) for d in model.decisions if d.provision == cit]
        + [("feit", f.name, f.type.describe()) for f in model.facts if f.provision == cit]
        + [("begrip", d.name, _show(d.expr)) for d in model.definitions if d.provision == cit]
        + [("tabel", t.name, repr([(r.key, _show(r.value)) for r in t.rows])) for t in model.tables
           if t.provision == cit]))
    rules = tuple(_rule_sig(r) for r in _rules_at(model, cit)) if with_rules else ()
    return (p.kind, p.heading, _norm(p.text), tuple(_norm(r.text) for r in p.readings),
            _norm(p.not_executable), decls, rules)


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


# ---------------------------------------------------- rule changes in words


def literal_text(e: S.Literal) -> str:
    """A constant as a reviewer reads it: € 2.500,00, 1 november 2004, “wwb”, waar."""
    if e.kind == "bedrag":
        return format_money(Decimal(e.value))
    if e.kind == "datum":
        return format_date(e.value)
    if e.kind == "tekst":
        return f"“{e.value}”"
    if e.kind == "ja/nee":
        return "waar" if e.value else "onwaar"
    return e.raw


def _subject(e: S.Expr) -> str:
    if isinstance(e, S.Name):
        return e.id
    if isinstance(e, S.Call) and e.function == "leeftijd":
        return "leeftijd" + (f" ({_subject(e.args[0])})" if e.args and not
                             (isinstance(e.args[0], S.Name) and e.args[0].id == "geboortedatum") else "")
    if isinstance(e, S.FieldAccess):
        return f"{_subject(e.subject)}.{e.field}"
    return unparse(e)


def _same_shape(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, S.Literal):
        return a.kind == b.kind
    if isinstance(a, S.Membership):
        return a.negated == b.negated and _same_shape(a.subject, b.subject) \
            and all(isinstance(o, S.Literal) for o in a.options + b.options)
    if isinstance(a, (S.Name,)):
        return a.id == b.id
    for f in attrs.fields(type(a)):
        if f.name == "span":
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, tuple):
            if len(x) != len(y) or not all(_same_shape(i, j) if _is_node(i) else i == j for i, j in zip(x, y)):
                return False
        elif _is_node(x):
            if not _same_shape(x, y):
                return False
        elif x != y:
            return False
    return True


def _is_node(x) -> bool:
    return attrs.has(type(x))


def constant_changes(old: S.Expr, new: S.Expr) -> list[str] | None:
    """The changed constants of two expressions of the same shape, in words; None if the shape differs."""
    if not _same_shape(old, new):
        return None
    out: list[str] = []

    def walk(a, b, parent):
        if isinstance(a, S.Literal):
            if a.value != b.value or a.kind != b.kind:
                if isinstance(parent, S.Binary) and parent.op in ("<", "<=", ">", ">="):
                    other = parent.left if parent.right is a else parent.right
                    out.append(f"grens voor {_subject(other)} ({parent.op}): {literal_text(a)} -> {literal_text(b)}")
                elif isinstance(parent, S.Binary) and parent.op in ("=", "!="):
                    other = parent.left if parent.right is a else parent.right
                    out.append(f"{_subject(other)} {parent.op}: {literal_text(a)} -> {literal_text(b)}")
                else:
                    out.append(f"{literal_text(a)} -> {literal_text(b)}")
            return
        if isinstance(a, S.Membership):
            walk(a.subject, b.subject, a)
            olds = [literal_text(o) for o in a.options]
            news = [literal_text(o) for o in b.options]
            plus = [o for o in news if o not in olds]
            minus = [o for o in olds if o not in news]
            if plus or minus:
                word = "is geen van" if a.negated else "is een van"
                parts = ([f"erbij {', '.join(plus)}"] if plus else []) + ([f"vervallen {', '.join(minus)}"]
                                                                          if minus else [])
                out.append(f"{_subject(a.subject)} {word}: {'; '.join(parts)}")
            return
        for f in attrs.fields(type(a)):
            if f.name == "span":
                continue
            x, y = getattr(a, f.name), getattr(b, f.name)
            if isinstance(x, tuple):
                for i, j in zip(x, y):
                    if _is_node(i):
                        walk(i, j, a)
            elif _is_node(x):
                walk(x, y, a)

    walk(old, new, None)
    return out


def _expr_change(what: str, old: S.Expr | None, new: S.Expr | None) -> list[str]:
    if _show(old) == _show(new):
        return []
    if old is None:
        return [f"{what} toegevoegd: {unparse(new)}"]
    if new is None:
        return [f"{what} vervallen (was: {unparse(old)})"]
    consts = constant_changes(old, new)
    if consts:
        return consts
    return [f"{what} was: {unparse(old)}", f"{what} wordt: {unparse(new)}"]


def _rule_name(r: RuleInfo) -> str:
    if r.kind == "uitzondering":
        return f"uitzondering voor {r.decision} op " + ", ".join(c.label for c in r.sets_aside)
    if r.kind == "anders":
        return f"waarde van {r.decision} in alle andere gevallen"
    if r.kind == "overweging":
        return f"overweging voor {r.decision}"
    return f"regel voor {r.decision}"


def _describe_new_rule(r: RuleInfo) -> str:
    cond = f" als {_show(r.condition)}" if r.condition is not None else ""
    if r.kind == "overweging":
        return f"overweging {r.decision}: “{r.text}”{cond}"
    return f"{r.decision} is {_show(r.value)}{cond}"



def rule_changes(old: Model, new: Model, p: ProvisionInfo, q: ProvisionInfo, cmap: dict) -> list[str]:
    """The rule changes of one provision, in domain terms."""
    olds, news = _rules_at(old, p.citation), _rules_at(new, q.citation)
    out: list[str] = []
    remaining = list(news)
    for r in olds:
        match = next((s for s in remaining if s.decision == r.decision and s.kind == r.kind), None)
        if match is None:
            out.append(_removed_rule(r))
            continue
        remaining.remove(match)
        name = _rule_name(match)
        mapped = tuple(cmap.get(c, c) for c in r.sets_aside)
        if mapped != match.sets_aside:
            out.append(f"{name}: uitzondering op {', '.join(c.label for c in r.sets_aside) or '—'} -> "
                       f"{', '.join(c.label for c in match.sets_aside) or '—'}")
        for line in _expr_change("voorwaarde", r.condition, match.condition):
            out.append(f"{name}: {line}")
        for line in _expr_change("uitkomst", r.value, match.value):
            out.append(f"{name}: {line}")
        if _norm(r.text) != _norm(match.text):
            out.append(f"{name}: tekst “{r.text}” -> “{match.text}”")
    for s in remaining:
        if s.kind == "uitzondering":
            out.append(f"nieuwe uitzondering op {', '.join(c.label for c in s.sets_aside)}: {_describe_new_rule(s)}")
        else:
            out.append(f"nieuwe {'waarde voor alle andere gevallen' if s.kind == 'anders' else 'regel'}: "
                       f"{_describe_new_rule(s)}")
    od = {d[1]: d for d in _own_sig(old, p)[5]}
    nd = {d[1]: d for d in _own_sig(new, q)[5]}
    for name in od.keys() | nd.keys():
        a, b = od.get(name), nd.get(name)
        if a == b:
            continue
        if a is None:
            out.append(f"{b[0]} {name} hier ingevoerd")
        elif b is None:
            out.append(f"{a[0]} {name} staat hier niet meer")
        else:
            defs_o = {d.name: d for d in old.definitions}
            defs_n = {d.name: d for d in new.definitions}
            if a[0] == "begrip" and name in defs_o and name in defs_n:
                out.extend(f"begrip {name}: {line}" for line in
                           _expr_change("omschrijving", defs_o[name].expr, defs_n[name].expr))
            else:
                out.append(f"{a[0]} {name}: {a[2]} -> {b[2]}")
    if (p.not_executable is None) != (q.not_executable is None):
        out.append("nu niet uitvoerbaar" if q.not_executable is not None else "niet langer 'niet uitvoerbaar'")
    return out


def text_change(old: str | None, new: str | None, limit: int = 4) -> list[str]:
    """The changed words of a law text: “€ 2.500,-bruto” -> “€ 2.750,-bruto”."""
    if old is None:
        return ["tekst toegevoegd"]
    if new is None:
        return ["tekst vervallen"]
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < 0.6:  # rewritten rather than edited: show both texts
        return [f"tekst was: “{_clip(old)}”", f"tekst wordt: “{_clip(new)}”"]
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        was, becomes = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "replace":
            out.append(f"tekst: “{was}” -> “{becomes}”")
        elif tag == "delete":
            out.append(f"tekst: “{was}” geschrapt")
        else:
            before = " ".join(a[max(0, i1 - 3):i1])
            out.append(f"tekst: “{becomes}” ingevoegd" + (f" na “{before}”" if before else ""))
    if len(out) > limit:
        out = out[:limit] + [f"en nog {len(out) - limit} tekstwijziging(en)"]
    return out


def _clip(text: str, n: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


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


def _removed_rule(r: RuleInfo) -> str:
    if r.kind == "uitzondering":
        return f"uitzondering op {', '.join(c.label for c in r.sets_aside)} vervallen: {_describe_new_rule(r)}"
    if r.kind == "anders":
        return f"waarde voor alle andere gevallen vervallen: {_describe_new_rule(r)}"
    return f"regel vervallen: {_describe_new_rule(r)}"


def _added_rule(r: RuleInfo) -> str:
    if r.kind == "uitzondering":
        return f"uitzondering op {', '.join(c.label for c in r.sets_aside)}: {_describe_new_rule(r)}"
    if r.kind == "anders":
        return f"in alle andere gevallen: {_describe_new_rule(r)}"
    return f"regel: {_describe_new_rule(r)}"


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


# ------------------------------------------------------------ generated cases


@attrs.frozen
class Boundary:
    """A constant a fact is compared with: the cases just below, on and above it matter."""

    fact: str
    how: str  # value | age | list-age | list-field
    constant: Any
    field: str | None = None


def _comparisons(models: Iterable[Model]) -> list[Boundary]:
    out: list[Boundary] = []
    for m in models:
        facts = {f.name: f for f in m.facts}
        exprs = [r.condition for r in m.rules] + [r.value for r in m.rules] + [d.expr for d in m.definitions]
        exprs += [row.value for t in m.tables for row in t.rows]
        for top in exprs:
            if top is not None:
                _collect(top, {}, facts, out)
    seen, unique = set(), []
    for b in out:
        key = (b.fact, b.how, repr(b.constant), b.field)
        if key not in seen:
            seen.add(key)
            unique.append(b)
    return unique


def _collect(e, scope: dict, facts: dict, out: list):
    if isinstance(e, S.Quantifier):
        _collect(e.collection, scope, facts, out)
        coll = e.collection.id if isinstance(e.collection, S.Name) else None
        _collect(e.body, {**scope, e.variable: coll}, facts, out)
        return
    if isinstance(e, S.Binary) and e.op in ("<", "<=", ">", ">=", "=", "!="):
        for side, other in ((e.left, e.right), (e.right, e.left)):
            if not isinstance(other, S.Literal):
                continue
            b = _boundary_for(side, other.value, scope, facts)
            if b is not None:
                out.append(b)
    for f in attrs.fields(type(e)):
        if f.name == "span":
            continue
        x = getattr(e, f.name)
        for child in (x if isinstance(x, tuple) else (x,)):
            if _is_node(child) and not isinstance(child, S.Literal):
                _collect(child, scope, facts, out)


def _boundary_for(side, value, scope, facts) -> Boundary | None:
    if isinstance(side, S.Name) and side.id in facts:
        return Boundary(side.id, "value", value)
    if isinstance(side, S.Name) and side.id == "peildatum":
        return Boundary("peildatum", "value", value)
    if isinstance(side, S.Call) and side.function == "leeftijd" and side.args:
        arg = side.args[0]
        if isinstance(arg, S.Name) and arg.id in facts:
            return Boundary(arg.id, "age", value)
        if isinstance(arg, S.FieldAccess) and isinstance(arg.subject, S.Name) and scope.get(arg.subject.id):
            return Boundary(scope[arg.subject.id], "list-age", value, arg.field)
    if isinstance(side, S.FieldAccess) and isinstance(side.subject, S.Name) and scope.get(side.subject.id):
        return Boundary(scope[side.subject.id], "list-field", value, side.field)
    return None


def years_before(d: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (28 February for a 29 February that does not exist)."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)



def boundary_values(b: Boundary, when: dt.date) -> list:
    """Just below, on and just above the constant (one cent, one day, one year)."""
    c = b.constant
    if b.how in ("age", "list-age"):
        n = int(c)
        births = []
        for k in (n, n + 1):
            births += [years_before(when, k) + dt.timedelta(days=1), years_before(when, k)]
        return [d.isoformat() for d in births]
    if isinstance(c, bool):
        return [c, not c]
    if isinstance(c, dt.date):
        return [(c + dt.timedelta(days=k)).isoformat() for k in (-1, 0, 1)]
    if isinstance(c, int):
        return [c - 1, c, c + 1]
    if isinstance(c, Decimal):
        step = Decimal("0.01")
        return [str(c - step), str(c), str(c + step)]
    return [c]


def _random_value(rng: random.Random, name: str, typ, when: dt.date, money: list[Decimal]):
    k = typ.kind
    if k == "ja/nee":
        return rng.random() < 0.5
    if k == "keuze":
        return rng.choice(typ.options)
    if k == "bedrag":
        if money and rng.random() < 0.6:
            base = rng.choice(money)
            return str((base + Decimal(rng.randint(-50000, 50000)) / 100).max(Decimal(0)))
        return str(Decimal(rng.randint(0, 500000)) / 100)
    if k in ("geheel getal", "getal"):
        return rng.randint(0, 100)
    if k == "datum":
        if "geboorte" in name:
            return (years_before(when, rng.randint(16, 70)) - dt.timedelta(days=rng.randint(0, 364))).isoformat()
        return (when + dt.timedelta(days=rng.randint(-3650, 3650))).isoformat()
    if k == "tekst":
        return rng.choice(["a", "b"])
    if k == "lijst":
        items = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            rec = {}
            for fname, ftype in typ.fields:
                if ftype.kind == "datum":
                    rec[fname] = (years_before(when, rng.randint(0, 20))
                                  - dt.timedelta(days=rng.randint(0, 364))).isoformat()
                else:
                    rec[fname] = _random_value(rng, fname, ftype, when, money)
            items.append(rec)
        return items
    return None


def generate_cases(old: Model, new: Model, when: dt.date, seed: int = SEED,
                   base: int = BASE_CASES) -> list[dict]:
    """Boundary values around every constant of either version, each tried in many random cases.

    Every base case is a random, realistic case (most facts known, some left
    unknown). Each boundary value (one cent below, at and above an amount; the
    day before and on a birthday; every choice; true, false and unknown) is
    put into every base case, so a changed threshold meets cases in which it
    decides the outcome. The same inputs always give the same cases.
    """
    rng = random.Random(seed)
    facts = {f.name: f for f in old.facts}
    facts.update({f.name: f for f in new.facts})
    bounds = _comparisons([old, new])
    money = [Decimal(b.constant) for b in bounds if isinstance(b.constant, Decimal)]
    bases: list[dict] = [{"peildatum": when.isoformat()}]
    for _ in range(base):
        case: dict = {"peildatum": when.isoformat()}
        for name, f in facts.items():
            if rng.random() < 0.1:
                continue  # unknown
            case[name] = _random_value(rng, name, f.type, when, money)
        bases.append(case)
    variants: list[tuple[str, Any]] = []
    for b in bounds:
        if b.fact == "peildatum":
            continue
        f = facts.get(b.fact)
        if f is None:
            continue
        for v in boundary_values(b, when):
            if b.how == "list-age" or b.how == "list-field":
                variants.append((b.fact, [{b.field: v}]))
            else:
                variants.append((b.fact, v))
    for name, f in facts.items():
        if f.type.kind == "ja/nee":
            variants += [(name, True), (name, False), (name, None)]
        elif f.type.kind == "keuze":
            variants += [(name, o) for o in f.type.options] + [(name, None)]
        elif f.type.kind == "lijst":
            variants += [(name, []), (name, None)]
    cases = list(bases)
    seen = {dumps(c, indent=None) for c in cases}
    for case in bases:
        for name, v in variants:
            c = dict(case)
            if v is None:
                c.pop(name, None)
            else:
                c[name] = v
            key = dumps(c, indent=None)
            if key not in seen:
                seen.add(key)
                cases.append(c)
    # the dates on which either version starts or stops, and the day before: validity changes show here
    dates = set()
    for m in (old, new):
        for d in (m.info.valid_from, m.info.valid_until):
            if d is not None:
                dates |= {d, d - dt.timedelta(days=1)}
    for b in bounds:
        if b.fact == "peildatum" and isinstance(b.constant, dt.date):
            dates |= {b.constant, b.constant - dt.timedelta(days=1)}
    for d in sorted(d for d in dates - {when} if old.info.in_force(d) or new.info.in_force(d)):
        for case in bases[:8]:
            cases.append({**case, "peildatum": d.isoformat()})
    return cases


# ------------------------------------------------------------------- impact


@attrs.frozen
class Example:
    """One case whose outcome changed, with the value and ground before and after."""

    case: dict
    facts: dict  # the facts that mattered for this decision, in either version
    old_value: Any
    old_citation: str | None
    new_value: Any
    new_citation: str | None

    def to_dict(self) -> dict:
        return {"case": self.case, "facts": self.facts,
                "old": {"value": json_value(self.old_value), "citation": self.old_citation},
                "new": {"value": json_value(self.new_value), "citation": self.new_citation}}


@attrs.frozen
class DecisionImpact:
    """How one decision fares over all cases."""

    name: str
    changed: int
    total: int
    grounds_changed: int  # same value, other provision (renumbering not counted)
    explained_by: tuple[tuple[str, str, int], ...]  # (old ground, new ground, cases)
    examples: tuple[Example, ...]
    only_in: str | None = None  # "old" or "new" when the decision exists in one version only

    def to_dict(self) -> dict:
        d = {"changed": self.changed, "total": self.total, "grounds_changed": self.grounds_changed,
             "explained_by": [{"old": a, "new": b, "cases": n} for a, b, n in self.explained_by],
             "examples": [e.to_dict() for e in self.examples]}
        if self.only_in:
            d["only_in"] = self.only_in
        return d


@attrs.frozen
class CaseFailure:
    """A case that one version (or both) cannot evaluate."""

    line: int
    side: str  # old | new | both
    message: str

    def to_dict(self) -> dict:
        return {"line": self.line, "version": self.side, "error": self.message}


def fact_dependencies(model: Model) -> dict[str, list[str]]:
    """Per decision, the facts it may read, directly or through begrippen and other decisions."""
    facts = [f.name for f in model.facts]
    direct: dict[str, set[str]] = {}
    for d in model.definitions:
        direct.setdefault(d.name, set()).update(_expr_names(d.expr))
    for r in model.rules:
        direct.setdefault(r.decision, set()).update(_expr_names(r.condition) | _expr_names(r.value))
    out: dict[str, list[str]] = {}
    for name in [d.name for d in model.decisions]:
        seen, stack = set(), [name]
        while stack:
            n = stack.pop()
            for m in direct.get(n, ()):
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        out[name] = [f for f in facts if f in seen]
    return out


def _expr_names(e) -> set[str]:
    return {x.id for x in S.iter_expr(e) if isinstance(x, S.Name)} if e is not None else set()


def _label(decision) -> str | None:
    return decision.citations[0].label if decision.citations else None


def _restrict(case: dict, side: Side, when: dt.date | None) -> dict:
    day = when
    if day is None:
        try:
            day = parse_date(case.get("peildatum"), "peildatum")
        except CaseError:
            return case
    m = side.model_on(day) or side.models[-1]
    names = {f.name for f in m.facts} | {"peildatum"}
    return {k: v for k, v in case.items() if k in names}


def measure_impact(old: Side, new: Side, cases: list[dict], date: dt.date | None, fallback: dt.date,
                   cmap: dict[Citation, Citation],
                   generated: bool) -> tuple[list[DecisionImpact], list[CaseFailure], int]:
    """Evaluate both versions on every case; per decision, count and explain what changes."""
    failures: list[CaseFailure] = []
    names: list[str] = []
    for side in (new, old):
        for m in side.models:
            for d in m.decisions:
                if d.name not in names:
                    names.append(d.name)
    in_old = {d.name for m in old.models for d in m.decisions}
    in_new = {d.name for m in new.models for d in m.decisions}
    counts = {n: [0, 0, 0] for n in names}  # changed, total, grounds changed
    explained: dict[str, Counter] = {n: Counter() for n in names}
    examples: dict[str, list[Example]] = {n: [] for n in names}
    label_map = {a.label: b.label for a, b in cmap.items()}
    deps: dict[str, list[str]] = {}
    for side in (old, new):
        for m in side.models:
            for k, v in fact_dependencies(m).items():
                deps[k] = deps.get(k, []) + [f for f in v if f not in deps.get(k, [])]
    evaluated = 0
    for line, case in enumerate(cases, start=1):
        if isinstance(case, _BadCase):
            failures.append(CaseFailure(line, "both", case.message))
            continue
        when = date
        if when is None and (not isinstance(case, dict) or case.get("peildatum") is None):
            when = fallback
        results = []
        errors = []
        for side in (old, new):
            c = _restrict(case, side, when) if generated and isinstance(case, dict) else case
            try:
                results.append(side.regulation.evaluate(c, when))
                errors.append(None)
            except CaseError as exc:
                results.append(None)
                errors.append(str(exc))
        if errors[0] or errors[1]:
            if generated and errors[0] and errors[1]:
                continue  # a generated case neither version can take says nothing about the change
            if errors[0] and errors[1]:
                failures.append(CaseFailure(line, "both", errors[1] if errors[0] == errors[1]
                                            else f"oud: {errors[0]}; nieuw: {errors[1]}"))
            else:
                failures.append(CaseFailure(line, "old" if errors[0] else "new", errors[0] or errors[1]))
            continue
        evaluated += 1
        ro, rn = results
        for n in names:
            do, dn = ro.decisions.get(n), rn.decisions.get(n)
            if do is None or dn is None:
                continue
            counts[n][1] += 1
            if not _same(do.value, dn.value):
                counts[n][0] += 1
                lo, ln = _label(do), _label(dn)
                explained[n][(lo or "—", ln or "—")] += 1
                if len(examples[n]) < CANDIDATES:
                    wanted = deps.get(n, [])
                    facts = {k: case[k] for k in wanted if k in case and case[k] is not None}
                    examples[n].append(Example(case, facts, do.value, lo, dn.value, ln))
            elif label_map.get(_label(do), _label(do)) != _label(dn) and \
                    {label_map.get(c.label, c.label) for c in do.citations} != {c.label for c in dn.citations}:
                counts[n][2] += 1
    impacts = []
    for n in names:
        only = None if n in in_old and n in in_new else ("new" if n in in_new else "old")
        exp = tuple((a, b, k) for (a, b), k in explained[n].most_common())
        impacts.append(DecisionImpact(n, counts[n][0], counts[n][1], counts[n][2], exp,
                                      _pick_examples(examples[n], exp), only))
    return impacts, failures, evaluated


def _pick_examples(found: list[Example], explained) -> tuple[Example, ...]:
    """A few telling examples: decided both before and after, with few facts, one per kind of change."""
    ranked = sorted(found, key=lambda e: (e.old_value is None or e.new_value is None, len(e.facts)))
    out: list[Example] = []
    for a, b, _ in explained:
        e = next((e for e in ranked if (e.old_citation or "—", e.new_citation or "—") == (a, b)
                  and e not in out), None)
        if e is not None and len(out) < EXAMPLES:
            out.append(e)
    for e in ranked:
        if len(out) >= EXAMPLES:
            break
        if e not in out:
            out.append(e)
    return tuple(sorted(out, key=lambda e: (e.old_value is None or e.new_value is None, len(e.facts))))


def _same(a, b) -> bool:
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return Decimal(a) == Decimal(b)
    return type(a) is type(b) and a == b


# ------------------------------------------------------------------- report


@attrs.frozen
class Report:
    """Everything `grondslag diff` found."""

    old_label: str
    new_label: str
    title: str
    date: dt.date
    provisions: tuple[ProvisionChange, ...]
    declarations: tuple[DeclarationChange, ...]
    impacts: tuple[DecisionImpact, ...]
    failures: tuple[CaseFailure, ...]
    cases: int
    evaluated: int
    generated: bool
    versions: tuple[str, ...] = ()  # differences in the set of versions, in words

    @property
    def changed(self) -> bool:
        return bool(self.provisions or self.declarations or self.versions
                    or any(i.changed or i.grounds_changed for i in self.impacts)
                    or any(f.side != "both" for f in self.failures))

    def to_dict(self) -> dict:
        return {
            "old": self.old_label, "new": self.new_label, "title": self.title, "date": self.date.isoformat(),
            "changed": self.changed,
            "provisions": [p.to_dict() for p in self.provisions],
            "declarations": [d.to_dict() for d in self.declarations],
            "versions": list(self.versions),
            "cases": {"total": self.cases, "evaluated": self.evaluated,
                      "source": "generated" if self.generated else "given"},
            "decisions": {i.name: i.to_dict() for i in self.impacts},
            "errors": [f.to_dict() for f in self.failures],
        }


def compare(old: Side, new: Side, cases: list[dict] | None = None, date: dt.date | None = None,
            seed: int = SEED) -> Report:
    """Compare two loaded versions: provisions, declarations, and outcomes on cases."""
    when = date or comparison_date(old, new)
    mo = old.model_on(when) or old.models[-1]
    mn = new.model_on(when) or new.models[-1]
    provisions, cmap = compare_provisions(mo, mn)
    declarations = compare_declarations(mo, mn)
    versions = []
    ov = [m.info.period() for m in old.models]
    nv = [m.info.period() for m in new.models]
    if len(ov) > 1 or len(nv) > 1:
        versions += [f"versie {p} vervallen" for p in ov if p not in nv and mo.info.period() != p]
        versions += [f"versie {p} nieuw" for p in nv if p not in ov and mn.info.period() != p]
    generated = cases is None
    if generated:
        cases = generate_cases(mo, mn, when, seed)
    impacts, failures, evaluated = measure_impact(old, new, cases, date if not generated else None, when,
                                                  cmap, generated)
    return Report(old.label, new.label, mn.info.title, when, tuple(provisions), tuple(declarations),
                  tuple(impacts), tuple(failures), len(cases), evaluated, generated, tuple(versions))


def read_cases(path: str) -> list:
    """One JSON case per line; a line that is not JSON becomes a case the evaluation reports as an error."""
    from interpreter.case import parse_json
    out = []
    with open(path, encoding="utf-8") if path != "-" else _stdin() as fh:
        for text in fh:
            if not text.strip():
                out.append(_BadCase("empty line: expected a JSON case"))
                continue
            try:
                out.append(parse_json(text))
            except CaseError as exc:
                out.append(_BadCase(str(exc)))
    return out


def _stdin():
    import sys
    return sys.stdin


class _BadCase(dict):
    """A line of the cases file that is not a case: both versions report its error."""

    def __init__(self, message: str):
        super().__init__()
        self.message = message


# ---------------------------------------------------------------- rendering


def _value(v) -> str:
    return format_value(v)


def _facts_line(facts: dict) -> str:
    if not facts:
        return "(geen feiten gebruikt)"
    return ", ".join(f"{k}={_fact_text(v)}" for k, v in facts.items())


def _fact_text(v) -> str:
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, list):
        return f"[{len(v)}]"
    return str(v)


def _impact_summary(r: Report) -> str:
    src = "gegenereerde gevallen (grenswaarden rond elke constante, in willekeurige gevallen)" if r.generated \
        else "gegeven gevallen"
    return f"{r.evaluated} van {r.cases} {src} beoordeeld in beide versies, peildatum {format_date(r.date)}" \
        + (" (tenzij het geval een eigen peildatum heeft)" if not r.generated else "")


def render_text(r: Report) -> str:
    out = [f"grondslag diff {r.old_label} {r.new_label}", r.title,
           f"peildatum van de vergelijking: {format_date(r.date)}", ""]
    meta = [d for d in r.declarations if d.kind == "regeling"]
    decls = [d for d in r.declarations if d.kind != "regeling"]
    if meta or r.versions:
        out.append("Regeling en geldigheid")
        out += [f"  {d.detail}" for d in meta] + [f"  {v}" for v in r.versions]
        out.append("")
    out.append("Bepalingen")
    if not r.provisions:
        out.append("  geen wijzigingen")
    for p in r.provisions:
        head = p.citation.label if p.change != "renumbered" else f"{p.old_citation.label} -> {p.citation.label}"
        out.append(f"  {head}: {CHANGE_WORDS[p.change]}")
        out += [f"    {d}" for d in p.details if not (p.change == "renumbered" and d.startswith("was "))]
        if p.flag:
            out.append(f"    ! {p.flag}")
    out.append("")
    if decls:
        out.append("Feiten, beslissingen en begrippen")
        out += [f"  {d.kind} {d.name}: {d.detail}" for d in decls]
        out.append("")
    out.append("Gevolgen")
    out.append(f"  {_impact_summary(r)}")
    changed = [i for i in r.impacts if i.changed or i.grounds_changed or i.only_in]
    for i in changed:
        if i.only_in:
            out.append(f"  {i.name}: alleen in de {'nieuwe' if i.only_in == 'new' else 'oude'} versie")
            continue
        out.append(f"  {i.name}: {i.changed} van {i.total} gevallen krijgen een andere uitkomst"
                   + (f"; bij {i.grounds_changed} dezelfde uitkomst op een andere grond" if i.grounds_changed else ""))
        for a, b, n in i.explained_by:
            out.append(f"    {a} -> {b}: {n}")
        for e in i.examples:
            out.append(f"    bijv. {_facts_line(e.facts)}")
            out.append(f"      was {_value(e.old_value)} ({e.old_citation or 'geen grond'}), "
                       f"wordt {_value(e.new_value)} ({e.new_citation or 'geen grond'})")
    if not changed:
        out.append("  geen beslissing krijgt een andere uitkomst")
    if r.failures:
        out.append("")
        out.append("Niet in beide versies te beoordelen")
        out += _failure_lines(r, "  ")
    return "\n".join(out).rstrip() + "\n"


def _failure_lines(r: Report, indent: str, limit: int = 10) -> list[str]:
    words = {"old": "alleen de oude versie faalt", "new": "alleen de nieuwe versie faalt", "both": "beide falen"}
    lines = []
    if r.generated:
        by = Counter((f.side, f.message) for f in r.failures)
        for (side, msg), n in by.most_common(limit):
            lines.append(f"{indent}{n} geval(len), {words[side]}: {msg}")
        return lines
    for f in r.failures[:limit]:
        lines.append(f"{indent}regel {f.line}: {words[f.side]}: {f.message}")
    if len(r.failures) > limit:
        lines.append(f"{indent}en nog {len(r.failures) - limit}")
    return lines


def _md(s: str) -> str:
    return s.replace("|", "\\|")


def render_markdown(r: Report) -> str:
    out = [f"## Regelwijziging: {_md(r.title)}", "",
           f"`grondslag diff {r.old_label} {r.new_label}` — peildatum {format_date(r.date)}", ""]
    meta = [d for d in r.declarations if d.kind == "regeling"]
    if meta or r.versions:
        out += ["### Regeling en geldigheid", ""] + [f"- {_md(d.detail)}" for d in meta] \
            + [f"- {_md(v)}" for v in r.versions] + [""]
    out += ["### Bepalingen", ""]
    if not r.provisions:
        out += ["Geen wijzigingen in de bepalingen.", ""]
    else:
        out += ["| bepaling | wijziging | wat |", "|---|---|---|"]
        for p in r.provisions:
            head = p.citation.label if p.change != "renumbered" else f"{p.old_citation.label} → {p.citation.label}"
            what = "<br>".join(_md(d) for d in p.details if not (p.change == "renumbered" and d.startswith("was ")))
            if p.flag:
                what = (what + "<br>" if what else "") + f"⚠️ **{_md(p.flag)}**"
            out.append(f"| {_md(head)} | {CHANGE_WORDS[p.change]} | {what} |")
        out.append("")
    decls = [d for d in r.declarations if d.kind != "regeling"]
    if decls:
        out += ["### Feiten, beslissingen en begrippen", ""]
        out += [f"- {d.kind} `{d.name}`: {_md(d.detail)}" for d in decls] + [""]
    out += ["### Gevolgen", "", _impact_summary(r) + ".", ""]
    changed = [i for i in r.impacts if i.changed or i.grounds_changed or i.only_in]
    if not changed:
        out += ["Geen beslissing krijgt een andere uitkomst.", ""]
    else:
        out += ["| beslissing | andere uitkomst | andere grond | verklaard door |", "|---|---:|---:|---|"]
        for i in changed:
            if i.only_in:
                out.append(f"| `{i.name}` | alleen in {'nieuwe' if i.only_in == 'new' else 'oude'} versie | | |")
                continue
            exp = "<br>".join(f"{_md(a)} → {_md(b)} ({n})" for a, b, n in i.explained_by)
            out.append(f"| `{i.name}` | {i.changed} van {i.total} | {i.grounds_changed} | {exp} |")
        out.append("")
        for i in changed:
            if not i.examples:
                continue
            out += [f"<details><summary>Voorbeelden <code>{i.name}</code></summary>", ""]
            for e in i.examples:
                out.append(f"- {_md(_facts_line(e.facts))}: {_value(e.old_value)} "
                           f"({_md(e.old_citation or 'geen grond')}) → **{_value(e.new_value)}** "
                           f"({_md(e.new_citation or 'geen grond')})")
            out += ["", "</details>", ""]
    if r.failures:
        out += ["### Niet in beide versies te beoordelen", ""] + [f"- {_md(x.strip())}" for x in
                                                                 _failure_lines(r, "")] + [""]
    return "\n".join(out).rstrip() + "\n"


def render_json(r: Report) -> str:
    return dumps(r.to_dict()) + "\n"


def run(old_spec: str, new_spec: str, cases_path: str | None = None, date: dt.date | None = None,
        seed: int = SEED) -> Report:
    """Load both versions (git revisions written out to a temporary folder) and compare them."""
    with tempfile.TemporaryDirectory(prefix="grondslag-diff-") as tmp:
        work = Path(tmp)
        (work / "old").mkdir()
        (work / "new").mkdir()
        old = load_side(old_spec, work / "old")
        new = load_side(new_spec, work / "new")
        cases = read_cases(cases_path) if cases_path else None
        return compare(old, new, cases, date, seed)
