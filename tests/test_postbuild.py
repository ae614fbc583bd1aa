"""The HTML fixes are the generator's own pass over the built site, not an MkDocs hook."""

from __future__ import annotations

import shutil

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
