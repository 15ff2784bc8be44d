"""What became of each question, in one word: the failure categories of an evaluation."""

from collections import Counter
from collections.abc import Iterable, Mapping

# outcome -> what it means, in the order the report lists them
OUTCOMES = {
    "answered": "réponse qui contient tout l'attendu et cite une source pertinente",
    "answered_uncited": "réponse qui contient tout l'attendu, sans citer de source pertinente",
    "wrong_sentence": "source pertinente citée, mais la réponse n'a pas tout l'attendu",
    "other_cited": "pertinente parmi les 5 premières, mais aucune pertinente citée",
    "not_retrieved": "aucune pertinente parmi les 5 premières ni citée",
    "refused_answerable": "refus alors que les documents répondent",
    "unanswerable_refused": "question sans réponse, refusée",
    "unanswerable_answered": "question sans réponse, à laquelle une réponse est donnée",
}


def outcome(answerable: bool, refused: bool, values: Mapping[str, float | None]) -> str:
    """The one outcome of a scored question, from its refusal and its per-question values
    (``fact_recall``, ``citation_recall``, ``recall@5``); the first that applies wins."""
    if not answerable:
        return "unanswerable_refused" if refused else "unanswerable_answered"
    if refused:
        return "refused_answerable"
    cited = bool(values.get("citation_recall"))
    if values.get("fact_recall") == 1:
        return "answered" if cited else "answered_uncited"
    if cited:  # a relevant source cited, from any rank (a listing cites beyond the 5th)
        return "wrong_sentence"
    return "other_cited" if values.get("recall@5") else "not_retrieved"


def count(outcomes: Iterable[str]) -> dict[str, int]:
    """How many questions had each outcome, every outcome listed (0 included)."""
    found = Counter(outcomes)
    return {name: found[name] for name in OUTCOMES}
