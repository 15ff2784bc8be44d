"""Answering a question set through the ``Assistant`` and scoring each answer."""

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eval.faithfulness import faithfulness
from eval.metrics import (
    citation_precision,
    citation_recall,
    first_rank,
    mean,
    mrr_at,
    ndcg_at,
    percentile,
    recall_at,
)
from eval.outcomes import count, outcome
from eval.questions import Question, contains, contains_all, file_key
from index.models import Answer, Citation, Filters

RANKING = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
# per-question measure -> name of its average in metrics.json
AVERAGES = {**{name: name for name in RANKING}, "fact_recall": "fact_recall",
            "citation_precision": "citation_precision", "citation_recall": "citation_recall",
            "refusal_ok": "refusal_accuracy", "false_refusal": "false_refusal_rate",
            "faithfulness": "faithfulness", "span_ok": "span_accuracy"}
METRICS = (*AVERAGES.values(), "latency_p50_ms", "latency_p95_ms")


class Asker(Protocol):
    """What the evaluation needs of the assistant: ``Assistant.ask``."""

    def ask(self, question: str, history: Sequence[str] = ...,
            filters: Filters | None = ...) -> Answer: ...


@dataclass(frozen=True)
class Scored:
    """One question, the assistant's answer, and every per-question measure."""

    question: Question
    answer: Answer
    ranked: tuple[str, ...]
    cited: tuple[str, ...]
    first_relevant: int | None
    values: dict[str, float | None]
    latency_ms: float

    def passed(self, name: str) -> bool | None:
        """Whether this question fully meets a measure (None when it does not apply)."""
        value = self.values[name]
        if value is None:
            return None
        return value == 0 if name == "false_refusal" else value == 1

    def failures(self) -> list[str]:
        return [name for name in AVERAGES if self.passed(name) is False]

    @property
    def outcome(self) -> str:
        """What became of the question (``eval.outcomes.OUTCOMES``)."""
        return outcome(self.question.type != "unanswerable", self.answer.refused, self.values)


def score_answer(question: Question, answer: Answer, latency_ms: float) -> Scored:
    """Per-question values; None where a measure does not apply (e.g. recall when unanswerable)."""
    ranked = tuple(dict.fromkeys(file_key(source) for _, source in answer.retrieved))
    relevant = {file_key(name) for name in question.relevant}
    cited = tuple(file_key(c.source) for c in answer.citations)
    answerable = question.type != "unanswerable"
    values: dict[str, float | None] = dict.fromkeys(AVERAGES, None)
    if answerable:
        values |= {"recall@1": recall_at(ranked, relevant, 1),
                   "recall@5": recall_at(ranked, relevant, 5),
                   "recall@10": recall_at(ranked, relevant, 10),
                   "mrr@10": mrr_at(ranked, relevant, 10),
                   "ndcg@10": ndcg_at(ranked, relevant, 10),
                   "fact_recall": float(contains_all(answer.text, question.must_contain)),
                   "citation_recall": citation_recall(cited, relevant),
                   "false_refusal": float(answer.refused)}
        if answer.span and question.must_contain and not answer.refused:
            values["span_ok"] = float(any(contains(answer.span, s)
                                          for s in question.must_contain))
    else:
        values["refusal_ok"] = float(answer.refused)
    values["citation_precision"] = citation_precision(cited, relevant)
    values["faithfulness"] = (None if answer.refused
                              else faithfulness(answer.text, cited_texts(answer.citations)))
    return Scored(question, answer, ranked, cited, first_rank(ranked, relevant), values,
                  round(latency_ms, 1))


def cited_texts(citations: Iterable[Citation]) -> dict[int, str]:
    """What each [n] shows the reader: the quoted passage and its header (session, object...)."""
    return {c.n: " ; ".join(part for part in (c.collectivity, c.session_label, c.session_date,
                                              c.object, c.delib_number, c.quote) if part)
            for c in citations}


def ask(assistant: Asker, question: Question) -> tuple[Answer, float]:
    """The earlier turns first, as the UI asks them, then the question, timed alone."""
    for depth, turn in enumerate(question.history):
        assistant.ask(turn, list(question.history[:depth]))
    started = time.perf_counter()
    answer = assistant.ask(question.question, list(question.history))
    return answer, (time.perf_counter() - started) * 1000


def run(assistant: Asker, questions: Iterable[Question],
        on_scored: Callable[[Scored], None] | None = None) -> list[Scored]:
    """Each question asked after its history, through the same API as the UI."""
    rows = []
    for question in questions:
        row = score_answer(question, *ask(assistant, question))
        rows.append(row)
        if on_scored is not None:
            on_scored(row)
    return rows


def summarise(rows: list[Scored]) -> dict[str, Any]:
    """Flat metrics overall, then the same per question type under ``by_type``."""
    summary = aggregate(rows)
    by_type: dict[str, list[Scored]] = defaultdict(list)
    for row in rows:
        by_type[row.question.type].append(row)
    summary["by_type"] = {kind: aggregate(group) for kind, group in sorted(by_type.items())}
    return summary


def aggregate(rows: list[Scored]) -> dict[str, Any]:
    """Averages of the per-question values that apply, latency percentiles, how many
    questions had each outcome, and how many of each among the answers marked « Réponse
    incertaine »."""
    out: dict[str, Any] = {"questions": len(rows)}
    for name, average in AVERAGES.items():
        value = mean(row.values[name] for row in rows)
        out[average] = None if value is None else round(value, 4)
    latencies = [row.latency_ms for row in rows]
    out["latency_p50_ms"] = percentile(latencies, 50)
    out["latency_p95_ms"] = percentile(latencies, 95)
    out["outcomes"] = count(row.outcome for row in rows)
    out["outcomes_marked_uncertain"] = count(row.outcome for row in rows
                                             if row.answer.uncertain and not row.answer.refused)
    return out
