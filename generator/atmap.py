"""`at_map.json`: a machine-readable map of the Amministrazione trasparente sections.

A flat JSON object from each node of the AT tree that the site publishes (its key
made from the official label, e.g. `relazione_sulla_performance`) to its absolute
address, plus `data_ultima_modifica` (gg/mm/aaaa), as ANAC's transparency guide
suggests and portals such as the Emilia-Romagna region's `rer.linkmap` do. Built
from the same tree as the navigation, so the two never disagree; sections kept
on the body's own website (`sezioni_esterne`) are listed with their address.
Pure: nav in, text out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from typing import Any

from . import fmt, urls

AT_LABEL = "Amministrazione trasparente"
_YEAR = re.compile(r"\b(?:19|20)[0-9]{2}\b")


def node_key(label: str) -> str:
    """`Controlli e rilievi sull'amministrazione` → `controlli_e_rilievi_sull_amministrazione`."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def _walk(label: str, value: Any, out: dict[str, str], base: str) -> None:
    if _YEAR.search(label):  # a year of an item is a page of it, not a node of the tree
        return
    path = value if isinstance(value, str) else value[0]
    out.setdefault(node_key(label), base + urls.url_of(path))
    for child in value[1:] if isinstance(value, list) else ():
        for k, v in child.items():
            _walk(k, v, out, base)


def at_map(nav: list[Any], base_url: str, updated: date, external: dict[str, str]) -> str:
    """The JSON text of at_map.json; `base_url` is the site's address ending with `/`."""
    out: dict[str, str] = {}
    for entry in nav:
        if AT_LABEL in entry:
            _walk(AT_LABEL, entry[AT_LABEL], out, base_url)
    for label, url in external.items():
        out.setdefault(node_key(label), url)
    out["data_ultima_modifica"] = fmt.day(updated)
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"
