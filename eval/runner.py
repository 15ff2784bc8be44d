"""Answering a question set through the ``Assistant`` and scoring each answer."""

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assistant.core import Assistant
from eval.metrics import mrr_at, ndcg_at, recall_at
from eval.questions import Question, contains, file_key
from index.models import Answer

_FIGURE = re.compile(r"\d[\d\s.,\u202f\u00a0]*\d|\d")


@dataclass(frozen=True)
class Scored:
    """One question, the assistant's answer, and every per-question measure."""

    question: Question
    answer: Answer
    ranked: tuple[str, ...]
    values: dict[str, float | None]


def score_answer(question: Question, answer: Answer) -> Scored:
    """Per-question values; None where a measure does not apply (e.g. recall when unanswerable)."""
    ranked = tuple(dict.fromkeys(file_key(source) for _, source in answer.retrieved))
    relevant = {file_key(name) for name in question.relevant}
    answerable = question.type != "unanswerable"
    cited = [file_key(c.source) for c in answer.citations]
    values: dict[str, float | None] = dict.fromkeys(
        ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "fact_recall",
         "citation_precision", "citation_recall", "false_refusal"), None)
    if answerable:
        values |= {"recall@1": recall_at(ranked, relevant, 1),
                   "recall@5": recall_at(ranked, relevant, 5),
                   "recall@10": recall_at(ranked, relevant, 10),
                   "mrr@10": mrr_at(ranked, relevant, 10),
                   "ndcg@10": ndcg_at(ranked, relevant, 10),
                   "fact_recall": float(all(contains(answer.text, s)
                                            for s in question.must_contain)),
                   "false_refusal": float(answer.refused)}
        if cited:
            values["citation_precision"] = sum(c in relevant for c in cited) / len(cited)
            values["citation_recall"] = len(relevant & set(cited)) / len(relevant)
    values["refusal_ok"] = None if answerable else float(answer.refused)
    values["faithfulness"] = faithfulness(answer)
    values["latency_ms"] = dict(answer.timings_ms).get("total")
    return Scored(question, answer, ranked, values)


def faithfulness(answer: Answer) -> float | None:
    """Share of quoted passages whose figures all appear in what their [n] cites."""
    if answer.refused or not answer.citations:
        return None
    quotes = re.findall(r"«\s(.+?)\s»\s\[(\d+)\]", answer.text, re.S)
    by_n = {str(c.n): c.quote for c in answer.citations}
    ok = [all(fig in by_n.get(n, "") for fig in _FIGURE.findall(text)) and text in by_n.get(n, "")
          for text, n in quotes]
    return sum(ok) / len(ok) if ok else 0.0


def run(assistant: Assistant, questions: Iterable[Question]) -> list[Scored]:
    """Each question asked after its history, through the same API as the UI."""
    return [score_answer(q, assistant.ask(q.question, list(q.history))) for q in questions]


def summarise(rows: list[Scored]) -> dict[str, Any]:
    """Flat metrics overall, then the same per question type."""
    summary = _aggregate(rows)
    by_type: dict[str, list[Scored]] = defaultdict(list)
    for row in rows:
        by_type[row.question.type].append(row)
    summary["by_type"] = {kind: _aggregate(group) for kind, group in sorted(by_type.items())}
    return summary


def _aggregate(rows: list[Scored]) -> dict[str, Any]:
    out: dict[str, Any] = {"questions": len(rows)}
    names = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "fact_recall",
             "citation_precision", "citation_recall", "faithfulness")
    for name in names:
        out[name] = _mean(row.values[name] for row in rows)
    out["refusal_accuracy"] = _mean(row.values["refusal_ok"] for row in rows)
    out["false_refusal_rate"] = _mean(row.values["false_refusal"] for row in rows)
    latencies = sorted(v for row in rows if (v := row.values["latency_ms"]) is not None)
    out["latency_p50_ms"] = round(statistics.median(latencies), 1) if latencies else None
    out["latency_p95_ms"] = (round(latencies[min(len(latencies) - 1,
                                                  int(0.95 * len(latencies)))], 1)
                             if latencies else None)
    return out


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 3) if present else None
