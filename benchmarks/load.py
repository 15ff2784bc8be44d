"""Load benchmark: simulated users asking and following up over HTTP against a real
``delib serve``, first alone, then while an ingest of synthetic deliberations runs.

Run: ``python -m benchmarks.load [--users 16] [--seconds 60] [--ingest 500]``; writes
``benchmarks/results/load.json`` and prints a table. Not a test: nothing here asserts.

Method. A fresh data folder gets a copy of the cached synthetic index of about ``--base``
chunks (``benchmarks.indexes``, built by the real ingest on first use; 0: none) and the
sample corpus ``corpus/sample``, ingested before the server starts; ``delib serve`` then runs
on a free port of 127.0.0.1 with its default queue. Each simulated user is a thread with its
own ``gradio_client`` session; until the phase's time is up it picks a conversation at random
from ``eval/questions/sample.jsonl`` (the question's earlier questions asked turn by turn, then
the question, each turn sent with the questions before it, as the app does) and asks it through
the ``/ask`` API. Every answer is checked (``benchmarks.conversations``): no error, text not
empty, citations for an answer that is not a refusal, markers [n] and citations in step, every
citation with a session date, an object, a source and a quote, that deliberation in the cited
source of the catalog, and the quote in its text. An error or a failed check is counted, never
hidden. A question set's ``must_contain`` (a refusal for an unanswerable question) gives the
correctness rate, which depends on the answering code, not on the load. Latency is what a user
waits: queue, answer and HTTP, from request to full answer. Phase 2 runs the same users while a
staff member uploads ``--ingest`` synthetic deliberations (another seed than the base index)
through the app's own Documents path (``/ingest``), ``--batch`` files at a time, one batch after
the other: the way a single-machine deployment adds documents, since the embedded Chroma store
is meant for one process (a separate ``delib ingest`` process needs a Chroma server, see the
README). How far the ingest got is read from the catalog when the phase ends; every question
of phase 2 is about the sample corpus, indexed before the load started. The load average is
recorded around each phase: other work may share the cores.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from gradio_client import Client, handle_file
from rich.console import Console
from rich.table import Table

from benchmarks.conversations import Catalog, Turn, cited, conversations, correct, problems
from benchmarks.indexes import ensure, index_settings
from benchmarks.questions import make_questions
from benchmarks.serving import Server, delib_serve
from benchmarks.synthetic import SyntheticDeliberation, write_corpus
from eval.metrics import percentile
from eval.questions import load_questions
from index.embedders import load_embedder
from index.pipeline import Ingestor
from index.settings import DEFAULT_MODEL, Settings
from index.store import Index

REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "load.json"
CACHE = Path(__file__).parent / ".cache"
QUESTIONS = REPO / "eval" / "questions" / "sample.jsonl"
SAMPLE = REPO / "corpus" / "sample"
REQUEST_TIMEOUT_S = 180.0
INGEST_SEED = 1  # the base index is a prefix of seed 0
DRAIN_S = 600.0
_EXAMPLES = 5
_EXCEPTION_LINE = re.compile(r"^[\w.]*(Error|Exception)\b.*", re.MULTILINE)

Conversation = tuple[Turn, ...]


def client(url: str) -> Client:
    return Client(url, verbose=False, analytics_enabled=False)


@dataclass
class Outcome:
    """One request of one user: its key (conversation, turn), how long it took, what went
    wrong, whether the answer was correct (last turns only) and what it cited."""

    key: tuple[int, int]
    seconds: float
    question: str = ""
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    correct: bool | None = None
    server_ms: float | None = None
    cited: tuple | None = None


class User:
    """A simulated user: conversations drawn at random until the deadline."""

    def __init__(self, url: str, talks: Sequence[Conversation], catalog: Catalog,
                 seed: int) -> None:
        self.client, self.talks, self.catalog = client(url), talks, catalog
        self.rng = Random(seed)

    def run(self, deadline: float) -> list[Outcome]:
        outcomes = []
        while time.monotonic() < deadline:
            number = self.rng.randrange(len(self.talks))
            for position, turn in enumerate(self.talks[number]):
                if time.monotonic() >= deadline:
                    break
                outcomes.append(self.ask((number, position), turn))
        return outcomes

    def ask(self, key: tuple[int, int], turn: Turn) -> Outcome:
        started = time.perf_counter()
        try:
            job = self.client.submit(turn.question, list(turn.history), api_name="/ask")
            answer = job.result(timeout=REQUEST_TIMEOUT_S)
        except Exception as error:  # every failure counts: HTTP, full queue, app error, timeout
            return Outcome(key, time.perf_counter() - started, turn.question,
                           error=f"{type(error).__name__}: {error}"[:300])
        seconds = time.perf_counter() - started
        found = problems(answer, self.catalog)
        if found:
            return Outcome(key, seconds, turn.question, problems=found)
        return Outcome(key, seconds, turn.question, correct=None if turn.expected is None
                       else correct(answer, turn.expected),
                       server_ms=(answer.get("timings_ms") or {}).get("total"),
                       cited=cited(answer))


class Uploader:
    """A staff member sending files through the Documents tab, a batch at a time, until the
    deadline. How far it got is read from the catalog at the deadline; the batch still running
    then is waited for (at most ``drain`` seconds) to tell how much of it was left."""

    def __init__(self, url: str, files: Sequence[Path], batch: int, catalog: Catalog,
                 uploads: Path, drain: float = DRAIN_S) -> None:
        self.url, self.files, self.batch, self.drain = url, files, batch, drain
        self.catalog, self.uploads = catalog, uploads

    def run(self, deadline: float) -> dict[str, Any]:
        staff, started = client(self.url), time.monotonic()
        sent, finished, errors = 0, [], []
        job = None
        for start in range(0, len(self.files), self.batch):
            if time.monotonic() >= deadline:
                break
            chunk = self.files[start: start + self.batch]
            sent += len(chunk)
            job = staff.submit([handle_file(str(p)) for p in chunk], api_name="/ingest")
            try:
                job.result(timeout=max(deadline - time.monotonic(), 0.001))
            except TimeoutError:
                break
            except Exception as error:  # an ingest error is recorded, the load goes on
                errors.append(f"{type(error).__name__}: {error}"[:300])
                break
            finished.append(round(time.monotonic() - started, 1))
            job = None
        counts = self.catalog.counts(self.uploads)
        return {"files_to_ingest": len(self.files), "batch_files": self.batch,
                "files_sent": sent, "batches_completed": len(finished),
                "batches_completed_at_s": finished, "committed": counts,
                "committed_chunks_per_s": round(counts["chunks"] / (deadline - started), 2),
                "committed_share": round(counts["documents"] / len(self.files), 3),
                "errors": errors, "running_batch": self._drain(job, deadline)}

    def _drain(self, job: Any, deadline: float) -> dict[str, Any] | None:
        """The batch running at the deadline: how long it still took once the load stopped."""
        if job is None:
            return None
        try:
            job.result(timeout=self.drain)
        except TimeoutError:
            return {"finished": False, "waited_s": self.drain}
        except Exception as error:  # recorded with the ingest's errors
            return {"finished": False, "error": f"{type(error).__name__}: {error}"[:300]}
        return {"finished": True, "finished_after_load_s": round(time.monotonic() - deadline, 1),
                "committed_after": self.catalog.counts(self.uploads)}


def run_phase(name: str, server: Server, talks: Sequence[Conversation], users: int,
              seconds: float, background: Callable[[float], dict[str, Any]] | None = None,
              seed: int = 0) -> tuple[dict[str, Any], list[Outcome]]:
    """``users`` users for ``seconds`` (and ``background`` until the same deadline): the
    phase's figures and its requests."""
    catalog = Catalog(server.data_dir)
    crowd = [User(server.url, talks, catalog, seed + i) for i in range(users)]
    log_start = len(server.log_text())
    load_before = os.getloadavg()
    started = time.monotonic()
    deadline = started + seconds
    with ThreadPoolExecutor(max_workers=users + 1) as pool:
        side = pool.submit(background, deadline) if background else None
        runs = [pool.submit(user.run, deadline) for user in crowd]
        outcomes = [outcome for run in runs for outcome in run.result()]
        wall = time.monotonic() - started
        load_after = os.getloadavg()
        extra = side.result() if side else None
    row = {"phase": name, "users": users, "seconds": seconds, "wall_seconds": round(wall, 1),
           **summarize(outcomes, wall),
           "server_log": server_log(server.log_text()[log_start:]),
           "load_average_before": _rounded(load_before),
           "load_average_after": _rounded(load_after)}
    return row | ({"ingest": extra} if extra is not None else {}), outcomes


def summarize(outcomes: Sequence[Outcome], wall: float) -> dict[str, Any]:
    """Counts, latency percentiles, throughput, correctness of one phase's requests."""
    errors = [o.error for o in outcomes if o.error]
    failed = [p for o in outcomes for p in o.problems]
    valid = [o for o in outcomes if not o.error and not o.problems]
    graded = [o.correct for o in valid if o.correct is not None]
    waits = [o.seconds * 1000 for o in outcomes if not o.error]
    served = [o.server_ms for o in valid if o.server_ms is not None]
    return {
        "requests": len(outcomes), "answers": len(waits), "errors": len(errors),
        "error_examples": _common(errors), "invalid_answers": sum(bool(o.problems)
                                                                   for o in outcomes),
        "validation_failures": len(failed), "failure_examples": _common(failed),
        "invalid_answer_questions": _common([o.question for o in outcomes if o.problems]),
        "throughput_answers_per_s": round(len(waits) / wall, 3),
        "latency_ms": _spread(waits), "server_answer_ms": _spread(served),
        "graded_answers": len(graded), "correct_answers": sum(graded),
        "correctness_rate": round(sum(graded) / len(graded), 3) if graded else None,
        "conversations_started": sum(1 for o in outcomes if o.key[1] == 0),
    }


def _spread(values: Sequence[float]) -> dict[str, float | None]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)
    return {"p50": rounded(percentile(values, 50)), "p95": rounded(percentile(values, 95)),
            "max": rounded(max(values, default=None)),
            "mean": rounded(sum(values) / len(values)) if values else None}


def _common(messages: Sequence[str]) -> list[list[Any]]:
    return [[message, count] for message, count in Counter(messages).most_common(_EXAMPLES)]


def server_log(text: str) -> dict[str, Any]:
    """Tracebacks the server logged during a phase, and their exception lines."""
    return {"tracebacks": text.count("Traceback (most recent call last)"),
            "exception_lines": _common([m.group(0)[:200]
                                        for m in _EXCEPTION_LINE.finditer(text)])}


def same_as(reference: Sequence[Outcome], outcomes: Sequence[Outcome],
            talks: Sequence[Conversation]) -> dict[str, Any]:
    """How many valid answers of a phase cite what the same turn cited in ``reference``, and
    the turns whose answer changed."""
    first: dict[tuple[int, int], tuple] = {}
    for outcome in reference:
        if outcome.cited is not None:
            first.setdefault(outcome.key, outcome.cited)
    compared = [o for o in outcomes if o.cited is not None and o.key in first]
    changed = Counter(o.key for o in compared if o.cited != first[o.key])
    same = len(compared) - sum(changed.values())
    return {"compared": len(compared), "same": same,
            "rate": round(same / len(compared), 3) if compared else None,
            "changed_turns": [[talks[n][turn].question, count]
                              for (n, turn), count in changed.most_common(_EXAMPLES)]}


def ingested_questions(server: Server, records: Sequence[SyntheticDeliberation],
                       uploads: Path, count: int = 5) -> dict[str, Any]:
    """After the load: questions on synthetic deliberations the ingest committed, and whether
    their answer cites the file (the new documents are searchable)."""
    stored = {r.file_name for r in records if (uploads / r.file_name).is_file()}
    catalog = Catalog(server.data_dir)
    committed = [r for r in records if r.file_name in stored
                 and catalog.deliberations(str((uploads / r.file_name).resolve()))]
    asked = make_questions(committed, count, seed=0)
    staff, hits, invalid, errors = client(server.url), 0, 0, []
    for question in asked:
        try:
            answer = staff.predict(question.text, [], api_name="/ask")
        except Exception as error:  # counted like the load's errors
            errors.append(f"{type(error).__name__}: {error}"[:300])
            continue
        invalid += bool(problems(answer, catalog))
        hits += any(Path(c["source"]).name == question.source_file
                    for c in answer.get("citations") or [])
    return {"asked": len(asked), "citing_the_file": hits, "invalid_answers": invalid,
            "errors": errors, "examples": [q.text for q in asked[:3]]}


def prepare(folder: Path, base: int) -> tuple[Path, dict[str, Any]]:
    """A data folder: a copy of the cached synthetic index of ``base`` chunks, plus the sample."""
    data_dir = folder / "data"
    real = load_embedder(DEFAULT_MODEL)
    info: dict[str, Any] = {"base_target_chunks": base}
    if base:
        source, built = ensure(CACHE, base, real, real_budget=base)
        shutil.copytree(source, data_dir, ignore=shutil.ignore_patterns("build.json"))
        info["base_index"] = {k: built[k] for k in ("files", "deliberations", "chunks")}
    with Index(index_settings(data_dir), write=True) as index:
        report = Ingestor(index, real).ingest([SAMPLE])
        totals = index.catalog.query("SELECT (SELECT count(*) FROM deliberations) AS d, "
                                     "(SELECT count(*) FROM chunks) AS c")[0]
    if report.count("new") != len(list(SAMPLE.iterdir())):
        raise RuntimeError(f"corpus d'exemple mal indexé : {report.outcomes}")
    info["served_index"] = {"deliberations": totals["d"], "chunks": totals["c"]}
    return data_dir, info


def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Both phases against one server; the phases' rows and what was served."""
    data_dir, index_info = prepare(folder, args.base)
    records = write_corpus(folder / "ingest", args.ingest, seed=INGEST_SEED)
    files = [folder / "ingest" / r.file_name for r in records]
    talks = conversations(load_questions(QUESTIONS))
    uploads = Settings(data_dir=data_dir).uploads_path
    with delib_serve(data_dir) as server:
        alone, asked = run_phase("questions", server, talks, args.users, args.seconds)
        phases = [alone]
        if args.ingest:
            uploader = Uploader(server.url, files, args.batch, Catalog(data_dir), uploads)
            during, outcomes = run_phase("questions+ingest", server, talks, args.users,
                                         args.seconds, uploader.run, seed=1000)
            during["same_citations_as_phase_1"] = same_as(asked, outcomes, talks)
            during["ingest"]["questions_after"] = ingested_questions(server, records, uploads)
            phases.append(during)
    return index_info | {"conversations": len(talks),
                         "turns": sum(len(talk) for talk in talks), "phases": phases}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=16, help="utilisateurs simulés")
    parser.add_argument("--seconds", type=float, default=60, help="durée de chaque phase")
    parser.add_argument("--ingest", type=int, default=500,
                        help="délibérations indexées pendant la phase 2 (0 : pas de phase 2)")
    parser.add_argument("--batch", type=int, default=5, help="fichiers par envoi")
    parser.add_argument("--base", type=int, default=1000,
                        help="extraits de l'index synthétique mis en cache servi avec "
                        "l'exemple (0 : l'exemple seul)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="fichier JSON écrit")
    args = parser.parse_args(argv)
    settings = Settings()
    started = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="delib-load-") as folder:
        measured = run(args, Path(folder))
    summary: dict[str, Any] = {
        "benchmark": "load", "method": __doc__.split("Method. ", 1)[1].strip(),
        "machine": {"cores": os.cpu_count(), "load_average_start": _rounded(started),
                    "load_average_end": _rounded(os.getloadavg()),
                    "note": "load average over 1, 5, 15 min; other work may share the cores"},
        "code": _commit(), "model": DEFAULT_MODEL,
        "server": {"ui_concurrency": settings.ui_concurrency,
                   "ui_queue_size": settings.ui_queue_size, "host": "127.0.0.1"},
        "request_timeout_s": REQUEST_TIMEOUT_S} | measured
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    show(summary["phases"])


def _commit() -> dict[str, Any]:
    def git(*command: str) -> str:
        return subprocess.run(["git", *command], capture_output=True, text=True, cwd=REPO,
                              check=False).stdout
    changed = git("status", "--porcelain", "--", "assistant", "index", "ui").splitlines()
    return {"commit": git("rev-parse", "HEAD").strip(),
            "uncommitted": [line[3:] for line in changed]}


def _rounded(values: Sequence[float]) -> list[float]:
    return [round(value, 2) for value in values]


def show(phases: Sequence[dict[str, Any]]) -> None:
    """One column per phase."""
    table = Table("", *(p["phase"] for p in phases))
    lines: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        ("réponses / requêtes", lambda p: f"{p['answers']} / {p['requests']}"),
        ("erreurs", lambda p: p["errors"]),
        ("réponses invalides", lambda p: p["invalid_answers"]),
        ("débit réponses/s", lambda p: p["throughput_answers_per_s"]),
        ("attente p50 / p95 / max ms", lambda p: "{p50} / {p95} / {max}".format(
            **p["latency_ms"])),
        ("calcul serveur p50 / p95 ms", lambda p: "{p50} / {p95}".format(
            **p["server_answer_ms"])),
        ("justes (must_contain)", lambda p: f"{p['correct_answers']} / {p['graded_answers']}"),
        ("tracebacks serveur", lambda p: p["server_log"]["tracebacks"]),
        ("indexé pendant la phase", lambda p: "{documents} fichiers, {chunks} extraits".format(
            **p["ingest"]["committed"]) if "ingest" in p else "—"),
        ("charge 1 min avant / après", lambda p: f"{p['load_average_before'][0]:.1f} / "
                                                 f"{p['load_average_after'][0]:.1f}"),
    ]
    for label, cell in lines:
        table.add_row(label, *(str(cell(p)) for p in phases))
    Console().print(table)


if __name__ == "__main__":
    main()
