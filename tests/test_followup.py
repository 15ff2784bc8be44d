"""The follow-up model: its fit, the shipped weights, and the command that rebuilds them."""

import json
from pathlib import Path

import numpy as np

from assistant.engine.conversation import Turn, carried, is_follow_up, to_carry
from assistant.engine.followup import (
    WEIGHTS,
    features,
    fit,
    follow_up_probability,
    main,
    operating_point,
)
from index.models import Filters


def test_newton_fit_separates_a_separable_toy_set() -> None:
    x = np.array([[1.0, 0.0], [1.0, 0.1], [1.0, 0.9], [1.0, 1.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    w = fit(x, y, l2=0.1)
    assert w[1] > 0 and list((x @ w) > 0) == [False, False, True, True]


def test_shipped_weights_tell_follow_ups_from_standalone_questions() -> None:
    threshold = json.loads(WEIGHTS.read_text())["threshold"]
    for question in ("Et qui l'a rapportée ?", "Qui s'est abstenu ?", "Et pour l'année suivante ?",
                     "Pour quelle durée ce marché est-il conclu ?", "C'était quel numéro ?"):
        assert follow_up_probability(question) >= threshold, question
    previous = Turn("Combien coûte l'adhésion au CLIC ?", "Combien coûte l'adhésion au CLIC ?",
                    Filters())
    assert is_follow_up("Et qui l'a rapportée ?", previous)
    assert not is_follow_up("Quel est le budget de la piscine municipale ?", previous)
    assert is_follow_up("Depuis quand exerce-t-elle cette fonction ?", previous)
    assert is_follow_up("Qui s'est abstenu ?", previous)  # no subject of its own
    assert not is_follow_up("Qui a présidé le syndicat des eaux ?", previous)  # a new subject
    for question in ("Combien coûte l'adhésion de la Ville de Dijon au CLIC en 2019 ?",
                     "Quelle entreprise a obtenu le marché de restauration scolaire de Chéméré ?"):
        assert follow_up_probability(question) < threshold, question
    assert features("Et combien ?").shape == (len(json.loads(WEIGHTS.read_text())["weights"]),)


def test_the_training_command_rebuilds_the_shipped_weights(tmp_path: Path) -> None:
    out = tmp_path / "weights.json"
    main(["--out", str(out)])
    rebuilt, shipped = json.loads(out.read_text()), json.loads(WEIGHTS.read_text())
    assert rebuilt["fitted_on"] == shipped["fitted_on"]
    assert rebuilt["fitted_on"]["leave_one_authority_out"]["precision"] >= 0.9
    assert rebuilt["threshold"] == shipped["threshold"]
    for name, value in shipped["weights"].items():
        assert abs(rebuilt["weights"][name] - value) < 1e-6


def test_the_operating_point_weighs_precision_twice() -> None:
    chances = np.array([0.9, 0.8, 0.6, 0.4, 0.3, 0.1])
    truth = np.array([True, True, False, True, False, False])
    gate = np.ones(6, dtype=bool)
    assert operating_point(chances, gate, truth) == 0.65  # two right, none wrong
    assert operating_point(chances, np.zeros(6, dtype=bool), truth) == 0.5  # nothing passes


def test_a_follow_up_carries_the_subject_once() -> None:
    first = "Combien coûte l'adhésion au CLIC ?"
    turn = Turn(first, first, Filters())
    assert carried(turn) == first and to_carry(first, None, follows=False) == ""
    assert to_carry("Qui l'a rapportée ?", turn, follows=True) == first  # no subject of its own
    assert to_carry("Et ?", turn, follows=True) == first  # « Et en 2022 ? »: filters only
    assert to_carry("Et pour la piscine ?", turn, follows=True) == ""  # a new subject
    lille = frozenset({"lill", "metropol"})  # the words of an authority named: a filter
    assert to_carry("Et à Lille ?", turn, follows=True, places=lille) == first
    assert to_carry("Et à Lille ?", turn, follows=True) == ""
    asked = Turn("Qui l'a rapportée ?", f"Qui l'a rapportée ? ({first})", Filters(), (), first)
    assert carried(asked) == first
