"""Document ranking alone: delib's retrieval beside naive baselines, on the same chunks.

Run: ``python -m benchmarks.retrieval QUESTIONS.jsonl... --corpus FOLDER [--out DIR]``; writes
``benchmarks/results/retrieval.json`` (or ``--result``). The index is the one ``delib eval
--corpus`` builds (reused while corpus and settings hold). Baselines score a document (source
file) by its best chunk, over exactly the chunks and vectors of that index:

- ``bm25``: Okapi BM25 (k1 1.2, b 0.75) on the French analysis of the lexical index (stems);
- ``dense``: cosine of the query's e5 vector with every chunk vector (exact, no filter);
- ``rrf``: reciprocal rank fusion (k 60) of the two chunk rankings.

``delib`` is the ranking ``Assistant.ask`` returns (``Answer.retrieved``), history replayed as
``delib eval`` does, with the fusion ``--fusion`` names (the default's unless given).
Baselines get the history prepended to any question asked after others (a follow-up, a change
of subject). Unanswerable questions are left out. Hit@k: a relevant file among
the first k files. ``--level record`` ranks deliberation records instead of files (a session's
minutes hold one record per item): a relevant record is one of a relevant file that holds every
``must_contain`` string, and a question with none is left out.
Not a test: nothing asserts.
"""

import argparse
import json
import math
import platform
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from assistant.engine.retrieval import DEFAULT_FUSION, FUSIONS, RetrievalConfig
from benchmarks.question_sets import add_options, prepared
from eval.questions import Question, Records, file_key, holding
from index.analysis import analyze
from index.embedders import Embedder
from index.store import Index

RESULTS = Path(__file__).parent / "results" / "retrieval.json"
SYSTEMS = ("bm25", "dense", "rrf", "delib")
_K1, _B, _RRF_K = 1.2, 0.75, 60


class Baselines:
    """BM25 and exact dense search over every chunk of one index, ranked by file (or by
    deliberation record, ``level="record"``)."""

    def __init__(self, index: Index, embedder: Embedder, level: str = "file") -> None:
        rows = index.catalog.query(
            "SELECT c.id, c.text, c.deliberation_id, doc.source FROM chunks c JOIN "
            "deliberations d ON d.id = c.deliberation_id JOIN documents doc "
            "ON doc.id = d.document_id")
        self.ids = [row["id"] for row in rows]
        self.keys = [file_key(row["source"]) if level == "file" else row["deliberation_id"]
                     for row in rows]  # what a chunk counts for: its file, or its record
        self.terms = [Counter(analyze(row["text"])) for row in rows]
        self.lengths = np.array([sum(t.values()) for t in self.terms], dtype=float)
        self.df: Counter[str] = Counter(term for t in self.terms for term in t)
        self.embedder = embedder
        self.vectors = stored_vectors(index, self.ids)

    def bm25(self, query: str) -> np.ndarray:
        n, average = len(self.ids), float(self.lengths.mean() or 1.0)
        scores = np.zeros(n)
        for term in set(analyze(query)):
            if term not in self.df:
                continue
            idf = math.log(1 + (n - self.df[term] + 0.5) / (self.df[term] + 0.5))
            tf = np.array([t.get(term, 0) for t in self.terms], dtype=float)
            scores += idf * tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * self.lengths / average))
        return scores

    def dense(self, query: str) -> np.ndarray:
        return self.vectors @ np.asarray(self.embedder.embed_query(query), dtype=float)

    def rankings(self, query: str) -> dict[str, list[str]]:
        bm25, dense = self.bm25(query), self.dense(query)
        order_b, order_d = np.argsort(-bm25), np.argsort(-dense)
        rrf = np.zeros(len(self.ids))
        for order in (order_b, order_d):
            rrf[order] += 1 / (_RRF_K + 1 + np.arange(len(order)))
        return {"bm25": self._ranked(order_b, bm25 > 0), "dense": self._ranked(order_d, None),
                "rrf": self._ranked(np.argsort(-rrf), None)}

    def _ranked(self, order: np.ndarray, keep: np.ndarray | None) -> list[str]:
        chosen = [i for i in order[:400] if keep is None or keep[i]]
        return list(dict.fromkeys(self.keys[i] for i in chosen))


def stored_vectors(index: Index, ids: list[str]) -> np.ndarray:
    """The store's own vectors of ``ids``, in that order."""
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(ids), 2000):
        found |= index.dense.vectors(ids[start: start + 2000])
    return np.vstack([found[i] for i in ids]).astype(float)


def hits(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    first = next((i for i, item in enumerate(ranked[:10], start=1) if item in relevant), None)
    return {"hit@1": float(first == 1), "hit@5": float(first is not None and first <= 5),
            "mrr@10": 1 / first if first else 0.0}


def measure(questions: list[Question], baselines: Baselines, assistant: Any,
            records: Records | None = None) -> dict[str, dict[str, Any]]:
    """Hit@1, hit@5 and MRR@10 of every system, overall and per question type; by record
    when ``records`` (each record's file and text) are given, else by file."""
    from eval.runner import ask

    per: dict[str, list[tuple[str, dict[str, float]]]] = {s: [] for s in SYSTEMS}
    for question in questions:
        if question.type == "unanswerable":
            continue
        relevant = {file_key(name) for name in question.relevant}
        if records is not None:
            relevant = holding(question, relevant, records)
            if not relevant:
                continue
        query = " ".join([*question.history, question.question])
        ranked = baselines.rankings(query)
        answer, _ = ask(assistant, question)
        ranked["delib"] = list(dict.fromkeys(
            file_key(s) if records is None else d for d, s in answer.retrieved))
        for system in SYSTEMS:
            per[system].append((question.type, hits(ranked[system], relevant)))
    return {system: _averages(rows) for system, rows in per.items()}


def records_of(index: Index) -> Records:
    """Every deliberation record of ``index``: its file key, its object and text."""
    rows = index.catalog.query(
        "SELECT d.id, d.object, d.text, doc.source FROM deliberations d "
        "JOIN documents doc ON doc.id = d.document_id")
    from assistant.engine.core import record_text

    return {row["id"]: (file_key(row["source"]), record_text(row)) for row in rows}


def _averages(rows: list[tuple[str, dict[str, float]]]) -> dict[str, Any]:
    def mean(values: list[dict[str, float]]) -> dict[str, float]:
        return {key: round(sum(v[key] for v in values) / len(values), 3)
                for key in ("hit@1", "hit@5", "mrr@10")} if values else {}

    kinds = sorted({kind for kind, _ in rows})
    return {**mean([v for _, v in rows]), "questions": len(rows),
            "by_type": {kind: mean([v for k, v in rows if k == kind]) for kind in kinds}}


def main() -> None:
    from assistant.engine.core import Assistant

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, Path("eval-out/retrieval"), RESULTS)
    parser.add_argument("--level", choices=("file", "record"), default="file",
                        help="classer les fichiers (défaut) ou les fiches de délibération")
    parser.add_argument("--fusion", choices=FUSIONS, default=DEFAULT_FUSION,
                        help=f"la recherche de delib mesurée (défaut : {DEFAULT_FUSION} ; "
                        "fitted : le classement appris)")
    args = parser.parse_args()
    settings, embedder, questions = prepared(args)
    with Index(settings) as index:
        baselines = Baselines(index, embedder, args.level)
        records = records_of(index) if args.level == "record" else None
    assistant = Assistant(settings, embedder=embedder,
                          config=RetrievalConfig(fusion=args.fusion))
    try:
        result = measure(questions, baselines, assistant, records)
    finally:
        assistant.close()
    record = {"questions": [str(p) for p in args.questions], "corpus": str(args.corpus),
              "level": args.level, "fusion": args.fusion, "chunks": len(baselines.ids),
              "model": settings.embedding_model, "machine": platform.node(), "systems": result}
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
    for system, values in result.items():
        print(f"{system:6} hit@1 {values.get('hit@1')}  hit@5 {values.get('hit@5')}  "
              f"mrr@10 {values.get('mrr@10')}  ({values['questions']} questions)")


if __name__ == "__main__":
    main()
