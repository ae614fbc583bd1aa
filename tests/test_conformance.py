"""The Nu HTML checker over every HTML file of the built sample site, in one Java process.

The checker is npm's `vnu-jar` pinned in package-lock.json (`make test` runs
`npm ci --ignore-scripts`), run offline with the machine's Java. Only errors
count (warnings are advice). A small page with known errors is checked in the same
run, so a checker that silently checks nothing fails here too. axe-core and
HTML_CodeSniffer run in the browser suite (tests/test_browser.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors the checker must find in the canary page: (a fragment of the message, the line).
CANARY = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Prova</title></head><body>
<table><tr role="row"><td role="cell">1</td></tr></table>
<input type="checkbox" id="x" autocomplete="off"><label for="y">y</label>
</body></html>
"""
CANARY_ERRORS = [
    ("“role” attribute must not be used on a “tr”", 3),
    ("“role” attribute must not be used on a “td”", 3),
    ("“autocomplete” is only allowed", 4),
    ("“for” attribute of the “label” element must be the ID of a non-hidden form control", 4),
]


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("Java non trovato: installarlo con 'apt-get install default-jre-headless' (lo fa 'make test')")
    if not VNU_JAR.is_file():
        raise RuntimeError(f"Nu HTML checker non trovato in {VNU_JAR}: eseguire 'npm ci --ignore-scripts' (lo fa 'make test')")
    return java


@dataclass
class NuRun:
    pages: list[Path]  # every HTML file of the site
    site: dict[Path, list[dict]]  # the site's errors, by file
    canary: list[dict]  # the canary page's errors


@pytest.fixture(scope="module")
def nu(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> NuRun:
    canary = tmp_path_factory.mktemp("nu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    run = subprocess.run(
        [_java(), "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json", "--stdout",
         str(built_site), str(canary)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        messages = json.loads(run.stdout)["messages"]
    except (ValueError, KeyError) as e:
        raise AssertionError(f"il Nu HTML checker non ha prodotto JSON (uscita {run.returncode}): {e}\n{run.stderr[-2000:]}")
    by_file: dict[Path, list[dict]] = {}
    for m in messages:
        by_file.setdefault(Path(unquote(urlsplit(m.get("url", "")).path)), []).append(m)
    return NuRun(sorted(built_site.rglob("*.html")), by_file, by_file.pop(canary, []))


def test_nu_checker_finds_the_known_errors(nu: NuRun) -> None:
    found = [(m["message"], m.get("lastLine")) for m in nu.canary]
    for fragment, line in CANARY_ERRORS:
        assert any(fragment in msg and at == line for msg, at in found), f"errore atteso non trovato: {fragment!r} riga {line}\n{found}"


def test_nu_checker_finds_no_error_in_any_page(nu: NuRun, built_site: Path) -> None:
    assert len(nu.pages) >= 15 and built_site / "404.html" in nu.pages, f"poche pagine da controllare: {len(nu.pages)}"
    failures = []
    for file, messages in nu.site.items():
        name = file.relative_to(built_site).as_posix() if file.is_relative_to(built_site) else str(file)
        for m in messages:
            where = f"{name}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}"
            failures.append(f"{where}: [{m.get('type')}] {m['message']}\n    {(m.get('extract') or '').strip()[:200]}")
    assert not failures, f"{len(failures)} errori del Nu HTML checker:\n" + "\n".join(failures[:200])
