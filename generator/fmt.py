"""Italian formatting of numbers, amounts, percentages and dates (render time only).

`12.520.668`, `98,9%`, `€ 140.000,00`, `-22`, `31/12/2025`. Pure functions.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MINUS = "-"  # ASCII hyphen-minus: screen readers read it as "meno"


def _dec(x: Decimal | int | float) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def round_half_up(x: Decimal | int | float, places: int = 0) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return _dec(x).quantize(q, rounding=ROUND_HALF_UP)


def number(x: Decimal | int | float, places: int | None = None) -> str:
    """`12520668` → `12.520.668`; `98.9` → `98,9`; places=None keeps the value's own precision."""
    d = _dec(x)
    if places is not None:
        d = round_half_up(d, places)
    sign = MINUS if d < 0 else ""
    d = abs(d)
    text = format(d, "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if frac:
        out += "," + frac
    return sign + out


def plural(n: int, one: str, many: str) -> str:
    """`1 indicatore`, `3 indicatori`, `0 indicatori`, `1.500 righe`."""
    return f"{number(n)} {one if n == 1 else many}"


def percent(x: Decimal | int | float, places: int | None = None) -> str:
    """`98.9` → `98,9%` (the value is already in percent)."""
    return number(x, places) + "%"


def score(x: Decimal | int | float | None) -> str:
    """A degree of achievement, published rounded to whole percent: `87%`."""
    if x is None:
        return "—"
    return percent(x, 0)


def status_score(x: Decimal | int | float | None, key: str) -> str:
    """A score beside its status: where a target was missed it never reads 100% (99,78% · Parzialmente raggiunto is 99%)."""
    if x is not None and key in ("parziale", "non-raggiunto") and round_half_up(x) >= 100:
        return percent(99, 0)
    return score(x)


def euro(x: Decimal | int | float, places: int = 2) -> str:
    """`140000` → `€ 140.000,00`; negative amounts as `-€ 1.844,00`."""
    d = _dec(x)
    sign = MINUS if d < 0 else ""
    return f"{sign}€ {number(abs(d), places)}"


def day(d: date) -> str:
    return d.strftime("%d/%m/%Y")
