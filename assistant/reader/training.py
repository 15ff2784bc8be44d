"""Fit the reader and the refusal on the tune questions and write the shipped weights.

    DELIB_DATA_DIR=INDEX python -m assistant.reader.training [QUESTIONS.jsonl ...]

INDEX must hold the texts the questions were written on (eval/datasets/multi/texts); the
questions default to eval/datasets/multi/questions/tune-*.jsonl (never the check side). Each
question is asked through the assistant up to its reading (follow-ups after their history,
replayed with the shipped weights; without them, follow-ups wait for a second run). The
reader's positives are the candidates of a relevant file that hold the most must_contain strings;
the refusal learns when the composed answer is right, or when the question has an answer
(whichever refuses better under LOAO). Scores are reported in-sample and
leave-one-authority-out (LOAO); the refusal's operating point is chosen on the LOAO
probabilities for a false refusal rate of at most ``MAX_FALSE_REFUSALS``.
"""

import argparse
import json
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from assistant.core import Assistant, is_listing
from assistant.reader.features import FEATURES
from assistant.reader.model import WEIGHTS_FILE, Logistic, fit, load_weights
from assistant.reader.reading import REFUSAL_FEATURES, Reading, choose, opening, refusal_row
from eval.questions import Question, contains, file_key, load_questions
from index.settings import Settings

TUNE = sorted(Path("eval/datasets/multi/questions").glob("tune-*.jsonl"))
MAX_FALSE_REFUSALS = 0.10
TARGETS = ("right", "answerable")
SECOND_QUOTES = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass(frozen=True)
class Example:
    """A tune question, its reading and the label of each candidate."""

    question: Question
    reading: Reading
    labels: np.ndarray


class _Captured(Exception):
    def __init__(self, reading: Reading) -> None:
        super().__init__("reading captured")
        self.reading = reading


class _Recording(Assistant):
    """The assistant, stopped once the question asked last is read."""

    capturing = False

    def reading(self, *args: Any, **kwargs: Any) -> Reading:
        found = super().reading(*args, **kwargs)
        if self.capturing:
            raise _Captured(found)
        return found


def collect(assistant: _Recording, questions: Sequence[Question], replay: bool,
            ) -> list[Example]:
    """A reading per question (listings, and follow-ups when ``replay`` is off, skipped)."""
    examples = []
    for question in questions:
        if is_listing(question.question) or (question.history and not replay):
            continue
        assistant.capturing = False
        for depth, turn in enumerate(question.history):
            assistant.ask(turn, list(question.history[:depth]))
        assistant.capturing = True
        try:
            assistant.ask(question.question, list(question.history))
        except _Captured as captured:
            examples.append(Example(question, captured.reading,
                                    labels(question, captured.reading)))
    return examples


def labels(question: Question, reading: Reading) -> np.ndarray:
    """1 for the candidates of a relevant file holding the most must_contain strings."""
    relevant = {file_key(name) for name in question.relevant}
    held = np.array([sum(contains(c.text, s) for s in question.must_contain)
                     if file_key(c.source) in relevant else 0 for c in reading.found])
    if not len(held) or held.max() == 0:
        return np.zeros(len(held))
    return (held == held.max()).astype(float)


def reader_probabilities(examples: Sequence[Example], held_out: bool) -> list[np.ndarray]:
    """Each question's candidate probabilities, from a reader fitted on all the questions or,
    ``held_out``, on the other authorities' questions only."""
    def fitted(train: list[Example]) -> Logistic:
        return fit(np.vstack([e.reading.rows for e in train]),
                   np.concatenate([e.labels for e in train]), FEATURES)
    return _by_authority(examples, held_out, fitted,
                         lambda model, e: model.probability(e.reading.rows))


def _by_authority(examples: Sequence[Example], held_out: bool,
                  fitted: Callable[[list[Example]], Logistic],
                  apply: Callable[[Logistic, Example], Any]) -> list[Any]:
    if not held_out:
        model = fitted(list(examples))
        return [apply(model, e) for e in examples]
    groups = _groups(examples)
    out: list[Any] = [None] * len(examples)
    for group in sorted(set(groups)):
        model = fitted([e for e, g in zip(examples, groups, strict=True) if g != group])
        for i, e in enumerate(examples):
            if groups[i] == group:
                out[i] = apply(model, e)
    return out


def _groups(examples: Sequence[Example]) -> list[str]:
    """The authority of each question; five folds when the set has a single authority."""
    authorities = [e.question.authority or "" for e in examples]
    if len(set(authorities)) > 1:
        return authorities
    return [str(i % 5) for i in range(len(examples))]


def outcome(example: Example, probabilities: np.ndarray, second_quote: float,
            ) -> tuple[bool, float | None]:
    """(the composed answer holds every must_contain string, citation precision)."""
    chosen = choose(example.reading, probabilities, second_quote)
    if not chosen:
        return False, None
    span = opening(chosen, example.reading.asked.kind) or ""
    text = " ".join([span, *(c.text for c in chosen)])
    relevant = {file_key(name) for name in example.question.relevant}
    right = bool(relevant) and all(contains(text, s) for s in example.question.must_contain)
    return right, sum(file_key(c.source) in relevant for c in chosen) / len(chosen)


def second_quote(examples: Sequence[Example], probabilities: Sequence[np.ndarray]) -> float:
    """The share that maximises right answers minus wrong citations on answerable questions."""
    def gain(share: float) -> float:
        results = [outcome(e, p, share) for e, p in zip(examples, probabilities, strict=True)
                   if e.question.type != "unanswerable"]
        return sum(right - (1 - (precision or 0)) for right, precision in results)
    return max(SECOND_QUOTES, key=gain)


def refusal_data(examples: Sequence[Example], probabilities: Sequence[np.ndarray],
                 share: float, target: str) -> tuple[np.ndarray, np.ndarray]:
    """The refusal's rows, and its labels: 1 when the composed answer is right (``target``
    "right") or when the question has an answer ("answerable")."""
    rows = np.array([refusal_row(e.reading, p) for e, p in zip(examples, probabilities,
                                                                strict=True)])
    labels = []
    for e, p in zip(examples, probabilities, strict=True):
        ok, precision = outcome(e, p, share)
        labels.append(float(ok and bool(precision)) if target == "right"
                      else float(e.question.type != "unanswerable"))
    return rows, np.array(labels)


def refusal_probabilities(examples: Sequence[Example], rows: np.ndarray, right: np.ndarray,
                          held_out: bool) -> np.ndarray:
    index = {id(e): i for i, e in enumerate(examples)}
    def fitted(train: list[Example]) -> Logistic:
        keep = [index[id(e)] for e in train]
        return fit(rows[keep], right[keep], REFUSAL_FEATURES)
    return np.array(_by_authority(examples, held_out, fitted,
                                  lambda model, e: model.probability(rows[index[id(e)]][None])[0]))


def operating_point(examples: Sequence[Example], p_right: np.ndarray) -> float:
    """The highest threshold that refuses at most ``MAX_FALSE_REFUSALS`` of the answerable."""
    answerable = np.sort(p_right[[e.question.type != "unanswerable" for e in examples]])
    allowed = int(np.floor(MAX_FALSE_REFUSALS * len(answerable)))
    return float(answerable[allowed]) if allowed < len(answerable) else 1.0


def measure(examples: Sequence[Example], probabilities: Sequence[np.ndarray], share: float,
            p_right: np.ndarray, threshold: float) -> dict[str, float]:
    """Reader top-1, and what the answers would score with the refusal at ``threshold``."""
    answerable = [i for i, e in enumerate(examples) if e.question.type != "unanswerable"]
    unanswerable = [i for i, e in enumerate(examples) if e.question.type == "unanswerable"]
    top = [float(e.labels[int(np.argmax(p))]) for e, p in zip(examples, probabilities,
                                                              strict=True)
           if len(p) and e.labels.any()]
    results = [outcome(e, p, share) for e, p in zip(examples, probabilities, strict=True)]
    answered = p_right >= threshold
    precisions = [p for i, (_, p) in enumerate(results) if answered[i] and p is not None]
    return {"reader_top1": round(float(np.mean(top)), 4),
            "fact_recall": round(float(np.mean([results[i][0] and answered[i]
                                                for i in answerable])), 4),
            "false_refusal_rate": round(float(np.mean([not answered[i] for i in answerable])), 4),
            "refusal_accuracy": round(float(np.mean([not answered[i] for i in unanswerable])), 4)
            if unanswerable else 0.0,
            "citation_precision": round(float(np.mean(precisions)), 4) if precisions else 0.0}


def train(examples: list[Example]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(weights as JSON, the in-sample and LOAO report). The refusal's target is the one of
    ``TARGETS`` whose LOAO refusal accuracy plus fact recall is highest."""
    out_of_fold = reader_probabilities(examples, held_out=True)
    share = second_quote(examples, out_of_fold)
    trials = {}
    for target in TARGETS:
        rows, labels = refusal_data(examples, out_of_fold, share, target)
        p_loao = refusal_probabilities(examples, rows, labels, held_out=True)
        threshold = operating_point(examples, p_loao)
        trials[target] = (measure(examples, out_of_fold, share, p_loao, threshold), threshold,
                          rows, labels)
    target = max(TARGETS, key=lambda t: trials[t][0]["refusal_accuracy"]
                 + trials[t][0]["fact_recall"])
    loao, threshold, rows, labels = trials[target]
    in_sample = reader_probabilities(examples, held_out=False)
    in_rows, in_labels = refusal_data(examples, in_sample, share, target)
    p_in = refusal_probabilities(examples, in_rows, in_labels, held_out=False)
    report = {"refusal_target": target, "loao": loao,
              "in_sample": measure(examples, in_sample, share, p_in, threshold),
              "loao_by_target": {t: trials[t][0] for t in TARGETS}}
    reader = fit(np.vstack([e.reading.rows for e in examples]),
                 np.concatenate([e.labels for e in examples]), FEATURES)
    refusal = fit(rows, labels, REFUSAL_FEATURES)  # on out-of-fold reader scores, as at run time
    weights = {"reader": reader.to_json(), "refusal": refusal.to_json(),
               "threshold": round(threshold, 6), "second_quote": share}
    return weights, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.reader.training",
                                     description="Ajuste le lecteur et le refus sur les "
                                                 "questions tune.")
    parser.add_argument("questions", nargs="*", type=Path, default=TUNE)
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--cache", type=Path, help="lectures mises en cache (pickle)")
    args = parser.parse_args(argv)
    if any(path.name.startswith("check") for path in args.questions):
        print("Les questions « check » ne servent jamais à ajuster.", file=sys.stderr)
        return 2
    examples = _examples(args.questions, args.cache)
    weights, report = train(examples)
    weights["trained_on"] = {"questions": [str(p) for p in args.questions],
                             "examples": len(examples),
                             "authorities": len({e.question.authority for e in examples}),
                             "date": datetime.now(UTC).strftime("%Y-%m-%d"), **report}
    args.out.write_text(json.dumps(weights, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    load_weights.cache_clear()
    print(json.dumps(weights["trained_on"], indent=1, ensure_ascii=False))
    return 0


def _examples(paths: Sequence[Path], cache: Path | None) -> list[Example]:
    if cache is not None and cache.exists():
        with cache.open("rb") as file:
            cached: list[Example] = pickle.load(file)
        return cached
    questions = [q for path in paths for q in load_questions(path)]
    environment: dict[str, Any] = {}  # DELIB_* variables only
    assistant = _Recording(Settings(**environment))
    try:
        examples = collect(assistant, questions, replay=WEIGHTS_FILE.exists())
    finally:
        assistant.close()
    if cache is not None:
        with cache.open("wb") as file:
            pickle.dump(examples, file)
    return examples


if __name__ == "__main__":
    sys.exit(main())
