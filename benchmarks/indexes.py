"""Benchmark indexes of about N chunks, built once from the synthetic corpus by the real Ingestor.

The corpus (``generate(n, seed=0)``, one file per deliberation) grows on demand in
``CACHE/corpus``; an index of about N chunks holds a prefix of it, so a smaller index is a
prefix of a larger one and shares its real vectors. Indexes live in ``CACHE/index-N``, with a
``build.json`` once complete.
"""

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.synthetic import SyntheticDeliberation, generate
from benchmarks.vectors import BenchEmbedder, VectorCache
from index.chunking import chunk_deliberation
from index.embedders import Embedder
from index.parsing import parse_document
from index.pipeline import Ingestor
from index.reader import read_document
from index.settings import DEFAULT_MODEL, Settings
from index.store import Index, fingerprint

CHUNKS_PER_DELIBERATION = 5.0  # a low estimate (2,000 synthetic deliberations gave 10,437)
EXACT_CHUNKS = 10_000


def index_settings(data_dir: Path) -> Settings:
    return Settings.model_validate({"data_dir": data_dir, "embedding_model": DEFAULT_MODEL})


def chunk_count(path: Path, embedder: Embedder, settings: Settings) -> int:
    """Chunks the ingest will make of one file (same reader, parser and splitter)."""
    document = read_document(path, int(settings.max_file_mb * 1e6), settings.max_pdf_pages)
    return sum(len(chunk_deliberation(delib, embedder, settings))
               for delib in parse_document(document))


class Corpus:
    """The synthetic corpus on disk and the chunk counts of its first files, in order."""

    def __init__(self, folder: Path, embedder: Embedder) -> None:
        self.folder, self.embedder = folder, embedder
        self._counts_path = folder / "chunk_counts.json"
        self.counts: list[tuple[str, int]] = (
            [(name, count) for name, count in json.loads(self._counts_path.read_text())]
            if self._counts_path.exists() else [])

    def prefix(self, chunks: int) -> list[Path]:
        """The first files holding about ``chunks`` chunks: counted exactly up to
        ``EXACT_CHUNKS``, extrapolated past it at the counted files' mean (chunking a file costs
        about as much as its ingest)."""
        exact = min(chunks, EXACT_CHUNKS)
        while sum(count for _, count in self.counts) < exact:
            missing = exact - sum(count for _, count in self.counts)
            self._count(len(self.counts) + int(missing / CHUNKS_PER_DELIBERATION) + 1)
        names, total = [], 0
        for name, count in self.counts:
            if total >= exact:
                break
            names.append(name)
            total += count
        if chunks > total:
            extra = round((chunks - total) * len(names) / total)
            records = list(generate(len(names) + extra, seed=0))
            names += [record.file_name for record in records[len(names):]]
            self._write(records)
        return [self.folder / name for name in names]

    def records(self, files: int) -> list[SyntheticDeliberation]:
        return list(generate(files, seed=0))

    def _write(self, records: list[SyntheticDeliberation]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for record in records:
            path = self.folder / record.file_name
            if not path.exists():
                path.write_text(record.text, encoding="utf-8")

    def _count(self, files: int) -> None:
        records = list(generate(files, seed=0))
        self._write(records)
        settings = index_settings(self.folder)
        for record in records[len(self.counts):]:
            self.counts.append((record.file_name, chunk_count(self.folder / record.file_name,
                                                              self.embedder, settings)))
        self._counts_path.write_text(json.dumps(self.counts))


def build(data_dir: Path, files: list[Path], embedder: BenchEmbedder,
          encode_rate: Callable[[], float | None]) -> dict[str, Any]:
    """A fresh index of ``files`` in ``data_dir`` through the production ingest path."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    started = time.perf_counter()
    with Index(index_settings(data_dir), write=True) as index:
        report = Ingestor(index, embedder).ingest([], files=files)
    seconds = time.perf_counter() - started
    if report.failed or report.interrupted:
        raise RuntimeError(f"construction incomplète de {data_dir}")
    info = {"files": len(files), "deliberations": report.deliberations, "chunks": report.chunks,
            "build_seconds": round(seconds, 1), "vectors": embedder.counts(),
            "real_encode_per_s": _rounded(encode_rate()),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "fingerprint": fingerprint(index_settings(data_dir))}
    (data_dir / "build.json").write_text(json.dumps(info, indent=2))
    return info


def built(data_dir: Path) -> dict[str, Any] | None:
    """The build record of a complete index, or None (absent, interrupted, or built by another
    version of the parser, chunker or settings: its fingerprint differs)."""
    path = data_dir / "build.json"
    if not path.exists():
        return None
    info: dict[str, Any] = json.loads(path.read_text())
    return info if info.get("fingerprint") == fingerprint(index_settings(data_dir)) else None


def disk_mib(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def ensure(cache: Path, size: int, real: Embedder, real_budget: int,
           rebuild: bool = False) -> tuple[Path, dict[str, Any]]:
    """The index of about ``size`` chunks under ``cache``, built unless already complete."""
    data_dir = cache / f"index-{size}"
    info = None if rebuild else built(data_dir)
    if info is None:
        files = Corpus(cache / "corpus", real).prefix(size)
        vectors = VectorCache(cache / "vectors.sqlite3", real.name)
        try:
            info = build(data_dir, files, BenchEmbedder(real, vectors, real_budget),
                         vectors.encode_rate)
        finally:
            vectors.close()
    return data_dir, info


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
