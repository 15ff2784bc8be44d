"""The one sentence splitter, as the reader, the LLM check and the faithfulness metric use it."""

from assistant.reader.sentences import sentence_spans, split_sentences


def test_abbreviations_initials_and_lowercase_followers_do_not_end_a_sentence() -> None:
    text = "M. Dupont cite l'art. L. 2121-29 du code. Adopté à l'unanimité. voir p. 3 ici."
    assert split_sentences(text) == ["M. Dupont cite l'art. L. 2121-29 du code.",
                                     "Adopté à l'unanimité. voir p. 3 ici."]


def test_lines_always_separate_and_markers_stay_with_their_sentence() -> None:
    text = "Deux délibérations :\n- l'adhésion [1] ;\n- la participation. [2] Fin."
    assert split_sentences(text) == ["Deux délibérations :", "- l'adhésion [1] ;",
                                     "- la participation. [2]", "Fin."]


def test_quotes_are_never_cut_when_asked() -> None:
    text = "Intro. « Phrase un. Phrase deux. » [1] Fin."
    assert split_sentences(text, quotes=True) == ["Intro.", "« Phrase un. Phrase deux. » [1]",
                                                  "Fin."]
    assert split_sentences(text) == ["Intro.", "« Phrase un.", "Phrase deux. » [1]", "Fin."]


def test_semicolons_end_sentences_in_documents_only() -> None:
    text = "Vu le code ; Considérant le budget ; il est proposé ceci."
    assert split_sentences(text) == [text]
    assert split_sentences(text, semicolons=True) == ["Vu le code ;",
                                                      "Considérant le budget ; il est proposé ceci."]


def test_spans_are_offsets_into_the_text_without_blanks() -> None:
    text = "  Premier point.  \n\n Second point ici. "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["Premier point.", "Second point ici."]
    assert split_sentences("... \n ; \n") == []


def test_a_stray_closing_quote_does_not_reopen_splitting_inside_a_quote() -> None:
    text = "“La convention dite « cadre » » a pour objet (ORT). Elle précise.” [1] Fin."
    assert split_sentences(text, quotes=True) == [
        "“La convention dite « cadre » » a pour objet (ORT). Elle précise.” [1]", "Fin."]


def test_a_quote_followed_by_its_source_in_brackets_stays_one_sentence() -> None:
    text = "Trouvées : « Avenant n° 3. Objet : chaleur. » (Vélizy, séance du 21 décembre 2022) [1]."
    assert split_sentences(text, quotes=True) == [text]
