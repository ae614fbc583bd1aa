"""One escaping rule for every output boundary.

Every value that comes from the data and reaches a file the generator writes
goes through one of these functions, chosen by the context it lands in:
HTML text and attributes, Markdown inline text, spreadsheet cells (CSV/XLSX).
Pure functions, no I/O.
"""

from __future__ import annotations

import re

# A figure a spreadsheet reads as a number, not as a formula: -22, +0,5%, -1.234,56.
_FIGURE = re.compile(r"[+-]?(?:\d[\d.,]*)?\d%?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell that a spreadsheet must never run as a formula.

    Text that begins with `=`, `+`, `-`, `@`, tab or CR and is not a plain
    figure gets a leading apostrophe (the OWASP rule for CSV injection), so
    `=HYPERLINK(…)` and `- di cui giovanili` are shown as text; `-22` stays a
    number.
    """
    if text.startswith(_FORMULA_START) and not _FIGURE.fullmatch(text):
        return "'" + text
    return text
