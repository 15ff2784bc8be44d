"""Question sets (JSONL): loading with clear errors, and matching files and answers leniently."""

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.errors import DelibError

TYPES = ("fact", "vote", "precedent", "paraphrase", "unanswerable", "followup")
KEYS = ("id", "question", "type", "history", "relevant", "session", "object", "answer",
        "must_contain")


@dataclass(frozen=True)
class Question:
    """One line of a question set."""

    id: str
    question: str
    type: str
    history: tuple[str, ...]
    relevant: tuple[str, ...]
    session: str | None
    object: str | None
    answer: str
    must_contain: tuple[str, ...]


def load_questions(path: Path) -> list[Question]:
    """Read and validate a question set; errors name the line and the field."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            questions.append(_parse(line, number, path))
    return questions


def _parse(line: str, number: int, path: Path) -> Question:
    where = f"{path.name}, ligne {number}"
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        raise DelibError(f"{where} : JSON invalide ({error.msg})") from error
    missing = [key for key in KEYS if key not in raw]
    if missing:
        raise DelibError(f"{where} : champ(s) manquant(s) : {', '.join(missing)}")
    if raw["type"] not in TYPES:
        raise DelibError(f"{where} : type « {raw['type']} » inconnu ({', '.join(TYPES)})")
    for key in ("history", "relevant", "must_contain"):
        if not isinstance(raw[key], list) or not all(isinstance(v, str) for v in raw[key]):
            raise DelibError(f"{where} : « {key} » doit être une liste de textes")
    if not isinstance(raw["question"], str) or not raw["question"].strip():
        raise DelibError(f"{where} : « question » est vide")
    return Question(raw["id"], raw["question"], raw["type"], tuple(raw["history"]),
                    tuple(raw["relevant"]), raw["session"], raw["object"], raw["answer"] or "",
                    tuple(raw["must_contain"]))


def file_key(path: str) -> str:
    """"a/b/2013-02-04-0000061086.pdf" -> "2013-02-04-0000061086" (folders and extension off)."""
    name = Path(path).name
    return name.rsplit(".", 1)[0] if "." in name else name


def fold_answer(text: str) -> str:
    """Case, accents, whitespace and thousands separators ignored: "55.000 €" == "55 000 €"."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(?<=\d)[\s.\u202f\u00a0](?=\d{3}\b)", "", text)
    return re.sub(r"\s+", "", text)


def contains(answer: str, expected: str) -> bool:
    return fold_answer(expected) in fold_answer(answer)
