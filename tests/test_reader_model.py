"""The reader's logistic scorer: fitting, its file, and the weights shipped in the package."""

import json

import numpy as np

from assistant.reader.features import FEATURES
from assistant.reader.model import WEIGHTS_FILE, Logistic, fit, load_weights
from assistant.reader.reading import REFUSAL_FEATURES


def test_fit_separates_what_a_feature_separates_and_round_trips() -> None:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(400, 3))
    labels = (rows[:, 1] + 0.1 * rng.normal(size=400) > 0.5).astype(float)
    model = fit(rows, labels, ("a", "b", "c"))
    assert np.argmax(np.abs(model.coef)) == 1 and model.coef[1] > 0
    accuracy = np.mean((model.probability(rows) >= 0.5) == labels)
    assert accuracy > 0.95
    again = Logistic.from_json(json.loads(json.dumps(model.to_json())))
    assert np.allclose(again.probability(rows), model.probability(rows), atol=1e-4)
    assert model.probability(np.zeros((0, 3))).shape == (0,)


def test_a_constant_column_does_not_break_the_fit() -> None:
    rows = np.column_stack([np.arange(20.0), np.ones(20)])
    model = fit(rows, (np.arange(20) >= 10).astype(float), ("x", "constant"))
    assert model.probability(np.array([[19.0, 1.0]]))[0] > 0.9


def test_shipped_weights_match_the_features_and_say_how_they_were_fitted() -> None:
    weights = load_weights()
    assert weights.reader.features == FEATURES and weights.refusal.features == REFUSAL_FEATURES
    assert 0 < weights.threshold < 1 and weights.second_quote > 0
    trained = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["trained_on"]
    assert trained["examples"] >= 100  # no constant of the answer path fitted on fewer
    assert set(trained) >= {"loao", "in_sample"}
