"""What a count question counts, whether a quote counts it, and the answer marked when not."""

import pytest

from assistant.engine.core import _DOUBTFUL, _doubts
from assistant.engine.counting import counted_noun, counts
from assistant.engine.extractive import Sentence
from index.analysis import analyze


@pytest.mark.parametrize(("question", "noun"), [
    ("Combien de nids de frelons la commune a-t-elle fait détruire ?", "nids"),
    ("Avec combien de voix le maire a-t-il été élu ?", "voix"),
    ("Combien d'adjoints au maire le conseil a-t-il fixés ?", "adjoints"),
    ("Quel est le nombre de places du parking ?", "places"),
    ("Pour combien de logements ?", "logements"),
])
def test_the_counted_noun_is_the_word_after_combien_de(question: str, noun: str) -> None:
    assert counted_noun(question) == (noun, analyze(noun)[0])


@pytest.mark.parametrize("question", [
    "Combien coûte l'adhésion au CLIC ?",
    "Qui a rapporté la délibération ?",
    "Combien en a-t-elle acheté ?",
])
def test_questions_counting_no_named_thing_have_no_noun(question: str) -> None:
    assert counted_noun(question) is None


@pytest.mark.parametrize(("quote", "noun"), [
    ("L'éclairage public comporte environ 1 200 points lumineux.", "points"),
    ("Vu les délibérations des dix-huit Communes membres du Pays", "communes"),
    ("Le PETR est composé de 4 structures intercommunales, 68 communes", "communes"),
    ("Adopte le compte administratif avec 24 Voix Pour", "voix"),
    ("Nombre de logements : 114", "logements"),
    ("Le centre a fermé ses portes cent trente-huit jours", "jours"),
])
def test_a_quantity_beside_the_noun_counts_it(quote: str, noun: str) -> None:
    assert counts(quote, analyze(noun)[0])


@pytest.mark.parametrize(("quote", "noun"), [
    ("Un deuxième lot remplacera par des LED les 968 lampes d'éclairage public.", "nids"),
    ("Les pigeons nuisent à la propreté des rues du centre.", "pigeons"),  # no quantity
    ("Le marché compte près de 200 étals ; le parking de la gare sera agrandi.", "places"),
])
def test_a_quantity_of_something_else_does_not_count_it(quote: str, noun: str) -> None:
    assert not counts(quote, analyze(noun)[0])


def _quote(text: str) -> Sentence:
    return Sentence("d1", text, 0, 0)


def test_a_count_answered_by_a_quote_counting_something_else_is_marked_uncertain() -> None:
    question = "Combien de nids de frelons la commune a-t-elle fait détruire ?"
    lamps = [_quote("Un deuxième lot remplacera les 968 lampes d'éclairage public.")]
    notices = _doubts("count", question, lamps, doubtful=False)
    assert len(notices) == 1 and notices[0].startswith("Réponse incertaine")
    assert "« nids »" in notices[0]
    nests = [_quote("En 2023, 42 nids de frelons asiatiques ont été détruits.")]
    assert _doubts("count", question, lamps + nests, doubtful=False) == ()
    assert _doubts("amount", "Combien coûte le lot ?", lamps, doubtful=False) == ()
    assert _doubts("count", question, nests, doubtful=True) == (_DOUBTFUL,)  # the model doubts
