"""Issue 14: every message a person reads from the tools goes through the catalogue.

A message written as a plain string where a diagnostic, a case-input error or a
command-line error is made would stay English under GRONDSLAG_LANG=nl; the scan below
finds such strings. Case-input errors keep their message id and values, so that the
Dutch reports (the diff report) quote them in Dutch whatever the tool language.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from dsl.i18n import LOCALE_DIR, msg, speaking
from interpreter.case import CaseError, convert, read_facts
from interpreter.cli.app import main
from dsl.types import Type

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen"
POT = LOCALE_DIR / "grondslag.pot"
PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "grondslag.po"

# The modules whose messages people read: diagnostics, case input, the command line, the drafting tools.
MODULES = [
    "dsl/checker.py", "dsl/expression_types.py", "dsl/overlap.py", "dsl/lint.py", "dsl/references.py",
    "dsl/limits.py", "dsl/parser.py", "dsl/to_syntax.py", "dsl/syntax_errors.py", "dsl/diagnostics.py",
    "dsl/loader.py", "dsl/sourcefile.py",
    "dsl/examples.py", "dsl/formatter.py",
    "interpreter/case.py", "interpreter/casefile.py", "interpreter/inputlimits.py", "interpreter/impossible.py",
    "interpreter/jsonlines.py", "interpreter/subjects.py", "interpreter/api.py", "interpreter/tree.py", "interpreter/decisions.py",
    "interpreter/fileio.py", "interpreter/batch.py", "interpreter/drafting/runner.py", "interpreter/drafting/report.py", "interpreter/drafting/update.py",
    "interpreter/drafting/coverage.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "interpreter/cli").glob("*.py")),
    # the web service, the language server and the columnar engine speak the tool language too
    "interpreter/service/app.py", "interpreter/service/problems.py", "interpreter/service/catalog.py",
    "interpreter/editor/lsp.py", "interpreter/editor/guard.py", "interpreter/editor/completion.py",
    "interpreter/columnar/batch.py", "interpreter/columnar/reading.py", "interpreter/columnar/outcomes.py",
]
CLI = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "interpreter/cli").glob("*.py"))
# Where a message is made, and which arguments are messages (positions; 'hint' by keyword).
MESSAGE_CALLS = {
    "error": (0, 2), "warning": (0, 2), "err": (0, 2), "warn": (0, 2), "Diagnostic": (1, 3),
    "CaseError": (0,), "NoPeildatum": (0,), "NotInForce": (0,), "SeveralSubjects": (0,), "EvaluationError": (0,),
    "WriteError": (0,), "BatchAborted": (0,), "_Bad": (0, 2), "fail": (0,), "_error": (0,), "UsageError": (0,),
    "Problem": (2,), "error_line": (1,), "InputError": (0,), "CatalogError": (0,), "_log": (0,),
    "JsonRpcInvalidParams": (),
}
WORDS = re.compile(r"[A-Za-z]{3,}")


def _name(func) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _plain_text(node) -> str | None:
    """The words of a string literal or f-string written in place of a catalogue call, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    elif isinstance(node, ast.BinOp):  # "..." + x: either side may be a plain string
        return _plain_text(node.left) or _plain_text(node.right)
    elif isinstance(node, ast.IfExp):
        return _plain_text(node.body) or _plain_text(node.orelse)
    else:
        return None
    return text if WORDS.search(re.sub(r"--[\w-]+", "", text)) else None  # an option name is not a word


def unrouted(source: str, path: str = "<source>") -> tuple[list[str], int]:
    """(message arguments written as plain strings, number of message calls seen) in Python source."""
    found, calls = [], 0
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node.func) not in MESSAGE_CALLS:
            continue
        calls += 1
        args = [node.args[i] for i in MESSAGE_CALLS[_name(node.func)] if i < len(node.args)]
        args += [k.value for k in node.keywords if k.arg in ("hint", "message")]
        for arg in args:
            text = _plain_text(arg)
            if text is not None:
                found.append(f"{path}:{arg.lineno}: {text[:70]!r}")
    return found, calls


def test_the_scan_finds_a_message_that_bypasses_the_catalogue():
    bad = 'def f(x):\n    raise CaseError(f"{x}: expected a text", x)\n    self.err("no such name", s, "write it")\n'
    good = 'def f(x):\n    raise CaseError(msg("{x}: expected a text", x=x), x)\n    self.err(tr("no such name"), s)\n'
    assert len(unrouted(bad)[0]) == 3
    assert unrouted(good) == ([], 2)


def unrouted_help(source: str, path: str = "<source>") -> tuple[list[str], int]:
    """(help texts of click commands and options not marked N_(), number of help texts seen).

    A help text is translated when click reads it (interpreter/cli/common.py), so it is given as
    help=N_("...") on a Command or Option of that module: a plain string, or a command whose help is
    its docstring, would stay English under GRONDSLAG_LANG=nl."""
    found, seen = [], 0
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in ("option", "command", "group"):
            for k in node.keywords:
                if k.arg == "help":
                    seen += 1
                    if not (isinstance(k.value, ast.Call) and _name(k.value.func) == "N_"):
                        found.append(f"{path}:{k.value.lineno}: help={ast.unparse(k.value)[:60]}")
            if _name(node.func) == "option" and not any(k.arg == "cls" for k in node.keywords) \
                    and isinstance(node.func, ast.Attribute):  # click.option(...): its help is never translated
                found.append(f"{path}:{node.lineno}: click.option(...) instead of option(...)")
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                if isinstance(d, ast.Call) and _name(d.func) in ("command", "group") \
                        and not any(k.arg == "help" for k in d.keywords):
                    found.append(f"{path}:{d.lineno}: the help of {node.name} is its docstring, not help=N_(...)")
    return found, seen


def test_the_scan_finds_help_that_bypasses_the_catalogue():
    bad = ('@click.command()\n@click.option("--x", help="an x")\ndef f(x):\n    """Do f."""\n\n'
           '@command(help=N_("Do g."))\n@option("--y", help="a y")\ndef g(y):\n    pass\n')
    good = '@command(help=N_("Do g."))\n@option("--y", help=N_("a y"))\ndef g(y):\n    pass\n'
    assert len(unrouted_help(bad)[0]) == 4
    assert unrouted_help(good) == ([], 2)


def _scan(files, scanner) -> tuple[list, int]:
    """What scanner finds in each file, all together, and how many places it looked at."""
    found, seen = [], 0
    for rel in files:
        f, n = scanner((ROOT / rel).read_text(encoding="utf-8"), rel)
        found += f
        seen += n
    return found, seen


def test_every_help_text_goes_through_the_catalogue():
    found, seen = _scan(CLI, unrouted_help)
    assert seen > 40  # every command and option of the command line
    assert found == [], "give help=N_(...) on command()/option() of interpreter.cli.common"


def test_every_message_of_the_tools_goes_through_the_catalogue():
    found, calls = _scan(MODULES, unrouted)
    assert calls > 200  # the scan sees the places where messages are made, not an empty list
    assert found == [], "wrap these in tr()/_() or msg(), then run python dsl/locale/build.py"


def _catalogue(path):
    with path.open("rb") as fh:
        return read_po(fh)


def test_the_template_holds_the_messages_of_each_kind():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(POT) if m.id}
    for message in ("cannot compare {type} with {type2}",  # check: types
                    "unexpected {tok}{ctx}; expected {expected}",  # check: syntax
                    "table '{name}' has two rows from {key}",  # check: declarations
                    "{field}: expected true or false, got {value}",  # case input
                    "the case is not valid YAML: {problem}",  # case file
                    "no version of '{title}' is in force on {date}; it is in force {periods}",  # peildatum
                    "cannot write {path}: {reason}",  # command line
                    "{n} file reformatted",  # fmt
                    "(line {line}): wrong {problems}"):  # test report
        assert message in ids, message


def test_every_message_of_the_template_has_a_dutch_translation():
    dutch = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in _catalogue(PO) if m.id}
    missing, fuzzy, empty = [], [], []
    for m in _catalogue(POT):
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else tuple(m.id)
        t = dutch.get(key)
        if t is None:
            missing.append(key)
        elif t.fuzzy:
            fuzzy.append(key)
        elif not (t.string.strip() if isinstance(t.string, str) else all(s.strip() for s in t.string)):
            empty.append(key)
    assert (missing, fuzzy, empty) == ([], [], []), "run python dsl/locale/build.py, then translate"
    assert len(dutch) > 300


def test_a_case_error_keeps_its_message_for_either_language(monkeypatch):
    monkeypatch.delenv("GRONDSLAG_LANG", raising=False)
    with pytest.raises(CaseError) as caught:
        convert([1], Type("bedrag"), "bijstandsnorm")
    exc = caught.value
    english = ('bijstandsnorm: expected an amount in euro as a number or a decimal string such as "2500.01", '
               'got a list')
    assert str(exc) == exc.message == english  # the tool language: unchanged English source text
    assert exc.in_language("nl") == ('bijstandsnorm: verwacht werd een bedrag in euro als getal of als decimale '
                                     'tekst zoals "2500.01", gegeven is een lijst')
    monkeypatch.setenv("GRONDSLAG_LANG", "nl")
    assert str(exc).startswith("bijstandsnorm: verwacht werd")


def test_a_hint_and_a_nested_message_follow_the_language(monkeypatch):
    monkeypatch.delenv("GRONDSLAG_LANG", raising=False)
    with pytest.raises(CaseError) as caught:
        read_facts({"gezinsinkomn": "1"}, {"gezinsinkomen": Type("bedrag")})
    assert str(caught.value) == ("unknown fact 'gezinsinkomn': it is not a fact of this regulation "
                                 "(did you mean 'gezinsinkomen'?)")
    assert caught.value.in_language("nl") == ("onbekend feit 'gezinsinkomn': het is geen feit van deze regeling "
                                              "(bedoel je 'gezinsinkomen'?)")
    outer = msg("{field}: {value} is not accepted: {problem}", field="x", value="1",
                problem=msg("an amount in a case is zero or more"))
    assert outer.render("nl") == "x: 1 wordt niet aanvaard: een bedrag in een casus is nul of meer"
    with speaking("nl"):
        assert str(outer).endswith("nul of meer")
    assert str(outer).endswith("zero or more")


BROKEN = """regeling p
  titel "P"
  geldig vanaf 2020-01-01

feit inkomen: bedrag per maand

artikel 1
  tabel normen: bedrag
    vanaf 2020-01-01 € 10
    vanaf 2020-01-01 € 12
  beslissing a: ja/nee
  a is waar
    als inkomen > "veel"
"""


def test_check_speaks_dutch_when_asked(tmp_path):
    bad = tmp_path / "r.rules"
    bad.write_text(BROKEN, encoding="utf-8")
    english = CliRunner().invoke(main, ["check", str(bad)], env={"GRONDSLAG_LANG": ""})
    dutch = CliRunner().invoke(main, ["check", str(bad)], env={"GRONDSLAG_LANG": "nl"})
    assert english.exit_code == dutch.exit_code == 1
    assert "cannot compare bedrag per maand with tekst" in english.output
    assert "table 'normen' has two rows from 2020-01-01" in english.output
    assert "kan bedrag per maand niet met tekst vergelijken via '>'" in dutch.output
    assert "tabel 'normen' heeft twee rijen vanaf 2020-01-01" in dutch.output
    assert "cannot" not in dutch.output and "table" not in dutch.output


def test_eval_names_a_bad_case_field_in_dutch_when_asked(tmp_path):
    case = tmp_path / "c.json"
    case.write_text(json.dumps({"peildatum": "2010-06-01", "uitkering": "wbb"}), encoding="utf-8")
    english = CliRunner().invoke(main, ["eval", str(SCHINNEN / "2004"), "--case", str(case)],
                                 env={"GRONDSLAG_LANG": ""})
    dutch = CliRunner().invoke(main, ["eval", str(SCHINNEN / "2004"), "--case", str(case)],
                               env={"GRONDSLAG_LANG": "nl"})
    assert english.exit_code == dutch.exit_code == 2
    assert 'uitkering: expected one of "wwb"' in english.output and "(did you mean 'wwb'?)" in english.output
    assert 'uitkering: verwacht werd een van "wwb"' in dutch.output
    assert "gegeven is \"wbb\" (bedoel je 'wwb'?)" in dutch.output
    assert "expected" not in dutch.output


def test_the_dutch_diff_report_quotes_case_errors_in_dutch(tmp_path, monkeypatch):
    monkeypatch.delenv("GRONDSLAG_LANG", raising=False)  # the report is Dutch by policy, not by choice
    new = tmp_path / "new"
    shutil.copytree(SCHINNEN / "2004", new)
    f = new / "artikel-04.rules"
    f.write_text(f.read_text(encoding="utf-8").replace("gezinsinkomen > € 2.500,00", "gezinsinkomen > € 2.750,00"),
                 encoding="utf-8")
    good = {"peildatum": "2010-06-01", "uitkering": "geen", "ingeschreven_als_werkzoekende": True,
            "woont_in_gemeente": True, "gesubsidieerde_arbeid": False, "gezinsinkomen": "2600.00",
            "voorliggende_voorziening_toereikend": False}
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join([json.dumps(good), json.dumps(dict(good, gezinsinkomen=[1])),
                                json.dumps(dict(good, uitkering="wbb")), '{"peildatum": ',
                                json.dumps(dict(good, gezinsinkomn="1"))]) + "\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["diff", str(SCHINNEN / "2004"), str(new), "--cases", str(cases)])
    assert out.exit_code == 1, out.output
    failures = out.output.split("Niet in beide versies te beoordelen", 1)[1]
    assert "gegeven is een lijst" in failures
    assert "gegeven is \"wbb\" (bedoel je 'wwb'?)" in failures
    assert "de casus is geen geldige JSON: hier werd een waarde verwacht op regel 2, kolom 1" in failures
    assert "onbekend feit 'gezinsinkomn': het is geen feit van deze regeling" in failures
    for english in ("expected", "got", "did you mean", "unknown", "not valid", "Expecting", " line "):
        assert english not in failures, english


def test_batch_error_lines_keep_the_tool_language(tmp_path, monkeypatch):
    monkeypatch.delenv("GRONDSLAG_LANG", raising=False)
    cases = tmp_path / "c.jsonl"
    cases.write_text(json.dumps({"peildatum": "2010-06-01", "uitkering": "wbb"}) + "\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["batch", str(SCHINNEN / "2004"), "--cases", str(cases)])
    line = json.loads(out.stdout.splitlines()[0])
    assert line["line"] == 1 and line["error"].startswith('uitkering: expected one of "wwb"')


def test_a_caseload_on_the_columnar_engine_is_reported_in_dutch_too(tmp_path, monkeypatch):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.delenv("GRONDSLAG_LANG", raising=False)
    new = tmp_path / "new"
    shutil.copytree(SCHINNEN / "2004", new)
    row = {"peildatum": "2010-06-01", "uitkering": "geen", "ingeschreven_als_werkzoekende": True,
           "woont_in_gemeente": True, "gesubsidieerde_arbeid": False, "gezinsinkomen": "2600.00",
           "voorliggende_voorziening_toereikend": False}
    pq.write_table(pa.Table.from_pylist([row, dict(row, uitkering="wbb")]), tmp_path / "cases.parquet")
    out = CliRunner().invoke(main, ["diff", str(SCHINNEN / "2004"), str(new), "--cases", str(tmp_path / "cases.parquet")])
    failures = out.output.split("Niet in beide versies te beoordelen", 1)[1]
    assert "uitkering: verwacht werd een van" in failures and "(bedoel je 'wwb'?)" in failures
    assert "expected" not in failures
