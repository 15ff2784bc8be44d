"""Question latency on the shipped multi-authority set: real texts, long minutes included.

Run: ``python -m benchmarks.multi_query [--side tune] [--rebuild]``; writes
``benchmarks/results/query-multi.json`` and prints a table. Not a test: nothing here asserts.

Method. Every text of one side of ``eval/datasets/multi`` (tune by default: about 5,000 chunks,
with the hundred-page minutes of Chéméré and Corte) is indexed by the production ingest with the
default model, in ``benchmarks/.cache/multi-<side>`` (kept while the texts and the settings hold;
``--rebuild`` rebuilds it). Then, the model's batch engine loaded as ``delib serve`` loads it
at start, every question of that side is asked once through ``Assistant.ask`` in this process,
after a few warm-up questions; a follow-up's history is asked first, untimed. Latency is
reported overall and per question type, with the load average around the run (on shared cores
every figure moves with it).
"""

import argparse
import json
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from eval.datasets.subset import HERE, write_subset
from eval.questions import Question, load_questions
from eval.workspace import build_index, corpus_manifest, is_current, stored_manifest
from index.embedders import embedder_for, warm_up
from index.settings import Settings

RESULTS = Path(__file__).parent / "results" / "query-multi.json"
CACHE = Path(__file__).parent / ".cache"
TARGETS_MS = {"p50": 300, "p95": 1000}
WARMUP = 5


def build(side: str, cache: Path, rebuild: bool) -> tuple[Path, list[Question], dict[str, Any]]:
    """The side's texts and questions under ``cache``, and its index (reused when unchanged)."""
    data = cache / f"multi-{side}"
    files, _ = write_subset(HERE, side, data / "data", None, texts=True)
    settings = Settings(data_dir=data / "index")
    corpus = data / "data" / "texts"
    expected = corpus_manifest(corpus, settings)
    if rebuild or not is_current(settings, expected):
        build_index(corpus, settings, embedder_for(settings), expected,
                    lambda outcome: print(f"{outcome.status:9} {Path(outcome.source).name}",
                                          flush=True))
    built = stored_manifest(settings.data_dir) or {}
    info = {"files": files, **{key: built.get(key) for key in ("deliberations", "chunks",
                                                                "seconds")}}
    return settings.data_dir, load_questions(data / "data" / "questions.jsonl"), info


def timed(data_dir: Path, questions: list[Question]) -> list[dict[str, Any]]:
    """One row per question: its type, latency and whether it was answered."""
    from assistant.engine.core import Assistant

    embedder = embedder_for(Settings())
    warm_up(embedder, wait=True)  # as ``delib serve`` does at start
    assistant = Assistant(Settings(data_dir=data_dir), embedder=embedder)
    try:
        for question in questions[:WARMUP]:
            assistant.ask(question.question, list(question.history))
        rows = []
        for question in questions:
            for depth, turn in enumerate(question.history):
                assistant.ask(turn, list(question.history[:depth]))
            started = time.perf_counter()
            answer = assistant.ask(question.question, list(question.history))
            rows.append({"type": question.type, "ms": (time.perf_counter() - started) * 1000,
                         "answered": not answer.refused})
        return rows
    finally:
        assistant.close()


def percentiles(values: list[float]) -> dict[str, float]:
    array = np.asarray(values, dtype=float)
    return {"n": len(values), "p50": round(float(np.percentile(array, 50)), 1),
            "p95": round(float(np.percentile(array, 95)), 1),
            "max": round(float(array.max()), 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("tune", "check"), default="tune",
                        help="côté du jeu multi-collectivités (défaut : tune)")
    parser.add_argument("--rebuild", action="store_true", help="reconstruire l'index")
    parser.add_argument("--cache", type=Path, default=CACHE, help="dossier de l'index construit")
    parser.add_argument("--output", type=Path, default=RESULTS, help="fichier JSON écrit")
    args = parser.parse_args(argv)
    data_dir, questions, info = build(args.side, args.cache, args.rebuild)
    load_before = os.getloadavg()
    rows = timed(data_dir, questions)
    by_type: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        by_type[row["type"]].append(row["ms"])
    overall = percentiles([row["ms"] for row in rows])
    summary = {"benchmark": "query-multi", "side": args.side,
               "method": __doc__.split("Method. ", 1)[1].strip(),
               "machine_cores": os.cpu_count(), "index": info,
               "load_average_before": [round(x, 2) for x in load_before],
               "load_average_after": [round(x, 2) for x in os.getloadavg()],
               "latency_ms": overall,
               "latency_ms_by_type": {k: percentiles(v) for k, v in sorted(by_type.items())},
               "answered": sum(row["answered"] for row in rows),
               "targets_ms": {name: {"limit": limit, "measured": overall[name],
                                     "met": overall[name] <= limit}
                              for name, limit in TARGETS_MS.items()}}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    show(summary)


def show(summary: dict[str, Any]) -> None:
    table = Table(title=f"Latence de delib ask, côté {summary['side']} "
                        f"({summary['index'].get('chunks', '?')} extraits)")
    for column in ("type", "n", "p50 ms", "p95 ms", "max ms"):
        table.add_column(column)
    rows = [("tout", summary["latency_ms"]), *summary["latency_ms_by_type"].items()]
    for name, values in rows:
        table.add_row(name, str(values["n"]), str(values["p50"]), str(values["p95"]),
                      str(values["max"]))
    Console().print(table)


if __name__ == "__main__":
    main()
