"""A Markdown extension that converts the generated pages faster, to the same HTML.

A generated page is mostly tables (templates/_macros.j2 `table`): a raw HTML block that Python-Markdown
parses tag by tag (html.parser, then md_in_html) only to keep it as it is. Before that, this extension
puts a token in place of each table's inside, and puts the inside back after the conversion: what is
inside a raw HTML block is kept verbatim either way, so the HTML is the same (tests/test_fastmd.py
converts every page of a built site both ways). Only tables written as the macro writes them are
touched (a `<table>` right inside a `<div class="tabella" …>` that starts a line: Python-Markdown
keeps such a block raw wherever it is), and nothing in a page with a `markdown` attribute.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

# A start or end tag as html.parser reads it, on one line, attribute values quoted or not.
_ATTRS = r"""(?:[ \t]+[^\s"'<>/=]+(?:[ \t]*=[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[^\s"'=<>`]+))?)*"""
_TAG = rf"<[a-zA-Z][a-zA-Z0-9-]*{_ATTRS}[ \t]*/?>|</[a-zA-Z][a-zA-Z0-9-]*[ \t]*>"
# (opening, inside, closing): a table in the macro's wrapper; a paragraph on one line of its own.
_BLOCKS = re.compile(rf'^(<div[ \t]+class="tabella"{_ATTRS}[ \t]*>\s*<table{_ATTRS}[ \t]*>)(.*?)(</table>\s*</div>)'
                     rf"|^(<p{_ATTRS}[ \t]*>)((?:(?!</?p\b)[^\n])*)(</p>)$", re.M | re.S)
# An inside that is text and whole tags only (a stray "<" could make html.parser end the block elsewhere)…
_WHOLE = re.compile(rf"(?:[^<]|{_TAG})*")
# …without a comment or CDATA, a nested table, or an element whose text is not HTML.
_OPAQUE_NOT = re.compile(r"<!|<table\b|<(?:script|style|textarea|pre|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b", re.I)
_TOKEN = re.compile("\x02tabella:(\\d+)\x03")
# Convert as it is a page with: an element whose inside md_in_html reads as Markdown (and writes out again),
# a fenced block, Markdown's own placeholders' characters.
_SKIP = ("markdown", "```", "~~~", "\x02", "\x03")


class _Hide(Preprocessor):
    def __init__(self, md: Markdown, kept: list[str]):
        super().__init__(md)
        self.kept = kept

    def run(self, lines: list[str]) -> list[str]:
        self.kept.clear()
        text = "\n".join(lines)
        if any(c in text for c in _SKIP):
            return lines

        def hide(m: re.Match) -> str:
            opening, inside, closing = m.group(1, 2, 3) if m[1] else m.group(4, 5, 6)
            if _OPAQUE_NOT.search(inside) or not _WHOLE.fullmatch(inside):
                return m[0]
            self.kept.append(inside)
            return f"{opening}\x02tabella:{len(self.kept) - 1}\x03{closing}"

        return _BLOCKS.sub(hide, text).split("\n")


class _Restore(Postprocessor):
    def __init__(self, md: Markdown, kept: list[str]):
        super().__init__(md)
        self.kept = kept

    def run(self, text: str) -> str:
        return _TOKEN.sub(lambda m: self.kept[int(m[1])], text) if self.kept else text


class OpaqueTables(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        kept: list[str] = []
        md.preprocessors.register(_Hide(md, kept), "trasparenza_hide_tables", 20.5)  # after MkDocs reads the ids of raw HTML (21), before raw HTML (20)
        md.postprocessors.register(_Restore(md, kept), "trasparenza_restore_tables", 0)  # after every other
