"""The catalog (SQLite): documents, deliberations, chunks, fingerprint and pending vector work.

It is the source of truth; the lexical index lives in the same database so both change in one
transaction, and the dense store is reconciled from the ``dense_journal`` table after a crash.
"""

import errno
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from index.analysis import analyze
from index.errors import REINDEX_HINT, IndexDamaged, StoreUnavailable, storage_error
from index.layout import layout_of_rows, layout_rows
from index.models import Chunk, Deliberation, OcrWord, SourceDocument
from index.records import deliberation_record
from index.sanitize import sanitize_all

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
CREATE INDEX IF NOT EXISTS deliberations_collectivity ON deliberations(collectivity);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    deliberation_id TEXT NOT NULL REFERENCES deliberations ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, page INTEGER,
    text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_deliberation ON chunks(deliberation_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(terms, tokenize='unicode61');
CREATE TABLE IF NOT EXISTS dense_journal (chunk_id TEXT PRIMARY KEY, op TEXT NOT NULL);
"""

# Columns added to documents after the first catalogs: the OCR's reading, the authority
# declared at ingest, a PDF's printed lines (older catalogs get them, empty, when opened).
_ADDED_COLUMNS = ("ocr", "collectivity", "layout")


class Catalog:
    """One SQLite file in the data directory; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        problem = file_problem(path)
        if problem:
            raise IndexDamaged(unreadable_message(path, problem))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        except (OSError, sqlite3.Error) as error:
            raise _opening_error(path, error) from error

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                             check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=FULL")  # a committed journal must survive
        db.executescript(SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(documents)")}
        for column in _ADDED_COLUMNS:
            if column not in columns:
                db.execute(f"ALTER TABLE documents ADD COLUMN {column} TEXT")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab "
                   "USING fts5vocab(main, 'chunks_fts', 'row')")
        return db

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (a failed COMMIT included)."""
        with self.translated():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def translated(self) -> Iterator[None]:
        """SQLite errors a user can act on (damage, full disk, read-only) as French errors."""
        try:
            yield
        except sqlite3.Error as error:
            translated = _translate(self.path, error)
            if translated is None and isinstance(error, sqlite3.OperationalError):
                translated = StoreUnavailable(f"Catalogue inaccessible ({self.path}) : {error}")
            if translated is None:
                raise
            raise translated from error

    def get_meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def counts(self) -> dict[str, int]:
        """Rows of the chunks, the lexical index (one per indexed chunk) and the journal."""
        row = self._rows("SELECT (SELECT count(*) FROM chunks), "
                         "(SELECT count(*) FROM chunks_fts_docsize), "
                         "(SELECT count(*) FROM dense_journal)")[0]
        return {"chunks": row[0], "lexical": row[1], "journal": row[2]}

    def last_chunks(self, count: int) -> list[tuple[int, str]]:
        """(rowid, id) of the ``count`` chunks written last."""
        return [(row[0], row[1]) for row in self._rows(
            "SELECT rowid, id FROM chunks ORDER BY rowid DESC LIMIT ?", (count,))]

    def lexical_finds(self, rowid: int) -> bool:
        """Whether a search for the first term indexed for chunk ``rowid`` finds that chunk."""
        terms = self._rows("SELECT terms FROM chunks_fts WHERE rowid = ?", (rowid,))
        words = terms[0][0].split() if terms else []
        if not words:
            return not terms
        return bool(self._rows("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? "
                               "AND rowid = ?", ('"' + words[0].replace('"', '""') + '"', rowid)))

    def reset_lexical(self) -> None:
        """Empty the lexical index, even a damaged one (a rebuild refills it)."""
        try:
            with self.transaction() as db:
                db.execute("DROP TABLE IF EXISTS chunks_fts")
        except IndexDamaged:
            self._drop_damaged_lexical()
        with self.translated():
            self._db.executescript(SCHEMA)

    def _drop_damaged_lexical(self) -> None:
        """A lexical table that cannot load cannot be dropped: drop its storage, then its name."""
        with self.transaction() as db:
            for shadow in ("data", "idx", "content", "docsize", "config"):
                db.execute(f"DROP TABLE IF EXISTS chunks_fts_{shadow}")
            db.execute("PRAGMA writable_schema=ON")
            db.execute("DELETE FROM sqlite_master WHERE name = 'chunks_fts'")
            db.execute("PRAGMA writable_schema=OFF")
        self._db.close()  # the schema changed behind SQLite's back: read it again
        with self.translated():
            self._db = self._connect()

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def document_by_source(self, source: str) -> tuple[int, str] | None:
        rows = self._rows("SELECT id, sha256 FROM documents WHERE source = ?", (source,))
        return (rows[0][0], rows[0][1]) if rows else None

    def declared_collectivity(self, source: str) -> str | None:
        """The authority declared when the document was indexed, None when none was."""
        rows = self._rows("SELECT collectivity FROM documents WHERE source = ?", (source,))
        return rows[0][0] if rows else None

    def ocr_engine(self, source: str) -> str | None:
        """The OCR that read a document's scanned pages, None when none did."""
        rows = self._rows("SELECT json_extract(ocr, '$.engine') FROM documents WHERE source = ?",
                          (source,))
        return rows[0][0] if rows else None

    def source_by_sha(self, sha256: str) -> str | None:
        rows = self._rows("SELECT source FROM documents WHERE sha256 = ?", (sha256,))
        return rows[0][0] if rows else None

    def chunk_ids_of_sources(self, sources: Iterable[str]) -> list[str]:
        ids: list[str] = []
        for source in sources:
            ids += [row[0] for row in self._rows(
                "SELECT c.id FROM chunks c JOIN deliberations d ON d.id = c.deliberation_id "
                "JOIN documents doc ON doc.id = d.document_id WHERE doc.source = ?", (source,))]
        return ids

    def journal(self, op: str) -> list[str]:
        return [row[0] for row in self._rows(
            "SELECT chunk_id FROM dense_journal WHERE op = ?", (op,))]

    def existing_chunk_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            part = ids[start: start + 500]
            marks = ",".join("?" * len(part))
            found |= {row[0] for row in self._rows(
                f"SELECT id FROM chunks WHERE id IN ({marks})", tuple(part))}
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
            "INSERT INTO documents (source, sha256, kind, size, pages, ingested_at, ocr, "
            "collectivity, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document.source, document.sha256, document.kind, document.size,
             json.dumps(document.pages), now, ocr_json(document), document.collectivity,
             layout_json(document)))
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

    def term_counts(self, terms: list[str]) -> dict[str, int]:
        """How many chunks hold each analysed term (terms found nowhere are left out)."""
        if not terms:
            return {}
        return {term: count for term, count in self._rows(
            f"SELECT term, doc FROM temp.chunks_vocab WHERE term IN ({','.join('?' * len(terms))})",
            tuple(terms))}

    def chunk_count(self) -> int:
        rows = self._rows("SELECT max(rowid) FROM chunks")
        return int(rows[0][0] or 0) if rows else 0

    def query(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        """Read-only query returning one dict per row, keyed by column name."""
        with self.translated():
            cursor = self._db.execute(sql, params)
            names = [column[0] for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple[Any, ...]]:
        with self.translated():
            return self._db.execute(sql, params).fetchall()


def ocr_json(document: SourceDocument) -> str | None:
    """What the OCR of a document was: engine and each scanned page's confidence."""
    if document.ocr_engine is None:
        return None
    return json.dumps({"engine": document.ocr_engine, "pages": list(document.scanned),
                       "confidence": list(document.ocr_confidence),
                       "words": [[[w.text, w.left, w.top, w.width, w.height, w.confidence]
                                  for w in words] for words in document.ocr_words]},
                      ensure_ascii=False)


def layout_json(document: SourceDocument) -> str | None:
    """A PDF's printed lines, page by page, each as [key, size, bold] ("[]" when pdfium could
    read none; None for another kind of file, or a print still unknown). A reader may add
    values after these three."""
    if document.kind != "pdf" or document.layout is None:
        return None
    return json.dumps(layout_rows(document.layout), ensure_ascii=False)


def document_of_row(row: dict[str, Any]) -> SourceDocument:
    """A document as the catalog keeps it (texts read by OCR included), for a rebuild; its
    pages cleaned again, as today's readers clean them (a catalog written by an older reader
    may hold what they now clean, such as a bullet written as its glyph's name)."""
    ocr = json.loads(row["ocr"]) if row.get("ocr") else {}
    pages, _ = sanitize_all(tuple(json.loads(row["pages"])))
    return SourceDocument(row["source"], row["sha256"], row["kind"], row["size"],
                          pages, scanned=tuple(ocr.get("pages", ())),
                          ocr_engine=ocr.get("engine"),
                          ocr_confidence=tuple(ocr.get("confidence", ())),
                          ocr_words=tuple(tuple(OcrWord(*word) for word in words)
                                          for words in ocr.get("words", ())),
                          collectivity=row.get("collectivity"),
                          layout=None if row["kind"] == "pdf" and row.get("layout") is None
                          else layout_of_rows(json.loads(row.get("layout") or "[]")))


def _date_int(iso_date: str | None) -> int | None:
    return int(iso_date.replace("-", "")) if iso_date else None


_SQLITE_HEADER = b"SQLite format 3\x00"
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "vtable constructor failed")


def file_problem(path: Path) -> str | None:
    """Why the catalog file cannot be a whole SQLite database (read from its header), or None.

    A file shorter than the size its header records was truncated; with a write-ahead log
    beside it SQLite may still hold the missing pages there, so only the header is checked."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with path.open("rb") as stream:
            header = stream.read(100)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"lecture impossible : {error.strerror or error}"
    if len(header) < 100 or not header.startswith(_SQLITE_HEADER):
        return "ce n'est pas une base SQLite"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96] and pages > 0
    wal = path.with_name(path.name + "-wal")
    if valid and size < pages * page_size and not (wal.exists() and wal.stat().st_size):
        return f"fichier tronqué : {size} octets au lieu de {pages * page_size}"
    return None


def unreadable_message(path: Path, problem: str) -> str:
    """The catalog holds the documents' texts: when it is lost, files must be read again."""
    return (f"Le catalogue {path} est endommagé ({problem}). Il garde le texte des documents "
            "indexés et ne peut pas être reconstruit à partir de lui-même : mettez le dossier "
            f"{path.parent} de côté (ou supprimez-le), puis réindexez vos fichiers avec "
            "`delib ingest DOSSIER`.")


def _damaged(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(
        word in str(error).lower() for word in _DAMAGE_WORDS)


def _translate(path: Path, error: sqlite3.Error) -> Exception | None:
    if _damaged(error):
        text = str(error)
        if "chunks_fts" in text or "fts5" in text.lower() or (
                getattr(error, "sqlite_errorname", "") == "SQLITE_CORRUPT_VTAB"):
            return IndexDamaged(f"L'index lexical du catalogue {path} est endommagé ({text}). "
                                + REINDEX_HINT)
        return IndexDamaged(
            f"Le catalogue {path} est endommagé ({text}). Lancez `delib reindex`, qui le "
            "reconstruit à partir des textes qu'il garde ; si la reconstruction échoue aussi, "
            f"mettez le dossier {path.parent} de côté et réindexez vos fichiers avec "
            "`delib ingest DOSSIER`.")
    return storage_error(path, error)


def _opening_error(path: Path, error: OSError | sqlite3.Error) -> Exception:
    translated = _translate(path, error) if isinstance(error, sqlite3.Error) else (
        storage_error(path.parent, error))
    if translated is None and path.parent.exists() and not os.access(path.parent, os.W_OK):
        # SQLite only says "unable to open database file" in a folder it cannot write
        translated = storage_error(path.parent, PermissionError(errno.EACCES, "Permission denied"))
    return translated or StoreUnavailable(f"Catalogue inaccessible ({path}) : {error}")
