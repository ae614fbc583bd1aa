"""Amministrazione trasparente: external sections, served documents, footer, retention, offices."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.build import build, check
from generator.render import archived_years
from tests.test_errors import BODY, CSV, YEAR, make

AT = "amministrazione-trasparente"


def soup(site, rel):
    return BeautifulSoup((site / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


EXTERNAL = BODY + """\
sezioni_esterne:
  Bandi di gara e contratti: https://www.example.org/at/bandi-di-gara
  Disposizioni generali: https://www.example.org/at/disposizioni-generali
"""
DOCUMENTS = """\
aggiornato: 2026-02-01
documenti:
  - voce: oiv
    titolo: Validazione della Relazione sulla Performance 2025
    atto: Documento di validazione dell'OIV del 30/06/2026
    data: 2026-06-30
    file: documenti/validazione-2025.pdf
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("at")
    d = make(tmp, body=EXTERNAL)
    (d / "documenti").mkdir()
    (d / "documenti" / "validazione-2025.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 2048)
    (d / "documenti.yaml").write_text(DOCUMENTS, encoding="utf-8")
    out = tmp / "sito"
    build(d, out, cache_dir=None)
    return out


def test_external_sections_in_official_order(site):
    items = [(a.get_text(strip=True), a["href"]) for a in soup(site, AT).select("ul.voci a")]
    assert [label for label, _ in items] == [
        "Disposizioni generali",
        "Personale",
        "Performance",
        "Bandi di gara e contratti",
        "Bilanci",
        "Controlli e rilievi sull'amministrazione",
        "Altri contenuti",
    ]
    assert dict(items)["Disposizioni generali"] == "https://www.example.org/at/disposizioni-generali"


BAD_SECTIONS = [
    ("Bandi di gara", '"Bandi di gara" non è una sezione di primo livello di Amministrazione trasparente (usare l\'etichetta ufficiale esatta, D.Lgs. 33/2013 allegato 1)'),
    ("bilanci", '"bilanci" non è una sezione di primo livello di Amministrazione trasparente (forse "Bilanci"?)'),
    ("Performance", '"Performance" è prodotta da questo sito: toglierla da sezioni_esterne'),
]


@pytest.mark.parametrize(("label", "message"), BAD_SECTIONS)
def test_external_section_labels_must_be_official(tmp_path, label, message):
    d = make(tmp_path, body=BODY + f"sezioni_esterne:\n  {label}: https://www.example.org/x\n")
    _, _, issues = check(d)
    assert [str(i).replace(str(d), "dati") for i in issues.errors] == [f"dati/ente.yaml:16: sezioni_esterne: {message}"]


def test_served_document_with_size_and_format(site):
    s = soup(site, f"{AT}/controlli-e-rilievi-sull-amministrazione/organismi-indipendenti-di-valutazione")
    row = s.select_one("table tbody tr")
    cells = [" ".join(c.get_text().split()) for c in row.select("th, td")]  # a glossary link inside a cell adds no space
    assert cells == ["Validazione della Relazione sulla Performance 2025", "Documento di validazione dell'OIV del 30/06/2026", "30/06/2026", "PDF", "2 KB"]
    href = row.a["href"]
    served = (site / f"{AT}/controlli-e-rilievi-sull-amministrazione/organismi-indipendenti-di-valutazione" / href).resolve()
    assert served.is_file() and served.read_bytes().startswith(b"%PDF")
    assert "Ultimo aggiornamento: 01/02/2026" in s.get_text(" ", strip=True)


def test_footer_has_the_body_and_legal_links(site):
    footer = soup(site, "").select_one("footer .piede-ente")
    text = footer.get_text(" ", strip=True)
    for fact in ("Ente di prova", "Via Roma 1, 00100 Roma", "ente@pec.example.org", "Codice fiscale: 00000000000", "Partita IVA: 00000000000", "CC BY 4.0"):
        assert fact in text, fact
    links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
    assert links["Dichiarazione di accessibilità"].startswith("https://form.agid.gov.it/")
    assert links["Privacy"] == "https://www.example.org/privacy"
    assert (site / links["Note legali"] / "index.html").is_file() or (site / "note-legali" / "index.html").is_file()
    legal = soup(site, "note-legali").get_text(" ", strip=True)
    assert "Creative Commons Attribuzione 4.0" in legal


def test_missing_documents_and_placeholders_are_said(sample_dir, built_site):
    footer = soup(built_site, "").select_one("footer .piede-ente").get_text(" ", strip=True)
    assert "Dichiarazione di accessibilità: da completare" in footer and "PEC: da completare" in footer


# --- retention ------------------------------------------------------------------------------

RETENTION = [
    ([2025], set()),
    ([2025, 2020], set()),  # 2020 is published in 2021 and stays until 31/12/2026
    ([2025, 2020, 2019, 2018], {2019, 2018}),
]


@pytest.mark.parametrize(("years", "archived"), RETENTION)
def test_archived_years(years, archived):
    class R:  # the smallest stand-in for a YearResult: only the year is read
        def __init__(self, y):
            self.year = type("Y", (), {"year": y})

    assert archived_years([R(y) for y in years]) == archived


def test_archived_year_is_marked_on_the_site(tmp_path):
    d = make(tmp_path)
    (d / "2018" / "indicatori").mkdir(parents=True)
    (d / "2018" / "performance.yaml").write_text(YEAR.replace("2025", "2018").replace("aggiornato: 2026-04-30", "aggiornato: 2019-04-30"), encoding="utf-8")
    (d / "2018" / "indicatori" / "ente.csv").write_text(CSV.replace("2025", "2018"), encoding="utf-8")
    out = tmp_path / "sito"
    build(d, out, cache_dir=None)
    old = soup(out, f"{AT}/performance/relazione-sulla-performance/2018")
    assert "Archivio" in old.select_one(".admonition-title").get_text()
    assert not soup(out, f"{AT}/performance/relazione-sulla-performance/2025").select(".admonition.warning")
    listing = soup(out, f"{AT}/performance/relazione-sulla-performance").get_text(" ", strip=True)
    assert "Relazione sulla Performance 2018 — Dati a consuntivo (Relazione) · archivio" in listing


# --- offices ------------------------------------------------------------------------------------


def test_offices_page(built_site):
    s = soup(built_site, f"{AT}/performance/relazione-sulla-performance/2025/uffici")
    assert [h.get_text(strip=True) for h in s.select("article h2")] == ["In sintesi", "Arezzo Sviluppo: divisione Formazione"]
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in s.select("table tbody tr")]
    assert [r[0] for r in rows] == ["Corsi di aggiornamento per giornalisti iscritti all'albo", "Fatturato anno x / Fatturato anno x - 1"]
    assert rows[0][-1] == "33%"
