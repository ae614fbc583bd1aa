"""`import --replace` over an existing year: what the workbook does not carry stays, what goes is said (pure).

A workbook carries the tree (areas, objectives), the scorecards and their
indicators. What an editor wrote by hand in performance.yaml beside them (the
vision, the perspectives, an objective's results, tables, map name, perspective
or published score, a scorecard's holder) is not in it: it is carried over to
the new performance.yaml wherever the new year has the same thing (an area or
an objective with the same id and the same name, a scorecard with the same id),
and every field that cannot be carried over is named with its count. The old
indicator rows are replaced: the values they had that the new rows do not
(actuals, notes, SAL) and the files that go are counted, so that nothing goes
unsaid.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from .history import normalise
from .scaffold import plural
from .sources import delimiter

# What the import writes itself: these keys of the new file are the workbook's.
WRITTEN = {"anno", "stato", "aggiornato", "direzione_predefinita", "aree_strategiche", "obiettivi_strategici", "schede"}
_MATCHED = {"aree_strategiche": "aree strategiche", "obiettivi_strategici": "obiettivi strategici", "schede": "schede"}
_COUNTED = (("actual", ("valore rilevato", "valori rilevati")), ("nota", ("nota", "note")), ("sal_pubblicato", ("SAL", "SAL")))


def _filled(v: Any) -> bool:
    return v not in (None, "", [], {})


def _pairs(olds: list[dict], news: list[dict], section: str) -> list[tuple[dict, dict | None, bool]]:
    """Each old entry with the new one that is it, and whether only its id says so (renamed): a scorecard by id; an
    area or objective by its name or code, else by its id if no other old entry has claimed that one by name."""
    def key(e: dict) -> tuple[str, object]:
        return normalise(str(e.get("nome", ""))), e.get("codice") if _filled(e.get("codice")) else None

    def by_id(o: dict) -> dict | None:
        return next((n for n in news if n.get("id") == o.get("id")), None)

    if section == "schede":
        return [(o, by_id(o), False) for o in olds]
    found: dict[int, dict] = {}
    for i, o in enumerate(olds):
        name, code = key(o)
        alike = [n for n in news if (name and key(n)[0] == name) or (code is not None and key(n)[1] == code)]
        pick = next((n for n in alike if n.get("id") == o.get("id")), alike[0] if len(alike) == 1 else None)
        if pick is not None and all(pick is not f for f in found.values()):
            found[i] = pick
    claimed = [id(n) for n in found.values()]
    out = []
    for i, o in enumerate(olds):
        if i in found:
            out.append((o, found[i], False))
            continue
        n = by_id(o)
        out.append((o, n, True) if n is not None and id(n) not in claimed else (o, None, False))
    return out


def carry_over(old: dict, new: dict, generated: set[str] = frozenset()) -> tuple[dict, list[str]]:
    """The new performance.yaml with what `old` has beside the workbook's data; lines: what stays, what is told by
    its id alone, what is lost.

    `generated`: ids of scorecards whose name the import made up (no Schede sheet lists them): the old name stays."""
    out = dict(new)
    lines: list[str] = []
    kept: Counter[str] = Counter()
    if old.get("stato") == new.get("stato") and _filled(old.get("documento")):
        out["documento"] = old["documento"]
    for key, value in old.items():
        if key not in WRITTEN and key != "documento" and key not in new:
            out[key] = value
            kept[key] += 1
    for section, label in _MATCHED.items():
        news = [dict(e) for e in new.get(section) or [] if isinstance(e, dict)]
        gone: Counter[str] = Counter()
        unmatched = 0
        for o, n, renamed in _pairs([e for e in old.get(section) or [] if isinstance(e, dict)], news, section):
            if n is None:
                extra = [k for k, v in o.items() if _filled(v) and k not in ("id", "codice", "nome", "file", "tipo", "area_strategica")]
                gone.update(extra)
                unmatched += bool(extra)
                continue
            made_up = ("nome", "tipo") if n.get("id") in generated else ()
            carried = {k: v for k, v in o.items() if _filled(v) and (k not in n or (k in made_up and n[k] != v))}
            if renamed and carried:
                lines.append(f'{label}: id {o.get("id")}: il nome cambia da "{o.get("nome")}" a "{n.get("nome")}": restano i campi '
                             f'{", ".join(carried)} (se non è lo stesso, correggerli o toglierli)')
            kept.update(f"{label}: {k}" for k in carried)
            n.update(carried)
        if news:
            out[section] = news
        if gone:
            fields = ", ".join(f"{k} ({c})" for k, c in sorted(gone.items()))
            lines.append(f"{label} che il foglio non ha più ({unmatched}): si perdono i campi {fields}")
    order = [k for k in new if k in out] + [k for k in out if k not in new]
    if kept:
        lines.insert(0, "restano, scritti a mano accanto ai dati del foglio: " + ", ".join(f"{k} ({c})" if c > 1 else k for k, c in kept.items()))
    return {k: out[k] for k in order}, lines


def _rows(text: str) -> list[dict[str, str]]:
    text = text.removeprefix("\ufeff")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text)))
    except csv.Error:
        return []
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:] if any(c.strip() for c in r)]


def indicator_losses(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Lines on what the old indicator files had that the new ones do not: {path under the year: text}."""
    def counts(files: dict[str, str]) -> Counter[str]:
        c: Counter[str] = Counter()
        for rel, text in files.items():
            if rel.endswith(".csv"):
                for r in _rows(text):
                    c["righe"] += 1
                    c.update(f for f, _ in _COUNTED if (r.get(f) or "").strip())
        return c

    before, after = counts(old), counts(new)
    out = []
    gone = sorted(set(old) - set(new))
    if gone:
        out.append(f"tolti {', '.join(gone)}")
    less = [plural(before[f] - after[f], *names) for f, names in (("righe", ("riga", "righe")), *_COUNTED) if before[f] > after[f]]
    if less:
        out.append(f"rispetto a prima, nei file degli indicatori mancano {', '.join(less)} "
                   f"(prima {plural(before['righe'], 'riga', 'righe')} con {plural(before['actual'], *_COUNTED[0][1])}; "
                   f"ora {plural(after['righe'], 'riga', 'righe')} con {after['actual']})")
    return out


__all__ = ["carry_over", "indicator_losses"]
