"""The ``delib`` command as a user runs it: exit codes, JSON and SCDL output, help vs README."""

import csv
import json
import re
from pathlib import Path

import pytest

from assistant.cli import build_parser
from index.records import SCDL_COLUMNS
from tests.conftest import REPO, SAMPLE, run_delib

RECORD_KEYS = {"source", "collectivity", "body", "session_date", "delib_number", "object",
               "rapporteur", "president", "vote_result", "votes_for", "votes_against",
               "votes_abstention", "actes_id", "amounts", "pages"}


def test_parse_json_prints_records_without_indexing(tmp_path: Path) -> None:
    result = run_delib("--data-dir", str(tmp_path / "data"), "parse", str(SAMPLE), "--json",
                       "--scdl", str(tmp_path / "scdl.csv"))
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 5 and set(records[0]) >= RECORD_KEYS
    lille = next(r for r in records if r["delib_number"] == "22-B-0183")
    assert lille["session_date"] == "2022-04-08"
    assert lille["actes"]["siren"] == "200093201"
    assert {a["value"] for a in lille["amounts"]} == {655.0, 675.0}
    assert not (tmp_path / "data").exists()
    with (tmp_path / "scdl.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == SCDL_COLUMNS and len(rows) == 5
    assert {row["DELIB_DATE"] for row in rows} >= {"2019-01-28", "2022-04-08"}


def test_ingest_exit_codes_and_index_commands(tmp_path: Path) -> None:
    env = {"DELIB_DATA_DIR": str(tmp_path / "data")}  # the bundled default model
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text((SAMPLE / "000_8b74285c561e901f.txt").read_text(),
                                  encoding="utf-8")
    ok = run_delib("ingest", "--quiet", str(corpus), env=env)
    assert ok.returncode == 0, ok.stderr
    assert "1 nouveaux" in ok.stdout
    (corpus / "vide.txt").write_text("", encoding="utf-8")
    failed = run_delib("ingest", "--quiet", str(corpus), env=env)
    assert failed.returncode == 1
    assert "ÉCHEC" in failed.stdout and "vide.txt" in failed.stdout and "1 inchangés" in failed.stdout
    listing = json.loads(run_delib("list", "--json", env=env).stdout)
    assert [row["object"] for row in listing] == [
        "Adhésion de la ville de Dijon au Club Innovation et Culture"]
    shown = run_delib("show", listing[0]["id"], env=env)
    assert shown.returncode == 0 and "732 € TTC" in shown.stdout
    assert run_delib("show", "inconnu", env=env).returncode == 1
    stats = json.loads(run_delib("stats", "--json", env=env).stdout)
    assert (stats["documents"], stats["deliberations"]) == (1, 1)
    removed = run_delib("remove", "a.txt", env=env)
    assert removed.returncode == 0 and "retiré" in removed.stdout
    assert json.loads(run_delib("stats", "--json", env=env).stdout)["chunks"] == 0


def test_usage_errors_exit_2_with_a_french_message(tmp_path: Path) -> None:
    assert run_delib("ingest").returncode == 2
    bad = run_delib("list", env={"DELIB_CHUNK_TOKENS": "beaucoup",
                                 "DELIB_DATA_DIR": str(tmp_path)})
    assert bad.returncode == 2 and "réglage invalide" in bad.stderr


@pytest.mark.parametrize(("args", "french", "code"), [
    (("ask",), "obligatoire(s) manquant(s) : QUESTION", 2),
    (("inconnue",), "choix inconnu « inconnue »", 2),
    (("list", "--bad"), "non reconnu(s) : --bad", 2),
    (("serve", "--port", "abc"), "nombre entier attendu, pas « abc »", 2),
    (("precedents", "budget", "--c", "x"), "option ambiguë : --c peut désigner", 2),
    (("ask", "budget", "--from", "05/13/2019"), "argument --from : Mois impossible", 2),
    (("ask", "budget", "--to", "expected one argument"), "« expected one argument »", 2),
    (("ask", "budget", "--from", "2022", "--to", "2019"), "est après la date de fin", 1),
])
def test_usage_errors_are_told_in_french(tmp_path: Path, args: tuple[str, ...],
                                         french: str, code: int) -> None:
    result = run_delib("--data-dir", str(tmp_path / "data"), *args)
    assert result.returncode == code and french in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "data").exists()


def test_removing_from_a_folder_without_index_creates_none(tmp_path: Path) -> None:
    result = run_delib("--data-dir", str(tmp_path / "vide"), "remove", "a.txt")
    assert result.returncode == 1 and "Aucun index" in result.stderr
    assert not (tmp_path / "vide").exists()


def test_titles_and_file_names_are_printed_literally(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "piège [x].txt").write_text(
        "Séance du 3 février 2020\nObjet : Subvention [red]club[/red] [/bold]\n"
        "Le conseil municipal accorde une subvention de 500 euros au club.\n", encoding="utf-8")
    env = {"DELIB_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "250"}  # rows on one line
    assert run_delib("ingest", "--quiet", str(corpus), env=env).returncode == 0
    listing = run_delib("list", env=env)
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert "[red]club" in listing.stdout and "piège [x].txt" in listing.stdout
    dated = run_delib("precedents", "subvention club", "--from", "2020", env=env)
    assert dated.returncode == 0 and "[red]club" in dated.stdout, dated.stderr


def test_mismatched_index_asks_for_reindex(tmp_path: Path) -> None:
    env = {"DELIB_DATA_DIR": str(tmp_path / "data")}
    assert run_delib("ingest", "--quiet", str(SAMPLE / "001_ab9f3e33bb15e798.txt"),
                     env=env).returncode == 0
    other = run_delib("ingest", "--quiet", str(SAMPLE), env=env | {"DELIB_CHUNK_TOKENS": "100"})
    assert other.returncode == 1
    assert "delib reindex" in other.stderr and "Traceback" not in other.stderr


def test_every_command_is_documented_in_the_readme_and_exists() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    documented = set(re.findall(r"^\s*(?:\$ )?delib (\w+)", readme, re.M))
    assert commands <= documented, commands - documented
    assert documented <= commands, documented - commands
    help_text = run_delib("--help").stdout
    assert all(command in help_text for command in commands)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make ([\w-]+)", readme, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), f"make {target} is not a target"
