"""Cells read as an Italian-locale office suite displays them (generator/cells.py), and imported so.

The spreadsheets are built here with openpyxl and odfpy: typed cells with
number formats, formulas with and without a cached value (patched into the
sheet XML, since openpyxl writes none), merged ranges, hidden rows and
columns, sheets in another order, an empty first sheet, a CSV saved by Excel.
"""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P

from generator.cells import display, read_sheets
from generator.importer import import_file
from tests.albero150 import fill
from tests.test_import import UPDATED, body_dir

# (value, number format as the file stores it, text shown by an Italian office suite, kind)
DISPLAY = [
    (1, "0%", "100%", "percentuale"),
    (0.9, "0.00%", "90,00%", "percentuale"),
    (0.955, "0.0%", "95,5%", "percentuale"),
    (datetime(2025, 12, 31), "dd/mm/yyyy", "31/12/2025", "data"),
    (datetime(2025, 12, 31), "mm-dd-yy", "31/12/2025", "data"),  # built-in short date (id 14): the locale's own
    (datetime(2025, 12, 31), "d mmmm yyyy", "31/12/2025", "data"),  # any date format: the importer reads gg/mm/aaaa
    (1500, "#,##0", "1.500", "numero"),
    (12520668, "#,##0", "12.520.668", "numero"),
    (2.5, "0.0", "2,5", "numero"),
    (1234.5, "#,##0.00", "1.234,50", "numero"),
    (3, "0", "3", "numero"),
    (-22, "#,##0;[Red]-#,##0", "-22", "numero"),
    (-15, "#,##0;[Red]#,##0", "-15", "numero"),  # a negative shown in red without its minus keeps its sign
    (-22, "#,##0_ ;[Red]\\-#,##0\\ ", "-22", "numero"),  # Excel's own "red negatives with minus": a trailing escaped space
    (-1500, "#,##0.00;(#,##0.00)", "-1.500,00", "numero"),  # accounting brackets
    (-0.05, "0%;[Red]0%", "-5%", "percentuale"),
    (15, "#,##0;[Red]#,##0", "15", "numero"),
    (-22, "0;\u22120", "\u221222", "numero"),  # a typographic minus in the format: one minus, not two
    (0.98765, "0.##", "0,99", "numero"),
    (1234567, "#,##0,", "1.235", "numero"),
    (0, '#,##0;-#,##0;"-"', "-", "numero"),
    (0.95, "General", "0,95", "numero"),
    (1, "General", "1", "numero"),
    (time(12, 30), "h:mm", "12:30", "ora"),
    (time(8, 5, 9), "hh:mm:ss", "08:05:09", "ora"),
    (140000, '"€ "#,##0.00', "€ 140.000,00", "valuta"),
    (140000, "[$€-410]\\ #,##0.00", "€ 140.000,00", "valuta"),
    (140000, "#,##0.00\\ [$€-410]", "140.000,00 €", "valuta"),
    ("testo  ", "@", "testo", None),
    ("95%", "General", "95%", None),
    (True, "General", "VERO", "booleano"),
]


@pytest.mark.parametrize(("value", "fmt", "shown", "kind"), DISPLAY, ids=[f"{v!r}-{f}" for v, f, _, _ in DISPLAY])
def test_display_as_an_italian_office_suite(value, fmt, shown, kind):
    assert display(value, fmt) == (shown, kind)


# --- building workbooks -----------------------------------------------------------------

HEADER = ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Actual", "SAL", "Note"]


def workbook(path: Path, sheets: dict[str, list[list]], *, merges=None, hidden_rows=None, hidden_cols=None, formulas=None, empty_first=False) -> Path:
    """Cells are values or (value, number format); formulas: {(sheet, "D5"): ("=A1*1", cached or None)}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if empty_first:
        wb.create_sheet("Foglio1")
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        fill(ws, rows)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for r in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
        for c in (hidden_cols or {}).get(name, []):
            ws.column_dimensions[c].hidden = True
        for (sheet, ref), (formula, _) in (formulas or {}).items():
            if sheet == name:
                ws[ref] = formula
    wb.save(path)
    cached = {k: v for k, v in (formulas or {}).items() if v[1] is not None}
    if cached:
        _patch_cached(path, wb, cached)
    return path


def _patch_cached(path: Path, wb, cached) -> None:
    """openpyxl writes `<f>…</f><v/>`: put the cached value an office suite would have saved."""
    names = wb.sheetnames
    with zipfile.ZipFile(path) as z:
        items = {i.filename: z.read(i.filename) for i in z.infolist()}
    for (sheet, ref), (_, value) in cached.items():
        part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
        xml = items[part].decode()
        xml, n = re.subn(rf'(<c r="{ref}"[^>]*>)<f>(.*?)</f><v\s*/>', rf"\1<f>\2</f><v>{value}</v>", xml)
        assert n == 1, (ref, xml)
        items[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def rows_of(d: Path, card: str = "ente") -> list[dict[str, str]]:
    with (d / "2025" / "indicatori" / f"{card}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# The tree of a reported year as an office suite saves it: a title block, typed cells, merged sector cells.
TYPED = [
    ["Albero della Performance 2025", None, None, None, None, None, None, None],
    ["Approvato con delibera n. 3 del 27/01/2025"],
    [],
    HEADER,
    ["01 - Servizi alle imprese"],
    [None, "01.01 - Tempi certi"],
    [None, None, "Pratiche evase entro 5 giorni", (1, "0%"), "Registro Imprese", (1, "0%"), (1, "0%")],
    [None, None, "Pratiche telematiche", (0.9, "0.00%"), "Registro Imprese", (0.875, "0.00%"), (0.9722, "0.00%"), "in calo le pratiche"],
    [None, None, "Nuovo sportello", (datetime(2025, 12, 31), "dd/mm/yyyy"), "Innovazione", (datetime(2025, 10, 4), "dd/mm/yyyy"), (1, "0%")],
    [None, None, "Imprese accompagnate", (1500, "#,##0"), "Promozione", (1620, "#,##0"), (1, "0%")],
    [None, None, "Tempi medi (giorni)", ("<= 2,5", None), "Registro Imprese", (0.9, "0.0"), (1, "0%")],
    [None, None, "Contributi erogati", (140000, '"€ "#,##0.00'), "Promozione", (146000, '"€ "#,##0.00'), (1, "0%")],
]
TYPED_EXPECTED = [
    ("Pratiche evase entro 5 giorni", "100%", "100%", "100%", ""),
    ("Pratiche telematiche", "90,00%", "87,50%", "97,22%", "in calo le pratiche"),
    ("Nuovo sportello", "31/12/2025", "04/10/2025", "100%", ""),
    ("Imprese accompagnate", "1.500", "1.620", "100%", ""),
    ("Tempi medi (giorni)", "<= 2,5", "0,9", "100%", ""),
    ("Contributi erogati", "€ 140.000,00", "€ 146.000,00", "100%", ""),
]


def test_typed_xlsx_imports_as_shown_as_a_reported_year(tmp_path):
    d = body_dir(tmp_path)
    f = workbook(tmp_path / "albero.xlsx", {"Albero": TYPED}, merges={"Albero": ["A5:A12", "A1:H1"]})
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 0, out.lines
    got = [(r["indicatore"], r["target"], r["actual"], r["sal_pubblicato"], r["nota"]) for r in rows_of(d)]
    assert got == TYPED_EXPECTED
    text = (d / "2025" / "performance.yaml").read_text(encoding="utf-8")
    assert "stato: rendicontato\n" in text
    assert out.lines[-1] == "Dati validi: 0 errori, 0 avvisi"


def test_typed_ods_imports_as_shown(tmp_path):
    d = body_dir(tmp_path)
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Albero")
    table.addElement(TableColumn(numbercolumnsrepeated="8"))

    def row(*cells):
        tr = TableRow()
        for c in cells:
            tr.addElement(c)
        table.addElement(tr)

    def text(t):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=t))
        return cell

    def typed(vtype, shown=None, **attrs):
        cell = TableCell(valuetype=vtype, **attrs)
        if shown is not None:
            cell.addElement(P(text=shown))
        return cell

    empty = lambda: TableCell()  # noqa: E731
    row(text("Albero 2025"))
    row(*(text(h) for h in HEADER))
    sector = TableCell(valuetype="string", numberrowsspanned="5")
    sector.addElement(P(text="01 - Servizi alle imprese"))
    row(sector)
    row(CoveredTableCell(), text("01.01 - Tempi certi"))
    row(CoveredTableCell(), empty(), text("Pratiche evase"), typed("percentage", "100%", value="1"), text("Registro Imprese"),
        typed("percentage", "98,9%", value="0.989"), typed("percentage", "98,90%", value="0.989"))
    row(CoveredTableCell(), empty(), text("Telematiche"), typed("percentage", "90.00%", value="0.9"), text("Registro Imprese"),  # an English-locale file
        typed("percentage", None, value="0.95"), typed("percentage", "100%", value="1"))
    row(CoveredTableCell(), empty(), text("Nuovo sportello"), typed("date", "31 dic 2025", datevalue="2025-12-31"), text("Innovazione"),
        typed("date", "2025-10-04", datevalue="2025-10-04"), typed("percentage", "100%", value="1"))
    row(empty(), empty(), text("Imprese accompagnate"), typed("float", "1.500", value="1500"), text("Promozione"),
        typed("float", "1,620.0", value="1620"), typed("percentage", "100%", value="1"))
    row(empty(), empty(), text("Contributi"), typed("currency", "€ 140.000,00", value="140000", currency="EUR"), text("Promozione"),
        typed("currency", None, value="146000", currency="EUR"), typed("percentage", "100%", value="1"))
    row(empty(), empty(), text("Giorni di pagamento"), text("< 0"), text("Ragioneria"),
        typed("float", "22", value="-22"), typed("percentage", "100%", value="1"))  # a red negative, shown without its minus
    hidden = TableRow(visibility="collapse")
    hidden.addElement(empty())
    hidden.addElement(empty())
    hidden.addElement(text("Indicatore nascosto"))
    table.addElement(hidden)
    doc.spreadsheet.addElement(table)
    f = tmp_path / "albero.ods"
    doc.save(str(f))

    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 0, out.lines
    got = [(r["indicatore"], r["target"], r["actual"], r["sal_pubblicato"]) for r in rows_of(d)]
    assert got == [
        ("Pratiche evase", "100%", "98,9%", "98,90%"),
        ("Telematiche", "90,00%", "95%", "100%"),
        ("Nuovo sportello", "31/12/2025", "04/10/2025", "100%"),
        ("Imprese accompagnate", "1.500", "1.620,0", "100%"),
        ("Contributi", "€ 140.000,00", "€ 146.000,00", "100%"),
        ("Giorni di pagamento", "< 0", "-22", "100%"),
    ]
    assert f'{f}, foglio "Albero", riga 11: avviso: riga nascosta: non importata ("Indicatore nascosto"); ' \
           "se serve, mostrarla nel foglio e ripetere l'importazione" in out.lines


def test_formulas_use_the_cached_value_or_warn(tmp_path):
    d = body_dir(tmp_path)
    rows = [HEADER, ["01 - Servizi"], [None, "01.01 - Tempi"],
            [None, None, "Con valore", (1, "0%"), "RI", None],
            [None, None, "Senza valore", (1, "0%"), "RI", None]]
    formulas = {("Albero", "F4"): ("=D4*0.989", "0.989"), ("Albero", "F5"): ("=D5*0.9", None)}
    f = workbook(tmp_path / "albero.xlsx", {"Albero": rows}, formulas=formulas)
    # the formula cells keep the General format: the cached 0.989 shows as 0,989
    out = import_file(f, 2025, d, updated=UPDATED)
    assert f'{f}, foglio "Albero", riga 5, colonna "Actual": avviso: formula senza valore calcolato (=D5*0.9): la cella è letta vuota; ' \
           "aprire il file con Excel o LibreOffice e salvarlo, così la formula ha un valore" in out.lines
    # the cached 0,989 under a percentage target is ambiguous (a fraction? 0,989%?): an error, never taken
    assert out.code == 1
    assert f'{f}, foglio "Albero", riga 4, colonna "Actual": "0,989": il target è una percentuale (100%): scrivere il valore rilevato ' \
           'con il simbolo % (ad es. "98,9%"), non "0,989"' in out.lines


def test_merged_cells_in_every_column_hidden_rows_and_columns(tmp_path):
    d = body_dir(tmp_path)
    rows = [
        ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Algoritmo", "Interno"],
        ["02 - Digitalizzazione"],
        [None, "02.01 - Sportello digitale"],
        [None, None, "Pratiche online", "95%", "Registro Imprese", "pratiche online / pratiche", "x"],
        [None, None, "Pratiche online", "95%", "Registro Imprese", "pratiche online / pratiche"],  # all merged with the row above
        [None, None, "Firma digitale", "≥ 40", None, None],
        [None, None, "Vecchio indicatore", "10", "Archivio"],  # hidden row
        [None, None, "Dispositivi", "≥ 100", None, None],
    ]
    merges = ["A2:A8", "B3:B8", "C4:C5", "D4:D5", "E4:E6", "F4:F5", "G4:G5", "E8:F8"]
    f = workbook(tmp_path / "albero.xlsx", {"Albero": rows}, merges={"Albero": merges}, hidden_rows={"Albero": [7]}, hidden_cols={"Albero": ["G"]})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    with (d / "2026" / "indicatori" / "ente.csv").open(encoding="utf-8") as fh:
        got = [(r["indicatore"], r["target"], r["ufficio"], r["algoritmo"]) for r in csv.DictReader(fh)]
    assert got == [
        ("Pratiche online", "95%", "Registro Imprese", "pratiche online / pratiche"),
        ("Firma digitale", "≥ 40", "Registro Imprese", ""),  # the merged Owner cell covers this row too
        ("Dispositivi", "≥ 100", "", ""),
    ]
    assert f'{f}, foglio "Albero", riga 7: avviso: riga nascosta: non importata ("Vecchio indicatore | 10 | Archivio"); ' \
           "se serve, mostrarla nel foglio e ripetere l'importazione" in out.lines
    assert f'{f}, foglio "Albero", colonna G: avviso: colonna nascosta: non importata (contiene 2 celle, la prima "Interno"); ' \
           "se serve, mostrarla nel foglio e ripetere l'importazione" in out.lines


def test_sheets_in_another_order_with_other_names_and_an_empty_first_sheet(tmp_path):
    d = body_dir(tmp_path)
    individual = [["Obiettivi individuali", "Indicatore", "Target"], ["EQ_RI_02_01 - Sportello", "Nuovo orario", (datetime(2026, 6, 30), "mm-dd-yy")]]
    tree = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner"], ["02 - Digitalizzazione"], [None, "02.01 - Sportello"],
            [None, None, "Pratiche online", (0.95, "0%"), "RI"]]
    f = workbook(tmp_path / "albero.xlsx", {"Individuali 2026": individual, "PIAO - albero": tree}, empty_first=True)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert (d / "2026" / "indicatori" / "ente.csv").read_text(encoding="utf-8").splitlines()[1] == "1,,,,Pratiche online,,,95%,,,,RI,,,"
    assert (d / "2026" / "indicatori" / "eq-ri.csv").read_text(encoding="utf-8").splitlines()[1] == \
        "1,,Sportello,EQ_RI_02_01,Nuovo orario,,,30/06/2026,,,,,,,"


def test_csv_saved_by_excel_semicolon_windows_1252(tmp_path):
    d = body_dir(tmp_path)
    text = (
        "Albero della Performance 2025;;;;;;\r\n"
        "Settore;Obiettivo;Indicatore;Target;Owner;Rilevato al 31/12;Grado di raggiungimento\r\n"
        "01 - Qualità dei servizi;;;;;;\r\n"
        ";01.01 - Tempi più brevi;;;;;\r\n"
        ";;Pratiche evase entro 5 giorni;95,00%;Registro Imprese;98,90%;100%\r\n"
        ";;Contributi erogati;€ 140.000,00;Promozione;€ 146.000,00;100%\r\n"
    )
    f = tmp_path / "albero.csv"
    f.write_bytes(text.encode("cp1252"))
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert out.lines[0] == f'{f}: avviso: il file è in Windows-1252 (come lo salva Excel), letto come tale: per evitare dubbi salvarlo come "CSV UTF-8"'
    assert [(r["indicatore"], r["target"], r["actual"], r["sal_pubblicato"]) for r in rows_of(d)] == [
        ("Pratiche evase entro 5 giorni", "95,00%", "98,90%", "100%"),
        ("Contributi erogati", "€ 140.000,00", "€ 146.000,00", "100%"),
    ]
    assert "nome: Qualità dei servizi\n" in (d / "2025" / "performance.yaml").read_text(encoding="utf-8")


def test_a_bare_one_in_a_percentage_column_is_a_located_warning(tmp_path):
    d = body_dir(tmp_path)
    rows = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner"], ["01 - Servizi"], [None, "01.01 - Tempi"],
            [None, None, "Pratiche evase", (0.95, "0%"), "RI"], [None, None, "Pratiche telematiche", 1, "RI"]]
    f = workbook(tmp_path / "albero.xlsx", {"Albero": rows})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert f'{f}, foglio "Albero", riga 5, colonna "Target": avviso: "1": numero senza il simbolo %, in una colonna di percentuali: ' \
           "importato così com'è (1, non 100%); se è una percentuale scriverla con il % (ad es. 100%) o formattare la cella come percentuale" in out.lines


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("albero.xlsx", b"PK\x03\x04 not really a zip", "il file non si apre come foglio di calcolo .xlsx: non è un file .xlsx valido "
         "(è forse un file di altro tipo rinominato?): aprirlo e salvarlo di nuovo come .xlsx"),
        ("albero.ods", b"testo qualsiasi", "il file non si apre come foglio di calcolo .ods: non è un file .ods valido "
         "(è forse un file di altro tipo rinominato?): aprirlo e salvarlo di nuovo come .ods"),
        ("albero.csv", "Settore;Obiettivo".encode("utf-16"), 'il file è in UTF-16 ("testo Unicode"): salvarlo come "CSV UTF-8" o come CSV (separato da punto e virgola)'),
    ],
    ids=["broken-xlsx", "text-as-ods", "utf16-csv"],
)
def test_unreadable_files_say_so_without_exception_names(tmp_path, name, content, expected):
    d = body_dir(tmp_path)
    f = tmp_path / name
    f.write_bytes(content)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert (out.code, out.lines) == (1, [f"{f}: {expected}"])
    assert not re.search(r"[A-Z][a-z]+(Error|Exception|File)\b", out.lines[0])


def test_zip_that_is_not_a_workbook(tmp_path):
    d = body_dir(tmp_path)
    f = tmp_path / "albero.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("leggimi.txt", "niente")
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 1
    assert out.lines == [f"{f}: il file non si apre come foglio di calcolo .xlsx: il contenuto è danneggiato o di un altro formato: "
                         "aprirlo e salvarlo di nuovo come .xlsx"]


def test_read_sheets_keeps_row_numbers_and_marks_merged_fill(tmp_path):
    f = workbook(tmp_path / "a.xlsx", {"S": [["a", None], [None, (date(2025, 1, 2), "dd/mm/yyyy")], [None, None]]}, merges={"S": ["A1:A3"]})
    (sheet,) = read_sheets(f)
    assert sheet.rows == [["a", ""], ["a", "02/01/2025"], ["a", ""]]
    assert sheet.filled == {(1, 0), (2, 0)}
    assert sheet.kinds == {(1, 1): "data"}


def test_ods_hidden_column_and_formula_without_value(tmp_path):
    d = body_dir(tmp_path)
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Albero")
    table.addElement(TableColumn(numbercolumnsrepeated="5"))
    table.addElement(TableColumn(visibility="collapse"))

    def cell(t):
        c = TableCell(valuetype="string")
        c.addElement(P(text=t))
        return c

    def add(*cells):
        tr = TableRow()
        for c in cells:
            tr.addElement(c)
        table.addElement(tr)

    add(*(cell(h) for h in ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Riservato"]))
    add(cell("01 - Servizi"))
    add(TableCell(), cell("01.01 - Tempi"))
    add(TableCell(), TableCell(), cell("Pratiche"), TableCell(formula="of:=[.X1]*2"), cell("RI"), cell("solo per l'ufficio"))
    doc.spreadsheet.addElement(table)
    f = tmp_path / "albero.ods"
    doc.save(str(f))
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert f'{f}, foglio "Albero", riga 4, colonna "Target": avviso: formula senza valore calcolato (of:=[.X1]*2): la cella è letta vuota; ' \
           "aprire il file con LibreOffice e salvarlo, così la formula ha un valore" in out.lines
    assert f'{f}, foglio "Albero", colonna F: avviso: colonna nascosta: non importata (contiene 2 celle, la prima "Riservato"); ' \
           "se serve, mostrarla nel foglio e ripetere l'importazione" in out.lines
    with (d / "2026" / "indicatori" / "ente.csv").open(encoding="utf-8") as fh:
        assert [(r["indicatore"], r["target"], r["ufficio"]) for r in csv.DictReader(fh)] == [("Pratiche", "", "RI")]
