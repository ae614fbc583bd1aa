"""One typeface for site and charts: Titillium Web from the font package, served by the site itself."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fontTools.ttLib import TTFont
from playwright.sync_api import sync_playwright

from generator import fonts

from .browser import chromium_context, serve

ROOT = Path(__file__).resolve().parent.parent
YEAR = "amministrazione-trasparente/performance/relazione-sulla-performance/2025/"
BUDGET = "amministrazione-trasparente/bilanci/bilancio-preventivo-e-consuntivo/2025/"


def test_site_serves_woff2_made_from_the_chart_ttf_and_the_licence(built_site: Path) -> None:
    for (weight, style), ttf in fonts.FACES.items():
        served = built_site / fonts.site_font_name(weight, style)
        assert served.read_bytes()[:4] == b"wOF2", served
        a, b = TTFont(served), TTFont(ttf)
        assert a.getGlyphOrder() == b.getGlyphOrder() and a.getBestCmap() == b.getBestCmap(), served
        assert a["head"].modified == b["head"].modified  # no build timestamp inside
    licence = (built_site / fonts.LICENCE_FILE).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Accademia di Belle Arti di Urbino" in licence


@pytest.mark.parametrize("page", ["", YEAR, BUDGET])
def test_footer_links_the_font_licence(built_site: Path, page: str) -> None:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    [href] = re.findall(r'<a href="([^"]*OFL\.txt)">licenza SIL Open Font License 1\.1</a>', html)
    assert (built_site / page / href).resolve() == (built_site / fonts.LICENCE_FILE).resolve()


def test_the_stylesheet_names_titillium_from_the_site_only() -> None:
    css = (ROOT / "theme/assets/stylesheets/trasparenza.css").read_text(encoding="utf-8")
    sources = re.findall(r"src:\s*url\(\"([^\"]+)\"\)", css)
    assert sorted(sources) == sorted(f"../fonts/{Path(fonts.site_font_name(w, s)).name}" for w, s in fonts.FACES)
    assert re.search(r'--md-text-font-family:\s*"Titillium Web",', css)
    assert "font: false" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


SUBSET = "import sys, hashlib; from generator import fonts; sys.stdout.write(hashlib.sha256(fonts.subset_woff2(700, 'Grado 99%àè€') + fonts.woff2(400)).hexdigest())"


def test_font_files_are_byte_identical_from_one_run_to_the_next() -> None:
    runs = {subprocess.run([sys.executable, "-c", SUBSET], cwd=ROOT, capture_output=True, text=True, check=True).stdout for _ in range(2)}
    assert len(runs) == 1 and len(runs.pop()) == 64


def test_a_chart_subset_holds_just_its_glyphs_and_their_kerning() -> None:
    font = TTFont(io.BytesIO(fonts.subset_woff2(400, "AVA Te")))
    assert set(font.getBestCmap()) == {ord(c) for c in "AVTe "}
    assert len(font.getGlyphOrder()) == 6  # .notdef + 5
    pairs = font["kern"].kernTables[0].kernTable
    assert pairs and all(a in font.getGlyphOrder() and b in font.getGlyphOrder() for a, b in pairs)
    assert pairs[("A", "V")] < 0 and pairs[("T", "e")] < 0
    assert font["name"].getDebugName(0).startswith("Copyright")  # the notice the OFL asks to keep


def test_embed_puts_one_face_per_weight_used_inside_the_svg() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>ab</text>'
           '<text font-weight="bold">Tit<tspan>olo</tspan></text></svg>')
    out = fonts.embed(svg)
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><style>@font-face{')
    faces = re.findall(r"font-weight:(\d+);src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", out)
    assert [w for w, _ in faces] == ["400", "700"]
    cmaps = {w: set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()) for w, data in faces}
    assert cmaps == {"400": set(map(ord, fonts.subset_chars("ab"))), "700": set(map(ord, fonts.subset_chars("Titolo")))}
    assert {ord("T"), ord("a")} <= cmaps["700"] and ord("T") not in cmaps["400"]  # each weight: its own text and COMMON_CHARS
    assert fonts.embed(svg) == out


def test_text_width_and_wrap_measure_with_titillium() -> None:
    assert fonts.text_width("", 12) == 0
    assert fonts.text_width("mmmm", 12) > fonts.text_width("iiii", 12) * 2
    assert fonts.text_width("Titolo", 14, 700) > fonts.text_width("Titolo", 14, 400)
    lines = fonts.wrap("uno due tre quattro cinque sei sette otto nove dieci", 80, 12)
    assert len(lines) > 1 and all(fonts.text_width(x, 12) <= 80 for x in lines)
    assert " ".join(lines) == "uno due tre quattro cinque sei sette otto nove dieci"
    assert fonts.wrap("Precipitevolissimevolmente", 20, 12) == ["Precipitevolissimevolmente"]


# --------------------------------------------------------------------------- in the browser

FONT_STATE = """async () => {
  await document.fonts.ready;
  const family = el => getComputedStyle(el).fontFamily.split(',')[0].trim().replace(/["']/g, '');
  const pick = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null && e.textContent.trim());
  const sample = ['body', 'h1', '.md-typeset p', '.md-typeset td', '.md-typeset th', '.md-nav__link', '.md-footer-meta'];
  return {
    families: sample.flatMap(sel => pick(sel).slice(0, 3).map(e => [sel, family(e)])),
    faces: [...document.fonts].filter(f => f.status === 'loaded').map(f => [f.family.replace(/["']/g, ''), f.weight, f.style]),
    fontFiles: performance.getEntriesByType('resource').map(r => r.name).filter(n => /\\.(woff2?|ttf|otf)(\\?|$)/.test(n)),
  };
}"""


@pytest.mark.parametrize("path", ["", YEAR, BUDGET])
def test_site_text_is_drawn_in_titillium_from_the_site_itself(built_site: Path, path: str) -> None:
    outside: list[str] = []
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw, viewport={"width": 1280, "height": 800}) as ctx:
        page = ctx.new_page()
        origin = urlsplit(base).netloc
        page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).netloc == origin else (outside.append(r.request.url), r.abort()))
        page.goto(base + path)
        state = page.evaluate(FONT_STATE)
    assert outside == []
    assert state["families"] and {f for _, f in state["families"]} == {"Titillium Web"}, state["families"]
    loaded = {(f, w, s) for f, w, s in state["faces"]}
    assert {("Titillium Web", "400", "normal"), ("Titillium Web", "700", "normal")} <= loaded, loaded
    assert state["fontFiles"] and all(urlsplit(u).netloc == origin and "/assets/fonts/titillium-web-" in u for u in state["fontFiles"]), state["fontFiles"]
