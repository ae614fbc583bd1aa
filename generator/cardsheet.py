"""The "Schede" sheet of an exported workbook: which scorecard each office code of the other sheets is.

The rows of the other scorecards carry only an office code (`AREA1_01 - …`,
`EQ_RI_02_01 - …`). Without this sheet, a workbook imported as a new year
turned every such scorecard into an `individuale` one named "Obiettivi
individuali AREA1" at another address (`area1`, where the year before had
`area-1`, so no year-over-year comparison). The export writes one row per
scorecard: the office code the other sheets use (empty for the Cruscotto di
Ente, whose indicators are in the Albero), its address (`id`), its kind, name,
description and holder; `import` gives each scorecard these, and `import
--update` refuses any change to them (they are changed in performance.yaml).

`read(rows)` is pure: the sheet's text → the scorecards and the problems,
each with its row and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .targets import fold_word

SHEET = "Schede"
# field → (label, other headers an editor may write)
COLUMNS = {
    "ufficio": ("Ufficio", ("Codice ufficio", "Codice di ufficio")),
    "scheda": ("Scheda", ("Indirizzo", "Id")),
    "tipo": ("Tipo", ("Tipo di scheda",)),
    "nome": ("Nome", ("Nome della scheda",)),
    "descrizione": ("Descrizione", ()),
    "titolare": ("Titolare", ("Dirigente", "Responsabile")),
    "creati": ("Codici creati", ("Codici creati dall'esportazione",)),
}
FIELDS = list(COLUMNS)
LABEL = {f: label for f, (label, _) in COLUMNS.items()}
REQUIRED = ("scheda", "tipo", "nome")
KINDS = {"ente": "ente", "unita": "unita", "unità": "unita", "individuale": "individuale"}
INSTRUCTIONS = {
    "ufficio": "Codice di ufficio con cui gli altri fogli indicano la scheda (la prima parte di Obiettivo individuale, ad es. "
               "EQ_RI); vuoto per il Cruscotto di Ente, i cui indicatori sono nel foglio Albero.",
    "scheda": "Indirizzo della pagina della scheda (ad es. area-1): lo stesso ogni anno permette il confronto con l'anno precedente.",
    "tipo": "ente (Cruscotto di Ente), unita (scheda di un'unità organizzativa) o individuale (obiettivi di un dirigente).",
    "nome": "Nome della scheda, come compare sul sito.",
    "descrizione": "Descrizione della scheda (ad es. le competenze dell'area), se c'è.",
    "titolare": "Persona valutata (schede individuali), se c'è.",
    "creati": "«sì» quando i dati della scheda non hanno codici e quelli di Obiettivo individuale (ad es. AREA1_01) sono stati creati "
              "dall'esportazione solo per indicare la scheda: non sono scritti nei dati e non collegano gli obiettivi strategici.",
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _norm(text: str) -> str:
    """Header and kind matching: case, accents and spaces do not matter, nor a trailing ":" or "*"."""
    return fold_word(text).strip(" :*")


HEADERS = {_norm(h): f for f, (label, aliases) in COLUMNS.items() for h in (label, *aliases)}


def card_id(office: str) -> str:
    """The scorecard an office code names ("EQ_RI", "Eq Ri" → "eq-ri"): the importer's key and default address."""
    plain = unicodedata.normalize("NFKD", office).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


@dataclass
class CardSpec:
    id: str
    office: str  # as written; "" for the Cruscotto di Ente
    kind: str  # ente | unita | individuale
    name: str
    description: str
    holder: str
    row: int  # 1-based row of the sheet
    invented: bool = False  # the export made the codes of the rows up (the data has none)

    def entry(self) -> dict[str, str]:
        """The scorecard as performance.yaml lists it."""
        out = {"id": self.id, "tipo": self.kind, "nome": self.name}
        if self.description:
            out["descrizione"] = self.description
        if self.holder:
            out["titolare"] = self.holder
        return out | {"file": f"indicatori/{self.id}.csv"}

    def shown(self) -> dict[str, str]:
        """What the sheet shows of it, field by field (for --update: what may not change)."""
        return {"ufficio": self.office, "scheda": self.id, "tipo": self.kind, "nome": self.name,
                "descrizione": self.description, "titolare": self.holder, "creati": "sì" if self.invented else ""}


def header_row(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:50]):
        fields = {HEADERS.get(_norm(c)) for c in row if c}
        if all(f in fields for f in REQUIRED):
            return i
    return None


def columns_of(header: list[str]) -> dict[str, int]:
    return {HEADERS[_norm(c)]: j for j, c in enumerate(header) if c and _norm(c) in HEADERS}


Problem = tuple[int, int | None, str, bool]  # (1-based row, column index or None, text, warning)


def read(rows: list[list[str]], index: int) -> tuple[list[CardSpec], list[Problem]]:
    """The scorecards listed under the header at `index`, and what is wrong with them."""
    columns = columns_of(rows[index])
    specs: list[CardSpec] = []
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    offices: dict[str, int] = {}
    for i in range(index + 1, len(rows)):
        n = i + 1
        cell = {f: " ".join(rows[i][j].split()) if j < len(rows[i]) else "" for f, j in columns.items()}
        if not any(cell.values()):
            continue
        bad = len(problems)
        kind = KINDS.get(_norm(cell.get("tipo", "")))
        if kind is None:
            problems.append((n, columns["tipo"], f'"{cell.get("tipo", "")}": tipo di scheda non riconosciuto (atteso ente, unita o '
                                                 "individuale)", False))
        sid = cell.get("scheda", "")
        if not _SLUG.match(sid):
            hint = f' (ad es. "{card_id(sid)}")' if card_id(sid) else ""
            problems.append((n, columns["scheda"], f'"{sid}": atteso l\'indirizzo della scheda in lettere minuscole, cifre e trattini'
                                                   f"{hint}", False))
        elif sid in ids:
            problems.append((n, columns["scheda"], f'"{sid}": scheda già elencata alla riga {ids[sid]}', False))
        if not cell.get("nome"):
            problems.append((n, columns["nome"], "vuoto: ogni scheda ha un nome", False))
        office = cell.get("ufficio", "")
        if kind == "ente" and office:
            problems.append((n, columns.get("ufficio"), f'"{office}": il Cruscotto di Ente non ha un codice di ufficio (i suoi '
                                                        "indicatori sono nel foglio Albero): lasciare la cella vuota", False))
        elif kind in ("unita", "individuale") and not card_id(office):
            problems.append((n, columns.get("ufficio"), "vuoto: manca il codice di ufficio con cui gli altri fogli indicano la "
                                                        "scheda (ad es. EQ_RI)", False))
        elif office and card_id(office) in offices:
            problems.append((n, columns.get("ufficio"), f'"{office}": codice di ufficio già usato alla riga '
                                                        f"{offices[card_id(office)]}", False))
        invented = _norm(cell.get("creati", ""))
        if invented not in ("", "no", "si"):
            problems.append((n, columns.get("creati"), f'"{cell["creati"]}": atteso «sì» o vuoto', False))
        if kind == "ente" and any(s.kind == "ente" for s in specs):
            problems.append((n, columns["tipo"], "seconda scheda di tipo ente: l'anno ha un solo Cruscotto di Ente", False))
        if len(problems) > bad:
            continue
        ids[sid] = n
        if office:
            offices[card_id(office)] = n
        specs.append(CardSpec(sid, office, kind, cell["nome"], cell.get("descrizione", ""), cell.get("titolare", ""), n,
                              invented == "si"))
    return specs, problems


def rows_of(cards: list[dict], offices: dict[str, str], invented: set[str]) -> list[dict[str, str]]:
    """The export's rows: each scorecard of performance.yaml with the office code its rows show (`offices`: id → code;
    `invented`: the ids whose codes the export made up)."""
    out = []
    for c in cards:
        if c.get("tipo") == "ente" or str(c.get("id")) in offices:
            out.append({"ufficio": offices.get(str(c["id"]), "") if c.get("tipo") != "ente" else "", "scheda": str(c["id"]),
                        "tipo": str(c.get("tipo", "")), "nome": " ".join(str(c.get("nome", "")).split()),
                        "descrizione": " ".join(str(c.get("descrizione") or "").split()),
                        "titolare": " ".join(str(c.get("titolare") or "").split()),
                        "creati": "sì" if c["id"] in invented else ""})
    return out
