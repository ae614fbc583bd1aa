"""Reading editors' files while remembering where every value came from.

`read_yaml` returns the plain data and a map from field path
(`("obiettivi_strategici", 2, "nome")`) to its line, so that every problem can
name its line. `read_csv` returns rows with their line numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import inventory

Loc = tuple[str | int, ...]


class SourceError(Exception):
    """A file that cannot be read at all (syntax); message in Italian."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        super().__init__(message)


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


class _Loader(yaml.SafeLoader):
    pass


# YAML 1.1 reads "no", "si", "on" as booleans and 2025-01-01 as a date. Let only
# true/false be booleans, and leave dates as text: the schema parses them and
# reports an impossible date (2026-13-01) with its line like any other error.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _walk(node: yaml.Node, loader: _Loader, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k, v in node.value:
            key = loader.construct_object(k, deep=True)
            if key in out:
                raise SourceError(k.start_mark.line + 1, f'chiave "{key}" ripetuta')
            out[key] = _walk(v, loader, (*loc, key), lines)
            lines[(*loc, key)] = k.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(v, loader, (*loc, i), lines) for i, v in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def read_yaml(path: Path) -> YamlDoc:
    if why := inventory.opening(path):  # recorded for the inventory of data/; never a file outside it
        raise SourceError(None, why)
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise SourceError(line, f"YAML non valido: {e.problem}") from None
    finally:
        loader.dispose()
    if node is None:
        return YamlDoc({}, {(): 1})
    lines: dict[Loc, int] = {}
    loader = _Loader(text)
    try:
        data = _walk(node, loader, (), lines)
    except yaml.constructor.ConstructorError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else None
        raise SourceError(line, f"YAML non valido: {e.problem}") from None
    finally:
        loader.dispose()
    return YamlDoc(data, lines)


@dataclass
class CsvRow:
    line: int
    cells: dict[str, str]


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) rows of a UTF-8 CSV saved by a person or a spreadsheet.

    Accepts a BOM and a comma or semicolon separator; blank rows are skipped; a
    repeated column name is an error (a second column would silently win).
    """
    if why := inventory.opening(path):  # recorded for the inventory of data/; never a file outside it
        raise SourceError(None, why)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # spreadsheets save UTF-8 with a BOM
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise SourceError(line, "il file non è in UTF-8 (salvarlo come \"CSV UTF-8\")") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceError(1, "file vuoto: manca la riga di intestazione") from None
    repeated = [h for i, h in enumerate(header) if h and h in header[:i]]
    if repeated:
        raise SourceError(1, f'colonna "{repeated[0]}" ripetuta nell\'intestazione')
    rows = []
    line = 1
    for record in reader:
        start = line + 1
        line = reader.line_num
        if any(c.strip() for c in record):
            rows.append((start, record))
    return header, rows


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
        if len(record) > len(header):
            extra = [c for c in record[len(header):] if c.strip()]
            if extra:
                raise SourceError(start, f"{len(record)} celle ma {len(header)} colonne nell'intestazione (cella in più: \"{extra[0]}\")")
        cells = {h: (record[i].strip() if i < len(record) else "") for i, h in enumerate(header)}
        rows.append(CsvRow(start, cells))
    return rows
