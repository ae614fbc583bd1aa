"""Computed results → Markdown pages (Jinja2 templates). Writes nothing.

`render_site` returns the generated pages and chart specs, plus the MkDocs
navigation. Only year index pages enter the navigation: each year's objective
and scorecard pages are linked from the year page and carry breadcrumbs, so the
sidebar stays the same size however many years accumulate.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import charts as ch
from . import bonuses, escape, fmt, glossary, history, jinja_cache, opendata, summary, urls
from .compute import DEFAULT_THRESHOLDS, Scored, YearResult
from .load import AT_SECTIONS
from .fmt import round_half_up
from .model import DOCUMENT_ITEMS, Body, Dataset, Indicator, is_placeholder
from .render_datasets import Block, DatasetPages
from .targets import Direction

TEMPLATES = Path(__file__).parent / "templates"

STATUS_ICONS = {"raggiunto": "✔", "parziale": "◐", "non-raggiunto": "✘", "non-valutato": "–"}
STATE_LABELS = {"rendicontato": "Dati a consuntivo (Relazione)", "pianificato": "Dati di programmazione (Piano)"}


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative, e.g. amministrazione-trasparente/index.md
    text: str


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    charts: dict[str, ch.Chart] = field(default_factory=dict)  # docs-relative svg path → chart
    files: dict[str, str] = field(default_factory=dict)  # docs-relative path → text (open data, feed, …)
    copies: dict[str, Path] = field(default_factory=dict)  # docs-relative path → file to copy (documents)
    nav: list[Any] = field(default_factory=list)


def _anchor(ind: Indicator) -> str:
    digest = hashlib.sha1(f"{Path(ind.file).name}:{ind.line}".encode()).hexdigest()[:8]  # never the folder: output must not depend on where the data is
    return f"nota-{digest}"


def _direction_note(ind: Indicator) -> str:
    if ind.target is None or ind.target.direction is not None:
        return ""
    if ind.direction is Direction.LOWER:
        return "(valore massimo: più basso è meglio)"
    return ""


def _fact(value: str, link: str = "") -> Markup:
    """A fact of the body, or "da completare"; `link` ("url", "mailto", "tel") makes it a link."""
    if is_placeholder(value):
        return Markup('<span class="da-completare">da completare</span>')
    if link:
        href = {"url": escape.url, "mailto": escape.mailto, "tel": escape.tel}[link](value)
        return Markup(f'<a href="{escape.html(href)}">{escape.html(value)}</a>')
    return escape.html(value)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
        bytecode_cache=jinja_cache.SHARED,
    )
    env.filters.update(
        md=escape.markdown_inline,
        paragraphs=escape.paragraphs,
        lines=escape.lines,
        score=fmt.score,
        status_score=fmt.status_score,
        day=fmt.day,
        anchor=_anchor,
        front_matter=escape.front_matter,
    )
    env.globals.update(
        archived_years=set(),
        labels=ch.STATUS_LABELS,
        icons=STATUS_ICONS,
        direction_note=_direction_note,
        fact=_fact,
    )
    return env


def _tidy(text: str) -> str:
    """Collapse the blank lines templates leave behind; end with one newline."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "sì" if v else "no"
    if isinstance(v, (int, float, Decimal)):
        return fmt.number(Decimal(str(v)))
    return str(v)


class RenderMemo:
    """What the last render made, for a process that renders again after an edit (serve).

    A year's pages and charts are made again only when something they are made of changed (its
    results, an earlier year's, which the year-over-year comparison reads, the body, the downloads,
    the archived years, the templates); a pure function's text (`call`) only when its arguments
    changed. Keyed by digests of all of it, pickled: every field counts."""

    def __init__(self) -> None:
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()

    @staticmethod
    def digest(*parts: Any) -> str:
        return hashlib.sha256(pickle.dumps(parts, protocol=5)).hexdigest()

    def get(self, key: str) -> Any:
        self._used.add(key)
        return self._entries.get(key)

    def put(self, key: str, value: Any) -> None:
        self._entries[key] = value

    def call(self, fn: Any, *args: Any) -> Any:
        """fn(*args), or what it returned for the same arguments in the last build."""
        key = self.digest(fn.__module__, fn.__qualname__, args)
        value = self.get(key)
        if value is None:
            value = fn(*args)
            self.put(key, value)
        return value

    def keep_used(self) -> None:
        """Forget what this build did not ask for (an edit replaces its year's entry)."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()


def _templates_digest() -> str:
    return hashlib.sha256(b"".join(p.name.encode() + b"\0" + p.read_bytes() for p in sorted(TEMPLATES.rglob("*.j2")))).hexdigest()


class Renderer:
    def __init__(self, body: Body, exports: list[Any] = (), results: list[YearResult] = (), memo: RenderMemo | None = None):
        self.env = environment()
        self.body = body
        self.site = Site()
        self.exports = {e.name: e for e in exports}
        self.results = list(results)
        self.memo = memo
        if memo is not None:  # what every year's pages share, and each result once
            self._shared = RenderMemo.digest(body, [(e.name, e.title, e.csv_path, e.json_path) for e in exports], _templates_digest())
            self._digests = {id(res): RenderMemo.digest(res) for res in self.results}

    def year(self, res: YearResult) -> tuple[str, str]:
        """The pages and charts of one year (from the memo when nothing they are made of changed)."""
        if self.memo is None:
            return self._year(res)
        earlier = sorted((r.year.year, self._digests[id(r)]) for r in self.results if r.year.year < res.year.year)
        key = RenderMemo.digest(self._shared, self._digests[id(res)], earlier, sorted(self.env.globals["archived_years"]))
        hit = self.memo.get(key)
        if hit is None:
            n, before = len(self.site.pages), set(self.site.charts)
            out = self._year(res)
            hit = (self.site.pages[n:], {k: v for k, v in self.site.charts.items() if k not in before}, out)
            self.memo.put(key, hit)
            return out
        pages, charts, out = hit
        self.site.pages.extend(pages)
        self.site.charts.update(charts)
        return out

    def dl(self, *names: str) -> list[Any]:
        """The open-data exports with these names (those that exist)."""
        return [self.exports[n] for n in names if n in self.exports]

    def page(self, path: str, template: str, downloads: list[Any] = (), **ctx: Any) -> None:
        links = [(e.title, urls.rel(path, e.csv_path), urls.rel(path, e.json_path)) for e in downloads]
        text = self.env.get_template(template).render(body=self.body, downloads=links, **ctx)
        self.site.pages.append(Page(path, _tidy(text)))

    # --- shared pieces ---------------------------------------------------------

    def crumbs(self, here: str, trail: list[tuple[str, str]], title: str) -> list[tuple[str, str | None]]:
        out: list[tuple[str, str | None]] = [("Home", urls.rel(here, "index.md"))]
        out += [(label, urls.rel(here, path)) for label, path in trail]
        out.append((title, None))
        return out

    # --- one year -------------------------------------------------------------

    def offices_page(self, res: YearResult, trail: list[tuple[str, str]], card_paths: dict[str, str]) -> str | None:
        """What each office (the indicators' owner) is responsible for, this year."""
        y = res.year
        by_office: dict[str, list[tuple[Any, Scored]]] = {}
        for c in res.cards:
            for s in c.indicators:
                if s.indicator.office:
                    by_office.setdefault(s.indicator.office, []).append((c, s))
        if not by_office:
            return None
        path = f"{urls.year_root(y.year, y.reported)}/uffici.md"
        objectives = {o.id: o for o in y.objectives}
        blocks = [Block(title=None, kind="testo", paragraphs=[
            "Per ogni ufficio responsabile (owner), gli indicatori che gli sono assegnati nelle schede dell'anno, con target"
            + (", valore rilevato e grado di raggiungimento." if y.reported else " e algoritmo di calcolo.")
        ])]
        for office in sorted(by_office, key=str.casefold):
            rows = []
            for c, s in by_office[office]:
                i = s.indicator
                link = Markup(f'<a href="{escape.html(urls.rel(path, card_paths[c.card.id]))}">{escape.html(c.card.name)}</a>')
                row = [i.name, link, objectives[i.objective].label if i.objective is not None else "—", i.target.text if i.target else "—"]
                row += [i.actual.text if i.actual else "—", fmt.score(s.shown)] if y.reported else [i.algorithm or "—"]
                rows.append(row)
            cols = ["Indicatore", "Scheda", "Obiettivo strategico", "Target"] + (["Rilevato", "Grado di raggiungimento"] if y.reported else ["Algoritmo"])
            blocks.append(Block(title=office, kind="tabella-semplice", caption=f"Indicatori di {office}", columns=cols, rows=rows))
        title = f"Uffici responsabili degli indicatori {y.year}"
        self.page(path, "page.md.j2", downloads=self.dl(f"{y.year}-indicatori"), title=title, crumbs=self.crumbs(path, trail, "Uffici responsabili"),
                  blocks=blocks, ref_year=y.year, updated=y.updated, source=f"Fonte: {y.document}",
                  sintesi=summary.offices(y.year, y.reported, by_office))
        return path

    def _year(self, res: YearResult) -> tuple[str, str]:
        y = res.year
        rep = y.reported
        section = ("Relazione sulla Performance", f"{urls.RELAZIONE}/index.md") if rep else ("Piano della Performance", f"{urls.PIANO}/index.md")
        trail = [("Amministrazione trasparente", f"{urls.AT}/index.md"), ("Performance", f"{urls.PERFORMANCE}/index.md"), section]
        ypath = urls.year_page(y.year, rep)
        title = f"{y.document}" if y.document else f"{section[0]} {y.year}"
        ycrumb = (str(y.year), ypath)
        state_label = STATE_LABELS[y.state]
        obj_paths = {o.objective.id: urls.objective_page(y.year, rep, o.objective.id) for o in res.objectives}
        card_paths = {c.card.id: urls.card_page(y.year, rep, c.card.id, c.card.kind) for c in res.cards}
        areas = {a.id: f"{a.code or a.id}. {a.name}" for a in y.areas}
        base = dict(year=y, reported=rep, state_label=state_label)

        # charts
        charts_here: dict[str, ch.Chart] = {}
        if rep:
            for c in (ch.objectives_chart(res), ch.cards_chart(res)):
                if c is not None:
                    charts_here[c.slug] = c
        card_charts = {c.card.id: ch.card_chart(c, y.year) for c in res.cards} if rep else {}
        for c in list(charts_here.values()) + [c for c in card_charts.values() if c]:
            ch.register(self.site.charts, urls.chart_file(y.year, rep, c.slug), c)

        def chart_src(page: str, c: ch.Chart) -> str:
            return urls.rel(page, urls.chart_file(y.year, rep, c.slug))

        # dataset and narrative pages of the year (linked from the year page)
        extra = DatasetPages(self, res, trail[:1])
        extra_links = []
        for label, make in (("Conto economico: preventivo e consuntivo", extra.budget_page), ("Il personale in ruolo", extra.staff_page)):
            page = make()
            if page:
                extra_links.append((label, urls.rel(ypath, page)))
        section_links = [(sd.section.title, urls.rel(ypath, extra.section_page(sd)), sd.section.section) for sd in res.data.sections]
        offices = self.offices_page(res, trail + [ycrumb], card_paths)
        if offices:
            extra_links.append(("Uffici responsabili degli indicatori", urls.rel(ypath, offices)))
        if res.data.bonuses:
            extra_links.append(("Dati relativi ai premi", urls.rel(ypath, f"{urls.PERFORMANCE}/dati-relativi-ai-premi/index.md")))
        extra_links.append(("Tutto l'anno in una pagina, da stampare o salvare in PDF", urls.rel(ypath, urls.complete_page(y.year, rep))))

        # year page
        area_rows = [
            [g.item.name, ", ".join(str(o.objective.id) + ". " + o.objective.name for o in g.objectives)]
            + ([Markup(self.env.get_template("_macros.j2").module.badge(g.status, g.score) + self.env.get_template("_macros.j2").module.origin(g.score, g.item.published))] if rep else [])
            for g in res.areas
        ]
        self.page(
            ypath,
            "year.md.j2",
            downloads=self.dl(f"{y.year}-obiettivi-strategici", f"{y.year}-indicatori"),
            title=title,
            crumbs=self.crumbs(ypath, trail, str(y.year)),
            res=res,
            areas=areas,
            area_rows=area_rows,
            sintesi=summary.year(res),
            section_links=section_links,
            extra_links=extra_links,
            units=[c for c in res.cards if c.card.kind != "individuale"],
            people=[c for c in res.cards if c.card.kind == "individuale"],
            objectives_chart=charts_here.get("obiettivi-strategici"),
            cards_chart=charts_here.get("unita-obiettivi"),
            links=dict(
                objectives={k: urls.rel(ypath, v) for k, v in obj_paths.items()},
                cards={k: urls.rel(ypath, v) for k, v in card_paths.items()},
                charts={slug: chart_src(ypath, c) for slug, c in charts_here.items()},
                how_to_read=urls.rel(ypath, urls.HOW_TO_READ),
                cruscotto=urls.rel(ypath, card_paths[res.ente.card.id]),
            ),
            **base,
        )

        # one page per strategic objective
        persp = {p.id: p for p in y.perspectives}
        area_by_id = {a.id: a for a in y.areas}
        for r in res.objectives:
            o = r.objective
            path = obj_paths[o.id]
            shown = o.code or o.id
            otitle = f"Obiettivo strategico {o.label}" if o.number == shown else f"Obiettivo strategico {shown} ({o.number} nella mappa). {o.name}"
            resource_rows = [
                [
                    rr.item or "Risorse dell'obiettivo",
                    fmt.euro(rr.allocated) if rr.allocated is not None else "non indicate",
                    fmt.euro(rr.consumed) if rr.consumed is not None else "non indicate",
                    fmt.percent(rr.rate, 2) if rr.rate is not None else "—",
                ]
                for rr in r.resources
            ]
            tables = [
                dict(title=t.title, columns=t.columns, rows=[[_cell(v) for v in row] for row in t.rows]) for t in o.tables
            ]
            self.page(
                path,
                "objective.md.j2",
                downloads=self.dl(f"{y.year}-obiettivi-strategici", f"{y.year}-indicatori",
                                  *(opendata.objective_table_name(y.year, o.id, n) for n in range(1, len(o.tables) + 1))),
                title=otitle,
                crumbs=self.crumbs(path, trail + [ycrumb], f"Obiettivo {o.id}"),
                o=o,
                r=r,
                perspective=persp.get(o.perspective),
                area=area_by_id.get(o.area) if o.area else None,
                resource_rows=resource_rows,
                tables=tables,
                card_links={k: urls.rel(path, v) for k, v in card_paths.items()},
                ente_id=res.ente.card.id,
                how_to_read=urls.rel(path, urls.HOW_TO_READ),
                sintesi=summary.objective(r, y.year, rep),
                **base,
            )

        # one page per scorecard
        for c in res.cards:
            path = card_paths[c.card.id]
            by_persp = []
            for p in y.perspectives:
                objs = [co for co in c.objectives if co.objective.perspective == p.id]
                if objs:
                    by_persp.append((p, objs))
            if not y.perspectives:
                by_persp.append((None, list(c.objectives)))
            chart = card_charts.get(c.card.id)
            trend_list = history.trends(self.results, y.year, c.card.id)
            trend_rows = [_trend_row(t) for t in trend_list]
            trend_chart = ch.trend_chart(c.card.id, c.card.name, y.year, trend_list) if trend_list else None
            if trend_chart:
                ch.register(self.site.charts, urls.chart_file(y.year, rep, trend_chart.slug), trend_chart)
            ctitle = c.card.name if c.card.kind == "individuale" else (c.card.name if c.card.kind == "ente" else f"Cruscotto {c.card.name}")
            self.page(
                path,
                "card.md.j2",
                downloads=self.dl(f"{y.year}-indicatori"),
                title=f"{ctitle} {y.year}",
                crumbs=self.crumbs(path, trail + [ycrumb], c.card.name),
                card=c.card,
                c=c,
                by_perspective=by_persp,
                chart=chart,
                chart_src=chart_src(path, chart) if chart else "",
                trend_rows=trend_rows,
                trend_chart=trend_chart,
                trend_src=chart_src(path, trend_chart) if trend_chart else "",
                previous_year=trend_list[0].previous.year if trend_list else None,
                n_indicators=len(c.indicators),
                n_unscored=sum(1 for s in c.indicators if s.indicator.target is None),
                objective_links={k: urls.rel(path, v) for k, v in obj_paths.items()},
                objective_results={o.objective.id: o for o in res.objectives},
                how_to_read=urls.rel(path, urls.HOW_TO_READ),
                sintesi=summary.card(c, y.year, rep, trend_list),
                **base,
            )
        return ypath, str(y.year)


def _bonus_pages(r: Renderer, results: list[YearResult], trail: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Dati relativi ai premi and Ammontare complessivo dei premi, across the years.

    A reference year published by several reports is shown as the newest report gives it.
    """
    with_bonuses = [res for res in results if res.data.bonuses]
    if not with_bonuses:  # the items exist (exact labels) and say that nothing is published yet
        out = []
        for label, slug in (("Ammontare complessivo dei premi", "ammontare-complessivo-dei-premi"), ("Dati relativi ai premi", "dati-relativi-ai-premi")):
            path = f"{urls.PERFORMANCE}/{slug}/index.md"
            r.page(path, "section.md.j2", title=label, crumbs=r.crumbs(path, trail, label), intro="", items=[], documents=[],
                   updated=r.body.updated, empty=True)
            out.append((label, path))
        return out
    newest = with_bonuses[0]  # results are newest first
    dists, _ = bonuses.published(with_bonuses, "distribution")
    amounts, _ = bonuses.published(with_bonuses, "amounts")
    updated = max(res.data.bonuses.updated for res in with_bonuses)
    pages = []

    # one page per reference year (its address never changes as years accumulate), listed by the index
    dpath = f"{urls.BONUSES}/index.md"
    dtrail = [*trail, ("Dati relativi ai premi", dpath)]
    intro = Block(title=None, kind="testo", paragraphs=[
        "Distribuzione del personale per fascia di valutazione (grado di differenziazione della premialità), "
        "per il personale non dirigenziale, titolare di Elevata Qualificazione e dirigente (art. 20 D.Lgs. 33/2013). "
        "I dati di un anno sono pubblicati con la Relazione sulla Performance dell'anno successivo o quando disponibili."
    ])
    pager = DatasetPages(r, newest, trail[:1])
    rows = []
    for year in sorted(dists, reverse=True):
        res, d = dists[year]
        ypath = urls.bonus_page(year)
        pager.res = res
        blocks = [intro, *(Block(**{**vars(b), "title": None}) for b in pager.bonus_blocks(ypath) if b.dist is d),
                  Block(title=None, kind="testo", paragraphs=[f"Pubblicato con: {res.data.bonuses.document}."])]
        r.page(ypath, "page.md.j2", downloads=r.dl(f"{res.year.year}-premi-distribuzione"), title=f"Dati relativi ai premi: anno di riferimento {year}",
               crumbs=r.crumbs(ypath, dtrail, str(year)), blocks=blocks, ref_year=str(year), updated=res.data.bonuses.updated,
               source=f"Fonte: {res.data.bonuses.document}", sintesi=summary.distribution([d]))
        state = "disponibili" if d.state == "disponibile" else "non ancora disponibili"
        rows.append([Markup(f'<a href="{escape.html(urls.rel(dpath, ypath))}">{year}</a>'), f"Dati {state}", res.data.bonuses.document])
    blocks = [intro, Block(title="Anni di riferimento", kind="tabella-semplice", caption="Dati relativi ai premi per anno di riferimento",
                           columns=["Anno di riferimento", "Stato", "Pubblicato con"], rows=rows)]
    r.page(dpath, "page.md.j2", downloads=r.dl(*(f"{res.year.year}-premi-distribuzione" for res in with_bonuses)), title="Dati relativi ai premi", crumbs=r.crumbs(dpath, trail, "Dati relativi ai premi"),
           blocks=blocks, ref_year=", ".join(str(y) for y in sorted(dists, reverse=True)), updated=updated,
           source="Fonte: " + "; ".join(dict.fromkeys(res.data.bonuses.document for res in with_bonuses)),
           sintesi=summary.distribution([d for _, d in dists.values()]))
    pages.append(("Dati relativi ai premi", dpath))

    apath = f"{urls.PERFORMANCE}/ammontare-complessivo-dei-premi/index.md"
    rows = [[str(y), fmt.euro(a.set_aside), fmt.euro(a.paid)] for y, (_, a) in sorted(amounts.items(), reverse=True) if a.state == "disponibile"]
    notes = [f"{y}: {a.note}" for y, (_, a) in sorted(amounts.items(), reverse=True) if a.state == "non_disponibile"]
    if not amounts:
        notes = ["L'ammontare complessivo dei premi stanziati e distribuiti non è ancora pubblicato: il documento di origine non riporta questi importi."]
    blocks = [
        Block(title=None, kind="testo", paragraphs=["Ammontare complessivo dei premi collegati alla performance stanziati e ammontare dei premi effettivamente distribuiti (art. 20 D.Lgs. 33/2013)."]),
        Block(title=None, kind="ammontare", rows=rows, notes=notes),
    ]
    r.page(apath, "page.md.j2", downloads=r.dl(*(f"{res.year.year}-premi-ammontare" for res in with_bonuses)), title="Ammontare complessivo dei premi", crumbs=r.crumbs(apath, trail, "Ammontare complessivo dei premi"),
           blocks=blocks, ref_year=", ".join(str(y) for y in sorted(amounts, reverse=True)) or "—", updated=updated,
           source="Fonte: " + "; ".join(dict.fromkeys(res.data.bonuses.document for res in with_bonuses)),
           sintesi=summary.amounts([a for _, a in amounts.values()], [y for y, (_, d) in dists.items() if d.state == "disponibile"]))
    pages.insert(0, ("Ammontare complessivo dei premi", apath))
    return pages


ARCHIVE_AFTER = 5  # years of compulsory publication (art. 8 c.3 D.Lgs. 33/2013)


def archived_years(results: list[YearResult]) -> set[int]:
    """Years past the five-year publication period, counted from the newest year in the data.

    Data of year Y is published in Y+1 and must stay online for five years from
    1 January of the following year (Y+2 to Y+6). With N the newest year in the
    data (published in N+1), Y is past the period when N+1 > Y+6, i.e. Y < N-5.
    """
    if not results:
        return set()
    newest = max(res.year.year for res in results)
    return {res.year.year for res in results if res.year.year < newest - ARCHIVE_AFTER}


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} byte"
    if n < 1024 * 1024:
        return f"{fmt.number(Decimal(n) / 1024, 0)} KB"
    return f"{fmt.number(Decimal(n) / 1024 / 1024, 1)} MB"


def _doc_format(d: Any) -> str:
    name = (d.file or d.url or "").rsplit("?", 1)[0].rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].upper() if "." in name else ""
    return ext if ext in {"PDF", "ODT", "DOCX", "DOC", "XLSX", "ODS", "CSV", "ZIP", "P7M", "XML", "JSON", "HTML"} else "Pagina web"


def _signed(x: Decimal | None, places: int | None = None, suffix: str = "") -> str:
    if x is None:
        return "—"
    text = fmt.number(x, places)
    return ("+" + text if x > 0 else text) + suffix


def _trend_row(t: Any) -> list[str]:
    prev, cur = t.previous, t.current
    pi, ci = prev.scored.indicator, cur.scored.indicator

    def val(v: Any) -> str:
        return v.text if v else "—"

    return [
        t.name,
        val(pi.target), val(pi.actual), fmt.score(prev.scored.shown),
        val(ci.target), val(ci.actual), fmt.score(cur.scored.shown),
        _signed(t.actual_change),
        _signed(round_half_up(t.score_change) if t.score_change is not None else None, suffix=" punti"),
    ]


def render_site(ds: Dataset, results: list[YearResult], updated: date, exports: list[Any] = (), file_sizes: dict[str, int] | None = None,
                memo: RenderMemo | None = None) -> Site:
    r = Renderer(ds.body, exports, results, memo)
    archived = archived_years(results)
    r.env.globals["archived_years"] = archived
    at = f"{urls.AT}/index.md"
    at_crumb = ("Amministrazione trasparente", at)
    documents = ds.documents.documents if ds.documents else []
    docs_updated = ds.documents.updated if ds.documents else ds.body.updated
    sizes = file_sizes or {}

    # every year: performance pages, dataset pages, narrative sections
    # per item: (label, page, note, updated, archived)
    years: dict[str, list[tuple[str, str, str, date, bool]]] = {"relazione": [], "piano": [], "bilancio": [], "personale": []}
    for res in results:
        ypath, label = r.year(res)
        _complete_page(r, res, ypath)
        y = res.year
        note = STATE_LABELS[y.state] + (" · archivio" if y.year in archived else "")
        old = y.year in archived
        years["relazione" if y.reported else "piano"].append((label, ypath, note, y.updated, old))
        if res.budget:
            years["bilancio"].append((label, urls.budget_page(y.year), "archivio" if old else "", res.budget.budget.config.updated, old))
        if res.staff:
            years["personale"].append((label, urls.staff_page(y.year), "archivio" if old else "", res.staff.staff.config.updated, old))

    def item_page(path: str, title: str, trail: list[tuple[str, str]], docs_key: str | None, years_key: str | None,
                  prefix: str = "", extra_items: list[tuple[str, str, str]] = ()) -> list[Any]:
        """An item of the AT tree: its documents, its years, and links; never an empty page without saying so."""
        docs = sorted((d for d in documents if d.item == docs_key), key=lambda d: (d.day, d.title), reverse=True)
        rows = []
        for d in docs:
            href = urls.rel(path, d.file) if d.file else d.url
            size = _size(sizes[d.file]) if d.file and d.file in sizes else "—"
            rows.append([Markup(f'<a href="{escape.html(href)}">{escape.html(d.title)}</a>'), d.act or "—", fmt.day(d.day), _doc_format(d), size])
        entries = years.get(years_key, []) if years_key else []
        items = [(f"{prefix} {lbl}".strip(), urls.rel(path, p), note) for lbl, p, note, _, _ in entries]
        items += [(label, urls.rel(path, p), note) for label, p, note in extra_items]
        when = max([e[3] for e in entries] + ([docs_updated] if docs else []) or [ds.body.updated])
        r.page(path, "section.md.j2", title=title, crumbs=r.crumbs(path, trail, title), intro="", items=items, documents=rows, updated=when,
               empty=not rows and not items)
        # the sidebar lists the years still in their publication period (at most six per item, so every
        # page's navigation stays the same size as years accumulate); archived years are listed on this page
        current = [(lbl, p) for lbl, p, _, _, old in entries if not old]
        return [path, *({lbl: p} for lbl, p in current)] if current else [path]

    def index(path: str, title: str, trail: list[tuple[str, str]], items: list[tuple[str, str, str]], intro: str = "") -> None:
        r.page(path, "section.md.j2", title=title, crumbs=r.crumbs(path, trail, title), intro=intro,
               items=[(label, urls.rel(path, target), note) for label, target, note in items], documents=[], updated=updated, empty=False)

    sections: dict[str, tuple[str, list[Any]]] = {}

    # Personale
    p_idx, d_idx = f"{urls.AT}/personale/index.md", f"{urls.AT}/personale/dotazione-organica/index.md"
    nav = item_page(d_idx, "Dotazione organica", [at_crumb, ("Personale", p_idx)], None, "personale", "Dotazione organica")
    index(p_idx, "Personale", [at_crumb], [("Dotazione organica", d_idx, "")])
    sections["Personale"] = (p_idx, [p_idx, {"Dotazione organica": nav}])

    # Performance (level-2 items in the official order)
    perf = f"{urls.PERFORMANCE}/index.md"
    perf_trail = [at_crumb, ("Performance", perf)]
    smvp = f"{urls.PERFORMANCE}/sistema-di-misurazione-e-valutazione-della-performance/index.md"
    perf_nav: list[Any] = [perf]
    perf_items = []
    item_page(smvp, DOCUMENT_ITEMS["sistema-di-misurazione"], perf_trail, "sistema-di-misurazione", None)
    perf_items.append((DOCUMENT_ITEMS["sistema-di-misurazione"], smvp, ""))
    perf_nav.append({DOCUMENT_ITEMS["sistema-di-misurazione"]: smvp})
    for key, idx, label in (("piano", f"{urls.PIANO}/index.md", "Piano della Performance"), ("relazione", f"{urls.RELAZIONE}/index.md", "Relazione sulla Performance")):
        perf_nav.append({label: item_page(idx, label, perf_trail, key, key, label)})
        perf_items.append((label, idx, ""))
    for label, path in _bonus_pages(r, results, perf_trail):
        perf_items.append((label, path, ""))
        perf_nav.append({label: path})
    index(perf, "Performance", [at_crumb], perf_items)
    sections["Performance"] = (perf, perf_nav)

    # Bilanci
    b_idx = f"{urls.AT}/bilanci/index.md"
    bpc = f"{urls.AT}/bilanci/bilancio-preventivo-e-consuntivo/index.md"
    pib = f"{urls.AT}/bilanci/piano-degli-indicatori-e-risultati-attesi-di-bilancio/index.md"
    b_trail = [at_crumb, ("Bilanci", b_idx)]
    nav_b = item_page(bpc, DOCUMENT_ITEMS["bilancio"], b_trail, "bilancio", "bilancio", DOCUMENT_ITEMS["bilancio"])
    item_page(pib, DOCUMENT_ITEMS["piano-indicatori-bilancio"], b_trail, "piano-indicatori-bilancio", None)
    index(b_idx, "Bilanci", [at_crumb], [(DOCUMENT_ITEMS["bilancio"], bpc, ""), (DOCUMENT_ITEMS["piano-indicatori-bilancio"], pib, "")])
    sections["Bilanci"] = (b_idx, [b_idx, {DOCUMENT_ITEMS["bilancio"]: nav_b}, {DOCUMENT_ITEMS["piano-indicatori-bilancio"]: pib}])

    # Controlli e rilievi sull'amministrazione
    c_label = "Controlli e rilievi sull'amministrazione"
    c_idx = f"{urls.AT}/controlli-e-rilievi-sull-amministrazione/index.md"
    oiv = f"{urls.AT}/controlli-e-rilievi-sull-amministrazione/organismi-indipendenti-di-valutazione/index.md"
    item_page(oiv, DOCUMENT_ITEMS["oiv"], [at_crumb, (c_label, c_idx)], "oiv", None)
    index(c_idx, c_label, [at_crumb], [(DOCUMENT_ITEMS["oiv"], oiv, "")])
    sections[c_label] = (c_idx, [c_idx, {"Organismi indipendenti di valutazione": oiv}])

    # Altri contenuti → Accessibilità e Catalogo dei dati → Catalogo dei dati
    a_label, acc_label, cat_label = "Altri contenuti", "Accessibilità e Catalogo dei dati, metadati e banche dati", "Catalogo dei dati, metadati e delle banche dati"
    a_idx = f"{urls.AT}/altri-contenuti/index.md"
    acc = f"{urls.AT}/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/index.md"
    cat = f"{urls.DATA_CATALOG}/index.md"
    acc_trail = [at_crumb, (a_label, a_idx), (acc_label, acc)]
    _catalog_page(r, cat, acc_trail, cat_label, exports, updated)
    r.page(acc, "section.md.j2", title=acc_label, crumbs=r.crumbs(acc, [at_crumb, (a_label, a_idx)], acc_label), intro="",
           items=[(cat_label, urls.rel(acc, cat), "")], documents=[], updated=updated, empty=False,
           accessibility=None if is_placeholder(ds.body.accessibility) else ds.body.accessibility)
    index(a_idx, a_label, [at_crumb], [(acc_label, acc, "")])
    sections[a_label] = (a_idx, [a_idx, {acc_label: [acc, {cat_label: cat}]}])

    # Level-1 sections, produced or configured, in the official order
    at_items, at_nav = [], []
    for label in AT_SECTIONS:
        if label in sections:
            path, nav = sections[label]
            at_items.append((label, urls.rel(at, path), ""))
            at_nav.append({label: nav})
        elif label in ds.body.external_sections:
            at_items.append((label, ds.body.external_sections[label], "sul sito istituzionale"))
    r.page(at, "section.md.j2", title="Amministrazione trasparente", crumbs=r.crumbs(at, [], "Amministrazione trasparente"),
           intro="Sezioni di primo livello (D.Lgs. 33/2013, allegato 1).", items=at_items, documents=[], updated=updated, empty=False)

    _legal_page(r, updated)
    _how_to_read_page(r, results, updated)
    r.page(glossary.PAGE, "glossary.md.j2", title="Glossario", crumbs=r.crumbs(glossary.PAGE, [], "Glossario"), terms=glossary.TERMS)

    reported = [res for res in results if res.year.reported]
    latest = (reported or results or [None])[0]
    latest_path = urls.year_page(latest.year.year, latest.year.reported) if latest else None
    r.page(
        "index.md",
        "home.md.j2",
        updated=updated,
        latest_label=(latest.year.document if latest else ""),
        links=dict(
            at=urls.rel("index.md", at),
            latest=urls.rel("index.md", latest_path) if latest_path else "",
            how_to_read=urls.rel("index.md", urls.HOW_TO_READ),
        ),
    )
    r.site.nav = [
        {"Home": "index.md"},
        {"Amministrazione trasparente": [at, *at_nav]},
        {"Come leggere i dati": urls.HOW_TO_READ},
        {"Glossario": glossary.PAGE},
        {"Note legali": urls.LEGAL},
    ]
    return r.site


def _complete_page(r: Renderer, res: YearResult, ypath: str) -> None:
    """The year's pages strung together for printing: a stub here, filled after MkDocs by postbuild.fill_complete."""
    y = res.year
    path = urls.complete_page(y.year, y.reported)
    root = urls.year_root(y.year, y.reported) + "/"
    datasets = (urls.budget_page(y.year), urls.staff_page(y.year))
    sources = [p.path for p in r.site.pages if (p.path.startswith(root) or p.path in datasets) and p.path != ypath]
    sources = [ypath, *sources]  # the year page (the tree and its results) first, then the others as the site writes them
    title = f"{y.document or y.year}: versione completa"
    trail = [("Amministrazione trasparente", f"{urls.AT}/index.md"), ("Performance", f"{urls.PERFORMANCE}/index.md"), (str(y.year), ypath)]
    blocks = [
        Block(title=None, kind="testo", paragraphs=[
            f"Tutte le {len(sources)} pagine dell'anno {y.year} in una sola, nell'ordine del sito: "
            "per stamparle o salvarle in PDF dal browser (menu Stampa, destinazione «Salva come PDF»)."
        ]),
        Block(title=None, kind="html", html=Markup(
            f'<div class="versione-completa" data-pagine="{escape.html(" ".join(urls.rel(path, s) for s in sources))}"></div>')),
    ]
    r.page(path, "page.md.j2", title=title, crumbs=r.crumbs(path, trail, "Versione completa"), blocks=blocks,
           ref_year=str(y.year), updated=y.updated, source="")


def _catalog_page(r: Renderer, path: str, trail: list[tuple[str, str]], title: str, exports: list[Any], updated: date) -> None:
    """The catalogue: its metadata files and a page per year with that year's datasets (the index lists the years)."""
    by_year: dict[int, list[Any]] = {}
    for e in exports:
        by_year.setdefault(e.year, []).append(e)
    year_rows = []
    for year in sorted(by_year, reverse=True):
        ypath = urls.catalog_page(year)
        rows = [
            [e.title, fmt.day(e.updated),
             Markup(f'<a href="{escape.html(urls.rel(ypath, e.csv_path))}">CSV<span class="sr-only"> ({escape.html(e.title)})</span></a> · '
                    f'<a href="{escape.html(urls.rel(ypath, e.json_path))}">JSON<span class="sr-only"> ({escape.html(e.title)})</span></a>')]
            for e in by_year[year]
        ]
        when = max(e.updated for e in by_year[year])
        r.page(ypath, "page.md.j2", title=f"Dataset pubblicati: {year}", crumbs=r.crumbs(ypath, [*trail, (title, path)], str(year)),
               blocks=[Block(title=None, kind="tabella-semplice", caption=f"Dataset pubblicati per l'anno {year}", columns=["Dataset", "Aggiornato", "Scarica"], rows=rows)],
               ref_year=str(year), updated=when, source="")
        year_rows.append([Markup(f'<a href="{escape.html(urls.rel(path, ypath))}">{year}</a>'), str(len(rows)), fmt.day(when)])
    blocks = [
        Block(title=None, kind="testo", paragraphs=[
            "Tutti i dati pubblicati in questo sito, in formato aperto (CSV e JSON), con licenza Creative Commons Attribuzione 4.0 (CC BY 4.0): "
            "possono essere riutilizzati citando la fonte. I file CSV sono in UTF-8, separati da virgola, con riga di intestazione, "
            "date nel formato ISO (aaaa-mm-gg) e il punto come separatore decimale."
        ]),
        Block(title="Metadati", kind="html", html=Markup(
            "<ul>"
            f'<li><a href="{escape.html(urls.rel(path, urls.DATAPACKAGE))}">Data Package (Frictionless, datapackage.json)</a>: descrizione e schema di ogni tabella</li>'
            + (
                f'<li><a href="{escape.html(urls.rel(path, urls.CATALOG))}">Catalogo DCAT-AP_IT (Turtle, catalogo.ttl)</a>: metadati secondo il profilo nazionale</li>'
                if not is_placeholder(r.body.site_url)
                else '<li>Catalogo DCAT-AP_IT: <span class="da-completare">da completare</span> (è pubblicato quando è indicato '
                "l&#39;indirizzo del sito, url_sito, perché i suoi riferimenti devono essere assoluti)</li>"
            )
            + (
                f'<li><a href="{escape.html(urls.rel(path, urls.AT_MAP))}">Mappa delle sezioni di Amministrazione trasparente (JSON, at_map.json)</a>: '
                "l&#39;indirizzo di ogni sezione pubblicata, per i portali e i motori di verifica</li>"
                if not is_placeholder(r.body.site_url)
                else ""
            )
            + f'<li><a href="{escape.html(urls.rel(path, urls.FEED))}">Feed Atom degli aggiornamenti</a></li>'
            "</ul>"
        )),
        Block(title="Dataset", kind="tabella-semplice", caption="Dataset pubblicati per anno", columns=["Anno", "Dataset", "Aggiornato"], rows=year_rows)
        if year_rows else Block(title="Dataset", kind="testo", paragraphs=["Nessun dataset è ancora pubblicato."]),
    ]
    r.page(path, "page.md.j2", title=title, crumbs=r.crumbs(path, trail, title), blocks=blocks,
           ref_year=", ".join(str(y) for y in sorted(by_year, reverse=True)) or "—", updated=max([e.updated for e in exports] or [updated]), source="")


def _how_to_read_page(r: Renderer, results: list[YearResult], updated: date) -> None:
    """The rules of the site, with each year's thresholds (from its SMVP, or the defaults)."""
    rows = [[str(res.year.year), fmt.score(res.th.achieved), fmt.score(res.th.partial),
             res.th.source or ("predefinite dal sito" if res.th == DEFAULT_THRESHOLDS else "dati dell'ente")] for res in results]
    r.page(urls.HOW_TO_READ, "how_to_read.md.j2", crumbs=r.crumbs(urls.HOW_TO_READ, [], "Come leggere i dati"), threshold_rows=rows,
           glossary=urls.rel(urls.HOW_TO_READ, glossary.PAGE), updated=updated)


def _legal_page(r: Renderer, updated: date) -> None:
    b = r.body
    path = urls.LEGAL
    paragraphs = [
        f"I contenuti e i dati di questo sito sono pubblicati da {b.name} ai sensi del D.Lgs. 33/2013 e sono distribuiti con licenza "
        "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0): possono essere copiati, distribuiti e modificati, anche a fini commerciali, "
        f"citando la fonte ({b.name}) e indicando se sono state apportate modifiche.",
        "I dati sono disponibili in formato aperto nel Catalogo dei dati, metadati e delle banche dati. Il sito non usa cookie di profilazione "
        "e non carica risorse da siti terzi.",
    ]
    blocks = [
        Block(title=None, kind="testo", paragraphs=paragraphs),
        Block(title="Licenza", kind="html", html=Markup('<p><a href="https://creativecommons.org/licenses/by/4.0/deed.it">Testo della licenza CC BY 4.0</a></p>')),
    ]
    r.page(path, "page.md.j2", title="Note legali", crumbs=r.crumbs(path, [], "Note legali"), blocks=blocks, ref_year="—", updated=b.updated, source="")
