"""Typed schema of everything in `data/`.

YAML keys and CSV columns are Italian (editors write them); attributes are
English. Every model forbids unknown keys, so a misspelt key is an error, not a
silently ignored field. The docstring of each field is the documentation an
editor reads in the README.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic import Strict as StrictType
from pydantic_core import PydanticCustomError

from . import escape
from .targets import Direction, Value

PLACEHOLDER = "da completare"


def is_placeholder(value: str | None) -> bool:
    return value is None or value.strip().casefold() == PLACEHOLDER


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, str_strip_whitespace=True)


Slug = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- numbers, flags and dates, read strictly -------------------------------------
#
# The reader (sources.py) already leaves octal, sexagesimal, yes/no and .inf as
# text; here no type is coerced into another: true is not the number 1, 45657 is
# not a date, "no" is not false.

_NUMBER_TEXT = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?$")
_DAY_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_DAY_IT = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_DAY_EXPECTED = "attesa una data nel formato aaaa-mm-gg o gg/mm/aaaa (ad es. 2025-12-31 o 31/12/2025)"


def _number(value: object) -> object:
    if isinstance(value, bool) or (isinstance(value, str) and not _NUMBER_TEXT.match(value.strip())):
        raise PydanticCustomError("numero", "atteso un numero (con il punto come separatore decimale in YAML, ad es. 97.9)")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise PydanticCustomError("numero", "atteso un numero finito")
    return value


def parse_day(text: str) -> date:
    """A date as editors write it, aaaa-mm-gg or gg/mm/aaaa; ValueError (in Italian) otherwise."""
    text = text.strip()
    if m := _DAY_ISO.match(text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _DAY_IT.match(text):
        d, mo, y = (int(g) for g in m.groups())
    else:
        raise ValueError(_DAY_EXPECTED)
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"data inesistente: {_DAY_EXPECTED}") from None


def _day(value: object) -> object:
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise PydanticCustomError(
            "data", "un numero non è una data (forse il numero di serie di un foglio di calcolo o dei secondi): {expected}", {"expected": _DAY_EXPECTED}
        )
    try:
        return parse_day(value if isinstance(value, str) else "")
    except ValueError as e:
        raise PydanticCustomError("data", "{reason}", {"reason": str(e)}) from None


Int = Annotated[int, StrictType()]
"""A whole number written as a number: not true/false, not text."""
Number = Annotated[Decimal, BeforeValidator(_number)]
"""A finite decimal number: not true/false, not .inf/.nan, not 1_000."""
Flag = Annotated[bool, StrictType()]
"""true or false, nothing else (not yes/no/si/0/1)."""
Day = Annotated[date, BeforeValidator(_day)]
"""A date written aaaa-mm-gg or gg/mm/aaaa; a bare number is refused, saying why."""


# --- addresses: one URL type, e-mail and phone -----------------------------------
#
# Every address in the data is checked here and stored percent-encoded
# (escape.url), so no later step can write a `javascript:` link or a quote that
# ends an attribute. A bad address is a located error at validate time.

_URL_EXAMPLE = "atteso un indirizzo web completo che inizia con https:// (ad es. https://www.example.it/pagina)"
# What ends an attribute or a line, or is no URL at all; plain spaces are allowed (percent-encoded).
_URL_FORBIDDEN = re.compile(r'["<>`\\\x00-\x1f\x7f]|[^\S ]')
_HOST = re.compile(r"^(?:[^\W_](?:[^\W_]|-)*\.)+[^\W_](?:[^\W_]|-)*$|^localhost$")


def _bad(reason: str) -> PydanticCustomError:
    return PydanticCustomError("indirizzo", "{reason}", {"reason": reason})


def _web_url(value: str) -> str:
    v = value.strip()
    scheme = v.split(":", 1)[0].lower() if ":" in v else ""
    if scheme not in ("http", "https"):
        named = scheme and re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme)
        raise _bad((f'lo schema "{scheme}:" non è ammesso: ' if named else "") + _URL_EXAMPLE)
    if m := _URL_FORBIDDEN.search(v):
        what = f"il carattere {m[0]} non è ammesso" if m[0] in '"<>`\\' else "a capo, tabulazioni e caratteri di controllo non sono ammessi"
        raise _bad(f"{what} in un indirizzo: {_URL_EXAMPLE}")
    try:
        parts = urlsplit(v)
        port = parts.port
    except ValueError:
        raise _bad(f"indirizzo non valido: {_URL_EXAMPLE}") from None
    host = parts.hostname or ""
    if not v[len(scheme):].startswith("://") or not host:
        raise _bad(f"manca il nome del sito dopo {scheme}://: {_URL_EXAMPLE}")
    if not _HOST.match(host) or port == 0:
        raise _bad(f'"{parts.netloc}" non è un nome di sito valido: {_URL_EXAMPLE}')
    if "@" in parts.netloc:  # https://www.comune.it@altro.example goes to altro.example
        raise _bad(f'"{parts.netloc}": nome utente o password prima di @ non ammessi in un indirizzo pubblicato (il sito vero è quello '
                   f"dopo la @): {_URL_EXAMPLE}")
    for label in host.split("."):  # as browsers do: one writing system per label ("www.аrezzo.it" with a Cyrillic а is not)
        if len(scripts := {_script(c) for c in _unicode_label(label) if c.isalpha()}) > 1:
            raise _bad(f'"{host}": il nome del sito mescola alfabeti diversi ({" e ".join(sorted(scripts))}), come fa chi imita '
                       f"un sito con lettere simili: {_URL_EXAMPLE}")
    return escape.url(v)


_SCRIPTS = {"LATIN": "latino", "CYRILLIC": "cirillico", "GREEK": "greco", "ARMENIAN": "armeno", "HEBREW": "ebraico", "ARABIC": "arabo"}


def _unicode_label(label: str) -> str:
    """A host label as its letters: "xn--80adxhks" → "москва"."""
    try:
        return label.encode("ascii").decode("idna") if label.lower().startswith("xn--") else label
    except (UnicodeError, ValueError):
        return label


def _script(c: str) -> str:
    """The writing system of a letter, from its Unicode name (LATIN SMALL LETTER A → latino)."""
    first = unicodedata.name(c, "?").split()[0]
    return _SCRIPTS.get(first, first.lower())


def _site_url(value: str) -> str:
    v = _web_url(value)
    if urlsplit(v).query or urlsplit(v).fragment:
        raise _bad("l'indirizzo del sito non può contenere ? o # (atteso ad es. https://trasparenza.example.it/performance/)")
    return v


def _or_placeholder(check):
    return lambda v: v if is_placeholder(v) else check(v)


_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]*$")


def _email(value: str) -> str:
    v = value.strip()
    if not _EMAIL.match(v):
        raise _bad("atteso un indirizzo di posta elettronica (ad es. protocollo@example.it)")
    return v


def _phone(value: str) -> str:
    v = value.strip()
    if not _PHONE.match(v) or not 6 <= sum(c.isdigit() for c in v) <= 15:
        raise _bad("atteso un numero di telefono: cifre, spazi, trattini e un + iniziale (ad es. +39 0577 123456)")
    return v


WebUrl = Annotated[str, AfterValidator(_web_url)]
"""An http(s) address with a host, stored percent-encoded."""
WebUrlOrPlaceholder = Annotated[str, AfterValidator(_or_placeholder(_web_url))]
SiteUrlOrPlaceholder = Annotated[str, AfterValidator(_or_placeholder(_site_url))]
EmailOrPlaceholder = Annotated[str, AfterValidator(_or_placeholder(_email))]
PhoneOrPlaceholder = Annotated[str, AfterValidator(_or_placeholder(_phone))]


# --- data/ente.yaml ---------------------------------------------------------


def _colour(value: str) -> str:
    from .identity import colour_problem

    if why := colour_problem(value.strip()):
        raise PydanticCustomError("colore", "{reason}", {"reason": why})
    return value.strip().lower()


Colour = Annotated[str, AfterValidator(_colour)]
"""#rrggbb with at least 4.5:1 against white (identity.colour_problem)."""


class Emblem(Strict):
    """The body's emblem or logo, a file of data/ shown in the header of every page."""

    file: str = Field(alias="file", pattern=r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.(?:png|svg|PNG|SVG)$")
    alt: str = Field(alias="testo_alternativo", min_length=3, description='e.g. "Stemma della Camera di Commercio"')


class Parent(Strict):
    """The administration or network the body belongs to (the slim top bar, as in Designers Italia's header)."""

    name: str = Field(alias="nome", min_length=2)
    url: WebUrl | None = Field(None, alias="url")


class ThresholdSet(Strict):
    """The lowest whole-percent score of each status (the SMVP sets them): "raggiunto", "parzialmente raggiunto"."""

    achieved: Number = Field(100, alias="raggiunto", gt=0, le=100)
    partial: Number = Field(1, alias="parzialmente_raggiunto", gt=0, le=100)
    source: str | None = Field(None, alias="fonte", description='e.g. "SMVP approvato con deliberazione n. 5 del 30/01/2024"')


class BodyThresholds(ThresholdSet):
    """Thresholds of the body's SMVP, in force from `since` until a later entry: a new SMVP never relabels an earlier year."""

    since: Int = Field(alias="dal_anno", ge=2000, le=2100)


class Body(Strict):
    """The public body (ente). Unknown facts are written `da completare`."""

    name: str = Field(alias="nome", min_length=3)
    short_name: str = Field(alias="nome_breve", min_length=2)
    website: WebUrlOrPlaceholder = Field(alias="sito_web", description="home page of the body's own website")
    site_url: SiteUrlOrPlaceholder = Field(
        alias="url_sito", description="public address where this site is published (a sub-path is fine)"
    )
    address: str = Field(alias="indirizzo")
    pec: EmailOrPlaceholder = Field(alias="pec")
    email: EmailOrPlaceholder = Field(alias="email")
    phone: PhoneOrPlaceholder = Field(alias="telefono")
    fiscal_code: str = Field(alias="codice_fiscale")
    vat_number: str = Field(alias="partita_iva")
    ipa_code: str = Field(alias="codice_ipa", description="code in the Indice dei domicili digitali della PA (IPA)")
    accessibility: WebUrlOrPlaceholder = Field(PLACEHOLDER, alias="dichiarazione_accessibilita", description="URL of the accessibility statement (AgID form)")
    privacy: WebUrlOrPlaceholder = Field(PLACEHOLDER, alias="privacy", description="URL of the privacy notice")
    external_sections: dict[str, WebUrl] = Field(
        default_factory=dict,
        alias="sezioni_esterne",
        description="other level-1 sections of Amministrazione trasparente: official label → URL of the body's page",
    )
    emblem: Emblem | None = Field(None, alias="stemma")
    colour: Colour | None = Field(None, alias="colore_primario", description="primary colour of the site, e.g. #0b4f8a")
    parent: Parent | None = Field(None, alias="appartenenza", description='e.g. nome: Sistema camerale')
    thresholds: list[BodyThresholds] = Field(default_factory=list, alias="soglie", description="thresholds of each SMVP, by first year in force")
    updated: Day = Field(alias="aggiornato")

    def placeholders(self) -> list[str]:
        """Aliases of the fields still to be completed, in file order."""
        return [
            f.alias or name
            for name, f in type(self).model_fields.items()
            if isinstance(getattr(self, name), str) and is_placeholder(getattr(self, name))
        ]


# --- data/documenti.yaml -----------------------------------------------------

DOCUMENT_ITEMS = {
    "sistema-di-misurazione": "Sistema di misurazione e valutazione della Performance",
    "piano": "Piano della Performance",
    "relazione": "Relazione sulla Performance",
    "bilancio": "Bilancio preventivo e consuntivo",
    "piano-indicatori-bilancio": "Piano degli indicatori e risultati attesi di bilancio",
    "oiv": "Organismi indipendenti di valutazione, nuclei di valutazione o altri organismi con funzioni analoghe",
}


class Document(Strict):
    """A document published in an item of Amministrazione trasparente: a file in data/ or a URL."""

    item: Literal[tuple(DOCUMENT_ITEMS)] = Field(alias="voce")  # type: ignore[valid-type]
    title: str = Field(alias="titolo")
    act: str | None = Field(None, alias="atto", description='e.g. "Deliberazione n. 3 del 27/01/2025"')
    day: Day = Field(alias="data")
    year: Int | None = Field(None, alias="anno", ge=2000, le=2100)
    file: str | None = Field(None, alias="file", pattern=r"^documenti/[A-Za-z0-9_.-]+\.[A-Za-z0-9]+$")
    url: WebUrl | None = Field(None, alias="url")


class Documents(Strict):
    updated: Day = Field(alias="aggiornato")
    documents: list[Document] = Field(default_factory=list, alias="documenti")


# --- data/<anno>/performance.yaml --------------------------------------------


class Perspective(Strict):
    """A Balanced Scorecard perspective (prospettiva)."""

    id: str = Slug
    name: str = Field(alias="nome")
    description: str | None = Field(None, alias="descrizione")
    published: Number | None = Field(None, alias="valutazione_pubblicata", ge=0, le=100)


class StrategicArea(Strict):
    id: Int = Field(ge=1)
    code: str | None = Field(None, alias="codice", description="the body's own code, e.g. 02 (shown instead of the id)")
    name: str = Field(alias="nome")
    published: Number | None = Field(None, alias="valutazione_pubblicata", ge=0, le=100)


class Resource(Strict):
    """Resources of a strategic objective: allocated (destinate) and consumed (consumate), in euro."""

    item: str | None = Field(None, alias="voce")
    allocated: Number | None = Field(None, alias="destinate", ge=0)
    consumed: Number | None = Field(None, alias="consumate", ge=0)


Cell = str | int | float


class Table(Strict):
    """A small table of figures given with an objective's results."""

    title: str = Field(alias="titolo")
    columns: list[str] = Field(alias="colonne", min_length=1)
    rows: list[list[Cell | None]] = Field(alias="righe", min_length=1)


Method = Literal["media_indicatori", "utilizzo_risorse"]


class StrategicObjective(Strict):
    id: Int = Field(ge=1)
    code: str | None = Field(None, alias="codice", description="the body's own code, e.g. 02.01 (shown instead of the id)")
    map_number: Int | None = Field(None, alias="numero_mappa", description="number shown in the strategic map, if different")
    name: str = Field(alias="nome")
    map_name: str | None = Field(None, alias="nome_mappa", description="name in the strategic map, if different")
    perspective: str | None = Field(None, alias="prospettiva")
    area: Int | None = Field(None, alias="area_strategica")
    method: Method = Field("media_indicatori", alias="metodo")
    published: Number | None = Field(None, alias="valutazione_pubblicata", ge=0, le=100)
    resources: list[Resource] = Field(default_factory=list, alias="risorse")
    results: list[str] = Field(default_factory=list, alias="risultati")
    tables: list[Table] = Field(default_factory=list, alias="tabelle")
    services: list[str] = Field(default_factory=list, alias="servizi_coinvolti")

    @property
    def number(self) -> int | str:
        """Number shown in the strategic map."""
        return self.map_number if self.map_number is not None else (self.code or self.id)

    @property
    def label(self) -> str:
        return f"{self.code or self.id}. {self.name}"


ScorecardKind = Literal["ente", "unita", "individuale"]


class Scorecard(Strict):
    """A scorecard (scheda): the Cruscotto di Ente, a unit's cruscotto, a manager's objectives."""

    id: str = Slug
    kind: ScorecardKind = Field(alias="tipo")
    name: str = Field(alias="nome")
    description: str | None = Field(None, alias="descrizione")
    holder: str | None = Field(None, alias="titolare", description="person assessed (individual objectives)")
    file: str = Field(alias="file", pattern=r"^[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*\.csv$")
    published: dict[Int, Number | None] = Field(default_factory=dict, alias="valutazioni_pubblicate")


class Year(Strict):
    year: Int = Field(alias="anno", ge=2000, le=2100)
    state: Literal["pianificato", "rendicontato"] = Field(alias="stato")
    updated: Day = Field(alias="aggiornato")
    document: str = Field(alias="documento", description="title of the source document (Piano or Relazione)")
    default_direction: Literal["crescente", "decrescente"] | None = Field(None, alias="direzione_predefinita")
    thresholds: ThresholdSet | None = Field(None, alias="soglie", description="this year's thresholds, when they differ from the body's")
    vision: str | None = Field(None, alias="vision")
    perspectives: list[Perspective] = Field(default_factory=list, alias="prospettive")
    areas: list[StrategicArea] = Field(default_factory=list, alias="aree_strategiche")
    objectives: list[StrategicObjective] = Field(alias="obiettivi_strategici", min_length=1)
    scorecards: list[Scorecard] = Field(alias="schede", min_length=1)

    @property
    def reported(self) -> bool:
        return self.state == "rendicontato"


# --- data/<anno>/indicatori/*.csv --------------------------------------------

INDICATOR_COLUMNS = [
    "obiettivo_strategico",
    "programma",
    "obiettivo_operativo",
    "codice",
    "indicatore",
    "algoritmo",
    "unita",
    "target",
    "actual",
    "direzione",
    "peso",
    "ufficio",
    "fonte",
    "sal_pubblicato",
    "nota",
]
INDICATOR_REQUIRED = {"obiettivo_strategico", "indicatore", "target"}


@dataclass(frozen=True)
class Indicator:
    """One row of a scorecard CSV, understood."""

    file: str
    line: int
    objective: int | None  # None only in an individuale scorecard: linked to no strategic objective
    programme: str | None
    operational: str | None
    code: str | None
    name: str
    algorithm: str | None
    unit: str | None
    target: Value | None
    actual: Value | None
    direction: Direction | None
    weight: Decimal
    office: str | None
    source: str | None
    published: Decimal | None
    note: str | None


@dataclass(frozen=True)
class YearData:
    """A year with its scorecards' indicators (keyed by scorecard id) and optional datasets."""

    year: Year
    indicators: dict[str, tuple[Indicator, ...]]
    folder: str
    budget: "Budget | None" = None
    staff: "Staff | None" = None
    bonuses: "Bonuses | None" = None
    sections: tuple["SectionData", ...] = ()


@dataclass(frozen=True)
class Dataset:
    """Everything in a data directory."""

    body: Body
    years: tuple[YearData, ...]  # newest first
    documents: Documents | None = None


# --- data/<anno>/bilancio/ ---------------------------------------------------


class BudgetIndices(Strict):
    """Financial-health indices: indicators of the Cruscotto di Ente shown on the budget page."""

    objective: Int = Field(alias="obiettivo_strategico")
    indicators: list[str] = Field(alias="indicatori", min_length=1)


class BudgetSection(Strict):
    """A section of the conto economico and how it totals: proventi (sum of income), oneri (sum of
    costs, shown positive) or risultato (income minus costs)."""

    name: str = Field(alias="nome")
    kind: Literal["proventi", "oneri", "risultato"] = Field(alias="tipo")


class BudgetConfig(Strict):
    title: str = Field(alias="titolo")
    updated: Day = Field(alias="aggiornato")
    document: str = Field(alias="documento")
    file: str = Field(alias="file", pattern=r"^[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*\.csv$")
    sections: dict[str, BudgetSection] = Field(alias="sezioni", min_length=1)
    indices: BudgetIndices | None = Field(None, alias="indici")


BUDGET_COLUMNS = [
    "tipo",
    "codice",
    "voce",
    "sezione",
    "natura",
    "preventivo",
    "consuntivo",
    "scostamento_stampato",
    "scostamento_percentuale_stampato",
    "nota",
]
BUDGET_REQUIRED = {"tipo", "codice", "voce", "preventivo", "consuntivo"}


@dataclass(frozen=True)
class BudgetRow:
    """A line (voce: amounts are the data) or a total (totale: amounts as printed, checked)."""

    file: str
    line: int
    kind: Literal["voce", "totale"]
    code: str  # line number, or for a total a formula over sections: "A", "A-B", "A-B+C+D+E"
    label: str
    section: str | None
    nature: Literal["provento", "onere"] | None
    planned: Decimal | None
    actual: Decimal | None
    printed_variance: Decimal | None
    printed_percent: Decimal | None
    note: str | None


@dataclass(frozen=True)
class Budget:
    config: BudgetConfig
    rows: tuple[BudgetRow, ...]


# --- data/<anno>/personale/ --------------------------------------------------


class StaffTable(Strict):
    id: str = Slug
    title: str = Field(alias="titolo")
    by_gender: Flag = Field(True, alias="per_genere")
    notes: list[str] = Field(default_factory=list, alias="note")
    chart: Literal["conteggi", "quote"] | None = Field(
        None, alias="grafico", description="conteggi: people per row and gender; quote: share of each row within each gender"
    )
    seat_summary: str | None = Field(None, alias="riepilogo_per_sede", description="title of the same table with genders summed")


class StaffConfig(Strict):
    title: str = Field(alias="titolo")
    updated: Day = Field(alias="aggiornato")
    reference_date: Day = Field(alias="data_riferimento")
    document: str = Field(alias="documento")
    file: str = Field(alias="file", pattern=r"^[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*\.csv$")
    printed: str | None = Field(None, alias="totali_stampati", pattern=r"^[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*\.csv$")
    seats: list[str] = Field(alias="sedi", min_length=1)
    all_seats: str = Field("Tutte le sedi", alias="totale_sedi", min_length=2, description='heading of the seats summed, e.g. "Arezzo-Siena"')
    genders: list[str] = Field(alias="generi", min_length=2)
    tables: list[StaffTable] = Field(alias="tavole", min_length=1)


STAFF_COLUMNS = ["tavola", "voce", "sede", "genere", "numero"]
PRINTED_STAFF_COLUMNS = ["tavola", "voce", "genere", "numero", "nota"]


@dataclass(frozen=True)
class StaffCell:
    file: str
    line: int
    table: str
    item: str
    seat: str
    gender: str | None
    count: int


@dataclass(frozen=True)
class PrintedTotal:
    file: str
    line: int
    table: str
    item: str
    gender: str | None
    count: int
    note: str | None


@dataclass(frozen=True)
class Staff:
    config: StaffConfig
    cells: tuple[StaffCell, ...]
    printed: tuple[PrintedTotal, ...]
    file: str = ""  # the per-seat CSV as the editor names it


# --- data/<anno>/premi.yaml ---------------------------------------------------


class Band(Strict):
    band: str = Field(alias="valutazione")
    share: Number = Field(alias="quota", ge=0, le=100)


class BonusGroup(Strict):
    group: str = Field(alias="gruppo")
    bands: list[Band] = Field(alias="fasce", min_length=1)


Availability = Literal["disponibile", "non_disponibile"]


class BonusDistribution(Strict):
    """Grado di differenziazione della premialità for one reference year."""

    reference_year: Int = Field(alias="anno_riferimento", ge=2000, le=2100)
    state: Availability = Field(alias="stato")
    groups: list[BonusGroup] = Field(default_factory=list, alias="gruppi")
    note: str | None = Field(None, alias="nota")


class BonusAmount(Strict):
    """Ammontare complessivo dei premi: set aside (stanziati) and paid (distribuiti), in euro."""

    reference_year: Int = Field(alias="anno_riferimento", ge=2000, le=2100)
    state: Availability = Field("disponibile", alias="stato")
    set_aside: Number | None = Field(None, alias="stanziati", ge=0)
    paid: Number | None = Field(None, alias="distribuiti", ge=0)
    note: str | None = Field(None, alias="nota")


class Bonuses(Strict):
    updated: Day = Field(alias="aggiornato")
    document: str = Field(alias="documento")
    distribution: list[BonusDistribution] = Field(default_factory=list, alias="distribuzione")
    amounts: list[BonusAmount] = Field(default_factory=list, alias="ammontare")


# --- data/<anno>/relazione/*.yaml ----------------------------------------------


class ChartOptions(Strict):
    kind: Literal["barre", "barre-raggruppate"] = Field(alias="tipo")
    series: list[str] = Field(alias="serie", min_length=1)
    exclude: list[str] = Field(default_factory=list, alias="escludi")
    title: str | None = Field(None, alias="titolo")


class Link(Strict):
    text: str = Field(alias="testo")
    url: WebUrl = Field(alias="url")


# EU data themes (http://publications.europa.eu/resource/authority/data-theme)
EU_THEMES = ("AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN")
BLOCK_KINDS = ("testo", "elenco", "tabella", "nota", "link", "dati")


class Block(Strict):
    """One block of a narrative section: exactly one of testo, elenco, tabella, nota, link, dati."""

    title: str | None = Field(None, alias="titolo")
    text: str | None = Field(None, alias="testo")
    items: list[str | list[str]] | None = Field(None, alias="elenco")
    table: str | None = Field(None, alias="tabella", pattern=r"^[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*\.csv$")
    notes: list[str] = Field(default_factory=list, alias="note")
    chart: ChartOptions | None = Field(None, alias="grafico")
    themes: list[Literal[EU_THEMES]] = Field(default_factory=list, alias="temi", description="EU data themes of the table (catalogue)")  # type: ignore[valid-type]
    note: str | None = Field(None, alias="nota")
    link: Link | None = Field(None, alias="link")
    data: str | None = Field(None, alias="dati", pattern=r"^(conto-economico|premi|personale-[a-z0-9]+(?:-[a-z0-9]+)*)$")

    @property
    def kind(self) -> str:
        present = [k for k, v in (("testo", self.text), ("elenco", self.items), ("tabella", self.table), ("nota", self.note), ("link", self.link), ("dati", self.data)) if v is not None]
        return present[0] if len(present) == 1 else ""

    def problems(self) -> list[str]:
        present = [k for k, v in (("testo", self.text), ("elenco", self.items), ("tabella", self.table), ("nota", self.note), ("link", self.link), ("dati", self.data)) if v is not None]
        out = []
        if len(present) != 1:
            out.append(f"ogni blocco deve avere esattamente uno tra {', '.join(BLOCK_KINDS)} (trovati: {', '.join(present) or 'nessuno'})")
        if self.table is None and (self.notes or self.chart or self.themes):
            out.append("note, grafico e temi sono ammessi solo nei blocchi con tabella")
        if self.table is not None and not self.title:
            out.append("una tabella deve avere un titolo")
        return out


class Section(Strict):
    title: str = Field(alias="titolo")
    section: str = Field(alias="sezione")
    updated: Day = Field(alias="aggiornato")
    blocks: list[Block] = Field(alias="blocchi", min_length=1)


@dataclass(frozen=True)
class NumberCell:
    value: Decimal
    unit: str  # "", "%", "€"
    plus: bool  # written with an explicit "+"


TableCell = NumberCell | str | None


@dataclass(frozen=True)
class DataTable:
    file: str
    columns: tuple[str, ...]
    rows: tuple[tuple[TableCell, ...], ...]

    def numeric(self, col: int) -> bool:
        values = [r[col] for r in self.rows if r[col] is not None]
        return bool(values) and all(isinstance(v, NumberCell) for v in values)


@dataclass(frozen=True)
class SectionData:
    slug: str
    section: Section
    tables: dict[str, DataTable]  # by the block's `tabella` path
    file: str = ""  # the YAML file name, e.g. 08-dimensione-di-genere.yaml
    block_lines: tuple[int | None, ...] = ()  # line of each block in that file
