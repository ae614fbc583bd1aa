"""Careless commands (issue 8, categories 2 and 4): the site folder is guarded, temp folders never stay behind."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .harness import ROOT, SAMPLE, assert_clean, assert_located, copy_sample, digest, run

S = str(SAMPLE)
# (id, args, exit code, parts one line must hold); paths under "{tmp}" are made by the test.
CASES = [
    ("site-dot", ["build", "--data", S, "--site", "."], 1, ["--site .", "dati"]),
    ("site-root", ["build", "--data", S, "--site", "/"], 1, ["--site /", "sostituirebbe"]),
    ("site-home", ["build", "--data", S, "--site", "~"], 1, ["--site", "manca il file .trasparenza-sito"]),
    ("site-empty", ["build", "--data", S, "--site", ""], 2, ["--site", "percorso vuoto"]),
    ("site-blank", ["build", "--data", S, "--site", "  "], 2, ["--site", "percorso vuoto"]),
    ("site-is-data", ["build", "--data", S, "--site", S], 1, ["cartella dei dati"]),
    ("site-inside-data", ["build", "--data", S, "--site", S + "/2025"], 1, ["cartella dei dati", "al suo interno"]),
    ("site-new-inside-data", ["build", "--data", S, "--site", S + "/sito"], 1, ["cartella dei dati", "al suo interno"]),
    ("site-contains-data", ["build", "--data", S, "--site", str(ROOT / "tests")], 1, ["contiene la cartella dei dati"]),
    ("site-is-file", ["build", "--data", S, "--site", "{tmp}/file.txt"], 1, ["è un file", "cartella"]),
    ("site-other-content", ["build", "--data", S, "--site", "{tmp}/altro"], 1, ["manca il file .trasparenza-sito", "cartella nuova o vuota"]),
    ("data-missing", ["validate", "--data", "{tmp}/nessuna"], 1, ["nessuna", "non esiste", "--data"]),
    ("data-is-file", ["validate", "--data", "{tmp}/file.txt"], 1, ["file.txt", "è un file"]),
    ("build-data-missing", ["build", "--data", "{tmp}/nessuna", "--site", "{tmp}/s"], 1, ["non esiste"]),
    ("data-spaces-unicode", ["validate", "--data", "{tmp}/dati con spazi è"], 1, ["dati con spazi è", "non esiste"]),
    ("unknown-command", ["pubblica"], 2, ["errore: COMANDO: 'pubblica' non è un comando (comandi: 'validate'"]),
    ("no-command", [], 2, ["errore: manca un argomento obbligatorio: COMANDO"]),
    ("unknown-option", ["validate", "--data", S, "--sito", "x"], 2, ["errore: argomenti non riconosciuti: --sito x", "--help"]),
    ("option-without-value", ["validate", "--data"], 2, ["errore: --data: manca il valore dopo l'opzione"]),
    ("import-without-file", ["import"], 2, ["errore: manca un argomento obbligatorio: FILE, --year"]),
    ("year-not-a-year", ["new-year", "duemila", "--data", "{tmp}/nessuna"], 2, ['YYYY: "duemila": atteso un anno tra 2000 e 2100']),
    ("updated-excel-serial", ["new-year", "2026", "--data", "{tmp}/nessuna", "--updated", "46348"], 2, ['--updated: "46348": attesa una data nel formato aaaa-mm-gg o gg/mm/aaaa']),
    ("port-too-big", ["serve", "--data", S, "--port", "99999"], 2, ["99999", "porta tra 1 e 65535"]),
    ("port-negative", ["serve", "--data", S, "--port", "-1"], 2, ["-1", "porta tra 1 e 65535"]),
    ("port-text", ["serve", "--data", S, "--port", "abc"], 2, ["abc", "porta tra 1 e 65535"]),
    ("host-invalid", ["serve", "--data", S, "--host", "999.1.1.1.1"], 2, ["999.1.1.1.1", "indirizzo"]),
]


@pytest.mark.parametrize(("args", "code", "parts"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_careless_command(tmp_path, args, code, parts):
    (tmp_path / "file.txt").write_text("non toccare\n")
    (tmp_path / "altro").mkdir()
    (tmp_path / "altro" / "lettera.odt").write_text("lavoro\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    before_tmp, before_sample = digest(tmp_path), digest(SAMPLE)
    r = run(*args, timeout=120)
    out = r.stdout + r.stderr
    assert r.returncode == code, out
    assert_clean(out)
    assert_located(out, *parts)
    assert not any(w in out for w in ("usage:", "error:", "invalid choice", "required", "unrecognized", "expected one"))  # argparse in English
    assert digest(tmp_path) == before_tmp and digest(SAMPLE) == before_sample
    assert not list(tmp_path.glob(".*.*")) and not list(SAMPLE.parent.glob(".sample.*"))


def _project_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "progetto"
    shutil.copytree(ROOT, dest, symlinks=True, ignore=shutil.ignore_patterns(".venv", ".git", ".cache", "site", "__pycache__", ".pytest_cache"))
    return dest


@pytest.mark.parametrize("site", [".", "data", "data/2025", "generator", ".."])
def test_build_in_project_copy_harms_nothing(tmp_path, site):
    proj = _project_copy(tmp_path)
    before = digest(tmp_path)
    r = subprocess.run([sys.executable, "-m", "generator", "build", "--site", site], cwd=proj, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(proj)}, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert_clean(out)
    assert "non è stato modificato" in out
    assert digest(tmp_path) == before


def test_marker_legacy_adoption_and_failed_build_keeps_site(tmp_path):
    from generator.build import MARKER

    site = tmp_path / "site"
    r = run("build", "--data", S, "--site", str(site))
    assert r.returncode == 0, r.stderr
    assert (site / MARKER).is_file()
    (site / MARKER).unlink()  # as built by an earlier version
    r = run("build", "--data", S, "--site", str(site))
    assert r.returncode == 0, r.stderr
    assert (site / MARKER).is_file()
    good = digest(site)
    bad = tmp_path / "dati"
    shutil.copytree(SAMPLE, bad)
    (bad / "ente.yaml").write_text("nome: [\n", encoding="utf-8")
    r = run("build", "--data", str(bad), "--site", str(site))
    assert r.returncode == 1
    assert_clean(r.stdout + r.stderr)
    assert digest(site) == good



@pytest.mark.parametrize("added", [["CNAME"], ["google1234.html", "documenti-extra/delibera.pdf"]], ids=["cname", "verification-and-pdf"])
def test_files_added_to_a_built_site_are_never_deleted(tmp_path, added):
    from generator.build import MARKER

    site = tmp_path / "site"
    assert run("build", "--data", S, "--site", str(site)).returncode == 0
    listed = (site / MARKER).read_text(encoding="utf-8").splitlines()
    assert "index.html" in listed and "sitemap.xml" in listed  # the marker lists what the build wrote
    site.chmod(0o2750)  # a web server's setgid folder
    assert run("build", "--data", S, "--site", str(site)).returncode == 0
    assert stat.S_IMODE(site.stat().st_mode) == 0o2750  # rebuilt with the folder's permissions
    for f in added:
        (site / f).parent.mkdir(parents=True, exist_ok=True)
        (site / f).write_text("scritto a mano\n")
    before = digest(tmp_path)
    r = run("build", "--data", S, "--site", str(site))
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert_clean(out)
    assert_located(out, f"--site {site}: {len(added)} file che la costruzione precedente non ha scritto ({', '.join(sorted(added))})",
                   "content/")
    assert digest(tmp_path) == before


def test_legacy_layout_with_foreign_file_refused(tmp_path):
    site = tmp_path / "site"
    assert run("build", "--data", S, "--site", str(site)).returncode == 0
    (site / ".trasparenza-sito").unlink()
    (site / "tesi.docx").write_text("lavoro")
    before = digest(tmp_path)
    r = run("build", "--data", S, "--site", str(site))
    assert r.returncode == 1
    assert_located(r.stderr, "manca il file .trasparenza-sito")
    assert digest(tmp_path) == before


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["sigint", "sigterm"])
def test_signal_during_build_leaves_no_temp(tmp_path, sig, code):
    site = tmp_path / "site"
    p = subprocess.Popen([sys.executable, "-m", "generator", "build", "--no-cache", "--data", S, "--site", str(site)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site.*/.trasparenza-temp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(tmp_path.glob(".site.*")), "the build never made its temp folder"
    p.send_signal(sig)
    out, err = p.communicate(timeout=60)
    assert p.returncode == code, err
    assert_clean(out + err)
    assert "interrotta" in err
    assert not list(tmp_path.glob(".site.*")) and not site.exists()


def test_stale_temp_of_dead_pid_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / ".site.abc123"
    stale.mkdir()
    (stale / ".trasparenza-temp").write_text(f"{dead.pid}\n")
    (stale / "docs").mkdir()
    alive = tmp_path / ".site.live"
    alive.mkdir()
    (alive / ".trasparenza-temp").write_text(f"{os.getpid()}\n")
    foreign = tmp_path / ".site.mine"  # no marker: not ours, never removed
    foreign.mkdir()
    assert run("build", "--data", S, "--site", str(tmp_path / "site")).returncode == 0
    assert not stale.exists() and alive.exists() and foreign.exists()


def test_scorecard_of_6000_rows_validate_and_build_agree(tmp_path):
    data = tmp_path / "dati"
    shutil.copytree(SAMPLE, data)
    csv_file = data / "2025" / "indicatori" / "ente.csv"
    lines = csv_file.read_text(encoding="utf-8").splitlines()
    rest = lines[1].split(",", 5)[5]
    csv_file.write_text("\n".join(lines + [f"1,,,,Indicatore generato {i},{rest}" for i in range(6000)]) + "\n", encoding="utf-8")
    v = run("validate", "--data", str(data))
    assert v.returncode == 0, v.stderr
    assert_clean(v.stderr)
    assert_located(v.stderr, "ente.csv", "grafico", "non viene disegnato")
    b = run("build", "--data", str(data), "--site", str(tmp_path / "site"))
    assert b.returncode == 0, b.stderr
    assert_clean(b.stderr)
    page = tmp_path / "site" / "amministrazione-trasparente/performance/relazione-sulla-performance/2025/cruscotti/ente/index.html"
    assert "Indicatore generato 5999" in page.read_text(encoding="utf-8")


def test_ctrl_c_while_the_libraries_load_says_so_without_traceback():
    # Ctrl-C lands while `python -m generator` imports its libraries: raised here by an import hook at that very import.
    hook = ("import runpy, sys\n"
            "class Stop:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'generator.cli':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Stop())\n"
            "sys.argv = ['generator', 'validate']\n"
            "runpy.run_module('generator', run_name='__main__')\n")
    r = subprocess.run([sys.executable, "-c", hook], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 130
    assert_clean(r.stdout + r.stderr)
    assert r.stderr.strip() == "Interrotto prima di cominciare: nessun file è stato letto o modificato."


@pytest.mark.parametrize("args", [["-q", "validate", "--data", S], ["validate", "-q", "--data", S], ["validate", "--data", S, "--quiet"]],
                         ids=["before", "after", "at-the-end"])
def test_quiet_prints_the_errors_only_wherever_it_is_written(args):
    r = run(*args)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().splitlines() == ["Dati validi: 0 errori, 10 avvisi"]  # the warnings counted, not listed
    assert len(run("validate", "--data", S).stderr.strip().splitlines()) == 11


def test_quiet_hides_the_warnings_of_import_too(tmp_path):
    d = copy_sample(tmp_path)
    book = tmp_path / "albero.csv"
    book.write_text("Titolo\nSettore;Obiettivo;Indicatore;Target;Owner\n01 - Servizi;;;;\n;01.01 - Tempi;;;\n;;Pratiche;95%;Uff\n",
                    encoding="utf-8")
    loud = run("import", str(book), "--year", "2026", "--data", str(d), "--updated", "2026-01-31")
    assert loud.returncode == 0, loud.stderr
    assert ": avviso: riga ignorata perché precede l'intestazione" in loud.stderr
    shutil.rmtree(d / "2026")
    quiet = run("import", str(book), "--year", "2026", "--data", str(d), "--updated", "2026-01-31", "-q")
    assert quiet.returncode == 0, quiet.stderr
    assert ": avviso: " not in quiet.stderr and "Scritti " in quiet.stderr
