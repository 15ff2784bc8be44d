"""Index writes shared by the CLI and the web app: ingest files, remove sources."""

from collections.abc import Sequence
from pathlib import Path

from index.embedders import Embedder
from index.errors import NotFound
from index.pipeline import Ingestor, IngestReport, ProgressHook
from index.settings import Settings
from index.store import Index


def ingest(settings: Settings, embedder: Embedder, paths: Sequence[Path],
           on_file: ProgressHook | None = None, files: list[Path] | None = None) -> IngestReport:
    """Index ``paths`` under the data directory's write lock (``IndexLocked`` if taken)."""
    with Index(settings, write=True) as index:
        return Ingestor(index, embedder).ingest(paths, on_file, files=files)


def remove(settings: Settings, names: Sequence[str]) -> tuple[list[str], int]:
    """Remove sources named by path or file name; return them and the chunks removed. A
    folder without an index is told so (« Aucun index… »), not given an empty one."""
    Index(settings).close()
    with Index(settings, write=True) as index:
        index.recover()
        sources = [match_source(index, name) for name in names]
        removed = index.catalog.remove_sources(sources)
        if removed:
            index.dense.delete(removed)
            index.catalog.journal_clear(removed)
    return sources, len(removed)


def match_source(index: Index, name: str) -> str:
    """The one indexed source that ``name`` designates (its path or its file name)."""
    rows = index.catalog.query("SELECT source FROM documents")
    sources = [row["source"] for row in rows]
    resolved = str(Path(name).resolve())
    exact = [s for s in sources if s in (name, resolved)]
    by_name = [s for s in sources if Path(s).name == name]
    matches = exact or by_name
    if len(matches) != 1:
        reason = "plusieurs sources portent ce nom" if matches else "source inconnue"
        raise NotFound(f"{reason} : « {name} » (voir delib list pour les chemins indexés).")
    return matches[0]
