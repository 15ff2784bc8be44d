"""Fitted ranking of the deliberations found, from features of their dense and BM25 candidates."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.engine.logistic import fitted_file

# Rebuilt by ``python -m assistant.engine.fit_ranking``; without it, or fitted with another
# embedding model, the ``fitted`` setting fuses by reciprocal rank.
WEIGHTS_FILE = Path(__file__).with_name("ranking_weights.json")
FEATURES = ("dense", "dense_gap", "dense_rank", "lexical", "lexical_rank", "in_lexical",
            "in_dense", "dense_chunks", "lexical_chunks", "length", "rrf", "lexical_raw",
            "lexical_strength")
_RRF_K = 60
_ABSENT_RANK = 40  # the rank given to a deliberation that a list does not hold


@dataclass(frozen=True)
class Pool:
    """What one search found: the dense and lexical chunk lists (best first), the cosine of
    every chunk of either list with the question, the deliberation of each chunk and how many
    chunks each deliberation has."""

    dense: list[tuple[str, float]]
    lexical: list[tuple[str, float]]
    cosines: dict[str, float]
    owner: dict[str, str]
    sizes: dict[str, int]

    def deliberations(self) -> list[str]:
        """The deliberations of the pool, in order of first appearance (dense list first)."""
        chunks = [c for c, _ in self.dense] + [c for c, _ in self.lexical]
        return list(dict.fromkeys(self.owner[c] for c in chunks if c in self.owner))


def features(pool: Pool) -> dict[str, np.ndarray]:
    """Each deliberation of ``pool`` and its feature values, in the order of ``FEATURES``."""
    found = pool.deliberations()
    dense = _best(pool, pool.cosines.items())
    if not found or not dense:  # no cosine at all: nothing to rank with
        return {}
    best, worst = max(dense.values()), min(dense.values())
    dense = {d: dense.get(d, worst) for d in found}  # a vector missing from the store: last
    dense_rank = {d: i for i, d in enumerate(sorted(found, key=lambda d: -dense[d]))}
    top = max((s for _, s in pool.lexical), default=1.0) or 1.0
    lexical = _best(pool, pool.lexical)
    lexical_rank = {d: i for i, d in enumerate(sorted(lexical, key=lambda d: -lexical[d]))}
    in_dense, in_lexical = _counts(pool, pool.dense), _counts(pool, pool.lexical)
    rrf = _rrf(pool)
    rows: dict[str, np.ndarray] = {}
    for d in found:
        share = lexical.get(d, 0.0) / top
        rows[d] = np.array([
            dense[d], dense[d] - best, math.log1p(dense_rank[d]),
            share, math.log1p(lexical_rank.get(d, _ABSENT_RANK)), float(d in lexical),
            float(d in in_dense), math.log1p(in_dense.get(d, 0)),
            math.log1p(in_lexical.get(d, 0)), math.log1p(pool.sizes.get(d, 1)),
            rrf.get(d, 0.0) * _RRF_K, math.log1p(max(lexical.get(d, 0.0), 0.0)),
            math.log1p(max(top, 0.0)) * share])
    return rows


def _best(pool: Pool, scored: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Each deliberation's best score among its chunks in ``scored`` (chunk id, score)."""
    best: dict[str, float] = {}
    for chunk, score in scored:
        owner = pool.owner.get(chunk)
        if owner is not None and score > best.get(owner, -math.inf):
            best[owner] = score
    return best


def _counts(pool: Pool, listed: list[tuple[str, float]]) -> dict[str, int]:
    """How many chunks of each deliberation ``listed`` holds."""
    counts: dict[str, int] = {}
    for chunk, _ in listed:
        owner = pool.owner.get(chunk)
        if owner is not None:
            counts[owner] = counts.get(owner, 0) + 1
    return counts


def _rrf(pool: Pool) -> dict[str, float]:
    """Each deliberation's best chunk score under reciprocal rank fusion."""
    fused: dict[str, float] = {}
    for listed in (pool.dense, pool.lexical):
        for rank, (chunk, _) in enumerate(listed):
            owner = pool.owner.get(chunk)
            if owner is not None:
                fused[chunk] = fused.get(chunk, 0.0) + 1 / (_RRF_K + 1 + rank)
    best: dict[str, float] = {}
    for chunk, score in fused.items():
        owner = pool.owner[chunk]
        best[owner] = max(best.get(owner, 0.0), score)
    return best


@dataclass(frozen=True)
class RankingModel:
    """Standardised logistic weights over ``FEATURES``."""

    weights: np.ndarray  # bias first
    mean: np.ndarray
    scale: np.ndarray

    def scores(self, rows: dict[str, np.ndarray]) -> dict[str, float]:
        """Each deliberation's score (higher ranks first)."""
        if not rows:
            return {}
        ids = list(rows)
        x = (np.vstack([rows[d] for d in ids]) - self.mean) / self.scale
        values = self.weights[0] + x @ self.weights[1:]
        return dict(zip(ids, (float(v) for v in values), strict=True))


@lru_cache(maxsize=4)
def ranking_model(embedding_model: str, path: Path = WEIGHTS_FILE) -> RankingModel | None:
    """The model fitted with ``embedding_model``'s vectors (its cosines are on that model's
    scale); None when no file was fitted, for another model, or with other features: the
    retrieval then fuses by reciprocal rank, as the refusal falls back to its rules."""
    data = fitted_file(path, FEATURES, embedding_model)
    if data is None:
        return None
    return RankingModel(np.array(data["weights"], dtype=float),
                        np.array(data["mean"], dtype=float), np.array(data["scale"], dtype=float))
