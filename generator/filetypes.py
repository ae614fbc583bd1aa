"""Which files the site may serve as documents: checked by extension and by content.

A file under data/documenti/ is published from the site's own origin, so an
HTML page, an SVG or anything a browser would run must never be served, even
when renamed: the extension says what the file claims to be and its first
bytes must agree (a small table of signatures). Pure: bytes in, reason out.
"""

from __future__ import annotations

import io
import re
import zipfile

# Extension → kind of document, as named in messages.
DOCUMENT_TYPES = {
    "pdf": "PDF",
    "odt": "ODF", "ods": "ODF", "odp": "ODF", "odg": "ODF",
    "docx": "OOXML", "xlsx": "OOXML", "pptx": "OOXML",
    "csv": "testo", "txt": "testo",
    "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP",
}
ALLOWED = ", ".join(f".{e}" for e in DOCUMENT_TYPES)

_ODF_MIME = {"odt": "text", "ods": "spreadsheet", "odp": "presentation", "odg": "graphics"}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_IMAGES = {
    "PNG": lambda b: b.startswith(b"\x89PNG\r\n\x1a\n"),
    "JPEG": lambda b: b.startswith(b"\xff\xd8\xff"),
    "GIF": lambda b: b.startswith((b"GIF87a", b"GIF89a")),
    "WEBP": lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP",
}
# What a browser sniffs as HTML or XML at the start of a file (WHATWG MIME Sniffing, 7.1).
_MARKUP = re.compile(
    rb"^\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg)[\s>/]",
    re.I,
)


def _zip_names(content: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _odf_mimetype(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return z.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, NotImplementedError):
        return ""


def problem(name: str, content: bytes) -> str | None:
    """Why a file called `name` with these bytes may not be served as a document (None: it may)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = DOCUMENT_TYPES.get(ext)
    if kind is None:
        return f"tipo di file non ammesso (.{ext}): il sito pubblica solo documenti {ALLOWED}"
    claimed = f"il file ha estensione .{ext} ma il contenuto non è un documento {kind}"
    if kind == "PDF":
        ok = content[:1024].lstrip().startswith(b"%PDF-")
    elif kind == "ODF":
        ok = _odf_mimetype(content) == f"application/vnd.oasis.opendocument.{_ODF_MIME[ext]}"
    elif kind == "OOXML":
        names = _zip_names(content)
        ok = names is not None and "[Content_Types].xml" in names and any(n.startswith(_OOXML_PART[ext]) for n in names)
    elif kind == "testo":
        if b"\x00" in content:
            return f"{claimed} (contiene byte nulli: è un file binario)"
        if _MARKUP.match(content.removeprefix(b"\xef\xbb\xbf")[:1024]):
            return f"{claimed} (inizia come una pagina HTML o XML, che il browser eseguirebbe)"
        ok = True
    else:
        ok = _IMAGES[kind](content)
    return None if ok else claimed
