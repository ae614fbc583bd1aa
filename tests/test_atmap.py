"""at_map.json: every published node of the AT tree → its absolute address, from the navigation."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from generator.atmap import node_key
from generator.build import build

BASE = "https://www.example.it/trasparenza/performance/"
EXPECTED = {
    "amministrazione_trasparente": "amministrazione-trasparente/",
    "personale": "amministrazione-trasparente/personale/",
    "dotazione_organica": "amministrazione-trasparente/personale/dotazione-organica/",
    "performance": "amministrazione-trasparente/performance/",
    "sistema_di_misurazione_e_valutazione_della_performance": "amministrazione-trasparente/performance/sistema-di-misurazione-e-valutazione-della-performance/",
    "piano_della_performance": "amministrazione-trasparente/performance/piano-della-performance/",
    "relazione_sulla_performance": "amministrazione-trasparente/performance/relazione-sulla-performance/",
    "ammontare_complessivo_dei_premi": "amministrazione-trasparente/performance/ammontare-complessivo-dei-premi/",
    "dati_relativi_ai_premi": "amministrazione-trasparente/performance/dati-relativi-ai-premi/",
    "bilanci": "amministrazione-trasparente/bilanci/",
    "bilancio_preventivo_e_consuntivo": "amministrazione-trasparente/bilanci/bilancio-preventivo-e-consuntivo/",
    "piano_degli_indicatori_e_risultati_attesi_di_bilancio": "amministrazione-trasparente/bilanci/piano-degli-indicatori-e-risultati-attesi-di-bilancio/",
    "controlli_e_rilievi_sull_amministrazione": "amministrazione-trasparente/controlli-e-rilievi-sull-amministrazione/",
    "altri_contenuti": "amministrazione-trasparente/altri-contenuti/",
}


@pytest.mark.parametrize(("label", "key"), [
    ("Controlli e rilievi sull'amministrazione", "controlli_e_rilievi_sull_amministrazione"),
    ("Accessibilità e Catalogo dei dati, metadati e banche dati", "accessibilita_e_catalogo_dei_dati_metadati_e_banche_dati"),
    ("Sovvenzioni, contributi, sussidi, vantaggi economici", "sovvenzioni_contributi_sussidi_vantaggi_economici"),
    ("  Bandi di gara e contratti ", "bandi_di_gara_e_contratti"),
])
def test_node_key_from_the_official_label(label, key):
    assert node_key(label) == key


@pytest.fixture(scope="module")
def built(sample_dir, tmp_path_factory):
    d = tmp_path_factory.mktemp("atmap") / "dati"
    shutil.copytree(sample_dir, d)
    body = d / "ente.yaml"
    text = body.read_text(encoding="utf-8").replace("url_sito: da completare", f"url_sito: {BASE}")
    text += "sezioni_esterne:\n  Bandi di concorso: https://www.example.it/bandi\n"
    body.write_text(text, encoding="utf-8")
    site = d.parent / "sito"
    build(d, site)
    return site


def test_at_map_lists_every_section_with_its_address(built):
    m = json.loads((built / "at_map.json").read_text(encoding="utf-8"))
    for key, path in EXPECTED.items():
        assert m[key] == BASE + path, key
    assert m["bandi_di_concorso"] == "https://www.example.it/bandi"  # kept on the body's website
    assert re.fullmatch(r"[0-9]{2}/[0-9]{2}/[0-9]{4}", m["data_ultima_modifica"])
    assert not any(re.search(r"(19|20)[0-9]{2}", k) for k in m)  # years are pages of an item, not nodes
    for key, url in m.items():  # every address of ours is a page of the built site
        if url.startswith(BASE):
            assert (built / url[len(BASE):] / "index.html").is_file(), key


def test_catalogue_page_links_the_map(built):
    page = (built / "amministrazione-trasparente/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati"
            "/catalogo-dei-dati-metadati-e-delle-banche-dati/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="(\.\./)+at_map\.json">Mappa delle sezioni di Amministrazione trasparente', page)


def test_no_map_without_the_site_address(built_site):
    assert not (built_site / "at_map.json").exists()  # the sample has no url_sito: absolute addresses unknown
