"""What `import --replace` carries over from the performance.yaml it replaces, and what it says is lost (pure)."""

from __future__ import annotations

import pytest

from generator.replace import carry_over, indicator_losses

CARDS = [{"id": "ente", "tipo": "ente", "nome": "Albero della Performance", "file": "indicatori/ente.csv"},
         {"id": "eq-st", "tipo": "individuale", "nome": "Obiettivi individuali EQ_ST", "file": "indicatori/eq-st.csv"}]
NEW = {"anno": 2026, "stato": "rendicontato", "documento": "Relazione sulla Performance 2026", "direzione_predefinita": "crescente",
       "obiettivi_strategici": [{"id": 1, "codice": "01.01", "nome": "Nuovo"}, {"id": 2, "codice": "01.02", "nome": "Tempi certi"},
                                {"id": 3, "codice": "01.03", "nome": "Sportello"}],
       "schede": CARDS}
MOVED = "i riferimenti per id negli altri file dell'anno (bilancio/, relazione/) vanno controllati"


def old(*objectives, **top):
    return {"anno": 2026, "stato": "rendicontato", "direzione_predefinita": "decrescente", "obiettivi_strategici": list(objectives), **top}


@pytest.mark.parametrize("before, results, said", [
    # the codes shifted (a new objective first): told by the name, not by the code or the id; each new id said
    (old({"id": 1, "codice": "01.01", "nome": "Tempi certi", "risultati": ["a"]}, {"id": 2, "codice": "01.02", "nome": "Sportello", "risultati": ["b"]}),
     {2: ["a"], 3: ["b"]},
     [f'obiettivo strategico "Tempi certi" (id 2): era l\'id 1: {MOVED}', f'obiettivo strategico "Sportello" (id 3): era l\'id 2: {MOVED}']),
    # case, accents and spaces do not make another name
    (old({"id": 2, "nome": "TEMPI  certi", "risultati": ["a"]}, {"id": 3, "nome": "Sportèllo", "risultati": ["b"]}), {2: ["a"], 3: ["b"]}, []),
    # the same code, another name: said
    (old({"id": 1, "codice": "01.01", "nome": "Vecchio", "risultati": ["a"]}), {1: ["a"]},
     ['obiettivo strategico "Nuovo" (id 1): stesso codice di "Vecchio": restano risultati (se non è lo stesso, correggerli o toglierli)']),
    # the same id, no code, another name: said
    (old({"id": 3, "nome": "Sportello fisico", "risultati": ["b"]}), {3: ["b"]},
     ['obiettivo strategico "Sportello" (id 3): stesso id di "Sportello fisico": restano risultati (se non è lo stesso, correggerli o toglierli)']),
    # the same id, no name at all
    (old({"id": 3, "risultati": ["b"]}), {3: ["b"]},
     ['obiettivo strategico "Sportello" (id 3): stesso id di una voce senza nome: restano risultati (se non è lo stesso, correggerli o toglierli)']),
    # gone: named, with what goes
    (old({"id": 9, "codice": "09.09", "nome": "Chiuso", "risultati": ["x"], "tabelle": [{"titolo": "t"}]}), {},
     ['obiettivo strategico "Chiuso" (id 9): il foglio non l\'ha più: si perdono risultati, tabelle']),
    # two old objectives of the same name: neither is guessed
    (old({"id": 5, "nome": "Tempi certi", "risultati": ["a"]}, {"id": 6, "nome": "Tempi certi", "risultati": ["b"]}), {},
     ['obiettivo strategico "Tempi certi" (id 5): il foglio non l\'ha più: si perdono risultati',
      'obiettivo strategico "Tempi certi" (id 6): il foglio non l\'ha più: si perdono risultati']),
    # an id another old objective claims by its name is not given to the one that had it
    (old({"id": 2, "nome": "Chiuso", "risultati": ["x"]}, {"id": 7, "nome": "Tempi certi", "risultati": ["a"]}), {2: ["a"]},
     [f'obiettivo strategico "Tempi certi" (id 2): era l\'id 7: {MOVED}',
      'obiettivo strategico "Chiuso" (id 2): il foglio non l\'ha più: si perdono risultati']),
])
def test_objectives_are_told_by_name_then_code_then_id(before, results, said):
    doc, lines = carry_over(before, NEW)
    assert {o["id"]: o["risultati"] for o in doc["obiettivi_strategici"] if "risultati" in o} == results
    assert sorted(line for line in lines if not line.startswith("restano")) == sorted(said)


def test_the_workbook_wins_on_what_it_writes_the_rest_stays():
    before = old({"id": 2, "codice": "X", "nome": "Tempi certi", "area_strategica": 4, "nome_mappa": "Tempi"},
                 vision="V", documento="Relazione 2026 (rev. 2)", soglie={"raggiunto": 90})
    doc, lines = carry_over(before, NEW | {"aree_strategiche": [{"id": 1, "nome": "Imprese"}]})
    assert doc["direzione_predefinita"] == "crescente"  # the new CSVs are written for it
    assert doc["documento"] == "Relazione 2026 (rev. 2)" and doc["vision"] == "V" and doc["soglie"] == {"raggiunto": 90}
    # the code and the area are the workbook's (a tree with areas), even where it has none; the map name is the editor's
    assert doc["obiettivi_strategici"][1] == {"id": 2, "codice": "01.02", "nome": "Tempi certi", "nome_mappa": "Tempi"}
    assert list(doc)[:5] == list(NEW)[:5]
    assert lines == ["restano, scritti a mano accanto ai dati del foglio: vision, soglie, obiettivi_strategici: nome_mappa"]


def test_a_tree_without_areas_keeps_the_areas_written_by_hand():
    before = old({"id": 2, "nome": "Tempi certi", "area_strategica": 1}, aree_strategiche=[{"id": 1, "nome": "Imprese"}])
    doc, _ = carry_over(before, NEW)
    assert doc["aree_strategiche"] == [{"id": 1, "nome": "Imprese"}] and doc["obiettivi_strategici"][1]["area_strategica"] == 1


def test_a_plan_replacing_a_report_keeps_none_of_its_scores_and_says_so():
    before = old({"id": 2, "nome": "Tempi certi", "valutazione_pubblicata": 100, "risultati": ["a"]}, documento="Relazione sulla Performance 2026",
                 schede=[{"id": "eq-st", "valutazioni_pubblicate": {2: 100}, "titolare": "Rossi"}])
    doc, lines = carry_over(before, NEW | {"stato": "pianificato", "documento": "Piano della Performance 2026"}, generated={"eq-st"})
    assert doc["documento"] == "Piano della Performance 2026" and "valutazione_pubblicata" not in doc["obiettivi_strategici"][1]
    assert doc["schede"][1] == CARDS[1] | {"titolare": "Rossi"}
    assert lines[1:] == [
        'documento: "Relazione sulla Performance 2026" diventa "Piano della Performance 2026" (lo stato passa a pianificato)',
        'obiettivo strategico "Tempi certi" (id 2): si perdono valutazione_pubblicata (un anno pianificato non ha valutazioni pubblicate)',
        'scheda "Obiettivi individuali EQ_ST" (id eq-st): si perdono valutazioni_pubblicate (un anno pianificato non ha valutazioni pubblicate)',
    ]


def test_a_scorecards_published_scores_follow_their_objectives_new_ids():
    before = old({"id": 1, "codice": "01.01", "nome": "Chiuso"}, {"id": 2, "codice": "01.02", "nome": "Tempi certi"},
                 {"id": 3, "codice": "01.03", "nome": "Sportello"}, schede=[{"id": "eq-st", "valutazioni_pubblicate": {1: 40, 2: 100, 3: 80}}])
    new = NEW | {"obiettivi_strategici": [{"id": 1, "codice": "01.01", "nome": "Tempi certi"}, {"id": 2, "codice": "01.02", "nome": "Sportello"}]}
    doc, lines = carry_over(before, new)
    assert doc["schede"][1]["valutazioni_pubblicate"] == {1: 100, 2: 80}
    assert ('scheda "Obiettivi individuali EQ_ST" (id eq-st): si perdono valutazioni_pubblicate di obiettivi che il foglio '
            "non ha più (id 1)") in lines


@pytest.mark.parametrize("generated, card", [
    ({"eq-st"}, CARDS[1] | {"nome": "Ufficio Studi", "titolare": "Rossi"}),  # named by the import: the editor's name and holder stay
    (set(), CARDS[1]),  # given by the Schede sheet: a holder cleared there stays cleared
])
def test_a_scorecard_keeps_what_the_workbook_does_not_say(generated, card):
    before = old(schede=[{"id": "eq-st", "tipo": "unita", "nome": "Ufficio Studi", "titolare": "Rossi", "file": "x.csv"}])
    doc, _ = carry_over(before, NEW, generated=generated)
    assert doc["schede"][1] == (card | {"tipo": "unita"} if generated else card)
    # the Cruscotto di Ente stays an ente card whatever the old file said of it
    assert carry_over(old(schede=[{"id": "ente", "tipo": "unita"}]), NEW, generated={"ente"})[0]["schede"][0]["tipo"] == "ente"


@pytest.mark.parametrize("section, value", [("obiettivi_strategici", 5), ("schede", True), ("obiettivi_strategici", {1: {"nome": "A"}})])
def test_a_section_that_is_not_a_list_is_said(section, value):
    doc, lines = carry_over(old(**{section: value}), NEW)
    assert doc[section] == NEW[section] and f"{section}: non è un elenco: non se ne porta nulla" in lines


HEADER = "obiettivo_strategico,indicatore,target,actual,direzione,nota,sal_pubblicato\n"


@pytest.mark.parametrize("before, after, said", [
    ({"indicatori/a.csv": HEADER + "1,x,1,2,,,\n"}, {"indicatori/a.csv": HEADER + "1,x,1,2,,,\n"}, []),
    ({"indicatori/a.csv": "\ufeff" + HEADER.replace(",", ";") + "1;X;1;2;decrescente;perché;50%\n\n1;gone;2;;;;\n",
      "indicatori/b.txt": "appunti", "indicatori/c.csv": HEADER + "1,y,1,3,,,\n2,z,1,,,,\n"},
     {"indicatori/a.csv": HEADER + "1,x,1,,,,\n2,new,1,,,,\n"},
     ["indicatori/a.csv: 1 riga tolta («gone»); nelle righe che restano si perdono actual (1), direzione (1), nota (1), sal_pubblicato (1)",
      "indicatori/b.txt: tolto", "indicatori/c.csv: tolto (righe: 2, valori rilevati: 1)"]),
    # lost in one file, as many added in another: still said
    ({"indicatori/a.csv": HEADER + "1,x,1,2,,,\n", "indicatori/d.csv": HEADER + "1,w,1,,,,\n"},
     {"indicatori/a.csv": HEADER + "1,x,1,,,,\n", "indicatori/d.csv": HEADER + "1,w,1,5,,,\n"},
     ["indicatori/a.csv: nelle righe che restano si perdono actual (1)"]),
    # two rows of the same name are told apart by their order
    ({"indicatori/a.csv": HEADER + "1,x,1,2,,,\n1,x,1,3,,,\n"}, {"indicatori/a.csv": HEADER + "1,x,1,2,,,\n1,x,1,,,,\n"},
     ["indicatori/a.csv: nelle righe che restano si perdono actual (1)"]),
])
def test_indicator_losses_are_counted_file_by_file(before, after, said):
    assert indicator_losses(before, after) == said
