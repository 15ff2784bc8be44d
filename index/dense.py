"""The dense store: our own vectors in Chroma, embedded in the data folder or a ``chroma run``."""

import errno
import shutil
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import REINDEX_HINT, IndexDamaged, StoreUnavailable, storage_error
from index.models import Chunk, Deliberation, Filters
from index.settings import Settings

Metadata = dict[str, str | int | float | bool]
# Nodes Chroma's HNSW explores at least (its ef is max(ef_search, k)). On e5 vectors, whose
# cosines crowd between 0.8 and 0.9, 200 missed 1.2 to 1.6 % of the exact 40 nearest chunks of the
# tune questions (5,307 chunks, no filter), varying with the build and the process, and 1,000
# 0.02 to 0.04 %, for 1.5-2.3 -> 4-5 ms a search (benchmarks/dense_recall.py): at that size, exact
# in practice whatever graph a build drew.
SEARCH_BREADTH = 1000


def chunk_metadata(chunk: Chunk, delib: Deliberation) -> Metadata:
    """Flat metadata stored beside each vector (dates as int YYYYMMDD for range filters)."""
    values: dict[str, Any] = {
        "deliberation_id": delib.id, "source": delib.source, "position": chunk.position,
        "start": chunk.start, "end": chunk.end, "page": chunk.page,
        "session_int": int(delib.session_date.replace("-", "")) if delib.session_date else None,
        "collectivity": delib.collectivity, "body": delib.body, "vote_result": delib.vote.result,
    }
    return {key: value for key, value in values.items() if value is not None}


def chroma_where(filters: Filters | None) -> dict[str, Any] | None:
    """The same restrictions as ``lexical.filter_sql``, as a Chroma ``where`` clause."""
    if filters is None:
        return None
    conditions: list[dict[str, Any]] = []
    if filters.collectivities:
        conditions.append({"collectivity": {"$in": list(filters.collectivities)}})
    if filters.bodies:
        conditions.append({"body": {"$in": list(filters.bodies)}})
    if filters.deliberation_ids:
        conditions.append({"deliberation_id": {"$in": list(filters.deliberation_ids)}})
    if filters.date_from:
        conditions.append({"session_int": {"$gte": int(filters.date_from.replace("-", ""))}})
    if filters.date_to:
        conditions.append({"session_int": {"$lte": int(filters.date_to.replace("-", ""))}})
    if filters.vote_result:
        conditions.append({"vote_result": {"$eq": filters.vote_result}})
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


class DenseStore:
    """One Chroma collection in cosine space; never uses Chroma's own (downloading) embedder."""

    def __init__(self, settings: Settings) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self._server = settings.chroma_url
        self._where = settings.chroma_url or str(settings.chroma_path)
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                self._client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https", settings=chroma_settings)
            else:
                settings.chroma_path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(settings.chroma_path),
                                                         settings=chroma_settings)
            self._name = settings.collection
            self._collection = self._open_collection()
            self._batch = max(1, min(1000, self._client.get_max_batch_size()))
        except BaseException as error:  # Chroma's Rust core may raise a bare panic
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            raise self._failure(error) from error

    def _open_collection(self) -> Any:
        return self._client.get_or_create_collection(
            self._name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})

    def reset(self) -> None:
        """Drop every vector (the collection is recreated empty, for any dimension)."""
        self._call(self._client.delete_collection, name=self._name)
        self._collection = self._call(self._open_collection)

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray,
               metadatas: Sequence[Metadata]) -> None:
        for start in range(0, len(chunks), self._batch):
            stop = start + self._batch
            self._call(self._collection.upsert, ids=[c.id for c in chunks[start:stop]],
                       embeddings=vectors[start:stop], metadatas=list(metadatas[start:stop]))

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), self._batch):
            self._call(self._collection.delete, ids=list(ids[start: start + self._batch]))

    def count(self) -> int:
        return int(self._call(self._collection.count))

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = 0
        while True:
            page = self._call(self._collection.get, include=[], limit=5000, offset=offset)
            found.update(page["ids"])
            if len(page["ids"]) < 5000:
                return found
            offset += 5000

    def stamp(self) -> str | None:
        """What the catalog wrote on this collection (its identity and settings), if anything."""
        metadata = self._collection.metadata or {}
        value = metadata.get(_STAMP)
        return str(value) if value is not None else None

    def set_stamp(self, value: str) -> None:
        self._call(self._collection.modify, metadata={_STAMP: value})

    def probe(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are stored; the first found is searched for, so that a vector index
        that cannot be read fails here rather than at the first question."""
        if not ids:
            return set()
        found = self._call(self._collection.get, ids=list(ids), include=["embeddings"])
        if found["ids"]:
            self._call(self._collection.query, query_embeddings=[found["embeddings"][0]],
                       n_results=1, include=[])
        return set(found["ids"])

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of ``ids`` (those that are stored)."""
        if not ids:
            return {}
        found = self._call(self._collection.get, ids=list(ids), include=["embeddings"])
        return {chunk_id: np.asarray(vector, dtype=np.float32) for chunk_id, vector
                in zip(found["ids"], found["embeddings"], strict=True)}

    def search(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None,
               ids: list[str] | None = None, breadth: int = SEARCH_BREADTH,
               ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the ``k`` nearest chunks passing ``where``, or
        among ``ids`` when given (the same chunks, listed by the catalog: far cheaper for
        Chroma than its own metadata filter, measured 220-390 ms for a date range at 98,000
        chunks); HNSW explores ``breadth`` nodes at least."""
        if k <= 0 or ids == []:
            return []
        restriction = {"ids": ids} if ids is not None else {"where": where or None}
        result = self._call(self._collection.query, query_embeddings=[vector],
                            n_results=max(k, breadth), include=["distances"],
                            **restriction)
        return [(chunk_id, 1.0 - float(distance)) for chunk_id, distance
                in zip(result["ids"][0][:k], result["distances"][0][:k], strict=True)]

    def _call(self, method: Any, **kwargs: Any) -> Any:
        try:
            return method(**kwargs)
        except BaseException as error:  # Chroma's Rust core may raise a bare panic
            if isinstance(error, KeyboardInterrupt | SystemExit) or (
                    not self._server and isinstance(error, ValueError | TypeError)):
                raise  # interruptions, and arguments a local Chroma refuses (a bug)
            raise self._failure(error) from error

    def _failure(self, error: BaseException) -> Exception:
        """The French error for a store that failed: full, read-only, away, busy or damaged."""
        if not self._server:
            problem = storage_error(self._where, error) or _disk_full(self._where, error)
            if problem is not None:
                return problem
        if self._server and _answered(error):
            return StoreUnavailable(
                f"Le serveur Chroma de {self._server} a répondu par une erreur ({error}). "
                "Réessayez ; si elle se répète, ses vecteurs ne correspondent plus au "
                "catalogue : " + REINDEX_HINT)
        if self._server:
            return StoreUnavailable(
                f"Serveur Chroma injoignable à {self._server} ({error}). Vérifiez qu'il tourne "
                "(chroma run --path DOSSIER --port N) ou retirez DELIB_CHROMA_URL ; la "
                "question pourra être reposée dès qu'il répond.")
        if "locked" in str(error).lower():
            return StoreUnavailable(f"Base vectorielle occupée ({self._where}) : réessayez dans "
                                    "un instant.")
        return IndexDamaged(f"Base vectorielle illisible ou endommagée dans {self._where} "
                            f"({error}). " + REINDEX_HINT)


_STAMP = "delib_stamp"
_LOW_SPACE = 16 * 2**20  # bytes: below this, a failed write is taken for a full disk


def _answered(error: BaseException) -> bool:
    """Whether a Chroma server answered the request with an error (rather than not at all)."""
    from chromadb.errors import ChromaError

    return isinstance(error, ChromaError)


def _disk_full(where: str, error: BaseException) -> StoreUnavailable | None:
    """Chroma sometimes reports a full disk as a failed compaction: look at the disk itself."""
    try:
        free = shutil.disk_usage(where).free
    except OSError:
        return None
    return storage_error(where, OSError(errno.ENOSPC, str(error))) if free < _LOW_SPACE else None
