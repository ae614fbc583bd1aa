"""Atom feed of updates: one entry per dataset and per document, dated from the data.

Every value is escaped by `escape.xml` (text and double-quoted attributes);
URLs from the data are already checked and percent-encoded by the model.
Links are relative to the feed (site root) unless the site address is known,
so the feed works under any sub-path. Entry ids are tag: URIs (RFC 4151) built
from the body's website host and the item's name, stable across builds.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from .escape import xml as escape
from .model import Body, is_placeholder


def _stamp(d: date) -> str:
    return f"{d.isoformat()}T00:00:00Z"


def atom(body: Body, exports: list[Any], documents: list[Any], base_url: str) -> str:
    host = urlsplit(body.website).hostname if not is_placeholder(body.website) else None
    authority = host or "trasparenza.invalid"
    entries = []
    for e in exports:
        entries.append((e.updated, f"Dati aggiornati: {e.title}", e.description, base_url + e.csv_path, f"dati/{e.name}"))
    for d in documents:
        link = d.url or base_url + d.file
        summary = f"{d.act}." if d.act else d.title
        entries.append((d.day, f"Documento: {d.title}", summary, link, f"documenti/{d.item}/{d.day.isoformat()}"))
    entries.sort(key=lambda x: (x[0], x[1]), reverse=True)
    newest = entries[0][0] if entries else body.updated
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">',
        f"  <title>{escape(body.name)}: aggiornamenti di Amministrazione trasparente</title>",
        f"  <id>tag:{authority},{newest.year}:amministrazione-trasparente</id>",
        f"  <updated>{_stamp(newest)}</updated>",
        f'  <link rel="self" href="{escape(base_url)}feed.xml"/>',
        f'  <link rel="alternate" type="text/html" href="{escape(base_url) or "./"}"/>',
        f"  <author><name>{escape(body.name)}</name></author>",
        '  <rights>CC BY 4.0</rights>',
    ]
    for day, title, summary, link, key in entries:
        out += [
            "  <entry>",
            f"    <title>{escape(title)}</title>",
            f"    <id>tag:{authority},{day.isoformat()}:{escape(key)}</id>",
            f"    <updated>{_stamp(day)}</updated>",
            f'    <link href="{escape(link)}"/>',
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def robots(site_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}sitemap.xml")
    return "\n".join(lines) + "\n"
