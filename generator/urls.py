"""Where every generated page lives, and relative links between them.

Pages are Markdown files under the docs folder; with MkDocs' directory URLs
`a/b.md` is served at `a/b/` and `a/index.md` at `a/`. Every link is relative,
so the site works under any sub-path.
"""

from __future__ import annotations

import posixpath

AT = "amministrazione-trasparente"
PERFORMANCE = f"{AT}/performance"
RELAZIONE = f"{PERFORMANCE}/relazione-sulla-performance"
PIANO = f"{PERFORMANCE}/piano-della-performance"
HOW_TO_READ = "come-leggere-i-dati.md"
LEGAL = "note-legali.md"
DATAPACKAGE = "dati/datapackage.json"
CATALOG = "dati/catalogo.ttl"
FEED = "feed.xml"
AT_MAP = "at_map.json"  # machine-readable map of the AT sections (atmap.py)


def year_root(year: int, reported: bool) -> str:
    return f"{RELAZIONE if reported else PIANO}/{year}"


def year_page(year: int, reported: bool) -> str:
    return f"{year_root(year, reported)}/index.md"


def budget_page(year: int) -> str:
    return f"{AT}/bilanci/bilancio-preventivo-e-consuntivo/{year}/index.md"


def staff_page(year: int) -> str:
    return f"{AT}/personale/dotazione-organica/{year}/index.md"


BONUSES = f"{PERFORMANCE}/dati-relativi-ai-premi"
DATA_CATALOG = f"{AT}/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/catalogo-dei-dati-metadati-e-delle-banche-dati"


def bonus_page(reference_year: int) -> str:
    """Dati relativi ai premi of one reference year (the index lists the years)."""
    return f"{BONUSES}/{reference_year}/index.md"


def catalog_page(year: int) -> str:
    """The open datasets of one year (the catalogue's index lists the years)."""
    return f"{DATA_CATALOG}/{year}/index.md"


def complete_page(year: int, reported: bool) -> str:
    """Every page of a year on one page, for printing (filled by postbuild.fill_complete)."""
    return f"{year_root(year, reported)}/versione-completa.md"


def objective_page(year: int, reported: bool, oid: int) -> str:
    return f"{year_root(year, reported)}/obiettivi/obiettivo-{oid}.md"


def card_page(year: int, reported: bool, card_id: str, kind: str) -> str:
    folder = "individuali" if kind == "individuale" else "cruscotti"
    return f"{year_root(year, reported)}/{folder}/{card_id}.md"


def chart_file(year: int, reported: bool, slug: str) -> str:
    return f"{year_root(year, reported)}/grafici/{slug}.svg"


def url_of(path: str) -> str:
    """Site URL (relative to the site root, no leading slash) of a docs path."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    if path.endswith(".md"):
        return path[:-3] + "/"
    return path


def rel(from_page: str, to: str) -> str:
    """Relative href from the page `from_page` (a docs path) to `to` (a docs path)."""
    base = url_of(from_page)
    target = url_of(to)
    out = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or target == "":
        out = "./" if out == "." else out + "/"
    return out
