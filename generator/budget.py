"""Budget (conto economico): totals, variances and checks against printed figures (pure).

One sign convention: every line amount is a positive magnitude; `natura` says
whether it is a provento (adds) or an onere (subtracts). A section's total is
the sum of its proventi minus the sum of its oneri, except that a section made
only of oneri (B, Oneri correnti) totals the sum of its costs, as printed.
A total's code is a formula over sections: `A`, `B`, `A-B`, `A-B+C+D+E`.

Scostamento = consuntivo - preventivo (a missing preventivo counts as 0);
scostamento % = scostamento / |preventivo|, undefined without a preventivo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .fmt import round_half_up
from .model import Budget, BudgetRow

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figures:
    planned: Decimal | None
    actual: Decimal | None

    @property
    def variance(self) -> Decimal | None:
        if self.actual is None and self.planned is None:
            return None
        return (self.actual or Decimal(0)) - (self.planned or Decimal(0))

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


def section_total(rows: list[BudgetRow], section: str, column: str) -> Decimal | None:
    lines = [r for r in rows if r.kind == "voce" and r.section == section]
    values = [(getattr(r, column), r.nature) for r in lines]
    if all(n == "onere" for _, n in values):
        return _sum([v for v, _ in values])
    signed = [None if v is None else (v if n == "provento" else -v) for v, n in values]
    return _sum(signed)


def evaluate(formula: str, rows: list[BudgetRow], column: str) -> Decimal | None:
    terms = re.findall(r"([+-]?)([A-Z])", formula)
    values = [(sign, section_total(rows, sec, column)) for sign, sec in terms]
    if all(v is None for _, v in values):
        return None
    return sum(((-v if sign == "-" else v) for sign, v in values if v is not None), Decimal(0))


def _differs(printed: Decimal | None, computed: Decimal | None, whole_percent: bool = False) -> bool:
    if printed is None:
        return False
    if computed is None:
        return printed != 0
    if whole_percent:
        return round_half_up(computed) != round_half_up(printed)
    return computed != printed


def compute_budget(budget: Budget) -> BudgetResult:
    rows = list(budget.rows)
    items = []
    for r in rows:
        if r.kind == "voce":
            fig = Figures(r.planned, r.actual)
            diffs = []
        else:
            fig = Figures(evaluate(r.code, rows, "planned"), evaluate(r.code, rows, "actual"))
            diffs = [(col, printed, computed) for col, printed, computed in (("preventivo", r.planned, fig.planned), ("consuntivo", r.actual, fig.actual)) if _differs(printed, computed)]
        if _differs(r.printed_variance, fig.variance):
            diffs.append(("scostamento_stampato", r.printed_variance, fig.variance))
        if _differs(r.printed_percent, fig.percent, whole_percent=True):
            diffs.append(("scostamento_percentuale_stampato", r.printed_percent, fig.percent))
        items.append(BudgetItem(r, fig, tuple(diffs)))
    return BudgetResult(budget, tuple(items))
