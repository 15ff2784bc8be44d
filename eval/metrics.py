"""Retrieval and answer metrics as pure functions over ranked lists of file keys."""

import math
from collections.abc import Sequence


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
