"""Every real file we have through a real ingest: indexed, failed with reason, characters cleaned.

Run: ``python -m benchmarks.robustness [--corpus ../shared/corpus] [--model NAME]``; writes
``benchmarks/results/robustness.json``. The ingest is the one ``delib ingest`` runs (same
``Ingestor``, a fresh index in a temporary folder); any exception that escapes it is recorded as
a traceback, which is the failure this benchmark exists to catch. Not a test: nothing asserts.
"""

import argparse
import json
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from index.embedders import load_embedder
from index.pipeline import FileOutcome, Ingestor
from index.reader import discover
from index.settings import Settings
from index.store import Index

RESULTS = Path(__file__).parent / "results" / "robustness.json"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FOLDERS = ("seeds", "dev", "dev2", "scans")


def run(corpus: Path, model: str, result: Path = RESULTS) -> dict[str, Any]:
    """Ingest each folder of ``corpus`` into one fresh index; outcomes per file. The result
    file is rewritten after every file, so a run cut short still says how far it went."""
    folders = [corpus / name for name in FOLDERS if (corpus / name).is_dir()]
    files = [path for folder in folders for path in discover([folder])]
    outcomes: list[FileOutcome] = []
    tracebacks: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn()) as progress:
        task = progress.add_task("Indexation", total=len(files))
        settings = Settings(data_dir=Path(tmp) / "data", embedding_model=model)

        def seen(outcome: FileOutcome) -> None:
            outcomes.append(outcome)
            progress.advance(task)
            partial = summarise(corpus, files, outcomes, tracebacks,
                                time.perf_counter() - started, model)
            write(result, partial | {"complete": False})

        try:
            with Index(settings, write=True) as index:
                Ingestor(index, load_embedder(model)).ingest(folders, seen, files=files)
        except Exception:  # what the benchmark is here to catch
            tracebacks.append(traceback.format_exc())
    final = summarise(corpus, files, outcomes, tracebacks, time.perf_counter() - started, model)
    return final | {"complete": len(outcomes) == len(files) and not tracebacks}


def text_pass(corpus: Path, model: str) -> dict[str, Any]:
    """Every file through the text path of an ingest (read and sanitise, parse into
    deliberations, chunk with the model's own token counts) without embedding or storing:
    the stages where the lone surrogate once stopped a run, in minutes rather than hours."""
    from index.chunking import chunk_deliberation
    from index.errors import ReadError
    from index.parsing import parse_document
    from index.reader import read_document

    settings = Settings(embedding_model=model)
    embedder = load_embedder(model)
    files = [path for name in FOLDERS if (corpus / name).is_dir()
             for path in discover([corpus / name])]
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    replaced: dict[str, int] = {}
    errors: list[str] = []
    chunks = 0
    for path in files:
        try:
            document = read_document(path, int(settings.max_file_mb * 1e6), settings.max_pdf_pages)
        except ReadError as error:
            counts["read_error"] += 1
            reasons[str(error).split(" (")[0]] += 1
            continue
        try:
            chunks += sum(len(chunk_deliberation(delib, embedder, settings))
                          for delib in parse_document(document))
            counts["chunked"] += 1
        except Exception:  # what the benchmark is here to catch
            errors.append(f"{path}: {traceback.format_exc(limit=3)}")
        if document.replaced_chars:
            replaced[_short(str(path), corpus)] = document.replaced_chars
    return {"files": len(files), "by_status": dict(counts), "reasons": dict(reasons),
            "files_with_replaced_chars": len(replaced), "replaced_chars": sum(replaced.values()),
            "replaced_by_file": replaced, "chunks": chunks, "tracebacks": len(errors),
            "traceback_texts": errors}


def write(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def summarise(corpus: Path, files: list[Path], outcomes: list[FileOutcome],
              tracebacks: list[str], seconds: float, model: str) -> dict[str, Any]:
    by_status = Counter(outcome.status for outcome in outcomes)
    reasons = Counter(outcome.reason.split(" (")[0] for outcome in outcomes
                      if outcome.status in ("failed", "skipped"))
    cleaned = [outcome for outcome in outcomes if outcome.replaced_chars]
    return {
        "corpus": str(corpus), "folders": list(FOLDERS), "model": model, "files": len(files),
        "files_reported": len(outcomes), "by_status": dict(by_status),
        "reasons": dict(reasons.most_common()),
        "failed_or_skipped": [{"file": _short(o.source, corpus), "status": o.status,
                               "reason": o.reason} for o in outcomes
                              if o.status in ("failed", "skipped")],
        "files_with_replaced_chars": len(cleaned),
        "replaced_chars": sum(outcome.replaced_chars for outcome in cleaned),
        "replaced_by_file": {_short(o.source, corpus): o.replaced_chars for o in cleaned},
        "deliberations": sum(o.deliberations for o in outcomes),
        "chunks": sum(o.chunks for o in outcomes),
        "tracebacks": len(tracebacks), "traceback_texts": tracebacks,
        "seconds": round(seconds, 1),
    }


def _short(source: str, corpus: Path) -> str:
    path = Path(source)
    return str(path.relative_to(corpus.resolve())) if path.is_relative_to(corpus.resolve()) \
        else path.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED,
                        help="dossier corpus partagé (seeds, dev, dev2, scans)")
    parser.add_argument("--model", default="e5-small", help="modèle d'embedding")
    parser.add_argument("--result", type=Path, default=RESULTS, help="fichier JSON écrit")
    parser.add_argument("--text-only", action="store_true",
                        help="lecture, analyse et découpage seulement (sans vecteurs ni index)")
    args = parser.parse_args()
    if args.text_only:
        result = text_pass(args.corpus, args.model)
    else:
        result = run(args.corpus, args.model, args.result)
    write(args.result, result)
    print(json.dumps({k: v for k, v in result.items()
                      if k not in ("failed_or_skipped", "replaced_by_file", "traceback_texts")},
                     ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
