"""What must never reach the data from a workbook: another year's values, and (with --update) the absence of what is hidden.

The year a workbook names (its headers, the export's Istruzioni sheet) is checked against --year: a workbook
of another year never overwrites a year's data (--update), another year's measures (a Plan's baseline
"Rilevazione al 31/12/2025") are never published as this year's results, and a Plan's column for each year
gives the year imported. Rows hidden by a filter, a hidden column or sheet are not read: --update refuses them
rather than take them out of the data.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from generator.importer import header_year, import_file
from tests.test_export import UPDATED, digests, export, update
from tests.test_import import body_dir, xlsx

HEADER_YEARS = [("Target 2026", 2026), ("Rilevato al 31/12/2025", 2025), ("Target  2027 :", 2027), ("Target", None),
                ("Indicatore 2.0", None), ("Peso 100", None), ("Anno2025", None)]


@pytest.mark.parametrize(("text", "year"), HEADER_YEARS)
def test_header_year(text, year):
    assert header_year(text) == year


def tree(*head: str, values: tuple = ("80%",)) -> list[list]:
    return [["Settore", "Obiettivo", "Indicatore", "Owner", *head], ["1 - Amministrazione"], [None, "1.1 - Digitale"],
            [None, None, "Pratiche online", "Servizi demografici", *values]]


# (headers after Owner, their values, --year, exit code, the target and actual written, the lines about years)
CASES = [
    ("same year", ("Target 2026",), ("80%",), 2026, 0, ("80%", ""), []),
    ("target of another year: imported, said", ("Target 2025",), ("80%",), 2026, 0, ("80%", ""),
     ['colonna "Target 2025": avviso: "Target 2025": il file indica l\'anno 2025, ma si importa il 2026 (--year 2026): i valori sono '
      "importati come anno 2026"]),
    ("a plan's column for each year", ("Target 2026", "Target 2027", "Target 2028"), ("80%", "85%", "90%"), 2027, 0, ("85%", ""),
     ['colonna "Target 2026": avviso: "Target 2026": colonna dell\'anno 2026: non importata (si importa il 2027)',
      'colonna "Target 2028": avviso: "Target 2028": colonna dell\'anno 2028: non importata (si importa il 2027)']),
    ("actual measured at the end of the year", ("Target", "Rilevato al 31/12/2026"), ("80%", "82%"), 2026, 0, ("80%", "82%"), []),
    ("a plan's baseline is not this year's actual", ("Target 2026", "Rilevazione al 31/12/2025"), ("80%", "75%"), 2026, 1, None,
     ['colonna "Rilevazione al 31/12/2025": "Rilevazione al 31/12/2025": il file indica l\'anno 2025, ma si importa il 2026 (--year '
      "2026): i valori rilevati del 2025 (ad es. il valore di partenza di un Piano) non sono i risultati del 2026: togliere o "
      "rinominare la colonna, oppure, se il file è del 2025, ripetere con --year 2025"]),
]


@pytest.mark.parametrize(("head", "values", "year", "code", "written", "said"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_header_years_against_the_year_imported(tmp_path, head, values, year, code, written, said):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "piano.xlsx", {"Piano": tree(*head, values=values)})
    out = import_file(f, year, d, updated=UPDATED)
    assert out.code == code, out.lines
    assert [line.split(", riga 1, ", 1)[1] for line in out.lines if "anno 20" in line] == said
    if written is None:
        assert not (d / str(year)).exists()
    else:
        (row,) = csv.DictReader(io.StringIO((d / str(year) / "indicatori" / "ente.csv").read_text(encoding="utf-8")))
        assert (row["target"], row["actual"]) == written


def refused_update(tmp_path, sample_dir, edit=None, year: int = 2025) -> tuple:
    """The sample's 2025 exported, the workbook changed by `edit(wb)`, then `--update --year year`: refused, nothing written."""
    import openpyxl

    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    shutil.copytree(d / "2025", d / "2024")
    book = export(d, tmp_path / "albero-2025.xlsx", 2025)
    if edit:
        wb = openpyxl.load_workbook(book)
        edit(wb)
        wb.save(book)
    before = digests(d)
    out = update(d, book, year)
    assert out.code == 1, out.lines
    assert digests(d) == before
    return d, book, out.lines


def test_update_with_the_workbook_of_another_year_writes_nothing(tmp_path, sample_dir):
    d, book, lines = refused_update(tmp_path, sample_dir, year=2024)
    assert (f'{book}, foglio "Istruzioni", riga 1: "Albero della Performance 2025": il file indica l\'anno 2025, ma si importa il '
            "2024 (--year 2024): nessun valore è scritto nel 2024; se il file è del 2025, ripetere con --year 2025") in lines
    assert update(d, book, 2025).code == 0  # its own year: nothing changed, nothing to say about years


def _hide_rows(wb):
    ws = wb["Albero"]
    ws.auto_filter.ref = ws.dimensions  # a filter that shows one office's rows hides the others
    for r in range(3, 8):
        ws.row_dimensions[r].hidden = True


def _hide_column(wb):
    wb["Albero"].column_dimensions["G"].hidden = True


def _hide_sheet(wb):
    wb["Schede delle unità"].sheet_state = "hidden"


@pytest.mark.parametrize("hide", [_hide_rows, _hide_column, _hide_sheet], ids=["filtered rows", "hidden column", "hidden sheet"])
def test_update_refuses_what_is_hidden_and_writes_nothing(tmp_path, sample_dir, hide):
    def edit(wb):
        wb["Albero"]["D2"].value = "90%"  # the edit the editor made
        hide(wb)

    _, _, lines = refused_update(tmp_path, sample_dir, edit)
    assert any("con --update ciò che è nascosto sarebbe tolto dai dati, quindi nessun valore è scritto" in line for line in lines)


def test_update_refuses_a_second_tree_sheet(tmp_path, sample_dir):
    def edit(wb):
        wb.copy_worksheet(wb["Albero"]).title = "Albero (2)"  # rows moved there would be taken out of the data

    _, book, lines = refused_update(tmp_path, sample_dir, edit)
    assert (f'{book}, foglio "Albero (2)": secondo foglio dell\'albero (il primo è "Albero"): con --update l\'albero sta in un solo '
            "foglio, come l'ha scritto l'esportazione; riportare le righe nel primo e ripetere") in lines


def test_an_export_imported_as_a_new_year_invents_no_area(tmp_path, sample_dir):
    import yaml

    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    book = export(d, tmp_path / "albero-2025.xlsx", 2025)
    out = import_file(book, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    old = yaml.safe_load((d / "2025" / "performance.yaml").read_text(encoding="utf-8"))
    new = yaml.safe_load((d / "2026" / "performance.yaml").read_text(encoding="utf-8"))
    assert [a["nome"] for a in new["aree_strategiche"]] == [a["nome"] for a in old["aree_strategiche"]]  # no "Senza area strategica"
    linked = {o["nome"]: o.get("area_strategica") is not None for o in old["obiettivi_strategici"]}
    assert {o["nome"]: o.get("area_strategica") is not None for o in new["obiettivi_strategici"]} == linked
