"""Question sets (JSONL): loading with clear errors, and matching files and answers leniently."""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from index.analysis import strip_accents
from index.errors import DelibError

TYPES = ("fact", "vote", "precedent", "paraphrase", "unanswerable", "followup")
KEYS = ("id", "question", "type", "history", "relevant", "session", "object", "answer",
        "must_contain")
OPTIONAL_KEYS = ("authority",)


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
    authority: str | None = None


def load_questions(path: Path) -> list[Question]:
    """Read and validate a question set; errors name the line and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DelibError(f"Fichier de questions illisible : {path} ({error})") from error
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            questions.append(_parse(line, number, path, seen))
    if not questions:
        raise DelibError(f"{path.name} : aucune question (une question JSON par ligne)")
    return questions


def _parse(line: str, number: int, path: Path, seen: set[str]) -> Question:
    where = f"{path.name}, ligne {number}"
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        raise DelibError(f"{where} : JSON invalide ({error.msg})") from error
    if not isinstance(raw, dict):
        raise DelibError(f"{where} : un objet JSON {{...}} est attendu")
    missing = [key for key in KEYS if key not in raw]
    if missing:
        raise DelibError(f"{where} : champ(s) manquant(s) : {', '.join(missing)}")
    unknown = sorted(set(raw) - set(KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise DelibError(f"{where} : champ(s) inconnu(s) : {', '.join(unknown)} "
                         f"(attendus : {', '.join(KEYS + OPTIONAL_KEYS)})")
    problem = _problem(raw, seen)
    if problem:
        field, message = problem
        raise DelibError(f"{where}, champ « {field} » : {message}")
    seen.add(raw["id"])
    return Question(raw["id"], raw["question"], raw["type"], tuple(raw["history"]),
                    tuple(raw["relevant"]), raw["session"], raw["object"], raw["answer"] or "",
                    tuple(raw["must_contain"]), raw.get("authority"))


def _problem(raw: dict[str, Any], seen: set[str]) -> tuple[str, str] | None:
    """The first field that breaks the format, and why (None when the line is valid)."""
    checks: list[tuple[str, bool, str]] = [
        ("id", isinstance(raw["id"], str) and bool(raw["id"].strip()), "texte non vide attendu"),
        ("id", raw["id"] not in seen, f"« {raw['id']} » est déjà utilisé plus haut"),
        ("question", isinstance(raw["question"], str) and bool(raw["question"].strip()),
         "texte non vide attendu"),
        ("type", raw["type"] in TYPES, f"« {raw['type']} » inconnu ({', '.join(TYPES)})"),
        *((key, _strings(raw[key]), "liste de textes attendue")
          for key in ("history", "relevant", "must_contain")),
        ("history", raw["type"] != "followup" or bool(raw["history"]),
         "une question « followup » a besoin des questions précédentes"),
        ("relevant", (raw["type"] == "unanswerable") == (not raw["relevant"]),
         "vide pour « unanswerable », au moins un fichier sinon"),
        ("session", raw["session"] is None or _iso_date(raw["session"]),
         "date AAAA-MM-JJ ou null attendue"),
        ("object", raw["object"] is None or isinstance(raw["object"], str),
         "texte ou null attendu"),
        ("answer", raw["answer"] is None or isinstance(raw["answer"], str),
         "texte ou null attendu"),
        ("authority", raw.get("authority") is None or isinstance(raw.get("authority"), str),
         "identifiant de collectivité (texte) ou absent"),
    ]
    return next(((field, message) for field, ok, message in checks if not ok), None)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _iso_date(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def file_key(path: str) -> str:
    """"a/b/2013-02-04-0000061086.pdf" -> "2013-02-04-0000061086" (folders and extension off)."""
    name = Path(path).name
    return name.rsplit(".", 1)[0] if "." in name else name


def fold_answer(text: str) -> str:
    """Case, accents, whitespace and thousands separators ignored: "55.000 €" == "55 000 €"."""
    text = strip_accents(text.lower())
    text = re.sub(r"(?<=\d)[\s.\u202f\u00a0](?=\d{3}\b)", "", text)
    return re.sub(r"\s+", "", text)


def contains(answer: str, expected: str) -> bool:
    return fold_answer(expected) in fold_answer(answer)


def contains_all(answer: str, expected: Iterable[str]) -> bool:
    """Whether ``answer`` holds every string of ``expected`` (``answer`` folded once)."""
    folded = fold_answer(answer)
    return all(fold_answer(text) in folded for text in expected)


Records = dict[str, tuple[str, str]]  # deliberation id -> (file key, object and text)


def holding(question: Question, files: set[str], records: Records) -> set[str]:
    """The records of ``files`` that hold every ``must_contain`` string of ``question``."""
    return {delib_id for delib_id, (file, text) in records.items() if file in files
            and question.must_contain and contains_all(text, question.must_contain)}
