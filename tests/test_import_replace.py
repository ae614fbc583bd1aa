"""`import --replace` checks the whole new data folder before it writes or deletes anything.

The new year is installed into a temporary copy of the data folder and the
project's full check runs there; only a clean result is installed. A refused
import leaves `data/` byte-identical (digest of every file before and after).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from generator.importer import import_file
from tests.test_cli import run
from tests.test_import import UPDATED, xlsx

ROOT = Path(__file__).resolve().parent.parent


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sample(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    return d


# A tree of two objectives: the sample's budget names objective 8 for its indices, so the new year cannot check.
SMALL = [
    ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Actual"],
    ["01 - Imprese"],
    [None, "01.01 - Tempi certi"],
    [None, None, "Pratiche evase", "95%", "Registro Imprese", "98,9%"],
    [None, "01.02 - Sportello"],
    [None, None, "Sportello attivo", "31/12/2025", "Innovazione", "04/10/2025"],
]


def test_replace_that_breaks_the_rest_of_the_year_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    scratch = tmp_path / "tmp"  # this test's own temporary folder: other processes' imports neither add nor remove copies in it
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    d = sample(tmp_path)
    before = digest(d)
    xlsx(tmp_path / "albero.xlsx", {"Albero": SMALL})
    out = import_file(Path("albero.xlsx"), 2025, Path("data"), replace=True, updated=UPDATED)
    assert out.code == 1
    assert re.fullmatch(r"Controllo dei dati non superato \(\d+ errori, \d+ avvisi\): nessun file scritto in data\.", out.lines[-1])
    errors = [line for line in out.lines if line.startswith("data/2025/bilancio/")]
    assert errors and all("obiettivo_strategico" in line or "indicatori" in line for line in errors), out.lines
    assert not any("generator-import-" in line for line in out.lines)  # paths shown as the editor's, not the copy's
    assert digest(d) == before
    assert list(scratch.iterdir()) == []  # the checked copy is gone


def test_replace_with_a_bad_row_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = sample(tmp_path)
    before = digest(d)
    bad = [row[:] for row in SMALL]
    bad[3][3] = "≥ 4O"
    xlsx(tmp_path / "albero.xlsx", {"Albero": bad})
    r = run("import", "albero.xlsx", "--year", "2025", "--data", "data", "--replace", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[0].startswith('albero.xlsx, foglio "Albero", riga 4, colonna "Target": "≥ 4O" non è un target valido')
    assert r.stderr.splitlines()[-1] == "1 problema: nessun file scritto. Correggere il foglio e ripetere l'importazione."
    assert "Traceback" not in r.stderr
    assert digest(d) == before


def test_replace_into_a_new_year_beside_the_sample_checks_everything_and_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = sample(tmp_path)
    before = digest(d)
    xlsx(tmp_path / "albero.xlsx", {"Albero": SMALL})
    out = import_file(Path("albero.xlsx"), 2026, Path("data"), updated=UPDATED)
    assert out.code == 0, out.lines
    after = digest(d)
    assert {k: v for k, v in after.items() if not k.startswith("2026/")} == before
    assert sorted(k for k in after if k.startswith("2026/")) == ["2026/indicatori/ente.csv", "2026/performance.yaml"]
    assert out.lines[-1].startswith("Dati validi: 0 errori")


def test_replace_keeps_what_the_workbook_does_not_carry_and_names_what_goes(tmp_path, monkeypatch):
    """An editor wrote a vision, perspectives, objectives' results and a scorecard's holder beside the imported
    tree, and actuals; a new plan workbook (an objective renamed, one and a scorecard fewer) replaces the year."""
    monkeypatch.chdir(tmp_path)
    d = sample(tmp_path)
    tree = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Actual"], ["01 - Imprese"],
            [None, "01.01 - Tempi certi"], [None, None, "Pratiche evase", "95%", "Registro Imprese", "98,9%"],
            [None, "01.02 - Sportello"], [None, None, "Sportello attivo", "31/12/2026", "Innovazione", "04/10/2026"],
            [None, "01.03 - Formazione"], [None, None, "Corsi tenuti", "3", "Formazione", "3"]]
    cards = [["Obiettivo individuale", "Indicatore", "Target", "Actual"],
             ["EQ_ST_01_01 - Studi economici", "Rapporti pubblicati", "2", "3"],
             ["EQ_PR_01_03 - Corsi per le imprese", "Giorni di corso", "20", "21"]]
    xlsx(tmp_path / "a.xlsx", {"Albero": tree, "Individuali": cards})
    assert import_file(Path("a.xlsx"), 2026, Path("data"), updated=UPDATED).code == 0
    y = d / "2026" / "performance.yaml"
    doc = yaml.safe_load(y.read_text(encoding="utf-8"))
    assert doc["stato"] == "rendicontato"
    doc["vision"] = "Una Camera vicina alle imprese."
    doc["prospettive"] = [{"id": "imprese", "nome": "Imprese"}]
    doc["documento"] = "Relazione sulla Performance 2026 (rev. 2)"
    for o, text in zip(doc["obiettivi_strategici"], ("Pratiche evase in tempo.", "Sportello aperto.", "Tre corsi.")):
        o |= {"prospettiva": "imprese", "risultati": [text]}
    studi = next(c for c in doc["schede"] if c["id"] == "eq-st")
    studi |= {"nome": "Ufficio Studi e statistica", "titolare": "Dott.ssa Rossi"}
    next(c for c in doc["schede"] if c["id"] == "eq-pr")["titolare"] = "Dott. Bianchi"
    y.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (d / "2026" / "indicatori" / "appunti.txt").write_text("da chiedere al dirigente\n", encoding="utf-8")

    plan = [r[:5] for r in tree[:6]]  # the plan: no Actual column, no objective 01.03
    plan[4] = [None, "01.02 - Sportello unico"]  # renamed: the same code, the same objective
    xlsx(tmp_path / "b.xlsx", {"Albero": plan, "Individuali": [r[:3] for r in cards[:2]]})
    out = import_file(Path("b.xlsx"), 2026, Path("data"), replace=True, updated=UPDATED)
    assert out.code == 0, out.lines
    new = yaml.safe_load(y.read_text(encoding="utf-8"))
    assert new["vision"] == doc["vision"] and new["prospettive"] == doc["prospettive"]
    assert new["stato"] == "pianificato" and new["documento"] == "Piano della Performance 2026"  # not the report's name
    assert [(o["nome"], o["risultati"], o["prospettiva"]) for o in new["obiettivi_strategici"]] == [
        ("Tempi certi", ["Pratiche evase in tempo."], "imprese"), ("Sportello unico", ["Sportello aperto."], "imprese")]
    assert [c["id"] for c in new["schede"]] == ["ente", "eq-st"]
    assert new["schede"][1] == studi
    said = "\n".join(out.lines)
    for line in (
        "data/2026/performance.yaml: restano, scritti a mano accanto ai dati del foglio: vision, prospettive, "
        "obiettivi_strategici: prospettiva (2), obiettivi_strategici: risultati (2), schede: nome, schede: titolare",
        'data/2026/performance.yaml: documento: "Relazione sulla Performance 2026 (rev. 2)" diventa "Piano della Performance 2026" '
        "(lo stato passa a pianificato)",
        'data/2026/performance.yaml: obiettivo strategico "Sportello unico" (id 2): stesso codice di "Sportello": restano '
        "prospettiva, risultati (se non è lo stesso, correggerli o toglierli)",
        'data/2026/performance.yaml: obiettivo strategico "Formazione" (id 3): il foglio non l\'ha più: si perdono prospettiva, risultati',
        'data/2026/performance.yaml: scheda "Obiettivi individuali EQ_PR" (id eq-pr): il foglio non l\'ha più: si perdono titolare',
        "data/2026/indicatori/appunti.txt: tolto",
        "data/2026/indicatori/ente.csv: 1 riga tolta («Corsi tenuti»); nelle righe che restano si perdono actual (2)",
        "data/2026/indicatori/eq-pr.csv: tolto (righe: 1, valori rilevati: 1)",
        "data/2026/indicatori/eq-st.csv: nelle righe che restano si perdono actual (1)",
    ):
        assert line in out.lines, said


def test_replace_over_a_file_that_does_not_read_writes_nothing_and_says_how_to_go_on(tmp_path, monkeypatch):
    """A performance.yaml validate reads (saved in Windows-1252) is carried over; one with a YAML error is not thrown away."""
    monkeypatch.chdir(tmp_path)
    d = sample(tmp_path)
    xlsx(tmp_path / "a.xlsx", {"Albero": SMALL})
    assert import_file(Path("a.xlsx"), 2026, Path("data"), updated=UPDATED).code == 0
    y = d / "2026" / "performance.yaml"
    y.write_bytes(y.read_text(encoding="utf-8").replace("anno: 2026", "anno: 2026\nvision: Qualità e città").encode("cp1252"))
    out = import_file(Path("a.xlsx"), 2026, Path("data"), replace=True, updated=UPDATED)
    assert out.code == 0, out.lines
    assert yaml.safe_load(y.read_text(encoding="utf-8"))["vision"] == "Qualità e città"
    y.write_text(y.read_text(encoding="utf-8") + "obiettivi_strategici: [\n", encoding="utf-8")
    before = digest(d)
    out = import_file(Path("a.xlsx"), 2026, Path("data"), replace=True, updated=UPDATED)
    assert out.code == 1 and digest(d) == before
    assert re.fullmatch(r"data/2026/performance\.yaml:\d+: .+: il file attuale non si legge, e --replace ne porterebbe nel nuovo "
                        r"file quanto scritto a mano accanto all'albero: correggerlo \(python -m generator validate\) o, per "
                        r"sostituirlo senza portarne nulla, spostarlo fuori dalla cartella dei dati e ripetere; nessun file scritto",
                        out.lines[-1]), out.lines[-1]
