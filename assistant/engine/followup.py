"""Is a question a follow-up? A logistic model over the question's shape, fitted on tune.

Rebuild the weights with ``python -m assistant.engine.followup`` (reads the tune side of
``eval/datasets/multi``, writes ``assistant/engine/followup_weights.json`` and prints the
leave-one-authority-out scores). The operating point is the model's own 0.5.
"""

import argparse
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.engine.extractive import ATTRIBUTES, content_terms
from assistant.engine.logistic import fit

WEIGHTS = Path(__file__).with_name("followup_weights.json")
# No "names a place or a person" feature: in the question set every standalone question names
# its authority (the index holds 60), so such a feature would learn the set, not the language.
FEATURES = ("bias", "few_terms", "terms", "anaphora", "starts_with_and", "fragment", "figure",
            "words", "question_word")
_ANAPHORA = re.compile(r"\b(?:l['’](?:a|ont|avait)|cela|ça|celle-ci|celui-ci|ceux-ci|cette|ce|"
                       r"ces|cet|elle|il|ils|elles|en|y|sa|son|ses|leur|leurs|ce\s+jour)\b", re.I)
_STARTS_WITH_AND = re.compile(r"^\s*(?:et|mais|puis|alors|aussi)\b", re.I)
_FRAGMENT = re.compile(r"^\s*(?:sur|au|aux|à|pour|par|dans|depuis|jusqu|avec|de|du|des|"
                       r"laquelle|lequel|lesquelles|lesquels)\b", re.I)
_FIGURE = re.compile(r"\d")
_ASKS = re.compile(r"\b(?:quel(?:le)?s?|qui|quand|combien|comment|pourquoi|où)\b", re.I)


def features(question: str) -> np.ndarray:
    """The question's shape: how much subject it carries of its own, and what points back."""
    terms = len(content_terms(question) - ATTRIBUTES)
    words = len(question.split())
    return np.array([1.0, float(terms <= 2), min(terms, 8) / 8,
                     float(bool(_ANAPHORA.search(question))),
                     float(bool(_STARTS_WITH_AND.search(question))),
                     float(bool(_FRAGMENT.search(question))), float(bool(_FIGURE.search(question))),
                     min(words, 30) / 30, float(bool(_ASKS.search(question)))])


@lru_cache(maxsize=1)
def _weights() -> np.ndarray:
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return np.array([raw["weights"][name] for name in FEATURES])


def points_back(question: str) -> bool:
    """Whether the question holds a word that leans on an earlier turn (an anaphora, a leading
    "Et", a verbless fragment): without one, a short question is a new subject ("Quel est le
    budget de la piscine ?"), which the question set, whose standalone questions all name their
    authority, does not teach the model."""
    return bool(_ANAPHORA.search(question) or _STARTS_WITH_AND.search(question)
                or _FRAGMENT.search(question))


def follow_up_probability(question: str) -> float:
    """Probability that ``question`` only makes sense after the previous turn."""
    return float(1 / (1 + np.exp(-features(question) @ _weights())))


def scores(predicted: Sequence[bool], truth: Sequence[bool]) -> dict[str, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    right = sum(p == t for p, t in zip(predicted, truth, strict=True))
    return {"accuracy": round(right / len(truth), 3),
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0}


def main(argv: list[str] | None = None) -> None:
    from eval.questions import load_questions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, nargs="+", default=sorted(
        (Path(__file__).parents[2] / "eval" / "datasets" / "multi" / "questions")
        .glob("tune-*.jsonl")), help="fichiers de questions (côté tune)")
    parser.add_argument("--out", type=Path, default=WEIGHTS, help="fichier des poids écrit")
    args = parser.parse_args(argv)
    questions = [q for path in args.questions for q in load_questions(path)]
    x = np.vstack([features(q.question) for q in questions])
    y = np.array([float(q.type == "followup") for q in questions])
    groups = np.array([q.authority or "" for q in questions])
    held_out = np.zeros(len(y), dtype=bool)
    for group in sorted(set(groups)):
        inside = groups == group
        w = fit(x[~inside], y[~inside])
        held_out[inside] = (x[inside] @ w) > 0
    w = fit(x, y)
    in_sample = (x @ w) > 0
    report = {"questions": len(y), "follow_ups": int(y.sum()),
              "leave_one_authority_out": scores(list(held_out), list(y > 0)),
              "in_sample": scores(list(in_sample), list(y > 0))}
    args.out.write_text(json.dumps({"weights": dict(zip(FEATURES, map(float, w), strict=True)),
                                   "fitted_on": report}, ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
