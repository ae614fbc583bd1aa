"""Live preview: rebuild when a data file, a template or the theme changes.

Uses MkDocs' own LiveReloadServer: the browser reloads the page after every
successful rebuild. When the data has errors they are printed and the last
good preview stays on screen.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from . import incremental
from .build import CACHE, CONFIG, CONTENT, ROOT, SiteBuildError, build_mkdocs, generate
from .issues import DataError

log = logging.getLogger("generator")


class _PreviewServer(LiveReloadServer):
    """MkDocs' server, answering a path it cannot map to a file (NUL, bad encoding) with 404, not a traceback."""

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if "\x00" in path or "%00" in path or len(path) > 2000:
            return None
        try:
            return super()._serve_request(environ, start_response)
        except (ValueError, OSError, UnicodeError):
            return None


def serve(data_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    data_dir = data_dir.resolve()
    work = Path(tempfile.mkdtemp(prefix="trasparenza-anteprima-"))
    ws = incremental.Workspace(work / "ws")  # this process's alone: each rebuild redoes only what the edit changed
    site_dir = ws.site
    site_dir.mkdir(parents=True)

    def builder() -> None:
        docs = work / "docs"
        if docs.exists():
            shutil.rmtree(docs)
        try:
            ds, site, issues, _ = generate(data_dir, docs, CONTENT, CACHE)
            build_mkdocs(ds, site, docs, ws, CONFIG, serve_url=f"http://{host}:{port}/")
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

    server = _PreviewServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path="/", polling_interval=0.2)  # MkDocs polls every 0.5 s
    try:
        builder()
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
