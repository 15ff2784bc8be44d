"""What the benchmarks run on a question set share: their options and the index they reuse."""

import argparse
from pathlib import Path

from eval.questions import Question, load_questions
from index.embedders import Embedder
from index.settings import Settings


def add_options(parser: argparse.ArgumentParser, out: Path, result: Path) -> None:
    """Question files, their texts, where the index is kept and the JSON written."""
    parser.add_argument("questions", type=Path, nargs="+", help="fichiers de questions JSONL")
    parser.add_argument("--corpus", type=Path, required=True, help="dossier des textes")
    parser.add_argument("--out", type=Path, default=out,
                        help="dossier de l'index d'évaluation")
    parser.add_argument("--result", type=Path, default=result, help="fichier JSON écrit")


def prepared(args: argparse.Namespace) -> tuple[Settings, Embedder, list[Question]]:
    """The index of ``--corpus`` under ``--out`` (the one ``delib eval --corpus`` builds,
    reused while corpus and settings hold), its embedder and the questions."""
    from eval.workspace import build_index, corpus_manifest, is_current
    from index.embedders import embedder_for

    settings = Settings(data_dir=args.out / "index")
    embedder = embedder_for(settings)
    expected = corpus_manifest(args.corpus, settings)
    if not is_current(settings, expected):
        build_index(args.corpus, settings, embedder, expected)
    return settings, embedder, [q for path in args.questions for q in load_questions(path)]
