"""Open data: every dataset shown on the site as CSV and JSON, plus a Data Package.

CSV: UTF-8, comma separator, header row, ISO dates, dot decimals; text that a
spreadsheet would run as a formula gets a leading apostrophe. JSON: the same
rows as objects, exactly as in the data, with the dataset's metadata. `datapackage.json` follows
the Frictionless Data Package spec with a Table Schema per resource and the
CC BY 4.0 licence. Pure: returns texts, writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .compute import YearResult
from .escape import spreadsheet_text
from .fmt import round_half_up
from .model import Dataset, NumberCell

DATA_DIR = "dati"
LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
STATUS_TEXT = {"raggiunto": "raggiunto", "parziale": "parzialmente raggiunto", "non-raggiunto": "non raggiunto", "non-valutato": "non valutato"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, number, integer, date
    description: str = ""


@dataclass
class Export:
    name: str  # resource name, e.g. 2025-indicatori
    year: int
    slug: str  # file stem
    title: str
    description: str
    updated: date
    fields: list[Field]
    rows: list[dict[str, Any]] = field(default_factory=list)
    themes: tuple[str, ...] = ("GOVE",)  # EU data themes
    coverage: tuple[int, int] | None = None  # years the data refers to, when not the export's year

    @property
    def period(self) -> tuple[int, int]:
        return self.coverage or (self.year, self.year)

    @property
    def csv_path(self) -> str:
        return f"{DATA_DIR}/{self.year}/{self.slug}.csv"

    @property
    def json_path(self) -> str:
        return f"{DATA_DIR}/{self.year}/{self.slug}.json"


def _num(x: Decimal | int | None, places: int | None = None) -> Decimal | int | None:
    """A number for the open data: rounded where asked, without trailing zeros or exponent."""
    if x is None or isinstance(x, int):
        return x
    d = (round_half_up(x, places) if places is not None else x).normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text
    return str(value)


def csv_header(name: str) -> str:
    """A column name as written in the CSV and in the Data Package's schema (formulas neutralised)."""
    return spreadsheet_text(name)


def to_csv(export: Export) -> str:
    """The export as CSV; text a spreadsheet would run as a formula is neutralised (escape.spreadsheet_text)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([csv_header(f.name) for f in export.fields])
    for row in export.rows:
        w.writerow([spreadsheet_text(v) if isinstance(v := row.get(f.name), str) else _cell(v) for f in export.fields])
    return out.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(format(value, "f"))
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_json(export: Export) -> str:
    doc = {
        "nome": export.name,
        "titolo": export.title,
        "descrizione": export.description,
        "anno": export.year,
        "aggiornato": export.updated.isoformat(),
        "licenza": LICENSE["path"],
        "campi": [{"nome": f.name, "tipo": f.type, "descrizione": f.description} for f in export.fields],
        "righe": [{f.name: _json_value(r.get(f.name)) for f in export.fields} for r in export.rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


# --- the datasets of one year -----------------------------------------------------

S, N, I, D = "string", "number", "integer", "date"


def _indicators(res: YearResult) -> Export:
    y = res.year
    fields = [
        Field("anno", I), Field("scheda", S, "identificativo della scheda"), Field("tipo_scheda", S, "ente, unita o individuale"),
        Field("nome_scheda", S), Field("titolare", S), Field("obiettivo_strategico", S, "codice dell'obiettivo strategico"),
        Field("nome_obiettivo_strategico", S), Field("programma", S), Field("obiettivo_operativo", S), Field("codice", S),
        Field("indicatore", S), Field("algoritmo", S), Field("unita", S), Field("fonte", S), Field("ufficio", S),
        Field("target", S, "target come scritto nel documento"), Field("target_valore", N, "valore numerico del target"),
        Field("target_data", D, "scadenza del target"), Field("direzione", S, "crescente, decrescente, scadenza o qualitativo"),
        Field("actual", S, "valore rilevato come scritto nel documento"), Field("actual_valore", N), Field("actual_data", D),
        Field("grado_raggiungimento", N, "percentuale calcolata (0-100), due decimali"),
        Field("stato", S), Field("peso", N), Field("sal_pubblicato", N, "percentuale pubblicata nel documento"), Field("nota", S),
    ]
    rows = []
    for c in res.cards:
        for s in c.indicators:
            i = s.indicator
            o = next((o for o in y.objectives if o.id == i.objective), None)  # None: an individual objective linked to none
            rows.append({
                "anno": y.year, "scheda": c.card.id, "tipo_scheda": c.card.kind, "nome_scheda": c.card.name, "titolare": c.card.holder,
                "obiettivo_strategico": (o.code or str(o.id)) if o else None, "nome_obiettivo_strategico": o.name if o else None, "programma": i.programme,
                "obiettivo_operativo": i.operational, "codice": i.code, "indicatore": i.name, "algoritmo": i.algorithm, "unita": i.unit,
                "fonte": i.source, "ufficio": i.office, "target": i.target.text if i.target else None,
                "target_valore": _num(i.target.number) if i.target else None, "target_data": i.target.day if i.target else None,
                "direzione": i.direction.value if i.direction else None, "actual": i.actual.text if i.actual else None,
                "actual_valore": _num(i.actual.number) if i.actual else None, "actual_data": i.actual.day if i.actual else None,
                "grado_raggiungimento": _num(s.score, 2), "stato": STATUS_TEXT[s.status] if y.reported else None,
                "peso": _num(i.weight), "sal_pubblicato": _num(i.published), "nota": i.note,
            })
    kind = "target e valori rilevati" if y.reported else "target"
    return Export(f"{y.year}-indicatori", y.year, "indicatori", f"Indicatori di performance {y.year}",
                  f"Tutti gli indicatori delle schede {y.year} ({kind}), con il grado di raggiungimento calcolato.", y.updated, fields, rows)


def _objectives(res: YearResult) -> Export:
    y = res.year
    fields = [
        Field("anno", I), Field("obiettivo_strategico", S), Field("nome", S), Field("nome_mappa", S), Field("prospettiva", S),
        Field("area_strategica", S), Field("metodo", S, "media_indicatori o utilizzo_risorse"),
        Field("valutazione", N, "percentuale calcolata, due decimali"), Field("valutazione_pubblicata", N),
        Field("stato", S, "raggiunto se tutti i target sono raggiunti; altrimenti secondo le soglie dell'anno"),
        Field("media_indicatori", N, "media dei gradi di raggiungimento degli indicatori del Cruscotto di Ente, se il metodo è un altro"),
        Field("risorse_destinate", N, "euro"), Field("risorse_consumate", N, "euro"),
    ]
    persp = {p.id: p.name for p in y.perspectives}
    areas = {a.id: a.name for a in y.areas}
    rows = []
    for r in res.objectives:
        o = r.objective
        alloc = [x.allocated for x in o.resources if x.allocated is not None]
        used = [x.consumed for x in o.resources if x.consumed is not None]
        rows.append({
            "anno": y.year, "obiettivo_strategico": o.code or str(o.id), "nome": o.name, "nome_mappa": o.map_name,
            "prospettiva": persp.get(o.perspective), "area_strategica": areas.get(o.area), "metodo": o.method,
            "valutazione": _num(r.score, 2), "valutazione_pubblicata": _num(o.published),
            "stato": STATUS_TEXT[r.status] if y.reported else None, "media_indicatori": _num(r.indicator_mean, 2),
            "risorse_destinate": _num(sum(alloc, Decimal(0))) if alloc else None, "risorse_consumate": _num(sum(used, Decimal(0))) if used else None,
        })
    return Export(f"{y.year}-obiettivi-strategici", y.year, "obiettivi-strategici", f"Obiettivi strategici {y.year}",
                  f"Obiettivi strategici {y.year} con la valutazione calcolata, il metodo di calcolo e le risorse.", y.updated, fields, rows)


def _budget(res: YearResult) -> Export:
    b = res.budget
    cfg = b.budget.config
    fields = [
        Field("anno", I), Field("tipo", S, "voce o totale"), Field("codice", S), Field("voce", S), Field("sezione", S), Field("natura", S),
        Field("preventivo", N, "euro"), Field("consuntivo", N, "euro"), Field("scostamento", N, "consuntivo - preventivo, euro"),
        Field("scostamento_percentuale", N, "scostamento / |preventivo| x 100, due decimali"), Field("nota", S),
    ]
    rows = [{
        "anno": res.year.year, "tipo": i.row.kind, "codice": i.row.code, "voce": i.row.label, "sezione": i.row.section, "natura": i.row.nature,
        "preventivo": _num(i.figures.planned), "consuntivo": _num(i.figures.actual), "scostamento": _num(i.figures.variance),
        "scostamento_percentuale": _num(i.figures.percent, 2), "nota": i.row.note,
    } for i in b.items]
    return Export(f"{res.year.year}-conto-economico", res.year.year, "conto-economico", cfg.title,
                  "Conto economico: preventivo e consuntivo per voce; totali e scostamenti calcolati dalle voci. Importi positivi, la natura indica proventi o oneri.",
                  cfg.updated, fields, rows, ("ECON", "GOVE"))


def _staff(res: YearResult) -> Export:
    st = res.staff.staff
    fields = [Field("anno", I), Field("data_riferimento", D), Field("tavola", S), Field("voce", S), Field("sede", S), Field("genere", S), Field("numero", I, "persone")]
    rows = [{"anno": res.year.year, "data_riferimento": st.config.reference_date, "tavola": c.table, "voce": c.item, "sede": c.seat, "genere": c.gender, "numero": c.count} for c in st.cells]
    return Export(f"{res.year.year}-personale", res.year.year, "personale", st.config.title,
                  "Personale in ruolo per sede, genere, categoria, titolo di studio e classe di età (dati per sede; i totali si ottengono sommando).",
                  st.config.updated, fields, rows, ("GOVE", "SOCI"))


def _bonuses(res: YearResult) -> list[Export]:
    b = res.data.bonuses
    y = res.year.year
    dist_fields = [Field("anno_documento", I, "anno del documento che pubblica i dati (la Relazione sulla Performance di quell'anno)"), Field("anno_riferimento", I), Field("stato", S, "disponibile o non_disponibile"),
                   Field("gruppo", S), Field("valutazione", S, "fascia di valutazione"), Field("quota", N, "percentuale del personale del gruppo"), Field("nota", S)]
    rows = []
    for d in b.distribution:
        if not d.groups:
            rows.append({"anno_documento": y, "anno_riferimento": d.reference_year, "stato": d.state, "nota": d.note})
        for g in d.groups:
            for band in g.bands:
                rows.append({"anno_documento": y, "anno_riferimento": d.reference_year, "stato": d.state, "gruppo": g.group, "valutazione": band.band, "quota": _num(band.share), "nota": d.note})
    amount_fields = [Field("anno_documento", I, "anno del documento che pubblica i dati"), Field("anno_riferimento", I), Field("stato", S), Field("stanziati", N, "euro"), Field("distribuiti", N, "euro"), Field("nota", S)]
    amounts = [{"anno_documento": y, "anno_riferimento": a.reference_year, "stato": a.state, "stanziati": _num(a.set_aside), "distribuiti": _num(a.paid), "nota": a.note} for a in b.amounts]
    def span(years: list[int]) -> tuple[int, int] | None:
        return (min(years), max(years)) if years else None

    return [
        Export(f"{y}-premi-distribuzione", y, "premi-distribuzione", f"Dati relativi ai premi ({b.document})",
               "Grado di differenziazione della premialità: quota di personale per fascia di valutazione (art. 20 D.Lgs. 33/2013).", b.updated, dist_fields, rows,
               coverage=span([d.reference_year for d in b.distribution if d.state == "disponibile"])),
        Export(f"{y}-premi-ammontare", y, "premi-ammontare", f"Ammontare complessivo dei premi ({b.document})",
               "Premi stanziati e distribuiti (art. 20 D.Lgs. 33/2013).", b.updated, amount_fields, amounts,
               coverage=span([a.reference_year for a in b.amounts if a.state == "disponibile"])),
    ]


def table_export_name(year: int, section_slug: str, table_file: str) -> str:
    stem = table_file.rsplit("/", 1)[-1].removesuffix(".csv")
    return f"{year}-{stem}" if stem == section_slug else f"{year}-{section_slug}-{stem}"


def _tables(res: YearResult) -> list[Export]:
    out = []
    for sd in res.data.sections:
        for block in sd.section.blocks:
            if not block.table or block.table not in sd.tables:
                continue
            t = sd.tables[block.table]
            fields = []
            mixed: dict[int, str] = {}  # numeric columns whose cells have different units → a unit column
            for i, col in enumerate(t.columns):
                if i and t.numeric(i):
                    units = {c.unit for c in (r[i] for r in t.rows) if isinstance(c, NumberCell)}
                    if len(units) == 1:
                        fields.append(Field(col, N, {"%": "percentuale", "€": "euro"}.get(next(iter(units)), "")))
                    else:
                        fields.append(Field(col, N, f"unità nella colonna «{col} - unità»"))
                        fields.append(Field(f"{col} - unità", S, "% per le percentuali, € per gli euro, vuoto per gli altri numeri"))
                        mixed[i] = f"{col} - unità"
                else:
                    fields.append(Field(col, S))
            rows = []
            for r in t.rows:
                row = {col: (r[i].value if isinstance(r[i], NumberCell) else r[i]) for i, col in enumerate(t.columns)}
                for i, unit_col in mixed.items():
                    row[unit_col] = r[i].unit if isinstance(r[i], NumberCell) else None
                rows.append(row)
            name = table_export_name(res.year.year, sd.slug, block.table)
            out.append(Export(name, res.year.year, name.removeprefix(f"{res.year.year}-"), block.title or name,
                              f"{res.year.document}, sezione {sd.section.section}: {block.title}.", sd.section.updated, fields, rows, tuple(block.themes) or ("GOVE",)))
    return out


def objective_table_name(year: int, oid: int, n: int) -> str:
    return f"{year}-obiettivo-{oid}-tabella-{n}"


def _objective_tables(res: YearResult) -> list[Export]:
    """The small tables of figures given with an objective's results."""
    out = []
    for o in res.year.objectives:
        for n, t in enumerate(o.tables, 1):
            numeric = [i > 0 and all(isinstance(r[i], (int, float)) or r[i] is None for r in t.rows) and any(r[i] is not None for r in t.rows)
                       for i in range(len(t.columns))]
            fields = [Field(c, N if numeric[i] else S) for i, c in enumerate(t.columns)]
            rows = [{c: (Decimal(str(r[i])) if numeric[i] and r[i] is not None else (None if r[i] is None else str(r[i])))
                     for i, c in enumerate(t.columns)} for r in t.rows]
            name = objective_table_name(res.year.year, o.id, n)
            out.append(Export(name, res.year.year, name.removeprefix(f"{res.year.year}-"), f"{t.title} (obiettivo strategico {o.code or o.id})",
                              f"{res.year.document}: {t.title}, tra i risultati dell'obiettivo strategico {o.label}.", res.year.updated, fields, rows))
    return out


def exports(ds: Dataset, results: list[YearResult]) -> list[Export]:
    out: list[Export] = []
    for res in results:
        out += [_objectives(res), _indicators(res), *_objective_tables(res)]
        if res.budget:
            out.append(_budget(res))
        if res.staff:
            out.append(_staff(res))
        if res.data.bonuses:
            out += _bonuses(res)
        out += _tables(res)
    return out


def datapackage(ds: Dataset, items: list[Export]) -> dict[str, Any]:
    """Frictionless Data Package describing every export (paths relative to dati/)."""
    return {
        "name": "amministrazione-trasparente",
        "title": f"Amministrazione trasparente: dati del ciclo della performance di {ds.body.name}",
        "licenses": [LICENSE],
        "created": max(e.updated for e in items).isoformat() + "T00:00:00Z" if items else None,
        "resources": [
            {
                "name": e.name,
                "title": e.title,
                "description": e.description,
                "path": e.csv_path.removeprefix(f"{DATA_DIR}/"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "licenses": [LICENSE],
                "schema": {"fields": [{"name": csv_header(f.name), "type": f.type, **({"description": f.description} if f.description else {})} for f in e.fields]},
            }
            for e in items
        ],
    }

