"""Loading the year's other datasets: budget, staff, bonuses, narrative sections.

Each dataset is optional: a year folder publishes what it holds. Every problem
is collected with its file and line, like the performance data (load.py).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from . import inventory
from . import targets as tg
from .issues import Issues
from .model import (
    BUDGET_COLUMNS,
    BUDGET_REQUIRED,
    PRINTED_STAFF_COLUMNS,
    STAFF_COLUMNS,
    Budget,
    BudgetConfig,
    BudgetRow,
    Bonuses,
    DataTable,
    NumberCell,
    PrintedTotal,
    Section,
    SectionData,
    Staff,
    StaffCell,
    StaffConfig,
    TableCell,
)
from .sources import SourceError, cells_vs_columns, read_csv, read_table, read_yaml

BUDGET_FILE = "bilancio/bilancio.yaml"
STAFF_FILE = "personale/personale.yaml"
BONUS_FILE = "premi.yaml"
SECTIONS_DIR = "relazione"
SECTIONS_GLOB = "*.yaml"  # every such file of relazione/ is a section

# Folder and page names the year's generated pages use: a section cannot take them.
RESERVED_SLUGS = {"obiettivi", "cruscotti", "individuali", "grafici", "uffici", "versione-completa", "index"}  # the year's own pages
_FORMULA = re.compile(r"^[+-]?[A-Z](?:[+-][A-Z])*$")
_CELL = re.compile(r"^(?P<sign>[+\-−])?\s*(?P<euro>€)?\s*(?P<num>(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)\s*(?P<unit>%|€)?$")


def _doc(file: Path, model, issues: Issues):
    from .load import validate_doc  # shared YAML → model validation with lines

    try:
        doc = read_yaml(file)
    except SourceError as e:
        issues.error(file, e.line, "", str(e))
        return None, None
    return validate_doc(model, doc, file, issues), doc


def _join(folder: Path, base: Path, rel: str, file: Path, doc, loc: tuple, issues: Issues) -> Path | None:
    """`base / rel` for a path field at `loc` of `file`, or None (reported) when it would leave data/."""
    if why := inventory.inside(folder.parent, rel, base):
        issues.error(file, doc.line(loc), ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "["), f'"{rel}": {why}')
        return None
    inventory.named(base / rel)
    return base / rel


def _csv(file: Path, columns: list[str], required: set[str], issues: Issues):
    if not file.is_file():
        issues.error(file, None, "", "file non trovato")
        return None
    try:
        return read_csv(file, columns, required)
    except SourceError as e:
        issues.error(file, e.line, "", str(e))
        return None


def parse_amount(text: str) -> Decimal:
    """An amount as written in Italian: `7.750.000`, `-2.145`, `823.066`."""
    return tg.parse_number(text.replace("€", "").strip())


# --- budget -------------------------------------------------------------------


def load_budget(folder: Path, issues: Issues) -> Budget | None:
    file = folder / BUDGET_FILE
    config, doc = _doc(file, BudgetConfig, issues)
    if config is None:
        return None
    csv_file = _join(folder, file.parent, config.file, file, doc, ("file",), issues)
    if csv_file is None:
        return None
    rows = _csv(csv_file, BUDGET_COLUMNS, BUDGET_REQUIRED, issues)
    if rows is None:
        return None
    out = []
    codes: set[str] = set()
    for row in rows:
        c = row.cells
        bad = issues.row(csv_file, row.line)
        kind = c.get("tipo", "")
        if kind not in ("voce", "totale"):
            bad("tipo", f'"{kind}": valore non ammesso (valori ammessi: voce, totale)')
        code = c.get("codice", "")
        if not code:
            bad("codice", "campo obbligatorio mancante")
        elif kind == "totale" and not _FORMULA.match(code):
            bad("codice", f'"{code}": atteso per un totale le sezioni che somma, ad es. A, A-B, A-B+C+D+E')
        elif kind == "totale":
            unknown = [s for s in re.findall(r"[A-Z]", code) if s not in config.sections]
            if unknown:
                bad("codice", f'"{code}": sezione {unknown[0]} non elencata in {BUDGET_FILE} (sezioni: {", ".join(config.sections)})')
        if code and code in codes:
            bad("codice", f'"{code}": codice ripetuto')
        codes.add(code)
        section = c.get("sezione") or None
        nature = c.get("natura") or None
        if kind == "voce":
            if section not in config.sections:
                bad("sezione", f'"{section or ""}": attesa una sezione di {BUDGET_FILE} ({", ".join(config.sections)})')
            if nature not in ("provento", "onere"):
                bad("natura", f'"{nature or ""}": valore non ammesso (valori ammessi: provento, onere)')
            elif section in config.sections and (want := {"proventi": "provento", "oneri": "onere"}.get(config.sections[section].kind)) and nature != want:
                sec = config.sections[section]
                bad("natura", f'"{nature}": la sezione {section} ({sec.name}) è di tipo {sec.kind}: ammesse solo voci di natura {want}')
        amounts: dict[str, Decimal | None] = {}
        for key in ("preventivo", "consuntivo", "scostamento_stampato", "scostamento_percentuale_stampato"):
            text = c.get(key, "")
            amounts[key] = None
            if not text:
                continue
            try:
                amounts[key] = parse_amount(text.rstrip("%").strip() if key.endswith("percentuale_stampato") else text)
            except tg.ValueError_:
                example = "6%" if key.endswith("percentuale_stampato") else "7.750.000"
                bad(key, f'"{text}": atteso un importo in formato italiano (ad es. {example})')
                continue
            if kind == "voce" and key in ("preventivo", "consuntivo") and amounts[key] < 0:
                bad(key, f'"{text}": gli importi delle voci sono positivi, la colonna natura dice se sono proventi o oneri')
        if not bad.ok:
            continue
        out.append(
            BudgetRow(
                file=issues.rel(csv_file),
                line=row.line,
                kind=kind,  # type: ignore[arg-type]
                code=code,
                label=c.get("voce", ""),
                section=section,
                nature=nature,  # type: ignore[arg-type]
                planned=amounts["preventivo"],
                actual=amounts["consuntivo"],
                printed_variance=amounts["scostamento_stampato"],
                printed_percent=amounts["scostamento_percentuale_stampato"],
                note=c.get("nota") or None,
            )
        )
    return Budget(config, tuple(out))


# --- staff --------------------------------------------------------------------


def _count(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[0-9]+", text) else None


def load_staff(folder: Path, issues: Issues) -> Staff | None:
    file = folder / STAFF_FILE
    config, doc = _doc(file, StaffConfig, issues)
    if config is None:
        return None
    tables = {t.id: t for t in config.tables}
    for i, t in enumerate(config.tables):
        if (t.chart or t.seat_summary) and not t.by_gender:
            issues.error(file, doc.line(("tavole", i)), f"tavole[{i}]", "grafico e riepilogo_per_sede sono per le tavole per genere (per_genere: true)")
    csv_file = _join(folder, file.parent, config.file, file, doc, ("file",), issues)
    rows = _csv(csv_file, STAFF_COLUMNS, set(STAFF_COLUMNS), issues) if csv_file else None
    cells = []
    seen: dict[tuple, int] = {}
    for row in rows or []:
        c = row.cells
        table, item, seat, gender = c["tavola"], c["voce"], c["sede"], c.get("genere") or None
        count = _count(c["numero"])
        problems = []
        if table not in tables:
            problems.append(("tavola", f'"{table}": tavola non elencata in {STAFF_FILE} ({", ".join(tables)})'))
        if not item:
            problems.append(("voce", "campo obbligatorio mancante"))
        if seat not in config.seats:
            problems.append(("sede", f'"{seat}": sede non elencata in {STAFF_FILE} ({", ".join(config.seats)})'))
        if table in tables and tables[table].by_gender and gender not in config.genders:
            problems.append(("genere", f'"{gender or ""}": atteso uno tra {", ".join(config.genders)}'))
        if table in tables and not tables[table].by_gender and gender:
            problems.append(("genere", f'"{gender}": la tavola "{table}" non è per genere: lasciare vuoto'))
        if count is None:
            problems.append(("numero", f'"{c["numero"]}": atteso un numero intero di persone (ad es. 14)'))
        key = (table, item, seat, gender)
        if key in seen:
            problems.append(("voce", f'"{item}" ({seat}{", " + gender if gender else ""}) ripetuta: già alla riga {seen[key]}'))
        seen.setdefault(key, row.line)
        for fld, msg in problems:
            issues.error(csv_file, row.line, fld, msg)
        if not problems:
            cells.append(StaffCell(issues.rel(csv_file), row.line, table, item, seat, gender, count))
    printed = []
    pfile = _join(folder, file.parent, config.printed, file, doc, ("totali_stampati",), issues) if config.printed else None
    if pfile:
        for row in _csv(pfile, PRINTED_STAFF_COLUMNS, {"tavola", "voce", "numero"}, issues) or []:
            c = row.cells
            count = _count(c["numero"])
            if c["tavola"] not in tables:
                issues.error(pfile, row.line, "tavola", f'"{c["tavola"]}": tavola non elencata in {STAFF_FILE} ({", ".join(tables)})')
            elif count is None:
                issues.error(pfile, row.line, "numero", f'"{c["numero"]}": atteso un numero intero di persone (ad es. 14)')
            else:
                printed.append(PrintedTotal(issues.rel(pfile), row.line, c["tavola"], c["voce"], c.get("genere") or None, count, c.get("nota") or None))
    return Staff(config, tuple(cells), tuple(printed), issues.rel(csv_file or file.parent / config.file))


# --- bonuses ------------------------------------------------------------------


def load_bonuses(folder: Path, issues: Issues) -> Bonuses | None:
    file = folder / BONUS_FILE
    bonuses, doc = _doc(file, Bonuses, issues)
    if bonuses is None:
        return None
    years: set[int] = set()
    for i, d in enumerate(bonuses.distribution):
        where = ("distribuzione", i)
        if d.reference_year in years:
            issues.error(file, doc.line((*where, "anno_riferimento")), f"distribuzione[{i}].anno_riferimento", f'"{d.reference_year}": anno ripetuto')
        years.add(d.reference_year)
        if d.state == "disponibile" and not d.groups:
            issues.error(file, doc.line(where), f"distribuzione[{i}].gruppi", "stato disponibile: servono i gruppi con le fasce di valutazione")
        if d.state == "non_disponibile" and (d.groups or not d.note):
            issues.error(file, doc.line(where), f"distribuzione[{i}]", "stato non_disponibile: scrivere la nota e nessun gruppo")
        for j, g in enumerate(d.groups):
            total = sum((b.share for b in g.bands), Decimal(0))
            if abs(total - 100) > Decimal("0.05"):
                issues.error(
                    file,
                    doc.line((*where, "gruppi", j, "fasce")),
                    f"distribuzione[{i}].gruppi[{j}].fasce",
                    f'le quote di "{g.group}" sommano a {str(total).replace(".", ",")}%, atteso 100%',
                )
    for i, a in enumerate(bonuses.amounts):
        where = ("ammontare", i)
        if a.state == "disponibile" and (a.set_aside is None or a.paid is None):
            issues.error(file, doc.line(where), f"ammontare[{i}]", "stato disponibile: servono stanziati e distribuiti (in euro)")
        if a.state == "non_disponibile" and not a.note:
            issues.error(file, doc.line(where), f"ammontare[{i}]", "stato non_disponibile: scrivere la nota")
    return bonuses


# --- narrative sections -------------------------------------------------------


def parse_cell(text: str) -> TableCell:
    """A table cell as written: a number in Italian format (with % or €), text, or empty."""
    t = text.strip()
    if not t or t in ("-", "—", "–"):
        return None
    m = _CELL.match(t)
    if not m or re.match(r"^[+\-−]?0\d", t):  # "0039" is a code, not the number 39
        return t
    value = tg.parse_number(m.group("num"))
    if m.group("sign") in ("-", "−"):
        value = -value
    unit = "%" if m.group("unit") == "%" else ("€" if (m.group("euro") or m.group("unit") == "€") else "")
    return NumberCell(value, unit, m.group("sign") == "+")


def load_table(file: Path, issues: Issues) -> DataTable | None:
    """A table of a narrative section: first column labels (text), then figures as written."""
    if not file.is_file():
        return None
    try:
        header, records = read_table(file)
    except SourceError as e:
        issues.error(file, e.line, "", str(e))
        return None
    if not any(header):
        issues.error(file, 1, "", "file vuoto: manca la riga di intestazione")
        return None
    body = []
    for n, r in records:
        if len(r) != len(header):
            issues.error(file, n, "", cells_vs_columns(len(r), len(header)))
            continue
        body.append((r[0].strip() or None, *(parse_cell(c) for c in r[1:])))
    return DataTable(issues.rel(file), tuple(header), tuple(body))


def load_sections(folder: Path, issues: Issues) -> tuple[SectionData, ...]:
    sdir = folder / SECTIONS_DIR
    if not sdir.is_dir():
        return ()
    out = []
    slugs: dict[str, Path] = {}  # the page each section becomes → its file
    for file in sorted(sdir.glob(SECTIONS_GLOB)):
        inventory.claim(file)  # read, or reported here
        m = re.match(r"^\d{2}-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$", file.name)
        if not m:
            issues.error(file, None, "", 'nome del file non valido: atteso "NN-nome-della-sezione.yaml" (ad es. 03-contesto-esterno.yaml)')
            continue
        if m.group(1) in RESERVED_SLUGS:
            issues.error(file, None, "", f'"{m.group(1)}" è un nome riservato alle pagine generate ({", ".join(sorted(RESERVED_SLUGS))}): scegliere un altro nome')
            continue
        if (other := slugs.setdefault(m.group(1), file)) != file:
            issues.error(file, None, "", f'"{m.group(1)}": lo stesso nome di {other.name}, e le due sezioni sarebbero la stessa pagina: '
                         "scegliere un altro nome (il numero iniziale dà solo l'ordine)")
            continue
        section, doc = _doc(file, Section, issues)
        if section is None:
            continue
        tables = {}
        for i, block in enumerate(section.blocks):
            for problem in block.problems():
                issues.error(file, doc.line(("blocchi", i)), f"blocchi[{i}]", problem)
            if block.table:
                if _join(folder, sdir, block.table, file, doc, ("blocchi", i, "tabella"), issues) is None:
                    continue
                table = load_table(sdir / block.table, issues)
                if table is None:
                    if not (sdir / block.table).is_file():
                        issues.error(file, doc.line(("blocchi", i, "tabella")), f"blocchi[{i}].tabella", f'"{block.table}": file non trovato')
                    continue
                tables[block.table] = table
                if block.chart:
                    missing = [s for s in block.chart.series if s not in table.columns]
                    if missing:
                        issues.error(file, doc.line(("blocchi", i, "grafico", "serie")), f"blocchi[{i}].grafico.serie",
                                     f'"{missing[0]}": colonna inesistente (colonne: {", ".join(table.columns[1:])})')
                    elif any(not table.numeric(table.columns.index(s)) for s in block.chart.series):
                        issues.error(file, doc.line(("blocchi", i, "grafico", "serie")), f"blocchi[{i}].grafico.serie", "le colonne del grafico devono contenere solo numeri")
                    labels = [r[0] for r in table.rows]
                    for x in block.chart.exclude:
                        if x not in labels:
                            issues.error(file, doc.line(("blocchi", i, "grafico", "escludi")), f"blocchi[{i}].grafico.escludi",
                                         f'"{x}": nessuna riga con questa etichetta nella tabella (righe: {", ".join(str(v) for v in labels)})')
        lines = tuple(doc.line(("blocchi", i)) for i in range(len(section.blocks)))
        out.append(SectionData(m.group(1), section, tables, file.name, lines))
    return tuple(out)
