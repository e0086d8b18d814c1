"""The compiled engine: each regulation version as generated Python source.

The tree (interpreter.tree) stays the reference and gives derivations; this engine gives
the same decisions faster, for batch runs. `compiled(version)` is None where the
generator cannot translate the version exactly; `CompiledVersion.decide` returns None for
a case the tree must decide (settling open decisions, a runtime error to report).
"""

from __future__ import annotations

import threading

import attrs

from interpreter.api import settle_trials

from interpreter.codegen.generator import Generated, Unsupported, generate
from interpreter.decisions import Outcome

_EMPTY: frozenset = frozenset()
_CACHEABLE = (bool, type(None), str, int)
CACHE_LIMIT = 4096  # distinct outcomes kept per version

__all__ = ["CompiledVersion", "compiled", "source_of", "Unsupported"]


@attrs.frozen
class CompiledVersion:
    """A version's generated program, loaded, with what settling needs of its Version."""

    generated: Generated
    function: object = attrs.field(repr=False)
    settlers: dict = attrs.field(repr=False)  # decision index -> function computing it alone
    fact_types: dict = attrs.field(repr=False)
    citation_order: tuple = attrs.field(repr=False)  # citation index -> order of its provision
    sort_missing: object = attrs.field(repr=False)
    outcome_cache: dict = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def source(self) -> str:
        return self.generated.source

    def decide(self, facts: dict, date):
        """Per decision (declaration order): (value, citation indexes, missing, conflict indexes,
        error, default_used[, settled_over]); None when the tree must decide this case (a
        runtime error: the tree reports it with its own message)."""
        try:
            found: list = []
            out = self.function(facts, date, found)
            for k in found:
                settled = self._settle(out[k], k, facts, date)
                if settled is not None:
                    out[k] = settled
            return out
        except Exception:  # noqa: BLE001 - the tree raises the same error, with its message
            return None

    def _settle(self, out, k: int, facts: dict, date):
        """Version._settle, with the compiled program (decision k alone) for each trial."""
        names = sorted(out[2])
        alone = self.settlers[k]

        def trial(filled: dict):
            r = alone(filled, date)
            return r[0], r[1], r[3]  # value, citations, conflict

        found = settle_trials(names, self.fact_types, facts, trial)
        if found is None:
            return None
        value, citations = found
        order = self.citation_order
        citations.sort(key=lambda c: order[c])
        return (value, tuple(citations), _EMPTY, (), None, False, tuple(self.sort_missing(names)))

    def outcome(self, k: int, r) -> tuple:
        """Decision k as (name, tree Outcome), without the per-rule state a derivation needs."""
        table = self.generated.citations
        return self.generated.decisions[k], Outcome(r[0], tuple(table[c] for c in r[1]), r[2], None, None,
                                                    tuple(table[c] for c in r[3]), r[5], r[4],
                                                    r[6] if len(r) > 6 else ())

    def outcomes(self, decided) -> tuple:
        """The decisions as (name, tree Outcome) pairs. Outcomes are read-only, so one is kept per
        distinct outcome of a decision (value of a plain type, citations, missing, ...)."""
        cache = self.outcome_cache
        out = []
        for k, r in enumerate(decided):
            v = r[0]
            if type(v) in _CACHEABLE:
                key = (k, type(v), r)  # the type too: True == 1
                found = cache.get(key)
                if found is None:
                    found = self.outcome(k, r)
                    if len(cache) < CACHE_LIMIT:
                        cache[key] = found
                out.append(found)
            else:
                out.append(self.outcome(k, r))
        return tuple(out)


_cache: dict[int, tuple] = {}  # id(program) -> (program, CompiledVersion | None)
_lock = threading.Lock()


class _Settlers(dict):
    """decision index -> its settle function, generated and compiled when a case first needs it:
    settling is rare, and the settle functions are half of a program."""

    def __init__(self, generated: Generated, namespace: dict):
        super().__init__()
        self.generated, self.namespace = generated, namespace

    def __missing__(self, k: int):
        source = self.generated.settle_sources[k]
        for name, value in self.generated.namespace.items():  # the constants it added
            self.namespace.setdefault(name, value)
        _exec(source + "\n", self.namespace)
        return self.setdefault(k, self.namespace[f"settle_{k}"])


def _exec(source: str, namespace: dict) -> None:
    code = compile(source, "<grondslag compiled " + str(len(source)) + ">", "exec")
    exec(code, namespace)  # noqa: S102 - the source is the generator's, see generator.py


def load_generated(generated: Generated, version) -> CompiledVersion:
    """Compile the generator's own source (never text from a rule file) into a function."""
    namespace = dict(generated.namespace)
    _exec(generated.main_module, namespace)
    order = version.provision_order
    return CompiledVersion(generated, namespace["evaluate"], _Settlers(generated, namespace), version.fact_types,
                           tuple(order.get(c, len(order)) for c in generated.citations),
                           version.program.sort_missing)


def compiled(version) -> CompiledVersion | None:
    """The compiled program of a Version (made once), or None: the tree evaluates it."""
    program = version.program
    found = _cache.get(id(program))
    if found is not None and found[0] is program:
        return found[1]
    with _lock:
        try:
            result = load_generated(generate(program), version)
        except (Unsupported, RecursionError, SyntaxError, MemoryError):
            result = None
        _cache[id(program)] = (program, result)
        return result


def source_of(version) -> str:
    """The generated source of a version, for reading (`grondslag compile`)."""
    return generate(version.program).source
