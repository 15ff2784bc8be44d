"""Vote outcome and counts: unanimity, majority, rejection, "14 pour / 0 contre / 1 abstention"."""

import re

from index.models import Vote
from index.parsing.people import person_names

_COUNT_WORDS = {"aucune": 0, "aucun": 0, "zéro": 0, "une": 1, "un": 1, "deux": 2, "trois": 3,
                "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10}
_N = r"(\d{1,3}|aucune?|z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)"
_RESULTS = (
    ("rejeté", re.compile(r"\b(?:rejet[ée]e?s?|REJET[ÉE]E?S?|rejette|n['’]est pas adopt[ée]e?)\b")),
    ("unanimité", re.compile(r"[àa]\s+l['’]\s?unanimit[ée]|UNANIMIT[ÉE]", re.I)),
    ("majorité", re.compile(r"[àa]\s+la\s+majorit[ée]\b", re.I)),
    ("adopté", re.compile(r"\b[Aa]dopt(?:é|ée|és|ées)\b|\bADOPT[ÉE]E?S?\b")),
    ("pris acte", re.compile(r"\bpr(?:end|ennent|is)\s+acte\b", re.I)),
)
_GAPS = {"pris acte": 300}
_DECISION_CONTEXT = re.compile(
    r"adopt|approuv|d[ée]lib[ée]r|vote|voix|d[ée]cide|r[ée]sultat|rapport|acte", re.I)
# Labelled counts first: in « Pour : 25 Abstention : 0 », « 25 Abstention » is no count.
_FOR = [re.compile(r"\bpour\s*:\s*" + _N + r"(?!\d)", re.I),
        re.compile(_N + r"\s+(?:voix\s+)?pour\b", re.I)]
_AGAINST = [re.compile(r"\bcontre\s*:\s*" + _N + r"(?!\d)", re.I),
            re.compile(_N + r"\s+(?:voix\s+)?contre\b", re.I)]
_ABSTAIN = [re.compile(r"\babstentions?\s*:\s*" + _N + r"(?!\d)", re.I),
            re.compile(_N + r"\s+abstentions?\b", re.I),
            re.compile(r"\babstentions?\s+de\s+" + _N + r"\b", re.I)]
_DELIBERATED = re.compile(  # the council decided: « après en avoir délibéré, DÉCIDE », in capitals
    r"(?i:apr[èe]s\s+en\s+avoir\s+d[ée]lib[ée]r[ée])[^.;]{0,80}?(?<!\bne\s)\b"
    r"(?:D[ÉE]CIDE|ACCEPTE|APPROUVE|D[ÉE]SIGNE|AUTORISE|ADOPTE|FIXE|CHARGE|ATTRIBUE|VALIDE)"
    r"(?:NT)?\b(?!\s+pas\b|\s+(?:de\s+|d['’])?(?:ne\s+pas|rejeter|refuser|reporter|ajourner|"
    r"surseoir)\b)")
_COUNTED = re.compile(r"\b" + _N + r"\s+voix\s+pour\b|\bpour\s*:\s*\d{1,3}\b", re.I)
_NOT_VOTING = re.compile(r"ne\s+pr(?:end|ennent)\s+pas\s+part\s+au\s+vote", re.I)
_VOTE_WINDOW = 220


def find_vote(text: str) -> Vote:
    """The last vote stated in ``text`` (the decision comes after the exposé)."""
    result = _result(text)
    window = _vote_window(text)
    votes_for, against, abstention = (_count(patterns, window)
                                      for patterns in (_FOR, _AGAINST, _ABSTAIN))
    if (against or abstention) and result in (None, "adopté"):
        result = "majorité"  # « Par 13 voix POUR – 1 ABSTENTION »: not unanimous
    elif result is None and (_COUNTED.search(window) or _DELIBERATED.search(text)):
        result = "adopté"  # « après en avoir délibéré, ACCEPTE … »: decided, no count given
    return Vote(
        result=result,
        votes_for=votes_for,
        votes_against=against,
        votes_abstention=abstention,
        not_participating=_not_participating(text),
    )


def _result(text: str) -> str | None:
    best: tuple[int, str] | None = None
    for name, pattern in _RESULTS:
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 120): match.end() + 40]
            if name == "adopté" and not _DECISION_CONTEXT.search(context):
                continue
            if best is None or match.start() > best[0] + _GAPS.get(name, 60):
                best = (match.start(), name)
    return best[1] if best else None


def _vote_window(text: str) -> str:
    """Text around the last mention of a vote, where counts are printed."""
    anchors = [m.start() for m in re.finditer(r"vote|voix|pour\s*:|adopt|unanimit|majorit",
                                                text, re.I)]
    if not anchors:
        return ""
    return text[max(0, anchors[-1] - _VOTE_WINDOW): anchors[-1] + _VOTE_WINDOW]


def _count(patterns: list[re.Pattern[str]], window: str) -> int | None:
    for pattern in patterns:
        match = pattern.search(window)
        if match:
            raw = match[1].lower()
            return int(raw) if raw.isdigit() else _COUNT_WORDS.get(raw.replace("é", "e"))
    return None


def _not_participating(text: str) -> tuple[str, ...]:
    names: list[str] = []
    for match in _NOT_VOTING.finditer(text):
        before = text[max(0, match.start() - 300): match.start()]
        sentence = re.split(r"(?<![A-Z])[.;:|]\s", before)[-1]
        names.extend(person_names(sentence))
    return tuple(dict.fromkeys(names))
