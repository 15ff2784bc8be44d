"""Fit the quote ranker on tune: ``python -m assistant.fit_reader --corpus DOSSIER``.

Every answerable tune question is asked through the assistant; the candidate sentences it
ranks are kept with their features, labelled by whether they hold all the question's
``must_contain`` strings. A logistic model is fitted for each stage (lexical on every
candidate, semantic on the embedded shortlist), each question weighing as much as another;
the shortlist's size is chosen by leave-one-authority-out among ``--shortlists``. Writes
``assistant/reader_weights.json`` and prints the leave-one-authority-out scores beside the
in-sample ones and those of the weights it replaces."""

import argparse
import json
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from assistant.logistic import fit
from assistant.sentence_model import LEXICAL, SEMANTIC, WEIGHTS_FILE, ReaderWeights, reader_weights

REPO = Path(__file__).resolve().parents[1]
COLLECTED = 64  # candidates embedded per question while collecting (the shortlists compared
# must stay under it)
_COSINE = SEMANTIC.index("cosine")


@dataclass
class Candidates:
    """One question's ranked candidates: features (SEMANTIC order), labels, typed flags."""

    question: str
    authority: str
    kind_other: bool
    x: np.ndarray
    y: np.ndarray
    typed: np.ndarray
    texts: tuple[str, ...] = ()  # the candidates' sentences, for diagnostics

    @property
    def embedded(self) -> np.ndarray:
        return self.x[:, _COSINE] != 0.0


def collect(corpus: Path, questions: list[Any], data_dir: Path,
            embedded: int = COLLECTED) -> list[Candidates]:
    """Ask each answerable question; keep the candidates of its own ranking."""
    from assistant.core import Assistant
    from assistant.eval_commands import _prepare
    from eval.questions import contains
    from index.embedders import load_embedder
    from index.settings import Settings

    settings = Settings(data_dir=data_dir)
    embedder = load_embedder(settings.embedding_model)
    _prepare(corpus, settings, embedder, quiet=False)
    assistant = Assistant(settings, embedder=embedder)
    assistant.reader = replace(assistant.reader, shortlist=embedded)
    found: list[Candidates] = []
    for number, question in enumerate(questions, start=1):
        seen: dict[tuple[str, int], Any] = {}

        def keep(asked: str, ranked: list[Any], question: Any = question,
                 seen: dict[tuple[str, int], Any] = seen) -> None:
            if asked == question.question:
                for sentence in ranked:
                    seen.setdefault((sentence.deliberation_id, sentence.start), sentence)

        assistant.observer = keep
        assistant.ask(question.question, question.history)
        ranked = list(seen.values())
        if ranked:
            found.append(Candidates(
                question.id, question.authority or "", ranked[0].features[
                    SEMANTIC.index("kind_other")] == 1.0,
                np.array([s.features for s in ranked]),
                np.array([float(all(contains(s.text, m) for m in question.must_contain))
                          for s in ranked]),
                np.array([s.typed for s in ranked]), tuple(s.text for s in ranked)))
        print(f"\r{number}/{len(questions)} questions lues", end="", flush=True)
    print()
    assistant.close()
    return found


def _vector(weights: dict[str, float], names: tuple[str, ...]) -> np.ndarray:
    return np.array([weights.get(name, 0.0) for name in names])


def shortlist(c: Candidates, lexical: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The runtime's order of the candidates by the lexical model, and the shortlist it
    embeds (the ``size`` best typed ones and the 2 best), with their similarity rescaled."""
    order = np.argsort(-(c.x[:, :len(LEXICAL)] @ lexical), kind="stable")
    typed = order if c.kind_other else order[c.typed[order]]
    chosen = np.array(list(dict.fromkeys([*typed[:size], *order[:2]])), dtype=int)
    x = c.x[chosen].copy()
    cosine = x[:, _COSINE]
    spread = cosine.max() - cosine.min()
    x[:, SEMANTIC.index("similarity")] = (cosine - cosine.min()) / (spread if spread > 1e-6
                                                                      else 1.0)
    return chosen, x


def ranking(c: Candidates, weights: ReaderWeights) -> list[int]:
    """Candidates in the order the assistant would quote them."""
    lexical = _vector(weights.lexical, LEXICAL)
    chosen, x = shortlist(c, lexical, weights.shortlist)
    first = chosen[np.argsort(-(x @ _vector(weights.semantic, SEMANTIC)), kind="stable")]
    rest = [i for i in np.argsort(-(c.x[:, :len(LEXICAL)] @ lexical), kind="stable")
            if i not in set(chosen)]
    return [*first, *rest]


def hits(found: list[Candidates], weights: ReaderWeights) -> dict[str, float]:
    """Among questions with a candidate that holds the answer: how often the first (first
    two) quotable candidates hold it."""
    top1 = top2 = answerable = 0
    for c in found:
        if not c.y.any():
            continue
        answerable += 1
        quotable = [i for i in ranking(c, weights) if c.kind_other or c.typed[i]]
        top1 += bool(quotable[:1] and c.y[quotable[0]])
        top2 += bool(any(c.y[i] for i in quotable[:2]))
    return {"questions": answerable, "top1": round(top1 / max(answerable, 1), 3),
            "top2": round(top2 / max(answerable, 1), 3)}


def pointwise(groups: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """Logistic regression over every candidate, each question weighing as much as another."""
    x = np.vstack([x for x, _ in groups])
    y = np.concatenate([y for _, y in groups])
    share = np.concatenate([np.full(len(y), 1 / len(y)) for _, y in groups])
    return fit(x, y, l2=l2, weights=share)


def listwise(groups: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """Weights that maximise, question by question, the softmax probability of the candidates
    that hold the answer (L-BFGS; questions without one teach nothing)."""
    kept = [(x, y) for x, y in groups if y.any()]
    x = np.vstack([x for x, _ in kept])
    y = np.concatenate([y for _, y in kept])
    starts = np.cumsum([0] + [len(y) for _, y in kept[:-1]])
    owner = np.repeat(np.arange(len(kept)), [len(y) for _, y in kept])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[owner])
        total, positive = np.add.reduceat(e, starts), np.add.reduceat(e * y, starts)
        value = float(np.sum(np.log(total) - np.log(positive))) + 0.5 * l2 * float(w[1:] @ w[1:])
        gradient = x.T @ (e / total[owner] - e * y / positive[owner])
        return value, gradient + np.concatenate([[0.0], l2 * w[1:]])

    return np.asarray(minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x)


OBJECTIVES = {"pointwise": pointwise, "listwise": listwise}


def train(found: list[Candidates], size: int, l2: float,
          objective: str = "listwise") -> ReaderWeights:
    """Both stages fitted: the lexical on every candidate, the semantic on the shortlist the
    fitted lexical stage gives."""
    learn = OBJECTIVES[objective]
    lexical = learn([(c.x[:, :len(LEXICAL)], c.y) for c in found], l2)
    rows = [shortlist(c, lexical, size) for c in found]
    semantic = learn([(x, c.y[chosen]) for c, (chosen, x) in zip(found, rows, strict=True)], l2)
    return ReaderWeights(dict(zip(LEXICAL, map(float, lexical), strict=True)),
                         dict(zip(SEMANTIC, map(float, semantic), strict=True)), size)


def held_out(found: list[Candidates], size: int, l2: float,
             objective: str) -> dict[str, float]:
    """Scores of models fitted without the authority of the questions they rank."""
    authorities = sorted({c.authority for c in found})
    total = {"questions": 0, "top1": 0.0, "top2": 0.0}
    for authority in authorities:
        inside = [c for c in found if c.authority == authority]
        others = [c for c in found if c.authority != authority]
        scored = hits(inside, train(others, size, l2, objective))
        total["questions"] += scored["questions"]
        total["top1"] += scored["top1"] * scored["questions"]
        total["top2"] += scored["top2"] * scored["questions"]
    n = max(total["questions"], 1)
    return {"questions": total["questions"], "top1": round(total["top1"] / n, 3),
            "top2": round(total["top2"] / n, 3)}


def main(argv: list[str] | None = None) -> None:
    from eval.questions import load_questions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True,
                        help="dossier des textes des questions (indexé dans --index)")
    parser.add_argument("--questions", type=Path, nargs="+", default=sorted(
        (REPO / "eval" / "datasets" / "multi" / "questions").glob("tune-*.jsonl")),
        help="fichiers de questions (côté tune)")
    parser.add_argument("--index", type=Path, default=REPO / "eval-out" / "reader-fit",
                        help="dossier de l'index construit (réutilisé s'il est à jour)")
    parser.add_argument("--cache", type=Path, help="candidats lus gardés dans ce fichier")
    parser.add_argument("--shortlists", default="6,12,24",
                        help="tailles de liste courte comparées (par défaut 6,12,24)")
    parser.add_argument("--collect", type=int, default=COLLECTED,
                        help=f"phrases plongées par question à la lecture (par défaut {COLLECTED})")
    parser.add_argument("--l2", default="0.1,1,10",
                        help="pénalités L2 comparées (par défaut 0.1,1,10)")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE, help="fichier des poids écrit")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.shortlists.split(",")]
    if max(sizes) + 2 > args.collect:
        parser.error(f"liste courte de {max(sizes)} phrases : lire au moins {max(sizes) + 2} "
                     "phrases par question (--collect)")
    questions = [q for path in args.questions for q in load_questions(path)
                 if q.relevant and q.must_contain]
    if args.cache and args.cache.exists():
        found = [Candidates(**fields) for fields in pickle.loads(args.cache.read_bytes())]
    else:
        found = collect(args.corpus, questions, args.index, args.collect)
        if args.cache:
            args.cache.write_bytes(pickle.dumps([vars(c) for c in found]))
    report = fitted(found, sizes, [float(v) for v in args.l2.split(",")])
    chosen = report["chosen"]
    weights = train(found, chosen["shortlist"], chosen["l2"], chosen["objective"])
    report["in_sample"] = hits(found, weights)
    args.out.write_text(json.dumps({"lexical": weights.lexical, "semantic": weights.semantic,
                                    "shortlist": weights.shortlist, "fitted_on": report},
                                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))


def fitted(found: list[Candidates], sizes: list[int], l2s: list[float]) -> dict[str, Any]:
    """The leave-one-authority-out score of each objective, shortlist size and penalty; the
    best is chosen (first place, then the smaller shortlist, cheaper at question time, then
    the first two places)."""
    grid = [(objective, size, l2) for objective in OBJECTIVES for size in sizes for l2 in l2s]
    loao = {setting: held_out(found, setting[1], setting[2], setting[0]) for setting in grid}
    best = max(grid, key=lambda s: (loao[s]["top1"], -s[1], loao[s]["top2"]))
    return {"questions": len(found), "authorities": len({c.authority for c in found}),
            "replaced": hits(found, reader_weights()),
            "chosen": {"objective": best[0], "shortlist": best[1], "l2": best[2]},
            "leave_one_authority_out": {f"{o} {s} {l2}": loao[(o, s, l2)]
                                        for o, s, l2 in grid}}


if __name__ == "__main__":
    main()
