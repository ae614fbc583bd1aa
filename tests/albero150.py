"""A 150-indicator Albero della Performance as a body saves it from an office suite (shared by a test and the benchmark).

Typed cells with their number formats (percentages, dates, thousands,
decimals, currency, text), a title block above the header, merged sector
cells, and an individual-objectives sheet with codes as real bodies write
them (spaces, mixed case, three levels, a three-digit number, a number that
matches no objective). `EXPECTED` holds what an Italian office suite shows
for each target: written out here, not computed by the importer's code.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl

SECTORS, OBJECTIVES_PER_SECTOR, INDICATORS_PER_OBJECTIVE = 10, 5, 3  # 150 indicators in the Cruscotto di Ente


def _target(n: int) -> tuple[object, str | None, str]:
    """(cell value, number format, text shown) for indicator n: every kind of typed cell in turn."""
    k = n % 8
    if k == 0:
        return (50 + n % 50) / 100, "0%", f"{50 + n % 50}%"
    if k == 1:
        return (n % 100) / 100 + 0.0025, "0.00%", f"{n % 100},25%"
    if k == 2:
        return datetime(2026, 1 + n % 12, 10 + n % 18), "dd/mm/yyyy", f"{10 + n % 18:02d}/{1 + n % 12:02d}/2026"
    if k == 3:
        return 1000 + n * 37, "#,##0", f"{1000 + n * 37:,}".replace(",", ".")
    if k == 4:
        return n / 10 + 0.5, "0.0", f"{(n * 10 + 50) // 100},{(n * 10 + 50) % 100 // 10}"
    if k == 5:
        return 140000 + n * 1000, '"€ "#,##0.00', "€ " + f"{140000 + n * 1000:,}".replace(",", ".") + ",00"
    if k == 6:
        return "Positivo", None, "Positivo"
    return f"≥ {n}", "@", f"≥ {n}"


INDIVIDUAL_CODES = [
    "EQ_RI_01_01", "Eq Ri 01 02", "EQ RI_02.01", "eq-ri-02-02-01", "EQ_BP_03_01", "EQ_BP_103", "EQ BP 99 01",
    "SG_04_01", "SG 04.02", "DIR_05_01", "Dir 05 02 01", "EQ_PR_06_01", "EQ_PR_6_2", "EQ_PR_06_03_02",
    "EQ_AL_07_01", "EQ_AL_077", "EQ_AM_08_01", "EQ_AM_8.2", "EQ_CO_09_01", "EQ_CO_09_02", "EQ_CO_10_05",
]


def rows() -> tuple[list[list], list[list], list[tuple[str, str]], list[str]]:
    """(tree rows, individual rows, [(indicator name, target shown)], merged ranges of the tree sheet)."""
    tree: list[list] = [["Albero della Performance 2026"], ["Camera di Commercio — approvato con delibera n. 3"], [],
                        ["Settore", "Obiettivo", "Indicatore", "Target", "Owner", "Algoritmo", "Peso"]]
    expected, merges = [], []
    n = 0
    for s in range(1, SECTORS + 1):
        start = len(tree) + 1
        tree.append([f"{s:02d} - Settore strategico {s}"])
        for o in range(1, OBJECTIVES_PER_SECTOR + 1):
            tree.append([None, f"{s:02d}.{o:02d} - Obiettivo strategico {s}.{o}"])
            for _ in range(INDICATORS_PER_OBJECTIVE):
                n += 1
                value, fmt, shown = _target(n)
                name = f"Indicatore {n:03d} dell'obiettivo {s}.{o}"
                tree.append([None, None, name, (value, fmt), f"Ufficio {s}", f"numeratore {n} / denominatore", (1 + n % 3, "0")])
                expected.append((name, shown))
        merges.append(f"A{start}:A{len(tree)}")
    individual: list[list] = [["Obiettivi individuali 2026"], ["Obiettivo individuale", "Indicatore", "Algoritmo", "Target"]]
    for k, code in enumerate(INDIVIDUAL_CODES):
        value, fmt, shown = _target(1000 + k)
        name = f"Indicatore individuale {k + 1:02d}"
        individual.append([f"{code} - Obiettivo individuale {k + 1}", name, None, (value, fmt)])
        expected.append((name, shown))
    return tree, individual, expected, merges


def fill(ws, rows) -> None:
    """Write rows into a sheet; a cell is a value or (value, number format); None leaves it empty."""
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            value, fmt = cell if isinstance(cell, tuple) else (cell, None)
            if value is None:
                continue
            ws.cell(r, c, value)
            if fmt:
                ws.cell(r, c).number_format = fmt


def write(path: Path) -> list[tuple[str, str]]:
    """Write the workbook; return [(indicator name, target as the spreadsheet shows it)]."""
    tree, individual, expected, merges = rows()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, sheet_rows in (("Albero 2026", tree), ("Obiettivi individuali", individual)):
        fill(wb.create_sheet(title), sheet_rows)
        ws = wb[title]
        if title.startswith("Albero"):
            for rng in merges:
                ws.merge_cells(rng)
    wb.save(path)
    return expected
