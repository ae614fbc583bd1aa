"""Edit a data CSV as a spreadsheet saves it: rows as dicts, header kept, "\\n" line ends."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path


def edit_rows(f: Path, edit: Callable[[list[dict[str, str]]], list[dict[str, str]] | None]) -> list[dict[str, str]]:
    """Rewrite `f` with `edit(rows)` (rows changed in place, or a new list returned); returns the rows written."""
    text = f.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    rows = list(csv.DictReader(io.StringIO(text)))
    rows = edit(rows) or rows
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rows
