"""Golden files: the generated Markdown of the frozen sample, byte for byte.

After an intended change, refresh with `make golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import check, newest_update
from generator.render import render_site

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def pages(sample_dir):
    ds, results, issues = check(sample_dir)
    assert not issues.errors
    return {p.path: p.text for p in render_site(ds, results, newest_update(ds)).pages}


def test_golden_pages(pages, request):
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, text in pages.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected), "pages added or removed: run `make golden` and review"
    for path, text in pages.items():
        assert text == expected[path], f"{path} differs from tests/golden/{path}: run `make golden` and review the diff"


def test_golden_is_not_empty():
    assert len(list(GOLDEN.rglob("*.md"))) >= 18
