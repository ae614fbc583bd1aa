"""Charts: real Altair specs rendered by real vl-convert; alt text and tables from the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from generator import charts, fonts, svg
from generator.build import check


@pytest.fixture(scope="module")
def year(sample_dir):
    _, results, _ = check(sample_dir)
    return results[0]


def test_objectives_chart_alt_and_table(year):
    c = charts.objectives_chart(year)
    assert c.alt == (
        "Grafico a barre: grado di raggiungimento degli obiettivi strategici 2025. 8 obiettivi: 8 raggiunti; "
        "il valore più basso è 99% (obiettivo 3). I dati sono nella tabella che segue il grafico."
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


def test_theme_names_titillium_first():
    assert charts.theme()["font"].split(",")[0].strip("' ") == fonts.FAMILY
    assert charts.theme()["aria"] is False  # the page's <img alt> and table describe the chart


def test_svg_embeds_the_font_it_was_measured_with(year, tmp_path):
    out = svg.render_all({"x": charts.objectives_chart(year).spec}, tmp_path)["x"]
    assert out.count("@font-face{font-family:'Titillium Web'") == 2  # regular and bold
    families = set(re.findall(r'font-family="([^"]*)"', out))
    assert families == {charts.FONT}
    assert out.count("aria-label") == 1  # the title's only: no ARIA description per mark


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([7_750_000, 8_237_987], "format(datum.value / 1000000, ',.1~f') + ' mln'"),
        ([34_253_837_730], "format(datum.value / 1000000000, ',.1~f') + ' mld'"),
        ([12_000, 500], "format(datum.value / 10000, ',.0f') + ' mila'"),
        ([9_999, 5], None),
    ],
)
def test_amount_ticks_in_short_italian_form(values, expected):
    axis = charts._amount_axis(values, "Euro").to_dict()
    assert axis["tickCount"] == 5
    assert axis.get("labelExpr", "").endswith(expected) if expected else axis["format"] == ",.0f"


def test_amount_ticks_render_in_italian(year, tmp_path):
    df = pd.DataFrame([{"categoria": "a", "serie": "x", "valore": 8_237_987.0, "testo": "8.237.987"},
                       {"categoria": "b", "serie": "x", "valore": 2_500_000.0, "testo": "2.500.000"}])
    spec = charts._spec(charts._grouped_bars(df, ["a", "b"], ["x"], "Euro", amounts=True), "Prova")
    out = svg.render_all({"x": spec}, tmp_path)["x"]
    ticks = re.findall(r">([^<]*mln|0)</text>", out)
    assert ticks[:3] == ["0", "2 mln", "4 mln"] and "8.237.987" in out


def test_long_titles_wrap_to_the_picture_width(year):
    c = charts.objectives_chart(year)
    assert c.spec["title"] == {"text": c.title}  # short: one line
    long = charts._spec(charts._bars(pd.DataFrame(
        [{"etichetta": "x", "valore": 50.0, "testo": "50%", "stato": "Parzialmente raggiunto"}])), "parola " * 40)
    lines = long["title"]["text"]
    assert len(lines) > 1 and all(fonts.text_width(x, charts.TITLE_SIZE, 700) <= charts.WIDTH - 2 * charts.PADDING for x in lines)


def test_status_legend_lists_only_the_statuses_shown(year):
    assert charts.objectives_chart(year).spec["layer"][0]["encoding"]["color"]["legend"]["values"] == ["Raggiunto"]
    legend = charts.cards_chart(year).spec["layer"][0]["encoding"]["color"]["legend"]  # Arezzo Sviluppo: objective 3 partly reached
    assert legend["values"] == ["Raggiunto", "Parzialmente raggiunto"]
    assert legend["columns"] == 2


LONG_NAME = "Percentuale di pratiche del registro delle imprese evase entro cinque giorni dalla presentazione telematica"


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["Personale"], ["Personale"]),
        (["1. Semplificazione, e-government e qualità dei servizi"], ["1. Semplificazione,\ne-government e qualità\ndei servizi"]),
        ([LONG_NAME], ["Percentuale di pratiche\ndel registro delle\nimprese evase entro…"]),
        ([LONG_NAME, LONG_NAME + " (bis)"], ["Percentuale di pratiche\ndel registro delle\nimprese evase entro…",
                                            "Percentuale di pratiche\ndel registro delle\nimprese evase… (2)"]),
        (["Supercalifragilistichespiralidoso_e_oltre"], ["Supercalifragilistiches…"]),
    ],
)
def test_phone_labels_wrap_then_shorten_inside_the_label_width(labels, expected):
    out = charts._labels(labels, charts.PHONE)
    assert list(out.values()) == expected
    lines = [x for label in out.values() for x in label.split("\n")]
    assert all(fonts.text_width(x, charts.LABEL_SIZE) <= charts.PHONE.label_limit for x in lines)
    assert charts._labels(labels, charts.DESKTOP) == {x: x for x in labels}  # desktop: vl-convert's labelLimit


def test_every_chart_has_a_phone_variant_no_wider_than_a_phone(year, tmp_path):
    c = charts.cards_chart(year)
    site: dict = {}
    charts.register(site, "a/grafici/x.svg", c)
    assert list(site) == ["a/grafici/x.svg", "a/grafici/x-phone.svg"] and site["a/grafici/x-phone.svg"].spec == c.phone
    out = svg.render_all({"p": c.phone}, tmp_path)["p"]
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', out)[1])
    assert width <= charts.PHONE.width
