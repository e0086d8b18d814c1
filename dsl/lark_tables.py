"""Our Lark parsers, loaded from parse tables generated from our own grammars.

Why: building the LALR tables from a grammar costs about 0.6 s, and Lark's own
``cache=True`` keeps them as a pickle in the shared temporary directory under a
name anyone can compute, so another user of the machine could put code there
that we would run. Instead ``python -m dsl.lark_tables`` writes the tables of
``grammar.lark`` and ``voorbeelden.lark`` once, at development time, as JSON
into ``dsl/*.tables.json`` (generated from our grammar, never from a rule file;
data only, so nothing loaded can run code, and read in a few ms where Python
keeps no bytecode). Each file records the SHA-256 of the grammar text and the
Lark version it was made with; when either differs, Lark alone builds the
parser from the grammar (slow but right) and ``tests/test_lark_tables.py``
fails, so a grammar change cannot silently run on old tables.

Why a lexer of our own: Lark's contextual lexer compiles one large regular
expression per parser state (about 60 states for the rules of one regulation,
1-2 ms each), which was most of a cold load. ``LazyContextualLexer`` makes a
state's lexer only when the parser first reaches that state, and matches the
state's terminals one by one in Lark's order until the state has lexed
``NATIVE_AFTER`` tokens; then it builds Lark's own scanner, so long-running
processes (the editor, the service) lex at full speed. First match in Lark's
order is exactly what Lark's alternation of named groups returns, and keywords
are found in a dict where Lark uses a second scanner, so the tokens are the
same (tested against Lark's own lexer).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from copy import copy
from pathlib import Path

import lark
import orjson
from lark import Lark, Token
from lark.lexer import BasicLexer, ContextualLexer, PatternRE, PatternStr, TerminalDef
from lark.grammar import NonTerminal, Rule, RuleOptions, Terminal
from lark.parsers.lalr_analysis import IntParseTable, Reduce, Shift
from lark.parsers.lalr_parser import LALR_Parser, _Parser
from lark.utils import SerializeMemoizer

HERE = Path(__file__).parent

# grammar file -> the file holding its generated tables (JSON: data only, read in a few ms without bytecode)
GRAMMARS = {"grammar.lark": "grammar.tables.json", "voorbeelden.lark": "voorbeelden.tables.json"}

# the options every parser of ours is built with (part of the tables: changing them means regenerating)
OPTIONS = {"parser": "lalr", "lexer": "contextual", "propagate_positions": True, "maybe_placeholders": True}

# tokens a state lexes by trying its terminals one by one before it builds Lark's compiled scanner
NATIVE_AFTER = 256


def digest(grammar_text: str) -> str:
    """What the tables were made from: the grammar text and the options."""
    return hashlib.sha256((grammar_text + repr(sorted(OPTIONS.items()))).encode("utf-8")).hexdigest()


def tables_path(grammar_name: str) -> Path:
    return HERE / GRAMMARS[grammar_name]


def read_tables(grammar_name: str) -> dict | None:
    """The stored tables of a grammar, or None when they are missing or were made from another grammar or Lark."""
    text = (HERE / grammar_name).read_text(encoding="utf-8")
    try:
        stored = orjson.loads(tables_path(grammar_name).read_bytes())  # a third faster than json for 130 KB
    except (OSError, ValueError):
        return None
    if stored.get("digest") != digest(text) or stored.get("lark_version") != lark.__version__:
        return None
    return stored


def load(grammar_name: str) -> Lark:
    """The parser of one of our grammars: from its generated tables, or built from the grammar when they are stale."""
    stored = read_tables(grammar_name)
    if stored is None:  # stale or missing (tests/test_lark_tables.py fails): Lark alone, as it comes
        return Lark((HERE / grammar_name).read_text(encoding="utf-8"), **OPTIONS)
    plugins = {"ContextualLexer": LazyContextualLexer, "LALR_Parser": _TablesParser}
    parser = Lark._load_from_dict(stored["data"], restore_memo(stored["memo"]), _plugins=plugins)
    literals = [t.pattern.value for t in parser.terminals if isinstance(t.pattern, PatternStr)]
    for regexp, whole in stored["whole_matches"].items():  # what the lexers would otherwise match to find out
        whole = set(whole)
        _EMBEDS.update(((regexp, lit), lit in whole) for lit in literals)
    return parser


def serialize(grammar_name: str) -> tuple[dict, dict]:
    """Lark's own serialization of the parser built from the grammar (what ``cache=True`` would pickle)."""
    parser = Lark((HERE / grammar_name).read_text(encoding="utf-8"), **OPTIONS)
    return parser.memo_serialize([TerminalDef, Rule])


def compact_table(table: dict) -> dict:
    """Lark's serialized parse table as lists of integers: per state [token, action, token, action, ...].

    An action is 2 * state for a shift and 2 * rule + 1 for a reduce (rule: its number in the memo).
    """
    states = table["states"]
    assert sorted(states) == list(range(len(states))), "Lark's states are not numbered 0..n-1"
    rows = []
    for state in range(len(states)):
        row = []
        for token, (action, arg) in states[state].items():
            row += [token, 2 * arg["@"] + 1 if action == 1 else 2 * arg]
        rows.append(row)
    tokens = [table["tokens"][i] for i in range(len(table["tokens"]))]
    return {"__type__": "CompactParseTable", "tokens": tokens, "rows": rows,
            "start_states": table["start_states"], "end_states": table["end_states"]}


def compact_rule(rule: dict) -> list:
    """A rule of Lark's memo as a short list: origin, expansion (a terminal as [name, filter_out]), order, alias,
    options; `rule_dict` gives Lark's form back (checked when the tables are written, and in the tests)."""
    o = rule["options"]
    expansion = [[x["name"], x["filter_out"]] if x["__type__"] == "Terminal" else x["name"] for x in rule["expansion"]]
    return ["Rule", rule["origin"]["name"], expansion, rule["order"], rule["alias"],
            [o["keep_all_tokens"], o["expand1"], o["priority"], o["template_source"], o["empty_indices"]]]


def rule_dict(entry: list) -> dict:
    """Lark's serialized form of a compact rule."""
    _, origin, expansion, order, alias, (keep, expand1, priority, template, empty) = entry
    return {"origin": {"name": origin, "__type__": "NonTerminal"},
            "expansion": [{"name": x[0], "filter_out": x[1], "__type__": "Terminal"} if isinstance(x, list)
                          else {"name": x, "__type__": "NonTerminal"} for x in expansion],
            "order": order, "alias": alias,
            "options": {"keep_all_tokens": keep, "expand1": expand1, "priority": priority,
                        "template_source": template, "empty_indices": tuple(empty), "__type__": "RuleOptions"},
            "__type__": "Rule"}


def restore_memo(memo: dict) -> dict:
    """Lark's memo (number -> rule or terminal) from the tables file; rules are made directly, as Lark would."""
    restored = {}
    for k, v in memo.items():
        if isinstance(v, list):
            _, origin, expansion, order, alias, (keep, expand1, priority, template, empty) = v
            symbols = [Terminal(x[0], x[1]) if isinstance(x, list) else NonTerminal(x) for x in expansion]
            v = Rule(NonTerminal(origin), symbols, order, alias,
                     RuleOptions(keep, expand1, priority, template, tuple(empty)))
        restored[int(k)] = v  # a terminal stays Lark's dict; Lark makes it (and passes the rules through)
    return restored


class _States(dict):
    """The parse table's states, each turned into Lark's form when the parser first reaches it."""

    def __init__(self, table: dict, memo: dict):
        super().__init__()
        self.tokens = table["tokens"]
        self.rows = table["rows"]
        self.memo = memo

    def __missing__(self, state):
        row, tokens, memo = self.rows[state], self.tokens, self.memo
        actions = {tokens[row[i]]: (Reduce, memo[code >> 1]) if code & 1 else (Shift, code >> 1)
                   for i, code in zip(range(0, len(row), 2), row[1::2])}
        self[state] = actions
        return actions

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(range(len(self.rows)))

    def keys(self):
        return range(len(self.rows))

    def items(self):  # what Lark's contextual lexer asks of every state: the terminals it accepts (the keys)
        name = self.tokens.__getitem__
        return [(state, dict.fromkeys(map(name, row[0::2]))) for state, row in enumerate(self.rows)]

    def values(self):
        return [self[state] for state in range(len(self.rows))]


class _TablesParser(LALR_Parser):
    """Lark's LALR parser over the compact table of the tables file."""

    @classmethod
    def deserialize(cls, data, memo, callbacks, debug=False):
        inst = cls.__new__(cls)
        inst._parse_table = IntParseTable(_States(data, memo), data["start_states"], data["end_states"])
        inst.parser = _Parser(inst._parse_table, callbacks, debug)
        return inst


def source(grammar_name: str) -> str:
    """The text of the tables file of one grammar."""
    return encode(grammar_name, *serialize(grammar_name))


def whole_matches(memo: dict) -> dict[str, list[str]]:
    """Per regexp terminal (as its regexp), the keywords it matches whole: a keyword, not a name, in a state
    that accepts the keyword (Lark's `_create_unless` tests this by matching, in every state)."""
    terminals = [t for t in SerializeMemoizer.deserialize(memo, {"Rule": Rule, "TerminalDef": TerminalDef}, {}).values()
                 if isinstance(t, TerminalDef)]
    literals = [t.pattern.value for t in terminals if isinstance(t.pattern, PatternStr)]
    found = {}
    for t in terminals:
        if isinstance(t.pattern, PatternRE):
            regexp = t.pattern.to_regexp()
            found[regexp] = [lit for lit in literals if (m := re.match(regexp, lit)) and m.group(0) == lit]
    return found


def encode(grammar_name: str, data: dict, memo: dict) -> str:
    """The tables file: Lark's serialization with the parse table compact, one state and one rule a line."""
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    table = compact_table(data["parser"]["parser"])
    shell = {**data, "parser": {**data["parser"], "parser": {**table, "rows": "@ROWS@"}}}
    rows = ",\n".join(dump(row) for row in table["rows"])
    compact = {k: compact_rule(v) if v["__type__"] == "Rule" else v for k, v in memo.items()}
    for k, v in compact.items():  # the short form must say all Lark's says
        if isinstance(v, list) and rule_dict(v) != memo[k]:
            raise SystemExit(f"lark_tables: rule {k} does not fit the compact form: {memo[k]!r}")
    memo_lines = ",\n".join(f"{dump(str(k))}:{dump(v)}" for k, v in compact.items())
    text = (HERE / grammar_name).read_text(encoding="utf-8")
    return ('{"generated_by":"python -m dsl.lark_tables","grammar":' + dump(grammar_name)
            + ',"digest":' + dump(digest(text)) + ',"lark_version":' + dump(lark.__version__)
            + ',\n"whole_matches":' + dump(whole_matches(memo))
            + ',\n"data":' + dump(shell).replace('"@ROWS@"', "[\n" + rows + "\n]")
            + ',\n"memo":{\n' + memo_lines + "\n}}\n")


# ---------------------------------------------------------------- the lexer


class _LazyLexers(dict):
    """parser state -> its lexer, made on first use; states that accept the same terminals share one."""

    def __init__(self, owner: LazyContextualLexer):
        super().__init__()
        self.owner = owner

    def __missing__(self, state):
        lexer = self[state] = self.owner._lexer_for(state)
        return lexer


class LazyContextualLexer(ContextualLexer):
    """Lark's ContextualLexer, with each state's lexer made when the parser first reaches that state."""

    def __init__(self, conf, states, always_accept=()) -> None:  # noqa: D107 - no super(): it builds every state
        self._conf = conf
        self._states = states
        self._always_accept = tuple(always_accept)
        self._by_accepts: dict[frozenset, BasicLexer] = {}
        self._root = None
        self.lexers = _LazyLexers(self)

    def _lexer_for(self, state) -> BasicLexer:
        key = frozenset(self._states[state])
        lexer = self._by_accepts.get(key)
        if lexer is None:
            conf = self._conf
            accepts = set(key) | set(conf.ignore) | set(self._always_accept)
            lexer_conf = copy(conf)
            lexer_conf.terminals = [conf.terminals_by_name[n] for n in accepts if n in conf.terminals_by_name]
            lexer_conf.skip_validation = True
            lexer = self._by_accepts[key] = _StepLexer(lexer_conf)
        return lexer

    @property
    def root_lexer(self) -> BasicLexer:  # only for the message of a lexing error
        if self._root is None:
            conf = copy(self._conf)
            conf.terminals = list(self._conf.terminals)
            conf.skip_validation = True
            self._root = BasicLexer(conf)
        return self._root


class _StepLexer(BasicLexer):
    """A state's lexer: terminals tried one by one in Lark's order until NATIVE_AFTER tokens, then Lark's scanner."""

    def _build_scanner(self):
        if self.use_bytes or self.g_regex_flags or self.user_callbacks or self.re is not re:
            return super()._build_scanner()  # not what our grammars use: leave it all to Lark
        if any(isinstance(t.pattern, PatternStr) and t.pattern.flags for t in self.terminals):
            return super()._build_scanner()
        scanner = _StepScanner(self)
        self.callback = scanner.callbacks
        return scanner

    def _go_native(self):
        self._scanner = super()._build_scanner()


_RE_CACHE: dict[str, object] = {}


def _compiled(regexp: str):
    pattern = _RE_CACHE.get(regexp)
    if pattern is None:
        pattern = _RE_CACHE[regexp] = re.compile(regexp)
    return pattern


_EMBEDS: dict[tuple[str, str], bool] = {}


def _embeds(retok: TerminalDef, strtok: TerminalDef) -> bool:
    """Does the keyword match the whole of the regexp terminal's text (Lark's test in _create_unless)?"""
    key = (retok.pattern.to_regexp(), strtok.pattern.value)
    found = _EMBEDS.get(key)
    if found is None:
        m = _compiled(key[0]).match(key[1])
        found = _EMBEDS[key] = bool(m) and m.group(0) == key[1]
    return found


class _Keywords:
    """Lark's UnlessCallback for a name-like terminal, with a dict where Lark compiles a scanner."""

    def __init__(self, words: dict[str, str]):
        self.words = words

    def __call__(self, t: Token) -> Token:
        name = self.words.get(t.value)
        if name is not None:
            t.type = name
        return t


class _StepScanner:
    """Matches at a position the first of the state's terminals, in Lark's order, that matches there."""

    def __init__(self, lexer: _StepLexer):
        self.lexer = lexer
        terminals = lexer.terminals  # sorted by Lark: priority, width, length, name
        by_regexp = [t for t in terminals if isinstance(t.pattern, PatternRE)]
        by_string = [t for t in terminals if isinstance(t.pattern, PatternStr)]
        embedded = set()
        self.callbacks = {}
        for retok in by_regexp:  # as lark.lexer._create_unless, keyword by keyword in Lark's order
            words: dict[str, str] = {}
            for strtok in by_string:
                if strtok.priority == retok.priority and _embeds(retok, strtok):
                    words.setdefault(strtok.pattern.value, strtok.name)
                    if strtok.pattern.flags <= retok.pattern.flags:
                        embedded.add(strtok.name)
            if words:
                self.callbacks[retok.name] = _Keywords(words)
        self.steps = []
        for t in terminals:
            if t.name in embedded:
                continue
            if isinstance(t.pattern, PatternStr):
                self.steps.append((t.name, t.pattern.value, None))
            else:
                self.steps.append((t.name, None, _compiled(t.pattern.to_regexp())))
        self.allowed_types = {name for name, _, _ in self.steps}  # as Lark's: without the keywords in a name
        self.uses = 0

    def match(self, text, pos):
        self.uses += 1
        if self.uses > NATIVE_AFTER:
            self.lexer._go_native()  # from the next token on, Lark's scanner (and its callbacks) for this state
        source, end = text.text, text.end
        for name, literal, pattern in self.steps:
            if pattern is None:
                if source.startswith(literal, pos, end):
                    return literal, name
            else:
                m = pattern.match(source, pos, end)
                if m:
                    return m.group(0), name
        return None


def stale() -> list[str]:
    """The grammars whose tables are missing or were made from another grammar text or Lark version."""
    return [name for name in GRAMMARS if read_tables(name) is None]


def main(argv: list[str] | None = None) -> int:
    """`python -m dsl.lark_tables` writes the tables of every grammar; with --check it only says which are stale."""
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        names = stale()
        print(f"stale: {', '.join(names)} (run: python -m dsl.lark_tables)" if names else "up to date")
        return 1 if names else 0
    for name in GRAMMARS:  # Lark numbers its tables differently from run to run: the file changes, the parser not
        tables_path(name).write_text(source(name), encoding="utf-8")
        print(f"written: dsl/{tables_path(name).name} from dsl/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
