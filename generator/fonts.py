"""The one typeface of the site and of its charts: Titillium Web (SIL Open Font License 1.1).

The TTF files come from the PyPI package `fontpkg-titillium-web`; nothing is
fetched. The same files are
- registered with vl-convert, which measures chart text with them (svg.py);
- subset to the glyphs each chart uses and embedded in that chart's SVG (an SVG
  shown as <img> draws only with the fonts it carries);
- converted to WOFF2 for the site's own @font-face (theme stylesheet), written
  into the built site next to the licence.

Every output is deterministic: same input text, same bytes (no timestamps:
fonts are opened with recalcTimestamp=False).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
import threading
import xml.etree.ElementTree as ET
from functools import cache, lru_cache
from pathlib import Path

import brotli
import fontpkg_titillium_web as package
from fontTools import version as FONTTOOLS_VERSION

FAMILY = package.FAMILY  # "Titillium Web"
FILES_DIR = package.ROOT / "files"
LICENCE = package.ROOT / "LICENSE"
# (weight, style) → TTF. Charts use 400 and 700; the site also 300 (Material's h1 and h2) and
# 400 italic (notes, "da completare"); bold italic is left to the browser (WOFF2 costs ~0.25 s a face).
FACES: dict[tuple[int, str], Path] = {
    (300, "normal"): FILES_DIR / "TitilliumWeb-Light.ttf",
    (400, "normal"): FILES_DIR / "TitilliumWeb-Regular.ttf",
    (400, "italic"): FILES_DIR / "TitilliumWeb-Italic.ttf",
    (700, "normal"): FILES_DIR / "TitilliumWeb-Bold.ttf",
}
CHART_WEIGHTS = (400, 700)
# Where the built site serves its fonts and the licence (relative to the site root).
SITE_DIR = "assets/fonts"
LICENCE_FILE = f"{SITE_DIR}/OFL.txt"


def site_font_name(weight: int, style: str) -> str:
    return f"{SITE_DIR}/titillium-web-{weight}{'-italic' if style == 'italic' else ''}.woff2"


# Bump when what embed() or woff2() write changes (the caches of charts and site fonts follow).
FORMAT = 2


@cache
def fingerprint() -> str:
    """Changes when a font file, the tools that convert it or FORMAT change (part of the cache keys)."""
    h = hashlib.sha256(f"{FORMAT} {FONTTOOLS_VERSION} {brotli.__version__} {COMMON_CHARS}".encode())
    for key in sorted(FACES):
        h.update(FACES[key].read_bytes())
    return h.hexdigest()[:16]


# fontTools is not made to be used from two threads at once (its tables are decoded lazily, some of its
# classes made on first use); the chart thread (svg.Drawing) and the main thread may both need it.
_FONTTOOLS = threading.RLock()


def _locked(fn):
    @functools.wraps(fn)
    def locked(*args, **kwargs):
        with _FONTTOOLS:
            return fn(*args, **kwargs)
    return locked


def _open(path: Path):
    from fontTools.ttLib import TTFont  # fontTools (~0.15 s to import) only when a font is read: not on a warm build

    return TTFont(path, recalcTimestamp=False)


# --------------------------------------------------------------------------- measuring


@cache
@_locked
def _metrics(weight: int) -> tuple[dict[int, int], int, int]:
    font = _open(FACES[(weight, "normal")])
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    advances = {cp: hmtx[name][0] for cp, name in cmap.items()}
    return advances, font["head"].unitsPerEm, hmtx[".notdef"][0]


def text_width(text: str, size: float, weight: int = 400) -> float:
    """Advance width of `text` in px, without kerning (Titillium's kerning only narrows text)."""
    advances, upem, missing = _metrics(700 if weight >= 600 else 400)
    return sum(advances.get(ord(c), missing) for c in text) * size / upem


def wrap(text: str, width: float, size: float, weight: int = 400) -> list[str]:
    """Split `text` at spaces into lines no wider than `width` px (a longer word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, weight) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


# --------------------------------------------------------------------------- the site


@_locked
def woff2(weight: int, style: str = "normal") -> bytes:
    """The whole face as WOFF2 (same glyphs as the TTF)."""
    font = _open(FACES[(weight, style)])
    font.flavor = "woff2"
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def site_files() -> dict[str, bytes]:
    """The files the built site serves for its typeface: one WOFF2 per face, and the licence."""
    files = {site_font_name(w, s): woff2(w, s) for (w, s) in sorted(FACES)}
    files[LICENCE_FILE] = LICENCE.read_bytes()
    return files


def cached_site_files(cache_dir: Path | None = None) -> dict[str, bytes]:
    """site_files(), from a cache keyed by fingerprint() when it holds them (WOFF2 compression is slow)."""
    cached = cache_dir / fingerprint() if cache_dir else None
    if cached and cached.is_dir() and all((cached / n).is_file() for n in _site_names()):
        return {n: (cached / n).read_bytes() for n in _site_names()}
    files = site_files()
    if cached:
        for name, data in files.items():
            target = cached / name
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
    return files


def _site_names() -> list[str]:
    return [*(site_font_name(w, s) for (w, s) in sorted(FACES)), LICENCE_FILE]


# --------------------------------------------------------------------------- the charts

_SVG = "{http://www.w3.org/2000/svg}"


def _weight(value: str | None) -> int:
    if not value or value == "normal":
        return 400
    if value in ("bold", "bolder"):
        return 700
    return 700 if value.isdigit() and int(value) >= 600 else 400


def chars_by_weight(svg: str) -> dict[int, str]:
    """The characters of every <text>, by the chart weight that draws them."""
    used: dict[int, set[str]] = {w: set() for w in CHART_WEIGHTS}
    for el in ET.fromstring(svg).iter(f"{_SVG}text"):
        used[_weight(el.get("font-weight"))].update("".join(el.itertext()))
    return {w: "".join(sorted(c for c in chars if not c.isspace() or c == " ")) for w, chars in used.items() if chars}


@cache
@_locked
def kerning(weight: int) -> dict[str, dict[str, int]]:
    """The font's pair kerning (GPOS lookups of type 2, x-advance), flattened to {left: {right: units}}.

    Per-chart subsets carry it as a legacy `kern` table: subsetting GPOS itself costs
    ~100 ms a face (fontTools decompiles all of it), this ~20 ms. Same values, so the
    browser spaces the text as vl-convert measured it (rustybuzz applies `kern`).
    """
    font = _open(FACES[(weight, "normal")])
    order = font.getGlyphOrder()
    total: dict[str, dict[str, int]] = {}
    for lookup in font["GPOS"].table.LookupList.Lookup:
        # Within a lookup the first subtable that matches a pair applies: a pair listed by a
        # format 1 subtable, or any pair whose left glyph a format 2 (class) subtable covers.
        pairs: dict[tuple[str, str], int] = {}
        claimed: set[str] = set()  # left glyphs a class subtable has taken, with every right glyph
        for st in lookup.SubTable:
            st = st.ExtSubTable if lookup.LookupType == 9 else st
            if st.LookupType != 2:
                continue
            if st.Format == 1:
                for left, pair_set in zip(st.Coverage.glyphs, st.PairSet):
                    if left not in claimed:
                        for rec in pair_set.PairValueRecord:
                            pairs.setdefault((left, rec.SecondGlyph), getattr(rec.Value1, "XAdvance", 0) or 0)
                continue
            c1, c2 = st.ClassDef1.classDefs, st.ClassDef2.classDefs
            rows = [[getattr(r.Value1, "XAdvance", 0) or 0 for r in row.Class2Record] for row in st.Class1Record]
            for left in st.Coverage.glyphs:
                if left in claimed:
                    continue
                claimed.add(left)
                row = rows[c1.get(left, 0)]
                rights = order if row[0] else c2  # class 0 (every glyph not listed) rarely kerns
                for right in rights:
                    pairs.setdefault((left, right), row[c2.get(right, 0)])
        for (left, right), value in pairs.items():
            if value:
                row = total.setdefault(left, {})
                row[right] = row.get(right, 0) + value
    return total


@lru_cache(maxsize=1024)  # charts of one build often draw the same characters (~3 KB each)
@_locked
def subset_woff2(weight: int, chars: str) -> bytes:
    """The face of `weight` reduced to `chars`, with the kerning between them, as WOFF2 (~25 ms)."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._k_e_r_n import KernTable_format_0

    font = _open(FACES[(weight, "normal")])
    cmap = font.getBestCmap()
    glyphs = {cmap[ord(c)] for c in chars if ord(c) in cmap}
    kern = newTable("kern")
    kern.version, table = 0, KernTable_format_0()
    table.version, table.format, table.coverage, table.tupleIndex = 0, 0, 1, None
    pairs = kerning(weight)
    table.kernTable = {(a, b): v for a in glyphs for b, v in pairs.get(a, {}).items() if b in glyphs}
    kern.kernTables = [table]
    for tag in ("GPOS", "GSUB", "GDEF"):
        del font[tag]
    font["kern"] = kern
    options = ftsubset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.legacy_kern = True
    options.layout_features = []
    options.drop_tables += ["FFTM"]
    options.recalc_timestamp = False
    options.name_IDs = [0, 1, 2, 13, 14]  # copyright, family, style, licence and its URL stay with the font
    options.notdef_outline = True
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    ftsubset.save_font(font, buf, options)
    return buf.getvalue()


# Characters every chart's subset carries, used or not: most charts then share a subset, made once a build
# (10 years, 508 charts: 40 subsets instead of 247, 1.7 s instead of 7.2 s; ~1.2 KB more a chart).
COMMON_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789 %'(),-./:;àèéìòù"


def subset_chars(chars: str) -> str:
    """The characters of a chart's subset: those it draws and COMMON_CHARS, in code point order."""
    return "".join(sorted(set(chars) | set(COMMON_CHARS)))


def font_face_css(svg: str) -> str:
    rules = []
    for weight, chars in sorted(chars_by_weight(svg).items()):
        data = base64.b64encode(subset_woff2(weight, subset_chars(chars))).decode("ascii")
        rules.append(f"@font-face{{font-family:'{FAMILY}';font-weight:{weight};src:url(data:font/woff2;base64,{data}) format('woff2')}}")
    return "".join(rules)


_OPEN_TAG = re.compile(r"<svg\b[^>]*>")


def embed(svg: str) -> str:
    """The SVG with a subset of Titillium Web for the glyphs it draws, in an @font-face inside it."""
    css = font_face_css(svg)
    if not css:
        return svg
    tag = _OPEN_TAG.search(svg)
    return f"{svg[: tag.end()]}<defs><style>{css}</style></defs>{svg[tag.end():]}"
