"""Ingest: files -> read -> parse -> chunk -> embed -> store, with a per-file report.

Crash safety: vectors are journaled before they are written to the dense store, the catalog and
the lexical index change in one transaction, and ``Index.recover`` removes what a killed run
left half done; ids depend on content, so a re-run writes exactly what a clean run writes.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from index.authorities import declare, declared_authority
from index.chunking import chunk_deliberation
from index.dense import chunk_metadata
from index.embedders import Embedder
from index.errors import (
    DelibError,
    IndexStateError,
    ReadError,
    StructureModelError,
    UnsupportedFile,
    storage_problem,
)
from index.models import Chunk, Deliberation, SourceDocument
from index.ocr import (
    PageHook,
    find_engine,
    low_confidence_pages,
    mark_ocr,
    recognize,
    unavailable_reason,
)
from index.parsing import parse_document
from index.reader import discover, read_document
from index.store import Index

STATUSES = ("new", "replaced", "unchanged", "skipped", "failed")


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file, with the reason when it was not indexed."""

    source: str
    status: str
    reason: str = ""
    deliberations: int = 0
    chunks: int = 0
    replaced_chars: int = 0
    ocr_pages: int = 0  # pages read by OCR
    low_confidence: tuple[tuple[int, float], ...] = ()  # (page, mean OCR confidence)

    @property
    def cleaning_note(self) -> str:
        """"3 caractères invalides remplacés ou retirés" when the reader had to clean the text."""
        n = self.replaced_chars
        if not n:
            return ""
        return (f"{n} caractère invalide remplacé ou retiré" if n == 1 else
                f"{n} caractères invalides remplacés ou retirés")


@dataclass
class IngestReport:
    """Every file's outcome and the totals of the run."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def deliberations(self) -> int:
        return sum(outcome.deliberations for outcome in self.outcomes)

    @property
    def chunks(self) -> int:
        return sum(outcome.chunks for outcome in self.outcomes)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0


ProgressHook = Callable[[FileOutcome], None]


@dataclass
class _Pending:
    document: SourceDocument
    status: str
    deliberations: list[Deliberation]
    chunks: list[Chunk]


class Ingestor:
    """Writes documents into an opened (write-locked) index with one embedder."""

    def __init__(self, index: Index, embedder: Embedder, collectivity: str | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.collectivity = collectivity  # declared for every file (delib ingest --collectivite)
        self.batch_chunks = index.settings.embed_batch
        self._pending: list[_Pending] = []
        self.ocr_unavailable = unavailable_reason(index.settings.ocr)
        self.ocr = find_engine() if self.ocr_unavailable is None else None
        self._on_page: PageHook | None = None

    def ingest(self, paths: Iterable[Path], on_file: ProgressHook | None = None,
               files: list[Path] | None = None, on_page: PageHook | None = None) -> IngestReport:
        """Index every file under ``paths``; Ctrl-C keeps what was committed. ``on_page`` is
        called after each page read by OCR."""
        started = time.perf_counter()
        self._on_page = on_page
        report = IngestReport()
        self.index.check_fingerprint()
        self.index.recover()
        self.index.adopt_fingerprint()
        hook = report_hook(report, on_file)
        try:
            for path in unique_files(files if files is not None else discover(paths)):
                self._one(path, hook)
            self._flush(hook)
        except KeyboardInterrupt:
            report.interrupted = True
        report.seconds = time.perf_counter() - started
        return report

    def add_documents(self, documents: Iterable[tuple[SourceDocument, str]],
                      hook: ProgressHook) -> None:
        """Parse, chunk, embed and store already-read documents (used by reindex)."""
        for document, status in documents:
            self._stage(document, status, hook)
        self._flush(hook)

    def _one(self, path: Path, hook: ProgressHook) -> None:
        source = str(path.resolve()) if path.exists() else str(path)
        settings = self.index.settings
        try:
            if not path.exists():
                raise ReadError("fichier ou dossier introuvable")
            document = read_document(path, int(settings.max_file_mb * 1e6),
                                     settings.max_pdf_pages, self.ocr_unavailable)
        except UnsupportedFile as error:
            hook(FileOutcome(source, "skipped", str(error)))
            return
        except ReadError as error:
            self._fail(source, str(error), hook)
            return
        except Exception as error:  # one unreadable file never stops the run
            self._fail(source, unexpected("la lecture", error), hook)
            return
        document = replace(document, source=source,
                           collectivity=self.collectivity or declared_authority(path))
        status = self._status(document, hook)
        if status and document.scanned and self.ocr:
            try:
                document = recognize(document, self.ocr, self._on_page)
            except ReadError as error:
                self._fail(source, str(error), hook)
                return
            except Exception as error:  # Tesseract or the renderer failing on one file
                self._fail(source, unexpected("l'OCR", error), hook)
                return
        if status:
            self._stage(document, status, hook)

    def _status(self, document: SourceDocument, hook: ProgressHook) -> str | None:
        """New, replaced, or None once reported; a file read by another OCR is read again
        (without OCR at hand, the version read by OCR is kept)."""
        known = self.index.catalog.document_by_source(document.source)
        catalog = self.index.catalog
        if known and known[1] == document.sha256 and (
                not document.scanned or not self.ocr
                or catalog.ocr_engine(document.source) == self.ocr.identity) and (
                catalog.declared_collectivity(document.source) == document.collectivity):
            hook(FileOutcome(document.source, "unchanged"))
            return None
        staged = [p.document.source for p in self._pending if p.document.sha256 == document.sha256]
        twin = staged[0] if staged else self.index.catalog.source_by_sha(document.sha256)
        if twin and twin != document.source:
            if Path(twin).exists():
                reason = f"contenu identique à un fichier déjà indexé : {twin}"
                if known:  # this file now holds another's text: its old version goes
                    self._remove_vectors(self.index.catalog.remove_sources([document.source]))
                    reason += " ; l'ancienne version de ce fichier a été retirée de l'index"
                hook(FileOutcome(document.source, "skipped", reason))
                return None
            self._remove_vectors(self.index.catalog.remove_sources([twin]))
        return "replaced" if known else "new"

    def _fail(self, source: str, reason: str, hook: ProgressHook) -> None:
        kept = self.index.catalog.document_by_source(source)
        note = " (l'ancienne version de ce fichier reste indexée)" if kept else ""
        hook(FileOutcome(source, "failed", f"{reason}{note}"))

    def _stage(self, document: SourceDocument, status: str, hook: ProgressHook) -> None:
        try:
            delibs = declare(mark_ocr(parse_document(document), document),
                             document.collectivity)
            if not any(delib.text.strip() for delib in delibs):
                hook(FileOutcome(document.source, "failed", "aucun texte après nettoyage"))
                return
            chunks = [chunk for delib in delibs
                      for chunk in chunk_deliberation(delib, self.embedder, self.index.settings)]
        except Exception as error:  # one file that breaks the parser or chunker is left out
            if index_fault(error):
                raise
            self._fail(document.source, unexpected("l'analyse", error), hook)
            return
        self._pending.append(_Pending(document, status, delibs, chunks))
        if sum(len(p.chunks) for p in self._pending) >= self.batch_chunks:
            self._flush(hook)

    def _flush(self, hook: ProgressHook) -> None:
        """Embed and store the pending files together; when that fails, file by file, so that
        only the file at fault is reported failed (errors of the index itself stop the run)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        try:
            self._write(pending, hook)
            return
        except Exception as error:
            if index_fault(error):
                raise
            if len(pending) == 1:
                self._rollback(pending[0], error, hook)
                return
        for item in pending:
            try:
                self._write([item], hook)
            except Exception as error:
                if index_fault(error):
                    raise
                self._rollback(item, error, hook)

    def _rollback(self, item: _Pending, error: Exception, hook: ProgressHook) -> None:
        self.index.recover()  # vectors journaled for chunks the catalog did not take: removed
        self._fail(item.document.source, unexpected("l'indexation", error), hook)

    def _write(self, pending: list[_Pending], hook: ProgressHook) -> None:
        chunks = [chunk for item in pending for chunk in item.chunks]
        by_id = {delib.id: delib for item in pending for delib in item.deliberations}
        vectors = self.embedder.embed_documents([chunk.embed_text for chunk in chunks])
        metadatas = [chunk_metadata(chunk, by_id[chunk.deliberation_id]) for chunk in chunks]
        self.index.catalog.journal_add([chunk.id for chunk in chunks], "add")
        self.index.dense.upsert(chunks, vectors, metadatas)
        stale = self.index.catalog.replace_documents(
            [(p.document, p.deliberations, p.chunks) for p in pending],
            datetime.now(UTC).isoformat(timespec="seconds"))
        self._remove_vectors(stale)
        for item in pending:
            hook(FileOutcome(item.document.source, item.status,
                             deliberations=len(item.deliberations), chunks=len(item.chunks),
                             replaced_chars=item.document.replaced_chars,
                             ocr_pages=len(item.document.ocr_confidence),
                             low_confidence=low_confidence_pages(item.document)))

    def _remove_vectors(self, chunk_ids: list[str]) -> None:
        if chunk_ids:
            self.index.dense.delete(chunk_ids)
            self.index.catalog.journal_clear(chunk_ids)


def index_fault(error: BaseException) -> bool:
    """Errors of the index itself (state, lock, full disk, read-only folder) and of the
    installation (a damaged structure model) stop the run."""
    return (isinstance(error, IndexStateError | StructureModelError)
            or storage_problem(error) is not None)


def unexpected(stage: str, error: Exception) -> str:
    """One French line for an error that is not the file's known kind of problem."""
    if isinstance(error, DelibError):
        return str(error)
    detail = str(error).splitlines()[0][:120] if str(error) else ""
    return (f"erreur inattendue pendant {stage} ({type(error).__name__}"
            f"{' : ' + detail if detail else ''}) ; les autres fichiers sont indexés")


def unique_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file once, even when folders given on the command line overlap."""
    seen: set[Path] = set()
    for path in paths:
        key = path.resolve() if path.exists() else path
        if key not in seen:
            seen.add(key)
            yield path


def report_hook(report: IngestReport, on_file: ProgressHook | None) -> ProgressHook:
    """A hook that records each outcome in ``report`` and passes it on to ``on_file``."""
    def hook(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return hook
