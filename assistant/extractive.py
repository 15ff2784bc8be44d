"""Extractive answers: verbatim sentences of the retrieved deliberations, each with its [n].

No sentence is written that is not quoted from a source, so no figure can be invented.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.analysis import analyze
from index.embedders import Embedder
from index.parsing.amounts import find_amounts
from index.parsing.dates import find_dates

QUESTION_WORDS = frozenset(analyze(
    "combien quel quelle quels quelles qui quand comment pourquoi où est-ce que qu'est-ce "
    "a-t-il a-t-elle ont-ils été était sont fait faite décidé voté délibération délibérations "
    "conseil séance ville commune et cela celle-ci celui-ci ça eu eue eus avait avaient aura "
    "aurait fut étaient y-a-t-il"))
ATTRIBUTES = frozenset(analyze(  # what is asked about a deliberation, not what it is about
    "rapporté rapportée rapporteur voté votée vote adopté adoptée coût coûté coûte montant prix "
    "date président présidé présidée secrétaire unanimité majorité signé décidé approuvé "
    "approuvée budget payé somme numéro quel quelle combien annuel annuelle total totale "
    "voix contre abstention abstentions opposé opposés opposée opposition élus résultat "
    "délibérer délibéré"))
_TYPE_RULES = (
    ("vote", re.compile(r"\bvot[ée]|\bvote\b|unanimit|majorit|adopt|rejet|pour\s+et\s+contre|"
                        r"abstention", re.I)),
    ("amount", re.compile(r"combien\s+(?:co[uû]t|a\s+co[uû]t|pour|vaut|repr[ée]sente)|montant|"
                          r"\bco[uû]t|\bprix|\btarif|cotisation|budget|somme|subvention\s+de|"
                          r"€|euros?|d[ée]pense|financ", re.I)),
    ("count", re.compile(r"combien\s+de|nombre\s+d", re.I)),
    ("date", re.compile(r"\bquand\b|quelle\s+date|\bdate\b|en\s+quelle\s+ann[ée]e|depuis\s+quand",
                        re.I)),
    ("name", re.compile(r"\bqui\b|quel(?:le)?\s+(?:[ée]lu|adjoint|rapporteur|pr[ée]sident|"
                        r"secr[ée]taire|maire)|rapport[ée]", re.I)),
)
_PERSON = re.compile(r"\b(?:M\.|MM\.|Mme|Mmes|Monsieur|Madame)\s+(?:l[ea]\s+)?[A-ZÉ]")
_CUES = (  # question word -> what the answering line prints
    (re.compile(r"rapport", re.I), re.compile(r"\bexpose\b|rapporteur|\brapporte\b", re.I)),
    (re.compile(r"pr[ée]sid", re.I), re.compile(r"\bPr[ée]sident(?:e)?\b|pr[ée]sidence")),
    (re.compile(r"secr[ée]taire", re.I), re.compile(r"Secr[ée]taire", re.I)),
    (re.compile(r"vot|adopt|unanim|majorit", re.I),
     re.compile(r"ADOPT|unanimit|majorit|\bVote\b|r[ée]sultat du vote", re.I)),
    (re.compile(r"excus|absent|pr[ée]sents?\b|pouvoir", re.I),
     re.compile(r"excus|absent|pr[ée]sents|pouvoir", re.I)),
)
_VOTE_WORDS = re.compile(r"unanimit|majorit|adopt|rejet|\bpour\b.*\bcontre\b|vote", re.I)
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])(?<!\b[A-Z]\.)(?<!\bMM\.)(?<!\bMme\.)(?<!\bMlle\.)(?<!\bart\.)"
    r"\s+(?=[A-ZÉÈÀ«\"(\d-])|\n+")
_MIN_SENTENCE = 12
_SHORTLIST = 6


@dataclass(frozen=True)
class Sentence:
    """A sentence of a deliberation, where it sits, and how well it answers."""

    deliberation_id: str
    text: str
    start: int
    rank: int  # rank of its deliberation in the retrieval
    score: float = 0.0
    coverage: float = 0.0
    typed: bool = False


def answer_type(question: str) -> str:
    """The kind of answer asked for: vote, amount, count, date, name, or other."""
    for name, pattern in _TYPE_RULES:
        if pattern.search(question):
            return name
    return "other"


def has_evidence(sentence: str, kind: str) -> bool:
    """Whether ``sentence`` holds the kind of answer asked for."""
    checks = {
        "amount": lambda s: bool(find_amounts(s)),
        "count": lambda s: bool(re.search(r"\d", s)),
        "date": lambda s: bool(find_dates(s)) or bool(re.search(r"\b(19|20)\d{2}\b", s)),
        "name": lambda s: bool(_PERSON.search(s)),
        "vote": lambda s: bool(_VOTE_WORDS.search(s)),
    }
    return checks.get(kind, lambda s: True)(sentence)


def content_terms(text: str) -> set[str]:
    """Analysed terms of a question, without the words every question has."""
    return set(analyze(text)) - QUESTION_WORDS


def subject_terms(text: str) -> set[str]:
    """What the question is about: its terms minus what it asks ("budget", "montant", "qui")."""
    return content_terms(text) - ATTRIBUTES


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; lines and sentence ends both separate sentences."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, text[start: match.start()]))
        start = match.end()
    spans.append((start, text[start:]))
    return [(offset + len(s) - len(s.lstrip()), s.strip()) for offset, s in spans
            if len(s.strip()) >= _MIN_SENTENCE]


def rank_sentences(question: str, texts: Sequence[tuple[str, str]], embedder: Embedder,
                   kind: str, query_vector: np.ndarray | None = None) -> list[Sentence]:
    """Sentences of the deliberations ``texts`` (id, text; retrieval order), best first, for a
    ``question`` asking for an answer of type ``kind``."""
    terms = content_terms(question)
    cues = [line for asked, line in _CUES if asked.search(question)]
    pool = [_score_lexically(delib_id, offset, sentence, rank, terms, kind, cues)
            for rank, (delib_id, text) in enumerate(texts)
            for offset, sentence in split_sentences(text)]
    pool.sort(key=lambda s: -s.score)
    shortlist = pool[:_SHORTLIST]
    if shortlist:
        vector = embedder.embed_query(question) if query_vector is None else query_vector
        similarities = embedder.embed_documents([s.text for s in shortlist]) @ vector
        shortlist = [_with_similarity(s, float(sim)) for s, sim in zip(shortlist, similarities,
                                                                        strict=True)]
        shortlist.sort(key=lambda s: -s.score)
    return shortlist + pool[_SHORTLIST:]


def _score_lexically(delib_id: str, offset: int, sentence: str, rank: int, terms: set[str],
                     kind: str, cues: list[re.Pattern[str]]) -> Sentence:
    words = set(analyze(sentence))
    coverage = len(terms & words) / len(terms) if terms else 0.0
    typed = has_evidence(sentence, kind)
    cued = any(cue.search(sentence) for cue in cues)
    score = (0.45 * coverage + 0.35 * (1 / (1 + rank)) + (0.3 if typed and kind != "other" else 0)
             + (0.5 if cued else 0))
    return Sentence(delib_id, sentence, offset, rank, score, coverage, typed)


def _with_similarity(sentence: Sentence, similarity: float) -> Sentence:
    return Sentence(sentence.deliberation_id, sentence.text, sentence.start, sentence.rank,
                    sentence.score + 0.5 * similarity, sentence.coverage, sentence.typed)
