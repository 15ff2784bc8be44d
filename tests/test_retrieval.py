"""Retrieval pieces computed by hand: the authority restriction in SQL."""

import sqlite3

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

