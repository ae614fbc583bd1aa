"""`import --replace` checks the whole new data folder before it writes or deletes anything.

The new year is installed into a temporary copy of the data folder and the
project's full check runs there; only a clean result is installed. A refused
import leaves `data/` byte-identical (digest of every file before and after).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from generator.importer import import_file
from tests.test_cli import run
from tests.test_import import UPDATED, xlsx

ROOT = Path(__file__).resolve().parent.parent


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sample(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    return d


# A tree of two objectives: the sample's budget names objective 8 for its indices, so the new year cannot check.
SMALL = [
    ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Actual"],
    ["01 - Imprese"],
    [None, "01.01 - Tempi certi"],
    [None, None, "Pratiche evase", "95%", "Registro Imprese", "98,9%"],
    [None, "01.02 - Sportello"],
    [None, None, "Sportello attivo", "31/12/2025", "Innovazione", "04/10/2025"],
]


def test_replace_that_breaks_the_rest_of_the_year_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    scratch = tmp_path / "tmp"  # this test's own temporary folder: other processes' imports neither add nor remove copies in it
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    d = sample(tmp_path)
    before = digest(d)
    xlsx(tmp_path / "albero.xlsx", {"Albero": SMALL})
    out = import_file(Path("albero.xlsx"), 2025, Path("data"), replace=True, updated=UPDATED)
    assert out.code == 1
    assert re.fullmatch(r"Controllo dei dati non superato \(\d+ errori, \d+ avvisi\): nessun file scritto in data\.", out.lines[-1])
    errors = [line for line in out.lines if line.startswith("data/2025/bilancio/")]
    assert errors and all("obiettivo_strategico" in line or "indicatori" in line for line in errors), out.lines
    assert not any("generator-import-" in line for line in out.lines)  # paths shown as the editor's, not the copy's
    assert digest(d) == before
    assert list(scratch.iterdir()) == []  # the checked copy is gone


def test_replace_with_a_bad_row_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = sample(tmp_path)
    before = digest(d)
    bad = [row[:] for row in SMALL]
    bad[3][3] = "≥ 4O"
    xlsx(tmp_path / "albero.xlsx", {"Albero": bad})
    r = run("import", "albero.xlsx", "--year", "2025", "--data", "data", "--replace", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[0].startswith('albero.xlsx, foglio "Albero", riga 4, colonna "Target": "≥ 4O" non è un target valido')
    assert r.stderr.splitlines()[-1] == "1 problema: nessun file scritto. Correggere il foglio e ripetere l'importazione."
    assert "Traceback" not in r.stderr
    assert digest(d) == before


def test_replace_into_a_new_year_beside_the_sample_checks_everything_and_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = sample(tmp_path)
    before = digest(d)
    xlsx(tmp_path / "albero.xlsx", {"Albero": SMALL})
    out = import_file(Path("albero.xlsx"), 2026, Path("data"), updated=UPDATED)
    assert out.code == 0, out.lines
    after = digest(d)
    assert {k: v for k, v in after.items() if not k.startswith("2026/")} == before
    assert sorted(k for k in after if k.startswith("2026/")) == ["2026/indicatori/ente.csv", "2026/performance.yaml"]
    assert out.lines[-1].startswith("Dati validi: 0 errori")
