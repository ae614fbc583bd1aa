"""The glossary: its terms (pure data), and the link from each term's first use on a page.

`TERMS` feeds the "Glossario" page (render.py) and `link_page`, which the
post-build pass applies to the article of every built page: the first time a
term appears in running text (not in a heading, a link, a button, a caption, a
summary or a table header) it becomes a link to its definition. Matching is by
whole words, case-insensitive, on the forms listed (singular and plural);
longer terms win over the shorter ones they contain ("obiettivo strategico"
before "obiettivo").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    id: str  # anchor on the glossary page
    term: str
    definition: str
    forms: tuple[str, ...]  # how the term is written in running text (whole words, any case)


TERMS: tuple[Term, ...] = (
    Term("mandato-istituzionale", "Mandato istituzionale",
         "Il perimetro entro cui l'amministrazione può e deve operare, fissato dalle sue attribuzioni e competenze per legge.",
         ("mandato istituzionale",)),
    Term("mission", "Mission",
         "La ragione d'essere dell'ente e l'ambito in cui opera, in termini di politiche e di azioni perseguite.",
         ("mission",)),
    Term("vision", "Vision",
         "Lo scenario a medio e lungo termine che l'ente vuole realizzare, attraverso obiettivi strategici, obiettivi operativi e azioni.",
         ("vision",)),
    Term("area-strategica", "Area strategica",
         "Una linea di azione in cui si scompongono il mandato istituzionale, la mission e la vision: un insieme di attività, servizi o "
         "politiche. Per ogni area sono definiti gli obiettivi strategici.",
         ("area strategica", "aree strategiche")),
    Term("prospettiva", "Prospettiva",
         "Un punto di vista da cui si misura la performance (ad esempio imprese e territorio, processi interni, innovazione e crescita, "
         "aspetti economico-finanziari): raggruppa gli obiettivi strategici nella mappa strategica.",
         ("prospettiva", "prospettive")),
    Term("obiettivo-strategico", "Obiettivo strategico",
         "Un traguardo che l'ente si prefigge di raggiungere nel triennio per realizzare le sue aree strategiche; è misurato da indicatori.",
         ("obiettivo strategico", "obiettivi strategici")),
    Term("obiettivo-operativo", "Obiettivo operativo",
         "Un'azione annuale, assegnata a un'unità organizzativa o a una persona, che serve a realizzare un obiettivo strategico; "
         "è misurata da indicatori con un target.",
         ("obiettivo operativo", "obiettivi operativi")),
    Term("indicatore", "Indicatore",
         "La misura con cui si verifica un obiettivo: ad esempio la percentuale di pratiche evase entro 5 giorni.",
         ("indicatore", "indicatori")),
    Term("target", "Target",
         "Il valore atteso di un indicatore, fissato nel Piano: un minimo, un massimo, una scadenza o un esito.",
         ("target",)),
    Term("valore-rilevato", "Valore rilevato",
         "Il valore effettivo di un indicatore, misurato a fine anno (al 31 dicembre) e pubblicato nella Relazione sulla Performance.",
         ("valore rilevato", "valori rilevati")),
    Term("grado-di-raggiungimento", "Grado di raggiungimento (SAL)",
         "Quanto il valore rilevato si avvicina al target, in percentuale da 0% a 100%: 100% quando il target è raggiunto. "
         "Nei documenti è detto anche SAL (stato di avanzamento lavori) o valutazione finale.",
         ("grado di raggiungimento", "gradi di raggiungimento", "SAL")),
    Term("cruscotto", "Cruscotto",
         "La tabella degli indicatori di un'unità organizzativa (o dell'intero ente, nel Cruscotto di Ente) con target, valore rilevato "
         "e grado di raggiungimento.",
         ("cruscotto", "cruscotti")),
    Term("performance-organizzativa", "Performance organizzativa",
         "I risultati dell'ente nel suo complesso e delle sue unità organizzative, misurati dagli obiettivi strategici e operativi.",
         ("performance organizzativa",)),
    Term("performance-individuale", "Performance individuale",
         "I risultati di una persona (dirigente o dipendente) rispetto agli obiettivi individuali che le sono assegnati, collegati agli "
         "obiettivi strategici.",
         ("performance individuale",)),
    Term("oiv", "OIV",
         "Organismo indipendente di valutazione: verifica il sistema di misurazione, valida la Relazione sulla Performance e propone la "
         "valutazione dei dirigenti di vertice (D.Lgs. 150/2009, art. 14).",
         ("OIV", "organismo indipendente di valutazione")),
    Term("smvp", "SMVP",
         "Sistema di misurazione e valutazione della performance: il documento con cui l'ente stabilisce come misura e valuta i risultati, "
         "compresi i metodi di calcolo e le soglie degli stati (D.Lgs. 150/2009, art. 7).",
         ("SMVP", "sistema di misurazione e valutazione della performance")),
    Term("piao", "PIAO",
         "Piano integrato di attività e organizzazione: il documento di programmazione triennale che contiene, tra l'altro, il Piano della "
         "Performance (D.L. 80/2021, art. 6).",
         ("PIAO", "piano integrato di attività e organizzazione")),
    Term("premialita", "Premialità",
         "I premi collegati alla performance e il modo in cui sono distribuiti tra il personale secondo la valutazione ottenuta "
         "(art. 20 D.Lgs. 33/2013).",
         ("premialità", "premi collegati alla performance")),
)

# Text inside these elements is never linked: it is already a link or a control, a heading, or the name of something.
_SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "button", "label", "caption", "th", "abbr", "dfn", "code", "pre",
         "script", "style", "svg", "title", "select", "option", "textarea", "nav", "figcaption"}
# …and inside these blocks of the page: downloads, metadata, breadcrumbs, status badges.
_SKIP_CLASS = re.compile(r'\bclass="(?:scarica|metadati|briciole|stato\b[^"]*|legenda-origine)"')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>|<!--.*?-->""", re.S)  # ">" may sit in a quoted value
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)


def _pattern(term: Term) -> re.Pattern[str]:
    forms = sorted(term.forms, key=len, reverse=True)
    # Acronyms match only in capitals ("SAL", not "sal"); words in any case.
    parts = [re.escape(f) if f.isupper() else "(?i:" + re.escape(f) + ")" for f in forms]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


_ORDERED = sorted(((max(len(f) for f in t.forms), t, _pattern(t)) for t in TERMS), key=lambda x: -x[0])


def _link_text(text: str, href: str, done: set[str]) -> str:
    """Link, in one run of text, the first use of each term not yet linked on the page."""
    spans: list[tuple[int, int, Term]] = []
    for _, term, pattern in _ORDERED:
        if term.id in done:
            continue
        for m in pattern.finditer(text):
            if all(m.end() <= s or m.start() >= e for s, e, _ in spans):  # not inside a longer term already chosen
                spans.append((m.start(), m.end(), term))
                done.add(term.id)
                break
    out, last = [], 0
    for s, e, term in sorted(spans, key=lambda x: x[0]):
        out += [text[last:s], f'<a class="glossario" href="{html.escape(href, quote=True)}#{term.id}">{text[s:e]}</a>']
        last = e
    return "".join(out) + text[last:]


_LOWER = {t.id: tuple(f.lower() for f in t.forms) for t in TERMS}
_FOLDS = ("\u017f", "\u212a", "\u0131")  # ſ, the Kelvin sign, dotless ı match s, k, i case-insensitively; their lower case does not


def _last_uses(article: str) -> dict[str, int] | None:
    """Where each term's forms last end in the article, tags included, found in its lower case (a bound:
    every match of a term is there); None when lower case does not keep every match in place."""
    low = article.lower()
    if len(low) != len(article) or any(c in article for c in _FOLDS):
        return None
    return {t.id: max((i + len(f) for f in _LOWER[t.id] if (i := low.rfind(f)) >= 0), default=-1) for t in TERMS}


def link_article(article: str, href: str) -> str:
    """The article HTML with the first use of each term linked to `href`#term."""
    done: set[str] = set()
    stack: list[tuple[str, bool]] = []  # open elements: (name, whether text inside it is left alone)
    ends = _last_uses(article)  # past the last use of every term not yet linked, the rest is copied as it is
    stop = [len(article) if ends is None else max(ends.values()), 0]  # the bound, and len(done) when computed

    def run(text: str) -> str:
        if not text.strip() or any(skip for _, skip in stack):
            return text
        if ends is not None:  # no form of a term not yet linked in it: nothing to do
            low = text.lower()
            if not any(f in low for t, forms in _LOWER.items() if t not in done for f in forms):
                return text
        return _link_text(text, href, done)

    out, last = [], 0
    for m in _TAG.finditer(article):
        if ends is not None and stop[1] != len(done):
            stop[:] = [max((e for t, e in ends.items() if t not in done), default=-1), len(done)]
        if m.start() > stop[0]:
            out += [run(article[last:m.start()]), article[m.start():]]
            return "".join(out)
        out += [run(article[last:m.start()]), m[0]]
        last = m.end()
        if m[0].startswith("<!--"):
            continue
        closing, name, self_closing = m[1] == "/", m[2].lower(), m[3] == "/"
        if closing:
            names = [n for n, _ in stack]
            if name in names:
                del stack[len(names) - 1 - names[::-1].index(name):]
        elif name not in _VOID and not self_closing:
            stack.append((name, name in _SKIP or bool(_SKIP_CLASS.search(m[0]))))
    out.append(run(article[last:]))
    return "".join(out)


PAGE = "glossario.md"  # docs path of the glossary page
MARK = 'class="glossario"'


def link_page(page_html: str, href: str) -> str:
    """A built page with its article's first uses linked; a page already linked (or without an article) is returned as is."""
    m = _ARTICLE.search(page_html)
    if not m or MARK in m[2]:
        return page_html
    return page_html[: m.start(2)] + link_article(m[2], href) + page_html[m.end(2):]
