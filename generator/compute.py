"""Scores and roll-ups (pure: no files, no charts, no templates).

- an indicator scores its degree of achievement (targets.achievement);
- an operational objective, and a scorecard's strategic objective, score the
  (weighted) mean of their indicators' scores;
- a scorecard scores the mean of its strategic objectives' scores;
- a strategic objective scores, by default (`media_indicatori`), the mean of
  its indicators in the Cruscotto di Ente; with `utilizzo_risorse`, the mean of
  its resource-utilisation rates (consumed / allocated, capped at 100%);
- a perspective and a strategic area score the mean of their objectives.

Rows without a target or an actual of their own are shown, not scored.
Values are kept unrounded; publication rounds to whole percent (fmt.score).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .budget import BudgetResult, compute_budget
from .fmt import round_half_up
from .model import Body, Indicator, Perspective, Scorecard, StrategicArea, StrategicObjective, Year, YearData
from .staff import Mismatch, StaffResult, compute_staff
from .targets import Achievement, achievement

HUNDRED = Decimal(100)

METHOD_LABELS = {
    "media_indicatori": "media dei gradi di raggiungimento degli indicatori",
    "utilizzo_risorse": "media delle percentuali di utilizzo delle risorse (consumate / destinate)",
}


@dataclass(frozen=True)
class Thresholds:
    """The lowest whole-percent score of each status, as the SMVP in force in the year sets them."""

    achieved: Decimal = Decimal(100)  # "raggiunto" (only where no target was missed, see `status`)
    partial: Decimal = Decimal(1)  # "parzialmente raggiunto"; below it "non raggiunto"
    source: str | None = None  # the act that sets them, e.g. "SMVP approvato con deliberazione n. 5/2024"


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Scored:
    indicator: Indicator
    result: Achievement | None  # None: not scored
    th: Thresholds = DEFAULT_THRESHOLDS

    @property
    def score(self) -> Decimal | None:
        return self.result.score if self.result else None

    @property
    def shown(self) -> Decimal | None:
        """The score as published: a missed target never shows as 100% (99,6% is shown 99%)."""
        if self.result is None or self.result.met:
            return self.score
        return min(self.result.score, Decimal(99)) if round_half_up(self.result.score) >= HUNDRED else self.result.score

    @property
    def status(self) -> str:
        """An indicator is "raggiunto" only when its target is met."""
        return status(self.shown, (self,), self.th)


def status(score: Decimal | None, indicators: Iterable[Scored] = (), th: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """Status key (raggiunto | parziale | non-raggiunto | non-valutato) of a score and the indicators under it.

    The status says whether the targets were met; the score says how much, by its method:
    - every scored indicator met its target → "raggiunto", whatever the score (an objective scored
      99% on the use of its resources, all of whose targets were met, is "raggiunto");
    - some target missed → never "raggiunto": "parziale" from `th.partial` up, else "non-raggiunto";
    - no scored indicator (a score from resources alone) → the thresholds place the score.
    """
    scored = [s for s in indicators if s.result is not None]
    if scored and all(s.result.met for s in scored):
        return "raggiunto"
    if score is None:
        return "non-valutato"
    rounded = round_half_up(score)
    if rounded >= th.achieved and not scored:
        return "raggiunto"
    return "parziale" if rounded >= th.partial else "non-raggiunto"


def mean(values: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Weighted mean of (value, weight) pairs; None when empty."""
    pairs = list(values)
    total = sum((w for _, w in pairs), Decimal(0))
    if not pairs or total == 0:
        return None
    return sum((v * w for v, w in pairs), Decimal(0)) / total


def score_indicator(ind: Indicator, th: Thresholds = DEFAULT_THRESHOLDS) -> Scored:
    if ind.target is None or ind.actual is None or ind.direction is None:
        return Scored(ind, None, th)
    return Scored(ind, achievement(ind.target, ind.actual, ind.direction), th)


def _scored_mean(items: Iterable[Scored]) -> Decimal | None:
    return mean((s.score, s.indicator.weight) for s in items if s.score is not None)


@dataclass(frozen=True)
class Operational:
    programme: str | None
    name: str | None
    indicators: tuple[Scored, ...]
    th: Thresholds = DEFAULT_THRESHOLDS

    @property
    def score(self) -> Decimal | None:
        return _scored_mean(self.indicators)

    @property
    def status(self) -> str:
        return status(self.score, self.indicators, self.th)


@dataclass(frozen=True)
class CardObjective:
    """A strategic objective as it appears in one scorecard."""

    objective: StrategicObjective
    operational: tuple[Operational, ...]
    published: Decimal | None
    th: Thresholds = DEFAULT_THRESHOLDS

    @property
    def indicators(self) -> tuple[Scored, ...]:
        return tuple(s for op in self.operational for s in op.indicators)

    @property
    def score(self) -> Decimal | None:
        return _scored_mean(self.indicators)

    @property
    def status(self) -> str:
        return status(self.score, self.indicators, self.th)


@dataclass(frozen=True)
class CardResult:
    card: Scorecard
    objectives: tuple[CardObjective, ...]
    unlinked: tuple[Operational, ...] = ()  # individual objectives linked to no strategic objective
    th: Thresholds = DEFAULT_THRESHOLDS

    @property
    def status(self) -> str:
        return status(self.score, self.indicators, self.th)

    @property
    def score(self) -> Decimal | None:
        """Mean of its strategic objectives and of its unlinked individual objectives, each counted once."""
        scores = [o.score for o in self.objectives] + [op.score for op in self.unlinked]
        return mean((s, Decimal(1)) for s in scores if s is not None)

    @property
    def indicators(self) -> tuple[Scored, ...]:
        return tuple(s for o in self.objectives for s in o.indicators) + tuple(s for op in self.unlinked for s in op.indicators)


@dataclass(frozen=True)
class ResourceRate:
    item: str | None
    allocated: Decimal | None
    consumed: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        if self.allocated is None or self.consumed is None or self.allocated == 0:
            return None
        return self.consumed / self.allocated * HUNDRED


@dataclass(frozen=True)
class ObjectiveResult:
    objective: StrategicObjective
    indicators: tuple[Scored, ...]  # from the Cruscotto di Ente
    resources: tuple[ResourceRate, ...]
    score: Decimal | None
    method: str
    cards: tuple[tuple[Scorecard, CardObjective], ...] = field(default=())
    th: Thresholds = DEFAULT_THRESHOLDS

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def status(self) -> str:
        return status(self.score, self.indicators, self.th)

    @property
    def indicator_mean(self) -> Decimal | None:
        """The mean of its Cruscotto indicators: a second figure when the objective is scored by another method."""
        return _scored_mean(self.indicators) if self.method != "media_indicatori" else None


@dataclass(frozen=True)
class GroupResult:
    """A perspective or a strategic area with its objectives."""

    item: Perspective | StrategicArea | None  # None: all objectives, when there are neither
    objectives: tuple[ObjectiveResult, ...]
    th: Thresholds = DEFAULT_THRESHOLDS

    @property
    def score(self) -> Decimal | None:
        return mean((o.score, Decimal(1)) for o in self.objectives if o.score is not None)

    @property
    def status(self) -> str:
        """"Raggiunto" when every objective is; otherwise placed by the thresholds, never "raggiunto"."""
        valued = [st for st in (o.status for o in self.objectives) if st != "non-valutato"]
        if valued and all(st == "raggiunto" for st in valued):
            return "raggiunto"
        st = status(self.score, (), self.th)
        return "parziale" if st == "raggiunto" else st

    @property
    def title(self) -> str:
        if self.item is None:
            return "Obiettivi strategici"
        code = getattr(self.item, "code", None)
        return f"{code}. {self.item.name}" if code else self.item.name


@dataclass(frozen=True)
class YearResult:
    data: YearData
    objectives: tuple[ObjectiveResult, ...]
    perspectives: tuple[GroupResult, ...]
    areas: tuple[GroupResult, ...]
    cards: tuple[CardResult, ...]
    budget: BudgetResult | None = None
    staff: StaffResult | None = None
    staff_problems: tuple[Mismatch, ...] = ()
    th: Thresholds = DEFAULT_THRESHOLDS

    @property
    def year(self):
        return self.data.year

    @property
    def map_groups(self) -> tuple[GroupResult, ...]:
        """How the strategic map groups objectives: by perspective, else by area, else one group."""
        if self.perspectives:
            return self.perspectives
        if self.areas:
            loose = tuple(o for o in self.objectives if o.objective.area is None)
            return self.areas + ((GroupResult(None, loose, self.th),) if loose else ())
        return (GroupResult(None, self.objectives, self.th),)

    def objective(self, oid: int) -> ObjectiveResult:
        return next(o for o in self.objectives if o.objective.id == oid)

    def card(self, cid: str) -> CardResult:
        return next(c for c in self.cards if c.card.id == cid)

    @property
    def ente(self) -> CardResult:
        return next(c for c in self.cards if c.card.kind == "ente")


def _group_operational(scored: list[Scored], th: Thresholds) -> tuple[Operational, ...]:
    """Group rows by (programme, operational objective), in order of first appearance."""
    groups: dict[tuple[str | None, str | None], list[Scored]] = {}
    for s in scored:
        groups.setdefault((s.indicator.programme, s.indicator.operational), []).append(s)
    return tuple(Operational(p, n, tuple(items), th) for (p, n), items in groups.items())


def score_card(card: Scorecard, indicators: tuple[Indicator, ...], objectives: list[StrategicObjective],
               th: Thresholds = DEFAULT_THRESHOLDS) -> CardResult:
    by_obj: dict[int | None, list[Scored]] = {}
    for ind in indicators:
        by_obj.setdefault(ind.objective, []).append(score_indicator(ind, th))
    out = tuple(
        CardObjective(o, _group_operational(by_obj[o.id], th), card.published.get(o.id), th)
        for o in objectives
        if o.id in by_obj
    )
    return CardResult(card, out, _group_operational(by_obj.get(None, []), th), th)


def score_objective(o: StrategicObjective, ente: CardResult, cards: list[CardResult], th: Thresholds = DEFAULT_THRESHOLDS) -> ObjectiveResult:
    inds = next((co.indicators for co in ente.objectives if co.objective.id == o.id), ())
    rates = tuple(ResourceRate(r.item, r.allocated, r.consumed) for r in o.resources)
    if o.method == "utilizzo_risorse":
        score = mean((min(r.rate, HUNDRED), Decimal(1)) for r in rates if r.rate is not None)
    else:
        score = _scored_mean(inds)
    in_cards = tuple(
        (c.card, co) for c in cards if c.card.kind != "ente" for co in c.objectives if co.objective.id == o.id
    )
    return ObjectiveResult(o, inds, rates, score, o.method, in_cards, th)


def thresholds_for(year: Year, body: Body | None = None) -> Thresholds:
    """The year's own thresholds, else those of the body's SMVP in force that year, else the defaults."""
    found = year.thresholds or max((t for t in (body.thresholds if body else ()) if t.since <= year.year), key=lambda t: t.since, default=None)
    return Thresholds(Decimal(found.achieved), Decimal(found.partial), found.source) if found else DEFAULT_THRESHOLDS


def compute_year(yd: YearData, body: Body | None = None) -> YearResult:
    year = yd.year
    th = thresholds_for(year, body)
    objs = list(year.objectives)
    cards = [score_card(c, yd.indicators.get(c.id, ()), objs, th) for c in year.scorecards]
    ente = next(c for c in cards if c.card.kind == "ente")
    results = tuple(score_objective(o, ente, cards, th) for o in objs)
    perspectives = tuple(
        GroupResult(p, tuple(r for r in results if r.objective.perspective == p.id), th) for p in year.perspectives
    )
    areas = tuple(GroupResult(a, tuple(r for r in results if r.objective.area == a.id), th) for a in year.areas)
    budget = compute_budget(yd.budget) if yd.budget else None
    staff, staff_problems = compute_staff(yd.staff) if yd.staff else (None, [])
    return YearResult(yd, results, perspectives, areas, tuple(cards), budget, staff, tuple(staff_problems), th)


def weights_across_objectives(c: CardResult) -> tuple[Indicator, Decimal, Decimal] | None:
    """(first weighted indicator, the scorecard's score, its score were the weights counted across the whole scorecard)
    where the weights written say more than an order within each objective (they differ, and so do their sums by
    objective: 40 on one objective, 30 and 30 on another) and counting them across would publish another whole percent."""
    groups = [[s for s in g.indicators if s.score is not None] for g in (*c.objectives, *c.unlinked)]
    scored = [s for g in groups for s in g]
    if len({s.indicator.weight for s in scored}) < 2 or len({sum(s.indicator.weight for s in g) for g in groups if g}) < 2:
        return None
    whole = _scored_mean(scored)
    if c.score is None or whole is None or round_half_up(whole) == round_half_up(c.score):
        return None
    return next(s.indicator for s in c.indicators if s.indicator.weight != 1), c.score, whole


def published_mismatches(res: YearResult) -> list[tuple[str, int | tuple, str, Decimal, Decimal | None]]:
    """(file, where, what, published, computed) where a published figure disagrees with the computed one: `where` is
    the line of a CSV row, or for performance.yaml (file "") the place of the field as (list, item id, field, ...).

    Compared at the published precision: whole percent.
    """
    out: list[tuple[str, int | tuple, str, Decimal, Decimal | None]] = []

    def differs(pub: Decimal | None, comp: Decimal | None) -> bool:
        return pub is not None and (comp is None or round_half_up(comp) != round_half_up(pub))

    for c in res.cards:
        for s in c.indicators:
            if differs(s.indicator.published, s.score):
                out.append((s.indicator.file, s.indicator.line, f'sal_pubblicato di "{s.indicator.name}"', s.indicator.published, s.score))
        present = {co.objective.id for co in c.objectives}
        for oid, pub in sorted(c.card.published.items()):
            if oid not in present and pub is not None:
                out.append(("", ("schede", c.card.id, "valutazioni_pubblicate", oid), f"valutazioni_pubblicate.{oid} della scheda {c.card.id}", pub, None))
        for co in c.objectives:
            if differs(co.published, co.score):
                out.append(("", ("schede", c.card.id, "valutazioni_pubblicate", co.objective.id),
                            f"valutazioni_pubblicate.{co.objective.id} della scheda {c.card.id}", co.published, co.score))
    for o in res.objectives:
        if differs(o.objective.published, o.score):
            out.append(("", ("obiettivi_strategici", o.objective.id, "valutazione_pubblicata"),
                        f"valutazione_pubblicata dell'obiettivo strategico {o.objective.id}", o.objective.published, o.score))
    for g in (*res.perspectives, *res.areas):
        if g.item is not None and differs(g.item.published, g.score):
            section = "prospettive" if isinstance(g.item, Perspective) else "aree_strategiche"
            out.append(("", (section, g.item.id, "valutazione_pubblicata"), f"valutazione_pubblicata di {g.item.name}", g.item.published, g.score))
    return out
