"""Browser suite: every built page, in a real Chromium, served under a sub-path.

The sample site (fixture `built_site`) is served at http://127.0.0.1:PORT/trasparenza/
by a local server that answers 404 outside that prefix, so a link or asset that
assumes the site sits at the domain root breaks here. Each page is visited once
(fixture `reports`) and the per-page checks read what that visit recorded:

* axe-core (WCAG 2.1 A/AA + best practice, no rule disabled) at desktop width
  and at 360 px;
* HTML_CodeSniffer (WCAG2AA errors) at desktop width;
* no request leaves the local server, and every local request succeeds;
* at 360 x 640 the page never scrolls sideways;
* <html lang="it">.

Then: keyboard focus on the home page and a scorecard, the charts on the year
page, and the offline Italian search.

Chromium is Debian's (/usr/bin/chromium): no browser is downloaded.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .browser import (
    HTMLCS_FALSE_POSITIVES,
    PREFIX,
    Finding,
    Violation,
    axe_violations,
    chromium_context,
    htmlcs_errors,
    htmlcs_source,
    run_axe,
    run_htmlcs,
    serve,
    settle,
    start_axe,
    start_htmlcs,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 640}
MIN_PAGES = 15
YEAR = "amministrazione-trasparente/performance/relazione-sulla-performance/2025/"
SCORECARD = YEAR + "cruscotti/arezzo-sviluppo/"
TABS = 15


# --------------------------------------------------------------------------- fixtures


def discover(site: Path) -> list[str]:
    """Every built page, as a URL path relative to the site root ('' is the home page)."""
    return sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    return discover(built_site)


@pytest.fixture(scope="module")
def base_url(built_site: Path):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def context(base_url: str):
    with sync_playwright() as pw, chromium_context(pw, viewport=DESKTOP, locale="it-IT") as ctx:
        ctx.set_default_timeout(10_000)
        yield ctx


def _is_local(url: str, base_url: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True  # inline resources never touch the network
    return urlsplit(url).netloc == urlsplit(base_url).netloc


@dataclass
class PageReport:
    url: str
    lang: str | None = None
    requests: list[str] = field(default_factory=list)  # made before axe was injected
    broken: list[str] = field(default_factory=list)  # local requests that failed or got >= 400
    phone_scroll: tuple[int, int] = (0, 0)  # (scrollWidth, innerWidth) at 360 px
    phone_wide: list[str] = field(default_factory=list)  # what sticks out to the right
    axe_desktop: list[Violation] = field(default_factory=list)
    axe_phone: list[Violation] = field(default_factory=list)
    htmlcs: list[Finding] = field(default_factory=list)


# Diagnostics for a page that scrolls sideways: the outermost elements sticking out
# on the right that no scrolling or clipping box (nor a fixed one) contains.
_WIDEST = """() => {
    const vw = window.innerWidth, out = [];
    const contained = el => {
        for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
            const cs = getComputedStyle(a);
            if (cs.position === 'fixed') return true;
            if (a !== el && cs.overflowX !== 'visible' && a.getBoundingClientRect().right <= vw + 0.5) return true;
        }
        return false;
    };
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > vw + 0.5 && !out.some(o => o.contains(el)) && !contained(el)) out.push(el);
    }
    return out.slice(0, 5).map(el => el.outerHTML.slice(0, 160).replace(/\\s+/g, ' '));
}"""

_LOAD_EVERYTHING = """async () => {
    // Charts are loading="lazy" and load only near the viewport: load them all now.
    for (const img of document.images) {
        img.loading = 'eager';
        if (!img.complete) await new Promise(ok => { img.onload = img.onerror = ok; setTimeout(ok, 3000); });
    }
    window.scrollTo(0, 0);
}"""


class _Recorder:
    """Listens on one page; records requests only while `on` (i.e. before axe is injected)."""

    def __init__(self, page: Page) -> None:
        self.report: PageReport | None = None
        self.on = False
        self.started: set = set()  # requests issued while recording the current report
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _request(self, req) -> None:
        if self.on:
            self.started.add(req)
            self.report.requests.append(req.url)

    def _response(self, resp) -> None:
        if self.on and resp.status >= 400:
            self.report.broken.append(f"HTTP {resp.status} {resp.url}")

    def _failed(self, req) -> None:
        # A request of the previous page (e.g. the search worker fetching its Italian
        # stemmer after load) is aborted by the next navigation: it is not this page's.
        if self.on and req in self.started and _is_local(req.url, self.report.url):
            self.report.broken.append(f"{req.failure} {req.url}")


def _open(page: Page, recorder: _Recorder, rep: PageReport) -> None:
    recorder.report, recorder.on, recorder.started = rep, True, set()
    page.goto(rep.url, wait_until="load")
    page.evaluate(_LOAD_EVERYTHING)


@pytest.fixture(scope="module")
def htmlcs() -> str:
    return htmlcs_source()


@pytest.fixture(scope="module")
def reports(context: BrowserContext, base_url: str, pages: list[str], htmlcs: str) -> dict[str, PageReport]:
    """Visit every page once at 360 x 640 and once at 1280 x 800, side by side.

    axe runs in one tab's renderer while the other tab loads or is checked (two
    cores), and in each tab only after every request of its load was recorded;
    HTML_CodeSniffer runs in the desktop tab once axe is done there, while the
    phone tab moves on to the next page.
    """
    phone, desktop = context.new_page(), context.new_page()
    phone.set_viewport_size(PHONE)
    desktop.set_viewport_size(DESKTOP)
    rec_phone, rec_desktop = _Recorder(phone), _Recorder(desktop)
    out = {}
    pending: PageReport | None = None  # HTML_CodeSniffer still running in the desktop tab
    try:
        for path in pages:
            rep = out[path] = PageReport(base_url + path)
            _open(phone, rec_phone, rep)
            rep.phone_scroll = tuple(phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
            if rep.phone_scroll[0] > rep.phone_scroll[1]:
                rep.phone_wide = phone.evaluate(_WIDEST)
            # axe re-fetches cross-origin stylesheets itself: stop counting before it is injected.
            rec_phone.on = False
            start_axe(phone)  # runs while the desktop tab loads
            if pending:
                pending.htmlcs, pending = htmlcs_errors(desktop), None
            _open(desktop, rec_desktop, rep)
            rep.lang = desktop.evaluate("document.documentElement.getAttribute('lang')")
            rec_desktop.on = False
            start_axe(desktop)
            rep.axe_phone = axe_violations(phone)
            rep.axe_desktop = axe_violations(desktop)
            start_htmlcs(desktop, htmlcs)  # runs while the phone tab opens the next page
            pending = rep
        if pending:
            pending.htmlcs = htmlcs_errors(desktop)
    finally:
        phone.close()
        desktop.close()
    return out


def _name(path: str) -> str:
    return PREFIX + path


# --------------------------------------------------------------------------- the site and its server


def test_every_page_is_found(pages: list[str]) -> None:
    assert len(pages) >= MIN_PAGES, f"solo {len(pages)} pagine trovate: {pages}"
    for required in ("", YEAR, SCORECARD):
        assert required in pages, f"pagina attesa non costruita: {_name(required)}"


def test_server_answers_only_under_the_sub_path(base_url: str) -> None:
    root = base_url[: -len(PREFIX)]
    with urllib.request.urlopen(base_url) as resp:
        assert resp.status == 200
    for outside in ("/", "/index.html", "/assets/stylesheets/trasparenza.css"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(root + outside)
        assert err.value.code == 404, outside


# --------------------------------------------------------------------------- every page


def test_axe_finds_no_violation(reports: dict[str, PageReport]) -> None:
    failures = []
    for path, rep in reports.items():
        for width, violations in (("1280 px", rep.axe_desktop), ("360 px", rep.axe_phone)):
            for v in violations:
                failures.append(f"{_name(path)} ({width}):\n  {v.describe()}")
    assert not failures, f"{len(failures)} violazioni axe:\n\n" + "\n\n".join(failures)


def test_html_codesniffer_finds_no_error(reports: dict[str, PageReport]) -> None:
    failures = [f"{_name(path)}:\n  {f.describe()}" for path, rep in reports.items() for f in rep.htmlcs]
    assert not failures, f"{len(failures)} errori HTML_CodeSniffer (WCAG2AA):\n\n" + "\n\n".join(failures)


# A page whose errors are known: the checkers and the false-positive filter work, and the
# filter drops only its own rule on its own element.
_CANARY = """<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Prova</title></head><body>
<main><h1>Prova</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form class="altro"><input type="text" aria-label="Cerca"></form>
<form class="md-search__form"><input type="text" aria-label="Cerca"></form></main></body></html>"""


def test_the_checkers_report_a_known_bad_page(context: BrowserContext, htmlcs: str) -> None:
    page = context.new_page()
    try:
        page.set_content(_CANARY)
        # 'WCAG2AA.Principle1.Guideline1_1.1_1_1.H37' -> 'H37'
        found = {(f.code.split(".", 4)[-1], f.selector.rsplit(" > ", 1)[-1]) for f in run_htmlcs(page, htmlcs)}
        axe = {v.rule for v in run_axe(page)}
    finally:
        page.close()
    assert ("H37", "img") in found, found  # an image without alt
    assert ("H32.2", "form.altro") in found, found  # the false positive is dropped on its element only
    assert ("H32.2", "form.md-search__form") not in found, found
    assert "image-alt" in axe, axe
    assert all(len(why) > 80 for _, _, why in HTMLCS_FALSE_POSITIVES), "ogni eccezione dice perché"


def test_no_request_leaves_the_local_server(reports: dict[str, PageReport], base_url: str) -> None:
    failures = [
        f"{_name(path)}: richiesta esterna {url}"
        for path, rep in reports.items()
        for url in dict.fromkeys(rep.requests)  # each tab makes the same requests: list them once
        if not _is_local(url, base_url)
    ]
    assert not failures, "\n".join(failures)
    assert all(rep.requests for rep in reports.values()), "nessuna richiesta registrata: il listener non funziona"


def test_every_local_request_succeeds_under_the_sub_path(reports: dict[str, PageReport]) -> None:
    failures = [f"{_name(path)}: {what}" for path, rep in reports.items() for what in dict.fromkeys(rep.broken)]
    assert not failures, "\n".join(failures)


def test_no_sideways_scroll_at_360_px(reports: dict[str, PageReport]) -> None:
    failures = [
        f"{_name(path)}: scrollWidth {rep.phone_scroll[0]} > {rep.phone_scroll[1]}\n    " + "\n    ".join(rep.phone_wide)
        for path, rep in reports.items()
        if rep.phone_scroll[0] > rep.phone_scroll[1]
    ]
    assert not failures, "\n".join(failures)
    assert all(rep.phone_scroll[1] == PHONE["width"] for rep in reports.values())


def test_html_lang_is_italian(reports: dict[str, PageReport]) -> None:
    failures = [f"{_name(path)}: lang={rep.lang!r}" for path, rep in reports.items() if rep.lang != "it"]
    assert not failures, "\n".join(failures)


def test_the_404_page_passes_axe_and_html_codesniffer(context: BrowserContext, base_url: str, built_site: Path, htmlcs: str) -> None:
    """404.html is served for any missing address, so Material links its assets from the
    site root ("/assets/..."): here they are answered from the built site, wherever asked."""
    root = base_url[: -len(PREFIX)]

    served: list[str] = []

    def from_site(route) -> None:
        path = urlsplit(route.request.url).path
        file = built_site / path.removeprefix(PREFIX).lstrip("/")
        if file.is_file():
            served.append(path)
            route.fulfill(path=file)
        else:
            route.fulfill(status=404)

    page = context.new_page()
    try:
        page.route(lambda url: url.startswith(root + "/"), from_site)
        page.goto(base_url + "404.html", wait_until="load")
        assert any(p.endswith("/trasparenza.css") for p in served), f"stili del sito non caricati: {served}"
        violations, findings = run_axe(page), run_htmlcs(page, htmlcs)
    finally:
        page.close()
    failures = [v.describe() for v in violations] + [f.describe() for f in findings]
    assert not failures, f"{_name('404.html')}:\n" + "\n\n".join(failures)


# --------------------------------------------------------------------------- phone cards

_TABLE_ROLES = ("table", "row", "columnheader", "rowheader", "cell")


def test_indicator_cards_keep_table_semantics_at_375_px(context: BrowserContext, base_url: str) -> None:
    """On phones each indicator row is drawn as a card (display: block), without ARIA
    roles (the Nu checker forbids them on table elements): Chromium must still expose
    the table, its rows, headers and cells to assistive technology."""
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 375, "height": 700})
        page.goto(base_url + SCORECARD, wait_until="load")
        table = page.locator("table.indicatori").first
        assert table.locator("tr").first.evaluate("tr => getComputedStyle(tr).display") == "block", "niente schede a 375 px"
        expected = table.evaluate("""t => ({
            table: 1, row: t.rows.length, columnheader: t.querySelectorAll('thead th').length,
            rowheader: t.querySelectorAll('tbody th').length, cell: t.querySelectorAll('td').length})""")
        cdp = context.new_cdp_session(page)
        try:
            doc = cdp.send("DOM.getDocument", {"depth": 0})
            node = cdp.send("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": "table.indicatori"})
            got = {role: len(cdp.send("Accessibility.queryAXTree", {"nodeId": node["nodeId"], "role": role})["nodes"])
                   for role in _TABLE_ROLES}
        finally:
            cdp.detach()
    finally:
        page.close()
    assert expected["cell"] > 0 and expected["rowheader"] > 0, expected
    assert got == expected, f"{_name(SCORECARD)} a 375 px: ruoli esposti {got}, attesi {expected}"


# --------------------------------------------------------------------------- keyboard


_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el), r = el.getBoundingClientRect();
    return {
        html: el.outerHTML.slice(0, 160).replace(/\\s+/g, ' '),
        skip: el.matches('.md-skip'),
        text: (el.innerText || '').trim(),
        outlineStyle: cs.outlineStyle,
        outlineWidth: parseFloat(cs.outlineWidth) || 0,
        boxShadow: cs.boxShadow,
        // painted: not hidden, not transparent, not 0 px, and inside the viewport
        onScreen: el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                  && r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                  && r.top < window.innerHeight && r.left < window.innerWidth,
    };
}"""


@pytest.mark.parametrize("path", ["", SCORECARD], ids=["home", "cruscotto"])
def test_keyboard_focus_is_always_visible(context: BrowserContext, base_url: str, path: str) -> None:
    page = context.new_page()
    try:
        page.goto(base_url + path, wait_until="load")
        failures, seen, wrapped = [], [], None
        for i in range(1, TABS + 1):
            page.keyboard.press("Tab")
            settle(page)
            f = page.evaluate(_FOCUSED)
            if f is None:
                # Past the last element focus goes to the browser's own UI; the next Tab
                # must come back to the skip link, or focus was lost in the page.
                wrapped = i
                continue
            seen.append(f["html"])
            if (i == 1 or wrapped == i - 1) and not (f["skip"] and f["text"] == "Vai al contenuto"):
                what = "il primo elemento raggiungibile" if i == 1 else f"dopo la perdita del fuoco al Tab {i - 1}, l'elemento"
                failures.append(f"Tab {i}: {what} non è il link 'Vai al contenuto': {f['html']}")
            outline = f["outlineStyle"] != "none" and f["outlineWidth"] > 0
            shadow = f["boxShadow"] not in ("", "none")
            if not (outline or shadow):
                failures.append(
                    f"Tab {i}: fuoco non visibile (outline {f['outlineStyle']} {f['outlineWidth']}px, "
                    f"box-shadow {f['boxShadow']}): {f['html']}"
                )
            if not f["onScreen"]:
                failures.append(f"Tab {i}: l'elemento con il fuoco è fuori dallo schermo: {f['html']}")
        if wrapped == TABS:
            failures.append(f"Tab {TABS}: nessun elemento ha il fuoco")
        assert not failures, f"{_name(path)}:\n" + "\n".join(failures)
        assert len(set(seen)) >= 5, f"{_name(path)}: il fuoco non si sposta: {seen}"
    finally:
        page.close()


# --------------------------------------------------------------------------- charts


def test_charts_load_and_have_text_alternatives(context: BrowserContext, base_url: str) -> None:
    page = context.new_page()
    try:
        page.goto(base_url + YEAR, wait_until="load")
        page.evaluate(_LOAD_EVERYTHING)
        charts = page.evaluate(
            """() => [...document.querySelectorAll('img')]
                .filter(img => new URL(img.src).pathname.endsWith('.svg'))
                .map(img => {
                    const fig = img.closest('figure');
                    const tables = fig ? [...fig.querySelectorAll('details table')] : [];
                    return {
                        src: img.getAttribute('src'),
                        width: img.naturalWidth,
                        alt: (img.getAttribute('alt') || '').trim(),
                        figure: !!fig,
                        tableAfter: tables.some(t =>
                            img.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING),
                    };
                })"""
        )
    finally:
        page.close()
    assert len(charts) >= 2, f"{_name(YEAR)}: attesi almeno 2 grafici SVG, trovati {len(charts)}"
    failures = []
    for c in charts:
        if c["width"] <= 0:
            failures.append(f"{c['src']}: l'immagine non si carica (naturalWidth 0)")
        if len(c["alt"]) < 40:
            failures.append(f"{c['src']}: testo alternativo assente o troppo breve ({len(c['alt'])} caratteri): {c['alt']!r}")
        if not c["figure"]:
            failures.append(f"{c['src']}: il grafico non è dentro un <figure>")
        elif not c["tableAfter"]:
            failures.append(f"{c['src']}: nessuna tabella dei dati in un <details> dopo il grafico nella stessa <figure>")
    assert not failures, f"{_name(YEAR)}:\n" + "\n".join(failures)


# --------------------------------------------------------------------------- search


def test_search_works_offline_in_italian(context: BrowserContext, base_url: str) -> None:
    page: Page = context.new_page()
    requests: list[str] = []  # the search worker's requests are reported on the page too
    responses: dict[str, int] = {}
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: responses.__setitem__(r.url, r.status))
    try:
        page.goto(base_url, wait_until="load")
        page.keyboard.press("/")
        query = page.locator("input.md-search__input")
        query.wait_for(state="visible")
        assert page.evaluate("document.activeElement.matches('input.md-search__input')"), "'/' non apre la ricerca"
        query.press_sequentially("pratiche", delay=30)
        results = page.locator(".md-search-result__list .md-search-result__item")
        try:
            results.first.wait_for(state="visible", timeout=8_000)
            found = True
        except PlaywrightTimeoutError:
            found = False
        meta = page.locator(".md-search-result__meta").inner_text()
        assert found, f"nessun risultato per 'pratiche' entro 8 s (la ricerca dice: {meta!r})"
        # The count is a status message (WCAG 4.1.3): announced without moving focus from the field, once typing pauses
        # (Material rewrites the count at every key: a status per letter would be read out letter by letter).
        assert re.fullmatch(r"\d+ document[io] trovat[io]", meta.strip()), meta
        status = page.get_by_role("status")
        page.wait_for_function("t => document.querySelector('.md-search-result [role=status]').textContent === t", arg=meta.strip(), timeout=3_000)
        assert status.count() == 1 and status.text_content() == meta.strip()
        said = page.evaluate("""() => { const s = document.querySelector('.md-search-result [role=status]'), seen = [];
          new MutationObserver(() => seen.push(s.textContent)).observe(s, {childList: true, characterData: true, subtree: true});
          window.__detti = seen; return s.textContent; }""")
        query.press_sequentially("zzz", delay=60)  # no document has it: the count changes at each key, said once
        page.wait_for_timeout(1_500)
        assert page.evaluate("window.__detti") == [page.locator(".md-search-result__meta").inner_text().strip()] != [said]
        query.fill("")
        query.press_sequentially("pratiche", delay=30)
        results.first.wait_for(state="visible", timeout=8_000)
        assert results.count() >= 1
        assert "pratich" in page.locator(".md-search-result__list").inner_text().lower()
        # Operable without a submit button (the reason HTML_CodeSniffer's H32.2 on this form
        # is a false positive, see HTMLCS_FALSE_POSITIVES): Enter opens the first result.
        first = urlsplit(results.first.locator("a").first.evaluate("a => a.href")).path
        with page.expect_navigation(wait_until="load"):
            query.press("Enter")
        assert urlsplit(page.url).path == first, f"Invio non apre il primo risultato ({first}): {page.url}"
    finally:
        page.close()
    # Offline, and in Italian: the index and lunr's Italian stemmer came from the local server.
    outside = [u for u in requests if not _is_local(u, base_url)]
    assert not outside, f"la ricerca ha fatto richieste esterne: {outside}"
    for needed in ("search/search_index.json", "lunr.it.min.js"):
        got = {u: st for u, st in responses.items() if urlsplit(u).path.endswith(needed)}
        assert got and all(st == 200 for st in got.values()), f"{needed} non caricato dal sito: {got}"
