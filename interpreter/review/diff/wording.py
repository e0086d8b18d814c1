"""Rule changes in the law's terms: "grens voor gezinsinkomen: € 2.500,00 -> € 2.750,00"."""

from __future__ import annotations

import difflib
from decimal import Decimal

import attrs

from dsl import syntax as S
from dsl.citation import Citation
from dsl.model import Model, ProvisionInfo, RuleInfo
from dsl.unparse import unparse
from interpreter.values import format_date, format_money

# ---------------------------------------------------- rule changes in words


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
