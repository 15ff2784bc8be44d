"""Metrics and question-set helpers on examples computed by hand."""

import math
from pathlib import Path

import pytest

from eval.metrics import mrr_at, ndcg_at, recall_at
from eval.questions import contains, file_key, load_questions
from index.errors import DelibError
from tests.conftest import REPO


def test_ranking_metrics_by_hand() -> None:
    ranked = ["a", "b", "c", "d"]
    assert recall_at(ranked, {"b", "z"}, 1) == 0.0
    assert recall_at(ranked, {"b", "z"}, 2) == 0.5
    assert mrr_at(ranked, {"c"}, 10) == pytest.approx(1 / 3)
    assert mrr_at(ranked, {"c"}, 2) == 0.0
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert ndcg_at(ranked, {"b", "d"}, 2) == pytest.approx(expected)


def test_answers_match_ignoring_case_accents_spaces_and_thousands() -> None:
    assert contains("Le montant s'élève à 445.217.843 €", "445 217 843")
    assert contains("soit 55 000 € TTC", "55.000 €")
    assert contains("ADOPTÉ À L'UNANIMITÉ", "unanimité")
    assert not contains("732 € TTC", "675")
    assert file_key("a/b/2013-02-04-0000061086.pdf") == "2013-02-04-0000061086"


def test_the_shipped_question_set_is_valid_and_covers_every_type() -> None:
    questions = load_questions(REPO / "eval" / "questions" / "sample.jsonl")
    counts = {t: sum(q.type == t for q in questions) for t in {q.type for q in questions}}
    assert len(questions) >= 40
    assert counts["paraphrase"] >= 8 and counts["unanswerable"] >= 6 and counts["followup"] >= 6
    assert all(q.history for q in questions if q.type == "followup")


def test_invalid_lines_are_reported_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "1"}\n', encoding="utf-8")
    with pytest.raises(DelibError, match="ligne 1 : champ\\(s\\) manquant\\(s\\) : question"):
        load_questions(path)
    path.write_text("\n{pas du json\n", encoding="utf-8")
    with pytest.raises(DelibError, match="ligne 2 : JSON invalide"):
        load_questions(path)
