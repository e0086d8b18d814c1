"""Evaluation tree -> Python source: one function per regulation version.

The generator walks the nodes of interpreter.tree and writes plain statements: three-
valued logic as `is True` / `is False` tests on locals, every fact read once, every
begrip and decision computed once into a local, in dependency order. Safety: the source
holds only what this module writes. Every name in it is one it made up (f3, b2, d7, t41);
a name from a rule file appears only inside a repr()'d string literal or a comment made
with repr(); every other constant (Decimal, date, Unknown, citations) is a global of the
program's own namespace, passed as an object, never as source text.

A node this generator does not know (the language grows) raises Unsupported: the version
is then evaluated by the tree alone, so an answer never differs.
"""

from __future__ import annotations

import threading

import attrs

from interpreter import decisions as D
from interpreter import tree as X
from interpreter.codegen import runtime
from interpreter.codegen.expressions import _COUNTS_STEPS, ExpressionWriter, OverBudget, Unsupported, _check

MAX_CHAIN = X.MAX_DEPTH // 2  # longer chains of begrippen/decisions: the tree reports the depth error


def _cited(rule) -> tuple:
    """What a rule cites when it gives the value (RuleNode.cited where the tree has it)."""
    return tuple(getattr(rule, "cited", (rule.citation,)))


@attrs.frozen
class Generated:
    """A generated program: its parts' source, and the namespace its globals come from.

    `main` is the module with `evaluate`; `settle_sources` maps a decision index to the source
    of the function computing that decision alone (for settling), made when first asked for:
    most cases never settle, and those functions are half of the program."""

    header: str
    main: str
    settle_sources: object  # decision index -> source of settle_<index>, a mapping made on use
    namespace: dict
    decisions: tuple[str, ...]  # in declaration order, as the function returns them
    citations: tuple  # index -> Citation
    settlers: dict = attrs.field(factory=dict)  # decision index -> name of the function computing it alone

    @property
    def source(self) -> str:
        """The whole program, as `grondslag compile` prints it."""
        return (self.header + "\n\n\n" + self.main
                + "".join("\n\n\n" + self.settle_sources[k] for k in self.settlers) + "\n")

    @property
    def main_module(self) -> str:
        """What is compiled at load: the header and `evaluate`."""
        return self.header + "\n\n\n" + self.main + "\n"


class _SettleSources(dict):
    """decision index -> the source of its settle function, generated on first use (under a lock:
    the generator is not reentrant). Settle functions compute decisions `evaluate` computes too,
    so they cite nothing new; if one did, the citation table would be wrong: Unsupported, and
    the tree decides."""

    def __init__(self, generator: "_Generator", sequence, definitions, facts):
        super().__init__()
        self.generator, self.args = generator, (sequence, definitions, facts)
        self.lock = threading.Lock()

    def __missing__(self, k: int) -> str:
        with self.lock:
            if k in self:
                return dict.__getitem__(self, k)
            g = self.generator
            cited = len(g.citations)
            text = "\n".join(g.settle_function(k, *self.args))
            if len(g.citations) != cited:
                raise Unsupported("a settle function cites what evaluate does not")
            self[k] = text
            return text


class _Generator(ExpressionWriter):
    def __init__(self, program):
        super().__init__({"Unknown": X.Unknown, "_decide": runtime.decide,
                          "_considerations": runtime.considerations, "_resolve": runtime.resolve,
                          "_minmax": runtime.minmax, "_table_index": runtime.table_index,
                          "_divide": X._divide, "_Context": X.Context, "_NO_VALUE": runtime.NO_VALUE,
                          "_EMPTY": runtime.EMPTY, "_OverBudget": OverBudget})
        self.program = program
        self.citations: dict = {}  # Citation -> index (equal citations share one)
        self.citation_list: list = []  # index -> Citation, filled at the end (for lists of considerations)
        self.results: dict[str, str] = {}  # decision name -> local holding its outcome tuple

    def citation(self, c) -> int:
        return self.citations.setdefault(c, len(self.citations))

    # ------------------------------------------------------------------ decisions

    def decision(self, node: D.DecisionNode, index: int) -> None:
        _check(node)
        for r in node.rules + ((node.default,) if node.default is not None else ()):
            _check(r)
        if node.default is not None and node.default.value is None:
            raise Unsupported("a value for all other cases without a value")
        self.line(f"# decision {node.name!r}")
        applies = [("True" if r.condition is None else self.expr(r.condition, {})) for r in node.rules]
        spec_name = f"_s{index}"
        orders = tuple(r.order for r in node.rules)
        cits = tuple(self.citation(r.citation) for r in node.rules)
        out = f"r{index}"
        if node.is_list:
            spec = runtime.DecisionSpec(node.name, cits, orders, (), False, None, None,
                                        tuple(r.text for r in node.rules), self.citation_list)
            self.namespace[spec_name] = spec
            self.line(f"{out} = _considerations({spec_name}, ({''.join(a + ', ' for a in applies)}))")
        else:
            for r in node.rules:
                if r.value is None:
                    raise Unsupported("a rule without a value")
            values = [self.expr(r.value, {}) for r in node.rules]
            default = "_NO_VALUE" if node.default is None else self.expr(node.default.value, {})
            dcit = self.citation(node.default.citation) if node.default is not None else None
            cited = tuple(tuple(self.citation(c) for c in _cited(r)) for r in node.rules)
            dcited = tuple(self.citation(c) for c in _cited(node.default)) if node.default is not None else ()
            spec = runtime.DecisionSpec(node.name, cits, orders, tuple(tuple(r.set_aside_by) for r in node.rules),
                                        any(r.set_aside_by for r in node.rules), dcit,
                                        node.default.order if node.default is not None else None,
                                        cited=cited, default_cited=dcited, excepts=node.excepts)
            self.namespace[spec_name] = spec
            applies = self.without_object(node, applies)
            self.fast_path(node, applies, values, default, cited, dcited, out)
            with self.block(f"if {out} is None:"):
                self.line(f"{out} = _decide({spec_name}, ({''.join(a + ', ' for a in applies)}), "
                          f"({''.join(v + ', ' for v in values)}), {default})")
        self.results[node.name] = out
        value = self.done[node.name] = f"d{index}"
        self.line(f"{value} = {out}[0] if {out}[0] is not None else Unknown({out}[2])")

    def without_object(self, node, applies: list[str]) -> list[str]:
        """decisions.without_object, written out: an exception whose every target is known not
        to apply counts as not applying (in chain order, as the tree does)."""
        applies = list(applies)
        for e, targets in node.excepts:
            x = self.tmp("x")
            self.line(f"{x} = {applies[e]}")
            with self.block(f"if {x} is not False and " + " and ".join(f"{applies[t]} is False" for t in targets) + ":"):
                self.line(f"{x} = False")
            applies[e] = x
        return applies

    def fast_path(self, node, applies, values, default, cited, dcited, out) -> None:
        """The common case inline: exactly one rule certainly applies and is not set aside (or
        none can apply and there is a value for all other cases). Everything else goes to
        runtime.decide, which mirrors the tree step by step."""
        self.line(f"{out} = None")
        if len(node.rules) > 8:
            return
        effective = applies
        exceptions = any(r.set_aside_by for r in node.rules)
        if exceptions:  # DecisionNode._decide: a rule is set aside by an exception that applies
            effective = []
            for i, r in enumerate(node.rules):
                a = applies[i]
                if not r.set_aside_by:
                    effective.append(a)
                    continue
                e, m = self.tmp("e"), self.tmp("m")
                effective.append(e)
                with self.block(f"if {a} is False:"):
                    self.line(f"{e} = False")
                with self.block("elif " + " or ".join(f"{applies[x]} is True" for x in r.set_aside_by) + ":"):
                    self.line(f"{e} = False")
                with self.block("else:"):
                    self.line(f"{m} = None if {a} is True else {a}.missing")
                    for x in r.set_aside_by:
                        with self.block(f"if {applies[x]} is not False:"):
                            self.line(f"{m} = {applies[x]}.missing if {m} is None else {m} | {applies[x]}.missing")
                    self.line(f"{e} = {a} if {m} is None else Unknown({m})")
        for i, a in enumerate(effective):
            others = " and ".join(f"{b} is not True" for j, b in enumerate(effective) if j != i)
            cond = f"{a} is True" + (f" and {others}" if others else "")
            # without exceptions the tree cites the rule as it is (single); with them, deduplicated
            cites = runtime.dedupe(cited[i]) if exceptions else cited[i]
            with self.block(f"{'if' if i == 0 else 'elif'} {cond}:"):
                with self.unless_unknown(values[i]):
                    self.line(f"{out} = ({values[i]}, {self.const(cites)}, _EMPTY, (), None, False)")
        if node.default is not None and effective:
            cond = " and ".join(f"{a} is False" for a in effective)
            with self.block(f"elif {cond}:"):
                with self.unless_unknown(default):
                    self.line(f"{out} = ({default}, {self.const(dcited)}, _EMPTY, (), None, True)")

    def begrip(self, name: str, expr_node) -> None:
        self.line(f"# begrip {name!r}")
        v = self.expr(expr_node, {})
        local = self.done["\0" + name] = self.tmp("b")
        self.line(f"{local} = {v}")

    # ------------------------------------------------------------------ the program

    def order(self):
        """Decisions and begrippen in an order where each comes after what it reads."""
        program = self.program
        definitions = {}
        for node in _walk_all(program):
            if type(node) is X.DefinitionRef:
                definitions[node.name] = node.holder[0]
        deps: dict[tuple, set] = {}

        def reads(roots) -> set:
            found = set()
            for root in roots:
                for node in _walk(root):
                    if type(node) is X.DecisionRef:
                        found.add(("d", node.name))
                    elif type(node) is X.DefinitionRef:
                        found.add(("b", node.name))
            return found

        for d in program.decisions:
            roots = [r.condition for r in d.rules] + [r.value for r in d.rules]
            if d.default is not None:
                roots.append(d.default.value)
            deps[("d", d.name)] = reads(r for r in roots if r is not None)
        for name, e in definitions.items():
            deps[("b", name)] = reads([e])
        self.deps = deps
        out, state, depth = [], {}, {}

        def visit(key, trail):
            if state.get(key) == "done":
                return depth[key]
            if state.get(key) == "busy" or len(trail) > MAX_CHAIN:
                raise Unsupported("a cycle or a too long chain")
            state[key] = "busy"
            if key not in deps:
                raise Unsupported(f"unknown reference {key!r}")
            d = 1 + max((visit(k, trail + (key,)) for k in sorted(deps[key])), default=0)
            state[key], depth[key] = "done", d
            out.append(key)
            return d

        for d in program.decisions:
            visit(("d", d.name), ())
        return out, definitions

    def function(self, header: list[str], sequence, definitions, facts) -> list[str]:
        """One generated function: load the facts, then compute `sequence` in order."""
        self.lines, self.indent = [], 1
        self.done, self.results, self.facts = {}, {}, {}
        # The tree's Context: it holds the case's budget of steps through lists, and evaluates
        # the nodes the generator leaves to the tree (sharing that budget).
        self.line("ctx = _Context(facts, date)")
        if _COUNTS_STEPS:
            # The tree may evaluate a rule's value twice (DecisionNode._decide, then _resolve), so
            # it can count up to twice the steps counted here: with a quarter of the budget, a
            # case the tree would stop is always handed back to it (and one it would not, mostly
            # kept here).
            self.line("ctx.steps //= 4")
        for k, name in enumerate(facts):
            local = self.facts[name] = f"f{k}"
            self.line(f"{local} = facts.get({name!r})")
            with self.block(f"if {local} is None:"):
                self.line(f"{local} = {self.const(X.Unknown(frozenset({name})))}")
        for kind, name in sequence:
            if kind == "b":
                self.begrip(name, definitions[name])
            else:
                self.decision(self.program.by_name[name], self.index[name])
        return header + self.lines

    def generate(self) -> Generated:
        program = self.program
        sequence, definitions = self.order()
        facts = sorted({n.name for n in _walk_all(program) if type(n) is X.FactRef})
        self.index = {d.name: k for k, d in enumerate(program.decisions)}
        main = self.function(["def evaluate(facts, date, open_):",
                              "    \"\"\"The decisions of one case, in declaration order; open_ gets the index of every",
                              "    decision that settling might decide.\"\"\""], sequence, definitions, facts)
        # Kleene logic may leave open what every value of the missing facts decides: the
        # caller settles those decisions (CompiledVersion.decide, as Version._settle does),
        # trying each combination with a function that computes only that decision.
        for d in program.decisions:
            repeated = program.repeated_facts.get(d.name)
            if repeated:
                r = self.results[d.name]
                with self.block(f"if {r}[0] is None and not {r}[3] and {r}[2] & {self.const(frozenset(repeated))}:"):
                    self.line(f"open_.append({self.index[d.name]})")
        main = main[:3] + self.lines
        main.append("    return [" + "".join(self.results[d.name] + ", " for d in program.decisions) + "]")
        settlers = {self.index[d.name]: f"settle_{self.index[d.name]}" for d in program.decisions
                    if program.repeated_facts.get(d.name)}
        header = ['"""Generated by interpreter.codegen from the evaluation tree of one regulation version;',
                  'do not edit: `grondslag compile RULES` prints it again."""',
                  "# regulation " + repr(program.model.info.id)]  # repr(): one line, whatever the id holds
        cits = sorted(self.citations.items(), key=lambda kv: kv[1])
        self.citation_list.extend(c for c, _ in cits)
        return Generated("\n".join(header), "\n".join(main), _SettleSources(self, sequence, definitions, facts),
                         self.namespace, tuple(d.name for d in program.decisions), tuple(c for c, _ in cits),
                         settlers)

    def settle_function(self, k: int, sequence, definitions, facts) -> list[str]:
        """The lines of settle_<k>: decision k alone, and what it reads, for settling it."""
        d = self.program.decisions[k]
        needed = self.cone(("d", d.name))
        fn = self.function([f"def settle_{k}(facts, date):", f"    # decision {d.name!r} alone, for settling it"],
                           [key for key in sequence if key in needed], definitions, facts)
        fn.append(f"    return {self.results[d.name]}")
        return fn

    def cone(self, key) -> set:
        """What a decision reads, transitively (itself included)."""
        found, stack = set(), [key]
        while stack:
            k = stack.pop()
            if k not in found:
                found.add(k)
                stack.extend(self.deps[k])
        return found


def _children(node):
    t = type(node)
    if t in (X.Const, X.FactRef, X.Peildatum, X.LocalRef, X.DecisionRef, X.DefinitionRef):
        return ()
    out = []
    for f in attrs.fields(t):
        v = getattr(node, f.name)
        if isinstance(v, X.Node):
            out.append(v)
        elif isinstance(v, tuple):
            out.extend(x for x in v if isinstance(x, X.Node))
    return out


def _walk(root):
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(_children(node))


def _walk_all(program):
    """Every node of every decision and begrip (begrippen reached through references)."""
    seen_defs = set()
    stack = []
    for d in program.decisions:
        for r in d.rules + ((d.default,) if d.default is not None else ()):
            stack.extend(x for x in (r.condition, r.value) if x is not None)
    while stack:
        node = stack.pop()
        yield node
        if type(node) is X.DefinitionRef and node.name not in seen_defs:
            seen_defs.add(node.name)
            stack.append(node.holder[0])
        stack.extend(_children(node))


def generate(program) -> Generated:
    """Generated source for one compiled version; raises Unsupported where the tree must decide."""
    try:
        return _Generator(program).generate()
    except RecursionError:
        raise Unsupported("nested too deeply") from None
