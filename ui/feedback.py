"""Feedback on answers, appended to a local JSONL file (one line per opinion)."""

import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.exports import answer_json
from index.models import Answer

_LOCK = threading.Lock()


def feedback_record(answer: Answer, useful: bool | None, comment: str,
                    index_state: dict[str, Any]) -> dict[str, Any]:
    """What is kept: the question, the answer, its citations, the opinion and the index state."""
    data = answer_json(answer)
    return {"time": datetime.now(UTC).isoformat(timespec="seconds"), "useful": useful,
            "comment": comment.strip(), "question": answer.question,
            "standalone_question": answer.standalone_question, "answer": data["answer"],
            "refused": data["refused"], "citations": data["citations"], "leads": data["leads"],
            "filters": data["filters"], "notices": data["notices"], "index": index_state}


def append(path: Path, record: dict[str, Any]) -> None:
    """One JSON line, written whole and synced, even with several users at once."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK, path.open("a", encoding="utf-8") as stream:
        stream.write(line)
        stream.flush()
        os.fsync(stream.fileno())
