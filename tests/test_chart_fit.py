"""Every chart SVG of the built site, opened by itself in Chromium with the network blocked.

An SVG shown as <img> is an isolated document: it draws with the fonts it carries
and nothing else. Each chart is opened the same way (as its own document, every
request but the SVG itself refused) and measured:

* self-contained: no request other than the SVG, no reference to anything outside it;
* drawn with the embedded Titillium Web (the font vl-convert measured with);
* no visible <text> extends outside the viewBox, and no two visible texts overlap.

Then every page with charts is opened at 1280 px and at 360 px: the browser must pick the
desktop picture at 1280 and the phone variant (…-phone.svg) at 360, show it whole (never cut
by the page's edge or its column), and draw no chart text smaller than 11 CSS px
(rendered size = font-size × rendered width / viewBox width).

On the sample and on a copy of the sample whose indicator names are 120 characters long.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from generator import charts, fonts, svg
from generator.build import build

from .browser import chromium_context, serve

LONG = 120
MIN_FONT = 11  # CSS px: the smallest chart text a reader may be shown, on a phone too
VIEWPORTS = {"desktop": 1280, "phone": 360}
# A text box may touch the edge or a neighbour by rounding; anything beyond is a fault.
EPS = 0.5

MEASURE = """() => {
  const svg = document.documentElement;
  const vb = svg.viewBox.baseVal;
  const frame = svg.getBoundingClientRect();
  const sx = vb.width / frame.width, sy = vb.height / frame.height;
  const shown = t => {
    for (let el = t; el && el.nodeType === 1; el = el.parentNode) {
      const s = getComputedStyle(el);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    }
    return t.textContent.trim() !== '';
  };
  // Each text's box as the browser lays it out (the font's full line box, in viewBox units).
  const texts = [...document.querySelectorAll('text')].filter(shown).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, family: getComputedStyle(t).fontFamily, size: parseFloat(getComputedStyle(t).fontSize),
            left: (r.left - frame.left) * sx + vb.x, right: (r.right - frame.left) * sx + vb.x,
            top: (r.top - frame.top) * sy + vb.y, bottom: (r.bottom - frame.top) * sy + vb.y};
  });
  const faces = [...document.fonts].map(f => ({family: f.family, weight: f.weight, status: f.status}));
  // Drawn with Titillium: a face of that family loaded from the SVG, named first by every text.
  const loaded = faces.some(f => f.family.replace(/["']/g, '') === 'Titillium Web' && f.status === 'loaded');
  const first = texts.every(t => t.family.split(',')[0].trim().replace(/["']/g, '') === 'Titillium Web');
  return {viewBox: [vb.x, vb.y, vb.width, vb.height], texts, faces, titillium: loaded && first};
}"""


@dataclass
class Fit:
    path: str
    texts: int = 0
    outside: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    faces: list[dict] = field(default_factory=list)
    titillium: bool = False
    source: str = ""
    min_font: float = 0.0  # the smallest font-size of a visible text, in viewBox units
    width: float = 0.0  # of the viewBox


def measure(context, url: str, path: str) -> Fit:
    """Open the SVG alone (every other request refused and recorded) and measure its texts."""
    fit = Fit(path)
    page = context.new_page()

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            fit.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    m = page.evaluate(MEASURE)
    page.close()
    x, y, w, h = m["viewBox"]
    boxes = m["texts"]
    fit.texts, fit.faces, fit.titillium = len(boxes), m["faces"], m["titillium"]
    fit.min_font, fit.width = min((b["size"] for b in boxes), default=0.0), w
    for b in boxes:
        if b["left"] < x - EPS or b["right"] > x + w + EPS or b["top"] < y - EPS or b["bottom"] > y + h + EPS:
            fit.outside.append(f"{b['text']!r} [{b['left']:.1f}, {b['top']:.1f}, {b['right']:.1f}, {b['bottom']:.1f}]")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            dx = min(a["right"], b["right"]) - max(a["left"], b["left"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > EPS and dy > EPS:
                fit.overlaps.append(f"{a['text']!r} / {b['text']!r}")
    return fit


def measure_site(site: Path) -> list[Fit]:
    svgs = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.svg") if "/grafici/" in "/" + p.relative_to(site).as_posix())
    fits = []
    with serve(site) as base, sync_playwright() as pw, chromium_context(pw, viewport={"width": 1280, "height": 800}) as ctx:
        for path in svgs:
            fits.append(measure(ctx, base + path, path))
            fits[-1].source = (site / path).read_text(encoding="utf-8")
    return fits


def lengthen_indicator_names(data: Path, length: int = LONG) -> int:
    """Make every indicator name `length` characters long (distinct, words kept); return how many.

    A YAML file that names an indicator (the budget's ratios) is given the new name too.
    """
    renamed: dict[str, str] = {}
    for f in sorted(data.glob("*/indicatori/*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        col = rows[0].index("indicatore")
        for r in rows[1:]:
            if len(r) > col and r[col].strip():
                name = f"{r[col]} (n. {len(renamed) + 1}) riferito a tutte le unità organizzative e a ogni procedimento amministrativo"
                while len(name) < length:
                    name += " dell'ente"
                renamed.setdefault(r[col], name[:length].rstrip().ljust(length, "x"))
                r[col] = renamed[r[col]]
        with f.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
    for f in sorted(data.rglob("*.yaml")):
        text = f.read_text(encoding="utf-8")
        for old, new in sorted(renamed.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(f'"{old}"', f'"{new}"').replace(f"- {old}\n", f"- {new}\n")
        f.write_text(text, encoding="utf-8")
    assert all(len(n) == length for n in renamed.values())
    return len(renamed)


@pytest.fixture(scope="module")
def long_names_site(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("long-names")
    data = root / "data"
    shutil.copytree(sample_dir, data)
    assert lengthen_indicator_names(data) > 50
    site = root / "site"
    build(data, site)
    return site


def _report(fits: list[Fit], attr: str) -> str:
    return "\n".join(f"{f.path}: {item}" for f in fits for item in getattr(f, attr))


@pytest.fixture(scope="module")
def sample_fits(built_site: Path) -> list[Fit]:
    return measure_site(built_site)


@pytest.fixture(scope="module")
def long_fits(long_names_site: Path) -> list[Fit]:
    return measure_site(long_names_site)


@pytest.fixture(params=["sample", "long"])
def fits(request, sample_fits, long_fits) -> list[Fit]:
    return sample_fits if request.param == "sample" else long_fits


def test_every_chart_is_measured(fits: list[Fit]) -> None:
    assert len(fits) >= 15
    assert all(f.texts >= 5 for f in fits), [(f.path, f.texts) for f in fits if f.texts < 5]


def test_charts_are_self_contained(fits: list[Fit]) -> None:
    assert _report(fits, "requests") == ""
    for f in fits:
        refs = [u for pair in re.findall(r"""(?:href|src)\s*=\s*["']([^"']*)|url\(\s*["']?([^"')]*)""", f.source) for u in pair if u]
        assert [u for u in refs if not u.startswith("data:")] == [], f.path


def test_charts_draw_with_the_embedded_titillium(fits: list[Fit]) -> None:
    assert [(f.path, f.faces) for f in fits if not f.titillium] == []


def test_no_text_outside_the_picture(fits: list[Fit]) -> None:
    assert _report(fits, "outside") == ""


def test_no_two_texts_overlap(fits: list[Fit]) -> None:
    assert _report(fits, "overlaps") == ""


def test_every_chart_has_a_phone_variant(fits: list[Fit]) -> None:
    paths = {f.path for f in fits}
    desktop = {p for p in paths if not p.endswith(charts.PHONE_SUFFIX + ".svg")}
    assert {charts.phone_path(p) for p in desktop} == paths - desktop


# --------------------------------------------------------------------------- charts in their pages

SHOWN = """() => Promise.all([...document.querySelectorAll('figure.grafico img')].map(img => {
  img.loading = 'eager';  // lazy images below the fold are chosen and loaded too
  return img.decode().catch(() => null).then(() => {
    const r = img.getBoundingClientRect(), s = getComputedStyle(img);
    const column = img.closest('.md-content').getBoundingClientRect();
    const width = r.width - parseFloat(s.borderLeftWidth) - parseFloat(s.borderRightWidth);
    return {src: new URL(img.currentSrc).pathname, width, left: r.left, right: r.right,
            limit: Math.min(column.right, document.documentElement.clientWidth), start: Math.max(column.left, 0)};
  });
}))"""


@dataclass
class Shown:
    page: str
    src: str  # site-relative path of the SVG the browser chose
    width: float  # CSS px it is drawn at
    cut: bool  # extends past the page's column or the viewport


def shown_charts(site: Path, viewport: int) -> list[Shown]:
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html") if 'class="grafico"' in p.read_text(encoding="utf-8"))
    out = []
    with serve(site) as base, sync_playwright() as pw, chromium_context(pw, viewport={"width": viewport, "height": 800}) as ctx:
        page = ctx.new_page()
        prefix = base.split("//", 1)[1].split("/", 1)[1]
        for path in pages:
            page.goto(f"{base}{path}/")
            for img in page.evaluate(SHOWN):
                cut = img["left"] < img["start"] - EPS or img["right"] > img["limit"] + EPS
                out.append(Shown(path, img["src"].removeprefix("/" + prefix), img["width"], cut))
    return out


@pytest.fixture(scope="module")
def sample_shown(built_site: Path) -> dict[str, list[Shown]]:
    return {name: shown_charts(built_site, vw) for name, vw in VIEWPORTS.items()}


@pytest.fixture(scope="module")
def long_shown(long_names_site: Path) -> dict[str, list[Shown]]:
    return {name: shown_charts(long_names_site, vw) for name, vw in VIEWPORTS.items()}


@pytest.fixture(params=[(d, v) for d in ("sample", "long") for v in VIEWPORTS])
def shown(request, sample_fits, long_fits, sample_shown, long_shown) -> tuple[str, list[Shown], dict[str, Fit]]:
    data, viewport = request.param
    fits = sample_fits if data == "sample" else long_fits
    return viewport, (sample_shown if data == "sample" else long_shown)[viewport], {f.path: f for f in fits}


def test_the_browser_picks_the_variant_for_its_width(shown) -> None:
    viewport, charts_shown, fits = shown
    assert len(charts_shown) >= 15
    wrong = [(s.page, s.src) for s in charts_shown if s.src.endswith(charts.PHONE_SUFFIX + ".svg") != (viewport == "phone")]
    assert wrong == []
    assert [s.src for s in charts_shown if s.src not in fits] == []


def test_charts_are_shown_whole(shown) -> None:
    _, charts_shown, _ = shown
    assert [(s.page, s.src, s.width) for s in charts_shown if s.cut] == []


def test_no_chart_text_is_drawn_smaller_than_11_px(shown) -> None:
    _, charts_shown, fits = shown
    small = [(s.src, fits[s.src].min_font * s.width / fits[s.src].width) for s in charts_shown]
    assert [x for x in small if x[1] < MIN_FONT - 0.01] == []  # widths are laid out in 1/64 px


# --------------------------------------------------------------------------- the measurement itself

FAULTY = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<image href="http://example.invalid/x.png" width="1" height="1"/>
<text x="-20" y="50" font-size="12">cut on the left</text>
<text x="100" y="80" font-size="12">one</text><text x="104" y="82" font-size="12">two</text>
<text x="10" y="20" font-size="12" opacity="0">hidden, not counted</text>
<text x="150" y="20" font-size="12" opacity="0">hidden too</text>
</svg>"""


def test_the_measurement_sees_cut_overlapping_and_external(tmp_path: Path) -> None:
    (tmp_path / "grafici").mkdir()
    (tmp_path / "grafici" / "guasto.svg").write_text(FAULTY, encoding="utf-8")
    [fit] = measure_site(tmp_path)
    assert fit.texts == 3
    assert [o.split(" [")[0] for o in fit.outside] == ["'cut on the left'"]
    assert fit.overlaps == ["'one' / 'two'"]
    assert fit.requests == ["http://example.invalid/x.png"]
    assert (fit.min_font, fit.width) == (12, 200)
    assert not fit.titillium


KERNED = "AVATAR: Tevere, Yacht, WAVE, Volta, Torre, «LAVORO», Pavia"  # kerning: -6.8 px at 12 px


def test_browser_draws_text_as_wide_as_vl_convert_measured(tmp_path: Path) -> None:
    """A right-aligned label whose width sets the picture's: it must start exactly at the padding."""
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": charts.theme(),
        "data": {"values": [{"a": KERNED, "b": 1}]},
        "mark": "bar",
        "encoding": {"y": {"field": "a", "type": "nominal", "title": None, "axis": {"labelLimit": 1000}},
                     "x": {"field": "b", "type": "quantitative", "title": None}},
        "width": 100,
    }
    (tmp_path / "grafici").mkdir()
    (tmp_path / "grafici" / "kern.svg").write_text(svg.render(spec), encoding="utf-8")
    with serve(tmp_path) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.goto(base + "grafici/kern.svg")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        left, width = page.evaluate("""t => {
            const r = [...document.querySelectorAll('text')].find(e => e.textContent === t).getBoundingClientRect();
            return [r.left, r.width]; }""", KERNED)
    unkerned = fonts.text_width(KERNED, charts.LABEL_SIZE)
    assert unkerned - width > 6, (unkerned, width)  # the embedded subset kerns like the full font
    assert 0 <= left - charts.PADDING < 1, left  # Vega rounds the picture's bounds out to whole pixels
