"""Roll-ups reproduce the report's published figures (frozen sample)."""

from __future__ import annotations

import shutil
from decimal import Decimal as D

import pytest

from generator.build import check
from generator.compute import DEFAULT_THRESHOLDS, Thresholds, mean, published_mismatches, status
from generator.fmt import round_half_up


@pytest.fixture(scope="module")
def year(sample_dir):
    ds, results, issues = check(sample_dir)
    assert not issues.errors, [str(i) for i in issues.errors]
    return results[0]


def pct(x):
    return None if x is None else int(round_half_up(x))


def test_every_published_figure_is_reproduced(year):
    assert published_mismatches(year) == []


def test_arezzo_sviluppo_objective_3_is_87(year):
    co = next(co for co in year.card("arezzo-sviluppo").objectives if co.objective.id == 3)
    assert [pct(s.score) for s in co.indicators] == [100, 100, 100, 33, 100]
    assert pct(co.score) == 87


def test_journalists_courses_33(year):
    (s,) = [s for s in year.card("arezzo-sviluppo").indicators if s.indicator.name.startswith("Corsi di aggiornamento per giornalisti")]
    assert pct(s.score) == 33
    assert s.status == "parziale"
    assert s.indicator.note and s.indicator.note.startswith("L'obiettivo aveva come oggetto")


def test_every_other_indicator_scores_100(year):
    others = [s for c in year.cards for s in c.indicators if s.score is not None and not s.indicator.name.startswith("Corsi di aggiornamento per giornalisti")]
    assert len(others) > 90
    assert {pct(s.score) for s in others} == {100}


def test_objective_3_uses_resource_utilisation(year):
    o = year.objective(3)
    assert o.method == "utilizzo_risorse"
    assert [round(r.rate, 2) for r in o.resources] == [D("97.90"), D("100.00")]
    assert pct(o.score) == 99
    assert all(pct(s.score) == 100 for s in o.indicators)  # its indicators are all met


def test_strategic_objectives_perspectives_areas(year):
    assert [pct(o.score) for o in year.objectives] == [100, 100, 99, 100, 100, 100, 100, 100]
    assert [pct(g.score) for g in year.perspectives] == [100, 100, 100, 100]
    assert [pct(g.score) for g in year.areas] == [100, 100]


def test_counts_match_the_seed(year):
    counts = {c.card.id: len(c.indicators) for c in year.cards}
    assert counts == {"ente": 25, "area-1": 19, "area-2": 24, "arezzo-sviluppo": 10, "segretario-generale": 13, "dirigente-area-2": 14}


def test_step_rows_are_shown_not_scored(year):
    steps = [s for s in year.card("area-2").indicators if s.indicator.target is None]
    assert [s.indicator.name for s in steps] == [
        "Lettera di invito a conformarsi",
        "Predisposizione elenco per la trasmissione posizioni che non si sono conformate al Tribunale competente",
    ]
    assert all(s.score is None and s.status == "non-valutato" for s in steps)


MEANS = [
    ([], None),
    ([(D(100), D(1)), (D(0), D(1))], D(50)),
    ([(D(100), D(3)), (D(0), D(1))], D(75)),
    ([(D(100), D(1)), (D(100), D(1)), (D(100), D(1)), (D(100) / 3, D(1)), (D(100), D(1))], (D(400) + D(100) / 3) / 5),
]


@pytest.mark.parametrize(("pairs", "expected"), MEANS)
def test_weighted_mean(pairs, expected):
    assert mean(pairs) == expected


STATUS = [(None, "non-valutato"), (D(100), "raggiunto"), (D("99.6"), "raggiunto"), (D("99.4"), "parziale"), (D("0.4"), "non-raggiunto"), (D(0), "non-raggiunto"), (D(87), "parziale")]


@pytest.mark.parametrize(("score", "key"), STATUS)
def test_status(score, key):
    assert status(score) == key


def test_a_narrowly_missed_target_is_never_shown_as_met(tmp_path):
    """95% target, 94,6% actual: 99,58% achievement is published 99%, "parzialmente raggiunto"."""
    from generator.compute import score_indicator
    from generator.targets import Direction, parse_actual, parse_target

    class Row:  # only what score_indicator reads
        target, actual, direction = parse_target("95%"), parse_actual("94,6%"), Direction.HIGHER

    s = score_indicator(Row())
    assert s.result.met is False and pct(s.score) == 100
    assert s.shown == D(99) and s.status == "parziale"
    met = score_indicator(type("R", (), {"target": parse_target("95%"), "actual": parse_actual("95%"), "direction": Direction.HIGHER})())
    assert met.status == "raggiunto" and met.shown == D(100)


# --- statuses: whether the targets were met, placed by the year's thresholds ---------------------

def _scored(target: str, actual: str):
    from generator.compute import score_indicator
    from generator.targets import Direction, parse_actual, parse_target

    return score_indicator(type("R", (), {"target": parse_target(target), "actual": parse_actual(actual), "direction": Direction.HIGHER})())


MET, MISSED = _scored("10", "10"), _scored("10", "9")  # 100% met; 90% missed
SMVP_95 = Thresholds(D(95), D(60))

STATUS_WITH_TARGETS = [
    # score, indicators, thresholds, status
    (D(99), [MET, MET], DEFAULT_THRESHOLDS, "raggiunto"),  # every target met: "raggiunto" whatever the method's score
    (D(50), [MET], SMVP_95, "raggiunto"),
    (D(100), [MET, MISSED], DEFAULT_THRESHOLDS, "parziale"),  # a missed target: never "raggiunto", even at 100%
    (D(97), [MET, MISSED], SMVP_95, "parziale"),  # …whatever the thresholds
    (D(59), [MET, MISSED], SMVP_95, "non-raggiunto"),
    (D(60), [MET, MISSED], SMVP_95, "parziale"),
    (D(96), [], SMVP_95, "raggiunto"),  # no targets (scored on resources alone): the thresholds decide
    (D(94), [], SMVP_95, "parziale"),
    (None, [], SMVP_95, "non-valutato"),
    (None, [MET], SMVP_95, "raggiunto"),
]


@pytest.mark.parametrize(("score", "indicators", "th", "key"), STATUS_WITH_TARGETS)
def test_status_follows_targets_then_thresholds(score, indicators, th, key):
    assert status(score, indicators, th) == key


def test_objective_3_is_reached_although_scored_99(year):
    o = year.objective(3)
    assert pct(o.score) == 99 and o.status == "raggiunto"
    assert pct(o.indicator_mean) == 100  # the second figure, shown and linked on its pages
    assert year.objective(1).indicator_mean is None  # one method, one figure
    assert all(g.status == "raggiunto" for g in (*year.perspectives, *year.areas))
    assert year.card("arezzo-sviluppo").status == "parziale"  # the journalists' courses were missed


def _with_thresholds(sample_dir, tmp_path, body: str = "", year: str = ""):
    data = tmp_path / "dati"
    shutil.copytree(sample_dir, data)
    if body:
        p = data / "ente.yaml"
        p.write_text(p.read_text(encoding="utf-8") + body, encoding="utf-8")
    if year:
        p = data / "2025" / "performance.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("direzione_predefinita:", year + "direzione_predefinita:", 1), encoding="utf-8")
    return check(data)


def test_thresholds_are_data_of_each_year(sample_dir, tmp_path):
    # The body's SMVPs by first year in force: a later SMVP (2026) does not relabel 2025.
    body = "soglie:\n  - {dal_anno: 2020, raggiunto: 100, parzialmente_raggiunto: 90, fonte: SMVP 2020}\n  - {dal_anno: 2026, raggiunto: 100, parzialmente_raggiunto: 10}\n"
    _, results, issues = _with_thresholds(sample_dir, tmp_path, body=body)
    assert not issues.errors
    res = results[0]
    assert res.th == Thresholds(D(100), D(90), "SMVP 2020")
    assert res.card("arezzo-sviluppo").status == "parziale"  # 97%
    courses = next(s for s in res.card("arezzo-sviluppo").indicators if s.indicator.name.startswith("Corsi di aggiornamento"))
    assert courses.status == "non-raggiunto"  # 33% is under this SMVP's 90%
    # The year's own thresholds win over the body's.
    _, results, issues = _with_thresholds(sample_dir, tmp_path / "y", body=body, year="soglie: {raggiunto: 100, parzialmente_raggiunto: 30}\n")
    assert not issues.errors and results[0].th.partial == D(30)
    courses = next(s for s in results[0].card("arezzo-sviluppo").indicators if s.indicator.name.startswith("Corsi di aggiornamento"))
    assert courses.status == "parziale"


@pytest.mark.parametrize(("body", "year", "message"), [
    ("soglie:\n  - {dal_anno: 2020, raggiunto: 90, parzialmente_raggiunto: 95}\n", "",
     "soglie[0].parzialmente_raggiunto: 95: la soglia di «parzialmente raggiunto» supera quella di «raggiunto» (90)"),
    ("soglie:\n  - {dal_anno: 2020}\n  - {dal_anno: 2020}\n", "", 'soglie[1].dal_anno: "2020": anno ripetuto'),
    ("", "soglie: {raggiunto: 0}\n", "soglie.raggiunto"),
    ("", "soglie: {raggiunto: 100, parzialmente_raggiunto: 120}\n", "soglie.parzialmente_raggiunto"),
    ("soglie:\n  - {raggiunto: 100}\n", "", "soglie[0].dal_anno"),
])
def test_bad_thresholds_are_located(sample_dir, tmp_path, body, year, message):
    _, _, issues = _with_thresholds(sample_dir, tmp_path, body=body, year=year)
    assert any(message in str(i) for i in issues.errors), [str(i) for i in issues.errors]


@pytest.mark.parametrize("score, key, shown", [
    (D("99.78"), "parziale", "99%"),  # an objective below its target never reads 100% beside "Parzialmente raggiunto"
    (D("99.5"), "non-raggiunto", "99%"),
    (D("99.4"), "parziale", "99%"),
    (D("99.78"), "raggiunto", "100%"),  # every target met (a score from resources): as computed
    (D("100"), "parziale", "99%"),
    (None, "non-valutato", "—"),
])
def test_a_score_beside_its_status(score, key, shown):
    from generator.fmt import status_score

    assert status_score(score, key) == shown
