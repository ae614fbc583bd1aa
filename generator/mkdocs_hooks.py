"""MkDocs hooks: fix Material's known accessibility failures in the built HTML.

Loaded by `hooks:` in mkdocs.yml. Each fix is a literal replacement of
markup that Material generates, so a future Material release that changes
the markup makes the browser suite (axe) fail rather than silently regress.
"""

from __future__ import annotations

import re

FIXES: list[tuple[str, str]] = [
    # axe aria-dialog-name: the search dialog has no accessible name.
    ('class="md-search" data-md-component="search" role="dialog"',
     'class="md-search" data-md-component="search" role="dialog" aria-label="Ricerca nel sito"'),
]

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
_TOC_TOGGLE = re.compile(r'<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')


def on_post_page(output: str, page, config) -> str:  # noqa: ARG001 (MkDocs hook signature)
    for old, new in FIXES:
        output = output.replace(old, new)
    # Nu checker: autocomplete is not allowed on checkboxes (Material's drawer/search toggles).
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    # The hidden table-of-contents toggle needs a name on pages where its label is absent.
    output = _TOC_TOGGLE.sub(
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc" aria-label="Indice della pagina">', output
    )
    return output
