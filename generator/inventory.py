"""An inventory of the data folder: every file is either read or reported.

The loaders are the source of truth of what is read: while `load` runs, the
readers of `sources.py` record every file they open (`opening`), and the
loaders record what they handle without reading it (`claim`: a document to
publish, a file they already reported) and every path the data names
(`named`: a scorecard's `file`, a bilancio's CSV, ...), present or not.
`findings` (pure) compares that record with the files found under the folder
and returns what to report:

- an error for a near-miss of a name that is read (`performance.yml`,
  `ENTE.YAML`, `indicatori/ente.CSV` where a scorecard names `ente.csv`, a year
  folder called `anno2025`), saying which name is expected;
- a warning for a CSV that nothing names, a document `documenti.yaml` does not
  list, or any other file or folder the generator does not read;
- nothing for system and editor leftovers (`LEFTOVERS`).

Warnings about a file that would be named by a file with errors (a CSV of a
`performance.yaml` that could not be read) are left out: they would be wrong,
and the error already stops the build.

`inside` is the one check of a path from the data: no absolute path, no `..`,
and no symbolic link that leads out of the data folder.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .issues import Issues

# --- leftovers ----------------------------------------------------------------

# System and editor leftovers, skipped without a word (README: "Quali file legge").
LEFTOVERS = (
    ".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini",  # Finder, Windows Explorer
    "~$*",  # Microsoft Office lock files
    ".~lock.*#",  # LibreOffice lock files
    "._*", "__MACOSX",  # macOS resource forks on a USB stick or in a zip
    "*~", "*.swp", "*.swo", ".#*", "#*#",  # editor backups, Vim swap files, Emacs locks and autosaves
    ".git*",  # .git, .gitignore, .gitkeep, .gitattributes
)


def leftover(name: str) -> bool:
    """A file or folder name that no editor wrote on purpose."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in LEFTOVERS)


# --- paths from the data ---------------------------------------------------------

_EXPECTED = "atteso un percorso relativo dentro la cartella dei dati, senza \"/\" iniziale né \"..\""


def path_problem(value: str) -> str | None:
    """Why a path written in a data file is not allowed (text only), or None."""
    parts = re.split(r"[/\\]", value)
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return f"percorso assoluto non ammesso ({_EXPECTED})"
    if ".." in parts:
        return f"\"..\" non ammesso: il percorso uscirebbe dalla cartella ({_EXPECTED})"
    if "\\" in value:
        return "separatore \"\\\" non ammesso: usare \"/\" (ad es. indicatori/ente.csv)"
    return None


def _real(path: Path | str) -> Path | None:
    """`path` with every symbolic link followed; None when the system will not say (a link into /proc, a folder not readable)."""
    try:
        return Path(os.path.realpath(path))
    except OSError:
        return None


def _link(path: Path) -> str:
    """Where a symbolic link says it leads, or "?" when the system will not say."""
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def within(root: Path, path: Path) -> bool:
    """Whether `path`, once every symbolic link is followed, stays inside `root`."""
    real = _real(path)
    return real is not None and real.is_relative_to(os.path.realpath(root))


_LINK_OUT = "collegamento simbolico che porta fuori dalla cartella dei dati"


def inside(data_dir: Path, rel: str, base: Path | None = None) -> str | None:
    """Why the path field `rel` (relative to `base`, by default `data_dir`) may not be used, or None.

    The one check for every path field (scorecard `file`, bilancio and personale
    `file`/`totali_stampati`, relazione `tabella`, documenti `file`): the caller
    reports `"<rel>": <message>` with the file, line and field.
    """
    if why := path_problem(rel):
        return why
    if not within(data_dir, (base or data_dir) / rel):
        if (record := _RECORD.get()) is not None:  # reported here, with its line: not again by the inventory
            record.refused.add(_abs((base or data_dir) / rel))
        return f"il file è un {_LINK_OUT}: non è letto né pubblicato (copiare il file dentro la cartella)"
    return None


# --- what the loaders read -------------------------------------------------------


@dataclass
class Record:
    """What the loaders did with the files of one data folder (absolute, symbolic links not followed)."""

    root: Path
    handled: set[Path] = field(default_factory=set)  # read, published, or already reported
    named: set[Path] = field(default_factory=set)  # named by the data or looked for, present or not
    refused: set[Path] = field(default_factory=set)  # not opened, and reported: they lead out of the folder
    unjudged: set[Path] = field(default_factory=set)  # folders the loaders could not go through


_RECORD: ContextVar[Record | None] = ContextVar("inventory_record", default=None)


def _abs(path: Path) -> Path:
    return Path(os.path.abspath(path))


@contextmanager
def recording(data_dir: Path) -> Iterator[Record]:
    """Record, while loading `data_dir`, what the loaders read, name and handle."""
    record = Record(_abs(data_dir))
    token = _RECORD.set(record)
    try:
        yield record
    finally:
        _RECORD.reset(token)


def opening(path: Path) -> str | None:
    """Called by the readers before opening `path`: records it; says why it must not be opened."""
    record = _RECORD.get()
    if record is None:
        return None
    record.handled.add(_abs(path))
    if not within(record.root, path):
        record.refused.add(_abs(path))
        return f"{_LINK_OUT} ({_real(path) or _link(path)}): non è letto (copiare il file dentro la cartella)"
    return None


def claim(path: Path) -> None:
    """The loaders handle `path` without reading it (a document to publish, a file already reported)."""
    if (record := _RECORD.get()) is not None:
        record.handled.add(_abs(path))


def unjudged(folder: Path) -> None:
    """The loaders could not tell what the files of `folder` are for (the file that says it has errors)."""
    if (record := _RECORD.get()) is not None:
        record.unjudged.add(_abs(folder))


def named(path: Path) -> None:
    """The data names `path` (or the loaders look for it): a near-miss of it is an error."""
    if (record := _RECORD.get()) is not None:
        record.named.add(_abs(path))


# --- the folder as found ------------------------------------------------------------


@dataclass
class Scan:
    files: list[str]  # data-relative POSIX paths of regular files (and links to files inside)
    escaping: list[tuple[str, str]]  # (link, where it leads) for links leading out of the folder
    broken: list[str]  # links to nothing
    unreadable: list[str] = field(default_factory=list)  # folders the system does not let the build list
    special: list[str] = field(default_factory=list)  # neither file nor folder: a pipe, a socket, a device


def scan(data_dir: Path) -> Scan:
    """Every file under `data_dir`; links are followed only while they stay inside it."""
    root = Path(os.path.realpath(data_dir))
    out = Scan([], [], [])
    seen: set[str] = set()

    def walk(folder: Path, rel: PurePosixPath) -> None:
        real = os.path.realpath(folder)
        if real in seen:  # a link back to a folder already listed
            return
        seen.add(real)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            out.unreadable.append(rel.as_posix())
            return
        for entry in entries:
            if leftover(entry.name):
                continue
            path, name = Path(entry.path), (rel / entry.name).as_posix()
            if entry.is_symlink():
                target = _real(path)
                if target is None or not target.is_relative_to(root):
                    out.escaping.append((name, _link(path)))
                    continue
                if not target.exists():
                    out.broken.append(name)
                    continue
            if entry.is_dir():
                walk(path, rel / entry.name)
            elif entry.is_file():
                out.files.append(name)
            else:
                out.special.append(name)

    walk(data_dir, PurePosixPath())
    return out


# --- what to report (pure) -------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """A folder of a year whose files are named by one data file, e.g. bilancio/ by bilancio/bilancio.yaml."""

    folder: str  # relative to the year folder; "" for the rest of the year (scorecards)
    file: str  # relative to the year folder; a glob for several files (relazione/*.yaml)
    what: str  # what an unnamed CSV there is ("CSV", "tabella")
    by: str  # who would name it, with the field


@dataclass(frozen=True)
class Layout:
    """Where the loaders look: the fixed names (from the loaders' constants)."""

    top: tuple[str, ...]  # files at the top of the data folder (ente.yaml, documenti.yaml)
    year: tuple[str, ...]  # files of a year folder (performance.yaml, premi.yaml, bilancio/bilancio.yaml, ...)
    year_globs: tuple[str, ...]  # files of a year folder read by pattern (relazione/*.yaml)
    owners: tuple[Owner, ...]  # who names the CSVs of a year's folders (the last: the year's own file)
    documents: tuple[str, str]  # folder of the documents, and the file that lists them


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # data-relative POSIX path of a file or folder
    error: bool
    message: str


_YEAR = re.compile(r"[0-9]{4}")
_SPREADSHEETS = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
_NOT_SHOWN = "il suo contenuto non compare nel sito"


def _canon(part: str) -> str:
    """A name as an editor may mistype it: case, spaces around, .yml for .yaml."""
    c = part.strip().casefold()
    return c[: -len(".yml")] + ".yaml" if c.endswith(".yml") else c


def _canon_path(path: str) -> str:
    return "/".join(_canon(p) for p in path.split("/"))


def _parents(path: str) -> Iterator[str]:
    parts = path.split("/")
    for i in range(1, len(parts)):
        yield "/".join(parts[:i])


def _rel_to(path: str, folder: str) -> str:
    return path.removeprefix(folder + "/") if folder else path


def findings(files: Iterable[str], handled: set[str], named: set[str], failed: set[str], layout: Layout,
             unjudged: Iterable[str] = ()) -> list[Finding]:
    """What to report about the files found (data-relative POSIX paths), given what the loaders did.

    `handled`: files read or otherwise handled; `named`: paths the data names
    (present or not); `failed`: files with errors (the files they name are unknown);
    `unjudged`: folders whose files' use is unknown (a year whose performance.yaml
    could not be read): only near-misses are reported there.
    """
    unjudged = tuple(unjudged)
    files = sorted(f for f in files if not any(leftover(p) for p in f.split("/")))
    present = set(files)
    years = sorted({f.split("/")[0] for f in files if "/" in f and _YEAR.fullmatch(f.split("/")[0])})
    docs_dir, docs_file = layout.documents
    expected = set(named) | set(handled) | set(layout.top)
    expected |= {f"{y}/{name}" for y in years for name in layout.year}
    known_dirs = {docs_dir, *years} | {d for p in expected for d in _parents(p)}
    known_dirs |= {f"{y}/{d}" for y in years for g in layout.year_globs for d in _parents(g)}
    by_canon: dict[str, str] = {}
    for p in sorted(expected):
        by_canon.setdefault(_canon_path(p), p)
    dirs_by_canon = {_canon_path(d): d for d in sorted(known_dirs)}
    fixed = {PurePosixPath(n).name: n for n in (*layout.top, *layout.year)}
    missing_named = {PurePosixPath(p).name.casefold(): p for p in named if p not in present}

    def owner_failed(f: str) -> bool:
        """Whether the file that would name `f` could not be understood (its errors are reported)."""
        if any(f.startswith(u + "/") for u in unjudged):
            return True
        parts = f.split("/")
        if parts[0] == docs_dir:
            return any(_canon_path(x) == docs_file for x in failed)
        if not _YEAR.fullmatch(parts[0]) or len(parts) < 2:
            return False
        year = parts[0]
        owner = _owner(_rel_to(f, year), layout)
        if not any(fnmatch.fnmatchcase(_canon_path(_rel_to(x, year)), owner.file) for x in failed if x.startswith(year + "/")):
            return False
        # It has errors (or is a near-miss): one of several (relazione/*.yaml) may name any file;
        # a single one was understood if it still named files of its folder.
        return "*" in owner.file or not any(_owner(_rel_to(n, year), layout) == owner for n in named if n.startswith(year + "/"))

    out: list[Finding] = []
    reported_dirs: set[str] = set()
    pending: list[str] = []  # files that no near-miss rule explains: judged once every near-miss is known
    for f in files:
        if f in handled:
            continue
        # A folder that is not read: once for the folder, not for each file in it.
        # (A folder inside a year that is not a near-miss: its files are judged one by one.)
        if any(f.startswith(r + "/") for r in reported_dirs):
            continue
        stray = next((d for d in _parents(f) if d not in known_dirs), None)
        if stray is not None and ("/" not in stray or _canon_path(stray) in dirs_by_canon):
            reported_dirs.add(stray)
            out.append(_folder(stray, [x for x in files if x.startswith(stray + "/")], dirs_by_canon, layout))
            continue
        # A near-miss of a name that is read, or a known name in the wrong place.
        target = by_canon.get(_canon_path(f))
        year = f.split("/")[0] if "/" in f and _YEAR.fullmatch(f.split("/")[0]) else None
        folder = str(PurePosixPath(f).parent) if "/" in f else ""
        if target is None and year:
            rest = _canon_path(_rel_to(f, year))
            if any(fnmatch.fnmatchcase(rest, g) for g in layout.year_globs):
                target = f"{folder}/{PurePosixPath(rest).name}"
        if target is not None and target != f:
            also = " (quello c'è già: questo file è ignorato, toglierlo)" if target in present else ""
            if not also and target in named and PurePosixPath(target).name not in fixed:  # a name the data chose, written differently
                out.append(Finding(f, True, f'nome del file non riconosciuto: i dati indicano "{_rel_to(target, folder)}", che differisce '
                                            "solo per maiuscole, accenti o spazi: correggere il campo file che lo indica, oppure rinominare il file"))
                continue
            out.append(Finding(f, True, f'nome del file non riconosciuto: il generatore legge "{_rel_to(target, folder)}"{also or " (rinominare il file)"}'))
            continue
        base = _canon(PurePosixPath(f).name)
        if base in fixed and target is None:
            want = fixed[base]
            if want in layout.top:
                where = want
            else:
                where = f"{year}/{want}" if year else f"<anno>/{want} (ad es. {years[-1] if years else '2025'}/{want})"
            out.append(Finding(f, True, f'file fuori posto: il generatore legge "{where}"'))
            continue
        if base in missing_named and missing_named[base].split("/")[0] == f.split("/")[0]:
            out.append(Finding(f, True, f'file fuori posto: i dati indicano "{missing_named[base]}", che non c\'è'))
            continue
        pending.append(f)
    failed = failed | {x.path for x in out if x.error}
    for f in pending:
        if owner_failed(f):
            continue
        message = _unread(f, f.split("/")[0] if _YEAR.fullmatch(f.split("/")[0]) else None, layout)
        folder, name = (f.rsplit("/", 1) if "/" in f else ("", f))
        absent = [n.rsplit("/", 1)[-1] for n in named if n not in present and (n.rsplit("/", 1)[0] if "/" in n else "") == folder]
        if close := difflib.get_close_matches(name, absent, n=1, cutoff=0.75):
            message += f' (forse è questo il file "{close[0]}" che i dati indicano e che non c\'è?)'
        out.append(Finding(f, False, message))
    return sorted(out)


def _owner(rest: str, layout: Layout) -> Owner:
    return next(o for o in layout.owners if not o.folder or rest.startswith(o.folder + "/"))


def _unread(f: str, year: str | None, layout: Layout) -> str:
    """Why a file that nothing reads is reported, and what it means for the site."""
    docs_dir, docs_file = layout.documents
    suffix = PurePosixPath(f).suffix.casefold()
    if f.startswith(docs_dir + "/"):
        return f"documento non elencato in {docs_file} (campo file): non è pubblicato nel sito"
    if suffix in _SPREADSHEETS:
        return f'foglio di calcolo non letto: il generatore legge i CSV (salvarlo come "CSV UTF-8"); {_NOT_SHOWN}'
    if suffix == ".csv" and year:
        owner = _owner(_rel_to(f, year), layout)
        return f"{owner.what} non usat{'a' if owner.what == 'tabella' else 'o'}: {owner.by.format(year=year)}; {_NOT_SHOWN}"
    return f"file non letto dal generatore: {_NOT_SHOWN}"


def _folder(stray: str, inside_files: list[str], dirs_by_canon: dict[str, str], layout: Layout) -> Finding:
    """A folder whose name is not read: a near-miss is an error, anything else a warning."""
    name = stray.rsplit("/", 1)[-1]
    if (want := dirs_by_canon.get(_canon_path(stray))) is not None:
        return Finding(stray, True, f'nome della cartella non riconosciuto: il generatore legge "{want.rsplit("/", 1)[-1]}" (il suo contenuto non è letto)')
    year_file = {_canon(n) for n in layout.year if "/" not in n}
    holds_year = any("/" not in _rel_to(f, stray) and _canon(_rel_to(f, stray)) in year_file for f in inside_files)
    if "/" not in stray and holds_year:
        m = re.fullmatch(r"\D*([0-9]{4})\D*", name.strip())
        hint = f'"{m.group(1)}"' if m else 'l\'anno, ad es. "2025"'
        return Finding(stray, True, f'la cartella "{name}" non è letta: la cartella di un anno deve chiamarsi con l\'anno ({hint})')
    n = len(inside_files)
    return Finding(stray, False, f"cartella non letta dal generatore ({n} file): {_NOT_SHOWN}")


# --- reporting (I/O) ----------------------------------------------------------------


def report(data_dir: Path, record: Record, issues: Issues, layout: Layout) -> None:
    """Scan `data_dir` and add to `issues` every link out of it and every file the loaders left."""
    found = scan(data_dir)
    root = record.root

    def rel(paths: set[Path]) -> set[str]:
        return {p.relative_to(root).as_posix() for p in paths if p.is_relative_to(root)}

    refused = rel(record.refused)  # already reported by the reader or the path field that refused it
    named = rel(record.named)
    for link, target in found.escaping:
        if link not in refused:
            issues.error(data_dir / link, None, "", f'{_LINK_OUT} ("{target}"): non è ammesso (copiare il file dentro la cartella dei dati)')
    for link in found.broken:
        issues.warn(data_dir / link, None, "", "collegamento simbolico a un file che non esiste: non è letto")
    for name in found.special:
        issues.warn(data_dir / name, None, "", "non è un file (è una pipe, un socket o un dispositivo): non è letto")
    for folder in found.unreadable:
        issues.error(data_dir / folder, None, "", "cartella che il sistema non permette di leggere: non è letta (controllarne i permessi)")
    shown = PurePosixPath(issues.rel(data_dir))
    failed = set()
    for issue in issues.errors:
        path = PurePosixPath(issue.file)
        if path.is_relative_to(shown):
            failed.add(path.relative_to(shown).as_posix())
    for f in findings(found.files, rel(record.handled), named, failed, layout, rel(record.unjudged)):
        (issues.error if f.error else issues.warn)(data_dir / f.path, None, "", f.message)
