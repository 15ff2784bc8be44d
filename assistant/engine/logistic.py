"""Logistic regression by Newton's method, for the small models fitted on the tune questions."""

import numpy as np


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
