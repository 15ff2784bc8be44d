"""Rebuilding every deliberation, chunk and vector from the texts kept in the catalog."""

import time

from index.catalog import document_of_row
from index.embedders import embedder_for
from index.pipeline import Ingestor, IngestReport, ProgressHook, report_hook
from index.settings import Settings
from index.store import Index


def reindex(settings: Settings, on_file: ProgressHook | None = None) -> IngestReport:
    """Re-parse, re-chunk and re-embed all documents with the current settings."""
    started = time.perf_counter()
    report = IngestReport()
    embedder = embedder_for(settings)
    with Index(settings, write=True) as index:
        index.catalog.set_meta("state", "reindexing")
        documents = [(document_of_row(row), "replaced") for row in index.catalog.query(
            "SELECT source, sha256, kind, size, pages, ocr, collectivity FROM documents "
            "ORDER BY id")]
        index.dense.reset()
        index.catalog.journal_clear(index.catalog.journal("add") + index.catalog.journal("delete"))
        index.adopt_fingerprint()
        Ingestor(index, embedder).add_documents(documents, report_hook(report, on_file))
        index.catalog.set_meta("state", "ready")
    report.seconds = time.perf_counter() - started
    return report
