"""Lexical search: BM25 (SQLite FTS5) over the analysed chunk texts kept in the catalog."""

from typing import Any

from index.analysis import analyze
from index.catalog import Catalog
from index.models import Filters

COMMON_SHARE = 0.05  # share of chunks above which a term is too common to search with
COMMON_FLOOR = 2000  # ...but never below this many chunks: small indexes keep every term


def filter_sql(filters: Filters | None) -> tuple[str, list[Any]]:
    """SQL conditions on the ``deliberations d`` table for ``filters`` ("" when none). A named
    authority keeps the deliberations whose authority is unknown (unread is not another one:
    measured on the tune side, 11 of 49 texts have none, and excluding them lost 5 questions)."""
    if filters is None:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    if filters.collectivities:  # an authority the parser could not read may be the one named
        clauses.append(f"(d.collectivity IN ({','.join('?' * len(filters.collectivities))}) "
                       "OR d.collectivity IS NULL)")
        params += list(filters.collectivities)
    for column, values in (("d.body", filters.bodies), ("d.id", filters.deliberation_ids)):
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params += list(values)
    if filters.date_from:
        clauses.append("d.session_int >= ?")
        params.append(int(filters.date_from.replace("-", "")))
    if filters.date_to:
        clauses.append("d.session_int <= ?")
        params.append(int(filters.date_to.replace("-", "")))
    if filters.vote_result:
        clauses.append("d.vote_result = ?")
        params.append(filters.vote_result)
    return " AND ".join(clauses), params


def lexical_search(catalog: Catalog, query: str, k: int, filters: Filters | None = None,
                   aside: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
    """(chunk id, BM25 score, higher is better) of the ``k`` best chunks passing ``filters``;
    the analysed terms ``aside`` are not searched (the authority the filters already keep)."""
    words = set(analyze(query))
    terms = selective_terms(catalog, sorted(words - aside or words))  # a name alone is searched
    if not terms or k <= 0:
        return []
    match = " OR ".join(f'"{term}"' for term in terms)
    where, params = filter_sql(filters)
    if not where:  # rank inside FTS5, then join only the k rows kept
        rows = catalog.query(
            "SELECT c.id AS id, -f.s AS score FROM (SELECT rowid, bm25(chunks_fts) AS s "
            "FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY s LIMIT ?) f "
            "JOIN chunks c ON c.rowid = f.rowid ORDER BY f.s", (match, k))
        return [(row["id"], float(row["score"])) for row in rows]
    rows = catalog.query(
        "SELECT c.id AS id, -bm25(chunks_fts) AS score FROM chunks_fts "
        "JOIN chunks c ON c.rowid = chunks_fts.rowid "
        "JOIN deliberations d ON d.id = c.deliberation_id WHERE chunks_fts MATCH ? "
        f"AND {where} ORDER BY bm25(chunks_fts) LIMIT ?", (match, *params, k))
    return [(row["id"], float(row["score"])) for row in rows]


def selective_terms(catalog: Catalog, terms: list[str]) -> list[str]:
    """The query terms worth a scan: in a large index, a term held by more than
    ``COMMON_SHARE`` of the chunks adds little to BM25 but makes FTS5 score tens of thousands
    of rows (measured: 150-290 ms at 98,000 chunks); the two rarest are always kept."""
    counts = catalog.term_counts(terms)
    limit = max(COMMON_SHARE * catalog.chunk_count(), COMMON_FLOOR)
    found = sorted((t for t in terms if counts.get(t)), key=lambda t: counts[t])
    return [t for t in found if counts[t] <= limit] or found[:2]


def deliberation_frequency(catalog: Catalog, term: str) -> int:
    """How many deliberations contain the analysed ``term`` (for evidence weighting)."""
    rows = catalog.query(
        "SELECT count(DISTINCT c.deliberation_id) AS n FROM chunks_fts "
        "JOIN chunks c ON c.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ?", (f'"{term}"',))
    return int(rows[0]["n"]) if rows else 0
