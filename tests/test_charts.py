"""Charts: real Altair specs rendered by real vl-convert; alt text and tables from the data."""

from __future__ import annotations

import pytest

from generator import charts, svg
from generator.build import check


@pytest.fixture(scope="module")
def year(sample_dir):
    _, results, _ = check(sample_dir)
    return results[0]


def test_objectives_chart_alt_and_table(year):
    c = charts.objectives_chart(year)
    assert c.alt == (
        "Grafico a barre: grado di raggiungimento degli obiettivi strategici 2025. 8 obiettivi: 7 raggiunti, "
        "1 parzialmente raggiunto; il valore più basso è 99% (obiettivo 3). I dati sono nella tabella che segue il grafico."
    )
    assert [r[1] for r in c.rows] == ["100%", "100%", "99%", "100%", "100%", "100%", "100%", "100%"]
    assert c.rows[2][3] == "media delle percentuali di utilizzo delle risorse (consumate / destinate)"


def test_cards_chart_names_the_miss(year):
    c = charts.cards_chart(year)
    assert "sotto il 100%: Azienda Speciale Arezzo Sviluppo, obiettivo 3: 87%" in c.alt
    assert ("Azienda Speciale Arezzo Sviluppo", "3. Transizione digitale, ecologica e internazionalizzazione", "87%", "Parzialmente raggiunto") in c.rows


def test_card_chart_lists_every_scored_indicator(year):
    card = year.card("area-2")
    c = charts.card_chart(card, 2025)
    assert len(c.rows) == 22  # 24 rows, 2 of them steps without a target
    assert "22 raggiunti" in c.alt


def test_svg_is_rendered_offline_with_italian_labels(year, tmp_path):
    c = charts.cards_chart(year)
    out = svg.render_all({"x": c.spec}, tmp_path)
    assert out["x"].lstrip().startswith("<svg")
    assert "87%" in out["x"]
    assert "http://" not in out["x"].replace("http://www.w3.org/", "")


def test_svg_cache_is_keyed_by_spec(year, tmp_path, monkeypatch):
    spec = charts.objectives_chart(year).spec
    first = svg.render_all({"a": spec}, tmp_path)
    assert len(list(tmp_path.glob("*.svg"))) == 1

    def no_render(_spec):
        raise AssertionError("cache miss")

    monkeypatch.setattr(svg, "_render", no_render)
    assert svg.render_all({"a": spec}, tmp_path) == first
    changed = {**spec, "title": "altro"}
    assert svg.cache_key(changed) != svg.cache_key(spec)
    with pytest.raises(AssertionError, match="cache miss"):
        svg.render_all({"a": changed}, tmp_path)
