"""Where each answer is lost between retrieval and the quote: the reader's funnel, as counts.

Run: ``python -m benchmarks.reader_funnel QUESTIONS.jsonl... --corpus FOLDER [--out DIR]``;
writes ``benchmarks/results/reader-funnel.json`` (or ``--result``). The index is the one
``delib eval --corpus`` builds (reused while corpus and settings hold). Every answerable
question with ``must_contain`` strings is asked as ``delib eval`` asks it; the reading of its
answer (``Assistant.readings``; the one that got furthest when a preferred year made two) says
where the first unit holding every string sits:

- ``no reading``: the answer did not go through the reader (a listing, a refusal before it);
- ``record not retrieved``: no deliberation given to the reading holds every string (with a
  preferred year, the first reading is given that year's sessions only; the others are read
  only when it refuses);
- ``record retrieved, not read``: one does, below the deliberations the reader reads;
- ``split across units``: a deliberation read holds them, no single unit does;
- ``unit of another kind``: the unit does not hold the kind of answer asked (not eligible);
- ``beyond the shortlist``, ``in the shortlist, not first``, ``first``: its place among the
  eligible units, as the reader ranks them (for "quel numéro ?", before the lines printing the
  deliberation's own number are put first).

Each stage is crossed with the outcome (every string in the answer, answered without them,
refused). Counts only: a check split can be measured without reading a question. Not a test.
"""

import argparse
import json
import platform
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.engine.core import EVIDENCE_DELIBERATIONS, Assistant, Reading
from assistant.engine.extractive import eligible, ranked
from benchmarks.question_sets import add_options, prepared
from eval.questions import Question, contains_all

RESULTS = Path(__file__).parent / "results" / "reader-funnel.json"
STAGES = ("no reading", "record not retrieved", "record retrieved, not read",
          "split across units", "unit of another kind", "beyond the shortlist",
          "in the shortlist, not first", "first")


def furthest(stages: list[str]) -> str:
    """The stage furthest down the funnel among an answer's readings (a question with a
    preferred year is read twice: its sessions first, then the others)."""
    return max(stages, key=STAGES.index, default="no reading")


def stage(reading: Reading, strings: tuple[str, ...], assistant: Assistant) -> str:
    """The funnel stage the first unit holding every string of ``strings`` reached."""
    holder = next((i for i, text in enumerate(reading.retrieved.values())
                   if contains_all(text, strings)), None)
    if holder is None:
        return "record not retrieved"
    if holder >= EVIDENCE_DELIBERATIONS:
        return "record retrieved, not read"
    if not any(contains_all(s.text, strings) for s in reading.pool):
        return "split across units"
    return _place(reading, strings, assistant)


def _place(reading: Reading, strings: tuple[str, ...], assistant: Assistant) -> str:
    """Where the reader ranks the first eligible unit holding every string."""
    order = [s for s in ranked(reading.pool, reading.kind, assistant.sentence_vectors,
                               reading.vector, assistant.reader) if eligible(s, reading.kind)]
    place = next((i for i, s in enumerate(order) if contains_all(s.text, strings)), None)
    if place is None:
        return "unit of another kind"
    if place == 0:
        return "first"
    return ("in the shortlist, not first" if place < assistant.reader.shortlist
            else "beyond the shortlist")


def measure(questions: list[Question], assistant: Assistant) -> dict[str, Any]:
    """Counts of (stage, outcome), overall and per question type."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for question in questions:
        if question.type == "unanswerable" or not question.must_contain:
            continue
        for depth, turn in enumerate(question.history):
            assistant.ask(turn, list(question.history[:depth]))
        assistant.readings = []
        answer = assistant.ask(question.question, list(question.history))
        readings, assistant.readings = assistant.readings, None
        reached = furthest([stage(r, question.must_contain, assistant) for r in readings])
        outcome = ("refused" if answer.refused else
                   "found" if contains_all(answer.text, question.must_contain) else "missed")
        counts[(reached, outcome, question.type)] += 1
    return _tables(counts)


def _tables(counts: Counter[tuple[str, str, str]]) -> dict[str, Any]:
    outcomes = ("found", "missed", "refused")
    by_stage = {s: {o: sum(n for (st, out, _), n in counts.items() if st == s and out == o)
                    for o in outcomes} for s in STAGES}
    kinds = sorted({kind for _, _, kind in counts})
    by_type = {k: {s: sum(n for (st, _, kind), n in counts.items() if st == s and kind == k)
                   for s in STAGES} for k in kinds}
    return {"questions": sum(counts.values()), "by_stage": by_stage, "stage_by_type": by_type}


def main() -> None:
    from index.embedders import warm_up

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, Path("eval-out/reader-funnel"), RESULTS)
    args = parser.parse_args()
    settings, embedder, questions = prepared(args)
    warm_up(embedder, wait=True)
    assistant = Assistant(settings, embedder=embedder)
    try:
        result = measure(questions, assistant)
    finally:
        assistant.close()
    record = {"question_files": [str(p) for p in args.questions], "corpus": str(args.corpus),
              "model": settings.embedding_model, "machine": platform.node(), **result}
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
    for name, outcomes in result["by_stage"].items():
        print(f"{name:30} " + "  ".join(f"{o} {n:3d}" for o, n in outcomes.items()))


if __name__ == "__main__":
    main()
