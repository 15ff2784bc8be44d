"""The multi-authority question set's checker: the shipped set passes, faults are reported."""

import json
from pathlib import Path

import pytest

from eval.datasets.check_multi import main

SOURCE = ("Le conseil municipal approuve la convention de partenariat avec Volgograd, "
          "dont les relations remontent à 1959, et le tarif de 12 euros.")


def _question(qid: str, question: str, expected: list[str], history: list[str] | None = None,
              ) -> dict[str, object]:
    return {"id": qid, "question": question, "type": "fact", "history": history or [],
            "relevant": ["a.txt"], "session": "2016-11-21", "object": "Convention",
            "answer": "", "must_contain": expected, "authority": "ville-x"}


def _root(tmp_path: Path, conversations: list[dict[str, object]]) -> Path:
    (tmp_path / "texts" / "ville-x").mkdir(parents=True)
    (tmp_path / "texts" / "ville-x" / "a.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "authorities.tsv").write_text("authority_id\tsplit\nville-x\ttune\n",
                                              encoding="utf-8")
    (tmp_path / "provenance.tsv").write_text(
        "text\tauthority_id\tshared_path\tsource_repo\tsource\tlicence\n"
        "texts/ville-x/a.txt\tville-x\tx\tx\tx\tx\n", encoding="utf-8")
    for folder, rows in (("questions", [_question("a-1", "Depuis quand ces liens ?", ["1959"]),
                                        _question("a-2", "Quel tarif ?", ["12 euros"])]),
                         ("conversations", conversations)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "tune-x.jsonl").write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
            encoding="utf-8")
    return tmp_path


def test_a_conversation_asked_after_a_question_of_the_set_passes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _root(tmp_path, [_question("sw-2", "Quel tarif ?", ["12 euros"],
                                      ["Depuis quand ces liens ?"])])
    assert main([str(root)]) == 0
    assert "Conversations : 1 question(s), 0 problème(s)" in capsys.readouterr().out


@pytest.mark.parametrize(("qid", "history", "expected", "fault"), [
    ("sw-2", ["Qui a rapporté la piscine ?"], ["12 euros"], "tour précédent absent du jeu"),
    ("sw-2", [], ["12 euros"], "conversation sans tour précédent"),
    ("sw-2", ["Depuis quand ces liens ?"], ["13 euros"], "« 13 euros » introuvable"),
    ("sw-2", ["Quel tarif ?"], ["12 euros"], "la question répète un tour précédent"),
    ("a-1", ["Depuis quand ces liens ?"], ["12 euros"], "identifiant déjà utilisé"),
])
def test_a_faulty_conversation_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           qid: str, history: list[str], expected: list[str],
                                           fault: str) -> None:
    root = _root(tmp_path, [_question(qid, "Quel tarif ?", expected, history)])
    assert main([str(root)]) == 1
    assert fault in capsys.readouterr().out


def test_an_earlier_turn_asked_of_another_authority_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conversation = _question("sw-2", "Quel tarif ?", ["12 euros"], ["Depuis quand ces liens ?"])
    root = _root(tmp_path, [{**conversation, "authority": "ville-y"}])
    (root / "authorities.tsv").write_text("authority_id\tsplit\nville-x\ttune\nville-y\ttune\n",
                                          encoding="utf-8")
    assert main([str(root)]) == 1
    assert "tour précédent absent du jeu de questions de la collectivité" in \
        capsys.readouterr().out


def test_an_unreadable_conversation_file_is_reported_not_raised(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _root(tmp_path, [])
    (root / "conversations" / "tune-x.jsonl").write_text("{pas du json\n", encoding="utf-8")
    assert main([str(root)]) == 1
    assert "tune-x.jsonl" in capsys.readouterr().out


def test_the_shipped_set_and_its_conversations_pass_every_check(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--strict"]) == 0
    out = capsys.readouterr().out
    assert "Conversations : 422 question(s), 0 problème(s)" in out
    assert "Hors corpus : 63 question(s), 0 problème(s)" in out


def test_the_subset_keeps_the_parts_asked_for(tmp_path: Path) -> None:
    from eval.datasets.subset import main as subset

    root = Path(__file__).parents[1] / "eval" / "datasets" / "multi" / "questions"
    lines = {part: len((root / f"tune-{part}.jsonl").read_text().splitlines())
             for part in "abcde"}
    questions = tmp_path / "out" / "questions.jsonl"
    assert subset(["tune", str(tmp_path / "out"), "--parts", "a", "c"]) == 0
    assert len(questions.read_text().splitlines()) == lines["a"] + lines["c"]
    assert subset(["tune", str(tmp_path / "out")]) == 0
    assert len(questions.read_text().splitlines()) == sum(lines.values())


def test_an_unknown_part_stops_the_subset_with_the_parts_there_are(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eval.datasets.subset import main as subset

    assert subset(["tune", str(tmp_path / "out"), "--parts", "a", "z"]) == 2
    assert "Partie(s) inconnue(s) : z (parties de tune dans questions/ : a b c d e)" in \
        capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_off_corpus_question_must_be_unanswerable(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _root(tmp_path, [])
    (root / "offcorpus").mkdir()
    off = {**_question("od-1", "Qui gère la via ferrata ?", []), "type": "unanswerable",
           "relevant": [], "session": None, "object": None}
    answerable = _question("od-2", "Quel tarif ?", ["12 euros"])
    (root / "offcorpus" / "tune-d.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in (off, answerable)),
        encoding="utf-8")
    assert main([str(root)]) == 1
    out = capsys.readouterr().out
    assert "od-2 : une question hors corpus doit être de type « unanswerable » (ici « fact »)" \
        in out
    assert "od-1" not in out and "Hors corpus : 2 question(s), 1 problème(s)" in out


def test_the_subset_reads_the_off_corpus_folder_when_asked(tmp_path: Path) -> None:
    from eval.datasets.subset import main as subset

    assert subset(["check", str(tmp_path / "off"), "--folder", "offcorpus"]) == 0
    types = [json.loads(line)["type"] for line in  # held out: only the types are read
             (tmp_path / "off" / "questions.jsonl").read_text().splitlines()]
    assert len(types) == 63
    assert set(types) == {"unanswerable"}
