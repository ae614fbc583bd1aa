"""Issue 8, parts 3, 4, 5 and 7: one safe reader for every file; types read strictly.

Each case damages a copy of the sample in one way an office or a hostile user
would (a file saved in another encoding, a NUL byte, a YAML alias bomb, a CSV
row short of a cell, `no` for false, a serial number for a date) and runs
`validate` as an editor would, under an address-space limit of 300 MB: the
exit code, a clean output and the located message (file:line, field, value,
what is expected) are asserted. How long the bomb cases take belongs in the
benchmark, not here.
"""

from __future__ import annotations

import resource
from pathlib import Path
from typing import Callable

import pytest

from generator.load import load
from tests.bad_inputs.harness import assert_clean, assert_located, copy_sample, run

LIMIT_MB = 300

BODY = "ente.yaml"
YEAR = "2025/performance.yaml"
STAFF = "2025/personale/personale.yaml"
BONUS = "2025/premi.yaml"
CARD = "2025/indicatori/ente.csv"
SECTION = "2025/relazione/02-processo-di-redazione.yaml"


def _limited() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_MB * 1024 * 1024, LIMIT_MB * 1024 * 1024))


def validate(d: Path):
    return run("validate", "--data", str(d), preexec_fn=_limited)


# --- edits ------------------------------------------------------------------------


def sub(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        p = d / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def raw(rel: str, make: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        p = d / rel
        p.write_bytes(make(p.read_bytes()))

    return edit


def append(rel: str, text: str) -> Callable[[Path], None]:
    return raw(rel, lambda b: b + text.encode("utf-8"))


def line_of(rel: str, text: str, d: Path) -> int:
    return next(n for n, line in enumerate((d / rel).read_text(encoding="utf-8").splitlines(), 1) if text in line)


BOMB = "\n".join(
    ["bomba:", "  a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"  {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(9)]
) + "\n"
DEEP = "profondo: " + "[" * 500 + "]" * 500 + "\n"
NO_ALIAS = "alias YAML (*nome) non ammesso: scrivere il valore per esteso"
NOT_BOOL = "atteso true o false"
NOT_NUMBER = "atteso un numero"
NOT_DATE = "attesa una data nel formato aaaa-mm-gg o gg/mm/aaaa"
SERIAL = "un numero non è una data"
UTF16 = 'il file è in UTF-16 ("Unicode"): salvarlo come'

# (id, edit, file, line or None (computed: the line holding `at`), field, message parts)
# Every case must fail validate (exit 1) with one line holding file:line, field and the parts.
REFUSED = [
    # 3. resource exhaustion: refused before it expands or is read
    ("alias-bomb-year", append(YEAR, BOMB), YEAR, "a: &a", "", [NO_ALIAS]),
    ("alias-bomb-body", append(BODY, BOMB), BODY, "a: &a", "", [NO_ALIAS]),
    ("alias-bomb-section", append(SECTION, BOMB), SECTION, "a: &a", "", [NO_ALIAS]),
    ("alias-recursive", append(YEAR, "ricorsivo: &r [*r]\n"), YEAR, "ricorsivo", "", [NO_ALIAS]),
    ("deep-nesting", append(YEAR, DEEP), YEAR, "profondo", "", ["troppi livelli annidati"]),
    ("csv-50-mb", append(CARD, ("1,,,,x,,,95%,96%,,,,PIRA,,\n" * 1_700_000)), CARD, None, "", ["file troppo grande (oltre 5 MB)"]),
    ("yaml-3-mb", append(SECTION, "# " + "x" * 3_000_000 + "\n"), SECTION, None, "", ["file troppo grande (oltre 2 MB)"]),
    # 4. encodings, NUL and control characters, garbage: located messages, never a traceback
    # a row longer than the header, even by an empty cell: a comma not in quotes moved every value after it
    ("csv-row-longer-than-header", raw(CARD, lambda b: b.replace(b",PIRA,100%,\n", b",PIRA,100%,,,\n", 1)), CARD, ",PIRA,100%,,,", "",
     ["celle ma 15 colonne nell'intestazione: un separatore in più"]),
    ("csv-utf16", raw(CARD, lambda b: b.decode("utf-8").encode("utf-16")), CARD, None, "", [UTF16, '"CSV UTF-8"']),
    ("yaml-utf16", raw(BODY, lambda b: b.decode("utf-8").encode("utf-16-le")), BODY, None, "", [UTF16, "UTF-8"]),
    ("csv-not-cp1252", raw(CARD, lambda b: b.replace(b"Pratiche evase", b"Pratiche \x81vase")), CARD, 2, "", ["non è in UTF-8", "0x81"]),
    ("csv-nul", raw(CARD, lambda b: b.replace(b"Pratiche evase", b"Pratiche\x00evase")), CARD, 2, "", ["carattere NUL non ammesso"]),
    ("yaml-nul", sub(BODY, "nome_breve: CCIAA", "nome_breve: CC\x00IAA"), BODY, "nome_breve", "", ["carattere NUL non ammesso"]),
    ("yaml-escape-char", sub(YEAR, "anno: 2025", "anno: 2025 \x1b[31m"), YEAR, "anno: 2025", "", ["carattere di controllo U+001B"]),
    ("binary-garbage", raw(YEAR, lambda b: bytes(range(256)) * 8), YEAR, 2, "", ["non è in UTF-8", "0x80"]),
    ("png-as-csv", raw(CARD, lambda b: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64), CARD, None, "", ["il file non è di testo", "binario"]),
    ("csv-utf16-no-bom", raw(CARD, lambda b: b.decode("utf-8").encode("utf-16-le")), CARD, None, "", [UTF16]),
    ("yaml-syntax-colon", sub(YEAR, "anno: 2025", "anno: 2025: bis"), YEAR, "anno: 2025", "", ["YAML non valido: due punti non ammessi qui"]),
    ("yaml-tab", sub(BODY, "\nnome_breve:", "\n\tnome_breve:"), BODY, "nome_breve", "", ["YAML non valido: tabulazione"]),
    ("yaml-open-quote", sub(BODY, "nome_breve: CCIAA", 'nome_breve: "CCIAA'), BODY, "nome_breve", "", ['virgolette " aperte in questa riga e non chiuse']),
    ("yaml-open-quote-at-end", append(BODY, 'nota: "senza fine\n'), BODY, "nota:", "", ['virgolette " aperte in questa riga e non chiuse']),
    ("yaml-python-tag", sub(BODY, "nome_breve: CCIAA di Arezzo-Siena", "nome_breve: !!python/object/apply:os.system [id]"), BODY, "nome_breve", "", ['etichetta YAML "tag:yaml.org,2002:python/object/apply:os.system" non ammessa']),
    ("yaml-two-documents", append(BODY, "---\nnome: altro\n"), BODY, None, "", ["il file contiene più documenti"]),
    ("yaml-key-is-list", append(YEAR, "? [a, b]\n: x\n"), YEAR, "? [a, b]", "", ["una chiave deve essere un testo"]),
    # 5. CSV rows that would shift or swallow values
    ("csv-short-row", sub(CARD, ',"98,9%",,,,PIRA,100%,', ',"98,9%",,,,PIRA,100%'), CARD, 2, "", ["14 celle ma 15 colonne", "manca una cella"]),
    ("csv-extra-cell", sub(CARD, ',"98,9%",,,,PIRA,100%,', ',"98,9%",,,,PIRA,100%,,oltre'), CARD, 2, "", ["16 celle ma 15 colonne", '(cella in più: "oltre")']),
    ("csv-quote-open-to-end", append(CARD, '1,,,,"Nuovo indicatore,,,95%,96%,,,,PIRA,,\n'), CARD, "Nuovo indicatore", "", ["virgolette non chiuse", "fino alla fine del file"]),
    ("csv-quote-open-in-row", sub(CARD, "Pratiche evase entro 5 gg", '"Pratiche evase entro 5 gg'), CARD, 2, "", ["virgolette fuori posto in questa riga"]),
    ("csv-quote-swallows-rows", sub(CARD, ',"98,9%",,,,PIRA,100%,\n1,', ',"98,9%,,,,PIRA,100%,\n1,'), CARD, 2, "", ["virgolette fuori posto in questa riga"]),
    ("csv-quote-in-cell", sub(CARD, "Pratiche evase entro 5 gg", '"Pratiche" evase entro 5 gg'), CARD, 2, "", ["virgolette fuori posto", 'raddoppiarla: ""']),
    # 7. types read strictly, every message located and in Italian
    ("bool-no", sub(STAFF, "per_genere: false", "per_genere: no"), STAFF, "per_genere: no", "per_genere", ['"no"', NOT_BOOL]),
    ("bool-si", sub(STAFF, "per_genere: false", "per_genere: si"), STAFF, "per_genere: si", "per_genere", ['"si"', NOT_BOOL]),
    ("bool-zero", sub(STAFF, "per_genere: false", "per_genere: 0"), STAFF, "per_genere: 0", "per_genere", ['"0"', NOT_BOOL]),
    ("amount-inf", sub(YEAR, "valutazione_pubblicata: 100", "valutazione_pubblicata: .inf"), YEAR, "valutazione_pubblicata: .inf", "valutazione_pubblicata", ['".inf"', NOT_NUMBER]),
    ("amount-nan", sub(YEAR, "valutazione_pubblicata: 100", "valutazione_pubblicata: .nan"), YEAR, "valutazione_pubblicata: .nan", "valutazione_pubblicata", ['".nan"', NOT_NUMBER]),
    ("amount-underscores", sub(YEAR, "valutazione_pubblicata: 100", "valutazione_pubblicata: 1_00"), YEAR, "valutazione_pubblicata: 1_00", "valutazione_pubblicata", ['"1_00"', NOT_NUMBER]),
    ("amount-bool", sub(YEAR, "valutazione_pubblicata: 100", "valutazione_pubblicata: true"), YEAR, "valutazione_pubblicata: true", "valutazione_pubblicata", ['"True"', NOT_NUMBER]),
    ("year-bool", sub(BONUS, "anno_riferimento: 2024", "anno_riferimento: true"), BONUS, "anno_riferimento: true", "anno_riferimento", ['"True"', "atteso un numero intero"]),
    ("year-octal", sub(YEAR, "anno: 2025", "anno: 02025"), YEAR, "anno: 02025", "anno", ['"02025"', "atteso un numero intero"]),
    ("date-excel-serial", sub(BODY, "aggiornato: 2026-11-22", "aggiornato: 46348"), BODY, "aggiornato: 46348", "aggiornato", ['"46348"', SERIAL, NOT_DATE]),
    ("date-unix-seconds", sub(YEAR, "aggiornato: 2026-11-22", "aggiornato: 1795392000"), YEAR, "aggiornato: 1795392000", "aggiornato", ['"1795392000"', SERIAL]),
    ("date-with-time", sub(STAFF, "aggiornato: 2026-11-22", "aggiornato: 2026-11-22 10:30:00"), STAFF, "aggiornato: 2026-11-22 10:30", "aggiornato", [NOT_DATE]),
    ("date-impossible-it", sub(STAFF, "data_riferimento: 2025-12-31", "data_riferimento: 31/02/2025"), STAFF, "data_riferimento", "data_riferimento", ['"31/02/2025"', "data inesistente"]),
    ("code-as-float", sub(YEAR, "  - id: 1\n", "  - id: 1\n    codice: 2.1\n"), YEAR, "codice: 2.1", "aree_strategiche[0].codice", ['"2.1"', "atteso un testo", "tra virgolette"]),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_with_its_location(tmp_path, case):
    _, edit, rel, at, fld, parts = case
    d = copy_sample(tmp_path)
    edit(d)
    line = line_of(rel, at, d) if isinstance(at, str) else at
    r = validate(d)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert_clean(out)
    where = f"dati/{rel}:{line}:" if line else f"dati/{rel}:"
    assert_located(out, where, *([fld] if fld else []), *parts)
    assert "Input should" not in out and "Value error" not in out  # no library's English text


# (id, edit, check of the loaded value) — accepted, read as the editor meant it
ACCEPTED = [
    ("phone-leading-zero", sub(BODY, "telefono: da completare", "telefono: 0577 123456"), lambda ds: ds.body.phone == "0577 123456"),
    ("phone-octal-looking", sub(BODY, "telefono: da completare", "telefono: 0577123456"), lambda ds: ds.body.phone == "0577123456"),
    ("code-leading-zero", sub(YEAR, "  - id: 1\n", "  - id: 1\n    codice: 02.01\n"), lambda ds: ds.years[0].year.areas[0].code == "02.01"),
    ("date-italian", sub(BODY, "aggiornato: 2026-11-22", "aggiornato: 22/11/2026"), lambda ds: str(ds.body.updated) == "2026-11-22"),
    ("yaml-bom", raw(BODY, lambda b: b"\xef\xbb\xbf" + b), lambda ds: ds.body.name.startswith("Camera")),
    ("csv-crlf", raw(CARD, lambda b: b.replace(b"\n", b"\r\n")), lambda ds: len(ds.years[0].indicators["ente"]) > 10),
    # the empty columns a spreadsheet saves at the right: in the header and in every row
    ("csv-trailing-empty-columns", raw(CARD, lambda b: b.replace(b"\n", b",,\n")), lambda ds: len(ds.years[0].indicators["ente"]) > 10),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_accepted_as_meant(tmp_path, case):
    _, edit, ok = case
    d = copy_sample(tmp_path)
    edit(d)
    r = validate(d)
    assert r.returncode == 0, r.stdout + r.stderr
    assert_clean(r.stdout + r.stderr)
    ds, issues = load(d)
    assert ds is not None and ok(ds), [str(i) for i in issues.items]


def test_windows_1252_is_read_with_a_warning(tmp_path):
    d = copy_sample(tmp_path)
    card = d / "2025/indicatori/area-1.csv"  # every character of it exists in Windows-1252
    text = card.read_text(encoding="utf-8")
    card.write_bytes(text.encode("cp1252"))
    first = next(n for n, line in enumerate(text.splitlines(), 1) if any(ord(c) > 127 for c in line))
    r = validate(d)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert_located(out, f"dati/2025/indicatori/area-1.csv:{first}:", "avviso", "il file è in Windows-1252", 'salvarlo come "CSV UTF-8"')
    ds, _ = load(d)
    with_accents = [i.name for i in ds.years[0].indicators["area-1"] if any(ord(c) > 127 for c in i.name)]
    assert with_accents and all(name in text for name in with_accents)  # read as written, not as mojibake


def test_build_refuses_what_validate_refuses_and_keeps_the_site(tmp_path):
    """A NUL byte once passed validate and aborted the build inside the chart renderer."""
    d = copy_sample(tmp_path)
    site = tmp_path / "sito"
    ok = run("build", "--data", str(d), "--site", str(site))
    assert ok.returncode == 0, ok.stderr
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    raw(CARD, lambda b: b.replace(b"Pratiche evase", b"Pratiche\x00evase"))(d)
    r = run("build", "--data", str(d), "--site", str(site))
    assert r.returncode == 1
    assert_clean(r.stdout + r.stderr)
    assert_located(r.stderr, f"dati/{CARD}:2:", "carattere NUL non ammesso")
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
