"""What `import --replace` carries over from the performance.yaml it replaces, and what it says is lost (pure)."""

from __future__ import annotations

import pytest

from generator.replace import carry_over, indicator_losses

NEW = {"anno": 2026, "stato": "pianificato", "documento": "Piano della Performance 2026", "direzione_predefinita": "crescente",
       "obiettivi_strategici": [{"id": 1, "nome": "Tempi certi"}, {"id": 2, "nome": "Sportello"}],
       "schede": [{"id": "ente", "tipo": "ente", "nome": "Albero della Performance", "file": "indicatori/ente.csv"}]}


def old(*objectives, **top):
    return {"anno": 2026, "stato": "pianificato", "direzione_predefinita": "decrescente", "obiettivi_strategici": list(objectives), **top}


@pytest.mark.parametrize("before, results, said", [
    # the same id and name
    (old({"id": 1, "nome": "Tempi certi", "risultati": ["a"]}), {1: ["a"]}, []),
    # reordered: told by the name (case, accents and spaces do not matter), not by the id
    (old({"id": 2, "nome": "TEMPI  certi", "risultati": ["a"]}, {"id": 1, "nome": "Sportèllo", "risultati": ["b"]}),
     {1: ["a"], 2: ["b"]}, []),
    # renamed, without codes: told by its id alone, and said
    (old({"id": 2, "nome": "Sportello fisico", "risultati": ["b"]}), {2: ["b"]},
     ['obiettivi strategici: id 2: il nome cambia da "Sportello fisico" a "Sportello": restano i campi risultati '
      "(se non è lo stesso, correggerli o toglierli)"]),
    # an id another old objective claims by its name is not given to the one that had it
    (old({"id": 1, "nome": "Chiuso", "risultati": ["x"]}, {"id": 3, "nome": "Tempi certi", "risultati": ["a"]}), {1: ["a"]},
     ["obiettivi strategici che il foglio non ha più (1): si perdono i campi risultati (1)"]),
    # the same code, another name
    (old({"id": 7, "codice": "OS.1", "nome": "Vecchio", "risultati": ["a"]}), {}, 
     ["obiettivi strategici che il foglio non ha più (1): si perdono i campi risultati (1)"]),
])
def test_objectives_are_told_by_name_then_by_id(before, results, said):
    doc, lines = carry_over(before, NEW)
    assert {o["id"]: o["risultati"] for o in doc["obiettivi_strategici"] if "risultati" in o} == results
    assert [line for line in lines if not line.startswith("restano")] == said


def test_the_workbook_wins_on_what_it_writes_the_rest_stays():
    before = old({"id": 1, "nome": "Tempi certi", "area_strategica": 4}, vision="V", documento="Piano 2026 (rev. 2)", soglie={"raggiunto": 90})
    doc, lines = carry_over(before, NEW)
    assert doc["direzione_predefinita"] == "crescente"  # the new CSVs are written for it
    assert doc["documento"] == "Piano 2026 (rev. 2)" and doc["vision"] == "V" and doc["soglie"] == {"raggiunto": 90}
    assert doc["obiettivi_strategici"][0] == {"id": 1, "nome": "Tempi certi", "area_strategica": 4}
    assert list(doc)[:5] == list(NEW)[:5]
    assert lines == ["restano, scritti a mano accanto ai dati del foglio: vision, soglie, obiettivi strategici: area_strategica"]
    # a report replaced by a plan does not keep the report's name
    assert carry_over({**before, "stato": "rendicontato"}, NEW)[0]["documento"] == "Piano della Performance 2026"


def test_a_scorecard_keeps_its_name_where_the_import_made_one_up():
    before = old(schede=[{"id": "ente", "tipo": "ente", "nome": "Cruscotto di Ente", "titolare": "Segretario", "file": "x.csv"}])
    assert carry_over(before, NEW, generated={"ente"})[0]["schede"][0] == {
        "id": "ente", "tipo": "ente", "nome": "Cruscotto di Ente", "file": "indicatori/ente.csv", "titolare": "Segretario"}
    assert carry_over(before, NEW)[0]["schede"][0]["nome"] == "Albero della Performance"  # named by the Schede sheet


HEADER = "obiettivo_strategico,indicatore,target,actual,nota,sal_pubblicato\n"


@pytest.mark.parametrize("before, after, said", [
    ({"indicatori/a.csv": HEADER + "1,x,1,2,,\n"}, {"indicatori/a.csv": HEADER + "1,x,1,2,,\n"}, []),
    ({"indicatori/a.csv": "\ufeff" + HEADER.replace(",", ";") + "1;x;1;2;perché;50%\n\n", "indicatori/b.txt": "appunti"},
     {"indicatori/a.csv": HEADER + "1,x,1,,,\n"},
     ["tolti indicatori/b.txt",
      "rispetto a prima, nei file degli indicatori mancano 1 valore rilevato, 1 nota, 1 SAL (prima 1 riga con 1 valore "
      "rilevato; ora 1 riga con 0)"]),
])
def test_indicator_losses_are_counted(before, after, said):
    assert indicator_losses(before, after) == said
