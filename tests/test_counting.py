"""What a count question counts, whether a quote counts it, and the answer marked when not."""

from dataclasses import replace

import pytest

from assistant.engine.core import _DOUBTFUL, _doubts, _recounted
from assistant.engine.counting import counted_noun, counts, lists, uncounted_notice
from assistant.engine.extractive import Sentence
from index.analysis import analyze
from index.models import Citation


@pytest.mark.parametrize(("question", "noun"), [
    ("Combien de nids de frelons la commune a-t-elle fait détruire ?", "nids"),
    ("Avec combien de voix le maire a-t-il été élu ?", "voix"),
    ("Combien d'adjoints au maire le conseil a-t-il fixés ?", "adjoints"),
    ("Quel est le nombre de places du parking ?", "places"),
    ("Pour combien de logements ?", "logements"),
])
def test_the_counted_noun_is_the_word_after_combien_de(question: str, noun: str) -> None:
    assert counted_noun(question) == (noun, frozenset(analyze(noun)[:1]))


def test_an_adjective_before_the_noun_is_read_with_the_noun() -> None:
    label, nouns = counted_noun("Combien de nouveaux logements sont prévus ?") or ("", None)
    assert label == "nouveaux logements" and nouns is not None
    assert counts("Le programme comprend 40 logements neufs.", nouns)
    assert counted_noun("Combien de nouvelles places en crèche ?") == (
        "nouvelles places", frozenset(analyze("places")))
    assert not counts("La création de 3 nouveaux équipements sportifs.", nouns)
    grand = counted_noun("Combien de grandes entreprises sont aidées ?")
    assert grand is not None and not counts("Le Grand Lyon compte 59 communes.", grand[1])
    youth = counted_noun("Combien de jeunes bénéficient du dispositif ?")
    assert youth is not None and youth[0] == "jeunes"  # « jeunes » is the noun here
    assert counts("En 2023, 120 jeunes ont bénéficié du dispositif.", youth[1])


@pytest.mark.parametrize("question", [
    "Combien coûte l'adhésion au CLIC ?",
    "Qui a rapporté la délibération ?",
    "Combien en a-t-elle acheté ?",
    "Combien de l'enveloppe de 50 000 € a été consommé ?",  # a part of one thing
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
    assert counts(quote, frozenset(analyze(noun)))


@pytest.mark.parametrize(("quote", "noun"), [
    ("Un deuxième lot remplacera par des LED les 968 lampes d'éclairage public.", "nids"),
    ("Les pigeons nuisent à la propreté des rues du centre.", "pigeons"),  # no quantity
    ("Le marché compte près de 200 étals ; le parking de la gare sera agrandi.", "places"),
])
def test_a_quantity_of_something_else_does_not_count_it(quote: str, noun: str) -> None:
    assert not counts(quote, frozenset(analyze(noun)))


@pytest.mark.parametrize("quote", [
    "En 2023 les nids de frelons ont proliféré.",
    "Délibération n° 2023-045 : destruction des nids de frelons",
    "Page 3 destruction des nids de frelons",
    "Le 12 mars, les nids de frelons ont été signalés.",
    "Le 12/03/2023 nids de frelons signalés.",
])
def test_a_year_a_date_or_a_number_counts_nothing(quote: str) -> None:
    assert not counts(quote, frozenset(analyze("nids")))


@pytest.mark.parametrize(("quote", "noun"), [
    ("Entre 12-15 jeunes accueillis chaque été.", "jeunes"),
    ("La résidence compte 2000 logements neufs.", "logements"),
])
def test_a_range_or_a_figure_like_a_year_still_counts(quote: str, noun: str) -> None:
    assert counts(quote, frozenset(analyze(noun)))


@pytest.mark.parametrize(("quote", "listed"), [
    ("Membres absents : M. LOVICHI - M. HOUPERT", True),
    ("Absent(e)s excusé(e)s : Mesdames et Messieurs Diarra, Martin", True),
    ("Absents excusés ayant donné pouvoir : Mme X a donné pouvoir à M. Y", True),
    ("Pouvoir : De Julie FRANCESCAT à Catherine GENTILHOMME", True),
    ("Étaient présents : M. A, Mme B", True),
    ("Absente(s) : Mme Z", True),
    ("Le Maire présente : le budget primitif", False),
    ("Délégation de pouvoir : article L2122-22", False),
    ("Adopté à l'unanimité, présents : 25", False),  # a vote before the colon
    ("Le conseil, pouvoir adjudicateur, attribue le marché.", False),
])
def test_a_line_opening_a_list_of_who_was_there(quote: str, listed: bool) -> None:
    assert lists(quote) is listed


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
    absents = [replace(_quote("Membres absents : M. LOVICHI - M. HOUPERT"), cued=True)]
    assert _doubts("count", "Combien de membres étaient absents ?", absents, False) == ()
    for vote in ("Le conseil, après en avoir délibéré, ADOPTE la charte à la majorité.",
                 "Le conseil ADOPTE la présente délibération à la majorité.",
                 "Le conseil, pouvoir adjudicateur, ADOPTE le présent rapport."):
        adopted = [replace(_quote(vote), cued=True)]  # a vote line: it lists nobody
        assert _doubts("count", "Combien de communes ont adopté la charte ?", adopted,
                       False) == (uncounted_notice("communes"),)
    assert _doubts("count", question, nests, doubtful=True) == (_DOUBTFUL,)  # the model doubts


def test_an_llm_citation_that_counts_it_lifts_the_mark() -> None:
    question = "Combien de nids de frelons la commune a-t-elle fait détruire ?"
    marked = (uncounted_notice("nids"),)
    nests = Citation(n=1, deliberation_id="d1", source="a.txt", collectivity="Mazères",
                     body=None, session_date="2023-05-02", session_label="séance du 2 mai 2023",
                     object="Frelons", delib_number=None, vote_result=None, page=1,
                     quote="En 2023, 42 nids de frelons asiatiques ont été détruits.")
    lamps = replace(nests, quote="Le lot remplacera les 968 lampes d'éclairage public.")
    assert _recounted(marked, question, [nests]) == ()
    assert _recounted(marked, question, [lamps]) == marked
