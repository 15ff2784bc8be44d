"""Extractive answers: verbatim sentences of the retrieved deliberations, each with its [n].

No sentence is written that is not quoted from a source, so no figure can be invented.
"""

import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.engine.mayor import ASKS_MAYOR, NAMES_MAYOR
from assistant.engine.sentences import sentence_spans
from assistant.engine.unit_roles import ROLES, unit_roles
from index.analysis import analyze
from index.embedders import Embedder
from index.errors import DelibError
from index.parsing.amounts import find_amounts
from index.parsing.dates import find_dates

QUESTION_WORDS = frozenset(analyze(
    "combien quel quelle quels quelles qui quoi quand comment pourquoi où est-ce que qu'est-ce "
    "a-t-il a-t-elle ont-ils été était sont fait faite décidé voté délibération délibérations "
    "conseil séance ville commune et cela celle-ci celui-ci ça eu eue eus avait avaient aura "
    "aurait fut étaient y-a-t-il portent porte portant concernent concerne concernant traitent "
    "traite parlent parle parlant évoquent évoque évoquant abordent aborde abordant "
    "mentionnent mentionne sert servent dossiers dossier passés passé déjà liste précédents"))
ATTRIBUTES = frozenset(analyze(  # what is asked about a deliberation, not what it is about
    "rapporté rapportée rapporteur voté votée vote adopté adoptée coût coûté coûte montant prix "
    "date président présidé présidée secrétaire unanimité majorité signé décidé approuvé "
    "approuvée budget payé somme numéro quel quelle combien annuel annuelle total totale "
    "voix contre abstention abstentions abstenu abstenus abstenue opposé opposés opposée "
    "opposition élus résultat "
    "délibérer délibéré"))
_SHARE = re.compile(r"\bpourcentage|\bproportions?\b|\btaux\b|\bpour\s*cent\b|"
                    r"quel(?:le)?\s+(?:est\s+la\s+|sera\s+la\s+)?(?:quote-)?part\b", re.I)
_TYPE_RULES = (
    ("number", re.compile(r"num[ée]ro", re.I)),
    ("title", re.compile(r"quelle\s+d[ée]lib[ée]ration\b(?!s)|\blaquelle\b", re.I)),
    ("vote", re.compile(r"\bvot[ée]|\bvote\b|unanimit|majorit|adopt|rejet|pour\s+et\s+contre|"
                        r"abstention|oppos", re.I)),
    ("share", _SHARE),
    ("amount", re.compile(r"combien\s+(?!de\b|d['’]|d\s)|montant|"
                          r"\bco[uû]t|\bprix|\btarif|cotisation|budget|somme|subvention\s+de|"
                          r"€|\beuros?\b|d[ée]pense|financ|quel(?:le)?s?\s+(?:est\s+l[ae]\s+|"
                          r"sera\s+l[ae]\s+)?(?:redevance|r[ée]mun[ée]ration|honoraires|loyer|"
                          r"indemnit[ée]|exc[ée]dent|d[ée]ficit)", re.I)),
    ("duration", re.compile(r"combien\s+de\s+temps|quel(?:le)?\s+(?:est\s+l[ae]\s+)?"
                            r"(?:dur[ée]e|d[ée]lai|p[ée]riode)s?\b|combien\s+(?:d['’]ann[ée]es|"
                            r"de\s+(?:mois|semaines))\b", re.I)),
    ("count", re.compile(r"combien\s+d(?:e\b|['’])|nombre\s+d", re.I)),
    ("date", re.compile(r"\bquand\b|quelle\s+date|\bdate\b|quelle\s+ann[ée]e", re.I)),
    ("company", re.compile(r"\bquel(?:le)?s?\s+(?:entreprises?|soci[ée]t[ée]s?|prestataires?|"
                           r"bureaux?\s+d|cabinets?|am[ée]nageurs?|d[ée]l[ée]gataires?|"
                           r"titulaires?|attributaires?|fournisseurs?|groupements?)\b", re.I)),
    ("name", re.compile(r"\bqui\b|quel(?:le)?s?\s+(?:[ée]lu|adjoint|rapporteur|pr[ée]sident|"
                        r"secr[ée]taire|maire|conseill[eè]re?s?\b)|rapport[ée]", re.I)),
)
# An interrogative word; "qui", "où", "quand", "comment" and "pourquoi" only where a clause
# starts, elsewhere they are relative (« la délibération qui fixe la cotisation », « Ce qui a
# été décidé »); after a comma, "qui" asks only when its clause ends the question (« À
# Chéméré, qui paie … ? », not « Le marché, qui a été attribué en 2021, coûte combien ? »).
_ASKING = re.compile(r"\b(combien|quel(?:le)?s?|lequel|laquelle|lesquel(?:le)?s)\b|"
                     r"(?:^|[,;:]\s*|\bet\s+)(qui|où|quand|comment|pourquoi)\b|"
                     r"^\S+\s+(où|quand|comment|pourquoi)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:?]")
_ASKING_WORDS = 5  # « Quel est le coût total », « Combien de conseillers étaient présents »
_PERSON = re.compile(r"\b(?:M\.|MM\.|Mme|Mmes|Monsieur|Madame)\s+(?:l[ea]\s+)?[A-ZÉ]")
_ORGANISATION = re.compile(r"\b(?:Ville|M[ée]tropole|Commune|Communaut[ée]|D[ée]partement|"
                           r"R[ée]gion)\s+(?:de\s+|d['’]|europ[ée]enne\s+de\s+)?[A-ZÉ]")
_COMPANY = re.compile(  # a firm named after its legal form or its kind, or by its acronym
    r"(?:\b(?:SAS|SARL|SA|SCP|SEM|SPL|EURL|SNC|SCOP|GIE|SCI)|(?i:\b(?:soci[ée]t[ée]|entreprise|"
    r"[ée]tablissements?|cabinet|groupement|atelier|bureau\s+d['’][ée]tudes?|prestataire|"
    r"titulaire|attributaire|d[ée]l[ée]gataire)))\s+(?:[«\"]\s*)?[A-Z]|"
    r"(?<![A-ZÀ-Ý]{2}\s)\b(?:[Ll]a|[Ll]e|[Ll]['’]|avec|par)\s*[A-Z][A-Z0-9&-]{2,}\b"
    r"(?!\s+[A-ZÀ-Ý]{2,})")  # not a word of a text in capitals (« PAR L'USINE DE SOLAURE »)
_ROLE = re.compile(r"pr[ée]sid|maire|rapport|secr[ée]taire|[ée]lu(?:e|s|es)?\b|adjoint|conseill|"
                   r"signataire|port[ée]", re.I)  # a person is asked, not an authority
_CUES = (  # question word -> what the answering line prints
    (re.compile(r"rapport|port[ée]\s+(?:le\s+dossier|ce\s+rapport)|pr[ée]sent[ée]\s+(?:le|ce)\s+"
                r"(?:rapport|dossier)|devant\s+le\s+conseil", re.I),
     re.compile(r"\bexpose\b|rapporteur|\brapporte\b", re.I)),
    (re.compile(r"pr[ée]sid", re.I), re.compile(r"\bPr[ée]sident(?:e)?\b|pr[ée]sidence")),
    (ASKS_MAYOR, NAMES_MAYOR),  # a name beside « Maire » (mayor.py)
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
_VALUE_KINDS = ("amount", "share", "date", "duration", "company")  # answered by a line printing one
_VOTE_WORDS = re.compile(r"unanimit|majorit|adopt|rejet|\bpour\b.*\bcontre\b|vote", re.I)
_NUMBER = re.compile(r"\bn°\s*\S*\d|\b\d{2,4}[-/][A-Z]{1,3}[-/]\d{2,5}\b|\b[A-Z]{1,4}\d{4,}")
_DURATION = re.compile(  # "6 ans", "six (6) mois", "2022-2026", "jusqu'au 31 décembre", "jusqu'en"
    r"\b(?:\d+(?:[,.]\d+)?|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
    r"quinze|vingt|trente|quarante|cinquante|soixante|cent)\s*(?:\(\s*\d+\s*\)\s*)?"
    r"(?:ans?|ann[ée]es?|mois|semaines?|jours?)\b|"
    r"(?<!n°)(?<!n° )\b(?:19|20)\d{2}\s*(?:[-–/]|à|au)\s*(?:19|20)\d{2}\b|"
    r"\bjusqu['’]\s*(?:au|en)\b", re.I)
_PERCENT = re.compile(r"\d\s*%|\bpour\s*cent\b", re.I)
_COUNT_WORDS = re.compile(r"\d|\b(?:dizaine|douzaine|vingtaine|trentaine|quarantaine|"
                          r"cinquantaine|centaine|millier)s?\b", re.I)
_MIN_SENTENCE = 12
_MAX_LIST = 700  # characters of a list quoted with the line that announces it
_TERMINAL = re.compile(r"[.!?…][»\"”’)]*$")  # a unit that ends a sentence
MAX_EMBEDDED = 800  # characters of a unit that its vector reads: a table or a page read
# without its line breaks makes a unit of thousands, and two 5,600-character units took 5.6 s.
# On the 273 tune-ci questions, fact recall 0.585 read whole, 0.589 at 1200 and 800, 0.571 at
# 600; benchmarks/query-multi p95 1490 ms read whole, 1118 at 1200, 963 at 800
# What a candidate's score reads, in order: words of the question it holds (rarity-weighted),
# rank of its deliberation, the kind of answer asked, a line printing what is asked, a passage
# close in meaning around it, the words of the question in the units beside it, whether it
# opens its text (the object), where it sits in the text, its length, its roles in the act
# (``unit_roles.py``); then, on the shortlist only, its own closeness in meaning (rescaled
# within the shortlist). The weights are fitted on tune (``fit_reader.py``).
LEXICAL = ("coverage", "rank", "typed", "cue", "near", "beside", "opening", "position",
           "length", *ROLES)
FEATURES = (*LEXICAL, "similarity")
WEIGHTS_FILE = Path(__file__).with_name("reader_weights.json")
_ANAPHORIC = re.compile(r"(?:\S+\s+){0,6}?(?:cette|cet|ces|celle-ci|celui-ci|ceux-ci|"
                        r"celles-ci|ce\s+(?:montant|projet|dispositif|plan|programme|"
                        r"partenariat|document|rapport))\b|(?:il|elle|ils|elles|celle|celui)\b",
                        re.I)


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
    features: tuple[float, ...] = ()  # LEXICAL values


@dataclass(frozen=True)
class ReaderWeights:
    """The weights of the two stages (lexical on every candidate, FEATURES on the shortlist)
    and the shortlist's size. With weights fitted by ``fit_reader`` a score is a log-chance:
    two candidates' chances to hold the answer are in the ratio exp(score difference). The
    shipped file holds weights set by hand (its ``origin`` says why)."""

    lexical: tuple[float, ...]
    semantic: tuple[float, ...]
    shortlist: int

    def first(self, features: Sequence[float]) -> float:
        return float(np.dot(self.lexical, features))

    def second(self, features: Sequence[float], similarity: float) -> float:
        return float(np.dot(self.semantic, (*features, similarity)))


@lru_cache(maxsize=4)
def reader_weights(path: Path = WEIGHTS_FILE) -> ReaderWeights:
    """The shipped reader weights; a missing or damaged file stops with a French message."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        weights = ReaderWeights(tuple(float(raw["lexical"][name]) for name in LEXICAL),
                                tuple(float(raw["semantic"][name]) for name in FEATURES),
                                int(raw["shortlist"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DelibError(f"Poids du lecteur illisibles ({path}) : {error}. Reconstruisez-les "
                         "avec python -m assistant.engine.fit_reader ou reprenez le fichier "
                         "du dépôt.") from error
    if weights.shortlist < 1 or not all(map(math.isfinite, weights.lexical + weights.semantic)):
        raise DelibError(f"Poids du lecteur invalides ({path}) : reconstruisez-les avec "
                         "python -m assistant.engine.fit_reader.")
    return weights


def answer_type(question: str) -> str:
    """The kind of answer asked for: a deliberation number, a title, a vote, an amount, a
    duration, a count, a date, a company, a name (a person in a role; "actor" when no role is
    named), a share (a rate, a proportion: a percentage or an amount), or other. The asking
    phrase speaks first (« Combien coûte … dont Corte a adopté le plan ? » asks an amount, not
    a vote); a question whose asking phrase names no kind is read whole."""
    phrase = asking_phrase(question)
    kind = _kind_first_named(phrase) if phrase else "other"
    if kind == "other":
        kind = _kind_named(question)
    if kind == "amount" and _SHARE.search(phrase or question):
        kind = "share"  # « À combien s'élève le taux ? »: a share also takes an amount
    return "actor" if kind == "name" and not _ROLE.search(question) else kind


def asking_phrase(question: str) -> str | None:
    """The first interrogative word of ``question`` and the few words after it, up to the
    end of its clause."""
    for found in _ASKING.finditer(question):
        word = next(group for group in (1, 2, 3) if found.group(group))
        rest = question[found.end(word):]
        end = _CLAUSE_END.search(rest)
        if word == 2 and "," in found.group() and end and end.group() != "?":
            continue  # a relative clause between commas
        clause = rest[:end.start()] if end else rest
        return " ".join(f"{found.group(word)} {clause}".split()[:_ASKING_WORDS])
    return None


def _kind_named(text: str) -> str:
    """The first kind, in the rules' order, named anywhere in ``text``."""
    return next((name for name, pattern in _TYPE_RULES if pattern.search(text)), "other")


def _kind_first_named(phrase: str) -> str:
    """The kind named earliest in ``phrase`` (« quelle date le budget » asks a date)."""
    found = [(match.start(), order, name) for order, (name, pattern) in enumerate(_TYPE_RULES)
             if (match := pattern.search(phrase))]
    return min(found)[2] if found else "other"


def has_evidence(sentence: str, kind: str) -> bool:
    """Whether ``sentence`` holds the kind of answer asked for."""
    checks = {
        "amount": lambda s: bool(find_amounts(s)),
        "share": lambda s: bool(_PERCENT.search(s) or find_amounts(s)),  # « 27,20 % », « 4 000 € »
        "count": lambda s: bool(_COUNT_WORDS.search(s)),
        "duration": lambda s: bool(_DURATION.search(s)),
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


_ASKING_ONLY = frozenset(analyze(  # words that say what is asked, never what it is about
    "montant coût coûte coûté prix somme total date contre pour vote votes nombre combien "
    "alors rapporté rapportée rapporteur résultat voix adopté adoptée abstention abstentions "
    "abstenu"))


def about_nothing(question: str) -> bool:
    """A question that names no subject at all (« Combien ? », « Qui a voté contre ? »,
    « Quel est le montant ? »); « le budget », « le secrétaire » are subjects."""
    return not content_terms(question) - _ASKING_ONLY


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
    thread-safe): the sentences of popular deliberations are embedded once per process. A
    vector reads the first ``MAX_EMBEDDED`` characters of its unit."""

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
            vectors = self.embedder.embed_documents([t[:MAX_EMBEDDED] for t in missing])
            computed = dict(zip(missing, vectors, strict=True))
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
        if units and (listing or units[-1][1].endswith(":")) and _is_item(text, offset):
            merged = _collapsed(text[units[-1][0]: offset + len(sentence)])
            if len(merged) <= _MAX_LIST:  # what lies between, short lines included
                units[-1] = (units[-1][0], merged)
                listing = True
                continue
        listing = False
        if units and _ANAPHORIC.match(sentence):
            start = units[-1][0]
            if "\n\n" not in text[start: offset]:
                units[-1] = (start, _collapsed(text[start: offset + len(sentence)]))
                continue
        units.append((offset, sentence))
    return units


def announced(sentence: Sentence, text: str) -> Sentence:
    """``sentence`` of ``text``, completed by what it announces when it ends on a colon
    ("... d'augmenter les taux comme suit :", "... rapporteur, expose :"): the lines after it,
    verbatim (spaces aside), up to the first that ends a sentence, while the quote stays under
    ``_MAX_LIST`` characters. Quoted alone, such a line answers nothing."""
    end = quote_end(sentence, text) if sentence.text.endswith(":") else None
    if end is None:
        return sentence
    window = text[end: end + 2 * _MAX_LIST]
    taken = 0
    for start, stop in sentence_spans(window):
        if len(sentence.text) + 1 + len(_collapsed(window[:stop])) > _MAX_LIST:
            break
        taken = stop
        if _TERMINAL.search(window[start:stop]):
            break
    if not taken:
        return sentence
    return replace(sentence, text=f"{sentence.text} {_collapsed(window[:taken])}")


def quote_end(sentence: Sentence, text: str) -> int | None:
    """Where ``sentence`` (a unit read from ``text``, its spaces collapsed) ends in ``text``;
    None when the unit is not one stretch of the text from its start (its words, spaces
    aside, are not the text's)."""
    tail = sentence.text.split()[-4:]
    if not tail:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in tail))
    wanted = _collapsed(sentence.text)
    for found in pattern.finditer(text, sentence.start, sentence.start + 3 * len(sentence.text)):
        if _collapsed(text[sentence.start: found.end()]) == wanted:
            return found.end()
    return None


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _is_item(text: str, offset: int) -> bool:
    return text[offset: offset + 1] in ("-", "•", "■", "–", "*")


def candidates(question: str, texts: Sequence[tuple[str, str]], kind: str,
               regions: Mapping[str, Sequence[Region]] | None = None,
               weight: Callable[[str], float] | None = None,
               aside: frozenset[str] = frozenset()) -> list[Sentence]:
    """Every unit of ``texts`` that could be quoted, with its LEXICAL features, unscored; the
    terms ``aside`` (the authority's name: every deliberation read is hers) count for none."""
    terms = content_terms(question) - aside
    cues = [line for asked, line in _CUES if asked.search(question)]
    pool: list[Sentence] = []
    for rank, (delib_id, text) in enumerate(texts):
        units = [_candidate(delib_id, offset, sentence, rank, terms, kind, cues, weight,
                            (regions or {}).get(delib_id, ()))
                 for offset, sentence in answer_units(text)]
        pool += _in_context(units, len(text))
    return pool


def _in_context(units: list[Sentence], length: int) -> list[Sentence]:
    """The units of one text, their features completed by where they sit: the best share of
    the question's words in the unit before or after, whether the unit opens the text, its
    place in the text (0-1), its length (log, about 0-1) and its roles."""
    completed = []
    for i, unit in enumerate(units):
        beside = max((units[j].coverage for j in (i - 1, i + 1) if 0 <= j < len(units)),
                     default=0.0)
        completed.append(replace(unit, features=(
            *unit.features, beside, float(unit.start == 0), unit.start / max(1, length),
            math.log1p(len(unit.text)) / 7, *unit_roles(unit.text))))
    return completed


def eligible(sentence: Sentence, kind: str) -> bool:
    """Whether ``sentence`` may answer: it holds the kind of answer asked (or prints it)."""
    return kind == "other" or sentence.typed


def ranked(pool: Sequence[Sentence], kind: str, vectors: SentenceVectors, vector: np.ndarray,
           reader: ReaderWeights) -> list[Sentence]:
    """The pool by the lexical stage; its best eligible candidates embedded and ranked again
    with their similarity (the shortlist, first); the others after them, in lexical order."""
    order = sorted(pool, key=lambda s: -reader.first(s.features))
    shortlist = [s for s in order if eligible(s, kind)][:reader.shortlist]
    if not shortlist:
        return [replace(s, score=reader.second(s.features, 0.0)) for s in order]
    cosines = vectors([s.text for s in shortlist]) @ vector
    similarity = rescaled(cosines)
    scored = sorted((replace(s, cosine=float(c), score=reader.second(s.features, float(r)))
                     for s, c, r in zip(shortlist, cosines, similarity, strict=True)),
                    key=lambda s: -s.score)
    listed = {(s.deliberation_id, s.start) for s in shortlist}
    return scored + [replace(s, score=reader.second(s.features, 0.0)) for s in order
                     if (s.deliberation_id, s.start) not in listed]


def rescaled(cosines: np.ndarray) -> np.ndarray:
    """Cosines mapped to 0-1 within the shortlist (any model's cosines read the same way)."""
    low, high = float(cosines.min()), float(cosines.max())
    return (cosines - low) / (high - low if high - low > 1e-6 else 1.0)


def _candidate(delib_id: str, offset: int, sentence: str, rank: int, terms: set[str],
               kind: str, cues: list[re.Pattern[str]], weight: Callable[[str], float] | None,
               regions: Sequence[Region]) -> Sentence:
    words = set(analyze(sentence))
    rarity = weight or (lambda _: 1.0)
    total = sum(rarity(term) for term in terms)
    coverage = sum(rarity(term) for term in terms & words) / total if total else 0.0
    typed = offset == 0 if kind == "title" else has_evidence(sentence, kind)
    cued = any(cue.search(sentence) for cue in cues)
    near = max((c for start, end, c in regions if start <= offset < end), default=0.0)
    features = (coverage, 1 / (1 + rank), float(typed and kind != "other"), float(cued), near)
    answers = typed or (cued and kind not in _VALUE_KINDS)  # a list of absents is a count
    return Sentence(delib_id, sentence, offset, rank, 0.0, coverage, answers, cued,
                    features=features)
