"""Fit the refusal model on tune questions: ``python -m assistant.engine.fit_refusal``.

Each question of the given sets (``--set QUESTIONS CORPUS``, repeatable) is asked through the
assistant with the rules alone (and the embedding model of the settings, which the weights
are then tied to); the evidence of each decision it makes on the question (not on
its history) is kept, labelled by whether the question has an answer in the documents. A
logistic model is fitted on that evidence, each weight held to its feature's direction
(``DIRECTIONS``), its L2 penalty chosen by leave-one-authority-out log-loss; the operating
point refuses the most unanswerable questions while false refusals stay at or under
``--max-false-refusals`` (the lowest such threshold) on the leave-one-authority-out
probabilities (questions the model does not decide, listings and questions without any
candidate sentence, keep the rules' outcome). Above it, the ``confident`` point: the lowest
chance above which unanswerable questions are at most ``--max-unanswerable-share`` of the
answers given; an answer under it is marked « Réponse incertaine », without a span before it.
Writes ``assistant/engine/refusal_weights.json`` with the scores of the rules, of the model
left out by authority and in-sample.
"""

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine.logistic import fit, sigmoid
from assistant.engine.refusal import FEATURES, WEIGHTS_FILE
from index.settings import Settings, vectors_identity

PENALTIES = (0.1, 1.0, 10.0, 100.0)
# What each feature can only do: make an answer likelier (1) or less likely (-1); the others
# (the kind asked, how many names and subject terms the question has) are free. A weight
# fitted against its direction comes from two features sharing one signal, or from what the
# question sets lack: fitted freely on the tune side, a subject that no indexed deliberation
# holds (``unseen``) made an answer likelier, and « Combien coûte la piscine municipale ? »
# was answered on the sample (which has no pool) with the price of the CLIC.
DIRECTIONS = {"names_missing": -1, "figures_missing": -1, "coverage": 1, "dense": 1,
              "sentence_coverage": 1, "cosine": 1, "score": 1, "names_beside": 1,
              "delib_rank": 1, "typed_rank": 1, "rarest_missing": -1, "local_coverage": 1,
              "unseen": -1, "cued": 1}
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Asked:
    """One question: its authority, whether it has an answer, the evidence of each decision
    (feature vectors; none for a listing or without any candidate) and the rules' outcome."""

    authority: str
    answerable: bool
    evidence: list[list[float]]
    rules_refused: bool


def collect(questions: Path, corpus: Path, data_dir: Path, quiet: bool) -> list[Asked]:
    """Ask every question of ``questions`` over an index of ``corpus``, rules alone."""
    from assistant.engine.core import Assistant
    from assistant.eval_commands import prepare_index
    from eval.questions import load_questions
    from index.embedders import embedder_for, warm_up

    settings = settings_for(data_dir)
    embedder = embedder_for(settings)
    warm_up(embedder, wait=True)  # the sentences embedded as the server embeds them
    prepare_index(corpus, settings, embedder, quiet)
    assistant = Assistant(settings, embedder=embedder)
    assistant.refusal = None
    rows = []
    try:
        for question in load_questions(questions):
            for depth, turn in enumerate(question.history):
                assistant.ask(turn, list(question.history[:depth]))
            assistant.decisions = []
            answer = assistant.ask(question.question, list(question.history))
            rows.append(Asked(question.authority or corpus.name,
                              question.type != "unanswerable",
                              [e.vector() for e in assistant.decisions], answer.refused))
            assistant.decisions = None
    finally:
        assistant.close()
    return rows


def settings_for(data_dir: Path) -> Settings:
    """The environment's settings (embedding model included) on ``data_dir``."""
    overrides: dict[str, Any] = {"data_dir": data_dir}
    return Settings(**overrides)


def add_tune_sets(parser: argparse.ArgumentParser, work: Path, collected: str) -> None:
    """The options of every fit command: the tune sets asked, where their indexes and what
    was collected from them are kept, and --quiet."""
    parser.add_argument("--set", nargs=2, action="append", metavar=("QUESTIONS", "CORPUS"),
                        type=Path, required=True, help="questions (côté tune) et leurs textes")
    parser.add_argument("--work", type=Path, default=work,
                        help=f"dossier des index construits et des {collected} recueillies")
    parser.add_argument("--quiet", action="store_true")


def design(rows: Sequence[Asked]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Decision rows: features, labels, each row's question index and its weight (a question
    weighs 1 however many decisions it took)."""
    x, y, owner, share = [], [], [], []
    for index, row in enumerate(rows):
        for vector in row.evidence:
            x.append(vector)
            y.append(float(row.answerable))
            owner.append(index)
            share.append(1 / len(row.evidence))
    return np.array(x), np.array(y), np.array(owner), np.array(share)


def fitted(x: np.ndarray, y: np.ndarray, share: np.ndarray, l2: float,
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, scale and weights (bias first) of a model fitted on standardised features, each
    weight in its feature's ``DIRECTIONS``: the feature fitted the most against it is left out
    (weight 0) and the model refitted, until none is; then a feature left out comes back once
    if the fitted model would gain by moving its weight in its direction."""
    if x.shape[1] != len(FEATURES):
        raise ValueError(f"{x.shape[1]} caractéristiques pour {len(FEATURES)} attendues")
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    columns = _standardised(x, mean, scale)
    signs = np.array([0, *(DIRECTIONS.get(name, 0) for name in FEATURES)])
    kept, returned = list(range(len(FEATURES) + 1)), set()  # column 0 is the bias
    while True:
        weights = np.zeros(len(FEATURES) + 1)
        weights[kept] = fit(columns[:, kept], y, l2, weights=share)
        against = [(signs[c] * weights[c], c) for c in kept if signs[c] * weights[c] < 0]
        if against:
            kept.remove(min(against)[1])
            continue
        # how fast the loss falls when each weight moves in its direction
        gain = -signs * (columns.T @ ((sigmoid(columns @ weights) - y) * share))
        back = [(gain[c], c) for c in range(len(gain))
                if c not in kept and c not in returned and gain[c] > 1e-9]
        if not back:
            return mean, scale, weights
        chosen = max(back)[1]
        returned.add(chosen)
        kept.append(chosen)


def _standardised(x: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """A bias column, then each feature centred and scaled."""
    return np.hstack([np.ones((len(x), 1)), (x - mean) / scale])


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    mean, scale, w = model
    return sigmoid(_standardised(x, mean, scale) @ w)


def per_question(rows: Sequence[Asked], owner: np.ndarray, p: np.ndarray) -> list[float | None]:
    """The best chance of each question's decisions (None when the model decides nothing)."""
    best: list[float | None] = [None] * len(rows)
    for index, chance in zip(owner, p, strict=True):
        best[index] = max(best[index] or 0.0, float(chance))
    return best


def held_out(rows: Sequence[Asked], l2: float) -> list[float | None]:
    """Each question's chance from a model fitted without its authority."""
    x, y, owner, share = design(rows)
    groups = np.array([rows[i].authority for i in owner])
    p = np.zeros(len(y))
    for group in sorted(set(groups)):
        inside = groups == group
        if inside.all():
            continue
        p[inside] = predict(fitted(x[~inside], y[~inside], share[~inside], l2), x[inside])
    return per_question(rows, owner, p)


def refusals(rows: Sequence[Asked], chances: Sequence[float | None],
             threshold: float) -> list[bool]:
    return [row.rules_refused if chance is None else chance < threshold
            for row, chance in zip(rows, chances, strict=True)]


def rates(rows: Sequence[Asked], refused: Sequence[bool]) -> dict[str, float]:
    """Refusal accuracy (unanswerable refused) and false refusal rate (answerable refused)."""
    answerable = [r for row, r in zip(rows, refused, strict=True) if row.answerable]
    unanswerable = [r for row, r in zip(rows, refused, strict=True) if not row.answerable]
    return {"refusal_accuracy": round(sum(unanswerable) / max(1, len(unanswerable)), 3),
            "false_refusal_rate": round(sum(answerable) / max(1, len(answerable)), 3)}


def operating_point(rows: Sequence[Asked], chances: Sequence[float | None],
                    max_false: float) -> float:
    """Of the thresholds whose false refusal rate stays at or under ``max_false``, the one
    that refuses the most unanswerable questions, and the lowest of those (a higher one would
    only refuse more answerable questions); the lowest threshold when none stays under."""
    candidates = sorted({c for c in chances if c is not None})
    scored = [(rates(rows, refusals(rows, chances, threshold)), threshold)
              for threshold in candidates]
    allowed = [(r["refusal_accuracy"], -threshold) for r, threshold in scored
               if r["false_refusal_rate"] <= max_false]
    return -max(allowed)[1] if allowed else candidates[0]


def _answered(rows: Sequence[Asked], chances: Sequence[float | None],
              threshold: float) -> list[tuple[float, Asked]]:
    """The questions the model answers at ``threshold``, with their chances."""
    return [(c, row) for c, row in zip(chances, rows, strict=True)
            if c is not None and c >= threshold]


def confident_point(rows: Sequence[Asked], chances: Sequence[float | None], threshold: float,
                    max_share: float) -> float:
    """The lowest chance above which, of the questions answered, unanswerable ones are at most
    ``max_share``: answers under it are marked uncertain (1.0, every answer, when no such
    point exists; the threshold when nothing is answered)."""
    answered = _answered(rows, chances, threshold)
    if not answered:
        return threshold
    for point in sorted({c for c, _ in answered}):
        kept = [row for c, row in answered if c >= point]
        if sum(not row.answerable for row in kept) <= max_share * len(kept):
            return point
    return 1.0


def band(rows: Sequence[Asked], chances: Sequence[float | None], threshold: float,
         confident: float) -> dict[str, float]:
    """Of the answers given, the share marked uncertain, and the share of unanswerable
    questions among those given without a mark."""
    answered = _answered(rows, chances, threshold)
    plain = [row for c, row in answered if c >= confident]
    return {"uncertain_share": round(1 - len(plain) / len(answered), 3) if answered else 0.0,
            "unanswerable_among_plain": round(sum(not r.answerable for r in plain)
                                              / max(1, len(plain)), 3)}


def log_loss(rows: Sequence[Asked], chances: Sequence[float | None]) -> float:
    pairs = [(row.answerable, min(max(c, 1e-6), 1 - 1e-6))
             for row, c in zip(rows, chances, strict=True) if c is not None]
    return float(-np.mean([np.log(c) if a else np.log(1 - c) for a, c in pairs]))


def report(rows: list[Asked], max_false: float, max_share: float,
           embedding_model: str) -> dict[str, Any]:
    """Choose the penalty, the threshold and the point of uncertain answers left out by
    authority; fit on everything."""
    losses = {l2: log_loss(rows, held_out(rows, l2)) for l2 in PENALTIES}
    l2 = min(losses, key=lambda key: losses[key])
    chances = held_out(rows, l2)
    threshold = operating_point(rows, chances, max_false)
    confident = confident_point(rows, chances, threshold, max_share)
    x, y, owner, share = design(rows)
    mean, scale, w = fitted(x, y, share, l2)
    inside = per_question(rows, owner, predict((mean, scale, w), x))
    return {"features": list(FEATURES), "embedding_model": vectors_identity(embedding_model),
            "mean": mean.tolist(), "scale": scale.tolist(),
            "weights": w.tolist(), "threshold": threshold, "confident": confident, "l2": l2,
            "fitted_on": {"questions": len(rows), "answerable": sum(r.answerable for r in rows),
                          "decided": sum(bool(r.evidence) for r in rows),
                          "authorities": len({r.authority for r in rows})},
            "scores": {"rules": rates(rows, [r.rules_refused for r in rows]),
                       "leave_one_authority_out": {
                           **rates(rows, refusals(rows, chances, threshold)),
                           **band(rows, chances, threshold, confident)},
                       "in_sample": rates(rows, refusals(rows, inside, threshold)),
                       "log_loss_by_l2": {str(k): round(v, 4) for k, v in losses.items()}}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_tune_sets(parser, REPO / "eval-out" / "fit-refusal", "décisions")
    parser.add_argument("--max-false-refusals", type=float, default=0.10,
                        help="part des questions qui ont une réponse refusées, au plus")
    parser.add_argument("--max-unanswerable-share", type=float, default=0.10,
                        help="part des questions sans réponse parmi les réponses données sans "
                        "la mention « Réponse incertaine », au plus")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    args = parser.parse_args(argv)
    rows: list[Asked] = []
    for number, (questions, corpus) in enumerate(args.set):
        cache = args.work / f"decisions-{number}-{questions.stem}.json"
        if cache.exists():
            rows += [Asked(**row) for row in json.loads(cache.read_text(encoding="utf-8"))]
            continue
        found = collect(questions, corpus, args.work / f"index-{number}", args.quiet)
        cache.write_text(json.dumps([asdict(row) for row in found]), encoding="utf-8")
        rows += found
    result = report(rows, args.max_false_refusals, args.max_unanswerable_share,
                    settings_for(args.work).embedding_model)
    result["fitted_on"]["sets"] = [f"{questions} ; {corpus}" for questions, corpus in args.set]
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if result["confident"] >= 1.0:
        print("Attention : aucun point ne garde les questions sans réponse sous la part demandée ;"
              " toute réponse donnée sera marquée « Réponse incertaine ».")
    print(json.dumps({"threshold": result["threshold"], "confident": result["confident"],
                      "l2": result["l2"],
                      **result["fitted_on"], **result["scores"]}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
