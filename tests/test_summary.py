""""In sintesi": the grammar of the sentences (a table of cases), the sentences follow the data, and every
data page of the built sample opens with one."""

from __future__ import annotations

import csv as csv_module
import html
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from generator import summary
from generator.budget import compute_budget
from generator.build import check, newest_update
from generator.compute import ObjectiveResult, score_indicator
from generator.history import Point, Trend
from generator.model import BonusAmount, BonusDistribution, Budget, BudgetConfig, BudgetRow, Indicator
from generator.render import render_site
from generator.targets import Direction, parse_actual, parse_target

REL = "amministrazione-trasparente/performance/relazione-sulla-performance/2025"


def ind(name: str, target: str | None, actual: str | None, note: str | None = None, direction: Direction = Direction.HIGHER):
    i = Indicator(file="x.csv", line=2, objective=1, programme=None, operational=None, code=None, name=name, algorithm=None, unit=None,
                  target=parse_target(target) if target else None, actual=parse_actual(actual) if actual else None,
                  direction=direction if target else None, weight=Decimal(1), office=None, source=None, published=None, note=note)
    return score_indicator(i)


def met(n: int) -> list:
    return [ind(f"Indicatore {k}", "95%", "98%") for k in range(n)]


def missed_one(name: str = "Corsi", note: str | None = None):
    return ind(name, "3", "1", note)


# --- agreement helpers --------------------------------------------------------------


@pytest.mark.parametrize(("got", "expected"), [
    (summary.plural(0, "indicatore", "indicatori"), "0 indicatori"),
    (summary.plural(1, "indicatore", "indicatori"), "1 indicatore"),
    (summary.plural(3, "indicatore", "indicatori"), "3 indicatori"),
    (summary.plural(1500, "persona", "persone"), "1.500 persone"),
    (summary.art(3), "i"), (summary.art(8), "gli"), (summary.art(11), "gli"), (summary.art(80), "gli"), (summary.art(12), "i"),
    (summary.art(111), "i"), (summary.art(11000), "gli"),
    (summary.of_the(103), "dei"), (summary.of_the(8), "degli"),
    (summary.join([]), ""), (summary.join(["a"]), "a"), (summary.join(["a", "b"]), "a e b"), (summary.join(["a", "b", "c"]), "a, b e c"),
    (summary.join(["a", "è b"]), "a ed è b"),
    (summary.euro(Decimal("-465800")), "€\u00a0465.800"), (summary.euro(Decimal("1234.5")), "€\u00a01.234,50"),
    (summary.euro(Decimal("223494"), 2), "€\u00a0223.494,00"),
])
def test_agreement_helpers(got, expected):
    assert got == expected


# --- indicators: 0, 1, many, all -------------------------------------------------------

ACHIEVED = [
    (met(1), "Nel 2025 è stato raggiunto l'unico indicatore valutato nella scheda."),
    ([missed_one()], "Nel 2025 l'unico indicatore valutato nella scheda non è stato raggiunto."),
    (met(2), "Nel 2025 sono stati raggiunti entrambi gli indicatori valutati nella scheda."),
    (met(12), "Nel 2025 sono stati raggiunti tutti i 12 indicatori valutati nella scheda."),
    (met(8), "Nel 2025 sono stati raggiunti tutti gli 8 indicatori valutati nella scheda."),
    ([missed_one(), missed_one("Altro")], "Nel 2025 non è stato raggiunto nessuno dei 2 indicatori valutati nella scheda."),
    (met(1) + [missed_one(), missed_one("B")], "Nel 2025 è stato raggiunto 1 dei 3 indicatori valutati nella scheda."),
    (met(102) + [missed_one()], "Nel 2025 sono stati raggiunti 102 dei 103 indicatori valutati nella scheda."),
    (met(7) + [missed_one()], "Nel 2025 sono stati raggiunti 7 degli 8 indicatori valutati nella scheda."),
]


@pytest.mark.parametrize(("scored", "expected"), ACHIEVED)
def test_achieved(scored, expected):
    assert summary.achieved(2025, scored, "nella scheda") == expected


MISSED = [
    (met(5), None),
    (met(2) + [missed_one("Corsi", note="Motivo")], "L'unico sotto il target è «Corsi» (rilevato 1, target 3): il motivo è spiegato nella nota."),
    (met(2) + [missed_one("Corsi")], "L'unico sotto il target è «Corsi» (rilevato 1, target 3)."),
    ([missed_one("Corsi")], "Per «Corsi» il valore rilevato è 1, il target 3."),
    (met(1) + [missed_one("A", "n"), missed_one("B", "n")], "I 2 sotto il target sono «A» (rilevato 1, target 3) e «B» (rilevato 1, target 3): i motivi sono spiegati nelle note."),
    (met(1) + [missed_one("A", "n"), missed_one("B")], "I 2 sotto il target sono «A» (rilevato 1, target 3) e «B» (rilevato 1, target 3): per uno di essi il motivo è spiegato in una nota."),
    ([missed_one(str(k)) for k in range(8)], "Gli 8 sotto il target sono elencati nelle tabelle."),
]


@pytest.mark.parametrize(("scored", "expected"), MISSED)
def test_missed(scored, expected):
    assert summary.missed(scored, "nelle tabelle") == expected


NOT_SCORED = [
    (met(3), None),
    ([ind("Passo", None, None)], "È mostrata ma non valutata 1 riga senza target proprio."),
    ([ind("Passo", None, None), ind("Passo 2", None, None)], "Sono mostrate ma non valutate 2 righe senza target proprio."),
    ([ind("Senza valore", "95%", None)], "Per 1 indicatore il valore rilevato non è indicato."),
    ([ind("A", "95%", None), ind("B", "95%", None), ind("Passo", None, None)],
     "Per 2 indicatori il valore rilevato non è indicato ed è mostrata ma non valutata 1 riga senza target proprio."),
]


@pytest.mark.parametrize(("items", "expected"), NOT_SCORED)
def test_not_scored(items, expected):
    assert summary.not_scored(items) == expected


def trend(prev: str, cur: str):
    a, b = ind("X", "95%", prev), ind("X", "95%", cur)
    return Trend("X", (Point(2024, a), Point(2025, b)))


TRENDS = [
    ([], True, None),
    ([trend("90%", "98%")], True, "Rispetto al 2024, 1 indicatore è confrontabile: il grado di raggiungimento è salito per l'unico confrontato."),
    ([trend("90%", "98%"), trend("80%", "90%")], True, "Rispetto al 2024, 2 indicatori sono confrontabili: il grado di raggiungimento è salito per entrambi."),
    ([trend("90%", "98%"), trend("80%", "90%"), trend("70%", "90%")], True, "Rispetto al 2024, 3 indicatori sono confrontabili: il grado di raggiungimento è salito per tutti i 3."),
    ([trend("90%", "98%"), trend("98%", "90%"), trend("98%", "99%")], True,
     "Rispetto al 2024, 3 indicatori sono confrontabili: il grado di raggiungimento è salito per 1, sceso per 1 e invariato per 1."),
    ([trend("90%", "98%")], False, "Rispetto al 2024, 1 indicatore è confrontabile: la tabella di confronto ne riporta target e valori."),
]


@pytest.mark.parametrize(("trends", "reported", "expected"), TRENDS)
def test_trend(trends, reported, expected):
    assert summary._trend(trends, reported) == expected


def offices(**by: list) -> dict:
    return {name.replace("_", " "): [(None, x) for x in items] for name, items in by.items()}


OFFICES = [
    (offices(Ragioneria=met(2)), True,
     ["Nel 2025 c'è un solo ufficio responsabile, con 2 indicatori assegnati.", "Sono stati raggiunti entrambi gli indicatori assegnati e valutati."]),
    (offices(Ragioneria=met(3), Legale=met(1)), True,
     ["Nel 2025 ci sono 2 uffici responsabili, con 4 indicatori assegnati.", "Il maggior numero di indicatori (3) è assegnato a «Ragioneria».",
      "Sono stati raggiunti tutti i 4 indicatori assegnati e valutati."]),
    (offices(Ragioneria=met(2), Legale=met(1) + [missed_one()]), True,
     ["Nel 2025 ci sono 2 uffici responsabili, con 4 indicatori assegnati.",
      "Sono stati raggiunti 3 dei 4 indicatori assegnati e valutati: l'unico sotto il target è assegnato a «Legale»."]),
    (offices(Legale=[missed_one(), missed_one("B")], Protocollo=[missed_one("C")]), True,
     ["Nel 2025 ci sono 2 uffici responsabili, con 3 indicatori assegnati.", "Il maggior numero di indicatori (2) è assegnato a «Legale».",
      "Non è stato raggiunto nessuno dei 3 indicatori assegnati e valutati: i 3 sotto il target sono assegnati a «Legale» e «Protocollo»."]),
    (offices(Legale=[ind("A", "95%", None)]), False,
     ["Per il 2025 è previsto un solo ufficio responsabile, con 1 indicatore assegnato.", "I valori rilevati saranno pubblicati con la Relazione sulla Performance 2025."]),
]


@pytest.mark.parametrize(("by_office", "reported", "expected"), OFFICES)
def test_offices(by_office, reported, expected):
    assert summary.offices(2025, reported, by_office) == expected


def test_missed_on_a_page_of_several_scorecards_names_the_scorecard():
    s = missed_one("Corsi", note="Motivo")
    assert summary.missed(met(3) + [s], "nelle schede", {id(s): "Arezzo Sviluppo"}) == (
        "L'unico sotto il target è «Corsi» (scheda «Arezzo Sviluppo», rilevato 1, target 3): il motivo è spiegato nella nota della scheda.")


def objectives(*scores, method: str = "media_indicatori", indicators=()):
    """A year's strategic objectives with these scores (None: not scored), numbered from 1, each over `indicators`."""
    objs = tuple(ObjectiveResult(SimpleNamespace(id=n), tuple(indicators), (), None if x is None else Decimal(x), method)
                 for n, x in enumerate(scores, 1))
    return SimpleNamespace(objectives=objs)


OBJECTIVES = [
    (objectives(*[100] * 8), "Tutti gli 8 obiettivi strategici sono raggiunti."),
    (objectives(100), "L'unico obiettivo strategico è raggiunto."),
    (objectives(60), "L'unico obiettivo strategico è parzialmente raggiunto."),
    (objectives(None, None), "Nessuno dei 2 obiettivi strategici è valutato."),
    (objectives(0, 0, 0), "Nessuno dei 3 obiettivi strategici è raggiunto."),
    (objectives(100, "50", "60", 100, None),
     "Dei 5 obiettivi strategici, 2 sono raggiunti, 2 sono parzialmente raggiunti (obiettivi 2: 50% e 3: 60%) e 1 non è valutato (obiettivo 5)."),
    (objectives(100, "98.95", method="utilizzo_risorse"),
     "Dei 2 obiettivi strategici, 1 è raggiunto e 1 è parzialmente raggiunto (obiettivo 2: 99%, calcolato sull'utilizzo delle risorse)."),
    # Every target met: "raggiunto" whatever the score, and the score below 100% is explained.
    (objectives("98.95", method="utilizzo_risorse", indicators=met(2)),
     "L'unico obiettivo strategico è raggiunto; l'obiettivo 1 ha tutti i target raggiunti e una valutazione del 99%, calcolata sull'utilizzo delle risorse."),
    (objectives("97", "98", method="utilizzo_risorse", indicators=met(2)),
     "Entrambi gli obiettivi strategici sono raggiunti; gli obiettivi 1 (97%) e 2 (98%) hanno tutti i target raggiunti e una valutazione sotto il 100%, "
     "calcolata con il metodo indicato nelle loro pagine."),
    # A target missed: never "raggiunto", even at 100% by resources.
    (objectives(100, method="utilizzo_risorse", indicators=[*met(2), missed_one()]),
     "L'unico obiettivo strategico è parzialmente raggiunto."),
]


@pytest.mark.parametrize(("res", "expected"), OBJECTIVES)
def test_objectives_sentence(res, expected):
    assert summary._objectives(res) == expected


# --- budget: surplus, deficit, missing actual ------------------------------------------------


def budget(planned: str | None, actual: str | None):
    cfg = BudgetConfig.model_validate({"titolo": "CE", "aggiornato": "2026-01-01", "documento": "Doc", "file": "ce.csv",
                                       "sezioni": {"A": {"nome": "Proventi correnti", "tipo": "proventi"}, "B": {"nome": "Oneri correnti", "tipo": "oneri"}}})

    def row(line, kind, code, label, section, nature, p, a):
        return BudgetRow("ce.csv", line, kind, code, label, section, nature, p, a, None, None, None)

    d = lambda x: None if x is None else Decimal(x)  # noqa: E731
    rows = (row(2, "voce", "1", "Diritto annuale", "A", "provento", Decimal(1000), d(actual)),
            row(3, "voce", "2", "Personale", "B", "onere", d(planned), Decimal(800) if actual is not None else None),
            row(4, "totale", "A-B", "Risultato", None, None, None, None))
    return compute_budget(Budget(cfg, rows))


BUDGET = [
    ("1200", "1500", "Il conto economico 2025 chiude con un avanzo di € 700, mentre il preventivo prevedeva un disavanzo di € 200."),
    ("900", "1500", "Il conto economico 2025 chiude con un avanzo di € 700 e il preventivo prevedeva un avanzo di € 100."),
    ("900", "500", "Il conto economico 2025 chiude con un disavanzo di € 300, mentre il preventivo prevedeva un avanzo di € 100."),
    ("900", "800", "Il conto economico 2025 chiude in pareggio, mentre il preventivo prevedeva un avanzo di € 100."),
    ("900", None, "Il consuntivo 2025 non è indicato: il preventivo prevede un avanzo di € 100."),
]


@pytest.mark.parametrize(("planned", "actual", "expected"), BUDGET)
def test_budget_result(planned, actual, expected):
    assert summary.budget(budget(planned, actual), 2025)[0].replace("\u00a0", " ") == expected


# --- bonuses: available, not available, none --------------------------------------------------


def test_bonus_sentences():
    dist = [BonusDistribution.model_validate({"anno_riferimento": 2024, "stato": "disponibile", "gruppi": [
        {"gruppo": "Dirigenti", "fasce": [{"valutazione": "100", "quota": 50}, {"valutazione": "90", "quota": 50}]}]}),
        BonusDistribution.model_validate({"anno_riferimento": 2025, "stato": "non_disponibile"})]
    assert summary.distribution(dist) == [
        "Sono pubblicati i dati del 2024: la quota del personale in ogni fascia di valutazione, per 1 gruppo di personale.",
        "Nel 2024 la fascia con la quota più alta è «100» e «90» per «Dirigenti» (50%).",
        "I dati del 2025 non sono disponibili.",
    ]
    amounts = [BonusAmount.model_validate({"anno_riferimento": 2024, "stanziati": 150000, "distribuiti": 148500}),
               BonusAmount.model_validate({"anno_riferimento": 2025, "stato": "non_disponibile"})]
    assert [x.replace("\u00a0", " ") for x in summary.amounts(amounts)] == [
        "Per il 2024 i premi stanziati sono € 150.000 e quelli distribuiti € 148.500, il 99,0% dello stanziamento.",
        "Per il 2025 gli importi non sono disponibili.",
    ]
    assert summary.amounts([BonusAmount.model_validate({"anno_riferimento": 2023, "stanziati": 1000})])[0] == (
        "Per il 2023 i premi stanziati sono €\u00a01.000 e quelli distribuiti non sono indicati.")
    assert summary.amounts([], [2024]) == [
        "Gli importi dei premi stanziati e distribuiti non sono ancora pubblicati: il documento di origine non li riporta.",
        "Sono invece pubblicati i dati del 2024 sulla distribuzione del personale per fascia di valutazione.",
    ]


# --- the sentences on the pages follow the data ------------------------------------------------


def sintesi(pages: dict[str, str], path: str) -> str:
    m = re.search(r'## In sintesi\n\n<p class="sintesi">(.*?)</p>', pages[path])
    assert m, f"{path}: no In sintesi"
    return html.unescape(m.group(1)).replace("\u00a0", " ")  # the space after € does not break


def render(data: Path) -> dict[str, str]:
    ds, results, issues = check(data)
    assert not issues.errors, [str(e) for e in issues.errors]
    return {p.path: p.text for p in render_site(ds, results, newest_update(ds)).pages}


@pytest.fixture(scope="module")
def sample_pages(sample_dir):
    return render(sample_dir)


def test_sample_sentences(sample_pages):
    """The figures of the sample, checked against the Relazione (seed) and the computed results."""
    assert sintesi(sample_pages, f"{REL}/index.md") == (
        "Nel 2025 sono stati raggiunti 102 dei 103 indicatori valutati nelle 6 schede. "
        "L'unico sotto il target è «Corsi di aggiornamento per giornalisti iscritti all'albo» "
        "(scheda «Azienda Speciale Arezzo Sviluppo», rilevato 1, target 3): il motivo è spiegato nella nota della scheda. "
        "Tutti gli 8 obiettivi strategici sono raggiunti; l'obiettivo 3 ha tutti i target raggiunti e una valutazione del 99%, calcolata sull'utilizzo delle risorse. "
        "Sono mostrate ma non valutate 2 righe senza target proprio.")
    assert sintesi(sample_pages, f"{REL}/obiettivi/obiettivo-3.md") == (
        "Nel 2025 sono stati raggiunti tutti i 3 indicatori valutati nel Cruscotto di Ente per questo obiettivo. "
        "L'obiettivo è raggiunto, con una valutazione del 99%, calcolata come media delle percentuali di utilizzo delle risorse (consumate / destinate). "
        "Le risorse consumate sono € 711.889,06 su € 722.738,43 destinate. "  # 506.681,59 + 205.207,47 of 517.530,96 + 205.207,47 (seed, section 5.2)
        "L'obiettivo è presente in 3 schede delle unità e dei dirigenti.")
    assert sintesi(sample_pages, "amministrazione-trasparente/bilanci/bilancio-preventivo-e-consuntivo/2025/index.md").startswith(
        "Il conto economico 2025 chiude con un avanzo di € 516.650, mentre il preventivo prevedeva un disavanzo di € 465.800.")
    assert sintesi(sample_pages, "amministrazione-trasparente/personale/dotazione-organica/2025/index.md").startswith(
        "Al 31/12/2025 il personale in ruolo è di 81 persone: 59 donne (73%) e 22 uomini (27%).")
    assert "La valutazione complessiva è 97%" in sintesi(sample_pages, f"{REL}/cruscotti/arezzo-sviluppo.md")


def test_sentences_are_escaped_like_other_text(sample_pages):
    assert "L&#39;unico sotto il target" in sample_pages[f"{REL}/index.md"]
    assert "avanzo di €\u00a0516.650" in sample_pages["amministrazione-trasparente/bilanci/bilancio-preventivo-e-consuntivo/2025/index.md"]


def test_the_partial_escapes_names_like_any_other_text():
    from generator.render import environment

    out = environment().get_template("_sintesi.md.j2").render(sintesi=summary._limit(["L'unico è «<b>x</b> *y* [z](javascript:1)\n\n## h»."]))
    assert out.strip() == "## In sintesi\n\n<p class=\"sintesi\">L&#39;unico è «&lt;b&gt;x&lt;/b&gt; *y* [z](javascript:1) ## h».</p>"
    assert environment().get_template("_sintesi.md.j2").render(sintesi=[]).strip() == ""


def test_the_comparison_with_the_previous_year(tmp_path):
    from tests.test_history import CSV_2024, CSV_2025
    from tests.test_errors import YEAR, make

    d = make(tmp_path, csv=CSV_2025)
    (d / "2024" / "indicatori").mkdir(parents=True)
    (d / "2024" / "performance.yaml").write_text(YEAR.replace("2025", "2024").replace("aggiornato: 2026-04-30", "aggiornato: 2025-04-30"), encoding="utf-8")
    (d / "2024" / "indicatori" / "ente.csv").write_text(CSV_2024, encoding="utf-8")
    pages = render(d)
    assert sintesi(pages, f"{REL}/cruscotti/ente.md").endswith(
        "Rispetto al 2024, 3 indicatori sono confrontabili: il grado di raggiungimento è salito per 2 e invariato per 1.")
    assert "Rispetto" not in sintesi(pages, "amministrazione-trasparente/performance/relazione-sulla-performance/2024/cruscotti/ente.md")


@pytest.fixture
def copy(sample_dir, tmp_path):
    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    return d


def test_an_actual_changes_the_sentences(copy, sample_pages):
    path = copy / "2025/indicatori/arezzo-sviluppo.csv"
    rows = list(csv_module.DictReader(path.read_text(encoding="utf-8").splitlines()))
    row = next(r for r in rows if r["indicatore"].startswith("Corsi di aggiornamento per giornalisti"))
    assert (row["target"], row["actual"]) == ("3", "1")
    row.update(actual="3", sal_pubblicato="100%", nota="")  # all three courses held
    out = io.StringIO()
    writer = csv_module.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    pages = render(copy)
    card, year = sintesi(pages, f"{REL}/cruscotti/arezzo-sviluppo.md"), sintesi(pages, f"{REL}/index.md")
    assert card.startswith("Nel 2025 sono stati raggiunti tutti i 10 indicatori valutati nella scheda.")
    assert "non raggiunto" not in card
    assert year.startswith("Nel 2025 sono stati raggiunti tutti i 103 indicatori valutati nelle 6 schede.")
    assert year != sintesi(sample_pages, f"{REL}/index.md")


def test_a_budget_total_changes_the_sentence(copy):
    csv = copy / "2025/bilancio/conto-economico.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for cells in csv_module.reader(lines[1:]):  # keep the lines' amounts, drop what the document prints (and the notes about it)
        cells[7:10] = ["", "", ""]
        if cells[0] == "totale":
            cells[5:7] = ["", ""]
        if cells[2] == "Diritto annuale":
            cells[6] = "7.237.987"  # one million less
        out.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    csv.write_text("\n".join(out) + "\n", encoding="utf-8")
    pages = render(copy)
    text = sintesi(pages, "amministrazione-trasparente/bilanci/bilancio-preventivo-e-consuntivo/2025/index.md")
    assert text.startswith("Il conto economico 2025 chiude con un disavanzo di € 483.350 e il preventivo prevedeva un disavanzo di € 465.800.")
    assert "«Proventi correnti» totalizza € 11.520.668 (€ 12.092.700 nel preventivo)" in text
    assert "nota" not in text


def test_a_head_count_changes_the_sentence(copy):
    """One more woman in Arezzo, in every table and in the printed totals."""
    folder = copy / "2025/personale"
    lines = (folder / "personale.csv").read_text(encoding="utf-8").splitlines()
    done: set[str] = set()
    bumped: set[tuple[str, str]] = set()
    for n, ln in enumerate(lines[1:], 1):
        table, item, seat, gender, count = ln.rsplit(",", 4) if ln.count(",") == 4 else (None,) * 5
        if table and table not in done and seat == "Arezzo" and gender in ("Donne", ""):  # "" in tables not split by gender
            lines[n] = f"{table},{item},{seat},{gender},{int(count) + 1}"
            done.add(table)
            bumped.add((table, item))
    (folder / "personale.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed = (folder / "totali-stampati.csv").read_text(encoding="utf-8").splitlines()
    for n, ln in enumerate(printed[1:], 1):
        table, item, gender, count, *rest = ln.split(",")
        if (table, item) in bumped and gender in ("Donne", ""):
            printed[n] = ",".join([table, item, gender, str(int(count) + 1), *rest])
    (folder / "totali-stampati.csv").write_text("\n".join(printed) + "\n", encoding="utf-8")
    text = sintesi(render(copy), "amministrazione-trasparente/personale/dotazione-organica/2025/index.md")
    assert text.startswith("Al 31/12/2025 il personale in ruolo è di 82 persone: 60 donne (73%) e 22 uomini (27%). "
                           "Le persone sono 42 nella sede «Arezzo» e 40 nella sede «Siena».")


def test_planned_year_speaks_of_the_future(tmp_path):
    from tests.test_years import PLANNED_CSV, PLANNED_YEAR
    from tests.test_errors import make

    d = make(tmp_path)
    (d / "2026" / "indicatori").mkdir(parents=True)
    (d / "2026" / "performance.yaml").write_text(PLANNED_YEAR, encoding="utf-8")
    (d / "2026" / "indicatori" / "ente.csv").write_text(PLANNED_CSV, encoding="utf-8")
    pages = render(d)
    root = "amministrazione-trasparente/performance/piano-della-performance/2026"
    year = sintesi(pages, f"{root}/index.md")
    assert "Per il 2026 è previsto 1 obiettivo strategico." in year or "Per il 2026 sono previsti" in year
    assert "Nell'unica scheda sono previsti 2 indicatori con target." in year
    card = sintesi(pages, f"{root}/cruscotti/ente.md")
    assert card.startswith("Per il 2026 sono previsti 2 indicatori nella scheda, per 1 obiettivo strategico. "
                           "I valori rilevati saranno pubblicati con la Relazione sulla Performance 2026.")
    assert "raggiunt" not in year + card


def test_missing_actual_is_said(tmp_path):
    from tests.test_errors import CSV, make

    d = make(tmp_path, csv=CSV.replace('"2,5","0,9"', '"2,5",'))
    ds, results, _ = check(d)
    pages = {p.path: p.text for p in render_site(ds, results, newest_update(ds)).pages}
    text = sintesi(pages, f"{REL}/cruscotti/ente.md")
    assert text.startswith("Nel 2025 sono stati raggiunti entrambi gli indicatori valutati nella scheda.")
    assert "Per 1 indicatore il valore rilevato non è indicato." in text


# --- every data page of the built site opens with "In sintesi" ---------------------------------------

DATA_PAGES = [
    REL, f"{REL}/uffici",
    *(f"{REL}/obiettivi/obiettivo-{n}" for n in range(1, 9)),
    *(f"{REL}/cruscotti/{c}" for c in ("ente", "area-1", "area-2", "arezzo-sviluppo")),
    *(f"{REL}/individuali/{c}" for c in ("segretario-generale", "dirigente-area-2")),
    "amministrazione-trasparente/bilanci/bilancio-preventivo-e-consuntivo/2025",
    "amministrazione-trasparente/personale/dotazione-organica/2025",
    "amministrazione-trasparente/performance/ammontare-complessivo-dei-premi",
    "amministrazione-trasparente/performance/dati-relativi-ai-premi",
    "amministrazione-trasparente/performance/dati-relativi-ai-premi/2024",
]


@pytest.mark.parametrize("page", DATA_PAGES)
def test_in_sintesi_before_any_table_or_figure(built_site, page):
    s = BeautifulSoup((built_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = s.select_one("article")
    heads = [h for h in article.select("h2") if h.get_text(strip=True).rstrip("¶") == "In sintesi"]
    assert len(heads) == 1, page
    order = [el for el in article.find_all(["h2", "table", "figure"])]
    assert order[0] is heads[0], f"{page}: {order[0].name} before In sintesi"
    sentences = re.split(r"(?<=\.)\s+(?=[A-ZÈ])", heads[0].find_next("p").get_text(" ", strip=True))
    assert 2 <= len(sentences) <= 4, (page, sentences)
