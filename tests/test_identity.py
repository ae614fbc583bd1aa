"""The body's identity from ente.yaml: emblem (checked), primary colour (contrast), parent network (top bar)."""

from __future__ import annotations

import struct
import zlib

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.identity import colour_problem, contrast, emblem_problem
from generator.load import load
from tests.bad_inputs.harness import assert_located, copy_sample, run


def png(w: int = 16, h: int = 16) -> bytes:
    raw = b"".join(b"\x00" + b"\x0b\x4f\x8a" * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'
OK_SVG = SVG.format('<defs><linearGradient id="g"/></defs><circle cx="5" cy="5" r="4" style="fill:url(#g)"/><use href="#g"/>')

EMBLEMS = [
    ("png", "stemma.png", png(), None),
    ("svg-plain", "stemma.svg", OK_SVG.encode(), None),
    ("png-renamed", "stemma.png", b"GIF89a" + b"\x00" * 20, "non è un'immagine PNG"),
    ("svg-script", "stemma.svg", SVG.format("<script>alert(1)</script>").encode(), "l'elemento <script>"),
    ("svg-onload", "stemma.svg", SVG.format('<circle r="1" onload="alert(1)"/>').encode(), 'attributo onload="…"'),
    ("svg-external-image", "stemma.svg", SVG.format('<image href="https://x.example/a.png"/>').encode(), "riferimento esterno"),
    ("svg-data-uri", "stemma.svg", SVG.format('<image xlink:href="data:text/html,&lt;script&gt;"/>').encode(), "riferimento esterno"),
    ("svg-javascript-link", "stemma.svg", SVG.format('<a href="javascript:alert(1)"><circle r="1"/></a>').encode(), "riferimento esterno"),
    ("svg-foreign-object", "stemma.svg", SVG.format("<foreignObject><div/></foreignObject>").encode(), "<foreignObject>"),
    ("svg-animate-href", "stemma.svg", SVG.format('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>').encode(), "<set>"),
    ("svg-style-import", "stemma.svg", SVG.format("<style>@import url(https://x.example/a.css);</style>").encode(), "foglio di stile"),
    ("svg-style-attr-url", "stemma.svg", SVG.format('<circle r="1" style="fill:url(https://x.example/f)"/>').encode(), "stile che carica"),
    ("svg-entity-bomb", "stemma.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "DOCTYPE"),
    ("svg-not-svg", "stemma.svg", b"<html><body>x</body></html>", "non è un'immagine SVG"),
    ("svg-broken", "stemma.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><circle", "SVG non leggibile"),
    ("gif", "stemma.gif", b"GIF89a", "formato non ammesso (.gif)"),
    ("too-big", "stemma.png", png() + b"\x00" * 600_000, "troppo grande"),
]


@pytest.mark.parametrize(("name", "content", "expected"), [c[1:] for c in EMBLEMS], ids=[c[0] for c in EMBLEMS])
def test_emblem_checked_by_content(name, content, expected):
    why = emblem_problem(name, content)
    assert (why is None) if expected is None else (why is not None and expected in why), why


COLOURS = [
    ("#0b4f8a", None),
    ("#5A1E6E", None),
    ("#000", None),
    ("#ffcc00", "contrasto con il bianco 1,"),
    ("#1e90ff", "contrasto con il bianco 3,"),
    ("#fff", "contrasto con il bianco 1,00:1"),
    ("rosso", "atteso un colore esadecimale"),
    ("#12345", "atteso un colore esadecimale"),
]


@pytest.mark.parametrize(("colour", "expected"), COLOURS, ids=[c[0] for c in COLOURS])
def test_primary_colour_needs_contrast_with_white(colour, expected):
    why = colour_problem(colour)
    assert (why is None) if expected is None else (why is not None and expected in why), why
    if expected is None and colour.startswith("#") and len(colour) == 7:
        assert contrast(colour, "#ffffff") >= 4.5


IDENTITY = """
stemma:
  file: immagini/stemma.{ext}
  testo_alternativo: Stemma dell'ente <di prova>
colore_primario: "{colour}"
"""


def with_identity(tmp_path, ext="png", content=None, colour="#5a1e6e"):
    d = copy_sample(tmp_path)
    (d / "immagini").mkdir()
    (d / "immagini" / f"stemma.{ext}").write_bytes(content if content is not None else png())
    body = d / "ente.yaml"
    body.write_text(body.read_text(encoding="utf-8") + IDENTITY.format(ext=ext, colour=colour), encoding="utf-8")
    return d


def test_bad_emblem_and_colour_are_located_errors(tmp_path):
    d = with_identity(tmp_path, "svg", SVG.format('<circle r="1" onclick="x()"/>').encode(), "#ffcc00")
    r = run("validate", "--data", str(d))
    out = r.stdout + r.stderr
    assert r.returncode == 1
    lines = (d / "ente.yaml").read_text(encoding="utf-8").splitlines()
    colour_line = next(n for n, line in enumerate(lines, 1) if line.startswith("colore_primario"))
    assert_located(out, f"ente.yaml:{colour_line}:", "colore_primario", '"#ffcc00"', "almeno 4,5:1")


def test_emblem_outside_data_is_refused(tmp_path):
    d = with_identity(tmp_path)
    target = tmp_path / "altrove.png"
    target.write_bytes(png())
    (d / "immagini" / "stemma.png").unlink()
    (d / "immagini" / "stemma.png").symlink_to(target)
    _, issues = load(d)
    assert any(i.field == "stemma.file" and "collegamento simbolico" in i.message for i in issues.errors), [str(i) for i in issues.items]


def test_identity_reaches_every_page(tmp_path):
    d = with_identity(tmp_path)
    site = tmp_path / "sito"
    build(d, site)
    assert (site / "assets/ente/stemma.png").read_bytes() == png()
    css = (site / "assets/stylesheets/ente.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #5a1e6e;" in css
    _, issues = load(d)
    assert not [i for i in issues.items if "stemma" in i.file]  # read, not reported as an unused file
    for page in [site / "index.html", site / "amministrazione-trasparente/performance/index.html", site / "404.html"]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        img = soup.select_one(".md-header img.stemma-ente")
        assert img is not None and img["alt"] == "Stemma dell'ente <di prova>", page  # escaped text, not markup
        assert soup.select_one('link[href$="assets/stylesheets/ente.css"]') is not None
        bar = soup.select_one(".barra-appartenenza a")
        assert bar is not None and bar.get_text(strip=True) == "Sistema camerale" and bar["href"] == "https://www.unioncamere.gov.it"


def test_sample_without_emblem_keeps_the_icon(built_site):
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".md-header img.stemma-ente") is None
    assert soup.select_one(".md-header .md-logo svg") is not None
    assert "--md-primary-fg-color:" not in (built_site / "assets/stylesheets/ente.css").read_text(encoding="utf-8")  # the default colour
