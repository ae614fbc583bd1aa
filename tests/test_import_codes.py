"""Codes as bodies write them: sectors, objectives and individual objectives.

One to four numeric levels, leading zeros, letters, spaces, mixed case,
separators `_ . - space`; an individual objective is linked best-effort (the
sheet's own Obiettivo column, the code's numbers, the name) and one that links
to nothing still imports, in its office's scorecard, under its own heading.
"""

from __future__ import annotations

import csv
import re

import pytest
import yaml

from generator.build import build
from generator.importer import import_file
from tests.csvedit import edit_rows
from tests.test_import import UPDATED, body_dir, xlsx

# (cell of the Settore or Obiettivo column, code, name)
TREE_CODES = [
    ("02 - Digitalizzazione dei servizi", "02", "Digitalizzazione dei servizi"),
    ("02.01 - Riduzione dei tempi", "02.01", "Riduzione dei tempi"),
    ("2.2) Sportello digitale", "2.2", "Sportello digitale"),
    ("02.03: Firma digitale", "02.03", "Firma digitale"),
    ("OS 2.4 Imprese digitali", "OS 2.4", "Imprese digitali"),
    ("02_05 Fascicolo d'impresa", "02_05", "Fascicolo d'impresa"),
    ("2-6-1-3 Quattro livelli", "2-6-1-3", "Quattro livelli"),
    ("A.1 - Qualità", "A.1", "Qualità"),
    ("003 – Promozione del territorio", "003", "Promozione del territorio"),
    ("3.1. Turismo", "3.1", "Turismo"),
    ("Trasparenza e legalità", None, "Trasparenza e legalità"),
]


@pytest.mark.parametrize("written, code, name", [
    *TREE_CODES,
    ("II - Territorio", "II", "Territorio"),  # Roman numerals
    ("IV. Cultura", "IV", "Cultura"),
    ("XIV – Quattordicesimo", "XIV", "Quattordicesimo"),
    ("III.2: Turismo", "III.2", "Turismo"),
    ("B) Giovani", "B", "Giovani"),
    ("C: Formazione", "C", "Formazione"),
    # letters alone only before a separator that says so: these are names
    ("E-government e servizi digitali", None, "E-government e servizi digitali"),
    ("A tutela dei consumatori", None, "A tutela dei consumatori"),
    ("IVA e tributi", None, "IVA e tributi"),
    ("V Congresso delle imprese", None, "V Congresso delle imprese"),
])
def test_a_code_is_told_from_a_name(written, code, name):
    from generator.importer import coded

    assert (coded(written) or (None, written)) == (code, name)


def test_a_tree_numbered_in_roman_numerals(tmp_path):
    d = body_dir(tmp_path)
    rows = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner"], ["I - Imprese"], [None, "I.1 - Tempi certi"],
            [None, None, "Pratiche", "95%", "RI"], ["II - Territorio"], [None, "II.1 - Turismo"], [None, None, "Eventi", "4", "PR"],
            [None, "E-government"], [None, None, "Servizi online", "10", "SI"]]
    out = import_file(xlsx(tmp_path / "albero.xlsx", {"Albero": rows}), 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    data = yaml.safe_load((d / "2026" / "performance.yaml").read_text(encoding="utf-8"))
    assert [(a.get("codice"), a["nome"]) for a in data["aree_strategiche"]] == [("I", "Imprese"), ("II", "Territorio")]
    assert [(o.get("codice"), o["nome"], o["area_strategica"]) for o in data["obiettivi_strategici"]] == [
        ("I.1", "Tempi certi", 1), ("II.1", "Turismo", 2), (None, "E-government", 2)]


def tree_rows() -> list[list]:
    rows: list[list] = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner"]]
    for written, code, _ in TREE_CODES:
        if code in ("02", "003") or code is None:
            rows.append([written])
            if code is None:
                rows.append([None, "Prevenzione della corruzione"])
                rows.append([None, None, "Misure attuate", "100%", "RPCT"])
        else:
            rows.append([None, written])
            rows.append([None, None, f"Indicatore di {written}", "≥ 1", "Ufficio"])
    return rows


def test_sector_and_objective_codes_of_every_shape(tmp_path):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": tree_rows()})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    data = yaml.safe_load((d / "2026" / "performance.yaml").read_text(encoding="utf-8"))
    areas = [(a.get("codice"), a["nome"]) for a in data["aree_strategiche"]]
    objectives = [(o.get("codice"), o["nome"], o["area_strategica"]) for o in data["obiettivi_strategici"]]
    assert areas == [("02", "Digitalizzazione dei servizi"), ("003", "Promozione del territorio"), (None, "Trasparenza e legalità")]
    assert objectives == [
        ("02.01", "Riduzione dei tempi", 1), ("2.2", "Sportello digitale", 1), ("02.03", "Firma digitale", 1),
        ("OS 2.4", "Imprese digitali", 1), ("02_05", "Fascicolo d'impresa", 1), ("2-6-1-3", "Quattro livelli", 1),
        ("A.1", "Qualità", 1), ("3.1", "Turismo", 2), (None, "Prevenzione della corruzione", 3),
    ]
    # A.1 does not start with 02: said, not refused
    assert any('colonna "Obiettivo": avviso: "A.1 - Qualità": il codice dell\'obiettivo "A.1" non inizia con quello del settore "02"' in line
               for line in out.lines)


INDIVIDUAL_TREE = [
    ["Settore", "Obiettivo", "Indicatore", "Target", "Owner"],
    ["02 - Digitalizzazione"],
    [None, "02.01 - Riduzione dei tempi"],
    [None, None, "Pratiche evase", "95%", "Registro Imprese"],
    [None, "2.2 - Sportello digitale"],
    [None, None, "Sportello attivo", "31/12/2026", "Innovazione"],
    ["10 - Bilancio"],
    [None, "10.02 - Equilibrio economico"],
    [None, None, "Margine di struttura", "≥ 1", "Ragioneria"],
]
# (written individual objective, Obiettivo column, expected card, expected code, linked strategic objective id or None)
INDIVIDUAL_CODES = [
    ("EQ_RI_02_01 - Riorganizzazione dello sportello", None, "eq-ri", "EQ_RI_02_01", 1),
    ("Eq Ri 02 02 - Orari del pubblico", None, "eq-ri", "Eq Ri 02 02", 2),  # spaces, mixed case: same office
    ("EQ RI_02.01.03 – Formazione", None, "eq-ri", "EQ RI_02.01.03", 1),  # three levels: the objective is 02.01
    ("eq-bp-10-02 bilancio di verifica", None, "eq-bp", "eq-bp-10-02", 3),
    ("EQ_BP_102: Tre cifre", None, "eq-bp", "EQ_BP_102", None),  # a three-digit number that matches nothing
    ("EQ_BP_07_01 - Numero senza obiettivo", None, "eq-bp", "EQ_BP_07_01", None),
    ("SG 1 Coordinamento dei dirigenti", "02.01", "sg", "SG 1", 1),  # the sheet's own Obiettivo column says which
    ("SG 2 Sportello digitale", None, "sg", "SG 2", 2),  # 2 matches no code; the name matches objective 2.2
    ("DIR_01_01_01_01 - Quattro livelli", "Equilibrio economico", "dir", "DIR_01_01_01_01", 3),  # by name in the Obiettivo column
]


def individual_rows() -> list[list]:
    rows: list[list] = [["Obiettivo individuale", "Obiettivo strategico", "Indicatore", "Target"]]
    for k, (written, stated, *_rest) in enumerate(INDIVIDUAL_CODES):
        rows.append([written, stated, f"Indicatore {k + 1}", "31/12/2026"])
    return rows


def test_individual_codes_of_every_shape_and_best_effort_links(tmp_path):
    d = body_dir(tmp_path)
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": INDIVIDUAL_TREE, "Individuali": individual_rows()})
    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    got = []
    for card in ("eq-ri", "eq-bp", "sg", "dir"):
        with (d / "2026" / "indicatori" / f"{card}.csv").open(encoding="utf-8") as fh:
            got += [(r["indicatore"], card, r["codice"], int(r["obiettivo_strategico"]) if r["obiettivo_strategico"] else None)
                    for r in csv.DictReader(fh)]
    expected = [(f"Indicatore {k + 1}", card, code, obj) for k, (_, _, card, code, obj) in enumerate(INDIVIDUAL_CODES)]
    assert sorted(got) == sorted(expected)
    data = yaml.safe_load((d / "2026" / "performance.yaml").read_text(encoding="utf-8"))
    assert [(s["id"], s["nome"]) for s in data["schede"]] == [
        ("ente", "Albero della Performance"), ("eq-ri", "Obiettivi individuali EQ_RI"), ("eq-bp", "Obiettivi individuali eq-bp"),
        ("sg", "Obiettivi individuali SG"), ("dir", "Obiettivi individuali DIR"),
    ]
    unlinked = [line for line in out.lines if "nessun obiettivo strategico corrisponde" in line]
    assert unlinked == [
        f'{f}, foglio "Individuali", riga 6, colonna "Obiettivo individuale": avviso: "EQ_BP_102: Tre cifre": nessun obiettivo strategico '
        "corrisponde al codice 102 né al nome (obiettivi: 02.01, 2.2, 10.02): importato nella scheda eq-bp tra gli obiettivi non collegati a un obiettivo strategico",
        f'{f}, foglio "Individuali", riga 7, colonna "Obiettivo individuale": avviso: "EQ_BP_07_01 - Numero senza obiettivo": nessun obiettivo strategico '
        "corrisponde al codice 07_01 né al nome (obiettivi: 02.01, 2.2, 10.02): importato nella scheda eq-bp tra gli obiettivi non collegati a un obiettivo strategico",
    ]
    assert out.lines[-1] == "Dati validi: 0 errori, 0 avvisi"

    site = tmp_path / "sito"
    build(d, site, cache_dir=None)
    page = (site / "amministrazione-trasparente" / "performance" / "piano-della-performance" / "2026" / "individuali" / "eq-bp" / "index.html")
    html = page.read_text(encoding="utf-8")
    heading = re.search(r"<h2[^>]*>Obiettivi non collegati a un obiettivo strategico", html).start()
    assert html.index("Tre cifre") > heading and html.index("Numero senza obiettivo") > heading
    assert html.index("bilancio di verifica") < heading  # linked to 10.02: under its strategic objective


@pytest.mark.parametrize("kind", ["ente", "unita"])
def test_only_individual_scorecards_may_leave_the_strategic_objective_blank(tmp_path, kind):
    from tests.test_import import COLUMNS

    d = body_dir(tmp_path)
    year = d / "2026"
    (year / "indicatori").mkdir(parents=True)
    (year / "performance.yaml").write_text(
        "anno: 2026\nstato: pianificato\naggiornato: 2026-01-31\ndocumento: Piano\ndirezione_predefinita: crescente\n"
        "obiettivi_strategici:\n  - id: 1\n    nome: Uno\n"
        "schede:\n  - id: ente\n    tipo: ente\n    nome: Ente\n    file: indicatori/ente.csv\n"
        f"  - id: x\n    tipo: {'unita' if kind == 'unita' else 'individuale'}\n    nome: X\n    file: indicatori/x.csv\n",
        encoding="utf-8",
    )
    blank = COLUMNS + ",,,,Senza obiettivo,,,95%,,,,,,,\n"
    (year / "indicatori" / "ente.csv").write_text(blank if kind == "ente" else COLUMNS, encoding="utf-8")
    (year / "indicatori" / "x.csv").write_text(blank, encoding="utf-8")
    from generator.build import check

    _, _, issues = check(d)
    errors = [str(i) for i in issues.errors]
    bad = f"{d}/2026/indicatori/{'ente' if kind == 'ente' else 'x'}.csv:2: obiettivo_strategico: \"\": atteso il numero di un obiettivo strategico di performance.yaml (1)"
    assert errors == [bad]


def test_an_unlinked_individual_objective_counts_in_its_scorecard_score(tmp_path):
    from generator.build import check

    d = body_dir(tmp_path)
    tree = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Actual"], ["01 - A"], [None, "01.01 - B"], [None, None, "I", "≥ 10", "U", "10"]]
    individual = [["Obiettivo individuale", "Indicatore", "Target", "Actual"],
                  ["EQ_X_01_01 - Collegato", "Uno", "≥ 10", "5"], ["EQ_X_99 - Non collegato", "Due", "≥ 10", "10"]]
    f = xlsx(tmp_path / "albero.xlsx", {"Albero": tree, "Individuali": individual})
    assert import_file(f, 2025, d, updated=UPDATED).code == 0
    ds, results, _ = check(d)
    card = results[0].card("eq-x")
    assert [co.objective.id for co in card.objectives] == [1]
    assert [op.name for op in card.unlinked] == ["Non collegato"]
    # the scorecard mean counts each strategic objective and each unlinked objective once
    assert (card.objectives[0].score, card.unlinked[0].score, card.score) == (50, 100, 75)


# Codes told apart by their letters: (sectors with their objectives, the objectives' codes as imported)
LETTER_CODES = [
    ("letter sectors", [("A - Città sostenibile", ["A.1 - Mobilità"]), ("B - Comune digitale", ["B.1 - Servizi online"])], ["A.1", "B.1"]),
    ("letter suffixes", [("1 - Servizi", ["1.1a - Primo", "1.1b - Secondo"])], ["1.1a", "1.1b"]),
    ("prefix word and letter suffix", [("Area 1 - Servizi", ["OS 1.1a - Primo", "OS 1.1b - Secondo"])], ["OS 1.1a", "OS 1.1b"]),
]


@pytest.mark.parametrize(("sectors", "codes"), [c[1:] for c in LETTER_CODES], ids=[c[0] for c in LETTER_CODES])
def test_codes_that_differ_only_in_letters_are_not_repeats(tmp_path, sectors, codes):
    rows: list[list] = [["Settore", "Obiettivo", "Indicatore", "Target", "Owner"]]
    for sector, objectives in sectors:
        rows.append([sector])
        for o in objectives:
            rows += [[None, o], [None, None, f"Indicatore di {o}", "≥ 1", "Ufficio"]]
    d = body_dir(tmp_path)
    out = import_file(xlsx(tmp_path / "albero.xlsx", {"Albero": rows}), 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert not [line for line in out.lines if "ripetuto" in line], out.lines
    data = yaml.safe_load((d / "2026" / "performance.yaml").read_text(encoding="utf-8"))
    assert [o.get("codice") for o in data["obiettivi_strategici"]] == codes


def test_an_indicator_without_objectives_is_named_as_such_on_its_page(tmp_path, sample_dir):
    """(And a unit its values already carry is shown once.) An individual scorecard's row with neither strategic nor operational objective: the page said "Obiettivo individuale: None"."""
    import shutil

    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    def edit(rows):
        rows[0] |= {"obiettivo_strategico": "", "obiettivo_operativo": "", "programma": ""}
        rows[1] |= {"unita": "gg", "target": "<= 60 gg", "actual": "72 gg", "sal_pubblicato": ""}  # a unit the values carry: not twice

    edit_rows(d / "2025" / "indicatori" / "segretario-generale.csv", edit)
    site = tmp_path / "sito"
    build(d, site, cache_dir=None)
    html = (site / "amministrazione-trasparente" / "performance" / "relazione-sulla-performance" / "2025" / "individuali"
            / "segretario-generale" / "index.html").read_text(encoding="utf-8")
    assert "None" not in re.sub(r"<[^>]+>", "", html)
    assert "Indicatori senza obiettivo individuale" in html
    assert "&lt;= 60 gg</td>" in html.replace("≤", "&lt;=") or "<= 60 gg</td>" in html, re.findall(r"60 gg.{0,40}", html)
    assert "gg gg" not in re.sub(r"<[^>]+>", "", html)
