"""Retrieval, citation and latency metrics as pure functions over ranked lists of file keys."""

import math
from collections.abc import Iterable, Sequence


def recall_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant items found in the first ``k``."""
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def mrr_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Reciprocal rank of the first relevant item within ``k`` (0 when none)."""
    for position, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            return 1 / position
    return 0.0


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Binary-gain nDCG@k."""
    gains = sum(1 / math.log2(i + 1) for i, item in enumerate(ranked[:k], start=1)
                if item in relevant)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(k, len(relevant)) + 1))
    return gains / ideal if ideal else 0.0


def first_rank(ranked: Sequence[str], relevant: set[str]) -> int | None:
    """1-based rank of the first relevant item, None when none was retrieved."""
    return next((i for i, item in enumerate(ranked, start=1) if item in relevant), None)


def citation_precision(cited: Sequence[str], relevant: set[str]) -> float | None:
    """Share of the citations that point to a relevant source (None when nothing is cited).

    Every citation counts, so two quotes of one relevant file weigh twice; an answer to an
    unanswerable question (no relevant source) that cites anything scores 0."""
    if not cited:
        return None
    return sum(item in relevant for item in cited) / len(cited)


def citation_recall(cited: Sequence[str], relevant: set[str]) -> float | None:
    """Share of the relevant sources cited at least once (None when nothing is relevant)."""
    if not relevant:
        return None
    return len(relevant & set(cited)) / len(relevant)


def percentile(values: Iterable[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least ``p`` % of values <= it."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Iterable[float | None]) -> float | None:
    """Average of the values that apply (None ignored), None when none applies."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edit distance (insertions, deletions, substitutions) over the reference's length, after
    runs of white space are made one space and typographic apostrophes straight."""
    ref, hyp = _ocr_form(reference), _ocr_form(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, char in enumerate(ref, 1):
        current = [i]
        for j, other in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        previous = current
    return previous[-1] / len(ref)


def _ocr_form(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())
