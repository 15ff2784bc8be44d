"""What the load benchmark asks and how it checks an answer of the ``/ask`` API: conversations
drawn from a question set (earlier questions first), each citation checked field by field and
its quote looked up in the cited deliberation's text in the catalog."""

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.questions import Question, contains_all

QUOTE_JOIN = "[…]"  # how one citation joins its quotes (assistant.engine.core)
_MARKER = re.compile(r"\[(\d+)\]")
_REQUIRED = ("session_date", "object", "source", "quote")


@dataclass(frozen=True)
class Turn:
    """One question of a conversation, the questions asked before it, and, for its last turn,
    the question-set line that says what a correct answer holds."""

    question: str
    history: tuple[str, ...]
    expected: Question | None


def conversations(questions: Iterable[Question]) -> list[tuple[Turn, ...]]:
    """One conversation per question: its ``history`` asked turn by turn, then the question."""
    found = []
    for line in questions:
        earlier = tuple(Turn(text, line.history[:i], None) for i, text in enumerate(line.history))
        found.append((*earlier, Turn(line.question, line.history, line)))
    return found


def squash(text: str) -> str:
    return " ".join(text.split())


class Catalog:
    """The deliberations of each source, read from a data folder's catalog (read-only, so it
    can be read while ``delib serve`` writes to it)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "catalog.sqlite3"
        self._lock = threading.Lock()
        self._by_source: dict[str, list[tuple[str | None, str | None, str]]] = {}

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def deliberations(self, source: str) -> list[tuple[str | None, str | None, str]]:
        """(object, session date, squashed text) of each deliberation read from ``source``."""
        with self._lock:
            if source not in self._by_source:
                rows = self._rows("SELECT d.object, d.session_date, d.text FROM deliberations d "
                                  "JOIN documents doc ON doc.id = d.document_id "
                                  "WHERE doc.source = ?", (source,))
                if not rows:
                    return []
                self._by_source[source] = [(obj, day, squash(text)) for obj, day, text in rows]
            return self._by_source[source]

    def counts(self, folder: Path) -> dict[str, int]:
        """Documents, deliberations and chunks indexed from files under ``folder``."""
        pattern = f"{folder.resolve()}/%"
        documents, deliberations, chunks = self._rows(
            "SELECT count(DISTINCT doc.id), count(DISTINCT d.id), count(c.id) FROM documents doc "
            "LEFT JOIN deliberations d ON d.document_id = doc.id "
            "LEFT JOIN chunks c ON c.deliberation_id = d.id WHERE doc.source LIKE ?",
            (pattern,))[0]
        return {"documents": documents, "deliberations": deliberations, "chunks": chunks}


def problems(answer: Any, catalog: Catalog) -> list[str]:
    """Why an answer of the ``/ask`` API is not a valid answer (empty list: valid): empty text,
    an answer without citations, a marker [n] and the citations out of step, a citation with an
    empty field, or whose quote is not in the deliberation it names."""
    if not isinstance(answer, dict) or not str(answer.get("answer") or "").strip():
        return ["réponse vide"]
    if answer.get("refused"):
        return []
    citations = answer.get("citations") or []
    if not citations:
        return ["réponse sans citation"]
    found = []
    numbers = {citation.get("n") for citation in citations}
    markers = {int(n) for n in _MARKER.findall(answer["answer"])}
    if markers - numbers:
        found.append(f"renvoi sans citation : {sorted(markers - numbers)}")
    if numbers - markers:
        found.append(f"citation sans renvoi : {sorted(numbers - markers, key=str)}")
    for citation in citations:
        found += citation_problems(citation, catalog)
    return found


def citation_problems(citation: dict[str, Any], catalog: Catalog) -> list[str]:
    """What is wrong with one citation; each message ends with the cited file's name."""
    label = f"[{citation.get('n')}]"
    found = _citation_problem(citation, catalog)
    return [f"{label} {found} ({Path(str(citation.get('source') or '?')).name})"] if found else []


def _citation_problem(citation: dict[str, Any], catalog: Catalog) -> str | None:
    empty = [name for name in _REQUIRED if not str(citation.get(name) or "").strip()]
    if empty:
        return f"champ vide : {', '.join(empty)}"
    named = catalog.deliberations(citation["source"])
    if not named:
        return "source absente du catalogue"
    texts = [text for obj, day, text in named
             if obj == citation["object"] and day == citation["session_date"]]
    if not texts:
        return "aucune délibération de cette source n'a cet objet à cette séance"
    parts = [squash(part) for part in citation["quote"].split(QUOTE_JOIN) if part.strip()]
    if not any(all(part in text for part in parts) for text in texts):
        return "extrait absent de la délibération citée"
    return None


def correct(answer: dict[str, Any], expected: Question) -> bool:
    """A refusal for an unanswerable question, else an answer holding every ``must_contain``."""
    if expected.type == "unanswerable":
        return bool(answer.get("refused"))
    return not answer.get("refused") and contains_all(str(answer.get("answer")),
                                                      expected.must_contain)


def cited(answer: dict[str, Any]) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """What an answer rests on: refused or not, and each citation's object and quote."""
    return bool(answer.get("refused")), tuple(
        (str(c.get("object")), str(c.get("quote"))) for c in answer.get("citations") or [])
