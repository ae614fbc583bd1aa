"""Helpers for the browser suite: a sub-path static server, Chromium, axe-core, HTML_CodeSniffer.

Nothing here downloads anything: Chromium is Debian's (/usr/bin/chromium),
axe-core is the copy bundled with axe-playwright-python, HTML_CodeSniffer is
the npm package pinned in package-lock.json (installed by `npm ci`, which
`make test` runs), and the site is served from the local folder by a stdlib
HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import shutil
import socketserver
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import axe_playwright_python
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

PREFIX = "/trasparenza/"  # the site is hosted under a sub-path, never at /

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Only the local server resolves: a request to any other host fails at once (and is
    # still reported by the suite) instead of leaving the machine or waiting on DNS.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
HTMLCS_JS = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"
HTMLCS_STANDARD = "WCAG2AA"

# HTML_CodeSniffer findings that are the checker's false positives, each a rule and the
# one element it is wrong about (never a whole rule). Keep this list short and justified.
HTMLCS_FALSE_POSITIVES: list[tuple[str, str, str]] = [
    # (code suffix, CSS selector, why)
    ("H32.2", "form.md-search__form",
     "Material's search filters results as you type and never submits the form; Enter in the "
     "query field opens the first result (tests/test_browser.py::test_search_works_offline_in_italian "
     "presses it), so it is operable by keyboard without a submit button (WCAG 3.2.2 is met)."),
]


# --------------------------------------------------------------------------- server


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _handler(root: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        """Serve `root` at PREFIX; anything outside PREFIX is a 404."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def _outside(self) -> bool:
            path = unquote(urlsplit(self.path).path)
            return not path.startswith(PREFIX)

        def send_head(self):
            if self._outside():
                self.send_error(404, "Fuori dal percorso del sito")
                return None
            return super().send_head()

        def translate_path(self, path: str) -> str:
            # Strip the prefix, then let the stdlib map (and sanitise) the rest.
            parts = urlsplit(path)
            rest = "/" + parts.path[len(PREFIX):]
            return super().translate_path(rest)

        def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
            pass

    return Handler


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free port of 127.0.0.1; yield the site's base URL (ending in PREFIX)."""
    httpd = _Server(("127.0.0.1", 0), _handler(root))
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield f"http://{host}:{port}{PREFIX}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- browser


@contextmanager
def chromium_context(playwright, **context_options) -> Iterator:
    """A headless persistent Chromium context with a fresh, throw-away profile."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium non trovato in {CHROMIUM}: installarlo con 'make browser'")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            service_workers="block",
            **context_options,
        )
        try:
            yield context
        finally:
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def settle(page, timeout: float = 3000) -> None:
    """Wait until no CSS transition or animation is running (or pending a delay).

    Material fades things in (the skip link, the header search box...): a check made
    mid-transition sees colours and opacities the user never sees once it is done.
    """
    try:
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')",
            timeout=timeout,
            polling="raf",
        )
    except PlaywrightTimeoutError:
        pass  # an endless animation: check the page as it is


# --------------------------------------------------------------------------- axe


@dataclass
class Violation:
    rule: str
    impact: str | None
    help: str
    url: str
    nodes: list[tuple[str, str, str]]  # (target selector, html snippet, failure summary)

    def describe(self) -> str:
        lines = [f"[{self.impact}] {self.rule}: {self.help} ({self.url})"]
        for target, html, summary in self.nodes:
            lines.append(f"    - {target}\n      {html}")
            if summary:
                lines.append("      " + summary.replace("\n", "\n      "))
        return "\n".join(lines)


def start_axe(page) -> None:
    """Inject axe-core into `page` and start the WCAG 2.1 A/AA and best-practice rules.

    Returns at once: axe runs in the page's renderer while Python moves on (two pages
    checked at the same time use both cores); `axe_violations` collects the result.
    No rule is disabled: every violation counts. CSS transitions still running are
    waited for first, so colours are checked in their final state.
    """
    settle(page)
    page.evaluate(
        """([source, tags]) => {
            // Parse and run on the next tick, so that this call returns at once.
            window.__axeRun = new Promise(ok => setTimeout(ok, 0)).then(() => {
                (0, eval)(source);
                return axe.run(document, {
                    runOnly: {type: 'tag', values: tags},
                    resultTypes: ['violations'],
                });
            });
        }""",
        [AXE_SOURCE, AXE_TAGS],
    )


def axe_violations(page) -> list[Violation]:
    """Wait for the run started by `start_axe` and return its violations."""
    raw = page.evaluate(
        """async () => {
            const r = await window.__axeRun;
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                nodes: v.nodes.map(n => [
                    n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
                    n.html, n.failureSummary || '',
                ]),
            }));
        }"""
    )
    return [Violation(v["id"], v["impact"], v["help"], v["url"], [tuple(n) for n in v["nodes"]]) for v in raw]


def run_axe(page) -> list[Violation]:
    start_axe(page)
    return axe_violations(page)


# --------------------------------------------------------------------------- HTML_CodeSniffer


def htmlcs_source() -> str:
    if not HTMLCS_JS.is_file():
        raise RuntimeError(f"HTML_CodeSniffer non trovato in {HTMLCS_JS}: eseguire 'npm ci --ignore-scripts' (lo fa 'make test')")
    return HTMLCS_JS.read_text(encoding="utf-8")


@dataclass
class Finding:
    """One HTML_CodeSniffer error: its rule code, message and the element it is about."""

    code: str
    message: str
    selector: str  # a CSS path to the element (tag#id.class > ...)
    html: str  # the start of the element's markup

    def describe(self) -> str:
        return f"{self.code}: {self.message}\n    - {self.selector}\n      {self.html}"


def start_htmlcs(page, source: str) -> None:
    """Start HTML_CodeSniffer's WCAG2AA standard in `page`; `htmlcs_errors` collects its errors.

    Returns at once (like `start_axe`): the page's renderer works while Python moves on.
    Warnings and notices are "check by hand" items, not failures. The known false
    positives (HTMLCS_FALSE_POSITIVES: a rule and the element it is wrong about) are
    dropped in the page, where the selector can be matched.
    """
    page.evaluate(
        """([source, standard, ignored]) => { window.__htmlcsRun = new Promise(ok => setTimeout(ok, 0)).then(() => new Promise((ok, fail) => {
            (0, eval)(source);
            const path = el => {
                if (!el || el.nodeType !== 1) return String(el && el.nodeName);
                const parts = [];
                for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
                    let p = e.localName;
                    if (e.id) { parts.unshift(p + '#' + CSS.escape(e.id)); break; }
                    for (const c of e.classList) p += '.' + CSS.escape(c);
                    parts.unshift(p);
                }
                return parts.join(' > ');
            };
            const timer = setTimeout(() => fail(new Error('HTML_CodeSniffer non ha finito in 20 s')), 20000);
            HTMLCS.process(standard, document, () => {
                clearTimeout(timer);
                ok(HTMLCS.getMessages()
                    .filter(m => m.type === HTMLCS.ERROR)
                    .filter(m => !ignored.some(([code, sel]) =>
                        m.code.endsWith('.' + code) && m.element.nodeType === 1 && m.element.matches(sel)))
                    .map(m => [m.code, m.msg, path(m.element),
                               m.element.outerHTML ? m.element.outerHTML.slice(0, 200).replace(/\\s+/g, ' ') : '']));
            }, () => { clearTimeout(timer); fail(new Error('HTML_CodeSniffer: errore durante l\\'analisi')); }, 'it');
        })); }""",
        [source, HTMLCS_STANDARD, [[code, sel] for code, sel, _ in HTMLCS_FALSE_POSITIVES]],
    )


def htmlcs_errors(page) -> list[Finding]:
    """Wait for the run started by `start_htmlcs` and return its errors."""
    return [Finding(*f) for f in page.evaluate("() => window.__htmlcsRun")]


def run_htmlcs(page, source: str) -> list[Finding]:
    start_htmlcs(page, source)
    return htmlcs_errors(page)
