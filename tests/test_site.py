"""Selector checks on the built HTML of the frozen sample (real MkDocs + Material)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

YEAR = "amministrazione-trasparente/performance/relazione-sulla-performance/2025"


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def test_every_page_is_italian_with_one_h1(built_site):
    found = pages(built_site)
    assert len(found) >= 19
    for p in found:
        s = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        assert s.html["lang"] == "it", p
        assert len(s.select("article h1")) == 1, p


def test_no_third_party_resources(built_site):
    for p in built_site.rglob("*.html"):
        s = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "srcset")):
            for el in s.find_all(tag):
                url = el.get(attr)
                if url:
                    assert not urlsplit(url).netloc and not url.startswith("//"), f"{p}: {tag} {url}"
    text = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in built_site.rglob("*") if p.suffix in {".html", ".css"})
    assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_every_internal_link_and_image_resolves(built_site):
    for p in pages(built_site):
        s = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for el in s.select("a[href], img[src]"):
            url = el.get("href") or el.get("src")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("#") or url.startswith("mailto:"):
                continue
            target = (p.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{p.relative_to(built_site)}: broken link {url}"
            assert built_site.resolve() in target.parents, f"{p}: link escapes the site {url}"
            if parts.fragment and target.suffix == ".html":
                ids = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find_all(id=parts.fragment)
                assert ids, f"{p}: missing anchor {url}"


def test_navigation_labels(built_site):
    s = soup(built_site, "")
    labels = [a.get_text(" ", strip=True) for a in s.select("nav.md-nav--primary a.md-nav__link")]
    assert "Amministrazione trasparente" in " ".join(labels)
    assert any(label == "Relazione sulla Performance" for label in labels), labels
    assert [a.get_text(strip=True) for a in s.select("ul.accessi a")][0] == "Amministrazione trasparente"


def test_sidebar_stays_small(built_site):
    """Only year index pages are in the navigation: a year adds one entry, not twenty."""
    s = soup(built_site, f"{YEAR}/cruscotti/area-1")
    links = [a["href"] for a in s.select("nav.md-nav--primary a.md-nav__link")]
    assert len(links) <= 30  # the fixed AT tree plus one link per year and dataset
    assert not [h for h in links if any(part in h for part in ("obiettivi/", "cruscotti/", "individuali/", "contesto"))]


def test_year_page(built_site):
    s = soup(built_site, YEAR)
    text = s.get_text(" ", strip=True)
    assert "Ultimo aggiornamento: 22/11/2026" in text
    assert "Anno di riferimento: 2025" in text
    rows = {tr.th.get_text(" ", strip=True): tr for tr in s.select("table tbody tr") if tr.th}
    three = next(tr for k, tr in rows.items() if k.startswith("3. Transizione digitale"))
    # All its targets were met: "Raggiunto", although 99% by the use of its resources; the other figure is linked.
    assert "99%" in three.get_text() and "Raggiunto" in three.get_text() and "Parzialmente" not in three.get_text()
    assert "utilizzo delle risorse" in three.get_text() and "pubblicato" in three.get_text()
    assert "Nel Cruscotto di Ente lo stesso obiettivo ha 100%" in three.get_text()
    assert three.select_one('a[href="cruscotti/ente/#obiettivo-3"]')
    assert "Nella mappa: 6. L'ottimizzazione organizzativa e gestionale" in text
    figures = s.select("figure.grafico")
    assert len(figures) == 2
    for fig in figures:
        img = fig.img
        assert img["src"].endswith(".svg") and len(img["alt"]) > 60
        assert fig.select_one("figcaption details table caption")
    cells = [td.get_text(strip=True) for td in s.select("figure.grafico table td")]
    assert "87%" in cells


def test_two_methods_are_named_and_linked_both_ways(built_site):
    """Objective 3: 99% (resources) on its page, 100% (mean of indicators) in the Cruscotto; each names its method and links the other."""
    page = soup(built_site, f"{YEAR}/obiettivi/obiettivo-3")
    dd = next(dt.find_next_sibling("dd") for dt in page.select("dl.scheda-obiettivo dt") if dt.get_text() == "Valutazione")
    assert "99% · Raggiunto" in dd.get_text(" ", strip=True) and "pubblicato" in dd.get_text()
    assert "Nel Cruscotto di Ente lo stesso obiettivo ha 100%" in dd.get_text() and "utilizzo delle risorse" in dd.get_text()
    assert dd.select_one('a[href="../../cruscotti/ente/#obiettivo-3"]')
    ente = soup(built_site, f"{YEAR}/cruscotti/ente")
    anchor = ente.select_one("#obiettivo-3")  # the target of that link exists
    assert anchor is not None and "100% · Raggiunto" in anchor.get_text(" ", strip=True)
    assert "lo stesso obiettivo ha 99%" in anchor.get_text() and anchor.select_one('a[href="../../obiettivi/obiettivo-3/"]')
    # No page calls objective 3 anything but "Raggiunto".
    for path in (YEAR, f"{YEAR}/obiettivi/obiettivo-3", f"{YEAR}/cruscotti/ente"):
        assert "◐ 99%" not in soup(built_site, path).get_text()


def test_origin_of_every_score_is_marked(built_site):
    """Published figures say "pubblicato"; the site's own means (a scorecard's overall score) say "calcolato"."""
    card = soup(built_site, f"{YEAR}/cruscotti/arezzo-sviluppo")
    assert card.select_one("p.legenda-origine")
    dd = next(dt.find_next_sibling("dd") for dt in card.select("dl.scheda-obiettivo dt") if dt.get_text() == "Valutazione complessiva")
    assert dd.select_one(".origine--calcolato") and "97%" in dd.get_text()
    three = card.select_one("#obiettivo-3")
    assert "87%" in three.get_text() and three.select_one(".origine--pubblicato")  # the report prints 87%
    marks = [e.get_text() for e in card.select(".origine")]
    assert "pubblicato" in marks and "calcolato" in marks
    year = soup(built_site, YEAR)
    rows = year.select("table tbody tr")
    assert sum(1 for tr in rows if tr.select_one('a[href^="obiettivi/obiettivo-"]') and tr.select_one(".origine--pubblicato")) == 8  # all printed in 5.2


def test_scorecard_page_arezzo_sviluppo(built_site):
    s = soup(built_site, f"{YEAR}/cruscotti/arezzo-sviluppo")
    row = next(tr for tr in s.select("table.indicatori tbody tr") if "giornalisti" in tr.th.get_text())
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert cells[:2] == ["3", "1"]
    assert "33%" in cells[2] and "Parzialmente raggiunto" in cells[2]
    note_link = row.select_one("a[href^='#nota-']")
    note = s.select_one(note_link["href"])
    assert "Ordine Nazionale dei Giornalisti" in note.get_text()
    headings = [h.get_text(" ", strip=True) for h in s.select("article h3")]
    assert "3. Transizione digitale, ecologica e internazionalizzazione" in headings
    objective3 = next(h for h in s.select("article h3") if h.get_text().startswith("3."))
    assert "87%" in objective3.find_next("p").get_text()


def test_status_never_by_colour_alone(built_site):
    for p in pages(built_site):
        s = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for badge in s.select("span.stato"):
            words = badge.get_text(" ", strip=True)
            assert re.search(r"Raggiunto|Parzialmente raggiunto|Non raggiunto|Non valutato|non valutata", words), f"{p}: {badge}"


def test_numbers_are_italian(built_site):
    s = soup(built_site, f"{YEAR}/obiettivi/obiettivo-3")
    cells = [td.get_text(strip=True) for td in s.select("table td.num")]
    assert "€ 517.530,96" in cells and "€ 506.681,59" in cells and "97,90%" in cells
    text = s.get_text(" ", strip=True)
    assert not re.search(r"\d\.\d{1,2}%", text), "decimal point in a percentage"


def test_steps_shown_not_scored(built_site):
    s = soup(built_site, f"{YEAR}/cruscotti/area-2")
    steps = s.select("tr.fase")
    assert [tr.th.get_text(strip=True) for tr in steps][0] == "Lettera di invito a conformarsi"
    assert all("non valutata" in tr.get_text() for tr in steps)


def test_placeholders_shown_as_da_completare(built_site):
    s = soup(built_site, "")
    assert len(s.select(".da-completare")) >= 4
    assert s.select_one("dl.ente a[href='https://www.as.camcom.it']")


def test_search_is_italian_and_offline(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["it"]
    assert any("Pratiche evase" in d["text"] for d in index["docs"])


@pytest.mark.parametrize("page", ["", YEAR, f"{YEAR}/obiettivi/obiettivo-1", f"{YEAR}/individuali/dirigente-area-2"])
def test_search_dialog_has_a_name(built_site, page):
    s = soup(built_site, page)
    assert s.select_one('[role="dialog"]')["aria-label"] == "Ricerca nel sito"
    assert not s.select('input[type="checkbox"][autocomplete]')


AT = "amministrazione-trasparente"


def test_at_sections_in_official_order_with_exact_labels(built_site):
    s = soup(built_site, AT)
    assert [a.get_text(strip=True) for a in s.select("ul.voci a")] == [
        "Personale",
        "Performance",
        "Bilanci",
        "Controlli e rilievi sull'amministrazione",
        "Altri contenuti",
    ]
    perf = soup(built_site, f"{AT}/performance")
    assert [a.get_text(strip=True) for a in perf.select("ul.voci a")] == [
        "Sistema di misurazione e valutazione della Performance",
        "Piano della Performance",
        "Relazione sulla Performance",
        "Ammontare complessivo dei premi",
        "Dati relativi ai premi",
    ]
    assert [a.get_text(strip=True) for a in soup(built_site, f"{AT}/bilanci").select("ul.voci a")] == [
        "Bilancio preventivo e consuntivo",
        "Piano degli indicatori e risultati attesi di bilancio",
    ]
    assert [a.get_text(strip=True) for a in soup(built_site, f"{AT}/personale").select("ul.voci a")] == ["Dotazione organica"]


def test_budget_page(built_site):
    s = soup(built_site, f"{AT}/bilanci/bilancio-preventivo-e-consuntivo/2025")
    rows = {tr.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in tr.select("td")] for tr in s.select("table.bilancio tbody tr") if tr.td}
    assert rows["Risultato della gestione corrente (A-B) (nota 1)"] == ["-643.800", "127.279", "771.079", "119,8%"]
    assert rows["Totale proventi correnti (A)"] == ["12.092.700", "12.520.668", "427.968", "3,5%"]
    assert rows["Avanzo/Disavanzo economico dell'esercizio (nota 5)"] == ["-465.800", "516.650", "982.450", "210,9%"]
    assert rows["5. Variazione delle rimanenze"] == ["—", "7.706", "7.706", "—"]
    note = s.select_one(s.select_one("table.bilancio a.rimando")["href"])
    assert "643.800" in note.get_text() and "-643.800" in note.get_text()
    indices = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in s.select("table tbody tr") if tr.th and tr.th.get_text(strip=True) == "Equilibrio strutturale"]
    assert indices and indices[0][2:] == ["≥ 7%", "14,72%", "100%"]
    assert len(s.select("figure.grafico")) == 2


def test_bonus_pages(built_site):
    s = soup(built_site, f"{AT}/performance/dati-relativi-ai-premi")
    assert [h.get_text(strip=True) for h in s.select("article h2")] == ["In sintesi", "Anni di riferimento"]
    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in s.select("table tbody tr")]
    assert rows == [["2025", "Dati non ancora disponibili", "Relazione sulla Performance 2025, sezione 4.1"],
                    ["2024", "Dati disponibili", "Relazione sulla Performance 2025, sezione 4.1"]]
    links = [a["href"] for a in s.select("table tbody th a")]
    assert links == ["2025/", "2024/"]
    # one page per reference year: the index stays the same size however many years accumulate
    y2025 = soup(built_site, f"{AT}/performance/dati-relativi-ai-premi/2025")
    box = y2025.select_one("article div.admonition")
    assert "Dati non ancora disponibili" in box.get_text() and "non sono al momento disponibili" in box.get_text()
    assert not y2025.select("article table")  # no table for 2025: not a zero
    y2024 = soup(built_site, f"{AT}/performance/dati-relativi-ai-premi/2024")
    assert y2024.select_one("h1").get_text(strip=True) == "Dati relativi ai premi: anno di riferimento 2024"
    assert [a.get_text(strip=True) for a in y2024.select("nav.briciole a")][-1] == "Dati relativi ai premi"
    cells = [td.get_text(strip=True) for td in y2024.select("table td")]
    assert "12,31%" in cells and "86,26%" in cells
    assert y2024.select("figure.grafico img[src^='grafici/premi-2024']")
    a = soup(built_site, f"{AT}/performance/ammontare-complessivo-dei-premi")
    assert "non è ancora pubblicato" in a.get_text()
    assert not a.select("table")


def test_gender_page_shows_computed_totals_and_printed_differences(built_site):
    s = soup(built_site, f"{YEAR}/dimensione-di-genere")
    cat = next(t for t in s.select("table.personale") if "categoria" in t.caption.get_text())
    row = next(tr for tr in cat.select("tbody tr") if tr.th.get_text(strip=True) == "Area dei Funzionari (ex D)")
    assert [td.get_text(strip=True) for td in row.select("td")] == ["3", "3", "7", "1", "10", "4", "14"]
    assert all(td.get("headers") for td in cat.select("td"))
    text = s.get_text(" ", strip=True)
    assert "Il documento stampa 2 nella colonna Arezzo-Siena, ma le sedi danno 3 + 1 = 4" in text
    assert len(s.select("figure.grafico")) == 2


def test_context_page_tables_in_italian_format(built_site):
    s = soup(built_site, f"{YEAR}/contesto-esterno")
    cells = [c.get_text(strip=True) for c in s.select("table td")]
    for value in ("34.253.837.730", "-4.513.563.505", "+0,5%", "70,7%", "19,3%"):
        assert value in cells, value
    assert len(s.select("figure.grafico")) == 2


def test_year_page_lists_the_report_sections(built_site):
    s = soup(built_site, YEAR)
    section = next(h for h in s.select("article h2") if h.get_text(strip=True) == "Le sezioni della Relazione")
    links = [a.get_text(strip=True) for a in section.find_next("ul").select("a")]
    assert links == [
        "Presentazione della Relazione",
        "Il processo di redazione della Relazione sulla Performance",
        "Il contesto esterno di riferimento",
        "La Camera di Commercio di Arezzo Siena: l'amministrazione",
        "I risultati raggiunti",
        "Le criticità e le opportunità",
        "Obiettivi: risultati raggiunti e scostamenti",
        "La dimensione di genere: pari opportunità e bilancio di genere",
    ]


def test_footer_links_are_named_once_escaped_and_say_which_year(built_site):
    """The prev/next links' names: "sull'amministrazione" (it read "sull&#39;amministrazione", escaped twice), and a year's page
    with its section ("Successivo: 2025, Relazione sulla Performance", not "Successivo: 2025")."""
    names = set()
    for page in built_site.rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        names |= {a["aria-label"] for a in soup.select("a.md-footer__link")}
    assert names and not [n for n in names if "&" in n or re.fullmatch(r"\w+: \d{4}", n)]
    assert "Successivo: Controlli e rilievi sull'amministrazione" in names
    assert "Precedente: 2025, Relazione sulla Performance" in names
