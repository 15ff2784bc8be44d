"""Prefecture stamp blocks run into the text: found, and kept out of quotes unless asked."""

from pathlib import Path

from assistant.engine.core import Assistant
from assistant.engine.extractive import Sentence
from assistant.engine.stamps import asks_stamp, unstamped
from index.embedders import load_embedder
from index.parsing.actes import stamp_spans
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index

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
                     "Le rapport sera publié le 12/03/2023 sur le site.", "Publié le 3 mars"):
        assert stamp_spans(sentence) == []


def test_a_quote_loses_its_stamps_and_the_page_numbers_beside_them() -> None:
    def text_of(text: str) -> str:
        return unstamped(Sentence("d", text, 0, 0)).text

    assert text_of(f"36 2 {STAMP} • Le contrat prendra fin le 14 juin 2023.") == (
        "• Le contrat prendra fin le 14 juin 2023.")
    assert text_of(f"Plan climat 2018-2024 {STAMP} Préambule : Niort élabore.") == (
        "Plan climat 2018-2024 […] Préambule : Niort élabore.")
    assert text_of(STAMP) == STAMP  # nothing but a stamp: quoted as it is
    assert asks_stamp("Quand la délibération a-t-elle été transmise en préfecture ?")
    assert not asks_stamp("Quand prend fin le contrat de la piscine ?")


def test_an_answer_quotes_the_text_around_a_stamp_not_the_stamp(tmp_path: Path) -> None:
    source = tmp_path / "piscine.txt"
    source.write_text(
        "Commune de Bracieux\nSéance du conseil municipal du 27 juin 2022\n"
        "Objet : Rapport annuel du délégataire de la piscine\n"
        f"La piscine a été ouverte 226 jours. {STAMP} Le contrat de la piscine prendra fin le "
        "14 juin 2023. Le conseil prend acte du rapport.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    with Index(settings, write=True) as index:
        Ingestor(index, load_embedder(settings.embedding_model)).ingest([source])
    assistant = Assistant(settings)
    try:
        answer = assistant.ask("Quand prend fin le contrat de la piscine de Bracieux ?")
        sent = assistant.ask("Quand le rapport sur la piscine a-t-il été envoyé en préfecture ?")
    finally:
        assistant.close()
    assert not answer.refused and "14 juin 2023" in answer.text, answer.text
    assert "préfecture" not in answer.text and "préfecture" not in answer.citations[0].quote
    assert not sent.refused and "Envoyé en préfecture le 28/06/2022" in sent.text, sent.text
