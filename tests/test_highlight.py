"""Syntax highlighting: the Pygments lexer (via its entry point) and the TextMate grammar."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Operator, Punctuation, String

from dsl.highlight import RulesLexer, textmate_grammar
from dsl.parser import KEYWORDS

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted((ROOT / "rules").rglob("*.rules")) + sorted((ROOT / "tests" / "fixtures").rglob("*.rules"))
TM_FILE = ROOT / "editors" / "vscode" / "syntaxes" / "rules.tmLanguage.json"

SAMPLE = '''\
regeling proef-regeling  # kop
  geldig vanaf 2004-11-01
feit inkomen: bedrag per maand "Het inkomen."
artikel 4a "Aanspraak"
  lid 1
    tekst """Wie hier woont,
             heeft aanspraak."""
    niet uitvoerbaar "een \\"bevoegdheid\\""
    uitzondering op artikel 4 lid 1 onder a:
      recht is onwaar
        als inkomen > € 2.500,- en leeftijd(geboortedatum) >= 27 of niet ja_of_nee = 1,5
'''


def tokens(text: str) -> list[tuple[object, str]]:
    return [(t, v) for t, v in RulesLexer().get_tokens(text) if v.strip()]


def test_sample_tokens():
    toks = tokens(SAMPLE)
    expected = [
        (Keyword.Namespace, "regeling"), (Name.Namespace, "proef-regeling"), (Comment.Single, "# kop"),
        (Keyword, "geldig"), (Keyword, "vanaf"), (Literal.Date, "2004-11-01"),
        (Keyword.Declaration, "feit"), (Name.Variable, "inkomen"), (Punctuation, ":"), (Keyword.Type, "bedrag"),
        (Keyword, "per"), (Keyword.Type, "maand"), (String.Double, '"'), (String.Double, "Het inkomen."),
        (String.Double, '"'),
        (Keyword.Namespace, "artikel"), (Name.Label, "4a"),
    ]
    assert toks[: len(expected)] == expected
    assert (String.Doc, "Wie hier woont,\n             heeft aanspraak.") in toks
    assert (String.Escape, '\\"') in toks
    assert (Keyword, "niet") in toks and (Keyword, "uitvoerbaar") in toks
    assert (Number.Money, "€ 2.500,-") in toks
    assert (Number.Float, "1,5") in toks
    assert (Number.Integer, "27") in toks
    assert (Name.Builtin, "leeftijd") in toks
    assert (Name, "ja_of_nee") in toks  # a name that starts with a keyword stays a name
    for word in ("en", "of", "niet", "is"):
        assert (Operator.Word, word) in toks
    assert (Operator, ">=") in toks
    assert (Keyword.Constant, "onwaar") in toks
    assert (Name.Label, "a") in toks  # onder a


def test_every_keyword_of_the_parser_is_highlighted_as_a_keyword():
    for word in KEYWORDS:
        (tok, value), = tokens(f"{word}\n")
        assert value == word
        assert tok in Keyword or tok in Operator.Word, word


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_error_tokens_in_real_files(path):
    text = path.read_text(encoding="utf-8")
    toks = list(RulesLexer().get_tokens(text))
    assert [v for t, v in toks if t in Error] == []
    assert "".join(v for _, v in toks) == text if text.endswith("\n") else text + "\n"


def test_lexer_is_registered_for_pygments():
    assert isinstance(get_lexer_by_name("rules"), RulesLexer)
    assert isinstance(get_lexer_for_filename("artikel-04.rules"), RulesLexer)


PYGMENTIZE = Path(sys.executable).parent / "pygmentize"  # the one installed next to grondslag


@pytest.mark.skipif(not PYGMENTIZE.exists(), reason="pygmentize not installed next to this Python")
def test_pygmentize_command():
    exe = str(PYGMENTIZE)
    f = ROOT / "rules" / "schinnen" / "2004" / "artikel-04.rules"
    out = subprocess.run([exe, "-l", "rules", "-f", "html", str(f)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert '<span class="k">tekst</span>' in out.stdout
    assert 'class="err"' not in out.stdout


# ----------------------------------------------------------------- TextMate


def test_textmate_file_is_valid_json_and_up_to_date():
    grammar = json.loads(TM_FILE.read_text(encoding="utf-8"))
    assert grammar == textmate_grammar(), "run: python -m dsl.highlight > editors/vscode/syntaxes/rules.tmLanguage.json"
    assert grammar["scopeName"] == "source.rules"
    for inc in grammar["patterns"]:
        assert inc["include"][1:] in grammar["repository"]
    for rule in grammar["repository"].values():
        for key in ("match", "begin", "end"):
            if key in rule:
                re.compile(rule[key])


def test_vscode_package_points_at_the_grammar():
    pkg = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    (grammar,) = pkg["contributes"]["grammars"]
    assert (ROOT / "editors" / "vscode" / grammar["path"]).exists()
    assert grammar["scopeName"] == "source.rules"
    assert ".rules" in pkg["contributes"]["languages"][0]["extensions"]
    json.loads((ROOT / "editors" / "vscode" / "language-configuration.json").read_text(encoding="utf-8"))
    main = ROOT / "editors" / "vscode" / pkg["main"]
    assert "'lsp'" in main.read_text(encoding="utf-8")
    if shutil.which("node"):
        check = subprocess.run(["node", "--check", str(main)], capture_output=True, text=True, timeout=60)
        assert check.returncode == 0, check.stderr


def _textmate_scopes(grammar: dict, text: str) -> list[tuple[str, str]]:
    """A small TextMate engine: the leftmost match wins, ties go to the earlier pattern (the end
    pattern first inside a begin/end rule); a begin/end rule spans lines and has its own patterns."""
    repo = grammar["repository"]
    top = [repo[p["include"][1:]] for p in grammar["patterns"]]
    out, inside = [], None
    for line in text.split("\n"):
        pos = 0
        while pos < len(line):
            if inside is not None:
                candidates = [{"name": inside["name"], "match": inside["end"], "end_of": inside}]
                candidates += inside.get("patterns", [])
            else:
                candidates = top
            best = None
            for rule in candidates:
                m = re.compile(rule.get("match") or rule["begin"]).search(line, pos)
                if m and (m.end() > m.start() or "end_of" in rule) and (best is None or m.start() < best[1].start()):
                    best = (rule, m)
            if best is None:
                if inside is not None:
                    out.append((inside["name"], line[pos:]))
                break
            rule, m = best
            if inside is not None and m.start() > pos:
                out.append((inside["name"], line[pos:m.start()]))
            if "end_of" in rule:
                inside = None
            elif "begin" in rule:
                inside = rule
            if "captures" in rule:
                for n, cap in rule["captures"].items():
                    if m.group(int(n)):
                        out.append((cap["name"], m.group(int(n))))
            elif m.group(0):
                out.append((rule["name"], m.group(0)))
            pos = m.end()
    return out


TOKENIZE_JS = ROOT / "editors" / "vscode" / "tools" / "tokenize.js"


def _vscode_scopes(text: str, tmp_path: Path) -> list[tuple[str, str]] | None:
    """The scopes VS Code's own engine gives, if node can find vscode-textmate (NODE_PATH)."""
    node = shutil.which("node")
    if node is None:
        return None
    probe = subprocess.run([node, "-e", "require.resolve('vscode-textmate'); require.resolve('vscode-oniguruma')"],
                           capture_output=True, timeout=60)
    if probe.returncode != 0:
        return None
    sample = tmp_path / "sample.rules"
    sample.write_text(text, encoding="utf-8")
    out = subprocess.run([node, str(TOKENIZE_JS), str(TM_FILE), str(sample)], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return [(s.split(" ")[-1], v) for s, v in json.loads(out.stdout)]  # the innermost scope


@pytest.mark.parametrize("engine", ["python", "vscode"])
def test_textmate_scopes_of_the_sample(engine, tmp_path):
    if engine == "python":
        scopes = _textmate_scopes(textmate_grammar(), SAMPLE)
    else:
        scopes = _vscode_scopes(SAMPLE, tmp_path)
        if scopes is None:
            pytest.skip("node with vscode-textmate and vscode-oniguruma on NODE_PATH is not available")
    for pair in [
        ("keyword.other.provision.rules", "regeling"), ("entity.name.namespace.rules", "proef-regeling"),
        ("comment.line.number-sign.rules", "# kop"), ("constant.numeric.date.rules", "2004-11-01"),
        ("storage.type.declaration.rules", "feit"), ("variable.other.declaration.rules", "inkomen"),
        ("support.type.rules", "bedrag"), ("keyword.other.provision.rules", "artikel"),
        ("entity.name.section.rules", "4a"), ("string.quoted.triple.rules", "Wie hier woont,"),
        ("string.quoted.triple.rules", "             heeft aanspraak."), ("keyword.other.rules", "niet uitvoerbaar"),
        ("constant.character.escape.rules", '\\"'), ("string.quoted.double.rules", "bevoegdheid"),
        ("constant.numeric.money.rules", "€ 2.500,-"), ("keyword.operator.word.rules", "en"),
        ("support.function.builtin.rules", "leeftijd"), ("keyword.operator.rules", ">="),
        ("constant.numeric.rules", "1,5"), ("variable.other.rules", "ja_of_nee"),
        ("constant.language.rules", "onwaar"), ("keyword.other.rules", "uitzondering"),
    ]:
        assert pair in scopes, pair
