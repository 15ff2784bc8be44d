"""Extractive answers: verbatim sentences of the retrieved deliberations, each with its [n].

No sentence is written that is not quoted from a source, so no figure can be invented.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.engine.sentences import sentence_spans
from index.analysis import analyze
from index.embedders import Embedder
from index.parsing.amounts import find_amounts
from index.parsing.dates import find_dates

QUESTION_WORDS = frozenset(analyze(
    "combien quel quelle quels quelles qui quand comment pourquoi où est-ce que qu'est-ce "
    "a-t-il a-t-elle ont-ils été était sont fait faite décidé voté délibération délibérations "
    "conseil séance ville commune et cela celle-ci celui-ci ça eu eue eus avait avaient aura "
    "aurait fut étaient y-a-t-il portent porte portant concernent concerne concernant traitent "
    "traite dossiers dossier passés passé déjà liste précédents"))
ATTRIBUTES = frozenset(analyze(  # what is asked about a deliberation, not what it is about
    "rapporté rapportée rapporteur voté votée vote adopté adoptée coût coûté coûte montant prix "
    "date président présidé présidée secrétaire unanimité majorité signé décidé approuvé "
    "approuvée budget payé somme numéro quel quelle combien annuel annuelle total totale "
    "voix contre abstention abstentions opposé opposés opposée opposition élus résultat "
    "délibérer délibéré"))
_TYPE_RULES = (
    ("number", re.compile(r"num[ée]ro", re.I)),
    ("title", re.compile(r"quelle\s+d[ée]lib[ée]ration\b(?!s)|\blaquelle\b", re.I)),
    ("vote", re.compile(r"\bvot[ée]|\bvote\b|unanimit|majorit|adopt|rejet|pour\s+et\s+contre|"
                        r"abstention|oppos", re.I)),
    ("amount", re.compile(r"combien\s+(?!de\b|d['’]|d\s)|montant|"
                          r"\bco[uû]t|\bprix|\btarif|cotisation|budget|somme|subvention\s+de|"
                          r"€|euros?|d[ée]pense|financ", re.I)),
    ("count", re.compile(r"combien\s+d(?:e\b|['’])|nombre\s+d", re.I)),
    ("date", re.compile(r"\bquand\b|quelle\s+date|\bdate\b|en\s+quelle\s+ann[ée]e|depuis\s+quand",
                        re.I)),
    ("company", re.compile(r"\bquel(?:le)?s?\s+(?:entreprises?|soci[ée]t[ée]s?|prestataires?|"
                           r"bureaux?\s+d|cabinets?|am[ée]nageurs?|d[ée]l[ée]gataires?|"
                           r"titulaires?|attributaires?|fournisseurs?|groupements?)\b", re.I)),
    ("name", re.compile(r"\bqui\b|quel(?:le)?\s+(?:[ée]lu|adjoint|rapporteur|pr[ée]sident|"
                        r"secr[ée]taire|maire)|rapport[ée]", re.I)),
)
_PERSON = re.compile(r"\b(?:M\.|MM\.|Mme|Mmes|Monsieur|Madame)\s+(?:l[ea]\s+)?[A-ZÉ]")
_ORGANISATION = re.compile(r"\b(?:Ville|M[ée]tropole|Commune|Communaut[ée]|D[ée]partement|"
                           r"R[ée]gion)\s+(?:de\s+|d['’]|europ[ée]enne\s+de\s+)?[A-ZÉ]")
_COMPANY = re.compile(  # a firm named after its legal form or its kind, or by its acronym
    r"(?:\b(?:SAS|SARL|SA|SCP|SEM|SPL|EURL|SNC|SCOP|GIE|SCI)|(?i:\b(?:soci[ée]t[ée]|entreprise|"
    r"[ée]tablissements?|cabinet|groupement|atelier|bureau\s+d['’][ée]tudes?|prestataire|"
    r"titulaire|attributaire|d[ée]l[ée]gataire)))\s+(?:[«\"]\s*)?[A-Z]|"
    r"\b(?:[Ll]a|[Ll]e|[Ll]['’]|avec|par)\s*[A-Z][A-Z0-9&-]{2,}\b")
_ROLE = re.compile(r"pr[ée]sid|maire|rapport|secr[ée]taire|[ée]lue?\b|adjoint|conseill|"
                   r"signataire|port[ée]", re.I)  # a person is asked, not an authority
_CUES = (  # question word -> what the answering line prints
    (re.compile(r"rapport|port[ée]\s+(?:le\s+dossier|ce\s+rapport)|pr[ée]sent[ée]\s+(?:le|ce)\s+"
                r"(?:rapport|dossier)|devant\s+le\s+conseil", re.I),
     re.compile(r"\bexpose\b|rapporteur|\brapporte\b", re.I)),
    (re.compile(r"pr[ée]sid", re.I), re.compile(r"\bPr[ée]sident(?:e)?\b|pr[ée]sidence")),
    (re.compile(r"secr[ée]taire", re.I), re.compile(r"Secr[ée]taire", re.I)),
    (re.compile(r"vot|voix|adopt|unanim|majorit|abstention|oppos|\bcontre\b", re.I),
     re.compile(r"ADOPT|unanimit|majorit|\bVote\b|r[ée]sultat du vote", re.I)),
    (re.compile(r"excus|absent|pr[ée]sents?\b|pouvoir", re.I),
     re.compile(r"excus|absent|pr[ée]sents|pouvoir", re.I)),
    (re.compile(r"publi[ée]|affich", re.I), re.compile(r"publi[ée]|affich", re.I)),
    (re.compile(r"t[ée]l[ée]transmi|pr[ée]fecture|contr[ôo]le", re.I),
     re.compile(r"t[ée]l[ée]transmission|r[ée]ception", re.I)),
    (re.compile(r"num[ée]ro", re.I), re.compile(r"\bn°|num[ée]ro", re.I)),
)
_VOTE_WORDS = re.compile(r"unanimit|majorit|adopt|rejet|\bpour\b.*\bcontre\b|vote", re.I)
_NUMBER = re.compile(r"\bn°\s*\S*\d|\b\d{2,4}[-/][A-Z]{1,3}[-/]\d{2,5}\b|\b[A-Z]{1,4}\d{4,}")
_COUNT_WORDS = re.compile(r"\d|\b(?:dizaine|douzaine|vingtaine|trentaine|quarantaine|"
                          r"cinquantaine|centaine|millier)s?\b", re.I)
_MIN_SENTENCE = 12
_MAX_LIST = 700  # characters of a list quoted with the line that announces it
# How a sentence's score adds up: words of the question it holds (rarity-weighted), rank of its
# deliberation, the kind of answer asked, a line printing what is asked, a passage close in
# meaning around it, and its own closeness in meaning (rescaled within the shortlist).
WEIGHTS = {"coverage": 0.45, "rank": 0.35, "typed": 0.3, "cue": 0.5, "near": 0.8,
           "similarity": 0.5}
_ANAPHORIC = re.compile(r"(?:\S+\s+){0,6}?(?:cette|cet|ces|celle-ci|celui-ci|ceux-ci|"
                        r"celles-ci|ce\s+(?:montant|projet|dispositif|plan|programme|"
                        r"partenariat|document|rapport))\b|(?:il|elle|ils|elles|celle|celui)\b",
                        re.I)
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
    cued: bool = False  # a line that prints what is asked (rapporteur, vote, attendance...)
    cosine: float = 0.0  # e5 cosine of question and sentence (0 when it was not embedded)


def answer_type(question: str) -> str:
    """The kind of answer asked for: vote, amount, count, date, name, or other."""
    for name, pattern in _TYPE_RULES:
        if pattern.search(question):
            return "actor" if name == "name" and not _ROLE.search(question) else name
    return "other"


def has_evidence(sentence: str, kind: str) -> bool:
    """Whether ``sentence`` holds the kind of answer asked for."""
    checks = {
        "amount": lambda s: bool(find_amounts(s)),
        "count": lambda s: bool(_COUNT_WORDS.search(s)),
        "number": lambda s: bool(_NUMBER.search(s)),
        "date": lambda s: bool(find_dates(s)) or bool(re.search(r"\b(19|20)\d{2}\b", s)),
        "name": lambda s: bool(_PERSON.search(s)),
        "actor": lambda s: bool(_PERSON.search(s) or _ORGANISATION.search(s)),
        "company": lambda s: bool(_COMPANY.search(s)),
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
    """(offset, sentence) pairs worth quoting: long enough, or a deliberation number."""
    return [(start, text[start:end]) for start, end in sentence_spans(text)
            if end - start >= _MIN_SENTENCE or _NUMBER.fullmatch(text[start:end])]


Region = tuple[int, int, float]  # start, end, closeness (0-1) of a passage to the question


class SentenceVectors:
    """Embeddings of the sentences already scored, kept for the next questions (bounded LRU,
    thread-safe): the sentences of popular deliberations are embedded once per process."""

    def __init__(self, embedder: Embedder, capacity: int = 20_000) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            computed = dict(zip(missing, self.embedder.embed_documents(missing), strict=True))
            known.update(computed)
            with self._lock:
                self._vectors.update(computed)
                while len(self._vectors) > self.capacity:
                    self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])


def answer_units(text: str) -> list[tuple[int, str]]:
    """Sentences to quote; one that leans on the previous ("Le montant total de cette
    opération...") is quoted with it, when both are in the same paragraph; a line announcing
    a list ("... sont les suivants :") is quoted with its items."""
    units: list[tuple[int, str]] = []
    listing = False
    for offset, sentence in split_sentences(text):
        if units and (listing or units[-1][1].endswith(":")) and _is_item(text, offset) \
                and len(units[-1][1]) < _MAX_LIST:
            units[-1] = (units[-1][0], f"{units[-1][1]} {sentence}")
            listing = True
            continue
        listing = False
        if units and _ANAPHORIC.match(sentence):
            start = units[-1][0]
            if "\n\n" not in text[start: offset]:
                units[-1] = (start, re.sub(r"\s+", " ", text[start: offset + len(sentence)]))
                continue
        units.append((offset, sentence))
    return units


def _is_item(text: str, offset: int) -> bool:
    return text[offset: offset + 1] in ("-", "•", "■", "–", "*")


def rank_sentences(question: str, texts: Sequence[tuple[str, str]],
                   vectors: SentenceVectors, kind: str,
                   query_vector: np.ndarray | None = None,
                   regions: Mapping[str, Sequence[Region]] | None = None,
                   weight: Callable[[str], float] | None = None) -> list[Sentence]:
    """Sentences of the deliberations ``texts`` (id, text; retrieval order), best first, for a
    ``question`` asking for an answer of type ``kind``. ``regions`` (per deliberation: the
    spans of its passages close to the question in meaning) and ``weight`` (rarity of a term)
    let a question worded otherwise still find its sentence."""
    terms = content_terms(question)
    cues = [line for asked, line in _CUES if asked.search(question)]
    pool = [_score_lexically(delib_id, offset, sentence, rank, terms, kind, cues, weight)
            for rank, (delib_id, text) in enumerate(texts)
            for offset, sentence in answer_units(text)]
    pool = [_near(s, (regions or {}).get(s.deliberation_id, ())) for s in pool]
    pool.sort(key=lambda s: -s.score)
    typed = [s for s in pool if s.typed] if kind != "other" else pool
    shortlist = list(dict.fromkeys(typed[:_SHORTLIST] + pool[:2]))
    if not shortlist:
        return pool
    vector = vectors.embedder.embed_query(question) if query_vector is None else query_vector
    similarities = vectors([s.text for s in shortlist]) @ vector
    low, high = float(similarities.min()), float(similarities.max())
    spread = high - low if high - low > 1e-6 else 1.0
    shortlist = [_with_similarity(s, float(sim), (float(sim) - low) / spread)
                 for s, sim in zip(shortlist, similarities, strict=True)]
    shortlist.sort(key=lambda s: -s.score)
    listed = {(s.deliberation_id, s.start) for s in shortlist}
    return shortlist + [s for s in pool if (s.deliberation_id, s.start) not in listed]


def _score_lexically(delib_id: str, offset: int, sentence: str, rank: int, terms: set[str],
                     kind: str, cues: list[re.Pattern[str]],
                     weight: Callable[[str], float] | None) -> Sentence:
    words = set(analyze(sentence))
    rarity = weight or (lambda _: 1.0)
    total = sum(rarity(term) for term in terms)
    coverage = sum(rarity(term) for term in terms & words) / total if total else 0.0
    typed = offset == 0 if kind == "title" else has_evidence(sentence, kind)
    cued = any(cue.search(sentence) for cue in cues)
    score = (WEIGHTS["coverage"] * coverage + WEIGHTS["rank"] / (1 + rank)
             + (WEIGHTS["typed"] if typed and kind != "other" else 0)
             + (WEIGHTS["cue"] if cued else 0))
    return Sentence(delib_id, sentence, offset, rank, score, coverage, typed or cued, cued)


def _near(sentence: Sentence, regions: Sequence[Region]) -> Sentence:
    """Credit for lying inside a passage that the dense search found close to the question."""
    closeness = max((c for start, end, c in regions if start <= sentence.start < end),
                    default=0.0)
    return replace(sentence, score=sentence.score + WEIGHTS["near"] * closeness)


def _with_similarity(sentence: Sentence, cosine: float, similarity: float) -> Sentence:
    return replace(sentence, score=sentence.score + WEIGHTS["similarity"] * similarity,
                   cosine=cosine)
