"""Metrics and question-set helpers on examples computed by hand."""

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from eval.faithfulness import claims, faithfulness
from eval.metrics import (
    character_error_rate,
    citation_precision,
    citation_recall,
    first_rank,
    mean,
    mrr_at,
    ndcg_at,
    percentile,
    recall_at,
)
from eval.outcomes import OUTCOMES
from eval.questions import Question, contains, file_key, load_questions
from eval.report import question_row
from eval.runner import score_answer, summarise
from index.errors import DelibError
from index.models import Answer, Citation
from tests.conftest import REPO


def test_ranking_metrics_by_hand() -> None:
    ranked = ["a", "b", "c", "d"]
    assert recall_at(ranked, {"b", "z"}, 1) == 0.0
    assert recall_at(ranked, {"b", "z"}, 2) == 0.5
    assert recall_at(ranked, {"b", "d"}, 10) == 1.0
    assert recall_at(ranked, set(), 5) == 0.0
    assert mrr_at(ranked, {"c"}, 10) == pytest.approx(1 / 3)
    assert mrr_at(ranked, {"c"}, 2) == 0.0
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert ndcg_at(ranked, {"b", "d"}, 2) == pytest.approx(expected)
    # b at 2, d at 4: (1/log2(3) + 1/log2(5)) / (1 + 1/log2(3)) = (0.6309 + 0.4307) / 1.6309
    assert ndcg_at(ranked, {"b", "d"}, 10) == pytest.approx(0.65092, abs=1e-5)
    assert ndcg_at(ranked, {"a"}, 10) == 1.0
    assert first_rank(ranked, {"d", "c"}) == 3
    assert first_rank(ranked, {"z"}) is None


def test_citation_metrics_by_hand() -> None:
    assert citation_precision(["a", "a", "b"], {"a"}) == pytest.approx(2 / 3)
    assert citation_precision([], {"a"}) is None
    assert citation_precision(["a"], set()) == 0.0  # citing anything for an unanswerable question
    assert citation_recall(["a", "a"], {"a", "b"}) == 0.5
    assert citation_recall([], {"a", "b"}) == 0.0
    assert citation_recall(["a"], set()) is None


def test_percentile_is_nearest_rank_and_mean_skips_what_does_not_apply() -> None:
    values = [40.0, 10.0, 30.0, 20.0]
    assert percentile(values, 50) == 20.0  # ceil(0.5 * 4) = 2nd smallest
    assert percentile(values, 95) == 40.0  # ceil(3.8) = 4th
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile([7.0], 50) == 7.0
    assert percentile([], 50) is None
    assert mean([1.0, None, 0.0, 0.5]) == 0.5
    assert mean([None]) is None


def test_faithfulness_checks_figures_and_quotes_against_what_each_sentence_cites() -> None:
    cited = {1: "Cette adhésion, d'un montant annuel de 732 € TTC, permettrait... Vote : 1 000 voix.",
             2: "Conseil municipal — séance du 18 décembre 2017"}
    extractive = "« Cette adhésion, d'un montant annuel de 732 € TTC, permettrait... » [1]"
    assert faithfulness(extractive, cited) == 1.0
    # second sentence's date is not in [2]
    llm = "Le montant est de 732 € [1]. Elle a été votée le 28 janvier 2019 [2]."
    assert faithfulness(llm, cited) == 0.5
    # a figure with no citation fails; a sentence with no figure nor quote is not counted
    assert faithfulness("Voici ce que disent les textes. Le total est de 732 €.", cited) == 0.0
    assert faithfulness("Voici ce que disent les textes. Le montant est de 732 € [1].",
                        cited) == 1.0
    assert faithfulness("Je n'ai rien trouvé.", cited) is None
    # thousands separators and spacing are ignored; 73 is not found inside 732
    assert faithfulness("Il y a eu 1000 voix [1].", cited) == 1.0
    assert faithfulness("Le montant est de 73 € [1].", cited) == 0.0
    assert faithfulness("Le texte dit « 732 € HT » [1].", cited) == 0.0
    assert faithfulness("Montant de 732 € [3].", cited) == 0.0  # unknown [3] supports nothing


def test_claims_keep_quotes_whole_and_give_markers_to_the_last_sentence() -> None:
    text = "Intro sans renvoi. « Phrase un. Phrase deux. » [1] [2] Fin."
    assert claims(text) == [("Intro sans renvoi.", ()),
                            ("« Phrase un. Phrase deux. »", (1, 2)), ("Fin.", ())]
    # "M." is not the end of a sentence: the figures stay with their [1]
    assert claims("Le 28 janvier, M. Rebsamen signe pour 732 € [1]. Fin.") == [
        ("Le 28 janvier, M. Rebsamen signe pour 732 €", (1,)), ("Fin.", ())]
    # a quoted document's own stray « » inside “…” does not end the quote
    quote = "“Dite « convention cadre » » ici. Elle précise 2 points.” [1] Fin."
    assert claims(quote) == [("“Dite « convention cadre » » ici. Elle précise 2 points.”", (1,)),
                             ("Fin.", ())]


def _question(kind: str, relevant: tuple[str, ...], must: tuple[str, ...] = ()) -> Question:
    return Question("q1", "Combien ?", kind, (), relevant, None, None, "", must)


def _citation(n: int, source: str, quote: str) -> Citation:
    return Citation(n=n, deliberation_id=f"d{n}", source=source, collectivity="Ville de Dijon",
                    body=None, session_date="2019-01-28", session_label="séance du 28 janvier 2019",
                    object="Adhésion", delib_number=None, vote_result=None, page=1, quote=quote)


def test_score_answer_by_hand() -> None:
    answer = Answer("Combien ?", "Combien ?", "« montant annuel de 732 € TTC » [1] « 655 € » [2]",
                    refused=False,
                    citations=(_citation(1, "/c/a.txt", "montant annuel de 732 € TTC"),
                               _citation(2, "/c/b.pdf", "655 €")),
                    retrieved=(("d2", "/c/b.pdf"), ("d1", "/c/a.txt"), ("d9", "/c/a.txt")))
    row = score_answer(_question("fact", ("x/a.pdf",), ("732 €", "TTC")), answer, 12.34)
    assert row.ranked == ("b", "a") and row.first_relevant == 2
    assert row.values["recall@1"] == 0.0 and row.values["recall@5"] == 1.0
    assert row.values["mrr@10"] == 0.5
    assert row.values["fact_recall"] == 1.0
    assert row.values["citation_precision"] == 0.5 and row.values["citation_recall"] == 1.0
    assert row.values["false_refusal"] == 0.0 and row.values["refusal_ok"] is None
    assert row.values["faithfulness"] == 1.0 and row.latency_ms == 12.3
    assert row.failures() == ["recall@1", "mrr@10", "ndcg@10", "citation_precision"]

    refused = Answer("Qui ?", "Qui ?", "Je n'ai trouvé aucune délibération.", refused=True)
    unanswerable = score_answer(_question("unanswerable", ()), refused, 5.0)
    assert unanswerable.values["refusal_ok"] == 1.0
    assert unanswerable.values["recall@5"] is None and unanswerable.values["faithfulness"] is None
    answerable = score_answer(_question("vote", ("a.txt",), ("unanimité",)), refused, 7.0)
    assert answerable.values["false_refusal"] == 1.0 and answerable.values["fact_recall"] == 0.0
    assert answerable.values["citation_recall"] == 0.0

    summary = summarise([row, unanswerable, answerable])
    assert summary["questions"] == 3
    assert summary["recall@5"] == 0.5  # 1.0 and 0.0 (refused, nothing retrieved)
    assert summary["false_refusal_rate"] == 0.5 and summary["refusal_accuracy"] == 1.0
    assert summary["latency_p50_ms"] == 7.0 and summary["latency_p95_ms"] == 12.3
    assert set(summary["by_type"]) == {"fact", "unanswerable", "vote"}
    assert summary["by_type"]["vote"]["fact_recall"] == 0.0
    assert summary["by_type"]["unanswerable"]["recall@5"] is None
    assert summary["outcomes"] == {**dict.fromkeys(OUTCOMES, 0), "answered": 1,
                                   "unanswerable_refused": 1, "refused_answerable": 1}
    assert summary["by_type"]["vote"]["outcomes"]["refused_answerable"] == 1


def test_answers_marked_uncertain_are_counted_by_outcome() -> None:
    sure = Answer("Combien ?", "Combien ?", "« montant annuel de 732 € TTC » [1]", refused=False,
                  citations=(_citation(1, "/c/a.txt", "montant annuel de 732 € TTC"),),
                  retrieved=(("d1", "/c/a.txt"),))
    unsure = replace(sure, uncertain=True)
    rows = [score_answer(_question("fact", ("a.txt",), ("732 €",)), sure, 1.0),
            score_answer(_question("fact", ("a.txt",), ("655 €",)), unsure, 1.0),
            score_answer(_question("unanswerable", ()), unsure, 1.0)]
    summary = summarise(rows)
    assert summary["outcomes"]["answered"] == 1
    assert summary["outcomes_marked_uncertain"] == {
        **dict.fromkeys(OUTCOMES, 0), "wrong_sentence": 1, "unanswerable_answered": 1}
    assert question_row(rows[1])["uncertain"] == 1 and question_row(rows[0])["uncertain"] == 0


def test_each_outcome_by_hand() -> None:
    relevant = _citation(1, "/c/a.txt", "adopté à l'unanimité")
    other = _citation(1, "/c/b.txt", "adopté à l'unanimité")
    vote = _question("vote", ("a.txt",), ("unanimité", "12 voix"))

    def scored(text: str, cited: tuple[Citation, ...], retrieved: tuple[str, ...],
               question: Question = vote) -> str:
        answer = Answer("?", "?", text, refused=False, citations=cited,
                        retrieved=tuple((f"d{i}", f"/c/{r}") for i, r in enumerate(retrieved)))
        return score_answer(question, answer, 1.0).outcome

    assert scored("« 12 voix, unanimité » [1]", (relevant,), ("a.txt",)) == "answered"
    assert scored("« unanimité » [1]", (relevant,), ("a.txt",)) == "wrong_sentence"
    assert scored("« unanimité » [1]", (other,), ("b.txt", "a.txt")) == "other_cited"
    assert scored("« unanimité » [1]", (other,), tuple(f"{n}.txt" for n in "bcdefa")) == (
        "not_retrieved")  # the relevant file sixth
    # ... but cited from the sixth rank (a listing cites its 8 hits): the sentence is wrong
    assert scored("« unanimité » [1]", (relevant,), tuple(f"{n}.txt" for n in "bcdefa")) == (
        "wrong_sentence")
    assert scored("« 12 voix, unanimité » [1]", (other,), ("a.txt", "b.txt")) == (
        "answered_uncited")  # every string, from another deliberation
    assert scored("« 12 voix » [1]", (other,), ("b.txt",),
                  _question("unanswerable", ())) == "unanswerable_answered"
    assert set(OUTCOMES) == {"answered", "answered_uncited", "wrong_sentence", "other_cited",
                             "not_retrieved",
                             "refused_answerable", "unanswerable_refused",
                             "unanswerable_answered"}


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
    sources = {p.name for p in (REPO / "corpus" / "sample").iterdir()}
    assert all(name in sources for q in questions for name in q.relevant)


VALID = {"id": "q1", "question": "Combien ?", "type": "fact", "history": [],
         "relevant": ["a.txt"], "session": "2019-01-28", "object": "Objet", "answer": "732 €",
         "must_contain": ["732"]}


@pytest.mark.parametrize(("change", "message"), [
    ({"type": "opinion"}, "ligne 2, champ « type » : « opinion » inconnu"),
    ({"history": "Avant ?"}, "ligne 2, champ « history » : liste de textes attendue"),
    ({"type": "followup"}, "ligne 2, champ « history » : une question « followup »"),
    ({"type": "unanswerable"}, "ligne 2, champ « relevant » : vide pour « unanswerable »"),
    ({"relevant": []}, "ligne 2, champ « relevant »"),
    ({"session": "28/01/2019"}, "ligne 2, champ « session » : date AAAA-MM-JJ"),
    ({"session": "2019-02-30"}, "ligne 2, champ « session »"),
    ({"question": "  "}, "ligne 2, champ « question » : texte non vide"),
    ({"id": "q0"}, "ligne 2, champ « id » : « q0 » est déjà utilisé"),
    ({"must_contain": ["732", 732]}, "ligne 2, champ « must_contain »"),
    ({"object": 3}, "ligne 2, champ « object »"),
    ({"extra": 1}, "ligne 2 : champ\\(s\\) inconnu\\(s\\) : extra"),
])
def test_each_invalid_field_is_named_with_its_line(tmp_path: Path, change: dict[str, object],
                                                   message: str) -> None:
    path = tmp_path / "q.jsonl"
    first = json.dumps(VALID | {"id": "q0"})
    path.write_text(first + "\n" + json.dumps(VALID | change) + "\n", encoding="utf-8")
    with pytest.raises(DelibError, match=message):
        load_questions(path)


def test_invalid_lines_are_reported_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "1"}\n', encoding="utf-8")
    with pytest.raises(DelibError, match="ligne 1 : champ\\(s\\) manquant\\(s\\) : question"):
        load_questions(path)
    path.write_text("\n{pas du json\n", encoding="utf-8")
    with pytest.raises(DelibError, match="ligne 2 : JSON invalide"):
        load_questions(path)
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(DelibError, match="ligne 1 : un objet JSON"):
        load_questions(path)
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(DelibError, match="aucune question"):
        load_questions(path)
    assert load_questions(_write(tmp_path / "ok.jsonl", VALID))[0].must_contain == ("732",)


def _write(path: Path, line: dict[str, object]) -> Path:
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_character_error_rate_on_hand_counted_examples() -> None:
    assert character_error_rate("chat", "chat") == 0.0
    assert character_error_rate("chat", "chas") == 0.25  # one substitution in 4
    assert character_error_rate("chat", "cat") == 0.25  # one deletion
    assert character_error_rate("ab", "abcd") == 1.0  # two insertions over 2 characters
    assert character_error_rate("l'an  deux\nmille", "l’an deux mille") == 0.0
    assert character_error_rate("", "") == 0.0 and character_error_rate("", "x") == 1.0
