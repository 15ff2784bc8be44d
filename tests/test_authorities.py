"""Authorities declared at ingest: --collectivite, collectivites.tsv, catalog, reindex, answers."""

from contextlib import closing
from pathlib import Path

import pytest

from assistant.engine.core import Assistant
from index.authorities import declared_authority, read_declarations
from index.embedders import load_embedder
from index.errors import DelibError
from index.pipeline import Ingestor
from index.reader import discover
from index.reindex import reindex
from index.settings import Settings
from index.store import Index
from tests.conftest import run_delib

# A commune's minutes that never print the commune's name, as most small communes' do.
MINUTES = """PROCÈS-VERBAL DU CONSEIL MUNICIPAL
Séance du 12 mai 2023
OBJET : Adhésion au syndicat départemental d'énergie
Le maire expose que l'adhésion au syndicat départemental d'énergie permet de mutualiser les
achats d'électricité des bâtiments communaux.
La cotisation annuelle s'élève à 1 250 € TTC.
Le conseil municipal, après en avoir délibéré, décide d'adhérer au syndicat.
Adopté à l'unanimité.
"""
QUESTION = "Combien coûte l'adhésion au syndicat d'énergie à Saint-Ouen-des-Prés ?"


def declare(folder: Path, *rows: str, header: str = "dossier\tcollectivite") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "collectivites.tsv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def minutes(folder: Path, name: str = "pv.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(MINUTES, encoding="utf-8")
    return path


def ingest(settings: Settings, path: Path, collectivity: str | None = None):
    with Index(settings, write=True) as index:
        embedder = load_embedder(settings.embedding_model)
        return Ingestor(index, embedder, collectivity).ingest([path])


def collectivities(settings: Settings) -> list[str | None]:
    with Index(settings) as index:
        rows = index.catalog.query("SELECT collectivity FROM deliberations ORDER BY id")
    return [row["collectivity"] for row in rows]


def test_nearest_declaration_names_each_sub_folder(tmp_path: Path) -> None:
    declare(tmp_path, "ouen\tSaint-Ouen-des-Prés", "ca-nord/2023\tCA du Nord")
    declare(tmp_path / "autre", "x\tIbos")
    assert declared_authority(minutes(tmp_path / "ouen" / "2023")) == "Saint-Ouen-des-Prés"
    assert declared_authority(minutes(tmp_path / "ca-nord" / "2023")) == "CA du Nord"
    assert declared_authority(minutes(tmp_path / "ca-nord" / "2024")) is None
    # the nearest table decides, even when it does not list the file's folder
    assert declared_authority(minutes(tmp_path / "autre" / "y")) is None
    assert declared_authority(minutes(tmp_path / "autre" / "x")) == "Ibos"


def test_faulty_declarations_are_named_in_french(tmp_path: Path) -> None:
    with pytest.raises(DelibError, match="première ligne"):
        read_declarations(declare(tmp_path, "ouen\tSaint-Ouen", header="folder\tname"))
    with pytest.raises(DelibError, match="ligne 3 : deux colonnes"):
        read_declarations(declare(tmp_path, "ouen\tSaint-Ouen", "ibos Ibos"))


def test_declarations_are_not_indexed(tmp_path: Path) -> None:
    declare(tmp_path, "ouen\tSaint-Ouen-des-Prés")
    text = minutes(tmp_path / "ouen")
    assert list(discover([tmp_path])) == [text]


def test_declared_authority_is_stored_kept_by_reindex_and_changes_reindex_the_file(
        tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "corpus"
    declare(corpus, "ouen\tSaint-Ouen-des-Prés")
    minutes(corpus / "ouen")
    assert ingest(settings, corpus).count("new") == 1
    assert collectivities(settings) == ["Saint-Ouen-des-Prés"]
    reindex(settings)
    assert collectivities(settings) == ["Saint-Ouen-des-Prés"]
    assert ingest(settings, corpus).count("unchanged") == 1
    report = ingest(settings, corpus, "Commune de Saint-Ouen-des-Prés")  # the flag wins
    assert report.count("replaced") == 1
    assert collectivities(settings) == ["Commune de Saint-Ouen-des-Prés"]


def test_question_naming_the_declared_authority_is_answered(tmp_path: Path,
                                                             settings: Settings) -> None:
    text = minutes(tmp_path / "docs")
    ingest(settings, text)
    with closing(Assistant(settings)) as helper:
        assert helper.ask(QUESTION).refused  # the text never says which commune it is
    ingest(settings, text, "Saint-Ouen-des-Prés")
    with closing(Assistant(settings)) as helper:
        answer = helper.ask(QUESTION)
    assert not answer.refused and "1 250" in answer.text
    assert answer.citations[0].collectivity == "Saint-Ouen-des-Prés"


def test_parse_command_applies_the_declaration(tmp_path: Path) -> None:
    text = minutes(tmp_path / "docs")
    result = run_delib("parse", str(text), "--json", "--collectivite", "Ibos")
    assert result.returncode == 0, result.stderr
    assert '"collectivity": "Ibos"' in result.stdout
    declare(tmp_path / "docs", "x", header="x")
    result = run_delib("ingest", str(text), env={"DELIB_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode != 0 and "première ligne" in result.stderr
