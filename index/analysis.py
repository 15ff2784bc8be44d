"""French analysis for the lexical index: lowercase, accents folded, elisions, stopwords, stems."""

import re
import unicodedata
from functools import lru_cache

import Stemmer

ANALYZER_VERSION = "fr-snowball-1"
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.I)
_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS_ACCENTED = """
a à au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur
leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se
ses son sur ta te tes toi ton tu un une vos votre vous y été être avoir ont est sont était
comme dont si ni soit afin ainsi aussi entre vers chez sans sous selon lors cela celle celui
ceux ceci tout tous toute toutes plus moins très
"""
_STEMMER = Stemmer.Stemmer("french")


def strip_accents(text: str) -> str:
    """"Délibération" -> "Deliberation": combining marks dropped (NFKD), case kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_accents(text: str) -> str:
    """"Délibération" -> "deliberation" (lowercase, no combining marks, œ/æ expanded)."""
    return strip_accents(text.lower().replace("œ", "oe").replace("æ", "ae"))


STOPWORDS = frozenset(fold_accents(word) for word in _STOPWORDS_ACCENTED.split())


def analyze(text: str) -> list[str]:
    """Index terms of ``text``: elisions split, stopwords dropped, Snowball French stems."""
    folded = fold_accents(_ELISION.sub(" ", text))
    return [_stem(token) for token in _TOKEN.findall(folded) if token not in STOPWORDS]


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    return token if token.isdigit() else _STEMMER.stemWord(token)
