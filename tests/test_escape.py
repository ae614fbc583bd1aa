"""A note keeps the paragraphs and line breaks its editor wrote, as HTML, and stays text (pure)."""

from __future__ import annotations

import shutil

import pytest

from generator.escape import lines, paragraphs
from tests.csvedit import edit_rows


@pytest.mark.parametrize("text, as_paragraphs, as_lines", [
    ("Una riga.", "<p>Una riga.</p>", "Una riga."),
    ("Motivi:\n1) il docente;\r\n2) le iscrizioni.", "<p>Motivi:<br>\n1) il docente;<br>\n2) le iscrizioni.</p>",
     "Motivi:<br>\n1) il docente;<br>\n2) le iscrizioni."),
    ("Primo.\n\n  \nSecondo,   con spazi.\n", "<p>Primo.</p>\n<p>Secondo, con spazi.</p>", "Primo.<br>\nSecondo, con spazi."),
    ("a <b>b</b>\n\n# c\n    d & e", "<p>a &lt;b&gt;b&lt;/b&gt;</p>\n<p># c<br>\nd &amp; e</p>", "a &lt;b&gt;b&lt;/b&gt;<br>\n# c<br>\nd &amp; e"),
    ("\n\n", "", ""),
])
def test_notes_keep_their_paragraphs_and_lines_as_text(text, as_paragraphs, as_lines):
    assert str(paragraphs(text)) == as_paragraphs
    assert str(lines(text)) == as_lines


def test_a_note_on_an_indicator_keeps_its_lines_on_the_page(tmp_path, sample_dir):
    from generator.build import generate

    d = tmp_path / "dati"
    shutil.copytree(sample_dir, d)
    note = "Motivi:\n1) il docente si è ritirato;\n2) poche iscrizioni.\n\nSi recupera nel 2026."
    edit_rows(d / "2025" / "indicatori" / "arezzo-sviluppo.csv", lambda rows: [r | {"nota": note} if r["target"] == "3" else r for r in rows])
    docs = tmp_path / "docs"
    generate(d, docs, cache_dir=None)
    page = next(docs.rglob("2025/cruscotti/arezzo-sviluppo.md")).read_text(encoding="utf-8")
    assert "<p>Motivi:<br>\n1) il docente si è ritirato;<br>\n2) poche iscrizioni.</p>\n<p>Si recupera nel 2026.</p>" in page
