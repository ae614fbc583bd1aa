"""`import --replace` over an existing year: what the workbook does not carry stays, what goes is said (pure).

A workbook carries the tree (areas, objectives with their codes, names and
areas), the scorecards (with a Schede sheet: their type, name, description and
holder) and their indicators. What an editor wrote by hand in performance.yaml
beside them (the vision, the perspectives, an objective's results, tables, map
name, perspective or published scores; a scorecard's name and holder where no
Schede sheet gives them) is carried over to the new performance.yaml for each
area, objective and scorecard the new year still has. An area or objective is
the same one by its name and code, else its name, else its code (the name
changed: said), else its id (renamed: said); a scorecard by its id. An id that
changes is said, and a scorecard's published scores follow their objectives'
new ids. What cannot be carried over is named, item by item; so are the
indicator files' values the new ones no longer have, file by file and column
by column. A plan that replaces a report keeps none of its published scores.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from .history import normalise
from .fmt import plural
from .sources import delimiter

# What the import writes itself: these keys of the new file are the workbook's.
WRITTEN = {"anno", "stato", "aggiornato", "documento", "direzione_predefinita", "aree_strategiche", "obiettivi_strategici", "schede"}
# section → (one item, the item's fields the workbook owns: never carried, even where the workbook left them out)
SECTIONS = {
    "aree_strategiche": ("area strategica", {"id", "codice", "nome"}),
    "obiettivi_strategici": ("obiettivo strategico", {"id", "codice", "nome", "area_strategica"}),
    "schede": ("scheda", {"id", "file", "tipo", "nome", "descrizione", "titolare"}),
}
IDENTITY = {"id", "codice", "nome", "file", "tipo", "area_strategica"}  # what names an item and where it sits
MADE_UP_CARD = {"id", "file"}  # a scorecard the import named itself (no Schede sheet lists it): the rest is the editor's
SCORES = {"valutazione_pubblicata", "valutazioni_pubblicate"}  # a report's: a plan has none


def _filled(v: Any) -> bool:
    return v not in (None, "", [], {})


def _name(e: dict) -> str:
    return normalise(str(e.get("nome") or ""))


def _code(e: dict) -> str | None:
    c = e.get("codice")
    return str(c).strip() if _filled(c) and not isinstance(c, (list, dict)) else None


def _shown(e: dict) -> str:
    name = e.get("nome")
    return f'"{name}" (id {e.get("id")})' if _filled(name) and isinstance(name, str) else f"id {e.get('id')}"


def _same_id(o: dict, n: dict) -> bool:
    return o.get("id") is not None and str(o.get("id")) == str(n.get("id"))


# How an old area or objective is told in the new tree, in order: (what is the same, if not the name; test).
_MATCHES = (
    ("", lambda o, n: bool(_name(o)) and _name(o) == _name(n) and _code(o) == _code(n)),
    ("", lambda o, n: bool(_name(o)) and _name(o) == _name(n)),
    ("codice", lambda o, n: _code(o) is not None and _code(o) == _code(n)),
    ("id", _same_id),
)


def _pairs(olds: list[dict], news: list[dict], section: str) -> list[tuple[dict, dict | None, str]]:
    """Each old entry with the new one that is it (None: the new year has none) and what told it, where not its name:
    "codice" (the same code, another name) or "id" (the same id, another name and code). A scorecard by its id. Only
    a match that no other entry shares counts."""
    found: dict[int, tuple[dict, str]] = {}
    for how, match in ((("", _same_id),) if section == "schede" else _MATCHES):
        for i, o in enumerate(olds):
            if i in found:
                continue
            free = [n for n in news if all(n is not m for m, _ in found.values())]
            alike = [n for n in free if match(o, n)]
            if len(alike) == 1 and sum(1 for j, p in enumerate(olds) if j not in found and match(p, alike[0])) == 1:
                found[i] = (alike[0], how)
    return [(o, *found[i]) if i in found else (o, None, "") for i, o in enumerate(olds)]


def _entries(doc: dict, section: str, lines: list[str]) -> list[dict]:
    value = doc.get(section)
    if value is None:
        return []
    if not isinstance(value, list):
        lines.append(f"{section}: non è un elenco: non se ne porta nulla")
        return []
    return [e for e in value if isinstance(e, dict)]


def carry_over(old: dict, new: dict, generated: set[str] = frozenset()) -> tuple[dict, list[str]]:
    """The new performance.yaml with what `old` has beside the workbook's data; lines: what stays, what changes, what
    is lost, each named.

    `generated`: ids of scorecards the import named itself (no Schede sheet lists them): their name, type, description
    and holder are the editor's."""
    out = dict(new)
    lines: list[str] = []
    kept: Counter[str] = Counter()
    plan = new.get("stato") == "pianificato"
    if _filled(old.get("documento")) and old.get("documento") != new.get("documento"):
        if old.get("stato") == new.get("stato"):
            out["documento"] = old["documento"]
        else:
            lines.append(f'documento: "{old["documento"]}" diventa "{new.get("documento")}" (lo stato passa a {new.get("stato")})')
    for key, value in old.items():
        if key not in WRITTEN and key not in new:
            out[key] = value
            kept[key] += 1
    fate: dict[str, object] = {}  # an old objective's id → its new id (None: gone)
    for section, (item, owned) in SECTIONS.items():
        olds, news = _entries(old, section, lines), [dict(e) for e in new.get(section) or [] if isinstance(e, dict)]
        if section not in new:  # the workbook says nothing of them (a tree without Settore): they stay as they are
            if olds:
                out[section] = old[section]
                kept[section] += 1
            continue
        for o, n, how in _pairs(olds, news, section):
            mine = MADE_UP_CARD if section == "schede" and n is not None and n.get("id") in generated else owned
            if section == "obiettivi_strategici" and "aree_strategiche" not in new:
                mine = mine - {"area_strategica"}
            extra = {k: v for k, v in o.items() if _filled(v) and k not in mine and not (k == "tipo" and "ente" in (v, (n or {}).get("tipo")))}
            dropped = sorted(k for k in extra if plan and k in SCORES)
            extra = {k: v for k, v in extra.items() if k not in dropped}
            if section == "obiettivi_strategici":
                fate[str(o.get("id"))] = None if n is None else n.get("id")
            if n is None:  # gone with its item: all but what names it
                extra = {k: v for k, v in o.items() if _filled(v) and k not in IDENTITY}
                if extra:
                    lines.append(f"{item} {_shown(o)}: il foglio non l'ha più: si perdono {', '.join(extra)}")
                continue
            if dropped:
                lines.append(f"{item} {_shown(n)}: si perdono {', '.join(dropped)} (un anno pianificato non ha valutazioni pubblicate)")
            if section == "obiettivi_strategici" and str(o.get("id")) != str(n.get("id")):
                lines.append(f"{item} {_shown(n)}: era l'id {o.get('id')}: i riferimenti per id negli altri file dell'anno "
                             "(bilancio/, relazione/) vanno controllati")
            carried = {k: v for k, v in extra.items() if k not in n or n[k] != v}
            if how and carried:
                was = f'"{o["nome"]}"' if _filled(o.get("nome")) and isinstance(o.get("nome"), str) else "una voce senza nome"
                lines.append(f"{item} {_shown(n)}: stesso {how} di {was}: restano {', '.join(carried)} "
                             "(se non è lo stesso, correggerli o toglierli)")
            kept.update(f"{section}: {k}" for k in carried)
            n.update(carried)
        out[section] = news
    for card in out.get("schede") or []:  # published scores by objective: keyed by the objectives' new ids
        scores = card.get("valutazioni_pubblicate")
        if isinstance(scores, dict) and any(str(k) in fate for k in scores):
            gone = [k for k in scores if str(k) in fate and fate[str(k)] is None]
            card["valutazioni_pubblicate"] = {fate.get(str(k), k): v for k, v in scores.items() if k not in gone}
            if gone:
                lines.append(f"scheda {_shown(card)}: si perdono valutazioni_pubblicate di obiettivi che il foglio non ha più "
                             f"(id {', '.join(map(str, gone))})")
    if kept:
        lines.insert(0, "restano, scritti a mano accanto ai dati del foglio: " + ", ".join(f"{k} ({c})" if c > 1 else k for k, c in kept.items()))
    order = [k for k in new if k in out] + [k for k in out if k not in new]
    return {k: out[k] for k in order}, lines


def _rows(text: str) -> list[dict[str, str]] | None:
    """The non-blank rows of a CSV as {column: cell}; None if it does not read as one."""
    text = text.removeprefix("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text)))
    except csv.Error:
        return None
    header = [h.strip() for h in rows[0]] if rows else []
    return [{h: c.strip() for h, c in zip(header, r) if h} for r in rows[1:] if any(c.strip() for c in r)]


def _keyed(rows: list[dict[str, str]]) -> dict[tuple[str, int], dict[str, str]]:
    """Rows by indicator name (normalised) and how many rows of that name came before."""
    seen: Counter[str] = Counter()
    out = {}
    for r in rows:
        name = normalise(r.get("indicatore", ""))
        out[name, seen[name]] = r
        seen[name] += 1
    return out


def indicator_losses(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Lines on what the old indicator files had that the new ones do not, file by file: {path under the year: text}.
    A row is the same row by its indicator's name; the values its columns lose are counted by column."""
    out = []
    for rel in sorted(old):
        before = _rows(old[rel]) if rel.endswith(".csv") else None
        if rel not in new:
            out.append(f"{rel}: tolto" + (f" (righe: {len(before)}, valori rilevati: {sum(1 for r in before if r.get('actual'))})" if before else ""))
            continue
        after = _rows(new[rel])
        if before is None or after is None:
            continue
        a, b = _keyed(before), _keyed(after)
        gone = [r.get("indicatore") or "senza nome" for k, r in a.items() if k not in b]
        lost = Counter(col for k, r in a.items() if k in b for col, v in r.items() if v and not b[k].get(col))
        parts = [f"{plural(len(gone), 'riga tolta', 'righe tolte')} ({', '.join(f'«{g}»' for g in gone[:3])}{', …' if len(gone) > 3 else ''})"] if gone else []
        if lost:
            parts.append("nelle righe che restano si perdono " + ", ".join(f"{col} ({n})" for col, n in sorted(lost.items())))
        if parts:
            out.append(f"{rel}: {'; '.join(parts)}")
    return out


__all__ = ["carry_over", "indicator_losses"]
