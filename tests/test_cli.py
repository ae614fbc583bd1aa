"""The command line as an editor and CI use it: exit codes, messages, atomic builds."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_errors import BODY, CSV, make

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_validate_sample_lists_placeholders(sample_dir):
    r = run("validate", "--data", str(sample_dir))
    assert r.returncode == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[-1] == "Dati validi: 0 errori, 10 avvisi"
    assert lines[0] == f"{sample_dir}/ente.yaml:7: avviso: url_sito: da completare"
    assert run("validate", "--data", str(sample_dir), "--strict").returncode == 1


def test_validate_reports_every_error_and_exits_1(tmp_path):
    d = make(tmp_path, body=BODY.replace("nome_breve:", "nome_breeve:"), csv=CSV.replace("95%,", "≥ 4O,"))
    r = run("validate", "--data", "dati", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        'dati/2025/indicatori/ente.csv:2: target: "≥ 4O" non è un target valido (atteso ad es. "95%", ">= 80%", "< 1,4", "≥ 40", "2,5", "N.2", "<= 5 gg", "31/12/2025", "Positivo", "3,5/5", "€ 140.000,00")',
        "dati/ente.yaml:1: nome_breve: campo obbligatorio mancante",
        "dati/ente.yaml:2: nome_breeve: \"Ente prova\": campo non previsto (controllare l'ortografia della chiave)",
        "Dati non validi: 3 errori, 0 avvisi",
    ]
    assert d.is_dir()


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    make(tmp_path)
    site = tmp_path / "sito"
    ok = run("build", "--data", "dati", "--site", "sito", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    bad = tmp_path / "dati" / "2025" / "indicatori" / "ente.csv"
    bad.write_text(CSV.replace("95%,", "≥ 4O,"), encoding="utf-8")
    r = run("build", "--data", "dati", "--site", "sito", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == "Costruzione annullata, il sito in sito non è stato modificato: 1 errore, 0 avvisi"
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sito")] == []  # no leftovers


def test_another_body_builds_its_own_site(tmp_path):
    """Nothing about the sample body lives outside data/."""
    make(tmp_path)
    r = run("build", "--data", "dati", "--site", "sito", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Sito costruito in sito:" in r.stderr
    home = (tmp_path / "sito" / "index.html").read_text(encoding="utf-8")
    assert "<title>Ente di prova</title>" in home
    for p in (tmp_path / "sito").rglob("*"):
        if p.is_file() and p.suffix in {".html", ".svg", ".json", ".xml"}:
            text = p.read_text(encoding="utf-8", errors="ignore")
            assert "Arezzo" not in text and "Siena" not in text and "camcom" not in text, p


def test_build_is_deterministic(tmp_path, sample_dir):
    """Same data, byte-identical site: whatever the data folder's location, cache or no cache."""
    a, b = tmp_path / "a", tmp_path / "b"
    copy = tmp_path / "altrove" / "dati"
    shutil.copytree(sample_dir, copy)
    assert run("build", "--data", str(sample_dir), "--site", str(a)).returncode == 0
    assert run("build", "--data", "dati", "--site", str(b), "--no-cache", cwd=copy.parent).returncode == 0
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(f) for f in files_a], shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.parametrize("args", [["validate"], ["build", "--site", "SITE"]])
def test_live_data_validates_and_builds(tmp_path, args):
    """Whatever data/ holds must validate and build (the frozen-sample tests do not look at it)."""
    args = [a.replace("SITE", str(tmp_path / "site")) for a in args]
    r = run(*args, "--data", str(ROOT / "data"))
    assert r.returncode == 0, r.stderr


def test_usage_error_exit_code():
    r = run("frobnicate")
    assert r.returncode == 2
    assert "'frobnicate' non è un comando" in r.stderr and "invalid choice" not in r.stderr


def test_missing_data_dir(tmp_path):
    r = run("validate", "--data", "nessuna", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == "La cartella dei dati nessuna non esiste: indicarla con --data (ad esempio --data data)"


def test_site_dir_is_created_inside_a_fresh_parent(tmp_path):
    make(tmp_path)
    r = run("build", "--data", "dati", "--site", "out/nested/sito", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "nested" / "sito" / "index.html").is_file()
    shutil.rmtree(tmp_path / "out")


def test_mkdocs_strict_failure_leaves_previous_site_untouched(tmp_path):
    """MkDocs runs in strict mode: a broken link in a hand-written page stops the build."""
    from generator.build import SiteBuildError, build

    d = make(tmp_path)
    site = tmp_path / "sito"
    build(d, site, cache_dir=None)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    content = tmp_path / "content"
    content.mkdir()
    (content / "pagina.md").write_text("# Pagina\n\n[link rotto](non-esiste.md)\n", encoding="utf-8")
    with pytest.raises(SiteBuildError, match="MkDocs ha interrotto la costruzione del sito"):
        build(d, site, content_dir=content, cache_dir=None)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
