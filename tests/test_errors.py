"""Bad input gets a clear error: file, line, field, bad value, what is expected.

Each case starts from a tiny valid data directory, applies one edit, and
asserts the exact messages an editor reads.
"""

from __future__ import annotations

import csv
import re

from pathlib import Path

import pytest

from tests.csvedit import edit_rows

from generator.build import check

BODY = """\
nome: Ente di prova
nome_breve: Ente prova
sito_web: https://www.example.org
url_sito: https://trasparenza.example.org/
indirizzo: Via Roma 1, 00100 Roma
pec: ente@pec.example.org
email: info@example.org
telefono: "+39 06 000000"
codice_fiscale: "00000000000"
partita_iva: "00000000000"
codice_ipa: ente_prova
dichiarazione_accessibilita: https://form.agid.gov.it/view/00000000-0000-0000-0000-000000000000
privacy: https://www.example.org/privacy
aggiornato: 2026-01-15
"""

YEAR = """\
anno: 2025
stato: rendicontato
aggiornato: 2026-04-30
documento: Relazione sulla Performance 2025
direzione_predefinita: crescente
prospettive:
  - id: imprese
    nome: Imprese
obiettivi_strategici:
  - id: 1
    nome: Servizi
    prospettiva: imprese
schede:
  - id: ente
    tipo: ente
    nome: Cruscotto di Ente
    file: indicatori/ente.csv
"""

CSV = """\
obiettivo_strategico,indicatore,target,actual,direzione,peso,sal_pubblicato
1,Pratiche evase entro 5 gg,95%,"98,9%",,,100%
1,Tempi medi di lavorazione,"2,5","0,9",decrescente,,100%
1,Relazione,30/06/2025,28/04/2025,,,100%
"""


def make(tmp_path: Path, body: str = BODY, year: str = YEAR, csv: str = CSV) -> Path:
    d = tmp_path / "dati"
    (d / "2025" / "indicatori").mkdir(parents=True)
    (d / "ente.yaml").write_text(body, encoding="utf-8")
    (d / "2025" / "performance.yaml").write_text(year, encoding="utf-8")
    (d / "2025" / "indicatori" / "ente.csv").write_text(csv, encoding="utf-8")
    return d


def messages(d: Path) -> list[str]:
    _, _, issues = check(d)
    return [str(i).replace(str(d), "dati") for i in issues.items]


def test_tiny_dataset_is_valid(tmp_path):
    assert messages(make(tmp_path)) == []


D = "dati/2025/indicatori/ente.csv"
Y = "dati/2025/performance.yaml"
B = "dati/ente.yaml"
EX = '(atteso ad es. "95%", ">= 80%", "< 1,4", "≥ 40", "2,5", "N.2", "<= 5 gg", "31/12/2025", "Positivo", "3,5/5", "€ 140.000,00")'

# (case id, file to edit: body|year|csv, old text, new text, expected messages)
CASES = [
    ("bad-target", "csv", "95%,", "≥ 4O,", [f'{D}:2: target: "≥ 4O" non è un target valido {EX}']),
    ("bad-actual", "csv", '"0,9"', '"0.9.1"', [f'{D}:3: actual: "0.9.1" non è un valore rilevato valido: il punto separa le migliaia: per i decimali usare la virgola, ad es. 1,5 (atteso ad es. "98,9%", "0,9", "-22", "04/10/2025", "Positivo", "€ 146.000,00")']),
    ("duplicate-row", "csv", '1,Relazione,30/06/2025,28/04/2025,,,100%\n', '1,Relazione,30/06/2025,28/04/2025,,,100%\n1,Relazione ,30/06/2025,28/04/2025,,,100%\n',
     [f'{D}:5: indicatore: "Relazione": riga uguale alla riga 4: un indicatore ripetuto conta due volte nella valutazione; togliere una delle due righe']),
    ("weight-with-a-point", "csv", "decrescente,,", "decrescente,0.5,", [f'{D}:3: peso: "0.5": il punto separa le migliaia: per i decimali usare la virgola, atteso un numero maggiore di zero (ad es. 1, 2,5)']),
    ("right-empty-columns", "csv", "peso,sal_pubblicato\n", "peso,sal_pubblicato,,\n", []),  # as a spreadsheet saves them: skipped
    ("unnamed-column", "csv", "direzione,peso", "direzione,,peso", [f"{D}:1: colonna 6 senza nome nell'intestazione: scriverne il nome o toglierla"]),
    ("future-update", "year", "aggiornato: 2026-04-30", "aggiornato: 2062-04-30", [f"{Y}:3: avviso: aggiornato: \"30/04/2062\": data futura: il sito mostra la data più recente come data di aggiornamento; controllarla"]),
    ("far-deadline", "csv", "30/06/2025,28/04/2025", "30/06/2015,28/04/2015", [f"{D}:4: avviso: target: \"30/06/2015\": data lontana dall'anno 2025: controllarne l'anno", f"{D}:4: avviso: actual: \"28/04/2015\": data lontana dall'anno 2025: controllarne l'anno"]),
    ("bidi-override", "body", "nome: Ente di prova", "nome: Ente di \u202eavorp", [f"{B}:1: carattere invisibile U+202E, che cambia la direzione del testo, non ammesso: farebbe leggere un testo diverso da quello scritto; toglierlo"]),
    ("bidi-in-csv", "csv", "Relazione,", "Relazione \u2067x\u2069,", [f"{D}:4: carattere invisibile U+2067, che cambia la direzione del testo, non ammesso: farebbe leggere un testo diverso da quello scritto; toglierlo"]),
    ("empty-value", "body", "nome: Ente di prova", "nome:", [f"{B}:1: nome: vuoto: scrivere il valore dopo i due punti"]),
    ("date-with-points", "csv", "28/04/2025", "28.04.2025", [f'{D}:4: actual: "28.04.2025" non è un valore rilevato valido: una data si scrive gg/mm/aaaa (28/04/2025) (atteso ad es. "98,9%", "0,9", "-22", "04/10/2025", "Positivo", "€ 146.000,00")']),
    ("fraction-vs-percent", "csv", '95%,"98,9%"', '95%,"0,989"', [f'{D}:2: actual: il target è una percentuale (95%): scrivere il valore rilevato con il simbolo % (ad es. "98,9%"), non "0,989"']),
    ("deadline-vs-number", "csv", "28/04/2025", "100%", [f'{D}:4: actual: il target è una scadenza (30/06/2025): atteso come valore rilevato una data gg/mm/aaaa, non "100%"']),
    ("unknown-objective", "csv", '1,Relazione', '9,Relazione', [f'{D}:4: obiettivo_strategico: "9": atteso il numero di un obiettivo strategico di performance.yaml (1)']),
    ("bad-direction", "csv", "decrescente", "in calo", [f'{D}:3: direzione: "in calo": valore non ammesso (valori ammessi: crescente, decrescente)']),
    ("contradicting-direction", "csv", '95%,"98,9%",,', '"≥ 95%","98,9%",decrescente,', [f'{D}:2: direzione: "decrescente" contraddice il target "≥ 95%" (crescente)']),
    ("bad-weight", "csv", "decrescente,,", "decrescente,zero,", [f'{D}:3: peso: "zero": atteso un numero maggiore di zero (ad es. 1, 2,5)']),
    ("unknown-column", "csv", "sal_pubblicato", "sal", [f"{D}:1: colonna sconosciuta \"sal\" (colonne ammesse: obiettivo_strategico, programma, obiettivo_operativo, codice, indicatore, algoritmo, unita, target, actual, direzione, peso, ufficio, fonte, sal_pubblicato, nota)"]),
    ("extra-cell", "csv", "28/04/2025,,,100%", "28/04/2025,,,100%,oops", [f'{D}:4: 8 celle ma 7 colonne nell\'intestazione (cella in più: "oops")']),
    ("unquoted-comma-shift", "csv", "28/04/2025,,,100%", "28/04/2025,,,100%,", [f'{D}:4: 8 celle ma 7 colonne nell\'intestazione: un separatore in più (una virgola non tra virgolette, ad es. in "140.000,00"?) sposta ogni valore dopo di esso nella colonna successiva; scrivere tra virgolette i valori con la virgola']),
    ("yes-with-accent-is-yes", "csv", "30/06/2025,28/04/2025,,,100%", "SI,Sì,,,100%", []),
    ("other-word-warns", "csv", "30/06/2025,28/04/2025,,,100%", "SI,Parziale,,,0%", [f'{D}:4: avviso: actual: "Parziale" non è il target "SI" né un esito negativo (ad es. "No", "Negativo"): l\'indicatore è valutato non raggiunto (0%); se il target è raggiunto scrivere lo stesso valore']),
    ("negative-word-is-quiet", "csv", "30/06/2025,28/04/2025,,,100%", "Positivo,Negativo,,,0%", []),
    ("actual-without-target", "csv", '95%,"98,9%"', ',"98,9%"', [f'{D}:2: target: manca il target per il valore rilevato "98,9%"']),
    ("missing-actual-warns", "csv", '"2,5","0,9"', '"2,5",', [f'{D}:3: avviso: actual: manca il valore rilevato per "Tempi medi di lavorazione": l\'indicatore non è valutato', f"{D}:3: avviso: sal_pubblicato di \"Tempi medi di lavorazione\": il documento pubblica 100%, il valore calcolato dai dati è non calcolabile"]),
    ("published-differs-warns", "csv", "28/04/2025,,,100%", "28/04/2025,,,90%", [f'{D}:4: avviso: sal_pubblicato di "Relazione": il documento pubblica 90%, il valore calcolato dai dati è 100%']),
    ("no-direction", "year", "direzione_predefinita: crescente\n", "", [f'{D}:2: direzione: il target "95%" non indica se più alto è meglio: scrivere crescente o decrescente nella colonna direzione (o direzione_predefinita in performance.yaml)']),
    ("misspelt-key", "body", "nome_breve:", "nome_breeve:", [f"{B}:1: nome_breve: campo obbligatorio mancante", f"{B}:2: nome_breeve: \"Ente prova\": campo non previsto (controllare l'ortografia della chiave)"]),
    ("bad-state", "year", "stato: rendicontato", "stato: rendicontata", [f"{Y}:2: stato: \"rendicontata\": valore non ammesso (valori ammessi: 'pianificato', 'rendicontato')"]),
    ("bad-date", "year", "aggiornato: 2026-04-30", "aggiornato: 2026-13-01", [f'{Y}:3: aggiornato: "2026-13-01": data inesistente: attesa una data nel formato aaaa-mm-gg o gg/mm/aaaa (ad es. 2025-12-31 o 31/12/2025)']),
    ("unknown-perspective", "year", "prospettiva: imprese", "prospettiva: impresa", [f'{Y}:12: obiettivi_strategici[0].prospettiva: "impresa": prospettiva inesistente (valori ammessi: imprese)']),
    ("missing-file", "year", "indicatori/ente.csv", "indicatori/enti.csv", [f'{Y}:17: schede[0].file: "indicatori/enti.csv": file non trovato in dati/2025',
      f'{D}: avviso: CSV non usato: nessuna scheda di 2025/performance.yaml lo indica nel campo file; il suo contenuto non compare nel sito (forse è questo il file "enti.csv" che i dati indicano e che non c\'è?)']),
    ("year-folder-mismatch", "year", "anno: 2025", "anno: 2024", [f'{Y}:1: anno: "2024" non corrisponde alla cartella "2025"']),
    ("yaml-syntax", "year", "  - id: imprese\n", "  - id: imprese\n   nome: x\n", None),
    ("duplicate-key", "body", "pec: ente@pec.example.org\n", "pec: ente@pec.example.org\npec: altro@pec.example.org\n", [f'{B}:7: chiave "pec" ripetuta']),
    ("planned-with-actual", "year", "stato: rendicontato", "stato: pianificato", [
        f"{D}:2: actual: \"98,9%\": l'anno è pianificato (stato: pianificato), i valori rilevati non sono ammessi",
        f"{D}:3: actual: \"0,9\": l'anno è pianificato (stato: pianificato), i valori rilevati non sono ammessi",
        f"{D}:4: actual: \"28/04/2025\": l'anno è pianificato (stato: pianificato), i valori rilevati non sono ammessi",
    ]),
    ("placeholder-warns", "body", "pec: ente@pec.example.org", "pec: da completare", [f"{B}:6: avviso: pec: da completare"]),
]


@pytest.mark.parametrize(("case", "where", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_error_messages(tmp_path, case, where, old, new, expected):
    texts = {"body": BODY, "year": YEAR, "csv": CSV}
    assert old in texts[where], f"test case {case}: {old!r} not in {where}"
    texts[where] = texts[where].replace(old, new, 1)
    got = messages(make(tmp_path, texts["body"], texts["year"], texts["csv"]))
    if expected is None:  # syntax errors: file, line and the parser's reason
        assert len(got) == 1 and got[0].startswith(f"{Y}:8: YAML non valido: "), got
    else:
        assert got == expected


def test_all_errors_are_collected_at_once(tmp_path):
    csv = CSV.replace("95%,", "≥ 4O,").replace("28/04/2025", "100%")
    body = BODY.replace("nome_breve:", "nome_breeve:")
    got = messages(make(tmp_path, body=body, csv=csv))
    assert len([m for m in got if "avviso" not in m]) == 4


def test_csv_in_windows_1252_is_read_with_a_warning(tmp_path):
    d = make(tmp_path)
    (d / "2025" / "indicatori" / "ente.csv").write_bytes(CSV.replace("Tempi", "Unità").encode("cp1252"))
    assert messages(d) == [
        f'{D}:3: avviso: il file è in Windows-1252, non in UTF-8: letto lo stesso; salvarlo come "CSV UTF-8" (alla riga 3 il primo carattere accentato)'
    ]


def test_csv_with_semicolons_and_bom_from_a_spreadsheet(tmp_path):
    d = make(tmp_path)
    text = "\ufeff" + CSV.replace(",", ";").replace('"98;9%"', "98,9%").replace('"2;5"', "2,5").replace('"0;9"', "0,9")
    (d / "2025" / "indicatori" / "ente.csv").write_text(text, encoding="utf-8")
    assert messages(d) == []


def test_csv_separated_by_tabs(tmp_path):
    rows = [next(csv.reader([line])) for line in CSV.splitlines()]  # the same cells, a tab between them (a copy from a sheet)
    assert messages(make(tmp_path, csv="".join("\t".join(r) + "\n" for r in rows))) == []


# (a CSV as saved, the header and rows read_table gives)
TABLES = [
    ("tab, commas in the header", "Servizio\tTarget (scala 1-5, minimo)\tRisultato (scala 1-5, media)\nSportello\t3,5\t4,9\n",
     ["Servizio", "Target (scala 1-5, minimo)", "Risultato (scala 1-5, media)"], [["Sportello", "3,5", "4,9"]]),
    ("semicolon as frequent as comma", "Voce;Spesa (migliaia, euro)\nA;1,5\n", ["Voce", "Spesa (migliaia, euro)"], [["A", "1,5"]]),
    ("comma", "Voce,Spesa\nA,\"1,5\"\n", ["Voce", "Spesa"], [["A", "1,5"]]),
    ("blank first header: row labels", ",Arezzo,Siena\nImprese,10,20\n", ["", "Arezzo", "Siena"], [["Imprese", "10", "20"]]),
    ("empty columns at the right", "Voce;Spesa;;\nA;2;;\n", ["Voce", "Spesa"], [["A", "2"]]),
]


@pytest.mark.parametrize(("text", "header", "rows"), [c[1:] for c in TABLES], ids=[c[0] for c in TABLES])
def test_read_table_separators_and_blank_headers(tmp_path, text, header, rows):
    from generator.sources import read_table

    f = tmp_path / "tabella.csv"
    f.write_text(text, encoding="utf-8")
    got_header, got_rows = read_table(f)
    assert (got_header, [r for _, r in got_rows]) == (header, rows)


def test_an_objective_measured_only_by_the_units_is_named(tmp_path, sample_dir):
    """Published "Non valutato" while two unit scorecards score it: validate says why."""
    import shutil

    from generator.check import check

    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    edit_rows(d / "2025" / "indicatori" / "ente.csv", lambda rows: [r for r in rows if r["obiettivo_strategico"] != "2"])
    _, _, issues = check(d)
    lines = [str(i) for i in issues.warnings if "pubblicato come non valutato" in str(i)]
    assert len(lines) == 1 and "Area dirigenziale 1" in lines[0], lines


@pytest.mark.parametrize("weights, warned", [
    ({}, False),  # no weights
    ({"*": "2"}, False),  # the same weight everywhere: the same score either way
    ({"3": "3"}, True),  # objective 3's rows weigh more: within objective 3 nothing changes, across the scorecard 87% would weigh more
])
def test_weights_that_would_count_across_objectives_are_named(tmp_path, sample_dir, weights, warned):
    """The Azienda Speciale's scorecard is the mean of its objectives; a weight counts within its objective only."""
    import shutil

    from generator.check import check

    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    f = d / "2025" / "indicatori" / "arezzo-sviluppo.csv"
    rows = edit_rows(f, lambda rows: [r | {"peso": weights.get(r["obiettivo_strategico"], weights.get("*", r["peso"]))} for r in rows])
    _, _, issues = check(d)
    lines = [str(i) for i in issues.warnings if ": peso:" in str(i)]
    if not warned:
        assert lines == []
        return
    first = next(n for n, r in enumerate(rows, start=2) if r["obiettivo_strategico"] == "3")
    m = re.fullmatch(rf"{re.escape(str(f))}:{first}: avviso: peso: i pesi contano fra gli indicatori di uno stesso obiettivo; il grado "
                     r'della scheda "Azienda Speciale Arezzo Sviluppo" è la media semplice dei suoi obiettivi \((\d+%)\): con i pesi '
                     r"contati su tutta la scheda sarebbe (\d+%)\. Se il Sistema di misurazione pesa gli obiettivi, il sito non lo "
                     r"calcola: controllare il grado pubblicato", lines[0]) if len(lines) == 1 else None
    assert m and m[1] != m[2], lines


@pytest.mark.parametrize("old, new, field", [
    ("    valutazione_pubblicata: 100\n  - id: processi-interni", "    valutazione_pubblicata: 90\n  - id: processi-interni",
     "valutazione_pubblicata"),  # a perspective
    ("    area_strategica: 1\n    valutazione_pubblicata: 100", "    area_strategica: 1\n    valutazione_pubblicata: 80",
     "valutazione_pubblicata"),  # an objective
    ("valutazioni_pubblicate: {2: 100, 3: 100,", "valutazioni_pubblicate: {2: 100, 3: 60,", "valutazioni_pubblicate"),  # a scorecard's
])
def test_a_published_score_that_disagrees_is_named_at_its_line(tmp_path, sample_dir, old, new, field):
    import shutil

    from generator.check import check

    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    y = d / "2025" / "performance.yaml"
    text = y.read_text(encoding="utf-8")
    assert old in text
    y.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, _, issues = check(d)
    found = [i for i in issues.warnings if "il documento pubblica" in i.message]
    assert len(found) == 1, [str(i) for i in found]
    assert found[0].line and field in y.read_text(encoding="utf-8").splitlines()[found[0].line - 1], str(found[0])
