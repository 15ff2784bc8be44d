"""How exact Chroma's HNSW search is on real vectors: its candidates against an exact search.

Run: ``python -m benchmarks.dense_recall QUESTIONS.jsonl... --corpus FOLDER [--out DIR]``;
writes ``benchmarks/results/dense-recall.json`` (or ``--result``). The index is the one
``delib eval --corpus`` builds (reused while corpus and settings hold). For each question (its
history before it, as the baselines of ``benchmarks/retrieval.py`` read it), the retriever's
``candidates`` nearest chunks are found exactly (cosine with every stored vector) and by Chroma
with each breadth asked (``n_results``, which sets how many graph nodes HNSW explores); the
report gives, per breadth, the share of the exact neighbours Chroma misses, the questions whose
nearest chunk differs, and the time per search. Not a test: nothing asserts.
"""

import argparse
import json
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine.retrieval import RetrievalConfig
from benchmarks.question_sets import add_options, prepared
from benchmarks.retrieval import _vectors
from index.dense import SEARCH_BREADTH
from index.store import Index

RESULTS = Path(__file__).parent / "results" / "dense-recall.json"
BREADTHS = (100, 200, 400, 1000)


def exact_neighbours(vectors: np.ndarray, ids: list[str], query: np.ndarray, k: int,
                     ) -> list[str]:
    """The ``k`` chunks of highest cosine with ``query`` (``vectors`` normalised)."""
    scores = vectors @ (query / np.linalg.norm(query))
    return [ids[i] for i in np.argsort(-scores, kind="stable")[:k]]


def measure(index: Index, queries: list[np.ndarray], k: int,
            breadths: tuple[int, ...]) -> dict[str, Any]:
    """Per breadth: neighbours missed (share of the exact ``k``), questions whose first chunk
    is less close than the exact first (a tie between two copies of a text does not count) and
    milliseconds per Chroma search; the exact search's time beside them."""
    ids = [row["id"] for row in index.catalog.query("SELECT id FROM chunks")]
    vectors = _vectors(index, ids)
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    started = time.perf_counter()
    exact = [exact_neighbours(vectors, ids, q, k) for q in queries]
    row = {chunk_id: i for i, chunk_id in enumerate(ids)}
    result: dict[str, Any] = {"chunks": len(ids), "questions": len(queries), "k": k,
                              "exact_ms": round(_per(started, queries), 2), "breadths": {}}
    collection = index.dense._collection  # the store's own query, breadth set by the caller
    for breadth in breadths:
        started = time.perf_counter()
        found = [collection.query(query_embeddings=[q], n_results=max(k, breadth),
                                  include=["distances"])["ids"][0][:k] for q in queries]
        milliseconds = _per(started, queries)
        missed = sum(len(set(e) - set(f)) for e, f in zip(exact, found, strict=True))
        result["breadths"][str(breadth)] = {
            "missed_share": round(missed / (k * len(queries)), 4),
            "first_worse": sum(_closer(vectors, row, q, e[0], f[0])
                               for q, e, f in zip(queries, exact, found, strict=True)),
            "ms_per_search": round(milliseconds, 2)}
    return result


def _closer(vectors: np.ndarray, row: dict[str, int], query: np.ndarray, exact: str,
            found: str) -> bool:
    """Whether the exact first chunk is closer to ``query`` than Chroma's first."""
    cosines = vectors[[row[exact], row[found]]] @ (query / np.linalg.norm(query))
    return bool(cosines[0] - cosines[1] > 1e-6)


def _per(started: float, queries: list[np.ndarray]) -> float:
    return (time.perf_counter() - started) * 1000 / max(1, len(queries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, Path("eval-out/dense-recall"), RESULTS)
    parser.add_argument("--breadths", default=",".join(map(str, BREADTHS)),
                        help="largeurs de recherche comparées, séparées par des virgules")
    args = parser.parse_args()
    settings, embedder, questions = prepared(args)
    queries = [embedder.embed_query(" ".join([*q.history, q.question])) for q in questions]
    breadths = tuple(int(b) for b in args.breadths.split(","))
    with Index(settings) as index:
        result = measure(index, queries, RetrievalConfig().candidates, breadths)
    record = {"questions": [str(p) for p in args.questions], "corpus": str(args.corpus),
              "model": settings.embedding_model, "machine": platform.node(),
              "search_breadth": SEARCH_BREADTH, **result}
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
    for breadth, values in result["breadths"].items():
        print(f"largeur {breadth:>5} : {values['missed_share']:.2%} des voisins exacts manqués, "
              f"premier moins proche que l'exact pour {values['first_worse']} question(s), "
              f"{values['ms_per_search']} ms par recherche")
    print(f"recherche exacte : {result['exact_ms']} ms par question ({result['chunks']} extraits)")


if __name__ == "__main__":
    main()
