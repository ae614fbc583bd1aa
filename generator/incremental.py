"""MkDocs' build, redoing only what changed since the last build into the same workspace.

`build_site` runs the steps of `mkdocs.commands.build.build` (config, files,
navigation, pages, static files, templates, plugins) with MkDocs' own
functions, then the generator's post-build pass (postbuild.py). A page is
converted and rendered again only when its Markdown changed; otherwise what
the earlier build recorded for it (title, metadata, anchors, links to anchors,
search entries) stands in, so the navigation, the anchor checks and the search
index are those of a full build. Everything is rebuilt when anything else that
shapes every page changed: the settings (`settings_key`: MkDocs' configuration
and the data put in it, theme, builder versions, this code), the list of files,
or any title in the navigation. The output is byte-identical to a full build
(tests/test_incremental.py compares them).

The workspace keeps MkDocs' raw output (`raw/`, read again by the "versione
completa" pages), the finished site (`site/`) and what was recorded
(`state.json`). The state is removed when a build starts and written when it
succeeds: after a failed or interrupted build the next one is a full build.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands.build import _build_extra_template, _build_page, _build_theme_template, _populate_page
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from . import fastmd, glossary, jinja_cache, postbuild

log = logging.getLogger("generator")
STATE_VERSION = 1
_CODE = [Path(__file__), Path(postbuild.__file__), Path(glossary.__file__), Path(fastmd.__file__)]


def _tree_digest(h, root: Path) -> None:
    for p in sorted(root.rglob("*")) if root.is_dir() else [root] if root.is_file() else []:
        if p.is_file():
            h.update(p.relative_to(root.parent).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")


def settings_key(config_file: Path, settings: dict[str, Any], theme_dir: Path) -> str:
    """What shapes every page besides its own Markdown: mkdocs.yml and the values given to it (the
    staging folders excepted), the theme overrides, every installed package's version, this code."""
    h = hashlib.sha256(f"v{STATE_VERSION}\0".encode())
    h.update(json.dumps({k: v for k, v in settings.items() if k not in ("docs_dir", "site_dir")}, sort_keys=True, default=str).encode())
    for p in (config_file, theme_dir, *_CODE):
        _tree_digest(h, p)
    h.update(_packages().encode())
    return h.hexdigest()


@cache
def _packages() -> str:
    """Every installed package with its version (once a process: ~0.1 s)."""
    return "\0".join(sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions()))


_THEME_FILES: dict[tuple, list[tuple[str, str]]] = {}


def _add_theme_files(files: Files, env, config) -> None:
    """`files.add_files_from_theme(env, config)`, with the theme's static files listed once a process for the
    same theme folders and the same names in the custom one (listing Material's icons takes ~0.1 s)."""
    custom = config.theme.custom_dir
    names = tuple(sorted(p.relative_to(custom).as_posix() for p in Path(custom).rglob("*"))) if custom else ()
    key = (tuple(config.theme.dirs), tuple(config.theme.static_templates), names)
    if key not in _THEME_FILES:
        probe = Files([])
        probe.add_files_from_theme(env, config)
        _THEME_FILES.clear()
        _THEME_FILES[key] = [(f.src_uri, f.src_dir) for f in probe]
    for path, src_dir in _THEME_FILES[key]:
        if files.get_file_from_path(path) is None:  # theme files do not override docs_dir files
            files.append(File(path, src_dir, config.site_dir, config.use_directory_urls))


@dataclass
class Workspace:
    """A folder kept between builds: raw/ (MkDocs' output), site/ (the finished site), state.json."""

    root: Path

    @classmethod
    @contextmanager
    def open(cls, root: Path) -> Iterator[Workspace]:
        """The workspace at `root`, held by this build alone (another build into it waits)."""
        root.mkdir(parents=True, exist_ok=True)
        with open(root / ".lock", "w", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield cls(root)

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def _state(self) -> Path:
        return self.root / "state.json"

    def take(self, key: str) -> dict[str, Any] | None:
        """The earlier build's record if it was made with the same settings; it is removed either way."""
        try:
            state = json.loads(self._state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = None
        self._state.unlink(missing_ok=True)
        return state if isinstance(state, dict) and state.get("key") == key else None

    def keep(self, state: dict[str, Any]) -> None:
        tmp = self._state.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:  # a dict's entries one at a time: the record holds every page's search entries
            f.write("{")
            for i, (k, v) in enumerate(state.items()):
                f.write(f"{', ' if i else ''}{json.dumps(k)}: ")
                if isinstance(v, dict):
                    f.write("{")
                    for j, (pk, pv) in enumerate(v.items()):
                        f.write(f"{', ' if j else ''}{json.dumps(pk, ensure_ascii=False)}: {json.dumps(pv, ensure_ascii=False)}")
                    f.write("}")
                else:
                    f.write(json.dumps(v, ensure_ascii=False))
            f.write("}")
        os.replace(tmp, self._state)


@dataclass(frozen=True)
class Result:
    pages_built: int  # pages converted and rendered again
    files_written: int  # files of the site written (pages, templates, static files)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _nav_key(nav) -> str:
    def walk(items):
        return [[i.title, getattr(i, "url", None), walk(i.children) if i.children else None] for i in items]

    return _digest(json.dumps(walk(nav.items), ensure_ascii=False).encode())


def _record(page: Page, entries: list[dict]) -> dict[str, Any]:
    return {
        "title": page.title,
        "meta": page.meta,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
        "search": entries,
    }


def _restore(page: Page, rec: dict[str, Any], files) -> None:
    """Stand in for a page not converted again: what the navigation, templates and checks read of it."""
    page.markdown = ""
    page.meta = rec["meta"]
    page.title = rec["title"]
    page.present_anchor_ids = set(rec["anchors"])
    page.links_to_anchors = {files.get_file_from_path(src): links for src, links in rec["links"].items()}


def _same_file(src: Path, dest: Path) -> bool:
    try:
        return src.stat().st_size == dest.stat().st_size and src.read_bytes() == dest.read_bytes()
    except OSError:
        return False


_COMPLETE = "versione-completa/index.html"  # urls.complete_page


def _folder(rel: str) -> str:
    """The site-relative folder of the output file `rel`."""
    return rel.rsplit("/", 1)[0] if "/" in rel else "."


def _move_to_raw(ws: Workspace, rel: str) -> None:
    target = ws.raw / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(ws.site / rel, target)


def build_site(config, ws: Workspace, key: str, serve_url: str | None = None, before_static: Callable[[], None] | None = None) -> Result:
    """Build the site of `config` (whose site_dir is `ws.site`), redoing only what changed; `before_static`
    is called before the static files are copied."""
    mkdocs_log = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        mkdocs_log.addHandler(counter)
    inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
    state = ws.take(key)
    config.markdown_extensions.append(fastmd.OpaqueTables())  # the same HTML, sooner
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        env.bytecode_cache = jinja_cache.SHARED
        env.auto_reload = False  # a new environment every build: no need to look at the templates' dates on every page
        _add_theme_files(files, env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        files_key = _digest("\n".join(sorted(f"{f.src_uri}\0{f.dest_uri}" for f in files)).encode())
        if state is None or state["files"] != files_key:
            state = None
            for d in (ws.site, ws.raw):
                shutil.rmtree(d, ignore_errors=True)
                d.mkdir(parents=True)
        old: dict[str, Any] = state["pages"] if state else {}

        # Pages: convert those whose Markdown changed; the others stand in with what was recorded.
        pages = files.documentation_pages(inclusion=inclusion)
        digests, dirty = {}, set()
        for file in pages:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            digests[file.src_uri] = _digest(file.content_bytes)
            rec = old.get(file.src_uri)
            kept = all((d / file.dest_uri).is_file() for d in (ws.site, ws.raw))  # its output, unless removed since
            if rec is not None and rec["md"] == digests[file.src_uri] and kept:
                _restore(file.page, rec, files)
            else:
                _populate_page(file.page, config, files)
                dirty.add(file.src_uri)
        if state and _nav_key(nav) != state["nav"]:  # a title in the navigation changed: every page shows it
            for file in pages:
                if file.src_uri not in dirty:
                    _populate_page(file.page, config, files)
                    dirty.add(file.src_uri)
        env = config.plugins.on_env(env, config=config, files=files)

        written = 0
        templates = []
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
            templates.append(template)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)
            templates.append(template)

        search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
        records: dict[str, Any] = {}
        for file in pages:
            rec = old.get(file.src_uri)
            if file.src_uri in dirty:
                before = len(search.search_index.entries) if search else 0
                _build_page(file.page, config, pages, nav, env, excluded=file.inclusion.is_excluded())
                rec = _record(file.page, search.search_index.entries[before:] if search else [])
                _move_to_raw(ws, file.dest_uri)
                file.page.title, file.page.markdown, file.page.content = rec["title"], "", None  # written: free its text
            elif search:
                search.search_index.entries.extend(rec["search"])
            records[file.src_uri] = {**rec, "md": digests[file.src_uri]}
        for file in pages:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := counter.get_counts():
            raise Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")

        # The generator's own pass: the printable year pages (from MkDocs' output of the pages they list), then the fixes.
        html_templates = [t for t in templates if t.endswith(".html")]
        for t in html_templates:
            _move_to_raw(ws, t)
        changed = {f.dest_uri for f in pages if f.src_uri in dirty}
        present = any(f.src_uri == glossary.PAGE for f in pages)

        def read(folder: str) -> str:
            return (ws.raw / folder / "index.html").read_text(encoding="utf-8")

        for rel in [f.dest_uri for f in pages] + html_templates:
            if rel in changed or rel in html_templates:
                text = (ws.raw / rel).read_text(encoding="utf-8")
            elif rel.endswith(_COMPLETE):
                text = (ws.raw / rel).read_text(encoding="utf-8")
                if not any(f"{s}/index.html" in changed for s in postbuild.complete_sources(text, _folder(rel)) or ()):
                    continue
            else:
                continue
            text = postbuild.fill_complete(text, _folder(rel), read)
            (ws.site / rel).write_text(postbuild.fix_page(text, rel, present), encoding="utf-8")
            written += 1
        # Static files last: the charts may still be being drawn into the docs folder until now (svg.Drawing).
        if before_static:
            before_static()
        for f in files:
            if f.is_documentation_page() or not inclusion(f.inclusion):
                continue
            if f.abs_src_path is None or not _same_file(Path(f.abs_src_path), Path(f.abs_dest_path)):
                f.copy_file()
                written += 1
        ws.keep({"key": key, "files": files_key, "nav": _nav_key(nav), "pages": records})
        return Result(len(dirty), written + len(templates) - len(html_templates))
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        mkdocs_log.removeHandler(counter)
