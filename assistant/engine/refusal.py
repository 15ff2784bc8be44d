"""Whether the documents hold an answer: a logistic model over the evidence of the best quote.

The evidence of a candidate quote (does its deliberation print the question's names and
figures, how much of the subject, how close in meaning, does the sentence hold the kind of
answer asked...) becomes a few numbers; the weights and the operating point are fitted on the
tune questions by ``python -m assistant.engine.fit_refusal`` and read from
``refusal_weights.json``. Its similarities are those of one embedding model: with another
model, or without that file, the rules alone decide (every hard requirement met) until
``fit_refusal`` is run with that model.
"""

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.engine.logistic import fitted_file

WEIGHTS_FILE = Path(__file__).with_name("refusal_weights.json")
FEATURES = ("kind_other", "names_asked", "names_missing", "figures_missing",
            "coverage", "dense", "sentence_coverage", "cosine", "score", "names_beside",
            "delib_rank", "subject_terms", "typed_rank", "rarest_missing",
            "local_coverage", "unseen", "cued")


@dataclass(frozen=True)
class Evidence:
    """What speaks for and against quoting one sentence as the answer."""

    kind_other: bool  # the question asks for no particular kind of answer
    names_asked: int
    names_missing: int  # of the question's names, those its deliberation does not print
    figures_asked: int
    figures_missing: int
    coverage: float  # weighted share of the subject in the deliberation
    dense: float  # e5 cosine of the deliberation's closest passage
    sentence_coverage: float
    cosine: float  # e5 cosine of question and sentence
    score: float  # the reader's ranking score
    names_beside: bool
    delib_rank: int
    subject_terms: int
    typed_rank: int  # rank of the sentence among those holding the kind asked
    rarest_missing: float  # rarity of the rarest subject term the deliberation lacks (0-1)
    local_coverage: float  # share of the subject around the sentence
    unseen: float  # share of the subject's weight found in no indexed deliberation
    cued: bool  # a line that prints what is asked (a rapporteur, a vote, a president)

    def vector(self) -> list[float]:
        """The features in ``FEATURES`` order."""
        return [float(self.kind_other), math.log1p(self.names_asked),
                self.names_missing / self.names_asked if self.names_asked else 0.0,
                self.figures_missing / self.figures_asked if self.figures_asked else 0.0,
                self.coverage, self.dense, self.sentence_coverage, self.cosine, self.score,
                float(self.names_beside), 1 / (1 + self.delib_rank),
                math.log1p(self.subject_terms), 1 / (1 + self.typed_rank), self.rarest_missing,
                self.local_coverage, self.unseen, float(self.cued)]


@dataclass(frozen=True)
class RefusalModel:
    """Standardised features, logistic weights (bias first), the operating point, and the
    chance under which an answer given is marked uncertain (``confident``: no mark when equal
    to the operating point)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    threshold: float
    confident: float

    def probability(self, evidence: Evidence) -> float:
        """Chances that the documents answer the question with this sentence."""
        z = self.weights[0] + sum(
            w * (x - m) / s for w, x, m, s in zip(self.weights[1:], evidence.vector(),
                                                   self.mean, self.scale, strict=True))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def verdict(self, evidence: Evidence) -> tuple[bool, bool]:
        """(answer at all, answer marked uncertain): an answer is uncertain when its chance is
        under the point above which few unanswerable questions were answered (``fit_refusal``)."""
        chance = self.probability(evidence)
        return chance >= self.threshold, self.threshold <= chance < self.confident


@lru_cache(maxsize=4)
def refusal_model(embedding_model: str, path: Path = WEIGHTS_FILE) -> RefusalModel | None:
    """The model fitted with ``embedding_model``'s vectors; None when no file was fitted, for
    another model, with other features, or when the file is damaged (no threshold, values of
    another shape)."""
    data = fitted_file(path, FEATURES, embedding_model)
    if data is None or "threshold" not in data:
        return None
    threshold = float(data["threshold"])
    return RefusalModel(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                        threshold, float(data.get("confident", threshold)))
