"""Fit the ranking model on tune questions: ``python -m assistant.engine.fit_ranking``.

Each answerable question of the given sets (``--set QUESTIONS CORPUS``, repeatable) that has
no history (follow-ups are left out) is searched as the assistant searches a first question
(its filters read, the rest searched); every deliberation its candidates hold gets the features of
``assistant.engine.ranking``, labelled by whether it holds every ``must_contain`` string in one
of the question's relevant files (or is the same item read elsewhere: same session, same
title; each reading is a candidate of its own, where the assistant shows the better). A
logistic model is fitted on them, its L2 penalty chosen by the leave-one-authority-out
mean reciprocal rank. Writes ``assistant/engine/ranking_weights.json`` with hit@1 and hit@5 of
the model left out by authority, in-sample, of reciprocal rank fusion and of the dense order.
"""

import argparse
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine.fit_refusal import add_tune_sets, settings_for
from assistant.engine.logistic import fit
from assistant.engine.ranking import FEATURES, WEIGHTS_FILE, features
from index.errors import DelibError
from index.settings import vectors_identity

PENALTIES = (0.3, 1.0, 3.0, 10.0, 30.0)
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Searched:
    """One question: its authority, each candidate's features and label, in the order
    reciprocal rank fusion gives them."""

    authority: str
    rows: list[list[float]]
    relevant: list[bool]


def collect(questions: Path, corpus: Path, data_dir: Path, quiet: bool) -> list[Searched]:
    """Search every answerable first question of ``questions`` over an index of ``corpus``."""
    from assistant.engine.core import Assistant, record_text
    from assistant.engine.filters import extract_filters
    from assistant.engine.retrieval import RetrievalConfig
    from assistant.eval_commands import prepare_index
    from eval.questions import file_key, holding, load_questions
    from index.embedders import embedder_for

    settings = settings_for(data_dir)
    embedder = embedder_for(settings)
    prepare_index(corpus, settings, embedder, quiet)
    assistant = Assistant(settings, embedder=embedder, config=RetrievalConfig(fusion="fitted"))
    found: list[Searched] = []
    try:
        records = _records(assistant)
        texts = {d: (file_key(row["source"]), record_text(row)) for d, row in records.items()}
        for question in load_questions(questions):
            if question.history or question.type == "unanswerable":
                continue
            relevant = holding(question, {file_key(n) for n in question.relevant}, texts)
            asked, rest = extract_filters(question.question, assistant.collectivities())
            hits, pool, _ = assistant.retriever.gather(rest or question.question, asked, {})
            rows = features(pool) if pool is not None else {}
            ids = [d for h in hits for d in (h.deliberation_id, *h.duplicates) if d in rows]
            if not relevant or not ids:
                continue
            keys = {_key(records[d]) for d in relevant}
            found.append(Searched(question.authority or corpus.name,
                                  [rows[d].tolist() for d in ids],
                                  [d in relevant or _key(records[d]) in keys for d in ids]))
    finally:
        assistant.close()
    return found


def _records(assistant: Any) -> dict[str, dict[str, Any]]:
    """Every deliberation of the assistant's index: its title, text, session and file."""
    rows = assistant.index.catalog.query(
        "SELECT d.id, d.object, d.text, d.session_date, doc.source FROM deliberations d "
        "JOIN documents doc ON doc.id = d.document_id")
    return {row["id"]: dict(row) for row in rows}


def _key(row: dict[str, Any]) -> tuple[str, str]:
    """The item a record reads (its session and folded title), as the retrieval groups them."""
    from assistant.engine.retrieval import identity

    return identity(row["session_date"], row["object"] or row["id"])


def design(rows: Sequence[Searched]) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate's features and label, all questions together."""
    x = np.array([r for q in rows for r in q.rows], dtype=float)
    y = np.array([float(v) for q in rows for v in q.relevant])
    return x, y


def fitted(rows: Sequence[Searched], l2: float) -> dict[str, Any]:
    """The model fitted on ``rows``: weights (bias first), mean and scale."""
    x, y = design(rows)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    weights = fit(np.hstack([np.ones((len(x), 1)), (x - mean) / scale]), y, l2=l2)
    return {"weights": weights.tolist(), "mean": mean.tolist(), "scale": scale.tolist()}


def ranks(rows: Sequence[Searched], model: dict[str, Any]) -> list[int | None]:
    """Each question's first relevant rank (1-based) under ``model``."""
    weights, mean, scale = (np.array(model[k]) for k in ("weights", "mean", "scale"))
    found: list[int | None] = []
    for question in rows:
        x = (np.array(question.rows) - mean) / scale
        order = np.argsort(-(weights[0] + x @ weights[1:]), kind="stable")
        found.append(_first([question.relevant[i] for i in order]))
    return found


def _first(labels: Sequence[bool]) -> int | None:
    """The 1-based rank of the first relevant candidate, None without one."""
    return next((i for i, label in enumerate(labels, start=1) if label), None)


def held_out(rows: Sequence[Searched], l2: float) -> list[int | None]:
    """First relevant ranks, each question ranked by a model fitted without its authority."""
    found: dict[int, int | None] = {}
    for authority in sorted({r.authority for r in rows}):
        inside = [i for i, r in enumerate(rows) if r.authority == authority]
        model = fitted([r for r in rows if r.authority != authority], l2)
        found |= dict(zip(inside, ranks([rows[i] for i in inside], model), strict=True))
    return [found[i] for i in range(len(rows))]


def scores(first: Sequence[int | None]) -> dict[str, float]:
    """hit@1, hit@5 and MRR of first relevant ranks."""
    n = len(first) or 1
    return {"hit@1": round(sum(r == 1 for r in first) / n, 3),
            "hit@5": round(sum(r is not None and r <= 5 for r in first) / n, 3),
            "mrr": round(sum(1 / r for r in first if r) / n, 3)}


def report(rows: list[Searched], model_name: str) -> dict[str, Any]:
    """The chosen penalty's model and its scores beside the unfitted orders."""
    by_penalty = {l2: scores(held_out(rows, l2)) for l2 in PENALTIES}
    l2 = max(PENALTIES, key=lambda p: (by_penalty[p]["mrr"], p))
    model = fitted(rows, l2)
    dense = FEATURES.index("dense")
    return {"features": list(FEATURES), **model, "l2": l2,
            "embedding_model": vectors_identity(model_name),
            "fitted_on": {"questions": len(rows), "authorities": len({r.authority for r in rows}),
                          "candidates": sum(len(r.rows) for r in rows)},
            "scores": {"leave_one_authority_out": by_penalty[l2],
                       "in_sample": scores(ranks(rows, model)),
                       "reciprocal_rank_fusion": scores([_first(r.relevant) for r in rows]),
                       "dense": scores([_first([r.relevant[i] for i in np.argsort(
                           -np.array(r.rows)[:, dense], kind="stable")]) for r in rows]),
                       "by_penalty": {str(p): v for p, v in by_penalty.items()}}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_tune_sets(parser, REPO / "eval-out" / "fit-ranking", "recherches")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    try:
        rows = [row for number, (questions, corpus) in enumerate(args.set)
                for row in _searched(number, questions, corpus, args)]
    except DelibError as error:  # a missing corpus, an unreadable question file
        parser.exit(2, f"{error}\n")
    if len({row.authority for row in rows}) < 2:
        parser.error("il faut des questions d'au moins deux collectivités (champ authority, "
                     "ou deux corpus) : chacune est classée par un modèle appris sans elle")
    result = report(rows, settings_for(args.work).embedding_model)
    result["fitted_on"]["sets"] = [f"{questions} ; {corpus}" for questions, corpus in args.set]
    _write(args.out, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    measured = result["scores"]  # (not ``scores``, the function)
    if measured["leave_one_authority_out"]["hit@1"] < measured["reciprocal_rank_fusion"]["hit@1"]:
        print("Attention : évalué en laissant chaque collectivité de côté, le modèle écrit dans "
              f"{args.out} place moins souvent la délibération attendue en tête que la fusion "
              "par rang réciproque ; ne livrez pas ce fichier (sans lui, la recherche revient à "
              "cette fusion ; git restore le rend tel qu'il était).")
    print(json.dumps({"l2": result["l2"], **result["fitted_on"], **measured},
                     ensure_ascii=False, indent=2))


def _searched(number: int, questions: Path, corpus: Path,
              args: argparse.Namespace) -> list[Searched]:
    """The searches of one set: those kept in --work when they were made on the same questions
    and index, else made again and kept."""
    cache = args.work / f"searches-{number}-{questions.stem}.json"
    stamp = _stamp(questions, corpus, args.work)
    kept = _kept(cache)
    if {key: kept.get(key) for key in stamp} == stamp:
        return list(kept["searches"])
    found = collect(questions, corpus, args.work / f"index-{number}", args.quiet)
    _write(cache, json.dumps({**stamp, "searches": [asdict(row) for row in found]}))
    return found


def _stamp(questions: Path, corpus: Path, work: Path) -> dict[str, Any]:
    """What the searches kept for a set depend on: the features, the embedding model, the
    questions and the index (every corpus file's hash and the build fingerprint, parser
    version included); the retrieval code itself is not stamped (after changing it, start
    from an empty --work folder)."""
    from eval.workspace import corpus_manifest

    settings = settings_for(work)
    index = json.dumps(corpus_manifest(corpus, settings), sort_keys=True).encode()
    return {"features": list(FEATURES),
            "embedding_model": vectors_identity(settings.embedding_model),
            "questions": hashlib.sha256(
                questions.read_bytes() if questions.is_file() else b"").hexdigest(),
            "index": hashlib.sha256(index).hexdigest(),
            "corpus_name": corpus.name}  # the authority of questions naming none


def _kept(cache: Path) -> dict[str, Any]:
    """The searches kept in ``cache``, or nothing when it is absent or unreadable."""
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        searches = [Searched(**row) for row in kept["searches"]]
    except (OSError, ValueError, TypeError, KeyError):
        return {}
    return {**kept, "searches": searches} if all(map(_sound, searches)) else {}


def _sound(searched: Searched) -> bool:
    """A kept search as ``collect`` writes them: an authority, one label per candidate, each
    candidate a number for every feature."""
    rows, labels = searched.rows, searched.relevant
    return (isinstance(searched.authority, str) and isinstance(rows, list) and bool(rows)
            and isinstance(labels, list) and len(labels) == len(rows)
            and all(isinstance(label, bool) for label in labels)
            and all(isinstance(row, list) and len(row) == len(FEATURES)
                    and all(isinstance(v, int | float) for v in row) for row in rows))


def _write(path: Path, text: str) -> None:
    """``text`` into ``path`` whole or not at all (written beside it, then renamed)."""
    partial = path.with_name(path.name + ".partiel")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


if __name__ == "__main__":
    main()
