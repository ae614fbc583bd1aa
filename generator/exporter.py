"""`python -m generator export --year YYYY FILE.xlsx`: a year of the data → an Albero della Performance workbook.

The workbook has the layout the import reads (`importer.COLUMNS`, one source
of header names), so an editor can work in Excel and bring the year back with
`import FILE --year YYYY --update` (`merge.py`):

- "Istruzioni": what every column holds, in Italian (the import recognises it,
  `instructions_extras`, and skips it);
- "Albero": the strategic areas (a row with only Settore), the strategic
  objectives (a row with only Obiettivo) and below each one the indicators
  of the Cruscotto di Ente;
- "Schede delle unità" and "Obiettivi individuali": the indicators of the
  other scorecards (tipo `unita` and `individuale`), in the import's
  individual-objectives layout; each row's Obiettivo individuale is its code
  and operational objective (`EQ_RI_02_01 - …` as the data has it, or a code
  made from the scorecard, `AREA1_01 - …`, where the data has none); Codice
  holds the indicator's own code only where it is not that code.

Every value is written as a text cell exactly as the data holds it (never a
formula, also when it starts with `=`, `+`, `-` or `@`; such a cell is also
marked "quote prefix", the spreadsheet's own form of escape.py's rule).

`plan(files)` is pure (the files of a year → sheets and where every row comes
from); the same plan, read back with the importer, is what `merge.py`
compares an edited workbook with. The bytes are deterministic: the document
dates are the year's `aggiornato`, the zip entries carry a fixed date.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from . import cardsheet
from .cells import Sheet
from .escape import spreadsheet_text
from .importer import _INDIVIDUAL, COLUMNS, NO_AREA, _clean, card_id
from .load import YEAR_FILE
from .fmt import plural
from .scaffold import Outcome
from .sources import delimiter

# importer field → scorecard CSV column (the fields not named here have the same name)
CSV_COLUMN = {"owner": "ufficio", "sal": "sal_pubblicato"}
TREE_FIELDS = [c.field for c in COLUMNS if c.tree]
# the row's scorecard and objective first; Codice holds the indicator's own code only where it is not the code
# that Obiettivo individuale shows (the import takes the code from there when Codice is empty)
CARD_FIELDS = ["individuale"] + [c.field for c in COLUMNS if c.individual and c.field != "individuale"]
LABEL = {c.field: c.label for c in COLUMNS}
KIND_SHEETS = {"unita": "Schede delle unità", "individuale": "Obiettivi individuali"}
HEADING = LABEL | cardsheet.LABEL  # the header of every column of every sheet
WIDTHS = {"settore": 34, "obiettivo": 40, "individuale": 44, "programma": 36, "codice": 10, "indicatore": 50, "algoritmo": 30, "unita": 12,
          "target": 18, "actual": 18, "sal": 9, "direzione": 13, "peso": 7, "owner": 24, "fonte": 12, "nota": 40,
          "ufficio": 22, "scheda": 22, "tipo": 12, "nome": 40, "descrizione": 50, "titolare": 30, "creati": 16}

# --- the scorecard CSVs as they are written ----------------------------------------


@dataclass
class Table:
    """A CSV kept as written: the raw text of every record, its fields, the separator."""

    bom: str
    delimiter: str
    header: list[str]
    raws: list[str]  # raws[0] is the header line; every record with its own line end
    records: list[list[str]]  # the fields of raws[i]
    data: list[int]  # indexes into raws of the data rows (blank rows are skipped, as the loader does)

    def row(self, k: int) -> dict[str, str]:
        record = self.records[self.data[k]]
        return {h: (record[i] if i < len(record) else "") for i, h in enumerate(self.header)}

    def text(self) -> str:
        return self.bom + "".join(self.raws)


def table(text: str) -> Table:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    sep = delimiter(body)
    consumed: list[str] = []

    def lines():
        for line in body.splitlines(keepends=True):
            consumed.append(line)
            yield line

    raws, records = [], []
    for record in csv.reader(lines(), delimiter=sep):
        raws.append("".join(consumed))
        records.append(record)
        consumed.clear()
    if consumed:  # a trailing line the reader did not turn into a record
        raws.append("".join(consumed))
        records.append([])
    header = [h.strip() for h in records[0]] if records else []
    data = [i for i in range(1, len(records)) if any(c.strip() for c in records[i])]
    return Table(bom, sep, header, raws, records, data)


# --- the plan of a workbook ------------------------------------------------------------


@dataclass
class SheetPlan:
    name: str
    fields: list[str]
    rows: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # ("area" | "objective" | "indicator", field → text)


@dataclass
class Plan:
    """The sheets, and where each element the importer will read comes from in the data."""

    sheets: list[SheetPlan]
    areas: list[int | None]  # tree area → index in aree_strategiche (None: the heading of objectives without an area)
    objectives: list[int]  # tree objective → index in obiettivi_strategici
    ente: list[tuple[str, int]]  # Cruscotto di Ente row → (CSV file, data row)
    cards: list[tuple[str, list[int]]]  # other scorecard, in sheet order → (CSV file, its data rows)
    updated: date | None = None
    card_sheets: list[str] = field(default_factory=list)  # the sheet of each of cards
    invented: set[str] = field(default_factory=set)  # CSV files whose Obiettivo individuale codes the export made up


def _label(item: dict) -> str:
    return f"{item.get('codice', item['id'])} - {_clean(str(item.get('nome', '')))}"


def _cells(row: dict[str, str]) -> dict[str, str]:
    return {f: row.get(CSV_COLUMN.get(f, f), "") for f in LABEL if f not in ("settore", "obiettivo", "individuale")}


def _office(card: dict, used: set[str]) -> str:
    """An office code for a scorecard whose rows have none: letters first, digits joined ("area-1" → AREA1)."""
    base = re.sub(r"[-_ ]+(?=\d)", "", str(card["id"])).replace("-", "_").upper()
    base = base if re.match(r"[A-Z]", base) else "S" + base
    office, n = base, 1
    while card_id(office) in used or card_id(office) == "ente":
        n += 1
        office = f"{base}_{chr(ord('A') + n - 1)}" if n <= 26 else f"{base}_X{n}"
    return office


def _code_of(text: str) -> str:
    """The code an Obiettivo individuale shows (`EQ_RI_02_01` of `EQ_RI_02_01 - …`), as the import reads it."""
    m = _INDIVIDUAL.match(text)
    return _clean(text[: m.start("name")]).rstrip(" -–—:)") if m else ""


def _individual_texts(card: dict, rows: list[dict[str, str]], used: set[str]) -> tuple[list[str], str, bool]:
    """The Obiettivo individuale of every row: code and operational objective as the data has them, or made up (True);
    and the office code they show."""
    texts = [f"{_clean(r.get('codice', ''))} - {_clean(r.get('obiettivo_operativo', ''))}" for r in rows]
    matches = [_INDIVIDUAL.match(t) for t in texts]
    if all(m and card_id(m.group("office")) == card["id"] and _code_of(t) == _clean(r.get("codice", ""))
           for t, m, r in zip(texts, matches, rows)) and card["id"] not in used:
        used.add(card["id"])
        return texts, _clean(matches[0].group("office")) if matches else "", False
    office = _office(card, used)
    used.add(card_id(office))
    numbers: dict[str, int] = {}
    out = []
    for r in rows:
        name = _clean(r.get("obiettivo_operativo", "")) or _clean(r.get("indicatore", "")) or "senza nome"
        n = numbers.setdefault(name, len(numbers) + 1)
        out.append(f"{office}_{n:02d} - {name}")
    return out, office, True


def plan(files: dict[str, str]) -> Plan:
    """The workbook of a year: `files` holds performance.yaml and the scorecard CSVs it names, as text."""
    doc = yaml.safe_load(files[YEAR_FILE]) or {}
    areas = doc.get("aree_strategiche") or []
    objectives = doc.get("obiettivi_strategici") or []
    cards = doc.get("schede") or []
    tables = {c["file"]: table(files[c["file"]]) for c in cards if c.get("file") in files}
    by_id = {str(o["id"]): o for o in objectives}
    out = Plan([], [], [], [], [], doc.get("aggiornato") if isinstance(doc.get("aggiornato"), date) else None)

    tree = SheetPlan("Albero", TREE_FIELDS)
    out.sheets.append(tree)
    ente = next((c for c in cards if c.get("tipo") == "ente" and c.get("file") in tables), None)
    groups: list[tuple[int | None, list[int]]] = [
        (i, [k for k, o in enumerate(objectives) if o.get("area_strategica") == a["id"]]) for i, a in enumerate(areas)
    ]
    known = {a["id"] for a in areas}
    loose = [k for k, o in enumerate(objectives) if o.get("area_strategica") not in known]
    if loose:
        groups.append((None, loose))
    for i, members in groups:
        tree.rows.append(("area", {"settore": _label(areas[i]) if i is not None else NO_AREA}))
        out.areas.append(i)
        for k in members:
            o = objectives[k]
            tree.rows.append(("objective", {"obiettivo": _label(o)}))
            out.objectives.append(k)
            if ente is None:
                continue
            t = tables[ente["file"]]
            for r in range(len(t.data)):
                row = t.row(r)
                if row.get("obiettivo_strategico", "").strip() == str(o["id"]):
                    tree.rows.append(("indicator", _cells(row)))
                    out.ente.append((ente["file"], r))

    used: set[str] = set()
    offices: dict[str, str] = {}  # scorecard id → the office code its rows show
    for kind, name in KIND_SHEETS.items():
        sheet = SheetPlan(name, CARD_FIELDS)
        for card in cards:
            if card.get("tipo") != kind or card.get("file") not in tables:
                continue
            t = tables[card["file"]]
            rows = [t.row(r) for r in range(len(t.data))]
            if not rows:
                continue
            texts, offices[str(card["id"])], invented = _individual_texts(card, rows, used)
            if invented:
                out.invented.add(card["file"])
            for row, text in zip(rows, texts):
                o = by_id.get(row.get("obiettivo_strategico", "").strip())
                values = _cells(row)
                if _clean(values["codice"]) == _code_of(text):
                    values["codice"] = ""
                sheet.rows.append(("indicator", {"individuale": text, "obiettivo": _label(o) if o else "", **values}))
            out.cards.append((card["file"], list(range(len(rows)))))
            out.card_sheets.append(name)
        if sheet.rows:
            out.sheets.append(sheet)
    for card in cards:  # a scorecard without rows is listed too, so that importing the workbook as a new year keeps it
        if card.get("tipo") in KIND_SHEETS and card.get("file") in tables and str(card["id"]) not in offices:
            offices[str(card["id"])] = office = _office(card, used)
            used.add(card_id(office))
    out.sheets.append(SheetPlan(cardsheet.SHEET, cardsheet.FIELDS,
                                [("card", row) for row in cardsheet.rows_of([c for c in cards if c.get("file") in tables], offices,
                                                                            {c["id"] for c in cards if c.get("file") in out.invented})]))
    return out


def sheets(p: Plan) -> list[Sheet]:
    """The plan's data sheets as the importer reads them from the saved workbook (cells.read_xlsx)."""
    out = []
    for s in p.sheets:
        rows = [[HEADING[f] for f in s.fields]] + [[cells.get(f, "").strip() for f in s.fields] for _, cells in s.rows]
        out.append(Sheet(s.name, rows))
    return out


# --- the workbook ------------------------------------------------------------------------

INSTRUCTIONS = {
    "settore": "Area strategica (settore): codice e nome, ad es. \"1 - La CCIAA al servizio delle imprese\". Una riga con il solo "
               "Settore apre l'area; gli obiettivi sotto appartengono a quell'area.",
    "obiettivo": "Obiettivo strategico: codice e nome, ad es. \"1 - Semplificazione, e-government e qualità dei servizi\". Nel foglio "
                 "Albero una riga con il solo Obiettivo apre l'obiettivo e le righe sotto sono i suoi indicatori del Cruscotto di Ente; "
                 "negli altri fogli dice a quale obiettivo strategico è collegata la riga.",
    "individuale": "Scheda e obiettivo operativo o individuale della riga: codice (ufficio e numero) e nome, ad es. "
                   "\"EQ_RI_02_01 - Riorganizzazione dello sportello\". Il codice indica la scheda: non cambiarlo.",
    "programma": "Programma a cui appartiene l'indicatore, se c'è (ad es. \"Valorizzazione del patrimonio informativo\").",
    "codice": "Codice dell'indicatore, se c'è. In Schede delle unità e Obiettivi individuali è vuoto quando il codice è quello "
              "scritto in Obiettivo individuale.",
    "indicatore": "Nome dell'indicatore (obbligatorio).",
    "algoritmo": "Come si calcola l'indicatore, ad es. \"n. pratiche evase / n. pratiche pervenute\".",
    "unita": "Unità di misura, se il target non la porta già (ad es. giorni).",
    "target": "Valore atteso, come nel documento: 95%, >= 80%, < 1,4, 24, 31/12/2025, Positivo, € 140.000,00. "
              "La virgola separa i decimali, il punto le migliaia.",
    "actual": "Valore rilevato al 31/12 (vuoto in un anno pianificato), scritto come il target: 98,9%, -22, 30/10/2025.",
    "sal": "Grado di raggiungimento stampato nel documento (ad es. 100%): serve solo al controllo, il sito mostra quello calcolato.",
    "direzione": "crescente (più alto è meglio) o decrescente (più basso è meglio), per un target senza segno come \"2,5\".",
    "peso": "Peso dell'indicatore nella media dell'obiettivo (vuoto = 1).",
    "owner": "Ufficio responsabile.",
    "fonte": "Fonte del dato, ad es. PIRA.",
    "nota": "Nota sulla mancata realizzazione del target: compare sul sito accanto all'indicatore.",
}


INSTRUCTIONS_SHEET = "Istruzioni"
GUIDE_HEAD = ("Colonna", "Fogli", "Che cosa contiene")


def _guide(year: int | str) -> list[tuple[str, bool]]:
    """The lines above the table of columns of the Istruzioni sheet: (text, bold)."""
    return [
        (f"Albero della Performance {year}: esportato dai dati con \"python -m generator export\"", True),
        ("Come si usa: modificare i valori nei fogli Albero, Schede delle unità e Obiettivi individuali (ad esempio un target o un "
         "valore rilevato), salvare come .xlsx e reimportare con \"python -m generator import FILE.xlsx --year "
         f"{year} --update\". Sono aggiornati solo i valori cambiati; tutto il resto dell'anno (prospettive, metodi, risorse, "
         "tabelle, valutazioni pubblicate, commenti, descrizioni, titolari, schede) resta com'è.", False),
        ("Righe: si possono aggiungere indicatori (una riga nuova sotto il suo obiettivo, con Indicatore e Target) e togliere righe di "
         "indicatori; non ordinare né nascondere righe, non aggiungere o togliere settori, obiettivi o schede e non cambiare i codici: "
         "questa struttura si cambia nei file dei dati. Le celle sono testo: scrivere i valori come nel documento (95%, 31/12/2025, 2,5).",
         False),
        ("Schede: il foglio Schede dice quale scheda è ogni codice di ufficio degli altri fogli (indirizzo, tipo, nome, descrizione, "
         "titolare) e con --update non si modifica. Importando il file come anno nuovo (\"python -m generator import FILE.xlsx --year "
         "AAAA\") ogni scheda conserva tipo, nome e indirizzo, così il sito la confronta con l'anno precedente.", False),
        ("", False),
        ("Colonne", True),
    ]


def instructions_extras(sheet: Sheet) -> list[tuple[int, int, str]] | None:
    """None when `sheet` is not the Istruzioni sheet an export writes; else its cells the export did not write (row, column, text)."""
    rows = sheet.rows
    m = re.fullmatch(r"Albero della Performance (\d{4}): esportato dai dati con \"python -m generator export\"",
                     rows[0][0] if rows and rows[0] else "")
    if sheet.name != INSTRUCTIONS_SHEET or m is None:
        return None
    written = ({text for text, _ in _guide(m.group(1)) if text} | set(GUIDE_HEAD) | set(HEADING.values()) | set(INSTRUCTIONS.values())
               | set(cardsheet.INSTRUCTIONS.values()))
    names = {"Albero", *KIND_SHEETS.values(), cardsheet.SHEET}
    return [(i, j, text) for i, row in enumerate(rows) for j, text in enumerate(row)
            if text and text not in written and not (j == 1 and set(text.split(", ")) <= names)]


def _instructions(ws, p: Plan, year: int) -> None:
    from openpyxl.styles import Alignment, Font

    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    lines = _guide(year)
    for r, (text, strong) in enumerate(lines, 1):
        c = ws.cell(r, 1)
        if text:
            _text(c, text)
        c.font, c.alignment = (bold if strong else Font()), wrap
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    r = len(lines) + 1
    for j, head in enumerate(GUIDE_HEAD, 1):
        _text(ws.cell(r, j), head).font = bold
    for f, text in (INSTRUCTIONS | cardsheet.INSTRUCTIONS).items():
        where = [s.name for s in p.sheets if f in s.fields]
        if not where:
            continue
        r += 1
        for j, value in enumerate((HEADING[f], ", ".join(where), text), 1):
            _text(ws.cell(r, j), value).alignment = wrap
    for letter, width in (("A", 22), ("B", 30), ("C", 100)):
        ws.column_dimensions[letter].width = width
    for r in range(1, len(lines) + 1):
        ws.row_dimensions[r].height = 45 if len(ws.cell(r, 1).value or "") > 100 else None


class ExportError(Exception):
    """A value a workbook cannot hold; the message is in Italian."""


def _text(cell, value: str):
    """A text cell holding exactly `value`: never a formula; quote prefix where a spreadsheet would read one."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if ILLEGAL_CHARACTERS_RE.search(value):
        raise ExportError(f'{json.dumps(value, ensure_ascii=False)}: contiene un carattere di controllo che un file .xlsx non può '
                          "contenere: toglierlo dai dati e ripetere l'esportazione")
    cell.value = value
    cell.data_type = "s"
    if spreadsheet_text(value) != value:
        cell.quotePrefix = True
    return cell


def xlsx_bytes(p: Plan, year: int) -> bytes:
    import openpyxl
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.xml.functions import tostring

    wb = openpyxl.Workbook()
    _instructions(wb.active, p, year)
    wb.active.title = INSTRUCTIONS_SHEET
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for s in p.sheets:
        ws = wb.create_sheet(s.name)
        for j, f in enumerate(s.fields, 1):
            c = _text(ws.cell(1, j), HEADING[f])
            c.font, c.alignment = bold, wrap
            ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(f, 14)
        for i, (kind, cells) in enumerate(s.rows, 2):
            for j, f in enumerate(s.fields, 1):
                c = ws.cell(i, j)
                if value := cells.get(f, ""):
                    try:
                        _text(c, value)
                    except ExportError as e:
                        raise ExportError(f'foglio "{s.name}", riga {i}, colonna "{HEADING[f]}": {e}') from None
                c.number_format = "@"  # what the editor types stays text: 100% is not turned into 1
                c.alignment = wrap
                if kind in ("area", "objective"):
                    c.font = bold
        ws.freeze_panes = "A2"
    moment = datetime.combine(p.updated or date(2000, 1, 1), datetime.min.time())
    wb.properties = DocumentProperties(creator="python -m generator export", created=moment, modified=moment,
                                       title=f"Albero della Performance {year}")
    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.modified = moment  # save() stamps "modified" with the clock: written again from the year
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(moment.year, moment.month, moment.day, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- the command ---------------------------------------------------------------------------


def year_files(year_dir: Path) -> dict[str, str]:
    """performance.yaml and the scorecard CSVs it names, as text (a BOM kept as written)."""
    files = {YEAR_FILE: (year_dir / YEAR_FILE).read_text(encoding="utf-8")}
    doc = yaml.safe_load(files[YEAR_FILE]) or {}
    for card in doc.get("schede") or []:
        rel = card.get("file") if isinstance(card, dict) else None
        if isinstance(rel, str) and (year_dir / rel).is_file():
            files[rel] = (year_dir / rel).read_bytes().decode("utf-8")
    return files


def export_year(data_dir: Path, year: int, file: Path, force: bool = False) -> Outcome:
    out = Outcome()
    year_dir = data_dir / str(year)
    if not (year_dir / YEAR_FILE).is_file():
        years = sorted(d.name for d in data_dir.glob("[0-9][0-9][0-9][0-9]") if (d / YEAR_FILE).is_file()) if data_dir.is_dir() else []
        return out.fail(f"{year_dir / YEAR_FILE}: l'anno {year} non esiste nei dati "
                        f"(anni presenti: {', '.join(years) if years else 'nessuno'})")
    if file.suffix.lower() != ".xlsx":
        return out.fail(f'{file}: formato "{file.suffix or "senza estensione"}" non supportato: l\'esportazione scrive un file .xlsx')
    if file.exists() and not force:
        return out.fail(f"{file}: il file esiste già: per sovrascriverlo ripetere con --force")
    try:
        files = year_files(year_dir)
        p = plan(files)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return out.fail(f"{year_dir}: i dati dell'anno non si leggono: controllarli con \"python -m generator validate --data {data_dir}\", "
                        "correggere gli errori e ripetere l'esportazione")
    try:
        data = xlsx_bytes(p, year)
    except ExportError as e:
        return out.fail(f"{year_dir}: {e}")
    tmp = file.with_name(f".{file.name}.nuovo")
    tmp.write_bytes(data)
    tmp.replace(file)
    areas = len([a for a in p.areas if a is not None])
    out.lines.append(
        f"Scritto {file}: {plural(areas, 'settore', 'settori')}, {plural(len(p.objectives), 'obiettivo', 'obiettivi')}, "
        f"{plural(len(p.ente), 'indicatore', 'indicatori')} del Cruscotto di Ente, "
        f"{plural(sum(len(r) for _, r in p.cards), 'indicatore', 'indicatori')} in {plural(len(p.cards), 'altra scheda', 'altre schede')}. "
        f"Dopo le modifiche: python -m generator import {file} --year {year} --update"
    )
    return out
