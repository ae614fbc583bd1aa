"""The post-build pass: fix Material's known accessibility failures in the built HTML.

Run by the generator itself over every HTML file it builds (`fix_page`, from incremental.py),
not as an MkDocs hook: Material's successor (Zensical) ignores `hooks:`, and a
pass of our own survives any builder that reads mkdocs.yml. Each fix is a
literal replacement of markup that Material generates, so a future release that
changes the markup makes the checkers of the suite (axe, Nu, HTML_CodeSniffer)
fail rather than silently regress.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from . import glossary

# Each fix matches only markup not yet fixed: the pass is idempotent.
FIXES: list[tuple[re.Pattern[str], str]] = [
    # axe aria-dialog-name: the search dialog has no accessible name.
    (re.compile(r'(class="md-search" data-md-component="search" role="dialog")(?! aria-label)'), r'\1 aria-label="Ricerca nel sito"'),
]

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
_TOC_TOGGLE = re.compile(r'<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
# A section's sub-navigation is labelled by its toggle <label>, which holds only an
# icon: every expanded section <nav> is a landmark with an empty name (axe
# landmark-unique). Name it with the section title shown right after it instead.
_SECTION_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+") aria-labelledby="(__nav_[\d_]+)_label"'
    r'([^>]*>\s*<label class="md-nav__title" for="\2">\s*<span class="md-nav__icon md-icon"></span>)'
    r'(.*?)(</label>)',
    re.S,
)


def _name_section_nav(m: re.Match) -> str:
    title = html.unescape(re.sub(r"<[^>]*>", "", m[4])).strip()
    return f'{m[1]} aria-label="{html.escape(title, quote=True)}"{m[3]}{m[4]}{m[5]}'


# Tables written in Markdown (content/*.md) come out bare; Material wraps them at run
# time in a scroll box that is not focusable, so at 360 px a keyboard user cannot
# scroll them (axe scrollable-region-focusable). Wrap them like the generated tables:
# a named, focusable region that scrolls (see .tabella in trasparenza.css).
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_TABELLA_OPEN = re.compile(r'<div class="tabella"[^>]*>\s*$')
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", fragment)).split())


def _wrap_tables(output: str) -> str:
    parts, last, names = [], 0, set()
    for m in _TABLE.finditer(output):
        if _TABELLA_OPEN.search(output, max(0, m.start() - 400), m.start()):
            continue  # already inside a generated .tabella region
        caption = _CAPTION.search(m[0])
        headings = _HEADING.findall(output, 0, m.start())
        name = _text(caption[1]) if caption else f"Tabella: {_text(headings[-1])}" if headings else "Tabella"
        unique, n = name, 1
        while unique in names:
            n += 1
            unique = f"{name} ({n})"
        names.add(unique)
        parts += [output[last:m.start()],
                  f'<div class="tabella" role="region" aria-label="{html.escape(unique, quote=True)}" tabindex="0">',
                  m[0], "</div>"]
        last = m.end()
    return "".join(parts) + output[last:] if parts else output


# Pages without a table of contents have no #__toc toggle, but Material still writes the
# toc's title as `<label for="__toc">` (Nu: a label's `for` must name a form control):
# there it is a plain title.
_TOC_LABEL = re.compile(r'(<label class="md-nav__title") for="__toc">')


# Material's templates indent their markup: at 10 years a third of a page's bytes. A run of white space
# that starts a line renders as the single space or line break it begins with, except inside the elements
# that keep white space as written (pre, textarea; code and kbd in Material's stylesheet) or are not markup (script, style), which are left alone.
_KEEP_SPACE = re.compile(r"<(pre|textarea|code|kbd|script|style)\b.*?</\1>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def _unindent(output: str) -> str:
    parts, last = [], 0
    for m in _KEEP_SPACE.finditer(output):
        parts += [_INDENT.sub("\n", output[last:m.start()]), m[0]]
        last = m.end()
    return "".join(parts) + _INDENT.sub("\n", output[last:])


def fix_html(output: str) -> str:
    """Every fix, for any HTML file Material renders (pages and the 404 page)."""
    for old, new in FIXES:
        output = old.sub(new, output)
    # Nu checker: autocomplete is not allowed on checkboxes (Material's drawer/search toggles).
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    # The hidden table-of-contents toggle needs a name on pages where its label is absent.
    output = _TOC_TOGGLE.sub(
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc" aria-label="Indice della pagina">', output
    )
    if 'id="__toc"' not in output:
        output = _TOC_LABEL.sub(r"\1>", output)
    output = _SECTION_NAV.sub(_name_section_nav, output)
    output = _wrap_tables(output)
    return _unindent(output)


# --- the year's pages on one page, for printing (render._complete_page writes the stub) ---------

_STUB = re.compile(r'<div class="versione-completa" data-pagine="([^"]*)"></div>')
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_CRUMBS = re.compile(r'<nav class="briciole".*?</nav>|<p class="stampa-intestazione">.*?</p>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_ID_ATTR = re.compile(r'\b(id|for|aria-labelledby|aria-describedby|aria-controls|headers)="([^"]*)"')
_FRAGMENT = re.compile(r'\bhref="#([^"]*)"')
_RELATIVE = re.compile(r'\b(href|src|srcset)="(?![a-z][a-z0-9+.-]*:|#|/)([^"]*)"', re.I)
_REGION_LABEL = re.compile(r'(<div class="tabella" role="region" aria-label=")([^"]*)(")')
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


@lru_cache(maxsize=4096)  # the same links (downloads, glossary, the year's pages) on every page of a year
def _moved(url: str, src_dir: str, dest_dir: str) -> str:
    """A relative `url` of a page in `src_dir`, as written from `dest_dir`."""
    target = posixpath.normpath(posixpath.join(src_dir, url)) if url else src_dir
    return posixpath.relpath(target, dest_dir) + ("/" if url.endswith("/") or not url else "")


def _rebase(fragment: str, src_dir: str, dest_dir: str, prefix: str, part: str) -> str:
    """A page's article, to be shown inside another page: ids prefixed, links re-anchored, headings one level down."""
    fragment = _ID_ATTR.sub(lambda m: f'{m[1]}="{" ".join(f"{prefix}-{t}" for t in m[2].split())}"', fragment)
    fragment = _FRAGMENT.sub(lambda m: f'href="#{prefix}-{m[1]}"', fragment)

    def rebase(m: re.Match) -> str:
        url, frag = (m[2].split("#", 1) + [""])[:2]
        return f'{m[1]}="{_moved(url, src_dir, dest_dir)}{"#" + frag if frag else ""}"'

    fragment = _RELATIVE.sub(rebase, fragment)
    fragment = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", fragment)
    fragment = _REGION_LABEL.sub(lambda m: f"{m[1]}{m[2]} ({html.escape(part, quote=True)}){m[3]}", fragment)  # one name per region on the page
    return _HEADERLINK.sub("", _CRUMBS.sub("", fragment))


def complete_sources(text: str, dest: str) -> list[str] | None:
    """The pages (site-relative folders) a "versione completa" page lists, or None if `text` is not its stub."""
    stub = _STUB.search(text)
    return None if stub is None else [posixpath.normpath(posixpath.join(dest, rel)) for rel in html.unescape(stub[1]).split()]


def fill_complete(text: str, dest: str, read: Callable[[str], str]) -> str:
    """A "versione completa" page (folder `dest`) with its stub filled by the articles of the pages it lists;
    `read(folder)` gives a listed page's HTML as MkDocs wrote it. Any other page comes back unchanged."""
    stub, sources = _STUB.search(text), complete_sources(text, dest)
    if stub is None or sources is None:
        return text
    toc, parts = [], []
    for n, src in enumerate(sources, 1):
        article = _ARTICLE.search(read(src))
        if article is None:
            continue
        title = _text(_H1.search(article[1])[1]) if _H1.search(article[1]) else src
        body = _rebase(article[1], src, dest, f"p{n}", title)
        toc.append(f'<li><a href="#p{n}">{html.escape(title)}</a></li>')
        parts.append(f'<section class="parte-completa" id="p{n}">{body}</section>')
    filled = ('<nav class="indice-completo" aria-label="Indice delle pagine"><h2>Indice</h2><ol>' + "".join(toc) + "</ol></nav>"
              + "".join(parts))
    return text.replace(stub[0], filled)


def glossary_href(rel: str, glossary_present: bool) -> str | None:
    """The link from the output file `rel` (site-relative) to the glossary, when its terms are linked there:
    every page but the glossary itself and files that are not pages (404.html)."""
    terms = glossary.PAGE.removesuffix(".md")
    if not glossary_present or posixpath.basename(rel) != "index.html" or posixpath.dirname(rel) == terms:
        return None
    return posixpath.relpath(terms, posixpath.dirname(rel) or ".") + "/"


def fix_page(text: str, rel: str, glossary_present: bool) -> str:
    """Every fix for the HTML file `rel` (site-relative): `fix_html`, then the glossary's terms linked."""
    fixed = fix_html(text)
    href = glossary_href(rel, glossary_present)
    return fixed if href is None else glossary.link_page(fixed, href)


def fix_site(site_dir: Path) -> int:
    """`fix_page` for every HTML file under `site_dir` (a site already built: the pass is idempotent);
    returns how many changed."""
    changed = 0
    present = (site_dir / glossary.PAGE.removesuffix(".md") / "index.html").is_file()
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        fixed = fix_page(text, page.relative_to(site_dir).as_posix(), present)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed
