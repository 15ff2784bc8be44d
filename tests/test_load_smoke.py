"""The load benchmark in small: two simulated users for a few seconds against a real
``delib serve`` (sample corpus), every answer checked; and the checks catching bad citations."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.conversations import Catalog, conversations, problems
from benchmarks.load import QUESTIONS, run_phase
from eval.questions import load_questions
from tests.conftest import SAMPLE
from tests.ui_server import Server, copy_of_sample, delib_serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with delib_serve(copy_of_sample(tmp_path_factory, "load-smoke")) as running:
        yield running


def test_two_users_for_eight_seconds_get_valid_cited_answers(server: Server) -> None:
    talks = conversations(load_questions(QUESTIONS))
    assert len(talks) == 59 and max(len(talk) for talk in talks) == 3
    row, outcomes = run_phase("smoke", server, talks, users=2, seconds=8)
    assert row["errors"] == 0, row["error_examples"]
    assert row["validation_failures"] == 0, row["failure_examples"]
    assert row["answers"] == row["requests"] == len(outcomes) >= 2
    assert row["server_log"]["tracebacks"] == 0
    assert row["latency_ms"]["p50"] > 0 and row["throughput_answers_per_s"] > 0
    answered = [o for o in outcomes if o.cited and not o.cited[0]]
    assert answered and all(o.cited and o.cited[1] for o in answered)


def test_the_checks_reject_broken_citations(server: Server) -> None:
    name = "000_8b74285c561e901f.txt"
    source = str((SAMPLE / name).resolve())
    citation = {"n": 1, "source": source, "collectivity": "Ville de Dijon",
                "session_date": "2019-01-28",
                "object": "Adhésion de la ville de Dijon au Club Innovation et Culture",
                "delib_number": None, "page": 1,
                "quote": "Cette adhésion, d'un montant annuel de 732 € TTC, permettrait"}
    catalog = Catalog(server.data_dir)

    def check(text: str, **changed: object) -> list[str]:
        answer = {"answer": text, "refused": False, "citations": [citation | changed]}
        return problems(answer, catalog)

    absent = f"[1] extrait absent de la délibération citée ({name})"
    assert check("« Cette adhésion… » [1]") == []
    joined = "Ces adhésions permettent de s'intégrer […] Cette adhésion, d'un montant annuel"
    assert check("[1]", quote=joined) == []
    assert check("[1]", quote=joined.replace("intégrer", "associer")) == [absent]
    assert check("Voir [1] […] et [2].") == ["renvoi sans citation : [2]"]
    assert check("« 732 € » [1]", quote="montant annuel de 733 € TTC") == [absent]
    assert check("[1]", session_date="") == [f"[1] champ vide : session_date ({name})"]
    assert check("[1]", session_date="2019-01-29") == [
        f"[1] aucune délibération de cette source n'a cet objet à cette séance ({name})"]
    assert check("[1]", source=str(Path(source).with_name("absent.txt"))) == [
        "[1] source absente du catalogue (absent.txt)"]
    assert problems({"answer": "Du texte", "refused": False, "citations": []},
                    catalog) == ["réponse sans citation"]
    assert problems({"answer": " ", "refused": True}, catalog) == ["réponse vide"]
