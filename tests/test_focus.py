"""Focus visible (WCAG 2.4.7) on the pages with the most interactive elements, at 1280 and 360 px.

Tab runs through the whole page, until focus comes back to the first element. Each focused
element must show a ring (outline or box-shadow) and look different from how it looks
without focus, measured on the same element once focus has left it. The ring's colours are
checked against every background by tests/test_contrast.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .browser import chromium_context, serve, settle

PAGES = {
    "anno": "amministrazione-trasparente/performance/relazione-sulla-performance/2025/",
    "bilancio": "amministrazione-trasparente/bilanci/bilancio-preventivo-e-consuntivo/2025/",
}
VIEWPORTS = {"desktop": 1280, "phone": 360}
MAX_TABS = 600

STYLE = """el => { const s = getComputedStyle(el);
  return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} ${s.outlineOffset}`,
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== 'none' && s.boxShadow !== ''),
          shadow: s.boxShadow}; }"""

FOCUSED = """(style) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (!el.dataset.fuoco) el.dataset.fuoco = String(document.querySelectorAll('[data-fuoco]').length + 1);
  return {id: el.dataset.fuoco, html: el.outerHTML.slice(0, 120).replace(/\\s+/g, ' '), ...(0, eval)(style)(el)};
}"""

UNFOCUSED = """(style) => { document.activeElement && document.activeElement.blur();
  return Object.fromEntries([...document.querySelectorAll('[data-fuoco]')].map(el => [el.dataset.fuoco, (0, eval)(style)(el)])); }"""


def tab_through(page) -> tuple[list[dict], dict[str, dict]]:
    """Every element Tab reaches (its style while focused), then each one's style without focus."""
    focused: list[dict] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        settle(page)
        f = page.evaluate(FOCUSED, STYLE)
        if f is None:
            continue  # the browser's own UI, between the last element and the first
        if focused and f["id"] == focused[0]["id"]:
            break
        focused.append(f)
    return focused, page.evaluate(UNFOCUSED, STYLE)


@pytest.fixture(scope="module")
def tabbed(built_site: Path) -> dict[tuple[str, str], tuple[list[dict], dict[str, dict]]]:
    out = {}
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        for vname, width in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": 800})
            for pname, path in PAGES.items():
                page.goto(base + path, wait_until="load")
                out[pname, vname] = tab_through(page)
    return out


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page", PAGES)
def test_every_focused_element_shows_a_ring_it_does_not_have_unfocused(tabbed, page, viewport) -> None:
    focused, unfocused = tabbed[page, viewport]
    assert len(focused) >= 10, focused  # Tab went round the page
    assert len(focused) < MAX_TABS, "il fuoco non torna al primo elemento"
    no_ring = [f["html"] for f in focused if not f["ring"]]
    same = [f["html"] for f in focused if (f["outline"], f["shadow"]) == (unfocused[f["id"]]["outline"], unfocused[f["id"]]["shadow"])]
    assert no_ring == [] and same == []


BARE = """<!doctype html><html lang="it"><title>t</title>
<style>#nudo:focus { outline: none; } #sempre { outline: 3px solid red !important; outline-offset: 0 !important; } #anello:focus-visible { outline: 3px solid #c2410c; }</style>
<a href="#" id="anello">uno</a> <button id="nudo">due</button> <a href="#" id="sempre">tre</a>"""


def test_the_measurement_sees_a_missing_or_unchanging_ring(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(BARE, encoding="utf-8")
    with serve(tmp_path) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.goto(base)
        focused, unfocused = tab_through(page)
    assert [f["ring"] for f in focused] == [True, False, True]
    assert [(f["outline"], f["shadow"]) == (unfocused[f["id"]]["outline"], unfocused[f["id"]]["shadow"]) for f in focused] == [False, True, True]


ON_SCREEN = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return {html: el.outerHTML.slice(0, 100), visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
          && r.left < innerWidth && r.top < innerHeight && s.visibility !== 'hidden'}; }"""


def test_the_phone_menu_works_from_the_keyboard_and_hides_its_links_while_closed(built_site: Path) -> None:
    """At 360 px: every Tab stop is on screen (the closed drawer's links were focusable off screen); the menu is a named button
    with its state, Enter opens the drawer with focus inside it, Escape closes it and gives focus back; Space opens a section."""
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(base + PAGES["anno"], wait_until="load")
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            if (f := page.evaluate(ON_SCREEN)) is not None:
                stops.append(f)
        assert stops and [f["html"] for f in stops if not f["visible"]] == []
        button = page.get_by_role("button", name="Menu di navigazione")
        assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
        assert any("menu-pulsante" in f["html"] for f in stops)  # reached by Tab
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        assert button.get_attribute("aria-expanded") == "true"
        assert page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")
        assert page.evaluate(ON_SCREEN)["visible"]
        page.keyboard.press("Escape")
        page.wait_for_timeout(400)
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Menu di navigazione"
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "hidden"
        button.click()  # a pointer opens it too
        page.wait_for_timeout(400)
        assert button.get_attribute("aria-expanded") == "true"
        page.set_viewport_size({"width": 1280, "height": 800})
        page.reload(wait_until="load")
        assert not page.get_by_role("button", name="Menu di navigazione").is_visible()
        assert page.locator(".md-sidebar--primary label[tabindex]").count() == 0  # no label left as a control
        sections = page.get_by_role("button", name=re.compile("^Sottosezioni di "))
        assert sections.count() >= 5
        for i in range(sections.count()):  # each names its section, says its state and what it opens
            b = sections.nth(i)
            assert b.get_attribute("aria-expanded") in ("true", "false")
            assert page.locator(f"nav#{b.get_attribute('aria-controls')}").count() == 1
        personale = page.get_by_role("button", name="Sottosezioni di Personale")
        assert personale.get_attribute("aria-expanded") == "false"
        personale.focus()
        page.keyboard.press(" ")
        assert personale.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("link", name="Dotazione organica").is_visible()
        page.keyboard.press("Enter")
        assert personale.get_attribute("aria-expanded") == "false"


SEEN = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {name: (el.getAttribute('aria-label') || el.textContent).replace(/\\s+/g, ' ').trim(), expanded: el.getAttribute('aria-expanded'),
          seen: !!hit && (hit === el || el.contains(hit)), drawer: document.getElementById('__drawer').checked}; }"""


def drawer_stops(page, most: int) -> list[dict]:
    """What Tab reaches (as SEEN says) until focus leaves the open drawer."""
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        page.wait_for_timeout(30)
        if (f := page.evaluate(SEEN)) is None or not f["drawer"]:
            break
        stops.append(f)
    return stops


def test_every_tab_stop_of_the_open_drawer_is_seen_and_sections_open_and_close_from_the_keyboard(built_site: Path) -> None:
    """At 360 px on a year's page the drawer opens at the year's section, slid in over its parents: focus starts on its
    title, a button that closes it; Tab never lands on what a section covers or on a closed section off to the right
    (they were Tab stops, and one scrolled the drawer blank); the page's contents open from the keyboard; Tab past the
    drawer's last link closes it."""
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(base + PAGES["anno"], wait_until="load")
        page.get_by_role("button", name="Menu di navigazione").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        assert page.evaluate(SEEN) == {"name": "Chiudi la sezione Relazione sulla Performance", "expanded": None, "seen": True, "drawer": True}
        page.keyboard.press("Enter")  # back to the level above: focus on the button that opens the section again
        page.wait_for_timeout(400)
        assert page.evaluate(SEEN) | {"name": None} == {"name": None, "expanded": "false", "seen": True, "drawer": True}
        assert page.evaluate(SEEN)["name"] == "Sottosezioni di Relazione sulla Performance"
        page.keyboard.press("Enter")  # and into it again: focus on its first link one can see
        page.wait_for_timeout(400)
        assert page.evaluate(SEEN)["name"] == "Indice della pagina 2025"
        assert page.evaluate(SEEN)["expanded"] == "false"
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        assert page.evaluate(SEEN)["name"] == "In sintesi"
        stops = drawer_stops(page, 80)
        assert len(stops) > 10 and [f["name"] for f in stops if not f["seen"]] == []
        assert not page.evaluate("() => document.getElementById('__drawer').checked")  # focus left it: closed


UNDER_HEADER = """() => { const el = document.activeElement; if (!el || el === document.body || el.closest('.md-header, .md-sidebar, .md-skip')) return null;
  const r = el.getBoundingClientRect(), h = document.querySelector('.md-header').getBoundingClientRect();
  return {html: el.outerHTML.slice(0, 80), hidden: r.top < h.bottom - 1 && r.bottom > h.top}; }"""


def test_focus_is_not_hidden_under_the_sticky_header_going_backwards(built_site: Path) -> None:
    """Shift+Tab from the end of the year page at 320×640: no focused link of the content under the header (9 of 61 were)."""
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(base + PAGES["anno"], wait_until="load")
        page.evaluate("() => { window.scrollTo(0, document.body.scrollHeight); document.querySelector('.md-footer a').focus(); }")
        seen = []
        for _ in range(60):
            page.keyboard.press("Shift+Tab")
            if (f := page.evaluate(UNDER_HEADER)) is not None:
                seen.append(f)
        assert len(seen) > 20 and [f["html"] for f in seen if f["hidden"]] == []


REGIONS = """() => Array.from(document.querySelectorAll('.tabella[role=region]')).map(r => ({
  label: r.getAttribute('aria-label'), scrolls: r.scrollWidth > r.clientWidth + 1, stop: r.tabIndex === 0 && r.hasAttribute('tabindex')}))"""


@pytest.mark.parametrize("path", [PAGES["anno"] + "cruscotti/ente/", PAGES["bilancio"], PAGES["anno"] + "versione-completa/"])
def test_a_table_region_is_a_tab_stop_exactly_while_it_scrolls(built_site: Path, path: str) -> None:
    """A region that scrolls sideways is reachable from the keyboard (WCAG 2.1.1); one whose table fits is no extra stop
    (on a wide screen most are not); narrowing the window without reloading makes the ones that now scroll reachable."""
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + path, wait_until="load")
        seen = {}
        for width in (1280, 360, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(300)
            regions = page.evaluate(REGIONS)
            assert regions and [r["label"] for r in regions if r["scrolls"] != r["stop"]] == [], width
            seen[width] = sum(r["scrolls"] for r in regions)
        assert seen[360] > seen[1280] or path.endswith("ente/")  # the phone scrolls more of them
        assert sum(1 for _ in regions) > seen[1280]  # and a wide screen leaves some out of the Tab order


VISIBLE_LINKS = """() => Array.from(document.querySelectorAll('.md-sidebar--primary a[href], .md-sidebar--primary button')).filter(el => {
  const r = el.getBoundingClientRect(); if (!r.width || getComputedStyle(el).visibility !== 'visible') return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !!hit && (hit === el || el.contains(hit)); }).length"""
COVERED = """() => Array.from(document.querySelectorAll('.md-sidebar--primary a[href], .md-sidebar--primary button')).filter(el => {
  const r = el.getBoundingClientRect(); if (!r.width || getComputedStyle(el).visibility !== 'visible' || r.right <= 0 || r.left >= innerWidth) return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !(hit && (hit === el || el.contains(hit))); })
  .map(el => (el.getAttribute('aria-label') || el.textContent).trim())"""
STATES = """() => Array.from(document.querySelectorAll('.md-sidebar--primary button[aria-expanded]')).filter(b => b.closest('.md-nav__item'))
  .map(b => [b.getAttribute('aria-label'), b.getAttribute('aria-expanded') === 'true',
             document.getElementById(b.closest('.md-nav__item').querySelector(':scope > .md-toggle').id).checked])"""


def test_the_drawer_stays_usable_across_widths_side_by_side_sections_and_the_back_button(built_site: Path) -> None:
    """Found by a review in a browser: the drawer went blank after its page contents were opened below 60em and the window
    widened; sections opened side by side on a wide screen slid in over each other in the drawer, focus under one;
    after the browser's Back the buttons' aria-expanded disagreed with what was open."""
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(base + PAGES["bilancio"], wait_until="load")
        page.get_by_role("button", name="Menu di navigazione").click()
        page.wait_for_timeout(400)
        page.get_by_role("button", name=re.compile("^Indice della pagina")).click()
        page.wait_for_timeout(400)
        page.set_viewport_size({"width": 1024, "height": 800})
        page.wait_for_timeout(400)
        assert page.evaluate(VISIBLE_LINKS) > 0, "the drawer is blank"

        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + PAGES["anno"], wait_until="load")
        page.get_by_role("button", name="Sottosezioni di Personale").click()
        page.set_viewport_size({"width": 768, "height": 800})
        page.get_by_role("button", name="Menu di navigazione").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        stops = [page.evaluate(SEEN), *drawer_stops(page, 12)]
        assert [f["name"] for f in stops if not f["seen"]] == [], stops
        # the drawer left open, a section opened on the wide screen, then narrow again: still one panel per level, nothing
        # the keyboard can reach lies under another panel
        page.get_by_role("button", name="Menu di navigazione").focus()
        page.keyboard.press("Enter")
        page.set_viewport_size({"width": 1280, "height": 800})
        page.get_by_role("button", name="Sottosezioni di Bilanci").click()
        page.set_viewport_size({"width": 961, "height": 800})
        page.wait_for_timeout(400)
        assert page.evaluate("() => document.getElementById('__drawer').checked")
        assert page.evaluate(COVERED) == []

        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + PAGES["anno"], wait_until="load")
        page.get_by_role("button", name="Sottosezioni di Bilanci").click()
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("link", name="Bilancio preventivo e consuntivo").first.click()
        page.go_back(wait_until="load")
        page.wait_for_timeout(300)
        states = page.evaluate(STATES)
        assert states and [name for name, said, shown in states if said != shown] == []
        # and a page left from the drawer comes back with the drawer closed
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(base + "glossario/", wait_until="load")
        page.get_by_role("button", name="Menu di navigazione").click()
        page.wait_for_timeout(400)
        with page.expect_navigation(wait_until="load"):
            page.locator(".md-sidebar--primary").get_by_role("link", name="Note legali").click()
        page.go_back(wait_until="load")
        page.wait_for_timeout(300)
        assert not page.evaluate("() => document.getElementById('__drawer').checked")
        assert page.get_by_role("button", name="Menu di navigazione").get_attribute("aria-expanded") == "false"


ACTIVE = """() => { const a = document.activeElement; if (!a || a === document.body) return null;
  return {name: (a.getAttribute('aria-label') || a.textContent).replace(/\\s+/g, ' ').trim(),
          shown: a.getClientRects().length > 0 && getComputedStyle(a).visibility === 'visible',
          drawer: !!a.closest('.md-sidebar--primary'), open: document.getElementById('__drawer').checked}; }"""

# (case, page, starting width, what to do there, width crossed to, where focus must be)
CROSSINGS = [
    ("sidebar link, zoomed into the drawer's widths", "glossario/", 1280,
     lambda p: p.locator(".md-sidebar--primary").get_by_role("link", name="Note legali").focus(), 768, "Menu di navigazione"),
    ("contents beside the page, narrowed below 60em", PAGES["bilancio"], 1280,
     lambda p: p.locator(".md-sidebar--secondary a").first.focus(), 900, "Menu di navigazione"),
    ("contents in the open drawer, widened past 60em", PAGES["bilancio"], 360,
     lambda p: (p.get_by_role("button", name="Menu di navigazione").click(), p.wait_for_timeout(400),
                p.get_by_role("button", name=re.compile("^Indice della pagina")).focus(), p.keyboard.press("Enter")),
     1024, re.compile("^Chiudi la sezione ")),
    ("a section's title in the drawer, widened past it", PAGES["bilancio"], 768,
     lambda p: (p.get_by_role("button", name="Menu di navigazione").click(), p.wait_for_timeout(400),
                p.locator(".md-sidebar--primary .sezione-indietro:visible").last.focus()),
     1280, re.compile("^Sottosezioni di ")),
]


@pytest.mark.parametrize(("page_path", "start", "setup", "width", "expected"), [c[1:] for c in CROSSINGS], ids=[c[0] for c in CROSSINGS])
def test_focus_stays_in_the_navigation_when_the_window_crosses_a_width(built_site: Path, page_path, start, setup, width, expected) -> None:
    """A phone turned or a page zoomed in while focus is in the navigation: focus on what is hidden now fell to the page's
    start (a screen reader and a keyboard user lost their place); it goes to where that navigation is now."""
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": start, "height": 800})
        page.goto(base + page_path, wait_until="load")
        setup(page)
        page.wait_for_timeout(400)
        before = page.evaluate(ACTIVE)
        assert before and before["shown"], before
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(1200)  # past the second in which menu.js looks after focus
        after = page.evaluate(ACTIVE)
        assert after and after["shown"], (before, after)
        assert (expected.match(after["name"]) if isinstance(expected, re.Pattern) else after["name"] == expected), (before, after)


@pytest.mark.parametrize("section", [None, "Amministrazione trasparente"], ids=["drawer", "a section in it"])
def test_shift_tab_from_the_drawers_first_control_goes_back_to_the_menu_button(built_site: Path, section) -> None:
    """It reached the search field under the drawer, which opened the search over the page."""
    with serve(built_site) as base, sync_playwright() as pw, chromium_context(pw) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(base + "glossario/", wait_until="load")
        page.get_by_role("button", name="Menu di navigazione").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        if section:
            page.get_by_role("button", name=f"Sottosezioni di {section}").focus()
            page.keyboard.press("Enter")
            page.wait_for_timeout(400)
            page.keyboard.press("Shift+Tab")  # from the section's first entry to its title, the way back
            assert page.evaluate(ACTIVE)["name"] == f"Chiudi la sezione {section}"
        first = page.evaluate(ACTIVE)
        assert first["drawer"] and first["shown"], first
        page.keyboard.press("Shift+Tab")
        page.wait_for_timeout(300)
        assert page.evaluate(ACTIVE)["name"] == "Menu di navigazione"
        assert page.evaluate("() => [document.getElementById('__drawer').checked, document.getElementById('__search').checked]") == [False, False]
