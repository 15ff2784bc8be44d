"""Lexical search: BM25 (SQLite FTS5) over the analysed chunk texts kept in the catalog."""

from index.analysis import analyze
from index.catalog import Catalog


def lexical_search(catalog: Catalog, query: str, k: int) -> list[tuple[str, float]]:
    """(chunk id, BM25 score, higher is better) of the ``k`` best chunks for ``query``."""
    terms = sorted(set(analyze(query)))
    if not terms or k <= 0:
        return []
    match = " OR ".join(f'"{term}"' for term in terms)
    rows = catalog.query(
        "SELECT c.id AS id, -bm25(chunks_fts) AS score FROM chunks_fts "
        "JOIN chunks c ON c.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ? "
        "ORDER BY bm25(chunks_fts) LIMIT ?", (match, k))
    return [(row["id"], float(row["score"])) for row in rows]
