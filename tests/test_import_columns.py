"""Column names as bodies write them, a reported year's columns, and unknown columns named in a warning."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from generator.importer import COLUMNS, import_file, normalise
from tests.test_import import UPDATED, body_dir, xlsx

# headers written as another body writes them → the CSV column each lands in
VARIANTS = [
    ["AREA STRATEGICA", "Obiettivo strategico", "Descrizione indicatore", "Valore atteso 2025", "Ufficio responsabile",
     "Rilevato al 31/12", "% raggiungimento", "Motivazioni", "Formula", "Unità di misura", "Fonte dei dati", "Polarità", "Peso (%)",
     "Cod. indicatore", "Colonna interna"],
    ["Valore raggiunto", "Grado di raggiungimento", "Note", "Algoritmo di calcolo"],
    ["Consuntivo", "SAL", "Nota", "Modalità di calcolo"],
    ["Actual", "Valutazione finale", "Motivazione", "Metodo di calcolo"],
]


def _sheet(extra: list[str]) -> list[list]:
    if len(extra) > 4:
        header = extra
        row = [None, None, "Tempi medi", "<= 5 gg", "Registro Imprese", "4 gg", "100%", "rispettato", "giorni / pratiche",
               "giorni", "PIRA", "decrescente", "2", "RI-7", "non importare"]
    else:
        header = ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", *extra]
        row = [None, None, "Tempi medi", "<= 5 gg", "Registro Imprese", "4 gg", "100%", "rispettato", "giorni / pratiche"]
    return [header, ["01 - Servizi"], [None, "01.01 - Tempi"], row]


@pytest.mark.parametrize("extra", VARIANTS, ids=["every-variant", "valore-raggiunto", "consuntivo-sal", "actual-valutazione-finale"])
def test_headers_as_bodies_write_them(tmp_path, extra):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": _sheet(extra)})
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 0, out.lines
    with (d / "2025" / "indicatori" / "ente.csv").open(encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    got = {k: v for k, v in row.items() if v}
    expected = {"obiettivo_strategico": "1", "indicatore": "Tempi medi", "target": "<= 5 gg", "ufficio": "Registro Imprese",
                "actual": "4 gg", "sal_pubblicato": "100%", "nota": "rispettato", "algoritmo": "giorni / pratiche"}
    if len(extra) > 4:
        expected |= {"unita": "giorni", "fonte": "PIRA", "direzione": "decrescente", "peso": "2", "codice": "RI-7"}
        assert f'{f}, foglio "Albero", riga 1, colonna "Colonna interna": avviso: "Colonna interna": colonna non riconosciuta, ' \
               "il suo contenuto non è importato (1 cella, la prima alla riga 4: \"non importare\"; colonne riconosciute: " + ", ".join(c.label for c in COLUMNS if c.tree) + ")" in out.lines
    assert got == expected
    assert "stato: rendicontato\n" in (d / "2025" / "performance.yaml").read_text(encoding="utf-8")


def test_published_sal_is_cross_checked_after_import(tmp_path):
    d = body_dir(tmp_path)
    rows = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Consuntivo", "SAL"], ["01 - Servizi"], [None, "01.01 - Tempi"],
            [None, None, "Corsi", "3", "Formazione", "1", "50%"]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": rows})
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert f'{d}/2025/indicatori/ente.csv:2: avviso: sal_pubblicato di "Corsi": il documento pubblica 50%, il valore calcolato dai dati è 33%' in out.lines


def test_a_bad_sal_blocks_the_import(tmp_path):
    d = body_dir(tmp_path)
    rows = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Grado di raggiungimento"], ["01 - Servizi"], [None, "01.01 - Tempi"],
            [None, None, "Corsi", "3", "Formazione", "molto"]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": rows})
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 1
    assert out.lines[0] == f'{f}, foglio "Albero", riga 4, colonna "Grado di raggiungimento": "molto": atteso un grado di raggiungimento ' \
                           "in percentuale tra 0% e 100% (ad es. 100%, 87,5%)"
    assert sorted(p.name for p in d.iterdir()) == ["ente.yaml"]


@pytest.mark.parametrize(("written", "expected"), [
    ("TARGET 2026", "target"), ("Rilevato al 31/12:", "rilevato al 31/12"), ("Peso *", "peso"), ("  Grado  di raggiungimento ", "grado di raggiungimento"),
])
def test_normalise_ignores_case_accents_spaces_a_year_and_marks(written, expected):
    assert normalise(written) == expected


def test_every_label_and_alias_is_unique():
    names = [normalise(h) for c in COLUMNS for h in (c.label, *c.aliases)]
    assert len(names) == len(set(names))


def test_weights_written_as_percentages_are_weights(tmp_path):
    d = body_dir(tmp_path)
    rows = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Peso %"], ["01 - Servizi"], [None, "01.01 - Tempi"],
            [None, None, "Corsi", "3", "Formazione", "60%"], [None, None, "Aule", "2", "Formazione", 0.4]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": rows})
    wb = openpyxl.load_workbook(f)
    wb["Albero"]["F5"].number_format = "0%"  # typed: 0.4 shown as 40%
    wb.save(f)
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 0, out.lines  # the whole data folder checks: a weight is a number
    with (d / "2025" / "indicatori" / "ente.csv").open(encoding="utf-8") as fh:
        assert [r["peso"] for r in csv.DictReader(fh)] == ["60", "40"]


def test_weights_mixing_percentages_and_numbers_are_an_error(tmp_path):
    d = body_dir(tmp_path)
    rows = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Peso"], ["01 - Servizi"], [None, "01.01 - Tempi"],
            [None, None, "A", "3", "Uff", 0.125], [None, None, "B", "3", "Uff", 0.125], [None, None, "C", "3", "Uff", 0.75]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": rows})
    wb = openpyxl.load_workbook(f)
    wb["Albero"]["F4"].number_format = wb["Albero"]["F5"].number_format = "0%"  # 13%, 13% and a plain 0,75: not one scale
    wb.save(f)
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 1
    assert (f'{f}, foglio "Albero", riga 6, colonna "Peso": "0,75": peso senza %, in una colonna di pesi in percentuale: scriverli tutti '
            "allo stesso modo (tutti in percentuale o tutti come numeri)") in out.lines
