"""Several years: indicators present in more than one year are compared (two-year fixture)."""

from __future__ import annotations

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
