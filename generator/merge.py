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
not edited changes nothing.

Indicator rows added to or removed from a group (the indicators of one
objective in the Albero, or one other scorecard) are written into / removed
from its CSV: with as many rows as the year has, rows pair one by one; else
by indicator name (`difflib`), an added row going right after the CSV record
of the row before it in the sheet. What cannot be paired safely (names
changed where rows were also added or removed, a row that moved) and any
other change of structure (areas, objectives, scorecards, codes) is refused
with a message: it is made in the data files, or with `--replace`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from datetime import date
from pathlib import Path

import yaml

from . import cardsheet
from .cardsheet import card_id
from .cells import Sheet
from .exporter import CARD_FIELDS, LABEL, TREE_FIELDS, Plan, Table, plan, sheets, table
from .importer import Tree, _Reader
from .load import YEAR_FILE
from .model import INDICATOR_COLUMNS

# CSV column → the importer's field (the column of the sheet) where the names differ
FIELD_OF = {"obiettivo_strategico": "obiettivo", "obiettivo_operativo": "individuale", "ufficio": "owner", "sal_pubblicato": "sal"}
STRUCTURE = ("la struttura dell'anno (righe, codici, settori, schede) non si cambia dal foglio: "
             "modificarla nei file dei dati (performance.yaml e indicatori/); non con --replace, che sostituisce performance.yaml "
             "intero e toglie prospettive, risorse, risultati e valutazioni pubblicate")


@dataclass
class Merged:
    files: dict[str, str] = field(default_factory=dict)  # the files that change, as text
    changes: list[str] = field(default_factory=list)  # one line per value changed
    notes: list[str] = field(default_factory=list)  # warnings: columns the workbook no longer has
    errors: list[str] = field(default_factory=list)
    values: int = 0  # values changed
    added: int = 0  # rows added
    removed: int = 0  # rows removed


def reading(p: Plan, source: str = "export") -> Tree:
    """What the importer reads from the workbook of the plan (the same as from the saved .xlsx)."""
    return _Reader(Path(source), [Sheet("Istruzioni", [])] + sheets(p)).read()


@dataclass
class _Row:
    """An indicator row of one reading: its values (INDICATOR_COLUMNS), the sheet row, and for the other scorecards the code
    of its Obiettivo individuale and its own Codice."""

    values: list[str]
    line: int
    objective_code: str = ""
    own: str = ""

    @property
    def name(self) -> str:
        return self.values[INDICATOR_COLUMNS.index("indicatore")]

    @property
    def key(self) -> tuple[str, str]:
        """What tells rows apart: the indicator's name and its individual objective's code (two rows may share a name)."""
        return " ".join(self.name.split()).casefold(), self.objective_code


@dataclass
class _Group:
    """The rows of one scorecard (or of one objective in the Albero) in the year's reading and in the edited workbook."""

    rel: str  # the CSV file
    sheet: str  # the sheet they are in
    old: list[tuple[_Row, int]]  # (row, data row of the CSV)
    new: list[_Row]
    ente: bool
    invented: bool = False  # the export made up the Obiettivo individuale codes of this scorecard
    fields: set[str] = field(default_factory=set)  # the importer's fields the sheet of the new rows has a column for


def _groups(p: Plan, old: Tree, tree: Tree, ente_rel: str) -> list[_Group]:
    out = []
    ente_old = [(_Row(v, n), r) for v, n, (rel, r) in zip(old.ente_rows, old.ente_at, p.ente)]
    ente_new = [_Row(v, n) for v, n in zip(tree.ente_rows, tree.ente_at)]
    for k in range(1, len(old.objectives) + 1):
        out.append(_Group(ente_rel, "Albero", [(x, r) for x, r in ente_old if x.values[0] == str(k)],
                          [x for x in ente_new if x.values[0] == str(k)], True, fields=tree.ente_fields))
    for (o_id, (_, o_rows)), (n_id, (_, n_rows)), (rel, rows), sheet in zip(old.cards.items(), tree.cards.items(), p.cards, p.card_sheets):
        out.append(_Group(rel, sheet, [(_Row(v, *m), r) for v, m, r in zip(o_rows, old.card_at[o_id], rows)],
                          [_Row(v, *m) for v, m in zip(n_rows, tree.card_at[n_id])], False, rel in p.invented,
                          tree.card_fields.get(n_id, set())))
    return out


def _align(g: _Group) -> tuple[list[tuple[int, int]], list[int], list[int], str | None]:
    """(pairs old index → new index, removed old indexes, added new indexes, the reason it cannot be aligned or None).

    As many rows as before: row by row (names may have been edited). Otherwise by indicator name: a row whose name is in
    the year is that row; the others are added or removed. Rows both changed and added or removed in one place, or a name
    that moved, cannot be told apart."""
    n_old, n_new = len(g.old), len(g.new)
    if n_old == n_new:
        return [(i, i) for i in range(n_old)], [], [], None
    pairs, removed, added = [], [], []
    matcher = SequenceMatcher(None, [x.key for x, _ in g.old], [x.key for x in g.new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            pairs += zip(range(i1, i2), range(j1, j2))
        elif op == "delete":
            removed += range(i1, i2)
        elif op == "insert":
            added += range(j1, j2)
        else:
            shown = ", ".join(f'"{x.name}"' for x in g.new[j1:j2])
            rows = ", ".join(str(x.line) for x in g.new[j1:j2])
            was = ", ".join(f'"{x.name}"' for x, _ in g.old[i1:i2])
            return [], [], [], (f'foglio "{g.sheet}", righe {rows} ({shown}): al posto di {was} ci sono indicatori cambiati e insieme '
                                "righe aggiunte o tolte, e non si capisce quale riga è quale: fare prima una cosa (ad es. correggere i "
                                "nomi e reimportare), poi l'altra")
    moved = {g.old[i][0].key for i in removed} & {g.new[j].key for j in added}
    if moved:
        j = next(j for j in added if g.new[j].key in moved)
        return [], [], [], (f'foglio "{g.sheet}", riga {g.new[j].line}: l\'indicatore "{g.new[j].name}" è stato spostato '
                            "(le righe sono state ordinate o spostate?)")
    return pairs, removed, added, None


def _codice(g: _Group, x: _Row) -> str:
    """The code the CSV holds for a row of the reading: its own Codice, else the code of its Obiettivo individuale
    (none when the export made that code up)."""
    return x.own or ("" if g.invented else x.objective_code)


def merge(files: dict[str, str], tree: Tree, updated: date, year_dir: str = "") -> Merged:
    """The files of a year updated with what the edited workbook (`tree`) carries."""
    out = Merged()
    p = plan(files)
    old = reading(p)
    doc = yaml.safe_load(files[YEAR_FILE]) or {}
    prefix = f"{year_dir}/" if year_dir else ""

    counts = [
        ("settori", len(old.areas), len(tree.areas)),
        ("obiettivi strategici", len(old.objectives), len(tree.objectives)),
        ("schede delle unità e individuali", len(old.cards), len(tree.cards)),
    ]
    for what, n_old, n_new in counts:
        if n_old != n_new:
            out.errors.append(f"{what}: il foglio ne ha {n_new}, l'anno {n_old}: {STRUCTURE}")
    for (o_id, (o_office, _)), (n_id, (n_office, _)) in zip(old.cards.items(), tree.cards.items()):
        if o_id != n_id:
            out.errors.append(f'scheda "{o_office}": nel foglio il codice di ufficio è "{n_office}": {STRUCTURE}')
    out.errors += _card_changes(old, tree)
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

    objectives = doc.get("obiettivi_strategici") or []
    objective_id = {str(k + 1): str(objectives[i]["id"]) for k, i in enumerate(p.objectives)}
    tables = {rel: table(text) for rel, text in files.items() if rel != YEAR_FILE}
    cells: dict[str, dict[int, dict[str, str]]] = {}  # CSV file → data row → column → new value
    # CSV file → after data row (-1: first) → (values, (where in the sheet, data row it takes programma from, columns taken))
    added: dict[str, dict[int, list[tuple[dict[str, str], tuple]]]] = {}
    removed: dict[str, dict[int, str]] = {}  # CSV file → data row → indicator name
    ente_rel = next((c["file"] for c in doc.get("schede") or [] if c.get("tipo") == "ente" and c.get("file") in files), "")
    if tree.ente_rows and not ente_rel:
        out.errors.append(f"{prefix}{YEAR_FILE}: il foglio Albero ha indicatori ma l'anno non ha una scheda di tipo ente con il suo file: "
                          f"{STRUCTURE}")
        return out
    groups = _groups(p, old, tree, ente_rel)
    taken_out: dict[str, _Group] = {}  # indicator name → the group a row of that name left
    put_in: dict[str, tuple[_Group, _Row]] = {}  # indicator name → the group a row of that name was added to
    for g in groups:
        for column in INDICATOR_COLUMNS:
            f = FIELD_OF.get(column, column)
            if f in (TREE_FIELDS if g.ente else CARD_FIELDS) and f not in g.fields and g.new:
                note = f'foglio "{g.sheet}": avviso: manca la colonna "{LABEL[f]}": {column.replace("_", " ")} resta come è nei dati'
                out.notes += [note] if note not in out.notes else []
        pairs, gone, new, why = _align(g)
        if why:
            out.errors.append(f"{prefix}{g.rel}: {why}: {STRUCTURE}")
            continue
        t = tables[g.rel]
        for i, j in pairs:
            (a, r), b = g.old[i], g.new[j]
            for column, va, vb in zip(INDICATOR_COLUMNS, a.values, b.values):
                if FIELD_OF.get(column, column) not in g.fields and column != "codice":  # a column deleted: the data keeps it
                    continue
                if column == "codice" and not g.ente:
                    if g.invented and a.objective_code != b.objective_code and not b.own:
                        out.errors.append(f'{prefix}{g.rel}: indicatore "{b.name}": il codice "{a.objective_code}" è stato creato '
                                          f'dall\'esportazione per indicare la scheda: non si cambia (nel foglio "{b.objective_code}")')
                        continue
                    if a.objective_code != b.objective_code:  # another operational objective: the row moved (a sort, a swap)
                        out.errors.append(f'{prefix}{g.rel}: foglio "{g.sheet}", riga {b.line}: l\'indicatore "{b.name}" ha il codice '
                                          f'"{b.objective_code}" al posto di "{a.objective_code}" (le righe sono state ordinate o '
                                          f"spostate?): {STRUCTURE}")
                        continue
                    if "codice" not in g.fields:  # the Codice column deleted: the rows keep their own codes
                        continue
                    va, vb = _codice(g, a), _codice(g, b)
                if va == vb:
                    continue
                if column == "obiettivo_strategico":
                    if g.ente:
                        out.errors.append(f'{prefix}{g.rel}: indicatore "{b.name}": nel foglio è sotto un altro obiettivo: {STRUCTURE}')
                        continue
                    vb = objective_id.get(vb, "")
                cells.setdefault(g.rel, {}).setdefault(r, {})[column] = vb
        for i in gone:
            x, r = g.old[i]
            removed.setdefault(g.rel, {})[r] = x.name
            taken_out.setdefault(x.key[0], g)
        for j in new:
            put_in.setdefault(g.new[j].key[0], (g, g.new[j]))
        kept = {j: g.old[i][1] for i, j in pairs}
        for j in new:
            b = g.new[j]
            after = next((kept[k] for k in range(j - 1, -1, -1) if k in kept), None)
            if after is None:  # the first rows of the group: before the group's first row, or after the previous group's last
                following = next((kept[k] for k in range(j + 1, len(g.new)) if k in kept), None)
                after = following - 1 if following is not None else _last_before(groups, g, kept)
            values = dict(zip(INDICATOR_COLUMNS, b.values))
            values["obiettivo_strategico"] = objective_id.get(values["obiettivo_strategico"], "")
            if not g.ente:
                values["codice"] = _codice(g, b)
            near = next((g.old[i] for i, k in sorted(pairs, key=lambda ij: abs(ij[1] - j) + (ij[1] > j) * 0.5)
                         if g.ente or g.new[k].values[2] == b.values[2]), None)
            taken: tuple[str, ...] = ()
            if near is not None:
                inherited = t.row(near[1])
                # what the sheet has no column for is the neighbour's (an export has Programma: an added row has what it says)
                take = tuple(c for c in ("programma", "obiettivo_operativo") if FIELD_OF.get(c, c) not in g.fields)
                values |= {c: inherited.get(c, "") for c in take}
                taken = tuple(c for c in take if values[c])
            added.setdefault(g.rel, {}).setdefault(after, []).append(
                (values, (f'dal foglio "{g.sheet}", riga {b.line}', near[1] if taken else None, taken)))
    for name, (g, x) in put_in.items():  # cut from one scorecard or objective and pasted under another
        if (h := taken_out.get(name)) is not None and h is not g:
            out.errors.append(f'{prefix}{g.rel}: foglio "{g.sheet}", riga {x.line}: l\'indicatore "{x.name}" è tolto da {prefix}{h.rel} '
                              f"e aggiunto qui (spostato in un'altra scheda o sotto un altro obiettivo?): {STRUCTURE}")
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

    for rel in sorted(set(cells) | set(added) | set(removed), key=list(tables).index):
        t = tables[rel]
        text, lines, new_lines = rebuilt(t, cells.get(rel, {}), added.get(rel, {}), set(removed.get(rel, {})))
        for r, values in sorted(cells.get(rel, {}).items()):
            before = t.row(r)
            out.changes += [f'{prefix}{rel}: riga {lines[r]}, {c}: "{before.get(c, "")}" → "{v}"' for c, v in values.items()]
            out.values += len(values)
        for r, name in sorted(removed.get(rel, {}).items()):
            out.changes.append(f'{prefix}{rel}: tolta la riga {line_of(t, r)} (del file com\'era): "{name}"')
        for line, (values, (where, near, taken)) in new_lines:
            like = f" ({' e '.join(c.replace('_', ' ') for c in taken)} come la riga {lines[near]})" if taken else ""
            out.changes.append(f'{prefix}{rel}: aggiunta la riga {line}: "{values["indicatore"]}", {where}{like}')
        out.added += len(new_lines)
        out.removed += len(removed.get(rel, {}))
        out.files[rel] = text
    if yaml_edits or out.files:
        text = files[YEAR_FILE]
        try:
            for path, value, what in yaml_edits:
                text = set_scalar(text, path, value)
                out.changes.append(f"{prefix}{YEAR_FILE}: {what}")
                out.values += 1
            if "aggiornato" in doc:
                text = set_scalar(text, ("aggiornato",), updated)
        except ValueError as e:
            out.errors.append(f"{prefix}{e}")
            out.files.clear()
            return out
        out.files[YEAR_FILE] = text
    return out


def _card_changes(old: Tree, tree: Tree) -> list[str]:
    """The Schede sheet is what the year's scorecards are: any change to it is refused (a workbook without it changes none)."""
    if tree.card_specs is None:
        return []
    before = {s.id: s for s in old.card_specs or []}
    out = []
    for s in tree.card_specs:
        a = before.pop(s.id, None)
        if a is None:
            out.append(f'foglio delle schede, riga {s.row}: la scheda "{s.id}" non è tra le schede dell\'anno: {STRUCTURE}')
            continue
        for f, (va, vb) in ((f, (a.shown()[f], v)) for f, v in s.shown().items()):
            if va != vb and not (f == "ufficio" and card_id(va) == card_id(vb)):
                out.append(f'foglio delle schede, riga {s.row}, colonna "{cardsheet.LABEL[f]}": scheda "{s.id}": "{va}" → "{vb}": '
                           f"tipo, nome, descrizione e titolare di una scheda si cambiano in {YEAR_FILE}; {STRUCTURE}")
    out += [f'foglio delle schede: manca la scheda "{a.id}" ("{a.name}"): {STRUCTURE}' for a in before.values()]
    return out


def _last_before(groups: list[_Group], g: _Group, kept: dict[int, int]) -> int:
    """For a group with no row kept: after the last kept row of the nearest group before it in the same file, else first."""
    k = groups.index(g)
    for h in reversed(groups[:k]):
        if h.rel == g.rel and h.old:
            return max(r for _, r in h.old)
    return -1


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
    return rebuilt(t, rows)[0]


def rebuilt(t: Table, rows: dict[int, dict[str, str]], added: dict[int, list[tuple[dict[str, str], object]]] | None = None,
            removed: set[int] = frozenset()) -> tuple[str, dict[int, int], list[tuple[int, tuple[dict[str, str], object]]]]:
    """The CSV with cells changed (data row → column → value), records added (after data row r, -1: after the header; each
    (values, note)) and data rows removed; every other record byte for byte as written. A column the file lacks is added at
    the end when a changed or added value needs it.

    Returns (text, line of every kept data row in the new text, (line, item) of every added record)."""
    added = added or {}
    header = list(t.header)
    extra = [c for c in INDICATOR_COLUMNS if c not in header and (any(c in v for v in rows.values())
                                                                   or any(v.get(c) for items in added.values() for v, _ in items))]
    raws = list(t.raws)
    if extra:
        for i, record in enumerate(t.records):
            if i == 0 or i in t.data:
                body, ending = _ending(raws[i])
                pad = t.delimiter * max(0, len(header) - len(record))
                raws[i] = body + pad + "".join(t.delimiter + (_record([c], t.delimiter, "") if i == 0 else "") for c in extra) + ending
        header += extra
    for r, values in rows.items():
        i = t.data[r]
        record = list(t.records[i]) + [""] * (len(header) - len(t.records[i]))
        for c, v in values.items():
            record[header.index(c)] = v
        raws[i] = _record(record, t.delimiter, _ending(t.raws[i])[1])
    eol = _ending(t.raws[0])[1] or "\n"
    after = {(0 if r < 0 else t.data[r]): items for r, items in added.items()}  # raw index → records that follow it
    data_at = {i: r for r, i in enumerate(t.data)}
    out: list[str] = []
    lines: dict[int, int] = {}
    new_lines: list[tuple[int, tuple[dict[str, str], object]]] = []
    line = 1
    for i, raw in enumerate(raws):
        if data_at.get(i) not in removed or i not in data_at:
            if i in data_at:
                lines[data_at[i]] = line
            out.append(raw)
            line += raw.count("\n")
        for item in after.get(i, []):
            if out and not _ending(out[-1])[1]:  # the file had no line end after its last record
                out[-1] += eol
                line += 1
            out.append(_record([item[0].get(c, "") for c in header], t.delimiter, eol))
            new_lines.append((line, item))
            line += 1 + out[-1].count("\n") - 1
    return t.bom + "".join(out), lines, new_lines


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
