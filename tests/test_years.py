"""Planned years (targets only) publish next to reported ones."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.build import build
from tests.test_errors import CSV, YEAR, make

PLANNED_YEAR = YEAR.replace("anno: 2025", "anno: 2026").replace("stato: rendicontato", "stato: pianificato").replace(
    "documento: Relazione sulla Performance 2025", "documento: Piano della Performance 2026"
)
PLANNED_CSV = """\
obiettivo_strategico,indicatore,target,actual
1,Pratiche evase entro 5 gg,95%,
1,Relazione,30/06/2026,
"""


def test_planned_and_reported_years(tmp_path):
    d = make(tmp_path)
    (d / "2026" / "indicatori").mkdir(parents=True)
    (d / "2026" / "performance.yaml").write_text(PLANNED_YEAR, encoding="utf-8")
    (d / "2026" / "indicatori" / "ente.csv").write_text(PLANNED_CSV, encoding="utf-8")
    site = tmp_path / "sito"
    report = build(d, site, cache_dir=None)
    assert not report.issues.warnings, [str(w) for w in report.issues.warnings]

    planned = site / "amministrazione-trasparente/performance/piano-della-performance/2026/index.html"
    reported = site / "amministrazione-trasparente/performance/relazione-sulla-performance/2025/index.html"
    assert planned.is_file() and reported.is_file()

    s = BeautifulSoup(planned.read_text(encoding="utf-8"), "html.parser")
    text = s.get_text(" ", strip=True)
    assert "Anno pianificato" in text and "Dati di programmazione (Piano)" in text
    assert not s.select("span.stato")  # no scores in a planned year
    card = BeautifulSoup((site / "amministrazione-trasparente/performance/piano-della-performance/2026/cruscotti/ente/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [th.get_text(strip=True) for th in card.select("table.indicatori thead th")] == ["Indicatore", "Target"]
    assert [td.get_text(strip=True) for td in card.select("table.indicatori tbody td")] == ["95%", "30/06/2026"]

    perf = BeautifulSoup((site / "amministrazione-trasparente/performance/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a.get_text(strip=True) for a in perf.select("ul.voci a")] == [
        "Sistema di misurazione e valutazione della Performance",
        "Piano della Performance",
        "Relazione sulla Performance",
        "Ammontare complessivo dei premi",
        "Dati relativi ai premi",
    ]
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = [a.get_text(" ", strip=True) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    assert "2026" in nav and "2025" in nav


def test_reported_year_with_missing_actual_is_shown_not_scored(tmp_path):
    d = make(tmp_path, csv=CSV.replace('"2,5","0,9"', '"2,5",'))
    site = tmp_path / "sito"
    report = build(d, site, cache_dir=None)
    assert any("manca il valore rilevato" in str(w) for w in report.issues.warnings)
    card = BeautifulSoup((site / "amministrazione-trasparente/performance/relazione-sulla-performance/2025/cruscotti/ente/index.html").read_text(encoding="utf-8"), "html.parser")
    row = next(tr for tr in card.select("table.indicatori tbody tr") if "Tempi medi" in tr.th.get_text())
    assert [td.get_text(" ", strip=True) for td in row.select("td")][1:] == ["non rilevato", "– Non valutato"]
