"""Syntax errors: FILE:LINE:COL: error: MESSAGE, the source line with a caret, and plain language.

A table of typical mistakes in .rules text, each mapped to a message a drafter understands.
"""

import re

import pytest

from dsl.parser import parse

HEADER = '''regeling test-fouten
  titel "Testregeling fouten"
  geldig vanaf 2020-01-01

feit vlag: ja/nee "Een vlag."
feit inkomen: bedrag "Het inkomen."
'''
N = HEADER.count("\n")  # lines before the snippet


def diagnose(body: str):
    rf, diags = parse(HEADER + body, "regels.rules")
    return [d for d in diags if d.is_error]


# (id, snippet, line in snippet, column, message fragment, hint fragment)
MISTAKES = [
    ("artikel-without-number", '''
artikel "Aanspraak"
  tekst "x"
''', 2, 9, "'artikel' must be followed by its number", "artikel 4"),
    ("lid-without-number", '''
artikel 1
  lid
    tekst "x"
''', 4, 5, "'lid' must be followed by its number", "lid 2"),
    ("lid-with-title-instead-of-number", '''
artikel 1
  lid "Eerste"
    tekst "x"
''', 3, 7, "'lid' must be followed by its number", "lid 2"),
    ("onderdeel-without-letter", '''
artikel 1
  lid 1
    onderdeel
      tekst "x"
''', 5, 7, "'onderdeel' must be followed by its letter", "onderdeel a"),
    ("double-equals", '''
artikel 1
  beslissing p: ja/nee
  p is waar als inkomen == € 10 anders onwaar
''', 4, 25, "'==' is not a comparison", "write '='"),
    ("misspelt-beslissing", '''
artikel 1
  beslising p: ja/nee
''', 3, 3, "unknown keyword 'beslising'", "did you mean 'beslissing'?"),
    ("misspelt-tekst", '''
artikel 1
  tekts "x"
''', 3, 3, "unknown keyword 'tekts'", "did you mean 'tekst'?"),
    ("misspelt-feit-at-top-level", '''
fiet leeftijd_grens: geheel getal
''', 2, 1, "unknown keyword 'fiet'", "did you mean 'feit'?"),
    ("misspelt-artikel", '''
artikle 1
  tekst "x"
''', 2, 1, "unknown keyword 'artikle'", "did you mean 'artikel'?"),
    ("unknown-type", '''
feit x: jaa/nee
''', 2, 9, "expected a type (ja/nee, geheel getal", None),
    ("unclosed-string", '''
artikel 1
  tekst "Een tekst die niet sluit
  beslissing p: ja/nee
''', 3, 9, "unclosed text", 'matching "'),
    ("unclosed-triple-string", '''
artikel 1
  tekst """Een tekst die niet sluit
''', 3, 9, "unclosed text", '"""'),
    ("rule-missing-is", '''
artikel 1
  beslissing p: ja/nee
  p waar als vlag anders onwaar
''', 4, 5, "'is' is missing after 'p'", "p is waar als"),
    ("condition-missing-als", '''
artikel 1
  beslissing p: ja/nee
  p is waar vlag anders onwaar
''', 4, 13, "a condition must start with 'als'", "als CONDITION"),
    ("als-without-condition", '''
artikel 1
  beslissing p: ja/nee
  p is waar als
''', 4, 13, "'als' must be followed by a condition", None),
    ("als-without-condition-before-next-article", '''
artikel 1
  beslissing p: ja/nee
  p is waar als
artikel 2
  tekst "x"
''', 4, 13, "'als' must be followed by a condition", None),
    ("anders-without-value", '''
artikel 1
  beslissing p: ja/nee
  p is waar als vlag anders
''', 4, 22, "'anders' must be followed by a value", None),
    ("bad-amount", '''
artikel 1
  beslissing p: ja/nee
  p is waar als inkomen > €abc anders onwaar
''', 4, 27, "an amount must be written as € 2.500", None),
    ("keyword-as-name", '''
feit aantal: geheel getal
artikel 1
  beslissing p: ja/nee
  p is waar als aantal > 1 anders onwaar
''', 5, None, "'aantal' is a keyword", "rename"),
    ("bad-date", '''
artikel 1
  beslissing p: ja/nee
  p is waar als 2020-02-30 > peildatum anders onwaar
''', 4, 17, "'2020-02-30' is not a valid date", "YYYY-MM-DD"),
]


@pytest.mark.parametrize("snippet, line, col, message, hint",
                         [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_typical_mistake(snippet, line, col, message, hint):
    errs = diagnose(snippet)
    assert errs, "no error reported"
    e = errs[0]
    assert message in e.message
    assert e.span.file == "regels.rules"
    assert e.span.line == N + line
    if col is not None:
        assert e.span.column == col
    if hint is not None:
        assert e.hint is not None and hint in e.hint
    # plain language: no grammar internals
    text = e.message + " " + (e.hint or "")
    for internal in ("IDENT", "ARTNUM", "$END", "_ALS", "Token(", "COMP_OP", "UnexpectedToken"):
        assert internal not in text


def test_block_that_is_open_is_named():
    e = diagnose('''
artikel 4
  lid 2
    tekts "x"
''')[0]
    assert "(in artikel 4, lid 2)" in e.message


def test_format_with_source_line_and_caret():
    source = HEADER + '''
artikel 1
  beslissing p: ja/nee
  p is waar als inkomen == € 10 anders onwaar
'''
    rf, diags = parse(source, "regels.rules")
    text = diags[0].format(source)
    head, src_line, caret_line = text.splitlines()
    assert re.fullmatch(r"regels\.rules:\d+:25: error: '==' is not a comparison in rule files \(write '=' to "
                        r"compare two values\)", head)
    assert src_line.endswith("|   p is waar als inkomen == € 10 anders onwaar")
    bar = src_line.index("|")
    assert caret_line[bar] == "|"
    # the caret sits under the '==' and is as wide as it
    assert caret_line[bar + 2:] == " " * 24 + "^~"


def test_format_without_source_is_one_line():
    rf, diags = parse(HEADER + 'artikel "x"\n', "regels.rules")
    assert diags[0].format() == (f"regels.rules:{N + 1}:9: error: 'artikel' must be followed by its number, "
                                 f"found a text in quotes (write for example: artikel 4 \"Aanspraak op "
                                 f"ondersteuning\")")


def test_structured_fields():
    rf, diags = parse(HEADER + 'artikel "x"\n', "regels.rules")
    d = diags[0].to_dict()
    assert d["file"] == "regels.rules" and d["line"] == N + 1 and d["column"] == 9
    assert d["severity"] == "error"
    assert d["message"].startswith("'artikel' must be followed")


def test_errors_in_several_articles_all_reported_in_one_run():
    errs = diagnose('''
artikel 1
  beslising p: ja/nee
artikel 2
  tekst "x
artikel 3
  lid
    tekst "y"
artikel 4
  beslissing q: ja/nee
  q is waar als inkomen == € 1 anders onwaar
''')
    assert [e.span.line - N for e in errs] == [3, 5, 8, 11]
    assert "unknown keyword 'beslising'" in errs[0].message
    assert "unclosed text" in errs[1].message
    assert "'lid' must be followed by its number" in errs[2].message
    assert "'==' is not a comparison" in errs[3].message


def test_parse_never_hangs_on_errors_after_recovery():
    # an error after the parser resumed at a later article must not make it resume there again
    body = "".join(f'artikel {i}\n  tekst "x\n' for i in range(1, 30))
    errs = diagnose(body)
    assert len(errs) == 29


def test_check_command_prints_every_error_and_exits_1(cli, write_rules):
    path = write_rules(HEADER + '''
artikel 1
  beslising p: ja/nee
artikel 2
  lid
    tekst "y"
''')
    r = cli("check", path)
    assert r.exit_code == 1
    lines = [l for l in r.stdout.splitlines() if ": error: " in l]
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:{N + 3}:3: error: unknown keyword 'beslising'")
    assert lines[1].startswith(f"{path}:{N + 6}:5: error: 'lid' must be followed by its number")
    assert "^" in r.stdout
    assert "2 errors" in r.stderr
    assert "Traceback" not in r.output


def test_check_json_has_structured_fields(cli, write_rules):
    path = write_rules(HEADER + 'artikel "x"\n')
    r = cli("check", path, "--format", "json")
    assert r.exit_code == 1
    [d] = r.json()
    assert d["file"] == str(path)
    assert (d["line"], d["column"], d["severity"]) == (N + 1, 9, "error")


def test_not_utf8(cli, tmp_path):
    p = tmp_path / "latin1.rules"
    p.write_bytes(HEADER.encode() + 'artikel 1\n  tekst "Reïntegratie"\n'.encode("latin-1"))
    r = cli("check", p)
    assert r.exit_code == 1
    assert "not UTF-8" in r.stdout
    assert "Traceback" not in r.output


def test_byte_order_mark_is_not_an_error(cli, tmp_path, language_path):
    p = tmp_path / "bom.rules"
    p.write_bytes(b"\xef\xbb\xbf" + (language_path / "logica.rules").read_bytes())
    r = cli("check", p)
    assert r.exit_code == 0, r.output
    assert "error" not in r.stdout
