"""Spreadsheet cells as an Italian-locale office suite displays them.

`read_sheets(FILE)` reads an `.xlsx` (openpyxl), `.ods` (odfpy) or `.csv`
file into `Sheet`s of displayed text, so the importer sees what the editor
sees: `1` formatted `0%` is `100%`, `0.9` formatted `0.00%` is `90,00%`, a
date cell is `31/12/2025`, `1500` formatted `#,##0` is `1.500`, `2.5`
formatted `0.0` is `2,5`, a currency format gives `€ 140.000,00`.

- `.xlsx`: the cell's value (formulas: the value cached by the last office
  suite that saved the file, `data_only=True`) and its number format. A
  formula without a cached value, a hidden row or column and a hidden sheet
  are notes (warnings) of the sheet, and so is a cell's comment (its text is
  named, never imported) and a link whose address the cell's text does not
  show (a hyperlink or a HYPERLINK formula: the address is named); a merged
  range shows its value in every row of its first column (the cells filled so are marked, so a row that
  only repeats a merged value is recognised).
- `.ods`: `office:value-type` (float, percentage, currency, date, time,
  boolean, string) with `office:value`, reconciled with the displayed
  `text:p` (an English-locale file's `90.00%` becomes `90,00%`); covered
  cells of a merge, repeated and hidden rows and columns, comments
  (`office:annotation`) and links (`text:a`) as above.
- `.xls` (old Excel) is refused with a message to save it as `.xlsx` or
  `.ods` (no reader for it in the project's dependencies).
- `.csv`: UTF-8 (with or without BOM), or Windows-1252 as Excel saves it
  (a note says so); `;`, `,` or a tab, as the caller decides. Cells are already the
  text Excel displayed.

No Python exception text reaches the editor: `ReadError` carries Italian.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

FORMATS = (".xlsx", ".ods", ".csv")
MAX_ROWS = 20_000  # beyond this, a sheet is not an Albero della Performance
MAX_COLUMNS = 1024

# kinds of a cell that is not text (used by the importer to spot ambiguous values)
NUMBER, PERCENT, CURRENCY, DATE, TIME, BOOL = "numero", "percentuale", "valuta", "data", "ora", "booleano"
FAULT = "errore"  # a formula's error value (#N/A, #RIF!, Err:502): not data

MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre")
DAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")


class ReadError(Exception):
    """The file cannot be read at all; the message is in Italian."""


@dataclass
class Sheet:
    name: str | None  # None for a CSV
    rows: list[list[str]]  # rows[i] is the spreadsheet's row i + 1; displayed text, stripped; "" when empty
    kinds: dict[tuple[int, int], str] = field(default_factory=dict)  # (row index, column index) → kind of a typed cell
    filled: set[tuple[int, int]] = field(default_factory=set)  # cells showing a merged range's value, not its first cell
    notes: list[tuple[int | None, int | None, str]] = field(default_factory=list)  # (row index, column index, warning)
    hidden: list[tuple[int | None, int | None, str]] = field(default_factory=list)  # as notes: hidden content, not read


def letter(j: int) -> str:
    """Column index (0-based) → spreadsheet letter (A, B, …, AA)."""
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


# --- numbers in Italian ------------------------------------------------------------


def _decimal(x: float | int | Decimal) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    return Decimal(f"{x:.15g}")  # what a spreadsheet keeps of a double: 15 significant digits


def italian(x: Decimal, decimals: int, optional: int = 0, group: bool = False, min_int: int = 1) -> str:
    """`x` rounded half away from zero to `decimals` + up to `optional` more digits, `,` before decimals, `.` in thousands."""
    q = x.quantize(Decimal(1).scaleb(-(decimals + optional)), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    digits = f"{abs(q):f}"
    whole, _, frac = digits.partition(".")
    if optional:
        keep = len(frac.rstrip("0"))
        frac = frac[: max(decimals, keep)]
    whole = whole.lstrip("0").rjust(min_int, "0") if min_int else (whole.lstrip("0") or "")
    if group and len(whole) > 3:
        whole = f"{int(whole):,}".replace(",", ".")
    text = whole + ("," + frac if frac else "")
    return sign + text if text.strip("0,.") else text


def general(x: float | int | Decimal) -> str:
    """Excel's "General" format in an Italian locale: up to 10 significant digits, no grouping."""
    d = _decimal(x)
    if d == d.to_integral_value() and abs(d) < Decimal("1e11"):
        return str(int(d))
    text = f"{d:.10g}" if abs(d) >= Decimal("1e-9") else f"{d:.5E}"
    if "E" in text or "e" in text:
        return text.replace(".", ",").upper()
    whole, _, frac = text.partition(".")
    return whole + ("," + frac.rstrip("0") if frac.rstrip("0") else "")


# --- Excel number formats ---------------------------------------------------------

# built-in formats openpyxl names after the en-US locale; an Italian office suite shows its own short forms
_LOCALE_FORMATS = {
    "mm-dd-yy": "dd/mm/yyyy",
    "m/d/yy": "dd/mm/yyyy",
    "d-mmm-yy": "dd-mmm-yy",
    "m/d/yy h:mm": "dd/mm/yyyy hh:mm",
    "h:mm:ss": "hh:mm:ss",
    "h:mm": "hh:mm",
}
_DATE_TOKEN = re.compile(r"yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\[h+\]|\[m+\]|\[s+\]|\.0+", re.I)


def _sections(code: str) -> list[str]:
    out, cur, quoted, bracket = [], "", False, False
    i = 0
    while i < len(code):
        c = code[i]
        if c == "\\" and i + 1 < len(code):
            cur += code[i : i + 2]
            i += 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == "[" and not quoted:
            bracket = True
        elif c == "]" and not quoted:
            bracket = False
        if c == ";" and not quoted and not bracket:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    return out + [cur]


def _tokens(section: str) -> list[tuple[str, str]]:
    """("lit", text) for literals, ("code", text) for format characters."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        c = section[i]
        if c == '"':
            j = section.find('"', i + 1)
            j = len(section) if j < 0 else j
            out.append(("lit", section[i + 1 : j]))
            i = j + 1
        elif c == "\\" and i + 1 < len(section):
            out.append(("lit", section[i + 1]))
            i += 2
        elif c == "_" and i + 1 < len(section):
            out.append(("lit", " "))
            i += 2
        elif c == "*" and i + 1 < len(section):
            i += 2  # fill character: nothing to show in a cell's text
        elif c == "[":
            j = section.find("]", i)
            j = len(section) if j < 0 else j
            inner = section[i + 1 : j]
            if inner.startswith("$"):  # [$€-410]: a currency symbol and a locale
                out.append(("lit", inner[1:].split("-", 1)[0]))
            elif re.fullmatch(r"[hms]+", inner, re.I):
                out.append(("code", f"[{inner}]"))
            i = j + 1  # colours, conditions, locales: not shown
        else:
            out.append(("code", c))
            i += 1
    return out


def _is_date_code(tokens: list[tuple[str, str]]) -> bool:
    text = "".join(t for k, t in tokens if k == "code").lower()
    text = re.sub(r"e[+-]", "", text)
    return bool(re.search(r"[ymdhs]", text)) and not re.search(r"[0#?]", re.sub(r"\.0+", "", text))


def _render_number(x: Decimal, tokens: list[tuple[str, str]]) -> str:
    codes = "".join(t if k == "code" else "\x00" for k, t in tokens)
    m = re.search(r"[0#?][0#?,]*(?:\.[0#?]*)?|\.[0#?]+", codes)
    if m is None:  # only literals ("-" for zero, a word): show them
        return "".join(t for k, t in tokens if k == "lit" or t not in "0#?,.%").strip()
    spec = m.group(0)
    percent = codes.count("%")
    x = x * (Decimal(100) ** percent)
    whole, _, frac = spec.partition(".")
    scale = len(whole) - len(whole.rstrip(","))
    whole = whole.rstrip(",")
    x = x / (Decimal(1000) ** scale)
    decimals, optional = frac.count("0"), frac.count("#") + frac.count("?")
    number = italian(abs(x), decimals, optional, group="," in whole, min_int=whole.count("0"))
    before = "".join(t if k == "lit" else ("" if t in "0#?,." else t) for k, t in _split_tokens(tokens, m.start())[0])
    after = "".join(t if k == "lit" else ("" if t in "0#?,." else t) for k, t in _split_tokens(tokens, m.end())[1])
    return before + number + after


def _split_tokens(tokens: list[tuple[str, str]], at: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    pos = 0
    for n, (k, t) in enumerate(tokens):
        width = len(t) if k == "code" else 1
        if pos >= at:
            return tokens[:n], tokens[n:]
        pos += width
    return tokens, []


def _render_date(value: datetime | date | time | timedelta, tokens: list[tuple[str, str]]) -> str:
    if isinstance(value, timedelta):
        base = datetime(1899, 12, 30) + value
    elif isinstance(value, datetime):
        base = value
    elif isinstance(value, date):
        base = datetime(value.year, value.month, value.day)
    else:
        base = datetime(1899, 12, 30, value.hour, value.minute, value.second, value.microsecond)
    code = "".join(t if k == "code" else "\x00" for k, t in tokens)
    lits = iter(t for k, t in tokens if k == "lit")
    ampm = bool(re.search(r"am/pm|a/p", code, re.I))
    out = []
    parts = list(_DATE_TOKEN.finditer(code))
    pos = 0
    for n, m in enumerate(parts):
        for ch in code[pos : m.start()]:
            out.append(next(lits, "") if ch == "\x00" else ch)
        tok = m.group(0).lower()
        prev = next((p.group(0).lower() for p in reversed(parts[:n]) if p.group(0)[0].lower() in "hdsym"), "")
        nxt = next((p.group(0).lower() for p in parts[n + 1 :] if p.group(0)[0].lower() in "hdsym"), "")
        if tok in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s")):
            out.append(f"{base.minute:02d}" if tok == "mm" else str(base.minute))
        elif tok == "yyyy":
            out.append(f"{base.year:04d}")
        elif tok == "yy":
            out.append(f"{base.year % 100:02d}")
        elif tok == "mmmmm":
            out.append(MONTHS[base.month - 1][0].upper())
        elif tok == "mmmm":
            out.append(MONTHS[base.month - 1])
        elif tok == "mmm":
            out.append(MONTHS[base.month - 1][:3])
        elif tok == "mm":
            out.append(f"{base.month:02d}")
        elif tok == "m":
            out.append(str(base.month))
        elif tok == "dddd":
            out.append(DAYS[base.weekday()])
        elif tok == "ddd":
            out.append(DAYS[base.weekday()][:3])
        elif tok == "dd":
            out.append(f"{base.day:02d}")
        elif tok == "d":
            out.append(str(base.day))
        elif tok in ("hh", "h"):
            h = base.hour % 12 or 12 if ampm else base.hour
            out.append(f"{h:02d}" if tok == "hh" else str(h))
        elif tok in ("ss", "s"):
            out.append(f"{base.second:02d}" if tok == "ss" else str(base.second))
        elif tok in ("am/pm", "a/p"):
            out.append(("AM" if base.hour < 12 else "PM") if tok == "am/pm" else ("A" if base.hour < 12 else "P"))
        elif tok.startswith("[h"):
            total = value.total_seconds() if isinstance(value, timedelta) else base.hour * 3600 + base.minute * 60 + base.second
            out.append(str(int(total // 3600)))
        elif tok.startswith("["):
            out.append(m.group(0))
        else:  # .0: fractions of a second
            out.append("," + f"{base.microsecond:06d}"[: len(tok) - 1])
        pos = m.end()
    for ch in code[pos:]:
        out.append(next(lits, "") if ch == "\x00" else ch)
    return "".join(out)


def _day_text(value: datetime | date) -> str:
    """A date cell as the importer reads dates: gg/mm/aaaa (with hh:mm when the cell has a time)."""
    text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, datetime) and (value.hour, value.minute, value.second) != (0, 0, 0):
        text += f" {value.hour:02d}:{value.minute:02d}"
    return text


def display(value: object, number_format: str | None) -> tuple[str, str | None]:
    """(text an Italian office suite displays, kind of the cell or None for text)."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("VERO" if value else "FALSO"), BOOL
    if isinstance(value, str):
        return value.strip(), None
    code = number_format or "General"  # not stripped: a trailing "\ " is an escaped space
    code = _LOCALE_FORMATS.get(code.strip().lower(), code)
    if isinstance(value, (datetime, date)):
        sections = _sections(code)
        tokens = _tokens(sections[0])
        if _is_date_code(tokens) and re.search(r"[hs]", "".join(t for k, t in tokens if k == "code"), re.I) and not re.search(
            r"[yd]", "".join(t for k, t in tokens if k == "code"), re.I
        ):
            return _render_date(value, tokens), TIME
        return _day_text(value), DATE  # every date format shows the same day: the importer reads gg/mm/aaaa
    if isinstance(value, (time, timedelta)):
        tokens = _tokens(_sections(code)[0])
        if not _is_date_code(tokens):
            tokens = _tokens("hh:mm:ss")
        return _render_date(value, tokens), TIME
    if not isinstance(value, (int, float, Decimal)):
        return str(value).strip(), None
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return "", None
    x = _decimal(value)
    negative = x < 0
    sections = _sections(code)
    if len(sections) >= 3 and x == 0:
        section, x = sections[2], abs(x)
    elif len(sections) >= 2 and x < 0:
        section, x = sections[1], abs(x)
    else:
        section = sections[0]
    if section.strip().lower() in ("general", "standard", ""):
        return general(x), NUMBER
    tokens = _tokens(section)
    if re.search(r"[0#?]\s*/\s*[0#?\d]", "".join(t for k, t in tokens if k == "code")):
        return general(x), NUMBER  # fractions (# ?/?): the decimal value, not a guess at the fraction
    if _is_date_code(tokens):
        from openpyxl.utils.datetime import from_excel

        try:
            moment = from_excel(float(x))
        except (ValueError, OverflowError):
            return general(x), NUMBER
        return display(moment, code)
    if "@" in "".join(t for k, t in tokens if k == "code") and len(sections) < 4:
        return general(x), NUMBER
    text = _signed(_render_number(x, tokens).strip(), negative)
    if "%" in "".join(t for k, t in tokens if k == "code"):
        kind = PERCENT
    elif any(k == "lit" and ("€" in t or "$" in t or "EUR" in t) for k, t in tokens):
        kind = CURRENCY
    else:
        kind = NUMBER
    return text, kind


# --- reading files ------------------------------------------------------------------


def read_sheets(file: Path) -> list[Sheet]:
    """Every sheet of the file as displayed text; raises ReadError (Italian) when it cannot be read."""
    suffix = file.suffix.lower()
    if suffix == ".xls":
        raise ReadError('formato ".xls" (il vecchio formato di Excel) non supportato: aprire il file con Excel o LibreOffice e '
                        "salvarlo come .xlsx o .ods, poi ripetere l'importazione")
    if suffix not in FORMATS:
        raise ReadError(f'formato "{file.suffix or "senza estensione"}" non supportato: salvare il file come .xlsx, .ods o .csv')
    if not file.is_file():
        raise ReadError("file non trovato")
    if suffix == ".csv":
        return [read_csv(file)]
    if not zipfile.is_zipfile(file):
        raise ReadError(f"il file non si apre come foglio di calcolo {suffix}: non è un file {suffix} valido "
                        f"(è forse un file di altro tipo rinominato?): aprirlo e salvarlo di nuovo come {suffix}")
    try:
        return read_xlsx(file) if suffix == ".xlsx" else read_ods(file)
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - any parser failure means: not a readable spreadsheet (no exception name for editors)
        raise ReadError(f"il file non si apre come foglio di calcolo {suffix}: il contenuto è danneggiato o di un altro formato: "
                        f"aprirlo e salvarlo di nuovo come {suffix}") from None


def decode(raw: bytes) -> tuple[str, str | None]:
    """(text, note): UTF-8 with or without BOM; Windows-1252 as Excel saves a CSV, with a note."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError('il file è in UTF-16 ("testo Unicode"): salvarlo come "CSV UTF-8" o come CSV (separato da punto e virgola)')
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ReadError(f"riga {line}: carattere NUL nel file: non è un CSV di testo (salvarlo come \"CSV UTF-8\")")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ReadError('il file non è in UTF-8 né in Windows-1252: salvarlo come "CSV UTF-8"') from None
    return text, 'il file è in Windows-1252 (come lo salva Excel), letto come tale: per evitare dubbi salvarlo come "CSV UTF-8"'


def read_csv(file: Path, delimiter: str | None = None) -> Sheet:
    text, note = decode(file.read_bytes())
    if delimiter is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = ";" if first.count(";") >= first.count(",") and ";" in text else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    sheet = Sheet(None, [[c.strip() for c in r] for r in records[:MAX_ROWS]])
    sheet.kinds.update({(i, j): FAULT for i, row in enumerate(sheet.rows) for j, c in enumerate(row) if c and _FORMULA_ERROR.fullmatch(c)})
    if note:
        sheet.notes.append((None, None, note))
    if len(records) > MAX_ROWS:
        sheet.notes.append((None, None, _too_long(len(records))))
    return sheet


def csv_sheets(file: Path) -> dict[str, Sheet]:
    """A CSV read with each separator (";" and "," as Excel saves it, a tab as a copy from a sheet): the importer keeps the
    one that finds its header."""
    return {d: read_csv(file, d) for d in (";", ",", "\t")}


def read_xlsx(file: Path) -> list[Sheet]:
    import openpyxl

    with warnings.catch_warnings():  # openpyxl's English warnings (unsupported extensions) are not for editors
        warnings.simplefilter("ignore")
        values = openpyxl.load_workbook(file, data_only=True)
        formulas = openpyxl.load_workbook(file, data_only=False)
    out = []
    for ws in values.worksheets:
        wf = formulas[ws.title]
        sheet = Sheet(ws.title, [])
        if ws.sheet_state != "visible":
            sheet.hidden.append((None, None, "foglio nascosto: non importato"))
            out.append(sheet)
            continue
        hidden_cols = {c for d in ws.column_dimensions.values() if d.hidden and d.min for c in range(d.min - 1, (d.max or d.min))}
        nrows = min(ws.max_row, MAX_ROWS)
        if ws.max_row > MAX_ROWS:
            sheet.notes.append((None, None, _too_long(ws.max_row)))
        width = min(ws.max_column, MAX_COLUMNS)
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=nrows, max_col=width)):
            cells = []
            for j, c in enumerate(row):
                written = wf.cell(r + 1, j + 1)  # the formula, where the cell has one
                text, kind = display(c.value, c.number_format) if c.data_type != "e" else (str(c.value), FAULT)
                if c.value is None and getattr(written, "data_type", "") == "f":
                    sheet.notes.append((r, j, f'formula senza valore calcolato ({written.value}): la cella è letta vuota; '
                                           "aprire il file con Excel o LibreOffice e salvarlo, così la formula ha un valore"))
                if kind:
                    sheet.kinds[(r, j)] = kind
                if kind == DATE and (note := _dayless(c.number_format, text)):
                    sheet.notes.append((r, j, note))
                if c.comment is not None and (note := _clean_comment(c.comment.text)):
                    sheet.notes.append((r, j, comment_note(note)))
                if (link := _xlsx_link(c, written.value)) and (note := link_note(link, text)):
                    sheet.notes.append((r, j, note))
                cells.append(text)
            sheet.rows.append(cells)
        for rng in ws.merged_cells.ranges:
            top = rng.min_row - 1
            if top >= len(sheet.rows):
                continue
            value = sheet.rows[top][rng.min_col - 1]
            kind = sheet.kinds.get((top, rng.min_col - 1))
            for r in range(top + 1, min(rng.max_row, len(sheet.rows))):
                sheet.rows[r][rng.min_col - 1] = value
                sheet.filled.add((r, rng.min_col - 1))
                if kind:
                    sheet.kinds[(r, rng.min_col - 1)] = kind
        hidden_rows = {r for r in range(len(sheet.rows)) if ws.row_dimensions[r + 1].hidden} if ws.row_dimensions else set()
        _hide(sheet, hidden_rows, hidden_cols)
        out.append(sheet)
    return out


def _dayless(number_format: str | None, text: str) -> str | None:
    """A date cell formatted without its day ("mmmm yyyy"): the day in the file is not what the editor sees."""
    tokens = _tokens(_sections(number_format or "General")[0])
    if not _is_date_code(tokens) or "d" in "".join(t for k, t in tokens if k == "code").lower():
        return None
    return (f"la cella mostra una data senza il giorno (formato \"{number_format}\"): importata come {text}, il giorno che il file "
            "contiene; se la scadenza è un altro giorno, scriverla per intero (gg/mm/aaaa) e ripetere l'importazione")


def _too_long(rows: int | None) -> str:
    limit = f"{MAX_ROWS:,}".replace(",", ".")
    where = f"arriva alla riga {rows:,}".replace(",", ".") if rows else f"ha più di {limit} righe"
    return (f"il foglio {where}: sono lette solo le prime {limit} righe "
            "(un Albero della Performance non ne ha tante: eliminare le righe vuote in fondo al foglio)")


_HYPERLINK = re.compile(r'=\s*(?:_xlfn\.)?HYPERLINK\(\s*"([^"]*)"', re.I)


def _xlsx_link(cell, formula) -> str:
    """Where a cell links to: its hyperlink, or the address of a HYPERLINK("…"; …) formula."""
    if cell.hyperlink is not None:
        return (cell.hyperlink.target or "") or (f"#{cell.hyperlink.location}" if cell.hyperlink.location else "")
    m = _HYPERLINK.match(formula) if isinstance(formula, str) else None
    return m[1] if m else ""


def link_note(target: str, text: str) -> str | None:
    """The warning for a cell's link whose address its text does not show (a typed address Excel linked says it all)."""
    target = " ".join(target.split())
    if not target or target.removeprefix("mailto:") in " ".join(text.split()):
        return None
    return (f'collegamento della cella: l\'indirizzo non è importato ("{target}"), solo il testo; se serve, scriverlo nel '
            "testo della cella (ad es. in Fonte o Note) e ripetere l'importazione")


def _clean_comment(text: str | None) -> str:
    return " ".join((text or "").split())


def comment_note(text: str) -> str:
    """The warning for a cell's comment (a note attached to the cell): it is not data, so it is named, never imported."""
    return (f'commento della cella: non importato ("{text}"); se è un dato, scriverlo nella colonna che lo contiene '
            "(ad es. Note) e ripetere l'importazione")


def _hide(sheet: Sheet, rows: set[int], cols: set[int]) -> None:
    """Hidden rows and columns are not imported; each one with content is named in a note."""
    for j in sorted(cols):
        content = [r for r, row in enumerate(sheet.rows) if j < len(row) and row[j] and r not in rows and (r, j) not in sheet.filled]
        if content:
            first = sheet.rows[content[0]][j]
            sheet.hidden.append((None, j, f'colonna nascosta: non importata (contiene {len(content)} '
                                         f'{"cella" if len(content) == 1 else "celle"}, la prima "{first}"); '
                                         "se serve, mostrarla nel foglio e ripetere l'importazione"))
        for row in sheet.rows:
            if j < len(row):
                row[j] = ""
    for r in sorted(rows):
        if r < len(sheet.rows) and any(c and (r, j) not in sheet.filled for j, c in enumerate(sheet.rows[r])):
            shown = " | ".join(c for j, c in enumerate(sheet.rows[r]) if c and (r, j) not in sheet.filled)
            sheet.hidden.append((r, None, f'riga nascosta: non importata ("{shown}"); se serve, mostrarla nel foglio e ripetere l\'importazione'))
        if r < len(sheet.rows):
            sheet.rows[r] = [""] * len(sheet.rows[r])


# --- .ods ---------------------------------------------------------------------------

_ODS_PERCENT = re.compile(r"^\s*(-?)\s*([\d.,\s\u00a0\u202f]+?)\s*%\s*$")


def _signed(text: str, negative: bool) -> str:
    """A negative shown in red or in brackets, without a minus (`#,##0;[Red]#,##0`): the minus is the value's."""
    if not negative or "-" in text or "\u2212" in text:
        return text
    return "-" + (text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text)


def _ods_number_text(shown: str, value: Decimal, kind: str) -> str:
    """The displayed text, in Italian: kept when it already reads back as the value, else re-rendered."""
    return _signed(_ods_shown(shown, value, kind), value < 0)


def _ods_shown(shown: str, value: Decimal, kind: str) -> str:
    body = re.sub(r"[^\d.,-]", "", shown)
    scaled = value * 100 if kind == PERCENT else value
    for thousands, dec in ((".", ","), (",", ".")):
        candidate = body.replace(thousands, "").replace(dec, ".")
        try:
            parsed = Decimal(candidate)
        except InvalidOperation:
            continue
        decimals = len(body.rsplit(dec, 1)[1]) if dec in body else 0
        if abs(parsed - scaled.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)) == 0 or abs(parsed - abs(scaled)) == 0:
            if thousands == ".":
                return shown
            number = italian(abs(scaled), decimals, group=thousands in body)
            i, j = re.search(r"[\d.,]+", shown).span()
            return shown[:i] + number + shown[j:]
    text = general(scaled)
    return {PERCENT: text + "%", CURRENCY: "€ " + text}.get(kind, text)


# What a formula shows when it fails: Excel's #N/A, #VALUE!, #DIV/0!, #REF! (Italian #N/D, #VALORE!, #RIF!…), LibreOffice's Err:502
_FORMULA_ERROR = re.compile(r"#(?:N/A|N/D|DIV/0!|VALUE!|VALORE!|REF!|RIF!|NAME\?|NOME\?|NUM!|NULL!|NULLO!|SPILL!|ESPANSIONE!|CALC!)"
                            r"|Err:\d{3}", re.I)


def _ods_cell(el) -> tuple[str, str | None, bool]:
    """(displayed text, kind, formula without cached value)."""
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS

    vtype = el.getAttrNS(OFFICENS, "value-type")
    shown = "\n".join(teletype.extractText(p) for p in el.childNodes if getattr(p, "qname", (None, None))[1] == "p").strip()
    formula = el.getAttrNS(TABLENS, "formula")
    if formula and _FORMULA_ERROR.fullmatch(shown):
        return shown, FAULT, False
    if vtype in ("float", "percentage", "currency"):
        raw = el.getAttrNS(OFFICENS, "value")
        if raw is None:
            return shown, None, bool(formula) and not shown
        value = Decimal(raw)
        kind = {"float": NUMBER, "percentage": PERCENT, "currency": CURRENCY}[vtype]
        if not shown:
            text = general(value * 100) + "%" if kind == PERCENT else general(value)
            if kind == CURRENCY:
                text = "€ " + italian(value, 2, group=True)
            return text, kind, False
        return _ods_number_text(shown, value, kind), kind, False
    if vtype == "date":
        raw = el.getAttrNS(OFFICENS, "date-value") or ""
        try:
            moment = datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        except ValueError:
            return shown, None, False
        return _day_text(moment), DATE, False
    if vtype == "time":
        raw = el.getAttrNS(OFFICENS, "time-value") or ""
        m = re.fullmatch(r"-?PT?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,]\d+)?S)?", raw)
        if shown and re.fullmatch(r"\d{1,2}[:.]\d{2}([:.]\d{2})?", shown):
            return shown.replace(".", ":"), TIME, False
        if m:
            h, mi, s = (int(g or 0) for g in m.groups())
            return f"{h:02d}:{mi:02d}:{s:02d}", TIME, False
        return shown, TIME, False
    if vtype == "boolean":
        v = el.getAttrNS(OFFICENS, "boolean-value")
        return ("VERO" if v == "true" else "FALSO"), BOOL, False
    return shown, None, bool(formula) and not shown and vtype is None


def read_ods(file: Path) -> list[Sheet]:
    from odf import teletype
    from odf.namespaces import TABLENS, XLINKNS
    from odf.opendocument import load
    from odf.table import Table
    from odf.text import A

    doc = load(str(file))
    out = []
    for table in doc.spreadsheet.getElementsByType(Table):
        sheet = Sheet(table.getAttrNS(TABLENS, "name"), [])
        hidden_cols: set[int] = set()
        hidden_rows: set[int] = set()
        spans: list[tuple[int, int, int]] = []  # (row, col, rows spanned)
        col = 0
        row_i = 0
        pending_blank = 0

        def walk(node):
            nonlocal col, row_i, pending_blank
            for child in node.childNodes:
                local = getattr(child, "qname", (None, None))[1]
                if local == "table-column":
                    n = int(child.getAttrNS(TABLENS, "number-columns-repeated") or 1)
                    if child.getAttrNS(TABLENS, "visibility") in ("collapse", "filter") and col < MAX_COLUMNS:
                        hidden_cols.update(range(col, min(col + n, MAX_COLUMNS)))
                    col += n
                elif local in ("table-header-columns", "table-column-group", "table-columns",
                               "table-header-rows", "table-row-group", "table-rows"):
                    walk(child)
                elif local == "table-row":
                    n = int(child.getAttrNS(TABLENS, "number-rows-repeated") or 1)
                    hidden = child.getAttrNS(TABLENS, "visibility") in ("collapse", "filter")
                    cells, kinds, notes = [], {}, []
                    j = 0
                    for cell in child.childNodes:
                        lc = getattr(cell, "qname", (None, None))[1]
                        if lc not in ("table-cell", "covered-table-cell"):
                            continue
                        rep = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
                        text, kind, no_value = _ods_cell(cell) if lc == "table-cell" else ("", None, False)
                        for link in cell.getElementsByType(A) if lc == "table-cell" else ():
                            if note := link_note(link.getAttrNS(XLINKNS, "href") or "", text):
                                notes.append((j, note))
                        for note in cell.childNodes:
                            if getattr(note, "qname", (None, None))[1] == "annotation" and (said := _clean_comment(" ".join(
                                    teletype.extractText(p) for p in note.childNodes if getattr(p, "qname", (None, None))[1] == "p"))):
                                notes.append((j, comment_note(said)))
                        rep = max(0, min(rep, MAX_COLUMNS - j))  # a row's trailing blank cells come repeated to the sheet's edge
                        for _ in range(rep):
                            if no_value:
                                notes.append((j, f'formula senza valore calcolato ({cell.getAttrNS(TABLENS, "formula")}): la cella è letta vuota; '
                                                 "aprire il file con LibreOffice e salvarlo, così la formula ha un valore"))
                            if kind:
                                kinds[j] = kind
                            if lc == "table-cell" and (rs := int(cell.getAttrNS(TABLENS, "number-rows-spanned") or 1)) > 1:
                                spans.append((row_i, j, rs))
                            cells.append(text)
                            j += 1
                    while cells and not cells[-1]:
                        cells.pop()
                    if not any(cells) and not notes:
                        pending_blank += n
                        row_i += n
                        continue
                    for _ in range(min(n, MAX_ROWS)):
                        sheet.rows.extend([[] for _ in range(pending_blank)])
                        pending_blank = 0
                        r = len(sheet.rows)
                        sheet.rows.append(list(cells))
                        sheet.kinds.update({(r, k): v for k, v in kinds.items()})
                        sheet.notes.extend((r, k, t) for k, t in notes)
                        if hidden:
                            hidden_rows.add(r)
                    row_i = len(sheet.rows)
                    if len(sheet.rows) > MAX_ROWS:
                        del sheet.rows[MAX_ROWS:]
                        if (None, None, _too_long(None)) not in sheet.notes:
                            sheet.notes.append((None, None, _too_long(None)))
                        return

        walk(table)
        width = max((len(r) for r in sheet.rows), default=0)
        for row in sheet.rows:
            row.extend([""] * (width - len(row)))
        for r, j, n in spans:
            for k in range(r + 1, min(r + n, len(sheet.rows))):
                if j < width:
                    sheet.rows[k][j] = sheet.rows[r][j]
                    sheet.filled.add((k, j))
                    if (r, j) in sheet.kinds:
                        sheet.kinds[(k, j)] = sheet.kinds[(r, j)]
        _hide(sheet, hidden_rows, {c for c in hidden_cols if c < width})
        out.append(sheet)
    return out


__all__ = ["ReadError", "Sheet", "display", "read_sheets", "csv_sheets", "letter", "italian", "general"]
