"""The HTML fixes are the generator's own pass over the built site, not an MkDocs hook."""

from __future__ import annotations

import shutil

import pytest
import yaml

from generator.postbuild import fix_site

from .conftest import ROOT


def test_mkdocs_config_has_no_hooks():
    """Zensical, Material's successor, ignores hooks: nothing the site needs may live there."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "hooks" not in config


def test_every_built_page_carries_the_fixes(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40 and built_site / "404.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'role="dialog" aria-label="Ricerca nel sito"' in html, page
        assert 'type="checkbox" autocomplete="off"' not in html and 'autocomplete="off" type="checkbox"' not in html, page


def test_the_pass_is_idempotent(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    assert fix_site(copy) == 0  # already fixed by the build: a second pass changes nothing


def test_a_part_title_cannot_break_out_of_a_region_name():
    """Region names get the part's title appended: a quote in a title stays text (the title comes unescaped)."""
    from generator.postbuild import _rebase

    region = '<div class="tabella" role="region" aria-label="Tabella: voci" tabindex="0"><table></table></div>'
    out = _rebase(region, "a/b", "a/c", "p1", 'Titolo" onmouseover="alert(1)')
    assert 'onmouseover="' not in out and "&quot; onmouseover=&quot;alert(1)" in out


def test_links_images_and_sources_are_rebased():
    from generator.postbuild import _rebase

    frag = '<a href="../x/">x</a><img src="grafici/g.svg"><source srcset="grafici/g-phone.svg"><a href="#n">n</a><span id="n"></span>'
    out = _rebase(frag, "anno/cruscotti/ente", "anno/versione-completa", "p3", "Ente")
    assert 'href="../cruscotti/x/"' in out and 'src="../cruscotti/ente/grafici/g.svg"' in out
    assert 'srcset="../cruscotti/ente/grafici/g-phone.svg"' in out and 'href="#p3-n"' in out and 'id="p3-n"' in out


@pytest.mark.parametrize("before, after", [
    ('<div>\n      <p>uno\n        due</p>\n\n    </div>', '<div>\n<p>uno\ndue</p>\n</div>'),
    ('<pre><code>  a\n    b</code></pre>\n   <p>x</p>', '<pre><code>  a\n    b</code></pre>\n<p>x</p>'),
    ('<p>Esempio <code>a\n   b</code>\n   fine</p>', '<p>Esempio <code>a\n   b</code>\nfine</p>'),
    ('<script>\n  var a = 1;\n</script>\n  <textarea>\n  x</textarea>', '<script>\n  var a = 1;\n</script>\n<textarea>\n  x</textarea>'),
])
def test_indentation_is_dropped_where_it_cannot_show(before, after):
    from generator.postbuild import _unindent

    assert _unindent(before) == after and _unindent(after) == after
