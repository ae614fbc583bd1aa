"""The glossary: every term defined on its page, and linked from its first use in running text only."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator import glossary

HREF = "../glossario/"


def linked(fragment: str) -> list[tuple[str, str]]:
    out = BeautifulSoup(glossary.link_article(fragment, HREF), "html.parser")
    return [(a.get_text(), a["href"].split("#")[1]) for a in out.select("a.glossario")]


CASES = [
    # fragment, links made (text, term id)
    ("<p>Il target e il target.</p>", [("target", "target")]),  # the first use only
    ("<p>Gli obiettivi strategici e un obiettivo operativo.</p>", [("obiettivi strategici", "obiettivo-strategico"), ("obiettivo operativo", "obiettivo-operativo")]),
    ("<h2>Target</h2><p>Il target.</p>", [("target", "target")]),  # not in headings
    ('<p><a href="x">target</a> poi target</p>', [("target", "target")]),  # not inside a link
    ("<table><caption>Target</caption><tr><th>Target</th><td>target</td></tr></table>", [("target", "target")]),
    ('<div class="scarica"><p>Indicatori</p></div><p>indicatori</p>', [("indicatori", "indicatore")]),
    ("<p>targeting, retarget, target-based</p>", []),  # whole words only
    ("<p>il sal e il SAL</p>", [("SAL", "grado-di-raggiungimento")]),  # acronyms in capitals only
    ("<p>Parere dell'OIV sul PIAO</p>", [("OIV", "oiv"), ("PIAO", "piao")]),
    ("<details><summary>Target</summary><p>x</p></details><p>Vision</p>", [("Vision", "vision")]),
    ("<p>a &lt;target&gt; b</p>", [("target", "target")]),
    # Never inside a tag, even with ">" in a quoted attribute value.
    ('<p><img alt="x > target" src="t.svg"> e poi target</p>', [("target", "target")]),
    ("<p title='indicatore > 3'>indicatore</p>", [("indicatore", "indicatore")]),
    # A term last used in a table header (never linked) ends nothing early; long s and the Kelvin sign match s and k.
    ("<p>x</p><table><tr><th>target</th></tr></table><p>poi il target</p>", [("target", "target")]),
    ("<p>il \u017fal e il targe\u017f</p><p>Vi\u017fion</p>", [("Vi\u017fion", "vision")]),
    ("<p>ran\u212aing e il Target</p>", [("Target", "target")]),
    ("<p>Il \u0131ndicatore</p><p>fine</p>", [("\u0131ndicatore", "indicatore")]),
]


@pytest.mark.parametrize(("fragment", "expected"), CASES)
def test_first_use_is_linked(fragment, expected):
    assert linked(fragment) == expected
    out = glossary.link_article(fragment, HREF)
    assert BeautifulSoup(out, "html.parser").get_text() == BeautifulSoup(fragment, "html.parser").get_text()  # text and attributes intact
    assert [t.attrs for t in BeautifulSoup(out, "html.parser").find_all(True) if t.name != "a" or "glossario" not in t.get("class", [])] == \
        [t.attrs for t in BeautifulSoup(fragment, "html.parser").find_all(True)]


def test_what_the_linking_skips_changes_nothing(built_site, monkeypatch):
    """Past the last use of the terms not yet linked, and in runs with none of them, nothing is searched:
    every page of the sample comes out as when every run of text is searched."""
    import re

    pages = [re.sub(r'<a class="glossario" href="[^"]*">(.*?)</a>', r"\1", p.read_text(encoding="utf-8")) for p in sorted(built_site.rglob("*.html"))]
    fast = [glossary.link_page(p, HREF) for p in pages]
    monkeypatch.setattr(glossary, "_last_uses", lambda article: None)
    assert fast == [glossary.link_page(p, HREF) for p in pages]
    assert sum('class="glossario"' in p for p in fast) > 20


def test_linking_is_idempotent_and_keeps_the_markup():
    page = '<html><body><article class="md-content__inner md-typeset"><h1>T</h1><p>Un indicatore<br>e un target.</p></article></body></html>'
    once = glossary.link_page(page, HREF)
    assert once.count('class="glossario"') == 2
    assert glossary.link_page(once, HREF) == once
    assert once.replace('<a class="glossario" href="../glossario/#indicatore">indicatore</a>', "indicatore").replace(
        '<a class="glossario" href="../glossario/#target">target</a>', "target") == page


def test_every_term_has_an_anchor_and_the_glossary_page_defines_them(built_site):
    page = BeautifulSoup((built_site / "glossario" / "index.html").read_text(encoding="utf-8"), "html.parser")
    ids = [dt["id"] for dt in page.select("dl.glossario dt")]
    assert ids == [t.id for t in glossary.TERMS] and len(set(ids)) == len(ids)
    assert all(dt.dfn for dt in page.select("dl.glossario dt"))
    assert not page.select("a.glossario")  # the glossary does not link to itself
    # Pages link their first uses, and every link lands on a term of the glossary page.
    year = BeautifulSoup((built_site / "amministrazione-trasparente/performance/relazione-sulla-performance/2025/index.html").read_text(encoding="utf-8"), "html.parser")
    links = year.select("article a.glossario")
    assert {a["href"].split("#")[1] for a in links} <= set(ids) and len(links) >= 5
    assert all(a["href"].startswith("../../../../glossario/#") for a in links)
    assert len({a["href"] for a in links}) == len(links)  # once per term
