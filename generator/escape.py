"""One escaping rule for every output boundary.

Every value that comes from the data and reaches a file the generator writes
goes through one of these functions, chosen by the context it lands in:

- HTML text and attributes (`html`), also what is handed to MkDocs and
  Material, whose templates print `site_name`, titles and `extra` raw
  (`mkdocs_text`);
- Markdown inline text, where Markdown's own syntax (emphasis, links,
  attr_list's `{: … }`, headings) must stay literal (`markdown_inline`);
- a page's YAML front matter (`front_matter`);
- XML text and attributes of the Atom feed (`xml`);
- URLs (`url`, `mailto`, `tel`): checked by the model, percent-encoded here;
- spreadsheet cells, CSV and XLSX (`spreadsheet_text`).

Titles and names are one line: a newline in them never starts a heading or
front matter (`one_line`); a note keeps its paragraphs and line breaks as HTML
(`paragraphs`, `lines`). Pure functions, no I/O.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup
from markupsafe import escape as _markup_escape

# --- text ---------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def one_line(text: object) -> str:
    """Every run of white space (newlines, tabs, line separators) as one space."""
    return _SPACES.sub(" ", str(text)).strip()


def html(text: object) -> Markup:
    """Text for HTML, inside an element or a quoted attribute: & < > " ' escaped."""
    return _markup_escape(text)


def _blocks(text: object) -> list[list[str]]:
    """Paragraphs (split at blank lines) of lines, each stripped; no empty ones."""
    paras = re.split(r"\n[ \t\u00a0]*\n", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    return [lines for p in paras if (lines := [one_line(x) for x in p.split("\n") if x.strip()])]


def paragraphs(text: object) -> Markup:
    """A note as an editor wrote it, for HTML: each paragraph a <p>, each line break a <br> (they read as one line)."""
    return Markup("\n".join("<p>" + "<br>\n".join(str(html(x)) for x in p) + "</p>" for p in _blocks(text)))


def lines(text: object) -> Markup:
    """The same where a paragraph cannot open (a list item): every line break a <br>."""
    return Markup("<br>\n".join(str(html(x)) for p in _blocks(text) for x in p))


def mkdocs_text(text: object) -> Markup:
    """A value for MkDocs' configuration or a Material template, which print it as HTML.

    One line, HTML-escaped, and marked safe so that a template's own `| e`
    does not escape it twice.
    """
    return html(one_line(text))


# Markdown's inline syntax: emphasis, code, links and images, attr_list, headings, tables.
# Each is one of Python-Markdown's escapable characters: a backslash before it makes it literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")


def markdown_inline(text: object) -> Markup:
    """Text for a Markdown line (a heading): no markup, no link, no attribute, one line.

    HTML specials become entities; Markdown's specials are backslash-escaped,
    so `*x*`, `[x](javascript:…)` and a trailing `{: onclick="…" }` (attr_list)
    stay literal text.
    """
    s = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", s))


def front_matter(text: object) -> Markup:
    """A YAML front-matter scalar (a page title): one line of escaped HTML as a JSON string.

    JSON is YAML; a newline or `---` cannot end the front matter. Material prints
    `page.meta.title` raw in `<title>` and the header, so the value is HTML-escaped.
    """
    return Markup(json.dumps(str(mkdocs_text(text)), ensure_ascii=False))


# --- XML (Atom feed) --------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml(text: object) -> str:
    """XML text or a double-quoted attribute value: & < > " escaped, characters XML forbids removed."""
    s = _XML_INVALID.sub("", str(text))
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# --- URLs ---------------------------------------------------------------------------

# Characters kept as they are in a URL (RFC 3986 unreserved, reserved, and "%" of an
# existing escape); everything else (spaces, quotes, <, >, non-ASCII) is percent-encoded.
_URL_SAFE = "-._~:/?#[]@!$&()*+,;=%"
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def url(value: str) -> str:
    """A checked http(s) URL as written in a file: percent-encoded, host in ASCII (IDNA).

    Pure text: the caller still escapes it for its context (`html`, `xml`).
    """
    parts = urlsplit(value.strip())
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    except UnicodeError:
        ascii_host = quote(host)
    netloc = ascii_host + (f":{parts.port}" if parts.port else "")
    if parts.username or parts.password:
        auth = quote(parts.username or "", safe="") + (":" + quote(parts.password, safe="") if parts.password else "")
        netloc = f"{auth}@{netloc}"

    def enc(s: str) -> str:
        return quote(_BAD_PERCENT.sub("%25", s), safe=_URL_SAFE)

    return urlunsplit((parts.scheme.lower(), netloc, enc(parts.path), enc(parts.query), enc(parts.fragment)))


def mailto(address: str) -> str:
    """A checked e-mail address as a `mailto:` URL."""
    return "mailto:" + quote(address.strip(), safe="@.+-_~!$'*=")


def tel(number: str) -> str:
    """A checked phone number as a `tel:` URL: the leading + and the digits."""
    s = number.strip()
    return "tel:" + ("+" if s.startswith("+") else "") + re.sub(r"\D", "", s)


# --- spreadsheet cells ------------------------------------------------------------------

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
