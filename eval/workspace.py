"""The evaluation's own index: built fresh from a corpus, reused while corpus and settings hold."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.authorities import DECLARATIONS
from index.embedders import Embedder
from index.errors import DelibError
from index.pipeline import FileOutcome, Ingestor, IngestReport
from index.reader import discover, sha256_of
from index.settings import Settings
from index.store import Index, fingerprint

MANIFEST = "manifest.json"


def corpus_manifest(corpus: Path, settings: Settings) -> dict[str, Any]:
    """What the index depends on: every corpus file's hash (``collectivites.tsv`` included) and
    the build fingerprint."""
    if not corpus.is_dir():
        raise DelibError(f"Corpus introuvable : {corpus} (un dossier est attendu).")
    files = {str(path.relative_to(corpus)): sha256_of(path)
             for path in discover([corpus]) if path.is_file()}
    if not files:
        raise DelibError(f"Le corpus {corpus} ne contient aucun fichier.")
    files |= {str(path.relative_to(corpus)): sha256_of(path)
              for path in sorted(corpus.rglob(DECLARATIONS))}
    return {"files": files, "fingerprint": fingerprint(settings)}


def stored_manifest(data_dir: Path) -> dict[str, Any] | None:
    try:
        raw = json.loads((data_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return raw if isinstance(raw, dict) else None


def is_current(settings: Settings, expected: dict[str, Any]) -> bool:
    """The index in ``settings.data_dir`` was built from this corpus with these settings."""
    stored = stored_manifest(settings.data_dir)
    return (stored is not None and settings.catalog_path.exists()
            and {key: stored.get(key) for key in expected} == expected)


def build_index(corpus: Path, settings: Settings, embedder: Embedder, expected: dict[str, Any],
                on_file: Callable[[FileOutcome], None] | None = None) -> IngestReport:
    """A fresh index of ``corpus`` in ``settings.data_dir``, then its manifest."""
    _clear(settings.data_dir)
    with Index(settings, write=True) as index:
        report = Ingestor(index, embedder).ingest([corpus], on_file)
    if report.interrupted:
        raise KeyboardInterrupt
    manifest = expected | {"corpus": str(corpus.resolve()), "deliberations": report.deliberations,
                           "chunks": report.chunks, "seconds": round(report.seconds, 1)}
    (settings.data_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                              encoding="utf-8")
    return report


def _clear(data_dir: Path) -> None:
    """Remove an earlier evaluation index; refuse to delete a folder that is not one."""
    if not data_dir.exists():
        return
    ours = (data_dir / MANIFEST).exists() or (data_dir / "catalog.sqlite3").exists()
    if not ours and any(data_dir.iterdir()):
        raise DelibError(f"{data_dir} existe et n'est pas un index d'évaluation : choisissez "
                         "un autre dossier --out.")
    shutil.rmtree(data_dir)
