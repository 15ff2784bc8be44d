"""The retrieval benchmark by file and by record, on the sample index with its real vectors."""

from assistant.engine.core import Assistant
from benchmarks.retrieval import Baselines, holding, measure, records_of
from eval.questions import Question
from tests.test_assistant import assistant, sample_settings  # noqa: F401  (fixtures)

CLIC = Question(id="q", question="Combien coûte l'adhésion au CLIC pour la Ville de Dijon ?",
                type="fact", history=(), relevant=("000_8b74285c561e901f.txt",), session=None,
                object=None, answer="732 €", must_contain=("732",))


def test_a_record_is_relevant_when_its_file_is_and_it_holds_every_string(
        assistant: Assistant) -> None:  # noqa: F811
    records = records_of(assistant.index)
    found = holding(CLIC, {"000_8b74285c561e901f"}, records)  # file keys
    assert found and all("732" in records[d][1] for d in found)
    assert not holding(CLIC, {"no_such_file"}, records)


def test_by_record_every_system_ranks_records_and_finds_the_clic_one(
        assistant: Assistant) -> None:  # noqa: F811
    baselines = Baselines(assistant.index, assistant.embedder, "record")
    records = records_of(assistant.index)
    assert set(baselines.rankings(CLIC.question)["dense"]) <= set(records)
    result = measure([CLIC], baselines, assistant, records)
    assert {system: values["questions"] for system, values in result.items()} == {
        "bm25": 1, "dense": 1, "rrf": 1, "delib": 1}
    assert result["delib"]["hit@5"] == 1.0 and result["dense"]["hit@5"] == 1.0
