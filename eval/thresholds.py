"""Quality gate: minima and maxima on the evaluation metrics, read from a JSON file."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.runner import METRICS
from index.errors import DelibError

KINDS = ("min", "max")


@dataclass(frozen=True)
class Thresholds:
    """``min``: a metric must be at least this; ``max``: at most this."""

    minima: Mapping[str, float]
    maxima: Mapping[str, float]


@dataclass(frozen=True)
class ThresholdFailure:
    """One metric on the wrong side of its bound (``value`` None: the metric was not measured)."""

    metric: str
    value: float | None
    bound: float
    kind: str

    def describe(self) -> str:
        if self.value is None:
            return f"{self.metric} non mesurée (seuil {self.kind} {self.bound})"
        side = "sous le minimum" if self.kind == "min" else "au-dessus du maximum"
        return f"{self.metric} = {self.value} {side} {self.bound}"


def check_thresholds(metrics: Mapping[str, Any], thresholds: Thresholds) -> list[ThresholdFailure]:
    """Every metric outside its bounds, in the order of the thresholds file."""
    failures = []
    for kind, bounds in (("min", thresholds.minima), ("max", thresholds.maxima)):
        for metric, bound in bounds.items():
            value = metrics.get(metric)
            low = value is not None and kind == "min" and value < bound
            high = value is not None and kind == "max" and value > bound
            if value is None or low or high:
                failures.append(ThresholdFailure(metric, value, bound, kind))
    return failures


def load_thresholds(path: Path) -> Thresholds:
    """Read ``{"min": {metric: value}, "max": {metric: value}}``; errors say what to fix."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DelibError(f"Fichier de seuils illisible : {path} ({error.strerror})") from error
    except json.JSONDecodeError as error:
        raise DelibError(f"{path.name} : JSON invalide, ligne {error.lineno} ({error.msg})"
                         ) from error
    return parse_thresholds(raw, path.name)


def parse_thresholds(raw: object, name: str = "seuils") -> Thresholds:
    """Validate the decoded JSON of a thresholds file."""
    if not isinstance(raw, dict) or not set(raw) & set(KINDS):
        raise DelibError(f"{name} : objet {{\"min\": {{...}}, \"max\": {{...}}}} attendu")
    unknown = sorted(set(raw) - {*KINDS, "description"})
    if unknown:
        raise DelibError(f"{name} : clé(s) inconnue(s) : {', '.join(unknown)} "
                         "(attendues : min, max, description)")
    bounds: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        section = raw.get(kind, {})
        if not isinstance(section, dict):
            raise DelibError(f"{name} : « {kind} » doit être un objet {{métrique: valeur}}")
        for metric, value in section.items():
            if metric not in METRICS:
                raise DelibError(f"{name} : métrique « {metric} » inconnue dans « {kind} » "
                                 f"(connues : {', '.join(METRICS)})")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise DelibError(f"{name} : « {kind}.{metric} » doit être un nombre")
        bounds[kind] = {metric: float(value) for metric, value in section.items()}
    return Thresholds(bounds["min"], bounds["max"])
