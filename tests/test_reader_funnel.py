"""The reader's funnel benchmark on the sample: each stage reached for what it is."""

from assistant.engine.core import Assistant
from benchmarks.reader_funnel import measure
from eval.questions import Question
from tests.test_assistant import assistant, sample_settings  # noqa: F401  (fixtures)


def _question(text: str, must: str, kind: str = "fact") -> Question:
    return Question(id=must, question=text, type=kind, history=(), relevant=(), session=None,
                    object=None, answer=must, must_contain=(must,))


def test_the_funnel_counts_a_quoted_answer_a_missing_record_and_a_listing(
        assistant: Assistant) -> None:  # noqa: F811
    result = measure([
        _question("Combien coûte l'adhésion au CLIC pour la Ville de Dijon ?", "732"),
        _question("Combien coûte l'adhésion au CLIC pour la Ville de Dijon ?", "999 999"),
        _question("Quelles délibérations portent sur le Club Innovation et Culture ?",
                  "CLIC", "precedent"),
        _question("Combien coûte l'adhésion ?", "732", "unanswerable"),  # left out
    ], assistant)
    assert result["questions"] == 3
    assert result["by_stage"]["first"] == {"found": 1, "missed": 0, "refused": 0}
    assert sum(result["by_stage"]["record not retrieved"].values()) == 1
    assert sum(result["by_stage"]["no reading"].values()) == 1
    assert result["stage_by_type"]["precedent"]["no reading"] == 1
    assert assistant.readings is None  # recording stops with the measure
