"""`export` and `import --update`: a year goes out to a workbook and comes back unchanged, or with exactly the edits.

Round-trip properties on the bundled sample and on a year the import wrote
from a spreadsheet; the edited workbook is changed with openpyxl as an editor
would in Excel. Files are compared by their bytes (sha256 of every file of
the data folder).
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from generator.exporter import LABEL, CARD_FIELDS, TREE_FIELDS, plan, table, year_files
from generator.importer import COLUMNS, import_file
from tests.test_cli import run
from tests.test_import import INDIVIDUAL_REPEATED, TREE, body_dir, xlsx

UPDATED = date(2026, 12, 1)


def digests(d: Path) -> dict[str, str]:
    return {p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.rglob("*")) if p.is_file()}


def cells(d: Path) -> dict[tuple[str, int, str], str]:
    """Every cell of every scorecard CSV: (file, data row, column) → value."""
    out = {}
    for f in sorted((d / "2025" / "indicatori").glob("*.csv")):
        rows = list(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))
        out |= {(f.name, i, k): v for i, row in enumerate(rows) for k, v in row.items()}
    return out


@pytest.fixture
def sample(tmp_path, sample_dir) -> Path:
    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    return d


def export(data: Path, out: Path, year: int = 2025) -> Path:
    r = run("export", "--year", str(year), str(out), "--data", str(data))
    assert r.returncode == 0, r.stderr
    return out


def update(data: Path, book: Path, year: int = 2025):
    return import_file(book, year, data, updated=UPDATED, update=True)


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


# --- (a) the sample: export → import changes nothing ------------------------------------------


def test_sample_round_trip_leaves_every_file_unchanged(sample, tmp_path):
    before = digests(sample)
    book = export(sample, tmp_path / "albero.xlsx")
    r = run("import", str(book), "--year", "2025", "--data", str(sample), "--update")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines()[-1] == f"Nessun valore cambiato: i file di {sample.as_posix()}/2025 restano come sono."
    assert digests(sample) == before


def test_every_row_of_every_scorecard_is_exported_once(sample):
    files = year_files(sample / "2025")
    p = plan(files)
    exported = sorted(p.ente + [(rel, r) for rel, rows in p.cards for r in rows])
    expected = sorted((rel, r) for rel, text in files.items() if rel.endswith(".csv") for r in range(len(table(text).data)))
    assert exported == expected and len(expected) == 105
    assert [s.name for s in p.sheets] == ["Albero", "Schede delle unità", "Obiettivi individuali", "Schede"]


# --- the workbook, for people --------------------------------------------------------------------


def test_workbook_layout_for_people(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Istruzioni", "Albero", "Schede delle unità", "Obiettivi individuali", "Schede"]
    cards = [dict(zip(header(wb["Schede"]), r)) for r in wb["Schede"].iter_rows(min_row=2, values_only=True)]
    assert [(c["Ufficio"], c["Scheda"], c["Tipo"], c["Nome"]) for c in cards] == [
        (None, "ente", "ente", "Cruscotto di Ente"), ("AREA1", "area-1", "unita", "Area dirigenziale 1"),
        ("AREA2", "area-2", "unita", "Area dirigenziale 2"), ("AREZZO_SVILUPPO", "arezzo-sviluppo", "unita", "Azienda Speciale Arezzo Sviluppo"),
        ("SEGRETARIO_GENERALE", "segretario-generale", "individuale", "Segretario Generale e Dirigente Area 1"),
        ("DIRIGENTE_AREA2", "dirigente-area-2", "individuale", "Dirigente Area 2")]
    assert cards[4]["Titolare"] == "Avv. Marco Randellini"
    tree = wb["Albero"]
    assert header(tree) == [LABEL[f] for f in TREE_FIELDS] == [c.label for c in COLUMNS if c.tree]
    assert header(wb["Obiettivi individuali"]) == [LABEL[f] for f in CARD_FIELDS]
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A2"
        assert all(c.font.b for c in ws[1])
        assert ws.column_dimensions["A"].width > 20
    rows = list(tree.iter_rows(min_row=2, values_only=True))
    assert rows[0][:2] == ("1 - La CCIAA al servizio delle imprese ed a tutela dei consumatori", None)
    assert rows[1][:2] == (None, "1 - Semplificazione, e-government e qualità dei servizi")
    first = dict(zip(header(tree), rows[2]))
    assert (first["Indicatore"], first["Target"], first["Actual"], first["SAL"], first["Fonte"]) == (
        "Pratiche evase entro 5 gg / totale pratiche telematiche", "95%", "98,9%", "100%", "PIRA")
    j = header(tree).index("Target")
    typed = [r[j] for r in tree.iter_rows(min_row=2) if r[j].value is not None]
    assert typed and all(c.data_type == "s" and c.number_format == "@" for c in typed)  # text, never a number or a date
    individual = dict(zip(header(wb["Obiettivi individuali"]), next(wb["Obiettivi individuali"].iter_rows(min_row=2, values_only=True))))
    assert individual["Obiettivo individuale"] == "SEGRETARIO_GENERALE_01 - Realizzazione programma di vigilanza e controllo su strumenti di misura"
    assert individual["Obiettivo"] == "2 - Regolazione del mercato e promozione della legalità"
    guide = [r for r in wb["Istruzioni"].iter_rows(values_only=True)]
    explained = {r[0] for r in guide}
    assert set(header(tree)) | set(header(wb["Obiettivi individuali"])) <= explained
    assert any("--update" in (r[0] or "") for r in guide)


def test_export_is_deterministic(sample, tmp_path):
    a = export(sample, tmp_path / "a.xlsx")
    b = export(sample, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        core = z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 22, 0, 0, 0)}  # the year's aggiornato
    assert "2026-11-22T00:00:00Z" in core and core.count("2026-11-22T00:00:00Z") == 2


# --- (b) a year the import wrote: export → import gives back the same bytes ---------------------


def test_imported_year_round_trips_byte_for_byte(tmp_path):
    data = body_dir(tmp_path)
    source = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": INDIVIDUAL_REPEATED})
    assert import_file(source, 2026, data, updated=date(2026, 1, 31)).code == 0
    before = digests(data)
    book = export(data, tmp_path / "export.xlsx", 2026)
    wb = openpyxl.load_workbook(book)
    assert [r[:2] for r in wb["Obiettivi individuali"].iter_rows(min_row=2, values_only=True)] == [
        ("EQ_RI_02_01 - Riorganizzazione dello sportello 2025", "02.01 - Riduzione dei tempi di evasione delle pratiche"),
        ("EQ_RI_02_01 - Riorganizzazione dello sportello 2025", "02.01 - Riduzione dei tempi di evasione delle pratiche"),
        ("EQ_PR_03_01 - Calendario degli eventi", "03.01 - Turismo e cultura"),
    ]
    outcome = update(data, book, 2026)
    assert outcome.code == 0, outcome.lines
    assert digests(data) == before
    # and importing the export as a new year writes the same files as the original spreadsheet did
    (tmp_path / "again").mkdir()
    again = body_dir(tmp_path / "again")
    assert import_file(book, 2026, again, updated=date(2026, 1, 31)).code == 0
    for rel in ("2026/indicatori/ente.csv", "2026/indicatori/eq-ri.csv", "2026/indicatori/eq-pr.csv"):
        assert (again / rel).read_bytes() == (data / rel).read_bytes()


# --- (c) one target and one actual changed: exactly those two cells change -----------------------


def test_changed_target_and_actual_change_exactly_those_cells(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    before, text_before = cells(sample), {f: (sample / "2025" / f).read_text() for f in ("performance.yaml",)}
    wb = openpyxl.load_workbook(book)
    tree, units = wb["Albero"], wb["Schede delle unità"]
    tree.cell(4, header(tree).index("Target") + 1).value = "90%"  # first indicator of objective 1
    units.cell(3, header(units).index("Actual") + 1).value = "99%"  # second row of Area dirigenziale 1
    wb.save(book)
    outcome = update(sample, book)
    assert outcome.code == 0, outcome.lines
    assert [line for line in outcome.lines if " → " in line] == [
        f'{sample.as_posix()}/2025/indicatori/ente.csv: riga 2, target: "95%" → "90%"',
        f'{sample.as_posix()}/2025/indicatori/area-1.csv: riga 3, actual: "100%" → "99%"',
    ]
    after = cells(sample)
    changed = {k: (before[k], after[k]) for k in before if before[k] != after.get(k)}
    assert changed == {("ente.csv", 0, "target"): ("95%", "90%"), ("area-1.csv", 1, "actual"): ("100%", "99%")}
    assert after.keys() == before.keys()
    old_yaml, new_yaml = text_before["performance.yaml"].splitlines(), (sample / "2025" / "performance.yaml").read_text().splitlines()
    assert [(a, b) for a, b in zip(old_yaml, new_yaml) if a != b] == [
        ("aggiornato: 2026-11-22         # date this dataset was last updated",
         "aggiornato: 2026-12-01         # date this dataset was last updated")]
    assert len(old_yaml) == len(new_yaml)


@pytest.mark.parametrize("sep", ["\t", ";", ","])
def test_a_scorecard_with_any_separator_the_loader_reads_round_trips(sample, tmp_path, sep):
    """The exporter splits a CSV as the loader does (sources.delimiter): a tab-separated scorecard was exported as empty rows."""
    f = sample / "2025" / "indicatori" / "area-1.csv"
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    f.write_text(buf.getvalue(), encoding="utf-8")
    before = digests(sample)
    book = export(sample, tmp_path / "albero.xlsx")
    units = openpyxl.load_workbook(book)["Schede delle unità"]
    first = dict(zip(header(units), [c.value for c in units[2]]))
    assert first["Indicatore"] == rows[1][rows[0].index("indicatore")]
    assert update(sample, book).code == 0 and digests(sample) == before
    wb = openpyxl.load_workbook(book)
    wb["Schede delle unità"].cell(3, header(units).index("Actual") + 1).value = "99%"
    wb.save(book)
    assert update(sample, book).code == 0
    lines = f.read_text(encoding="utf-8").splitlines()
    assert [r[rows[0].index("actual")] for r in csv.reader(lines[2:3], delimiter=sep)] == ["99%"]
    assert lines[:2] + lines[3:] == buf.getvalue().splitlines()[:2] + buf.getvalue().splitlines()[3:]


def test_renamed_objective_changes_its_name_only(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["Albero"].cell(3, 2).value = "1 - Semplificazione e qualità dei servizi"
    wb.save(book)
    old = (sample / "2025" / "performance.yaml").read_text()
    assert update(sample, book).code == 0
    new = (sample / "2025" / "performance.yaml").read_text()
    assert new == old.replace("nome: Semplificazione, e-government e qualità dei servizi", "nome: Semplificazione e qualità dei servizi", 1
                              ).replace("aggiornato: 2026-11-22", "aggiornato: 2026-12-01", 1)


# --- hostile values: text in, the same text out ------------------------------------------------


def test_hostile_values_are_exported_as_text_and_come_back_unchanged(sample, tmp_path):
    ente = sample / "2025" / "indicatori" / "ente.csv"
    lines = ente.read_text(encoding="utf-8").splitlines(keepends=True)
    hostile = '"=HYPERLINK(""https://x.example"";""clic"")"'
    lines[1] = lines[1].replace("Pratiche evase entro 5 gg / totale pratiche telematiche", hostile).replace(",PIRA,", ",@PIRA,")
    lines[2] = lines[2].replace(",,giorni,", ",+1 giorno / -2,giorni,")
    ente.write_text("".join(lines), encoding="utf-8")
    assert run("validate", "--data", str(sample)).returncode == 0
    before = digests(sample)
    book = export(sample, tmp_path / "albero.xlsx")
    with zipfile.ZipFile(book) as z:
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    ws = openpyxl.load_workbook(book)["Albero"]
    h = header(ws)
    row = {k: c for k, c in zip(h, ws[4])}
    assert row["Indicatore"].value == '=HYPERLINK("https://x.example";"clic")' and row["Indicatore"].data_type == "s"
    assert row["Fonte"].value == "@PIRA" and row["Fonte"].quotePrefix
    assert row["Target"].value == "95%" and not row["Target"].quotePrefix
    assert {k: c.value for k, c in zip(h, ws[5])}["Algoritmo"] == "+1 giorno / -2"
    assert update(sample, book).code == 0
    assert digests(sample) == before
    # an edit elsewhere in the same row leaves the hostile cells as they were
    wb = openpyxl.load_workbook(book)
    wb["Albero"].cell(4, h.index("Actual") + 1).value = "97%"
    wb.save(book)
    assert update(sample, book).code == 0
    assert ente.read_text(encoding="utf-8").splitlines()[1] == lines[1].rstrip("\n").replace('"98,9%"', "97%")


# --- refused: structure changes, files, years -------------------------------------------------


def test_removed_rows_are_removed_from_their_csv_and_the_rest_stays(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["Albero"].delete_rows(4)  # first indicator of objective 1
    wb["Schede delle unità"].delete_rows(3)  # second row of Area dirigenziale 1
    wb.save(book)
    ente, area = (sample / "2025" / "indicatori" / n for n in ("ente.csv", "area-1.csv"))
    old_ente, old_area = (f.read_text(encoding="utf-8").splitlines(keepends=True) for f in (ente, area))
    outcome = update(sample, book)
    assert outcome.code == 0, outcome.lines
    assert [line for line in outcome.lines if "tolta" in line] == [
        f'{sample.as_posix()}/2025/indicatori/ente.csv: tolta la riga 2 (del file com\'era): "Pratiche evase entro 5 gg / totale pratiche telematiche"',
        f'{sample.as_posix()}/2025/indicatori/area-1.csv: tolta la riga 3 (del file com\'era): "N. di ispezioni realizzate/ n. ispezioni pianificate"',
    ]
    assert any(line.endswith(": 0 valori cambiati, 2 righe tolte; il resto dell'anno resta com'è.") for line in outcome.lines), outcome.lines
    assert ente.read_text(encoding="utf-8").splitlines(keepends=True) == old_ente[:1] + old_ente[2:]
    assert area.read_text(encoding="utf-8").splitlines(keepends=True) == old_area[:2] + old_area[3:]
    assert run("validate", "--data", str(sample)).returncode == 0


def _insert(ws, at: int, values: dict[str, str]) -> None:
    h = header(ws)
    ws.insert_rows(at)
    for k, v in values.items():
        ws.cell(at, h.index(k) + 1).value = v


def _rotate(ws, first: int, last: int) -> None:
    """Rows first..last become first+1..last, first (the first row moved below the others)."""
    values = [[c.value for c in ws[r]] for r in range(first, last + 1)]
    for r, row in zip(range(first, last + 1), values[1:] + values[:1]):
        for j, v in enumerate(row, 1):
            ws.cell(r, j).value = v


def test_added_rows_go_to_their_csv_in_order_byte_for_byte(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    tree, units = wb["Albero"], wb["Schede delle unità"]
    _insert(tree, 5, {"Indicatore": "Pratiche SUAP evase entro 30 giorni / pratiche SUAP pervenute nell'anno solare", "Target": "≥ 90%",
                      "Actual": "93,5%", "Owner": "Ufficio SUAP e Ambiente", "Codice": "SUAP-30"})
    _insert(tree, 8, {"Indicatore": "Iscrizioni al registro entro 2 giorni", "Target": "<= 2 gg", "Actual": "1,5 gg"})  # after the last of objective 1
    wb_first = [c.value for c in units[2]]
    _insert(units, 3, {"Obiettivo individuale": wb_first[0], "Obiettivo": wb_first[1], "Indicatore": "Verbali di ispezione pubblicati",
                       "Target": "100%", "Actual": "100%"})
    wb.save(book)
    start = tmp_path / "start"
    shutil.copytree(sample, start)
    ente, area = (sample / "2025" / "indicatori" / n for n in ("ente.csv", "area-1.csv"))
    old_ente, old_area = (f.read_text(encoding="utf-8").splitlines(keepends=True) for f in (ente, area))
    outcome = update(sample, book)
    assert outcome.code == 0, outcome.lines
    assert [line for line in outcome.lines if "aggiunta" in line] == [
        f'{sample.as_posix()}/2025/indicatori/ente.csv: aggiunta la riga 3: "Pratiche SUAP evase entro 30 giorni / pratiche SUAP '
        "pervenute nell'anno solare\", dal foglio \"Albero\", riga 5",
        f'{sample.as_posix()}/2025/indicatori/ente.csv: aggiunta la riga 6: "Iscrizioni al registro entro 2 giorni", dal foglio "Albero", riga 8',
        f'{sample.as_posix()}/2025/indicatori/area-1.csv: aggiunta la riga 3: "Verbali di ispezione pubblicati", dal foglio '
        '"Schede delle unità", riga 3',
    ]
    assert any(line.endswith(": 0 valori cambiati, 3 righe aggiunte; il resto dell'anno resta com'è.") for line in outcome.lines)
    assert ente.read_text(encoding="utf-8").splitlines(keepends=True) == old_ente[:2] + [
        "1,,,SUAP-30,Pratiche SUAP evase entro 30 giorni / pratiche SUAP pervenute nell'anno solare,,,≥ 90%,\"93,5%\",,,"
        "Ufficio SUAP e Ambiente,,,\n"] + old_ente[2:4] + ["1,,,,Iscrizioni al registro entro 2 giorni,,,<= 2 gg,\"1,5 gg\",,,,,,\n"] + old_ente[4:]
    assert area.read_text(encoding="utf-8").splitlines(keepends=True) == old_area[:2] + [
        "2,,Realizzazione programma di vigilanza e controllo su strumenti di misura,,Verbali di ispezione pubblicati,,,"
        "100%,100%,,,,,,\n"] + old_area[2:]
    assert run("validate", "--data", str(sample)).returncode == 0
    # the same workbook on the same year gives the same bytes; once merged, it changes nothing more
    assert update(start, book).code == 0 and digests(start) == digests(sample)
    again = update(sample, book)
    assert again.code == 0 and again.lines[-1].startswith("Nessun valore cambiato"), again.lines


@pytest.mark.parametrize("edit, message", [
    # a name changed and a row added in the same place: which row is which cannot be told
    (lambda wb: (wb["Albero"].cell(4, header(wb["Albero"]).index("Indicatore") + 1).__setattr__("value", "Pratiche evase in giornata"),
                 _insert(wb["Albero"], 5, {
        "Indicatore": "Pratiche evase in 2 giorni", "Target": "80%"})),
     'indicatori/ente.csv: foglio "Albero", righe 4, 5 ("Pratiche evase in giornata", "Pratiche evase in 2 giorni"): al posto di '
     '"Pratiche evase entro 5 gg / totale pratiche telematiche" ci sono indicatori cambiati e insieme righe aggiunte o tolte'),
    # a row moved within its objective, and a row added
    (lambda wb: (_rotate(wb["Albero"], 4, 6), _insert(wb["Albero"], 7, {"Indicatore": "Nuovo", "Target": "1"})),
     'indicatori/ente.csv: foglio "Albero", riga 6: l\'indicatore "Pratiche evase entro 5 gg / totale pratiche telematiche" è stato spostato'),
    # a new scorecard (an office code the year does not have)
    (lambda wb: _insert(wb["Schede delle unità"], 2, {"Obiettivo individuale": "NUOVA_01 - Ufficio nuovo", "Indicatore": "Uno",
                                                      "Target": "1"}),
     "schede delle unità e individuali: il foglio ne ha 6, l'anno 5"),
    # two rows with the same name swapped, as a sort does: their programmes would stay behind
    (lambda wb: _rotate(wb["Obiettivi individuali"], *_rows_named(wb["Obiettivi individuali"], SHARED)[:2]),
     'il codice "SEGRETARIO_GENERALE_03" è stato creato dall\'esportazione per indicare la scheda: non si cambia'),
    # a row cut from one scorecard and pasted into another (its office code edited)
    (lambda wb: wb["Schede delle unità"].cell(3, 1).__setattr__("value", "AREA2_01 - Realizzazione programma di vigilanza e controllo "
                                                                          "su strumenti di misura"),
     "è tolto da"),
])
def test_additions_and_moves_that_cannot_be_mapped_are_refused(sample, tmp_path, edit, message):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    edit(wb)
    wb.save(book)
    before = digests(sample)
    outcome = update(sample, book)
    assert outcome.code == 1 and digests(sample) == before
    assert any(message in line for line in outcome.lines), outcome.lines


def test_update_that_fails_the_check_writes_nothing(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Albero"]
    ws.cell(4, header(ws).index("Actual") + 1).value = "31/12/2025"  # a date for a percentage target
    wb.save(book)
    before = digests(sample)
    outcome = update(sample, book)
    assert outcome.code == 1 and digests(sample) == before


@pytest.mark.parametrize("args, code, message", [
    (["--year", "2031"], 1, "l'anno 2031 non esiste nei dati (anni presenti: 2025)"),
    (["--year", "2025"], 1, "il file esiste già: per sovrascriverlo ripetere con --force"),
    (["--year", "2025", "--force"], 0, "Scritto "),
    (["--year", "duemila"], 2, '"duemila": atteso un anno tra 2000 e 2100'),
])
def test_export_command_refusals(sample, tmp_path, args, code, message):
    out = tmp_path / "esistente.xlsx"
    out.write_bytes(b"vecchio")
    r = run("export", str(out), "--data", str(sample), *args)
    assert r.returncode == code and message in r.stderr, r.stderr
    assert (out.read_bytes() == b"vecchio") == (code != 0)


def test_import_update_needs_an_existing_year_and_excludes_replace(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    outcome = import_file(book, 2030, sample, update=True)
    assert outcome.code == 1 and "l'anno 2030 non esiste: --update aggiorna un anno esistente" in outcome.lines[-1]
    r = run("import", str(book), "--year", "2025", "--data", str(sample), "--update", "--replace")
    assert r.returncode == 2 and "--replace e --update non si usano insieme" in r.stderr, r.stderr


# --- the pieces: a CSV record, a YAML scalar rewritten in place -------------------------------

HEAD = "obiettivo_strategico,indicatore,target"


@pytest.mark.parametrize("text, rows, expected", [
    (f"{HEAD}\n1,A,95%\n1,B,\"2,5\"\n", {1: {"target": "3,5"}}, f"{HEAD}\n1,A,95%\n1,B,\"3,5\"\n"),
    # Windows line ends, a BOM, semicolons, a blank row and an odd quoting elsewhere stay as written
    ("\ufeffobiettivo_strategico;indicatore;target\r\n1;\"A\";95%\r\n\r\n1;B;<= 5 gg\r\n", {1: {"target": "<= 4 gg"}},
     "\ufeffobiettivo_strategico;indicatore;target\r\n1;\"A\";95%\r\n\r\n1;B;<= 4 gg\r\n"),
    # a column the file lacks is added at the end, empty in the other rows
    (f"{HEAD}\n1,A,95%\n1,B,24", {0: {"actual": "98%"}}, f"{HEAD},actual\n1,A,95%,98%\n1,B,24,"),
    # a cell with a line break or a quote is quoted as the import writes it
    (f"{HEAD}\n1,A,95%\n", {0: {"indicatore": 'Il "nuovo"\nsportello'}}, f'{HEAD}\n1,"Il ""nuovo""\nsportello",95%\n'),
])
def test_patched_csv_changes_only_its_records(text, rows, expected):
    from generator.merge import patched

    assert patched(table(text), rows) == expected


@pytest.mark.parametrize("text, path, value, expected", [
    ("a:\n  - nome: Vecchio   # commento\n", ("a", 0, "nome"), "Nuovo: sì", "a:\n  - nome: 'Nuovo: sì'   # commento\n"),
    ("nome: 'L''area'\naltro: 1\n", ("nome",), "L'area vasta", "nome: L'area vasta\naltro: 1\n"),
    ("nome: >-\n  due\n  righe\naltro: 1\n", ("nome",), "una riga", "nome: una riga\naltro: 1\n"),
    ("aggiornato: 2026-11-22  # data\n", ("aggiornato",), date(2026, 12, 1), "aggiornato: 2026-12-01  # data\n"),
    ("nome: x\n", ("nome",), "- non una lista", "nome: '- non una lista'\n"),
])
def test_yaml_scalar_is_rewritten_in_place(text, path, value, expected):
    from generator.merge import set_scalar

    assert set_scalar(text, path, value) == expected


def test_sorted_rows_are_refused(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Schede delle unità"]
    first, second = [c.value for c in ws[2]], [c.value for c in ws[3]]
    for j, (a, b) in enumerate(zip(first, second), 1):  # two rows of Area dirigenziale 1 swapped, as a sort would
        ws.cell(2, j).value, ws.cell(3, j).value = b, a
    wb.save(book)
    before = digests(sample)
    outcome = update(sample, book)
    assert outcome.code == 1 and digests(sample) == before
    assert outcome.lines[-2].startswith(f"{sample.as_posix()}/2025/indicatori/area-1.csv: riga 2: nel foglio l'indicatore "
                                        '"N. di ispezioni realizzate/ n. ispezioni pianificate" è al posto di un altro')


def test_export_of_an_unreadable_year_is_refused(sample, tmp_path):
    (sample / "2025" / "performance.yaml").write_text("anno: [2025\n", encoding="utf-8")
    r = run("export", "--year", "2025", str(tmp_path / "albero.xlsx"), "--data", str(sample))
    assert r.returncode == 1 and not (tmp_path / "albero.xlsx").exists()
    assert r.stderr.strip() == (f"{sample}/2025: i dati dell'anno non si leggono: controllarli con \"python -m generator validate "
                                f"--data {sample}\", correggere gli errori e ripetere l'esportazione")


def test_update_of_an_unreadable_year_is_refused(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    (sample / "2025" / "performance.yaml").write_text("anno: 2025\nobiettivi_strategici: [{nome: senza id}]\n", encoding="utf-8")
    before = digests(sample)
    outcome = update(sample, book)
    assert outcome.code == 1 and digests(sample) == before
    assert outcome.lines[-1] == (f"{sample}/2025: i file dell'anno non si leggono: controllarli con \"python -m generator validate "
                                 f"--data {sample}\"; nessun file scritto")


def test_a_control_character_the_workbook_cannot_hold_is_refused(sample, tmp_path):
    ente = sample / "2025" / "indicatori" / "ente.csv"
    ente.write_text(ente.read_text(encoding="utf-8").replace("PIRA", "PI\x01RA", 1), encoding="utf-8")
    r = run("export", "--year", "2025", str(tmp_path / "albero.xlsx"), "--data", str(sample))
    assert r.returncode == 1 and not (tmp_path / "albero.xlsx").exists()
    assert r.stderr.strip() == (f'{sample}/2025: foglio "Albero", riga 4, colonna "Fonte": "PI\\u0001RA": contiene un carattere di controllo che un file .xlsx non può contenere: '
                                "toglierlo dai dati e ripetere l'esportazione")


def test_last_years_export_imported_as_a_new_year_keeps_the_scorecards_and_drops_the_results(sample, tmp_path):
    """The workbook of 2025 as the template of 2026: the same scorecards (kind, name, address, holder), programmes and links;
    no made-up code written; 2025's actuals, SAL and notes not published as 2026's."""
    import yaml

    book = export(sample, tmp_path / "albero.xlsx")
    outcome = import_file(book, 2026, sample, updated=UPDATED)
    assert outcome.code == 0, outcome.lines
    assert any("l'esportazione del 2025, importata come anno 2026" in line and "103 valori rilevati, 103 SAL, 1 nota" in line
               for line in outcome.lines), outcome.lines
    old, new = (yaml.safe_load((sample / y / "performance.yaml").read_text()) for y in ("2025", "2026"))
    keep = ("id", "tipo", "nome", "descrizione", "titolare", "file")
    assert [{k: c.get(k) for k in keep} for c in new["schede"]] == [{k: c.get(k) for k in keep} for c in old["schede"]]
    assert new["stato"] == "pianificato"
    for card in old["schede"]:
        before = list(csv.DictReader(io.StringIO((sample / "2025" / card["file"]).read_text(encoding="utf-8"))))
        after = list(csv.DictReader(io.StringIO((sample / "2026" / card["file"]).read_text(encoding="utf-8"))))
        same = ("obiettivo_strategico", "programma", "obiettivo_operativo", "codice", "indicatore", "target", "unita", "direzione",
                "peso", "fonte")
        assert [{k: r[k] for k in same} for r in after] == [{k: r[k] for k in same} for r in before], card["id"]
        assert all(not (r["actual"] or r["sal_pubblicato"] or r["nota"]) for r in after)


@pytest.mark.parametrize("column", ["Fonte", "Note", "Obiettivo", "Programma", "Codice"])
def test_a_column_deleted_from_the_workbook_leaves_its_values(sample, tmp_path, column):
    """An editor tidying the workbook deletes a column: --update keeps what the data has there (it erased every value)."""
    before = digests(sample)
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets[1:4]:
        if column in header(ws) and not (column == "Obiettivo" and ws.title == "Albero"):
            ws.delete_cols(header(ws).index(column) + 1)
    wb.save(book)
    outcome = update(sample, book)
    assert outcome.code == 0, outcome.lines
    assert any(f'manca la colonna "{column}"' in line and "resta come è nei dati" in line for line in outcome.lines)
    assert outcome.lines[-1].startswith("Nessun valore cambiato") or "Nessun valore cambiato" in " ".join(outcome.lines)
    assert digests(sample) == before


def test_the_schede_sheet_is_not_changed_by_update(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Schede"]
    ws.cell(3, header(ws).index("Tipo") + 1).value = "individuale"
    wb.save(book)
    before = digests(sample)
    outcome = update(sample, book)
    assert outcome.code == 1
    assert any('foglio delle schede, riga 3, colonna "Tipo": scheda "area-1": "unita" → "individuale"' in line for line in outcome.lines)
    assert digests(sample) == before


def _rows_named(ws, name: str) -> list[int]:
    j = header(ws).index("Indicatore")
    return [r[0].row for r in ws.iter_rows(min_row=2) if r[j].value == name]


SHARED = "Risorse utilizzate/ risorse stanziare"  # two rows of the Segretario Generale, under two operational objectives


def test_rows_sharing_a_name_are_told_apart_by_their_code(sample, tmp_path):
    """Deleting one of two rows with the same indicator name removes that one (it removed the other and rewrote the kept one)."""
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Obiettivi individuali"]
    first, second = _rows_named(ws, SHARED)[:2]
    kept = ws.cell(first, 1).value
    ws.delete_rows(second)
    wb.save(book)
    f = sample / "2025" / "indicatori" / "segretario-generale.csv"
    before = list(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))
    outcome = update(sample, book)
    assert outcome.code == 0, outcome.lines
    after = list(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))
    gone = [r for r in before if r not in after]
    assert len(gone) == 1 and gone[0]["indicatore"] == SHARED and gone[0]["obiettivo_operativo"] != kept.split(" - ", 1)[1]
    assert [line for line in outcome.lines if " → " in line] == []


def test_an_unedited_export_reads_back_without_warnings(sample, tmp_path):
    """The tool's own workbook: no "number without %" nor "code does not start with the sector's" (12 false warnings)."""
    book = export(sample, tmp_path / "albero.xlsx")
    outcome = update(sample, book)
    assert outcome.code == 0
    sheet_warnings = [line for line in outcome.lines if line.startswith(str(book)) and "avviso" in line]
    assert not [w for w in sheet_warnings if "simbolo %" in w or "non inizia con quello del settore" in w], sheet_warnings


def test_an_objective_whose_code_and_name_disagree_is_named_in_a_warning(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Obiettivi individuali"]
    ws.cell(2, header(ws).index("Obiettivo") + 1).value = "4 - Transizione digitale, ecologica e internazionalizzazione"
    wb.save(book)
    outcome = update(sample, book)
    assert any('il codice indica l\'obiettivo "4 - Un territorio attrattivo ed integrato", il nome l\'obiettivo '
               '"3 - Transizione digitale, ecologica e internazionalizzazione"' in line for line in outcome.lines), outcome.lines
