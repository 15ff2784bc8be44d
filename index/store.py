"""The index as one object: catalog, dense store, fingerprint check, write lock and recovery."""

import fcntl
import json
import os
from pathlib import Path
from typing import Any

from index.analysis import ANALYZER_VERSION
from index.catalog import Catalog
from index.dense import DenseStore
from index.errors import IndexLocked, IndexMismatch, NotFound, StoreUnavailable
from index.parsing import PARSER_VERSION
from index.settings import Settings

_REINDEX_HINT = "Lancez `delib reindex` pour reconstruire l'index avec les réglages actuels."


def fingerprint(settings: Settings) -> dict[str, Any]:
    """What an index depends on: a query or an ingest with other values would be wrong."""
    return {
        "embedding_model": settings.embedding_model,
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
            raise NotFound(f"Aucun index dans {settings.data_dir} : lancez d'abord "
                           "`delib ingest DOSSIER` (ou `make ingest-sample`).")
        self.settings = settings
        self._lock = _take_lock(settings.data_dir) if write else None
        self.catalog = Catalog(settings.catalog_path)
        self._dense: DenseStore | None = None

    @property
    def dense(self) -> DenseStore:
        if self._dense is None:
            self._dense = DenseStore(self.settings)
        return self._dense

    def close(self) -> None:
        self.catalog.close()
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
        """Refuse an index built with other settings, or left half rebuilt."""
        if self.catalog.get_meta("state") == "reindexing":
            raise IndexMismatch("La reconstruction de l'index a été interrompue. " + _REINDEX_HINT)
        stored = self.stored_fingerprint()
        current = fingerprint(self.settings)
        if stored is None or stored == current:
            return
        changes = ", ".join(f"{key} : {stored.get(key)!r} → {current[key]!r}"
                            for key in current if stored.get(key) != current[key])
        raise IndexMismatch(f"L'index a été construit avec d'autres réglages ({changes}). "
                            + _REINDEX_HINT)

    def adopt_fingerprint(self) -> None:
        self.catalog.set_meta("fingerprint", json.dumps(fingerprint(self.settings)))

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
        rows = self.catalog.query(
            "SELECT (SELECT count(*) FROM documents) AS documents, "
            "(SELECT count(*) FROM deliberations) AS deliberations, "
            "(SELECT count(*) FROM chunks) AS chunks, "
            "(SELECT min(session_date) FROM deliberations) AS first_session, "
            "(SELECT max(session_date) FROM deliberations) AS last_session")
        return rows[0] | {"fingerprint": self.stored_fingerprint(),
                          "data_dir": str(self.settings.data_dir)}


def _take_lock(data_dir: Path) -> int:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(data_dir / ".write.lock", os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as error:
        raise StoreUnavailable(f"Dossier de données inutilisable ({data_dir}) : "
                               f"{error.strerror or error}") from error
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        os.close(handle)
        raise IndexLocked(f"Une autre indexation est en cours sur {data_dir}. Attendez qu'elle "
                          "se termine, puis relancez la commande.") from error
    return handle
