"""A line that announces what follows (it ends on a colon) is quoted with what it announces."""

from contextlib import closing
from dataclasses import replace
from pathlib import Path

from assistant.engine.core import Assistant, _without_repeats
from assistant.engine.extractive import (
    _MAX_LIST,
    Sentence,
    announced,
    answer_units,
    quote_end,
)
from assistant.engine.filters import Headings
from eval.faithfulness import faithfulness
from index.settings import Settings
from tests.conftest import ingest
from tests.test_assistant import texts_of

ANNOUNCING = ("Monsieur le Maire propose d'augmenter de 3,00 % les taux d'imposition des trois "
              "taxes locales pour 2024 :")
RATES = (f"{ANNOUNCING}\n"
         "Taxe foncière sur les propriétés bâties 17,05 %\n"
         "Taxe foncière sur les propriétés non bâties 48,10 %\n"
         "Le conseil municipal adopte les taux proposés à l'unanimité.\n"
         "La séance est levée à 22 heures.\n")


def unit(text: str, first_words: str) -> Sentence:
    offset, sentence = next(u for u in answer_units(text) if u[1].startswith(first_words))
    return Sentence("d", sentence, offset, 0)


def test_the_announcing_line_takes_what_follows_up_to_the_first_full_sentence() -> None:
    quote = announced(unit(RATES, "Monsieur le Maire"), RATES).text
    assert quote == (f"{ANNOUNCING} Taxe foncière sur les propriétés bâties 17,05 % "
                     "Taxe foncière sur les propriétés non bâties 48,10 % "
                     "Le conseil municipal adopte les taux proposés à l'unanimité.")
    assert faithfulness(f"« {quote} » [1]", {1: RATES}) == 1.0


def test_a_line_that_announces_nothing_is_quoted_as_it_is() -> None:
    line = unit(RATES, "Le conseil municipal")
    assert announced(line, RATES) is line
    last = f"{ANNOUNCING}\n"  # nothing follows it: nothing to add
    assert announced(unit(last, "Monsieur"), last).text == ANNOUNCING


def test_what_is_announced_stops_before_the_quote_grows_too_long() -> None:
    rows = [f"Parcelle AB {n} cédée à la commune pour un euro symbolique" for n in range(40)]
    text = "\n".join([ANNOUNCING, *rows])
    quote = announced(unit(text, "Monsieur"), text).text
    taken = quote.count("Parcelle AB")
    assert quote == " ".join([ANNOUNCING, *rows[:taken]]) and 0 < taken < len(rows)
    assert len(quote) <= _MAX_LIST < len(quote) + 1 + len(rows[taken])


def test_short_lines_are_quoted_too_verbatim() -> None:
    text = ("Après en avoir délibéré, le conseil adopte le rapport par :\nPour : 25\n"
            "Contre : 2\n\nAbstentions : 3\nLa séance est levée.\n")
    quote = announced(unit(text, "Après"), text).text
    assert quote == ("Après en avoir délibéré, le conseil adopte le rapport par : Pour : 25 "
                     "Contre : 2 Abstentions : 3 La séance est levée.")
    assert faithfulness(f"« {quote} » [1]", {1: text}) == 1.0


def test_a_quote_another_one_of_its_deliberation_covers_is_not_quoted_twice() -> None:
    texts = {"d": RATES, "e": RATES}
    line = announced(unit(RATES, "Monsieur"), RATES)
    decision = unit(RATES, "Le conseil municipal")
    assert _without_repeats([line, decision], texts) == [line]
    assert _without_repeats([decision, line], texts) == [line]
    assert _without_repeats([decision, decision], texts) == [decision]  # the first of two
    elsewhere = replace(decision, deliberation_id="e")  # the same words in another deliberation
    assert _without_repeats([line, elsewhere], texts) == [line, elsewhere]
    last = unit(RATES, "La séance")
    assert _without_repeats([last, decision], texts) == [last, decision]


def test_a_quote_that_goes_on_past_another_is_joined_to_it() -> None:
    text = (f"{ANNOUNCING}\nLe taux de la taxe foncière bâtie est porté à 17,05 %.\n"
            "Cette hausse représente une recette de 250 000 € pour la commune.\n")
    line = announced(unit(text, "Monsieur"), text)
    longer = unit(text, "Le taux")  # with the sentence that leans on it
    assert "250 000 €" in longer.text and "250 000 €" not in line.text
    [joined] = _without_repeats([line, longer], {"d": text})  # one stretch, nothing twice
    assert joined.start == line.start and joined.text == " ".join(text.split())
    assert joined.text.count("17,05 %") == 1 and "250 000 €" in joined.text


def test_a_list_is_quoted_verbatim_with_its_short_lines_then_extended() -> None:
    text = ("Le conseil municipal arrête le budget primitif 2025 comme suit :\nChapitre\n"
            "- Recettes de la section de fonctionnement :\n1 200 000 €\n"
            "- Dépenses de la section de fonctionnement :\n1 100 000 €\n")
    listed = unit(text, "Le conseil")
    assert listed.text == ("Le conseil municipal arrête le budget primitif 2025 comme suit : "
                           "Chapitre - Recettes de la section de fonctionnement : 1 200 000 € "
                           "- Dépenses de la section de fonctionnement :")
    assert announced(listed, text).text == f"{listed.text} 1 100 000 €"
    assert faithfulness(f"« {announced(listed, text).text} » [1]", {1: text}) == 1.0


def test_a_list_stays_under_its_bound_whatever_short_lines_lie_before_its_items() -> None:
    cells = "".join(f"Grade {n}\n{n}\n" for n in range(150))  # a table, one cell a line
    text = f"{ANNOUNCING}\n{cells}- Total des postes ouverts au tableau : 150\n"
    units = [sentence for _, sentence in answer_units(text)]
    assert all(len(unit) <= _MAX_LIST for unit in units)
    assert units[-1] == "- Total des postes ouverts au tableau : 150"  # quoted on its own


def test_a_unit_that_is_not_one_stretch_of_the_text_is_not_extended() -> None:
    text = ("Le conseil municipal arrête le budget primitif 2025 comme suit :\nChapitre\n"
            "- Dépenses de la section de fonctionnement :\n1 100 000 €\n")
    gapped = Sentence("d", "Le conseil municipal arrête le budget primitif 2025 comme suit : "
                      "- Dépenses de la section de fonctionnement :", 0, 0)
    assert quote_end(gapped, text) is None and announced(gapped, text) is gapped


def test_the_assistant_quotes_the_table_a_line_announces(tmp_path: Path,
                                                         settings: Settings) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "taux.txt").write_text(
        "COMMUNE DE SAINT-OUEN-DES-PRÉS\nSéance du conseil municipal du 4 avril 2024\n"
        "OBJET : Vote des taux d'imposition 2024\n" + RATES, encoding="utf-8")
    ingest(settings, folder)
    with closing(Assistant(settings)) as helper:
        answer = helper.ask("Quels taux d'imposition des trois taxes locales pour 2024 ?")
        sources = {c.n: texts_of(helper)[c.deliberation_id] for c in answer.citations}
    assert not answer.refused and "17,05 %" in answer.text and "48,10 %" in answer.text
    assert faithfulness(answer.text, sources) == 1.0


def test_a_heading_that_names_the_authority_is_not_a_candidate(tmp_path: Path,
                                                                settings: Settings) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    heading = "COMMUNE DE SAINT-OUEN-DES-PRÉS"
    (folder / "taux.txt").write_text(
        f"{heading}\nSéance du conseil municipal du 4 avril 2024\n"
        f"OBJET : Vote des taux d'imposition 2024\n{RATES}{heading}\n", encoding="utf-8")
    ingest(settings, folder)
    with closing(Assistant(settings)) as helper:
        helper.readings = []
        helper.ask("Quels taux d'imposition à Saint-Ouen-des-Prés pour 2024 ?")
        names = helper.collectivities()
        pool = [s.text for reading in helper.readings for s in reading.pool]
    assert names == [heading]  # the authority as the parser reads it
    assert "Taxe foncière sur les propriétés bâties 17,05 %" in " ".join(pool)
    assert heading not in pool and not any(Headings.of(names).names_only(t) for t in pool)
