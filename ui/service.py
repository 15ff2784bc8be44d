"""What the web app shares between users: the model and the index, loaded once per process.

Concurrency: Gradio runs handlers in worker threads. Reads share the catalog connections
(SQLite in serialized mode, ``check_same_thread=False``, WAL); the embedding model runs one
call at a time (its engine already uses every core) in short slices, so a question waits at
most one slice behind an upload being indexed; writes (upload, removal) take the data
directory's lock, one at a time, then a fresh ``Assistant`` (same model) replaces the old one
so that its caches see the new deliberations.
"""

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant import maintenance
from assistant.engine.core import Assistant
from assistant.library import Library
from index.embedders import Embedder, embedder_for, warm_up
from index.pipeline import IngestReport, ProgressHook
from index.settings import Settings
from index.store import Index

EMBED_SLICE = 8  # passages embedded per model call while indexing


class SerialEmbedder:
    """One model shared by every thread, one call at a time, documents in short slices."""

    def __init__(self, model: Embedder) -> None:
        self._model = model
        self._lock = threading.Lock()
        self.name, self.dim, self.max_tokens = model.name, model.dim, model.max_tokens

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        parts = []
        for start in range(0, len(texts), EMBED_SLICE):
            with self._lock:
                parts.append(self._model.embed_documents(texts[start: start + EMBED_SLICE]))
        return np.vstack(parts) if parts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return self._model.embed_query(text)

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return self._model.count_tokens(text)


class Service:
    """The assistant, the catalog queries and the index writes of one ``delib serve``."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        if not settings.catalog_path.exists():  # a new data folder: start empty, upload later
            with Index(settings, write=True) as index:
                index.adopt_fingerprint()
        model = embedder or embedder_for(settings)
        warm_up(model)  # the faster engine loads while the page opens
        self.embedder = SerialEmbedder(model)
        self._assistant = Assistant(settings, embedder=self.embedder)
        self.library = Library(Index(settings))
        self._writing = threading.Lock()

    @property
    def assistant(self) -> Assistant:
        return self._assistant

    def ingest(self, paths: Sequence[Path], on_file: ProgressHook) -> IngestReport:
        with self._writing:
            report = maintenance.ingest(self.settings, self.embedder, paths, on_file)
            self._reload()
        return report

    def remove(self, source: str) -> tuple[str, int]:
        """Remove one indexed source; return its path and the number of chunks removed."""
        with self._writing:
            sources, removed = maintenance.remove(self.settings, [source])
            self._reload()
        return sources[0], removed

    def _reload(self) -> None:
        """A new assistant on the same model; requests under way finish on the old one."""
        self._assistant = Assistant(self.settings, embedder=self.embedder)
