"""The chart cache: real builds of the sample (real Altair, real vl-convert), keyed by what each chart draws.

A warm build builds no spec and draws no SVG, and does not even import Altair, pandas or
vl-convert; its site is byte for byte the site of a cold build; a changed actual redraws
exactly the charts whose picture changes; a changed chart palette redraws every chart.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import charts, svg
from generator.build import CONTENT, build, generate

from .conftest import ROOT, SAMPLE

ENTE = "2025/indicatori/ente.csv"
OLD_ACTUAL, NEW_ACTUAL = '"98,9%"', '"80,0%"'  # target 95%: the score falls from 100% to 84%


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def svgs(docs: Path) -> dict[str, bytes]:
    return {k: v for k, v in files(docs).items() if k.endswith(".svg") and "/grafici/" in f"/{k}"}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "dati"))


@pytest.fixture(scope="module")
def cold_and_warm(tmp_path_factory):
    """The sample built twice with one cache, and once more with a cache of its own."""
    tmp = tmp_path_factory.mktemp("cache")
    cache = tmp / "charts"
    cold = build(SAMPLE, tmp / "cold", cache_dir=cache)
    warm_site = tmp / "warm"
    warm = build(SAMPLE, warm_site, cache_dir=cache)
    return cold, warm, tmp / "cold", warm_site, cache


def test_a_warm_build_builds_and_draws_no_chart(cold_and_warm):
    cold, warm, *_ = cold_and_warm
    assert cold.charts == warm.charts > 20
    assert cold.charts_rendered > 20 and cold.charts_built >= cold.charts_rendered
    assert (warm.charts_rendered, warm.charts_built) == (0, 0)


def test_a_warm_build_is_byte_identical_to_a_cold_one(cold_and_warm):
    _, _, cold_site, warm_site, _ = cold_and_warm
    a, b = files(cold_site), files(warm_site)
    assert sorted(a) == sorted(b) and len([k for k in a if k.endswith(".svg")]) > 20
    assert [k for k in a if a[k] != b[k]] == []


def test_a_warm_build_imports_neither_altair_nor_pandas_nor_vl_convert(cold_and_warm, tmp_path):
    cache = cold_and_warm[4]
    code = ("import sys; from pathlib import Path; from generator.build import build; "
            f"r = build(Path({str(SAMPLE)!r}), Path({str(tmp_path / 'sito')!r}), cache_dir=Path({str(cache)!r})); "
            "print(r.charts_rendered, r.charts_built, *(m in sys.modules for m in ('altair', 'pandas', 'vl_convert')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.split()
    assert out == ["0", "0", "False", "False", "False"]


def _generate(data: Path, docs: Path, cache: Path):
    shutil.rmtree(docs, ignore_errors=True)
    return generate(data, docs, CONTENT, cache)[3]


def test_a_changed_actual_redraws_exactly_the_charts_that_show_it(data, tmp_path):
    cache, docs = tmp_path / "charts", tmp_path / "docs"
    _generate(data, docs, cache)
    before = svgs(docs)
    csv = data / ENTE
    csv.write_text(csv.read_text(encoding="utf-8").replace(OLD_ACTUAL, NEW_ACTUAL, 1), encoding="utf-8")
    work = _generate(data, docs, cache)
    after = svgs(docs)
    changed = {k for k in after if after[k] != before.get(k)}
    assert set(work.drawn) == changed
    year = "amministrazione-trasparente/performance/relazione-sulla-performance/2025/grafici/"
    assert {year + "raggiungimento-ente.svg", year + "raggiungimento-ente-phone.svg"} <= changed
    assert not any("conto-economico" in k or "personale" in k or "raggiungimento-area" in k for k in changed)
    assert work.built == work.rendered <= len(changed)  # the other charts were not even built
    assert b"84%" in after[year + "raggiungimento-ente.svg"]


def test_a_changed_palette_redraws_every_chart_and_the_body_colour_none(data, tmp_path, monkeypatch):
    cache, docs = tmp_path / "charts", tmp_path / "docs"
    first = _generate(data, docs, cache)
    before = svgs(docs)
    # The body's colour is the site's (its stylesheet), not the charts': nothing to redraw.
    ente = data / "ente.yaml"
    ente.write_text(ente.read_text(encoding="utf-8") + 'colore_primario: "#00527a"\n', encoding="utf-8")
    assert _generate(data, docs, cache).drawn == ()
    assert "#00527a" in (docs / "assets/stylesheets/ente.css").read_text(encoding="utf-8")
    # The chart palette is: every chart is drawn again, with it.
    monkeypatch.setitem(charts.STATUS_COLOURS, "raggiunto", "#1b7a3b")
    monkeypatch.setattr(charts, "SERIES_COLOURS", ["#0b4f8b", *charts.SERIES_COLOURS[1:]])
    again = _generate(data, docs, cache)
    assert len(again.drawn) == len(first.drawn) and set(again.drawn) == set(first.drawn)
    after = svgs(docs)
    assert all(after[k] != before[k] for k in again.drawn)
    assert b"#1b7a3b" in after["amministrazione-trasparente/performance/relazione-sulla-performance/2025/grafici/obiettivi-strategici.svg"]


def test_prune_removes_the_entries_no_build_used_for_a_month(tmp_path):
    now = time.time()
    old, recent, tmp = tmp_path / "a.svg", tmp_path / "b.json", tmp_path / ".c.svg.1.tmp"
    for p, age_days in ((old, 31), (recent, 29), (tmp, 2)):
        p.write_text("x", encoding="utf-8")
        os.utime(p, (now - age_days * 86400, now - age_days * 86400))
    assert svg.prune(tmp_path, now=now) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]
    svg.mark_used(recent, now)  # a build that uses an entry keeps it for another month
    assert recent.stat().st_mtime == pytest.approx(now)


def test_prune_skips_entries_the_drawing_thread_renames_meanwhile(tmp_path, monkeypatch):
    """The thread drawing charts renames its temporary files into place while prune scans the folder."""
    now = time.time()
    for name in (".a.svg.1.tmp", "b.svg", "c.svg"):
        (tmp_path / name).write_text("x", encoding="utf-8")
        os.utime(tmp_path / name, (now - 40 * 86400, now - 40 * 86400))
    listed = list(os.scandir(tmp_path))
    (tmp_path / ".a.svg.1.tmp").replace(tmp_path / "a.svg")
    (tmp_path / "b.svg").unlink()
    monkeypatch.setattr(svg.os, "scandir", lambda _: iter(listed))
    assert svg.prune(tmp_path, now=now) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg"]


def test_charts_drawn_beside_mkdocs_are_the_charts_drawn_before_it(cold_and_warm, tmp_path):
    """A build draws the charts in a thread while MkDocs runs: each lands in the site whole, as
    generate() draws it before returning (serve, plain MkDocs)."""
    _, _, cold_site, _, _ = cold_and_warm
    docs = tmp_path / "docs"
    work = generate(SAMPLE, docs, CONTENT, tmp_path / "serial" / "charts")[3]
    assert work.rendered > 20
    before = svgs(docs)
    beside = {k: v for k, v in files(cold_site).items() if k in before}
    assert beside == before and all(v.startswith(b"<svg") for v in before.values())


def test_a_chart_that_fails_to_draw_fails_the_build_and_keeps_the_site(data, tmp_path, monkeypatch):
    site = tmp_path / "sito"
    build(data, site, cache_dir=tmp_path / "c1" / "charts")
    kept = files(site)

    def broken(spec):
        raise RuntimeError("vl-convert: grafico non disegnato")

    monkeypatch.setattr(svg, "render", broken)
    with pytest.raises(RuntimeError, match="non disegnato"):
        build(data, site, cache_dir=tmp_path / "c2" / "charts")  # an empty cache: every chart is drawn
    assert files(site) == kept
