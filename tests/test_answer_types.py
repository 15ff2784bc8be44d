"""The kind of answer a question asks for, and whether a sentence holds one."""

from assistant.engine.extractive import answer_type, asking_phrase, has_evidence, subject_terms
from assistant.engine.spans import answer_span
from index.analysis import analyze


def test_a_question_for_a_firm_asks_for_a_company() -> None:
    assert answer_type("Quelle entreprise a obtenu le marché de la voirie ?") == "company"
    assert answer_type("Quel aménageur Lannion a-t-elle finalement choisi ?") == "company"
    assert answer_type("Quel bureau d'études a réalisé l'étude de faisabilité ?") == "company"
    # the asking phrase speaks first: a figure asked after the firm does not change it
    assert answer_type("Quel cabinet assiste la commune, et pour quel montant ?") == "company"


def test_the_asking_phrase_names_the_kind_before_the_rest_of_the_question() -> None:
    assert answer_type("Combien coûte le projet dont Corte a adopté le plan de "
                       "financement ?") == "amount"
    assert answer_type("Quel adjoint est chargé des finances à Lannion ?") == "name"
    assert answer_type("Quels élus composent la commission des finances ?") == "name"
    # the phrase starts at the interrogative word and stops at the end of its clause
    assert asking_phrase("À Chéméré, qui paie le déjeuner des écoliers ?") \
        == "qui paie le déjeuner des"
    assert asking_phrase("Qui : le maire ou l'adjoint ?") == "Qui"
    # a relative "qui" asks nothing: the question is read whole, or from its next asking word
    assert asking_phrase("La MEL a-t-elle voté la délibération qui fixe la cotisation ?") is None
    assert asking_phrase("Ce qui a été décidé en 2020 coûte combien ?") == "combien"
    assert answer_type("Le marché, qui a été attribué en 2021, s'élève à combien ?") == "amount"
    assert asking_phrase("Adopté ou rejeté ?") is None  # "ou", not "où"
    # in the phrase, the kind named first wins (« budget » comes after « quelle date »)
    assert answer_type("À quelle date le budget a-t-il été adopté ?") == "date"
    assert answer_type("En quelle année le budget a-t-il été voté ?") == "date"
    # "euro" inside a name is no amount
    assert answer_type("La Métropole Européenne de Lille a-t-elle adhéré au CLIC ?") == "other"
    assert answer_type("La MEL a-t-elle voté la délibération qui fixe la cotisation ?") == "vote"
    # an asking phrase that names no kind leaves the question read whole
    assert answer_type("Comment le conseil communautaire de Lannemezan a-t-il voté "
                       "le budget ?") == "vote"
    assert answer_type("Pourquoi a-t-il fallu délibérer, et pour quel montant ?") == "amount"


def test_a_company_is_named_by_its_legal_form_its_kind_or_its_acronym() -> None:
    assert has_evidence("De retenir l'offre de la société CT CAM pour 5 518,38 € HT.", "company")
    assert has_evidence("La SAS Kerwatt installera une centrale photovoltaïque.", "company")
    assert has_evidence("Contrat de prestation de services avec la SACPA pour la capture.",
                        "company")
    assert has_evidence("Le groupement « Versini Architectes Associés » est désigné lauréat.",
                        "company")
    assert not has_evidence("Un lot consistera à remplacer par des LED les 968 lampes.",
                            "company")
    assert not has_evidence("Ce lot sera réalisé par un prestataire.", "company")
    assert not has_evidence("Sa délibération du 3 mars a été transmise à la commune.",
                            "company")
    # in a title printed in capitals, every word looks like an acronym
    assert not has_evidence("EAU POTABLE DESSERVIE PAR L’USINE DE SOLAURE - CHOIX DU "
                            "DELEGATAIRE", "company")
    assert not has_evidence("GARANTIE D'EMPRUNT ACCORDEE PAR L'ETAT", "company")


def test_a_question_for_a_length_of_time_asks_for_a_duration() -> None:
    assert answer_type("Au bout de combien d'années, sans financement, serait-il "
                       "amorti ?") == "duration"
    assert answer_type("Combien de temps à l'avance faut-il prévenir pour rompre "
                       "la convention ?") == "duration"
    assert answer_type("Pour quelle durée ce marché est-il conclu ?") == "duration"
    assert answer_type("Sous quel délai la mesure doit-elle être lancée ?") == "duration"
    assert answer_type("Quelle période couvre la loi de programmation des finances "
                       "publiques ?") == "duration"  # not an amount for « finances »
    # a count of days stays a count, and the kind named first in the phrase still wins
    assert answer_type("Combien de jours de fermeture le centre a-t-il connus ?") == "count"
    assert answer_type("Quel montant pour toute la durée du contrat ?") == "amount"
    # « durée » or « délai » asks a duration only when the question asks for it
    assert answer_type("Quel est le loyer annuel pendant la durée du bail ?") == "amount"
    assert answer_type("Quels délaissés de voirie la commune a-t-elle cédés ?") == "other"
    assert answer_type("Quelle est la période couverte par le plan ?") == "duration"


def test_a_duration_is_a_number_of_years_months_days_or_a_span_of_years() -> None:
    assert has_evidence("La convention peut être dénoncée avec un préavis de six mois.",
                        "duration")
    assert has_evidence("Le marché est conclu pour une durée de trois (3) ans.", "duration")
    assert has_evidence("Le plan pluriannuel d'investissement 2022-2026 est annexé.",
                        "duration")
    assert has_evidence("La mise à disposition court jusqu'au 31 décembre.", "duration")
    assert not has_evidence("La délibération a été adoptée le 3 mars 2022.", "duration")
    assert not has_evidence("La séance est ouverte à 20 h 30 par le maire.", "duration")
    assert not has_evidence("La séance est ouverte à vingt heures par le maire.", "duration")
    assert not has_evidence("Une aide jusqu'à 5 000 € par dossier.", "duration")
    assert not has_evidence("Vu la délibération n° 2023-2024 du conseil.", "duration")


def test_a_fee_a_surplus_or_a_pay_asks_for_an_amount() -> None:
    assert answer_type("Quelle redevance la ville applique-t-elle aux forains ?") == "amount"
    assert answer_type("Quel excédent de fonctionnement la commune affiche-t-elle ?") == "amount"
    assert answer_type("Pour quelle rémunération ?") == "amount"
    assert answer_type("Quel loyer la commune demande-t-elle pour le local ?") == "amount"
    assert answer_type("Qui perçoit la redevance ?") == "actor"  # the asking word speaks first
    # the word must be what is asked, not what the question is about
    assert answer_type("Quel bailleur perçoit le loyer ?") == "other"
    assert answer_type("Quel organisme gère la redevance ?") == "other"


def test_a_rate_or_a_share_asks_for_a_percentage_or_an_amount() -> None:
    assert answer_type("Quel est le taux de la taxe foncière en 2022 ?") == "share"
    assert answer_type("Et quelle proportion roulait trop vite ?") == "share"
    assert answer_type("Quelle part reste à la charge de la ville ?") == "share"
    assert answer_type("Quelle est la quote-part communale ?") == "share"
    assert answer_type("À combien s'élève le taux ?") == "share"  # not an amount only
    assert answer_type("Les sièges sont-ils répartis à la proportionnelle ?") == "other"
    assert answer_span(["43,74 % des enregistrements affichaient 51 km/h"], "share") \
        == (0, "43,74 %")
    assert answer_span(["soit 4 000 € TTC pour les frais d'agence"], "share") == (0, "4 000 € TTC")
    assert has_evidence("43,74 % des enregistrements dépassaient 50 km/h", "share")
    assert has_evidence("Ville de Lannion 223 500,00 €", "share")  # a part in euros
    assert not has_evidence("Le taux sera fixé par le conseil", "share")


def test_the_words_that_ask_are_not_the_subject() -> None:
    clic = set(analyze("CLIC"))
    for question in ("De quoi parle la délibération sur le CLIC ?",
                     "À quoi sert le CLIC ?", "Quelles délibérations parlent du CLIC ?"):
        assert subject_terms(question) == clic, question
