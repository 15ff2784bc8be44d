"""Filters read from questions: dates, ranges, a session, an authority, the last meeting."""

import pytest

from assistant.engine.evidence import missing, requirements
from assistant.engine.filters import Headings, authority_words, extract_filters, naming_terms
from index.models import Filters

NAMES = ["Ville de Dijon", "Métropole Européenne de Lille"]


@pytest.mark.parametrize(("question", "expected", "rest"), [
    ("Combien coûte l'adhésion au CLIC en 2019 ?",
     Filters(prefer_from="2019-01-01", prefer_to="2019-12-31"), "Combien coûte l'adhésion au CLIC ?"),
    ("Quelles conventions depuis 2016 à Dijon ?",
     Filters(collectivities=("Ville de Dijon",), prefer_from="2016-01-01"),
     "Quelles conventions à Dijon ?"),
    ("Qu'a voté la Métropole de Lille entre mars et juin 2013 ?",
     Filters(collectivities=("Métropole Européenne de Lille",), prefer_from="2013-03-01",
             prefer_to="2013-06-30"), "Qu'a voté la Métropole de Lille ?"),
    ("Qu'a-t-on décidé lors de la séance du 27 juin 2016 ?",
     Filters(date_from="2016-06-27", date_to="2016-06-27"), "Qu'a-t-on décidé ?"),
    ("Et au dernier conseil ?", Filters(last_session=True), "Et ?"),
    ("Subventions entre 2015 et 2017", Filters(prefer_from="2015-01-01", prefer_to="2017-12-31"),
     "Subventions"),
    ("Adhésions en février 2024", Filters(prefer_from="2024-02-01", prefer_to="2024-02-29"),
     "Adhésions"),
    ("Marchés publics jusqu'en 2018", Filters(prefer_to="2018-12-31"), "Marchés publics"),
    ("Jurés tirés au sort en avril 2013 pour les assises de 2014",  # the most precise wins
     Filters(prefer_from="2013-04-01", prefer_to="2013-04-30"),
     "Jurés tirés au sort pour les assises"),
    ("Combien coûte l'adhésion au CLIC ?", Filters(), "Combien coûte l'adhésion au CLIC ?"),
])
def test_filters_from_the_question(question: str, expected: Filters, rest: str) -> None:
    assert extract_filters(question, NAMES) == (expected, rest)


def test_an_authority_is_kept_only_when_its_distinctive_words_are_named() -> None:
    assert extract_filters("Et à Lille ?", NAMES)[0].collectivities == (
        "Métropole Européenne de Lille",)
    assert extract_filters("Et dans la métropole ?", NAMES)[0].collectivities == ()


def test_an_authority_named_by_its_acronym_is_recognised() -> None:
    from assistant.engine.filters import acronym

    assert acronym("Métropole Européenne de Lille") == "mel"
    assert acronym("Ville de Dijon") == ""
    assert extract_filters("La MEL a-t-elle voté à l'unanimité ?", NAMES)[0].collectivities == (
        "Métropole Européenne de Lille",)


def test_an_authority_is_recognised_from_a_word_derived_from_its_name() -> None:
    names = ["Niort Agglo", "Communauté d’Agglomération du Niortais", "Commune d’IBOS"]
    both = ("Niort Agglo", "Communauté d’Agglomération du Niortais")
    assert extract_filters("Combien de fiches actions à la CA du Niortais ?", names)[0] \
        .collectivities == both
    assert extract_filters("Quand Niort a-t-elle conclu cet accord ?", names)[0] \
        .collectivities == both
    assert extract_filters("Ibos prévoit-elle des travaux ?", names)[0].collectivities == (
        "Commune d’IBOS",)
    assert extract_filters("Quel budget pour les ibosiens ?", names)[0].collectivities == ()


def test_the_authority_asked_about_is_a_filter_not_a_name_the_answer_must_print() -> None:
    words = authority_words(["Commune de Preuilly sur Claise",
                             "Communauté de communes du Pays des Paillons"]).split()
    asked = requirements("Quel tarif la CC du Pays des Paillons et Preuilly-sur-Claise "
                         "ont-elles fixé avec Dijon-Volgograd pour 2023 ?", words)
    assert asked.names == ("Dijon-Volgograd",)  # kinds of authority and their names are filters
    assert asked.figures == ("2023",)
    assert requirements("Quel tarif à Preuilly-sur-Claise ?").names == ("Preuilly-sur-Claise",)


def test_the_words_naming_a_filtered_authority_are_those_the_question_names_it_by() -> None:
    """BM25 does not search them; a word the question also uses for its subject stays, and
    an authority the question does not name (picked in the filters) sets nothing aside."""
    syndicate = ["Syndicat des eaux du Val de Saône"]
    assert naming_terms("Quel est le prix de l'eau au Syndicat des eaux du Val de Saône ?",
                        syndicate) == {"syndicat", "val", "saon"}
    assert naming_terms("Quel est le prix de l'eau ?", syndicate) == frozenset()
    related = [*syndicate, "Régie des eaux du Val de Saône", "SYNDICAT DES EAUX DU VAL DE SAONE"]
    assert naming_terms("Quel est le prix de l'eau au Syndicat des eaux du Val de Saône ?",
                        related * 2) == {"syndicat", "val", "saon"}  # « eau » stays asked
    assert naming_terms("Et à Lille ?", NAMES) == {"lill"}
    assert naming_terms("La MEL a-t-elle voté à l'unanimité ?", NAMES) == {"mel"}


def test_a_compound_name_is_found_written_with_spaces_or_in_capitals() -> None:
    asked = requirements("Quel montant pour le parc de Saint-Étienne ?")
    assert asked.names == ("Saint-Étienne",)
    assert missing(asked, "Le parc de SAINT ETIENNE coûte 5 €.") == []
    assert missing(asked, "Le parc de Saint Étienne coûte 5 €.") == []
    assert missing(asked, "Le parc de la Saint-Étiennette.") == ["Saint-Étienne"]
    assert missing(asked, "Le parc Saint-Jean coûte 5 €.") == ["Saint-Étienne"]
    bridge = requirements("Combien coûte la rénovation du Pont-Neuf ?")
    assert missing(bridge, "La construction d'un pont neuf coûte 5 €.") == ["Pont-Neuf"]
    heart = requirements("Quel budget pour Cœur-de-Ville ?")
    assert missing(heart, "Le programme Action Coeur de Ville.") == []
    assert missing(heart, "LE PROGRAMME ACTION CŒUR DE VILLE.") == []


def test_inhabitants_of_an_authority_and_tax_marks_are_not_names_to_print() -> None:
    words = authority_words(["Ville de Lannion", "Commune de Corte"]).split()
    assert requirements("Combien de Lannionnais sur cent ont voté en 2020 ?", words) == \
        requirements("Combien d'électeurs sur cent ont voté en 2020 ?", words)
    assert requirements("Quel est le coût total HT du projet de Corte ?", words).names == ()
    assert requirements("Quel prix pour Saint-Loup et Lannionville ?", words).names == (
        "Saint-Loup", "Lannionville")  # a place named after the town is still a name
    assert requirements("Combien de Lannionnais ?").names == ("Lannionnais",)  # not indexed
    assert requirements("Quel contrat avec l'Union Sportive Lannionnaise ?", words).names == (
        "Union", "Sportive", "Lannionnaise")  # after a capitalised word: a club, a firm
    assert requirements("Quel taux de TVA pour la cantine ?", words).names == ("TVA",)


def test_a_decade_is_not_a_figure_the_answer_must_print() -> None:
    assert requirements("Combien d'habitants au milieu des années 1970 ?").figures == ()
    assert requirements("Dans les années 80, combien ?").figures == ()
    assert requirements("Quel montant de 1970 euros en 2023 ?").figures == ("1970", "2023")
    assert requirements("Quel plan pour les années 2021-2026 ?").figures == ("2021-2026",)
    assert requirements("Quel budget pour les années 2019 et 2020 ?").figures == ("2019", "2020")
    assert requirements("Entre les années 1970 et 1980 ?").figures == ("1970", "1980")


def test_a_line_that_merely_names_an_indexed_authority_is_never_quoted() -> None:
    headings = Headings.of([*NAMES, "Commune de Chéméré", "Cachan",
                            "CA Lamballe Terre et Mer"])
    assert headings.names_only("Commune de CHEMERE")
    assert headings.names_only("VILLE DE DIJON") and headings.names_only("Dijon")
    assert headings.names_only("VILLE DE CACHAN")  # its legal form is not in the index
    assert headings.names_only("Mairie de Chéméré")
    assert not headings.names_only("Terre et Mer")  # a part of a name: it may be the subject
    assert not headings.names_only("la Métropole") and not headings.names_only("Commune")
    assert not headings.names_only("Pour la commune de Chéméré :")  # it announces a signature
    assert not headings.names_only("Ville de Lannion")  # not indexed: it may be the answer
    assert not headings.names_only("Ville de Dijon 250 000 € 50 %")
    assert not headings.names_only("La Ville de Dijon adhère au CLIC.")
    assert not headings.names_only("n° 2019-12") and not Headings.of([]).names_only("Dijon")
