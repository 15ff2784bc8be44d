"""The assistant over the real sample index: answers, citations, refusals, follow-ups, LLM."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant import maintenance
from assistant.engine import core
from assistant.engine.core import Assistant
from assistant.engine.counting import uncounted_notice
from assistant.engine.prompts import REFUSAL
from assistant.engine.refusal import refusal_model
from assistant.engine.retrieval import RetrievalResult
from assistant.exports import answer_json
from index.models import Filters
from index.settings import Settings
from tests.conftest import SAMPLE, ingest, run_delib
from tests.test_llm import KEY, FakeLLM, Reply, llm, streamed  # noqa: F401  (fixture)

LILLE = "Métropole Européenne de Lille"


@pytest.fixture(scope="module")
def sample_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("sample") / "data")
    ingest(settings, SAMPLE)
    return settings


@pytest.fixture(scope="module")
def assistant(sample_settings: Settings) -> Iterator[Assistant]:
    helper = Assistant(sample_settings)
    yield helper
    helper.close()


def texts_of(assistant: Assistant) -> dict[str, str]:
    rows = assistant.index.catalog.query("SELECT id, text FROM deliberations")
    return {row["id"]: row["text"] for row in rows}


def test_a_fact_is_quoted_verbatim_and_every_marker_resolves(assistant: Assistant) -> None:
    answer = assistant.ask("Combien coûte l'adhésion au CLIC en 2019 ?")
    assert not answer.refused and "732 € TTC" in answer.text
    assert answer.filters == Filters(prefer_from="2019-01-01", prefer_to="2019-12-31")
    texts = texts_of(assistant)
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        assert citation.quote in texts[citation.deliberation_id]
        assert citation.session_label == "séance du 28 janvier 2019"
        assert citation.object == "Adhésion de la ville de Dijon au Club Innovation et Culture"
        assert citation.source.endswith("000_8b74285c561e901f.txt") and citation.page == 1


def test_questions_the_documents_do_not_answer_are_refused_with_leads(
        assistant: Assistant) -> None:
    answer = assistant.ask("Quel est le budget de la piscine municipale ?")
    assert answer.refused and answer.text == REFUSAL and not answer.citations
    assert answer.leads
    excluded = assistant.ask("Combien coûte l'adhésion au CLIC ?",
                             filters=Filters(date_from="2030-01-01"))
    assert excluded.refused and excluded.text == REFUSAL and not excluded.leads


@pytest.mark.parametrize("question", ["Combien coûte la piscine municipale ?",
                                      "Combien coûte le nouveau stade de football ?",
                                      "Quel montant pour la rénovation de la mairie ?"])
def test_a_short_question_on_a_subject_no_text_holds_is_refused(assistant: Assistant,
                                                                question: str) -> None:
    answer = assistant.ask(question)  # none is in the sample: no price of the CLIC instead
    assert answer.refused and not answer.citations, answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("Parle-moi du CLIC", "Club Innovation"),
    ("De quoi parle la délibération sur le CLIC ?", "Club Innovation"),
    ("Qui a rapporté la délibération sur Volgograd ?", "Zivkovic")])
def test_a_short_question_on_a_subject_of_the_texts_is_answered(assistant: Assistant,
                                                                question: str,
                                                                expected: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and expected in answer.text, question


def test_a_follow_up_naming_other_dates_replaces_every_earlier_date(
        assistant: Assistant) -> None:
    since = assistant.ask("Et depuis 2022 ?", ["Combien coûte l'adhésion au CLIC en 2019 ?"])
    assert (since.filters.prefer_from, since.filters.prefer_to) == ("2022-01-01", None)
    assert not since.refused and "22-B-0146" in since.text
    last = assistant.ask("Et en 2019 ?", ["Qui présidait le dernier conseil ?"])
    assert not last.filters.last_session and not last.refused
    fields = Filters(date_from="2010-01-01")  # a date field set for the whole conversation
    kept = assistant.ask("Et combien ?", ["Qui présidait le conseil en 2016 ?"], fields)
    assert (kept.filters.prefer_from, kept.filters.prefer_to) == ("2016-01-01", "2016-12-31")


def test_a_new_question_naming_no_authority_stays_with_the_previous_one(
        assistant: Assistant) -> None:
    lille = ["Combien coûte l'adhésion au CLIC à Lille ?"]
    question = "Combien coûte l'adhésion au club des musées ?"  # no word points back
    assert "732 € TTC" in assistant.ask(question).text  # alone: Dijon's
    kept = assistant.ask(question, lille)
    assert kept.filters.collectivities == (LILLE,) and "732 €" not in kept.text
    assert kept.citations and {c.collectivity for c in kept.citations} == {LILLE}
    dijon = assistant.ask("Combien coûte le matériel informatique des écoles à Dijon ?", lille)
    assert dijon.filters.collectivities == ("Ville de Dijon",)
    elsewhere = assistant.ask("Comment a été votée la convention avec Volgograd ?", lille)
    assert not elsewhere.refused and "UNANIMITÉ" in elsewhere.text  # Lille holds none
    assert not elsewhere.filters.collectivities and LILLE in elsewhere.notices[-1]


def test_the_turns_kept_for_follow_ups_are_bounded(assistant: Assistant,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "MAX_TURNS", 2)
    for question in ("Qui préside la séance du 28 janvier 2019 ?",
                     "Combien coûte l'adhésion au CLIC ?",
                     "Qui a rapporté la délibération sur Volgograd ?"):
        assistant.ask(question)
    assert len(assistant._turns) == 2 and "Volgograd" in next(reversed(assistant._turns))[-1]
    replayed = assistant.ask("Qui l'a rapportée ?", ["Combien coûte l'adhésion au CLIC en 2019 ?"])
    assert "Monsieur Bard" in replayed.text  # a turn no longer kept is asked again


def test_an_authority_given_in_lower_case_and_without_accents_is_the_indexed_one(
        assistant: Assistant) -> None:
    dijon = assistant.ask("Combien coûte l'adhésion au CLIC ?",
                          filters=Filters(collectivities=("ville de dijon",)))
    assert dijon.filters.collectivities == ("Ville de Dijon",) and "732 € TTC" in dijon.text
    found = assistant.precedents("Club Innovation", Filters(collectivities=(
        "metropole europeenne de lille",)))
    assert found and {p.collectivity for p in found} == {LILLE}


def test_punctuation_alone_and_empty_turns_ask_nothing(assistant: Assistant) -> None:
    answer = assistant.ask("???")
    assert answer.refused and not answer.citations and "vide" in answer.notices[0]
    after_blank = assistant.ask("Et combien ?", ["", "  "])
    assert after_blank.filters == assistant.ask("Et combien ?").filters
    assert not after_blank.filters.deliberation_ids


def test_a_first_question_about_nothing_is_refused_with_a_hint(assistant: Assistant) -> None:
    for question in ("Combien ?", "Qui ?", "Qui a voté contre ?", "Quel est le montant ?",
                     "Qui l'a rapportée ?", "Quel est le résultat du vote ?",
                     "Combien de voix pour ?", "Combien en 2019 ?"):
        answer = assistant.ask(question)
        assert answer.refused and not answer.citations and not answer.leads, question
        assert "ne dit pas sur quoi elle porte" in answer.notices[0], question
    after_vague = assistant.ask("Qui ?", ["Combien ?"])
    in_2019 = assistant.ask("Qui a voté contre ?", filters=Filters(date_from="2019-01-01",
                                                                 date_to="2019-12-31"))
    for answer in (after_vague, in_2019):  # a vague turn or the fields' dates name no subject
        assert answer.refused and "ne dit pas sur quoi elle porte" in answer.notices[0]
    followed = assistant.ask("Combien ?", ["Combien coûte l'adhésion au CLIC ?"])
    assert not followed.refused and "CLIC" in followed.citations[0].object
    for question in ("Qui est le secrétaire de séance ?",  # what is asked is the subject
                     "Quelles délibérations ont été adoptées à l'unanimité ?"):
        answer = assistant.ask(question)
        assert not answer.refused and not answer.notices, question


def test_a_line_quoted_with_what_it_announces_is_not_repeated(assistant: Assistant) -> None:
    answer = assistant.ask("Que dit Monsieur Bard sur les établissements culturels ?")
    assert answer.text.count("La Ville de Dijon est amenée à adhérer") == 1, answer.text


def test_follow_ups_carry_the_subject_citations_and_filters(assistant: Assistant) -> None:
    first = "Combien coûte l'adhésion au CLIC en 2019 ?"
    rapporteur = assistant.ask("Qui l'a rapportée ?", [first])
    assert "Monsieur Bard" in rapporteur.text
    assert {c.deliberation_id for c in rapporteur.citations} == {
        c.deliberation_id for c in assistant.ask(first).citations}
    lille = assistant.ask("Et à Lille ?", ["Combien coûte l'adhésion au CLIC ?"])
    assert "675 € HT" in lille.text
    assert {c.collectivity for c in lille.citations} == {LILLE}
    assert lille.filters.collectivities == (LILLE,)


def test_a_chat_of_follow_ups_carries_the_subject_not_every_earlier_question(
        assistant: Assistant) -> None:
    history = ["Combien coûte l'adhésion au CLIC en 2019 ?", "Qui l'a rapportée ?"]
    vote = assistant.ask("Et le vote ?", history)
    assert vote.standalone_question == "Et le vote ? (Combien coûte l'adhésion au CLIC ?)"
    assert vote.refused, vote.text  # the act of 2019 prints no vote: the rapporteur's line is none
    for middle in ("Qui l'a rapportée en 2019 ?", "Et en 2019 ?"):
        dated = assistant.ask("Et le vote ?", ["Combien coûte l'adhésion au CLIC ?", middle])
        assert dated.standalone_question == vote.standalone_question, middle  # filters aside
    dijon = ["Combien coûte l'adhésion au CLIC ?", "Qui l'a rapportée à Dijon ?"]
    named = assistant.ask("Et le vote ?", dijon)  # the authority named is a filter, carried
    assert named.standalone_question == vote.standalone_question and named.refused, named.text
    assert named.filters.collectivities == ("Ville de Dijon",)
    history = ["Combien coûte l'adhésion au CLIC ?", "Et à Lille ?", "Quel est le résultat du vote ?"]
    amount = assistant.ask("Et le montant ?", history)  # « Et à Lille ? »: a filter, carried
    assert amount.standalone_question == "Et le montant ? (Combien coûte l'adhésion au CLIC ?)"
    assert {c.collectivity for c in amount.citations} == {LILLE}


def test_the_stream_gives_a_status_the_text_then_the_answer(assistant: Assistant) -> None:
    events = list(assistant.stream("Comment a été votée la convention avec Volgograd ?"))
    assert [e.kind for e in events] == ["status", "delta", "final"]
    final = events[-1].answer
    assert final is not None and "UNANIMITÉ" in final.text and events[1].text == final.text


def test_precedents_are_the_deliberations_on_the_subject_sorted_by_date(
        assistant: Assistant) -> None:
    found = assistant.precedents("Club Innovation et Culture")
    assert [(p.session_date, p.collectivity) for p in found] == [
        ("2019-01-28", "Ville de Dijon"), ("2022-04-08", LILLE)]
    assert found[1].delib_number == "22-B-0183" and "675 € HT" in found[1].amounts


def test_llm_answer_is_checked_and_a_failure_falls_back_visibly(
        sample_settings: Settings, llm: FakeLLM) -> None:  # noqa: F811
    settings = Settings(**{**sample_settings.model_dump(), "llm_base_url": llm.url,
                           "llm_model": "mistral-test", "llm_api_key": SecretStr(KEY)})
    helper = Assistant(settings)
    try:
        llm.script(streamed("La cotisation annuelle est de 732 € TTC [1]. ",
                            "Elle coûte aussi 9 999 € [1]. Voir [97]."))
        answer = helper.ask("Combien coûte l'adhésion au CLIC en 2019 ?")
        assert not answer.refused and "[97]" not in answer.text
        assert [c.n for c in answer.citations] == [1]
        assert any("9 999" in sentence for sentence in answer.flagged)
        sent = llm.requests[-1].body["messages"]
        assert sent[0]["role"] == "system" and "<<<DÉBUT PASSAGE 1>>>" in sent[1]["content"]
        assert answer.span is None  # the extractive answer's short answer is not the LLM's
        llm.script(streamed(REFUSAL))
        refused = helper.ask("Combien coûte l'adhésion au CLIC en 2019 ?")
        assert refused.refused and refused.span is None and not refused.citations
        assert refused.leads  # the closest deliberations stay, as leads
        assert helper.refusal is not None
        helper.refusal = replace(helper.refusal, confident=1.0)  # every answer is uncertain
        llm.script(streamed(REFUSAL), streamed("Madame Zivkovic l'a rapportée [1]."))
        doubted = helper.ask("Qui a rapporté la délibération sur Volgograd ?")
        assert doubted.refused and not doubted.notices and not doubted.uncertain
        generated = helper.ask("Qui a rapporté la délibération sur la Volgograd ?")
        assert not generated.refused and generated.uncertain
        assert generated.notices[0].startswith("Réponse incertaine : les passages cités")
        helper.refusal = refusal_model(settings.embedding_model)
        llm.script(Reply(500, (b'{"error": {"message": "panne"}}',)))
        fallback = helper.ask("Comment a été votée la convention avec Volgograd ?" * 40)
        assert len(fallback.notices) == 2 and "trop longue" in fallback.notices[0]
        assert "extractive" in fallback.notices[1]
        assert "UNANIMITÉ" in fallback.text and KEY not in fallback.notices[1]
    finally:
        helper.close()


COUNT = ("Combien d'ordinateurs portables la mairie compte-t-elle acheter en tout pour les "
         "écoliers du primaire ?")  # the sample answers with a plan that counts no laptops


def test_a_count_of_something_else_is_marked_and_an_llm_refusal_drops_the_mark(
        assistant: Assistant, sample_settings: Settings, llm: FakeLLM) -> None:  # noqa: F811
    marked = assistant.ask(COUNT)
    assert not marked.refused and marked.uncertain and marked.span is None
    assert marked.notices == (uncounted_notice("ordinateurs"),)
    settings = Settings(**{**sample_settings.model_dump(), "llm_base_url": llm.url,
                           "llm_model": "mistral-test", "llm_api_key": SecretStr(KEY)})
    helper = Assistant(settings)
    try:
        llm.script(streamed(REFUSAL))
        refused = helper.ask(COUNT)
        assert refused.refused and not refused.uncertain and not refused.notices
    finally:
        helper.close()


def test_cli_ask_json_and_precedents_csv(sample_settings: Settings) -> None:
    env = {"DELIB_DATA_DIR": str(sample_settings.data_dir)}
    result = run_delib("ask", "Qui préside la séance du 28 janvier 2019 ?", "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "refused", "citations", "filters", "timings_ms"}
    assert "REBSAMEN" in data["answer"] and data["citations"][0]["session_date"] == "2019-01-28"
    csv_out = run_delib("precedents", "Club Innovation et Culture", "--csv", env=env)
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    assert csv_out.returncode == 0 and [r["DELIB_DATE"] for r in rows] == ["2019-01-28",
                                                                          "2022-04-08"]
    assert Path(data["citations"][0]["source"]).name == "000_8b74285c561e901f.txt"


def test_a_count_is_answered_from_its_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("Combien de Chromebooks par classe ?")
    assert "5 « Chromebooks »" in answer.text
    assert answer.citations[0].session_label == "séance du 18 décembre 2017"


def test_a_year_in_the_question_ranks_without_excluding(assistant: Assistant) -> None:
    """"en 2022" puts the 2022 deliberation first; "en 2021" (no session that year) still
    finds the CLIC deliberations instead of excluding them all."""
    in_2022 = assistant.ask("Combien coûte l'adhésion au CLIC en 2022 ?")
    assert in_2022.filters.prefer_from == "2022-01-01" and not in_2022.filters.date_from
    first = in_2022.retrieved[0][1]
    assert first.endswith("001_ab9f3e33bb15e798.txt")  # the Lille Bureau, 8 April 2022
    in_2021 = assistant.ask("Combien coûte l'adhésion au CLIC en 2021 ?")
    found = {Path(source).name for _, source in in_2021.retrieved[:2]}
    assert found == {"000_8b74285c561e901f.txt", "001_ab9f3e33bb15e798.txt"}


def test_a_source_removed_while_a_question_is_searched_is_left_out(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    ingest(settings, SAMPLE)
    helper = Assistant(settings)
    search, doomed = helper.retriever.search, ["004_", "000_"]

    def search_then_remove(*args: object, **kwargs: object) -> RetrievalResult:
        result = search(*args, **kwargs)  # type: ignore[arg-type]
        gone = [h.best.source for h in result.hits if doomed[0] in h.best.source]
        assert gone  # the source is among those found, then removed before they are read
        maintenance.remove(settings, gone[:1])
        doomed.pop(0)
        return result

    helper.retriever.search = search_then_remove  # type: ignore[method-assign]
    try:
        answer = helper.ask("Quelles sont les relations entre Dijon et Volgograd ?")
        found = helper.precedents("Club Innovation et Culture")
    finally:
        helper.close()
    assert not doomed and not any("004_" in c.source for c in (*answer.citations, *answer.leads))
    assert [p.source.rsplit("/", 1)[-1][:4] for p in found] == ["001_"]


def test_an_answer_under_the_confident_point_is_marked_uncertain_without_a_span(
        assistant: Assistant) -> None:
    shipped = assistant.refusal
    assert shipped is not None
    question = "Qui a rapporté la délibération sur Volgograd ?"
    sure = assistant.ask(question)
    assert sure.span and not sure.notices
    try:
        assistant.refusal = replace(shipped, confident=1.0)  # every answer given is uncertain
        doubted = assistant.ask(question)
    finally:
        assistant.refusal = shipped
    assert not doubted.refused and doubted.span is None and doubted.uncertain
    assert not sure.uncertain and answer_json(doubted)["uncertain"] is True
    assert doubted.notices and doubted.notices[0].startswith("Réponse incertaine")
    assert doubted.citations == sure.citations and sure.text.endswith(doubted.text)
