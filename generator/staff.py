"""Staff cross-tabs: totals over seats, consistency checks, printed totals (pure).

Per-seat figures are the source of truth. Every table must add up to the same
head count per seat and gender as the first table (the reference); tables not
split by gender are compared per seat. Totals over the seats are computed; the
printed ones are only compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import PrintedTotal, Staff, StaffTable


@dataclass(frozen=True)
class CrossTab:
    table: StaffTable
    items: tuple[str, ...]  # row labels in file order
    seats: tuple[str, ...]
    genders: tuple[str | None, ...]  # (None,) when the table is not split by gender
    counts: dict[tuple[str, str, str | None], int]  # (item, seat, gender) → count

    def get(self, item: str, seat: str | None, gender: str | None) -> int:
        """Count for one cell; seat None sums the seats, gender None sums the genders (where split)."""
        seats = self.seats if seat is None else (seat,)
        genders = self.genders if gender is None else (gender,)
        return sum(self.counts.get((item, s, g), 0) for s in seats for g in genders)

    def total(self, seat: str | None, gender: str | None) -> int:
        return sum(self.get(i, seat, gender) for i in self.items)

    def by_seat(self, tid: str, title: str) -> CrossTab:
        """The same table with the genders summed: rows × seats."""
        counts = {(i, s, None): self.get(i, s, None) for i in self.items for s in self.seats}
        table = self.table.model_copy(update={"id": tid, "title": title, "by_gender": False})
        return CrossTab(table, self.items, self.seats, (None,), counts)


@dataclass(frozen=True)
class Mismatch:
    file: str
    line: int | None
    message: str


@dataclass(frozen=True)
class StaffResult:
    staff: Staff
    tables: tuple[CrossTab, ...]
    printed_notes: dict[str, tuple[PrintedTotal, ...]]  # table id → printed totals that differ (with their note)

    def table(self, tid: str) -> CrossTab:
        return next(t for t in self.tables if t.table.id == tid)

    @property
    def headcount(self) -> int:
        return self.tables[0].total(None, None)


def crosstabs(staff: Staff) -> tuple[CrossTab, ...]:
    out = []
    for t in staff.config.tables:
        cells = [c for c in staff.cells if c.table == t.id]
        items = tuple(dict.fromkeys(c.item for c in cells))
        genders: tuple[str | None, ...] = tuple(staff.config.genders) if t.by_gender else (None,)
        out.append(CrossTab(t, items, tuple(staff.config.seats), genders, {(c.item, c.seat, c.gender): c.count for c in cells}))
    return tuple(out)


def consistency(staff: Staff, tabs: tuple[CrossTab, ...]) -> list[Mismatch]:
    """Every table adds up to the reference head count per seat (and gender where split)."""
    out: list[Mismatch] = []
    if not tabs:
        return out
    ref = tabs[0]
    for tab in tabs:
        cells = [c for c in staff.cells if c.table == tab.table.id]
        if not cells:
            out.append(Mismatch(staff.file or staff.config.file, None, f'la tavola "{tab.table.id}" non ha righe'))
            continue
        for item in tab.items:
            for seat in tab.seats:
                for gender in tab.genders:
                    if (item, seat, gender) not in tab.counts:
                        first = next(c for c in cells if c.item == item)
                        who = f"{seat}, {gender}" if gender else seat
                        out.append(Mismatch(first.file, first.line, f'tavola "{tab.table.id}", riga "{item}": manca il dato per {who}'))
        if tab is ref:
            continue
        for seat in tab.seats:
            for gender in (ref.genders if tab.table.by_gender else (None,)):
                got = tab.total(seat, gender)
                want = ref.total(seat, gender)
                if got != want:
                    first = next((c for c in cells if c.seat == seat and (gender is None or c.gender == gender)), cells[0])
                    who = f"{seat}, {gender}" if gender else seat
                    out.append(
                        Mismatch(
                            first.file,
                            first.line,
                            f'tavola "{tab.table.id}" ({who}): le righe sommano a {got}, '
                            f'la tavola "{ref.table.id}" dà {want} (differenza {got - want:+d})',
                        )
                    )
    return out


def printed_differences(staff: Staff, tabs: tuple[CrossTab, ...]) -> tuple[list[Mismatch], dict[str, tuple[PrintedTotal, ...]]]:
    """Printed totals over the seats that the seats contradict: errors without a nota, notes with one."""
    by_id = {t.table.id: t for t in tabs}
    errors: list[Mismatch] = []
    notes: dict[str, list[PrintedTotal]] = {}
    for p in staff.printed:
        tab = by_id.get(p.table)
        if tab is None:
            continue
        if p.item not in tab.items and not (p.item == "Totale" and p.item not in tab.items and tab.table.id == tabs[0].table.id):
            errors.append(Mismatch(p.file, p.line, f'voce "{p.item}" inesistente nella tavola "{p.table}"'))
            continue
        computed = tab.get(p.item, None, p.gender)
        if computed != p.count:
            if p.note:
                notes.setdefault(p.table, []).append(p)
            else:
                who = f", {p.gender}" if p.gender else ""
                errors.append(
                    Mismatch(
                        p.file,
                        p.line,
                        f'totale stampato di "{p.item}"{who} nella tavola "{p.table}": {p.count}, le sedi danno {computed} '
                        f"(differenza {p.count - computed:+d}): correggere il dato o spiegare la differenza nella colonna nota",
                    )
                )
        elif p.note:
            errors.append(Mismatch(p.file, p.line, f'nota presente ma il totale stampato di "{p.item}" coincide con le sedi ({computed}): togliere la nota'))
    return errors, {k: tuple(v) for k, v in notes.items()}


def compute_staff(staff: Staff) -> tuple[StaffResult, list[Mismatch]]:
    tabs = crosstabs(staff)
    problems = consistency(staff, tabs)
    printed_errors, notes = printed_differences(staff, tabs)
    return StaffResult(staff, tabs, notes), problems + printed_errors
