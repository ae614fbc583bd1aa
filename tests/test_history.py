"""Several years: indicators present in more than one year are compared (two-year fixture)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator.build import build, check
from generator.history import normalise, trends
from tests.test_errors import YEAR, make

CSV_2024 = """\
obiettivo_strategico,codice,indicatore,target,actual,direzione
1,,PRATICHE evase entro 5 gg.,95%,90%,
1,,Tempi medi di lavorazione,"2,5","3,0",decrescente
1,R1,Relazione annuale,30/06/2024,28/06/2024,
1,,Indicatore soppresso,10,12,
"""
CSV_2025 = """\
obiettivo_strategico,codice,indicatore,target,actual,direzione
1,,Pratiche evase entro 5 gg,95%,"98,9%",
1,,Tempi medi di lavorazione,"2,5","0,9",decrescente
1,R1,Relazione sulla performance,30/06/2025,28/04/2025,
1,,Indicatore nuovo,4,4,
"""


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("storia")
    d = make(tmp, csv=CSV_2025)
    (d / "2024" / "indicatori").mkdir(parents=True)
    (d / "2024" / "performance.yaml").write_text(YEAR.replace("2025", "2024").replace("aggiornato: 2026-04-30", "aggiornato: 2025-04-30"), encoding="utf-8")
    (d / "2024" / "indicatori" / "ente.csv").write_text(CSV_2024, encoding="utf-8")
    return d


NAMES = [("PRATICHE evase entro 5 gg.", "pratiche evase entro 5 gg"), ("Qualità  dei servizi (PIRA)", "qualita dei servizi pira"), ("95% pratiche", "95% pratiche")]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_normalise(name, expected):
    assert normalise(name) == expected


def test_matching_by_code_or_normalised_name(two_years):
    _, results, issues = check(two_years)
    assert not issues.errors
    found = trends(results, 2025, "ente")
    assert [(t.name, [p.year for p in t.points]) for t in found] == [
        ("Pratiche evase entro 5 gg", [2024, 2025]),
        ("Tempi medi di lavorazione", [2024, 2025]),
        ("Relazione sulla performance", [2024, 2025]),  # same code R1, renamed
    ]
    assert trends(results, 2024, "ente") == []


def test_comparison_on_the_scorecard_page(two_years, tmp_path):
    site = tmp_path / "sito"
    build(two_years, site, cache_dir=None)
    s = BeautifulSoup((site / "amministrazione-trasparente/performance/relazione-sulla-performance/2025/cruscotti/ente/index.html").read_text(encoding="utf-8"), "html.parser")
    heading = next(h for h in s.select("article h2") if h.get_text(strip=True) == "Confronto con l'anno precedente")
    table = heading.find_next("table")
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["Pratiche evase entro 5 gg", "95%", "90%", "95%", "95%", "98,9%", "100%", "+8,9", "+5 punti"],
        ["Tempi medi di lavorazione", "2,5", "3,0", "83%", "2,5", "0,9", "100%", "-2,1", "+17 punti"],
        ["Relazione sulla performance", "30/06/2024", "28/06/2024", "100%", "30/06/2025", "28/04/2025", "100%", "—", "0 punti"],
    ]
    figure = heading.find_next("figure")
    assert figure and "3 indicatori confrontati: 2 migliorati, 0 peggiorati, 1 invariati" in figure.img["alt"]
    # both years are published, each under its own path
    assert (site / "amministrazione-trasparente/performance/relazione-sulla-performance/2024/index.html").is_file()
    idx = BeautifulSoup((site / "amministrazione-trasparente/performance/relazione-sulla-performance/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text(strip=True) for a in idx.select("ul.voci a")] == ["Relazione sulla Performance 2025", "Relazione sulla Performance 2024"]


@pytest.fixture(scope="module")
def eight_years(tmp_path_factory):
    """2018-2025, the same indicators every year: 2018 and 2019 are past the publication period."""
    tmp = tmp_path_factory.mktemp("otto-anni")
    d = make(tmp, csv=CSV_2025)
    for y in range(2018, 2025):
        (d / str(y) / "indicatori").mkdir(parents=True)
        (d / str(y) / "performance.yaml").write_text(YEAR.replace("2025", str(y)).replace("aggiornato: 2026-04-30", f"aggiornato: {y + 1}-04-30"), encoding="utf-8")
        (d / str(y) / "indicatori" / "ente.csv").write_text(CSV_2024.replace("2024", str(y)), encoding="utf-8")
    site = tmp / "sito"
    build(d, site, cache_dir=None)
    return site


def _page(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


RELAZIONE = "amministrazione-trasparente/performance/relazione-sulla-performance"


def test_year_over_year_chart_shows_the_last_five_years(eight_years):
    s = _page(eight_years, f"{RELAZIONE}/2025/cruscotti/ente")
    figure = next(f for f in s.select("figure") if "negli anni" in f.img["alt"])
    assert "(2021, 2022, 2023, 2024, 2025)" in figure.img["alt"]
    head = [th.get_text(strip=True) for th in figure.find_next("table").select("thead th")]
    assert head == ["Indicatore", "2021", "2022", "2023", "2024", "2025"]


def test_sidebar_lists_the_years_in_their_publication_period(eight_years):
    """Every page's navigation stays the same size as years accumulate; the item's page lists every year."""
    for path in ("", f"{RELAZIONE}/2025/cruscotti/ente", f"{RELAZIONE}/2018"):
        links = [urljoin(f"/{path}/".replace("//", "/"), a["href"]) for a in _page(eight_years, path).select("nav.md-nav--primary a[href]")]
        years = sorted(u.split("/")[-2] for u in links if re.fullmatch(rf"/{RELAZIONE}/\d{{4}}/", u))
        assert years == ["2020", "2021", "2022", "2023", "2024", "2025"], path
    listing = [a.get_text(strip=True)[-4:] for a in _page(eight_years, RELAZIONE).select("ul.voci a")]
    assert listing == [str(y) for y in range(2025, 2017, -1)]


def _shared(tmp, rows_2024: str, rows_2025: str):
    head = "obiettivo_strategico,codice,indicatore,target,actual,direzione\n"
    d = make(tmp, csv=head + rows_2025)
    (d / "2024" / "indicatori").mkdir(parents=True)
    (d / "2024" / "performance.yaml").write_text(YEAR.replace("2025", "2024").replace("aggiornato: 2026-04-30", "aggiornato: 2025-04-30"), encoding="utf-8")
    (d / "2024" / "indicatori" / "ente.csv").write_text(head + rows_2024, encoding="utf-8")
    _, results, issues = check(d)
    assert not issues.errors
    return [(t.name, [p.year for p in t.points]) for t in trends(results, 2025, "ente")]


# An imported workbook gives the rows of an individual objective that objective's code ("OI.1"): the rows share it.
SHARED = [
    ("shared code, same names", "1,OI.1,Pratiche evase,95%,90%,\n1,OI.1,Tempi medi,2,3,decrescente\n",
     "1,OI.1,Pratiche evase,95%,98%,\n1,OI.1,Tempi medi,2,1,decrescente\n",
     [("Pratiche evase", [2024, 2025]), ("Tempi medi", [2024, 2025])]),
    ("shared code, one renamed: not guessed", "1,OI.1,Pratiche evase,95%,90%,\n1,OI.1,Tempi medi,2,3,decrescente\n",
     "1,OI.1,Pratiche evase entro 5 giorni,95%,98%,\n1,OI.1,Tempi medi,2,1,decrescente\n",
     [("Tempi medi", [2024, 2025])]),
    ("unique code, renamed", "1,R1,Relazione annuale,4,4,\n", "1,R1,Relazione sulla performance,4,4,\n",
     [("Relazione sulla performance", [2024, 2025])]),
    ("code shared last year, its own now", "1,OI.1,Pratiche evase,95%,90%,\n1,OI.1,Tempi medi,2,3,decrescente\n",
     "1,OI.1,Pratiche evase,95%,98%,\n", [("Pratiche evase", [2024, 2025])]),
    ("own code last year, shared now", "1,OI.1,Pratiche evase,95%,90%,\n",
     "1,OI.1,Pratiche evase,95%,98%,\n1,OI.1,Indicatore nuovo,2,1,decrescente\n", [("Pratiche evase", [2024, 2025])]),
]


@pytest.mark.parametrize(("rows_2024", "rows_2025", "expected"), [c[1:] for c in SHARED], ids=[c[0] for c in SHARED])
def test_rows_sharing_a_code_are_matched_by_code_and_name(tmp_path, rows_2024, rows_2025, expected):
    assert _shared(tmp_path, rows_2024, rows_2025) == expected
