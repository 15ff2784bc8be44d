"""Reading a question's evidence: candidates, their features, their scores, the quotes chosen,
the answer's opening span, and the features the refusal decides on."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.reader.candidates import Candidate, candidates
from assistant.reader.features import FEATURES, Asked, Evidence, featurize
from assistant.reader.model import Weights
from assistant.reader.types import answer_span
from assistant.retrieval import DeliberationHit

MAX_QUOTES = 2
REFUSAL_FEATURES = ("best", "second", "margin", "best_typed", "any_typed", "kind_other",
                    "best_coverage", "best_subject_coverage", "best_names_near",
                    "best_requirements_missing", "best_dense", "top_dense", "terms", "span")
_COLUMN = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class Reading:
    """A question's candidate sentences and their features (independent of the weights)."""

    asked: Asked
    found: tuple[Candidate, ...]
    rows: np.ndarray


def read(asked: Asked, hits: Sequence[DeliberationHit], texts: Mapping[str, str],
         evidence: Evidence) -> Reading:
    found = tuple(candidates(hits, texts, asked.terms))
    return Reading(asked, found, featurize(asked, found, evidence))


def ranked(reading: Reading, probabilities: np.ndarray) -> list[int]:
    """Candidate indexes, most probable answer first (retrieval order breaks ties)."""
    return sorted(range(len(reading.found)), key=lambda i: -probabilities[i])


def choose(reading: Reading, probabilities: np.ndarray, second_quote: float) -> list[Candidate]:
    """The best candidate, and the next best of the same deliberation when it scores nearly
    as well."""
    order = ranked(reading, probabilities)
    if not order:
        return []
    chosen = [order[0]]
    same = [i for i in order[1:]
            if reading.found[i].deliberation_id == reading.found[order[0]].deliberation_id]
    for i in same[: MAX_QUOTES - 1]:
        if probabilities[i] >= second_quote * probabilities[order[0]]:
            chosen.append(i)
    return [reading.found[i] for i in chosen]


def refusal_row(reading: Reading, probabilities: np.ndarray) -> np.ndarray:
    """The evidence that an answer was found, as one row of ``REFUSAL_FEATURES``."""
    order = ranked(reading, probabilities)
    if not order:
        return np.array([-10.0, 0, 0, 0, 0, float(reading.asked.kind == "other"), 0, 0, 0, 1, 0,
                         0, math.log1p(len(reading.asked.terms)), 0])
    best = reading.rows[order[0]]
    p = np.clip(probabilities[order], 1e-6, 1 - 1e-6)
    logit = np.log(p / (1 - p))
    typed = reading.rows[:, _COLUMN["typed"]]
    kind = reading.asked.kind
    span = kind not in ("other", "title") and answer_span(reading.found[order[0]].text, kind)
    return np.array([
        logit[0], p[1] if len(p) > 1 else 0.0, logit[0] - (logit[1] if len(p) > 1 else -10.0),
        best[_COLUMN["typed"]], float(typed[order[:5]].max()), float(kind == "other"),
        best[_COLUMN["coverage"]], best[_COLUMN["subject_coverage"]],
        best[_COLUMN["names_near"]], best[_COLUMN["requirements_missing"]],
        best[_COLUMN["dense"]], float(reading.rows[:, _COLUMN["dense"]].max()),
        math.log1p(len(reading.asked.terms)), float(bool(span))])


def decide(reading: Reading, weights: Weights) -> tuple[list[Candidate], float]:
    """The quotes and the probability that they answer (refuse below ``weights.threshold``)."""
    probabilities = weights.reader.probability(reading.rows)
    chosen = choose(reading, probabilities, weights.second_quote)
    right = weights.refusal.probability(refusal_row(reading, probabilities)[None, :])[0]
    return chosen, float(right)


def opening(chosen: Sequence[Candidate], kind: str) -> str | None:
    """The exact span that answers, verbatim from the first quote, when the kind is known."""
    if not chosen or kind in ("other", "title"):
        return None
    return answer_span(chosen[0].text, kind)
