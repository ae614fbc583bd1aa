"""Charts: one function per chart, one theme (pure: builds specs, writes nothing).

Each chart comes with its text alternative, generated from the data (what it
shows and the key figures), and with the same data as a table of Italian-
formatted cells: the page shows the SVG as an image with that alt text and the
table right after it, so no reader depends on the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import altair as alt
import pandas as pd

from . import fmt
from .compute import CardResult, Scored, YearResult, status

STATUS_LABELS = {
    "raggiunto": "Raggiunto",
    "parziale": "Parzialmente raggiunto",
    "non-raggiunto": "Non raggiunto",
    "non-valutato": "Non valutato",
}
# Colours pass 3:1 against white (WCAG 1.4.11 for graphics); status is also
# written in every label, never shown by colour alone.
STATUS_COLOURS = {
    "raggiunto": "#1b7a3a",
    "parziale": "#9a5b00",
    "non-raggiunto": "#b00020",
    "non-valutato": "#5c6670",
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WIDTH = 560


def theme() -> dict[str, Any]:
    return {
        "font": FONT,
        "background": "#ffffff",
        "padding": 8,
        "view": {"stroke": None},
        "axis": {"labelColor": "#1f2328", "titleColor": "#1f2328", "labelFontSize": 12, "titleFontSize": 12, "gridColor": "#d0d7de"},
        "legend": {"labelColor": "#1f2328", "titleColor": "#1f2328", "labelFontSize": 12},
        "title": {"color": "#1f2328", "fontSize": 14, "anchor": "start"},
    }


@dataclass(frozen=True)
class Chart:
    slug: str  # file name stem, unique within a page folder
    title: str
    alt: str
    spec: dict[str, Any]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pct(x: Decimal | None) -> float | None:
    return None if x is None else float(fmt.round_half_up(x))


def _bars(df: pd.DataFrame, height_per_bar: int = 26) -> alt.Chart:
    # Labels sit inside the bar's end; short bars get a dark label just past their end.
    df = df.assign(pos=df["valore"].clip(lower=18), colore=["#ffffff" if v >= 18 else "#1f2328" for v in df["valore"]])
    order = list(df["etichetta"])
    base = alt.Chart(df).encode(
        y=alt.Y("etichetta:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
    )
    bars = base.mark_bar(height=16).encode(
        x=alt.X("valore:Q", title="Grado di raggiungimento (%)", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 25, 50, 75, 100])),
        color=alt.Color(
            "stato:N",
            title="Stato",
            scale=alt.Scale(domain=list(STATUS_LABELS.values()), range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
    )
    text = base.mark_text(align="right", dx=-4, fontWeight="bold").encode(
        x="pos:Q", text="testo:N", color=alt.Color("colore:N", scale=None)
    )
    return (bars + text).properties(width=WIDTH - 300, height=max(60, height_per_bar * len(df)))


def _spec(chart: alt.Chart, title: str) -> dict[str, Any]:
    return chart.properties(title=title).configure(**theme()).to_dict(validate=False)


_COUNT_LABELS = {
    "raggiunto": ("raggiunto", "raggiunti"),
    "parziale": ("parzialmente raggiunto", "parzialmente raggiunti"),
    "non-raggiunto": ("non raggiunto", "non raggiunti"),
}


def _status_counts(statuses: list[str]) -> str:
    parts = []
    for key, (one, many) in _COUNT_LABELS.items():
        n = statuses.count(key)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts) if parts else "nessuno valutato"


def objectives_chart(res: YearResult) -> Chart:
    """Degree of achievement of each strategic objective."""
    recs = []
    for o in res.objectives:
        st = status(o.score)
        recs.append(
            {
                "etichetta": f"{o.objective.id}. {_short(o.objective.name)}",
                "valore": _pct(o.score) or 0,
                "testo": fmt.score(o.score) if o.score is not None else "",
                "stato": STATUS_LABELS[st],
            }
        )
    df = pd.DataFrame(recs)
    title = f"Grado di raggiungimento degli obiettivi strategici {res.year.year}"
    scored = [o for o in res.objectives if o.score is not None]
    lowest = min(scored, key=lambda o: o.score) if scored else None
    alt_text = (
        f"Grafico a barre: {title.lower()}. "
        f"{len(res.objectives)} obiettivi: {_status_counts([status(o.score) for o in res.objectives])}"
        + (f"; il valore più basso è {fmt.score(lowest.score)} (obiettivo {lowest.objective.id})" if lowest else "")
        + ". I dati sono nella tabella che segue il grafico."
    )
    rows = tuple(
        (f"{o.objective.id}. {o.objective.name}", fmt.score(o.score), STATUS_LABELS[status(o.score)], o.method_label)
        for o in res.objectives
    )
    return Chart(
        "obiettivi-strategici",
        title,
        alt_text,
        _spec(_bars(df), title),
        ("Obiettivo strategico", "Grado di raggiungimento", "Stato", "Metodo di calcolo"),
        rows,
    )


def _indicator_label(s: Scored) -> str:
    return _short(s.indicator.name, 44)


def card_chart(card: CardResult, year: int) -> Chart | None:
    """Each scored indicator of a scorecard against its target (100% = target met)."""
    scored = [s for s in card.indicators if s.score is not None]
    if not scored:
        return None
    labels: dict[str, int] = {}
    recs = []
    for s in scored:
        label = _indicator_label(s)
        labels[label] = labels.get(label, 0) + 1
        if labels[label] > 1:  # keep labels unique so bars do not merge
            label = f"{label} ({labels[label]})"
        recs.append({"etichetta": label, "valore": _pct(s.score), "testo": fmt.score(s.score), "stato": STATUS_LABELS[s.status]})
    df = pd.DataFrame(recs)
    title = f"{card.card.name}: raggiungimento dei target {year}"
    missed = [s for s in scored if s.status != "raggiunto"]
    alt_text = (
        f"Grafico a barre: grado di raggiungimento del target per ciascuno dei {len(scored)} indicatori valutati "
        f"({card.card.name}, {year}); 100% indica il target raggiunto. "
        f"{_status_counts([s.status for s in scored]).capitalize()}"
        + (
            "; non pienamente raggiunti: "
            + "; ".join(f"{s.indicator.name} {fmt.score(s.score)}" for s in missed)
            if missed
            else ""
        )
        + ". I dati sono nella tabella che segue il grafico."
    )
    rows = tuple(
        (
            s.indicator.name,
            s.indicator.target.text if s.indicator.target else "—",
            s.indicator.actual.text if s.indicator.actual else "—",
            fmt.score(s.score),
            STATUS_LABELS[s.status],
        )
        for s in scored
    )
    return Chart(
        f"raggiungimento-{card.card.id}",
        title,
        alt_text,
        _spec(_bars(df, 24), title),
        ("Indicatore", "Target", "Rilevato", "Grado di raggiungimento", "Stato"),
        rows,
    )


def cards_chart(res: YearResult) -> Chart | None:
    """Each unit's score on each strategic objective it contributes to."""
    recs = []
    rows = []
    for c in res.cards:
        if c.card.kind == "ente":
            continue
        for co in c.objectives:
            if co.score is None:
                continue
            recs.append(
                {
                    "scheda": _short(c.card.name, 40),
                    "obiettivo": str(co.objective.id),
                    "valore": _pct(co.score),
                    "testo": fmt.score(co.score),
                    "stato": STATUS_LABELS[status(co.score)],
                }
            )
            rows.append((c.card.name, f"{co.objective.id}. {co.objective.name}", fmt.score(co.score), STATUS_LABELS[status(co.score)]))
    if not recs:
        return None
    df = pd.DataFrame(recs)
    title = f"Grado di raggiungimento per unità, dirigente e obiettivo strategico {res.year.year}"
    base = alt.Chart(df).encode(
        x=alt.X("obiettivo:N", title="Obiettivo strategico", sort=sorted(set(df["obiettivo"]), key=int), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("scheda:N", title=None, sort=[_short(c.card.name, 40) for c in res.cards], axis=alt.Axis(labelLimit=240)),
    )
    heat = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color(
            "stato:N",
            title="Stato",
            scale=alt.Scale(domain=list(STATUS_LABELS.values()), range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        )
    )
    text = base.mark_text(color="#ffffff", fontWeight="bold").encode(text="testo:N")
    chart = (heat + text).properties(width=WIDTH - 220, height=34 * df["scheda"].nunique())
    below = [r for r in rows if r[3] != STATUS_LABELS["raggiunto"]]
    alt_text = (
        f"Tabella a colori: {title.lower()}. {len(rows)} valutazioni: {_status_counts([status(Decimal(str(r['valore']))) for r in recs])}"
        + ("; sotto il 100%: " + "; ".join(f"{r[0]}, obiettivo {r[1].split('.')[0]}: {r[2]}" for r in below) if below else "")
        + ". I dati sono nella tabella che segue il grafico."
    )
    return Chart(
        "unita-obiettivi",
        title,
        alt_text,
        _spec(chart, title),
        ("Unità o dirigente", "Obiettivo strategico", "Grado di raggiungimento", "Stato"),
        tuple(rows),
    )
