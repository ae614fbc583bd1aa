"""WCAG 2.1 contrast of every colour the site and its charts draw with (pure: no browser).

axe checks the contrast of the HTML text it sees, but a chart is a picture to it and a
focus ring exists only while focused: so the chart palette and the theme's stylesheet are
checked here, from their sources.

* text ≥ 4.5:1 (1.4.3): chart labels, titles and the values drawn on bars; every text colour
  of the stylesheet against the background it is drawn on (its own rule's background, the
  footer's for footer rules, else the page's white); Material's body text on every background
  of the stylesheet; the header's white text on the primary colour;
* marks and focus rings ≥ 3:1 (1.4.11): status and series colours against the white chart
  background, the focus outline against what surrounds it. Grid lines and table rules are
  decorative (exempt).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import charts
from generator.identity import contrast as ratio  # the one WCAG formula of the project
from generator.identity import rgb

ROOT = Path(__file__).resolve().parent.parent
STYLESHEETS = sorted((ROOT / "theme" / "assets" / "stylesheets").glob("*.css"))
TEXT, GRAPHIC = 4.5, 3.0
WHITE = "#ffffff"
# Material 9 (palette "default"): body text is --md-typeset-color rgba(0,0,0,.87) on white; the
# footer meta bar is --md-footer-bg-color--dark rgba(0,0,0,.32) over --md-footer-bg-color
# rgba(0,0,0,.87) over white; the header's text is --md-primary-bg-color, white.
BODY_TEXT = ("#000000", 0.87)
FOOTER = ("#000000", 0.32)
FOOTER_BASE = ("#000000", 0.87)


def over(colour: tuple[str, float], background: str) -> str:
    """A translucent colour composited over an opaque background, as #rrggbb."""
    (fg, alpha), bg = colour, rgb(background)
    return "#" + "".join(f"{round(a * alpha + b * (1 - alpha)):02x}" for a, b in zip(rgb(fg), bg))


FOOTER_BG = over(FOOTER, over(FOOTER_BASE, WHITE))


# --------------------------------------------------------------------------- the stylesheet, parsed

HEX = r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b"


def rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) of every rule, @media blocks included, @font-face left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        selector = " ".join(selector.split())
        if selector.startswith("@font-face"):
            continue
        decls = dict((k.strip().lower(), v.strip()) for k, _, v in (d.partition(":") for d in body.split(";")) if v.strip())
        out.append((selector, decls))
    return out


def custom_properties(parsed) -> dict[str, str]:
    """The custom properties (--x) set on :root."""
    return {k: v for sel, decls in parsed if sel == ":root" for k, v in decls.items() if k.startswith("--")}


def colour(value: str | None, props: dict[str, str]) -> str | None:
    """The hex colour in a declaration value (var(--x) resolved), or None."""
    if value is None:
        return None
    value = re.sub(r"var\((--[\w-]+)\)", lambda m: props.get(m[1], m[0]), value)
    m = re.search(HEX, value)
    return m[0].lower() if m else None


def _context(selector: str) -> str:
    """The background around an element of `selector`: footer, header or page."""
    if re.search(r"\.md-(footer|copyright)", selector):
        return FOOTER_BG
    return WHITE


def _parsed():
    return [(f.name, sel, decls) for f in STYLESHEETS for sel, decls in rules(f.read_text(encoding="utf-8"))]


def theme_pairs() -> list[tuple[str, str, str, float]]:
    """(what, foreground, background, minimum) for every colour pair the stylesheets set."""
    parsed = _parsed()
    props = custom_properties([(sel, decls) for _, sel, decls in parsed])
    pairs = []
    # Material's colours that the theme sets: text on white, and the header's white text on the primary.
    for prop in ("--md-primary-fg-color", "--md-primary-fg-color--dark", "--md-primary-fg-color--light",
                 "--md-accent-fg-color", "--md-typeset-a-color"):
        if prop in props:
            pairs.append((f"{prop} (testo su bianco)", colour(props[prop], props), WHITE, TEXT))
    primary = colour(props.get("--md-primary-fg-color"), props)
    if primary:
        pairs.append(("testo dell'intestazione su --md-primary-fg-color", WHITE, primary, TEXT))
    for name, sel, decls in parsed:
        fg = colour(decls.get("color"), props)
        bg = colour(decls.get("background") or decls.get("background-color"), props)
        where = f"{name}: {sel}"
        if ":focus" in sel:  # focus rings: checked against every background (test_focus_rings_...)
            continue
        if fg:
            pairs.append((where, fg, bg or _context(sel), TEXT))
        elif bg:
            pairs.append((f"{where} (testo di Material)", over(BODY_TEXT, bg), bg, TEXT))
    return pairs


def backgrounds() -> set[str]:
    """Every background a focusable element may sit on: the page, header, footer, the stylesheet's."""
    parsed = _parsed()
    props = custom_properties([(sel, decls) for _, sel, decls in parsed])
    found = {colour(decls.get("background") or decls.get("background-color"), props) for _, _, decls in parsed}
    return {WHITE, FOOTER_BG, colour(props["--md-primary-fg-color"], props)} | (found - {None})


def focus_rings() -> list[tuple[str, list[str]]]:
    """(rule, [its ring colours: outline and box-shadow]) of every :focus rule that draws a ring."""
    parsed = _parsed()
    props = custom_properties([(sel, decls) for _, sel, decls in parsed])
    rings = []
    for name, sel, decls in parsed:
        if ":focus" in sel and (decls.get("outline") or decls.get("outline-color")):
            found = [colour(decls.get(k), props) for k in ("outline", "outline-color", "box-shadow")]
            rings.append((f"{name}: {sel}", [c for c in found if c]))
    return rings


def ring_failures(rings, grounds) -> list[str]:
    """A ring is visible on a background when one of its colours has 3:1 against it."""
    return [f"{rule}: {', '.join(colours)} su {bg}: al massimo {max(ratio(c, bg) for c in colours):.2f}:1 (minimo {GRAPHIC}:1)"
            for rule, colours in rings for bg in sorted(grounds) if max(ratio(c, bg) for c in colours) < GRAPHIC]


def chart_pairs() -> list[tuple[str, str, str, float]]:
    theme = charts.theme()
    bg = theme["background"]
    pairs = [(f"grafici: {part}.{key}", theme[part][key], bg, TEXT)
             for part in ("axis", "legend", "title") for key in ("labelColor", "titleColor", "color") if key in theme[part]]
    pairs.append(("grafici: etichette dei valori (LABEL_COLOUR)", charts.LABEL_COLOUR, bg, TEXT))
    pairs += [(f"grafici: axis.{key}", theme["axis"][key], bg, GRAPHIC) for key in ("domainColor", "tickColor")]
    for key, c in charts.STATUS_COLOURS.items():
        pairs.append((f"grafici: barra/cella «{key}»", c, bg, GRAPHIC))
        pairs.append((f"grafici: valore bianco sulla barra/cella «{key}»", WHITE, c, TEXT))
    pairs += [(f"grafici: serie {i + 1}", c, bg, GRAPHIC) for i, c in enumerate(charts.SERIES_COLOURS)]
    return pairs


def _failures(pairs) -> list[str]:
    return [f"{what}: {fg} su {bg} = {ratio(fg, bg):.2f}:1 (minimo {minimum}:1)" for what, fg, bg, minimum in pairs if ratio(fg, bg) < minimum]


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#7f7f7f", "#171717", 4.48), ("#777", "#fff", 4.48), ("#0b4f8a", "#fff", 8.4)],
)
def test_contrast_ratio_is_wcag_s(a, b, expected):
    assert round(ratio(a, b), 2) == expected


def test_compositing_and_parsing():
    assert over(("#000000", 0.87), WHITE) == "#212121" and FOOTER_BG == "#161616"
    css = ":root { --c: #123456; } /* x { color: #fff } */ @media (max-width: 1px) { .a { color: var(--c); background: #FFF } }"
    parsed = rules(css)
    assert parsed == [(":root", {"--c": "#123456"}), (".a", {"color": "var(--c)", "background": "#FFF"})]
    assert colour(parsed[1][1]["color"], custom_properties(parsed)) == "#123456"


def test_the_checks_fail_on_a_bad_pair():
    assert _failures([("grigio", "#999999", WHITE, TEXT), ("nero", "#000000", WHITE, TEXT)]) == ["grigio: #999999 su #ffffff = 2.85:1 (minimo 4.5:1)"]


def test_theme_colours_have_enough_contrast():
    pairs = theme_pairs()
    assert len(pairs) >= 20  # the parse found the stylesheet's colours
    assert any("stato--parziale" in p[0] for p in pairs) and any(p[2] == FOOTER_BG for p in pairs)
    assert _failures(pairs) == []


def test_chart_colours_have_enough_contrast():
    pairs = chart_pairs()
    assert len(pairs) >= 20
    assert _failures(pairs) == []


def test_focus_rings_stand_out_on_every_background():
    rings, grounds = focus_rings(), backgrounds()
    assert rings and len(grounds) >= 5
    assert ring_failures(rings, grounds) == []
    # one colour alone would not do: the orange is lost on the blue header
    assert ring_failures([("solo arancione", ["#c2410c"])], grounds) != []
