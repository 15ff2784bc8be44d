"""SCDL "Délibérations" exports read back: one deliberation per row, fields from the columns."""

import json
from pathlib import Path

from index.errors import UnsupportedFile
from index.parsing import parse_document
from index.reader import read_document
from tests.conftest import SAMPLE, run_delib

EXPORT = """\ufeffCOLL_NOM;COLL_SIRET;DELIB_ID;DELIB_DATE;DELIB_MATIERE_NOM;DELIB_OBJET;PREF_ID;\
PREF_DATE;VOTE_EFFECTIF;VOTE_REEL;VOTE_POUR;VOTE_CONTRE;VOTE_ABSTENTION
Commune de Vernon;21270681500012;2021-14;2021-03-02;Finances;"Subvention au club de rugby
pour 12 500 euros";027-212706815-20210302-2021-14-DE;2021-03-05;29;27;27;0;0
Commune de Vernon;21270681500012;2021-15;02/03/2021;Urbanisme;"Cession d'un terrain ; rue des \
Ecoles";;;29;27;20;5;2

Commune de Vernon;21270681500012;2021-16;2021-03-02;Voirie;Travaux de voirie;;;29;27;10;15;2
"""


def read(path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    return parse_document(read_document(path, 10**7, 100))


def test_each_row_is_a_deliberation_with_its_columns(tmp_path: Path) -> None:
    first, second, third = read(tmp_path / "vernon.csv", EXPORT)
    assert first.object == "Subvention au club de rugby pour 12 500 euros"
    assert (first.session_date, first.delib_number, first.collectivity) == \
        ("2021-03-02", "2021-14", "Commune de Vernon")
    assert (first.vote.result, first.vote.votes_for, first.vote.votes_against) == ("adopté", 27, 0)
    assert first.transmission_date == "2021-03-05"
    assert first.actes is not None and first.actes.siren == "212706815"
    assert [a.value for a in first.amounts] == [12500.0]
    # the text is the row, each value after its column's name, the vote on a line of its own
    record, vote_line = first.text.splitlines()
    assert record.startswith("COLL_NOM : Commune de Vernon | COLL_SIRET : 21270681500012 | ")
    assert "| DELIB_OBJET : Subvention au club de rugby pour 12 500 euros |" in record
    assert vote_line == ("VOTE_EFFECTIF : 29, VOTE_REEL : 27, VOTE_POUR : 27, VOTE_CONTRE : 0, "
                         "VOTE_ABSTENTION : 0")
    assert second.session_date == "2021-03-02"  # DD/MM/YYYY as some exports write it
    assert second.object == "Cession d'un terrain ; rue des Ecoles"
    assert (second.vote.result, second.vote.votes_abstention) == ("majorité", 2)
    assert third.vote.result == "rejeté"
    assert len({first.id, second.id, third.id}) == 3


def test_an_export_saved_as_text_is_read_the_same_way(tmp_path: Path) -> None:
    records = read(tmp_path / "vernon.txt", EXPORT.replace(";", ","))
    assert len(records) == 3  # comma-separated: the quoted "; rue" stays in its field
    assert records[1].object == "Cession d'un terrain , rue des Ecoles"


def test_a_csv_without_scdl_columns_is_refused_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text("annee,montant\n2021,12\n", encoding="utf-8")
    try:
        read_document(path, 10**7, 100)
    except UnsupportedFile as error:
        assert "colonnes SCDL" in str(error)
    else:
        raise AssertionError("a CSV without SCDL columns must be refused")


def test_delib_reads_back_its_own_scdl_export(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    parsed = run_delib("parse", str(SAMPLE), "--json", "--scdl", str(export))
    assert parsed.returncode == 0, parsed.stderr
    again = run_delib("parse", str(export), "--json")
    assert again.returncode == 0, again.stderr
    keys = ("object", "session_date", "delib_number", "votes_for", "votes_against")
    original = sorted(tuple(str(r[k]) for k in keys) for r in json.loads(parsed.stdout))
    read_back = sorted(tuple(str(r[k]) for k in keys) for r in json.loads(again.stdout))
    assert read_back == original


def test_no_cell_is_lost_from_the_text_of_a_row(tmp_path: Path) -> None:
    """Cells under an unnamed column or beyond the header, and a column printed twice, stay in
    the text; a row without any vote column has no vote line."""
    export = ("DELIB_OBJET,DELIB_DATE,,delib_objet\n"
              "Tarifs de la piscine,2022-03-24,annexe 3,Tarifs 2022,note\n")
    (record,) = read(tmp_path / "tarifs.csv", export)
    assert record.text == ("DELIB_OBJET : Tarifs de la piscine | DELIB_DATE : 2022-03-24 | "
                           "annexe 3 | delib_objet : Tarifs 2022 | note")
    assert record.object == "Tarifs de la piscine"
