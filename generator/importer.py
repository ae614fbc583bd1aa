"""`python -m generator import FILE --year YYYY`: an "Albero della Performance" spreadsheet → data.

Reads an `.xlsx`, `.ods` or `.csv` file laid out as most bodies keep their
performance tree:

    Settore                | Obiettivo                 | Indicatore | Target | Owner | (Algoritmo, Peso, Actual, SAL, Note, …)
    02 - Digitalizzazione  |                           |            |        |       |
                           | 02.01 - Riduzione tempi   |            |        |       |
                           |                           | Pratiche … | 95%    | Uff.  |

and writes `<data>/<YYYY>/performance.yaml` (one strategic area per Settore,
one strategic objective per Obiettivo, one Cruscotto di Ente) and
`<data>/<YYYY>/indicatori/*.csv`. A sheet with the columns `Obiettivo
individuale | Indicatore | Target` (individual objectives, e.g.
`EQ_RI_02_01 - Riorganizzazione dello sportello 2025`) gives one
`individuale` scorecard per office code. The sheets are recognised by their
header row, in any order and with any name.

Cells are read as the editor sees them (`cells.py`: `1` formatted `0%` is
`100%`, a date cell `31/12/2025`). Nothing is dropped silently: every
non-empty row lands in the data or is reported as `<file>, foglio "<sheet>",
riga <n>, colonna "<header>": <value>, <what is expected>` with the
spreadsheet's own row number; so is a column with an unknown header (with
what it holds), a cell's comment, an Obiettivo of the individual sheet that
links nothing or contradicts its objective's. The export's own "Istruzioni"
sheet is skipped silently (only text added to it is named). Only a row that cannot be read (no indicator
name, a target or actual that is not understood) blocks the write; then
nothing is written. The new year is checked together with the whole data
folder, in a temporary copy, before anything is written or replaced. Output is
deterministic: the same file and `--updated` give byte-identical files.

`COLUMNS` is the one table of the headers the import accepts (an export
writes their `label`).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from . import cardsheet
from . import targets as tg
from .cardsheet import CardSpec, card_id
from .cells import FAULT, PERCENT, ReadError, Sheet, csv_sheets, letter, read_sheets
from .load import BODY_FILE, YEAR_FILE
from .model import INDICATOR_COLUMNS
from .replace import carry_over, indicator_losses
from .fmt import plural
from .scaffold import Outcome, check_summary, csv_text, issue_lines, yaml_text

# --- the columns an Albero della Performance may have ------------------------------------


@dataclass(frozen=True)
class Column:
    field: str  # what the column holds (named after the scorecard CSV column where there is one)
    label: str  # its usual header: what an export writes
    aliases: tuple[str, ...] = ()  # other headers bodies write (matched case-, accent- and space-blind)
    tree: bool = True  # accepted in the tree sheet
    individual: bool = True  # accepted in the individual-objectives sheet


COLUMNS: tuple[Column, ...] = (
    Column("settore", "Settore", ("Area strategica", "Settore strategico", "Ambito strategico", "Linea strategica", "Priorità strategica",
                                  "Area di intervento", "Ambito di intervento"), individual=False),
    Column("obiettivo", "Obiettivo", ("Obiettivo strategico", "Obiettivi strategici")),
    Column("individuale", "Obiettivo individuale", ("Obiettivi individuali", "Obiettivo di performance individuale"), tree=False),
    Column("programma", "Programma", ("Programmi", "Programma operativo")),
    Column("codice", "Codice", ("Codice indicatore", "Cod. indicatore", "Cod.")),
    Column("indicatore", "Indicatore", ("Indicatori", "Descrizione indicatore", "Nome indicatore")),
    Column("algoritmo", "Algoritmo", ("Formula", "Algoritmo di calcolo", "Modalità di calcolo", "Metodo di calcolo")),
    Column("unita", "Unità di misura", ("Unità", "UdM")),
    Column("target", "Target", ("Valore atteso", "Target atteso", "Valore target", "Risultato atteso")),
    Column("actual", "Actual", ("Consuntivo", "Rilevato al 31/12", "Rilevazione al 31/12", "Rilevato", "Valore raggiunto",
                                "Valore rilevato", "Valore consuntivo", "Risultato raggiunto")),
    Column("sal", "SAL", ("Grado di raggiungimento", "% raggiungimento", "% di raggiungimento", "Percentuale di raggiungimento",
                          "Grado di raggiungimento %", "Valutazione finale", "SAL pubblicato")),
    Column("direzione", "Direzione", ("Polarità",)),
    Column("peso", "Peso", ("Peso %", "Peso (%)")),
    Column("owner", "Owner", ("Responsabile", "Ufficio responsabile", "Struttura responsabile")),
    Column("fonte", "Fonte", ("Fonte dei dati",)),
    Column("nota", "Note", ("Nota", "Motivazioni", "Motivazione", "Note sulla mancata realizzazione")),
)
LABELS = {c.field: c.label for c in COLUMNS}
TREE_REQUIRED = ("settore", "obiettivo", "indicatore", "target", "owner")
INDIVIDUAL_REQUIRED = ("individuale", "indicatore", "target")
INDICATOR_FIELDS = ("indicatore", "target", "owner", "algoritmo", "peso", "actual", "codice", "direzione", "sal", "nota", "unita", "fonte")


def normalise(text: str) -> str:
    """Header matching: case, accents, repeated spaces, a trailing year, `:` or `*` do not matter."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = " ".join(plain.casefold().split()).strip(" :*")
    return _TRAILING_YEAR.sub("", plain)


# "Target 2026", "Rilevato al 31/12/2025": the year a header names
_TRAILING_YEAR = re.compile(r"(?:\s+|(?<=\d/\d\d)/)((?:19|20)\d\d)$")


def header_year(text: str) -> int | None:
    m = _TRAILING_YEAR.search(" ".join(text.split()).strip(" :*"))
    return int(m[1]) if m else None


def headers(tree: bool) -> dict[str, str]:
    """Normalised header → field, for the tree sheet or the individual-objectives sheet."""
    return {normalise(h): c.field for c in COLUMNS if (c.tree if tree else c.individual) for h in (c.label, *c.aliases)}


TREE_HEADERS, INDIVIDUAL_HEADERS = headers(True), headers(False)

# --- codes as bodies write them ------------------------------------------------------------

# "02 - Digitalizzazione", "02.01 - Riduzione …", "2.1) …", "02: …", "OS 1.2 …", "A.1 - …", "01_02 …", "1-2-3-4 …",
# "II.1 - …"; a code of letters alone ("A", "IV") only before a separator that says so ("A - …", "A) …", "IV. …", "B: …"):
# "E-government" and "A tutela dei consumatori" are names.
_SEG = r"(?:[A-Za-z]{1,4} ?)?\d+[A-Za-z]?"
_LETTERS = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3}|[A-Z])"  # a Roman numeral up to 39, or one capital letter
_CODED = re.compile(
    rf"^(?:(?P<code>{_SEG}(?:[._-]{_SEG}){{0,3}}|{_LETTERS}(?:[._-]{_SEG}){{1,3}})\.?(?:\s*[-–—:)]\s*|\s+)"
    rf"|(?P<letters>{_LETTERS})(?:\.\s+|\s*\)\s*|\s+[-–—]\s+|\s*:\s+))(?P<name>\S.*)$"
)


def coded(text: str) -> tuple[str, str] | None:
    """(code, name) of "02.01 - Riduzione dei tempi" and the like; None where the text has no code."""
    m = _CODED.match(text)
    return (m.group("code") or m.group("letters"), m.group("name")) if m else None
# "EQ_RI_02_01 - Riorganizzazione …", "Eq Ri 02.01 – …", "eq-ri-2-1-3 …", "EQ_RI_102: …", "DIR 1 …"
_INDIVIDUAL = re.compile(
    r"^(?P<office>[A-Za-z][A-Za-z0-9]*(?:[_.\- ]+[A-Za-z][A-Za-z0-9]*)*?)[_.\- ]+"
    r"(?P<num>\d+[A-Za-z]?(?:[_.\- ]\d+[A-Za-z]?){0,3})\s*(?:[-–—:)]\s*|\s+)(?P<name>\S.*)$"
)
_BARE = re.compile(r"^-?\d+(?:,\d+)?$")
NO_AREA = "Senza area strategica"  # what an export writes as Settore above objectives linked to no area
ENTE_CARD = {"id": "ente", "tipo": "ente", "nome": "Albero della Performance", "file": "indicatori/ente.csv"}


def code_key(code: str) -> tuple[int, ...]:
    """The numbers of a code: "02.01", "2_1", "OS 2.1" and "EQ_RI_02_01"'s "02_01" all give (2, 1)."""
    return tuple(int(n) for n in re.findall(r"\d+", code))


def same_code_key(code: str) -> tuple[int | str, ...]:
    """What makes two codes the same code (a repeat): their numbers and letters, "A.1" ≠ "B.1", "1.1a" ≠ "1.1b"."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.findall(r"\d+|[^\W\d_]+", code))


def _clean(text: str) -> str:
    """Names: spaces and line breaks inside a cell become single spaces."""
    return " ".join(text.split())


# --- understanding ---------------------------------------------------------------


@dataclass
class Area:
    id: int | None  # None: the export's "Senza area strategica"
    code: str | None
    name: str
    raw: str
    row: int
    sheet: int = 0


@dataclass
class Objective:
    id: int
    code: str | None
    name: str
    area: int | None
    raw: str
    row: int
    sheet: int = 0


@dataclass
class IndividualObjective:
    code: str  # EQ_RI_02_01, as written
    office: str  # EQ_RI, as first written
    name: str
    objective: int | None  # None: linked to no strategic objective
    raw: str
    row: int
    rows: int = 0  # indicator rows seen under it (valid or not)
    stated: str = ""  # the Obiettivo cell that linked it, as written on its first row


@dataclass
class Problem:
    sheet: int
    row: int  # 0: the whole sheet
    text: str
    warning: bool = False
    column: str | None = None  # header text, or a letter for a column without header


@dataclass
class Tree:
    areas: list[Area] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    ente_rows: list[list[str]] = field(default_factory=list)
    individual: list[IndividualObjective] = field(default_factory=list)
    cards: dict[str, tuple[str, list[list[str]]]] = field(default_factory=dict)  # card id → (office, rows)
    actuals: bool = False
    problems: list[Problem] = field(default_factory=list)
    ente_at: list[int] = field(default_factory=list)  # sheet row of each of ente_rows
    # card id → per row: (sheet row, its individual objective's code, the row's own Codice as written or "")
    card_at: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    card_specs: list[CardSpec] | None = None  # the Schede sheet of an export (None: the workbook has none)
    # the columns (fields) of the sheets the rows came from: what a sheet has no column for, --update leaves as it is
    ente_fields: set[str] = field(default_factory=lambda: {c.field for c in COLUMNS})
    card_fields: dict[str, set[str]] = field(default_factory=dict)  # card id → fields

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]


NAMES = {"actual": ("valore rilevato", "valori rilevati"), "sal": ("SAL", "SAL"), "nota": ("nota", "note")}


def _row(**cells: str) -> list[str]:
    return [cells.get(c, "") for c in INDICATOR_COLUMNS]


def find_header(rows: list[list[str]], names: dict[str, str], required: tuple[str, ...]) -> tuple[int | None, int | None]:
    """(index of the header row, or None; index of the best partial candidate, or None)."""
    best, best_count = None, 1
    for i, row in enumerate(rows[:200]):
        fields = {names.get(normalise(c)) for c in row if c}
        if all(f in fields for f in required):
            return i, None
        count = sum(f in fields for f in required)
        if count > best_count:
            best, best_count = i, count
    return None, best


@dataclass
class Layout:
    """The header of a sheet, understood."""

    index: int  # row index of the header
    fields: dict[int, str]  # column index → field
    texts: dict[str, str]  # field → header text as written
    percent: set[str]  # fields whose column holds percentages (by its header or its cells)
    percent_cells: set[str] = field(default_factory=set)  # fields with a cell written (or formatted) as a percentage


class _Reader:
    """Walks the sheets once, building the tree and collecting every problem."""

    def __init__(self, file: Path, sheets: list[Sheet], year: int | None = None, update: bool = False):
        self.file, self.sheets, self.tree = file, sheets, Tree()
        self.year, self.update = year, update  # the year imported (--year), and whether into the data it has (--update)
        self.codes_a: dict[str, Area] = {}  # the tree's sectors and objectives by code (or name), over all its sheets
        self.codes_o: dict[str, Objective] = {}
        self.sheet = 0
        self.col_names: dict[int, str] = {}  # column index → header text (or letter) of the current sheet
        self.invented: set[str] = set()  # the offices whose codes the export made up (its Schede sheet says so)
        self.exported = False  # the workbook is an export: its cells are the data's, as validated
        self.template: int | None = None  # the year of an export imported as another year (not --update): its plan only
        self.dropped: dict[str, int] = {}  # what of it is not imported: field → cells

    def where(self, p: Problem) -> str:
        name = self.sheets[p.sheet].name
        out = str(self.file) if name is None else f'{self.file}, foglio "{name}"'
        if p.row:
            out += f", riga {p.row}"
        if p.column:
            out += f", colonna {p.column}"
        return out

    def line(self, p: Problem) -> str:
        return f"{self.where(p)}: {'avviso: ' if p.warning else ''}{p.text}"

    def _col(self, j: int | None) -> str | None:
        if j is None:
            return None
        name = self.col_names.get(j)
        return f'"{name}"' if name else letter(j)

    def error(self, row: int, text: str, col: int | None = None) -> None:
        self.tree.problems.append(Problem(self.sheet, row, text, column=self._col(col)))

    def warn(self, row: int, text: str, col: int | None = None) -> None:
        self.tree.problems.append(Problem(self.sheet, row, text, warning=True, column=self._col(col)))

    def other_year(self, row: int, said: str, year: int, col: int | None = None, measured: bool = False) -> None:
        """The sheet names a year that is not --year: an error when it would overwrite that year's data (--update)
        or publish another year's measures (`measured`: an Actual or SAL column) as this year's results."""
        if self.year is None or year == self.year:
            return
        text = f'"{said}": il file indica l\'anno {year}, ma si importa il {self.year} (--year {self.year})'
        if measured:
            self.error(row, f"{text}: i valori rilevati del {year} (ad es. il valore di partenza di un Piano) non sono i risultati del "
                       f"{self.year}: togliere o rinominare la colonna, oppure, se il file è del {year}, ripetere con --year {year}", col)
        elif self.update:
            self.error(row, f"{text}: nessun valore è scritto nel {self.year}; se il file è del {year}, ripetere con --year {year}", col)
        else:
            self.warn(row, f"{text}: i valori sono importati come anno {self.year}", col)

    def notes(self, k: int) -> None:
        """What reading the sheet found: hidden rows and columns, formulas without a value, the encoding."""
        self.sheet = k
        rows = self.sheets[k].rows
        index = find_header(rows, TREE_HEADERS, TREE_REQUIRED)[0]
        index = find_header(rows, INDIVIDUAL_HEADERS, INDIVIDUAL_REQUIRED)[0] if index is None else index
        self.col_names = {j: _clean(c) for j, c in enumerate(rows[index]) if c} if index is not None else {}
        sheet = self.sheets[k]
        for (r, j, text), hidden in [*((n, False) for n in sheet.notes), *((n, True) for n in sheet.hidden)]:
            if hidden and self.update:  # what is not read would be taken out of the data (a filter's rows, a column's values)
                text += ("; con --update ciò che è nascosto sarebbe tolto dai dati, quindi nessun valore è scritto: mostrare righe, "
                         "colonne e fogli nascosti (togliere i filtri) e ripetere")
            self.tree.problems.append(Problem(k, (r + 1) if r is not None else 0, text, warning=not (hidden and self.update),
                                              column=self._col(j) if j is not None else None))

    # -- header ---------------------------------------------------------------

    def header(self, names: dict[str, str], required: tuple[str, ...]) -> Layout | None:
        """The header row of the current sheet, or None when reported/absent."""
        sheet = self.sheets[self.sheet]
        rows = sheet.rows
        what = ", ".join(LABELS[f] for f in required)
        index, partial = find_header(rows, names, required)
        if index is None:
            if partial is not None:
                found = {names.get(normalise(c)) for c in rows[partial] if c}
                missing = [LABELS[f] for f in required if f not in found]
                self.error(partial + 1, f"intestazione incompleta: {'manca la colonna' if len(missing) == 1 else 'mancano le colonne'} "
                           f"{', '.join(missing)} (attese {what})")
            return None
        self.col_names = {j: _clean(c) for j, c in enumerate(rows[index]) if c}
        years = {j: header_year(c) for j, c in enumerate(rows[index]) if c}
        columns: dict[str, list[int]] = {}
        for j, c in enumerate(rows[index]):
            if c and (f := names.get(normalise(c))):
                columns.setdefault(f, []).append(j)
        # A column for each year (a PIAO's "Target 2026 | Target 2027 | Target 2028"): the one of the year imported.
        other_years = {j for js in columns.values() if len(js) > 1 and all(years[j] for j in js)
                       and any(years[j] == self.year for j in js) for j in js if years[j] != self.year}
        fields: dict[int, str] = {}
        texts: dict[str, str] = {}
        seen: dict[str, int] = {}
        known = ", ".join(c.label for c in COLUMNS if names.get(normalise(c.label)))
        for j, c in enumerate(rows[index]):
            if not c:
                continue
            f = names.get(normalise(c))
            if f is None:
                content = [i for i in range(index + 1, len(rows)) if j < len(rows[i]) and rows[i][j] and (i, j) not in sheet.filled]
                held = (f'{len(content)} {"cella" if len(content) == 1 else "celle"}, la prima alla riga {content[0] + 1}: '
                        f'"{_clean(rows[content[0]][j])}"; ') if content else ""
                self.warn(index + 1, f'"{_clean(c)}": colonna non riconosciuta, il suo contenuto non è importato '
                          f"({held}colonne riconosciute: {known})", j)
                fields[j] = "_ignorata"
                continue
            if j in other_years:
                self.warn(index + 1, f'"{_clean(c)}": colonna dell\'anno {years[j]}: non importata (si importa il {self.year})', j)
                fields[j] = "_ignorata"
                continue
            if years[j]:
                self.other_year(index + 1, _clean(c), years[j], j, measured=f in ("actual", "sal"))
            if f in seen:
                self.error(index + 1, f'"{_clean(c)}": colonna ripetuta (già in colonna {letter(seen[f])} "{texts[f]}")', j)
                fields[j] = "_ignorata"  # reported once here, not again on every row
                continue
            seen[f] = j
            fields[j], texts[f] = f, _clean(c)
        for i in range(index):
            if any(rows[i]):
                shown = " | ".join(c for c in rows[i] if c)
                self.warn(i + 1, f'riga ignorata perché precede l\'intestazione: "{shown}"')
        written = {f for j, f in fields.items() if any(sheet.kinds.get((i, j)) == PERCENT or (j < len(rows[i]) and rows[i][j].endswith("%"))
                                                    for i in range(index + 1, len(rows)))}
        return Layout(index, fields, texts, written | {f for j, f in fields.items() if "%" in rows[index][j]}, written)

    def label(self, layout: Layout, f: str) -> str:
        return layout.texts.get(f, LABELS[f])

    def cells(self, layout: Layout, i: int) -> dict[str, str] | None:
        """The row's cells by field, or None when the row adds nothing (empty, or only a merged range's value)."""
        sheet = self.sheets[self.sheet]
        row, n = sheet.rows[i], i + 1
        own = [j for j, c in enumerate(row) if c and (i, j) not in sheet.filled]
        if not own:
            return None
        width = max(layout.fields) + 1
        for j in own:
            if j >= width and sheet.name is None:  # a CSV's row longer than its header: its cells have moved
                self.error(n, f'"{row[j]}": la riga ha {len(row)} celle, l\'intestazione {width}: i valori sono spostati di colonna '
                           '(un numero con la virgola decimale, come 2,5, va tra virgolette: "2,5"; oppure salvare il CSV con il punto '
                           "e virgola come separatore)", j)
                break
            if j not in layout.fields:
                self.warn(n, f'"{row[j]}": testo in una colonna senza intestazione, non importato', j)
        faults = {j for j in own if sheet.kinds.get((i, j)) == FAULT and not layout.fields.get(j, "_").startswith("_")}
        for j in sorted(faults):
            self.error(n, f'"{row[j]}": la formula della cella dà un errore, non un valore: correggerla nel foglio (o scrivere il '
                       "valore) e ripetere l'importazione", j)
        return {f: "" if j in faults else row[j] for j, f in layout.fields.items() if j < len(row) and not f.startswith("_")}

    def _col_of(self, layout: Layout, f: str) -> int | None:
        return next((j for j, g in layout.fields.items() if g == f), None)

    def values(self, n: int, cells: dict[str, str], layout: Layout) -> dict[str, str] | None:
        """Target, actual, SAL and weight checked with the project's parser; None if any is wrong."""
        ok = True
        for f in ("actual", "sal", "nota") if self.template else ():  # another year's results are not this year's
            if cells.get(f, "").strip():
                self.dropped[f] = self.dropped.get(f, 0) + 1
            cells[f] = ""
        target = actual = None
        col = lambda f: self._col_of(layout, f)  # noqa: E731
        if t := cells.get("target"):
            try:
                target = tg.parse_target(t)
            except tg.ValueError_ as e:
                self.error(n, str(e), col("target"))
                ok = False
        if a := cells.get("actual"):
            try:
                actual = tg.parse_actual(a)
            except tg.ValueError_ as e:
                self.error(n, str(e), col("actual"))
                ok = False
        if actual and not t:
            self.error(n, f'vuoto: manca il target per il valore rilevato "{actual.text}"', col("target"))
            ok = False
        if target and actual and (why := tg.compatible(target, actual)):
            self.error(n, f'"{actual.text}": {why}', col("actual"))
            ok = False
        if (p := cells.get("peso")) and "peso" in layout.percent_cells and not p.endswith("%"):  # 13% beside 0,75: not one scale
            self.error(n, f'"{p}": peso senza %, in una colonna di pesi in percentuale: scriverli tutti allo stesso modo '
                       "(tutti in percentuale o tutti come numeri)", col("peso"))
            ok = False
        elif p:
            try:
                if tg.parse_number(p.rstrip("%").strip()) <= 0:
                    raise tg.ValueError_("")
            except tg.ValueError_:
                self.error(n, f'"{p}": atteso un numero maggiore di zero (ad es. 1, 2,5)', col("peso"))
                ok = False
        if s := cells.get("sal"):
            try:
                if not 0 <= tg.parse_number(s.rstrip("%").strip()) <= 100:
                    raise tg.ValueError_("")
            except tg.ValueError_:
                self.error(n, f'"{s}": atteso un grado di raggiungimento in percentuale tra 0% e 100% (ad es. 100%, 87,5%)', col("sal"))
                ok = False
        if d := cells.get("direzione"):
            if _clean(d).casefold() not in ("crescente", "decrescente"):
                self.error(n, f'"{d}": valore non ammesso (valori ammessi: crescente, decrescente)', col("direzione"))
                ok = False
            elif target and target.direction is not None and target.direction.value != _clean(d).casefold():
                self.error(n, f'"{d}" contraddice il target "{target.text}" ({target.direction.value})', col("direzione"))
                ok = False
        for f in ("target", "actual", "sal"):  # (an actual without % against a target in % is an error: tg.compatible)
            v = cells.get(f, "")
            if (_BARE.match(v) and 0 < Decimal(v.replace(",", ".")) <= 1 and f in layout.percent and not self.exported
                    and not (f == "actual" and target and target.unit is not tg.Unit.PERCENT)):  # 0,9 days against 2,5 days
                self.warn(n, f'"{v}": numero senza il simbolo %, in una colonna di percentuali: importato così com\'è ({v}, non '
                          f'{Decimal(v.replace(",", ".")) * 100:.0f}%); se è una percentuale scriverla con il % '
                          f'(ad es. {Decimal(v.replace(",", ".")) * 100:.0f}%) o formattare la cella come percentuale', col(f))
        if ok and not t:
            self.warn(n, f'vuoto: l\'indicatore "{_clean(cells["indicatore"])}" non ha target: sarà mostrato ma non valutato', col("target"))
        if ok and a:
            self.tree.actuals = True
        return cells if ok else None

    def missing_name(self, n: int, cells: dict[str, str], layout: Layout) -> bool:
        """Indicator columns filled but no indicator name: report the stray text."""
        stray = [f for f in INDICATOR_FIELDS if f != "indicatore" and cells.get(f)]
        if stray and not cells.get("indicatore"):
            shown = ", ".join(f'{self.label(layout, f)} "{cells[f]}"' for f in stray)
            self.error(n, f"vuoto: manca il nome dell'indicatore ma la riga ha testo in {shown}", self._col_of(layout, "indicatore"))
            return True
        return False

    def indicator(self, cells: dict[str, str], **fixed: str) -> list[str]:
        return _row(**{
            "programma": _clean(cells.get("programma", "")),
            "codice": _clean(cells.get("codice", "")), "indicatore": _clean(cells["indicatore"]),
            "algoritmo": _clean(cells.get("algoritmo", "")), "unita": _clean(cells.get("unita", "")),
            "target": cells.get("target", ""), "actual": cells.get("actual", ""),
            "direzione": _clean(cells.get("direzione", "")).casefold(), "peso": cells.get("peso", "").rstrip("%").strip(),  # a weight of 60% is 60 (weights are relative)
            "ufficio": _clean(cells.get("owner", "")), "fonte": _clean(cells.get("fonte", "")),
            "sal_pubblicato": cells.get("sal", ""), "nota": _clean(cells.get("nota", "")), **fixed,
        })

    # -- the tree --------------------------------------------------------------------

    def main(self, k: int) -> None:
        self.sheet = k
        layout = self.header(TREE_HEADERS, TREE_REQUIRED)
        if layout is None:
            return
        self.tree.ente_fields &= set(layout.fields.values())
        rows = self.sheets[k].rows
        area: Area | None = None
        objective: Objective | None = None
        orphan = False  # under an objective already reported as misplaced: its indicators are not reported again
        codes_a, codes_o = self.codes_a, self.codes_o  # across the sheets of a tree split by area or by office
        t = self.tree
        col = lambda f: self._col_of(layout, f)  # noqa: E731
        for i in range(layout.index + 1, len(rows)):
            n = i + 1
            cells = self.cells(layout, i)
            if cells is None:
                continue
            if s := _clean(cells.get("settore", "")):
                if area is None or s != area.raw:
                    code, name = coded(s) or (None, s)
                    key = str(same_code_key(code)) if code else name.casefold()
                    if s == NO_AREA:  # the export's heading for objectives linked to no area: not an area
                        area = Area(None, None, s, s, n, k)
                    elif key in codes_a and codes_a[key].sheet != k:  # the same sector in another sheet: the same area
                        area = codes_a[key]
                        if normalise(area.name) != normalise(name):
                            self.error(n, f'"{s}": lo stesso codice del settore "{area.raw}" del foglio "{self.sheets[area.sheet].name}" '
                                       f"(riga {area.row}), con un altro nome", col("settore"))
                    else:
                        if key in codes_a:
                            self.error(n, f'"{s}": settore ripetuto (già alla riga {codes_a[key].row})', col("settore"))
                        area = Area(len(t.areas) + 1, code, name, s, n, k)
                        codes_a.setdefault(key, area)
                        t.areas.append(area)
                    objective, orphan = None, False
            if o := _clean(cells.get("obiettivo", "")):
                if objective is None or o != objective.raw:
                    code, name = coded(o) or (None, o)
                    orphan = area is None
                    if orphan:
                        self.error(n, f'"{o}": obiettivo prima di qualsiasi settore (serve sopra una riga con il solo '
                                   f'{self.label(layout, "settore")}, ad es. "02 - Digitalizzazione dei servizi")', col("obiettivo"))
                    key = str(same_code_key(code)) if code else name.casefold()
                    again = codes_o.get(key)
                    if again is not None and again.sheet != k:  # the same objective in another sheet
                        objective = again
                        if normalise(again.name) != normalise(name):
                            self.error(n, f'"{o}": lo stesso codice dell\'obiettivo "{again.raw}" del foglio "{self.sheets[again.sheet].name}" '
                                       f"(riga {again.row}), con un altro nome", col("obiettivo"))
                        elif area and again.area != area.id:
                            self.error(n, f'"{o}": nel foglio "{self.sheets[again.sheet].name}" (riga {again.row}) lo stesso obiettivo è '
                                       "sotto un altro settore", col("obiettivo"))
                    else:
                        if again is not None:
                            self.error(n, f'"{o}": obiettivo ripetuto (già alla riga {again.row})', col("obiettivo"))
                        elif (area and code and area.code and len(same_code_key(code)) > len(same_code_key(area.code))
                              and code_key(code)[: len(code_key(area.code))] != code_key(area.code)):  # "02.01" under "01"
                            self.warn(n, f'"{o}": il codice dell\'obiettivo "{code}" non inizia con quello del settore "{area.code}"', col("obiettivo"))
                        objective = Objective(len(t.objectives) + 1, code, name, area.id if area else None, o, n, k)
                        codes_o.setdefault(key, objective)
                        t.objectives.append(objective)
            if not any(cells.get(f) for f in INDICATOR_FIELDS):
                continue
            if self.missing_name(n, cells, layout):
                continue
            if objective is None:
                self.error(n, f'"{_clean(cells["indicatore"])}": indicatore prima di qualsiasi obiettivo (serve sopra una riga con il solo '
                           f'{self.label(layout, "obiettivo")}, ad es. "02.01 - Riduzione dei tempi di evasione delle pratiche")', col("indicatore"))
                continue
            if self.values(n, cells, layout) is None or orphan:
                continue
            t.ente_rows.append(self.indicator(cells, obiettivo_strategico=str(objective.id)))
            t.ente_at.append(n)
        if not t.objectives and not t.errors:
            self.error(layout.index + 1, f"nessun obiettivo trovato: servono righe con il solo {self.label(layout, 'obiettivo')} "
                       f'(ad es. "02.01 - Riduzione dei tempi di evasione delle pratiche") sotto una riga con il solo {self.label(layout, "settore")}')

    # -- individual objectives --------------------------------------------------------

    def link(self, m: re.Match, name: str, stated: str) -> tuple[Objective | None, bool]:
        """Best effort: the sheet's own Obiettivo column (code or name), then the code's numbers, then the name.
        The numbers of a code the export made up (`AREA1_02`: the scorecard's second objective) link nothing.

        Returns the objective and whether the Obiettivo cell is what found it."""
        objectives = self.tree.objectives
        keyed = [(code_key(o.code), o) for o in objectives if o.code]
        count = Counter(k for k, _ in keyed)  # "A.1" and "B.1" are both (1,): neither is found by its numbers
        by_key = {k: o for k, o in keyed if count[k] == 1}
        by_name = {normalise(o.name): o for o in reversed(objectives)}
        if stated:
            s = coded(stated)
            if s and (o := by_key.get(code_key(s[0]))):
                return o, True
            if o := by_name.get(normalise(s[1] if s else stated)):
                return o, True
            if re.fullmatch(r"[\d._\- ]+", stated) and (o := by_key.get(code_key(stated))):
                return o, True
        key = () if card_id(m.group("office")) in self.invented else code_key(m.group("num"))
        for size in range(len(key), 0, -1):
            if o := by_key.get(key[:size]):
                return o, False
        return by_name.get(normalise(name)), False

    def _known_objectives(self) -> str:
        codes = [o.code for o in self.tree.objectives if o.code]
        return ", ".join(codes[:12]) + (f" e altri {len(codes) - 12}" if len(codes) > 12 else "") or "nessuno con codice"

    def individual(self, k: int) -> None:
        self.sheet = k
        layout = self.header(INDIVIDUAL_HEADERS, INDIVIDUAL_REQUIRED)
        if layout is None:
            return
        rows = self.sheets[k].rows
        col = lambda f: self._col_of(layout, f)  # noqa: E731
        current: IndividualObjective | None = None
        failed = False  # the current individual objective was reported: its rows are not reported again
        last = ""  # its text as written, repeated on its rows or only on the first
        groups: dict[str, IndividualObjective] = {}
        t = self.tree
        columns = set(layout.fields.values())  # what this sheet has a column for (--update keeps what it has not)
        offices = {cid: office for cid, (office, _) in t.cards.items()}  # card id → office as first written
        for i in range(layout.index + 1, len(rows)):
            n = i + 1
            cells = self.cells(layout, i)
            if cells is None:
                continue
            stated = _clean(cells.get("obiettivo", ""))
            if (v := _clean(cells.get("individuale", ""))) and v != last:
                last, current, failed = v, None, True
                m = _INDIVIDUAL.match(v)
                if v in groups:
                    current, failed = groups[v], False
                elif not m:
                    self.error(n, f'"{v}": atteso il codice dell\'obiettivo individuale (ufficio e numero) seguito dal nome, '
                               'ad es. "EQ_RI_02_01 - Riorganizzazione dello sportello 2025"', col("individuale"))
                elif card_id(m.group("office")) == "ente":
                    self.error(n, f'"{v}": il codice di ufficio "{m.group("office")}" non è ammesso (coincide con la scheda ente)', col("individuale"))
                else:
                    name = _clean(m.group("name"))
                    obj, by_stated = self.link(m, name, stated)
                    if stated and obj and by_stated and (said := coded(stated)):
                        named = next((o for o in t.objectives if normalise(o.name) == normalise(said[1])), None)
                        if named is not None and named is not obj:
                            self.warn(n, f'"{stated}": il codice indica l\'obiettivo "{obj.raw}", il nome l\'obiettivo "{named.raw}": '
                                      f'collegato per codice a "{obj.raw}"; correggere il codice o il nome', col("obiettivo"))
                    office = offices.setdefault(card_id(m.group("office")), _clean(m.group("office")))  # as first written
                    if obj is None:
                        self.warn(n, f'"{v}": nessun obiettivo strategico corrisponde al codice {m.group("num")} né al nome '
                                  f"(obiettivi: {self._known_objectives()}): importato nella scheda {office} "
                                  "tra gli obiettivi non collegati a un obiettivo strategico", col("individuale"))
                    if stated and not by_stated:
                        found = f'collegato invece dal codice dell\'obiettivo individuale a "{obj.raw}"' if obj else "non collegato"
                        self.warn(n, f'"{stated}": nessun obiettivo strategico dell\'albero ha questo codice o nome '
                                  f"(obiettivi: {self._known_objectives()}): {found}", col("obiettivo"))
                    code = _clean(v[: m.start("name")]).rstrip(" -–—:)")
                    current = IndividualObjective(code, office, name, obj.id if obj else None, v, n, stated=stated)
                    groups[v], failed = current, False
                    t.individual.append(current)
            if stated and current is not None and not failed and n != current.row and normalise(stated) != normalise(current.stated):
                linked = next((o for o in t.objectives if o.id == current.objective), None)
                self.warn(n, f'"{stated}": l\'obiettivo individuale "{current.raw}" è già collegato '
                          + (f'all\'obiettivo strategico "{linked.raw}"' if linked else "a nessun obiettivo strategico")
                          + f" (riga {current.row}): un obiettivo individuale ha un solo obiettivo strategico, valore non importato",
                          col("obiettivo"))
            if not any(cells.get(f) for f in INDICATOR_FIELDS):
                if stated and current is None and not failed:
                    self.warn(n, f'"{stated}": riga senza obiettivo individuale né indicatore: non importata (l\'obiettivo '
                              "strategico si scrive sulla riga dell'obiettivo individuale)", col("obiettivo"))
                continue
            if current is not None:
                current.rows += 1
            if self.missing_name(n, cells, layout):
                continue
            if current is None and not failed:
                self.error(n, f'"{_clean(cells["indicatore"])}": indicatore prima di qualsiasi obiettivo individuale '
                           f'(colonna {self.label(layout, "individuale")} vuota)', col("indicatore"))
                continue
            if self.values(n, cells, layout) is None or failed or current is None:
                continue
            cid = card_id(current.office)
            office, card_rows = t.cards.setdefault(cid, (current.office, []))
            own = _clean(cells.get("codice", ""))
            card_rows.append(self.indicator(
                cells, obiettivo_strategico="" if current.objective is None else str(current.objective),
                obiettivo_operativo=current.name, codice=own or current.code,
            ))
            t.card_at.setdefault(cid, []).append((n, current.code, own))
            t.card_fields[cid] = t.card_fields.get(cid, columns) & columns
        for g in groups.values():
            if g.rows == 0:
                self.sheet = k
                self.error(g.row, f'"{g.raw}": obiettivo individuale senza indicatori: non importato', col("individuale"))

    def read(self) -> Tree:
        """Find the tree sheet and the individual-objectives sheets by their headers, in any order."""
        kinds = []
        for k, sheet in enumerate(self.sheets):
            self.notes(k)
            if find_header(sheet.rows, TREE_HEADERS, TREE_REQUIRED)[0] is not None:
                kinds.append("tree")
            elif find_header(sheet.rows, INDIVIDUAL_HEADERS, INDIVIDUAL_REQUIRED)[0] is not None:
                kinds.append("individual")
            elif cardsheet.header_row(sheet.rows) is not None:
                kinds.append("cards")
            else:
                kinds.append(None)
        from .exporter import instructions_extras  # late import: the exporter builds on this module

        for k, kind in enumerate(kinds):  # the export's own Istruzioni sheet is not data: only what an editor added to it is named
            if kind is None and (extras := instructions_extras(self.sheets[k])) is not None:
                kinds[k] = "instructions"
                self.exported = True
                self.sheet = k
                self.col_names = {}
                title = self.sheets[k].rows[0][0]
                exported = int(re.search(r"\d{4}", title)[0])
                if self.year is not None and exported != self.year and not self.update:
                    self.template = exported
                else:
                    self.other_year(1, title.split(":")[0], exported)
                for i, j, text in extras:
                    self.warn(i + 1, f'"{_clean(text)}": testo aggiunto al foglio delle istruzioni dell\'esportazione: non importato '
                              "(i dati si scrivono negli altri fogli)", j)
        for k in [k for k, kind in enumerate(kinds) if kind == "cards"][:1]:
            self.cards(k)
        trees = [k for k, kind in enumerate(kinds) if kind == "tree"]
        if not trees:
            first = next((k for k, s in enumerate(self.sheets) if kinds[k] != "instructions" and any(any(r) for r in s.rows)), 0)
            self.sheet = first
            before = len(self.tree.problems)
            self.header(TREE_HEADERS, TREE_REQUIRED)
            if len(self.tree.problems) == before or all(p.warning for p in self.tree.problems[before:]):
                self.tree.problems.append(Problem(first, 0, "riga di intestazione non trovata (attese le colonne "
                                                            f"{', '.join(LABELS[f] for f in TREE_REQUIRED)})"))
        else:
            for k in trees if not self.update else trees[:1]:  # a tree split by area or by office: read in order, as one
                self.main(k)
            for k in trees[1:] if self.update else ():  # an export has one Albero: rows moved to another sheet would be deleted
                self.tree.problems.append(Problem(k, 0, f'secondo foglio dell\'albero (il primo è "{self.sheets[trees[0]].name}"): con '
                                                        "--update l'albero sta in un solo foglio, come l'ha scritto l'esportazione; "
                                                        "riportare le righe nel primo e ripetere"))
            for k, kind in enumerate(kinds):
                if kind == "individual":
                    self.individual(k)
                elif kind is None and any(any(r) for r in self.sheets[k].rows) and self.sheets[k].rows:
                    self.sheet = k
                    if find_header(self.sheets[k].rows, INDIVIDUAL_HEADERS, INDIVIDUAL_REQUIRED)[1] is not None:
                        self.header(INDIVIDUAL_HEADERS, INDIVIDUAL_REQUIRED)  # reports what the header lacks
                    else:
                        self.tree.problems.append(Problem(k, 0, "foglio ignorato: non ha né la riga di intestazione dell'albero "
                                                                f"({', '.join(LABELS[f] for f in TREE_REQUIRED)}) né quella degli obiettivi "
                                                                f"individuali ({', '.join(LABELS[f] for f in INDIVIDUAL_REQUIRED)})", warning=True))
        for k in [k for k, kind in enumerate(kinds) if kind == "cards"][:1]:
            self.reconcile(k)
        if self.template is not None:
            k = kinds.index("instructions")
            self.tree.problems.append(Problem(k, 1, (
                f"il file è l'esportazione del {self.template}, importata come anno {self.year}: sono importati l'albero, gli "
                f"indicatori e i target, come anno pianificato; i risultati del {self.template} non sono del {self.year} e non sono "
                "importati" + (f" ({', '.join(plural(v, *NAMES[f]) for f, v in self.dropped.items())})" if self.dropped else "")
                + f"; i target con una scadenza del {self.template} vanno rivisti"), warning=True))
        for k in [k for k, kind in enumerate(kinds) if kind == "cards"][1:]:
            self.tree.problems.append(Problem(k, 0, "secondo foglio delle schede: le schede si elencano in un solo foglio "
                                                    f'("{self.sheets[kinds.index("cards")].name}")'))
        self.tree.problems.sort(key=lambda p: (p.sheet, p.row))
        return self.tree

    def cards(self, k: int) -> None:
        """The Schede sheet: which scorecard each office code is (read before the sheets that use the codes)."""
        self.sheet = k
        rows = self.sheets[k].rows
        index = cardsheet.header_row(rows)
        self.col_names = {j: _clean(c) for j, c in enumerate(rows[index]) if c}
        specs, problems = cardsheet.read(rows, index)
        for n, j, text, warning in problems:
            (self.warn if warning else self.error)(n, text, j)
        self.tree.card_specs = specs
        self.invented = {card_id(s.office) for s in specs if s.invented}

    def reconcile(self, k: int) -> None:
        """The Schede sheet against the offices the other sheets use."""
        self.sheet = k
        rows = self.sheets[k].rows
        index = cardsheet.header_row(rows)
        self.col_names = {j: _clean(c) for j, c in enumerate(rows[index]) if c}
        cols = cardsheet.columns_of(rows[index])
        t = self.tree
        specs = t.card_specs or []
        listed = {card_id(s.office) for s in specs if s.office}
        for cid, (office, _) in t.cards.items():
            if cid not in listed:
                self.warn(0, f'codice di ufficio "{office}" degli altri fogli non elencato in questo foglio: importato come scheda '
                          f'individuale "Obiettivi individuali {office}" (aggiungere una riga per dargli tipo, nome e indirizzo)')
        addresses = {s.id: s.row for s in specs}
        for cid in t.cards:
            if cid not in listed and cid in addresses:
                self.error(addresses[cid], f'"{cid}": è anche l\'indirizzo che prende il codice di ufficio non elencato '
                           f'"{t.cards[cid][0]}": due schede avrebbero lo stesso indirizzo', cols.get("scheda"))
        for s in specs:
            if not self.update and s.office and card_id(s.office) not in t.cards:
                self.warn(s.row, f'"{s.office}": nessun indicatore negli altri fogli ha questo codice di ufficio: la scheda '
                          f'"{s.name}" è creata senza indicatori', cols.get("ufficio"))


def read_file(file: Path) -> list[Sheet]:
    """The sheets of the file; a CSV with the separator (`;` or `,`) that finds the header row."""
    if file.suffix.lower() == ".csv" and file.is_file():
        options = csv_sheets(file)
        for sheet in options.values():
            if find_header(sheet.rows, TREE_HEADERS, TREE_REQUIRED)[0] is not None:
                return [sheet]
        text = next(iter(options.values())).rows
        first = next((r for r in text if any(r)), [])
        return [options[";"] if len(first) > 1 else options[","]]
    return read_sheets(file)


# --- writing ---------------------------------------------------------------------


def year_files(tree: Tree, year: int, updated: date, source: str, old: dict | None = None) -> tuple[dict[str, str], list[str]]:
    """performance.yaml and the scorecards, as text (deterministic); with `old` (the performance.yaml replaced), what
    it has beside the workbook's data is carried over, and the second item names what could not be."""
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
    specs = tree.card_specs or []  # the Schede sheet's scorecards, in its order; then those of office codes it does not list
    listed = {card_id(s.office): s.entry() for s in specs if s.office}
    unlisted = {cid: {"id": cid, "tipo": "individuale", "nome": f"Obiettivi individuali {office}", "file": f"indicatori/{cid}.csv"}
                for cid, (office, _) in tree.cards.items() if cid not in listed}
    cards = [s.entry() for s in specs]
    if not any(s.kind == "ente" for s in specs):
        cards.insert(0, dict(ENTE_CARD))
    cards += unlisted.values()
    files = {next(c for c in cards if c["tipo"] == "ente")["file"]: csv_text(INDICATOR_COLUMNS, tree.ente_rows)}
    invented = {card_id(s.office) for s in specs if s.invented}
    code = INDICATOR_COLUMNS.index("codice")
    for cid, (_, rows) in tree.cards.items():
        if cid in invented:  # the export's made-up codes only said which scorecard: the row keeps its own Codice, if any
            rows = [[own if i == code else v for i, v in enumerate(r)] for r, (_, _, own) in zip(rows, tree.card_at[cid])]
        files[(listed.get(cid) or unlisted[cid])["file"]] = csv_text(INDICATOR_COLUMNS, rows)
    for c in listed.values():  # listed with no indicator: created empty (the import warned)
        files.setdefault(c["file"], csv_text(INDICATOR_COLUMNS, []))
    data["schede"] = cards
    carried: list[str] = []
    if old is not None:
        data, carried = carry_over(old, data, generated={c["id"] for c in cards} - {s.id for s in specs})
    comment = (
        f"{data['documento']}: importato da {source} con \"python -m generator import\".\n"
        "Un target numerico senza segno (\"24\", \"95%\") è un minimo: se più basso è meglio,\n"
        "scrivere decrescente nella colonna direzione del CSV."
    )
    return {YEAR_FILE: yaml_text(data, comment), **files}, carried


def _replaced(year_dir: Path, files: dict[str, str], carried: list[str], comments: int) -> list[str]:
    """What --replace keeps and takes away from the year, said item by item: {line}."""
    from .sources import SourceError, read_text

    def text(p: Path) -> str:
        try:
            return read_text(p) if p.suffix.lower() == ".csv" else ""
        except SourceError:
            return ""

    here = {p.relative_to(year_dir).as_posix(): text(p)
            for p in sorted((year_dir / "indicatori").rglob("*")) if p.is_file()} if (year_dir / "indicatori").is_dir() else {}
    lines = [f"{year_dir / YEAR_FILE}: {w}" for w in carried]
    if comments:
        lines.append(f"{year_dir / YEAR_FILE}: i commenti del file attuale ({plural(comments, 'riga', 'righe')} con #) non restano")
    return lines + [f"{year_dir / w}" for w in indicator_losses(here, {k: v for k, v in files.items() if k != YEAR_FILE})]


def _old_year(year_dir: Path) -> tuple[dict | None, int, str | None]:
    """The performance.yaml that --replace replaces, read as `validate` reads it: (its data or None if there is none,
    its comment lines, why it cannot be read)."""
    from .sources import SourceError, read_text, read_yaml

    path = year_dir / YEAR_FILE
    if not path.is_file():
        return None, 0, None
    how = ("--replace ne porterebbe nel nuovo file quanto scritto a mano accanto all'albero: correggerlo (python -m generator "
           "validate) o, per sostituirlo senza portarne nulla, spostarlo fuori dalla cartella dei dati e ripetere; nessun file scritto")
    try:
        doc = read_yaml(path)
        comments = sum(1 for line in read_text(path).splitlines() if line.lstrip().startswith("#"))
    except SourceError as e:
        return None, 0, f"{path}{f':{e.line}' if e.line else ''}: {e}: il file attuale non si legge, e {how}"
    if not isinstance(doc.data, dict):
        return None, 0, f"{path}: il file attuale non ha la forma di {YEAR_FILE} (campi come anno:, stato:, obiettivi_strategici:), e {how}"
    return doc.data, comments, None


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


def staged_check(data_dir: Path, year: int, files: dict[str, str], install=None) -> tuple[list[str], list[str], str]:
    """Install the new year into a temporary copy of the whole data folder and check it all.

    Returns (errors, every issue as `validate` prints it, the summary line), with
    paths shown as in `data_dir`. Nothing in `data_dir` is touched."""
    from .build import check  # late import: build pulls in MkDocs

    with tempfile.TemporaryDirectory(prefix="generator-import-") as tmp:
        root = Path(tmp) / "dati"
        shutil.copytree(data_dir, root, symlinks=True)
        (install or _install)(root / str(year), files)
        _, _, issues = check(root)
        shown = lambda i: str(i).replace(root.as_posix(), data_dir.as_posix(), 1)  # noqa: E731
        errors = [shown(i) for i in sorted(issues.errors, key=lambda i: (i.file, i.line or 0))]
        return errors, [shown(line) for line in issue_lines(issues)], check_summary(issues)


def _summary(file: Path, tree: Tree) -> str:
    n_ind = sum(len(rows) for _, rows in tree.cards.values())
    w = len(tree.warnings)
    return (
        f"Letto {file.name}: {plural(len(tree.areas), 'settore', 'settori')}, {plural(len(tree.objectives), 'obiettivo', 'obiettivi')}, "
        f"{plural(len(tree.ente_rows), 'indicatore', 'indicatori')}, "
        f"{plural(len(tree.individual), 'obiettivo individuale', 'obiettivi individuali')} "
        f"({plural(n_ind, 'indicatore', 'indicatori')} in {plural(len(tree.cards), 'scheda', 'schede')}); "
        f"{plural(len(tree.errors), 'problema', 'problemi')}, {plural(w, 'avviso', 'avvisi')}."
    )


def _write(year_dir: Path, files: dict[str, str]) -> None:
    """--update: only the files that change, each replaced whole (a temporary file, then a rename)."""
    for rel, text in files.items():
        target = year_dir / rel
        tmp = target.with_name(f".{target.name}.nuovo")
        tmp.write_bytes(text.encode("utf-8"))
        os.replace(tmp, target)


def _update(out: Outcome, file: Path, tree: Tree, year: int, data_dir: Path, updated: date) -> Outcome:
    """--update: what the workbook carries goes into the existing year (merge.py); the rest stays."""
    import yaml

    from .exporter import year_files
    from .merge import merge

    year_dir = data_dir / str(year)
    try:
        merged = merge(year_files(year_dir), tree, updated, year_dir.as_posix())
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return out.fail(f"{year_dir}: i file dell'anno non si leggono: controllarli con \"python -m generator validate --data {data_dir}\"; "
                        "nessun file scritto")
    out.lines += [f"{file}, {note}" for note in merged.notes]
    if merged.errors:
        out.lines += merged.errors
        return out.fail(f"{plural(len(merged.errors), 'problema', 'problemi')}: nessun file scritto in {year_dir}.")
    if not merged.files:
        out.lines.append(f"Nessun valore cambiato: i file di {year_dir} restano come sono.")
        return out
    errors, lines, summary = staged_check(data_dir, year, merged.files, install=_write)
    if errors:
        out.lines += merged.changes + lines
        return out.fail(f"Controllo dei dati non superato ({summary.split(': ', 1)[1]}): nessun file scritto in {data_dir}.")
    _write(year_dir, merged.files)
    out.lines += merged.changes
    done = [plural(merged.values, "valore cambiato", "valori cambiati")]
    done += [plural(n, one, many) for n, one, many in ((merged.added, "riga aggiunta", "righe aggiunte"),
                                                       (merged.removed, "riga tolta", "righe tolte")) if n]
    out.lines.append(f"Aggiornati {plural(len(merged.files), 'file', 'file')} in {year_dir}: "
                     f"{', '.join(done)}; il resto dell'anno resta com'è.")
    out.lines += lines
    out.lines.append(summary)
    return out


def import_file(file: Path, year: int, data_dir: Path, replace: bool = False, updated: date | None = None,
                update: bool = False) -> Outcome:
    """Read the spreadsheet, report every problem, write the year only if the whole data folder then checks."""
    out = Outcome()
    updated = updated or date.today()
    if not (data_dir / BODY_FILE).is_file():
        return out.fail(f'{data_dir / BODY_FILE}: file mancante: creare prima i dati dell\'ente con "python -m generator init {data_dir}"')
    year_dir = data_dir / str(year)
    if update and not (year_dir / YEAR_FILE).is_file():
        return out.fail(f"{year_dir / YEAR_FILE}: l'anno {year} non esiste: --update aggiorna un anno esistente "
                        "(per un anno nuovo importare senza --update)")
    if not replace and not update and ((year_dir / YEAR_FILE).exists() or (year_dir / "indicatori").exists()):
        return out.fail(
            f"{year_dir}: l'anno {year} esiste già: per sostituirne obiettivi e indicatori ({YEAR_FILE} e indicatori/) "
            "ripetere con --replace (bilancio/, personale/, premi.yaml e relazione/ restano come sono, e così quanto scritto a "
            f"mano in {YEAR_FILE} per gli obiettivi e le schede che il foglio ha ancora; il comando elenca ciò che non resta)"
        )
    try:
        sheets = read_file(file)
    except ReadError as e:
        return out.fail(f"{file}: {e}")
    if not sheets:
        return out.fail(f"{file}: il file non contiene fogli")
    reader = _Reader(file, sheets, year, update)
    tree = reader.read()
    out.lines += [reader.line(p) for p in tree.problems]
    out.lines.append(_summary(file, tree))
    if tree.errors:
        e = len(tree.errors)
        return out.fail(f"{plural(e, 'problema', 'problemi')}: nessun file scritto. Correggere il foglio e ripetere l'importazione.")
    if update:
        return _update(out, file, tree, year, data_dir, updated)
    old, comments, unread = _old_year(year_dir) if replace else (None, 0, None)
    if unread:
        return out.fail(unread)
    files, carried = year_files(tree, year, updated, file.name, old)
    said = _replaced(year_dir, files, carried, comments) if replace else []
    errors, lines, summary = staged_check(data_dir, year, files)
    if errors:
        if old is not None:
            said.append(f"Il controllo che segue è del {YEAR_FILE} che l'importazione scriverebbe (righe sue), con quanto "
                        f"portato dal file attuale (sopra): per non portarne nulla, spostare il file attuale fuori dalla cartella "
                        "dei dati e ripetere.")
        out.lines += said + lines
        return out.fail(f"Controllo dei dati non superato ({summary.split(': ', 1)[1]}): nessun file scritto in {data_dir}.")
    out.lines += said
    _install(year_dir, files)
    out.lines.append(
        f"Scritti {year_dir / YEAR_FILE} (stato: {'rendicontato' if tree.actuals else 'pianificato'}) e "
        f"{plural(len(files) - 1, 'scheda', 'schede')} in {year_dir / 'indicatori'}/."
    )
    out.lines += lines
    out.lines.append(summary)
    return out


__all__ = ["COLUMNS", "Column", "import_file", "read_file", "normalise", "code_key", "card_id"]
