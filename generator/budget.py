"""Budget (conto economico): totals, variances and checks against printed figures (pure).

One sign convention: every line amount is a positive magnitude; `natura` says
whether it is a provento (adds) or an onere (subtracts). Each section says how
it totals (`tipo` in bilancio.yaml): `proventi` (the sum of its income),
`oneri` (the sum of its costs, shown positive, as printed) or `risultato`
(income minus costs). A total's code is a formula over sections: `A`, `B`,
`A-B`, `A-B+C+D+E`.

Scostamento = consuntivo - preventivo (a missing preventivo counts as 0; no
consuntivo, no scostamento); scostamento % = scostamento / |preventivo|,
undefined without a preventivo.

A printed figure the lines contradict is an error unless the row's `nota`
explains it, and a note explains a figure when it quotes it (e.g. "stampa
643.800"): a note cannot excuse a figure it does not mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .fmt import number, percent, round_half_up
from .model import Budget, BudgetRow

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figures:
    planned: Decimal | None
    actual: Decimal | None

    @property
    def variance(self) -> Decimal | None:
        if self.actual is None:
            return None
        return self.actual - (self.planned or Decimal(0))

    @property
    def percent(self) -> Decimal | None:
        if self.planned is None or self.planned == 0 or self.variance is None:
            return None
        return self.variance / abs(self.planned) * HUNDRED


@dataclass(frozen=True)
class BudgetItem:
    """A line or a total with its computed figures; for totals, what was printed."""

    row: BudgetRow
    figures: Figures
    differences: tuple[tuple[str, Decimal, Decimal | None], ...]  # (column, printed, computed)


@dataclass(frozen=True)
class BudgetResult:
    budget: Budget
    items: tuple[BudgetItem, ...]

    def total(self, code: str) -> BudgetItem:
        return next(i for i in self.items if i.row.kind == "totale" and i.row.code == code)

    def lines(self, section: str | None = None, nature: str | None = None) -> list[BudgetItem]:
        return [
            i
            for i in self.items
            if i.row.kind == "voce" and (section is None or i.row.section == section) and (nature is None or i.row.nature == nature)
        ]


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def section_total(rows: list[BudgetRow], section: str, kind: str, column: str) -> Decimal | None:
    lines = [r for r in rows if r.kind == "voce" and r.section == section]
    if kind == "oneri":
        return _sum([getattr(r, column) for r in lines if r.nature == "onere"])
    if kind == "proventi":
        return _sum([getattr(r, column) for r in lines if r.nature == "provento"])
    signed = [None if getattr(r, column) is None else (getattr(r, column) if r.nature == "provento" else -getattr(r, column)) for r in lines]
    return _sum(signed)


def evaluate(formula: str, rows: list[BudgetRow], kinds: dict[str, str], column: str) -> Decimal | None:
    terms = re.findall(r"([+-]?)([A-Z])", formula)
    values = [(sign, section_total(rows, sec, kinds[sec], column)) for sign, sec in terms]
    if all(v is None for _, v in values):
        return None
    return sum(((-v if sign == "-" else v) for sign, v in values if v is not None), Decimal(0))


def _differs(printed: Decimal | None, computed: Decimal | None, whole_percent: bool = False) -> bool:
    if printed is None:
        return False
    if computed is None:
        return printed != 0
    if whole_percent:  # at the precision the document prints: -6,5% is -6,498% to one decimal
        places = max(0, -printed.as_tuple().exponent) if isinstance(printed.as_tuple().exponent, int) else 0
        return round_half_up(computed, places) != round_half_up(printed, places)
    return computed != printed


def compute_budget(budget: Budget) -> BudgetResult:
    rows = list(budget.rows)
    kinds = {code: sec.kind for code, sec in budget.config.sections.items()}
    items = []
    for r in rows:
        if r.kind == "voce":
            fig = Figures(r.planned, r.actual)
            diffs = []
        else:
            fig = Figures(evaluate(r.code, rows, kinds, "planned"), evaluate(r.code, rows, kinds, "actual"))
            diffs = [(col, printed, computed) for col, printed, computed in (("preventivo", r.planned, fig.planned), ("consuntivo", r.actual, fig.actual)) if _differs(printed, computed)]
        if _differs(r.printed_variance, fig.variance):
            diffs.append(("scostamento_stampato", r.printed_variance, fig.variance))
        if _differs(r.printed_percent, fig.percent, whole_percent=True):
            diffs.append(("scostamento_percentuale_stampato", r.printed_percent, fig.percent))
        items.append(BudgetItem(r, fig, tuple(diffs)))
    return BudgetResult(budget, tuple(items))


def _printed(column: str, value: Decimal) -> str:
    return percent(value) if column.endswith("percentuale_stampato") else number(value)


def problems(result: BudgetResult) -> list[tuple[str, int, str, str]]:
    """(file, line, column, message) for printed figures the lines contradict and that no note explains."""
    out = []
    for item in result.items:
        r = item.row
        for column, printed, computed in item.differences:
            if r.note and _printed(column, printed) in r.note:
                continue  # explained by the note, which the page shows
            if column.endswith("percentuale_stampato"):
                shown, diff = (percent(computed, 1) if computed is not None else "nessun valore"), ""
            else:
                shown = number(computed) if computed is not None else "nessun valore"
                diff = f" (differenza {number(printed - computed)})" if computed is not None else ""
            what = "il totale" if r.kind == "totale" else "la voce"
            printed_word = "stampato" if r.kind == "totale" else "stampata"
            hint = "la nota non cita questo valore: correggere il dato o spiegarlo nella nota" if r.note else "correggere il dato o spiegare la differenza nella colonna nota"
            out.append((r.file, r.line, column, f'{what} "{r.label}" è {printed_word} {_printed(column, printed)}, le voci danno {shown}{diff}: {hint}'))
        if r.note and not item.differences:
            out.append((r.file, r.line, "nota", f'"{r.label}": nota presente ma i valori stampati coincidono con quelli calcolati: togliere la nota'))
    return out
