"""The fitted refusal model: evidence recorded by the assistant, fit, operating point, use."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from assistant.engine.fit_refusal import (
    DIRECTIONS,
    Asked,
    band,
    collect,
    confident_point,
    fitted,
    operating_point,
    rates,
    refusals,
    report,
)
from assistant.engine.logistic import fit
from assistant.engine.refusal import (
    FEATURES,
    WEIGHTS_FILE,
    Evidence,
    RefusalModel,
    refusal_model,
)
from index.settings import Settings
from tests.conftest import REPO, SAMPLE

QUESTIONS = REPO / "eval" / "questions" / "sample.jsonl"


def evidence(**changes: object) -> Evidence:
    values: dict[str, object] = {
        "kind_other": False, "names_asked": 2, "names_missing": 1,
        "figures_asked": 0, "figures_missing": 0, "coverage": 0.8, "dense": 0.85,
        "sentence_coverage": 0.5, "cosine": 0.8, "score": 1.2, "names_beside": True,
        "delib_rank": 0, "subject_terms": 3, "typed_rank": 0,
        "rarest_missing": 0.0, "local_coverage": 0.5, "unseen": 0.0, "cued": False}
    return Evidence(**(values | changes))  # type: ignore[arg-type]


def test_evidence_vector_follows_the_feature_names() -> None:
    vector = evidence().vector()
    assert len(vector) == len(FEATURES)
    named = dict(zip(FEATURES, vector, strict=True))
    assert named["names_missing"] == 0.5 and named["figures_missing"] == 0.0
    assert named["delib_rank"] == 1.0 and named["names_asked"] == pytest.approx(math.log(3))


def test_model_is_a_standardised_logistic_and_its_threshold_decides() -> None:
    count = len(FEATURES)
    weights = (0.5, 2.0) + (0.0,) * (count - 1)  # bias, then kind_other alone
    model = RefusalModel((0.5,) * count, (0.5,) * count, weights, threshold=0.9,
                         confident=0.95)
    assert model.probability(evidence(kind_other=True)) == pytest.approx(
        1 / (1 + math.exp(-2.5)))
    assert model.probability(evidence()) == pytest.approx(1 / (1 + math.exp(1.5)))
    assert model.verdict(evidence(kind_other=True)) == (True, True)  # 0.924: under 0.95
    assert model.verdict(evidence()) == (False, False)  # refused, not doubted
    sure = RefusalModel((0.5,) * count, (0.5,) * count, weights, threshold=0.9, confident=0.9)
    assert sure.verdict(evidence(kind_other=True)) == (True, False)


def test_the_confident_point_keeps_unanswerable_questions_under_their_share() -> None:
    rows = [Asked("a", answerable, [[0.0]], False) for answerable in
            (False, True, False, True, True, True, True, True, True, True, True, True)]
    chances = [0.1, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, None]
    assert confident_point(rows, chances, 0.5, 0.10) == 0.5  # 1 unanswerable of 10 answered
    assert confident_point(rows, chances, 0.5, 0.0) == 0.6  # 1 of 9 from 0.55, 0 of 8 from 0.6
    assert confident_point(rows, [0.9 if r.answerable else 0.95 for r in rows], 0.5, 0.0) == 1.0
    assert confident_point(rows, chances, 0.99, 0.10) == 0.99  # nothing answered, nothing marked
    assert band(rows, chances, 0.99, 0.99) == {"uncertain_share": 0.0,
                                               "unanswerable_among_plain": 0.0}
    assert band(rows, chances, 0.5, 0.6) == {"uncertain_share": 0.2,
                                             "unanswerable_among_plain": 0.0}


def test_a_file_for_other_features_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "refusal_weights.json"
    path.write_text(json.dumps({"features": ["old"], "mean": [0], "scale": [1],
                                "weights": [0, 1], "threshold": 0.5}), encoding="utf-8")
    assert refusal_model("e5-small", path) is None
    assert refusal_model("e5-small", tmp_path / "absent.json") is None


def test_weights_fitted_with_another_embedding_model_leave_the_rules_alone(
        minilm_path: str) -> None:
    assert refusal_model(minilm_path) is None


def test_operating_point_stays_within_the_false_refusal_budget() -> None:
    rows = [Asked("a", True, [[0.0]], False) for _ in range(10)]
    rows += [Asked("b", False, [[0.0]], False) for _ in range(4)]
    rows.append(Asked("c", True, [], True))  # a listing the rules refused: counts, undecided
    chances = [0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.3, 0.2, 0.65, 0.45, 0.1, 0.05, None]
    # 11 answerable; at 0.3 two are refused (0.2 and the listing): 2/11 = 0.18 > 0.10 ...
    threshold = operating_point(rows, chances, 0.10)
    assert threshold == 0.2  # ... at 0.2 only the listing: 1/11 = 0.09
    refused = refusals(rows, chances, threshold)
    assert rates(rows, refused) == {"refusal_accuracy": 0.5, "false_refusal_rate": 0.091}


def test_operating_point_refuses_no_more_answerable_questions_than_its_refusals_need() -> None:
    rows = [Asked("a", True, [[0.0]], False) for _ in range(20)]
    rows += [Asked("b", False, [[0.0]], False) for _ in range(2)]
    chances = [0.5] + [0.9] * 19 + [0.3, 0.95]
    # 0.5 and 0.9 both refuse the unanswerable 0.3 within the budget (0 and 1 of 20 false
    # refusals); 0.9 only adds the answerable 0.5, and 0.95 refuses 20 of 20.
    assert operating_point(rows, chances, 0.10) == 0.5
    assert rates(rows, refusals(rows, chances, 0.5)) == {"refusal_accuracy": 0.5,
                                                         "false_refusal_rate": 0.0}


def test_a_weight_fitted_against_its_feature_s_direction_is_left_out() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, len(FEATURES)))
    column = {name: FEATURES.index(name) for name in ("score", "unseen", "names_asked")}
    # in these answers, a subject found nowhere goes with an answer (what the tune questions,
    # whose writers never asked about a subject absent from every text, taught the free fit);
    # and asking for more names with a refusal (a free feature)
    signal = x[:, column["score"]] + x[:, column["unseen"]] - x[:, column["names_asked"]]
    y = (signal + rng.normal(scale=0.5, size=400) > 0).astype(float)
    free = fit(np.hstack([np.ones((400, 1)), (x - x.mean(axis=0)) / x.std(axis=0)]), y, 1.0)
    assert free[1 + column["unseen"]] > 1.0  # fitted freely, against its direction
    assert DIRECTIONS["unseen"] == -1 and "names_asked" not in DIRECTIONS
    _, _, weights = fitted(x, y, np.ones(400), l2=1.0)
    assert weights[1 + column["unseen"]] == 0.0  # held to its direction: left out
    assert weights[1 + column["score"]] > 1.0
    assert weights[1 + column["names_asked"]] < -1.0  # free: its fitted sign stays
    assert all(DIRECTIONS.get(name, 0) * weight >= 0.0
               for name, weight in zip(FEATURES, weights[1:], strict=True))
    # at the fit, no weight left at 0 would lower the loss by moving in its direction
    z = np.hstack([np.ones((400, 1)), (x - x.mean(axis=0)) / x.std(axis=0)])
    p = 1 / (1 + np.exp(-(z @ weights)))
    gradient = z.T @ (p - y)
    assert all(-DIRECTIONS[name] * gradient[1 + i] <= 1e-6 for i, name in enumerate(FEATURES)
               if weights[1 + i] == 0.0 and name in DIRECTIONS)
    assert set(DIRECTIONS) <= set(FEATURES)
    with pytest.raises(ValueError):
        fitted(x[:, :3], y, np.ones(400), l2=1.0)


def test_the_shipped_weights_keep_every_feature_to_its_direction() -> None:
    shipped = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert all(DIRECTIONS.get(name, 0) * weight >= 0.0
               for name, weight in zip(shipped["features"], shipped["weights"][1:],
                                       strict=True))


def test_fit_on_the_sample_questions_records_every_decision(tmp_path: Path,
                                                            minilm_path: str,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    monkeypatch.setenv("DELIB_EMBEDDING_MODEL", minilm_path)
    rows = collect(QUESTIONS, SAMPLE, tmp_path / "index", quiet=True)
    assert len(rows) == sum(1 for line in QUESTIONS.read_text().splitlines() if line.strip())
    assert {row.authority for row in rows} == {"sample"}
    decided = [row for row in rows if row.evidence]
    assert len(decided) >= 40 and all(len(v) == len(FEATURES)
                                      for row in decided for v in row.evidence)
    # a question the rules answered was decided on a deliberation holding its names and figures
    names, figures = FEATURES.index("names_missing"), FEATURES.index("figures_missing")
    assert all(any(v[names] == 0.0 and v[figures] == 0.0 for v in row.evidence)
               for row in decided if not row.rules_refused)
    for number, row in enumerate(rows):  # leave-one-authority-out needs two groups
        row.authority = "odd" if number % 2 else "even"
    result = report(rows, 0.10, 0.10, minilm_path)
    assert result["features"] == list(FEATURES) and len(result["weights"]) == len(FEATURES) + 1
    assert result["embedding_model"] == minilm_path
    assert 0.0 < result["threshold"] <= result["confident"] <= 1.0
    held_out = result["scores"]["leave_one_authority_out"]
    assert held_out["false_refusal_rate"] <= 0.10
    assert held_out["unanswerable_among_plain"] <= 0.10 or result["confident"] == 1.0


def test_shipped_weights_decide_for_the_bundled_model() -> None:
    shipped = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    model = refusal_model(Settings().embedding_model)
    assert model is not None and 0.0 < model.threshold < model.confident < 1.0
    assert len(model.weights) == len(FEATURES) + 1
    fitted_on = shipped["fitted_on"]  # an operating point chosen on 100 questions or more
    assert fitted_on["questions"] >= 100 and fitted_on["authorities"] >= 10
    assert shipped["scores"]["leave_one_authority_out"]["false_refusal_rate"] <= 0.10
