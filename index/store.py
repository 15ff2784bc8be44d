"""The index as one object: catalog, dense store, fingerprint check, write lock and recovery."""

import fcntl
import json
import os
import time
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Any

from index.analysis import ANALYZER_VERSION
from index.catalog import Catalog
from index.dense import DenseStore
from index.errors import (
    REINDEX_HINT,
    IndexDamaged,
    IndexLocked,
    IndexMismatch,
    NotFound,
    StoreUnavailable,
    storage_error,
)
from index.parsing import PARSER_VERSION
from index.settings import Settings, vectors_identity

_PROBES = 3  # chunks written last, looked up in each store when an index is checked
_LOCK_ATTEMPTS = 5  # 0.1 s apart: a reader's check holds the lock for an instant
_FRESH_START = ("Lancez `delib reindex` pour repartir d'un index vide et cohérent, puis "
                "réindexez vos fichiers avec `delib ingest DOSSIER`.")


def fingerprint(settings: Settings) -> dict[str, Any]:
    """What an index depends on: a query or an ingest with other values would be wrong."""
    return {
        "embedding_model": vectors_identity(settings.embedding_model),
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap_tokens": settings.chunk_overlap_tokens,
        "header_tokens": settings.header_tokens,
        "parser_version": PARSER_VERSION,
        "analyzer": ANALYZER_VERSION,
        "vector_store": settings.chroma_url or "local",
        "collection": settings.collection,
    }


class Index:
    """Opened once per process; ``write=True`` takes the data directory's lock."""

    def __init__(self, settings: Settings, *, write: bool = False) -> None:
        if not write and not settings.catalog_path.exists():
            if _local_vectors(settings):
                raise IndexDamaged(f"Le catalogue {settings.catalog_path} a disparu alors que "
                                   f"la base vectorielle {settings.chroma_path} est toujours "
                                   "là : l'index est incomplet. " + _FRESH_START)
            raise NotFound(f"Aucun index dans {settings.data_dir} : lancez d'abord "
                           "`delib ingest DOSSIER` (ou `make ingest-sample`).")
        self.settings = settings
        self._lock = _take_lock(settings.data_dir) if write else None
        try:
            self.catalog = Catalog(settings.catalog_path)
        except BaseException:
            self._release()
            raise
        self._dense: DenseStore | None = None

    @property
    def dense(self) -> DenseStore:
        """The vector store, opened on first use; a rebuild sets a damaged local one aside."""
        if self._dense is None:
            try:
                self._dense = DenseStore(self.settings)
            except IndexDamaged:
                if not self._rebuilding() or self.settings.chroma_url:
                    raise
                _set_aside(self.settings.chroma_path)
                self._dense = DenseStore(self.settings)
        return self._dense

    def close(self) -> None:
        self.catalog.close()
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stored_fingerprint(self) -> dict[str, Any] | None:
        raw = self.catalog.get_meta("fingerprint")
        return json.loads(raw) if raw else None

    def check_fingerprint(self) -> None:
        """Refuse an index built with other settings, left half rebuilt, or damaged."""
        if self.catalog.get_meta("state") == "reindexing":
            raise IndexMismatch("La reconstruction de l'index a été interrompue. " + REINDEX_HINT)
        stored = self.stored_fingerprint()
        current = fingerprint(self.settings)
        if stored is not None and stored != current:
            changes = ", ".join(f"{key} : {stored.get(key)!r} → {current[key]!r}"
                                for key in current if stored.get(key) != current[key])
            raise IndexMismatch(f"L'index a été construit avec d'autres réglages ({changes}). "
                                + REINDEX_HINT)
        self.check_consistency()

    def check_consistency(self) -> None:
        """Refuse an index whose parts are missing, truncated or out of step, with cheap checks:
        row counts of the catalog, the lexical index and the vector store (vectors journaled by
        an interrupted ingest allowed for), the stamp the catalog left on the vector store, and
        the last chunks looked up in each store. While another process ingests, the two stores
        agree only between its steps: a reader then checks the catalog alone."""
        counts = self.catalog.counts()
        last = self.catalog.last_chunks(_PROBES)
        if counts["lexical"] != counts["chunks"] or (
                last and not self.catalog.lexical_finds(last[0][0])):
            raise IndexDamaged(f"L'index lexical ({counts['lexical']} entrées) ne correspond "
                               f"plus aux {counts['chunks']} extraits du catalogue. "
                               + REINDEX_HINT)
        if counts["chunks"] and not self.settings.chroma_url and not _local_vectors(
                self.settings):
            raise IndexDamaged(f"La base vectorielle {self.settings.chroma_path} est absente ou "
                               f"vide alors que le catalogue compte {counts['chunks']} extraits. "
                               + REINDEX_HINT)
        if self._lock is None and _writer_active(self.settings.data_dir):
            return  # an ingest is writing both stores: they agree only between its steps
        vectors = self.dense.count()
        if vectors and not counts["chunks"] and not counts["journal"]:
            raise IndexDamaged(f"La base vectorielle contient {vectors} vecteurs mais le "
                               "catalogue est vide (supprimé ?). " + _FRESH_START)
        stamp = self.dense.stamp()
        if stamp is not None and stamp != self._stamp():
            raise IndexDamaged("La base vectorielle a été construite pour un autre catalogue ou "
                               "avec d'autres réglages. " + REINDEX_HINT)
        expected = {chunk_id for _, chunk_id in last}
        if not counts["chunks"] <= vectors <= counts["chunks"] + counts["journal"] or (
                self.dense.probe(sorted(expected)) != expected):
            raise IndexDamaged(f"La base vectorielle ({vectors} vecteurs) ne correspond plus "
                               f"aux {counts['chunks']} extraits du catalogue. " + REINDEX_HINT)

    def adopt_fingerprint(self) -> None:
        """Record the current settings in the catalog and stamp the vector store with them; a
        rebuild also empties the lexical index, which it refills document by document."""
        if self._rebuilding():
            self.catalog.reset_lexical()
        self.catalog.set_meta("fingerprint", json.dumps(fingerprint(self.settings)))
        if self.catalog.get_meta("index_id") is None:
            self.catalog.set_meta("index_id", uuid.uuid4().hex)
        self.dense.set_stamp(self._stamp())

    def _stamp(self) -> str:
        return json.dumps({"index": self.catalog.get_meta("index_id"),
                           "fingerprint": self.stored_fingerprint()}, sort_keys=True)

    def _rebuilding(self) -> bool:
        return self._lock is not None and self.catalog.get_meta("state") == "reindexing"

    def recover(self) -> int:
        """Finish vector work an interrupted ingest left behind; return the vectors removed."""
        orphans = [cid for cid in self.catalog.journal("add")
                   if cid not in self.catalog.existing_chunk_ids([cid])]
        stale = self.catalog.journal("delete")
        pending = orphans + stale
        if pending:
            self.dense.delete(pending)
        if pending or self.catalog.journal("add"):
            self.catalog.journal_clear(pending + self.catalog.journal("add"))
        return len(pending)

    def stats(self) -> dict[str, Any]:
        """Counts and build settings; refuses a damaged index (see ``check_consistency``)."""
        self.check_consistency()
        rows = self.catalog.query(
            "SELECT (SELECT count(*) FROM documents) AS documents, "
            "(SELECT count(*) FROM deliberations) AS deliberations, "
            "(SELECT count(*) FROM chunks) AS chunks, "
            "(SELECT min(session_date) FROM deliberations) AS first_session, "
            "(SELECT max(session_date) FROM deliberations) AS last_session")
        return rows[0] | {"fingerprint": self.stored_fingerprint(),
                          "data_dir": str(self.settings.data_dir)}


def _local_vectors(settings: Settings) -> bool:
    """Whether the data folder holds a (non-empty) embedded Chroma store."""
    path = settings.chroma_path / "chroma.sqlite3"
    return not settings.chroma_url and path.exists() and path.stat().st_size > 0


def _set_aside(path: Path) -> Path:
    """Rename a damaged store out of the way (kept for inspection, never deleted)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    target = path.with_name(f"{path.name}.endommage-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(target)
    SharedSystemClient.clear_system_cache()  # Chroma keeps one client per path in a process
    return target


def _writer_active(data_dir: Path) -> bool:
    """Whether another process holds the write lock (tested with a shared lock, let go at once;
    a writer starting in that instant retries, see ``_take_lock``)."""
    try:
        handle = os.open(data_dir / ".write.lock", os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)
    return False


def _take_lock(data_dir: Path) -> int:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(data_dir / ".write.lock", os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as error:
        raise storage_error(data_dir, error) or StoreUnavailable(
            f"Dossier de données inutilisable ({data_dir}) : {error.strerror or error}") from error
    for _ in range(_LOCK_ATTEMPTS - 1):
        with suppress(BlockingIOError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        time.sleep(0.1)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        os.close(handle)
        raise IndexLocked(f"Une autre indexation est en cours sur {data_dir}. Attendez qu'elle "
                          "se termine, puis relancez la commande.") from error
    return handle
