"""A year named in the question: another year's deliberation answers only if it names that year;
one of unknown session, if its text names it anywhere."""

from collections.abc import Iterator

import pytest

from assistant.engine.core import Assistant
from index.embedders import load_embedder
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index

TEXTS = {
    "rapport.txt": "Ville de Lunel\nSéance du conseil municipal du 14 mars 2022\n"
                   "Objet : Rapport annuel 2021 de la société Vert Marine\n\n"
                   "Le délégataire présente son rapport sur l'exploitation du complexe "
                   "aquatique. Le complexe aquatique a été ouvert au public 1790 heures sur "
                   "l'exercice. Le conseil municipal prend acte du rapport.\n"
                   "Adopté à l'unanimité.\n",
    "cantine.txt": "Ville de Lunel\nSéance du conseil municipal du 10 juin 2022\n"
                   "Objet : Tarifs de la restauration scolaire\n\n"
                   "Le prix du repas servi à la cantine scolaire est fixé à 3,20 € par "
                   "enfant à compter de la rentrée. Le conseil municipal approuve ces tarifs.\n"
                   "Adopté à l'unanimité.\n",
    # no session date printed: neither of that year nor of another
    "fourriere.txt": "Ville de Lunel\nObjet : Capture des animaux errants\n\n"
                     "La société SACPA est retenue pour la capture des animaux errants sur la "
                     "voie publique, au tarif de 1,15 € par habitant. Le contrat prend effet le "
                     "1er janvier 2023 pour une durée d'un an.\n",
    "stade.txt": "Ville de Lunel\nObjet : Tarifs du stade municipal\n\n"
                 "Vu la délibération du 12 mars 2021 fixant les tarifs du stade,\n"
                 "Vu la loi n° 2021-1104 du 22 août 2021,\n"
                 "Le prix de la location du stade municipal est fixé à 150 € la journée. "
                 "Envoyé en préfecture le 28/06/2021.\n",
    "piscine.txt": "Ville de Lunel\nObjet : Tarifs de la piscine municipale\n\n"
                   "Le prix de l'entrée à la piscine municipale est fixé à 4,50 € pour un adulte "
                   "et à 2,80 € pour un enfant.\n",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    corpus = tmp_path_factory.mktemp("lunel")
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("data") / "data")
    with Index(settings, write=True) as index:
        Ingestor(index, load_embedder(settings.embedding_model)).ingest([corpus])
    helper = Assistant(settings)
    yield helper
    helper.close()


def test_a_report_titled_with_the_year_asked_answers_for_that_year(assistant: Assistant,
                                                                   ) -> None:
    answer = assistant.ask("Combien d'heures le complexe aquatique a-t-il été ouvert en 2021 ?")
    assert answer.filters.prefer_from == "2021-01-01"
    assert not answer.refused and "1790 heures" in answer.text
    assert answer.citations[0].session_date == "2022-03-14"
    assert answer.citations[0].object == "Rapport annuel 2021 de la société Vert Marine"
    assert all("2021" not in citation.quote for citation in answer.citations)  # the title says it


def test_a_deliberation_of_unknown_session_answers_if_its_text_names_the_year(
        assistant: Assistant) -> None:
    answer = assistant.ask("Quel prestataire capture les animaux errants en 2023 ?")
    assert not answer.refused and "SACPA" in answer.text
    assert answer.citations[0].session_date is None
    assert all("2023" not in citation.quote for citation in answer.citations)  # the text says it


@pytest.mark.parametrize(("question", "figure", "source"), [
    # another session's figure that does not name the year
    ("Quel était le prix du repas à la cantine scolaire en 2021 ?", "3,20", "cantine.txt"),
    # an undated text that never names it
    ("Quel était le prix de l'entrée à la piscine municipale en 2022 ?", "4,50", "piscine.txt"),
    # an undated text that names it only in « Vu … » lines and a stamp
    ("Quel était le prix de la location du stade municipal en 2021 ?", "150 €", "stade.txt"),
])
def test_a_deliberation_that_does_not_name_the_year_asked_is_a_lead(
        assistant: Assistant, question: str, figure: str, source: str) -> None:
    answer = assistant.ask(question)
    assert answer.refused and figure not in answer.text
    assert any(lead.source.endswith(source) for lead in answer.leads)
