"""Charts: real Altair specs rendered by real vl-convert; alt text and tables from the data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from generator import charts, fonts, svg
from generator.build import check, newest_update
from generator.render import render_site

from .conftest import SAMPLE


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
    ente = charts.card_chart(year.card("ente"), 2025)  # five rows share a name: the table numbers them as the chart does
    names = [r[0] for r in ente.rows]
    assert len(set(names)) == len(names) and "Grado di soddisfazione medio risultante da questionario (5)" in names


def test_svg_is_rendered_offline_with_italian_labels(year, tmp_path):
    c = charts.cards_chart(year)
    out = svg.render_all({"x": c}, tmp_path).svgs
    assert out["x"].lstrip().startswith("<svg")
    assert "87%" in out["x"]
    assert "http://" not in out["x"].replace("http://www.w3.org/", "")


def test_the_converter_is_offline_and_refuses_a_missing_font():
    vlc = svg._vlc()
    config = vlc.get_config()
    assert config["allowed_base_urls"] == [] and config["base_url"] is False
    assert config["auto_google_fonts"] is False and config["allow_google_fonts"] is False and config["google_fonts"] == []
    assert vlc.current_font_directories() == [str(fonts.FILES_DIR)]
    # Measured with a fallback font, the text would overflow once drawn with Titillium: refused instead.
    spec = {"mark": "text", "data": {"values": [{"t": "x"}]}, "encoding": {"text": {"field": "t"}}, "config": {"font": "Nessun Font, sans-serif"}}
    with pytest.raises(ValueError, match="Nessun Font"):
        svg.render(spec)


def test_svg_cache_is_keyed_by_what_the_chart_draws(year, tmp_path, monkeypatch):
    first = svg.render_all({"a": charts.objectives_chart(year)}, tmp_path)
    assert first.rendered == 1 and len(list(tmp_path.glob("*.svg"))) == 1

    def no_render(_spec):
        raise AssertionError("cache miss")

    monkeypatch.setattr(svg, "render", no_render)
    again, built = charts.objectives_chart(year), charts.specs_built()
    assert svg.render_all({"a": again}, tmp_path).svgs == first.svgs
    assert charts.specs_built() == built and repr(again.spec) == "Spec(not built)"  # a hit builds no spec
    retitled = charts._lazy("x", "altro", "", (), (), charts._draw_bars, records=[{"etichetta": "a", "valore": 1.0, "testo": "1%", "stato": "Raggiunto"}])
    with pytest.raises(AssertionError, match="cache miss"):
        svg.render_all({"a": retitled}, tmp_path)
    # A chart without a key is keyed by its spec.
    plain = charts.Chart("p", "t", "a", dict(again.spec), (), ())
    assert svg.file_key(plain) == svg.cache_key(again.spec) != svg.file_key(again)
    assert svg.cache_key({**again.spec, "title": "altro"}) != svg.cache_key(again.spec)


def test_chart_keys_follow_what_is_drawn_and_the_style(year, monkeypatch):
    c = charts.objectives_chart(year)
    assert charts.objectives_chart(year).key == c.key  # deterministic
    assert len({c.key, charts.cards_chart(year).key, *(charts.card_chart(x, 2025).key for x in year.cards)}) == 2 + len(year.cards)
    monkeypatch.setitem(charts.STATUS_COLOURS, "raggiunto", "#006400")
    assert charts.objectives_chart(year).key != c.key


def test_theme_names_titillium_first():
    assert charts.theme()["font"].split(",")[0].strip("' ") == fonts.FAMILY
    assert charts.theme()["aria"] is False  # the page's <img alt> and table describe the chart


def test_svg_embeds_the_font_it_was_measured_with(year, tmp_path):
    out = svg.render_all({"x": charts.objectives_chart(year)}, tmp_path).svgs["x"]
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
    axis = charts._amount_axis(values, "Euro")
    assert axis["tickCount"] == 5
    assert axis.get("labelExpr", "").endswith(expected) if expected else axis["format"] == ",.0f"


def test_amount_ticks_render_in_italian():
    df = pd.DataFrame([{"categoria": "a", "serie": "x", "valore": 8_237_987.0, "testo": "8.237.987"},
                       {"categoria": "b", "serie": "x", "valore": 2_500_000.0, "testo": "2.500.000"}])
    spec = charts._spec(charts._grouped_bars(df, ["a", "b"], ["x"], "Euro", amounts=True), "Prova")
    out = svg.render(spec)
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
    out = svg.render_all({"p": site["a/grafici/x-phone.svg"]}, tmp_path).svgs["p"]
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', out)[1])
    assert width <= charts.PHONE.width


def _two_years(tmp: Path) -> Path:
    """The sample and a copy of its 2025 as 2024 (so that the scorecards have trend charts)."""
    d = Path(shutil.copytree(SAMPLE, tmp / "dati"))
    shutil.copytree(SAMPLE / "2025", d / "2024")
    for p in (d / "2024").rglob("*"):
        if p.suffix in (".yaml", ".csv"):
            text = p.read_text(encoding="utf-8")
            p.write_text(re.sub(r"\b202[45]\b", lambda m: "2024" if m[0] == "2025" else "2023", text), encoding="utf-8")
    return d


def test_every_spec_of_the_site_is_valid_vega_lite(tmp_path):
    """The charts build their specs without Altair's validation (to_dict(validate=False)): this is where they are validated."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    ds, results, issues = check(_two_years(tmp_path))
    assert not issues.errors
    site = render_site(ds, results, newest_update(ds))
    schema = load_schema()
    assert len(site.charts) > 40 and any("/confronto-" in p for p in site.charts)
    for path, c in site.charts.items():
        assert validate_jsonschema(dict(c.spec), schema, rootschema=schema, raise_error=False) is None, path
