"""Files → model, collecting every problem with its location.

`load(data_dir)` reads `ente.yaml` and every `<anno>/performance.yaml` with its
scorecard CSVs; it never stops at the first problem. The caller decides what
to do with the collected `Issues` (the CLI prints them; `build` refuses to
write anything if there is an error).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import datasets, filetypes, identity, inventory
from .budget import compute_budget
from .budget import problems as budget_problems
from .staff import compute_staff
from . import targets as tg
from .issues import Issues
from .model import (
    INDICATOR_COLUMNS,
    INDICATOR_REQUIRED,
    Body,
    Dataset,
    Documents,
    Indicator,
    Year,
    YearData,
    is_placeholder,
)
from . import sources
from .sources import SourceError, YamlDoc, read_csv, read_yaml

M = TypeVar("M", bound=BaseModel)

BODY_FILE = "ente.yaml"
YEAR_FILE = "performance.yaml"
DOCUMENTS_FILE = "documenti.yaml"
DOCUMENTS_DIR = "documenti"

# Where the loaders look, for the inventory of data/ (inventory.py): every other file is reported.
LAYOUT = inventory.Layout(
    top=(BODY_FILE, DOCUMENTS_FILE),
    year=(YEAR_FILE, datasets.BONUS_FILE, datasets.BUDGET_FILE, datasets.STAFF_FILE),
    year_globs=(f"{datasets.SECTIONS_DIR}/{datasets.SECTIONS_GLOB}",),
    owners=(
        inventory.Owner(Path(datasets.BUDGET_FILE).parent.as_posix(), datasets.BUDGET_FILE, "CSV",
                        "{year}/" + datasets.BUDGET_FILE + " non lo indica nel campo file"),
        inventory.Owner(Path(datasets.STAFF_FILE).parent.as_posix(), datasets.STAFF_FILE, "CSV",
                        "{year}/" + datasets.STAFF_FILE + " non lo indica nei campi file e totali_stampati"),
        inventory.Owner(datasets.SECTIONS_DIR, f"{datasets.SECTIONS_DIR}/{datasets.SECTIONS_GLOB}", "tabella",
                        "nessun blocco delle sezioni in {year}/" + datasets.SECTIONS_DIR + "/ la indica nel campo tabella"),
        inventory.Owner("", YEAR_FILE, "CSV", "nessuna scheda di {year}/" + YEAR_FILE + " lo indica nel campo file"),
    ),
    documents=(DOCUMENTS_DIR, DOCUMENTS_FILE),
)
PATH_FIELDS = {"file", "totali_stampati", "tabella"}  # fields that name a file of data/

# Level-1 sections of Amministrazione trasparente (D.Lgs. 33/2013, allegato 1), in the official order.
AT_SECTIONS = [
    "Disposizioni generali",
    "Organizzazione",
    "Consulenti e collaboratori",
    "Personale",
    "Bandi di concorso",
    "Performance",
    "Enti controllati",
    "Attività e procedimenti",
    "Provvedimenti",
    "Bandi di gara e contratti",
    "Sovvenzioni, contributi, sussidi, vantaggi economici",
    "Bilanci",
    "Beni immobili e gestione patrimonio",
    "Controlli e rilievi sull'amministrazione",
    "Servizi erogati",
    "Pagamenti dell'amministrazione",
    "Opere pubbliche",
    "Pianificazione e governo del territorio",
    "Informazioni ambientali",
    "Strutture sanitarie private accreditate",
    "Interventi straordinari e di emergenza",
    "Altri contenuti",
]
PRODUCED_SECTIONS = {"Personale", "Performance", "Bilanci", "Controlli e rilievi sull'amministrazione", "Altri contenuti"}

_PYDANTIC_IT = {
    "missing": "campo obbligatorio mancante",
    "extra_forbidden": "campo non previsto (controllare l'ortografia della chiave)",
    "string_type": "atteso un testo (un codice, un numero di telefono o un numero con zeri iniziali va tra virgolette)",
    "int_type": "atteso un numero intero",
    "int_from_float": "atteso un numero intero",
    "bool_type": "atteso true o false",
    "bool_parsing": "atteso true o false",
    "finite_number": "atteso un numero finito",
    "float_type": "atteso un numero",
    "float_parsing": "atteso un numero",
    "string_too_long": "testo troppo lungo",
    "too_long": "elenco troppo lungo",
    "dict_keys": "chiave non valida",
    "int_parsing": "atteso un numero intero",
    "decimal_parsing": "atteso un numero (con il punto come separatore decimale in YAML, ad es. 97.9)",
    "decimal_type": "atteso un numero",
    "list_type": "atteso un elenco (righe che iniziano con '- ')",
    "dict_type": "attesa una mappa chiave: valore",
    "model_type": "attesa una mappa chiave: valore",
    "too_short": "l'elenco non può essere vuoto",
    "greater_than_equal": "valore troppo basso",
    "less_than_equal": "valore troppo alto",
    "string_too_short": "testo troppo corto",
    "string_pattern_mismatch": "formato non valido",
}


_OWN_MESSAGES = {"indirizzo", "numero", "data", "colore"}  # kinds of model.PydanticCustomError


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _explain(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "string_pattern_mismatch" and err["loc"][-1] in PATH_FIELDS and (why := inventory.path_problem(str(err.get("input")))):
        return why
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"valore non ammesso (valori ammessi: {expected.replace(' or ', ', ')})"
    if kind == "string_pattern_mismatch" and err["loc"][-1] == "id":
        return "formato non valido (atteso un identificativo in minuscolo con trattini, ad es. area-1)"
    if kind == "string_pattern_mismatch" and err["loc"][-1] == "file":
        pattern = err.get("ctx", {}).get("pattern", "")
        if "documenti/" in pattern:
            return ("nome del file non valido: atteso documenti/ seguito da un nome di lettere senza accenti, cifre, trattini, "
                    "punti o _, senza spazi né sottocartelle (ad es. documenti/relazione-2025.pdf)")
        if "png" in pattern:
            return "nome del file non valido: atteso un file .png o .svg, di lettere senza accenti, cifre, trattini o _ (ad es. stemma.svg)"
        return "formato non valido (atteso un percorso di file .csv, di lettere senza accenti, cifre, trattini o _, ad es. indicatori/ente.csv)"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{_PYDANTIC_IT[kind]} (atteso {'>=' if 'greater' in kind else '<='} {err['ctx'].get('ge', err['ctx'].get('le'))})"
    if kind in _OWN_MESSAGES:  # raised by the model's own checks, already in Italian
        return err["msg"]
    return _PYDANTIC_IT.get(kind, "valore non valido per questo campo (vedere il formato dei dati nel README)")


def validate_doc(model: type[M], doc: YamlDoc, file: Path, issues: Issues) -> M | None:
    """Validate a YAML document against a model; report every error with its line."""
    if not isinstance(doc.data, dict):
        issues.error(file, 1, "", "il file deve contenere una mappa chiave: valore")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as e:
        for err in e.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "decimal", "int", "str", "float"))))
            value = err.get("input")
            if value is None and err["type"] != "missing":  # "nome:" with nothing after it
                issues.error(file, doc.line(loc), _path(loc), "vuoto: scrivere il valore dopo i due punti")
                continue
            shown = "" if err["type"] in ("missing",) or isinstance(value, (dict, list)) else f'"{value}": '
            issues.error(file, doc.line(loc), _path(loc), f"{shown}{_explain(err)}")
        return None


def _read_yaml(file: Path, issues: Issues) -> YamlDoc | None:
    try:
        return read_yaml(file)
    except SourceError as e:
        issues.error(file, e.line, "", str(e))
        return None


def load_body(data_dir: Path, issues: Issues) -> Body | None:
    file = data_dir / BODY_FILE
    if not file.is_file():
        issues.error(file, None, "", "file mancante: descrive l'ente (nome, contatti, identificativi)")
        return None
    doc = _read_yaml(file, issues)
    body = validate_doc(Body, doc, file, issues) if doc else None
    if body:
        for key in body.placeholders():
            issues.warn(file, doc.line((key,)), key, "da completare")
        for label in body.external_sections:  # the URLs are checked by the model (model.WebUrl)
            where = doc.line(("sezioni_esterne", label))
            if label not in AT_SECTIONS:
                close = [s for s in AT_SECTIONS if s.casefold() == label.casefold()]
                hint = f' (forse "{close[0]}"?)' if close else " (usare l'etichetta ufficiale esatta, D.Lgs. 33/2013 allegato 1)"
                issues.error(file, where, "sezioni_esterne", f'"{label}" non è una sezione di primo livello di Amministrazione trasparente{hint}')
            elif label in PRODUCED_SECTIONS:
                issues.error(file, where, "sezioni_esterne", f'"{label}" è prodotta da questo sito: toglierla da sezioni_esterne')
        seen: set[int] = set()
        for i, t in enumerate(body.thresholds):
            if t.since in seen:
                issues.error(file, doc.line(("soglie", i, "dal_anno")), f"soglie[{i}].dal_anno", f'"{t.since}": anno ripetuto (una voce per ogni SMVP, dal primo anno in cui vale)')
            seen.add(t.since)
            _check_thresholds(t, doc, file, issues, ("soglie", i))
        if body.emblem and (why := _emblem_problem(data_dir, body.emblem.file)):
            issues.error(file, doc.line(("stemma", "file")), "stemma.file", f'"{body.emblem.file}": {why}')
            return None
    return body


def _check_thresholds(t, doc: YamlDoc, file: Path, issues: Issues, at: tuple) -> None:
    if t.partial > t.achieved:
        name = f"soglie[{at[1]}]" if len(at) > 1 else "soglie"
        issues.error(file, doc.line((*at, "parzialmente_raggiunto")), f"{name}.parzialmente_raggiunto",
                     f"{t.partial}: la soglia di «parzialmente raggiunto» supera quella di «raggiunto» ({t.achieved}); attesa una soglia minore o uguale")


def _emblem_problem(data_dir: Path, rel: str) -> str | None:
    """The emblem is published on every page: a file of data/, an image, nothing that runs."""
    if why := inventory.inside(data_dir, rel):
        return why
    path = data_dir / rel
    if not path.is_file():
        return "file non trovato nella cartella dei dati"
    inventory.named(path)
    inventory.claim(path)
    return identity.emblem_problem(rel, path.read_bytes())


def load_documents(data_dir: Path, issues: Issues) -> Documents | None:
    file = data_dir / DOCUMENTS_FILE
    if not file.is_file():
        return None
    doc = _read_yaml(file, issues)
    docs = validate_doc(Documents, doc, file, issues) if doc else None
    if docs is None:
        return None
    for i, d in enumerate(docs.documents):
        where = doc.line(("documenti", i))
        if (d.file is None) == (d.url is None):
            issues.error(file, where, f"documenti[{i}]", "indicare esattamente uno tra file (in data/documenti/) e url")
        elif d.file and not (data_dir / d.file).is_file():
            issues.error(file, doc.line(("documenti", i, "file")), f"documenti[{i}].file", f'"{d.file}": file non trovato in {issues.rel(data_dir)}')
        elif d.file and (why := inventory.inside(data_dir, d.file) or filetypes.problem(d.file, (data_dir / d.file).read_bytes())):
            # served from the site's own origin: only documents, never a page or a script
            issues.error(file, doc.line(("documenti", i, "file")), f"documenti[{i}].file", f'"{d.file}": {why}')
    return docs


def _decimal(text: str) -> Decimal:
    return tg.parse_number(text.rstrip("%").strip())


def _cell(cells: dict[str, str], key: str) -> str | None:
    v = cells.get(key, "")
    return v or None


def load_indicators(file: Path, year: Year, issues: Issues, kind: str = "") -> tuple[Indicator, ...]:
    """Parse one scorecard CSV; every bad cell is reported, good rows are kept. In an `individuale`
    scorecard a blank obiettivo_strategico is an objective linked to no strategic objective."""
    try:
        rows = read_csv(file, INDICATOR_COLUMNS, INDICATOR_REQUIRED)
    except SourceError as e:
        issues.error(file, e.line, "", str(e))
        return ()
    known = {o.id for o in year.objectives}
    out = []
    first: dict[tuple, int] = {}  # a row's cells → the line where they first appear
    for row in rows:
        c = row.cells
        bad = issues.row(file, row.line)
        same = first.setdefault(tuple(sorted((k, " ".join(v.split())) for k, v in c.items() if v)), row.line)
        if same != row.line:  # a row pasted twice counts twice in every average
            bad("indicatore", f'"{_cell(c, "indicatore") or ""}": riga uguale alla riga {same}: un indicatore ripetuto conta due volte '
                "nella valutazione; togliere una delle due righe")
            continue
        objective: int | None = 0
        raw_obj = c.get("obiettivo_strategico", "")
        if not raw_obj and kind == "individuale":
            objective = None
        elif not re.fullmatch(r"[0-9]+", raw_obj) or int(raw_obj) not in known:
            bad("obiettivo_strategico", f'"{raw_obj}": atteso il numero di un obiettivo strategico di {YEAR_FILE} ({", ".join(map(str, sorted(known)))})')
        else:
            objective = int(raw_obj)
        name = _cell(c, "indicatore")
        if not name:
            bad("indicatore", "campo obbligatorio mancante (nome dell'indicatore)")

        target = actual = None
        if t := _cell(c, "target"):
            try:
                target = tg.parse_target(t)
            except tg.ValueError_ as e:
                bad("target", str(e))
        if a := _cell(c, "actual"):
            try:
                actual = tg.parse_actual(a)
            except tg.ValueError_ as e:
                bad("actual", str(e))
        if actual and not target and bad.ok:
            bad("target", f'manca il target per il valore rilevato "{actual.text}"')
        if actual and not year.reported:
            bad("actual", f'"{actual.text}": l\'anno è pianificato (stato: pianificato), i valori rilevati non sono ammessi')
        if target and actual and (why := tg.compatible(target, actual)):
            bad("actual", why)
        elif (target and actual and target.word and actual.word and not tg.same_word(target.word, actual.word)
              and tg.fold_word(actual.word) not in tg.NEGATIVE_WORDS):
            issues.warn(file, row.line, "actual", f'"{actual.text}" non è il target "{target.text}" né un esito negativo (ad es. "No", '
                        '"Negativo"): l\'indicatore è valutato non raggiunto (0%); se il target è raggiunto scrivere lo stesso valore')

        direction: tg.Direction | None = None
        raw_dir = _cell(c, "direzione")
        if raw_dir and raw_dir not in ("crescente", "decrescente"):
            bad("direzione", f'"{raw_dir}": valore non ammesso (valori ammessi: crescente, decrescente)')
            raw_dir = None
        if target:
            carried = target.direction
            if carried and raw_dir and carried.value != raw_dir:
                bad("direzione", f'"{raw_dir}" contraddice il target "{target.text}" ({carried.value})')
            direction = carried or (tg.Direction(raw_dir) if raw_dir else None)
            if direction is None and year.default_direction:
                direction = tg.Direction(year.default_direction)
            if direction is None:
                bad(
                    "direzione",
                    f'il target "{target.text}" non indica se più alto è meglio: scrivere crescente o decrescente '
                    f"nella colonna direzione (o direzione_predefinita in {YEAR_FILE})",
                )

        weight = Decimal(1)
        if p := _cell(c, "peso"):
            try:
                weight = tg.parse_number(p)
                if weight <= 0:
                    raise tg.ValueError_("")
            except tg.ValueError_:
                point = f"{tg.POINT_HINT}, " if tg.POINT_DECIMAL.search(p) else ""
                bad("peso", f'"{p}": {point}atteso un numero maggiore di zero (ad es. 1, 2,5)')
        published = None
        if s := _cell(c, "sal_pubblicato"):
            try:
                published = _decimal(s)
            except tg.ValueError_:
                bad("sal_pubblicato", f'"{s}": atteso una percentuale (ad es. 100%, 33%)')
        if not bad.ok:
            continue
        out.append(
            Indicator(
                file=issues.rel(file),
                line=row.line,
                objective=objective,
                programme=_cell(c, "programma"),
                operational=_cell(c, "obiettivo_operativo"),
                code=_cell(c, "codice"),
                name=name or "",
                algorithm=_cell(c, "algoritmo"),
                unit=_cell(c, "unita"),
                target=target,
                actual=actual,
                direction=direction,
                weight=weight,
                office=_cell(c, "ufficio"),
                source=_cell(c, "fonte"),
                published=published,
                note=_cell(c, "nota"),
            )
        )
        if year.reported and target and not actual:
            issues.warn(file, row.line, "actual", f'manca il valore rilevato per "{name}": l\'indicatore non è valutato')
    return tuple(out)


def _check_year_refs(year: Year, doc: YamlDoc, file: Path, issues: Issues) -> None:
    persp = {p.id for p in year.perspectives}
    areas = {a.id for a in year.areas}
    for kind, items in (("prospettive", year.perspectives), ("aree_strategiche", year.areas), ("obiettivi_strategici", year.objectives), ("schede", year.scorecards)):
        seen: set[Any] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                issues.error(file, doc.line((kind, i, "id")), f"{kind}[{i}].id", f'"{item.id}": identificativo ripetuto')
            seen.add(item.id)
    for i, o in enumerate(year.objectives):
        if persp and o.perspective is None:
            issues.error(file, doc.line(("obiettivi_strategici", i)), f"obiettivi_strategici[{i}].prospettiva",
                         f'campo obbligatorio quando sono elencate le prospettive (valori ammessi: {", ".join(sorted(persp))})')
        elif o.perspective is not None and o.perspective not in persp:
            issues.error(file, doc.line(("obiettivi_strategici", i, "prospettiva")), f"obiettivi_strategici[{i}].prospettiva",
                         f'"{o.perspective}": prospettiva inesistente (valori ammessi: {", ".join(sorted(persp))})')
        if o.area is not None and o.area not in areas:
            issues.error(file, doc.line(("obiettivi_strategici", i, "area_strategica")), f"obiettivi_strategici[{i}].area_strategica",
                         f'"{o.area}": area strategica inesistente (valori ammessi: {", ".join(map(str, sorted(areas)))})')
        if o.method == "utilizzo_risorse" and not any(r.allocated and r.consumed is not None for r in o.resources):
            issues.error(file, doc.line(("obiettivi_strategici", i, "metodo")), f"obiettivi_strategici[{i}].metodo",
                         '"utilizzo_risorse" richiede almeno una voce di risorse con destinate e consumate')
    for kind, items in (("aree_strategiche", year.areas), ("obiettivi_strategici", year.objectives)):
        for i, item in enumerate(items):
            if is_placeholder(item.name):
                issues.warn(file, doc.line((kind, i, "nome")), f"{kind}[{i}].nome", "da completare")
    if year.thresholds:
        _check_thresholds(year.thresholds, doc, file, issues, ("soglie",))
    known = {o.id for o in year.objectives}
    kinds = [s.kind for s in year.scorecards]
    if kinds.count("ente") != 1:
        issues.error(file, doc.line(("schede",)), "schede", f'attesa esattamente una scheda con tipo: ente (trovate {kinds.count("ente")})')
    for i, s in enumerate(year.scorecards):
        for obj in s.published:
            if obj not in known:
                issues.error(file, doc.line(("schede", i, "valutazioni_pubblicate", obj)), f"schede[{i}].valutazioni_pubblicate",
                             f'"{obj}": obiettivo strategico inesistente')


def load_year(folder: Path, issues: Issues) -> YearData | None:
    file = folder / YEAR_FILE
    doc = _read_yaml(file, issues)
    if doc is None:
        return None
    year = validate_doc(Year, doc, file, issues)
    if year is None:
        return None
    if str(year.year) != folder.name:
        issues.error(file, doc.line(("anno",)), "anno", f'"{year.year}" non corrisponde alla cartella "{folder.name}"')
    _check_year_refs(year, doc, file, issues)
    indicators: dict[str, tuple[Indicator, ...]] = {}
    cards_read = len(issues.errors)  # errors before the scorecards: any after means a scorecard is incomplete
    for i, card in enumerate(year.scorecards):
        where = doc.line(("schede", i, "file"))
        if why := inventory.inside(folder.parent, card.file, folder):
            issues.error(file, where, f"schede[{i}].file", f'"{card.file}": {why}')
            continue
        csv_file = folder / card.file
        inventory.named(csv_file)
        if not csv_file.is_file():
            issues.error(file, where, f"schede[{i}].file", f'"{card.file}": file non trovato in {issues.rel(folder)}')
            continue
        indicators[card.id] = load_indicators(csv_file, year, issues, card.kind)
    # Cross-checks of a dataset run only on complete files (a bad row would make them cascade).
    before = len(issues.errors)
    budget = datasets.load_budget(folder, issues) if (folder / datasets.BUDGET_FILE).is_file() else None
    if budget and budget.config.indices and before == cards_read:  # an indicator of a scorecard that failed is not "missing"
        _check_indices(budget, year, indicators, folder, issues)
    if budget and len(issues.errors) == before:  # printed figures the lines contradict, unless a note explains them
        for file, line, column, message in budget_problems(compute_budget(budget)):
            issues.error(file, line, column, message)
    before = len(issues.errors)
    staff = datasets.load_staff(folder, issues) if (folder / datasets.STAFF_FILE).is_file() else None
    if staff and len(issues.errors) == before:  # every table adds up to the same head count; printed totals checked
        for m in compute_staff(staff)[1]:
            issues.error(m.file, m.line, "", m.message)
    bonuses = datasets.load_bonuses(folder, issues) if (folder / datasets.BONUS_FILE).is_file() else None
    sections = datasets.load_sections(folder, issues)
    staff_ids = {t.id for t in staff.config.tables} if staff else set()
    for sd in sections:
        for i, b in enumerate(sd.section.blocks):
            if b.data and b.data.startswith("personale-") and b.data.removeprefix("personale-") not in staff_ids:
                where = folder / datasets.SECTIONS_DIR / f"{sd.file}"
                known = ", ".join(f"personale-{t}" for t in sorted(staff_ids)) or f"nessuna: manca {datasets.STAFF_FILE}"
                issues.error(where, sd.block_lines[i], f"blocchi[{i}].dati", f'"{b.data}": tavola del personale inesistente (ammesse: {known})')
    return YearData(year, indicators, folder.name, budget, staff, bonuses, sections)


def _check_indices(budget, year: Year, indicators: dict[str, tuple[Indicator, ...]], folder: Path, issues: Issues) -> None:
    """The budget page shows indicators of the Cruscotto di Ente: they must exist."""
    idx = budget.config.indices
    ente = next((c.id for c in year.scorecards if c.kind == "ente"), None)
    names = {i.name for i in indicators.get(ente, ()) if i.objective == idx.objective}
    file = folder / datasets.BUDGET_FILE
    doc = read_yaml(file)  # already read without errors: only for the lines
    for j, name in enumerate(idx.indicators):
        if name not in names:
            issues.error(file, doc.line(("indici", "indicatori", j)), f"indici.indicatori[{j}]",
                         f'"{name}": indicatore non trovato nel Cruscotto di Ente per l\'obiettivo strategico {idx.objective}')


def load(data_dir: Path, issues: Issues | None = None) -> tuple[Dataset | None, Issues]:
    """Read the whole data directory. Returns (dataset or None, issues).

    Every file under it is either read or reported (inventory.py): the loaders
    record what they open, and what is left is a near-miss (error) or unused
    (warning).
    """
    issues = issues or Issues(root=data_dir)
    if not data_dir.is_dir():
        issues.error(data_dir, None, "", "cartella dei dati non trovata")
        return None, issues
    if not any(p.name.casefold().startswith(("ente.", "documenti.")) or re.fullmatch(r"\D{0,5}\d{4}\s*", p.name) for p in data_dir.iterdir()):
        # nothing like a body file or a year folder, not even misnamed (ente.yml, "2025 "): no data folder at all
        issues.error(data_dir, None, "", f"non è una cartella dei dati: non ha né {BODY_FILE} né cartelle degli anni con {YEAR_FILE} "
                     "(indicare con --data la cartella dei dati, ad es. data; per cominciare: python -m generator init CARTELLA)")
        return None, issues
    with inventory.recording(data_dir) as record, sources.collecting() as notes:
        body = load_body(data_dir, issues)
        years = []
        # A folder with another name, or a link out of data/, is reported by the inventory.
        folders = sorted(
            (p for p in data_dir.iterdir() if re.fullmatch(r"[0-9]{4}", p.name) and p.is_dir() and inventory.within(data_dir, p) and (p / YEAR_FILE).is_file()),
            key=lambda p: p.name,
            reverse=True,
        )
        for empty in sorted(p for p in data_dir.iterdir() if re.fullmatch(r"[0-9]{4}", p.name) and p.is_dir() and not (p / YEAR_FILE).exists()):
            hint = f" (per crearlo: python -m generator new-year {empty.name})" if not any(
                not inventory.leftover(f.name) for f in empty.iterdir()) else ""  # files there: their own messages say what is wrong
            issues.warn(empty, None, "", f"cartella dell'anno senza {YEAR_FILE}: l'anno {empty.name} non è pubblicato{hint}")
        for folder in folders:
            if (yd := load_year(folder, issues)) is not None:
                years.append(yd)
            else:  # its performance.yaml could not be read: what the other files are for is unknown
                inventory.unjudged(folder)
        if not folders:
            issues.error(data_dir, None, "", f"nessun anno trovato: attesa almeno una cartella <anno>/{YEAR_FILE} (ad es. 2025/{YEAR_FILE})")
        documents = load_documents(data_dir, issues)
        for d in documents.documents if documents else ():
            if d.file:  # published by the build
                inventory.named(data_dir / d.file)
                inventory.claim(data_dir / d.file)
        inventory.report(data_dir, record, issues, LAYOUT)
        for path, line, message in notes:  # what the readers accepted but the editor should fix
            issues.warn(path, line, "", message)
    if issues.errors or body is None:
        return None, issues
    return Dataset(body, tuple(years), documents), issues


__all__ = ["load", "is_placeholder"]
