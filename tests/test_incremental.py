"""Incremental builds: after an edit, a build that redoes only what changed gives, byte for byte, the
site of a clean build (real MkDocs + Material, real charts), and redoes no more than the edit needs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.build import build

from .conftest import SAMPLE

ENTE_CSV = "2025/indicatori/ente.csv"
YEAR = "amministrazione-trasparente/performance/relazione-sulla-performance/2025/"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def replace(rel: str, old: str, new: str):
    def edit(data: Path) -> None:
        p = data / rel
        text = p.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def append(rel: str, text: str):
    def edit(data: Path) -> None:
        with open(data / rel, "a", encoding="utf-8") as f:
            f.write(text)

    return edit


# (edit, what must show it, which pages are converted again: "none", "some" or "all")
CASES = {
    "an actual in an indicator CSV": (replace(ENTE_CSV, '"98,9%"', '"80,0%"'), (YEAR + "cruscotti/ente/index.html", "80,0%"), "some"),
    "the site's address in ente.yaml": (replace("ente.yaml", "url_sito: da completare", "url_sito: https://trasparenza.example.it/"),
                                        ("sitemap.xml", "https://trasparenza.example.it/"), "all"),
    "the body's name in ente.yaml": (replace("ente.yaml", "nome: Camera di Commercio di Arezzo-Siena", "nome: Camera di Commercio «Arezzo & Siena»"),
                                     ("index.html", "Camera di Commercio «Arezzo &amp; Siena»"), "all"),
    "a comment in ente.yaml": (append("ente.yaml", "# una nota della redazione\n"), ("index.html", "Arezzo-Siena"), "none"),
}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """The sample built once: its data, chart cache and kept MkDocs output, copied by each case."""
    tmp = tmp_path_factory.mktemp("incremental")
    data = Path(shutil.copytree(SAMPLE, tmp / "dati"))
    report = build(data, tmp / "site", cache_dir=tmp / "cache" / "charts")
    return tmp, report


@pytest.mark.parametrize("case", CASES)
def test_an_incremental_rebuild_is_a_clean_build(first, tmp_path, case):
    edit, (page, shown), redone = CASES[case]
    base, report = first
    data = Path(shutil.copytree(base / "dati", tmp_path / "dati"))
    shutil.copytree(base / "cache", tmp_path / "cache")
    site = Path(shutil.copytree(base / "site", tmp_path / "site"))
    edit(data)
    again = build(data, site, cache_dir=tmp_path / "cache" / "charts")
    clean_cache = tmp_path / "clean" / "charts"
    shutil.copytree(base / "cache" / "charts", clean_cache)  # the same charts; no kept MkDocs output
    clean = build(data, tmp_path / "clean-site", cache_dir=clean_cache)
    a, b = files(site), files(tmp_path / "clean-site")
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    assert shown in a[page].decode("utf-8")
    total = report.pages_built
    assert clean.pages_built == total > 40
    assert {"none": again.pages_built == 0, "some": 0 < again.pages_built < total / 2, "all": again.pages_built == total}[redone], again.pages_built


def test_a_build_that_failed_leaves_a_full_build_next(first, tmp_path):
    """The kept record is removed when a build starts and written when it succeeds; a broken one is ignored."""
    base, report = first
    data = Path(shutil.copytree(base / "dati", tmp_path / "dati"))
    cache = Path(shutil.copytree(base / "cache", tmp_path / "cache"))
    state = cache / "incremental" / "state.json"
    assert json.loads(state.read_text(encoding="utf-8"))["pages"]
    state.write_text("{not json", encoding="utf-8")
    again = build(data, tmp_path / "site", cache_dir=cache / "charts")
    assert again.pages_built == report.pages_built
    assert files(tmp_path / "site") == files(base / "site")


def test_a_page_removed_from_the_kept_output_is_built_again(first, tmp_path):
    base, _ = first
    cache = Path(shutil.copytree(base / "cache", tmp_path / "cache"))
    page = YEAR + "cruscotti/ente/index.html"
    (cache / "incremental" / "site" / page).unlink()
    again = build(base / "dati", tmp_path / "site", cache_dir=cache / "charts")
    assert again.pages_built == 1
    assert files(tmp_path / "site") == files(base / "site")


# --- the preview (serve): one process, rebuilt after each edit --------------------------------------

PREVIEW_EDITS = [
    ("an actual of the newest year", replace(ENTE_CSV, '"98,9%"', '"80,0%"')),
    ("an actual of the year before, which the newest compares with", replace("2024/indicatori/ente.csv", '"98,9%"', '"70,0%"')),
    ("a data error, then its fix", None),
    ("a page that clashes with a generated one, with a changed chart; then both undone", "clash"),
    ("the body's name", replace("ente.yaml", "nome: Camera di Commercio di Arezzo-Siena", "nome: Camera di Commercio «Arezzo & Siena»")),
    ("a year removed", lambda data: shutil.rmtree(data / "2024")),
]


def test_the_preview_after_each_edit_is_a_clean_build(tmp_path):
    """Two years; after each edit the preview (years' pages kept in memory, docs folder kept, MkDocs
    incremental) equals a new preview made from scratch, file by file."""
    from generator.build import CONTENT, SiteBuildError
    from generator.issues import DataError
    from generator.serve import Preview

    data = Path(shutil.copytree(SAMPLE, tmp_path / "dati"))
    shutil.copytree(SAMPLE / "2025", data / "2024")
    for p in (data / "2024").rglob("*"):
        if p.suffix in (".yaml", ".csv"):
            p.write_text(re.sub(r"\b202[45]\b", lambda m: "2024" if m[0] == "2025" else "2023", p.read_text(encoding="utf-8")), encoding="utf-8")
    cache = tmp_path / "cache" / "charts"
    content = Path(shutil.copytree(CONTENT, tmp_path / "content"))
    url = "http://127.0.0.1:8000/"
    preview = Preview(data, tmp_path / "anteprima", url, cache, content)
    preview.rebuild()
    for n, (what, edit) in enumerate(PREVIEW_EDITS):
        if edit == "clash":  # the charts are being drawn when the clash stops the build: none may stay stale
            csv = data / ENTE_CSV
            good = csv.read_text(encoding="utf-8")
            csv.write_text(good.replace('"81,0%"', '"60,1%"', 1), encoding="utf-8")
            (content / "index.md").write_text("# Una pagina scritta a mano\n", encoding="utf-8")
            with pytest.raises(SiteBuildError):
                preview.rebuild()
            csv.write_text(good, encoding="utf-8")
            (content / "index.md").unlink()
        elif edit is None:
            csv = data / ENTE_CSV
            good = csv.read_text(encoding="utf-8")
            csv.write_text(good.replace('"80,0%"', '"ottanta"', 1), encoding="utf-8")
            with pytest.raises(DataError):
                preview.rebuild()
            csv.write_text(good.replace('"80,0%"', '"81,0%"', 1), encoding="utf-8")
        else:
            edit(data)
        preview.rebuild()
        clean = Preview(data, tmp_path / f"pulita-{n}", url, cache, content)
        clean.rebuild()
        a, b = files(preview.site_dir), files(clean.site_dir)
        assert sorted(a) == sorted(b), what
        assert [k for k in a if a[k] != b[k]] == [], what
        assert files(preview.docs) == files(clean.docs), what
