"""Publication rules (issue: Amministrazione trasparente structure and open data).

- the AT tree is reachable from the home page following only the official labels;
- every dataset has CSV and JSON; the Data Package validates with frictionless;
- every CSV, read back, matches the values shown on its page;
- every content page shows its date of last update (from the data) and reference year;
- with url_sito set (a sub-path), sitemap, feed and DCAT-AP_IT catalogue are absolute and valid.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from frictionless import validate
from rdflib import RDF, Graph, Namespace

from generator.build import build

AT = "amministrazione-trasparente"
YEAR = f"{AT}/performance/relazione-sulla-performance/2025"

# Path of official labels from the home page to every item the site must publish.
TREE = [
    ["Amministrazione trasparente", "Personale", "Dotazione organica"],
    ["Amministrazione trasparente", "Performance", "Sistema di misurazione e valutazione della Performance"],
    ["Amministrazione trasparente", "Performance", "Piano della Performance"],
    ["Amministrazione trasparente", "Performance", "Relazione sulla Performance"],
    ["Amministrazione trasparente", "Performance", "Ammontare complessivo dei premi"],
    ["Amministrazione trasparente", "Performance", "Dati relativi ai premi"],
    ["Amministrazione trasparente", "Bilanci", "Bilancio preventivo e consuntivo"],
    ["Amministrazione trasparente", "Bilanci", "Piano degli indicatori e risultati attesi di bilancio"],
    ["Amministrazione trasparente", "Controlli e rilievi sull'amministrazione",
     "Organismi indipendenti di valutazione, nuclei di valutazione o altri organismi con funzioni analoghe"],
    ["Amministrazione trasparente", "Altri contenuti", "Accessibilità e Catalogo dei dati, metadati e banche dati",
     "Catalogo dei dati, metadati e delle banche dati"],
]


def page(site: Path, rel: str) -> BeautifulSoup:
    target = site / rel
    if target.is_dir() or rel.endswith("/") or rel == "":
        target = target / "index.html"
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")


def follow(site: Path, current: str, label: str) -> str:
    """The page reached from `current` by the link in the article whose text is exactly `label`."""
    s = page(site, current)
    links = [a for a in s.select("article a[href]") if a.get_text(" ", strip=True) == label]
    assert links, f"{current or 'home'}: no link with text exactly {label!r}"
    target = (Path(current) / unquote(urlsplit(links[0]["href"]).path)).as_posix()
    parts: list[str] = []
    for part in target.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) + "/"


@pytest.mark.parametrize("labels", TREE, ids=[t[-1][:40] for t in TREE])
def test_every_item_is_reached_following_official_labels(built_site, labels):
    here = ""
    for label in labels:
        here = follow(built_site, here, label)
    s = page(built_site, here)
    assert s.select_one("article h1").get_text(strip=True) == labels[-1]


def test_documents_listed_with_act_date_and_format(built_site):
    s = page(built_site, f"{AT}/performance/piano-della-performance/")
    row = next(tr for tr in s.select("table tbody tr") if "Piano integrato" in tr.get_text())
    cells = [c.get_text(" ", strip=True) for c in row.select("th, td")]
    assert cells == [
        "Piano integrato di attività e organizzazione 2025-2027",
        "Approvato con deliberazione n. 3 del 27/01/2025, aggiornato con deliberazione n. 75 del 30/09/2025",
        "30/09/2025",
        "PDF",
        "—",
    ]
    assert row.a["href"].startswith("https://www.as.camcom.it/")
    oiv = page(built_site, f"{AT}/controlli-e-rilievi-sull-amministrazione/organismi-indipendenti-di-valutazione/")
    assert "Nessun contenuto pubblicato" in oiv.get_text()


# --- open data ---------------------------------------------------------------------------


def test_every_dataset_has_csv_and_json_and_the_package_validates(built_site):
    package = built_site / "dati" / "datapackage.json"
    report = validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    import json

    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    assert len(resources) >= 15
    for r in resources:
        csv_file = built_site / "dati" / r["path"]
        assert csv_file.is_file() and csv_file.with_suffix(".json").is_file(), r["name"]


def test_every_page_with_data_links_its_csv_and_json(built_site):
    for p in built_site.rglob("index.html"):
        s = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for box in s.select(".scarica p"):
            hrefs = [a["href"] for a in box.select("a")]
            assert [h.rsplit(".", 1)[-1] for h in hrefs] == ["csv", "json"], p
            for h in hrefs:
                assert (p.parent / h).resolve().is_file(), f"{p}: {h}"
    for rel in (YEAR, f"{YEAR}/cruscotti/area-1", f"{AT}/bilanci/bilancio-preventivo-e-consuntivo/2025", f"{YEAR}/contesto-esterno",
                f"{AT}/personale/dotazione-organica/2025", f"{AT}/performance/dati-relativi-ai-premi"):
        assert page(built_site, rel + "/").select(".scarica a"), rel


CATALOGUE = f"{AT}/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/catalogo-dei-dati-metadati-e-delle-banche-dati"


def test_catalogue_lists_every_dataset_on_its_year_page(built_site):
    index = page(built_site, CATALOGUE + "/")
    years = sorted(d.name for d in (built_site / "dati").iterdir() if d.is_dir())
    rows = {tr.th.get_text(strip=True): tr for tr in index.select("table tbody tr")}
    assert sorted(rows) == years
    for year in years:
        row = rows[year]
        assert row.th.a["href"] == f"{year}/"
        year_page = page(built_site, f"{CATALOGUE}/{year}/")
        linked = {(built_site / CATALOGUE / year / a["href"]).resolve() for a in year_page.select("table td a")}
        published = {f.resolve() for f in (built_site / "dati" / year).glob("*") if f.suffix in (".csv", ".json")}
        assert linked == published, year
        assert row.select("td")[0].get_text(strip=True) == str(len(published) // 2)


def read_csv(site: Path, rel: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / rel).read_text(encoding="utf-8"))))


def italian(value: str, places: int | None = None) -> str:
    from generator import fmt

    return fmt.number(Decimal(value), places)


def test_indicator_csv_matches_the_scorecard_pages(built_site):
    rows = read_csv(built_site, "dati/2025/indicatori.csv")
    assert len(rows) == 105
    for card in ("area-1", "area-2", "arezzo-sviluppo"):
        s = page(built_site, f"{YEAR}/cruscotti/{card}/")
        shown = [
            [tr.th.contents[0].strip(), *(td.contents[0].strip() if td.contents else "" for td in tr.select("td")[:2]), tr.select("td")[2].get_text(" ", strip=True)]
            for tr in s.select("table.indicatori tbody tr")
        ]
        mine = [r for r in rows if r["scheda"] == card]
        assert len(shown) == len(mine)
        for (name, target, actual, score), r in zip(shown, mine):
            assert name == r["indicatore"]
            assert target == (r["target"] or "—")
            assert actual == (r["actual"] or "—")
            if r["grado_raggiungimento"]:
                assert italian(r["grado_raggiungimento"], 0) + "%" in score


def test_budget_csv_matches_the_budget_page(built_site):
    rows = read_csv(built_site, "dati/2025/conto-economico.csv")
    s = page(built_site, f"{AT}/bilanci/bilancio-preventivo-e-consuntivo/2025/")
    shown = [[td.get_text(strip=True) for td in tr.select("td")] for tr in s.select("table.bilancio tbody tr:not(.sezione)")]
    assert len(shown) == len(rows)
    for cells, r in zip(shown, rows):
        expected = [italian(r[k]) if r[k] else "—" for k in ("preventivo", "consuntivo", "scostamento")]
        expected.append(italian(r["scostamento_percentuale"], 1) + "%" if r["scostamento_percentuale"] else "—")
        assert cells == expected, r["voce"]


def test_staff_csv_matches_the_gender_page(built_site):
    rows = read_csv(built_site, "dati/2025/personale.csv")
    s = page(built_site, f"{YEAR}/dimensione-di-genere/")
    table = next(t for t in s.select("table.personale") if "titolo di studio" in t.caption.get_text())
    seats, genders = ["Arezzo", "Siena"], ["Donne", "Uomini"]
    for tr in table.select("tbody tr"):
        label = tr.th.get_text(strip=True)
        if label == "Totale":
            continue
        cells = [td.get_text(strip=True) for td in tr.select("td")][:4]
        expected = [next(r["numero"] for r in rows if r["tavola"] == "istruzione" and r["voce"] == label and r["sede"] == s_ and r["genere"] == g)
                    for s_ in seats for g in genders]
        assert cells == expected, label


def test_context_table_csv_matches_its_page(built_site):
    rows = read_csv(built_site, "dati/2025/contesto-esterno-commercio-estero.csv")
    s = page(built_site, f"{YEAR}/contesto-esterno/")
    table = next(t for t in s.select("table") if t.caption and "per provincia" in t.caption.get_text() and t.find_parent("details") is None)
    shown = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")}
    for r in rows:
        label = r["Provincia"]
        assert shown[label][1] == italian(r["Esportazioni"]), label
        assert shown[label][3] == italian(r["Var. % export su 2024"]) + "%", label


# --- dates of last update ------------------------------------------------------------------

DATE = re.compile(r"Ultimo aggiornamento: (\d{2}/\d{2}/\d{4})")


def test_every_content_page_shows_update_date_and_reference_year(built_site, sample_dir):
    allowed = {"22/11/2026"}  # every `aggiornato` of the frozen sample
    for p in built_site.rglob("index.html"):
        rel = p.parent.relative_to(built_site).as_posix()
        if rel in ("come-leggere-i-dati", "glossario", "search"):  # the product's own pages, not data
            continue
        text = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select_one("article").get_text(" ", strip=True)
        found = DATE.findall(text)
        assert found and set(found) <= allowed, rel
        if "/2025" in rel or rel.endswith(("dati-relativi-ai-premi", "ammontare-complessivo-dei-premi")):
            assert "Anno di riferimento:" in text, rel


# --- a site hosted under a sub-path, with its address configured ---------------------------------

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, sample_dir) -> Path:
    data = tmp_path_factory.mktemp("hosted") / "dati"
    shutil.copytree(sample_dir, data)
    body = data / "ente.yaml"
    text = body.read_text(encoding="utf-8").replace("url_sito: da completare", "url_sito: https://trasparenza.example.org/ente/")
    body.write_text(text.replace("codice_ipa: da completare", "codice_ipa: cciaa_as"), encoding="utf-8")
    site = data.parent / "site"
    build(data, site, cache_dir=None)
    return site


def test_sitemap_and_robots_under_the_sub_path(hosted):
    sitemap = (hosted / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) >= 40
    assert all(loc.startswith("https://trasparenza.example.org/ente/") for loc in locs)
    robots = (hosted / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow" not in robots and "Sitemap: https://trasparenza.example.org/ente/sitemap.xml" in robots
    for p in hosted.rglob("*.html"):
        assert 'name="robots"' not in p.read_text(encoding="utf-8")


def test_no_link_assumes_the_domain_root(hosted):
    for p in hosted.rglob("*.html"):
        s = BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for el in s.select("a[href], link[href], script[src], img[src]"):
            url = el.get("href") or el.get("src")
            if url.startswith("/") and not url.startswith(("//", "/ente/")):  # the 404 page may use the site's own sub-path
                pytest.fail(f"{p.relative_to(hosted)}: root-relative link {url}")
            parts = urlsplit(url)
            if parts.netloc == "trasparenza.example.org":
                assert parts.path.startswith("/ente/"), url
            if not parts.scheme and not parts.netloc and parts.path:
                base = hosted if parts.path.startswith("/ente/") else p.parent
                target = (base / unquote(parts.path.removeprefix("/ente/"))).resolve()
                assert target.exists(), f"{p.relative_to(hosted)}: broken link {url}"


def test_catalogue_is_published_and_parses(hosted):
    g = Graph().parse(hosted / "dati" / "catalogo.ttl", format="turtle")
    catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
    datasets = list(g.subjects(RDF.type, DCAT.Dataset))
    assert len(catalogs) == 1 and len(datasets) >= 15
    for ds in datasets:
        for prop in (DCT.identifier, DCT.title, DCT.description, DCT.modified, DCAT.theme, DCT.rightsHolder, DCT.accrualPeriodicity, DCAT.distribution):
            assert g.value(ds, prop) is not None, (ds, prop)
        assert str(g.value(ds, DCT.identifier)).startswith("cciaa_as:")
        for dist in g.objects(ds, DCAT.distribution):
            url = str(g.value(dist, DCAT.accessURL))
            assert url.startswith("https://trasparenza.example.org/ente/dati/")
            assert (hosted / url.removeprefix("https://trasparenza.example.org/ente/")).is_file()
    cat_page = page(hosted, f"{AT}/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/catalogo-dei-dati-metadati-e-delle-banche-dati/")
    assert cat_page.select_one("a[href$='catalogo.ttl']")


def test_feed_has_an_entry_per_dataset_and_document(hosted):
    feed = (hosted / "feed.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<entry>.*?</entry>", feed, re.S)
    datasets = len(list((hosted / "dati" / "2025").glob("*.csv")))
    assert len(entries) == datasets + 2  # + the SMVP and the PIAO
    assert all("<updated>" in e and "https://" in e for e in entries)
