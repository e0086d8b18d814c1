"""Issue 14: the HTML report works on a phone (390 px) as on a desktop, measured in headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

import interpreter
from interpreter.motivation.html import render_html

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
CASE = {"peildatum": "2010-06-01", "uitkering": "anw", "ingeschreven_als_werkzoekende": True,
        "woont_in_gemeente": True, "gesubsidieerde_arbeid": False, "gezinsinkomen": "2750.00",
        "voorliggende_voorziening_toereikend": False, "voorziening_aangeboden": True,
        "neemt_deel_aan_voorziening": False, "verplichtingen_nagekomen": False}
# Headless Chromium's window is at least 500 px wide, so the phone is an iframe of the exact width: the
# page's media queries see the iframe's width. After layout the page sends its measurements to the frame.
PROBE = """<script>
window.addEventListener('load', () => {
  const tables = [...document.querySelectorAll('table')];
  const over = tables.filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5);
  parent.postMessage(JSON.stringify({
    inner: window.innerWidth, client: document.documentElement.clientWidth,
    scroll: document.documentElement.scrollWidth, tables: tables.length, overflowing: over.length}), '*');
});
</script></body>"""
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="report.html" style="width:{width}px;height:900px;border:0"></iframe>
<script>addEventListener('message', e => document.body.setAttribute('data-probe', e.data));</script>
</body></html>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    regulation = interpreter.load(ROOT / "rules" / "schinnen")
    result = regulation.evaluate(CASE)
    html = render_html(result, regulation.version_on(result.date).program.model)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html.replace("</body>", PROBE, 1), encoding="utf-8")
    return path


def _measure(page: Path, width: int) -> dict:
    frame = page.with_name(f"phone-{width}.html")
    frame.write_text(FRAME.replace("{width}", str(width)), encoding="utf-8")
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--window-size={max(width, 500) + 40},1000", "--virtual-time-budget=5000", "--dump-dom",
                           f"file://{frame}"], capture_output=True, timeout=120)
    dom = proc.stdout.decode("utf-8", errors="replace")
    m = re.search(r"data-probe=\"([^\"]*)\"", dom)
    assert m, proc.stderr.decode(errors="replace")[-2000:]
    return json.loads(m.group(1).replace("&quot;", '"'))


def test_the_page_declares_a_device_width_viewport(page):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.read_text(encoding="utf-8")


def test_the_page_has_a_phone_layout(page):
    text = page.read_text(encoding="utf-8")
    assert "@media (max-width: 600px)" in text and "overflow-wrap:anywhere" in text


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package 'chromium')")
@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_overflows_the_screen(page, width):
    probe = _measure(page, width)
    assert probe["inner"] == width
    assert probe["tables"] >= 2  # the decisions and the facts
    assert probe["overflowing"] == 0, probe
    assert probe["scroll"] <= probe["client"], probe
