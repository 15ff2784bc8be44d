"""Fit the reader's weights on tune questions: ``python -m assistant.engine.fit_reader``.

Each answerable question of the given sets (``--set QUESTIONS CORPUS``, repeatable) is asked
through the assistant; every pool of candidate units the reader is given for it (not for its
history) is kept, each unit labelled by whether it holds all the question's ``must_contain``
strings. Two conditional-logit models (a softmax over one pool's eligible candidates, so a
score is a log-chance) are fitted: the lexical stage on every eligible candidate, the semantic
stage, with the similarity rescaled within the shortlist, on the shortlist the lexical stage
makes. The L2 penalty and the shortlist's size are chosen by leave-one-authority-out: the share
of pools whose first candidate holds the answer. Writes the weights (by default under
``eval-out/fit-reader/``) with that score, the in-sample one and the score of the shipped
weights on the same pools: copy them over ``assistant/engine/reader_weights.json`` when they
do better, end to end included.
"""

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine.extractive import (
    FEATURES,
    LEXICAL,
    WEIGHTS_FILE,
    ReaderWeights,
    SentenceVectors,
    eligible,
    reader_weights,
    rescaled,
)
from assistant.engine.fit_refusal import add_tune_sets, settings_for

PENALTIES = (0.1, 1.0, 10.0)
SHORTLISTS = (6, 12, 24)
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Pool:
    """One reading: its question's authority, the eligible candidates' texts, LEXICAL
    features and labels, and the question's vector."""

    authority: str
    texts: list[str]
    x: np.ndarray
    y: np.ndarray
    vector: np.ndarray

    def to_json(self) -> dict[str, Any]:
        return {"authority": self.authority, "texts": self.texts, "x": self.x.tolist(),
                "y": self.y.tolist(), "vector": self.vector.tolist()}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "Pool":
        return cls(raw["authority"], raw["texts"], np.array(raw["x"], dtype=float),
                   np.array(raw["y"], dtype=float), np.array(raw["vector"], dtype=np.float32))


def collect(questions: Path, corpus: Path, data_dir: Path, quiet: bool) -> list[Pool]:
    """Ask every answerable question of ``questions`` over an index of ``corpus``."""
    from assistant.engine.core import Assistant
    from assistant.eval_commands import prepare_index
    from eval.questions import contains_all, load_questions
    from index.embedders import embedder_for, warm_up

    settings = settings_for(data_dir)
    embedder = embedder_for(settings)
    warm_up(embedder, wait=True)  # the sentences embedded as the server embeds them
    prepare_index(corpus, settings, embedder, quiet)
    assistant = Assistant(settings, embedder=embedder)
    pools: list[Pool] = []
    try:
        for question in load_questions(questions):
            if question.type == "unanswerable" or not question.must_contain:
                continue
            for depth, turn in enumerate(question.history):
                assistant.ask(turn, list(question.history[:depth]))
            assistant.readings = []
            assistant.ask(question.question, list(question.history))
            for reading in assistant.readings:
                units = [s for s in reading.pool if eligible(s, reading.kind)]
                labels = [contains_all(s.text, question.must_contain) for s in units]
                if any(labels):
                    pools.append(Pool(question.authority or corpus.name, [s.text for s in units],
                                      np.array([s.features for s in units], dtype=float),
                                      np.array(labels, dtype=float), reading.vector))
            assistant.readings = None
    finally:
        assistant.close()
    return pools


def fit_listwise(groups: Sequence[tuple[np.ndarray, np.ndarray]], l2: float,
                 steps: int = 25) -> np.ndarray:
    """Weights of a conditional logit (softmax within each group; the positives of a group
    share its target) with an L2 penalty, by Newton's method."""
    width = groups[0][0].shape[1]
    w = np.zeros(width)
    for _ in range(steps):
        gradient, hessian = l2 * w, l2 * np.eye(width)
        for x, y in groups:
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            gradient = gradient + x.T @ (p - y / y.sum())
            mean = p @ x
            hessian = hessian + (x * p[:, None]).T @ x - np.outer(mean, mean)
        w = w - np.linalg.solve(hessian, gradient)
    return w


Model = tuple[np.ndarray, np.ndarray, int]  # lexical weights, semantic weights, shortlist


def shortlisted(pool: Pool, lexical: np.ndarray, size: int,
                vectors: SentenceVectors) -> tuple[np.ndarray, np.ndarray]:
    """The rows of the lexical stage's shortlist and their FEATURES (similarity last); the
    candidates are embedded once, ``vectors`` keeping them for the next fits."""
    rows = np.argsort(-(pool.x @ lexical), kind="stable")[:size]
    similarity = rescaled(vectors([pool.texts[r] for r in rows]) @ pool.vector)
    return rows, np.hstack([pool.x[rows], similarity[:, None]])


def fit(pools: Sequence[Pool], l2: float, size: int, vectors: SentenceVectors) -> Model:
    lexical = fit_listwise([(p.x, p.y) for p in pools], l2)
    groups = []
    for pool in pools:
        rows, x = shortlisted(pool, lexical, size, vectors)
        if pool.y[rows].any():
            groups.append((x, pool.y[rows]))
    return lexical, fit_listwise(groups, l2), size


def first_holds(pool: Pool, model: Model, vectors: SentenceVectors) -> bool:
    """Whether the model's first candidate of ``pool`` holds the answer."""
    lexical, semantic, size = model
    rows, x = shortlisted(pool, lexical, size, vectors)
    return bool(pool.y[rows[int(np.argmax(x @ semantic))]])


def held_out(pools: Sequence[Pool], l2: float, size: int, vectors: SentenceVectors) -> float:
    """Share of pools answered first by a model fitted without their authority."""
    right = 0
    for authority in sorted({p.authority for p in pools}):
        model = fit([p for p in pools if p.authority != authority], l2, size, vectors)
        right += sum(first_holds(p, model, vectors) for p in pools if p.authority == authority)
    return right / len(pools)


def score(pools: Sequence[Pool], model: Model, vectors: SentenceVectors) -> float:
    return sum(first_holds(p, model, vectors) for p in pools) / len(pools)


def report(pools: list[Pool], vectors: SentenceVectors, replaced: ReaderWeights,
           progress: Callable[[str], None]) -> dict[str, Any]:
    """Choose penalty and shortlist left out by authority; fit on every pool."""
    scores = {}
    for l2 in PENALTIES:
        for size in SHORTLISTS:
            scores[(l2, size)] = held_out(pools, l2, size, vectors)
            progress(f"L2 {l2}, liste courte {size} : {scores[(l2, size)]:.3f}")
    l2, size = max(scores, key=lambda key: (scores[key], -key[1], key[0]))
    lexical, semantic, _ = fit(pools, l2, size, vectors)
    before = (np.array(replaced.lexical), np.array(replaced.semantic), replaced.shortlist)
    return {"lexical": dict(zip(LEXICAL, np.round(lexical, 4).tolist(), strict=True)),
            "semantic": dict(zip(FEATURES, np.round(semantic, 4).tolist(), strict=True)),
            "shortlist": size, "l2": l2,
            "fitted_on": {"pools": len(pools),
                          "authorities": len({p.authority for p in pools})},
            "first_candidate_holds_answer": {
                "leave_one_authority_out": round(scores[(l2, size)], 3),
                "in_sample": round(score(pools, (lexical, semantic, size), vectors), 3),
                "replaced_weights": round(score(pools, before, vectors), 3),
                "by_l2_and_shortlist": {f"{k[0]}/{k[1]}": round(v, 3)
                                        for k, v in scores.items()}}}


def main(argv: list[str] | None = None) -> None:
    from index.embedders import embedder_for

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_tune_sets(parser, REPO / "eval-out" / "fit-reader", "lectures")
    parser.add_argument("--out", type=Path, default=REPO / "eval-out" / "fit-reader" /
                        WEIGHTS_FILE.name, help="poids écrits (à copier sur "
                        "assistant/engine/reader_weights.json s'ils font mieux)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pools: list[Pool] = []
    for number, (questions, corpus) in enumerate(args.set):
        cache = args.work / f"readings-{number}-{questions.stem}.json"
        if not cache.exists():
            found = collect(questions, corpus, args.work / f"index-{number}", args.quiet)
            cache.write_text(json.dumps([p.to_json() for p in found]), encoding="utf-8")
        pools += [Pool.from_json(raw) for raw in json.loads(cache.read_text(encoding="utf-8"))]
    embedder = embedder_for(settings_for(args.work))
    result = report(pools, SentenceVectors(embedder), reader_weights(),
                    (lambda _: None) if args.quiet else print)
    result["fitted_on"]["sets"] = [f"{questions} ; {corpus}" for questions, corpus in args.set]
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["first_candidate_holds_answer"], ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
