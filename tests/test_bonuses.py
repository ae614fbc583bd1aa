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
