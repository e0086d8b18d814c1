"""Issue 14: one language policy, as a gettext catalogue; a second language is a translation, not code."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from dsl.i18n import LOCALE_DIR, _, ngettext
from interpreter.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "tr": None, "msg": None, "N_": None, "ngettext": (1, 2)}
PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "grondslag.po"
MO = PO.with_suffix(".mo")


def _used() -> set:
    """Every message id the code passes to the catalogue, as Babel extracts it."""
    found = set()
    for package in ("dsl", "interpreter"):
        for _file, _line, message, _comments, _context in extract_from_dir(ROOT / package, keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def _catalogue():
    with PO.open("rb") as fh:
        return read_po(fh)


def _key(m):
    return m.id if isinstance(m.id, str) else tuple(m.id)


def test_the_code_routes_messages_through_the_catalogue():
    assert len(_used()) >= 30


def test_every_message_used_is_in_the_dutch_catalogue_and_translated():
    catalogue = {_key(m): m for m in _catalogue() if m.id}
    missing = sorted(map(str, _used() - set(catalogue)))
    assert missing == [], "run: python dsl/locale/build.py, then translate"
    untranslated = [k for k, m in catalogue.items() if not (m.string if isinstance(m.string, str) else all(m.string))]
    assert untranslated == []


def test_a_translation_keeps_every_placeholder():
    for m in _catalogue():
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        want = set(re.findall(r"\{(\w+)\}", ids[-1]))
        for s in strings:
            assert set(re.findall(r"\{(\w+)\}", s)) <= want | {"n"}, (m.id, s)
            assert set(re.findall(r"\{(\w+)\}", s)) >= want - {"n"}, (m.id, s)


def test_the_compiled_catalogue_matches_its_source():
    with MO.open("rb") as fh:
        compiled = {_key(m): _key(type("M", (), {"id": m.string})) for m in read_mo(fh) if m.id}
    source = {_key(m): _key(type("M", (), {"id": m.string})) for m in _catalogue() if m.id}
    assert compiled == source, "run: python dsl/locale/build.py"


def test_without_a_choice_the_source_text_is_shown(monkeypatch):
    monkeypatch.delenv("GRONDSLAG_LANG", raising=False)
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")  # the machine's locale does not change what scripts read
    assert _("did you mean '{name}'?") == "did you mean '{name}'?"
    assert ngettext("{n} error", "{n} errors", 2) == "{n} errors"


def test_switching_the_catalogue_changes_the_output(tmp_path):
    bad = tmp_path / "r.rules"
    bad.write_text('regeling p\n  titel "P"\n  geldig vanaf 2020-01-01\n\nfeit inkomen: bedrag per maand\n\n'
                   'artikel 1\n  beslissing a: ja/nee\n  a is waar\n    als inkomen > € 2.500.00\n', encoding="utf-8")
    english = CliRunner().invoke(main, ["check", str(bad)], env={"GRONDSLAG_LANG": ""})
    dutch = CliRunner().invoke(main, ["check", str(bad)], env={"GRONDSLAG_LANG": "nl"})
    assert english.exit_code == dutch.exit_code == 1
    assert "is not an amount: the cents come after a comma" in english.output
    assert "1 error, 0 warnings" in english.output
    assert "is geen bedrag: de centen komen na een komma" in dutch.output
    assert "1 fout, 0 waarschuwingen" in dutch.output
    assert "write € 2.500,00" in english.output and "schrijf € 2.500,00" in dutch.output


def test_an_unknown_language_falls_back_to_the_source(monkeypatch):
    monkeypatch.setenv("GRONDSLAG_LANG", "xx")
    assert _("{n} not run") == "{n} not run"


def test_the_policy_is_written_down():
    text = (ROOT / "docs" / "language-policy.md").read_text(encoding="utf-8")
    assert "GRONDSLAG_LANG" in text and "dsl/locale/build.py" in text
    assert "language-policy.md" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


def test_an_install_carries_the_catalogue(tmp_path):
    """setuptools builds the packages from a copy of the sources, as from a clean clone: the catalogue is in."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, clone / name)
    for package in ("dsl", "interpreter"):
        shutil.copytree(ROOT / package, clone / package, ignore=shutil.ignore_patterns("__pycache__"))
    built = tmp_path / "lib"
    proc = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py",
                           "--build-lib", str(built)], cwd=clone, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (built / "dsl/locale/nl/LC_MESSAGES/grondslag.mo").is_file()
    assert (built / "dsl/locale/nl/LC_MESSAGES/grondslag.po").is_file()
    assert (built / "dsl/i18n.py").is_file()
