"""The catalog (SQLite): documents, deliberations, chunks, fingerprint and pending vector work.

It is the source of truth; the lexical index lives in the same database so both change in one
transaction, and the dense store is reconciled from the ``dense_journal`` table after a crash.
"""

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index.analysis import analyze
from index.errors import StoreUnavailable
from index.models import Chunk, Deliberation, SourceDocument
from index.records import deliberation_record

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL, size INTEGER NOT NULL, pages TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliberations (
    id TEXT PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents ON DELETE CASCADE,
    position INTEGER NOT NULL, session_date TEXT, session_int INTEGER, collectivity TEXT,
    body TEXT, delib_number TEXT, object TEXT, vote_result TEXT, record TEXT NOT NULL,
    text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deliberations_session ON deliberations(session_int);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    deliberation_id TEXT NOT NULL REFERENCES deliberations ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, page INTEGER,
    text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_deliberation ON chunks(deliberation_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(terms, tokenize='unicode61');
CREATE TABLE IF NOT EXISTS dense_journal (chunk_id TEXT PRIMARY KEY, op TEXT NOT NULL);
"""


class Catalog:
    """One SQLite file in the data directory; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=FULL")  # a committed journal must survive
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise StoreUnavailable(f"Catalogue inaccessible ({path}) : {error}") from error

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def document_by_source(self, source: str) -> tuple[int, str] | None:
        row = self._db.execute("SELECT id, sha256 FROM documents WHERE source = ?",
                               (source,)).fetchone()
        return (row[0], row[1]) if row else None

    def source_by_sha(self, sha256: str) -> str | None:
        row = self._db.execute("SELECT source FROM documents WHERE sha256 = ?",
                               (sha256,)).fetchone()
        return row[0] if row else None

    def chunk_ids_of_sources(self, sources: Iterable[str]) -> list[str]:
        ids: list[str] = []
        for source in sources:
            ids += [row[0] for row in self._db.execute(
                "SELECT c.id FROM chunks c JOIN deliberations d ON d.id = c.deliberation_id "
                "JOIN documents doc ON doc.id = d.document_id WHERE doc.source = ?", (source,))]
        return ids

    def journal(self, op: str) -> list[str]:
        return [row[0] for row in self._db.execute(
            "SELECT chunk_id FROM dense_journal WHERE op = ?", (op,))]

    def existing_chunk_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            part = ids[start: start + 500]
            marks = ",".join("?" * len(part))
            found |= {row[0] for row in self._db.execute(
                f"SELECT id FROM chunks WHERE id IN ({marks})", part)}
        return found

    def journal_add(self, chunk_ids: list[str], op: str) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO dense_journal VALUES (?, ?)",
                           [(chunk_id, op) for chunk_id in chunk_ids])

    def journal_clear(self, chunk_ids: list[str]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM dense_journal WHERE chunk_id = ?",
                           [(chunk_id,) for chunk_id in chunk_ids])

    def replace_documents(self, entries: list[tuple[SourceDocument, list[Deliberation],
                                                    list[Chunk]]], now: str) -> list[str]:
        """Write documents with their deliberations and chunks, replacing any earlier version of
        the same sources, in one transaction; return the chunk ids that left the catalog."""
        with self.transaction() as db:
            removed = self._delete_sources(db, [doc.source for doc, _, _ in entries])
            for document, delibs, chunks in entries:
                self._insert(db, document, delibs, chunks, now)
            new_ids = [(chunk.id,) for _, _, chunks in entries for chunk in chunks]
            db.executemany("DELETE FROM dense_journal WHERE chunk_id = ?", new_ids)
            stale = [chunk_id for chunk_id in removed if chunk_id not in
                     {row[0] for row in new_ids}]
            db.executemany("INSERT OR REPLACE INTO dense_journal VALUES (?, 'delete')",
                           [(chunk_id,) for chunk_id in stale])
        return stale

    def remove_sources(self, sources: list[str]) -> list[str]:
        """Delete documents (and their deliberations and chunks); journal their vectors."""
        with self.transaction() as db:
            removed = self._delete_sources(db, sources)
            db.executemany("INSERT OR REPLACE INTO dense_journal VALUES (?, 'delete')",
                           [(chunk_id,) for chunk_id in removed])
        return removed

    def _delete_sources(self, db: sqlite3.Connection, sources: list[str]) -> list[str]:
        removed: list[str] = []
        for source in sources:
            rows = db.execute(
                "SELECT c.rowid, c.id FROM chunks c "
                "JOIN deliberations d ON d.id = c.deliberation_id "
                "JOIN documents doc ON doc.id = d.document_id WHERE doc.source = ?",
                (source,)).fetchall()
            db.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(r[0],) for r in rows])
            db.execute("DELETE FROM documents WHERE source = ?", (source,))
            removed += [r[1] for r in rows]
        return removed

    def _insert(self, db: sqlite3.Connection, document: SourceDocument,
                delibs: list[Deliberation], chunks: list[Chunk], now: str) -> None:
        cursor = db.execute(
            "INSERT INTO documents (source, sha256, kind, size, pages, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (document.source, document.sha256, document.kind,
                                          document.size, json.dumps(document.pages), now))
        document_id = cursor.lastrowid
        db.executemany("INSERT INTO deliberations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", [
            (d.id, document_id, d.position, d.session_date, _date_int(d.session_date),
             d.collectivity, d.body, d.delib_number, d.object, d.vote.result,
             json.dumps(deliberation_record(d), ensure_ascii=False), d.text) for d in delibs])
        for chunk in chunks:
            row = db.execute(
                "INSERT INTO chunks (id, deliberation_id, position, start, end, page, text) "
                "VALUES (?,?,?,?,?,?,?)", (chunk.id, chunk.deliberation_id, chunk.position,
                                           chunk.start, chunk.end, chunk.page, chunk.text))
            db.execute("INSERT INTO chunks_fts (rowid, terms) VALUES (?, ?)",
                       (row.lastrowid, " ".join(analyze(chunk.embed_text))))

    def query(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        """Read-only query returning one dict per row, keyed by column name."""
        cursor = self._db.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _date_int(iso_date: str | None) -> int | None:
    return int(iso_date.replace("-", "")) if iso_date else None
