"""Retrieval pieces computed by hand: authority restriction in SQL, rank fusion, duplicates."""

import sqlite3

from assistant.engine.retrieval import DeliberationHit, group, reciprocal_rank
from index.lexical import filter_sql
from index.models import Filters
from tests.test_llm import passage


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


def test_an_item_read_twice_is_answered_from_its_fuller_record() -> None:
    title = "Fourrière automobile : convention de partenariat avec la société Corte Auto"
    agenda = passage(title, 1, object=title, score=0.9)  # the agenda line scores best
    minutes = passage(f"{title}. Monsieur Gaétan Mori, directeur, représente la société ; la "
                      "convention est conclue pour un an.", 2,
                      object=title.replace("Fourrière", "Fourriére").upper(), score=0.7)
    other = passage("Tarifs de la cantine scolaire", 3, object="Tarifs", score=0.8)
    hits = group([agenda, other, minutes])
    assert [h.deliberation_id for h in hits] == ["d2", "d3"]
    assert hits[0].score == 0.9 and hits[0].duplicates == ("d1",)
    assert hits[0].best.text.endswith("pour un an.")
    kept = group([minutes, agenda])  # the fuller record first: it stays, the title joins it
    assert [(h.deliberation_id, h.duplicates) for h in kept] == [("d2", ("d1",))]
