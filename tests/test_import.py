"""`python -m generator import`: an "Albero della Performance" spreadsheet becomes a year of data.

Spreadsheets are built inside the tests (openpyxl for .xlsx with merged cells,
pandas + odfpy for .ods, plain text for .csv). Every reported row is asserted
with its exact Italian message; imported data must pass `check` and build.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from generator.build import build, check
from generator.importer import import_file, normalise
from tests.test_cli import run
from tests.test_errors import BODY

UPDATED = date(2026, 1, 31)
EX = '(atteso ad es. "95%", ">= 80%", "< 1,4", "≥ 40", "2,5", "N.2", "<= 5 gg", "31/12/2025", "Positivo", "3,5/5", "€ 140.000,00")'

# The tree as a body keeps it: a title above the header, a blank spacer, headers
# in any case, with stray spaces and accents, Settore merged down its rows.
HEADER = ["SETTORE", "Obiettivo ", "Indicatore", "Target", "Owner", "Algorìtmo", "Peso", "Codice"]
TREE = [
    ["Albero della Performance 2026"],
    [],
    HEADER,
    ["02 - Digitalizzazione dei servizi"],
    [None, "02.01 - Riduzione dei tempi di evasione delle pratiche"],
    [None, None, "Pratiche evase entro 5 giorni", "95%", "Ufficio Registro Imprese", "pratiche evase entro 5 gg / pratiche pervenute", "2", "RI-1"],
    [None, None, "Tempi medi di lavorazione", "<= 3 gg", "Ufficio Registro Imprese"],
    [],
    [None, "02.02 - Sportello digitale"],
    [None, None, "Attivazione dello sportello", "31/12/2026", "Servizio Innovazione"],
    ["03 - Promozione del territorio"],
    [None, "03.01 - Turismo e cultura"],
    [None, None, "Eventi organizzati", "≥ 4", "Servizio Promozione"],
]
INDIVIDUAL_HEADER = ["Obiettivo individuale", "Indicatore", "ALGORITMO", "Target"]
INDIVIDUAL_REPEATED = [
    INDIVIDUAL_HEADER,
    ["EQ_RI_02_01 - Riorganizzazione dello sportello 2025", "Nuovo orario di apertura", None, "30/06/2026"],
    ["EQ_RI_02_01 - Riorganizzazione dello sportello 2025", "Formazione del personale", "ore / addetti", "≥ 10"],
    ["EQ_PR_03_01 - Calendario degli eventi", "Calendario pubblicato", None, "31/03/2026"],
]
INDIVIDUAL_FIRST_ONLY = [
    INDIVIDUAL_HEADER,
    ["EQ_RI_02_01 - Riorganizzazione dello sportello 2025", "Nuovo orario di apertura", None, "30/06/2026"],
    [None, "Formazione del personale", "ore / addetti", "≥ 10"],
    [],
    ["EQ_PR_03_01 - Calendario degli eventi", "Calendario pubblicato", None, "31/03/2026"],
]

EXPECTED_YEAR = """\
# Piano della Performance 2026: importato da albero.xlsx con "python -m generator import".
# Un target numerico senza segno ("24", "95%") è un minimo: se più basso è meglio,
# scrivere decrescente nella colonna direzione del CSV.
anno: 2026
stato: pianificato
aggiornato: 2026-01-31
documento: Piano della Performance 2026
direzione_predefinita: crescente
aree_strategiche:
  - id: 1
    codice: '02'
    nome: Digitalizzazione dei servizi
  - id: 2
    codice: '03'
    nome: Promozione del territorio
obiettivi_strategici:
  - id: 1
    codice: '02.01'
    nome: Riduzione dei tempi di evasione delle pratiche
    area_strategica: 1
  - id: 2
    codice: '02.02'
    nome: Sportello digitale
    area_strategica: 1
  - id: 3
    codice: '03.01'
    nome: Turismo e cultura
    area_strategica: 2
schede:
  - id: ente
    tipo: ente
    nome: Albero della Performance
    file: indicatori/ente.csv
"""
INDIVIDUAL_CARDS = """\
  - id: eq-ri
    tipo: individuale
    nome: Obiettivi individuali EQ_RI
    file: indicatori/eq-ri.csv
  - id: eq-pr
    tipo: individuale
    nome: Obiettivi individuali EQ_PR
    file: indicatori/eq-pr.csv
"""
COLUMNS = "obiettivo_strategico,programma,obiettivo_operativo,codice,indicatore,algoritmo,unita,target,actual,direzione,peso,ufficio,fonte,sal_pubblicato,nota\n"
EXPECTED_ENTE = COLUMNS + """\
1,,,RI-1,Pratiche evase entro 5 giorni,pratiche evase entro 5 gg / pratiche pervenute,,95%,,,2,Ufficio Registro Imprese,,,
1,,,,Tempi medi di lavorazione,,,<= 3 gg,,,,Ufficio Registro Imprese,,,
2,,,,Attivazione dello sportello,,,31/12/2026,,,,Servizio Innovazione,,,
3,,,,Eventi organizzati,,,≥ 4,,,,Servizio Promozione,,,
"""
EXPECTED_EQ_RI = COLUMNS + """\
1,,Riorganizzazione dello sportello 2025,EQ_RI_02_01,Nuovo orario di apertura,,,30/06/2026,,,,,,,
1,,Riorganizzazione dello sportello 2025,EQ_RI_02_01,Formazione del personale,ore / addetti,,≥ 10,,,,,,,
"""
EXPECTED_EQ_PR = COLUMNS + "3,,Calendario degli eventi,EQ_PR_03_01,Calendario pubblicato,,,31/03/2026,,,,,,,\n"


# --- helpers ------------------------------------------------------------------------


def body_dir(tmp_path: Path) -> Path:
    d = tmp_path / "dati"
    d.mkdir()
    (d / "ente.yaml").write_text(BODY, encoding="utf-8")
    return d


def xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in (merges or {}).get(name, []):
            ws.merge_cells(cells)
    wb.save(path)
    return path


def ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            width = max(len(r) for r in rows)
            pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows]).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def text_csv(path: Path, rows: list[list], sep: str) -> Path:
    def cell(v) -> str:
        v = "" if v is None else str(v)
        return f'"{v}"' if sep in v else v

    path.write_text("".join(sep.join(cell(v) for v in row) + "\n" for row in rows), encoding="utf-8")
    return path


def errors_and_warnings(d: Path) -> tuple[list[str], list[str]]:
    _, _, issues = check(d)
    return [str(i) for i in issues.errors], [str(i) for i in issues.warnings]


# --- the happy paths -----------------------------------------------------------------


def test_xlsx_tree_imports_validates_and_builds(tmp_path):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": INDIVIDUAL_REPEATED}, {"Albero": ["A4:A10", "A11:A13"]})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert out.lines[:3] == [
        f'{f}, foglio "Albero", riga 1: avviso: riga ignorata perché precede l\'intestazione: "Albero della Performance 2026"',
        "Letto albero.xlsx: 2 settori, 3 obiettivi, 4 indicatori, 2 obiettivi individuali (3 indicatori in 2 schede); 0 problemi, 1 avviso.",

        f"Scritti {d}/2026/performance.yaml (stato: pianificato) e 3 schede in {d}/2026/indicatori/.",
    ]
    assert out.lines[-1] == "Dati validi: 0 errori, 0 avvisi"
    year = d / "2026"
    assert (year / "performance.yaml").read_text(encoding="utf-8") == EXPECTED_YEAR + INDIVIDUAL_CARDS
    assert (year / "indicatori" / "ente.csv").read_text(encoding="utf-8") == EXPECTED_ENTE
    assert (year / "indicatori" / "eq-ri.csv").read_text(encoding="utf-8") == EXPECTED_EQ_RI
    assert (year / "indicatori" / "eq-pr.csv").read_text(encoding="utf-8") == EXPECTED_EQ_PR
    assert errors_and_warnings(d) == ([], [])

    site = tmp_path / "sito"
    build(d, site, cache_dir=None)
    base = site / "amministrazione-trasparente" / "performance" / "piano-della-performance" / "2026"
    assert (base / "index.html").is_file()
    assert (base / "individuali" / "eq-ri" / "index.html").is_file()
    page = (base / "obiettivi" / "obiettivo-1" / "index.html").read_text(encoding="utf-8")
    assert "Riduzione dei tempi di evasione delle pratiche" in page and "Pratiche evase entro 5 giorni" in page


@pytest.mark.parametrize("rows", [INDIVIDUAL_REPEATED, INDIVIDUAL_FIRST_ONLY], ids=["code-on-every-row", "code-on-first-row-only"])
def test_individual_objective_code_repeated_or_only_on_its_first_row(tmp_path, rows):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Obiettivi individuali": rows})
    assert import_file(f, 2026, d, updated=UPDATED).code == 0
    assert (d / "2026" / "indicatori" / "eq-ri.csv").read_text(encoding="utf-8") == EXPECTED_EQ_RI
    assert (d / "2026" / "indicatori" / "eq-pr.csv").read_text(encoding="utf-8") == EXPECTED_EQ_PR


def test_ods_with_actuals_is_a_relazione(tmp_path):
    d = body_dir(tmp_path)
    rows = [
        ["settore", "OBIETTIVO", "Indicatore", "Target", "Owner", "Consuntivo", "Peso"],
        ["01 - Servizi alle imprese"],
        [None, "01.01 - Tempi certi"],
        [None, None, "Pratiche evase entro 5 gg", "95%", "Registro Imprese", "98,9%", "2"],
        [None, None, "Questionario", "grado di soddisfazione medio 3,5/5", "URP"],
    ]
    individual = [
        ["Obiettivo individuale", "Indicatore", "Algoritmo", "Target", "Actual"],
        ["DIR_01_01 - Tempi certi per tutti", "Relazione al Segretario", None, "30/06/2025", "28/06/2025"],
    ]
    f = ods(tmp_path / "albero.ods", {"Albero": rows, "Individuali": individual})
    out = import_file(f, 2025, d, updated=UPDATED)
    assert out.code == 0, out.lines
    text = (d / "2025" / "performance.yaml").read_text(encoding="utf-8")
    assert "stato: rendicontato\n" in text and "documento: Relazione sulla Performance 2025\n" in text
    assert (d / "2025" / "indicatori" / "ente.csv").read_text(encoding="utf-8") == COLUMNS + (
        '1,,,,Pratiche evase entro 5 gg,,,95%,"98,9%",,2,Registro Imprese,,,\n'
        "1,,,,Questionario,,,\"grado di soddisfazione medio 3,5/5\",,,,URP,,,\n"
    )
    assert (d / "2025" / "indicatori" / "dir.csv").read_text(encoding="utf-8") == COLUMNS + (
        "1,,Tempi certi per tutti,DIR_01_01,Relazione al Segretario,,,30/06/2025,28/06/2025,,,,,,\n"
    )
    errors, warnings = errors_and_warnings(d)
    assert errors == []
    assert warnings == [f"{d}/2025/indicatori/ente.csv:3: avviso: actual: manca il valore rilevato per \"Questionario\": l'indicatore non è valutato"]


@pytest.mark.parametrize("sep", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
def test_csv_imports_like_the_spreadsheet(tmp_path, sep):
    d = body_dir(tmp_path)
    f = text_csv(tmp_path / "albero.csv", TREE, sep)
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert out.lines[0] == f'{f}, riga 1: avviso: riga ignorata perché precede l\'intestazione: "Albero della Performance 2026"'
    assert (d / "2026" / "performance.yaml").read_text(encoding="utf-8") == EXPECTED_YEAR.replace("albero.xlsx", "albero.csv")
    assert (d / "2026" / "indicatori" / "ente.csv").read_text(encoding="utf-8") == EXPECTED_ENTE


def test_csv_row_longer_than_its_header_is_an_error(tmp_path):
    d = body_dir(tmp_path)
    f = tmp_path / "albero.csv"
    f.write_text("Settore,Obiettivo,Indicatore,Target,Owner\n1 - Servizi\n,1.1 - Sportello\n,,Pratiche,\"95,5%\",URP\n"
                 ",,Conteggio,1,5,URP\n", encoding="utf-8")  # "1,5" not in quotes: 1 is the target, 5 the office
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 1
    assert out.lines[0] == (f'{f}, riga 5, colonna F: "URP": la riga ha 6 celle, l\'intestazione 5: i valori sono spostati di colonna (un '
                            'numero con la virgola decimale, come 2,5, va tra virgolette: "2,5"; oppure salvare il CSV con il punto e '
                            "virgola come separatore)")
    assert not (d / "2026").exists()


# --- every bad row is reported, nothing is written ------------------------------------

ROWS_HEADER = ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Actual", "Peso"]
SECTION = ["02 - Digitalizzazione dei servizi"]
OBJECTIVE = [None, "02.01 - Riduzione dei tempi"]


def ind(name="Pratiche evase", target="95%", owner="Ufficio RI", actual=None, peso=None, *extra):
    return [None, None, name, target, owner, actual, peso, *extra]


W = 'albero.xlsx, foglio "Albero"'
I = 'albero.xlsx, foglio "Individuali"'
# (case id, rows of the first sheet after its header row, rows of the individual sheet or None, expected problems)
BAD = [
    ("indicator-before-objective", [SECTION, ind()], None,
     [f'{W}, riga 3, colonna "Indicatore": "Pratiche evase": indicatore prima di qualsiasi obiettivo (serve sopra una riga con il solo Obiettivo, ad es. "02.01 - Riduzione dei tempi di evasione delle pratiche")']),
    ("objective-before-section", [OBJECTIVE, ind()], None,
     [f'{W}, riga 2, colonna "Obiettivo": "02.01 - Riduzione dei tempi": obiettivo prima di qualsiasi settore (serve sopra una riga con il solo Settore, ad es. "02 - Digitalizzazione dei servizi")']),
    ("bad-target", [SECTION, OBJECTIVE, ind(target="≥ 4O")], None,
     [f'{W}, riga 4, colonna "Target": "≥ 4O" non è un target valido {EX}']),
    ("target-without-indicator", [SECTION + [None, None, "95%"], OBJECTIVE], None,
     [f'{W}, riga 2, colonna "Indicatore": vuoto: manca il nome dell\'indicatore ma la riga ha testo in Target "95%"']),
    ("deadline-with-percent-actual", [SECTION, OBJECTIVE, ind(target="31/12/2025", actual="100%")], None,
     [f'{W}, riga 4, colonna "Actual": "100%": il target è una scadenza (31/12/2025): atteso come valore rilevato una data gg/mm/aaaa, non "100%"']),
    ("actual-without-target", [SECTION, OBJECTIVE, ind(target=None, actual="98%")], None,
     [f'{W}, riga 4, colonna "Target": vuoto: manca il target per il valore rilevato "98%"']),
    ("bad-weight", [SECTION, OBJECTIVE, ind(peso="zero")], None,
     [f'{W}, riga 4, colonna "Peso": "zero": atteso un numero maggiore di zero (ad es. 1, 2,5)']),
    ("repeated-objective", [SECTION, OBJECTIVE, ind(), [None, "02.02 - Altro"], [None, "02.01 - Riduzione dei tempi (bis)"]], None,
     [f'{W}, riga 6, colonna "Obiettivo": "02.01 - Riduzione dei tempi (bis)": obiettivo ripetuto (già alla riga 3)']),
    ("individual-without-code", [SECTION, OBJECTIVE, ind()],
     [INDIVIDUAL_HEADER, ["Riorganizzazione dello sportello", "Nuovo orario", None, "30/06/2026"]],
     [f'{I}, riga 2, colonna "Obiettivo individuale": "Riorganizzazione dello sportello": atteso il codice dell\'obiettivo individuale '
      '(ufficio e numero) seguito dal nome, ad es. "EQ_RI_02_01 - Riorganizzazione dello sportello 2025"']),
    ("individual-without-indicators", [SECTION, OBJECTIVE, ind()],
     [INDIVIDUAL_HEADER, ["EQ_RI_02_01 - Sportello"]],
     [f'{I}, riga 2, colonna "Obiettivo individuale": "EQ_RI_02_01 - Sportello": obiettivo individuale senza indicatori: non importato']),
    ("individual-before-any-objective", [SECTION, OBJECTIVE, ind()],
     [INDIVIDUAL_HEADER, [None, "Nuovo orario", None, "30/06/2026"]],
     [f'{I}, riga 2, colonna "Indicatore": "Nuovo orario": indicatore prima di qualsiasi obiettivo individuale (colonna Obiettivo individuale vuota)']),
    ("bad-actual-and-bad-sal-all-listed", [SECTION, OBJECTIVE, ind(actual="circa 90"), ind("Altro", "≥ 4O")], None,
     [f'{W}, riga 4, colonna "Actual": "circa 90" non è un valore rilevato valido (atteso ad es. "98,9%", "0,9", "-22", "04/10/2025", "Positivo", "€ 146.000,00")',
      f'{W}, riga 5, colonna "Target": "≥ 4O" non è un target valido {EX}']),
]


@pytest.mark.parametrize(("case", "rows", "individual", "expected"), BAD, ids=[c[0] for c in BAD])
def test_bad_rows_are_reported_and_nothing_is_written(tmp_path, monkeypatch, case, rows, individual, expected):
    monkeypatch.chdir(tmp_path)
    d = body_dir(tmp_path)
    sheets = {"Albero": [ROWS_HEADER, *rows]}
    if individual:
        sheets["Individuali"] = individual
    xlsx(tmp_path / "albero.xlsx", sheets)
    out = import_file(Path("albero.xlsx"), 2026, Path("dati"), updated=UPDATED)
    assert out.code == 1
    assert out.lines[:-2] == expected
    n = len(expected)
    assert out.lines[-1] == f"{n} {'problema' if n == 1 else 'problemi'}: nessun file scritto. Correggere il foglio e ripetere l'importazione."
    assert sorted(p.name for p in d.iterdir()) == ["ente.yaml"]


HEADER_CASES = [
    ("no-header", [["Elenco degli obiettivi"], ["02 - Digitalizzazione"]],
     f'{W}: riga di intestazione non trovata (attese le colonne Settore, Obiettivo, Indicatore, Target, Owner)'),
    ("incomplete-header", [["Titolo"], ["Settore", "Obiettivo", "Indicatore", "Target", "Referente"]],
     f"{W}, riga 2: intestazione incompleta: manca la colonna Owner (attese Settore, Obiettivo, Indicatore, Target, Owner)"),
    ("repeated-column", [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Actual", "Consuntivo"], SECTION, OBJECTIVE,
                         [None, None, "Pratiche evase", "95%", "Ufficio RI", "98%", "98%"]],
     f'{W}, riga 1, colonna "Consuntivo": "Consuntivo": colonna ripetuta (già in colonna F "Actual")'),
]


@pytest.mark.parametrize(("case", "rows", "expected"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
def test_header_problems(tmp_path, monkeypatch, case, rows, expected):
    monkeypatch.chdir(tmp_path)
    body_dir(tmp_path)
    xlsx(tmp_path / "albero.xlsx", {"Albero": rows})
    out = import_file(Path("albero.xlsx"), 2026, Path("dati"), updated=UPDATED)
    assert out.code == 1
    assert out.lines[:-2] == [expected]
    assert out.lines[-1] == "1 problema: nessun file scritto. Correggere il foglio e ripetere l'importazione."
    assert not (tmp_path / "dati" / "2026").exists()


def test_other_sheets_are_named_not_silently_skipped(tmp_path):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Note": [["Approvato con delibera n. 3"]], "Vuoto": []})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0
    assert f'{f}, foglio "Note": avviso: foglio ignorato: non ha né la riga di intestazione dell\'albero ' \
           "(Settore, Obiettivo, Indicatore, Target, Owner) né quella degli obiettivi individuali (Obiettivo individuale, Indicatore, Target)" in out.lines


# --- the command line -----------------------------------------------------------------


def test_cli_refuses_to_overwrite_and_reimports_byte_identical(tmp_path):
    d = body_dir(tmp_path)
    xlsx(tmp_path / "albero.xlsx", {"Albero": TREE, "Individuali": INDIVIDUAL_REPEATED}, {"Albero": ["A4:A10"]})
    args = ("import", "albero.xlsx", "--year", "2026", "--data", "dati", "--updated", "2026-01-31")
    first = run(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines()[-1] == "Dati validi: 0 errori, 0 avvisi"
    written = {p.relative_to(d): p.read_bytes() for p in (d / "2026").rglob("*") if p.is_file()}
    (d / "2026" / "LEGGIMI.txt").write_text("resta", encoding="utf-8")

    again = run(*args, cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "dati/2026: l'anno 2026 esiste già: per sostituirne obiettivi e indicatori (performance.yaml e indicatori/) "
        "ripetere con --replace (bilancio/, personale/, premi.yaml e relazione/ restano come sono, e così quanto scritto a "
        "mano in performance.yaml per gli obiettivi e le schede che il foglio ha ancora; il comando elenca ciò che non resta)"
    ]
    replaced = run(*args, "--replace", cwd=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    after = {p.relative_to(d): p.read_bytes() for p in (d / "2026").rglob("*") if p.is_file() and p.name != "LEGGIMI.txt"}
    assert after == written
    assert (d / "2026" / "LEGGIMI.txt").read_text(encoding="utf-8") == "resta"
    assert sorted(p.name for p in (d / "2026").iterdir()) == ["LEGGIMI.txt", "indicatori", "performance.yaml"]


def test_cli_bad_sheet_exits_1_and_writes_nothing(tmp_path):
    body_dir(tmp_path)
    xlsx(tmp_path / "albero.xlsx", {"Albero": [ROWS_HEADER, SECTION, OBJECTIVE, ind(target="≥ 4O")]})
    r = run("import", "albero.xlsx", "--year", "2026", "--data", "dati", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        f'{W}, riga 4, colonna "Target": "≥ 4O" non è un target valido {EX}',
        "Letto albero.xlsx: 1 settore, 1 obiettivo, 0 indicatori, 0 obiettivi individuali (0 indicatori in 0 schede); 1 problema, 0 avvisi.",
        "1 problema: nessun file scritto. Correggere il foglio e ripetere l'importazione.",
    ]
    assert not (tmp_path / "dati" / "2026").exists()


@pytest.mark.parametrize(
    ("case", "setup", "file", "expected"),
    [
        ("no-body", lambda t: (t / "dati").mkdir(), "albero.xlsx",
         'dati/ente.yaml: file mancante: creare prima i dati dell\'ente con "python -m generator init dati"'),
        ("old-excel", lambda t: body_dir(t), "albero.xls",
         'albero.xls: formato ".xls" (il vecchio formato di Excel) non supportato: aprire il file con Excel o LibreOffice e '
         "salvarlo come .xlsx o .ods, poi ripetere l'importazione"),
        ("missing-file", lambda t: body_dir(t), "manca.xlsx", "manca.xlsx: file non trovato"),
    ],
    ids=["no-body", "old-excel", "missing-file"],
)
def test_refusals(tmp_path, monkeypatch, case, setup, file, expected):
    monkeypatch.chdir(tmp_path)
    setup(tmp_path)
    xlsx(tmp_path / "albero.xlsx", {"Albero": TREE})
    (tmp_path / "albero.xls").write_bytes(b"")
    out = import_file(Path(file), 2026, Path("dati"), updated=UPDATED)
    assert (out.code, out.lines) == (1, [expected])


@pytest.mark.parametrize(
    ("written", "expected"),
    [("SETTORE", "settore"), ("  Obiettivo  ", "obiettivo"), ("Algorìtmo", "algoritmo"), ("OBIETTIVO   INDIVIDUALE", "obiettivo individuale"), ("Consuntívo", "consuntivo")],
)
def test_header_matching_ignores_case_accents_and_spaces(written, expected):
    assert normalise(written) == expected


@pytest.mark.parametrize("header", ["Area strategica", "Ambito strategico", "Linea strategica", "Priorità strategica", "AREA DI INTERVENTO"])
def test_other_names_of_the_area_column(tmp_path, header):
    d = body_dir(tmp_path)
    tree = [[header if c == "SETTORE" else c for c in row] for row in TREE]
    assert tree != TREE
    out = import_file(xlsx(tmp_path / "albero.xlsx", {"Albero": tree}), 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert (d / "2026" / "performance.yaml").read_text(encoding="utf-8") == EXPECTED_YEAR


# --- the optional Direzione column -------------------------------------------------------------

DIRECTION_HEADER = ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Direzione"]


@pytest.mark.parametrize(("direction", "expected"), [
    ("Decrescente", None),
    ("in calo", 'albero.xlsx, foglio "Albero", riga 4, colonna "Direzione": "in calo": valore non ammesso (valori ammessi: crescente, decrescente)'),
])
def test_direction_column(tmp_path, monkeypatch, direction, expected):
    """A bare number where lower is better (2,5 days) can say so in the sheet."""
    monkeypatch.chdir(tmp_path)
    d = body_dir(tmp_path)
    xlsx(tmp_path / "albero.xlsx", {"Albero": [DIRECTION_HEADER, SECTION, OBJECTIVE, [None, None, "Tempi medi (giorni)", "2,5", "Ufficio RI", direction]]})
    out = import_file(Path("albero.xlsx"), 2026, Path("dati"), updated=UPDATED)
    if expected is None:
        assert out.code == 0, out.lines
        import csv

        with (d / "2026" / "indicatori" / "ente.csv").open(encoding="utf-8") as f:
            (row,) = list(csv.DictReader(f))
        assert (row["target"], row["direzione"]) == ("2,5", "decrescente")
    else:
        assert out.code == 1 and out.lines[0] == expected
