"""`import FILE --year YYYY --update`: an exported workbook, edited, back into its own year.

Pure: the year's files (text) and the importer's reading of the workbook →
the files that change. The workbook carries the names of the areas and the
objectives and the indicator columns of every scorecard (target, actual,
SAL, direction, weight, owner, algorithm, unit, source, notes, and the
operational objective of the other scorecards); everything else the year
holds stays as written: perspectives, methods, resources, tables, published
scores, comments, descriptions, holders, the scorecards and their files, the
order of rows and columns of every CSV.

How: the year's own export (`exporter.plan`) is read with the importer, as
the edited workbook was; the two readings are compared element by element,
and only the values that differ are written, each into the place of the
data it was exported from (a CSV cell, a YAML scalar: the rest of the text,
comments and quoting included, is kept byte for byte). A workbook that was
not edited changes nothing. A change of structure (rows added, removed or
moved, a code changed) is refused with a message: it is made in the data
files, or with `--replace`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .cells import Sheet
from .exporter import Plan, Table, plan, sheets, table
from .importer import Tree, _Reader
from .load import YEAR_FILE
from .model import INDICATOR_COLUMNS
from .scaffold import plural

STRUCTURE = ("la struttura dell'anno (righe, codici, settori, schede) non si cambia dal foglio: "
             "modificarla nei file dei dati, o importare il foglio con --replace")


@dataclass
class Merged:
    files: dict[str, str] = field(default_factory=dict)  # the files that change, as text
    changes: list[str] = field(default_factory=list)  # one line per value changed
    errors: list[str] = field(default_factory=list)


def reading(p: Plan, source: str = "export") -> Tree:
    """What the importer reads from the workbook of the plan (the same as from the saved .xlsx)."""
    return _Reader(Path(source), [Sheet("Istruzioni", [])] + sheets(p)).read()


def merge(files: dict[str, str], tree: Tree, updated: date, year_dir: str = "") -> Merged:
    """The files of a year updated with what the edited workbook (`tree`) carries."""
    out = Merged()
    p = plan(files)
    old = reading(p)
    doc = yaml.safe_load(files[YEAR_FILE]) or {}
    areas, objectives = doc.get("aree_strategiche") or [], doc.get("obiettivi_strategici") or []
    prefix = f"{year_dir}/" if year_dir else ""

    counts = [
        ("settori", len(old.areas), len(tree.areas)),
        ("obiettivi strategici", len(old.objectives), len(tree.objectives)),
        ("indicatori del Cruscotto di Ente (foglio Albero)", len(old.ente_rows), len(tree.ente_rows)),
        ("schede delle unità e individuali", len(old.cards), len(tree.cards)),
    ]
    old_cards, new_cards = list(old.cards.items()), list(tree.cards.items())
    if len(old_cards) == len(new_cards):
        counts += [(f'indicatori della scheda {o_office}', len(o_rows), len(n_rows))
                   for (_, (o_office, o_rows)), (_, (_, n_rows)) in zip(old_cards, new_cards)]
    for what, n_old, n_new in counts:
        if n_old != n_new:
            out.errors.append(f"{what}: il foglio ne ha {n_new}, l'anno {n_old}: {STRUCTURE}")
    if len(old.objectives) == len(tree.objectives) and len(old.ente_rows) != len(tree.ente_rows):
        for k, o in enumerate(tree.objectives, 1):  # where: the objectives whose indicators are not as many as in the year
            n_old, n_new = (sum(r[0] == str(k) for r in t.ente_rows) for t in (old, tree))
            if n_old != n_new:
                out.errors.append(f'obiettivo "{o.raw}" (riga {o.row} dell\'albero): il foglio ha {plural(n_new, "indicatore", "indicatori")}, '
                                  f"l'anno {n_old}")
    for (o_id, (o_office, _)), (n_id, (n_office, _)) in zip(old_cards, new_cards):
        if o_id != n_id:
            out.errors.append(f'scheda "{o_office}": nel foglio il codice di ufficio è "{n_office}": {STRUCTURE}')
    if out.errors:
        return out

    yaml_edits: list[tuple[tuple, object, str]] = []  # (path in performance.yaml, value, description)
    for kind, key, olds, news, index in (("settore", "aree_strategiche", old.areas, tree.areas, p.areas),
                                         ("obiettivo", "obiettivi_strategici", old.objectives, tree.objectives, p.objectives)):
        for a, b, i in zip(olds, news, index):
            if a.code != b.code:
                out.errors.append(f'{kind} "{a.raw}": nel foglio il codice è "{b.code}" (riga {b.row}): {STRUCTURE}')
            elif kind == "obiettivo" and a.area != b.area:
                out.errors.append(f'obiettivo "{a.raw}": nel foglio è sotto un altro settore (riga {b.row}): {STRUCTURE}')
            elif a.name != b.name:
                if i is None:
                    out.errors.append(f'"{b.raw}" (riga {b.row}): "{a.name}" è solo un titolo del foglio, non un settore dei dati: '
                                      "non si rinomina")
                else:
                    yaml_edits.append(((key, i, "nome"), b.name, f'{kind} {a.code or a.name}: nome "{a.name}" → "{b.name}"'))

    objective_id = {str(k + 1): str(objectives[i]["id"]) for k, i in enumerate(p.objectives)}
    tables = {rel: table(text) for rel, text in files.items() if rel != YEAR_FILE}
    cells: dict[str, dict[int, dict[str, str]]] = {}  # CSV file → data row → column → new value
    pairs = [(a, b, rel, r, True) for a, b, (rel, r) in zip(old.ente_rows, tree.ente_rows, p.ente)]
    for (_, (_, a_rows)), (_, (_, b_rows)), (rel, rows) in zip(old_cards, new_cards, p.cards):
        pairs += [(a, b, rel, r, False) for a, b, r in zip(a_rows, b_rows, rows)]
    for a, b, rel, r, ente in pairs:
        for column, va, vb in zip(INDICATOR_COLUMNS, a, b):
            if va == vb:
                continue
            if column == "obiettivo_strategico":
                if ente:
                    out.errors.append(f'{prefix}{rel}: indicatore "{b[4]}": nel foglio è sotto un altro obiettivo: {STRUCTURE}')
                    continue
                vb = objective_id.get(vb, "")
            if column == "codice" and va != " ".join(tables[rel].row(r).get("codice", "").split()):
                out.errors.append(f'{prefix}{rel}: indicatore "{b[4]}": il codice "{va}" è stato creato dall\'esportazione per '
                                  f'indicare la scheda: non si cambia (nel foglio "{vb}")')
                continue
            cells.setdefault(rel, {}).setdefault(r, {})[column] = vb
    for rel, rows in cells.items():  # rows sorted or moved in the sheet: a name that now stands where another row was
        renamed = {r: v["indicatore"] for r, v in rows.items() if "indicatore" in v}
        names = {" ".join(tables[rel].row(r).get("indicatore", "").split()): r for r in renamed}
        for r, name in renamed.items():
            if name in names and names[name] != r:
                out.errors.append(f'{prefix}{rel}: riga {line_of(tables[rel], r)}: nel foglio l\'indicatore "{name}" è al posto di '
                                  f"un altro (le righe sono state ordinate o spostate?): {STRUCTURE}")
                break
    if out.errors:
        return out

    for rel, rows in cells.items():
        t = tables[rel]
        for r, values in sorted(rows.items()):
            before = t.row(r)
            out.changes += [f'{prefix}{rel}: riga {line_of(t, r)}, {c}: "{before.get(c, "")}" → "{v}"' for c, v in values.items()]
        out.files[rel] = patched(t, rows)
    if yaml_edits or out.files:
        text = files[YEAR_FILE]
        try:
            for path, value, what in yaml_edits:
                text = set_scalar(text, path, value)
                out.changes.append(f"{prefix}{YEAR_FILE}: {what}")
            if "aggiornato" in doc:
                text = set_scalar(text, ("aggiornato",), updated)
        except ValueError as e:
            out.errors.append(f"{prefix}{e}")
            out.files.clear()
            return out
        out.files[YEAR_FILE] = text
    return out


# --- CSV: only the changed records are written again ---------------------------------------


def line_of(t: Table, r: int) -> int:
    """The line of the file where data row r starts."""
    return 1 + sum(raw.count("\n") for raw in t.raws[: t.data[r]])


def _ending(raw: str) -> tuple[str, str]:
    body = raw.rstrip("\r\n")
    return body, raw[len(body):]


def _record(fields: list[str], delimiter: str, ending: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=ending or "").writerow(fields)
    return buf.getvalue()


def patched(t: Table, rows: dict[int, dict[str, str]]) -> str:
    """The CSV with the given cells changed; a column the file lacks is added at the end."""
    header = list(t.header)
    added = [c for c in INDICATOR_COLUMNS if c not in header and any(c in v for v in rows.values())]
    raws = list(t.raws)
    width = len(header)
    if added:
        for i, record in enumerate(t.records):
            if i == 0 or i in t.data:
                body, ending = _ending(raws[i])
                pad = t.delimiter * max(0, width - len(record))
                raws[i] = body + pad + "".join(t.delimiter + (_record([c], t.delimiter, "") if i == 0 else "") for c in added) + ending
        header += added
    for r, values in rows.items():
        i = t.data[r]
        record = list(t.records[i]) + [""] * (len(header) - len(t.records[i]))
        for c, v in values.items():
            record[header.index(c)] = v
        raws[i] = _record(record, t.delimiter, _ending(t.raws[i])[1])
    return t.bom + "".join(raws)


# --- YAML: one scalar replaced where it is written ------------------------------------------


def _render(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_flow_style=True)
    text = text.removesuffix("\n...\n").removesuffix("\n")
    return json.dumps(value, ensure_ascii=False) if "\n" in text else text


def set_scalar(text: str, path: tuple, value: object) -> str:
    """`text` with the scalar at `path` (keys and list indexes) replaced by `value`; all else as written."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for step in path:
        if isinstance(step, int):
            node = node.value[step]
        else:
            node = next(v for k, v in node.value if k.value == step)
    start, end = node.start_mark.index, node.end_mark.index
    new = _render(value)
    if text[start:end].endswith("\n"):  # a block scalar (>-, |) ends with its line break
        new += "\n"
    out = text[:start] + new + text[end:]
    check = yaml.safe_load(out)
    for step in path:
        check = check[step]
    if check != value:
        raise ValueError(f"{YEAR_FILE}: {'.'.join(map(str, path))}: valore non riscritto correttamente")
    return out
