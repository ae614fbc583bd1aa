"""Live preview: rebuild when a data file, a template or the theme changes.

Uses MkDocs' own LiveReloadServer: the browser reloads the page after every
successful rebuild. When the data has errors they are printed and the last
good preview stays on screen.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from . import incremental, svg
from .build import CACHE, CONFIG, CONTENT, ROOT, SiteBuildError, build_mkdocs, generate
from .issues import DataError, Issues
from .render import RenderMemo

log = logging.getLogger("generator")


_WRITES = {watchdog.events.EVENT_TYPE_CREATED, watchdog.events.EVENT_TYPE_DELETED, watchdog.events.EVENT_TYPE_MODIFIED,
           watchdog.events.EVENT_TYPE_MOVED}


_GONE = {watchdog.events.EVENT_TYPE_DELETED, watchdog.events.EVENT_TYPE_MOVED}


def _linked_folders(path: str) -> list[str]:
    """The real folders that links under `path` point to (inotify does not follow a link to a folder)."""
    seen, found = {os.path.realpath(path)}, []
    for root, dirs, _ in os.walk(path, followlinks=True):
        for d in dirs:
            real = os.path.realpath(os.path.join(root, d))
            if os.path.islink(os.path.join(root, d)) and real not in seen:
                seen.add(real)
                found.append(real)
    return found


class _PreviewServer(LiveReloadServer):
    """MkDocs' server, answering a path it cannot map to a file (NUL, bad encoding) with 404, not a traceback,
    and told of a saved file at once by the system (inotify; MkDocs polls every 0.5 s); polling only what
    the system cannot watch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._native = watchdog.observers.Observer()  # running: a folder it cannot watch fails in watch()
        self._native.start()

    def _changed(self, event) -> None:
        # Writes, not the build's own reads (opened, closed); a folder only when it goes (deleted, moved away).
        if event.event_type in _WRITES and (not event.is_directory or event.event_type in _GONE):
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        self._watched_paths[path] = 1
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._changed
        try:
            self._watch_refs[path] = self._native.schedule(handler, path, recursive=recursive)
            for real in _linked_folders(path) if recursive else ():  # a data folder linked from elsewhere
                self._native.schedule(handler, real, recursive=True)
        except OSError:  # the system will not watch it (no inotify watch left): MkDocs' polling observer does
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def shutdown(self, wait=False) -> None:
        self._native.stop()
        super().shutdown(wait)

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if "\x00" in path or "%00" in path or len(path) > 2000:
            return None
        try:
            return super()._serve_request(environ, start_response)
        except (ValueError, OSError, UnicodeError):
            return None


class Preview:
    """What serve keeps between rebuilds, in `work`: the docs folder as the last build staged it, the years'
    rendered pages (RenderMemo), MkDocs' workspace. Each rebuild renders, writes and converts again only
    what the edit changed, and gives the site a clean build would (tests/test_incremental.py)."""

    def __init__(self, data_dir: Path, work: Path, url: str, cache_dir: Path | None = CACHE, content_dir: Path = CONTENT):
        self.data_dir, self.url, self.cache_dir, self.content_dir = data_dir, url, cache_dir, content_dir
        self.docs = work / "docs"
        self.ws = incremental.Workspace(work / "ws")  # this process's alone
        self.ws.site.mkdir(parents=True, exist_ok=True)
        self.memo, self.staged = RenderMemo(), {}

    @property
    def site_dir(self) -> Path:
        return self.ws.site

    def rebuild(self) -> Issues:
        """Build again; DataError or SiteBuildError leave the last good preview in place."""
        try:
            ds, site, issues, _ = generate(self.data_dir, self.docs, self.content_dir, self.cache_dir, memo=self.memo, staged=self.staged)
        except (DataError, SiteBuildError):  # raised before anything is written
            raise
        except BaseException:  # a stage cut short: write everything next time
            self.staged.clear()
            shutil.rmtree(self.docs, ignore_errors=True)
            raise
        build_mkdocs(ds, site, self.docs, self.ws, CONFIG, serve_url=self.url)
        return issues


def serve(data_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    data_dir = data_dir.resolve()
    work = Path(tempfile.mkdtemp(prefix="trasparenza-anteprima-"))
    preview = Preview(data_dir, work, f"http://{host}:{port}/")
    site_dir = preview.site_dir

    def builder() -> None:
        try:
            issues = preview.rebuild()
        except DataError as e:
            for issue in e.issues.items:
                print(str(issue), file=sys.stderr)
            print("Anteprima non aggiornata: correggere gli errori indicati.", file=sys.stderr)
            return
        except SiteBuildError as e:
            print(str(e), file=sys.stderr)
            return
        for issue in issues.warnings:
            print(str(issue), file=sys.stderr)
        print(f"Anteprima aggiornata: http://{host}:{port}/", file=sys.stderr, flush=True)

    server = _PreviewServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path="/")
    try:
        builder()
        threading.Thread(target=svg.warm_up, name="warm-up", daemon=True).start()  # the first edit then pays no imports
        for path in (data_dir, CONTENT, ROOT / "theme", CONFIG, Path(__file__).parent / "templates"):
            if path.exists():
                server.watch(str(path))
        print(f"Anteprima su http://{host}:{port}/ (Ctrl+C per terminare)", file=sys.stderr, flush=True)
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError:
        print(f"Impossibile aprire l'anteprima su {host}:{port}: la porta è già in uso o l'indirizzo non è di questa macchina; "
              "usare un'altra porta (ad es. --port 8001)", file=sys.stderr)
        return 1
    finally:
        server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return 0
