"""Hostile text in every free-text and URL field never becomes markup, a link, a formula or a script.

One data folder carries an HTML/JS/Markdown/Jinja/spreadsheet payload in every
free-text field of every file type (ente.yaml, documenti.yaml,
performance.yaml, indicator CSVs, bilancio, personale, premi, relazione
sections and their table CSVs); it is built once, with `url_sito` set so that
the DCAT catalogue is written too. Each case then finds its payload, as plain
text, in the outputs it reaches: the HTML pages (parsed with BeautifulSoup),
the SVG charts, feed.xml (xml.etree), catalogo.ttl (rdflib), the CSV exports
(neutralised for spreadsheets) and the JSON exports (exact). Separate checks
sweep every output for live markup: no `<script>` but Material's own, no
`on…=` attribute, no `javascript:`/`data:` link, no formula in a CSV cell.

URL, e-mail and phone fields do not take text: a payload there is an error at
validate time, located (file:line, field, value, what is expected). Files
served as documents are checked by extension and content.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import rdflib
import yaml
from bs4 import BeautifulSoup

from generator.escape import spreadsheet_text

from .harness import assert_clean, assert_located, copy_sample, run

YEAR = "2025"
SITE_URL = "https://trasparenza.example.org/ente/"
REL = f"{YEAR}/relazione/04-amministrazione.yaml"
DOCS_YAML = "documenti.yaml"

# --- editing a copy of the sample ------------------------------------------------------


def _load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump_yaml(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def _edit_yaml(d: Path, file: str, change: Callable[[dict], None]) -> None:
    data = _load_yaml(d / file)
    change(data)
    _dump_yaml(d / file, data)


def _read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


Put = Callable[[Path, str], str]  # writes the payload into a data folder, returns the text as stored


def at(file: str, *path, keep: bool = False) -> Put:
    """The YAML value at `path` (keys and indices; a callable picks the key from its container)."""

    def put(d: Path, payload: str) -> str:
        stored = []

        def change(data):
            node = data
            for k in path[:-1]:
                node = node[k(node) if callable(k) else k]
            last = path[-1](node) if callable(path[-1]) else path[-1]
            value = f"{payload} {node[last]}" if keep else payload  # keep: a note must still quote its figure
            node[last] = value
            stored.append(value)

        _edit_yaml(d, file, change)
        return stored[0]

    return put


def block(pred: Callable[[dict], bool]):
    """Index of the first block of a section that matches."""
    return lambda blocks: next(i for i, b in enumerate(blocks) if pred(b))


def cell(file: str, row: int, column: str, keep: bool = False) -> Put:
    """A CSV cell: data row `row` (0 = first row after the header), column by name."""

    def put(d: Path, payload: str) -> str:
        rows = _read_csv(d / file)
        j = rows[0].index(column)
        value = f"{payload} {rows[row + 1][j]}" if keep else payload
        rows[row + 1][j] = value
        _write_csv(d / file, rows)
        return value

    return put


def header(file: str, column: int) -> Put:
    """A table CSV's column name."""

    def put(d: Path, payload: str) -> str:
        rows = _read_csv(d / file)
        rows[0][column] = payload
        _write_csv(d / file, rows)
        return payload

    return put


def everywhere(files: list[str], column: str, old: str) -> Put:
    """A name repeated in several CSVs (a staff row: per-seat counts and printed totals)."""

    def put(d: Path, payload: str) -> str:
        for f in files:
            rows = _read_csv(d / f)
            j = rows[0].index(column)
            for r in rows[1:]:
                if r[j] == old:
                    r[j] = payload
            _write_csv(d / f, rows)
        return payload

    return put


# --- the payloads ------------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    'Titolo {: onclick="alert(1)" }',
    "[x](javascript:alert(1)) *enfasi* _sottolineato_",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "riga\n# Titolo iniettato\n---\ntitle: x",
    "</title><script>alert(1)</script>",
    "' onmouseover='alert(1)' x=' <svg onload=alert(1)>",
    '=HYPERLINK("https://evil.example/","clic")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "- di cui <b>giovanili</b>",
]
FORMULA = ("=", "+", "-", "@")
SCRIPT, BREAK, ATTR, LINKMD, JINJA, NEWLINE, TITLE, SVG = range(8)  # the attacks by kind


def payload(n: int, which: int | None = None) -> str:
    """Payload n: a unique marker (ZQnn) and an attack (by default in turn); formulas keep their first character."""
    attack = ATTACKS[n % len(ATTACKS) if which is None else which]
    return f"{attack} ZQ{n:02d}" if attack.startswith(FORMULA) else f"ZQ{n:02d} {attack}"


@dataclass(frozen=True)
class Text:
    id: str
    put: Put
    export: tuple[str, str] | None = None  # (dataset file stem under dati/2025/, column) where it is published
    feed: bool = False
    ttl: bool = False
    title: bool = False  # the page's <title> and header
    svg: bool = False  # drawn in a chart (short enough not to be cut)
    attack: int | None = None  # the attack that fits the field (index in ATTACKS), else one in turn


P_YAML = f"{YEAR}/performance.yaml"
ENTE_CSV = f"{YEAR}/indicatori/area-1.csv"
BUDGET_CSV = f"{YEAR}/bilancio/conto-economico.csv"
STAFF_YAML = f"{YEAR}/personale/personale.yaml"
PRIZES = f"{YEAR}/premi.yaml"
CORSI = f"{YEAR}/relazione/tabelle/corsi-di-formazione.csv"
FUNZIONI = f"{YEAR}/relazione/tabelle/personale-per-funzione.csv"
CORSI_EXPORT = "amministrazione-corsi-di-formazione"
is_table = lambda name: block(lambda b: b.get("tabella") == f"tabelle/{name}.csv")  # noqa: E731

TEXT_CASES = [
    # ente.yaml
    Text("ente-nome", at("ente.yaml", "nome"), feed=True, ttl=True, title=True, attack=SCRIPT),
    Text("ente-nome_breve", at("ente.yaml", "nome_breve"), attack=BREAK),
    Text("ente-indirizzo", at("ente.yaml", "indirizzo"), attack=BREAK),
    Text("ente-codice_fiscale", at("ente.yaml", "codice_fiscale"), attack=SCRIPT),
    Text("ente-partita_iva", at("ente.yaml", "partita_iva"), attack=SVG),
    Text("ente-codice_ipa", at("ente.yaml", "codice_ipa"), ttl=True),
    # documenti.yaml
    Text("documenti-titolo", at(DOCS_YAML, "documenti", 0, "titolo"), feed=True, attack=SCRIPT),
    Text("documenti-atto", at(DOCS_YAML, "documenti", 0, "atto"), feed=True),
    Text("documenti-file-titolo", at(DOCS_YAML, "documenti", 2, "titolo"), feed=True),
    # performance.yaml
    Text("performance-documento", at(P_YAML, "documento"), title=True, attack=NEWLINE),
    Text("performance-vision", at(P_YAML, "vision")),
    Text("prospettiva-nome", at(P_YAML, "prospettive", 0, "nome"), export=("obiettivi-strategici", "prospettiva"), attack=NEWLINE),
    Text("prospettiva-descrizione", at(P_YAML, "prospettive", 0, "descrizione")),
    Text("area-nome", at(P_YAML, "aree_strategiche", 0, "nome"), export=("obiettivi-strategici", "area_strategica"), attack=ATTR),
    Text("area-codice", at(P_YAML, "aree_strategiche", 1, "codice")),
    Text("obiettivo-nome", at(P_YAML, "obiettivi_strategici", 0, "nome"), export=("obiettivi-strategici", "nome"), title=True, attack=TITLE),
    Text("obiettivo-nome_mappa", at(P_YAML, "obiettivi_strategici", 0, "nome_mappa"), export=("obiettivi-strategici", "nome_mappa")),
    Text("obiettivo-codice", at(P_YAML, "obiettivi_strategici", 3, "codice"), export=("obiettivi-strategici", "obiettivo_strategico"), title=True, attack=ATTR),
    Text("obiettivo-risultati", at(P_YAML, "obiettivi_strategici", 0, "risultati", 0)),
    Text("obiettivo-tabella-titolo", at(P_YAML, "obiettivi_strategici", 0, "tabelle", 0, "titolo"), feed=True, ttl=True),
    Text("obiettivo-tabella-colonna", at(P_YAML, "obiettivi_strategici", 0, "tabelle", 0, "colonne", 1)),
    Text("obiettivo-tabella-cella", at(P_YAML, "obiettivi_strategici", 0, "tabelle", 0, "righe", 2, 0), export=("obiettivo-1-tabella-1", "Anno")),
    Text("obiettivo-servizi", at(P_YAML, "obiettivi_strategici", 2, "servizi_coinvolti", 0)),
    Text("obiettivo-risorse-voce", at(P_YAML, "obiettivi_strategici", 2, "risorse", 0, "voce")),
    Text("scheda-nome", at(P_YAML, "schede", 1, "nome"), export=("indicatori", "nome_scheda"), title=True, attack=ATTR),
    Text("scheda-descrizione", at(P_YAML, "schede", 1, "descrizione")),
    Text("scheda-titolare", at(P_YAML, "schede", 4, "titolare"), export=("indicatori", "titolare")),
    # indicatori/*.csv
    *(Text(f"indicatori-{col}", cell(ENTE_CSV, 0, col), export=("indicatori", col))
      for col in ("programma", "obiettivo_operativo", "codice", "indicatore", "algoritmo", "unita", "ufficio", "fonte")),
    Text("indicatori-nota", cell(ENTE_CSV, 5, "nota"), export=("indicatori", "nota")),
    # bilancio/
    Text("bilancio-titolo", at(f"{YEAR}/bilancio/bilancio.yaml", "titolo"), feed=True, ttl=True, title=True, attack=LINKMD),
    Text("bilancio-documento", at(f"{YEAR}/bilancio/bilancio.yaml", "documento")),
    Text("bilancio-sezione-nome", at(f"{YEAR}/bilancio/bilancio.yaml", "sezioni", "A", "nome")),
    Text("bilancio-voce", cell(BUDGET_CSV, 0, "voce"), export=("conto-economico", "voce")),
    Text("bilancio-nota", cell(BUDGET_CSV, 13, "nota", keep=True), export=("conto-economico", "nota")),
    # personale/
    Text("personale-titolo", at(STAFF_YAML, "titolo"), feed=True, title=True, attack=JINJA),
    Text("personale-documento", at(STAFF_YAML, "documento")),
    Text("personale-tavola-titolo", at(STAFF_YAML, "tavole", 0, "titolo")),
    Text("personale-tavola-nota", at(STAFF_YAML, "tavole", 1, "note", 0)),
    Text("personale-riepilogo", at(STAFF_YAML, "tavole", 1, "riepilogo_per_sede")),
    Text("personale-voce", everywhere([f"{YEAR}/personale/personale.csv", f"{YEAR}/personale/totali-stampati.csv"], "voce", "Segretario Generale"),
         export=("personale", "voce")),
    Text("personale-nota-stampata", cell(f"{YEAR}/personale/totali-stampati.csv", 5, "nota", keep=True)),
    # premi.yaml
    Text("premi-documento", at(PRIZES, "documento")),
    Text("premi-gruppo", at(PRIZES, "distribuzione", 0, "gruppi", 0, "gruppo"), export=("premi-distribuzione", "gruppo")),
    Text("premi-valutazione", at(PRIZES, "distribuzione", 0, "gruppi", 0, "fasce", 1, "valutazione"), export=("premi-distribuzione", "valutazione")),
    Text("premi-nota", at(PRIZES, "distribuzione", 1, "nota"), export=("premi-distribuzione", "nota")),
    # relazione/*.yaml and their tables
    Text("relazione-titolo", at(REL, "titolo"), title=True, attack=TITLE),
    Text("relazione-sezione", at(REL, "sezione")),
    Text("relazione-testo", at(REL, "blocchi", 0, "testo"), attack=NEWLINE),
    Text("relazione-blocco-titolo", at(REL, "blocchi", block(lambda b: "elenco" in b and "titolo" in b), "titolo"), attack=ATTR),
    Text("relazione-elenco", at(REL, "blocchi", block(lambda b: "elenco" in b), "elenco", 0)),
    Text("relazione-nota", at(REL, "blocchi", block(lambda b: "nota" in b), "nota")),
    Text("relazione-tabella-titolo", at(REL, "blocchi", is_table("corsi-di-formazione"), "titolo"), feed=True, ttl=True, attack=BREAK),
    Text("relazione-grafico-titolo", at(REL, "blocchi", is_table("personale-per-funzione"), "grafico", "titolo")),
    Text("relazione-link-testo", at(f"{YEAR}/relazione/01-presentazione.yaml", "blocchi", block(lambda b: "link" in b), "link", "testo")),
    Text("tabella-intestazione", header(CORSI, 1), attack=8),
    Text("tabella-cella", cell(CORSI, 0, "Corso"), export=(CORSI_EXPORT, "Corso")),
    Text("tabella-etichetta-grafico", cell(FUNZIONI, 1, "Funzione"), svg=True),
]
PAYLOADS = {c.id: payload(n, c.attack) for n, c in enumerate(TEXT_CASES)}
# A URL with spaces and an accent is accepted and published percent-encoded.
SPACED_URL = "https://www.example.org/documenti/Piano 2025 è.pdf"
SPACED_URL_ENCODED = "https://www.example.org/documenti/Piano%202025%20%C3%A8.pdf"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Built:
    data: Path
    site: Path
    stored: dict[str, str]  # case id → the text as written in the data
    html: dict[str, BeautifulSoup]
    text: dict[str, str]  # page → its visible text, white space collapsed

    def exported(self, stem: str, ext: str) -> Path:
        return self.site / "dati" / YEAR / f"{stem}.{ext}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    tmp = tmp_path_factory.mktemp("payloads")
    d = copy_sample(tmp)
    body = (d / "ente.yaml").read_text(encoding="utf-8").replace("url_sito: da completare", f"url_sito: {SITE_URL}")
    (d / "ente.yaml").write_text(body, encoding="utf-8")
    (d / "documenti").mkdir()
    (d / "documenti" / "relazione-oiv.pdf").write_bytes(PDF)

    def documents(data):
        data["documenti"][1]["url"] = SPACED_URL
        data["documenti"].append({"voce": "oiv", "titolo": "Validazione", "atto": "Documento dell'OIV", "data": "2026-06-30",
                                  "file": "documenti/relazione-oiv.pdf"})

    _edit_yaml(d, DOCS_YAML, documents)
    stored = {c.id: c.put(d, PAYLOADS[c.id]) for c in TEXT_CASES}
    site = tmp / "sito"
    r = run("build", "--data", str(d), "--site", str(site), cwd=tmp)
    assert_clean(r.stdout + r.stderr)
    assert r.returncode == 0, r.stdout + r.stderr
    html = {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted(site.rglob("*.html"))}
    return Built(d, site, stored, html, {k: _flat(s.get_text(" ")) for k, s in html.items()})


# --- every output exists ---------------------------------------------------------------------


def test_every_output_exists(built):
    s = built.site
    for path in ("index.html", "feed.xml", "dati/catalogo.ttl", "dati/datapackage.json", "search/search_index.json", "sitemap.xml",
                 f"dati/{YEAR}/indicatori.csv", f"dati/{YEAR}/indicatori.json", f"dati/{YEAR}/{CORSI_EXPORT}.csv", "documenti/relazione-oiv.pdf"):
        assert (s / path).is_file(), path
    assert len(built.html) > 40
    assert len(list(s.rglob("*.svg"))) > 10
    for c in TEXT_CASES:
        if c.export:
            assert built.exported(c.export[0], "csv").is_file() and built.exported(c.export[0], "json").is_file(), c.export


# --- each payload is plain text wherever it lands ------------------------------------------------


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.id for c in TEXT_CASES])
def test_payload_is_text(built, case):
    text = built.stored[case.id]
    shown = _flat(text)
    marker = re.search(r"ZQ\d\d", text)[0]
    pages = [p for p, t in built.text.items() if marker in t]
    assert pages, f"{case.id}: {shown!r} is not shown on any page"
    for p in pages:  # wherever the marker shows, the whole payload shows with it, as text
        assert built.text[p].count(marker) == built.text[p].count(shown), f"{case.id}: {shown!r} is not all text in {p}"
    if case.title:
        titles = [p for p, s in built.html.items() if shown in _flat(s.title.get_text())]
        assert titles, f"{case.id}: {shown!r} not in any <title>"
        header_titles = [p for p in titles if shown in _flat(built.html[p].select_one(".md-header__title").get_text(" "))]
        assert header_titles, f"{case.id}: {shown!r} not in the header of its page"
    if case.export:
        stem, column = case.export
        rows = list(csv.DictReader(io.StringIO(built.exported(stem, "csv").read_text(encoding="utf-8"))))
        assert spreadsheet_text(text) in [r[column] for r in rows], f"{case.id}: CSV cell not found or not neutralised"
        doc = json.loads(built.exported(stem, "json").read_text(encoding="utf-8"))
        assert text in [r[column] for r in doc["righe"]], f"{case.id}: JSON value not exact"
    if case.feed:
        feed = ET.parse(built.site / "feed.xml").getroot()
        texts = [_flat(e.text or "") for e in feed.iter()]
        assert any(shown in t for t in texts), f"{case.id}: not in feed.xml as text"
    if case.ttl:
        g = rdflib.Graph().parse(built.site / "dati" / "catalogo.ttl", format="turtle")
        assert any(isinstance(o, rdflib.Literal) and text in str(o) for o in g.objects()), f"{case.id}: not a literal of catalogo.ttl"
    if case.svg:
        svgs = [p for p in built.site.rglob("*.svg") if marker in "".join(ET.parse(p).getroot().itertext())]
        assert svgs, f"{case.id}: not drawn as text in any chart"


def test_table_header_is_neutralised_in_csv_and_exact_in_json(built):
    text = built.stored["tabella-intestazione"]
    head = next(csv.reader(io.StringIO(built.exported(CORSI_EXPORT, "csv").read_text(encoding="utf-8"))))
    assert head[1] == spreadsheet_text(text)
    doc = json.loads(built.exported(CORSI_EXPORT, "json").read_text(encoding="utf-8"))
    assert text in doc["righe"][0]
    package = json.loads((built.site / "dati" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == f"{YEAR}/{CORSI_EXPORT}.csv")
    assert resource["schema"]["fields"][1]["name"] == head[1]  # the schema names the CSV's own header


def test_a_spaced_url_is_published_percent_encoded(built):
    hrefs = {a["href"] for s in built.html.values() for a in s.find_all("a", href=True)}
    assert SPACED_URL_ENCODED in hrefs
    feed = ET.parse(built.site / "feed.xml").getroot()
    assert SPACED_URL_ENCODED in {e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link")}


# --- nothing live anywhere ---------------------------------------------------------------------------

MATERIAL_INLINE = ("__md_scope=new URL(", "var target=document.getElementById(location.hash.slice(1))")
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset")


def _bad_url(value: str) -> bool:
    v = re.sub(r"[\x00-\x20]", "", value).lower()
    return v.startswith(("javascript:", "data:", "vbscript:"))


def _live_markup(soup: BeautifulSoup) -> list[str]:
    found = []
    for el in soup.find_all(True):
        for name, value in el.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{el.name} {name}=…>")
            if name.lower() in URL_ATTRS and _bad_url(value if isinstance(value, str) else " ".join(value)):
                found.append(f"<{el.name} {name}={value!r}>")
        if el.name == "img" and el.get("src") == "x":
            found.append("<img src=x>")
    # Where the data is printed (Material's own chrome has icons and the search form).
    for area in soup.select("article, .piede-ente") or [soup]:
        found += [f"<{el.name}>" for el in area.find_all(["iframe", "object", "embed", "base", "form", "svg", "math", "style", "link", "meta"])]
    return found


def test_no_script_but_materials_own(built):
    for page, soup in built.html.items():
        for s in soup.find_all("script"):
            if s.get("src"):
                assert re.fullmatch(r"(\.\./)*(/ente/)?assets/javascripts/[\w./-]+\.js", s["src"]), (page, s["src"])
            elif s.get("id") == "__config":
                assert "ZQ" not in s.get_text(), page
            else:
                assert s.get_text().startswith(MATERIAL_INLINE) and "ZQ" not in s.get_text(), (page, str(s)[:200])


def test_no_event_handler_and_no_script_url_in_any_page(built):
    bad = {page: found for page, soup in built.html.items() if (found := _live_markup(soup))}
    assert not bad, bad


def test_meta_and_aria_label_are_intact(built):
    for page, soup in built.html.items():
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta is not None and built.stored["ente-nome_breve"] in meta["content"], page
        logo = soup.select_one("a.md-header__button.md-logo")
        assert logo["aria-label"] == _flat(built.stored["ente-nome"]) == logo["title"], page


def test_search_index_holds_no_markup(built):
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in ("title", "text"):
            found = _live_markup(BeautifulSoup(doc[field], "html.parser"))
            assert not found and not BeautifulSoup(doc[field], "html.parser").find(["script", "img"]), (doc["location"], field, found)


def test_svg_charts_hold_only_text(built):
    for p in built.site.rglob("*.svg"):
        root = ET.parse(p).getroot()
        for el in root.iter():
            tag = el.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "foreignObject", "iframe", "a"), (p, tag)
            for name, value in el.attrib.items():
                assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (p, name)
                if name.rsplit("}", 1)[-1] == "href":
                    assert not _bad_url(value), (p, value)


def test_feed_and_catalogue_parse(built):
    ET.parse(built.site / "feed.xml")
    rdflib.Graph().parse(built.site / "dati" / "catalogo.ttl", format="turtle")
    for a in ET.parse(built.site / "feed.xml").getroot().iter("{http://www.w3.org/2005/Atom}link"):
        assert not _bad_url(a.get("href")), a.get("href")


def test_no_csv_cell_is_a_formula(built):
    for p in (built.site / "dati").rglob("*.csv"):
        for row in _read_csv(p):
            for c in row:
                assert not c.startswith(("=", "+", "-", "@", "\t", "\r")) or spreadsheet_text(c) == c, (p.name, c)
    sample_row = built.exported("contesto-esterno-indicatori-strutturali", "csv").read_text(encoding="utf-8")
    assert "\n'- di cui giovanili," in sample_row  # the sample's own label, no longer a formula
    assert '"- di cui giovanili"' in built.exported("contesto-esterno-indicatori-strutturali", "json").read_text(encoding="utf-8")


def test_data_package_is_valid(built):
    from frictionless import Package
    report = Package(str(built.site / "dati" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


# --- URL, e-mail and phone fields: a located error at validate time ---------------------------------------


@dataclass(frozen=True)
class Refused:
    id: str
    group: int  # cases of one group share a data folder and one `validate` (one case per field)
    file: str
    path: tuple  # YAML path of the field; a callable picks the key from its container
    value: str  # holds a unique marker (ZUnn) so that its line can be found
    field: str  # as the message names it
    expected: str  # part of the message that says what is expected


URL_EXPECTED = "atteso un indirizzo web completo che inizia con https://"
SECTION = "Disposizioni generali"
LINK = f"{YEAR}/relazione/01-presentazione.yaml"
LINK_BLOCK = block(lambda b: "link" in b)
URL_CASES = [
    Refused("sito_web-javascript", 0, "ente.yaml", ("sito_web",), "javascript:alert(1)//ZU01", "sito_web", 'lo schema "javascript:" non è ammesso'),
    Refused("url_sito-no-scheme", 0, "ente.yaml", ("url_sito",), "trasparenza.example.org/ZU02/", "url_sito", URL_EXPECTED),
    Refused("privacy-data", 0, "ente.yaml", ("privacy",), "data:text/html,<script>alert('ZU03')</script>", "privacy", 'lo schema "data:" non è ammesso'),
    Refused("accessibilita-quote", 0, "ente.yaml", ("dichiarazione_accessibilita",), 'https://form.agid.gov.it/ZU04" onmouseover="alert(1)',
            "dichiarazione_accessibilita", 'il carattere " non è ammesso'),
    Refused("email-breakout", 0, "ente.yaml", ("email",), 'ZU05@example.org" onmouseover="alert(1)', "email", "atteso un indirizzo di posta elettronica"),
    Refused("pec-javascript", 0, "ente.yaml", ("pec",), "javascript:alert(1)//ZU06", "pec", "atteso un indirizzo di posta elettronica"),
    Refused("telefono-script", 0, "ente.yaml", ("telefono",), "<script>alert(1)</script>ZU07", "telefono", "atteso un numero di telefono"),
    Refused("sezioni_esterne-javascript", 0, "ente.yaml", ("sezioni_esterne", SECTION), "javascript:alert(1)//ZU08", f"sezioni_esterne.{SECTION}",
            'lo schema "javascript:"'),
    Refused("documento-url-quote", 0, DOCS_YAML, ("documenti", 0, "url"), 'https://www.example.org/ZU09".pdf', "documenti[0].url", 'il carattere " non è ammesso'),
    Refused("documento-url-protocol-relative", 0, DOCS_YAML, ("documenti", 1, "url"), "//evil.example/ZU10.pdf", "documenti[1].url", URL_EXPECTED),
    Refused("link-url-javascript", 0, LINK, ("blocchi", LINK_BLOCK, "link", "url"), "javascript:alert(1)//ZU11", "link.url", 'lo schema "javascript:"'),
    Refused("url_sito-no-host", 1, "ente.yaml", ("url_sito",), "https:///ZU12/", "url_sito", "manca il nome del sito"),
    Refused("sito_web-quote", 1, "ente.yaml", ("sito_web",), 'https://www.example.org/ZU13" onmouseover="alert(1)', "sito_web", 'il carattere " non è ammesso'),
    Refused("privacy-vbscript", 1, "ente.yaml", ("privacy",), "vbscript:msgbox(ZU14)", "privacy", 'lo schema "vbscript:"'),
    Refused("accessibilita-mixed-case", 1, "ente.yaml", ("dichiarazione_accessibilita",), "JaVaScRiPt:alert(1)//ZU15", "dichiarazione_accessibilita",
            'lo schema "javascript:"'),
    Refused("telefono-letters", 1, "ente.yaml", ("telefono",), "chiamare ZU16", "telefono", "atteso un numero di telefono"),
    Refused("documento-url-angle", 1, DOCS_YAML, ("documenti", 0, "url"), "https://www.example.org/<script>ZU17", "documenti[0].url", "il carattere < non è ammesso"),
    Refused("documento-url-bare-host", 1, DOCS_YAML, ("documenti", 1, "url"), "https://ZU18/x.pdf", "documenti[1].url", "non è un nome di sito valido"),
    Refused("link-url-newline", 1, LINK, ("blocchi", LINK_BLOCK, "link", "url"), "https://www.example.org/ZU19\tjavascript:alert(1)", "link.url",
            "a capo, tabulazioni e caratteri di controllo non sono ammessi"),
    Refused("url_sito-query", 2, "ente.yaml", ("url_sito",), "https://trasparenza.example.org/?ZU20", "url_sito", "non può contenere ? o #"),
    Refused("sito_web-no-host", 2, "ente.yaml", ("sito_web",), "https://:80/ZU21", "sito_web", "manca il nome del sito"),
    Refused("privacy-userinfo", 2, "ente.yaml", ("privacy",), "https://www.as.camcom.it@evil.example/ZU22", "privacy",
            "nome utente o password prima di @ non ammessi"),
    Refused("accessibilita-homograph", 2, "ente.yaml", ("dichiarazione_accessibilita",), "https://form.\u0430gid.gov.it/ZU23",
            "dichiarazione_accessibilita", "il nome del sito mescola alfabeti diversi (cirillico e latino)"),
    Refused("documento-url-punycode-homograph", 2, DOCS_YAML, ("documenti", 0, "url"), "https://www.xn--rezzo-4ve.it/ZU24.pdf",
            "documenti[0].url", "il nome del sito mescola alfabeti diversi (cirillico e latino)"),
]


def _line_of(path: Path, marker: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if marker in line)


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """One data folder per group with its bad addresses; one `validate` reports them all."""
    runs = {}
    for group in sorted({c.group for c in URL_CASES}):
        tmp = tmp_path_factory.mktemp(f"indirizzi{group}")
        d = copy_sample(tmp)
        for c in (c for c in URL_CASES if c.group == group):
            if c.path[0] == "sezioni_esterne":
                _edit_yaml(d, c.file, lambda b, c=c: b.setdefault("sezioni_esterne", {}).update({SECTION: c.value}))
            else:
                at(c.file, *c.path)(d, c.value)
        runs[group] = d, run("validate", "--data", "dati", cwd=tmp)
    return runs


@pytest.mark.parametrize("case", URL_CASES, ids=[c.id for c in URL_CASES])
def test_bad_address_is_a_located_error(refused, case):
    d, r = refused[case.group]
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert_clean(out)
    line = _line_of(d / case.file, re.search(r"ZU\d\d", case.value)[0])
    assert_located(out, f"dati/{case.file}:{line}:", case.field, f'"{case.value}"', case.expected)


def test_placeholders_are_still_accepted(tmp_path):
    r = run("validate", "--data", str(copy_sample(tmp_path)), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "url_sito: da completare" in r.stdout + r.stderr


# --- files served as documents: extension and content ---------------------------------------------------


def _odt(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", mimetype)
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"
SVG_IMAGE = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
FILE_CASES = [
    # (id, file name, content, part of the message or None when accepted)
    ("html-page", "pagina.html", HTML_PAGE, "tipo di file non ammesso (.html)"),
    ("svg-image", "logo.svg", SVG_IMAGE, "tipo di file non ammesso (.svg)"),
    ("pdf-that-is-html", "relazione.pdf", HTML_PAGE, "il contenuto non è un documento PDF"),
    ("docx-that-is-text", "piano.docx", b"solo testo", "il contenuto non è un documento OOXML"),
    ("odt-with-another-mimetype", "piano.odt", _odt("text/html"), "il contenuto non è un documento ODF"),
    ("txt-that-is-html", "leggimi.txt", b"  <script>alert(1)</script>", "inizia come una pagina HTML"),
    ("png-that-is-svg", "grafico.png", SVG_IMAGE, "il contenuto non è un documento PNG"),
    ("real-pdf", "validazione.pdf", PDF, None),
    ("real-odt", "relazione.odt", _odt(), None),
    ("real-docx", "relazione.docx", _docx(), None),
    ("real-csv", "dati.csv", "anno,valore\n2025,1 < 2\n".encode(), None),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("documenti")
    d = copy_sample(tmp)
    (d / "documenti").mkdir()
    for _, name, content, _ in FILE_CASES:
        (d / "documenti" / name).write_bytes(content)
    _edit_yaml(d, DOCS_YAML, lambda data: data["documenti"].extend(
        {"voce": "oiv", "titolo": f"Documento {name}", "data": "2026-06-30", "file": f"documenti/{name}"} for _, name, _, _ in FILE_CASES))
    return d, run("validate", "--data", "dati", cwd=tmp)


@pytest.mark.parametrize("name,content,message", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_served_document_is_checked_by_extension_and_content(served, name, content, message):
    d, r = served
    out = r.stdout + r.stderr
    assert r.returncode == 1, out  # some cases are refused
    assert_clean(out)
    if message is None:
        assert f'"documenti/{name}"' not in out, out
    else:
        line = _line_of(d / DOCS_YAML, f"documenti/{name}")
        assert_located(out, f"dati/{DOCS_YAML}:{line}:", "file", f'"documenti/{name}"', message)
