"""The exact words opening a typed answer: one span of the kind asked, verbatim, or none."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.engine.core import Assistant, quoted
from assistant.engine.spans import answer_span
from eval.faithfulness import faithfulness
from eval.runner import cited_texts
from index.settings import Settings
from tests.conftest import SAMPLE, ingest
from tests.test_assistant import assistant, sample_settings, texts_of  # noqa: F401  (fixtures)

CLIC_2019 = ("Cette adhésion, d'un montant annuel de 732 € TTC, permettrait à l'ensemble des "
             "services d'accéder aux ressources du club.")
CLIC_2022 = ("De rapporter la délibération n° 22-B-0146 du 18 mars 2022 portant adhésion au Club "
             "Innovation & Culture pour 655 € HT ; d'autoriser le paiement de la cotisation d'un "
             "montant de 675 € HT pour une durée de 12 mois.")

# Quotes no vote span may open: the span would leave out vote words that may change the
# result, or that may belong to another vote.
UNCLEAR_VOTES = (
    # counts cut short: by a […], a name, a full stop, a number written out, counts before
    # « pour »
    "25 voix pour, 3 contre […] et 2 abstentions", "par 13 voix pour, […] 15 voix contre",
    "Rejeté par 13 voix pour et dix-sept voix contre.",
    "Rejeté par 10 voix pour ; vingt voix « contre ».",
    "Rejeté par 10 voix pour (dont 2 pouvoirs) et 15 voix contre.",
    "Rejeté par 10 voix pour (M. Dupont) et 15 voix contre.",
    "Adopté par 18 voix pour, 2 contre (M. X, Mme Y) et 1 abstention.",
    "Vote : 10 voix pour. 15 voix contre. 2 abstentions.",
    "Rejeté par 15 voix contre et 10 voix pour.",
    "Résultat du vote : 2 abstentions, 15 voix contre, 10 voix pour.",
    # a total, blank votes, refusals, opponents
    "Rejeté : 10 voix pour sur 27 votants.", "Rejeté : 10 voix pour sur 27 suffrages exprimés.",
    "Rejeté : 10 voix pour sur 27 présents.", "Rejeté : 10 voix pour sur vingt-sept présents.",
    "Rejeté par 10 voix pour et 17 votes défavorables.",
    "Rejeté : 10 voix pour, 17 élus ayant voté non.",
    "Adopté par 25 voix pour, 3 élus ayant voté défavorablement.",
    "Adopté par 20 voix pour, 3 voix contre et 2 bulletins blancs.",
    "Élu par 20 voix pour, 3 blancs et 1 nul.", "Adopté par 25 voix pour et 2 refus de vote.",
    "Adopté par 25 voix pour, le groupe X ayant refusé de voter.",
    "Rejeté : 10 voix pour, les 17 autres conseillers s'y étant opposés.",
    # exceptions to unanimity; an abstention the words do not say
    "Adopté à l'unanimité moins une voix.", "Adopté à l'unanimité, moins une voix.",
    "Adopté à l'unanimité des membres présents moins un.",
    "Adopté à l'unanimité, sauf M. X qui vote contre.", "Adopté à l'unanimité, sauf Mme DUPONT.",
    "Adopté à l'unanimité, à l'exception de M. DUPONT.",
    "Adopté à l'unanimité, excepté M. DUPONT.", "Adopté à l'unanimité, hormis Mme DUPONT.",
    "Adopté à l'unanimité, à l'exclusion de M. DUPONT.",
    "A la majorité avec une abstention de M. José CARAMEZ",  # who abstained?
    # counts beside another result: maybe another vote's
    "Le compte administratif est adopté à l'unanimité, le budget supplémentaire par 20 voix "
    "pour et 3 contre.",
    "Adopte à l'unanimité avec 24 Voix Pour, par chapitre",
    "Le compte administratif est adopté à l'unanimité ; le budget par 20 voix pour et "
    "vingt-deux voix contre.",
    "Adopté à la majorité ; le budget par 20 voix pour et vingt-deux voix contre.",
    "Le compte administratif est adopté à l'unanimité ; le budget est rejeté par 15 voix "
    "contre et 2 abstentions.",
    # quotation marks the span would leave unpaired
    "Adopté (« 25 voix pour » et 3 « contre »).", 'Adopté par 25 voix pour " et 3 "contre".',
)


@pytest.mark.parametrize(("quotes", "kind", "span"), [
    ([CLIC_2019], "amount", "732 € TTC"),
    ([CLIC_2019, "Le montant de 732 € TTC est inscrit au budget."], "amount", "732 € TTC"),
    (["Président : M. REBSAMEN"], "name", "M. REBSAMEN"),
    (["Madame Trefina KERRAIN indique que la ville renonce à cette recette."], "name",
     "Madame Trefina KERRAIN"),
    (["RAPPORT ADOPTÉ À L'UNANIMITÉ"], "vote", "À L'UNANIMITÉ"),
    (["Adopté à l'unanimité des voix."], "vote", "à l'unanimité des voix"),
    (["Point n°10 Prolongation contrat Plurelya |A l'unanimité"], "vote", "A l'unanimité"),
    (["Le conseil adopte la délibération par 25 voix pour, 3 voix contre et 2 abstentions."],
     "vote", "25 voix pour, 3 voix contre et 2 abstentions"),
    # the counts of a vote also said in words: one vote, and its counts say more
    (["Par 13 voix « Pour » et 2 « Abstention », le Conseil municipal décide à la majorité "
      "des membres présents"], "vote", "13 voix « Pour » et 2 « Abstention »"),
    (["À la majorité avec 35 voix pour et 4 abstentions de M. Pascal CASTILLON"], "vote",
     "35 voix pour et 4 abstentions"),
    (["Rejeté par 10 voix pour, 15 voix contre et 2 abstentions."], "vote",
     "10 voix pour, 15 voix contre et 2 abstentions"),
    (["Rejeté par 10 voix pour ; 15 voix contre - 2 abstentions."], "vote",
     "10 voix pour ; 15 voix contre - 2 abstentions"),
    (["Adopté (« 25 voix pour »)."], "vote", "25 voix pour"),
    (["Mme X ne prenant pas part au vote, à la majorité, par 21 voix « Pour » et 5 "
      "« Abstentions »"], "vote", "21 voix « Pour » et 5 « Abstentions »"),
    (["Adopté à la majorité par 25 voix pour et 3 abstentions, la convention de rencontres "
      "sportives est signée."], "vote", "25 voix pour et 3 abstentions"),
    (["A la majorité avec 35 voix pour et quatre abstentions de M. CASTILLON"], "vote",
     "35 voix pour et quatre abstentions"),
    (["22-B-0183"], "number", "22-B-0183"),
    (["Acte 021-212102313-20171218-VD20171218-011-DE"], "number", "VD20171218-011"),
    (["La convention débutera le 1er janvier 2016."], "date", "1er janvier 2016"),
    (["MEMBRES PRÉSENTS : Mme PORTELLI Florence, Maire ; Mme FAIDHERBE Carole"], "mayor",
     "Mme PORTELLI Florence"),
    (["Le Maire, Philippe TAGOT"], "mayor", "Philippe TAGOT"),
    (["Le Maire, Jean-Pierre LE BRIS."], "mayor", "Jean-Pierre LE BRIS"),
    (["SOUS LA PRÉSIDENCE DE M. Jean DUPONT, MAIRE"], "mayor", "M. Jean DUPONT"),
    (["Le Maire, Jean DE LA FONTAINE"], "mayor", "Jean DE LA FONTAINE"),
    (["ÉTAIENT PRÉSENTS Mme PORTELLI Florence, Maire ;"], "mayor", "Mme PORTELLI Florence"),
    (["PRESENTS : M. LEROY ET Mme PORTELLI, Maire"], "mayor", "Mme PORTELLI"),
    (["Le Maire, M. DUPONT Transmis en préfecture le 25 juin 2022"], "mayor", "M. DUPONT"),
    (["M. MARTIN Paul, Maire, M. LEROY Jean, Maire adjoint"], "mayor", "M. MARTIN Paul"),
    (["Le Maire, Jean DE LA CHÂTRE"], "mayor", "Jean DE LA CHÂTRE"),
    (["sous la Présidence de Monsieur Thierry SUAUD, Maire en exercice, Présents"], "mayor",
     "Monsieur Thierry SUAUD"),
    (["Adopté à l'unanimité des conseillers présents. Pour extrait conforme, Le Maire, "
      "Philippe TAGOT"], "mayor", "Philippe TAGOT"),
    (["Mme Florence PORTELLI, Maire (ouverture de séance)"], "mayor", "Mme Florence PORTELLI"),
    (["M. Signoret Paul, Maire"], "mayor", "M. Signoret Paul"),
    (["Le Maire,\n\n\nPhilippe TAGOT"], "mayor", "Philippe TAGOT"),
    (["Mme Florence PORTELLI    , Maire"], "mayor", "Mme Florence PORTELLI"),
    (["Extrait certifié conforme et exécutoire : Le Maire, Denis FEGNE ESP"], "mayor",
     "Denis FEGNE"),
])
def test_the_one_span_of_the_kind_asked_is_read_verbatim(quotes: list[str], kind: str,
                                                         span: str) -> None:
    found = answer_span(quotes, kind)
    assert found is not None and found[1] == span and span in quotes[found[0]]


@pytest.mark.parametrize(("quotes", "kind"), [
    ([CLIC_2022], "amount"),  # 655 or 675 € HT: the quote says which, a span would guess
    ([CLIC_2019, "Une seconde tranche de 1 200 € est prévue."], "amount"),
    (["Président : M. REBSAMEN", "Secrétaire : Mme FERRIERE"], "name"),
    (["Monsieur le Maire présente le rapport."], "name"),
    (["Chaque adjoint rejoint Monsieur Le Maire et ceint l'écharpe."], "name"),
    # the mayor is the name beside « Maire », not another person the quote names
    (["Mme Irène MOLUN, médiatrice. Le Maire présente son rapport."], "mayor"),
    (["M. DUPONT Jean, Maire-adjoint ; M. BERNARD Paul, Maire honoraire"], "mayor"),
    (["M. LEROY Jean, MAIRE ADJOINT ; Mme ROUX, Maire Déléguée de Lisle"], "mayor"),
    # another town's mayor: « maire de X » is left to the quote, whichever town is asked
    (["représentée par M. Jean-Christophe POULET, Maire de Bessancourt"], "mayor"),
    (["M. DUPONT, maire de Saint-Jean ; Mme ROUX, maire de Lisle"], "mayor"),
    *[([line], "mayor") for line in (  # no name beside « Maire », or not the mayor's
        "CONSEIL MUNICIPAL DE TAVERNY, Maire", "Le Maire, Certifie EXÉCUTOIRE",
        "M. Jean POULET, Maire (Bessancourt)", "M. Jean DUPONT, Maire Adj.",
        "Le Maire, Vu LE CODE GÉNÉRAL", "Le Maire, Accusé DE RÉCEPTION",
        "M. DUPONT Président, Maire", "MUNICIPAL Séance, Maire",
        "L'Adjoint délégué, Le Maire, Paul ROUX Jean DUPONT",
        "M. Jean POULET, Maire     de Bessancourt", "M. Jean POULET, Maire (Saint-Ouen-l’Aumône)",
        "M. Jean POULET, Maire (commune déléguée de Bessancourt)",
        "La Secrétaire de séance : Le Maire, Chantal PHILIPPON René BAZIN")],
    # two signatures read across their columns: the name after « Le Maire, » may be the
    # secretary's (Étueffont: Chantal PHILIPPON signs as secretary, René BAZIN as mayor)
    (["La Secrétaire de séance, Le Maire, Chantal PHILIPPON René BAZIN."], "mayor"),
    ([CLIC_2019], "vote"),
    (["Le maire a la majorité du conseil derrière lui."], "vote"),  # « a », the verb
    *[([sentence], "vote") for sentence in UNCLEAR_VOTES],
    # vote words in another quote: maybe the same vote's, maybe another's
    (["Vote : 10 voix pour.", "15 voix contre."], "vote"),
    (["Le budget est adopté à l'unanimité.", "Le budget annexe est rejeté par 15 voix contre."],
     "vote"),
    (["Vote : 25 voix pour, 3 contre.", "Vote : 12 voix pour, 15 contre."], "vote"),
    (["décide à l'unanimité de nommer la salle.", "Par 21 voix « Pour » et 3 « Contre »"],
     "vote"),
    ([CLIC_2019], "other"),
    ([CLIC_2019], "company"),
    # a duration is quoted, never put before the quote: read from the quotes of 6 tune
    # questions, the one duration each held was the answer none of the times
    (["Le marché est conclu pour une durée de trois (3) ans, reconductible."], "duration"),
])
def test_no_span_when_the_quotes_hold_none_or_several(quotes: list[str], kind: str) -> None:
    assert answer_span(quotes, kind) is None


def test_the_span_cites_the_quote_it_was_read_from() -> None:
    assert answer_span(["Le conseil approuve la convention.", CLIC_2019], "amount") == (
        1, "732 € TTC")


def test_a_vote_span_is_checked_as_the_excerpt_it_is() -> None:
    sentence = "Le conseil adopte la délibération par 25 voix pour, 3 contre et 2 abstentions."
    found = answer_span([sentence], "vote")
    assert found == (0, "25 voix pour, 3 contre et 2 abstentions")
    text = f"{quoted(found[1])} [1] : {quoted(sentence)} [1]"
    assert faithfulness(text, {1: sentence}) == 1.0


def test_a_typed_answer_opens_with_its_span_from_the_cited_quote(assistant: Assistant,  # noqa: F811
                                                                 ) -> None:
    shipped = assistant.refusal  # the span itself, apart from the mark of uncertain answers
    assert shipped is not None  # (whose own test, in test_assistant, drops the span)
    try:
        assistant.refusal = replace(shipped, confident=shipped.threshold)
        answer = assistant.ask("Combien coûte l'adhésion au CLIC pour la Ville de Dijon ?")
    finally:
        assistant.refusal = shipped
    assert not answer.refused and answer.span == "732 € TTC"
    assert answer.text.startswith("« 732 € TTC » [1] : «")
    texts = texts_of(assistant)
    assert any(answer.span in c.quote and answer.span in texts[c.deliberation_id]
               for c in answer.citations)
    assert faithfulness(answer.text, cited_texts(answer.citations)) == 1.0
    listing = assistant.ask("Quelles délibérations portent sur le Club Innovation et Culture ?")
    assert listing.span is None


TAVERNY = """VILLE DE TAVERNY
COMPTE-RENDU DU CONSEIL MUNICIPAL DU 23 JUIN 2022

L'an deux mille vingt-deux, le 23 juin à 20h00, le Conseil municipal de la commune de Taverny,
dûment convoqué, s'est réuni en séance publique.
Madame le Maire ouvre la séance et procède à l'appel nominal.
MEMBRES PRÉSENTS : M. DURAND Paul ; Mme PORTELLI Florence, Maire ; Mme FAIDHERBE Carole.
Secrétaire de séance : Mme FAIDHERBE Carole.

Objet : Tarifs de la restauration scolaire pour l'année 2022-2023
M. DURAND Paul, rapporteur, expose que les tarifs de la restauration scolaire sont revus
chaque année.
Le Conseil municipal, après en avoir délibéré, à l'unanimité, fixe le prix du repas à 3,50 euros.
"""

BESSANCOURT = """COMMUNE DE BESSANCOURT
PROCÈS-VERBAL DU CONSEIL MUNICIPAL DU 20 JUIN 2022

Le Conseil municipal de Bessancourt s'est réuni le 20 juin 2022 à 20h30.
Sous la présidence de Jean-Christophe POULET, Maire, assisté de Mme Irène MOLUN, directrice
générale des services.

Objet : Subvention au comité des fêtes
Le Conseil municipal, à l'unanimité, attribue une subvention de 1 500 euros au comité des fêtes.
"""


def test_who_is_the_mayor_opens_with_the_name_printed_beside_maire(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    (corpus / "taverny_2022_06_23.txt").write_text(TAVERNY, encoding="utf-8")
    (corpus / "bessancourt_2022_06_20.txt").write_text(BESSANCOURT, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    ingest(settings, corpus)
    helper = Assistant(settings)
    assert helper.refusal is not None  # the span itself, not the mark of uncertain answers
    helper.refusal = replace(helper.refusal, confident=helper.refusal.threshold)
    try:
        answer = helper.ask("Qui est la maire de Taverny ?")
        rapporteur = helper.ask("Et qui a rapporté les tarifs ?", ["Qui est la maire de Taverny ?"])
        other_town = helper.ask("Et à Bessancourt ?", ["Qui est la maire de Taverny ?"])
        third = helper.ask("Et en 2022 ?", ["Qui est la maire de Taverny ?",
                                            "Et qui a rapporté les tarifs ?"])
    finally:
        helper.close()
    # the quote names two people; the span is the one beside « Maire »
    assert not answer.refused and answer.span == "Mme PORTELLI Florence"
    assert answer.text.startswith("« Mme PORTELLI Florence » [1] : «")
    assert faithfulness(answer.text, cited_texts(answer.citations)) == 1.0
    # a follow-up asks its own question: the rapporteur's line comes first, and the mayor's
    # name, which the earlier question asked, is not put before it
    assert rapporteur.text.startswith("« M. DURAND Paul, rapporteur, expose")
    assert rapporteur.span != "Mme PORTELLI Florence"
    # a follow-up that asks nothing of its own still asks the mayor: not another person
    assert other_town.span == "Jean-Christophe POULET", other_town.text
    # the nearest turn that asks something decides: here the rapporteur, not the mayor
    assert third.span != "Mme PORTELLI Florence", third.text
