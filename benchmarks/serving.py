"""A real ``delib serve`` in a subprocess on a free port of 127.0.0.1, for the load benchmark and
the web app tests: started over a given data folder, stopped when the block ends."""

import os
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

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 180


class ServerError(RuntimeError):
    """``delib serve`` died or did not answer in time; the message holds its log."""


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
    """``delib serve`` in a subprocess until the block ends (``ServerError`` if it dies); its
    output goes to ``serve.log`` beside the data folder."""
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
            raise ServerError(f"delib serve s'est arrêté :\n{server.log_text()}")
        try:
            with urllib.request.urlopen(server.url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise ServerError(f"delib serve n'a pas répondu en {START_TIMEOUT_S} s :\n{server.log_text()}")
