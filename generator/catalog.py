"""Open data catalogue: every export described in DCAT-AP_IT, serialised as Turtle.

DCAT-AP_IT is AgID's Italian application profile of DCAT-AP; national and
regional portals (dati.gov.it) harvest a catalogue written in it. The output
holds the profile's mandatory classes and properties (plus the few recommended
ones the data can support), so the harvester finds everything it needs:

- the catalogue (`dcatapit:Catalog`, `dcat:Catalog`): title, description,
  publisher, modified, homepage, language, one `dcat:dataset` per export;
  no `dct:issued`, because nothing in the data says when the catalogue was
  first published (`updated` dates are last-change dates and move);
- the body (`dcatapit:Agent`, `foaf:Agent`): `dct:identifier` is the IPA code,
  written as it is even when still "da completare" (the validator warns the
  editors; a code is never invented), and `foaf:name`; it is the catalogue's
  publisher and every dataset's publisher and rights holder;
- one contact point (`dcatapit:Organization`, `vcard:Organization`,
  `vcard:Kind`) with `vcard:fn` and, when the body's e-mail is known,
  `vcard:hasEmail <mailto:…>`;
- per export a dataset (`dcatapit:Dataset`, `dcat:Dataset`): identifier
  "<IPA code>:<export name>", title, description, modified, EU data themes,
  rights holder, publisher, annual accrual periodicity, contact point, the
  export's calendar year as temporal coverage, and two distributions;
- the temporal coverage (`dct:PeriodOfTime`, one per year, shared) carries
  both `dcatapit:startDate`/`dcatapit:endDate` (the profile's own properties,
  sub-properties of schema:startDate/endDate) and `dcat:startDate`/
  `dcat:endDate` (DCAT 2 / DCAT-AP 2+), so readers of either generation find it;
- per export two distributions (`dcatapit:Distribution`, `dcat:Distribution`),
  CSV and JSON: title, EU file-type format, IANA media type, absolute access
  and download URLs, and the CC BY 4.0 licence (`dcatapit:LicenseDocument`,
  `dct:LicenseDocument`, typed ADMS "Attribution", `foaf:name "CC BY 4.0"`).

IRIs. The catalogue is meant to be published at `CATALOG_PATH` under the site
root; every node it defines is a fragment of that document, so each IRI
resolves to the file that describes it (a static site cannot do 303s):

    {base_url}dati/catalogo.ttl#catalogo              the catalogue
    {base_url}dati/catalogo.ttl#ente                  the body (agent)
    {base_url}dati/catalogo.ttl#contatto              the contact point
    {base_url}dati/catalogo.ttl#periodo-{year}        a year's PeriodOfTime
    {base_url}dati/catalogo.ttl#{export.name}         a dataset
    {base_url}dati/catalogo.ttl#{export.name}-csv     its CSV distribution
    {base_url}dati/catalogo.ttl#{export.name}-json    its JSON distribution

Export names are unique (they start with the year), so the fragments are too.
Vocabulary terms (themes, formats, frequency, language, licence) are the
authorities' own IRIs. There are no blank nodes.

Determinism: the graph has no blank nodes and rdflib's Turtle serializer
sorts subjects, predicates and objects, so the same input gives the same bytes
(checked across hash seeds in the tests). Pure: returns text, writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import quote, urlsplit

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, RDF, XSD

from . import escape
from .model import Body, is_placeholder
from .opendata import DATA_DIR, LICENSE, Export

CATALOG_PATH = f"{DATA_DIR}/catalogo.ttl"

# rdflib's closed namespaces (DCAT, DCT, FOAF) reject misspelt terms; these two are open.
DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(f"{EU}data-theme/")
FILE_TYPE = Namespace(f"{EU}file-type/")
FREQUENCY = Namespace(f"{EU}frequency/")
LANGUAGE = Namespace(f"{EU}language/")
IANA = Namespace("http://www.iana.org/assignments/media-types/")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
LICENSE_IRI = URIRef(LICENSE["path"])
LICENSE_NAME = "CC BY 4.0"

# EU Vocabularies "Data theme" authority table (dcat:theme must be one of these).
THEMES = frozenset({"AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN"})

# (fragment suffix, label in titles, EU file type, IANA media type, path attribute of Export)
FORMATS = (("csv", "CSV", "CSV", "text/csv", "csv_path"), ("json", "JSON", "JSON", "application/json", "json_path"))

PREFIXES = {"dcat": DCAT, "dct": DCT, "dcatapit": DCATAPIT, "foaf": FOAF, "vcard": VCARD, "xsd": XSD}


def _check_base(base_url: str) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not base_url.endswith("/"):
        raise ValueError(f"indirizzo del sito non valido per il catalogo dei dati: {base_url!r} "
                         "(serve un URL assoluto http o https che termina con /)")


def _node(base_url: str, fragment: str) -> URIRef:
    return URIRef(f"{base_url}{CATALOG_PATH}#{quote(fragment, safe='-._~')}")


def dataset_iri(base_url: str, export: Export) -> URIRef:
    """IRI of the dataset describing `export` (a fragment of the catalogue document)."""
    return _node(base_url, export.name)


def _file_url(base_url: str, path: str) -> URIRef:
    return URIRef(base_url + quote(path, safe="/-._~"))


def _years(exports: Iterable[Export]) -> str:
    years = sorted({e.year for e in exports})
    if not years:
        return ""
    if len(years) == 1:
        return f" Anno: {years[0]}."
    return f" Anni: {', '.join(map(str, years[:-1]))} e {years[-1]}."


def catalog_turtle(body: Body, exports: list[Export], base_url: str, modified: date) -> str:
    """The DCAT-AP_IT catalogue of `exports`, published by `body`, as Turtle.

    `base_url` is the absolute address of the site root, ending with "/";
    download URLs are `base_url` + the export's relative path. `modified` is
    the catalogue's last change (e.g. the newest update of the data).
    """
    _check_base(base_url)
    names = [e.name for e in exports]
    if len(set(names)) != len(names):
        raise ValueError(f"nomi di dataset ripetuti nel catalogo: {sorted({n for n in names if names.count(n) > 1})}")
    for e in exports:
        unknown = sorted(set(e.themes) - THEMES)
        if unknown or not e.themes:
            raise ValueError(f"dataset {e.name}: temi non presenti nel vocabolario europeo dei temi: {unknown or 'nessun tema'}")

    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    it = "it"

    # The body: publisher of the catalogue and of every dataset, rights holder of every dataset.
    agent = _node(base_url, "ente")
    g.add((agent, RDF.type, DCATAPIT.Agent))
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, DCT.identifier, Literal(body.ipa_code)))
    g.add((agent, FOAF.name, Literal(body.name, lang=it)))

    contact = _node(base_url, "contatto")
    g.add((contact, RDF.type, DCATAPIT.Organization))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(body.name)))
    if not is_placeholder(body.email):
        g.add((contact, VCARD.hasEmail, URIRef(escape.mailto(body.email))))

    licence = LICENSE_IRI
    g.add((licence, RDF.type, DCATAPIT.LicenseDocument))
    g.add((licence, RDF.type, DCT.LicenseDocument))
    g.add((licence, DCT.type, ATTRIBUTION))
    g.add((licence, FOAF.name, Literal(LICENSE_NAME)))

    catalog = _node(base_url, "catalogo")
    g.add((catalog, RDF.type, DCATAPIT.Catalog))
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCT.title, Literal(f"Catalogo dei dati aperti sul ciclo della performance di {body.name}", lang=it)))
    g.add((catalog, DCT.description, Literal(
        f"I dati pubblicati da {body.name} nella sezione Amministrazione trasparente sul ciclo della performance: "
        "obiettivi, indicatori, risultati e tabelle dei piani e delle relazioni. "
        f"Ogni dataset è disponibile in formato CSV e JSON con licenza {LICENSE_NAME}.{_years(exports)}", lang=it)))
    g.add((catalog, DCT.publisher, agent))
    g.add((catalog, DCT.modified, Literal(modified, datatype=XSD.date)))
    g.add((catalog, FOAF.homepage, URIRef(base_url)))
    g.add((catalog, DCT.language, LANGUAGE.ITA))

    for e in exports:
        ds = dataset_iri(base_url, e)
        g.add((catalog, DCAT.dataset, ds))
        g.add((ds, RDF.type, DCATAPIT.Dataset))
        g.add((ds, RDF.type, DCAT.Dataset))
        g.add((ds, DCT.identifier, Literal(f"{body.ipa_code}:{e.name}")))
        g.add((ds, DCT.title, Literal(e.title, lang=it)))
        g.add((ds, DCT.description, Literal(e.description, lang=it)))
        g.add((ds, DCT.modified, Literal(e.updated, datatype=XSD.date)))
        for code in e.themes:
            g.add((ds, DCAT.theme, THEME[code]))
        g.add((ds, DCT.rightsHolder, agent))
        g.add((ds, DCT.publisher, agent))
        g.add((ds, DCT.accrualPeriodicity, FREQUENCY.ANNUAL))
        g.add((ds, DCAT.contactPoint, contact))

        first, last = e.period
        period = _node(base_url, f"periodo-{first}" if first == last else f"periodo-{first}-{last}")
        g.add((ds, DCT.temporal, period))
        g.add((period, RDF.type, DCT.PeriodOfTime))
        start, end = Literal(date(first, 1, 1), datatype=XSD.date), Literal(date(last, 12, 31), datatype=XSD.date)
        for start_p, end_p in ((DCATAPIT.startDate, DCATAPIT.endDate), (DCAT.startDate, DCAT.endDate)):
            g.add((period, start_p, start))
            g.add((period, end_p, end))

        for suffix, label, file_type, media_type, attr in FORMATS:
            dist = _node(base_url, f"{e.name}-{suffix}")
            url = _file_url(base_url, getattr(e, attr))
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCATAPIT.Distribution))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCT.title, Literal(f"{e.title} ({label})", lang=it)))
            g.add((dist, DCT.format, FILE_TYPE[file_type]))
            g.add((dist, DCAT.mediaType, IANA[media_type]))
            g.add((dist, DCAT.accessURL, url))
            g.add((dist, DCAT.downloadURL, url))
            g.add((dist, DCT.license, licence))

    return g.serialize(format="turtle").rstrip("\n") + "\n"
