"""`init` (a new body's data folder) and `new-year` (a planned year from the previous one)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.build import build, check
from generator.model import Body
from generator.scaffold import _move_deadline, init_body, new_year
from tests.test_cli import run
from tests.test_errors import make
from tests.test_import import TREE, xlsx

UPDATED = date(2026, 2, 1)
PAGE = Path("amministrazione-trasparente/performance/piano-della-performance/2026/index.html")


# --- init --------------------------------------------------------------------------


def test_cli_init_validates_with_placeholder_warnings_only_and_builds(tmp_path):
    r = run("init", "dati", "--year", "2026", "--updated", "2026-01-15", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert lines[0] == "Creati dati/ente.yaml, dati/2026/performance.yaml, dati/2026/indicatori/ente.csv."
    d = tmp_path / "dati"
    body_keys = [f.alias for f in Body.model_fields.values() if f.annotation is str]
    assert lines[-1] == f"Dati validi: 0 errori, {len(body_keys) + 1} avvisi"  # + the placeholder objective
    assert "dati/2026/performance.yaml:" in r.stderr and "obiettivi_strategici[0].nome: da completare" in r.stderr
    assert (d / "2026" / "indicatori" / "ente.csv").read_text(encoding="utf-8") == (
        "obiettivo_strategico,programma,obiettivo_operativo,codice,indicatore,algoritmo,unita,target,actual,direzione,peso,ufficio,fonte,sal_pubblicato,nota\n"
    )
    year = (d / "2026" / "performance.yaml").read_text(encoding="utf-8")
    for line in ("anno: 2026\n", "stato: pianificato ", "aggiornato: 2026-01-15\n", "documento: Piano della Performance 2026\n",
                 "direzione_predefinita: crescente ", "    nome: da completare\n", "    file: indicatori/ente.csv "):
        assert line in year

    ds, _, issues = check(d)
    assert ds is not None and issues.errors == []
    assert [(i.field, i.message) for i in issues.warnings] == [(k, "da completare") for k in body_keys] + [("obiettivi_strategici[0].nome", "da completare")]
    assert ds.body.updated == date(2026, 1, 15)
    build(d, tmp_path / "sito", cache_dir=None)
    assert (tmp_path / "sito" / PAGE).is_file()


def test_cli_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "dati").mkdir()
    (tmp_path / "dati" / "appunti.txt").write_text("x", encoding="utf-8")
    r = run("init", "dati", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "dati: la cartella non è vuota, init crea i dati di un nuovo ente solo in una cartella nuova o vuota "
        "(per aggiungere un anno: python -m generator new-year ANNO --data dati)"
    ]
    assert sorted(p.name for p in (tmp_path / "dati").iterdir()) == ["appunti.txt"]


def test_init_then_import_replaces_the_placeholder_year(tmp_path):
    from generator.importer import import_file

    d = tmp_path / "dati"
    assert init_body(d, 2026, UPDATED).code == 0
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE})
    assert import_file(f, 2026, d, updated=UPDATED).code == 1  # the year exists: --replace needed
    out = import_file(f, 2026, d, replace=True, updated=UPDATED)
    assert out.code == 0, out.lines
    ds, _, issues = check(d)
    assert issues.errors == [] and [o.code for o in ds.years[0].year.objectives] == ["02.01", "02.02", "03.01"]


# --- new-year ------------------------------------------------------------------------

YEAR = """\
anno: 2025
stato: rendicontato
aggiornato: 2026-04-30
documento: Relazione sulla Performance 2025
direzione_predefinita: crescente
vision: Un ente vicino alle imprese
prospettive:
  - id: imprese
    nome: Imprese
    valutazione_pubblicata: 90
aree_strategiche:
  - id: 1
    codice: "01"
    nome: Servizi alle imprese
    valutazione_pubblicata: 90
obiettivi_strategici:
  - id: 1
    codice: "01.01"
    nome: Servizi
    prospettiva: imprese
    area_strategica: 1
    metodo: utilizzo_risorse
    valutazione_pubblicata: 90
    risorse:
      - voce: Bando
        destinate: 1000
        consumate: 900
    risultati:
      - Fatto
    tabelle:
      - titolo: Pratiche
        colonne: [Anno, Pratiche]
        righe: [[2025, 10]]
    servizi_coinvolti: [Registro Imprese]
schede:
  - id: ente
    tipo: ente
    nome: Cruscotto di Ente
    file: indicatori/ente.csv
    valutazioni_pubblicate: {1: 100}
"""

EXPECTED_YEAR = """\
# Performance 2026, creato con "python -m generator new-year" dal 2025.
# Aggiornare obiettivi, schede e target; lasciare vuota la colonna actual
# fino all'adozione della Relazione (poi stato: rendicontato).
anno: 2026
stato: pianificato
aggiornato: 2026-02-01
documento: Piano della Performance 2026
direzione_predefinita: crescente
vision: Un ente vicino alle imprese
prospettive:
  - id: imprese
    nome: Imprese
aree_strategiche:
  - id: 1
    codice: '01'
    nome: Servizi alle imprese
obiettivi_strategici:
  - id: 1
    codice: '01.01'
    nome: Servizi
    prospettiva: imprese
    area_strategica: 1
    servizi_coinvolti:
      - Registro Imprese
schede:
  - id: ente
    tipo: ente
    nome: Cruscotto di Ente
    file: indicatori/ente.csv
"""

EXPECTED_CSV = """\
obiettivo_strategico,indicatore,target,actual,direzione,peso,sal_pubblicato
1,Pratiche evase entro 5 gg,95%,,,,
1,Tempi medi di lavorazione,"2,5",,decrescente,,
1,Relazione,30/06/2026,,,,
"""


def test_new_year_from_the_previous_one(tmp_path):
    d = make(tmp_path, year=YEAR)
    (d / "2025" / "premi.yaml").write_text("aggiornato: 2026-04-30\ndocumento: Relazione sulla Performance 2025\n", encoding="utf-8")
    assert check(d)[2].items == []
    out = new_year(d, 2026, UPDATED)
    assert out.code == 0, out.lines
    assert out.lines == [
        f"Creato {d}/2026 a partire dal 2025: performance.yaml e 1 scheda (indicatori/ente.csv).",
        "Tolti: valutazioni pubblicate, risorse, risultati e tabelle degli obiettivi; svuotate le colonne actual, sal_pubblicato, nota. "
        f"Non copiati: premi.yaml (dati propri di ogni anno). I commenti di {d}/2025/performance.yaml non sono riportati.",
        f"{d}/2026/indicatori/ente.csv:4: avviso: target a scadenza spostato al 30/06/2026: da rivedere",
        f"{d}/2026/performance.yaml:18: avviso: obiettivo 1: tolto metodo: utilizzo_risorse perché le risorse non sono copiate "
        "(il punteggio torna la media degli indicatori): da rivedere",
        "Dati validi: 0 errori, 0 avvisi",
    ]
    assert (d / "2026" / "performance.yaml").read_text(encoding="utf-8") == EXPECTED_YEAR
    assert (d / "2026" / "indicatori" / "ente.csv").read_text(encoding="utf-8") == EXPECTED_CSV
    assert sorted(str(p.relative_to(d / "2026")) for p in (d / "2026").rglob("*")) == ["indicatori", "indicatori/ente.csv", "performance.yaml"]
    build(d, tmp_path / "sito", cache_dir=None)
    assert (tmp_path / "sito" / PAGE).is_file()


def test_cli_new_year_from_the_sample(tmp_path, sample_dir):
    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    (d / "2026").mkdir()  # an empty folder made beforehand holds nothing to overwrite
    r = run("new-year", "2026", "--data", "dati", "--updated", "2026-02-01", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert "dati/2026/indicatori/area-2.csv:2: avviso: target a scadenza spostato al 31/12/2026: da rivedere" in lines
    assert "dati/2026/indicatori/dirigente-area-2.csv:7: avviso: target a scadenza spostato al 31/07/2026: da rivedere" in lines
    assert lines[-1].startswith("Dati validi: 0 errori, ")
    assert "Non copiati: bilancio/, personale/, premi.yaml, relazione/ (dati propri di ogni anno)." in lines[1]
    assert sorted(p.name for p in (d / "2026").iterdir()) == ["indicatori", "performance.yaml"]
    assert sorted(p.name for p in (d / "2026" / "indicatori").iterdir()) == sorted(p.name for p in (d / "2025" / "indicatori").iterdir())
    ds, _, issues = check(d)
    assert issues.errors == []
    planned = next(y for y in ds.years if y.year.year == 2026)
    assert planned.year.state == "pianificato" and planned.year.document == "Piano della Performance 2026"
    assert all(i.actual is None and i.published is None and i.note is None for rows in planned.indicators.values() for i in rows)
    assert all(o.published is None and not o.resources and not o.results and not o.tables for o in planned.year.objectives)
    again = run("new-year", "2026", "--data", "dati", cwd=tmp_path)
    assert (again.returncode, again.stderr.splitlines()) == (1, ["dati/2026: la cartella dell'anno 2026 esiste già: new-year non sovrascrive un anno"])


@pytest.mark.parametrize(
    ("case", "year", "expected"),
    [
        ("no-earlier-year", 2024, "{d}: nessun anno precedente al 2024 (cartella <anno>/performance.yaml) da cui partire"),
        ("no-body", 2026, '{d}/ente.yaml: file mancante: creare prima i dati dell\'ente con "python -m generator init {d}"'),
    ],
    ids=["no-earlier-year", "no-body"],
)
def test_new_year_refusals(tmp_path, case, year, expected):
    d = make(tmp_path)
    if case == "no-body":
        (d / "ente.yaml").unlink()
    out = new_year(d, year, UPDATED)
    assert (out.code, out.lines) == (1, [expected.format(d=d)])
    assert not (d / str(year)).exists()


@pytest.mark.parametrize(
    ("target", "years", "moved"),
    [("31/12/2025", 1, "31/12/2026"), ("1/7/2025", 1, "01/07/2026"), ("29/02/2024", 1, "28/02/2025"), ("31/12/2024", 2, "31/12/2026"),
     ("95%", 1, None), ("Positivo", 1, None), ("≥ 4O", 1, None)],
)
def test_deadline_moves_on(target, years, moved):
    assert _move_deadline(target, years) == moved
