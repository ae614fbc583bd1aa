"""`validate`: load and check the data, then compute and add the cross-checks.

Kept apart from the build so that `validate` imports no chart, page or MkDocs
code: it stays fast and small in memory, whatever the data folder holds.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import bonuses
from .compute import YearResult, compute_year, published_mismatches, weights_across_objectives
from .datasets import BONUS_FILE, BUDGET_FILE, SECTIONS_DIR, STAFF_FILE
from .fmt import score
from .issues import Issues
from .load import BODY_FILE, DOCUMENTS_FILE, YEAR_FILE, load
from .model import Dataset
from .sources import YamlDoc, read_yaml

MAX_BARS = 300  # a bar per indicator: above this a scorecard's chart is unreadable (and slow); its tables stay


def _top_line(file: Path, key: str) -> int | None:
    """The line of a top-level key of a YAML file (only for a warning: the file was read and checked already)."""
    for n, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return None


def _yaml_line(doc: YamlDoc | None, where: tuple) -> int | None:
    """The line of (list, item id, field, ...) in a YAML file already read and checked: the item found by its id."""
    if doc is None or not isinstance(doc.data, dict):
        return None
    section, item, *rest = where
    entries = doc.data.get(section) or []
    index = next((i for i, e in enumerate(entries) if isinstance(e, dict) and str(e.get("id")) == str(item)), None)
    if index is None:
        return doc.line((section,))
    keys: tuple = (section, index)
    node = entries[index]
    for k in rest:  # a key as YAML wrote it: 3 or "3"
        k = next((x for x in (node if isinstance(node, dict) else ()) if str(x) == str(k)), None)
        if k is None:
            break
        keys, node = (*keys, k), node[k]
    return doc.line(keys)


def updates(ds: Dataset, data_dir: Path) -> list[tuple[Path, date]]:
    """Every `aggiornato` in the data, with its file."""
    out = [(data_dir / BODY_FILE, ds.body.updated)]
    if ds.documents:
        out.append((data_dir / DOCUMENTS_FILE, ds.documents.updated))
    for y in ds.years:
        folder = data_dir / y.folder
        out.append((folder / YEAR_FILE, y.year.updated))
        out += [(folder / f, d.config.updated) for f, d in ((BUDGET_FILE, y.budget), (STAFF_FILE, y.staff)) if d]
        out += [(folder / BONUS_FILE, y.bonuses.updated)] if y.bonuses else []
        out += [(folder / SECTIONS_DIR / s.file, s.section.updated) for s in y.sections]
    return out


def check(data_dir: Path) -> tuple[Dataset | None, list[YearResult], Issues]:
    """Load and validate everything; compute; add cross-checks as warnings.

    What the build would refuse is refused here too, and what it would leave
    out (a chart too large to draw) is said here.
    """
    ds, issues = load(data_dir)
    if ds is None:
        return None, [], issues
    results = [compute_year(y, ds.body) for y in ds.years]
    for res in results:
        year_file = data_dir / res.data.folder / YEAR_FILE
        mismatches = published_mismatches(res)
        doc = read_yaml(year_file)  # read and checked by load: only for the lines of warnings
        for file, where, what, published, computed in mismatches:
            shown = score(computed) if computed is not None else "non calcolabile"
            line = where if isinstance(where, int) else _yaml_line(doc, where)
            issues.warn(file or year_file, line, what, f"il documento pubblica {score(published)}, il valore calcolato dai dati è {shown}")
        for o in res.objectives if res.year.reported else ():  # measured by the units only: citizens read "Non valutato"
            if o.score is None and (by := [card.name for card, co in o.cards if co.score is not None]):
                issues.warn(year_file, _yaml_line(doc, ("obiettivi_strategici", o.objective.id)), f"obiettivo strategico {o.objective.code or o.objective.id}",
                            f'"{o.objective.name}" è pubblicato come non valutato: il suo grado è la media degli indicatori del '
                            f"Cruscotto di Ente, che non ne ha di valutati, mentre lo valutano {', '.join(by)}: aggiungere "
                            "al Cruscotto di Ente gli indicatori che lo misurano")
        for c in res.cards:
            if across := weights_across_objectives(c):
                first, card_score, whole = across
                issues.warn(first.file, first.line, "peso",
                            f"i pesi contano fra gli indicatori di uno stesso obiettivo; il grado della scheda \"{c.card.name}\" è la "
                            f"media semplice dei suoi obiettivi ({score(card_score)}): con i pesi contati su tutta la scheda sarebbe "
                            f"{score(whole)}. Se il Sistema di misurazione pesa gli obiettivi, il sito non lo calcola: "
                            "controllare il grado pubblicato")
            n = sum(1 for s in c.indicators if s.score is not None)
            if n > MAX_BARS:
                issues.warn(data_dir / res.data.folder / c.card.file, None, "grafico",
                            f"{n} indicatori valutati: oltre {MAX_BARS} il grafico della scheda non viene disegnato; i dati restano nelle tabelle della pagina")
    today = datetime.now(ZoneInfo("Europe/Rome")).date()  # the editor's today, whatever the machine's time zone
    for file, day in updates(ds, data_dir):
        if day > today or day.year < 2000:  # the site shows the newest as its date: 2062 for 2026 would be everywhere
            issues.warn(file, _top_line(file, "aggiornato"), "aggiornato", f'"{day:%d/%m/%Y}": data {"futura" if day > today else "molto lontana"}: il sito mostra '
                        "la data più recente come data di aggiornamento; controllarla")
    for y in ds.years:
        for indicators in y.indicators.values():
            for i in indicators:
                for field, v in (("target", i.target), ("actual", i.actual)):
                    if v is not None and v.day is not None and abs(v.day.year - y.year.year) > 1:
                        issues.warn(i.file, i.line, field,
                                    f'"{v.text}": data lontana dall\'anno {y.year.year}: controllarne l\'anno')
    for kind, field in (("distribution", "distribuzione"), ("amounts", "ammontare")):
        for year, shown, other in bonuses.published(results, kind)[1]:
            issues.warn(data_dir / other.data.folder / BONUS_FILE, None, field,
                        f"anno_riferimento {year}: dati diversi da quelli di {shown.data.folder}/{BONUS_FILE}, che sono quelli "
                        f"pubblicati (il più recente): se sono questi quelli giusti, correggere {shown.data.folder}/{BONUS_FILE}")
    return ds, results, issues
