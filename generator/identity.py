"""The body's identity: its emblem (checked) and its primary colour (contrast), as site assets.

The emblem is served from the site's own origin and shown on every page, so an
SVG that could run a script, react to an event or load anything from elsewhere
is refused, with the reason; a PNG must be a PNG. The primary colour carries
white text (the header) and is drawn as text on white (links): it must give at
least 4.5:1 with white (WCAG 1.4.3). Pure: bytes and colours in, reasons and
CSS out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

MAX_EMBLEM_BYTES = 512 * 1024
MIN_CONTRAST = 4.5

_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Elements that run code, embed other documents or animate attributes (an animation can set an href).
_ACTIVE = {"script", "foreignObject", "iframe", "embed", "object", "animate", "set", "animateMotion", "animateTransform", "handler", "listener"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def emblem_problem(name: str, content: bytes) -> str | None:
    """Why this emblem file may not be shown on the site (None: it may)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(content) > MAX_EMBLEM_BYTES:
        return f"immagine troppo grande (oltre {MAX_EMBLEM_BYTES // 1024} KB): ridurla, uno stemma ne occupa pochi"
    if ext == "png":
        return None if content.startswith(b"\x89PNG\r\n\x1a\n") else "il file ha estensione .png ma il contenuto non è un'immagine PNG"
    if ext != "svg":
        return f"formato non ammesso (.{ext}): lo stemma è un file .png o .svg"
    if re.search(rb"<!DOCTYPE|<!ENTITY", content, re.I):
        return "SVG con DOCTYPE o entità: non ammesso (salvare l'immagine come \"SVG semplice\")"
    try:
        root = ET.fromstring(content)
    except ET.ParseError as e:
        return f"SVG non leggibile (riga {e.position[0]}): salvarlo di nuovo come \"SVG semplice\""
    if root.tag != f"{_SVG_NS}svg":
        return "il file ha estensione .svg ma il contenuto non è un'immagine SVG"
    for el in root.iter():
        tag = _local(el.tag)
        if tag in _ACTIVE:
            return f"SVG con l'elemento <{tag}>, che può eseguire codice o caricare altro: toglierlo o usare un PNG"
        for attr, value in el.attrib.items():
            local = _local(attr)
            if local.lower().startswith("on"):
                return f'SVG con l\'attributo {local}="…", che esegue codice: toglierlo o usare un PNG'
            if local == "href" and not value.strip().startswith("#"):
                return f'SVG con un riferimento esterno ({local}="{value[:60]}"): ammessi solo riferimenti interni (#…)'
            if local == "style" and _EXTERNAL_URL.search(value):
                return "SVG con uno stile che carica un file esterno (url(…)): toglierlo o usare un PNG"
        if tag == "style" and (_EXTERNAL_URL.search(el.text or "") or "@import" in (el.text or "")):
            return "SVG con un foglio di stile che carica file esterni: toglierlo o usare un PNG"
    return None


# --- colour ---------------------------------------------------------------------

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour_problem(colour: str) -> str | None:
    """Why `colour` cannot be the body's primary colour (None: it can)."""
    if not _HEX.match(colour):
        return "atteso un colore esadecimale #rrggbb (ad es. #0b4f8a)"
    ratio = contrast(colour, "#ffffff")
    if ratio < MIN_CONTRAST:
        shown = f"{ratio:.2f}".replace(".", ",")
        return (f"contrasto con il bianco {shown}:1, ne serve almeno 4,5:1 (testo bianco sull'intestazione e collegamenti "
                "sul bianco, WCAG 1.4.3): scegliere una tonalità più scura")
    return None


def _mix(colour: str, other: tuple[int, int, int], share: float) -> str:
    return "#" + "".join(f"{round(c + (o - c) * share):02x}" for c, o in zip(rgb(colour), other))


def stylesheet(colour: str | None) -> str:
    """assets/stylesheets/ente.css: the body's colour for Material's variables, and the top bar."""
    lines = ["/* Written by the generator from data/ente.yaml: do not edit. */"]
    if colour:
        c = "#" + "".join(f"{v:02x}" for v in rgb(colour))
        lines += [
            ":root, [data-md-color-scheme=default] {",
            f"  --md-primary-fg-color: {c};",
            f"  --md-primary-fg-color--light: {_mix(c, (255, 255, 255), 0.15)};",
            f"  --md-primary-fg-color--dark: {_mix(c, (0, 0, 0), 0.3)};",
            f"  --md-accent-fg-color: {_mix(c, (0, 0, 0), 0.3)};",
            f"  --md-typeset-a-color: {c};",
            "}",
        ]
    lines += [
        ".barra-appartenenza { background: var(--md-primary-fg-color--dark); color: #fff; font-size: .7rem; line-height: 1.6; }",
        ".barra-appartenenza .md-grid { padding: .15rem .8rem; }",
        ".barra-appartenenza a, .barra-appartenenza a:visited { color: #fff; text-decoration: underline; }",
        ".barra-appartenenza a:focus-visible { outline: 2px solid #fff; outline-offset: 2px; }",
        ".md-header__button.md-logo img.stemma-ente, .md-nav__button.md-logo img.stemma-ente { height: 2rem; width: auto; }",
    ]
    return "\n".join(lines) + "\n"
