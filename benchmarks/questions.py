"""French questions a user would ask about synthetic deliberations: amounts, votes, dates, names,
subjects, a third of them with a year or an authority that the question's filters pick up."""

from collections.abc import Sequence
from dataclasses import dataclass
from random import Random

from benchmarks.synthetic import SyntheticDeliberation

_MAX_SUBJECT = 90
_TEMPLATES = (  # (answer kind, wording, filter)
    ("amount", "Quel est le montant prévu par la délibération « {subject} » ?", ""),
    ("amount", "Combien coûte la décision « {subject} » ?", ""),
    ("vote", "Comment a été votée la délibération « {subject} » ?", ""),
    ("date", "Quand a été adoptée la délibération « {subject} » ?", ""),
    ("name", "Qui a rapporté la délibération « {subject} » ?", ""),
    ("other", "Que décide la délibération « {subject} » ?", ""),
    ("amount", "Quel montant pour « {subject} » en {year} ?", "year"),
    ("vote", "Quel a été le vote sur « {subject} » {place} ?", "place"),
    ("other", "Quelles délibérations portent sur {topic} en {year} ?", "year"),
    ("amount", "Combien pour « {subject} » {place} en {year} ?", "year+place"),
)
_TRAILING = frozenset(("de", "du", "des", "la", "le", "les", "l'", "d'", "à", "au", "aux", "et",
                       "en", "pour", "sur", "-", "–"))
_FEMININE = ("Métropole", "Communauté", "Eurométropole", "Commune des")


@dataclass(frozen=True)
class Question:
    """A question, the kind of answer it asks for, its filter, and the file it was drawn from."""

    text: str
    kind: str
    filtered: str
    source_file: str


def subject(record: SyntheticDeliberation, limit: int = _MAX_SUBJECT) -> str:
    """The deliberation's object as a user would quote it: sentence case, cut at a word."""
    text = record.object.capitalize() if record.object.isupper() else record.object
    text = " ".join(text.split())
    if len(text) > limit:
        words = text[:limit].split(" ")[:-1]
        while len(words) > 1 and words[-1].lower() in _TRAILING:
            words.pop()
        text = " ".join(words)
    return text


def place(collectivity: str) -> str:
    """"Ville de Dijon" -> "à Dijon"; "Métropole du Grand Val" -> "à la Métropole du Grand Val"."""
    for lead in ("Ville de ", "Commune de "):
        if collectivity.startswith(lead):
            return "à " + collectivity[len(lead):]
    return ("à la " if collectivity.startswith(_FEMININE) else "au ") + collectivity


def make_questions(records: Sequence[SyntheticDeliberation], n: int,
                   seed: int = 0) -> list[Question]:
    """``n`` questions about ``n`` distinct records (drawn with ``seed``), templates in turn."""
    rng = Random(seed)
    chosen = rng.sample(list(records), min(n, len(records)))
    questions = []
    for i, record in enumerate(chosen):
        kind, wording, filtered = _TEMPLATES[i % len(_TEMPLATES)]
        text = wording.format(subject=subject(record), topic=_lower_first(subject(record, 40)),
                              year=record.session_date[:4], place=place(record.collectivity))
        questions.append(Question(text[0].upper() + text[1:], kind, filtered, record.file_name))
    return questions


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
