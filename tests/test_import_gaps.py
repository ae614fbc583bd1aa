"""Nothing an editor wrote is silently dropped: every cell, header, comment and sheet is imported or named in a warning.

Each case builds its own workbook (typed cells, long names, codes unlike the
sample's) and asserts the exact line the editor reads, with file, sheet, row,
column and the value.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import openpyxl.worksheet.hyperlink
import pytest
import yaml
from odf.office import Annotation
from odf.opendocument import OpenDocumentSpreadsheet
from odf.namespaces import TABLENS
from odf.table import Table, TableCell, TableRow
from odf.text import A, P
from openpyxl.comments import Comment

from generator.importer import import_file
from tests.test_export import UPDATED as EXPORT_UPDATED
from tests.test_export import digests, export, header, update
from tests.test_import import INDIVIDUAL_HEADER, TREE, UPDATED, body_dir, xlsx

LONG = ("Riorganizzazione complessiva dello sportello unico per le attività produttive con apertura pomeridiana "
        "e prenotazione degli appuntamenti in linea")


def rows_of(d, name: str, year: int = 2026) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((d / str(year) / "indicatori" / name).read_text(encoding="utf-8"))))


def warnings_of(out, sheet: str | None = None) -> list[str]:
    return [line for line in out.lines if ": avviso: " in line and (sheet is None or f'foglio "{sheet}"' in line)]


# --- (1) the Codice column of the individual-objectives sheet --------------------------------------


def test_individual_codice_is_the_indicators_own_code_or_else_the_objectives(tmp_path):
    d = body_dir(tmp_path)
    sheet = [
        ["Obiettivo individuale", "Cod. indicatore", "Indicatore", "Target"],
        [f"DIR_SUAP_2_1_4 - {LONG}", 7, "Appuntamenti prenotati in linea / appuntamenti totali", 0.8],
        [None, "SUAP.b", "Aperture pomeridiane settimanali", 2],
        [None, None, "Tempo medio di attesa allo sportello", "<= 15 gg"],
    ]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": sheet})
    wb = openpyxl.load_workbook(f)
    wb["Individuali"]["D2"].number_format = "0%"  # typed: 0.8 shown as 80%
    wb.save(f)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    got = [(r["codice"], r["indicatore"], r["target"], r["obiettivo_operativo"]) for r in rows_of(d, "dir-suap.csv")]
    assert got == [
        ("7", "Appuntamenti prenotati in linea / appuntamenti totali", "80%", LONG),
        ("SUAP.b", "Aperture pomeridiane settimanali", "2", LONG),
        ("DIR_SUAP_2_1_4", "Tempo medio di attesa allo sportello", "<= 15 gg", LONG),
    ]
    assert not [w for w in warnings_of(out) if "Individuali" in w], out.lines


def test_individual_codice_without_an_indicator_is_an_error(tmp_path):
    d = body_dir(tmp_path)
    sheet = [["Obiettivo individuale", "Codice", "Indicatore", "Target"], ["EQ_BP_10_02 - Bilancio partecipato", "BP-9", None, None],
             [None, None, "Incontri con le associazioni", "≥ 3"]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": sheet})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 1
    assert (f'{f}, foglio "Individuali", riga 2, colonna "Indicatore": vuoto: manca il nome dell\'indicatore ma la riga ha testo in '
            'Codice "BP-9"') in out.lines


# --- (1) the Obiettivo column of the individual-objectives sheet -----------------------------------


def test_individual_obiettivo_that_finds_nothing_or_contradicts_is_named(tmp_path):
    d = body_dir(tmp_path)
    sheet = [
        ["Obiettivo individuale", "Obiettivo", "Indicatore", "Target"],
        [None, "99.9 - Obiettivo che non esiste", None, None],
        ["EQ_RI_02_01 - Sportello", "Semplificazione amministrativa", "Nuovo orario", "30/06/2026"],
        ["EQ_RI_02_01 - Sportello", "Semplificazione amministrativa", "Orario pubblicato", "31/07/2026"],
        ["EQ_PR_03_01 - Eventi", "03.01 - Turismo e cultura", "Calendario pubblicato", "31/03/2026"],
        ["EQ_PR_03_01 - Eventi", "02.02 - Sportello digitale", "Eventi svolti", "≥ 4"],
    ]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": sheet})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    where = f'{f}, foglio "Individuali"'
    assert warnings_of(out, "Individuali") == [
        f'{where}, riga 2, colonna "Obiettivo": avviso: "99.9 - Obiettivo che non esiste": riga senza obiettivo individuale né '
        "indicatore: non importata (l'obiettivo strategico si scrive sulla riga dell'obiettivo individuale)",
        f'{where}, riga 3, colonna "Obiettivo": avviso: "Semplificazione amministrativa": nessun obiettivo strategico dell\'albero '
        'ha questo codice o nome (obiettivi: 02.01, 02.02, 03.01): collegato invece dal codice dell\'obiettivo individuale a '
        '"02.01 - Riduzione dei tempi di evasione delle pratiche"',
        f'{where}, riga 6, colonna "Obiettivo": avviso: "02.02 - Sportello digitale": l\'obiettivo individuale "EQ_PR_03_01 - Eventi" '
        'è già collegato all\'obiettivo strategico "03.01 - Turismo e cultura" (riga 5): un obiettivo individuale ha un solo '
        "obiettivo strategico, valore non importato",
    ]
    assert [r["obiettivo_strategico"] for r in rows_of(d, "eq-pr.csv")] == ["3", "3"]


# --- (1) unknown headers and comments ----------------------------------------------------------------


def test_unknown_column_names_what_it_holds(tmp_path):
    d = body_dir(tmp_path)
    sheet = [INDIVIDUAL_HEADER + ["Referente politico"], ["EQ_RI_02_01 - Sportello", "Nuovo orario", None, "30/06/2026"],
             [None, "Orario pubblicato", None, "31/07/2026", "Assessore Bianchi"], [None, "Avviso", None, "31/08/2026", 2026]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": sheet})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    (line,) = [w for w in warnings_of(out) if "Referente" in w]
    assert line.startswith(f'{f}, foglio "Individuali", riga 1, colonna "Referente politico": avviso: "Referente politico": colonna '
                           'non riconosciuta, il suo contenuto non è importato (2 celle, la prima alla riga 3: "Assessore Bianchi"; '
                           "colonne riconosciute: Obiettivo, Obiettivo individuale, Programma, Codice, Indicatore")


def test_xlsx_cell_comments_are_named(tmp_path):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE})
    wb = openpyxl.load_workbook(f)
    wb["Albero"]["D6"].comment = Comment("Target  concordato\ncon il Segretario generale il 12/02/2026", "Rossi")
    wb["Albero"]["H20"].comment = Comment("   ", "vuoto")  # a comment without text says nothing
    wb.save(f)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert warnings_of(out) == [
        f'{f}, foglio "Albero", riga 1: avviso: riga ignorata perché precede l\'intestazione: "Albero della Performance 2026"',
        f'{f}, foglio "Albero", riga 6, colonna "Target": avviso: commento della cella: non importato ("Target concordato con il '
        'Segretario generale il 12/02/2026"); se è un dato, scriverlo nella colonna che lo contiene (ad es. Note) e ripetere '
        "l'importazione",
    ]


def ods(path, rows: list[list], fill) -> Path:
    """An .ods file of one sheet "Albero"; fill(r, j, value, cell) writes each cell's content."""
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Albero")
    for r, values in enumerate(rows):
        row = TableRow()
        for j, v in enumerate(values):
            cell = TableCell(valuetype="string") if v else TableCell()
            fill(r, j, v, cell)
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def test_ods_annotations_are_named(tmp_path):
    def fill(r, j, v, cell):
        if v:
            cell.addElement(P(text=v))
        if (r, j) == (3, 2):
            note = Annotation()
            note.addElement(P(text="Da rivedere a giugno"))
            cell.addElement(note)

    f = ods(tmp_path / "albero.ods", [["Settore", "Obiettivo", "Indicatore", "Target", "Owner"], ["01 - Servizi alle imprese"],
                                      [None, "01.01 - Tempi certi"], [None, None, "Pratiche evase in 5 giorni", "95%", "Registro Imprese"]], fill)
    d = body_dir(tmp_path)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert warnings_of(out) == [f'{f}, foglio "Albero", riga 4, colonna "Indicatore": avviso: commento della cella: non importato '
                                '("Da rivedere a giugno"); se è un dato, scriverlo nella colonna che lo contiene (ad es. Note) e '
                                "ripetere l'importazione"]
    assert [r["indicatore"] for r in rows_of(d, "ente.csv")] == ["Pratiche evase in 5 giorni"]


LINK_NOTE = ('collegamento della cella: l\'indirizzo non è importato ("{}"), solo il testo; se serve, scriverlo nel testo '
             "della cella (ad es. in Fonte o Note) e ripetere l'importazione")
# (cell, how it links, the address named; None: the text shows the address, nothing is lost)
XLSX_LINKS = [
    ("E6", "hyperlink", "https://www.example.it/registro-imprese/servizi.html", "https://www.example.it/registro-imprese/servizi.html"),
    ("E7", "formula", '=HYPERLINK("https://intranet.ente.local/cruscotto?id=7&anno=2026","Ufficio Registro Imprese")',
     "https://intranet.ente.local/cruscotto?id=7&anno=2026"),
    ("E7", "formula", '=hyperlink( "mailto:ri@ente.it" ; "scrivere")', "mailto:ri@ente.it"),
    ("E6", "typed address", "https://www.example.it", None),  # Excel links an address typed in the cell: its text shows it
    ("E6", "internal", "#Individuali!A1", "#Individuali!A1"),
]


@pytest.mark.parametrize(("ref", "how", "link", "named"), XLSX_LINKS, ids=[f"{c[1]}-{i}" for i, c in enumerate(XLSX_LINKS)])
def test_xlsx_cell_links_are_named(tmp_path, ref, how, link, named):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE})
    wb = openpyxl.load_workbook(f)
    cell = wb["Albero"][ref]
    if how == "formula":
        cell.value = link  # the value a suite would cache is not written: the formula alone names the address
    elif how == "typed address":
        cell.value, cell.hyperlink = link, link
    elif how == "internal":
        cell.hyperlink = openpyxl.worksheet.hyperlink.Hyperlink(ref=ref, location=link[1:])
    else:
        cell.hyperlink = link
    wb.save(f)
    out = import_file(f, 2026, d, updated=UPDATED)
    got = [w for w in warnings_of(out) if "collegamento" in w]
    assert got == ([f'{f}, foglio "Albero", riga {ref[1:]}, colonna "Owner": avviso: ' + LINK_NOTE.format(named)] if named else []), out.lines


def test_ods_links_are_named(tmp_path):
    def fill(r, j, v, cell):
        if v and j == 5 and r > 2:  # Fonte: a link to elsewhere, then one whose text is its address
            p = P()
            p.addElement(A(href="https://dati.example.it/cruscotto.xlsx" if r == 3 else v, text=v))
            cell.addElement(p)
        elif v:
            cell.addElement(P(text=v))

    f = ods(tmp_path / "albero.ods", [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Fonte"], ["01 - Servizi alle imprese"],
                                      [None, "01.01 - Tempi certi"], [None, None, "Pratiche evase in 5 giorni", "95%", "Registro Imprese", "Cruscotto"],
                                      [None, None, "Pratiche sospese", "5%", "Registro Imprese", "https://www.example.it/dati"]], fill)
    d = body_dir(tmp_path)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert warnings_of(out) == [f'{f}, foglio "Albero", riga 4, colonna "Fonte": avviso: '
                                + LINK_NOTE.format("https://dati.example.it/cruscotto.xlsx")]
    assert [r["fonte"] for r in rows_of(d, "ente.csv")] == ["Cruscotto", "https://www.example.it/dati"]


# --- (2) the export's own Istruzioni sheet --------------------------------------------------------


@pytest.fixture
def sample(tmp_path, sample_dir):
    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    return d


def test_export_instructions_are_skipped_silently_other_sheets_still_named(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    out = update(sample, book)
    assert out.code == 0 and not [line for line in out.lines if "Istruzioni" in line], out.lines
    wb = openpyxl.load_workbook(book)
    wb["Istruzioni"]["D3"] = "Chiedere a Rossi prima di reimportare"
    wb.create_sheet("Appunti")["B2"] = "Verificare i target dell'area 2"
    wb.save(book)
    before = digests(sample)
    out = update(sample, book)
    assert out.code == 0, out.lines
    assert warnings_of(out, "Istruzioni") + warnings_of(out, "Appunti") == [
        f'{book}, foglio "Istruzioni", riga 3, colonna D: avviso: "Chiedere a Rossi prima di reimportare": testo aggiunto al foglio '
        "delle istruzioni dell'esportazione: non importato (i dati si scrivono negli altri fogli)",
        f'{book}, foglio "Appunti": avviso: foglio ignorato: non ha né la riga di intestazione dell\'albero (Settore, Obiettivo, '
        "Indicatore, Target, Owner) né quella degli obiettivi individuali (Obiettivo individuale, Indicatore, Target)",
    ]
    assert digests(sample) == before


def test_a_sheet_called_istruzioni_that_the_export_did_not_write_is_named(tmp_path):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Istruzioni": [["Compilare entro il 31 gennaio"]], "Albero": TREE})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0
    assert any(line.startswith(f'{f}, foglio "Istruzioni": avviso: foglio ignorato') for line in out.lines), out.lines


def test_an_edited_line_of_the_instructions_is_named(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Istruzioni"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Target")
    row[2].value = "Valore atteso: per l'area 2 vedere la delibera 14/2026"
    wb.save(book)
    out = update(sample, book)
    assert out.code == 0
    assert [w for w in warnings_of(out) if "Istruzioni" in w] == [
        f'{book}, foglio "Istruzioni", riga {row[2].row}, colonna C: avviso: "Valore atteso: per l\'area 2 vedere la delibera 14/2026": '
        "testo aggiunto al foglio delle istruzioni dell'esportazione: non importato (i dati si scrivono negli altri fogli)"]


# --- (1) the indicator's own code goes out in Codice and comes back -------------------------------


def test_own_code_of_a_unit_indicator_round_trips_and_can_be_changed(sample, tmp_path):
    area = sample / "2025" / "indicatori" / "area-1.csv"
    lines = area.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",,N. di ispezioni realizzate,", ",VIG-24/a,N. di ispezioni realizzate,", 1)
    area.write_text("".join(lines), encoding="utf-8")
    book = export(sample, tmp_path / "albero.xlsx")
    ws = openpyxl.load_workbook(book)["Schede delle unità"]
    h = header(ws)
    assert ws.cell(2, h.index("Codice") + 1).value == "VIG-24/a"
    assert ws.cell(3, h.index("Codice") + 1).value is None
    before = digests(sample)
    out = update(sample, book)
    assert out.code == 0 and digests(sample) == before, out.lines
    wb = openpyxl.load_workbook(book)
    wb["Schede delle unità"].cell(2, h.index("Codice") + 1).value = "VIG-25"
    wb["Schede delle unità"].cell(3, h.index("Codice") + 1).value = "VIG-26"
    wb.save(book)
    out = update(sample, book)
    assert out.code == 0, out.lines
    assert [line for line in out.lines if " → " in line] == [
        f'{sample.as_posix()}/2025/indicatori/area-1.csv: riga 2, codice: "VIG-24/a" → "VIG-25"',
        f'{sample.as_posix()}/2025/indicatori/area-1.csv: riga 3, codice: "" → "VIG-26"',
    ]
    assert EXPORT_UPDATED.isoformat() in (sample / "2025" / "performance.yaml").read_text(encoding="utf-8")


# --- (3) rows added to the other scorecards ---------------------------------------------------------


def test_rows_added_to_a_unit_scorecard_whose_codes_the_export_made_up(sample, tmp_path):
    book = export(sample, tmp_path / "albero.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["Schede delle unità"]
    h = header(ws)
    last = max(r for r in range(2, ws.max_row + 1) if (ws.cell(r, 1).value or "").startswith("AREA1_"))
    ws.insert_rows(last + 1, 2)
    for r, values in ((last + 1, {"Obiettivo individuale": "AREA1_40 - Vigilanza sui prodotti da costruzione immessi sul mercato",
                                  "Obiettivo": "2 - Regolazione del mercato e promozione della legalità", "Indicatore": "Campioni prelevati",
                                  "Target": "≥ 12", "Actual": "15"}),
                      (last + 2, {"Obiettivo individuale": "AREA1_40 - Vigilanza sui prodotti da costruzione immessi sul mercato",
                                  "Obiettivo": "2 - Regolazione del mercato e promozione della legalità", "Codice": "PDC/2",
                                  "Indicatore": "Verbali trasmessi entro 10 giorni", "Target": "100%", "Actual": "100%"})):
        for k, v in values.items():
            ws.cell(r, h.index(k) + 1).value = v
    wb.save(book)
    area = sample / "2025" / "indicatori" / "area-1.csv"
    old = area.read_text(encoding="utf-8").splitlines(keepends=True)
    out = update(sample, book)
    assert out.code == 0, out.lines
    new = area.read_text(encoding="utf-8").splitlines(keepends=True)
    assert new == old + [
        "2,,Vigilanza sui prodotti da costruzione immessi sul mercato,,Campioni prelevati,,,≥ 12,15,,,,,,\n",
        "2,,Vigilanza sui prodotti da costruzione immessi sul mercato,PDC/2,Verbali trasmessi entro 10 giorni,,,100%,100%,,,,,,\n",
    ]  # the made-up AREA1_40 is not a code of the data; PDC/2 is the editor's own


def test_row_added_to_an_individual_objective_of_an_imported_year(tmp_path):
    from tests.test_import import INDIVIDUAL_REPEATED

    data = body_dir(tmp_path)
    assert import_file(xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": INDIVIDUAL_REPEATED}), 2026, data,
                       updated=UPDATED).code == 0
    book = export(data, tmp_path / "export.xlsx", 2026)
    wb = openpyxl.load_workbook(book)
    ws = wb["Obiettivi individuali"]
    h = header(ws)
    ws.insert_rows(4)
    for k, v in {"Obiettivo individuale": "EQ_RI_02_01 - Riorganizzazione dello sportello 2025",
                 "Obiettivo": "02.01 - Riduzione dei tempi di evasione delle pratiche",
                 "Indicatore": "Questionario di gradimento dell'utenza somministrato allo sportello", "Target": "≥ 200"}.items():
        ws.cell(4, h.index(k) + 1).value = v
    ws.delete_rows(5)  # the EQ_PR row goes: its scorecard would be empty, which is a change of structure
    wb.save(book)
    before = digests(data)
    out = update(data, book, 2026)
    assert out.code == 1 and digests(data) == before
    assert "schede delle unità e individuali: il foglio ne ha 1, l'anno 2: " in "\n".join(out.lines)
    wb = openpyxl.load_workbook(book)
    wb["Obiettivi individuali"].insert_rows(5)
    for j, c in enumerate(openpyxl.load_workbook(export(data, tmp_path / "again.xlsx", 2026))["Obiettivi individuali"][4], 1):
        wb["Obiettivi individuali"].cell(5, j).value = c.value
    wb.save(book)
    out = update(data, book, 2026)
    assert out.code == 0, out.lines
    assert (data / "2026" / "indicatori" / "eq-ri.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "1,,Riorganizzazione dello sportello 2025,EQ_RI_02_01,Nuovo orario di apertura,,,30/06/2026,,,,,,,",
        "1,,Riorganizzazione dello sportello 2025,EQ_RI_02_01,Formazione del personale,ore / addetti,,≥ 10,,,,,,,",
        "1,,Riorganizzazione dello sportello 2025,EQ_RI_02_01,Questionario di gradimento dell'utenza somministrato allo sportello,,,"
        "≥ 200,,,,,,,",
    ]
    assert f"Aggiornati 2 file in {data.as_posix()}/2026: 0 valori cambiati, 1 riga aggiunta; il resto dell'anno resta com'è." in out.lines


# --- (1) rows beyond what is read are named, in every format ---------------------------------------


def test_csv_and_ods_beyond_the_rows_read_are_named(tmp_path):
    from generator.cells import MAX_ROWS, read_csv, read_ods

    f = tmp_path / "albero.csv"
    f.write_text("Settore;Obiettivo;Indicatore;Target;Owner\n" + "".join(f";;Riga {i};1;Ufficio\n" for i in range(MAX_ROWS + 5)),
                 encoding="utf-8")
    sheet = read_csv(f)
    assert len(sheet.rows) == MAX_ROWS
    assert sheet.notes == [(None, None, "il foglio arriva alla riga 20.006: sono lette solo le prime 20.000 righe (un Albero della "
                                        "Performance non ne ha tante: eliminare le righe vuote in fondo al foglio)")]
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Albero")
    row = TableRow(numberrowsrepeated=MAX_ROWS + 3)
    cell = TableCell(valuetype="string")
    cell.addElement(P(text="testo ripetuto"))
    row.addElement(cell)
    table.addElement(row)
    tail = TableRow()
    cell = TableCell(valuetype="string")
    cell.addElement(P(text="ultima riga"))
    tail.addElement(cell)
    table.addElement(tail)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "lungo.ods"))
    (sheet,) = read_ods(tmp_path / "lungo.ods")
    assert len(sheet.rows) == MAX_ROWS
    assert sheet.notes == [(None, None, "il foglio ha più di 20.000 righe: sono lette solo le prime 20.000 righe (un Albero della "
                                        "Performance non ne ha tante: eliminare le righe vuote in fondo al foglio)")]


def test_formula_errors_are_errors_not_text(tmp_path):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE})
    wb = openpyxl.load_workbook(f)
    wb["Albero"]["E6"].value = "#N/A"  # what a failed VLOOKUP leaves cached: openpyxl writes it as an error value
    wb["Albero"]["D7"].value = "#DIV/0!"
    wb.save(f)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 1
    said = ": la formula della cella dà un errore, non un valore: correggerla nel foglio (o scrivere il valore) e ripetere l'importazione"
    assert [line for line in out.lines if "dà un errore" in line] == [
        f'{f}, foglio "Albero", riga 6, colonna "Owner": "#N/A"{said}',
        f'{f}, foglio "Albero", riga 7, colonna "Target": "#DIV/0!"{said}',
    ]
    assert not (d / "2026").exists()


def test_ods_formula_errors_are_errors_not_text(tmp_path):
    def fill(r, j, v, cell):
        if (r, j) == (3, 4):
            cell.setAttrNS(TABLENS, "formula", "of:=VLOOKUP([.C4];[.X1:.Y9];2;0)")
        if v:
            cell.addElement(P(text=v))

    f = ods(tmp_path / "albero.ods", [["Settore", "Obiettivo", "Indicatore", "Target", "Owner"], ["01 - Servizi alle imprese"],
                                      [None, "01.01 - Tempi certi"], [None, None, "Pratiche evase in 5 giorni", "95%", "#N/D"]], fill)
    out = import_file(f, 2026, body_dir(tmp_path), updated=UPDATED)
    assert out.code == 1
    assert f'{f}, foglio "Albero", riga 4, colonna "Owner": "#N/D": la formula della cella dà un errore' in "\n".join(out.lines)


HEAD = ["Settore", "Obiettivo", "Indicatore", "Target", "Owner"]


def test_a_tree_split_over_sheets_is_read_whole(tmp_path):
    d = body_dir(tmp_path)
    sheets = {  # one sheet per directorate: the same sector (and objective) in both
        "Direzione A": [HEAD, ["01 - Servizi"], [None, "01.01 - Tempi"], [None, None, "Pratiche evase", "95%", "Uff. A"]],
        "Direzione B": [HEAD, ["01 - Servizi"], [None, "01.01 - Tempi"], [None, None, "Reclami evasi", "90%", "Uff. B"],
                        ["02 - Territorio"], [None, "02.01 - Turismo"], [None, None, "Eventi", "≥ 4", "Uff. B"]],
    }
    out = import_file(xlsx(tmp_path / "albero.xlsx", sheets), 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    data = yaml.safe_load((d / "2026" / "performance.yaml").read_text(encoding="utf-8"))
    assert [(a["codice"], a["nome"]) for a in data["aree_strategiche"]] == [("01", "Servizi"), ("02", "Territorio")]
    assert [(o["codice"], o["area_strategica"]) for o in data["obiettivi_strategici"]] == [("01.01", 1), ("02.01", 2)]
    assert [(r["obiettivo_strategico"], r["indicatore"]) for r in rows_of(d, "ente.csv")] == [
        ("1", "Pratiche evase"), ("1", "Reclami evasi"), ("2", "Eventi")]


def test_a_sheet_that_puts_an_objective_under_another_sector_is_an_error(tmp_path):
    sheets = {"A": [HEAD, ["01 - Servizi"], [None, "01.01 - Tempi"], [None, None, "Pratiche", "95%", "Uff"]],
              "B": [HEAD, ["02 - Territorio"], [None, "01.01 - Tempi"], [None, None, "Reclami", "90%", "Uff"]]}
    f = xlsx(tmp_path / "albero.xlsx", sheets)
    out = import_file(f, 2026, body_dir(tmp_path), updated=UPDATED)
    assert out.code == 1
    assert f'{f}, foglio "B", riga 3, colonna "Obiettivo": "01.01 - Tempi": nel foglio "A" (riga 3) lo stesso obiettivo è sotto un ' \
           "altro settore" in out.lines


@pytest.mark.parametrize(("fmt", "said"), [("mmmm yyyy", True), ("mm/yyyy", True), ("dd/mm/yyyy", False), ("d mmmm yyyy", False)])
def test_a_date_shown_without_its_day_is_named(tmp_path, fmt, said):
    from datetime import datetime

    rows = [HEAD, ["01 - Servizi"], [None, "01.01 - Tempi"], [None, None, "Nuovo sportello", datetime(2026, 6, 1), "Uff"]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": rows})
    wb = openpyxl.load_workbook(f)
    wb["Albero"]["D4"].number_format = fmt  # "giugno 2026": the file holds 01/06/2026
    wb.save(f)
    d = body_dir(tmp_path)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert [r["target"] for r in rows_of(d, "ente.csv")] == ["01/06/2026"]
    expected = (f'{f}, foglio "Albero", riga 4, colonna "Target": avviso: la cella mostra una data senza il giorno (formato "{fmt}"): '
                "importata come 01/06/2026, il giorno che il file contiene; se la scadenza è un altro giorno, scriverla per intero "
                "(gg/mm/aaaa) e ripetere l'importazione")
    assert (expected in out.lines) is said


def test_the_same_code_with_another_name_in_another_sheet_is_an_error(tmp_path):
    sheets = {"Ufficio A": [HEAD, ["01 - Servizi"], [None, "01.01 - Digitalizzazione"], [None, None, "Pratiche online", "95%", "A"]],
              "Ufficio B": [HEAD, ["01 - Servizi"], [None, "01.01 - Formazione degli addetti"], [None, None, "Corsi svolti", "4", "B"]]}
    f = xlsx(tmp_path / "albero.xlsx", sheets)
    out = import_file(f, 2026, body_dir(tmp_path), updated=UPDATED)
    assert out.code == 1
    assert (f'{f}, foglio "Ufficio B", riga 3, colonna "Obiettivo": "01.01 - Formazione degli addetti": lo stesso codice dell\'obiettivo '
            '"01.01 - Digitalizzazione" del foglio "Ufficio A" (riga 3), con un altro nome') in out.lines


def test_formula_errors_saved_in_a_csv_are_errors(tmp_path):
    f = tmp_path / "albero.csv"
    f.write_text("Settore;Obiettivo;Indicatore;Target;Owner\n01 - Servizi;;;;\n;01.01 - Tempi;;;\n;;Pratiche;95%;#N/D\n", encoding="utf-8")
    out = import_file(f, 2026, body_dir(tmp_path), updated=UPDATED)
    assert out.code == 1
    assert f'{f}, riga 4, colonna "Owner": "#N/D": la formula della cella dà un errore' in "\n".join(out.lines)
