"""New data folders: `init` (a new body) and `new-year` (a year from the previous one).

`init_body(DIR)` writes the skeleton of a new body: `ente.yaml` with every fact
`da completare` and a planned year with one placeholder objective and an empty
Cruscotto di Ente (header row only), which validates (warnings only) and builds.

`new_year(DIR, YYYY)` copies the tree of the latest year before YYYY (areas,
perspectives, objectives, scorecards and their indicators) into a planned year:
actuals, published scores, resources, results and tables are dropped, deadline
targets move on by the years in between and are listed for review. The other
datasets of a year (budget, staff, bonuses, report sections) are not copied.
PyYAML does not keep comments: the new performance.yaml is re-emitted without
the comments of the old one.

Both stage their files in a temporary folder, check them with
`build.check`, and write into the data folder only when the check finds no
error. Helpers shared with the importer (deterministic YAML and CSV text,
staging, issue printing) live here too. Messages are in Italian.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import inventory
from . import targets as tg
from .fmt import plural
from .issues import Issues
from .load import BODY_FILE, YEAR_FILE
from .model import INDICATOR_COLUMNS, PLACEHOLDER, Body
from .sources import SourceError, read_table, read_yaml

# --- deterministic output -----------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists (as in the hand-written files)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ARG002
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def yaml_text(data: dict[str, Any], comment: str = "") -> str:
    """YAML with the keys in the given order, UTF-8 text as is, one value per line."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096)
    head = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    return head + body


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """CSV with a comma, minimal quoting and "\\n" line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


# --- staging: write only data that passes the check ---------------------------


@dataclass
class Outcome:
    """What a command did: lines to print (in order) and the exit code."""

    lines: list[str] = field(default_factory=list)
    code: int = 0

    def fail(self, message: str) -> "Outcome":
        self.lines.append(message)
        self.code = 1
        return self


def issue_lines(issues: Issues) -> list[str]:
    """Errors first, then warnings, each sorted by file and line (as `validate` prints them)."""
    key = lambda i: (i.file, i.line or 0)  # noqa: E731
    return [str(i) for i in sorted(issues.errors, key=key)] + [str(i) for i in sorted(issues.warnings, key=key)]


def check_summary(issues: Issues) -> str:
    e, w = len(issues.errors), len(issues.warnings)
    return f"{'Dati non validi' if e else 'Dati validi'}: {plural(e, 'errore', 'errori')}, {plural(w, 'avviso', 'avvisi')}"


def stage_and_check(data_dir: Path, year: int, files: dict[str, str]) -> list[str]:
    """Write `files` (paths relative to the year folder) next to a copy of ente.yaml in a
    temporary data folder and check it. Returns the errors, shown as if in `data_dir`."""
    from .check import check

    with tempfile.TemporaryDirectory(prefix="generator-") as tmp:
        root = Path(tmp) / "dati"
        (root / str(year)).mkdir(parents=True)
        shutil.copyfile(data_dir / BODY_FILE, root / BODY_FILE)
        _write(root / str(year), files)
        _, _, issues = check(root)
        shown = str(data_dir)
        return [str(i).replace(str(root), shown, 1) for i in sorted(issues.errors, key=lambda i: (i.file, i.line or 0))]


def _write(folder: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def final_check(data_dir: Path, out: Outcome) -> None:
    """Check the whole data folder after writing and report like `validate`."""
    from .check import check

    _, _, issues = check(data_dir)
    out.lines += issue_lines(issues)
    out.lines.append(check_summary(issues))
    if issues.errors:
        out.code = 1


# --- init ------------------------------------------------------------------------

_BODY_HEAD = """\
# L'ente. Sostituire ogni "da completare" con il dato vero:
# "python -m generator validate --data {data}" elenca quelli che mancano
# e il sito li mostra come "da completare" finché non sono scritti.
"""
_BODY_COMMENTS = {
    "nome": "nome completo, ad es. Comune di ...",
    "nome_breve": "nome breve, ad es. per il titolo delle pagine",
    "sito_web": "sito istituzionale dell'ente, ad es. https://www.example.it",
    "url_sito": "indirizzo pubblico di questo sito, ad es. https://trasparenza.example.it/",
    "codice_ipa": "codice nell'Indice dei domicili digitali della PA (IPA)",
    "dichiarazione_accessibilita": "indirizzo della dichiarazione di accessibilità (AgID)",
    "privacy": "indirizzo dell'informativa sul trattamento dei dati personali",
    "aggiornato": "data dell'ultimo aggiornamento (aaaa-mm-gg)",
}


def body_text(data_dir: Path, updated: date) -> str:
    """ente.yaml of a new body: every text field of the schema `da completare`, in schema order."""
    lines = []
    for name, f in Body.model_fields.items():
        key = f.alias or name
        if key == "aggiornato":
            value = updated.isoformat()
        elif f.annotation is str and (f.is_required() or f.default == PLACEHOLDER):
            value = PLACEHOLDER
        else:
            continue  # optional fields (e.g. sezioni_esterne) stay out until needed
        line = f"{key}: {value}"
        if key in _BODY_COMMENTS:
            line = f"{line:<44} # {_BODY_COMMENTS[key]}"
        lines.append(line + "\n")
    return _BODY_HEAD.format(data=data_dir) + "".join(lines)


_YEAR_TEMPLATE = """\
# Piano della Performance {year}: obiettivi e indicatori (i target, senza valori rilevati).
# Per riempirlo da un foglio di calcolo (Albero della Performance):
#   python -m generator import albero.xlsx --year {year} --data {data} --replace
anno: {year}
stato: pianificato             # pianificato (solo target) | rendicontato (con i valori rilevati)
aggiornato: {updated}
documento: Piano della Performance {year}
direzione_predefinita: crescente   # un target numerico senza segno ("24", "95%") è un minimo
obiettivi_strategici:
  - id: 1
    nome: da completare
schede:
  - id: ente
    tipo: ente
    nome: Cruscotto di Ente
    file: indicatori/ente.csv  # una riga per indicatore (per ora solo l'intestazione)
"""


def init_body(data_dir: Path, year: int, updated: date | None = None) -> Outcome:
    """Create the data folder of a new body. Refuses a folder that is not empty."""
    out = Outcome()
    updated = updated or date.today()
    if data_dir.exists() and not data_dir.is_dir():
        return out.fail(f"{data_dir}: esiste già e non è una cartella")
    if data_dir.is_dir() and any(data_dir.iterdir()):
        return out.fail(
            f"{data_dir}: la cartella non è vuota, init crea i dati di un nuovo ente solo in una cartella nuova o vuota "
            f"(per aggiungere un anno: python -m generator new-year ANNO --data {data_dir})"
        )
    files = {
        BODY_FILE: body_text(data_dir, updated),
        f"{year}/{YEAR_FILE}": _YEAR_TEMPLATE.format(data=data_dir, year=year, updated=updated.isoformat()),
        f"{year}/indicatori/ente.csv": csv_text(INDICATOR_COLUMNS, []),
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    _write(data_dir, files)
    out.lines.append(f"Creati {', '.join(str(data_dir / f) for f in files)}.")
    out.lines.append(
        f'Completare i campi "da completare" di {data_dir / BODY_FILE}; poi importare l\'Albero della Performance '
        f"(python -m generator import FILE --year {year} --data {data_dir} --replace) o scrivere obiettivi e indicatori "
        f"in {data_dir / str(year)}."
    )
    final_check(data_dir, out)
    return out


# --- new-year --------------------------------------------------------------------

YEAR_DROPPED = ("valutazione_pubblicata",)
OBJECTIVE_DROPPED = ("valutazione_pubblicata", "risorse", "risultati", "tabelle")
SCORECARD_DROPPED = ("valutazioni_pubblicate",)
CLEARED_COLUMNS = ("actual", "sal_pubblicato", "nota")
NOT_COPIED = ("bilancio/", "personale/", "premi.yaml", "relazione/")


def _read_rows(file: Path) -> list[list[str]]:
    """A CSV as the loader reads it (UTF-8, optional BOM, comma or semicolon): header, then records."""
    header, records = read_table(file)
    return [header, *(record for _, record in records)]


def _move_deadline(text: str, years: int) -> str | None:
    """`31/12/2025` → `31/12/2026` (for years=1); None if the target is not a deadline."""
    try:
        value = tg.parse_target(text)
    except tg.ValueError_:
        return None
    if value.kind is not tg.Kind.DATE or value.day is None:
        return None
    d = value.day
    try:
        moved = d.replace(year=d.year + years)
    except ValueError:  # 29/02 in a year that has none
        moved = d.replace(year=d.year + years, day=28)
    return moved.strftime("%d/%m/%Y")


def _csv_record(record: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(record)
    return buf.getvalue()


def _scorecard_csv(file: Path, years: int) -> tuple[str, list[tuple[int, str]]]:
    """The scorecard for the new year, and (line, message) for every moved deadline."""
    rows = _read_rows(file)
    header = [h.strip() for h in rows[0]] if rows else list(INDICATOR_COLUMNS)
    cleared = [i for i, h in enumerate(header) if h in CLEARED_COLUMNS]
    target = header.index("target") if "target" in header else None
    parts = [_csv_record(header)]
    line = 2  # line of the next record in the new file
    notes: list[tuple[int, str]] = []
    for record in rows[1:]:
        record = list(record)
        for i in cleared:
            if i < len(record):
                record[i] = ""
        if target is not None and target < len(record) and record[target].strip():
            moved = _move_deadline(record[target], years)
            if moved is not None:
                record[target] = moved
                notes.append((line, f"target a scadenza spostato al {moved}: da rivedere"))
        parts.append(_csv_record(record))
        line += parts[-1].count("\n")
    return "".join(parts), notes


def _new_document(document: str, old: int, new: int) -> str:
    """Same title, new year; a planned year publishes a Piano, not a Relazione."""
    text = document.replace(str(old), str(new))
    for relazione in ("Relazione sulla Performance", "Relazione sulla performance"):
        text = text.replace(relazione, "Piano della Performance")
    return text


def _latest_before(data_dir: Path, year: int) -> Path | None:
    years = [p for p in data_dir.iterdir() if p.is_dir() and p.name.isascii() and p.name.isdigit() and int(p.name) < year and (p / YEAR_FILE).is_file()]
    return max(years, key=lambda p: int(p.name)) if years else None


def new_year(data_dir: Path, year: int, updated: date | None = None) -> Outcome:
    """Scaffold `data_dir/<year>/` from the latest year before it."""
    out = Outcome()
    updated = updated or date.today()
    if not (data_dir / BODY_FILE).is_file():
        return out.fail(f'{data_dir / BODY_FILE}: file mancante: creare prima i dati dell\'ente con "python -m generator init {data_dir}"')
    target_dir = data_dir / str(year)
    if target_dir.exists() and (not target_dir.is_dir() or any(not inventory.leftover(f.name) for f in target_dir.iterdir())):
        # an empty folder (or one with only a .DS_Store) holds nothing to lose
        return out.fail(f"{target_dir}: la cartella dell'anno {year} esiste già: new-year non sovrascrive un anno")
    source = _latest_before(data_dir, year)
    if source is None:
        return out.fail(f"{data_dir}: nessun anno precedente al {year} (cartella <anno>/{YEAR_FILE}) da cui partire")
    old = int(source.name)
    src_file = source / YEAR_FILE
    try:
        doc = read_yaml(src_file)
    except SourceError as e:
        return out.fail(f"{src_file}:{e.line}: {e}" if e.line else f"{src_file}: {e}")
    data = doc.data
    if not isinstance(data, dict):
        return out.fail(f"{src_file}:1: il file deve contenere una mappa chiave: valore")

    later: list[tuple[tuple[Any, ...], str]] = []  # (YAML path in the new file, warning) once lines are known
    new: dict[str, Any] = dict(data)  # same keys, same order
    new["anno"] = year
    new["stato"] = "pianificato"
    new["aggiornato"] = updated
    if isinstance(data.get("documento"), str):
        new["documento"] = _new_document(data["documento"], old, year)
    for key in ("prospettive", "aree_strategiche"):
        if isinstance(new.get(key), list):
            new[key] = [{k: v for k, v in item.items() if k not in YEAR_DROPPED} if isinstance(item, dict) else item for item in new[key]]
    if isinstance(new.get("obiettivi_strategici"), list):
        objectives = []
        for i, item in enumerate(new["obiettivi_strategici"]):
            if isinstance(item, dict):
                item = {k: v for k, v in item.items() if k not in OBJECTIVE_DROPPED}
                if item.get("metodo") == "utilizzo_risorse":
                    del item["metodo"]
                    later.append((("obiettivi_strategici", i), f'obiettivo {item.get("id")}: tolto metodo: utilizzo_risorse '
                                  "perché le risorse non sono copiate (il punteggio torna la media degli indicatori): da rivedere"))
            objectives.append(item)
        new["obiettivi_strategici"] = objectives
    files: dict[str, str] = {}
    deadline_notes: list[tuple[str, int, str]] = []
    if isinstance(new.get("schede"), list):
        cards = []
        for i, card in enumerate(new["schede"]):
            if isinstance(card, dict):
                card = {k: v for k, v in card.items() if k not in SCORECARD_DROPPED}
                rel = card.get("file")
                if isinstance(rel, str) and ".." in Path(rel).parts:
                    return out.fail(f'{src_file}:{doc.line(("schede", i, "file"))}: schede[{i}].file: "{rel}": atteso un file dentro {source}')
                if isinstance(rel, str) and rel not in files:
                    csv_file = source / rel
                    if not csv_file.is_file():
                        return out.fail(f'{src_file}:{doc.line(("schede", i, "file"))}: schede[{i}].file: "{rel}": file non trovato in {source}')
                    try:
                        files[rel], notes = _scorecard_csv(csv_file, year - old)
                    except SourceError as e:
                        return out.fail(f"{csv_file}: {e}")
                    deadline_notes += [(rel, line, msg) for line, msg in notes]
            cards.append(card)
        new["schede"] = cards
    files = {YEAR_FILE: yaml_text(new, _year_comment(year, old)), **files}

    errors = stage_and_check(data_dir, year, files)
    if errors:
        out.lines += errors
        return out.fail(f"Controllo dei dati non superato: nessun file scritto in {target_dir}.")
    _write(target_dir, files)

    new_doc = read_yaml(target_dir / YEAR_FILE)
    warnings = Issues(root=data_dir)
    for path, msg in later:
        warnings.warn(target_dir / YEAR_FILE, new_doc.line(path), "", msg)
    for rel, line, msg in deadline_notes:
        warnings.warn(target_dir / rel, line, "", msg)
    out.lines.append(
        f"Creato {target_dir} a partire dal {old}: {YEAR_FILE} e "
        f"{plural(len(files) - 1, 'scheda', 'schede')} ({', '.join(list(files)[1:])})."
    )
    skipped = [name for name in NOT_COPIED if (source / name.rstrip("/")).exists()]
    out.lines.append(
        "Tolti: valutazioni pubblicate, risorse, risultati e tabelle degli obiettivi; svuotate le colonne "
        f"{', '.join(CLEARED_COLUMNS)}."
        + (f" Non copiati: {', '.join(skipped)} (dati propri di ogni anno)." if skipped else "")
        + f" I commenti di {source / YEAR_FILE} non sono riportati."
    )
    out.lines += issue_lines(warnings)
    final_check(data_dir, out)
    return out


def _year_comment(year: int, old: int) -> str:
    return (
        f"Performance {year}, creato con \"python -m generator new-year\" dal {old}.\n"
        "Aggiornare obiettivi, schede e target; lasciare vuota la colonna actual\n"
        "fino all'adozione della Relazione (poi stato: rendicontato)."
    )


__all__ = ["init_body", "new_year", "yaml_text", "csv_text", "Outcome"]
