"""The server path: ingest into a real ``chroma run`` on 127.0.0.1 through DELIB_CHROMA_URL."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.embedders import load_embedder
from index.errors import StoreUnavailable
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index
from tests.conftest import SAMPLE


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    executable = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    server = subprocess.Popen([executable, "run", "--path", str(tmp_path / "server"), "--host",
                               "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "chroma run failed"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ingest_and_search_through_a_chroma_server(tmp_path: Path, chroma_url: str,
                                                   minilm_path: str) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_url,
                        embedding_model=minilm_path)
    embedder = load_embedder(minilm_path)
    with Index(settings, write=True) as index:
        report = Ingestor(index, embedder).ingest([SAMPLE])
        assert report.count("new") == 5
        assert index.dense.count() == report.chunks
        assert not (tmp_path / "data" / "chroma").exists()
        hits = index.dense.search(embedder.embed_query("partnership with Volgograd"), 3)
        assert len(hits) == 3 and all(-1.0 <= score <= 1.0 for _, score in hits)


def test_unreachable_server_gives_a_french_message(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{free_port()}")
    with Index(settings, write=True) as index, pytest.raises(StoreUnavailable,
                                                         match="Serveur Chroma injoignable"):
        index.dense.count()
