"""The "In sintesi" of every data page: computed results in, plain Italian sentences out (pure).

Every sentence is built from values, so its grammar follows them: singular
and plural ("1 indicatore", "3 indicatori"), the article a number takes ("i 3",
"gli 8"), zero ("nessuno dei 5"), one ("l'unico") and all ("tutti i 12"),
planned years (future tense), missing actuals. Sentences never name the body
(its article is not the product's to guess) and never say what the data does
not support: no causes, no judgements. Numbers, amounts, percentages and
dates come from generator.fmt. A page gets two to four sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from . import fmt
from .fmt import plural
from .budget import BudgetResult, section_total
from .compute import METHOD_LABELS, CardResult, ObjectiveResult, Scored, YearResult

METHOD_SHORT = {"media_indicatori": "calcolata sulla media degli indicatori", "utilizzo_risorse": "calcolata sull'utilizzo delle risorse"}
STATUS_WORDS = {"raggiunto": "raggiunto", "parziale": "parzialmente raggiunto", "non-raggiunto": "non raggiunto", "non-valutato": "non valutato"}
MAX_SENTENCES = 4
MAX_LISTED = 3  # names quoted in a sentence; above this the sentence points to the tables

# --- Italian agreement -----------------------------------------------------------


def num(n: int | Decimal) -> str:
    return fmt.number(n)


def _vowel(n: int) -> bool:
    """Whether the number, read aloud, starts with a vowel: otto, undici, ottanta, ottomila, undicimila…"""
    s = str(n)
    return s.startswith("8") or (s.startswith("11") and len(s) % 3 == 2)


def art(n: int) -> str:
    """The masculine plural article before a number: `i 3`, `gli 8`, `gli 11`."""
    return "gli" if _vowel(n) else "i"


def of_the(n: int) -> str:
    """`dei 103`, `degli 80`."""
    return "degli" if _vowel(n) else "dei"


def join(items: Sequence[str]) -> str:
    """`a`, `a e b`, `a, b e c`, `a ed è b`."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    conj = " ed " if items[-1][:1] in ("e", "è", "E", "È") else " e "  # euphonic d: "ed è"
    return ", ".join(items[:-1]) + conj + items[-1]


def quoted(text: str) -> str:
    return f"«{text}»"


def cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


NBSP = "\u00a0"


def euro(x: Decimal, places: int | None = None) -> str:
    """A magnitude: whole amounts without cents (`€ 516.650`), others with (`€ 1.234,50`).

    The space after `€` does not break, so a line never ends with the sign alone.
    """
    x = abs(x)
    return fmt.euro(x, places if places is not None else 0 if x == x.to_integral_value() else 2).replace("€ ", "€" + NBSP)


def _limit(sentences: Iterable[str | None]) -> list[str]:
    """At most four sentences, each on one line (a name with a newline never breaks the paragraph)."""
    return [_one_line(s) for s in sentences if s][:MAX_SENTENCES]


def _one_line(text: str) -> str:
    """Line breaks (any of str.splitlines') as one space; the no-break space after € stays."""
    return " ".join(part.strip(" \t") for part in text.splitlines() if part.strip(" \t"))


# --- indicators --------------------------------------------------------------------


def _scored(items: Iterable[Scored]) -> list[Scored]:
    return [s for s in items if s.score is not None]


def achieved(year: int, scored: Sequence[Scored], where: str) -> str:
    """How many of the scored indicators met their target: 0, 1, some, all."""
    n = len(scored)
    met = sum(1 for s in scored if s.status == "raggiunto")
    what = f"indicatori valutati {where}".rstrip()
    if n == 1:
        one = f"l'unico indicatore valutato {where}".rstrip()
        return f"Nel {year} è stato raggiunto {one}." if met else f"Nel {year} {one} non è stato raggiunto."
    if met == n:
        return f"Nel {year} sono stati raggiunti " + (f"entrambi gli {what}." if n == 2 else f"tutti {art(n)} {num(n)} {what}.")
    if met == 0:
        return f"Nel {year} non è stato raggiunto nessuno {of_the(n)} {num(n)} {what}."
    verb = "è stato raggiunto" if met == 1 else "sono stati raggiunti"
    return f"Nel {year} {verb} {num(met)} {of_the(n)} {num(n)} {what}."


def _values(s: Scored, card_of: dict[int, str] | None = None) -> str:
    i = s.indicator
    where = f"scheda {quoted(card_of[id(s)])}, " if card_of and id(s) in card_of else ""
    return f"{where}rilevato {i.actual.text}, target {i.target.text}"


def missed(scored: Sequence[Scored], listed_in: str, card_of: dict[int, str] | None = None) -> str | None:
    """The indicators that missed their target, by name when few, and whether a note explains them.

    "Sotto il target", not "non raggiunto": that is one of the statuses, and a missed target may be "parzialmente raggiunto".

    `card_of` (id of a Scored → scorecard name) names the scorecard of each, on pages that gather several.
    """
    out = [s for s in scored if s.status != "raggiunto"]
    k = len(out)
    if k == 0:
        return None
    notes = sum(1 for s in out if s.indicator.note)
    there = " della scheda" if card_of else ""  # the note is on the scorecard's page, not on this one
    theirs = " delle schede" if card_of else ""
    if k == 1:
        s = out[0]
        first = (f"L'unico sotto il target è {quoted(s.indicator.name)} ({_values(s, card_of)})" if len(scored) > 1
                 else f"Per {quoted(s.indicator.name)} il valore rilevato è {s.indicator.actual.text}, il target {s.indicator.target.text}")
        return first + (f": il motivo è spiegato nella nota{there}." if notes else ".")
    if k > MAX_LISTED:
        first = f"{cap(art(k))} {num(k)} sotto il target sono elencati {listed_in}"
    else:
        first = f"{cap(art(k))} {num(k)} sotto il target sono " + join([f"{quoted(s.indicator.name)} ({_values(s, card_of)})" for s in out])
    if notes == k:
        return first + f": i motivi sono spiegati nelle note{theirs}."
    if notes == 1:
        return first + f": per uno di essi il motivo è spiegato in una nota{there}."
    if notes:
        return first + f": per {num(notes)} di essi i motivi sono spiegati nelle note{theirs}."
    return first + "."


def not_scored(items: Sequence[Scored]) -> str | None:
    """Rows shown without a score: missing actuals, steps without a target of their own, the rest."""
    missing = sum(1 for s in items if s.score is None and s.indicator.target is not None and s.indicator.actual is None)
    other = sum(1 for s in items if s.score is None and s.indicator.target is not None and s.indicator.actual is not None)
    steps = sum(1 for s in items if s.indicator.target is None)
    parts = []
    if missing:
        parts.append(f"per {plural(missing, 'indicatore', 'indicatori')} il valore rilevato non è indicato")
    if other:
        parts.append(("non è valutato " if other == 1 else "non sono valutati ") + plural(other, "indicatore con target e valore rilevato", "indicatori con target e valore rilevato"))
    if steps:
        parts.append(("è mostrata ma non valutata " if steps == 1 else "sono mostrate ma non valutate ") + plural(steps, "riga senza target proprio", "righe senza target proprio"))
    return cap(join(parts)) + "." if parts else None


def _planned_count(year: int, n: int, where: str) -> str:
    if n == 0:
        return f"Per il {year} non sono previsti indicatori {where}."
    verb = "è previsto" if n == 1 else "sono previsti"
    return f"Per il {year} {verb} {plural(n, 'indicatore', 'indicatori')} {where}."


def _future(year: int) -> str:
    return f"I valori rilevati saranno pubblicati con la Relazione sulla Performance {year}."


# --- pages of the performance cycle ----------------------------------------------------


def _objectives(res: YearResult) -> str | None:
    objs = [o for o in res.objectives]
    n = len(objs)
    if n == 0:
        return None
    keys = {"raggiunto": ("è raggiunto", "sono raggiunti"), "parziale": ("è parzialmente raggiunto", "sono parzialmente raggiunti"),
            "non-raggiunto": ("non è raggiunto", "non sono raggiunti"), "non-valutato": ("non è valutato", "non sono valutati")}
    by: dict[str, list[ObjectiveResult]] = {}
    for o in objs:
        by.setdefault(o.status, []).append(o)
    # Reached (every target met) although scored under 100% by another method: say so, or "raggiunto" and "99%" clash.
    under = [o for o in by.get("raggiunto", []) if o.score is not None and fmt.round_half_up(o.score) < 100]
    aside = ""
    if len(under) == 1:
        o = under[0]
        aside = f"; l'obiettivo {o.objective.id} ha tutti i target raggiunti e una valutazione del {fmt.score(o.score)}, {METHOD_SHORT[o.method]}"
    elif 1 < len(under) <= MAX_LISTED:
        aside = (f"; gli obiettivi {join([f'{o.objective.id} ({fmt.score(o.score)})' for o in under])} hanno tutti i target raggiunti "
                 "e una valutazione sotto il 100%, calcolata con il metodo indicato nelle loro pagine")
    if len(by) == 1:
        (key, _), = by.items()
        if n == 1:
            return f"L'unico obiettivo strategico {keys[key][0]}{aside}."
        if key in ("non-raggiunto", "non-valutato"):  # "nessuno … è raggiunto", not "tutti … non sono raggiunti"
            return f"Nessuno {of_the(n)} {num(n)} obiettivi strategici {keys[key][0].removeprefix('non ')}."
        every = "Entrambi gli" if n == 2 else f"Tutti {art(n)} {num(n)}"
        return f"{every} obiettivi strategici {keys[key][1]}{aside}."
    parts = []
    for key, (one, many) in keys.items():
        group = by.get(key, [])
        if not group:
            continue
        text = f"{num(len(group))} {one if len(group) == 1 else many}"
        if key != "raggiunto" and len(group) <= MAX_LISTED:
            which = [f"{o.objective.id}" + (f": {fmt.score(o.score)}" if o.score is not None else "") for o in group]
            method = {o.method for o in group if o.score is not None} - {"media_indicatori"}
            how = ", calcolato sull'utilizzo delle risorse" if method == {"utilizzo_risorse"} and len(group) == 1 else ""
            text += f" ({'obiettivo' if len(group) == 1 else 'obiettivi'} {join(which)}{how})"
        parts.append(text)
    return f"{cap(of_the(n))} {num(n)} obiettivi strategici, {join(parts)}{aside}."


def year(res: YearResult) -> list[str]:
    y = res.year
    items = [s for c in res.cards for s in c.indicators]
    n_cards = len(res.cards)
    if not y.reported:
        n_obj = len(res.objectives)
        targets = sum(1 for s in items if s.indicator.target is not None)
        people = sum(1 for c in res.cards if c.card.kind == "individuale")
        first = (f"Per il {y.year} {'è previsto' if n_obj == 1 else 'sono previsti'} {plural(n_obj, 'obiettivo strategico', 'obiettivi strategici')}."
                 if n_obj else f"Per il {y.year} non sono ancora indicati obiettivi strategici.")
        where = "nell'unica scheda" if n_cards == 1 else f"nelle {num(n_cards)} schede"
        second = (f"{cap(where)} {'è previsto' if targets == 1 else 'sono previsti'} {plural(targets, 'indicatore', 'indicatori')} con target."
                  if targets else f"{cap(where)} non sono ancora indicati target.")
        third = (f"Tra le schede, {num(people)} {'riguarda' if people == 1 else 'riguardano'} obiettivi individuali." if people else None)
        return _limit([first, second, third])
    scored = _scored(items)
    where = "nell'unica scheda" if n_cards == 1 else f"nelle {num(n_cards)} schede"
    first = achieved(y.year, scored, where) if scored else f"Nel {y.year} nessun indicatore delle schede ha un valore rilevato."
    card_of = {id(s): c.card.name for c in res.cards for s in c.indicators}
    return _limit([first, missed(scored, "nelle pagine delle schede", card_of), _objectives(res), not_scored(items)])


def objective(r: ObjectiveResult, year: int, reported: bool) -> list[str]:
    where = "nel Cruscotto di Ente per questo obiettivo"
    allocated = [rr.allocated for rr in r.resources if rr.allocated is not None]
    consumed = [rr.consumed for rr in r.resources if rr.consumed is not None]
    n_cards = len(r.cards)
    cards = (f"L'obiettivo è presente in {plural(n_cards, 'scheda', 'schede')} delle unità e dei dirigenti." if n_cards else None)
    if not reported:
        res_s = f"Le risorse destinate sono {euro(sum(allocated, Decimal(0)), 2)}." if allocated else None
        return _limit([_planned_count(year, len(r.indicators), where), res_s, cards, _future(year)])
    scored = _scored(r.indicators)
    if scored:
        first = achieved(year, scored, where)
    elif r.indicators:
        first = f"Nel {year} nessuno degli indicatori {where} ha un valore rilevato."
    else:
        first = "Il Cruscotto di Ente non ha indicatori per questo obiettivo."
    if r.score is None:
        score_s = "L'obiettivo non ha una valutazione: mancano i valori per calcolarla."
    else:
        score_s = f"L'obiettivo è {STATUS_WORDS[r.status]}, con una valutazione del {fmt.score(r.score)}, calcolata come {METHOD_LABELS[r.method]}."
    res_s = None
    if allocated and consumed and len(allocated) == len(consumed) == len(r.resources):
        res_s = f"Le risorse consumate sono {euro(sum(consumed, Decimal(0)), 2)} su {euro(sum(allocated, Decimal(0)), 2)} destinate."
    elif consumed and not allocated:
        res_s = f"Le risorse consumate sono {euro(sum(consumed, Decimal(0)), 2)}; quelle destinate non sono indicate."
    return _limit([first, missed(scored, "nelle tabelle della pagina"), score_s, res_s, cards])


def card(c: CardResult, year: int, reported: bool, trends: Sequence[Any] = ()) -> list[str]:
    items = list(c.indicators)
    n_obj = len(c.objectives)
    if not reported:
        first = _planned_count(year, sum(1 for s in items if s.indicator.target is not None),
                               f"nella scheda, per {plural(n_obj, 'obiettivo strategico', 'obiettivi strategici')}")
        return _limit([first, _future(year), _trend(trends, reported)])
    scored = _scored(items)
    first = achieved(year, scored, "nella scheda") if scored else f"Nel {year} nessun indicatore della scheda ha un valore rilevato."
    score_s = (f"La valutazione complessiva è {fmt.score(c.score)}, calcolata da questo sito come media "
               + ("dell'unico obiettivo strategico della scheda" if n_obj == 1 else f"{of_the(n_obj)} {num(n_obj)} obiettivi strategici della scheda")
               + "."
               if c.score is not None else None)
    return _limit([first, missed(scored, "nelle tabelle della pagina"), score_s, _trend(trends, reported), not_scored(items)])


def _trend(trends: Sequence[Any], reported: bool) -> str | None:
    """The year-over-year comparison: how many indicators compare, and which way their score moved."""
    if not trends:
        return None
    n = len(trends)
    prev = sorted({t.previous.year for t in trends})
    since = f"Rispetto al {join([str(p) for p in prev])}"
    subject = f"{plural(n, 'indicatore è confrontabile', 'indicatori sono confrontabili')}"
    changes = [fmt.round_half_up(t.score_change) for t in trends if t.score_change is not None]
    if not reported or not changes:
        return f"{since}, {subject}: la tabella di confronto ne riporta target e valori."
    up = sum(1 for d in changes if d > 0)
    down = sum(1 for d in changes if d < 0)
    same = len(changes) - up - down
    if len(changes) == up or len(changes) == down or len(changes) == same:
        word = "salito" if up else "sceso" if down else "invariato"
        k = len(changes)
        whom = ("per l'unico confrontato" if k == 1 else f"per {num(k)}" if k < n else "per entrambi" if k == 2 else f"per tutti {art(k)} {num(k)}")
        return f"{since}, {subject}: il grado di raggiungimento è {word} {whom}."
    parts = [f"{w} per {num(k)}" for w, k in (("salito", up), ("sceso", down), ("invariato", same)) if k]
    return f"{since}, {subject}: il grado di raggiungimento è {join(parts)}."


def offices(year: int, reported: bool, by_office: dict[str, list[tuple[Any, Scored]]]) -> list[str]:
    n_off = len(by_office)
    n_ind = sum(len(v) for v in by_office.values())
    offices_ = plural(n_off, "ufficio responsabile", "uffici responsabili")
    assigned = plural(n_ind, "indicatore assegnato", "indicatori assegnati")
    if reported:
        first = f"Nel {year} c'è un solo ufficio responsabile, con {assigned}." if n_off == 1 else f"Nel {year} ci sono {offices_}, con {assigned}."
    else:
        first = f"Per il {year} è previsto un solo ufficio responsabile, con {assigned}." if n_off == 1 else f"Per il {year} sono previsti {offices_}, con {assigned}."
    most = None
    if n_off > 1:
        top = max(len(v) for v in by_office.values())
        names = [quoted(o) for o in sorted(by_office, key=str.casefold) if len(by_office[o]) == top]
        if len(names) < n_off:
            each = " ciascuno" if len(names) > 1 else ""
            most = f"Il maggior numero di indicatori ({num(top)}{each}) è assegnato a {join(names)}."
    if not reported:
        return _limit([first, most, _future(year)])
    scored = [(o, s) for o, v in by_office.items() for _, s in v if s.score is not None]
    out = [(o, s) for o, s in scored if s.status != "raggiunto"]
    m, k = len(scored), len(out)
    what = "indicatori assegnati e valutati"
    who = sorted({o for o, _ in out}, key=str.casefold)
    if not scored:
        third = "Nessun indicatore assegnato ha un valore rilevato."
    elif m == 1:
        third = "È stato raggiunto l'unico indicatore assegnato e valutato." if not k else f"L'unico indicatore assegnato e valutato, di {quoted(who[0])}, non è stato raggiunto."
    elif not k:
        third = "Sono stati raggiunti " + ("entrambi gli " + what if m == 2 else f"tutti {art(m)} {num(m)} {what}") + "."
    else:
        got = m - k
        head = (f"Non è stato raggiunto nessuno {of_the(m)} {num(m)} {what}" if not got
                else f"{'È stato raggiunto' if got == 1 else 'Sono stati raggiunti'} {num(got)} {of_the(m)} {num(m)} {what}")
        if k == 1:
            tail = f"l'unico sotto il target è assegnato a {quoted(who[0])}"
        elif len(who) == 1:
            tail = f"{art(k)} {num(k)} sotto il target sono tutti assegnati a {quoted(who[0])}"
        else:
            tail = f"{art(k)} {num(k)} sotto il target sono assegnati a {join([quoted(o) for o in who])}"
        third = f"{head}: {tail}."
    return _limit([first, most, third])


# --- budget, staff, bonuses ----------------------------------------------------------------


def _result(x: Decimal) -> str:
    if x > 0:
        return f"un avanzo di {euro(x)}"
    if x < 0:
        return f"un disavanzo di {euro(x)}"
    return "il pareggio"


def budget(b: BudgetResult, year: int) -> list[str]:
    totals = [i for i in b.items if i.row.kind == "totale"]
    first = None
    if totals:
        f = totals[-1].figures  # the last total is the year's result
        if f.actual is not None:
            close = "chiude in pareggio" if f.actual == 0 else f"chiude con {_result(f.actual)}"
            first = f"Il conto economico {year} {close}"
            if f.planned is not None:
                same = (f.actual > 0) == (f.planned > 0) and (f.actual < 0) == (f.planned < 0)
                first += f"{' e' if same else ', mentre'} il preventivo prevedeva {_result(f.planned)}"
            first += "."
        elif f.planned is not None:
            first = f"Il consuntivo {year} non è indicato: il preventivo prevede {_result(f.planned)}."
    rows = list(b.budget.rows)
    parts = []
    for code, sec in b.budget.config.sections.items():
        actual = section_total(rows, code, sec.kind, "actual") if sec.kind != "risultato" else None
        if actual is None:
            continue
        planned = section_total(rows, code, sec.kind, "planned")
        verb = "" if parts else "totalizza "
        parts.append(f"la sezione {quoted(sec.name)} {verb}{euro(actual)}" + (f" ({euro(planned)} nel preventivo)" if planned is not None else ""))
    second = f"A consuntivo {join(parts)}." if parts else None
    notes = sum(1 for r in rows if r.note)
    third = (f"Per {plural(notes, 'riga', 'righe')} una nota spiega perché i valori stampati nel documento differiscono da quelli calcolati dalle voci."
             if notes else None)
    return _limit([first, second, third])


def staff(s: Any) -> list[str]:
    cfg = s.staff.config
    ref = s.tables[0]
    n = s.headcount
    when = fmt.day(cfg.reference_date)
    people = plural(n, "persona", "persone")
    if n == 0:
        return _limit([f"Al {when} non risulta personale in ruolo.", None])
    parts = []
    for g in cfg.genders:
        k = ref.total(None, g)
        parts.append(f"{num(k)} {g[:1].lower() + g[1:]} ({fmt.percent(fmt.round_half_up(Decimal(k) * 100 / n))})")
    first = f"Al {when} il personale in ruolo è di {people}: {join(parts)}."
    second = None
    if len(cfg.seats) > 1:
        second = f"Le persone sono {join([f'{num(ref.total(seat, None))} nella sede «{seat}»' for seat in cfg.seats])}."
    n_notes = sum(len(v) for v in s.printed_notes.values())
    third = None
    if n_notes == 1:
        third = "Per 1 totale il documento stampa un valore diverso da quello calcolato dalle sedi: lo spiega una nota."
    elif n_notes:
        third = f"Per {num(n_notes)} totali il documento stampa valori diversi da quelli calcolati dalle sedi: lo spiegano le note."
    return _limit([first, second, third])


def _years(years: Sequence[int]) -> str:
    return join([f"del {y}" for y in years])


def distribution(dists: Sequence[Any]) -> list[str]:
    """Dati relativi ai premi: `dists` are BonusDistribution records, any order."""
    ready = sorted((d for d in dists if d.state == "disponibile"), key=lambda d: d.reference_year)
    missing = sorted(d.reference_year for d in dists if d.state != "disponibile")
    out: list[str | None] = []
    if ready:
        newest = ready[-1]
        groups = len(newest.groups)
        out.append(f"Sono pubblicati i dati {_years([d.reference_year for d in ready])}: la quota del personale in ogni fascia di valutazione"
                   + (f", per {plural(groups, 'gruppo', 'gruppi')} di personale." if groups else "."))
        tops = []
        for g in newest.groups:
            top = max(b.share for b in g.bands)
            bands = [quoted(b.band) for b in g.bands if b.share == top]
            tops.append(f"{join(bands)} per {quoted(g.group)} ({fmt.percent(top)})")
        if tops:
            out.append(f"Nel {newest.reference_year} la fascia con la quota più alta è {join(tops)}.")
    else:
        out.append("Non sono ancora pubblicati dati sulla distribuzione dei premi per fascia di valutazione.")
    if missing:
        out.append(f"I dati {_years(missing)} non sono disponibili.")
    return _limit(out)


def amounts(entries: Sequence[Any], distribution_years: Sequence[int] = ()) -> list[str]:
    """Ammontare complessivo dei premi: `entries` are BonusAmount records, any order."""
    ready = sorted((a for a in entries if a.state == "disponibile"), key=lambda a: a.reference_year)
    missing = sorted(a.reference_year for a in entries if a.state != "disponibile")
    out: list[str | None] = []
    if ready:
        a = ready[-1]
        set_aside = f"i premi stanziati sono {euro(a.set_aside)}" if a.set_aside is not None else "i premi stanziati non sono indicati"
        paid = f"quelli distribuiti {euro(a.paid)}" if a.paid is not None else "quelli distribuiti non sono indicati"
        share = ""
        if a.set_aside and a.paid is not None:
            share = f", il {fmt.percent(fmt.round_half_up(a.paid * 100 / a.set_aside, 1))} dello stanziamento"
        out.append(f"Per il {a.reference_year} {set_aside} e {paid}{share}.")
        if len(ready) > 1:
            out.append(f"Sono pubblicati anche gli importi {_years([x.reference_year for x in ready[:-1]])}.")
    else:
        out.append("Gli importi dei premi stanziati e distribuiti non sono ancora pubblicati: il documento di origine non li riporta.")
    if missing:
        out.append(f"Per {'il' if len(missing) == 1 else 'gli anni'} {join([str(y) for y in missing])} gli importi non sono disponibili.")
    if distribution_years:
        out.append(f"Sono invece pubblicati i dati {_years(sorted(distribution_years))} sulla distribuzione del personale per fascia di valutazione.")
    return _limit(out)
