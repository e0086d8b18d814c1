"""Batch lines: one JSON case in, one JSON result line out, fast and byte-identical.

`reference_line` (interpreter.jsonlines.evaluate_line) is the definition: parse with the
standard library (exact Decimal, the duplicate-key check), Regulation.evaluate,
Result.to_json. `FastLines` gives the same bytes faster: orjson decodes the line, a
converter made per version checks the facts, the compiled program decides, and the line
is joined from pieces encoded once, as UTF-8 bytes (per version the parts around the
decisions, per decision a fragment per distinct outcome): most of a line is never
encoded again, only copied. Wherever the fast path is not sure to agree (a
float, a duplicate key, any input error, a case the compiled program leaves to the tree,
derivations asked for), it hands the line to reference_line, so error messages are the
reference's too. tests/test_codegen_parity.py holds the bytes to those of the tree.

A line is returned as bytes (jsonlines.line_bytes of the reference's text): the bytes are what
the batch writes, and what the fast path is held to.
"""

from __future__ import annotations

import datetime as dt
import re

import orjson

from interpreter.case import _DATE, CaseError, convert
from interpreter.codegen import _CACHEABLE, CACHE_LIMIT, compiled  # fragments are kept as outcomes are
from interpreter.jsonlines import evaluate_line as reference_line  # the definition of a batch line
from interpreter.jsonlines import line_bytes
from interpreter.result import Result, _outcome_dict, dumps

_KEYS = re.compile(rb'"\s*:')  # the end of every object key (and of a string holding '":', rarely)


def _count_keys(value) -> int:
    """Keys in every object of a decoded value: compared with the keys in the text, it shows a
    duplicate key (which orjson, unlike the reference, lets pass)."""
    if type(value) is dict:
        return len(value) + sum(_count_keys(v) for v in value.values() if type(v) in (dict, list))
    if type(value) is list:
        return sum(_count_keys(v) for v in value if type(v) in (dict, list))
    return 0


class _Converter:
    """read_facts for one version, with yes/no, choices and dates checked inline (as convert checks
    them, where the type has no bounds); None for any problem: read_facts then reports it."""

    def __init__(self, fact_types: dict):
        plain = {name: t for name, t in fact_types.items()
                 if getattr(t, "minimum", None) is None and getattr(t, "maximum", None) is None}
        self.kinds = {name: (t.kind if name in plain else "") for name, t in fact_types.items()}
        self.types = fact_types
        self.options = {name: frozenset(t.options) for name, t in fact_types.items() if t.kind == "keuze"}
        # lists of records whose fields are all plain yes/no or dates: read inline (as convert reads them)
        self.records = {name: dict(t.fields) for name, t in fact_types.items()
                        if name in plain and t.kind == "lijst"
                        and all(ft.kind in ("ja/nee", "datum") and ft.minimum is None and ft.maximum is None
                                for _, ft in t.fields)}

    def __call__(self, data: dict, version=None):
        kinds, options = self.kinds, self.options
        facts = {}
        for key, value in data.items():
            if key == "peildatum":
                continue
            kind = kinds.get(key)
            if kind is None:
                return None
            if value is None:
                continue
            t = type(value)
            if kind == "ja/nee" and t is bool:
                facts[key] = value
            elif kind == "keuze" and t is str and value in options[key]:
                facts[key] = value
            elif kind == "datum" and t is str and _DATE.fullmatch(value):  # as case.parse_date
                try:
                    facts[key] = dt.date.fromisoformat(value)
                except ValueError:
                    return None
            elif t is list and key in self.records:
                records = _records(value, self.records[key])
                if records is None:
                    return None
                facts[key] = records
            else:
                try:
                    facts[key] = convert(value, self.types[key], key)
                except CaseError:
                    return None
        return facts


def _records(items: list, fields: dict):
    """A list of records of yes/no and date fields, as convert reads it; None for anything else
    (convert then names the problem)."""
    out = []
    for item in items:
        if type(item) is not dict:
            return None
        rec = {}
        for key, value in item.items():
            ft = fields.get(key)
            if ft is None:
                return None
            if value is None:
                continue
            if ft.kind == "ja/nee":
                if type(value) is not bool:
                    return None
                rec[key] = value
            elif type(value) is str and _DATE.fullmatch(value):
                try:
                    rec[key] = dt.date.fromisoformat(value)
                except ValueError:
                    return None
            else:
                return None
        out.append(rec)
    return out


class _Encoder:
    """The JSON line of one version's results, from pieces encoded once."""

    def __init__(self, version, program):
        self.program = program
        self.missing_facts = program.missing_facts
        template = Result(version.info, dt.date(2000, 1, 1), version.provenance, {}, outcomes=(),
                          state=(program.model, None, program)).to_dict()
        if list(template)[:2] != ["regulation", "date"] or "decisions" not in template:
            raise ValueError("unexpected result layout")  # pragma: no cover
        template["date"], template["decisions"] = "\0date\0", "\0decisions\0"
        text = dumps(template, indent=None)
        head, rest = text.split(dumps("\0date\0", indent=None))
        middle, tail = rest.split(dumps("\0decisions\0", indent=None))
        self.head, self.middle, self.tail = line_bytes(head + '"'), line_bytes('"' + middle + "{"), line_bytes("}" + tail)
        self.cache: dict = {}
        self.dates: dict = {}

    def line(self, date: dt.date, compiled_version, decided) -> bytes:
        parts = []
        cache = self.cache
        for k, r in enumerate(decided):
            v = r[0]
            key = None
            if type(v) in _CACHEABLE:
                key = (k, type(v), r)  # the type too: True == 1, but they are written differently
                frag = cache.get(key)
                if frag is not None:
                    parts.append(frag)
                    continue
            name, out = compiled_version.outcome(k, r)
            # '"name": {...}': the decision as Result.to_json writes it inside "decisions"
            frag = line_bytes(dumps({name: _outcome_dict(out, self.missing_facts)}, indent=None)[1:-1])
            if key is not None and len(cache) < CACHE_LIMIT:
                cache[key] = frag
            parts.append(frag)
        day = self.dates.get(date)
        if day is None:
            day = date.isoformat().encode()
            if len(self.dates) < CACHE_LIMIT:
                self.dates[date] = day
        return b"".join((self.head, day, self.middle, b", ".join(parts), self.tail))


class FastLines:
    """Batch lines for one regulation: the fast path where it is sure to agree, else the reference."""

    def __init__(self, regulation, date, derivation: bool):
        self.regulation, self.date, self.derivation = regulation, date, derivation
        self.versions: dict = {}  # id(version) -> (compiled, converter, encoder) or None
        self.checked = False  # whether a fast line has been compared with the reference

    def _prepared(self, version):
        found = self.versions.get(id(version), False)
        if found is False:
            program = compiled(version)
            found = None
            if program is not None:
                try:
                    found = (program, _Converter(version.fact_types), _Encoder(version, version.program))
                except (ValueError, TypeError):  # pragma: no cover - a result layout not foreseen
                    found = None
            self.versions[id(version)] = found
        return found

    def _read(self, data: dict, version):
        prepared = self._prepared(version)
        return prepared[1](data) if prepared is not None else None

    def line(self, n: int, raw: bytes) -> tuple[bool, bytes]:
        """(ok, the line to write, as bytes)."""
        if not self.derivation:
            try:
                text = self._fast(raw)
            except Exception:  # noqa: BLE001 - the reference reports whatever it is
                text = None
            if text is not None:
                if self.checked:
                    return True, text
                # The first line the fast path writes is checked against the reference: should
                # the result layout ever change in a way the encoder does not follow, the run
                # keeps the reference's bytes instead of writing different ones.
                ok, reference = reference_line(self.regulation, n, raw, self.date, self.derivation)
                reference = line_bytes(reference)
                if ok and reference == text:
                    self.checked = True
                else:
                    self.versions = _Disabled()
                return ok, reference
        ok, text = reference_line(self.regulation, n, raw, self.date, self.derivation)
        return ok, line_bytes(text)

    def _fast(self, raw: bytes) -> bytes | None:
        data = orjson.loads(raw)
        if type(data) is not dict or _count_keys(data) != len(_KEYS.findall(raw)):
            return None
        try:  # every check of case input, as Regulation.evaluate makes them
            version, facts, when = self.regulation.prepare(data, self.date, self._read)
        except CaseError:
            return None
        prepared = self._prepared(version)
        if prepared is None:
            return None
        program, _, encoder = prepared
        decided = program.decide(facts, when)
        if decided is None:
            return None
        return encoder.line(when, program, decided)


class _Disabled(dict):
    """The versions of a FastLines whose check failed: none has a fast path."""

    def get(self, key, default=None):
        return None
