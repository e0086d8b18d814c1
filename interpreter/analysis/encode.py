"""A checked model -> Z3 constraints, in the engine's three-valued logic.

Every expression becomes a pair (known, value) of Z3 terms. A fact has a `known`
flag of its own: in `analyse` every fact is known (a gap is a value missing although
every fact is given); in `why_not` the flags follow the case, and giving a fact that
was not given is a change. Booleans follow Kleene's logic as interpreter.tree does
(false as soon as one operand of `en` is false, ...), and a decision follows
DecisionNode._decide: effective rules, exceptions by their own condition, a conflict
or a value missing from a rule leaves the decision open.

Value domains (the case schema): yes/no, a choice among its options, money as whole
cents >= 0, numbers exact (Int or Real), dates as (year, month, day) within a range,
a list as at most LIST_BOUND records. A construct this module does not know raises
Unsupported; the caller reports the rule "niet geanalyseerd" and treats the value as
free, so the analysis over-approximates and never claims a proof it does not have.
"""

from __future__ import annotations

import datetime as dt

import attrs
import z3

from dsl import syntax as S
from dsl.model import Model, RuleInfo
from dsl.types import Type
from interpreter.analysis.terms import (FALSE, KV, TRUE, Codes, DecisionTerms, Unsupported, Val, _WHAT, _cents,
                                       _real, date_key, days_in, eq, ite, kind_of, lit_date, shift_date)
from interpreter.decisions import exception_objects

try:  # the case reader refuses a date of birth after the peildatum; the domains follow it
    from interpreter.impossible import BIRTH
except ImportError:  # pragma: no cover
    BIRTH = "geboortedatum"

LIST_BOUND = 2  # records per list in a witness: enough for 'er is een', 'elk' and 'aantal' to differ
FIRST_YEAR = 1900


@attrs.define
class FactVars:
    """The Z3 variables of one fact (for a list: its length and a record per position)."""

    name: str
    type: Type
    known: object
    val: Val | None = None  # scalar facts
    length: object = None  # lists
    items: list = attrs.field(factory=list)  # lists: dict field -> Val per position


class Encoding:
    """The constraints of one version of a regulation, built on demand per decision."""

    def __init__(self, model: Model, known_vars: bool = False, prefix: str = ""):
        self.model = model
        self.prefix = prefix
        self.codes = Codes()
        self.domain: list = []  # constraints every value must meet
        self.facts: dict[str, FactVars] = {}
        self.known_vars = known_vars
        info = model.info
        self.first = info.valid_from
        self.last = (info.valid_until - dt.timedelta(days=1)) if info.valid_until else \
            dt.date(info.valid_from.year + 30, 12, 31)
        self.peildatum = self._date_var("peildatum", self.first, self.last)
        self.definitions = {d.name: d for d in model.definitions}
        self.tables = {t.name: t for t in model.tables}
        self._def_memo: dict[str, KV] = {}
        self._dec_memo: dict[str, KV] = {}
        self._busy: set[str] = set()
        self.unsupported: dict[int, str] = {}  # rule order -> what was not analysed
        self.opaque: set[str] = set()  # decisions whose value is left free
        for f in model.facts:
            self.facts[f.name] = self._fact_vars(f.name, f.type)
        self._births_before_peildatum()
        for o in (o for t in model.facts if t.type.kind == "keuze" for o in t.type.options):
            self.codes.code(o)

    def _births_before_peildatum(self):
        """As the case reader (interpreter.impossible): no date of birth after the peildatum."""
        now = date_key(self.peildatum)
        for fv in self.facts.values():
            if fv.name == BIRTH and fv.val is not None and fv.val.kind == "date":
                self.domain.append(z3.Implies(fv.known, date_key(fv.val) <= now))
            for i, rec in enumerate(fv.items):
                if BIRTH in rec and rec[BIRTH].kind == "date":
                    self.domain.append(z3.Implies(z3.And(fv.known, fv.length > i), date_key(rec[BIRTH]) <= now))

    # ------------------------------------------------------------ variables
    def _date_var(self, name: str, lo: dt.date, hi: dt.date) -> Val:
        p = self.prefix + name
        y, m, d = z3.Int(p + ".jaar"), z3.Int(p + ".maand"), z3.Int(p + ".dag")
        v = Val("date", (y, m, d))
        self.domain += [m >= 1, m <= 12, d >= 1,
                        d <= days_in(y, m),
                        date_key(v) >= date_key(lit_date(lo)), date_key(v) <= date_key(lit_date(hi))]
        return v

    def _scalar_var(self, name: str, t: Type) -> Val:
        p = self.prefix + name
        k = kind_of(t)
        if k == "bool":
            return Val(k, (z3.Bool(p),))
        if k == "int":
            return Val(k, (z3.Int(p),))
        if k in ("real", "percent"):
            v = z3.Real(p)
            lo, hi = getattr(t, "minimum", None), getattr(t, "maximum", None)
            self.domain += ([v >= z3.RealVal(str(lo))] if lo is not None else []) + \
                ([v <= z3.RealVal(str(hi))] if hi is not None else [])
            return Val(k, (v,))
        if k == "money":
            v = z3.Int(p)
            self.domain.append(v >= 0)
            return Val(k, (v,))
        if k == "date":
            return self._date_var(name, dt.date(FIRST_YEAR, 1, 1), self.last)
        if k == "duur":
            months, days = z3.Int(p + ".maanden"), z3.Int(p + ".dagen")
            self.domain += [months >= 0, days >= 0]
            return Val(k, (months, days))
        if k == "code":
            v = z3.Int(p)
            if t.kind == "keuze":
                codes = [self.codes.code(o) for o in t.options]
                self.domain.append(z3.Or(*[v == c for c in codes]))
            return Val(k, (v,))
        raise Unsupported(f"feit van type {t.describe()}")

    def _fact_vars(self, name: str, t: Type) -> FactVars:
        known = z3.Bool(self.prefix + "bekend." + name) if self.known_vars else TRUE
        if t.kind == "lijst":
            length = z3.Int(self.prefix + name + ".aantal")
            self.domain += [length >= 0, length <= LIST_BOUND]
            items = [{fname: self._scalar_var(f"{name}[{i}].{fname}", ft) for fname, ft in t.fields}
                     for i in range(LIST_BOUND)]
            return FactVars(name, t, known, length=length, items=items)
        try:
            return FactVars(name, t, known, val=self._scalar_var(name, t))
        except Unsupported:
            return FactVars(name, t, FALSE)  # a fact of a kind not encoded: never known here

    # ------------------------------------------------------------ expressions
    def expr(self, e, scope: dict | None = None) -> KV:
        scope = scope or {}
        if isinstance(e, S.Literal):
            return KV(TRUE, self.literal(e))
        if isinstance(e, S.Name):
            n = e.id
            if n in scope:
                known, record = scope[n]
                return KV(known, Val("record", (record,)))
            if n == "peildatum":
                return KV(TRUE, self.peildatum)
            if n in self.facts:
                fv = self.facts[n]
                if fv.type.kind == "lijst":
                    return KV(fv.known, Val("list", (fv,)))
                if fv.val is None:
                    raise Unsupported(f"feit {n} van type {fv.type.describe()}")
                return KV(fv.known, fv.val)
            if n in self.definitions:
                return self.definition(n)
            if self.model.decision(n) is not None:
                return self.decision(n)
            statute = next((st for st in getattr(self.model, "statutes", ()) if st.name == n), None)
            if statute is not None:
                return KV(TRUE, self.constant(statute.value, statute.type))
            raise Unsupported(f"naam {n}")
        if isinstance(e, S.FieldAccess):
            subject = self.expr(e.subject, scope)
            if subject.val.kind != "record":
                raise Unsupported("veld van iets anders dan een element van een lijst")
            return KV(subject.known, subject.val.term[e.field])
        if isinstance(e, S.Unary):
            inner = self.expr(e.operand, scope)
            if e.op == "niet":
                return KV(inner.known, Val("bool", (z3.Not(inner.val.term),)))
            if inner.val.kind == "date":
                raise Unsupported("min van een datum")
            return KV(inner.known, Val(inner.val.kind, (-inner.val.term,)))
        if isinstance(e, S.BoolOp):
            ops = [self.expr(o, scope) for o in e.operands]
            if e.op == "en":
                t, f = z3.And(*[o.true for o in ops]), z3.Or(*[o.false for o in ops])
            else:
                t, f = z3.Or(*[o.true for o in ops]), z3.And(*[o.false for o in ops])
            return KV(z3.Or(t, f), Val("bool", (t,)))
        if isinstance(e, S.Binary):
            return self.binary(e.op, self.expr(e.left, scope), self.expr(e.right, scope))
        if isinstance(e, S.Membership):
            return self.membership(e, scope)
        if isinstance(e, S.Call):
            return self.call(e, scope)
        if isinstance(e, S.Quantifier):
            return self.quantifier(e, scope)
        if isinstance(e, S.TableLookup):
            return self.table(e, scope)
        if type(e).__name__ == "PercentOf":
            p, w = self.expr(e.percentage, scope), self.expr(e.whole, scope)
            if w.val.kind not in ("int", "real", "money") or p.val.kind not in ("percent", "int", "real"):
                raise Unsupported("percentage van iets anders dan een getal of bedrag")
            return KV(z3.And(p.known, w.known), Val("money" if w.val.kind == "money" else "real",
                                                    (w.val.term * p.val.term / 100,)))
        if type(e).__name__ == "Rounding":
            return self.rounding(e, scope)
        if type(e).__name__ == "DateRelation" and e.within is None:
            x, y = self.expr(e.subject, scope), self.expr(e.anchor, scope)
            return self.binary(">" if e.direction == "na" else "<", x, y)
        raise Unsupported(_WHAT.get(type(e).__name__, type(e).__name__))

    def constant(self, v, t: Type) -> Val:
        """A value fixed in the rule files (a wettelijke waarde)."""
        k = kind_of(t)
        if k == "bool":
            return Val(k, (z3.BoolVal(bool(v)),))
        if k == "int":
            return Val(k, (z3.IntVal(int(v)),))
        if k in ("real", "percent"):
            return Val(k, (z3.RealVal(str(v)),))
        if k == "money":
            return Val(k, (z3.IntVal(_cents(v)),))
        if k == "date":
            return lit_date(v)
        if k == "code":
            return Val(k, (z3.IntVal(self.codes.code(str(v))),))
        raise Unsupported(f"wettelijke waarde van type {t.describe()}")

    def rounding(self, e, scope) -> KV:
        """afgerond op centen / hele euro: money is held in cents, so round to a multiple of 1 or 100."""
        x = self.expr(e.operand, scope)
        if x.val.kind not in ("money", "real", "int"):
            raise Unsupported("afronden van iets anders dan een bedrag of getal")
        step = (1 if e.unit == "centen" else 100) if x.val.kind == "money" else (
            z3.RealVal("0.01") if e.unit == "centen" else 1)
        q = _real(x.val.term) / step
        half = z3.RealVal("0.5")
        if e.direction == "naar boven":
            n = -z3.ToInt(-q)
        elif e.direction == "naar beneden":
            n = z3.ToInt(q)
        else:  # half away from zero
            n = z3.If(q >= 0, z3.ToInt(q + half), -z3.ToInt(-q + half))
        return KV(x.known, Val(x.val.kind if x.val.kind == "money" else "real", (n * step,)))

    def literal(self, e: S.Literal) -> Val:
        v = e.value
        if e.kind == "ja/nee":
            return Val("bool", (z3.BoolVal(v),))
        if e.kind == "geheel getal":
            return Val("int", (z3.IntVal(v),))
        if e.kind == "getal":
            return Val("real", (z3.RealVal(str(v)),))
        if e.kind == "bedrag":
            return Val("money", (z3.IntVal(_cents(v)),))
        if e.kind == "datum":
            return lit_date(v)
        if e.kind == "tekst":
            return Val("code", (z3.IntVal(self.codes.code(v)),))
        if e.kind == "percentage":
            return Val("percent", (z3.RealVal(str(v)),))
        if e.kind == "duur":
            return Val("duur", (z3.IntVal(v.months), z3.IntVal(v.days)))
        raise Unsupported(f"constante van soort {e.kind}")

    def binary(self, op: str, a: KV, b: KV) -> KV:
        known = z3.And(a.known, b.known)
        x, y = a.val, b.val
        if op in ("=", "!="):
            r = eq(x, y)
            return KV(known, Val("bool", (r if op == "=" else z3.Not(r),)))
        if op in ("<", "<=", ">", ">="):
            if (x.kind == "date") != (y.kind == "date"):
                raise Unsupported("vergelijking van een datum met iets anders")
            l, r = (date_key(x), date_key(y)) if x.kind == "date" else (x.term, y.term)
            fn = {"<": lambda p, q: p < q, "<=": lambda p, q: p <= q, ">": lambda p, q: p > q,
                  ">=": lambda p, q: p >= q}[op]
            return KV(known, Val("bool", (fn(l, r),)))
        if x.kind == "date" and y.kind == "duur" and op in "+-":
            return KV(known, shift_date(x, y, 1 if op == "+" else -1))
        if x.kind == y.kind == "duur" and op in "+-":
            return KV(known, Val("duur", tuple(p + q if op == "+" else p - q for p, q in zip(x.parts, y.parts))))
        if x.kind in ("date", "code", "bool", "duur") or y.kind in ("date", "code", "bool", "duur"):
            raise Unsupported(f"rekenen ({op}) met een {x.kind if x.kind in ('date', 'code', 'bool') else y.kind}")
        # money is held in cents: a product or quotient with money keeps the scale of one side
        kind = "money" if "money" in (x.kind, y.kind) and op in "+-*" else (
            "int" if x.kind == y.kind == "int" and op in "+-*" else "real")
        if op == "/" and x.kind == "money" and y.kind != "money":
            kind = "money_real"
        if op == "+":
            r = x.term + y.term
        elif op == "-":
            r = x.term - y.term
        elif op == "*":
            r = x.term * y.term
        elif op == "/":
            r = _real(x.term) / _real(y.term)
            known = z3.And(known, y.term != 0)
        else:  # pragma: no cover
            raise Unsupported(op)
        if kind == "money_real":
            raise Unsupported("een bedrag gedeeld door een getal (afronding)")
        return KV(known, Val(kind, (r,)))

    def membership(self, e: S.Membership, scope) -> KV:
        subject = self.expr(e.subject, scope)
        options = [self.expr(o, scope) for o in e.options]
        hit = z3.Or(*[z3.And(o.known, eq(subject.val, o.val)) for o in options])
        miss = z3.And(*[z3.And(o.known, z3.Not(eq(subject.val, o.val))) for o in options])
        t, f = z3.And(subject.known, hit), z3.And(subject.known, miss)
        if e.negated:
            t, f = f, t
        return KV(z3.Or(t, f), Val("bool", (t,)))

    def call(self, e: S.Call, scope) -> KV:
        args = [self.expr(a, scope) for a in e.args]
        if e.function in ("leeftijd", "leeftijd_in_maanden"):
            born = args[0]
            on = args[1] if len(args) > 1 else KV(TRUE, self.peildatum)
            if born.val.kind != "date" or on.val.kind != "date":
                raise Unsupported(f"{e.function} van iets anders dan een datum")
            by, bm, bd = born.val.parts
            oy, om, od = on.val.parts
            if e.function == "leeftijd":
                r = oy - by - z3.If(om * 32 + od < bm * 32 + bd, 1, 0)
            else:
                r = (oy - by) * 12 + (om - bm) - z3.If(od < bd, 1, 0)
            return KV(z3.And(born.known, on.known), Val("int", (r,)))
        if e.function == "datum" and len(args) == 3 and all(a.val.kind == "int" for a in args):
            y, m, d = (a.val.term for a in args)
            valid = z3.And(m >= 1, m <= 12, d >= 1, d <= days_in(y, m))
            return KV(z3.And(*[a.known for a in args], valid), Val("date", (y, m, d)))
        if e.function == "jaar" and args and args[0].val.kind == "date":
            return KV(args[0].known, Val("int", (args[0].val.parts[0],)))
        if e.function in ("min", "max") and args and all(a.val.kind in ("int", "real", "money", "percent") for a in args):
            acc = args[0].val
            for a in args[1:]:
                c = a.val.term < acc.term if e.function == "min" else a.val.term > acc.term
                acc = ite(c, a.val, acc)
            return KV(z3.And(*[a.known for a in args]), acc)
        raise Unsupported(f"functie {e.function}")

    def quantifier(self, e: S.Quantifier, scope) -> KV:
        coll = self.expr(e.collection, scope)
        if coll.val.kind != "list":
            raise Unsupported("een lijst die geen feit is")
        fv: FactVars = coll.val.term
        bodies = []
        for i, record in enumerate(fv.items):
            present = fv.length > i
            body = self.expr(e.body, {**scope, e.variable: (coll.known, record)})
            bodies.append((present, body))
        if e.kind == "er is een":
            t = z3.Or(*[z3.And(p, b.true) for p, b in bodies])
            f = z3.And(*[z3.Or(z3.Not(p), b.false) for p, b in bodies])
        elif e.kind == "elk":
            t = z3.And(*[z3.Or(z3.Not(p), b.true) for p, b in bodies])
            f = z3.Or(*[z3.And(p, b.false) for p, b in bodies])
        else:
            known = z3.And(coll.known, *[z3.Or(z3.Not(p), b.known) for p, b in bodies])
            count = z3.Sum(*[z3.If(z3.And(p, b.val.term), 1, 0) for p, b in bodies])
            return KV(known, Val("int", (count,)))
        t, f = z3.And(coll.known, t), z3.And(coll.known, f)
        return KV(z3.Or(t, f), Val("bool", (t,)))

    def table(self, e: S.TableLookup, scope) -> KV:
        t = self.tables[e.table]
        at = self.expr(e.at, scope) if e.at is not None else KV(TRUE, self.peildatum)
        if at.val.kind != "date":
            raise Unsupported("tabel op iets anders dan een datum")
        key = date_key(at.val)
        rows = list(t.rows)
        known, val = FALSE, None
        for i in range(len(rows) - 1, -1, -1):
            lo = date_key(lit_date(rows[i].key))
            hi = date_key(lit_date(rows[i + 1].key)) if i + 1 < len(rows) else None
            inside = z3.And(key >= lo, key < hi) if hi is not None else key >= lo
            if rows[i].value is None:
                continue
            row = self.expr(rows[i].value, scope)
            known = z3.Or(known, z3.And(inside, row.known))
            val = row.val if val is None else ite(inside, row.val, val)
        if val is None:
            return KV(FALSE, Val("int", (z3.IntVal(0),)))
        return KV(z3.And(at.known, known), val)

    # ------------------------------------------------------------ names
    def definition(self, name: str) -> KV:
        return self._once(self._def_memo, name, lambda: self.expr(self.definitions[name].expr),
                          f"begrip {name} verwijst naar zichzelf")

    def decision(self, name: str) -> KV:
        return self._once(self._dec_memo, name, lambda: self.decide(name).outcome,
                          f"beslissing {name} hangt van zichzelf af")

    def _once(self, memo: dict, name: str, compute, circular: str) -> KV:
        """Each begrip and decision is encoded once, as the engine computes it once per case."""
        if name not in memo:
            if name in self._busy:
                raise Unsupported(circular)
            self._busy.add(name)
            try:
                memo[name] = compute()
            finally:
                self._busy.discard(name)
        return memo[name]

    def free(self, name: str, t: Type) -> KV:
        """A value the analysis does not model: anything, known or not."""
        k = kind_of(t)
        tag = f"{self.prefix}vrij.{name}.{len(self.opaque)}"
        self.opaque.add(name)
        known = z3.Bool(tag + ".bekend")
        if k == "bool":
            return KV(known, Val(k, (z3.Bool(tag),)))
        if k == "date":
            return KV(known, Val(k, (z3.Int(tag + ".j"), z3.Int(tag + ".m"), z3.Int(tag + ".d"))))
        if k == "duur":
            return KV(known, Val(k, (z3.Int(tag + ".maanden"), z3.Int(tag + ".dagen"))))
        if k in ("real", "percent"):
            return KV(known, Val(k, (z3.Real(tag),)))
        return KV(known, Val(k if k in ("int", "money", "code") else "int", (z3.Int(tag),)))

    def decide(self, name: str, rules: tuple[RuleInfo, ...] | None = None,
               overrides: dict | None = None) -> "DecisionTerms":
        """The terms of one decision, as DecisionNode._decide computes it (rules may be a variant)."""
        info = self.model.decision(name)
        all_rules = rules if rules is not None else self.model.rules_for(name)
        overrides = self.model.overrides if overrides is None else overrides
        main = [r for r in all_rules if r.kind != "anders"]
        default = next((r for r in all_rules if r.kind == "anders"), None)
        if info.type.kind == "overwegingen":
            return self._considerations(name, info.type, main)
        local = {r.order: i for i, r in enumerate(main)}
        applies = [self.condition(name, r) for r in main]
        by = tuple(tuple(local[o] for o in overrides.get(r.order, ()) if o in local) for r in main)
        for e, targets in exception_objects(by):  # decisions.without_object: an exception needs its object
            nothing = z3.And(*[applies[t].false for t in targets])
            a = applies[e]
            applies[e] = KV(z3.Or(a.known, nothing), Val("bool", (z3.And(a.val.term, z3.Not(nothing)),)))
        values = [self._or_free(r, r.value, "waarde", name, info.type) for r in main]
        dflt = self._or_free(default, default.value, "waarde", name, info.type) if default is not None else None
        eff_t, eff_f = [], []
        for i, r in enumerate(main):
            exc = by[i]
            eff_t.append(z3.And(applies[i].true, *[applies[e].false for e in exc]))
            eff_f.append(z3.Or(applies[i].false, *[applies[e].true for e in exc]))
        return DecisionTerms(name, tuple(main), default, tuple(applies), tuple(values), dflt,
                             tuple(eff_t), tuple(eff_f))

    def condition(self, name: str, r: RuleInfo) -> KV:
        if r.condition is None:
            return KV(TRUE, Val("bool", (TRUE,)))
        return self._or_free(r, r.condition, "voorwaarde", f"{name}.voorwaarde", Type("ja/nee"))

    def _or_free(self, r: RuleInfo, e, part: str, name: str, t: Type) -> KV:
        """The term of a rule's condition or value; a free one (and the rule noted as not analysed)
        where the encoding does not know a construct."""
        try:
            return self.expr(e)
        except (Unsupported, z3.Z3Exception) as exc:
            self.unsupported.setdefault(r.order, f"{part}: {exc}")
            return self.free(name, t)

    def _considerations(self, name, t, main) -> "DecisionTerms":
        applies = [self.condition(name, r) for r in main]
        return DecisionTerms(name, tuple(main), None, tuple(applies), (), None,
                             tuple(a.true for a in applies), tuple(a.false for a in applies), is_list=True)
