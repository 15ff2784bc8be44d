"""Rebuilding every deliberation, chunk and vector from the texts kept in the catalog."""

import time
from dataclasses import replace
from pathlib import Path

from index.catalog import document_of_row
from index.embedders import embedder_for
from index.layout import pdf_layout
from index.models import SourceDocument
from index.pipeline import Ingestor, IngestReport, ProgressHook, report_hook
from index.reader import sha256_of
from index.settings import Settings
from index.store import Index


def reindex(settings: Settings, on_file: ProgressHook | None = None) -> IngestReport:
    """Re-parse, re-chunk and re-embed all documents with the current settings."""
    started = time.perf_counter()
    report = IngestReport()
    embedder = embedder_for(settings)
    with Index(settings, write=True) as index:
        index.catalog.set_meta("state", "reindexing")
        rows = index.catalog.query("SELECT source, sha256, kind, size, pages, ocr, collectivity, "
                                   "layout FROM documents ORDER BY id")
        documents = [(_with_layout(document_of_row(row), settings), "replaced") for row in rows]
        index.dense.reset()
        index.catalog.journal_clear(index.catalog.journal("add") + index.catalog.journal("delete"))
        index.adopt_fingerprint()
        Ingestor(index, embedder).add_documents(documents, report_hook(report, on_file))
        index.catalog.set_meta("state", "ready")
    report.seconds = time.perf_counter() - started
    return report


def _with_layout(document: SourceDocument, settings: Settings) -> SourceDocument:
    """A PDF whose print is unknown (a catalog older than layouts) gets it from its file, when
    the file is still the one indexed; else it is parsed without typography and its print stays
    unknown, to be read at a later rebuild (the file put back)."""
    if document.kind != "pdf" or document.layout is not None:
        return document
    path = Path(document.source)
    try:
        if not path.is_file() or sha256_of(path) != document.sha256:
            return document
    except OSError:
        return document
    return replace(document, layout=pdf_layout(path, settings.max_pdf_pages))
