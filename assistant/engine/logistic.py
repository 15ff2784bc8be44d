"""Logistic regression by Newton's method, for the small models fitted on the tune questions."""

import json
from pathlib import Path
from typing import Any

import numpy as np

from index.settings import vectors_identity


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, its argument clipped to ±30 (no overflow in ``exp``)."""
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50,
        weights: np.ndarray | None = None) -> np.ndarray:
    """Weights of a logistic model with an L2 penalty (the bias, column 0, not penalised);
    ``weights`` gives each row its share of the loss (all 1 by default)."""
    w = np.zeros(x.shape[1])
    share = np.ones(len(y)) if weights is None else weights
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = sigmoid(x @ w)
        gradient = x.T @ ((p - y) * share) + penalty * w
        hessian = (x * (share * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        w -= np.linalg.solve(hessian, gradient)
    return w


def fitted_file(path: Path, features: tuple[str, ...], embedding_model: str,
                ) -> dict[str, Any] | None:
    """The saved model in ``path`` when it was fitted on ``features`` with ``embedding_model``'s
    vectors and its mean, scale and weights (bias first) are lists of numbers that fit them;
    None otherwise (absent, unreadable, another model, other features, values of another
    shape): the caller falls back to its rules."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("features") != list(features) or (
            data.get("embedding_model") != vectors_identity(embedding_model)):
        return None
    sizes = {"mean": len(features), "scale": len(features), "weights": len(features) + 1}
    return data if all(_numbers(data.get(key), size) for key, size in sizes.items()) else None


def _numbers(value: Any, size: int) -> bool:
    """``value`` is a list of ``size`` numbers."""
    return isinstance(value, list) and len(value) == size and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value)
