"""The one sentence splitter shared by the reader, the LLM check and faithfulness."""

from assistant.engine.sentences import sentence_spans, split_sentences


def test_sentence_ends_and_what_does_not_end_one() -> None:
    text = ("M. Dupont expose le projet. Le tarif est de 5 €. [1] Il est adopté ; Vote : "
            "unanimité.\nart. 3 du code ; il précise. J. Martin rapporte")
    assert split_sentences(text) == [
        "M. Dupont expose le projet.", "Le tarif est de 5 €. [1]", "Il est adopté ;",
        "Vote : unanimité.", "art. 3 du code ; il précise.", "J. Martin rapporte"]


def test_quotes_keep_their_sentences_and_a_closing_quote_ends_one() -> None:
    assert split_sentences("Décide : « Article 1. Le tarif. » Fin. Il dit « oui.» Puis.") == [
        "Décide : « Article 1. Le tarif. » Fin.", "Il dit « oui.»", "Puis."]


def test_a_quote_never_spans_a_line_break() -> None:
    assert split_sentences("Il cite « un texte. Sans fin\nSuite. Autre.") == [
        "Il cite « un texte. Sans fin", "Suite.", "Autre."]


def test_spans_are_offsets_into_the_text_without_spaces() -> None:
    text = "  Premier point.   Second point !\n\n- ; \nTroisième"
    spans = sentence_spans(text)
    assert [text[start:end] for start, end in spans] == [
        "Premier point.", "Second point !", "Troisième"]
