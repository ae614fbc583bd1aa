"""Pages of the year's other datasets: budget, staff, bonuses, narrative sections.

Every page is a list of blocks rendered by templates/page.md.j2; a narrative
section can embed a dataset with a `dati:` block (e.g. the staff by gender in
the gender-dimension section).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace as Block  # noqa: N814 (a page block is a plain record)
from typing import Any

from . import charts as ch
from . import fmt, summary, urls
from .compute import YearResult
from .model import NumberCell, SectionData
from .opendata import table_export_name


def cell_text(cell: Any) -> str:
    if cell is None:
        return "—"
    if isinstance(cell, NumberCell):
        text = fmt.number(cell.value)
        if cell.plus and cell.value > 0:
            text = "+" + text
        if cell.unit == "%":
            return text + "%"
        if cell.unit == "€":
            return f"€ {text}"
        return text
    return str(cell)


def amount(x: Decimal | None) -> str:
    return "—" if x is None else fmt.number(x)


def pct1(x: Decimal | None) -> str:
    return "—" if x is None else fmt.percent(x, 1)


class DatasetPages:
    """Adds the dataset pages of one year to a Renderer."""

    def __init__(self, renderer, res: YearResult, at_trail: list[tuple[str, str]]):
        self.r = renderer
        self.res = res
        self.year = res.year
        self.at_trail = at_trail
        self.r.env.filters.update(cell=cell_text, amount=amount, pct1=pct1)
        self.links: dict[str, str] = {}  # what → docs path, for the year page

    # -- helpers --------------------------------------------------------------

    def _chart(self, page: str, chart: ch.Chart | None) -> tuple[ch.Chart, str] | None:
        if chart is None:
            return None
        folder = page.rsplit("/", 1)[0]
        path = f"{folder}/grafici/{chart.slug}.svg"
        ch.register(self.r.site.charts, path, chart)
        return chart, urls.rel(page, path)

    def _page(self, path: str, title: str, trail: list[tuple[str, str]], crumb: str, blocks: list[Block], updated, source: str, downloads: list[str] = (),
              sintesi: list[str] = ()) -> None:
        self.r.page(
            path,
            "page.md.j2",
            downloads=self.r.dl(*downloads),
            title=title,
            crumbs=self.r.crumbs(path, trail, crumb),
            blocks=blocks,
            ref_year=self.year.year,
            updated=updated,
            source=f"Fonte: {source}",
            sintesi=sintesi,
        )

    # -- dataset blocks (also embedded in narrative sections) ------------------------

    def budget_blocks(self, page: str) -> list[Block]:
        b = self.res.budget
        notes = [i.row for i in b.items if i.row.note]
        ids = {r.line: f"nota-bilancio-{n}" for n, r in enumerate(notes, 1)}
        charts = [c for c in (self._chart(page, ch.budget_chart(b, self.year.year)), self._chart(page, ch.composition_chart(b, self.year.year))) if c]
        blocks = [Block(title=None, kind="conto-economico", result=b, charts=charts, note_rows=notes, note_ids=ids)]
        idx = b.budget.config.indices
        if idx:
            ente = self.res.ente
            scored = {s.indicator.name: s for s in ente.indicators if s.indicator.objective == idx.objective}
            rows = []
            for name in idx.indicators:
                s = scored[name]
                i = s.indicator
                rows.append([name, i.algorithm or "—", i.target.text if i.target else "—", i.actual.text if i.actual else "—", fmt.score(s.shown)])
            blocks.append(
                Block(
                    title="Indici di salute economico-finanziaria",
                    kind="indici",
                    rows=rows,
                    objective=idx.objective,
                    link=urls.rel(page, urls.objective_page(self.year.year, self.year.reported, idx.objective)),
                )
            )
        return blocks

    def staff_blocks(self, page: str, which: str) -> list[Block]:
        s = self.res.staff
        genders = list(s.staff.config.genders)
        tab = s.table(which)
        charts = []
        when = fmt.day(s.staff.config.reference_date)
        if tab.table.chart == "conteggi":
            charts.append(self._chart(page, ch.staff_category_chart(tab, genders, f"{tab.table.title} al {when}")))
        elif tab.table.chart == "quote":
            charts.append(self._chart(page, ch.staff_shares_chart(tab, genders, f"{tab.table.title}: quote all'interno di ciascun genere al {when}")))
        return [Block(title=None, kind="personale", tab=tab, genders=genders, printed_notes=s.printed_notes, charts=[c for c in charts if c],
                      all_seats=s.staff.config.all_seats)]

    def bonus_blocks(self, page: str) -> list[Block]:
        bonuses = self.year_data.bonuses
        out = []
        for dist in sorted(bonuses.distribution, key=lambda d: d.reference_year, reverse=True):
            groups = [(g.group, [[b.band, fmt.percent(b.share)] for b in g.bands]) for g in dist.groups]
            chart = self._chart(page, ch.bonus_chart(dist)) if dist.groups else None
            out.append(
                Block(
                    title=f"Anno di riferimento {dist.reference_year}",
                    kind="premi",
                    dist=dist,
                    groups=groups,
                    chart=chart[0] if chart else None,
                    chart_src=chart[1] if chart else "",
                )
            )
        return out

    @property
    def year_data(self):
        return self.res.data

    # -- pages ----------------------------------------------------------------------

    def budget_page(self) -> str | None:
        if not self.res.budget:
            return None
        cfg = self.res.budget.budget.config
        path = urls.budget_page(self.year.year)
        trail = [*self.at_trail, ("Bilanci", f"{urls.AT}/bilanci/index.md"), ("Bilancio preventivo e consuntivo", f"{urls.AT}/bilanci/bilancio-preventivo-e-consuntivo/index.md")]
        noted = sum(1 for i in self.res.budget.items if i.row.note and i.row.kind == "voce")
        source = ("Gli importi delle voci sono quelli del documento; " if not noted else
                  "Gli importi delle voci sono quelli del documento; dove il documento li stampa in modo diverso "
                  f"({'1 voce' if noted == 1 else f'{noted} voci'}), una nota sotto la tabella lo spiega; ")
        intro = Block(
            title=None,
            kind="testo",
            paragraphs=[
                "Il conto economico confronta il preventivo con il consuntivo al 31 dicembre. " + source +
                "totali, risultati e scostamenti sono calcolati dalle voci: scostamento = consuntivo - preventivo, "
                "scostamento % = scostamento / preventivo (in valore assoluto). Proventi e oneri sono importi positivi; "
                "i risultati negativi indicano un disavanzo."
            ],
        )
        self._page(path, cfg.title, trail, str(self.year.year), [intro, *self.budget_blocks(path)], cfg.updated, cfg.document, [f"{self.year.year}-conto-economico"],
                   sintesi=summary.budget(self.res.budget, self.year.year))
        self.links["bilancio"] = path
        return path

    def staff_page(self) -> str | None:
        if not self.res.staff:
            return None
        s = self.res.staff
        cfg = s.staff.config
        path = urls.staff_page(self.year.year)
        trail = [*self.at_trail, ("Personale", f"{urls.AT}/personale/index.md"), ("Dotazione organica", f"{urls.AT}/personale/dotazione-organica/index.md")]
        blocks = [
            Block(
                title=None,
                kind="testo",
                paragraphs=[
                    f"Personale in ruolo al {fmt.day(cfg.reference_date)}: {s.headcount} persone. I dati per sede sono quelli del documento; "
                    "i totali sono calcolati sommando le sedi, e ogni tavola è verificata sullo stesso numero di persone per sede e genere."
                ],
            )
        ]
        for t in cfg.tables:
            if t.seat_summary:
                by_seat = s.table(t.id).by_seat(f"{t.id}-sedi", t.seat_summary)
                blocks.append(Block(title=t.seat_summary, kind="personale", tab=by_seat, genders=[], printed_notes={}, charts=[], all_seats=cfg.all_seats))
        for t in cfg.tables:
            blocks.append(Block(title=t.title, kind="testo", paragraphs=[]))
            blocks.extend(self.staff_blocks(path, t.id))
        self._page(path, cfg.title, trail, str(self.year.year), blocks, cfg.updated, cfg.document, [f"{self.year.year}-personale"],
                   sintesi=summary.staff(s))
        self.links["personale"] = path
        return path

    def section_page(self, sd: SectionData) -> str:
        sec = sd.section
        path = f"{urls.year_root(self.year.year, self.year.reported)}/{sd.slug}.md"
        blocks: list[Block] = []
        for i, b in enumerate(sec.blocks):
            kind = b.kind
            if kind == "testo":
                blocks.append(Block(title=b.title, kind=kind, paragraphs=[p.strip() for p in b.text.split("\n\n") if p.strip()]))
            elif kind == "elenco":
                blocks.append(Block(title=b.title, kind=kind, items=b.items))
            elif kind == "nota":
                blocks.append(Block(title=b.title, kind=kind, note=b.note))
            elif kind == "link":
                blocks.append(Block(title=b.title, kind=kind, url=b.link.url, text=b.link.text))
            elif kind == "tabella":
                table = sd.tables[b.table]
                chart = None
                if b.chart:
                    chart = self._chart(path, ch.table_chart(table, b.chart, f"{sd.slug}-{i + 1}", cell_text))
                blocks.append(
                    Block(title=b.title, kind=kind, table=table, table_title=b.title, notes=b.notes,
                          chart=chart[0] if chart else None, chart_src=chart[1] if chart else "")
                )
            elif kind == "dati":
                embedded = self._embedded(b.data, path)
                if embedded:
                    embedded[0].title = b.title
                blocks.extend(embedded)
                following = sec.blocks[i + 1].data if i + 1 < len(sec.blocks) else None
                if (target := self._data_page(b.data)) and (following is None or self._data_page(following) != target):  # once after a run
                    blocks.append(Block(title=None, kind="link", url=urls.rel(path, target[1]), text=target[0]))
        section_trail = [("Relazione sulla Performance", f"{urls.RELAZIONE}/index.md")] if self.year.reported else [("Piano della Performance", f"{urls.PIANO}/index.md")]
        trail = [*self.at_trail, ("Performance", f"{urls.PERFORMANCE}/index.md"), *section_trail, (str(self.year.year), urls.year_page(self.year.year, self.year.reported))]
        names = [table_export_name(self.year.year, sd.slug, b.table) for b in sec.blocks if b.table]
        embedded = {"conto-economico": "conto-economico", "premi": "premi-distribuzione"}
        names += [f"{self.year.year}-{embedded.get(b.data, 'personale')}" for b in sec.blocks if b.data]
        self._page(path, sec.title, trail, sec.title, blocks, sec.updated, f"{self.year.document}, sezione {sec.section}", list(dict.fromkeys(names)))
        return path

    def _data_page(self, what: str) -> tuple[str, str] | None:
        """(link text, docs path) of the page with all the data a `dati` block shows part of."""
        if what.startswith("personale-") and self.res.staff:
            return f"Tutti i dati sul personale: {self.res.staff.staff.config.title}", urls.staff_page(self.year.year)
        if what == "conto-economico" and self.res.budget:
            return f"Il conto economico completo: {self.res.budget.budget.config.title}", urls.budget_page(self.year.year)
        if what == "premi" and self.year_data.bonuses:
            return "Tutti i dati relativi ai premi (art. 20 D.Lgs. 33/2013)", f"{urls.PERFORMANCE}/dati-relativi-ai-premi/index.md"
        return None

    def _embedded(self, what: str, page: str) -> list[Block]:
        if what.startswith("personale-") and self.res.staff:  # the table id is checked when loading
            return self.staff_blocks(page, what.removeprefix("personale-"))
        if what == "conto-economico" and self.res.budget:
            return self.budget_blocks(page)
        if what == "premi" and self.year_data.bonuses:
            return self.bonus_blocks(page)
        return [Block(title=None, kind="nota", note="Dati non presenti per questo anno.")]
