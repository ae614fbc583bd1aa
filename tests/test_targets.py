"""Target parser and achievement function: every target form of the seed and DOMAIN.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from generator.targets import Direction as Dir
from generator.targets import Kind, Unit, ValueError_, achievement, compatible, parse_actual, parse_target

# (text as written, kind, number or date or word, unit, operator, carried direction)
TARGETS = [
    ("95%", Kind.NUMBER, D("95"), Unit.PERCENT, None, None),
    ("100%", Kind.NUMBER, D("100"), Unit.PERCENT, None, None),
    (">=80%", Kind.NUMBER, D("80"), Unit.PERCENT, ">=", Dir.HIGHER),
    (">= 100,00 %", Kind.NUMBER, D("100.00"), Unit.PERCENT, ">=", Dir.HIGHER),
    ("≥ 95%", Kind.NUMBER, D("95"), Unit.PERCENT, ">=", Dir.HIGHER),
    ("> 68%", Kind.NUMBER, D("68"), Unit.PERCENT, ">", Dir.HIGHER),
    ("≥ 300%", Kind.NUMBER, D("300"), Unit.PERCENT, ">=", Dir.HIGHER),
    ("< 1,4", Kind.NUMBER, D("1.4"), Unit.NONE, "<", Dir.LOWER),
    ("≥ 40", Kind.NUMBER, D("40"), Unit.NONE, ">=", Dir.HIGHER),
    ("≥1", Kind.NUMBER, D("1"), Unit.NONE, ">=", Dir.HIGHER),
    ("≥3", Kind.NUMBER, D("3"), Unit.NONE, ">=", Dir.HIGHER),
    ("≤22", Kind.NUMBER, D("22"), Unit.NONE, "<=", Dir.LOWER),
    ("<= 5 gg", Kind.NUMBER, D("5"), Unit.DAYS, "<=", Dir.LOWER),
    ("< 0", Kind.NUMBER, D("0"), Unit.NONE, "<", Dir.LOWER),
    ("24", Kind.NUMBER, D("24"), Unit.NONE, None, None),
    ("2,5", Kind.NUMBER, D("2.5"), Unit.NONE, None, None),
    ("20.000", Kind.NUMBER, D("20000"), Unit.NONE, None, None),
    ("1.500", Kind.NUMBER, D("1500"), Unit.NONE, None, None),
    ("N.2", Kind.NUMBER, D("2"), Unit.COUNT, None, None),
    ("3 N.", Kind.NUMBER, D("3"), Unit.COUNT, None, None),
    ("6 mesi", Kind.NUMBER, D("6"), Unit.MONTHS, None, None),
    ("30 gg", Kind.NUMBER, D("30"), Unit.DAYS, None, None),
    ("€ 140.000,00", Kind.NUMBER, D("140000.00"), Unit.EURO, None, None),
    ("€ 90.000,00", Kind.NUMBER, D("90000.00"), Unit.EURO, None, None),
    ("31/12/2025", Kind.DATE, date(2025, 12, 31), Unit.NONE, None, Dir.DEADLINE),
    ("30/06/2025", Kind.DATE, date(2025, 6, 30), Unit.NONE, None, Dir.DEADLINE),
    ("Positivo", Kind.TEXT, "Positivo", Unit.NONE, None, Dir.QUALITATIVE),
    ("grado di soddisfazione medio 3,5/5", Kind.NUMBER, D("3.5"), Unit.SCORE, None, Dir.HIGHER),
    ("3,5/5", Kind.NUMBER, D("3.5"), Unit.SCORE, None, Dir.HIGHER),
]


@pytest.mark.parametrize(("text", "kind", "value", "unit", "op", "direction"), TARGETS, ids=[t[0] for t in TARGETS])
def test_parse_target(text, kind, value, unit, op, direction):
    t = parse_target(text)
    assert t.kind is kind
    assert {Kind.NUMBER: t.number, Kind.DATE: t.day, Kind.TEXT: t.word}[kind] == value
    assert t.unit is unit
    assert t.op == op
    assert t.direction == direction
    assert t.text == text


EXAMPLES = '(atteso ad es. "95%", ">= 80%", "< 1,4", "≥ 40", "2,5", "N.2", "<= 5 gg", "31/12/2025", "Positivo", "3,5/5", "€ 140.000,00")'
BAD_TARGETS = [
    ("≥ 4O", f'"≥ 4O" non è un target valido {EXAMPLES}'),
    ("1.5", f'"1.5" non è un target valido: il punto separa le migliaia: per i decimali usare la virgola, ad es. 1,5 {EXAMPLES}'),
    ("31/02/2025", f'"31/02/2025" non è un target valido: data inesistente {EXAMPLES}'),
    ("6/5", f'"6/5" non è un target valido: il punteggio supera la scala {EXAMPLES}'),
    ("5 gg €", f'"5 gg €" non è un target valido {EXAMPLES}'),
    ("30.06.2025", f'"30.06.2025" non è un target valido: una data si scrive gg/mm/aaaa (30/06/2025) {EXAMPLES}'),
    ("2025-12-31", f'"2025-12-31" non è un target valido: una data si scrive gg/mm/aaaa (31/12/2025) {EXAMPLES}'),
    ("1-6-2025", f'"1-6-2025" non è un target valido: una data si scrive gg/mm/aaaa (01/06/2025) {EXAMPLES}'),
    ("", f'"" non è un target valido {EXAMPLES}'),
]


@pytest.mark.parametrize(("text", "message"), BAD_TARGETS, ids=[t[0] or "empty" for t in BAD_TARGETS])
def test_bad_target_message(text, message):
    with pytest.raises(ValueError_) as e:
        parse_target(text)
    assert str(e.value) == message


ACTUALS = [
    ("98,9%", D("98.9")),
    ("-22", D("-22")),
    ("0,9", D("0.9")),
    ("1.954", D("1954")),
    ("€ 146.000,00", D("146000.00")),
    ("544,48%", D("544.48")),
]


@pytest.mark.parametrize(("text", "number"), ACTUALS, ids=[a[0] for a in ACTUALS])
def test_parse_actual(text, number):
    assert parse_actual(text).number == number


def test_actual_with_operator_is_rejected():
    with pytest.raises(ValueError_) as e:
        parse_actual("≥ 40")
    assert str(e.value) == '"≥ 40": il valore rilevato non può avere un segno di confronto (>=)'


# (target, actual, direction, met, score) — the seed's figures and the DOMAIN.md rules.
ACHIEVEMENTS = [
    ("95%", "98,9%", Dir.HIGHER, True, D(100)),
    ("2,5", "0,9", Dir.LOWER, True, D(100)),  # days: lower is better (the data says so)
    ("< 1,4", "1,13", Dir.LOWER, True, D(100)),
    ("< 0", "-22", Dir.LOWER, True, D(100)),
    ("≥ 40", "134", Dir.HIGHER, True, D(100)),
    ("3", "1", Dir.HIGHER, False, D(100) / 3),  # journalists' courses: 33%
    ("20.000", "20.000", Dir.HIGHER, True, D(100)),
    ("1.500", "1.954", Dir.HIGHER, True, D(100)),
    ("€ 140.000,00", "€ 146.000,00", Dir.HIGHER, True, D(100)),
    ("grado di soddisfazione medio 3,5/5", "4,9", Dir.HIGHER, True, D(100)),
    ("grado di soddisfazione medio 3,5/5", "1,75", Dir.HIGHER, False, D(50)),
    ("31/12/2025", "03/10/2025", Dir.DEADLINE, True, D(100)),
    ("31/12/2025", "31/12/2025", Dir.DEADLINE, True, D(100)),
    ("30/06/2025", "01/07/2025", Dir.DEADLINE, False, D(0)),
    ("Positivo", "Positivo", Dir.QUALITATIVE, True, D(100)),
    ("Positivo", "negativo", Dir.QUALITATIVE, False, D(0)),
    ("<= 5 gg", "10 gg", Dir.LOWER, False, D(50)),
    ("< 0", "5", Dir.LOWER, False, D(0)),
    ("95%", "0%", Dir.HIGHER, False, D(0)),
    ("≥ 300%", "544,48%", Dir.HIGHER, True, D(100)),  # capped at 100%
]


@pytest.mark.parametrize(("target", "actual", "direction", "met", "score"), ACHIEVEMENTS, ids=[f"{a[0]}|{a[1]}" for a in ACHIEVEMENTS])
def test_achievement(target, actual, direction, met, score):
    t, a = parse_target(target), parse_actual(actual)
    assert compatible(t, a) is None
    result = achievement(t, a, direction)
    assert result.met is met
    assert result.score == score
    assert D(0) <= result.score <= D(100)


INCOMPATIBLE = [
    ("31/12/2025", "100%", 'il target è una scadenza (31/12/2025): atteso come valore rilevato una data gg/mm/aaaa, non "100%"'),
    ("Positivo", "4", 'il target è qualitativo (Positivo): atteso come valore rilevato un esito in parole, non "4"'),
    ("95%", "Positivo", 'il target è numerico (95%): atteso come valore rilevato un numero, non "Positivo"'),
    ("95%", "3 gg", 'unità diverse: target "95%", valore rilevato "3 gg"'),
    ("95%", "0,989", 'il target è una percentuale (95%): scrivere il valore rilevato con il simbolo % (ad es. "98,9%"), non "0,989"'),
    ("≥ 90%", "98", 'il target è una percentuale (≥ 90%): scrivere il valore rilevato con il simbolo % (ad es. "98,9%"), non "98"'),
]


@pytest.mark.parametrize(("target", "actual", "message"), INCOMPATIBLE)
def test_incompatible(target, actual, message):
    assert compatible(parse_target(target), parse_actual(actual)) == message
