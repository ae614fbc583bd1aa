"""Vega-Lite → SVG with vl-convert, offline, cached by what each chart draws.

vl-convert measures text with Titillium Web (the font package's directory is
the only one registered, the family is named first in the chart theme, and a
chart whose first family is missing is refused rather than measured with a
fallback), and each SVG carries a subset of that same font (fonts.embed): an
SVG shown as <img> draws only with fonts it contains, so this is the only way
the browser draws the text that was measured. No network: no data or image
URL is allowed, no Google font is fetched.

vl-convert 2 measures text through a canvas polyfill (≈ 20-80 ms a chart; 1.9
re-opened the font file for every glyph it measured, up to 1.7 s a chart).

The cache: one file per SVG, named by a hash of the chart's key (charts.py:
what it draws and the code and style that draw it) and of the renderer
(vl-convert's version and options, the font's fingerprint, this file). A chart
without a key is keyed by its spec. Every build marks the entries it uses
(their modification time, at most once a day) and removes those no build has
used for PRUNE_DAYS days.

The SVGs not in the cache are drawn in a thread beside the build's next steps
(`Drawing`; build() waits for them before MkDocs copies the static files):
vl-convert releases the GIL, so its conversions run on the other core while
MkDocs converts pages (a cold build at 10 years, 394 charts drawn: 20.1 s
instead of 26.9 s, medians of runs side by side; the chart thread's own Python,
the font subsets above all, shares the GIL with MkDocs). More conversions at once did not pay: vl-convert's
2 workers fed by 2 threads, 8.7 s against 9.8 s for 400 charts and 227 MB
against 192 MB; a second process would hold a second vl-convert (~135 MB).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Mapping, Protocol

from . import fonts

PACKAGE = "vl-convert-python"
# Per conversion: Italian number and date formats.
OPTIONS: dict[str, Any] = {"format_locale": "it-IT", "time_format_locale": "it-IT"}
# The converter, once per process: nothing from the network, and a missing first font family is an error.
CONFIG: dict[str, Any] = {
    "allowed_base_urls": [],
    "base_url": False,
    "auto_google_fonts": False,
    "allow_google_fonts": False,
    "google_fonts": [],
    "embed_local_fonts": False,
    "missing_fonts": "error",
    "num_workers": 1,
    # V8's heap grows to ~180 MB over a few hundred charts unless capped; capped (64 MB, the least) it collects sooner, for the
    # same time (measured: 394 charts, 130 MB peak instead of 184 MB). gc_after_conversion frees more but is 6× slower.
    "max_v8_heap_size_mb": 64,
}
PRUNE_DAYS = 30
_DAY = 86400.0


class Drawable(Protocol):
    key: str | None
    spec: Mapping[str, Any]


@cache
def renderer() -> str:
    """Changes when anything but the chart itself would change an SVG: the renderer, its options, the font, this code."""
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return json.dumps({"vl_convert": version(PACKAGE), "options": OPTIONS, "config": CONFIG, "font": fonts.fingerprint(), "code": source},
                      sort_keys=True)


def cache_key(spec: Mapping[str, Any]) -> str:
    """The cache key of a chart without a key of its own: its spec."""
    payload = json.dumps({"spec": dict(spec), "renderer": renderer()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def file_key(chart: Drawable) -> str:
    if not chart.key:
        return cache_key(chart.spec)
    return hashlib.sha256(json.dumps([chart.key, renderer()]).encode("utf-8")).hexdigest()


_converter: list[Any] = []
_converter_lock = threading.Lock()


def _vlc():
    """vl-convert, configured once per process (imported only when a chart is drawn)."""
    with _converter_lock:
        if not _converter:
            import vl_convert as vlc

            vlc.set_font_directories([str(fonts.FILES_DIR)])
            vlc.configure(**CONFIG)
            _converter.append(vlc)
    return _converter[0]


def warm_up() -> None:
    """Import and configure now what the first chart drawn would (serve, while the first preview is read):
    vl-convert, fontTools and the font's kerning (fonts.embed)."""
    import fontTools.subset  # noqa: F401

    _vlc()
    for weight in fonts.CHART_WEIGHTS:
        fonts.kerning(weight)


def _convert(spec: Mapping[str, Any]) -> str:
    return re.sub(r"\s+$", "\n", _vlc().vegalite_to_svg(dict(spec), **OPTIONS))


def render(spec: Mapping[str, Any]) -> str:
    """The SVG of one spec, with the subset of Titillium Web it draws (no cache)."""
    # The picture is described by the <img alt> on the page; the SVG itself is decorative markup.
    return fonts.embed(_convert(spec))


@dataclass
class Rendered:
    svgs: dict[str, str]  # name → SVG
    drawn: list[str]  # the names whose SVG vl-convert drew in this build (the others came from the cache)
    rendered: int  # conversions (charts drawn identically under several names are drawn once)


def mark_used(path: Path, now: float | None = None) -> None:
    """Note that a build used this cache entry (its mtime, refreshed at most once a day)."""
    now = time.time() if now is None else now
    try:
        if path.stat().st_mtime < now - _DAY:
            os.utime(path, (now, now))
    except OSError:  # a read-only cache still serves
        pass


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def digest(data: bytes) -> str:
    """What stage (build.py) records of a file it wrote."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Drawing:
    """The SVGs of a site: those in the cache read at once, the others drawn in a thread (`start`) while the
    build goes on, since vl-convert releases the GIL: MkDocs converts pages on the other core meanwhile.
    Each drawn SVG goes to the cache and into the docs folder (`start(docs)`; or is kept, `start()`);
    `finish` waits for the last and raises what the thread raised. A chart shown under several names is
    drawn once."""

    def __init__(self, charts: Mapping[str, Drawable], cache_dir: Path | None):
        self.cached: dict[str, str] = {}  # name → SVG read from the cache
        self.missing: dict[str, list[str]] = {}  # file key → the names of an SVG not in the cache
        self.kept: dict[str, str] = {}  # name → SVG drawn (start() without a folder)
        self.written: dict[str, str] = {}  # name → digest of the SVG drawn into the docs folder
        self.seconds = 0.0  # the thread's time
        self._charts: dict[str, Drawable] = {}  # file key → the chart to draw (the site's map may be emptied meanwhile)
        self._cache_dir = cache_dir
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._error: BaseException | None = None
        now = time.time()
        for name, chart in charts.items():
            key = file_key(chart)
            if key in self.missing:
                self.missing[key].append(name)
                continue
            hit = cache_dir / f"{key}.svg" if cache_dir else None
            if hit:
                try:
                    self.cached[name] = hit.read_text(encoding="utf-8")
                    mark_used(hit, now)
                    continue
                except FileNotFoundError:
                    pass
            self.missing[key] = [name]
            self._charts[key] = chart

    @property
    def drawn(self) -> list[str]:
        """The names whose SVG vl-convert draws in this build (the others came from the cache)."""
        return [n for names in self.missing.values() for n in names]

    def start(self, docs: Path | None = None) -> Drawing:
        """Draw the missing SVGs in a thread; with `docs`, each is written there (an empty file stands in
        for it until then, so that MkDocs lists it)."""
        for name in self.drawn if docs else ():
            target = docs / name
            if not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(b"")
        if self.missing:
            self._thread = threading.Thread(target=self._draw, args=(docs,), name="grafici", daemon=True)
            self._thread.start()
        return self

    def _draw(self, docs: Path | None) -> None:
        started = time.perf_counter()
        try:
            for key, names in self.missing.items():
                if self._stop.is_set():
                    return
                svg = render(self._charts[key].spec)
                if self._cache_dir:
                    write_atomic(self._cache_dir / f"{key}.svg", svg)
                if docs is None:
                    self.kept.update(dict.fromkeys(names, svg))
                    continue
                data = svg.encode("utf-8")
                for name in names:
                    (docs / name).write_bytes(data)
                    self.written[name] = digest(data)
        except BaseException as e:  # noqa: BLE001 (raised again by finish)
            self._error = e
        finally:
            self.seconds = time.perf_counter() - started

    def finish(self) -> None:
        """Wait for the thread; raise what it raised."""
        if self._thread:
            self._thread.join()
        if self._error:
            raise self._error

    def close(self) -> None:
        """Stop after the chart being drawn (a build that failed or was interrupted) and wait."""
        self._stop.set()
        if self._thread:
            self._thread.join()


def render_all(charts: Mapping[str, Drawable], cache_dir: Path | None) -> Rendered:
    """Render {name: chart} to {name: svg}, reusing cached results (a hit never builds the chart's spec)."""
    drawing = Drawing(charts, cache_dir).start()
    drawing.finish()
    svgs = {**drawing.cached, **drawing.kept}
    return Rendered({name: svgs[name] for name in charts}, drawing.drawn, len(drawing.missing))


def prune(cache_dir: Path | None, days: float = PRUNE_DAYS, now: float | None = None) -> int:
    """Remove cache entries no build has used for `days` days (and temporary files left by an interrupted build)."""
    if not cache_dir or not cache_dir.is_dir():
        return 0
    now = time.time() if now is None else now
    removed = 0
    for entry in os.scandir(cache_dir):  # the drawing thread may be writing (and renaming) entries meanwhile
        age = {".tmp": _DAY, ".svg": days * _DAY, ".json": days * _DAY}.get(os.path.splitext(entry.name)[1])
        try:
            if age is not None and entry.stat().st_mtime < now - age:
                os.unlink(entry.path)
                removed += 1
        except OSError:  # gone already (renamed into place by the thread, or removed by another build)
            pass
    return removed
