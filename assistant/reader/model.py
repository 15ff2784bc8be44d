"""Logistic scorers fitted on the tune questions, and the file that ships their weights."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
_ITERATIONS = 50


@dataclass(frozen=True)
class Logistic:
    """P(y = 1 | x) = sigmoid(coef · (x - mean) / scale + intercept)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, rows: np.ndarray) -> np.ndarray:
        if rows.shape[0] == 0:
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1 / (1 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                "intercept": round(self.intercept, 6)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Logistic":
        return cls(tuple(data["features"]), np.array(data["mean"]), np.array(data["scale"]),
                   np.array(data["coef"]), float(data["intercept"]))


def fit(rows: np.ndarray, labels: np.ndarray, features: tuple[str, ...],
        l2: float = 1.0) -> Logistic:
    """L2-regularised logistic regression on standardised columns (Newton's method)."""
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    x = np.hstack([(rows - mean) / scale, np.ones((rows.shape[0], 1))])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(_ITERATIONS):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - labels) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(features, mean, scale, w[:-1], float(w[-1]))


@dataclass(frozen=True)
class Weights:
    """The reader, the refusal and the operating points chosen with them."""

    reader: Logistic
    refusal: Logistic
    threshold: float  # refuse below this probability that the answer is right
    second_quote: float  # a second quote from this share of the first quote's probability


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_FILE) -> Weights:
    """The shipped weights (``python -m assistant.reader.training`` rebuilds them)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Weights(Logistic.from_json(data["reader"]), Logistic.from_json(data["refusal"]),
                   float(data["threshold"]), float(data["second_quote"]))
