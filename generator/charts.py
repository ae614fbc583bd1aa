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

from . import fmt, fonts
from .check import MAX_BARS  # a bar per indicator: beyond this a chart is unreadable (Altair refuses 5,000 rows)
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
# The one typeface of site and charts: vl-convert measures with it, each SVG embeds it (svg.py).
FONT = f"'{fonts.FAMILY}', sans-serif"
WIDTH = 560  # the whole picture aims at this width: titles wrap and legends fold to stay within it
PADDING = 8
LABEL_SIZE = 12
TITLE_SIZE = 14
# Legend geometry (Vega's defaults): a symbol, the gap before its label, the gap between columns.
LEGEND_SYMBOL, LEGEND_GAP = 20, 10


def theme() -> dict[str, Any]:
    return {
        "font": FONT,
        "background": "#ffffff",
        "padding": PADDING,
        # The page shows the SVG as <img> with an alt text and the table: ARIA inside it is dead weight.
        "aria": False,
        "view": {"stroke": None},
        # Gaps sized for Titillium's line box (1.52 em): no text box touches another.
        "axis": {"labelColor": "#1f2328", "titleColor": "#1f2328", "labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE, "gridColor": "#d0d7de",
                 "titlePadding": 8},
        "legend": {"labelColor": "#1f2328", "titleColor": "#1f2328", "labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE, "columnPadding": LEGEND_GAP,
                   "titlePadding": 8, "rowPadding": 8},
        "title": {"color": "#1f2328", "fontSize": TITLE_SIZE, "anchor": "start", "offset": 8},
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


BAR_LABEL_LIMIT = 260


def _label_width(labels, limit: float) -> float:
    """Width in px of the widest axis label (vl-convert cuts at `limit` with "…")."""
    return min(limit, max((fonts.text_width(str(x), LABEL_SIZE) for x in labels), default=0.0))


def _legend(labels: list[str], width: float, title: str | None = None) -> alt.Legend:
    """A legend under the plot in as many columns as fit in `width` px, measured with the chart font."""
    entries = [LEGEND_SYMBOL + fonts.text_width(x, LABEL_SIZE) + LEGEND_GAP for x in labels]
    columns = len(labels) if sum(entries) <= width else max(1, int(width // max(entries)))
    return alt.Legend(orient="bottom", direction="horizontal", columns=columns, title=title, values=labels,
                      labelLimit=max(60, int(width - LEGEND_SYMBOL)))


def _status_legend(statuses, label_width: float) -> alt.Legend:
    """The statuses present in the chart (the colours of the others stay reserved)."""
    present = [label for label in STATUS_LABELS.values() if label in set(statuses)]
    return _legend(present, WIDTH - 2 * PADDING - label_width - 8, "Stato")


# Axis ticks of amounts: short Italian form, chosen once per chart (the table has the full figures).
_SCALES = ((1e9, "mld", ",.1~f"), (1e6, "mln", ",.1~f"), (1e4, "mila", ",.0f"))


def _amount_axis(values, title: str) -> alt.Axis:
    top = max((abs(v) for v in values), default=0)
    for factor, unit, pattern in _SCALES:
        if top >= factor:
            return alt.Axis(title=title, tickCount=5, labelExpr=f"datum.value == 0 ? '0' : format(datum.value / {factor:.0f}, '{pattern}') + ' {unit}'")
    return alt.Axis(title=title, tickCount=5, format=",.0f")


def _bars(df: pd.DataFrame, height_per_bar: int = 26) -> alt.Chart:
    # Labels sit inside the bar's end; short bars get a dark label just past their end.
    df = df.assign(pos=df["valore"].clip(lower=18), colore=["#ffffff" if v >= 18 else "#1f2328" for v in df["valore"]])
    order = list(df["etichetta"])
    base = alt.Chart(df).encode(
        y=alt.Y("etichetta:N", sort=order, title=None, axis=alt.Axis(labelLimit=BAR_LABEL_LIMIT)),
    )
    bars = base.mark_bar(height=16).encode(
        x=alt.X("valore:Q", title="Grado di raggiungimento (%)", scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 25, 50, 75, 100])),
        color=alt.Color(
            "stato:N",
            title="Stato",
            scale=alt.Scale(domain=list(STATUS_LABELS.values()), range=list(STATUS_COLOURS.values())),
            legend=_status_legend(df["stato"], _label_width(order, BAR_LABEL_LIMIT)),
        ),
    )
    text = base.mark_text(align="right", dx=-4, fontWeight="bold").encode(
        x="pos:Q", text="testo:N", color=alt.Color("colore:N", scale=None)
    )
    return (bars + text).properties(width=WIDTH - 300, height=max(60, height_per_bar * len(df)))


def _spec(chart: alt.Chart, title: str) -> dict[str, Any]:
    """The Vega-Lite spec, its title wrapped to the picture's width (measured with the chart font)."""
    lines = fonts.wrap(title, WIDTH - 2 * PADDING, TITLE_SIZE, 700)
    return chart.properties(title=alt.TitleParams(lines if len(lines) > 1 else title)).configure(**theme()).to_dict(validate=False)


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
                "etichetta": f"{o.objective.code or o.objective.id}. {_short(o.objective.name)}",
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
        + (f"; il valore più basso è {fmt.score(lowest.score)} (obiettivo {lowest.objective.code or lowest.objective.id})" if lowest else "")
        + ". I dati sono nella tabella che segue il grafico."
    )
    rows = tuple(
        (o.objective.label, fmt.score(o.score), STATUS_LABELS[status(o.score)], o.method_label)
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
    if not scored or len(scored) > MAX_BARS:
        return None
    labels: dict[str, int] = {}
    recs = []
    for s in scored:
        label = _indicator_label(s)
        labels[label] = labels.get(label, 0) + 1
        if labels[label] > 1:  # keep labels unique so bars do not merge
            label = f"{label} ({labels[label]})"
        recs.append({"etichetta": label, "valore": _pct(s.shown), "testo": fmt.score(s.shown), "stato": STATUS_LABELS[s.status]})
    df = pd.DataFrame(recs)
    title = f"{card.card.name}: raggiungimento dei target {year}"
    missed = [s for s in scored if s.status != "raggiunto"]
    alt_text = (
        f"Grafico a barre: grado di raggiungimento del target per ciascuno dei {len(scored)} indicatori valutati "
        f"({card.card.name}, {year}); 100% indica il target raggiunto. "
        f"{_status_counts([s.status for s in scored]).capitalize()}"
        + (
            "; non pienamente raggiunti: "
            + "; ".join(f"{s.indicator.name} {fmt.score(s.shown)}" for s in missed)
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
            fmt.score(s.shown),
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
            rows.append((c.card.name, co.objective.label, fmt.score(co.score), STATUS_LABELS[status(co.score)], str(co.objective.code or co.objective.id)))
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
            legend=_status_legend(df["stato"], _label_width(df["scheda"], 240)),
        )
    )
    text = base.mark_text(color="#ffffff", fontWeight="bold").encode(text="testo:N")
    chart = (heat + text).properties(width=WIDTH - 220, height=34 * df["scheda"].nunique())
    below = [r for r in rows if r[3] != STATUS_LABELS["raggiunto"]]
    alt_text = (
        f"Tabella a colori: {title.lower()}. {len(rows)} valutazioni: {_status_counts([status(Decimal(str(r['valore']))) for r in recs])}"
        + ("; sotto il 100%: " + "; ".join(f"{r[0]}, obiettivo {r[4]}: {r[2]}" for r in below) if below else "")
        + ". I dati sono nella tabella che segue il grafico."
    )
    return Chart(
        "unita-obiettivi",
        title,
        alt_text,
        _spec(chart, title),
        ("Unità o dirigente", "Obiettivo strategico", "Grado di raggiungimento", "Stato"),
        tuple(r[:4] for r in rows),
    )


# --- budget, staff, bonuses, tables ------------------------------------------------

# Eight colours with at least 3:1 contrast on white (WCAG 1.4.11); every bar also carries its value.
SERIES_COLOURS = ["#0b4f8a", "#c2410c", "#4d7c0f", "#6b21a8", "#0e7490", "#9f1239", "#854d0e", "#374151"]


def _grouped_bars(df: pd.DataFrame, order: list[str], series_order: list[str], x_title: str, amounts: bool = False) -> alt.Chart:
    """Horizontal bars: one group per category, one bar per series (colour + legend + labels)."""
    encodings: dict[str, Any] = {"y": alt.Y("categoria:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))}
    legend_width = WIDTH - 2 * PADDING - _label_width(order, 240) - 8
    step = 19  # a 12 px label's line box is 18.2 px
    if df.groupby("categoria")["serie"].nunique().max() > 1:  # side by side only where a category has several series
        encodings["yOffset"] = alt.YOffset("serie:N", sort=series_order)
        step = 17  # the 11 px value labels' line box is 16.7 px; labels get one step per series
    base = alt.Chart(df).encode(**encodings)
    bars = base.mark_bar(height={"band": 0.9}).encode(
        x=alt.X("valore:Q", axis=_amount_axis(df["valore"], x_title) if amounts else alt.Axis(title=x_title)),
        color=alt.Color("serie:N", title=None, sort=series_order, scale=alt.Scale(domain=series_order, range=SERIES_COLOURS[: len(series_order)]),
                        legend=_legend(series_order, legend_width)),
    )
    text = base.mark_text(align="left", dx=3, fontSize=11, color="#1f2328").encode(x="valore:Q", text="testo:N")
    return (bars + text).properties(width=WIDTH - 300, height=alt.Step(step))


def budget_chart(result, year: int) -> Chart | None:
    """Preventivo vs consuntivo for every line with figures."""
    recs, rows = [], []
    lines = [i for i in result.lines() if i.figures.planned is not None or i.figures.actual is not None]
    if not lines:
        return None
    order = [f"{i.row.code}. {_short(i.row.label, 40)}" for i in lines]
    for item, label in zip(lines, order):
        for serie, value in (("Preventivo", item.figures.planned), ("Consuntivo", item.figures.actual)):
            recs.append({"categoria": label, "serie": serie, "valore": float(value or 0), "testo": fmt.number(value) if value is not None else "—"})
        rows.append((f"{item.row.code}. {item.row.label}", fmt.euro(item.figures.planned, 0) if item.figures.planned is not None else "—",
                     fmt.euro(item.figures.actual, 0) if item.figures.actual is not None else "—",
                     fmt.euro(item.figures.variance, 0) if item.figures.variance is not None else "—"))
    df = pd.DataFrame(recs)
    title = f"Conto economico {year}: preventivo e consuntivo per voce (euro)"
    with_variance = [i for i in lines if i.figures.variance is not None]
    biggest = max(with_variance, key=lambda i: abs(i.figures.variance)) if with_variance else None
    alt_text = (
        f"Grafico a barre: {title}. {len(lines)} voci, per ciascuna una barra del preventivo e una del consuntivo. "
        + (f"Lo scostamento più ampio è «{biggest.row.label}»: {fmt.euro(biggest.figures.variance, 0)}. " if biggest else "Il consuntivo non è ancora disponibile. ")
        + "I dati sono nella tabella che segue il grafico."
    )
    return Chart("conto-economico", title, alt_text, _spec(_grouped_bars(df, order, ["Preventivo", "Consuntivo"], "Euro", amounts=True), title),
                 ("Voce", "Preventivo", "Consuntivo", "Scostamento"), tuple(rows))


def composition_chart(result, year: int) -> Chart | None:
    """How proventi and oneri (consuntivo) are made up: shares of each line in its nature's total."""
    recs, rows = [], []
    for nature, label in (("provento", "Proventi"), ("onere", "Oneri")):
        lines = [i for i in result.lines(nature=nature) if i.figures.actual]
        total = sum((i.figures.actual for i in lines), Decimal(0))
        for i in lines:
            share = i.figures.actual / total * 100
            recs.append({"categoria": f"{label}: {_short(i.row.label, 38)}", "serie": label, "valore": float(fmt.round_half_up(share, 1)), "testo": fmt.percent(share, 1)})
            rows.append((f"{label}: {i.row.label}", fmt.euro(i.figures.actual, 0), fmt.percent(share, 1)))
    if not recs:
        return None
    df = pd.DataFrame(recs)
    title = f"Composizione di proventi e oneri {year} (consuntivo, % sul totale)"
    top = {lab: max((r for r in recs if r["serie"] == lab), key=lambda r: r["valore"]) for lab in ("Proventi", "Oneri") if any(r["serie"] == lab for r in recs)}
    alt_text = (
        f"Grafico a barre: {title}. "
        + " ".join(f"La voce principale {'dei proventi' if lab == 'Proventi' else 'degli oneri'} è «{r['categoria'].split(': ', 1)[1]}» con il {r['testo']}." for lab, r in top.items())
        + " I dati sono nella tabella che segue il grafico."
    )
    chart = _grouped_bars(df, [r["categoria"] for r in recs], ["Proventi", "Oneri"], "% sul totale")
    return Chart("composizione-proventi-oneri", title, alt_text, _spec(chart, title), ("Voce", "Consuntivo", "% sul totale"), tuple(rows))


def staff_category_chart(tab, genders: list[str], title: str) -> Chart:
    """People by category and gender (all seats)."""
    recs, rows = [], []
    items = [i for i in tab.items if tab.get(i, None, None)]
    for item in items:
        for g in genders:
            n = tab.get(item, None, g)
            recs.append({"categoria": _short(item, 40), "serie": g, "valore": n, "testo": str(n)})
        rows.append((item, *(str(tab.get(item, None, g)) for g in genders), str(tab.get(item, None, None))))
    df = pd.DataFrame(recs)
    totals = {g: tab.total(None, g) for g in genders}
    alt_text = (
        f"Grafico a barre: {title.lower()}. Totale {sum(totals.values())} persone: "
        + ", ".join(f"{g.lower()} {n}" for g, n in totals.items())
        + ". "
        + " ".join(f"{item}: " + ", ".join(f"{g.lower()} {tab.get(item, None, g)}" for g in genders) + "." for item in items)
        + " I dati sono nella tabella che segue il grafico."
    )
    return Chart(f"personale-{tab.table.id}", title, alt_text, _spec(_grouped_bars(df, [_short(i, 40) for i in items], genders, "Persone"), title),
                 ("Voce", *genders, "Totale"), tuple(rows))


def staff_shares_chart(tab, genders: list[str], title: str) -> Chart:
    """Within each gender, the share of each row (e.g. education level)."""
    recs, rows = [], []
    for g in genders:
        total = tab.total(None, g)
        for item in tab.items:
            n = tab.get(item, None, g)
            share = Decimal(n) / total * 100 if total else Decimal(0)
            recs.append({"categoria": g, "serie": item, "valore": float(fmt.round_half_up(share, 1)), "testo": fmt.percent(share, 1)})
            rows.append((f"{g}: {item}", str(n), fmt.percent(share, 1)))
    df = pd.DataFrame(recs)
    alt_text = (
        f"Grafico a barre: {title.lower()}. "
        + " ".join(g + ": " + ", ".join(f"{r['serie'].lower()} {r['testo']}" for r in recs if r["categoria"] == g) + "." for g in genders)
        + " I dati sono nella tabella che segue il grafico."
    )
    chart = _grouped_bars(df, genders, list(tab.items), "% sul totale del genere")
    return Chart(f"quote-{tab.table.id}", title, alt_text, _spec(chart, title), ("Genere e voce", "Persone", "% sul genere"), tuple(rows))


def bonus_chart(dist) -> Chart:
    """Share of staff in each evaluation band, per staff group."""
    recs, rows = [], []
    for g in dist.groups:
        for b in g.bands:
            recs.append({"categoria": f"{_short(g.group, 36)}: {b.band}", "serie": _short(g.group, 36), "valore": float(b.share), "testo": fmt.percent(b.share)})
            rows.append((g.group, b.band, fmt.percent(b.share)))
    df = pd.DataFrame(recs)
    title = f"Grado di differenziazione della premialità {dist.reference_year}: quota di personale per fascia di valutazione"
    alt_text = (
        f"Grafico a barre: {title.lower()}. "
        + " ".join(f"{g.group}: " + ", ".join(f"fascia {b.band} {fmt.percent(b.share)}" for b in g.bands) + "." for g in dist.groups)
        + " I dati sono nella tabella che segue il grafico."
    )
    groups = list(dict.fromkeys(r["serie"] for r in recs))
    chart = _grouped_bars(df, [r["categoria"] for r in recs], groups, "% del personale del gruppo")
    return Chart(f"premi-{dist.reference_year}", title, alt_text, _spec(chart, title), ("Gruppo", "Fascia di valutazione", "Quota del personale"), tuple(rows))


def table_chart(table, options, slug: str, cell_text) -> Chart:
    """A chart of a narrative table's numeric columns, as configured in the data."""
    label_col = table.columns[0]
    idx = [table.columns.index(s) for s in options.series]
    rows_in = [r for r in table.rows if r[0] not in options.exclude]
    recs = []
    for r in rows_in:
        for s, i in zip(options.series, idx):
            if r[i] is not None:
                recs.append({"categoria": _short(str(r[0]), 40), "nome": str(r[0]), "serie": s, "valore": float(r[i].value), "testo": cell_text(r[i])})
    if not recs:
        return None
    df = pd.DataFrame(recs)
    title = options.title or f"{', '.join(options.series)} per {label_col.lower()}"
    unit = next((r[i].unit for r in rows_in for i in idx if r[i] is not None), "")
    top = max(recs, key=lambda r: r["valore"])
    alt_text = (
        f"Grafico a barre: {title}. {len(rows_in)} voci"
        + (f", serie: {', '.join(options.series)}" if len(options.series) > 1 else "")
        + f". Valore più alto: {top['nome']}" + (f" ({top['serie']})" if len(options.series) > 1 else "") + f", {top['testo']}."
        + " I dati sono nella tabella che segue il grafico."
    )
    order = list(dict.fromkeys(r["categoria"] for r in recs))
    x_title = {"%": "%", "€": "Euro"}.get(unit, "Valore")
    chart = _grouped_bars(df, order, list(options.series), x_title, amounts=unit != "%")
    rows = tuple((str(r[0]), *(cell_text(r[i]) if r[i] is not None else "—" for i in idx)) for r in rows_in)
    return Chart(slug, title, alt_text, _spec(chart, title), (label_col, *options.series), rows)


def trend_chart(card_id: str, card_name: str, year: int, trends) -> Chart | None:
    """Degree of achievement of the same indicators across the years."""
    recs, rows = [], []
    years = sorted({p.year for t in trends for p in t.points})
    for t in trends:
        for p in t.points:
            if p.scored.score is None:
                continue
            recs.append({"categoria": _short(t.name, 40), "serie": str(p.year), "valore": _pct(p.scored.shown), "testo": fmt.score(p.scored.shown)})
        rows.append((t.name, *(fmt.score(next((p.scored.shown for p in t.points if p.year == y), None)) for y in years)))
    if len({r["serie"] for r in recs}) < 2:
        return None
    df = pd.DataFrame(recs)
    changes = [t.score_change for t in trends if t.score_change is not None]
    up, down = sum(1 for c in changes if c > 0), sum(1 for c in changes if c < 0)
    title = f"{card_name}: grado di raggiungimento degli stessi indicatori negli anni"
    alt_text = (
        f"Grafico a barre: {title.lower()} ({', '.join(map(str, years))}). {len(trends)} indicatori confrontati: "
        f"{up} migliorati, {down} peggiorati, {len(changes) - up - down} invariati rispetto all'anno precedente. "
        "I dati sono nella tabella che segue il grafico."
    )
    chart = _grouped_bars(df, list(dict.fromkeys(r["categoria"] for r in recs)), [str(y) for y in years], "Grado di raggiungimento (%)")
    return Chart(f"confronto-{card_id}-{year}", title, alt_text, _spec(chart, title), ("Indicatore", *map(str, years)), tuple(rows))

