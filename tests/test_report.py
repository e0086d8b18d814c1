"""`grondslag eval --format html`: a self-contained page with the derivation and the law text.

The structure is checked with the standard library's HTML parser: every link
inside the page lands on an element of the page, nothing is fetched from the
network, the derivation is a tree of <details>, and the provisions that decided
the case are highlighted. Where Chromium is installed, the page is also
rendered headless and the screenshot checked for being a real picture.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from interpreter.motivation.html import anchor
from dsl.citation import Citation

ROOT = Path(__file__).resolve().parent.parent
SCHINNEN = ROOT / "rules" / "schinnen"

CASE = {"peildatum": "2010-06-01", "uitkering": "anw", "ingeschreven_als_werkzoekende": True,
        "woont_in_gemeente": True, "gezinsinkomen": "2600", "geboortedatum": "1980-03-01",
        "voorliggende_voorziening_toereikend": False, "ontheffing_arbeidsverplichting": "volledig"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self.stack: list[str] = []
        self.max_details_depth = 0
        self.classes: dict[str, list[str]] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
            self.classes[a["id"]] = (a.get("class") or "").split()
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for key in ("src", "href"):
            v = a.get(key) or ""
            if v and not v.startswith("#"):
                self.external.append(v)
        if tag == "link":
            self.external.append(str(a))
        if tag in ("details",):
            self.stack.append(tag)
            self.max_details_depth = max(self.max_details_depth, len(self.stack))

    def handle_endtag(self, tag):
        if tag == "details" and self.stack:
            self.stack.pop()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    case = d / "case.json"
    case.write_text(json.dumps(CASE), encoding="utf-8")
    out = d / "report.html"
    from click.testing import CliRunner
    from interpreter.cli import main
    r = CliRunner().invoke(main, ["eval", str(SCHINNEN), "--case", str(case), "--format", "html", "--output", str(out)])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def parsed(page):
    p = _Page()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def test_anchor_is_stable():
    assert anchor(Citation("4", 4)) == "p-4-4"
    assert anchor(Citation("8", 3, "a")) == "p-8-3-a"
    assert anchor(Citation(None, None, None, "Re-integratie", 1)) == "p-s-re-integratie-1"


def test_page_is_self_contained(page, parsed):
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert parsed.external == []  # no stylesheet, script or image from elsewhere
    assert "<style>" in text and "<script>" in text
    assert "http://" not in text and "https://" not in text


def test_every_link_lands_on_the_page(parsed):
    assert len(parsed.ids) == len(set(parsed.ids)), "duplicate ids"
    targets = {h[1:] for h in parsed.links if h.startswith("#")}
    assert targets and targets <= set(parsed.ids)


def test_derivation_is_a_collapsible_tree(parsed):
    assert parsed.max_details_depth >= 2  # decision > ground
    assert "d-aanspraak_op_ondersteuning" in parsed.ids
    assert "summary" in parsed.tags


def test_deciding_provisions_are_highlighted(parsed):
    assert "deciding" in parsed.classes["p-4-4"]  # the income limit decided aanspraak_op_ondersteuning
    # an Anw-er: artikel 6, eerste lid offers nothing to him, so that lid decides aanbod_voorziening
    # and the full exemption of lid 2 has nothing to except (docs/language.md, 7.2)
    assert "deciding" in parsed.classes["p-6-1"] and "deciding" not in parsed.classes["p-6-2"]
    assert "deciding" not in parsed.classes["p-4-2"]  # not executable, decides nothing
    assert "considered" in parsed.classes["p-4-1"] or "deciding" not in parsed.classes["p-4-1"]


def test_motivation_is_in_the_page(page):
    text = page.read_text(encoding="utf-8")
    assert "gezinsinkomen is € 2.600,00, en dat is meer dan € 2.500,00" in text
    assert "opzij gezet door artikel 4, vierde lid" in text
    assert 'href="#p-4-4"' in text
    assert "Geen aanspraak op ondersteuning bij arbeidsinschakeling" in text  # quoted law text


def test_html_to_stdout(cli, write_case):
    r = cli("eval", SCHINNEN, "--case", write_case(CASE), "--format", "html")
    assert r.exit_code == 0
    assert r.stdout.startswith("<!DOCTYPE html>")


CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package 'chromium')")
def test_renders_in_headless_chromium(page, tmp_path):
    shot = tmp_path / "report.png"
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--screenshot={shot}", "--window-size=1200,1600", f"file://{page}#alles"],
                          capture_output=True, timeout=120)
    assert shot.exists(), proc.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 1600)
    assert len(data) > 50_000  # a rendered page, not a blank one


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package 'chromium')")
def test_links_open_the_tree_in_chromium(page):
    """After loading with #d-aanspraak_op_ondersteuning, the script has opened that decision."""
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                           f"file://{page}#d-aanspraak_op_ondersteuning"], capture_output=True, timeout=120)
    dom = proc.stdout.decode("utf-8", errors="replace")
    assert 'id="d-aanspraak_op_ondersteuning" open=""' in dom
    assert 'id="d-nugger" open' not in dom


_ = shutil


def test_sections_and_considerations_link_correctly(tmp_path):
    """The Participatiewet is written in paragraphs with alinea's, and has a list of considerations."""
    import interpreter
    from interpreter.motivation.html import render_html
    pw = ROOT / "rules" / "participatiewet"
    case = json.loads((pw / "cases" / "pensioengerechtigde-leeftijd.case.json").read_text(encoding="utf-8"))
    reg = interpreter.load(pw)
    result = reg.evaluate(case)
    text = render_html(result, reg.version_on(result.date).program.model)
    p = _Page()
    p.feed(text)
    assert len(p.ids) == len(set(p.ids))
    assert {h[1:] for h in p.links if h.startswith("#")} <= set(p.ids)
    assert "deciding" in p.classes["p-s-re-integratie"]
