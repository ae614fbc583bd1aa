"""`python -m generator import FILE --year YYYY`: an "Albero della Performance" spreadsheet → data.

Reads an `.xlsx`, `.ods` or `.csv` file laid out as most bodies keep their
performance tree:

    Settore                | Obiettivo                 | Indicatore | Target | Owner | (Algoritmo, Peso, Actual/Consuntivo, Codice)
    02 - Digitalizzazione  |                           |            |        |       |
                           | 02.01 - Riduzione tempi   |            |        |       |
                           |                           | Pratiche … | 95%    | Uff.  |

and writes `<data>/<YYYY>/performance.yaml` (one strategic area per Settore,
one strategic objective per Obiettivo, one Cruscotto di Ente) and
`<data>/<YYYY>/indicatori/*.csv`. A later sheet with the columns
`Obiettivo individuale | Indicatore | Algoritmo | Target` (individual
objectives, e.g. `EQ_RI_02_01 - Riorganizzazione dello sportello 2025`) gives
one `individuale` scorecard per office code.

Nothing is dropped silently: every non-empty row lands in the data or is
reported as `<file>, foglio "<sheet>", riga <n>: <reason>` with the
spreadsheet's own row number. If any row is reported as an error nothing is
written. Cells are read as text, as the spreadsheet gives them (a percentage
stored as the number 0.95 arrives as "0.95" and the target parser says why it
is not a target). Output is deterministic: the same file and `--updated` give
byte-identical files.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import targets as tg
from .load import BODY_FILE, YEAR_FILE
from .model import INDICATOR_COLUMNS
from .scaffold import Outcome, csv_text, final_check, plural, stage_and_check, yaml_text

ENGINES = {".xlsx": "openpyxl", ".ods": "odf", ".csv": None}

# normalised header text → field; the first entry of each field is its usual name
MAIN_HEADERS = {
    "settore": "settore",
    "obiettivo": "obiettivo",
    "indicatore": "indicatore",
    "target": "target",
    "owner": "owner",
    "algoritmo": "algoritmo",
    "peso": "peso",
    "actual": "actual",
    "consuntivo": "actual",
    "codice": "codice",
    "direzione": "direzione",
}
MAIN_REQUIRED = {"settore": "Settore", "obiettivo": "Obiettivo", "indicatore": "Indicatore", "target": "Target", "owner": "Owner"}
INDIVIDUAL_HEADERS = {
    "obiettivo individuale": "individuale",
    "indicatore": "indicatore",
    "algoritmo": "algoritmo",
    "target": "target",
    "actual": "actual",
    "consuntivo": "actual",
    "peso": "peso",
}
INDIVIDUAL_REQUIRED = {"individuale": "Obiettivo individuale", "indicatore": "Indicatore", "target": "Target"}
INDIVIDUAL_EXPECTED = "Obiettivo individuale, Indicatore, Algoritmo, Target"
INDICATOR_FIELDS = ("indicatore", "target", "owner", "algoritmo", "peso", "actual", "codice", "direzione")

# "02 - Digitalizzazione dei servizi", "02.01 - Riduzione …", "2.1) …", "02: …"
_CODED = re.compile(r"^(?P<code>\d+(?:\.\d+)*)\.?\s*(?:[-–—:)]\s*|\s+)(?P<name>\S.*)$")
# "EQ_RI_02_01 - Riorganizzazione dello sportello 2025"
_INDIVIDUAL = re.compile(
    r"^(?P<code>(?P<office>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)*)_(?P<num>\d+(?:_\d+)*))\s*[-–—:]\s*(?P<name>\S.*)$"
)
_DATE_CELL = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")
_NUMBER_CELL = re.compile(r"^-?\d+\.\d+(e-?\d+)?$")
ENTE_CARD = {"id": "ente", "tipo": "ente", "nome": "Albero della Performance", "file": "indicatori/ente.csv"}


class ReadError(Exception):
    """The file cannot be read at all; message in Italian."""


# --- reading ---------------------------------------------------------------------


@dataclass
class Sheet:
    name: str | None  # None for a CSV
    rows: list[list[str]]  # rows[i] is the spreadsheet's row i + 1; cells stripped, "" when empty


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _frame_rows(frame) -> list[list[str]]:
    return [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def _sniff(text: str) -> tuple[str, list[list[str]]]:
    """`;` or `,`: the one that finds the header row, else the one the first line uses most."""
    parsed = {d: list(csv.reader(io.StringIO(text, newline=""), delimiter=d)) for d in (";", ",")}
    for d, records in parsed.items():
        if _find_header([[c.strip() for c in r] for r in records], MAIN_HEADERS, MAIN_REQUIRED)[0] is not None:
            return d, records
    first = next((line for line in text.splitlines() if line.strip()), "")
    d = ";" if first.count(";") > first.count(",") else ","
    return d, parsed[d]


def read_sheets(file: Path) -> list[Sheet]:
    """Every sheet of the file as text cells (pandas, dtype=str)."""
    import pandas as pd

    suffix = file.suffix.lower()
    if suffix not in ENGINES:
        raise ReadError(f'formato "{file.suffix or "senza estensione"}" non supportato: salvare il file come .xlsx, .ods o .csv')
    if not file.is_file():
        raise ReadError("file non trovato")
    if suffix == ".csv":
        raw = file.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ReadError('il file non è in UTF-8 (salvarlo come "CSV UTF-8")') from None
        delimiter, records = _sniff(text)
        width = max((len(r) for r in records), default=1) or 1
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, names=list(range(width)), dtype=str,
            keep_default_na=False, skip_blank_lines=False,
        )
        return [Sheet(None, _frame_rows(frame))]
    try:
        frames = pd.read_excel(file, sheet_name=None, header=None, dtype=str, engine=ENGINES[suffix])
    except ImportError as e:
        raise ReadError(f"per leggere i file {suffix} serve un pacchetto Python non installato ({e.name}): eseguire make site o pip install -e .") from None
    except Exception as e:  # noqa: BLE001 - any parser failure means: not a readable spreadsheet
        raise ReadError(f"il file non si apre come foglio di calcolo {suffix} ({type(e).__name__}: {e})") from None
    return [Sheet(str(name), _frame_rows(frame)) for name, frame in frames.items()]


def normalise(text: str) -> str:
    """Header matching: case, accents and surrounding or repeated spaces do not matter."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _letter(j: int) -> str:
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def _find_header(rows: list[list[str]], headers: dict[str, str], required: dict[str, str]) -> tuple[int | None, int | None]:
    """(index of the header row, or None; index of the best partial candidate, or None)."""
    best, best_count = None, 1
    for i, row in enumerate(rows):
        fields = {headers.get(normalise(c)) for c in row if c}
        if all(f in fields for f in required):
            return i, None
        count = sum(f in fields for f in required)
        if count > best_count:
            best, best_count = i, count
    return None, best


# --- understanding ---------------------------------------------------------------


def _clean(text: str) -> str:
    """Names: spaces and line breaks inside a cell become single spaces."""
    return " ".join(text.split())


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.split(r"[._]", code))


@dataclass
class Area:
    id: int
    code: str | None
    name: str
    raw: str
    row: int


@dataclass
class Objective:
    id: int
    code: str | None
    name: str
    area: int | None
    raw: str
    row: int


@dataclass
class IndividualObjective:
    code: str  # EQ_RI_02_01
    office: str  # EQ_RI
    name: str
    objective: int
    raw: str
    row: int
    rows: int = 0  # indicator rows seen under it (valid or not)


@dataclass
class Problem:
    sheet: int
    row: int
    text: str
    warning: bool = False


@dataclass
class Tree:
    areas: list[Area] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    ente_rows: list[list[str]] = field(default_factory=list)
    individual: list[IndividualObjective] = field(default_factory=list)
    cards: dict[str, list[list[str]]] = field(default_factory=dict)  # office → rows
    actuals: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


def _row(**cells: str) -> list[str]:
    return [cells.get(c, "") for c in INDICATOR_COLUMNS]


class _Reader:
    """Walks the sheets once, building the tree and collecting every problem."""

    def __init__(self, file: Path, sheets: list[Sheet]):
        self.file, self.sheets, self.tree = file, sheets, Tree()
        self.sheet = 0

    def where(self, sheet: int, row: int | None) -> str:
        name = self.sheets[sheet].name
        out = str(self.file) if name is None else f'{self.file}, foglio "{name}"'
        return out if row is None else f"{out}, riga {row}"

    def error(self, row: int, text: str) -> None:
        self.tree.problems.append(Problem(self.sheet, row, text))

    def warn(self, row: int, text: str) -> None:
        self.tree.problems.append(Problem(self.sheet, row, text, warning=True))

    # -- header ---------------------------------------------------------------

    def header(self, rows: list[list[str]], headers: dict[str, str], required: dict[str, str], what: str):
        """(header index, column → field, column → header text) or None when reported/absent."""
        index, partial = _find_header(rows, headers, required)
        if index is None:
            if partial is not None:
                found = {headers.get(normalise(c)) for c in rows[partial] if c}
                missing = [label for f, label in required.items() if f not in found]
                self.error(partial + 1, f"intestazione incompleta: {'manca la colonna' if len(missing) == 1 else 'mancano le colonne'} "
                           f"{', '.join(missing)} (attese {what})")
            return None
        mapping: dict[int, str] = {}
        texts: dict[int, str] = {}
        seen: dict[str, int] = {}
        for j, c in enumerate(rows[index]):
            f = headers.get(normalise(c)) if c else None
            if f is None:
                continue
            if f in seen:
                k = seen[f]
                self.error(index + 1, f'colonna "{c}" ripetuta (già in colonna {_letter(k)} "{texts[k]}")')
                mapping[j], texts[j] = "_ripetuta", c  # reported once here, not again on every row
                continue
            seen[f] = j
            mapping[j], texts[j] = f, c
        for i in range(index):
            if any(rows[i]):
                shown = " | ".join(c for c in rows[i] if c)
                self.warn(i + 1, f'riga ignorata perché precede l\'intestazione: "{shown}"')
        return index, mapping, texts

    def unexpected(self, n: int, row: list[str], mapping: dict[int, str], header: list[str]) -> bool:
        bad = False
        for j, c in enumerate(row):
            if c and j not in mapping:
                label = f'"{header[j]}"' if j < len(header) and header[j] else "senza intestazione"
                self.error(n, f'testo in una colonna non prevista (colonna {_letter(j)}, {label}): "{c}"')
                bad = True
        return bad

    def values(self, n: int, cells: dict[str, str], texts: dict[str, str]) -> dict[str, str] | None:
        """Target, actual and weight checked with the project's parser; None if any is wrong."""
        ok = True
        target = actual = None
        if t := cells.get("target"):
            try:
                target = tg.parse_target(t)
            except tg.ValueError_ as e:
                self.error(n, f"{texts['target']}: {e}{self.hint(t)}")
                ok = False
        if a := cells.get("actual"):
            try:
                actual = tg.parse_actual(a)
            except tg.ValueError_ as e:
                self.error(n, f"{texts['actual']}: {e}{self.hint(a)}")
                ok = False
        if actual and not t:
            self.error(n, f'{texts["target"]}: manca il target per il valore rilevato "{actual.text}"')
            ok = False
        if target and actual and (why := tg.compatible(target, actual)):
            self.error(n, f"{texts['actual']}: {why}")
            ok = False
        if p := cells.get("peso"):
            try:
                if tg.parse_number(p) <= 0:
                    raise tg.ValueError_("")
            except tg.ValueError_:
                self.error(n, f'{texts["peso"]}: "{p}": atteso un numero maggiore di zero (ad es. 1, 2,5)')
                ok = False
        if d := cells.get("direzione"):
            if _clean(d).casefold() not in ("crescente", "decrescente"):
                self.error(n, f'{texts.get("direzione", "Direzione")}: "{d}": valore non ammesso (valori ammessi: crescente, decrescente)')
                ok = False
            elif target and target.direction is not None and target.direction.value != _clean(d).casefold():
                self.error(n, f'{texts.get("direzione", "Direzione")}: "{d}" contraddice il target "{target.text}" ({target.direction.value})')
                ok = False
        if ok and not t:
            self.warn(n, f'indicatore "{_clean(cells["indicatore"])}" senza target: sarà mostrato ma non valutato')
        if ok and a:
            self.tree.actuals = True
        return cells if ok else None

    def hint(self, text: str) -> str:
        """A spreadsheet's number or date cell arrives as Python writes it: say so."""
        if self.sheets[self.sheet].name is None:
            return ""
        if _DATE_CELL.match(text):
            return "; la cella è una data del foglio di calcolo: scriverla come testo, ad es. 31/12/2026"
        if _NUMBER_CELL.match(text):
            return "; la cella è forse un numero del foglio di calcolo (95% è salvato come 0.95): scriverla come testo, ad es. 95%"
        return ""

    def missing_name(self, n: int, cells: dict[str, str], texts: dict[str, str]) -> bool:
        """Indicator columns filled but no indicator name: report the stray text."""
        stray = [f for f in INDICATOR_FIELDS if f != "indicatore" and cells.get(f)]
        if stray and not cells.get("indicatore"):
            shown = ", ".join(f'{texts[f]} "{cells[f]}"' for f in stray)
            self.error(n, f"manca il nome dell'indicatore ({texts['indicatore']}) ma la riga ha testo in {shown}")
            return True
        return False

    # -- the tree (first sheet) ------------------------------------------------------

    def main(self) -> bool:
        self.sheet = 0
        rows = self.sheets[0].rows
        found = self.header(rows, MAIN_HEADERS, MAIN_REQUIRED, ", ".join(MAIN_REQUIRED.values()))
        if found is None:
            if not self.tree.problems:
                self.tree.problems.append(Problem(0, 0, f"riga di intestazione non trovata (attese le colonne {', '.join(MAIN_REQUIRED.values())})"))
            return False
        index, mapping, texts = found
        header = rows[index]
        labels = {f: texts[j] for j, f in mapping.items()}
        for f, label in (("actual", "Actual"), ("peso", "Peso"), ("algoritmo", "Algoritmo"), ("codice", "Codice"), ("direzione", "Direzione")):
            labels.setdefault(f, label)
        area: Area | None = None
        objective: Objective | None = None
        orphan = False  # under an objective already reported as misplaced: its indicators are not reported again
        codes_a: dict[str, Area] = {}
        codes_o: dict[str, Objective] = {}
        t = self.tree
        for i in range(index + 1, len(rows)):
            row, n = rows[i], i + 1
            if not any(row):
                continue
            bad = self.unexpected(n, row, mapping, header)
            cells = {f: row[j] for j, f in mapping.items() if j < len(row)}
            if s := _clean(cells.get("settore", "")):
                if area is None or s != area.raw:
                    m = _CODED.match(s)
                    code, name = (m.group("code"), m.group("name")) if m else (None, s)
                    key = code or name.casefold()
                    if key in codes_a:
                        self.error(n, f'settore "{s}" ripetuto (già alla riga {codes_a[key].row})')
                    area = Area(len(t.areas) + 1, code, name, s, n)
                    codes_a.setdefault(key, area)
                    t.areas.append(area)
                    objective, orphan = None, False
            if o := _clean(cells.get("obiettivo", "")):
                if objective is None or o != objective.raw:
                    m = _CODED.match(o)
                    code, name = (m.group("code"), m.group("name")) if m else (None, o)
                    orphan = area is None
                    if orphan:
                        self.error(n, f'obiettivo "{o}" prima di qualsiasi settore (serve sopra una riga con il solo '
                                   f'{labels["settore"]}, ad es. "02 - Digitalizzazione dei servizi")')
                    key = code or name.casefold()
                    if key in codes_o:
                        self.error(n, f'obiettivo "{o}" ripetuto (già alla riga {codes_o[key].row})')
                    elif area and code and area.code and not code.startswith(area.code + "."):
                        self.warn(n, f'il codice dell\'obiettivo "{code}" non inizia con quello del settore "{area.code}"')
                    objective = Objective(len(t.objectives) + 1, code, name, area.id if area else None, o, n)
                    codes_o.setdefault(key, objective)
                    t.objectives.append(objective)
            if not any(cells.get(f) for f in INDICATOR_FIELDS):
                continue
            if self.missing_name(n, cells, labels):
                continue
            if objective is None:
                self.error(n, f'indicatore "{_clean(cells["indicatore"])}" prima di qualsiasi obiettivo (serve sopra una riga con il solo '
                           f'{labels["obiettivo"]}, ad es. "02.01 - Riduzione dei tempi di evasione delle pratiche")')
                continue
            checked = self.values(n, cells, labels)
            if checked is None or bad or orphan:
                continue
            t.ente_rows.append(_row(
                obiettivo_strategico=str(objective.id), codice=_clean(cells.get("codice", "")),
                indicatore=_clean(cells["indicatore"]), algoritmo=_clean(cells.get("algoritmo", "")),
                target=cells.get("target", ""), actual=cells.get("actual", ""), peso=cells.get("peso", ""),
                ufficio=_clean(cells.get("owner", "")), direzione=_clean(cells.get("direzione", "")).casefold(),
            ))
        if not t.objectives and not t.errors:
            self.error(index + 1, f"nessun obiettivo trovato: servono righe con il solo {labels['obiettivo']} "
                       f'(ad es. "02.01 - Riduzione dei tempi di evasione delle pratiche") sotto una riga con il solo {labels["settore"]}')
        return True

    # -- individual objectives (later sheets) ----------------------------------------

    def individual(self, k: int) -> None:
        self.sheet = k
        rows = self.sheets[k].rows
        if not any(any(r) for r in rows):
            return
        index, partial = _find_header(rows, INDIVIDUAL_HEADERS, INDIVIDUAL_REQUIRED)
        if index is None and partial is None:
            self.tree.problems.append(Problem(k, 0, f"foglio ignorato: non ha la riga di intestazione degli obiettivi individuali "
                                                    f"({INDIVIDUAL_EXPECTED})", warning=True))
            return
        found = self.header(rows, INDIVIDUAL_HEADERS, INDIVIDUAL_REQUIRED, INDIVIDUAL_EXPECTED)
        if found is None:
            return
        index, mapping, texts = found
        header = rows[index]
        labels = {f: texts[j] for j, f in mapping.items()}
        for f, label in (("actual", "Actual"), ("peso", "Peso"), ("algoritmo", "Algoritmo"), ("owner", "Owner"), ("codice", "Codice")):
            labels.setdefault(f, label)
        by_code = {_code_key(o.code): o for o in reversed(self.tree.objectives) if o.code}
        known = ", ".join(o.code for o in self.tree.objectives if o.code) or "nessuno con codice"
        first_sheet = self.sheets[0].name
        current: IndividualObjective | None = None
        failed = False  # the current individual objective was reported: its rows are not reported again
        last = ""  # its text as written, repeated on its rows or only on the first
        groups: dict[str, IndividualObjective] = {}
        t = self.tree
        for i in range(index + 1, len(rows)):
            row, n = rows[i], i + 1
            if not any(row):
                continue
            bad = self.unexpected(n, row, mapping, header)
            cells = {f: row[j] for j, f in mapping.items() if j < len(row)}
            if (v := _clean(cells.get("individuale", ""))) and v != last:
                last, current, failed = v, None, True
                m = _INDIVIDUAL.match(v)
                if v in groups:
                    current, failed = groups[v], False
                elif not m:
                    self.error(n, f'{labels["individuale"]}: "{v}": atteso il codice dell\'obiettivo individuale seguito dal nome, '
                               'ad es. "EQ_RI_02_01 - Riorganizzazione dello sportello 2025"')
                elif (obj := by_code.get(_code_key(m.group("num")))) is None:
                    num = m.group("num").replace("_", ".")
                    where = f' nel foglio "{first_sheet}"' if first_sheet else ""
                    self.error(n, f'{labels["individuale"]}: "{v}": l\'obiettivo {num} non esiste{where} (obiettivi: {known})')
                elif m.group("office").lower() == "ente":
                    self.error(n, f'{labels["individuale"]}: "{v}": il codice di ufficio "{m.group("office")}" non è ammesso '
                               "(coincide con la scheda ente)")
                else:
                    current = IndividualObjective(m.group("code"), m.group("office"), m.group("name"), obj.id, v, n)
                    groups[v], failed = current, False
                    t.individual.append(current)
            if not any(cells.get(f) for f in INDICATOR_FIELDS):
                continue
            if current is not None:
                current.rows += 1
            if self.missing_name(n, cells, labels):
                continue
            if current is None and not failed:
                self.error(n, f'indicatore "{_clean(cells["indicatore"])}" prima di qualsiasi obiettivo individuale '
                           f'(colonna {labels["individuale"]} vuota)')
                continue
            checked = self.values(n, cells, labels)
            if checked is None or bad or failed or current is None:
                continue
            t.cards.setdefault(current.office, []).append(_row(
                obiettivo_strategico=str(current.objective), obiettivo_operativo=current.name, codice=current.code,
                indicatore=_clean(cells["indicatore"]), algoritmo=_clean(cells.get("algoritmo", "")),
                target=cells.get("target", ""), actual=cells.get("actual", ""), peso=cells.get("peso", ""),
            ))
        for g in groups.values():
            if g.rows == 0:
                self.error(g.row, f'obiettivo individuale "{g.raw}" senza indicatori: non importato')

    def read(self) -> Tree:
        if self.main():
            for k in range(1, len(self.sheets)):
                self.individual(k)
        self.tree.problems.sort(key=lambda p: (p.sheet, p.row))
        return self.tree

    def line(self, p: Problem) -> str:
        where = self.where(p.sheet, p.row or None)
        return f"{where}: {'avviso: ' if p.warning else ''}{p.text}"


# --- writing ---------------------------------------------------------------------


def card_id(office: str) -> str:
    return office.lower().replace("_", "-")


def year_files(tree: Tree, year: int, updated: date, source: str) -> dict[str, str]:
    """performance.yaml and the scorecards, as text (deterministic)."""
    reported = tree.actuals
    data: dict = {
        "anno": year,
        "stato": "rendicontato" if reported else "pianificato",
        "aggiornato": updated,
        "documento": f"{'Relazione sulla Performance' if reported else 'Piano della Performance'} {year}",
        "direzione_predefinita": "crescente",
    }
    if tree.areas:
        data["aree_strategiche"] = [
            {"id": a.id, **({"codice": a.code} if a.code else {}), "nome": a.name} for a in tree.areas
        ]
    data["obiettivi_strategici"] = [
        {"id": o.id, **({"codice": o.code} if o.code else {}), "nome": o.name, **({"area_strategica": o.area} if o.area else {})}
        for o in tree.objectives
    ]
    cards = [dict(ENTE_CARD)]
    files = {"indicatori/ente.csv": csv_text(INDICATOR_COLUMNS, tree.ente_rows)}
    for office, rows in tree.cards.items():
        cid = card_id(office)
        cards.append({"id": cid, "tipo": "individuale", "nome": f"Obiettivi individuali {office}", "file": f"indicatori/{cid}.csv"})
        files[f"indicatori/{cid}.csv"] = csv_text(INDICATOR_COLUMNS, rows)
    data["schede"] = cards
    comment = (
        f"{data['documento']}: importato da {source} con \"python -m generator import\".\n"
        "Un target numerico senza segno (\"24\", \"95%\") è un minimo: se più basso è meglio,\n"
        "scrivere decrescente nella colonna direzione del CSV."
    )
    return {YEAR_FILE: yaml_text(data, comment), **files}


def _install(year_dir: Path, files: dict[str, str]) -> None:
    """Replace performance.yaml and indicatori/ of the year; other datasets of the year stay."""
    year_dir.mkdir(parents=True, exist_ok=True)
    fresh, old = year_dir / ".indicatori.nuovi", year_dir / ".indicatori.vecchi"
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        for rel, text in files.items():
            if rel.startswith("indicatori/"):
                target = fresh / rel.removeprefix("indicatori/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text.encode("utf-8"))
        tmp_yaml = year_dir / f".{YEAR_FILE}.nuovo"
        tmp_yaml.write_bytes(files[YEAR_FILE].encode("utf-8"))
        if (year_dir / "indicatori").exists():
            (year_dir / "indicatori").rename(old)
        fresh.rename(year_dir / "indicatori")
        os.replace(tmp_yaml, year_dir / YEAR_FILE)
    finally:
        for leftover in (fresh, old):
            if leftover.exists():
                shutil.rmtree(leftover)


def import_file(file: Path, year: int, data_dir: Path, replace: bool = False, updated: date | None = None) -> Outcome:
    """Read the spreadsheet, report every problem, write the year only if there is none."""
    out = Outcome()
    updated = updated or date.today()
    if not (data_dir / BODY_FILE).is_file():
        return out.fail(f'{data_dir / BODY_FILE}: file mancante: creare prima i dati dell\'ente con "python -m generator init {data_dir}"')
    year_dir = data_dir / str(year)
    if not replace and ((year_dir / YEAR_FILE).exists() or (year_dir / "indicatori").exists()):
        return out.fail(
            f"{year_dir}: l'anno {year} esiste già: per sostituirne obiettivi e indicatori ({YEAR_FILE} e indicatori/) "
            "ripetere con --replace (bilancio/, personale/, premi.yaml e relazione/ restano come sono)"
        )
    try:
        sheets = read_sheets(file)
    except ReadError as e:
        return out.fail(f"{file}: {e}")
    if not sheets:
        return out.fail(f"{file}: il file non contiene fogli")
    reader = _Reader(file, sheets)
    tree = reader.read()
    out.lines += [reader.line(p) for p in tree.problems]
    n_ind = sum(len(r) for r in tree.cards.values())
    out.lines.append(
        f"Letto {file.name}: {plural(len(tree.areas), 'settore', 'settori')}, {plural(len(tree.objectives), 'obiettivo', 'obiettivi')}, "
        f"{plural(len(tree.ente_rows), 'indicatore', 'indicatori')}, {plural(len(tree.individual), 'obiettivo individuale', 'obiettivi individuali')} "
        f"({plural(n_ind, 'indicatore', 'indicatori')} in {plural(len(tree.cards), 'scheda', 'schede')})."
    )
    if tree.errors:
        e = len(tree.errors)
        return out.fail(f"{plural(e, 'problema', 'problemi')}: nessun file scritto. Correggere il foglio e ripetere l'importazione.")
    files = year_files(tree, year, updated, file.name)
    errors = stage_and_check(data_dir, year, files)
    if errors:
        out.lines += errors
        return out.fail(f"Controllo dei dati non superato: nessun file scritto in {year_dir}.")
    _install(year_dir, files)
    out.lines.append(
        f"Scritti {year_dir / YEAR_FILE} (stato: {'rendicontato' if tree.actuals else 'pianificato'}) e "
        f"{plural(len(files) - 1, 'scheda', 'schede')} in {year_dir / 'indicatori'}/."
    )
    final_check(data_dir, out)
    return out


__all__ = ["import_file", "read_sheets", "normalise"]
