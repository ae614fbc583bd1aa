"""The DCAT-AP_IT catalogue of the sample's open data: parsed back with rdflib and
queried, so the tests check the graph a harvester reads, not the Turtle layout."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
from datetime import date

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from generator import opendata
from generator.build import check
from generator.catalog import CATALOG_PATH, DCATAPIT, VCARD, catalog_turtle, dataset_iri

from .conftest import ROOT

BASE = "https://trasparenza.example.org/ente/"
MODIFIED = date(2026, 11, 22)
EU = "http://publications.europa.eu/resource/authority/"
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")

# Open namespaces: pytest probes module attributes, which rdflib's closed ones warn about.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

PREFIXES = {"dcat": DCAT, "dct": DCT, "dcatapit": DCATAPIT, "foaf": FOAF, "vcard": VCARD, "rdf": RDF}


@pytest.fixture(scope="module")
def sample(sample_dir):
    ds, results, issues = check(sample_dir)
    assert not issues.errors, [str(i) for i in issues.errors]
    return ds.body, opendata.exports(ds, results)


@pytest.fixture(scope="module")
def turtle(sample) -> str:
    body, exports = sample
    return catalog_turtle(body, exports, BASE, MODIFIED)


@pytest.fixture(scope="module")
def g(turtle) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


@pytest.fixture(scope="module")
def real(sample) -> Graph:
    """The same catalogue for a body whose IPA code and e-mail are known."""
    body, exports = sample
    body = body.model_copy(update={"ipa_code": "cciaa_ar_si", "email": "trasparenza@as.camcom.it"})
    return Graph().parse(data=catalog_turtle(body, exports, BASE, MODIFIED), format="turtle")


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def of_type(g: Graph, *classes) -> set:
    """Subjects typed with every one of `classes`."""
    return set.intersection(*(set(g.subjects(RDF.type, c)) for c in classes))


def missing(g: Graph, cls: str, props: list[str]) -> list[tuple]:
    """(subject, property) pairs where an instance of `cls` lacks a mandatory property (SPARQL)."""
    out = []
    for p in props:
        q = f"SELECT ?s WHERE {{ ?s a {cls} . FILTER NOT EXISTS {{ ?s {p} ?o }} }}"
        out += [(row.s, p) for row in g.query(q, initNs=PREFIXES)]
    return out


# --- catalogue -------------------------------------------------------------------

CATALOG_PROPS = ["dct:title", "dct:description", "dct:publisher", "dct:modified", "dcat:dataset", "foaf:homepage", "dct:language"]


def test_one_catalogue_with_every_mandatory_property(g, sample):
    cats = of_type(g, DCATAPIT.Catalog, DCAT.Catalog)
    assert cats == {URIRef(f"{BASE}{CATALOG_PATH}#catalogo")}
    assert set(g.subjects(RDF.type, DCAT.Catalog)) == cats
    assert missing(g, "dcatapit:Catalog", CATALOG_PROPS) == []
    cat = cats.pop()
    body, _ = sample
    assert one(g, cat, DCT.title).language == "it" and body.name in one(g, cat, DCT.title)
    assert one(g, cat, DCT.description).language == "it"
    assert one(g, cat, DCT.modified) == Literal(MODIFIED, datatype=XSD.date)
    assert one(g, cat, FOAF.homepage) == URIRef(BASE)
    assert one(g, cat, DCT.language) == URIRef(f"{EU}language/ITA")
    assert (cat, DCT.issued, None) not in g  # nothing in the data dates the first publication


# --- datasets --------------------------------------------------------------------

DATASET_PROPS = ["dct:identifier", "dct:title", "dct:description", "dct:modified", "dcat:theme", "dct:rightsHolder",
                 "dct:publisher", "dct:accrualPeriodicity", "dcat:contactPoint", "dct:temporal", "dcat:distribution"]


def test_one_dataset_per_export_with_every_mandatory_property(g, sample):
    _, exports = sample
    [cat] = of_type(g, DCATAPIT.Catalog)
    iris = {dataset_iri(BASE, e) for e in exports}
    assert len(iris) == len(exports) == 17  # 15 tables of the report + the 2 tables of objective 1
    assert set(g.objects(cat, DCAT.dataset)) == iris
    assert of_type(g, DCATAPIT.Dataset, DCAT.Dataset) == iris == set(g.subjects(RDF.type, DCAT.Dataset))
    assert missing(g, "dcatapit:Dataset", DATASET_PROPS) == []


def test_dataset_values_follow_the_export(g, sample):
    _, exports = sample
    agent = URIRef(f"{BASE}{CATALOG_PATH}#ente")
    for e in exports:
        d = dataset_iri(BASE, e)
        assert one(g, d, DCT.identifier) == Literal(f"da completare:{e.name}")
        assert one(g, d, DCT.title) == Literal(e.title, lang="it")
        assert one(g, d, DCT.description) == Literal(e.description, lang="it")
        assert one(g, d, DCT.modified) == Literal(e.updated, datatype=XSD.date)
        assert set(g.objects(d, DCAT.theme)) == {URIRef(f"{EU}data-theme/{t}") for t in e.themes}
        assert one(g, d, DCT.accrualPeriodicity) == URIRef(f"{EU}frequency/ANNUAL")
        assert one(g, d, DCT.rightsHolder) == one(g, d, DCT.publisher) == agent
        period = one(g, d, DCT.temporal)
        assert (period, RDF.type, DCT.PeriodOfTime) in g
        for start, end in ((DCATAPIT.startDate, DCATAPIT.endDate), (DCAT.startDate, DCAT.endDate)):
            assert one(g, period, start) == Literal(date(e.period[0], 1, 1), datatype=XSD.date)
            assert one(g, period, end) == Literal(date(e.period[1], 12, 31), datatype=XSD.date)


@pytest.mark.parametrize("fmt, path, media", [("CSV", "csv_path", "text/csv"), ("JSON", "json_path", "application/json")])
def test_two_distributions_per_dataset(g, sample, fmt, path, media):
    _, exports = sample
    for e in exports:
        dists = list(g.objects(dataset_iri(BASE, e), DCAT.distribution))
        assert len(dists) == 2 and all((x, RDF.type, DCATAPIT.Distribution) in g and (x, RDF.type, DCAT.Distribution) in g for x in dists)
        [d] = [x for x in dists if one(g, x, DCT["format"]) == URIRef(f"{EU}file-type/{fmt}")]
        url = URIRef(BASE + getattr(e, path))
        assert one(g, d, DCAT.accessURL) == one(g, d, DCAT.downloadURL) == url
        assert url.startswith(BASE) and url.endswith("." + fmt.lower())
        assert one(g, d, DCAT.mediaType) == URIRef(f"http://www.iana.org/assignments/media-types/{media}")
        assert one(g, d, DCT.title) == Literal(f"{e.title} ({fmt})", lang="it")
        assert one(g, d, DCT.license) == LICENCE


def test_licence_is_a_typed_licence_document(g):
    assert missing(g, "dcatapit:Distribution", ["dct:format", "dcat:accessURL", "dct:license"]) == []
    assert set(g.objects(None, DCT.license)) == {LICENCE}
    assert {DCATAPIT.LicenseDocument, DCT.LicenseDocument} <= set(g.objects(LICENCE, RDF.type))
    assert one(g, LICENCE, DCT.type) == URIRef("http://purl.org/adms/licencetype/Attribution")
    assert one(g, LICENCE, FOAF.name) == Literal("CC BY 4.0")


# --- agent and contact point -------------------------------------------------------


@pytest.mark.parametrize("role", [DCT.publisher, DCT.rightsHolder])
def test_agents_have_identifier_and_name(g, sample, role):
    body, _ = sample
    agents = set(g.objects(None, role))
    assert len(agents) == 1
    agent = agents.pop()
    assert {DCATAPIT.Agent, FOAF.Agent} <= set(g.objects(agent, RDF.type))
    assert one(g, agent, DCT.identifier) == Literal("da completare")  # placeholder kept, never invented
    assert one(g, agent, FOAF.name) == Literal(body.name, lang="it")


@pytest.mark.parametrize("graph, email, prefix", [
    ("g", None, "da completare:"),
    ("real", URIRef("mailto:trasparenza@as.camcom.it"), "cciaa_ar_si:"),
])
def test_contact_point_and_identifiers(request, sample, graph, email, prefix):
    gr: Graph = request.getfixturevalue(graph)
    body, exports = sample
    contacts = set(gr.objects(None, DCAT.contactPoint))
    assert len(contacts) == 1
    c = contacts.pop()
    assert {DCATAPIT.Organization, VCARD.Organization} <= set(gr.objects(c, RDF.type))
    assert one(gr, c, VCARD.fn) == Literal(body.name)
    assert list(gr.objects(c, VCARD.hasEmail)) == ([email] if email else [])
    ids = {str(one(gr, dataset_iri(BASE, e), DCT.identifier)) for e in exports}
    assert ids == {prefix + e.name for e in exports}
    [agent] = set(gr.objects(None, DCT.publisher))
    assert one(gr, agent, DCT.identifier) == Literal(prefix.removesuffix(":"))


# --- determinism and input checks --------------------------------------------------


def test_same_input_same_bytes(turtle, sample):
    body, exports = sample
    assert catalog_turtle(body, exports, BASE, MODIFIED) == turtle
    assert turtle.startswith("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n") and turtle.endswith(" .\n")


def test_same_bytes_under_another_hash_seed(turtle, sample):
    """Set and dict order depend on the hash seed: a fresh interpreter must give the same text."""
    body, exports = sample
    args = pickle.dumps((body, [dataclasses.replace(e, rows=[]) for e in exports], BASE, MODIFIED))
    code = "import pickle, sys; from generator.catalog import catalog_turtle; sys.stdout.write(catalog_turtle(*pickle.load(sys.stdin.buffer)))"
    env = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run([sys.executable, "-c", code], input=args, capture_output=True, cwd=ROOT, env=env, check=True)
    assert out.stdout.decode("utf-8") == turtle


@pytest.mark.parametrize("base", ["da completare", "https://trasparenza.example.org/ente", "ftp://example.org/", "/ente/"])
def test_base_url_must_be_absolute_and_end_with_slash(sample, base):
    body, exports = sample
    with pytest.raises(ValueError, match="indirizzo del sito non valido"):
        catalog_turtle(body, exports, base, MODIFIED)


@pytest.mark.parametrize("themes", [("GOVERNMENT",), ()])
def test_themes_must_come_from_the_eu_vocabulary(sample, themes):
    body, exports = sample
    bad = [dataclasses.replace(exports[0], themes=themes), *exports[1:]]
    with pytest.raises(ValueError, match="vocabolario europeo dei temi"):
        catalog_turtle(body, bad, BASE, MODIFIED)
