"""The build: load → check → compute → render → charts → stage → MkDocs (incremental) → post-build → swap.

Nothing is written before every data file is loaded and checked. The site is
built into a temporary folder next to the target and moved into place only
when MkDocs (strict) succeeds, so a failed build leaves the previous site
untouched.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError

from . import atmap, charts, escape, feed, fonts, identity, incremental, opendata, svg, urls
from .check import check
from .compute import YearResult
from .issues import DataError, Issues
from .load import YEAR_FILE, load
from .model import Dataset, is_placeholder
from .render import Site, RenderMemo, render_site

log = logging.getLogger("generator")

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
CONTENT = ROOT / "content"
CACHE = ROOT / ".cache" / "charts"


class SiteBuildError(Exception):
    """MkDocs refused the generated site (strict mode); message in Italian."""


MARKER = ".trasparenza-sito"
MARKER_TEXT = "Sito costruito dal generatore 'Amministrazione trasparente': questa cartella viene sostituita a ogni build.\n"
TEMP_MARKER = ".trasparenza-temp"
# What a site built before the marker existed always holds; anything outside LEGACY_TOP is not ours.
LEGACY_REQUIRED = ("sitemap.xml", "search/search_index.json", "amministrazione-trasparente/index.html")
LEGACY_TOP = {"404.html", "index.html", "sitemap.xml", "sitemap.xml.gz", "search", "assets", "amministrazione-trasparente",
              "dati", "documenti", "feed.xml", "robots.txt", "catalogo.ttl", "grafici", "stylesheets", "javascripts", "note-legali", "come-leggere-i-dati", "glossario"}


def _inside(a: Path, b: Path) -> bool:
    """True when `a` is `b` or inside it."""
    return a == b or b in a.parents


def _is_legacy_site(d: Path) -> bool:
    names = {p.name for p in d.iterdir()}
    hand_written = {p.stem if p.suffix == ".md" else p.name for p in CONTENT.iterdir()} if CONTENT.is_dir() else set()
    return all((d / r).is_file() for r in LEGACY_REQUIRED) and names <= LEGACY_TOP | hand_written | {MARKER}


def _built_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if (p.is_file() or p.is_symlink()) and p.name != MARKER)


def _added_by_hand(site: Path) -> list[str]:
    """Files of a built site that its build did not write (its marker lists what it wrote; an older marker, nothing)."""
    listed = set((site / MARKER).read_text(encoding="utf-8", errors="replace").splitlines()[1:])
    return [f for f in _built_files(site) if f not in listed] if listed else []


def guard_site(site_dir: Path, data_dir: Path) -> None:
    """Refuse a --site that is not ours to replace (SiteBuildError, message in Italian); touch nothing."""
    given = str(site_dir)
    if not given.strip():
        raise SiteBuildError("--site è vuoto: indicare la cartella del sito, ad esempio --site site")
    site, data = site_dir.expanduser().resolve(), data_dir.expanduser().resolve()
    if site.exists() and not site.is_dir():
        raise SiteBuildError(f"--site {given} è un file, non una cartella: indicare una cartella nuova, vuota o un sito già costruito (ad esempio --site site)")
    if _inside(data, site) or _inside(site, data):
        raise SiteBuildError(f"--site {given} contiene la cartella dei dati {data_dir} o è al suo interno: il sito la sostituirebbe; indicare una cartella separata (ad esempio --site site)")
    if _inside(ROOT, site):
        raise SiteBuildError(f"--site {given} contiene il progetto: il sito lo sostituirebbe; indicare una sottocartella nuova (ad esempio --site site)")
    if not site.exists() or not any(site.iterdir()):
        return
    if (site / MARKER).is_file():
        if added := _added_by_hand(site):
            shown = ", ".join(added[:5]) + (f" e altri {len(added) - 5}" if len(added) > 5 else "")
            them = "lo" if len(added) == 1 else "li"
            raise SiteBuildError(f"--site {given}: {len(added)} file che la costruzione precedente non ha scritto ({shown}): "
                                 f"per non cancellar{them} la costruzione si ferma; un file da pubblicare con il sito va in content/ "
                                 f"(ad es. content/CNAME), che ogni costruzione copia; altrimenti spostar{them} fuori dal sito")
        return
    if _is_legacy_site(site):
        log.warning("la cartella %s è un sito costruito da una versione precedente: viene adottata e sostituita", given)
        return
    raise SiteBuildError(f"--site {given} contiene file che non sono un sito costruito da questo generatore (manca il file {MARKER}): "
                         "per non cancellarli la costruzione si ferma; indicare una cartella nuova o vuota, oppure spostare o svuotare questa")


def _keep_mode(old: Path, new: Path) -> None:
    """The new site folder gets the old one's permissions and group (a web server's group, a setgid bit), where allowed."""
    st = old.stat()
    try:
        os.chown(new, -1, st.st_gid)
    except OSError:
        pass
    os.chmod(new, stat.S_IMODE(st.st_mode))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale_temps(parent: Path, name: str) -> None:
    """Remove temporary folders of earlier builds whose process is gone (recognised by their marker)."""
    for d in parent.glob(f".{name}.*"):
        marker = d / TEMP_MARKER
        if not d.is_dir() or d.is_symlink() or not marker.is_file():
            continue
        text = marker.read_text(encoding="utf-8", errors="replace").strip()
        if text.isdigit() and int(text) != os.getpid() and not _pid_alive(int(text)):
            shutil.rmtree(d, ignore_errors=True)


class Interrupted(Exception):
    """SIGINT or SIGTERM during a build; carries the exit code (130 or 143)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


@contextmanager
def _signals_as_exceptions():
    """Turn SIGINT/SIGTERM into an exception so every `finally` (temp cleanup) runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, _frame):
        raise Interrupted(128 + signum)

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@dataclass
class Report:
    pages: int
    charts: int  # SVGs of the site (a chart and its phone variant are two)
    charts_rendered: int  # SVGs drawn by vl-convert (the rest came from the cache)
    seconds: float
    issues: Issues
    charts_built: int = 0  # Vega-Lite specs built with Altair (0 when every chart was in the cache)
    pages_built: int = 0  # pages MkDocs converted and rendered (the others were unchanged since the last build)


class ChartWork:
    """The chart step: the SVGs read from the cache at once, the others drawn beside the next steps
    (svg.Drawing) until `finish`; then the SVGs drawn (docs paths), the conversions, the Vega-Lite specs built."""

    def __init__(self, site_charts: dict, cache_dir: Path | None, docs: Path):
        self.total = len(site_charts)  # SVGs of the site
        self._built_before = charts.specs_built()  # before the thread builds any
        self.drawing = svg.Drawing(site_charts, cache_dir).start(docs)
        self.built = 0

    @property
    def drawn(self) -> tuple[str, ...]:
        return tuple(self.drawing.drawn)

    @property
    def rendered(self) -> int:  # conversions (a chart shown under several paths is drawn once)
        return len(self.drawing.missing)

    def finish(self, staged: dict[str, str] | None = None) -> None:
        """Wait for the last SVG (written into the docs folder); `staged` (serve) learns what was written."""
        self.drawing.finish()
        if staged is not None:
            staged.update(self.drawing.written)
        self.built = charts.specs_built() - self._built_before


def newest_update(ds: Dataset) -> date:
    """The newest `aggiornato` anywhere in the data: the site's date (never the build clock)."""
    dates = [ds.body.updated, *(y.year.updated for y in ds.years)]
    for y in ds.years:
        dates += [d.config.updated for d in (y.budget, y.staff) if d]
        dates += [y.bonuses.updated] if y.bonuses else []
        dates += [s.section.updated for s in y.sections]
    if ds.documents:
        dates.append(ds.documents.updated)
    return max(dates)


@contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def stage(site: Site, svgs: dict[str, str], content_dir: Path, docs: Path, fonts_cache: Path | None = None,
          kept: dict[str, str] | None = None, pending: set[str] = frozenset()) -> None:
    """Write the MkDocs docs folder: hand-written content, then generated pages, charts and files, and the
    site's typeface (WOFF2 of the charts' TTF) with its licence.

    With `kept` (serve: the folder stays between builds; {path: digest} of what the last stage wrote)
    only what changed is written and what is no longer there is removed; `kept` is updated. `pending`:
    the charts being drawn into the folder meanwhile (svg.Drawing), left alone."""
    hand = {p.relative_to(content_dir).as_posix(): p for p in sorted(content_dir.rglob("*")) if p.is_file()} if content_dir.is_dir() else {}
    files: dict[str, str | bytes | Path] = dict(hand)
    for page in site.pages:
        if page.path in hand:
            raise SiteBuildError(f"la pagina generata {page.path} esiste già in {content_dir.name}/: rinominare quella scritta a mano")
        files[page.path] = page.text
    files.update(svgs)
    files.update(site.files)
    files.update(site.copies)
    files.update(fonts.cached_site_files(fonts_cache))
    written: dict[str, str] = dict.fromkeys(pending, "")
    for path, data in files.items():
        if path in pending:
            continue
        if isinstance(data, Path):
            st = data.stat()
            digest = f"{data}:{st.st_size}:{st.st_mtime_ns}"
        else:
            data = data.encode("utf-8") if isinstance(data, str) else data
            digest = svg.digest(data) if kept is not None else ""
        written[path] = digest
        if kept is not None and kept.get(path) == digest and (docs / path).is_file():
            continue
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            target.write_bytes(data)
    if kept is not None:
        for path in kept.keys() - written.keys():
            (docs / path).unlink(missing_ok=True)
        kept.clear()
        kept.update(written)


IDENTITY_CSS = "assets/stylesheets/ente.css"  # listed in mkdocs.yml's extra_css


def emblem_path(body) -> str:
    """Where the body's emblem is published (docs-relative)."""
    return "assets/ente/stemma." + body.emblem.file.rsplit(".", 1)[-1].lower()


def mkdocs_settings(ds: Dataset, site: Site, docs: Path, out: Path, dev: bool = False) -> dict:
    """What the generator sets in MkDocs' configuration for this body. Material prints site_name,
    copyright, site_description and extra as HTML, so every value from the data is handed over
    escaped (escape.mkdocs_text); addresses become links (escape.url/mailto/tel)."""
    body = ds.body
    ente = {k: ("" if is_placeholder(v) else v) for k, v in body.model_dump(by_alias=True, mode="json").items() if isinstance(v, str)}
    for k in ("indirizzo", "pec", "codice_fiscale", "partita_iva"):
        ente[k] = ente[k] or "da completare"
    links = {"email": escape.mailto, "pec": escape.mailto, "telefono": escape.tel,
             "dichiarazione_accessibilita": escape.url, "privacy": escape.url, "sito_web": escape.url}
    extra_ente = {k: escape.mkdocs_text(v) for k, v in ente.items()}
    extra_ente.update({f"{k}_href": escape.html(make(ente[k])) for k, make in links.items() if ente[k] and not is_placeholder(ente[k])})
    if body.emblem:
        extra_ente.update(stemma_src=emblem_path(body), stemma_alt=escape.mkdocs_text(body.emblem.alt))
    if body.parent:
        extra_ente["appartenenza"] = escape.mkdocs_text(body.parent.name)
        if body.parent.url:
            extra_ente["appartenenza_href"] = escape.html(body.parent.url)
    overrides = dict(
        extra={"generator": False, "ente": extra_ente},
        site_name=escape.mkdocs_text(body.name),
        docs_dir=str(docs),
        site_dir=str(out),
        nav=site.nav,
        copyright=escape.mkdocs_text(f"{body.name} · Dati e testi pubblicati con licenza CC BY 4.0"),
        site_description=escape.mkdocs_text(f"Amministrazione trasparente: il ciclo della performance di {body.short_name}"),
    )
    if not is_placeholder(body.site_url):
        overrides["site_url"] = body.site_url
    if dev:
        overrides["site_url"] = ""
    return overrides


def mkdocs_config(ds: Dataset, site: Site, docs: Path, out: Path, config_file: Path = CONFIG, dev: bool = False):
    """MkDocs' configuration: mkdocs.yml with `mkdocs_settings`."""
    return load_config(config_file=str(config_file), **mkdocs_settings(ds, site, docs, out, dev))


def build_mkdocs(ds: Dataset, site: Site, docs: Path, ws: incremental.Workspace, config_file: Path = CONFIG,
                 serve_url: str | None = None, charts_drawn: Callable[[], None] | None = None) -> incremental.Result:
    """Step 5: MkDocs, strict, into the workspace's site (only what changed since its last build), with the
    build date taken from the data (reproducible output); then the generator's post-build pass. `charts_drawn`
    waits for the charts still being drawn into `docs` (generate(overlap=True)) before the static files are copied."""
    epoch = str(int(datetime.combine(newest_update(ds), datetime.min.time(), UTC).timestamp()))
    settings = mkdocs_settings(ds, site, docs, ws.site, dev=serve_url is not None)
    config = load_config(config_file=str(config_file), **settings)
    key = incremental.settings_key(config_file, {**settings, "epoch": epoch, "serve_url": serve_url}, Path(config.theme.custom_dir or config_file))
    try:
        with _env(SOURCE_DATE_EPOCH=epoch):
            return incremental.build_site(config, ws, key, serve_url, charts_drawn)
    except (Abort, BuildError, ConfigurationError) as e:
        raise SiteBuildError(f"MkDocs ha interrotto la costruzione del sito: {e}") from e


class Laps:
    """Seconds spent in each step of a build, for the benchmark (scripts/bench.py) and `-v`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = self.seconds.get(step, 0.0) + now - self._last
        self._last = now


def generate(data_dir: Path, docs: Path, content_dir: Path = CONTENT, cache_dir: Path | None = CACHE, strict: bool = False,
             laps: Laps | None = None, memo: RenderMemo | None = None, staged: dict[str, str] | None = None, overlap: bool = False):
    """Steps 1-4: check the data, compute, render pages and charts, write the docs folder. A process that
    builds again after an edit (serve) passes the same `memo` (years' pages) and `staged` (the docs folder
    as its last build left it) every time: only what changed is rendered and written."""
    laps = laps or Laps()
    # 1. Load and check every file; stop before writing anything.
    ds, results, issues = check(data_dir)
    laps.lap("load+check")
    if ds is None or issues.errors or (strict and issues.warnings):
        raise DataError(issues)
    # 2. Open data and pages with their charts (pure; the specs are built in step 3, and only for charts not in the cache).
    datasets = opendata.exports(ds, results)
    doc_files = [d.file for d in (ds.documents.documents if ds.documents else []) if d.file]
    site = render_site(ds, results, newest_update(ds), datasets, {f: (data_dir / f).stat().st_size for f in doc_files}, memo)
    laps.lap("render")
    # 3. Charts to SVG (cached by what each draws + renderer): those in the cache now, the others drawn in a thread
    # from now on, beside the next steps (`overlap`: until build_mkdocs waits for them) or until this returns.
    work = ChartWork(site.charts, cache_dir, docs)
    laps.lap("charts")
    try:
        # 2, continued: the open data, the feed and the other files of the site.
        _site_files(site, ds, datasets, data_dir, doc_files, memo)
        laps.lap("render")
        # 4. Stage the docs folder, with the site's typeface (WOFF2 of the charts' TTF) and its licence; forget
        # chart cache entries no build has used for a month.
        stage(site, work.drawing.cached, content_dir, docs, cache_dir.parent / "fonts" if cache_dir else None, staged, set(work.drawn))
        svg.prune(cache_dir)
        if not overlap:
            work.finish(staged)
    except BaseException:
        work.drawing.close()
        if staged is not None:  # what the thread drew (or the empty files standing in for it) is unknown: written next time
            staged.update(dict.fromkeys(work.drawn, ""))
        raise
    site.pages.clear(), site.files.clear(), site.charts.clear()  # on disk now: MkDocs needs only the navigation
    if memo is None:  # a lower peak for MkDocs; serve keeps what it rendered, and a collection of it costs ~0.1 s
        gc.collect()
    laps.lap("stage")
    return ds, site, issues, work


def _site_files(site: Site, ds: Dataset, datasets: list, data_dir: Path, doc_files: list[str], memo: RenderMemo | None) -> None:
    """The site's files besides pages and charts: open data (CSV, JSON, datapackage), documents, the body's
    colours and emblem, the feed, robots.txt, with url_sito the DCAT-AP_IT catalogue and at_map.json."""
    text = memo.call if memo else (lambda fn, *args: fn(*args))
    site.files.update({e.csv_path: text(opendata.to_csv, e) for e in datasets})
    site.files.update({e.json_path: text(opendata.to_json, e) for e in datasets})
    site.copies.update({f: data_dir / f for f in doc_files})
    site.files[IDENTITY_CSS] = identity.stylesheet(ds.body.colour)
    if ds.body.emblem:
        site.copies[emblem_path(ds.body)] = data_dir / ds.body.emblem.file
    base = "" if is_placeholder(ds.body.site_url) else ds.body.site_url.rstrip("/") + "/"
    site.files[urls.FEED] = feed.atom(ds.body, datasets, ds.documents.documents if ds.documents else [], base)
    site.files["robots.txt"] = feed.robots(base or None)
    if base:  # the DCAT-AP_IT catalogue needs absolute addresses: only when url_sito is set
        from .catalog import catalog_turtle  # rdflib (~0.2 s to import) only when a catalogue is written

        site.files[urls.CATALOG] = catalog_turtle(ds.body, datasets, base, newest_update(ds))
        site.files[urls.AT_MAP] = atmap.at_map(site.nav, base, newest_update(ds), ds.body.external_sections)
    site.files[f"{opendata.DATA_DIR}/datapackage.json"] = json.dumps(opendata.datapackage(ds, datasets), ensure_ascii=False, indent=1) + "\n"
    if memo:
        memo.keep_used()


def _workspace(cache_dir: Path | None, site_dir: Path, tmp: Path) -> Path:
    """Where MkDocs' output is kept between builds: beside the chart cache (none without a cache)."""
    kept = cache_dir.resolve().parent / "incremental" if cache_dir else None
    return tmp / "work" if kept is None or _inside(kept, site_dir) or _inside(site_dir, kept) else kept


def build(
    data_dir: Path,
    site_dir: Path,
    *,
    config_file: Path = CONFIG,
    content_dir: Path = CONTENT,
    cache_dir: Path | None = CACHE,
    strict: bool = False,
    laps: Laps | None = None,
) -> Report:
    """Build the whole site into `site_dir`, replacing it only on success."""
    started = time.perf_counter()
    laps = laps or Laps()
    guard_site(site_dir, data_dir)
    site_dir = site_dir.expanduser().resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(site_dir.parent, site_dir.name)
    with _signals_as_exceptions(), tempfile.TemporaryDirectory(prefix=f".{site_dir.name}.", dir=site_dir.parent) as tmp:
        (Path(tmp) / TEMP_MARKER).write_text(f"{os.getpid()}\n", encoding="utf-8")
        docs, out = Path(tmp) / "docs", Path(tmp) / "site"
        ds, site, issues, work = generate(data_dir, docs, content_dir, cache_dir, strict, laps, overlap=True)
        # 5-6. MkDocs and the post-build pass into the workspace kept with the caches (only what changed since
        # the last build is redone), the charts being drawn meanwhile, then a copy of the finished site to swap in.
        try:
            with incremental.Workspace.open(_workspace(cache_dir, site_dir, Path(tmp))) as ws:
                done = build_mkdocs(ds, site, docs, ws, config_file, charts_drawn=work.finish)
                laps.lap("mkdocs")
                laps.seconds["charts drawn beside stage and mkdocs"] = work.drawing.seconds
                shutil.copytree(ws.site, out)
        finally:
            work.drawing.close()
        (out / MARKER).write_text(MARKER_TEXT + "".join(f + "\n" for f in _built_files(out)), encoding="utf-8")  # what it wrote
        # 7. Swap the new site into place (with the permissions the folder had).
        old = Path(tmp) / "old"
        if site_dir.exists():
            _keep_mode(site_dir, out)
            site_dir.rename(old)
        out.rename(site_dir)
    laps.lap("post-build+swap")
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    return Report(pages, work.total, work.rendered, time.perf_counter() - started, issues, work.built, done.pages_built)
