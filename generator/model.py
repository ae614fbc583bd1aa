"""Typed schema of everything in `data/`.

YAML keys and CSV columns are Italian (editors write them); attributes are
English. Every model forbids unknown keys, so a misspelt key is an error, not a
silently ignored field. The docstring of each field is the documentation an
editor reads in the README.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .targets import Direction, Value

PLACEHOLDER = "da completare"


def is_placeholder(value: str | None) -> bool:
    return value is None or value.strip().casefold() == PLACEHOLDER


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False, str_strip_whitespace=True)


Slug = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- data/ente.yaml ---------------------------------------------------------


class Body(Strict):
    """The public body (ente). Unknown facts are written `da completare`."""

    name: str = Field(alias="nome", min_length=3)
    short_name: str = Field(alias="nome_breve", min_length=2)
    website: str = Field(alias="sito_web", description="home page of the body's own website")
    site_url: str = Field(
        alias="url_sito", description="public address where this site is published (a sub-path is fine)"
    )
    address: str = Field(alias="indirizzo")
    pec: str = Field(alias="pec")
    email: str = Field(alias="email")
    phone: str = Field(alias="telefono")
    fiscal_code: str = Field(alias="codice_fiscale")
    vat_number: str = Field(alias="partita_iva")
    ipa_code: str = Field(alias="codice_ipa", description="code in the Indice dei domicili digitali della PA (IPA)")
    updated: date = Field(alias="aggiornato")

    def placeholders(self) -> list[str]:
        """Aliases of the fields still to be completed, in file order."""
        return [
            f.alias or name
            for name, f in type(self).model_fields.items()
            if isinstance(getattr(self, name), str) and is_placeholder(getattr(self, name))
        ]


# --- data/<anno>/performance.yaml --------------------------------------------


class Perspective(Strict):
    """A Balanced Scorecard perspective (prospettiva)."""

    id: str = Slug
    name: str = Field(alias="nome")
    description: str | None = Field(None, alias="descrizione")
    published: Decimal | None = Field(None, alias="valutazione_pubblicata", ge=0, le=100)


class StrategicArea(Strict):
    id: int = Field(ge=1)
    name: str = Field(alias="nome")
    published: Decimal | None = Field(None, alias="valutazione_pubblicata", ge=0, le=100)


class Resource(Strict):
    """Resources of a strategic objective: allocated (destinate) and consumed (consumate), in euro."""

    item: str | None = Field(None, alias="voce")
    allocated: Decimal | None = Field(None, alias="destinate", ge=0)
    consumed: Decimal | None = Field(None, alias="consumate", ge=0)


Cell = str | int | float


class Table(Strict):
    """A small table of figures given with an objective's results."""

    title: str = Field(alias="titolo")
    columns: list[str] = Field(alias="colonne", min_length=1)
    rows: list[list[Cell | None]] = Field(alias="righe", min_length=1)


Method = Literal["media_indicatori", "utilizzo_risorse"]


class StrategicObjective(Strict):
    id: int = Field(ge=1)
    map_number: int | None = Field(None, alias="numero_mappa", description="number shown in the strategic map, if different")
    name: str = Field(alias="nome")
    map_name: str | None = Field(None, alias="nome_mappa", description="name in the strategic map, if different")
    perspective: str = Field(alias="prospettiva")
    area: int | None = Field(None, alias="area_strategica")
    method: Method = Field("media_indicatori", alias="metodo")
    published: Decimal | None = Field(None, alias="valutazione_pubblicata", ge=0, le=100)
    resources: list[Resource] = Field(default_factory=list, alias="risorse")
    results: list[str] = Field(default_factory=list, alias="risultati")
    tables: list[Table] = Field(default_factory=list, alias="tabelle")
    services: list[str] = Field(default_factory=list, alias="servizi_coinvolti")

    @property
    def number(self) -> int:
        return self.map_number if self.map_number is not None else self.id


ScorecardKind = Literal["ente", "unita", "individuale"]


class Scorecard(Strict):
    """A scorecard (scheda): the Cruscotto di Ente, a unit's cruscotto, a manager's objectives."""

    id: str = Slug
    kind: ScorecardKind = Field(alias="tipo")
    name: str = Field(alias="nome")
    description: str | None = Field(None, alias="descrizione")
    holder: str | None = Field(None, alias="titolare", description="person assessed (individual objectives)")
    file: str = Field(alias="file", pattern=r"^[A-Za-z0-9_./-]+\.csv$")
    published: dict[int, Decimal | None] = Field(default_factory=dict, alias="valutazioni_pubblicate")


class Year(Strict):
    year: int = Field(alias="anno", ge=2000, le=2100)
    state: Literal["pianificato", "rendicontato"] = Field(alias="stato")
    updated: date = Field(alias="aggiornato")
    document: str = Field(alias="documento", description="title of the source document (Piano or Relazione)")
    default_direction: Literal["crescente", "decrescente"] | None = Field(None, alias="direzione_predefinita")
    vision: str | None = Field(None, alias="vision")
    perspectives: list[Perspective] = Field(alias="prospettive", min_length=1)
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
    objective: int
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
    """A year with its scorecards' indicators (keyed by scorecard id)."""

    year: Year
    indicators: dict[str, tuple[Indicator, ...]]
    folder: str


@dataclass(frozen=True)
class Dataset:
    """Everything in a data directory."""

    body: Body
    years: tuple[YearData, ...]  # newest first
