"""The ``delib eval`` sub-command: answer a question set, score it, write reports, compare."""

import argparse
import hashlib
import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant import render
from eval.questions import Question, load_questions
from eval.report import fmt, metrics_document, write_compare, write_reports
from eval.runner import METRICS, Scored, run, summarise
from eval.thresholds import Thresholds, check_thresholds, load_thresholds
from index.errors import DelibError
from index.settings import Settings

if TYPE_CHECKING:  # retrieval and embedders load chromadb: only when `delib eval` runs
    from eval.configs import EvalConfig
    from index.embedders import Embedder

OK, FAILED, USAGE = 0, 1, 2
TABLE_WIDTH = 110

DETAILS = """\
Pose chaque question d'un fichier JSONL à l'assistant (la même API que l'interface), mesure
la recherche, les réponses, les citations et les refus, puis écrit les rapports.

Format : une question JSON par ligne, avec ces neuf clés :
  {"id": "q001", "question": "Combien coûte l'adhésion au CLIC ?", "type": "fact",
   "history": [], "relevant": ["000_8b74285c561e901f.txt"], "session": "2019-01-28",
   "object": "Adhésion de la ville de Dijon au Club Innovation et Culture",
   "answer": "732 € TTC par an", "must_contain": ["732"]}
  type : fact, vote, precedent, paraphrase, unanswerable (relevant vide) ou followup
  (history : les questions précédentes, posées d'abord). relevant : noms des fichiers
  sources (dossier et extension ignorés). must_contain : ce qu'une bonne réponse contient
  (casse, accents, espaces et séparateurs de milliers ignorés). Une ligne invalide est
  signalée avec son numéro et le champ fautif.

Exemples :
  delib eval eval/questions/sample.jsonl --corpus corpus/sample --out eval-out/sample
  delib eval eval/questions/sample.jsonl --corpus corpus/sample --compare dense,lexical,hybrid
  delib eval questions.jsonl --thresholds eval/thresholds.json   (index de DELIB_DATA_DIR)

Écrit dans --out : metrics.json (mesures globales, by_type, réglages et empreinte),
per_question.csv (réponse, citations, rangs, réussite par mesure), report.md (tableaux et
questions les moins bien traitées, avec ce qui a été retrouvé) et report.png. Avec --corpus,
l'index est construit dans OUT/index et réutilisé tant que le corpus et les réglages ne
changent pas. Avec --compare : un sous-dossier par réglage, compare.md et compare.json.

Réglages de --compare : hybrid (par défaut : fusion par rang réciproque de BM25 et du
dense), dense, lexical, rrf, fitted (BM25 et dense classés par le modèle appris),
weighted:0.5 (poids du dense dans la fusion), chunk:128 et model:NOM (index à part,
demandent --corpus), answerer:extractive, answerer:llm (demande DELIB_LLM_BASE_URL et
DELIB_LLM_MODEL) ; combinables avec + (lexical+chunk:128).

Code de sortie : 0 évaluation faite (et seuils atteints), 1 une mesure hors de son seuil
(--thresholds) ou index inutilisable, 2 erreur d'utilisation (fichier de questions ou de
seuils invalide, réglage inconnu)."""


def register(commands: Any, add: Any) -> None:
    """Add ``eval`` to the ``delib`` parser (``add`` builds one sub-command)."""
    add(commands, "eval", cmd_eval, "évaluer l'assistant sur un jeu de questions", DETAILS,
        [("questions", {"type": Path, "metavar": "QUESTIONS.jsonl"}),
         ("--corpus", {"type": Path, "metavar": "DOSSIER",
                       "help": "indexer ce dossier dans OUT/index (réutilisé s'il est inchangé)"}),
         ("--out", {"type": Path, "default": Path("eval-out"), "metavar": "DOSSIER",
                    "help": "dossier des rapports (par défaut eval-out)"}),
         ("--compare", {"metavar": "RÉGLAGE,...",
                        "help": "comparer des réglages : dense,lexical,hybrid,rrf,..."}),
         ("--thresholds", {"type": Path, "metavar": "FICHIER.json",
                           "help": "seuils à respecter (code 1 sinon), ex. eval/thresholds.json"}),
         ("--quiet", {"action": "store_true", "help": "sans barre de progression"})])


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval.configs import DEFAULT, parse_config, parse_configs

    try:
        questions = load_questions(args.questions)
        configs = parse_configs(args.compare) if args.compare else [parse_config(DEFAULT)]
        thresholds = load_thresholds(args.thresholds) if args.thresholds else None
        runs = [(config, _settings_for(config, settings, args)) for config in configs]
    except DelibError as error:
        _warn(f"delib : {error}")
        return USAGE
    embedders: dict[str, Embedder] = {}
    built: set[Path] = set()
    results: list[tuple[str, dict[str, Any]]] = []
    for config, config_settings in runs:
        embedder = _embedder(embedders, config_settings.embedding_model)
        if args.corpus is not None and config_settings.data_dir not in built:
            prepare_index(args.corpus, config_settings, embedder, args.quiet)
            built.add(config_settings.data_dir)
        folder = args.out / config.folder if args.compare else args.out
        results.append((config.label, _evaluate(config, config_settings, embedder, questions,
                                               folder, args)))
    if args.compare:
        paths = write_compare(args.out, results)
        _print_table(_compare_table(results))
        _say(f"Comparaison écrite dans {paths[0]} et {paths[1].name}.")
    return _gate(results, thresholds, args.thresholds)


def _settings_for(config: "EvalConfig", settings: Settings,
                  args: argparse.Namespace) -> Settings:
    from eval.configs import ConfigError

    chosen = config.settings(settings)
    if args.corpus is not None:
        return chosen.model_copy(update={"data_dir": args.out / config.index_folder,
                                         "chroma_url": None})
    if config.chunk_tokens or config.model:
        raise ConfigError(f"« {config.name} » demande un index à part : donnez --corpus DOSSIER.")
    return chosen


def _embedder(cache: dict[str, "Embedder"], model: str) -> "Embedder":
    from index.embedders import load_embedder

    if model not in cache:
        cache[model] = load_embedder(model)
    return cache[model]


def prepare_index(corpus: Path, settings: Settings, embedder: "Embedder", quiet: bool) -> None:
    """Index ``corpus`` in ``settings.data_dir``, unless the index there was built from the same
    files with the same settings (then it is reused)."""
    from eval.workspace import build_index, corpus_manifest, is_current

    expected = corpus_manifest(corpus, settings)
    if is_current(settings, expected):
        _say(f"Index réutilisé : {settings.data_dir} (corpus et réglages inchangés).")
        return
    with render.IngestProgress(len(expected["files"]), quiet=quiet) as progress:
        report = build_index(corpus, settings, embedder, expected, progress.advance)
    render.ingest_report(report)
    _say(f"Index construit : {settings.data_dir}.")


def _evaluate(config: "EvalConfig", settings: Settings, embedder: "Embedder",
              questions: list[Question], folder: Path, args: argparse.Namespace,
              ) -> dict[str, Any]:
    from assistant.engine.core import Assistant
    from eval.plots import write_plot
    from index.embedders import warm_up

    warm_up(embedder, wait=True)  # questions timed as the server answers them
    assistant = Assistant(settings, embedder=embedder, config=config.retrieval)
    try:
        rows = _answer_all(assistant, questions, config.label, args.quiet)
    finally:
        assistant.close()
    summary = summarise(rows)
    meta = _meta(config, settings, args)
    paths = write_reports(folder, rows, summary, meta)
    paths.append(write_plot(folder / "report.png", summary, [r.latency_ms for r in rows],
                            f"delib eval — {config.label} — {args.questions.name}"))
    if not args.compare:
        _print_table(_summary_table(summary))
    _say(f"Rapports de « {config.label} » : {folder}/ ("
                         + ", ".join(p.name for p in paths) + ")")
    return metrics_document(summary, meta)


def _answer_all(assistant: Any, questions: list[Question], name: str,
                quiet: bool) -> list[Scored]:
    progress = Progress(TextColumn(f"[bold]{name}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
                        console=render.errors, disable=quiet)
    task = progress.add_task("eval", total=len(questions), detail="")
    done: list[Scored] = []

    def advance(row: Scored) -> None:
        done.append(row)
        complete = sum(r.passed("fact_recall") is True for r in done)
        answerable = sum(r.values["fact_recall"] is not None for r in done)
        progress.update(task, advance=1, detail=f"{row.question.id} · réponses complètes "
                        f"{complete}/{answerable}")

    with progress:
        return run(assistant, questions, advance)


def _meta(config: "EvalConfig", settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from index.store import fingerprint

    answerer = "llm" if settings.llm_base_url and settings.llm_model else "extractive"
    identity = {"index": fingerprint(settings), "retrieval": asdict(config.retrieval),
                "answerer": answerer, "llm_model": settings.llm_model if answerer == "llm"
                else None, "questions_sha256": _sha256(args.questions),
                "fitted": fitted_models()}
    identity["id"] = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:12]
    return {"config": {"name": config.name, **asdict(config.retrieval),
                       "chunk_tokens": settings.chunk_tokens,
                       "embedding_model": settings.embedding_model, "answerer": answerer},
            "fingerprint": identity, "questions_file": str(args.questions),
            "index_dir": str(settings.data_dir),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S")}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fitted_models() -> dict[str, str | None]:
    """The first 12 hex digits of the SHA-256 of each fitted model file the answers read
    (reader, refusal, ranking, follow-ups; None when absent): two runs whose weights differ
    do not share a run identity."""
    from assistant.engine import extractive, followup, ranking, refusal

    files = {"reader": extractive.WEIGHTS_FILE, "refusal": refusal.WEIGHTS_FILE,
             "ranking": ranking.WEIGHTS_FILE, "followup": followup.WEIGHTS}
    return {name: _sha256(path)[:12] if path.is_file() else None
            for name, path in files.items()}


def _say(text: str) -> None:
    render.console.print(text, markup=False, highlight=False, soft_wrap=True)


def _warn(text: str) -> None:
    render.errors.print(text, markup=False, highlight=False, soft_wrap=True)


def _print_table(table: Table) -> None:
    """Tables need about 100 columns: wider than rich's default of 80 when output is piped."""
    console = render.console
    if not console.is_terminal:
        console = Console(width=max(console.width, TABLE_WIDTH))
    console.print(table)


def _summary_table(summary: dict[str, Any]) -> Table:
    kinds = list(summary["by_type"])
    table = Table("mesure", "global", *kinds, title="Évaluation")
    table.columns[0].no_wrap = True
    table.add_row("questions", str(summary["questions"]),
                  *(str(summary["by_type"][k]["questions"]) for k in kinds))
    for name in METRICS:
        table.add_row(name, fmt(summary.get(name)),
                      *(fmt(summary["by_type"][k].get(name)) for k in kinds))
    return table


def _compare_table(results: list[tuple[str, dict[str, Any]]]) -> Table:
    table = Table("mesure", *(name for name, _ in results), title="Comparaison")
    table.columns[0].no_wrap = True
    for metric in METRICS:
        table.add_row(metric, *(fmt(doc.get(metric)) for _, doc in results))
    return table


def _gate(results: list[tuple[str, dict[str, Any]]], thresholds: Thresholds | None,
          path: Path | None) -> int:
    if thresholds is None:
        return OK
    failures = [(name, failure) for name, document in results
                for failure in check_thresholds(document, thresholds)]
    if not failures:
        _say(f"Seuils atteints ({path}).")
        return OK
    _warn(f"Seuils non atteints ({path}) :")
    for name, failure in failures:
        _warn(f"  {name} : {failure.describe()}")
    return FAILED
