"""The same reference year's bonus data in two years' premi.yaml: which is published, and what is said."""

from __future__ import annotations

import shutil

import pytest

from generator import bonuses
from generator.build import check

SHARE = "{valutazione: \"100\", quota: 12.31}"


def two_years(tmp_path, sample_dir, newer: str | None):
    """The sample's 2025 copied as 2026, whose premi.yaml gives the 2024 data again, changed by `newer`."""
    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    shutil.copytree(d / "2025", d / "2026")
    year = d / "2026" / "performance.yaml"
    year.write_text(year.read_text(encoding="utf-8").replace("anno: 2025", "anno: 2026", 1), encoding="utf-8")
    premi = d / "2026" / "premi.yaml"
    text = premi.read_text(encoding="utf-8")
    if newer == "corrected":
        text = text.replace(SHARE, "{valutazione: \"100\", quota: 13.31}").replace("quota: 86.26", "quota: 85.26")
    elif newer == "noted":
        text = text.replace("  - anno_riferimento: 2025", "    nota: Dati confermati.\n  - anno_riferimento: 2025", 1)
    elif newer == "not available":
        start = text.index("  - anno_riferimento: 2024")
        end = text.index("  - anno_riferimento: 2025")
        text = text[:start] + "  - anno_riferimento: 2024\n    stato: non_disponibile\n    nota: In corso di verifica.\n" + text[end:]
    premi.write_text(text, encoding="utf-8")
    return d


# (what 2026/premi.yaml says of 2024, the folder whose 2024 data is published, the warnings about it)
CASES = [
    ("the same data", None, "2026", []),
    ("corrected", "corrected", "2026", ["dati/2025/premi.yaml: avviso: distribuzione: anno_riferimento 2024: dati diversi da quelli di "
                                        "2026/premi.yaml, che sono quelli pubblicati (il più recente): se sono questi quelli giusti, "
                                        "correggere 2026/premi.yaml"]),
    ("not available in the newer", "not available", "2025", []),
    ("the same figures with a note", "noted", "2026", []),  # a note added is not other data  # "non disponibile" never hides what an older folder gives
]


@pytest.mark.parametrize(("newer", "publisher", "said"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reference_year_in_two_folders(tmp_path, sample_dir, monkeypatch, newer, publisher, said):
    d = two_years(tmp_path, sample_dir, newer)
    monkeypatch.chdir(tmp_path)
    _, results, issues = check(d.relative_to(tmp_path))
    assert not issues.errors, [str(i) for i in issues.errors]
    chosen, _ = bonuses.published(results, "distribution")
    assert chosen[2024][0].data.folder == publisher
    assert [str(w) for w in issues.warnings if "anno_riferimento" in str(w)] == said


def test_each_reference_year_has_its_page_with_the_published_data(tmp_path, sample_dir):
    from bs4 import BeautifulSoup

    from generator.build import build

    d = two_years(tmp_path, sample_dir, "corrected")
    premi_2026 = d / "2026" / "premi.yaml"
    premi_2026.write_text(premi_2026.read_text(encoding="utf-8").replace("Performance 2025, sezione", "Performance 2026, sezione"), encoding="utf-8")
    site = tmp_path / "site"
    build(d, site, cache_dir=None)
    premi = site / "amministrazione-trasparente" / "performance" / "dati-relativi-ai-premi"

    def soup(rel: str) -> BeautifulSoup:
        return BeautifulSoup((premi / rel / "index.html").read_text(encoding="utf-8"), "html.parser")

    rows = [[c.get_text(strip=True) for c in tr.select("th, td")] for tr in soup(".").select("table tbody tr")]
    assert rows == [["2025", "Dati non ancora disponibili", "Relazione sulla Performance 2026, sezione 4.1"],
                    ["2024", "Dati disponibili", "Relazione sulla Performance 2026, sezione 4.1"]]
    y2024 = soup("2024")
    cells = [td.get_text(strip=True) for td in y2024.select("table td")]
    assert "13,31%" in cells and "12,31%" not in cells  # the newest report's figures, once
    assert "Pubblicato con: Relazione sulla Performance 2026, sezione 4.1." in y2024.get_text()
    assert sorted(p.name for p in premi.iterdir() if p.is_dir() and p.name != "grafici") == ["2024", "2025"]
