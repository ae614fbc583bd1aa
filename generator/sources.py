"""Reading editors' files while remembering where every value came from.

`read_yaml` returns the plain data and a map from field path
(`("obiettivi_strategici", 2, "nome")`) to its line, so that every problem can
name its line. `read_csv` returns rows with their line numbers.

Every file goes through one safe reader, `read_text`: a size limit per kind
of file, UTF-8 with or without BOM (Windows-1252 read with a warning when it
decodes cleanly; UTF-16 and anything else refused with how to save it), and
no NUL or control characters (the chart renderer aborts on them). YAML is read
strictly: no aliases (they expand before anything can be checked: the "billion
laughs"), no octal or sexagesimal numbers, no `.inf`/`.nan`, only
true/false as booleans; a value such as `0577 123456` or `02.01` stays text.
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from . import inventory

Loc = tuple[str | int, ...]


class SourceError(Exception):
    """A file that cannot be read at all (syntax); message in Italian."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        super().__init__(message)


MB = 1024 * 1024
LIMITS = {".yaml": 2 * MB, ".yml": 2 * MB, ".csv": 5 * MB}  # far above any real year (the sample: 60 KB)

# C0 controls except tab, line feed and carriage return; DEL; C1 controls (also what cp1252 leaves unmapped)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embeddings, overrides and isolates: text shown in another order

Note = tuple[Path, "int | None", str]
_NOTES: ContextVar[dict[Note, None] | None] = ContextVar("reader_notes", default=None)


@contextmanager
def collecting() -> Iterator[dict[Note, None]]:
    """Collect, while loading, the readers' warnings (file, line, message), each once."""
    notes: dict[Note, None] = {}
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def _note(path: Path, line: int | None, message: str) -> None:
    if (notes := _NOTES.get()) is not None:
        notes[(path, line, message)] = None


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _utf16_text(raw: bytes) -> bool:
    """Whether BOM-less bytes full of NULs are UTF-16 text rather than a binary file."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = raw[: len(raw) // 2 * 2].decode(codec)
        except UnicodeDecodeError:
            continue
        if text and sum(c.isprintable() or c in "\t\r\n" for c in text) > 0.95 * len(text):
            return True
    return False


def read_text(path: Path) -> str:
    """The text of an editor's file, or a SourceError that says what is wrong and how to fix it."""
    if why := inventory.opening(path):  # recorded for the inventory of data/; never a file outside it
        raise SourceError(None, why)
    limit = LIMITS.get(path.suffix.lower(), 2 * MB)
    with path.open("rb") as f:
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise SourceError(None, f"file troppo grande (oltre {limit // MB} MB): un anno di dati ne occupa molto meno; controllare che sia il file giusto")
    save_as = '"CSV UTF-8"' if path.suffix.lower() == ".csv" else "UTF-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and raw.count(b"\x00") > len(raw) // 4):
        if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not _utf16_text(raw):
            raise SourceError(None, "il file non è di testo (contiene byte nulli: forse un'immagine o un file binario rinominato): "
                                    f"salvare i dati come {save_as}")
        raise SourceError(None, f"il file è in UTF-16 (\"Unicode\"): salvarlo come {save_as}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # spreadsheets and Notepad save UTF-8 with a BOM
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceError(line, f"il file non è in UTF-8 né in Windows-1252 (byte 0x{raw[e.start]:02x}): salvarlo come {save_as}") from None
        if bad := _CONTROL.search(text):
            raise SourceError(_line_at(text, bad.start()), f"il file non è in UTF-8 (byte 0x{raw[e.start]:02x}): salvarlo come {save_as}")
        _note(path, line, f"il file è in Windows-1252, non in UTF-8: letto lo stesso; salvarlo come {save_as} (alla riga {line} il primo carattere accentato)")
    if bad := _CONTROL.search(text):
        char = bad.group()
        what = "carattere NUL" if char == "\x00" else f"carattere di controllo U+{ord(char):04X}"
        raise SourceError(_line_at(text, bad.start()), f"{what} non ammesso (spesso resto di un copia e incolla o di un file binario): toglierlo")
    if bad := _BIDI.search(text):
        raise SourceError(_line_at(text, bad.start()), f"carattere invisibile U+{ord(bad.group()):04X}, che cambia la direzione del testo, non "
                                                       "ammesso: farebbe leggere un testo diverso da quello scritto; toglierlo")
    return text


@dataclass
class YamlDoc:
    data: Any
    lines: dict[Loc, int]

    def line(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: same results, faster


class _Loader(_SafeBase):  # type: ignore[misc, valid-type]
    pass


# YAML 1.1 reads "no", "si", "on" as booleans, 2025-01-01 as a date, 0577123 as an
# octal number, 1:30 as sexagesimal and .inf/.nan as numbers. Let only true/false be
# booleans, only plain decimals be numbers, and leave the rest as text: the schema
# parses dates and reports an impossible one (2026-13-01) with its line.
_DROPPED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in _DROPPED]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789")
)


def _walk(node: yaml.Node, loader: _Loader, loc: Loc, lines: dict[Loc, int], seen: set[int], line: int = 1) -> Any:
    # An alias is the same node met twice: refused before it expands (no "billion laughs").
    if id(node) in seen:
        raise SourceError(line, "alias YAML (*nome) non ammesso: scrivere il valore per esteso")
    seen.add(id(node))
    if len(loc) > _MAX_DEPTH:
        raise SourceError(node.start_mark.line + 1, f"troppi livelli annidati (oltre {_MAX_DEPTH}): i dati ne usano pochi")
    lines[loc] = node.start_mark.line + 1
    if node.tag not in _ALLOWED_TAGS:
        raise SourceError(node.start_mark.line + 1, f'etichetta YAML "{node.tag}" non ammessa: scrivere il valore semplice')
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k, v in node.value:
            if isinstance(k, (yaml.MappingNode, yaml.SequenceNode)):
                raise SourceError(k.start_mark.line + 1, "una chiave deve essere un testo, non un elenco o una mappa")
            key = loader.construct_object(k, deep=True)
            if key in out:
                raise SourceError(k.start_mark.line + 1, f'chiave "{key}" ripetuta')
            out[key] = _walk(v, loader, (*loc, key), lines, seen, k.start_mark.line + 1)
            lines[(*loc, key)] = k.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(v, loader, (*loc, i), lines, seen, v.start_mark.line + 1) for i, v in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


_MAX_DEPTH = 32  # the deepest real structure (a table row in a section) is 6
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}

# What the YAML parser says (PyYAML or libyaml, in English) → what the editor reads.
_YAML_PROBLEMS = (
    ("nesting depth", "troppi livelli annidati di parentesi: i dati ne usano pochi"),
    ("tab", "tabulazione non ammessa per il rientro: usare spazi"),
    ("mapping values are not allowed", "due punti non ammessi qui: un testo che contiene \": \" va scritto tra virgolette"),
    ("cannot start any token", "carattere non ammesso all'inizio di un valore (una tabulazione, o @ e ` che vanno tra virgolette)"),
    ("end of stream", "virgolette o parentesi non chiuse fino alla fine del file"),
    ("unknown escape", "sequenza con \\ non valida tra virgolette doppie: usare le virgolette singole"),
    ("single document", "il file contiene più documenti separati da ---: lasciarne uno solo"),
    ("alias", "alias YAML (*nome) non ammesso: scrivere il valore per esteso"),
    ("anchor", "ancora YAML (&nome) non valida"),
    ("expected ':'", "manca \":\" dopo la chiave, o un testo su più righe va tra virgolette"),
    ("expected ','", "parentesi quadra o graffa non chiusa, o virgola mancante"),
    ("expected key", "rientro non coerente con le righe precedenti"),
    ("block end", "rientro non coerente con le righe precedenti"),
    ("node content", "valore mancante o rientro non coerente"),
)


def _yaml_problem(problem: str) -> str:
    text = problem.lower()
    for key, message in _YAML_PROBLEMS:
        if key in text:
            return f"YAML non valido: {message}"
    return "YAML non valido: controllare rientri, due punti e virgolette di questa riga"


def _open_quote(text: str, upto: int | None) -> int | None:
    """The first line before `upto` with an odd number of double quotes outside a comment (an unclosed quote)."""
    for n, line in enumerate(text.splitlines()[: upto or None], 1):
        if line.lstrip().startswith("#"):
            continue
        code = re.sub(r'\\.', "", line)  # escaped characters inside double quotes
        quotes = [m.start() for m in re.finditer('"', code)]
        comment = next((m.start() for m in re.finditer(r"\s#", code) if sum(q < m.start() for q in quotes) % 2 == 0), len(code))
        if sum(q < comment for q in quotes) % 2:
            return n if upto is None or n < upto else None
    return None


def read_yaml(path: Path) -> YamlDoc:
    text = read_text(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        if (opened := _open_quote(text, line)) is not None:  # the cause, not where the parser noticed it
            raise SourceError(opened, 'YAML non valido: virgolette " aperte in questa riga e non chiuse: chiuderle sulla stessa riga') from None
        raise SourceError(line, _yaml_problem(f"{e.context} {e.problem}")) from None
    finally:
        loader.dispose()
    if node is None:
        return YamlDoc({}, {(): 1})
    lines: dict[Loc, int] = {}
    loader = _Loader(text)
    try:
        data = _walk(node, loader, (), lines, set())
    except yaml.YAMLError as e:
        line = e.problem_mark.line + 1 if getattr(e, "problem_mark", None) else None
        raise SourceError(line, _yaml_problem(f"{getattr(e, 'context', '')} {getattr(e, 'problem', '')}")) from None
    finally:
        loader.dispose()
    return YamlDoc(data, lines)


@dataclass
class CsvRow:
    line: int
    cells: dict[str, str]


def delimiter(text: str) -> str:
    """The separator of a CSV, from its header line: the one rule of every reader of the data's CSVs.

    A tab in the header is never text; a ";" as frequent as "," is the separator ("Spesa (migliaia, euro)" is one cell).
    """
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return "\t" if "\t" in first else (";" if ";" in first and first.count(";") >= first.count(",") else ",")


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) rows of a UTF-8 CSV saved by a person or a spreadsheet.

    Accepts a BOM and a comma, semicolon or tab separator (a tab if the header
    has one, else ";" when at least as frequent as ","); blank rows and the
    empty columns a spreadsheet leaves at the right are skipped; a
    repeated column name is an error (a second column would silently win), and so
    is a row with fewer cells than the header or with more non-empty ones (every
    value would land in another column), and a quote left open.
    """
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceError(1, "file vuoto: manca la riga di intestazione") from None
    width = len(header)  # a row may have as many cells as the header as written, no more
    while len(header) > 1 and not header[-1]:  # "a,b,c,,": the columns Excel saves at the right of the table
        header.pop()
    if "" in header[1:]:  # the first may be blank: a table's row labels
        raise SourceError(1, f"colonna {header.index('', 1) + 1} senza nome nell'intestazione: scriverne il nome o toglierla")
    repeated = [h for i, h in enumerate(header) if h and h in header[:i]]
    if repeated:
        raise SourceError(1, f'colonna "{repeated[0]}" ripetuta nell\'intestazione')
    rows = []
    line = 1
    records = iter(reader)
    while True:
        start = line + 1
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as e:
            if "end of data" in str(e):
                raise SourceError(start, "virgolette non chiuse: la cella aperta qui ingloba tutte le righe fino alla fine del file; chiudere le virgolette") from None
            raise SourceError(start, 'virgolette fuori posto in questa riga: una cella tra virgolette deve finire con le virgolette, '
                              'seguite dal separatore (per scriverne una dentro la cella, raddoppiarla: "")') from None
        line = reader.line_num
        if not any(c.strip() for c in record):
            continue
        if len(record) != len(header) and (swallowed := next((c for c in record if "\n" in c), None)):
            raise SourceError(start, f'virgolette non chiuse: la cella che inizia con "{_shorten(swallowed)}" ingloba le righe fino alla {line}; chiudere le virgolette')
        if len(record) < len(header):
            raise SourceError(start, f"{cells_vs_columns(len(record), len(header))}: manca una cella (ogni valore dopo finirebbe nella colonna sbagliata)")
        if len(record) > len(header) and (extra := [c for c in record[len(header):] if c.strip()]):
            raise SourceError(start, f"{cells_vs_columns(len(record), len(header))} (cella in più: \"{_shorten(extra[0])}\")")
        if len(record) > width:  # "1,X01,€ 140.000,00,": a comma not in quotes moved every value after it by one column
            comma = ' (una virgola non tra virgolette, ad es. in "140.000,00"?)' if reader.dialect.delimiter == "," else ""
            raise SourceError(start, f"{cells_vs_columns(len(record), len(header))}: un separatore in più{comma} sposta ogni valore "
                              "dopo di esso nella colonna successiva" + ("; scrivere tra virgolette i valori con la virgola" if comma else ""))
        rows.append((start, record[: len(header)]))  # cells beyond the header are empty (checked above)
    return header, rows


def cells_vs_columns(cells: int, columns: int) -> str:
    return f"{cells} {'cella' if cells == 1 else 'celle'} ma {columns} {'colonna' if columns == 1 else 'colonne'} nell'intestazione"


def _shorten(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def read_csv(path: Path, columns: list[str], required: set[str]) -> list[CsvRow]:
    """Rows of a UTF-8 CSV with a header; unknown or missing columns are errors."""
    header, records = read_table(path)
    unknown = [h for h in header if h not in columns]
    if unknown:
        raise SourceError(1, f'colonna sconosciuta "{unknown[0]}" (colonne ammesse: {", ".join(columns)})')
    missing = [c for c in columns if c in required and c not in header]
    if missing:
        raise SourceError(1, f'manca la colonna obbligatoria "{missing[0]}"')
    rows = []
    for start, record in records:
        cells = {h: record[i].strip() for i, h in enumerate(header)}
        rows.append(CsvRow(start, cells))
    return rows
