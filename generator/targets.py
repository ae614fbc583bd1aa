"""Targets and actuals as written, and the degree of achievement.

Targets are free text in the source documents (`95%`, `>= 100,00 %`, `< 1,4`,
`≥ 40`, `N.2`, `3 N.`, `<= 5 gg`, `6 mesi`, `31/12/2025`, `Positivo`,
`grado di soddisfazione medio 3,5/5`, `€ 140.000,00`). `parse_target` turns
them into a typed `Target`; `parse_actual` does the same for the actual value;
`achievement` scores an actual against a target (0-100, capped).

Numbers follow the Italian convention: `,` is the decimal separator and `.`
groups thousands, so `1.500` is one thousand five hundred.

Pure: no files, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum


class Direction(str, Enum):
    HIGHER = "crescente"  # higher is better: the target is a minimum
    LOWER = "decrescente"  # lower is better: the target is a maximum
    DEADLINE = "scadenza"  # a date: done on or before it
    QUALITATIVE = "qualitativo"  # a word: the outcome must match it


class Unit(str, Enum):
    PERCENT = "%"
    DAYS = "giorni"
    MONTHS = "mesi"
    EURO = "€"
    COUNT = "n."
    SCORE = "punteggio"
    NONE = ""


class Kind(str, Enum):
    NUMBER = "numero"
    DATE = "data"
    TEXT = "testo"


@dataclass(frozen=True)
class Value:
    """A target or actual as written, understood."""

    text: str
    kind: Kind
    number: Decimal | None = None
    day: date | None = None
    word: str | None = None
    unit: Unit = Unit.NONE
    op: str | None = None  # ">=", ">", "<=", "<" or None (bare)
    scale: Decimal | None = None  # for scores such as 3,5/5

    @property
    def direction(self) -> Direction | None:
        """The direction the text itself carries, or None for a bare number."""
        if self.kind is Kind.DATE:
            return Direction.DEADLINE
        if self.kind is Kind.TEXT:
            return Direction.QUALITATIVE
        if self.op in (">=", ">"):
            return Direction.HIGHER
        if self.op in ("<=", "<"):
            return Direction.LOWER
        if self.scale is not None:
            return Direction.HIGHER  # a score on a scale is a minimum
        return None


class ValueError_(ValueError):
    """A target or actual that cannot be understood; the message is for editors."""


TARGET_EXAMPLES = '"95%", ">= 80%", "< 1,4", "≥ 40", "2,5", "N.2", "<= 5 gg", "31/12/2025", "Positivo", "3,5/5", "€ 140.000,00"'

_OPS = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<"}
# Italian number: thousands grouped by "." (exactly three digits), decimals after ",".
_NUM = r"[-−]?\s*(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_UNITS = {
    "%": Unit.PERCENT,
    "gg": Unit.DAYS,
    "gg.": Unit.DAYS,
    "g": Unit.DAYS,
    "g.": Unit.DAYS,
    "giorni": Unit.DAYS,
    "giorno": Unit.DAYS,
    "mesi": Unit.MONTHS,
    "mese": Unit.MONTHS,
    "€": Unit.EURO,
    "euro": Unit.EURO,
    "n.": Unit.COUNT,
    "n": Unit.COUNT,
    "n°": Unit.COUNT,
}
_UNIT_RE = r"(?:%|gg\.?|g\.?|giorni|giorno|mesi|mese|€|euro|n\.|n°|n)"
_NUMBER_RE = re.compile(
    rf"^(?P<op>≥|≤|=>|=<|>=|<=|>|<)?\s*"
    rf"(?P<pre>{_UNIT_RE})?\s*"
    rf"(?P<num>{_NUM})\s*"
    rf"(?P<post>{_UNIT_RE})?$",
    re.IGNORECASE,
)
_SCORE_RE = re.compile(rf"^(?P<label>[^\d<>≥≤=]*?)\s*(?P<op>≥|>=|>)?\s*(?P<num>{_NUM})\s*/\s*(?P<scale>\d+)$")
_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_OTHER_DATE_RE = re.compile(r"^(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<d2>\d{1,2})[.-](?P<m2>\d{1,2})[.-](?P<y2>\d{4}))$")
_WORD_RE = re.compile(r"^[^\W\d_][^\d<>≥≤=%€/]*$")


POINT_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)|\d\.\d{4,}")  # "0.5", "2.25", "0.9496": English decimals, not thousands
POINT_HINT = "il punto separa le migliaia: per i decimali usare la virgola"


def parse_number(text: str) -> Decimal:
    """`1.500` → 1500, `0,9` → 0.9, `-22` → -22. Raises ValueError_ otherwise."""
    t = text.strip().replace("−", "-").replace(" ", "")
    if not re.fullmatch(_NUM.replace(r"\s*", ""), t):
        hint = f"{POINT_HINT}, " if POINT_DECIMAL.search(t) else ""
        raise ValueError_(f'"{text}" non è un numero valido ({hint}atteso ad es. "24", "2,5", "1.500", "-22")')
    return Decimal(t.replace(".", "").replace(",", "."))


def _parse_value(text: str) -> Value:
    raw = text
    t = " ".join(text.strip().split())
    if not t:
        raise ValueError_("valore vuoto")
    m = _DATE_RE.match(t)
    if m:
        d, mo, y = (int(g) for g in m.groups())
        try:
            return Value(raw.strip(), Kind.DATE, day=date(y, mo, d))
        except ValueError:
            raise ValueError_("data inesistente") from None
    m = _SCORE_RE.match(t)
    if m:
        scale = Decimal(m.group("scale"))
        num = parse_number(m.group("num"))
        if scale <= 0 or num > scale:
            raise ValueError_("il punteggio supera la scala")
        return Value(raw.strip(), Kind.NUMBER, number=num, unit=Unit.SCORE, op=_OPS.get(m.group("op") or "", None), scale=scale)
    m = _NUMBER_RE.match(t)
    if m:
        pre, post = (m.group("pre") or "").lower(), (m.group("post") or "").lower()
        if pre and post:
            raise ValueError_("due unità di misura")
        unit = _UNITS.get(pre or post, Unit.NONE)
        if pre and unit not in (Unit.EURO, Unit.COUNT):
            raise ValueError_("unità di misura prima del numero")
        op = _OPS[m.group("op")] if m.group("op") else None
        return Value(raw.strip(), Kind.NUMBER, number=parse_number(m.group("num")), unit=unit, op=op)
    if _WORD_RE.match(t):
        return Value(raw.strip(), Kind.TEXT, word=t)
    if m := _OTHER_DATE_RE.match(t):  # 30.10.2025, 30-10-2025, 2025-10-30: a date, written another way
        y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
        raise ValueError_(f"una data si scrive gg/mm/aaaa ({int(d):02d}/{int(mo):02d}/{y})")
    if POINT_DECIMAL.search(t):
        raise ValueError_(f"{POINT_HINT}, ad es. 1,5")
    raise ValueError_("")


def parse_target(text: str) -> Value:
    """Parse a target as written. Raises ValueError_ with an editor-facing message."""
    try:
        return _parse_value(text)
    except ValueError_ as e:
        detail = f": {e}" if str(e) and str(e) != "valore vuoto" else ""
        raise ValueError_(f'"{text.strip()}" non è un target valido{detail} (atteso ad es. {TARGET_EXAMPLES})') from None


def parse_actual(text: str) -> Value:
    """Parse an actual (the measured value) as written."""
    try:
        v = _parse_value(text)
    except ValueError_ as e:
        detail = f": {e}" if str(e) and str(e) != "valore vuoto" else ""
        raise ValueError_(
            f'"{text.strip()}" non è un valore rilevato valido{detail} (atteso ad es. "98,9%", "0,9", "-22", "04/10/2025", "Positivo", "€ 146.000,00")'
        ) from None
    if v.op is not None:
        raise ValueError_(f'"{text.strip()}": il valore rilevato non può avere un segno di confronto ({v.op})')
    return v


NEGATIVE_WORDS = {"no", "negativo", "non raggiunto", "non realizzato", "non conforme", "non rispettato", "non effettuato"}


def fold_word(word: str) -> str:
    """A qualitative outcome as compared: case, accents, spaces and a final full stop do not matter ("Sì" is "SI")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split()).rstrip(".")


def same_word(a: str, b: str) -> bool:
    return fold_word(a) == fold_word(b)


def compatible(target: Value, actual: Value) -> str | None:
    """None if the actual can be compared with the target, else the reason (Italian)."""
    if target.kind is Kind.DATE and actual.kind is not Kind.DATE:
        return f'il target è una scadenza ({target.text}): atteso come valore rilevato una data gg/mm/aaaa, non "{actual.text}"'
    if target.kind is Kind.TEXT and actual.kind is not Kind.TEXT:
        return f'il target è qualitativo ({target.text}): atteso come valore rilevato un esito in parole, non "{actual.text}"'
    if target.kind is Kind.NUMBER and actual.kind is not Kind.NUMBER:
        return f'il target è numerico ({target.text}): atteso come valore rilevato un numero, non "{actual.text}"'
    if target.kind is Kind.NUMBER:
        tp, ap = target.unit is Unit.PERCENT, actual.unit is Unit.PERCENT
        if tp and actual.unit is Unit.NONE:  # "0,989" or "98,9" against "95%": a fraction or a percentage? never guessed
            return (f'il target è una percentuale ({target.text}): scrivere il valore rilevato con il simbolo % (ad es. "98,9%"), '
                    f'non "{actual.text}"')
        if tp != ap and actual.unit is not Unit.NONE:
            return f'unità diverse: target "{target.text}", valore rilevato "{actual.text}"'
        if actual.unit is Unit.SCORE and target.unit is Unit.SCORE and actual.scale != target.scale:
            return f'scale diverse: target "{target.text}", valore rilevato "{actual.text}"'
    return None


@dataclass(frozen=True)
class Achievement:
    met: bool
    score: Decimal  # 0-100, not rounded


HUNDRED = Decimal(100)


def _cap(x: Decimal) -> Decimal:
    return max(Decimal(0), min(HUNDRED, x))


def achievement(target: Value, actual: Value, direction: Direction) -> Achievement:
    """Degree of achievement of `actual` against `target`.

    - met → 100%;
    - a missed numeric target scores proportionally (1 of 3 → 33,3%):
      actual/target when higher is better, target/actual when lower is better;
    - a missed deadline or qualitative outcome scores 0%;
    - always capped to 0-100%.
    """
    if direction is Direction.DEADLINE:
        assert target.day and actual.day
        met = actual.day <= target.day
        return Achievement(met, HUNDRED if met else Decimal(0))
    if direction is Direction.QUALITATIVE:
        assert target.word and actual.word
        met = same_word(actual.word, target.word)
        return Achievement(met, HUNDRED if met else Decimal(0))
    t, a = target.number, actual.number
    assert t is not None and a is not None
    strict = target.op in (">", "<")
    if direction is Direction.HIGHER:
        met = a > t if strict else a >= t
        if met:
            return Achievement(True, HUNDRED)
        return Achievement(False, _cap(a / t * HUNDRED) if t > 0 else Decimal(0))
    met = a < t if strict else a <= t
    if met:
        return Achievement(True, HUNDRED)
    return Achievement(False, _cap(t / a * HUNDRED) if t > 0 and a > 0 else Decimal(0))
