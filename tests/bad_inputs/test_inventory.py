"""Issue 8, parts 5 and 6: every file of data/ is read or reported; no way out of data/.

Each case changes a copy of the sample in one way (a near-miss of a name, an
unused file, a link or a path that leads out of the folder), runs `validate`
as an editor would, and asserts the exit code, a clean output and the located
message. Leftovers of the system and of editors produce no message at all.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.bad_inputs.harness import SAMPLE, assert_clean, assert_located, copy_sample, run

YEAR = SAMPLE / "2025" / "performance.yaml"
OUTSIDE = "/etc/passwd"  # a file of the machine, never to be read or published
PASSWD_MARK = "root:x:0:0"


def line_of(file: Path, text: str) -> int:
    """The line of `text` in a file of the sample (so cases name the line of the fault)."""
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if text in line)


L_CARD = line_of(YEAR, "file: indicatori/ente.csv")
L_BUDGET = line_of(SAMPLE / "2025/bilancio/bilancio.yaml", "file: conto-economico.csv")
L_PRINTED = line_of(SAMPLE / "2025/personale/personale.yaml", "totali_stampati:")
L_TABLE = line_of(SAMPLE / "2025/relazione/02-processo-di-redazione.yaml", "tabella: tabelle/processo-di-redazione.csv")
L_DOC = line_of(SAMPLE / "documenti.yaml", "url: https://www.as.camcom.it/amministrazione-trasparente/performance/sistema")

NEAR = "nome del file non riconosciuto: il generatore legge"
UNSHOWN = "il suo contenuto non compare nel sito"
ABSOLUTE = "percorso assoluto non ammesso (atteso un percorso relativo dentro la cartella dei dati"
DOTDOT = '".." non ammesso: il percorso uscirebbe dalla cartella'
LINK_OUT = "collegamento simbolico che porta fuori dalla cartella dei dati"


def mv(d: Path, old: str, new: str) -> None:
    (d / new).parent.mkdir(parents=True, exist_ok=True)
    os.rename(d / old, d / new)


def touch(d: Path, *names: str) -> None:
    for name in names:
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        (d / name).write_text("tavola,voce\nx,1\n", encoding="utf-8")


def link(d: Path, name: str, target: str) -> None:
    """Replace `name` (if there) by a symbolic link to `target`."""
    p = d / name
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    elif p.exists() or p.is_symlink():
        p.unlink()
    p.parent.mkdir(parents=True, exist_ok=True)
    p.symlink_to(target)


def sub(d: Path, name: str, old: str, new: str) -> None:
    text = (d / name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    (d / name).write_text(text.replace(old, new, 1), encoding="utf-8")


def link_year_outside(d: Path) -> None:
    outside = d.parent / "altrove"
    shutil.move(d / "2025", outside)
    (d / "2025").symlink_to(outside)


def link_tables_outside(d: Path) -> None:
    outside = d.parent / "tabelle-altrove"
    shutil.move(d / "2025/relazione/tabelle", outside)
    (d / "2025/relazione/tabelle").symlink_to(outside)


def document_file(d: Path, value: str) -> None:
    """The first document of documenti.yaml served from a file instead of a URL."""
    url = "url: https://www.as.camcom.it/amministrazione-trasparente/performance/sistema-di-misurazione-e-valutazione"
    sub(d, "documenti.yaml", url, f"file: {value}")


def link_document_outside(d: Path) -> None:
    document_file(d, "documenti/smvp.pdf")
    link(d, "documenti/smvp.pdf", OUTSIDE)


# (id, change to the copy, exit code, parts of one line of the output)
CASES = [
    # --- near-misses of a name that is read: errors saying which name is expected
    ("performance-yml", lambda d: mv(d, "2025/performance.yaml", "2025/performance.yml"), 1,
     ("dati/2025/performance.yml:", NEAR, '"performance.yaml"', "rinominare")),
    ("premi-yml", lambda d: mv(d, "2025/premi.yaml", "2025/premi.yml"), 1, ("dati/2025/premi.yml:", NEAR, '"premi.yaml"')),
    ("documenti-yml", lambda d: mv(d, "documenti.yaml", "documenti.yml"), 1, ("dati/documenti.yml:", NEAR, '"documenti.yaml"')),
    ("ente-yml", lambda d: mv(d, "ente.yaml", "ente.yml"), 1, ("dati/ente.yml:", NEAR, '"ente.yaml"')),
    ("performance-capital", lambda d: mv(d, "2025/performance.yaml", "2025/Performance.yaml"), 1,
     ("dati/2025/Performance.yaml:", NEAR, '"performance.yaml"')),
    ("ente-upper-case", lambda d: mv(d, "ente.yaml", "ENTE.YAML"), 1, ("dati/ENTE.YAML:", NEAR, '"ente.yaml"')),
    ("bilancio-yml", lambda d: mv(d, "2025/bilancio/bilancio.yaml", "2025/bilancio/bilancio.yml"), 1,
     ("dati/2025/bilancio/bilancio.yml:", NEAR, '"bilancio.yaml"')),
    ("section-yml", lambda d: mv(d, "2025/relazione/03-contesto-esterno.yaml", "2025/relazione/03-contesto-esterno.yml"), 1,
     ("dati/2025/relazione/03-contesto-esterno.yml:", NEAR, '"03-contesto-esterno.yaml"')),
    ("scorecard-csv-upper-ext", lambda d: mv(d, "2025/indicatori/ente.csv", "2025/indicatori/ente.CSV"), 1,
     ("dati/2025/indicatori/ente.CSV:", 'nome del file non riconosciuto: i dati indicano "ente.csv"', "oppure rinominare il file")),
    ("duplicate-with-other-case", lambda d: shutil.copy(d / "2025/premi.yaml", d / "2025/Premi.yaml"), 1,
     ("dati/2025/Premi.yaml:", NEAR, '"premi.yaml"', "questo file è ignorato")),
    ("year-folder-trailing-space", lambda d: mv(d, "2025", "2025 "), 1,
     ('dati/2025 :', 'la cartella "2025 " non è letta', 'deve chiamarsi con l\'anno ("2025")')),
    ("year-folder-prefixed", lambda d: mv(d, "2025", "anno2025"), 1,
     ("dati/anno2025:", 'la cartella "anno2025" non è letta', '("2025")')),
    ("indicators-folder-capital", lambda d: mv(d, "2025/indicatori", "2025/Indicatori"), 1,
     ("dati/2025/Indicatori:", 'nome della cartella non riconosciuto: il generatore legge "indicatori"')),
    ("bonuses-at-the-top", lambda d: mv(d, "2025/premi.yaml", "premi.yaml"), 1,
     ("dati/premi.yaml:", 'file fuori posto: il generatore legge "<anno>/premi.yaml (ad es. 2025/premi.yaml)"')),
    ("budget-in-the-year-folder", lambda d: mv(d, "2025/bilancio/bilancio.yaml", "2025/bilancio.yaml"), 1,
     ("dati/2025/bilancio.yaml:", 'file fuori posto: il generatore legge "2025/bilancio/bilancio.yaml"')),
    # --- files nothing reads: warnings that name them (validate still succeeds)
    ("unused-scorecard-csv", lambda d: touch(d, "2025/indicatori/area-3.csv"), 0,
     ("dati/2025/indicatori/area-3.csv:", "avviso: CSV non usato: nessuna scheda di 2025/performance.yaml lo indica nel campo file", UNSHOWN)),
    ("unused-table-csv", lambda d: touch(d, "2025/relazione/tabelle/vecchia.csv"), 0,
     ("dati/2025/relazione/tabelle/vecchia.csv:", "avviso: tabella non usata: nessun blocco delle sezioni in 2025/relazione/ la indica nel campo tabella")),
    ("unused-budget-csv", lambda d: touch(d, "2025/bilancio/preventivo-2024.csv"), 0,
     ("dati/2025/bilancio/preventivo-2024.csv:", "avviso: CSV non usato: 2025/bilancio/bilancio.yaml non lo indica nel campo file")),
    ("unused-staff-csv", lambda d: touch(d, "2025/personale/copia.csv"), 0,
     ("dati/2025/personale/copia.csv:", "avviso: CSV non usato: 2025/personale/personale.yaml non lo indica nei campi file e totali_stampati")),
    ("unknown-file", lambda d: touch(d, "2025/appunti.txt"), 0, ("dati/2025/appunti.txt:", "avviso: file non letto dal generatore", UNSHOWN)),
    ("spreadsheet-not-csv", lambda d: touch(d, "2025/indicatori/area-1.xlsx"), 0,
     ("dati/2025/indicatori/area-1.xlsx:", "avviso: foglio di calcolo non letto", 'salvarlo come "CSV UTF-8"')),
    ("unknown-folder", lambda d: touch(d, "archivio/2019.csv", "archivio/nota.txt"), 0,
     ("dati/archivio:", "avviso: cartella non letta dal generatore (2 file)", UNSHOWN)),
    ("document-not-listed", lambda d: touch(d, "documenti/smvp-2024.pdf"), 0,
     ("dati/documenti/smvp-2024.pdf:", "avviso: documento non elencato in documenti.yaml (campo file): non è pubblicato")),
    ("misspelt-scorecard-file", lambda d: sub(d, "2025/performance.yaml", "file: indicatori/ente.csv", "file: indicatori/enti.csv"), 1,
     ("dati/2025/indicatori/ente.csv:", "avviso: CSV non usato", '(forse è questo il file "enti.csv" che i dati indicano')),
    ("scorecard-file-other-case", lambda d: sub(d, "2025/performance.yaml", "file: indicatori/ente.csv", "file: indicatori/Ente.csv"), 1,
     ("dati/2025/indicatori/ente.csv:", 'i dati indicano "Ente.csv"', "correggere il campo file che lo indica, oppure rinominare il file")),
    # --- no way out of data/: links, absolute paths and ".."
    ("scorecard-link-outside", lambda d: link(d, "2025/indicatori/ente.csv", OUTSIDE), 1,
     (f"dati/2025/performance.yaml:{L_CARD}:", "schede[0].file:", '"indicatori/ente.csv":', LINK_OUT)),
    ("body-link-outside", lambda d: link(d, "ente.yaml", OUTSIDE), 1, ("dati/ente.yaml:", LINK_OUT, "non è letto")),
    ("year-folder-link-outside", link_year_outside, 1, ("dati/2025:", LINK_OUT, "non è ammesso")),
    ("tables-folder-link-outside", link_tables_outside, 1, ("dati/2025/relazione/tabelle:", LINK_OUT, "non è ammesso")),
    ("document-link-outside", link_document_outside, 1, ("dati/documenti.yaml:12:", "documenti[0].file:", '"documenti/smvp.pdf":', LINK_OUT)),
    ("scorecard-absolute", lambda d: sub(d, "2025/performance.yaml", "file: indicatori/ente.csv", "file: /etc/passwd.csv"), 1,
     (f"dati/2025/performance.yaml:{L_CARD}:", "schede[0].file:", '"/etc/passwd.csv":', ABSOLUTE)),
    ("scorecard-dotdot", lambda d: sub(d, "2025/performance.yaml", "file: indicatori/ente.csv", "file: ../../segreti/ente.csv"), 1,
     (f"dati/2025/performance.yaml:{L_CARD}:", "schede[0].file:", '"../../segreti/ente.csv":', DOTDOT)),
    ("budget-dotdot", lambda d: sub(d, "2025/bilancio/bilancio.yaml", "file: conto-economico.csv", "file: ../../../x/conto.csv"), 1,
     (f"dati/2025/bilancio/bilancio.yaml:{L_BUDGET}:", "file:", '"../../../x/conto.csv":', DOTDOT)),
    ("staff-printed-absolute", lambda d: sub(d, "2025/personale/personale.yaml", "totali_stampati: totali-stampati.csv", "totali_stampati: /tmp/totali.csv"), 1,
     (f"dati/2025/personale/personale.yaml:{L_PRINTED}:", "totali_stampati:", '"/tmp/totali.csv":', ABSOLUTE)),
    ("table-dotdot", lambda d: sub(d, "2025/relazione/02-processo-di-redazione.yaml", "tabella: tabelle/processo-di-redazione.csv", "tabella: ../../../t.csv"), 1,
     (f"dati/2025/relazione/02-processo-di-redazione.yaml:{L_TABLE}:", "blocchi[0].tabella:", '"../../../t.csv":', DOTDOT)),
    ("document-name-with-space", lambda d: document_file(d, "documenti/relazione (1).pdf"), 1,
     (f"dati/documenti.yaml:{L_DOC}:", "documenti[0].file:", '"documenti/relazione (1).pdf": nome del file non valido', "senza spazi")),
    ("document-absolute", lambda d: document_file(d, "/etc/passwd"), 1,
     (f"dati/documenti.yaml:{L_DOC}:", "documenti[0].file:", '"/etc/passwd":', ABSOLUTE)),
    # --- links that stay inside data/ are files like any other
    ("link-inside-is-judged-as-itself", lambda d: link(d, "2025/indicatori/copia.csv", "ente.csv"), 0,
     ("dati/2025/indicatori/copia.csv:", "avviso: CSV non usato")),
    ("broken-link", lambda d: link(d, "2025/indicatori/rotto.csv", "manca.csv"), 0,
     ("dati/2025/indicatori/rotto.csv:", "avviso: collegamento simbolico a un file che non esiste")),
    ("link-into-proc", lambda d: link(d, "2025/x", "/proc/1/cwd"), 1, ("dati/2025/x:", LINK_OUT, "non è ammesso")),
    # --- two sections that would be one page
    ("section-same-name", lambda d: shutil.copy(d / "2025/relazione/01-presentazione.yaml", d / "2025/relazione/09-presentazione.yaml"), 1,
     ("dati/2025/relazione/09-presentazione.yaml:", '"presentazione": lo stesso nome di 01-presentazione.yaml', "scegliere un altro nome")),
    ("section-named-like-the-complete-version", lambda d: mv(d, "2025/relazione/08-dimensione-di-genere.yaml",
                                                             "2025/relazione/08-versione-completa.yaml"), 1,
     ("dati/2025/relazione/08-versione-completa.yaml:", '"versione-completa" è un nome riservato alle pagine generate')),
    ("section-named-index", lambda d: mv(d, "2025/relazione/08-dimensione-di-genere.yaml", "2025/relazione/08-index.yaml"), 1,
     ("dati/2025/relazione/08-index.yaml:", '"index" è un nome riservato alle pagine generate')),
    ("empty-year-folder", lambda d: (d / "2026").mkdir(), 0,
     ("dati/2026:", "avviso: cartella dell'anno senza performance.yaml: l'anno 2026 non è pubblicato", "new-year 2026")),
    ("year-folder-with-a-misnamed-year-file", lambda d: mv(d, "2025/performance.yaml", "2025/performance.yml"), 1,
     ("dati/2025:", "avviso: cartella dell'anno senza performance.yaml: l'anno 2025 non è pubblicato")),
    ("only-misnamed-files", lambda d: (mv(d, "ente.yaml", "ente.yml"), mv(d, "2025/performance.yaml", "2025/performance.yml")), 1,
     ("dati/ente.yml:", NEAR, '"ente.yaml"')),  # misnamed, not "not a data folder": the rename hints are kept
    ("pipe-named-like-a-csv", lambda d: os.mkfifo(d / "2025/indicatori/area-9.csv"), 0,
     ("dati/2025/indicatori/area-9.csv:", "avviso: non è un file (è una pipe, un socket o un dispositivo): non è letto")),
    # --- not a data folder at all (a careless --data): one line, not one per file
    ("not-a-data-folder", lambda d: (shutil.rmtree(d), d.mkdir(), touch(d, "foto/vacanze.jpg")), 1,
     ("dati:", "non è una cartella dei dati: non ha né ente.yaml né cartelle degli anni con performance.yaml")),
]


@pytest.mark.parametrize(("change", "code", "parts"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_inventory(tmp_path, change, code, parts):
    d = copy_sample(tmp_path)
    change(d)
    r = run("validate", "--data", "dati", cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == code, out
    assert_clean(out)
    assert_located(out, *parts)
    assert PASSWD_MARK not in out  # nothing of a file outside data/ reaches the output


LEFTOVERS = [".DS_Store", "2025/.DS_Store", "2025/indicatori/~$albero.xlsx", "2025/indicatori/.~lock.ente.csv#",
             "Thumbs.db", "documenti/desktop.ini", "2025/performance.yaml~", "2025/.performance.yaml.swp",
             ".gitignore", "2025/indicatori/.gitkeep", ".git/config", "__MACOSX/2025/._ente.csv", "2025/._performance.yaml"]


def test_leftovers_say_nothing(tmp_path):
    """System and editor leftovers are skipped without a word: the output is the sample's own."""
    clean = run("validate", "--data", "dati", cwd=copy_sample(tmp_path / "a").parent)
    d = copy_sample(tmp_path / "b")
    for name in LEFTOVERS:
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        (d / name).write_bytes(b"\x00\xff leftover")
    r = run("validate", "--data", "dati", cwd=d.parent)
    assert r.returncode == clean.returncode == 0, r.stderr
    assert_clean(r.stderr)
    assert r.stderr == clean.stderr
    assert "~$albero" not in r.stderr and ".DS_Store" not in r.stderr


def test_sample_has_nothing_unread(tmp_path):
    """The sample itself: every file is read (no inventory message at all)."""
    r = run("validate", "--data", "dati", cwd=copy_sample(tmp_path).parent)
    assert r.returncode == 0, r.stderr
    for word in ("non usat", "non letto", "non riconosciuto", "fuori posto", "collegamento"):
        assert word not in r.stderr


def test_document_linked_outside_is_never_published(tmp_path):
    """A document that is a link to /etc/passwd: validate and build refuse it; no site holds it."""
    d = copy_sample(tmp_path)
    link_document_outside(d)
    v = run("validate", "--data", "dati", cwd=tmp_path)
    assert v.returncode == 1
    assert_clean(v.stderr)
    assert_located(v.stderr, "dati/documenti.yaml:12:", "documenti[0].file:", LINK_OUT)
    b = run("build", "--data", "dati", "--site", "sito", "--no-cache", cwd=tmp_path)
    assert b.returncode == 1, b.stderr
    assert_clean(b.stderr)
    assert_located(b.stderr, "dati/documenti.yaml:12:", "documenti[0].file:", LINK_OUT)
    assert not (tmp_path / "sito").exists()
    for p in tmp_path.rglob("*"):  # no copy of the file anywhere (nor a leftover temporary site)
        assert p.is_symlink() or not p.is_file() or PASSWD_MARK.encode() not in p.read_bytes(), p
    assert PASSWD_MARK not in v.stderr + b.stderr


def test_folder_the_system_will_not_list_is_an_error(tmp_path, monkeypatch):
    """A folder without read permission (root, as here, reads every folder: the system's refusal is simulated)."""
    from generator import inventory

    d = copy_sample(tmp_path)
    locked = d / "2025" / "personale"
    real_scandir = os.scandir
    monkeypatch.setattr(inventory.os, "scandir", lambda p: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if Path(p) == locked else real_scandir(p))
    found = inventory.scan(d)
    assert found.unreadable == ["2025/personale"]
    assert not [f for f in found.files if f.startswith("2025/personale/")]


def test_a_scorecard_that_failed_does_not_cascade_into_the_budget(tmp_path):
    d = copy_sample(tmp_path)
    sub(d, "2025/performance.yaml", "file: indicatori/ente.csv", "file: indicatori/Ente.csv")
    r = run("validate", "--data", "dati", cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 1
    assert "indicatore non trovato nel Cruscotto di Ente" not in out  # the budget's indices live in the scorecard that failed
    assert "Dati non validi: 2 errori" in out, out


def test_the_new_year_hint_only_where_the_folder_is_empty(tmp_path):
    d = copy_sample(tmp_path)
    touch(d, "2026/performance.yml")
    (d / "2027").mkdir()
    (d / "2027" / ".DS_Store").write_bytes(b"\0")
    out = run("validate", "--data", "dati", cwd=tmp_path).stderr
    assert "l'anno 2026 non è pubblicato\n" in out  # its misnamed file has its own message
    assert "l'anno 2027 non è pubblicato (per crearlo: python -m generator new-year 2027)" in out
    (d / "2026" / "performance.yml").unlink()
    assert run("new-year", "2027", "--data", "dati", cwd=tmp_path).returncode == 0  # the hint works: a .DS_Store is nothing to lose
