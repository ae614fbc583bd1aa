"""Printing: the year's "versione completa" and an ordinary page, printed to PDF by headless Chromium.

The PDF's text (Debian's pdftotext) must hold every page title of the year and
nothing of the navigation: header, sidebar, search, breadcrumbs, footer links.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS

YEAR = "amministrazione-trasparente/performance/relazione-sulla-performance/2025"
COMPLETE = f"{YEAR}/versione-completa/index.html"
CARD = f"{YEAR}/cruscotti/arezzo-sviluppo/index.html"
# Text that only the navigation, the header and the footer carry.
NAVIGATION = ["Vai al contenuto", "Cerca", "Home", "Note legali", "Feed degli aggiornamenti", "Dichiarazione di accessibilità",
              "Sistema camerale", "Torna all'inizio"]


def pdf_text(page: Path, tmp_path: Path) -> tuple[str, int]:
    out = tmp_path / "stampa.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={tmp_path / 'profilo'}", "--headless", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", page.as_uri()], capture_output=True, timeout=180, check=True)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, timeout=60, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout)[1])
    return " ".join(text.split()), pages


def titles_of_parts(site: Path) -> list[str]:
    stub = (site / COMPLETE).read_text(encoding="utf-8")
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split())
            for t in re.findall(r'<section class="parte-completa" id="p\d+">\s*<h2[^>]*>(.*?)</h2>', stub, re.S)]


def test_complete_year_prints_every_page_and_no_navigation(built_site, tmp_path):
    titles = titles_of_parts(built_site)
    assert len(titles) >= 20, titles  # the year page, objectives, scorecards, sections, offices, budget, staff
    text, pages = pdf_text(built_site / COMPLETE, tmp_path)
    missing = [t for t in titles if t not in text]
    assert not missing, missing
    assert pages >= len(titles)  # each page of the site starts a new sheet
    leaked = [n for n in NAVIGATION if n in text]
    assert not leaked, leaked
    assert "Camera di Commercio di Arezzo-Siena" in text and f"{YEAR}/versione-completa/" in text  # print header: name, address


def test_an_ordinary_page_prints_its_content_only(built_site, tmp_path):
    text, pages = pdf_text(built_site / CARD, tmp_path)
    assert "Cruscotto Azienda Speciale Arezzo Sviluppo 2025" in text and "Ultimo aggiornamento" in text
    leaked = [n for n in NAVIGATION if n in text]
    assert not leaked, leaked
    assert pages >= 1


def test_parts_keep_unique_ids_and_working_links(built_site):
    page = (built_site / COMPLETE).read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})[:5]
    base = (built_site / COMPLETE).parent
    for src in set(re.findall(r'\b(?:src|srcset)="(?![a-z]+:)([^"]+)"', page)):
        assert (base / src).resolve().is_file(), src
    for frag in set(re.findall(r'\bhref="#([^"]+)"', page)):
        assert f'id="{frag}"' in page, frag


@pytest.mark.parametrize("rel", [COMPLETE, CARD])
def test_print_header_hidden_on_screen(built_site, rel):
    css = (built_site / "assets/stylesheets/stampa.css").read_text(encoding="utf-8")
    assert css.startswith("/*") and ".stampa-intestazione { display: none; }" in css
    assert 'class="stampa-intestazione"' in (built_site / rel).read_text(encoding="utf-8")
