"""Candidate sentences: those of the best passages of the best deliberations, bounded.

Only the text around the retrieved passages is split, so a question over hundred-page minutes
costs the same as one over a one-page deliberation.
"""

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from assistant.reader.sentences import sentence_spans
from assistant.retrieval import DeliberationHit
from index.analysis import analyze

MAX_CANDIDATES = 64
DELIBERATIONS = 3
PASSAGES = 4  # per deliberation
SHORT = 20_000  # characters: a deliberation this short is read whole
_MARGIN = 300  # characters read on each side of a passage, for whole sentences and neighbours
_MIN_SENTENCE = 12
_MAX_LIST = 700  # characters of a list quoted with the line that announces it
_ANAPHORIC = re.compile(r"(?:\S+\s+){0,6}?(?:cette|cet|ces|celle-ci|celui-ci|ceux-ci|"
                        r"celles-ci|ce\s+(?:montant|projet|dispositif|plan|programme|"
                        r"partenariat|document|rapport))\b|(?:il|elle|ils|elles|celle|celui)\b",
                        re.I)
_ITEM = ("-", "•", "■", "–", "*")
_NUMBER_LINE = re.compile(r"\bn°\s*\S*\d|\b\d{2,4}[-/][A-Z]{1,3}[-/]\d{2,5}\b|\b[A-Z]{1,4}\d{4,}")


@dataclass(frozen=True)
class Candidate:
    """A sentence (or a sentence with the one it leans on, or a list with its lead-in) that
    may answer, where it sits and what retrieval said of its passage."""

    deliberation_id: str
    source: str
    text: str
    start: int  # offset in the deliberation's text (its object line first, then its body)
    rank: int  # rank of its deliberation in the retrieval
    passage_rank: int  # rank of its passage in the deliberation (-1: object line, PASSAGES: none)
    dense: float  # e5 cosine of its passage and the question (0 outside the passages)
    fused: float  # fused retrieval score of its passage (0 outside the passages)
    position: float  # start / length of the deliberation's text
    context: str  # the sentences before and after it


def candidates(hits: Sequence[DeliberationHit], texts: Mapping[str, str],
               terms: Set[str]) -> list[Candidate]:
    """At most ``MAX_CANDIDATES`` candidates from the best ``DELIBERATIONS`` deliberations:
    their object lines and the sentences of their best ``PASSAGES`` passages first (an equal
    share each), then
    the other sentences (of the whole text when it is short, of the passages' surroundings
    when it is long) that hold the most question ``terms``."""
    top = [h for h in hits[:DELIBERATIONS] if h.deliberation_id in texts]
    share = MAX_CANDIDATES // max(len(top), 1)
    found: list[Candidate] = []
    rest: list[Candidate] = []
    for rank, hit in enumerate(top):
        inside, outside = _of_deliberation(hit, rank, texts[hit.deliberation_id])
        found += inside[:share]
        rest += inside[share:] + outside
    found += sorted(rest, key=lambda c: -len(terms & set(analyze(c.text))))
    return found[:MAX_CANDIDATES]


def _of_deliberation(hit: DeliberationHit, rank: int, text: str,
                     ) -> tuple[list[Candidate], list[Candidate]]:
    """(the object line and the sentences of the best passages, the other sentences read)."""
    shift = len(hit.best.object or "") + 1 if hit.best.object is not None else 0
    best_dense = max((p.dense_score or 0.0) for p in hit.passages)
    inside: dict[int, Candidate] = {}
    if len(text[: max(shift - 1, 0)].strip()) >= _MIN_SENTENCE:
        inside[0] = Candidate(hit.deliberation_id, hit.best.source, text[: shift - 1].strip(), 0,
                              rank, -1, best_dense, hit.score, 0.0, "")
    passages = [(p.start + shift, p.end + shift, p) for p in hit.passages[:PASSAGES]]
    windows = [(0, len(text))] if len(text) <= SHORT else \
        [(max(0, a - _MARGIN), min(len(text), b + _MARGIN)) for a, b, _ in passages]
    outside: dict[int, Candidate] = {}
    for low, high in windows:
        units = _units(text, low, high)
        for i, (start, sentence) in enumerate(units):
            if start in inside or start in outside or not _worth(sentence):
                continue
            where = next(((n, p) for n, (a, b, p) in enumerate(passages) if a <= start < b),
                         None)
            context = " ".join(u[1] for u in units[max(0, i - 1): i + 2] if u[0] != start)
            candidate = Candidate(
                hit.deliberation_id, hit.best.source, sentence, start, rank,
                where[0] if where else PASSAGES, (where[1].dense_score or 0.0) if where else 0.0,
                where[1].score if where else 0.0, start / max(len(text), 1), context)
            (inside if where else outside)[start] = candidate
    return list(inside.values()), list(outside.values())


def _worth(sentence: str) -> bool:
    return len(sentence) >= _MIN_SENTENCE or bool(_NUMBER_LINE.fullmatch(sentence))


def _units(text: str, low: int, high: int) -> list[tuple[int, str]]:
    """The answer units of ``text[low:high]`` with their offsets in ``text``: sentences; one
    that leans on the previous ("Le montant de cette opération...") joined to it in the same
    paragraph; a line announcing a list ("... sont les suivants :") joined to its items. The
    first piece is dropped when the window starts inside a sentence."""
    window = text[low:high]
    spans = sentence_spans(window, semicolons=True)
    if low > 0 and spans and text[low - 1] not in "\n":
        spans = spans[1:]
    units: list[tuple[int, str]] = []
    listing = False
    for a, b in spans:
        sentence, offset = window[a:b], low + a
        if units and (listing or units[-1][1].endswith(":")) and sentence.startswith(_ITEM) \
                and len(units[-1][1]) < _MAX_LIST:
            units[-1] = (units[-1][0], f"{units[-1][1]} {sentence}")
            listing = True
            continue
        listing = False
        if units and _ANAPHORIC.match(sentence) and "\n\n" not in text[units[-1][0]: offset]:
            start = units[-1][0]
            units[-1] = (start, re.sub(r"\s+", " ", text[start: offset + len(sentence)]))
            continue
        units.append((offset, sentence))
    return units
