"""Listing answers: each deliberation's title, session, number, vote and answering sentence."""

from dataclasses import replace

from assistant.engine.core import Assistant, is_listing, quoted
from assistant.engine.extractive import Sentence, candidates
from assistant.engine.listing import UNKNOWN_OBJECT, best_sentences, listed_item
from eval.faithfulness import faithfulness
from eval.runner import cited_texts
from index.models import Citation
from tests.test_assistant import assistant, sample_settings, texts_of  # noqa: F401  (fixtures)

DECISION = "Le conseil décide d'adhérer au club pour un montant annuel de 732 € TTC."


def citation(object_: str | None, number: str | None, vote: str | None) -> Citation:
    return Citation(n=3, deliberation_id="d", source="/data/in/dijon-2019.pdf",
                    collectivity="Ville de Dijon", body=None, session_date="2019-01-28",
                    session_label="séance du 28 janvier 2019", object=object_,
                    delib_number=number, vote_result=vote, page=2, quote=DECISION)


def sentence(text: str, typed: bool = False) -> Sentence:
    """``text`` as the reader hands it over: one unit, its features (roles included) read."""
    (unit,) = candidates("Adhésion au club", [("d", text)], "other")
    return replace(unit, typed=typed)


def test_a_list_asked_for_is_a_listing_a_list_named_after_a_preposition_is_not() -> None:
    assert is_listing("Liste des tirages au sort des jurés d'assises faits à Chéméré.")
    assert is_listing("Donne-moi la liste des subventions votées en 2022")
    assert is_listing("Quelles délibérations concernent le centre aquatique ?")
    assert not is_listing("Qui a été tiré au sort pour la liste des jurés d'assises de 2011 ?")
    assert not is_listing("Combien d'électeurs sont inscrits sur la liste des électeurs ?")
    assert not is_listing("Qui a été ajouté a la liste des jurés ?")  # accent left out
    assert not is_listing("Qui figure  sur   cette liste des lauréats ?")
    assert not is_listing("Qui est en tête de liste des élus ?")
    assert is_listing("Quelle est la liste des délibérations sur l'eau ?")
    assert is_listing("Il y a une liste des délibérations de 2022 ?")
    assert is_listing("Retrouve toutes les délibérations qui ont fixé les tarifs communaux.")
    assert is_listing("Tous les marchés de voirie passés par Corte")
    assert is_listing("Chéméré : toutes les délibérations sur le cimetière")
    assert is_listing("Donne-moi toutes les subventions votées en 2022")
    for inside in ("Le maire est-il autorisé à signer tous les actes de la vente ?",
                   "Quel est le montant total de toutes les subventions versées en 2022 ?",
                   "Quel seuil s'applique à tous les marchés de travaux à Corte ?",
                   "Qui prend toutes les décisions en l'absence du maire ?",
                   "Est-ce que toutes les délibérations du 12 mars ont été adoptées ?"):
        assert not is_listing(inside), inside  # « tou(te)s les » inside the question


def test_an_item_gives_title_session_number_vote_then_the_excerpt_and_its_marker() -> None:
    item = listed_item(citation("Adhésion au CLIC", "2019-12", "unanimité"), DECISION)
    assert item == ("« Adhésion au CLIC » (Ville de Dijon, séance du 28 janvier 2019, "
                    f"n° 2019-12, vote : unanimité) : « {DECISION} » [3]")
    bare = listed_item(citation("Adhésion au CLIC", None, None), None)
    assert bare == "« Adhésion au CLIC » (Ville de Dijon, séance du 28 janvier 2019) [3]"


def test_a_title_the_parser_missed_is_said_unknown_not_replaced_by_a_sentence() -> None:
    item = listed_item(citation(None, None, None), DECISION)
    assert item.startswith(f"{UNKNOWN_OBJECT} (Ville de Dijon, séance du 28 janvier 2019) : «")
    assert item.count("«") == 1  # the excerpt is the only quote


def test_the_excerpt_skips_the_title_the_preamble_and_stamps() -> None:
    ranked = [sentence("Adhésion au CLIC"),
              sentence("Présents : M. Rebsamen, Mme Martin, M. Bordat."),
              sentence("Accusé de réception en préfecture le 4 février 2019."),
              sentence(DECISION, typed=True)]
    chosen = best_sentences(ranked, "other", {"d": "ADHÉSION AU CLIC"})
    assert chosen["d"].text == DECISION
    assert best_sentences(ranked[:3], "other", {"d": "Adhésion au CLIC"}) == {}


def test_a_typed_listing_quotes_a_sentence_that_holds_the_kind_asked() -> None:
    ranked = [sentence("Le club réunit les services culturels des villes."),
              sentence(DECISION, typed=True)]
    assert best_sentences(ranked, "amount", {})["d"].text == DECISION


def test_a_listing_on_the_sample_cites_each_deliberation_faithfully(
        assistant: Assistant) -> None:  # noqa: F811
    answer = assistant.ask("Quelles délibérations portent sur le Club Innovation et Culture ?")
    assert not answer.refused and answer.text.startswith("Délibérations trouvées : ")
    assert len(answer.citations) == 2
    assert [c.session_date for c in answer.citations] == sorted(
        c.session_date or "" for c in answer.citations)  # oldest first
    texts = texts_of(assistant)
    for c in answer.citations:
        assert c.quote in texts[c.deliberation_id] and c.page is not None
        assert f"{quoted(c.quote)} [{c.n}]" in answer.text
        assert c.session_label in answer.text
    assert "n° 22-B-0183, vote : unanimité" in answer.text
    assert faithfulness(answer.text, cited_texts(answer.citations)) == 1.0


def test_a_listing_worded_with_a_verb_of_subject_lists_the_clic_deliberations(
        assistant: Assistant) -> None:  # noqa: F811
    for question in ("Quelles délibérations parlent du CLIC ?",
                     "Quelles délibérations évoquent le CLIC ?"):
        answer = assistant.ask(question)
        assert not answer.refused, question  # « parlent » is how it is asked, not what about
        assert any("CLIC" in (c.object or "").upper() or "CLIC" in c.quote.upper()
                   for c in answer.citations)
