"""report.png: each metric per question type (heat map) and the distribution of response times."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SHOWN = ("recall@1", "recall@5", "mrr@10", "ndcg@10", "fact_recall", "citation_precision",
         "citation_recall", "refusal_accuracy", "false_refusal_rate", "faithfulness")

LOWER_IS_BETTER = {"false_refusal_rate"}


def write_plot(path: Path, summary: Mapping[str, Any], latencies: Sequence[float],
               title: str) -> Path:
    """Left: metrics (columns) per type and overall (rows); right: latency histogram."""
    by_type: Mapping[str, Mapping[str, Any]] = summary.get("by_type", {})
    rows = [("global", summary), *by_type.items()]
    grid = [[_value(metrics.get(name)) for name in SHOWN] for _, metrics in rows]
    figure, (left, right) = plt.subplots(1, 2, figsize=(15, 5.5),
                                         gridspec_kw={"width_ratios": [2.2, 1]})
    cells = [[_colour(name, value) for name, value in zip(SHOWN, line, strict=True)]
             for line in grid]
    image = left.imshow(cells, cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
    left.set_xticks(range(len(SHOWN)), SHOWN, rotation=40, ha="right")
    left.set_yticks(range(len(rows)), [f"{name} ({metrics['questions']})"
                                       for name, metrics in rows])
    for y, line in enumerate(grid):
        for x, value in enumerate(line):
            left.text(x, y, "—" if value is None else f"{value:.2f}", ha="center",
                      va="center", fontsize=8)
    left.set_title("Mesures par type de question (vert = bien ; false_refusal_rate : bas = bien)")
    figure.colorbar(image, ax=left, fraction=0.03)
    right.hist(latencies, bins=min(20, max(5, len(latencies) // 3)), color="#4477aa")
    for name, style in (("latency_p50_ms", "--"), ("latency_p95_ms", ":")):
        value = summary.get(name)
        if value is not None:
            right.axvline(value, color="black", linestyle=style, label=f"{name} = {value:.0f}")
    right.set_xlabel("temps de réponse (ms)")
    right.set_ylabel("questions")
    right.set_title("Temps de réponse")
    if summary.get("latency_p50_ms") is not None:
        right.legend()
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path


def _colour(name: str, value: float | None) -> float:
    """Green is good: a low false refusal rate is coloured like a high score."""
    if value is None:
        return float("nan")
    return 1 - value if name in LOWER_IS_BETTER else value


def _value(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
