"""Prefecture stamp blocks run into the text: found, and kept out of quotes unless asked."""

from dataclasses import replace
from pathlib import Path

from assistant.engine.core import Assistant
from assistant.engine.extractive import Sentence
from assistant.engine.generation import llm_passages
from assistant.engine.retrieval import DeliberationHit
from assistant.engine.spans import answer_span
from assistant.engine.stamps import asks_stamp, unstamped
from assistant.library import locate
from index.models import Passage
from index.parsing.actes import stamp_spans
from index.settings import Settings
from tests.conftest import ingest

STAMP = ("Envoyé en préfecture le 28/06/2022 Reçu en préfecture le 28/06/2022 Affiché le "
         "ID : 041-244100798-20220627-041_069_2022-DE")


def test_stamp_runs_are_found_and_sentences_about_the_prefecture_are_not() -> None:
    line = f"36 2 {STAMP} • Caractéristiques du contrat"
    assert [line[a:b] for a, b in stamp_spans(line)] == [STAMP]
    accused = ("Accusé de réception en préfecture 079-200041317-20200214-C33-02-2020-3AR Date "
               "de télétransmission : 14/02/2020 Date de réception préfecture : 14/02/2020")
    assert [(a, b) for a, b in stamp_spans(f"Résumé {accused} Préambule")] == [
        (7, 7 + len(accused))]
    for sentence in ("La délibération a été envoyée en préfecture le 12/03/2023 par courriel.",
                     "Le rapport sera publié le 12/03/2023 sur le site.", "Publié le 3 mars",
                     "La délibération 041-244100798-20220627-041_069_2022-DE du 27 juin.",
                     "Reçue en préfecture le 3 mars 2023, la délibération est exécutoire.",
                     "Accusé de réception en préfecture de la délibération du 3 mars."):
        assert stamp_spans(sentence) == []
    before = "Vu la délibération 041-244100798-20220627-041_069_2022-DE "  # its own act number
    assert [(before + STAMP)[a:b] for a, b in stamp_spans(before + STAMP)] == [STAMP]
    page = ("Envoyé en préfecture le 06/07/2022 Reçu en préfecture le 06/07/2022 Affiché le "
            "Commune de Bagneux ID : 092-219200078-20220705-DEL1-DE Mme B. est élue.")
    assert unstamped(Sentence("d", page, 0, 0)).text == "Commune de Bagneux […] Mme B. est élue."
    for stamp in ("Affiché le 1er juillet 2022 ID : 077-217701929-20220701-DEL20220624_01-DE",
                  "Envoi préfecture le 15/04/2022 Retour préfecture le 15/04/2022",
                  "Date de télétransmission : 22/01/14",
                  "Publié le 08-02-23 ID : 033-213303180-20230131-2023_01-DE"):
        line = f"Vu le code. {stamp} ARTICLE 1."
        assert [line[a:b] for a, b in stamp_spans(line)] == [stamp]


def test_a_quote_loses_its_stamps_and_the_page_numbers_beside_them() -> None:
    def text_of(text: str) -> str:
        return unstamped(Sentence("d", text, 0, 0)).text

    assert text_of(f"36 2 {STAMP} • Le contrat prendra fin le 14 juin 2023.") == (
        "• Le contrat prendra fin le 14 juin 2023.")
    assert text_of(f"Plan climat 2018-2024 {STAMP} Préambule : Niort élabore.") == (
        "Plan climat 2018-2024 […] Préambule : Niort élabore.")
    assert text_of(STAMP) == STAMP  # nothing but a stamp: quoted as it is
    assert text_of(f"Les travaux s'élèvent à {STAMP} 125 000 €.") == (
        "Les travaux s'élèvent à […] 125 000 €.")  # a figure is no page number
    assert text_of(f"PROJET 2022 - 2030 {STAMP} 1 {STAMP} 2 {STAMP} SOMMAIRE") == (
        "PROJET 2022 - 2030 […] SOMMAIRE")  # page numbers between stamps go too
    assert text_of(f"Présents : {STAMP} 33 {STAMP} Votants : 29") == (
        "Présents : […] 33 […] Votants : 29")  # not a figure something before asks for
    assert text_of(f"Le coût s'élève à {STAMP} 125 000 {STAMP} euros HT.") == (
        "Le coût s'élève à […] 125 000 […] euros HT.")
    comma = f"Le maire est élu. {STAMP.replace(' Affiché le', ',')}, Le conseil approuve."
    assert text_of(comma) == "Le maire est élu. […] , Le conseil approuve."  # no date left
    assert asks_stamp("Quand la délibération a-t-elle été transmise en préfecture ?")
    assert asks_stamp("À quelle date a-t-elle été publiée ?")
    assert asks_stamp("Quand la délibération a-t-elle été transmise ?")
    assert asks_stamp("Quelle est la date de transmission de la délibération ?")
    assert asks_stamp("Quelle est la date d'envoi de la délibération ?")
    for question in ("Quand prend fin le contrat de la piscine ?", "Combien a reçu le club ?",
                     "Quand prend fin le contrat, d'après le rapport transmis par Bracieux ?",
                     "Le dossier a-t-il été transmis au département ?",
                     "Quel est le coût de la transmission des données ?",
                     "Quand finit la délégation de service public ?", "Actes de vandalisme ?"):
        assert not asks_stamp(question), question


def test_a_quote_cut_by_a_stamp_is_found_by_its_pieces_and_gives_no_span() -> None:
    unit = (f"Rapport annuel du délégataire de la piscine 2021 {STAMP} Le contrat prendra fin "
            "le 14 juin 2023.")
    header = "Rapport annuel du délégataire de la piscine 2021"  # on every page, longest piece
    text = f"{header}\nLa piscine a ouvert 226 jours.\n\n{unit}"
    quote = unstamped(Sentence("d", unit, 0, 0)).text
    assert quote == f"{header} […] Le contrat prendra fin le 14 juin 2023."
    start, end = locate(text, quote) or (0, 0)
    assert (start, end) == (text.index(unit), text.index(unit) + len(header))  # not line 1
    assert locate(text, "Absent […] Le contrat prendra fin le 14 juin 2023.") == (
        text.index("Le contrat"), len(text))  # else its longest piece, wherever it is
    long_text = "Le conseil municipal de la ville. " * 9000  # 306,000 characters
    assert locate(long_text, "Le conseil […] le […] la […] absent […] de la ville.") == (
        21, 33)  # frequent short pieces, one absent: one pass, then the longest piece
    assert answer_span(["12 voix pour […] et 3 voix contre."], "vote") is None


def test_the_llm_reads_its_passages_without_stamps_unless_asked_about_them() -> None:
    text = f"La piscine a été ouverte 226 jours. {STAMP} Le contrat prendra fin en 2023."
    passage = Passage("c1", "d1", text, 0, len(text), 2, "piscine.pdf", "Commune de Bracieux",
                      None, "2022-06-27", "Rapport de la piscine", None, None)
    hits = [DeliberationHit("d1", 1.0, (passage,))]
    [plain] = llm_passages(hits, keep_stamps=False)
    assert plain.text == "La piscine a été ouverte 226 jours. […] Le contrat prendra fin en 2023."
    assert plain.page == 2 and plain.start == 0  # still cited where the whole passage lies
    [asked] = llm_passages(hits, keep_stamps=True)
    assert asked.text == text
    titled = replace(passage, object=f"Rapport de la piscine {STAMP}")  # a stamp read as title
    [plain] = llm_passages([DeliberationHit("d1", 1.0, (titled,))], keep_stamps=False)
    assert plain.object == "Rapport de la piscine"


def test_an_answer_quotes_the_text_around_a_stamp_not_the_stamp(tmp_path: Path) -> None:
    source = tmp_path / "piscine.txt"
    source.write_text(
        "Commune de Bracieux\nSéance du conseil municipal du 27 juin 2022\n"
        "Objet : Rapport annuel du délégataire de la piscine\n"
        f"La piscine a été ouverte 226 jours. {STAMP} Le contrat de la piscine prendra fin le "
        "14 juin 2023. Le conseil prend acte du rapport.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    ingest(settings, source)
    assistant = Assistant(settings)
    try:
        answer = assistant.ask("Quand prend fin le contrat de la piscine de Bracieux ?")
        sent = assistant.ask("Quand le rapport sur la piscine a-t-il été envoyé en préfecture ?")
        refused = assistant.ask("Combien coûte l'entrée de la piscine de Bracieux ?")
        asked = ["Quand le rapport sur la piscine a-t-il été envoyé en préfecture ?"]
        later = assistant.ask("Et quand prend fin son contrat ?", asked)
        same = assistant.ask("Et pour la piscine de Bracieux ?", asked)
        after = assistant.ask("Et à Bracieux ?", [*asked, "Et quand prend fin son contrat ?"])
    finally:
        assistant.close()
    assert refused.refused and refused.leads, refused.text  # a lead: the passage, no stamp
    assert "226 jours. […] Le contrat" in refused.leads[0].quote
    assert "préfecture" not in refused.leads[0].quote
    assert not answer.refused and "14 juin 2023" in answer.text, answer.text
    assert "préfecture" not in answer.text and "préfecture" not in answer.citations[0].quote
    assert not sent.refused and "Envoyé en préfecture le 28/06/2022" in sent.text, sent.text
    assert sent.text.count("Envoyé en préfecture") == 1  # its title repeats it: quoted once
    assert not later.refused and "14 juin 2023" in later.text, later.text
    assert "préfecture" not in later.text  # the stamp question came before, not in this turn
    assert "Envoyé en préfecture le 28/06/2022" in same.text, same.text  # asking it again
    assert "14 juin 2023" in after.text and "préfecture" not in after.text, after.text
