"""Answer types asked by questions and the verbatim spans of sentences that give them."""

import pytest

from assistant.reader.types import answer_span, answer_type, holds


@pytest.mark.parametrize(("question", "kind"), [
    ("Combien coûte l'adhésion au CLIC ?", "amount"),
    ("Quel est le montant de la subvention ?", "amount"),
    ("Combien de Chromebooks sont achetés ?", "count"),
    ("Pour quelle durée la convention est-elle conclue ?", "duration"),
    ("Depuis quand Dijon a-t-elle des liens avec Volgograd ?", "date"),
    ("Qui a rapporté ce dossier ?", "person"),
    ("Qui est le titulaire du marché ?", "organisation"),
    ("Où se situe le terrain cédé ?", "place"),
    ("Comment le conseil a-t-il voté ?", "vote"),
    ("Quel est le numéro de la délibération ?", "number"),
    ("Quels sont les axes de coopération ?", "other"),
])
def test_answer_type(question: str, kind: str) -> None:
    assert answer_type(question) == kind


@pytest.mark.parametrize(("sentence", "kind", "span"), [
    ("Cette adhésion, d'un montant annuel de 732 € TTC, permettrait", "amount", "732 € TTC"),
    ("Par délibération du 29 septembre 2008, la Ville a signé", "date", "29 septembre 2008"),
    ("Les relations remontent à 1959.", "date", "1959"),
    ("Monsieur Bard expose le rapport suivant", "person", "Monsieur Bard"),
    ("Président : M. REBSAMEN", "person", "M. REBSAMEN"),
    ("l'acquisition de 5 « Chromebooks » pour l'école", "count", "5 « Chromebooks »"),
    ("conclue pour une durée de trois (3) ans", "duration", "trois (3) ans"),
    ("ADOPTÉ À L'UNANIMITÉ", "vote", "À L'UNANIMITÉ"),
    ("Le terrain situé 12 rue de la Paix, cadastré AB 12", "place", "12 rue de la Paix"),
])
def test_answer_span_is_verbatim(sentence: str, kind: str, span: str) -> None:
    assert answer_span(sentence, kind) == span
    assert span in sentence and holds(sentence, kind)


def test_no_span_when_the_sentence_does_not_give_the_kind() -> None:
    assert answer_span("Le conseil approuve la convention.", "amount") is None
    assert not holds("Le conseil approuve la convention.", "date")
    assert holds("Le conseil approuve la convention.", "other")


def test_the_tail_of_a_longer_figure_is_not_a_span() -> None:
    assert answer_span("Fax : 01 69 43 60 55 Site internet, soit 12 logements", "count") \
        == "12 logements"
