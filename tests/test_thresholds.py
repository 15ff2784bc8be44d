"""The quality gate: thresholds file format and which metrics fall outside their bounds."""

import json
from pathlib import Path

import pytest

from eval.thresholds import (
    ThresholdFailure,
    Thresholds,
    check_thresholds,
    load_thresholds,
    parse_thresholds,
)
from index.errors import DelibError
from tests.conftest import REPO


def test_failures_name_each_metric_outside_its_bounds() -> None:
    thresholds = Thresholds({"recall@5": 0.9, "fact_recall": 0.8, "faithfulness": 0.95},
                            {"false_refusal_rate": 0.1})
    metrics = {"recall@5": 0.9, "fact_recall": 0.79, "faithfulness": None,
               "false_refusal_rate": 0.12}
    failures = check_thresholds(metrics, thresholds)
    assert failures == [ThresholdFailure("fact_recall", 0.79, 0.8, "min"),
                        ThresholdFailure("faithfulness", None, 0.95, "min"),
                        ThresholdFailure("false_refusal_rate", 0.12, 0.1, "max")]
    assert [f.describe() for f in failures] == [
        "fact_recall = 0.79 sous le minimum 0.8",
        "faithfulness non mesurée (seuil min 0.95)",
        "false_refusal_rate = 0.12 au-dessus du maximum 0.1"]
    passing = {"recall@5": 1.0, "fact_recall": 0.8, "faithfulness": 1.0,
               "false_refusal_rate": 0.1}
    assert check_thresholds(passing, thresholds) == []  # bounds are inclusive


def test_the_shipped_thresholds_are_no_looser_than_the_issue() -> None:
    shipped = load_thresholds(REPO / "eval" / "thresholds.json")
    floor = {"recall@5": 0.9, "fact_recall": 0.8, "citation_precision": 0.9,
             "refusal_accuracy": 0.8, "faithfulness": 0.95}
    assert set(shipped.minima) >= set(floor)
    assert all(shipped.minima[name] >= value for name, value in floor.items())
    assert shipped.maxima["false_refusal_rate"] <= 0.1


@pytest.mark.parametrize(("raw", "message"), [
    ([0.9], "objet"),
    ({"minimum": {"recall@5": 0.9}}, "objet"),
    ({"min": {"recall@5": 0.9}, "seuil": 1}, "clé\\(s\\) inconnue\\(s\\) : seuil"),
    ({"min": {"recal@5": 0.9}}, "métrique « recal@5 » inconnue dans « min »"),
    ({"max": {"false_refusal_rate": "0.1"}}, "« max.false_refusal_rate » doit être un nombre"),
    ({"min": {"recall@5": True}}, "doit être un nombre"),
    ({"min": [0.9]}, "« min » doit être un objet"),
])
def test_invalid_thresholds_say_what_to_fix(raw: object, message: str) -> None:
    with pytest.raises(DelibError, match=message):
        parse_thresholds(raw)


def test_thresholds_file_errors(tmp_path: Path) -> None:
    with pytest.raises(DelibError, match="illisible"):
        load_thresholds(tmp_path / "absent.json")
    broken = tmp_path / "seuils.json"
    broken.write_text('{"min": {"recall@5": 0.9,}}', encoding="utf-8")
    with pytest.raises(DelibError, match=r"seuils\.json : JSON invalide, ligne 1"):
        load_thresholds(broken)
    broken.write_text(json.dumps({"description": "x", "max": {"latency_p95_ms": 800}}),
                      encoding="utf-8")
    assert load_thresholds(broken) == Thresholds({}, {"latency_p95_ms": 800.0})
