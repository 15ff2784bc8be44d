"""Retrieval pieces computed by hand: the authority restriction in SQL, reciprocal rank fusion."""

import sqlite3

from assistant.engine.retrieval import DeliberationHit, reciprocal_rank
from index.lexical import filter_sql
from index.models import Filters


def test_a_named_authority_keeps_deliberations_whose_authority_is_unknown() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE deliberations (id TEXT, collectivity TEXT, body TEXT)")
    db.executemany("INSERT INTO deliberations VALUES (?, ?, ?)",
                   [("a", "Ville de Dijon", "conseil"), ("b", None, "conseil"),
                    ("c", "Ville de Lannion", "conseil"), ("d", None, "bureau")])
    where, params = filter_sql(Filters(collectivities=("Ville de Dijon",), bodies=("conseil",)))
    rows = db.execute(f"SELECT id FROM deliberations d WHERE {where} ORDER BY id", params)
    assert [row[0] for row in rows] == ["a", "b"]


def test_reciprocal_rank_fusion_of_two_deliberation_rankings() -> None:
    def hits(*ids: str) -> list[DeliberationHit]:
        return [DeliberationHit(i, 0.0, ()) for i in ids]

    # x: 1/61 + 1/63, y: 1/62 + 1/61, z: 1/63, w: 1/62 -> y, x, w, z
    fused = reciprocal_rank([hits("x", "y", "z"), hits("y", "w", "x")])
    assert [hit.deliberation_id for hit in fused] == ["y", "x", "w", "z"]
