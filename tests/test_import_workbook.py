"""A 150-indicator workbook with typed cells and real-world codes imports beside the sample, builds, and
publishes every target exactly as the spreadsheet shows it."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from generator.build import build
from generator.importer import import_file
from tests import albero150
from tests.test_import import UPDATED

ROOT = Path(__file__).resolve().parent.parent


def published_targets(site: Path, year: int) -> dict[str, list[str]]:
    """Indicator name → the target texts of its rows on the year's objective and scorecard pages."""
    base = site / "amministrazione-trasparente" / "performance" / "piano-della-performance" / str(year)
    out: dict[str, list[str]] = {}
    for page in sorted(base.rglob("index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tr in soup.select("table.indicatori tbody tr"):
            name = tr.find("th").contents[0].strip()
            cell = tr.find("td", attrs={"data-etichetta": "Target"})
            out.setdefault(name, []).append(str(cell.contents[0]).strip())
    return out


def test_150_indicators_import_build_and_publish_every_target_as_shown(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    f = tmp_path / "albero.xlsx"
    expected = albero150.write(f)
    assert len(expected) == 150 + len(albero150.INDIVIDUAL_CODES)

    out = import_file(f, 2026, d, updated=UPDATED)
    assert out.code == 0, out.lines
    assert f"Letto albero.xlsx: 10 settori, 50 obiettivi, 150 indicatori, 21 obiettivi individuali (21 indicatori in 8 schede); " \
           "0 problemi, 7 avvisi." in out.lines
    # 0,9 with the 0.0 format in a column of percentages could mean 90%: imported as shown, and said
    assert any('riga 11, colonna "Target": avviso: "0,9": numero senza il simbolo %' in line for line in out.lines)
    unlinked = [line for line in out.lines if "nessun obiettivo strategico corrisponde" in line]
    assert [line.split(": avviso: ")[1].split(":")[0] for line in unlinked] == [
        '"EQ_BP_103 - Obiettivo individuale 6"', '"EQ BP 99 01 - Obiettivo individuale 7"', '"EQ_AL_077 - Obiettivo individuale 16"']

    site = tmp_path / "site"
    build(d, site, cache_dir=None)
    shown = published_targets(site, 2026)
    missing = [(name, target, shown.get(name)) for name, target in expected if target not in shown.get(name, [])]
    assert missing == []
    # the sample's own year is still published
    assert (site / "amministrazione-trasparente" / "performance" / "relazione-sulla-performance" / "2025" / "index.html").is_file()
