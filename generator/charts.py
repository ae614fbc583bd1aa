"""Charts: one function per chart, one theme (pure: builds Vega-Lite specs, writes nothing).

Each chart comes with its text alternative, generated from the data (what it
shows and the key figures), and with the same data as a table of Italian-
formatted cells: the page shows the SVG as an image with that alt text and the
table right after it, so no reader depends on the picture.

Each chart is built twice, for two layouts (`Layout`): the desktop picture (560 px) and a
phone variant (320 px: labels wrapped to three lines and shortened with "…", fewer ticks, a
taller plot) that the page offers below 600 px with <picture>, so that no chart text is drawn
smaller than 11 CSS px on a 360 px screen.

The specs are written as plain Vega-Lite dicts (the draw functions below): built with Altair
they cost ~30 ms each, 15 s of a cold build at 10 years, for the same specs (same SVG, byte for
byte). They are not validated while building; tests/test_charts.py validates every spec of the
sample against the Vega-Lite schema. `_spec` still takes an Altair chart too.

A chart function computes the chart's text and the records it draws (plain Python, cheap) and
returns a `Chart` whose specs are built only when first asked for (`Spec`), with a `key`: a hash
of what it draws (the draw function, its records and options, the title) and of everything else
that shapes the picture (this code, the fonts, the theme and colours, Altair's version). svg.py
caches SVGs by that key, so a warm build builds no spec and imports no chart library (no build
imports pandas; Altair only for a chart written with it, none is now).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import fmt, fonts
from .check import MAX_BARS  # a bar per indicator: beyond this a chart is unreadable (Altair refuses 5,000 rows)
from .compute import CardResult, Scored, YearResult


class _Deferred:
    """A module imported on first use: Altair takes ~1 s to import, and only a chart written with it needs it."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


alt = _Deferred("altair")

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
VALUE_SIZE = 11  # value labels beside grouped bars, and in the cells of the phone heatmap
LABEL_COLOUR = "#1f2328"  # every dark text of the charts
AXIS_COLOUR = "#6e7781"
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
        "axis": {"labelColor": LABEL_COLOUR, "titleColor": LABEL_COLOUR, "labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE, "gridColor": "#d0d7de",
                 # The axis line and ticks read the scale (≥ 3:1, WCAG 1.4.11); grid lines are decorative.
                 "domainColor": AXIS_COLOUR, "tickColor": AXIS_COLOUR, "titlePadding": 8},
        "legend": {"labelColor": LABEL_COLOUR, "titleColor": LABEL_COLOUR, "labelFontSize": LABEL_SIZE, "titleFontSize": LABEL_SIZE, "columnPadding": LEGEND_GAP,
                   "titlePadding": 8, "rowPadding": 8},
        "title": {"color": LABEL_COLOUR, "fontSize": TITLE_SIZE, "anchor": "start", "offset": 8},
    }


@dataclass(frozen=True)
class Layout:
    """The geometry of one variant of a chart: the desktop picture, or the narrow one for phones."""

    width: int  # the whole picture aims at this width
    label_limit: int  # px for a category label (desktop: vl-convert cuts with "…"; phone: wrapped, then "…")
    label_lines: int  # lines a category label may wrap to (1: no wrapping)
    ticks: int  # tick count hint of quantitative axes
    percent_ticks: tuple[int, ...]  # ticks of the 0-100% axis


DESKTOP = Layout(WIDTH, 0, 1, 5, (0, 25, 50, 75, 100))  # label_limit 0: each chart's own desktop limit
# Phones: at a 360 px viewport the content column is 328 px, so a 320 px picture is drawn at its own
# size (no scaling: 12 px labels stay 12 px, 11 px value labels stay 11 px).
PHONE = Layout(320, 120, 3, 3, (0, 50, 100))
LINE_HEIGHT = 15  # of wrapped category labels (12 px text; Titillium's line box is 18.2 px)
PHONE_SUFFIX = "-phone"  # the phone variant of grafici/x.svg is grafici/x-phone.svg


@dataclass(frozen=True)
class Chart:
    slug: str  # file name stem, unique within a page folder
    title: str
    alt: str
    spec: Mapping[str, Any]  # a dict, or a Spec built on first use
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    phone: Mapping[str, Any] | None = None  # the narrow variant's spec, shown below 600 px
    key: str | None = None  # what shapes its SVG (None: its spec does)


class Spec(Mapping):
    """A Vega-Lite spec built by `build()` when first read (true before then: a chart has it)."""

    def __init__(self, build: Callable[[], dict[str, Any]]):
        self._build: Callable[[], dict[str, Any]] | None = build
        self._spec: dict[str, Any] | None = None

    def resolve(self) -> dict[str, Any]:
        if self._spec is None:
            self._spec, self._build = self._build(), None
        return self._spec

    def __getitem__(self, name: str) -> Any:
        return self.resolve()[name]

    def __iter__(self):
        return iter(self.resolve())

    def __len__(self) -> int:
        return len(self.resolve())

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"Spec({'built' if self._spec is not None else 'not built'})"


def phone_path(path: str) -> str:
    """Where the phone variant of the chart at `path` (….svg) is written."""
    return path.removesuffix(".svg") + PHONE_SUFFIX + ".svg"


def register(charts: dict[str, Chart], path: str, chart: Chart) -> None:
    """Add a chart and its phone variant to a site's {svg path: chart} map."""
    charts[path] = chart
    if chart.phone is not None:
        key = chart.key and chart.key + PHONE_SUFFIX
        charts[phone_path(path)] = Chart(chart.slug + PHONE_SUFFIX, chart.title, chart.alt, chart.phone, chart.columns, chart.rows, key=key)


def _both(make) -> tuple[dict[str, Any], dict[str, Any]]:
    """The desktop and phone specs of one chart: `make(layout)` builds either."""
    return make(DESKTOP), make(PHONE)


# --- what shapes a chart ------------

_SOURCE = Path(__file__).resolve().parent


@cache
def _code(*names: str) -> str:
    """A hash of the generator's source files `names` (all of them when none)."""
    h = hashlib.sha256()
    for path in sorted(_SOURCE.glob("*.py")) if not names else [_SOURCE / n for n in names]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@cache
def _tools() -> str:
    return json.dumps({"code": _code("charts.py", "fonts.py"), "fonts": fonts.fingerprint(), "altair": version("altair")})


def style() -> str:
    """Everything but its records that shapes a chart's specs: the code that draws them, the fonts
    that measure its text, Altair's version (for a chart written with it), the theme, colours and layouts."""
    return json.dumps({"tools": _tools(), "theme": theme(), "status": [STATUS_LABELS, STATUS_COLOURS], "series": SERIES_COLOURS,
                       "layouts": [repr(DESKTOP), repr(PHONE)]}, sort_keys=True)


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


_built = [0]  # specs built with Altair in this process (a warm build builds none)


def specs_built() -> int:
    return _built[0]


def _lazy(slug: str, title: str, alt_text: str, columns: tuple[str, ...], rows, draw: Callable[..., Any], /, **params: Any) -> Chart:
    """A chart drawn by `draw(layout, **params)` (an Altair chart), its specs built on first use.

    `params` are plain JSON values (the records and the options drawn): with the title and
    style() they are the chart's key."""
    key = _digest(draw.__name__, title, params, style())

    def spec(lay: Layout) -> Spec:
        return Spec(lambda: _spec(draw(lay, **params), title, lay))

    return Chart(slug, title, alt_text, spec(DESKTOP), tuple(columns), tuple(rows), spec(PHONE), key=key)


def _ellipsize(text: str, width: float, size: float = LABEL_SIZE) -> str:
    """`text`, cut at the end with "…" so that it is no wider than `width` px."""
    if fonts.text_width(text, size) <= width:
        return text
    cut = text
    while cut and fonts.text_width(cut.rstrip() + "…", size) > width:
        cut = cut[:-1]
    if text[len(cut)] != " " and " " in cut.strip():  # end on a whole word when there is one
        cut = cut[: cut.rstrip().rindex(" ")]
    return cut.rstrip() + "…"


def _phone_label(text: str, lay: Layout) -> str:
    """A category label wrapped to `lay.label_limit` px in at most `lay.label_lines` lines ("\n" between)."""
    lines = [_ellipsize(x, lay.label_limit) for x in fonts.wrap(text, lay.label_limit, LABEL_SIZE)]
    if len(lines) > lay.label_lines:
        rest = " ".join(fonts.wrap(text, lay.label_limit, LABEL_SIZE)[lay.label_lines - 1:])
        lines = lines[: lay.label_lines - 1] + [_ellipsize(rest, lay.label_limit)]
    return "\n".join(lines)


def _labels(order: list[str], lay: Layout) -> dict[str, str]:
    """Category label → the label drawn in this layout (unique, so that bars never merge)."""
    if lay.label_lines == 1:
        return {x: x for x in order}
    out: dict[str, str] = {}
    for x in order:
        label, n = _phone_label(x, lay), 1
        while label in out.values():
            n += 1
            head, _, last = _phone_label(x, lay).rpartition("\n")
            tail = f" ({n})"
            label = (head + "\n" if head else "") + _ellipsize(last, lay.label_limit - fonts.text_width(tail, LABEL_SIZE)) + tail
        out[x] = label
    return out


def _label_axis(lay: Layout, desktop_limit: int) -> dict[str, Any]:
    """A category axis: desktop labels cut at `desktop_limit`; phone labels already wrapped and shortened."""
    if lay.label_lines == 1:
        return {"labelLimit": desktop_limit}
    # Vega draws a wrapped label's first line at the tick: move each label up by half its extra lines.
    centre = {"expr": f"-(length(split(datum.label, '\\n')) - 1) * {LINE_HEIGHT / 2}"}
    return {"labelExpr": "split(datum.label, '\\n')", "labelLimit": lay.label_limit + 2, "labelLineHeight": LINE_HEIGHT, "labelOffset": centre}


def _step(labels, minimum: float) -> float:
    """Band height: room for the tallest (wrapped) label."""
    lines = max((x.count("\n") + 1 for x in labels), default=1)
    return max(minimum, (lines - 1) * LINE_HEIGHT + 19)


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pct(x: Decimal | None) -> float | None:
    return None if x is None else float(fmt.round_half_up(x))


BAR_LABEL_LIMIT = 260


def _label_width(labels, limit: float) -> float:
    """Width in px of the widest axis label (vl-convert cuts at `limit` with "…")."""
    return min(limit, max((fonts.text_width(str(x), LABEL_SIZE) for x in labels), default=0.0))


def _legend(labels: list[str], width: float, title: str | None = None) -> dict[str, Any]:
    """A legend under the plot in as many columns as fit in `width` px, measured with the chart font."""
    entries = [LEGEND_SYMBOL + fonts.text_width(x, LABEL_SIZE) + LEGEND_GAP for x in labels]
    columns = len(labels) if sum(entries) <= width else max(1, int(width // max(entries)))
    return {"columns": columns, "direction": "horizontal", "labelLimit": max(60, int(width - LEGEND_SYMBOL)), "orient": "bottom",
            "title": title, "values": labels}


def _status_legend(statuses, label_width: float, lay: Layout = DESKTOP) -> dict[str, Any]:
    """The statuses present in the chart (the colours of the others stay reserved)."""
    present = [label for label in STATUS_LABELS.values() if label in set(statuses)]
    return _legend(present, lay.width - 2 * PADDING - label_width - 8, "Stato")


def _status_colour(legend: dict[str, Any]) -> dict[str, Any]:
    """Colour by status, with the same colour for a status in every chart."""
    return {"field": "stato", "legend": legend, "scale": {"domain": list(STATUS_LABELS.values()), "range": list(STATUS_COLOURS.values())},
            "title": "Stato", "type": "nominal"}


def _records(data) -> list[dict[str, Any]]:
    """The rows a chart draws: a list of records, or a pandas DataFrame (missing numbers become null)."""
    if isinstance(data, list):
        return data
    return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()} for row in data.to_dict("records")]


# Axis ticks of amounts: short Italian form, chosen once per chart (the table has the full figures).
_SCALES = ((1e9, "mld", ",.1~f"), (1e6, "mln", ",.1~f"), (1e4, "mila", ",.0f"))


def _amount_axis(values, title: str, lay: Layout = DESKTOP) -> dict[str, Any]:
    top = max((abs(v) for v in values), default=0)
    for factor, unit, pattern in _SCALES:
        if top >= factor:
            return {"labelExpr": f"datum.value == 0 ? '0' : format(datum.value / {factor:.0f}, '{pattern}') + ' {unit}'", "tickCount": lay.ticks, "title": title}
    return {"format": ",.0f", "tickCount": lay.ticks, "title": title}


INSIDE = 18  # bars at least this long (%) carry their value inside, in white; shorter ones just past their end


def _bars(data, height_per_bar: int = 26, lay: Layout = DESKTOP) -> dict[str, Any]:
    """Horizontal bars of a degree of achievement (0-100%), coloured by status, each with its value."""
    records = _records(data)
    names = _labels([r["etichetta"] for r in records], lay)
    records = [{**r, "etichetta": names[r["etichetta"]], "dentro": r["valore"] >= INSIDE} for r in records]
    order = [r["etichetta"] for r in records]
    limit = BAR_LABEL_LIMIT if lay.label_lines == 1 else lay.label_limit
    label_width = _label_width([y for x in order for y in x.split("\n")], limit)
    y = {"axis": _label_axis(lay, BAR_LABEL_LIMIT), "field": "etichetta", "sort": order, "title": None, "type": "nominal"}
    value = {"field": "valore", "type": "quantitative"}
    bars = {"mark": {"type": "bar", "height": 16}, "encoding": {
        "color": _status_colour(_status_legend([r["stato"] for r in records], label_width, lay)),
        "x": {"axis": {"values": list(lay.percent_ticks)}, **value, "scale": {"domain": [0, 100]}, "title": "Grado di raggiungimento (%)"},
        "y": y}}
    # A value label is white on its bar or dark on the white beside it, never dark on a coloured bar.
    text = {"text": {"field": "testo", "type": "nominal"}, "x": value, "y": y}
    inside = {"mark": {"type": "text", "align": "right", "color": "#ffffff", "dx": -4, "fontWeight": "bold"}, "encoding": text,
              "transform": [{"filter": "datum.dentro"}]}
    outside = {"mark": {"type": "text", "align": "left", "color": LABEL_COLOUR, "dx": 4, "fontWeight": "bold"}, "encoding": text,
               "transform": [{"filter": "!datum.dentro"}]}
    width = WIDTH - 300 if lay.label_lines == 1 else lay.width - 2 * PADDING - label_width - 10 - 12
    height = max(60, len(records) * _step(order, height_per_bar)) if lay.label_lines > 1 else max(60, height_per_bar * len(records))
    return {"layer": [bars, inside, outside], "data": {"values": records}, "height": height, "width": width}


VEGA_LITE = "https://vega.github.io/schema/vega-lite/v6.4.1.json"  # the version vl-convert bundles (and Altair 6.3 writes)


def _config() -> dict[str, Any]:
    """theme(), on Vega-Lite's defaults for the size of a continuous view (as Altair writes them)."""
    config = theme()
    return {**config, "view": {"continuousWidth": 300, "continuousHeight": 300, **config["view"]}}


def _spec(chart, title: str, lay: Layout = DESKTOP) -> dict[str, Any]:
    """The Vega-Lite spec of a chart (a dict from this module's draw functions, or an Altair chart), its title
    wrapped to the picture's width (measured with the chart font)."""
    lines = fonts.wrap(title, lay.width - 2 * PADDING, TITLE_SIZE, 700)
    _built[0] += 1
    text = lines if len(lines) > 1 else title
    if hasattr(chart, "to_dict"):  # Altair
        return chart.properties(title=alt.TitleParams(text)).configure(**theme()).to_dict(validate=False)
    return {"config": _config(), **chart, "title": {"text": text}, "$schema": VEGA_LITE}


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
        st = o.status
        recs.append(
            {
                "etichetta": f"{o.objective.code or o.objective.id}. {_short(o.objective.name)}",
                "valore": _pct(o.score) or 0,
                "testo": fmt.status_score(o.score, st) if o.score is not None else "",
                "stato": STATUS_LABELS[st],
            }
        )
    title = f"Grado di raggiungimento degli obiettivi strategici {res.year.year}"
    scored = [o for o in res.objectives if o.score is not None]
    lowest = min(scored, key=lambda o: o.score) if scored else None
    alt_text = (
        f"Grafico a barre: {title.lower()}. "
        f"{len(res.objectives)} obiettivi: {_status_counts([o.status for o in res.objectives])}"
        + (f"; il valore più basso è {fmt.status_score(lowest.score, lowest.status)} (obiettivo {lowest.objective.code or lowest.objective.id})" if lowest else "")
        + ". I dati sono nella tabella che segue il grafico."
    )
    rows = tuple(
        (o.objective.label, fmt.status_score(o.score, o.status), STATUS_LABELS[o.status], o.method_label)
        for o in res.objectives
    )
    return _lazy("obiettivi-strategici", title, alt_text, ("Obiettivo strategico", "Grado di raggiungimento", "Stato", "Metodo di calcolo"), rows,
                 _draw_bars, records=recs)


def _indicator_label(s: Scored) -> str:
    return _short(s.indicator.name, 44)


def card_chart(card: CardResult, year: int) -> Chart | None:
    """Each scored indicator of a scorecard against its target (100% = target met)."""
    scored = [s for s in card.indicators if s.score is not None]
    if not scored or len(scored) > MAX_BARS:
        return None
    labels: dict[str, int] = {}
    recs = []
    suffixes = []  # the table's row names carry the chart's numbering, so that each row is told apart as its bar is
    for s in scored:
        label = _indicator_label(s)
        labels[label] = labels.get(label, 0) + 1
        suffixes.append(f" ({labels[label]})" if labels[label] > 1 else "")
        if labels[label] > 1:  # keep labels unique so bars do not merge
            label = f"{label} ({labels[label]})"
        recs.append({"etichetta": label, "valore": _pct(s.shown), "testo": fmt.score(s.shown), "stato": STATUS_LABELS[s.status]})
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
            s.indicator.name + suffix,
            s.indicator.target.text if s.indicator.target else "—",
            s.indicator.actual.text if s.indicator.actual else "—",
            fmt.score(s.shown),
            STATUS_LABELS[s.status],
        )
        for s, suffix in zip(scored, suffixes)
    )
    return _lazy(f"raggiungimento-{card.card.id}", title, alt_text, ("Indicatore", "Target", "Rilevato", "Grado di raggiungimento", "Stato"), rows,
                 _draw_bars, records=recs, height_per_bar=24)


def cards_chart(res: YearResult) -> Chart | None:
    """Each unit's score on each strategic objective it contributes to."""
    recs = []
    rows = []
    keys, below = [], []  # statuses, and the rows under 100% (named in the alt text)
    for c in res.cards:
        if c.card.kind == "ente":
            continue
        for co in c.objectives:
            if co.score is None:
                continue
            keys.append(co.status)
            if fmt.round_half_up(co.score) < 100:
                below.append((c.card.name, co.objective.code or co.objective.id, fmt.status_score(co.score, co.status)))
            recs.append(
                {
                    "scheda": _short(c.card.name, 40),
                    "obiettivo": str(co.objective.id),
                    "valore": _pct(co.score),
                    "testo": fmt.status_score(co.score, co.status),
                    "stato": STATUS_LABELS[co.status],
                }
            )
            rows.append((c.card.name, co.objective.label, fmt.status_score(co.score, co.status), STATUS_LABELS[co.status], str(co.objective.code or co.objective.id)))
    if not recs:
        return None
    title = f"Grado di raggiungimento per unità, dirigente e obiettivo strategico {res.year.year}"
    units = [_short(c.card.name, 40) for c in res.cards if _short(c.card.name, 40) in {r["scheda"] for r in recs}]
    columns = sorted({r["obiettivo"] for r in recs}, key=int)
    alt_text = (
        f"Tabella a colori: {title.lower()}. {len(rows)} valutazioni: {_status_counts(keys)}"
        + ("; sotto il 100%: " + "; ".join(f"{name}, obiettivo {oid}: {score}" for name, oid, score in below) if below else "")
        + ". I dati sono nella tabella che segue il grafico."
    )
    return _lazy("unita-obiettivi", title, alt_text, ("Unità o dirigente", "Obiettivo strategico", "Grado di raggiungimento", "Stato"),
                 tuple(r[:4] for r in rows), _heatmap, records=recs, units=units, columns=columns)


def _heatmap(lay: Layout, records: list[dict[str, Any]], units: list[str], columns: list[str]) -> dict[str, Any]:
    """Each unit's score on each objective: a cell coloured by status, with its figure."""
    names = _labels(units, lay)
    phone = lay.label_lines > 1
    # On a phone the cells are narrow: the figure without "%" (the axis title says it), 11 px.
    data = [{**r, "scheda": names[r["scheda"]], "testo": r["testo"].removesuffix("%") if phone else r["testo"]} for r in records]
    label_width = _label_width([y for x in names.values() for y in x.split("\n")], lay.label_limit if phone else 240)
    x = {"axis": {"labelAngle": 0}, "field": "obiettivo", "sort": columns, "title": "Obiettivo strategico (%)" if phone else "Obiettivo strategico",
         "type": "nominal"}
    y = {"axis": _label_axis(lay, 240), "field": "scheda", "sort": [names[u] for u in units], "title": None, "type": "nominal"}
    heat = {"mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2},
            "encoding": {"color": _status_colour(_status_legend([r["stato"] for r in data], label_width, lay)), "x": x, "y": y}}
    text = {"mark": {"type": "text", "color": "#ffffff", "fontSize": VALUE_SIZE if phone else LABEL_SIZE, "fontWeight": "bold"},
            "encoding": {"text": {"field": "testo", "type": "nominal"}, "x": x, "y": y}}
    if not phone:
        width, height = WIDTH - 220, 34 * len(units)
    else:
        width, height = lay.width - 2 * PADDING - label_width - 10 - 4, len(units) * _step(names.values(), 34)
    return {"layer": [heat, text], "data": {"values": data}, "height": height, "width": width}


# --- budget, staff, bonuses, tables ------------------------------------------------

# Eight colours with at least 3:1 contrast on white (WCAG 1.4.11); every bar also carries its value.
SERIES_COLOURS = ["#0b4f8a", "#c2410c", "#4d7c0f", "#6b21a8", "#0e7490", "#9f1239", "#854d0e", "#374151"]


def _draw_bars(lay: Layout, records: list[dict[str, Any]], height_per_bar: int = 26) -> dict[str, Any]:
    return _bars(records, height_per_bar, lay)


def _draw_grouped(lay: Layout, records: list[dict[str, Any]], order: list[str], series_order: list[str], x_title: str,
                  amounts: bool = False) -> dict[str, Any]:
    return _grouped_bars(records, order, series_order, x_title, amounts, lay)


def _grouped_bars(data, order: list[str], series_order: list[str], x_title: str, amounts: bool = False,
                  lay: Layout = DESKTOP) -> dict[str, Any]:
    """Horizontal bars: one group per category, one bar per series (colour + legend + labels)."""
    names = _labels(order, lay)
    records = [{**r, "categoria": names[r["categoria"]]} for r in _records(data)]
    order = [names[x] for x in order]
    y = {"axis": _label_axis(lay, 240), "field": "categoria", "sort": order, "title": None, "type": "nominal"}
    encodings: dict[str, Any] = {"y": y}
    label_width = _label_width([line for x in order for line in x.split("\n")], 240 if lay.label_lines == 1 else lay.label_limit)
    legend_width = lay.width - 2 * PADDING - label_width - 8
    step = 19  # a 12 px label's line box is 18.2 px
    per_category: dict[str, set] = {}
    for r in records:
        per_category.setdefault(r["categoria"], set()).add(r["serie"])
    series = max(map(len, per_category.values()))
    if series > 1:  # side by side only where a category has several series
        encodings["yOffset"] = {"field": "serie", "sort": series_order, "type": "nominal"}
        step = 17  # the 11 px value labels' line box is 16.7 px; labels get one step per series
    if lay.label_lines > 1:  # a category's band holds its wrapped label
        step = max(step, _step(order, 0) / series)
    if amounts:
        x_axis = _amount_axis([r["valore"] for r in records], x_title, lay)
    else:
        x_axis = {"tickCount": lay.ticks, "title": x_title} if lay.label_lines > 1 else {"title": x_title}
    value = {"field": "valore", "type": "quantitative"}
    bars = {"mark": {"type": "bar", "height": {"band": 0.9}}, "encoding": {
        "color": {"field": "serie", "legend": _legend(series_order, legend_width),
                  "scale": {"domain": series_order, "range": SERIES_COLOURS[: len(series_order)]}, "sort": series_order, "title": None, "type": "nominal"},
        "x": {"axis": x_axis, **value}, **encodings}}
    text = {"mark": {"type": "text", "align": "left", "color": LABEL_COLOUR, "dx": 3, "fontSize": VALUE_SIZE},
            "encoding": {"text": {"field": "testo", "type": "nominal"}, "x": value, **encodings}}
    if lay.label_lines == 1:
        width = WIDTH - 300
    else:  # the longest value label sits past the longest bar, inside the picture
        values = max((fonts.text_width(str(r["testo"]), VALUE_SIZE) for r in records), default=0)
        width = lay.width - 2 * PADDING - label_width - 10 - values - 3 - 4
    return {"layer": [bars, text], "data": {"values": records}, "height": {"step": step}, "width": width}


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
    title = f"Conto economico {year}: preventivo e consuntivo per voce (euro)"
    with_variance = [i for i in lines if i.figures.variance is not None]
    biggest = max(with_variance, key=lambda i: abs(i.figures.variance)) if with_variance else None
    alt_text = (
        f"Grafico a barre: {title}. {len(lines)} voci, per ciascuna una barra del preventivo e una del consuntivo. "
        + (f"Lo scostamento più ampio è «{biggest.row.label}»: {fmt.euro(biggest.figures.variance, 0)}. " if biggest else "Il consuntivo non è ancora disponibile. ")
        + "I dati sono nella tabella che segue il grafico."
    )
    return _lazy("conto-economico", title, alt_text, ("Voce", "Preventivo", "Consuntivo", "Scostamento"), tuple(rows),
                 _draw_grouped, records=recs, order=order, series_order=["Preventivo", "Consuntivo"], x_title="Euro", amounts=True)


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
    title = f"Composizione di proventi e oneri {year} (consuntivo, % sul totale)"
    top = {lab: max((r for r in recs if r["serie"] == lab), key=lambda r: r["valore"]) for lab in ("Proventi", "Oneri") if any(r["serie"] == lab for r in recs)}
    alt_text = (
        f"Grafico a barre: {title}. "
        + " ".join(f"La voce principale {'dei proventi' if lab == 'Proventi' else 'degli oneri'} è «{r['categoria'].split(': ', 1)[1]}» con il {r['testo']}." for lab, r in top.items())
        + " I dati sono nella tabella che segue il grafico."
    )
    return _lazy("composizione-proventi-oneri", title, alt_text, ("Voce", "Consuntivo", "% sul totale"), tuple(rows),
                 _draw_grouped, records=recs, order=[r["categoria"] for r in recs], series_order=["Proventi", "Oneri"], x_title="% sul totale")


def staff_category_chart(tab, genders: list[str], title: str) -> Chart:
    """People by category and gender (all seats)."""
    recs, rows = [], []
    items = [i for i in tab.items if tab.get(i, None, None)]
    for item in items:
        for g in genders:
            n = tab.get(item, None, g)
            recs.append({"categoria": _short(item, 40), "serie": g, "valore": n, "testo": str(n)})
        rows.append((item, *(str(tab.get(item, None, g)) for g in genders), str(tab.get(item, None, None))))
    totals = {g: tab.total(None, g) for g in genders}
    alt_text = (
        f"Grafico a barre: {title.lower()}. Totale {sum(totals.values())} persone: "
        + ", ".join(f"{g.lower()} {n}" for g, n in totals.items())
        + ". "
        + " ".join(f"{item}: " + ", ".join(f"{g.lower()} {tab.get(item, None, g)}" for g in genders) + "." for item in items)
        + " I dati sono nella tabella che segue il grafico."
    )
    return _lazy(f"personale-{tab.table.id}", title, alt_text, ("Voce", *genders, "Totale"), tuple(rows),
                 _draw_grouped, records=recs, order=[_short(i, 40) for i in items], series_order=list(genders), x_title="Persone")


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
    alt_text = (
        f"Grafico a barre: {title.lower()}. "
        + " ".join(g + ": " + ", ".join(f"{r['serie'].lower()} {r['testo']}" for r in recs if r["categoria"] == g) + "." for g in genders)
        + " I dati sono nella tabella che segue il grafico."
    )
    return _lazy(f"quote-{tab.table.id}", title, alt_text, ("Genere e voce", "Persone", "% sul genere"), tuple(rows),
                 _draw_grouped, records=recs, order=list(genders), series_order=list(tab.items), x_title="% sul totale del genere")


def bonus_chart(dist) -> Chart:
    """Share of staff in each evaluation band, per staff group."""
    recs, rows = [], []
    for g in dist.groups:
        for b in g.bands:
            recs.append({"categoria": f"{_short(g.group, 36)}: {b.band}", "serie": _short(g.group, 36), "valore": float(b.share), "testo": fmt.percent(b.share)})
            rows.append((g.group, b.band, fmt.percent(b.share)))
    title = f"Grado di differenziazione della premialità {dist.reference_year}: quota di personale per fascia di valutazione"
    alt_text = (
        f"Grafico a barre: {title.lower()}. "
        + " ".join(f"{g.group}: " + ", ".join(f"fascia {b.band} {fmt.percent(b.share)}" for b in g.bands) + "." for g in dist.groups)
        + " I dati sono nella tabella che segue il grafico."
    )
    groups = list(dict.fromkeys(r["serie"] for r in recs))
    return _lazy(f"premi-{dist.reference_year}", title, alt_text, ("Gruppo", "Fascia di valutazione", "Quota del personale"), tuple(rows),
                 _draw_grouped, records=recs, order=[r["categoria"] for r in recs], series_order=groups, x_title="% del personale del gruppo")


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
    rows = tuple((str(r[0]), *(cell_text(r[i]) if r[i] is not None else "—" for i in idx)) for r in rows_in)
    return _lazy(slug, title, alt_text, (label_col, *options.series), rows,
                 _draw_grouped, records=recs, order=order, series_order=list(options.series), x_title=x_title, amounts=unit != "%")


TREND_YEARS = 5  # the year and the four before: a citizen compares with the recent past, not with 2005


def trend_chart(card_id: str, card_name: str, year: int, trends) -> Chart | None:
    """Degree of achievement of the same indicators across the years: the last TREND_YEARS years that have
    any of them (so the chart, and its table, stay the same size as years accumulate; each earlier year's
    page has its own)."""
    recs, rows = [], []
    years = sorted({p.year for t in trends for p in t.points})[-TREND_YEARS:]
    for t in trends:
        for p in t.points:
            if p.scored.score is None or p.year < years[0]:
                continue
            recs.append({"categoria": _short(t.name, 40), "serie": str(p.year), "valore": _pct(p.scored.shown), "testo": fmt.score(p.scored.shown)})
        rows.append((t.name, *(fmt.score(next((p.scored.shown for p in t.points if p.year == y), None)) for y in years)))
    if len({r["serie"] for r in recs}) < 2:
        return None
    changes = [t.score_change for t in trends if t.score_change is not None]
    up, down = sum(1 for c in changes if c > 0), sum(1 for c in changes if c < 0)
    title = f"{card_name}: grado di raggiungimento degli stessi indicatori negli anni"
    alt_text = (
        f"Grafico a barre: {title.lower()} ({', '.join(map(str, years))}). {len(trends)} indicatori confrontati: "
        f"{up} migliorati, {down} peggiorati, {len(changes) - up - down} invariati rispetto all'anno precedente. "
        "I dati sono nella tabella che segue il grafico."
    )
    return _lazy(f"confronto-{card_id}-{year}", title, alt_text, ("Indicatore", *map(str, years)), rows, _draw_grouped, records=recs,
                 order=list(dict.fromkeys(r["categoria"] for r in recs)), series_order=[str(y) for y in years], x_title="Grado di raggiungimento (%)")

