"""How exact Chroma's HNSW search is on real vectors: its candidates against an exact search.

Run: ``python -m benchmarks.dense_recall QUESTIONS.jsonl... --corpus FOLDER [--out DIR]``;
writes ``benchmarks/results/dense-recall.json`` (or ``--result``). The index is the one
``delib eval --corpus`` builds (reused while corpus and settings hold). For each question (its
history before it, as the baselines of ``benchmarks/retrieval.py`` read it), the retriever's
``candidates`` nearest chunks are found exactly (cosine with every stored vector) and by the
store's own search (``DenseStore.search``, no filter) at each breadth asked (how many graph
nodes HNSW explores); the report gives, per breadth, the share of the exact neighbours the store
misses, the questions whose first chunk is less close than the exact first, and the time per
search. A neighbour replaced by one as close (a copy of its text, a float32 tie) is not missed.
Searches restricted by filters are not measured. Not a test: nothing asserts.
"""

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine.retrieval import RetrievalConfig
from benchmarks.question_sets import add_options, prepared
from benchmarks.retrieval import stored_vectors
from index.dense import SEARCH_BREADTH
from index.store import Index

RESULTS = Path(__file__).parent / "results" / "dense-recall.json"
BREADTHS = (100, 200, 400, 1000)
TIE = 1e-6  # cosines closer than this are the same distance (float32 storage)


def exact_neighbours(vectors: np.ndarray, ids: list[str], query: np.ndarray, k: int,
                     ) -> list[str]:
    """The ``k`` chunks of highest cosine with ``query`` (``vectors`` normalised)."""
    return _highest(_cosines(vectors, query), ids, k)


def _cosines(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    return vectors @ (query / np.linalg.norm(query))


def _highest(cosines: np.ndarray, ids: list[str], k: int) -> list[str]:
    return [ids[i] for i in np.argsort(-cosines, kind="stable")[:k]]


def missed(exact: list[str], found: list[str], cosine: Callable[[str], float]) -> int:
    """Exact neighbours absent from ``found`` and closer than its last chunk (all of them
    when nothing was found)."""
    floor = cosine(found[-1]) if found else -np.inf
    kept = set(found)
    return sum(chunk not in kept and cosine(chunk) > floor + TIE for chunk in exact)


def measure(index: Index, queries: list[np.ndarray], k: int,
            breadths: tuple[int, ...]) -> dict[str, Any]:
    """Per breadth: neighbours missed (share of the exact ones), questions whose first chunk
    is less close than the exact first, milliseconds per search; the exact search's time."""
    ids = [row["id"] for row in index.catalog.query("SELECT id FROM chunks")]
    result: dict[str, Any] = {"chunks": len(ids), "questions": len(queries), "k": k,
                              "breadths": {}}
    if not ids or not queries:
        return result
    vectors = stored_vectors(index, ids)
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    row = {chunk_id: i for i, chunk_id in enumerate(ids)}
    started = time.perf_counter()
    cosines = [_cosines(vectors, q) for q in queries]
    exact = [_highest(c, ids, k) for c in cosines]
    result["exact_ms"] = round(_per(started, queries), 2)
    index.dense.search(queries[0], k)  # untimed: the graph loaded before the first breadth
    closeness = [_by_id(c, row) for c in cosines]
    for breadth in breadths:
        started = time.perf_counter()
        found = [[c for c, _ in index.dense.search(q, k, breadth=breadth)] for q in queries]
        milliseconds = _per(started, queries)
        lost = sum(missed(e, f, c) for e, f, c in zip(exact, found, closeness, strict=True))
        worse = sum(bool(f) and c(e[0]) - c(f[0]) > TIE
                    for e, f, c in zip(exact, found, closeness, strict=True))
        result["breadths"][str(breadth)] = {
            "missed_share": round(lost / sum(len(e) for e in exact), 4),
            "first_worse": worse, "ms_per_search": round(milliseconds, 2)}
    return result


def _by_id(cosines: np.ndarray, row: dict[str, int]) -> Callable[[str], float]:
    """A chunk's cosine with the query, by chunk id (one the catalog does not list: -inf)."""
    return lambda chunk: float(cosines[row[chunk]]) if chunk in row else -np.inf


def _per(started: float, queries: list[np.ndarray]) -> float:
    return (time.perf_counter() - started) * 1000 / max(1, len(queries))


def _percent(share: float) -> str:
    return f"{share * 100:.2f}".replace(".", ",") + " %"


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
    record = {"question_files": [str(p) for p in args.questions], "corpus": str(args.corpus),
              "model": settings.embedding_model, "machine": platform.node(),
              "search_breadth": SEARCH_BREADTH, **result}
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
    for breadth, values in result["breadths"].items():
        print(f"largeur {breadth:>5} : {_percent(values['missed_share'])} des voisins exacts "
              f"manqués, premier moins proche que l'exact pour {values['first_worse']} "
              f"question(s), {values['ms_per_search']} ms par recherche".replace(".", ","))
    print(f"recherche exacte : {result.get('exact_ms')} ms par question "
          f"({result['chunks']} extraits)".replace(".", ","))


if __name__ == "__main__":
    main()
