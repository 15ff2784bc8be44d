"""Chroma's search against an exact one, on the sample index with its real vectors."""

from typing import Any

import numpy as np
import pytest

from assistant.engine.core import Assistant
from benchmarks.dense_recall import exact_neighbours, measure, missed
from benchmarks.retrieval import stored_vectors
from index.dense import SEARCH_BREADTH
from tests.test_assistant import assistant, sample_settings  # noqa: F401  (fixtures)

QUESTION = "Combien coûte l'adhésion au CLIC pour la Ville de Dijon ?"


class Spy:
    """A Chroma collection whose queries are recorded, then run."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[dict[str, Any]] = []

    def query(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return self.inner.query(**kwargs)


def test_exact_neighbours_are_the_highest_cosines_first() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    assert exact_neighbours(vectors, ["x", "y", "z"], np.array([2.0, 0.0]), 2) == ["x", "z"]
    assert exact_neighbours(vectors, ["x", "y", "z"], np.array([0.0, 3.0]), 1) == ["y"]


def test_a_neighbour_replaced_by_one_as_close_is_not_missed() -> None:
    cosines = {"a": 0.9, "b": 0.8, "c": 0.7, "copy_of_c": 0.7, "d": 0.6}
    assert missed(["a", "b", "c"], ["a", "b", "copy_of_c"], cosines.__getitem__) == 0
    assert missed(["a", "b", "c"], ["a", "c", "d"], cosines.__getitem__) == 1  # b lost
    assert missed(["a", "b", "c"], [], cosines.__getitem__) == 3


def test_the_store_finds_the_exact_nearest_chunks(assistant: Assistant) -> None:  # noqa: F811
    index = assistant.index
    ids = [row["id"] for row in index.catalog.query("SELECT id FROM chunks")]
    vectors = stored_vectors(index, ids)
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    query = assistant.embedder.embed_query(QUESTION)
    found = [chunk_id for chunk_id, _ in index.dense.search(query, 10)]
    exact = exact_neighbours(vectors, ids, query, 10)
    assert set(found) == set(exact) and found[0] == exact[0]  # float32 may swap near ties


def test_the_search_explores_the_breadth_asked(assistant: Assistant,  # noqa: F811
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = assistant.index.dense
    spy = Spy(store._collection)
    monkeypatch.setattr(store, "_collection", spy)
    query = assistant.embedder.embed_query(QUESTION)
    assert len(store.search(query, 10)) == 10
    assert len(store.search(query, 10, breadth=3)) == 10
    assert [call["n_results"] for call in spy.calls] == [SEARCH_BREADTH, 10]


def test_the_benchmark_reports_every_breadth_on_the_same_questions(
        assistant: Assistant) -> None:  # noqa: F811
    query = assistant.embedder.embed_query(QUESTION)
    result = measure(assistant.index, [query, query], 10, (10, 50))
    assert result["questions"] == 2 and result["k"] == 10
    assert result["chunks"] == assistant.index.catalog.query(
        "SELECT count(*) AS n FROM chunks")[0]["n"]
    assert set(result["breadths"]) == {"10", "50"}
    assert result["breadths"]["50"]["missed_share"] == 0.0  # the sample's graph is small
    assert result["breadths"]["50"]["first_worse"] == 0
