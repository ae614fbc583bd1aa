"""Shared fixtures. Tests that assert the sample's figures use the frozen copy
in tests/fixtures/sample, never the live data/ (an editor's change to data/
must not break them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once per session by the real pipeline (MkDocs + Material, strict)."""
    site = tmp_path_factory.mktemp("built") / "site"
    build(SAMPLE, site)
    return site


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A suite with skipped tests is not green; a suite with no tests is not green either."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == 0:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"FAILED: {skipped} test saltati: un controllo che non può girare è un errore da correggere", red=True)
