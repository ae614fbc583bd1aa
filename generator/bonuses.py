"""Which year's premi.yaml publishes each reference year's bonus data (pure).

A reference year can be in the premi.yaml of several years (the 2025 Relazione gives the 2024 data, the 2026
one may give it again, corrected). The newest folder whose entry has the data (`stato: disponibile`) publishes
it; an entry that says `non_disponibile` publishes only when no folder has the data, so it never hides what an
older folder gives. Two folders giving different data for one reference year are returned as conflicts, which
check.py reports.
"""

from __future__ import annotations

from typing import Any

from .compute import YearResult


def published(results: list[YearResult], kind: str) -> tuple[dict[int, tuple[YearResult, Any]], list[tuple[int, YearResult, YearResult]]]:
    """`kind` is "distribution" or "amounts". Returns reference year → (the year that publishes it, its entry), and the
    conflicts (reference year, the year published, a year with other data). `results` are newest first."""
    chosen: dict[int, tuple[YearResult, Any]] = {}
    conflicts = []
    for res in results:
        for entry in getattr(res.data.bonuses, kind) if res.data.bonuses else ():
            year = entry.reference_year
            if year not in chosen or (chosen[year][1].state != "disponibile" and entry.state == "disponibile"):
                chosen[year] = (res, entry)
            elif entry.state == "disponibile" and _figures(entry) != _figures(chosen[year][1]):
                conflicts.append((year, chosen[year][0], res))
    return chosen, conflicts


def _figures(entry: Any) -> dict:
    """What an entry publishes, its note aside (a note added to the same figures is not other data)."""
    return entry.model_dump(exclude={"note"})
