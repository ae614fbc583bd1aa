"""Multi-year comparison of indicators (pure).

An indicator of a scorecard is the same indicator in another year when the
same scorecard (by id) has a row with the same code, or, without codes, the
same normalised name (case, accents, punctuation and spacing ignored). A code
that several rows of a scorecard share (an imported workbook gives the rows of
an objective the objective's code) is not the indicator's own: those rows are
matched by code and name together.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .compute import Scored, YearResult


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text).split())


def keys(indicators: Sequence[Scored]) -> list[tuple[str, ...]]:
    """Each row's keys, best first: its code when no other row of the scorecard has it, then code and name."""
    shared = Counter(s.indicator.code for s in indicators if s.indicator.code)
    out = []
    for s in indicators:
        code, name = s.indicator.code, f"nome:{normalise(s.indicator.name)}"
        if not code:
            out.append((name,))
        else:
            out.append((f"codice:{code}", f"codice:{code}|{name}") if shared[code] == 1 else (f"codice:{code}|{name}",))
    return out


@dataclass(frozen=True)
class Point:
    year: int
    scored: Scored


@dataclass(frozen=True)
class Trend:
    """One indicator of a scorecard across the years it appears in (oldest first)."""

    name: str
    points: tuple[Point, ...]

    @property
    def previous(self) -> Point | None:
        return self.points[-2] if len(self.points) > 1 else None

    @property
    def current(self) -> Point:
        return self.points[-1]

    @property
    def actual_change(self) -> Decimal | None:
        """Change of the actual value from the previous year, when both are numbers in the same unit."""
        prev = self.previous
        if prev is None:
            return None
        a, b = prev.scored.indicator.actual, self.current.scored.indicator.actual
        if a is None or b is None or a.number is None or b.number is None or a.unit != b.unit:
            return None
        return b.number - a.number

    @property
    def score_change(self) -> Decimal | None:
        prev = self.previous
        if prev is None or prev.scored.score is None or self.current.scored.score is None:
            return None
        return self.current.scored.score - prev.scored.score


def trends(results: list[YearResult], year: int, card_id: str) -> list[Trend]:
    """Indicators of `card_id` in `year` that also appear in earlier years, in the card's order."""
    earlier = sorted((r for r in results if r.year.year < year), key=lambda r: r.year.year)
    current = next((r for r in results if r.year.year == year), None)
    if current is None or not earlier:
        return []
    card = next((c for c in current.cards if c.card.id == card_id), None)
    if card is None:
        return []
    history: dict[str, list[Point]] = {}
    for r in earlier:
        old = next((c for c in r.cards if c.card.id == card_id), None)
        if old is None:
            continue
        seen: set[str] = set()
        for s, ks in zip(old.indicators, keys(old.indicators)):
            if s.indicator.target is None:
                continue  # step rows are not compared
            for k in ks:
                if k not in seen:  # ambiguous duplicates are not compared
                    seen.add(k)
                    history.setdefault(k, []).append(Point(r.year.year, s))
    out = []
    seen_now: set[str] = set()
    for s, ks in zip(card.indicators, keys(card.indicators)):
        k = max((k for k in ks if k in history), key=lambda k: len(history[k]), default=None)  # the longest history
        if k is not None and k not in seen_now and s.indicator.target is not None:
            seen_now.update(ks)
            out.append(Trend(s.indicator.name, (*history[k], Point(year, s))))
    return out
