"""Hard requirements a question puts on its answer: the names and figures it states.

A deliberation that lacks a name or a figure of the question ("le LOSC", "le budget primitif
2020") does not answer it, however close its wording; the answering sentence must also stand
near one of the names (a deliberation that mentions the Pass-Musées far from its only amount
does not say what the Pass-Musées costs). This keeps a paraphrased question answerable while a
near-miss one is refused.
"""

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from index.analysis import analyze, fold_accents, strip_accents

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:[-–][A-Za-zÀ-ÖØ-öø-ÿ0-9]+)*")
_FIGURE = re.compile(r"\d[\dA-Za-z]*(?:[-/.]\w+)*")
_DECADE = re.compile(r"\bann[ée]es\s+$", re.I)  # « les années 1970 »
# Capitalised words that name kinds of things, not things: they need not appear verbatim.
_COMMON = frozenset(fold_accents(
    "bureau conseil conseils municipal municipale ville commune metropole europeenne "
    "communaute agglomeration departement region etat maire president presidente adjoint "
    "adjointe monsieur madame m mme mm vice republique france francais francaise la le les "
    "l de du des et en a au aux un une quel quelle quels quelles qui que quoi combien quand "
    "comment pourquoi ou est sont dans pour par sur avec "
    "cc ca cu epci "  # kinds of authority ("la CC de ..."), not names
    "ht ttc").split())  # « le coût HT »: how an amount is counted, not a name


_ROOT = 6  # letters two words must share to be taken for the same root
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:et|de|des|du|la|le|&)\s+)?[A-Z][\w'’-]*)+")


@dataclass(frozen=True)
class Requirements:
    """Names (proper nouns, acronyms, compounds) and figures stated by a question."""

    names: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()


def requirements(question: str, authorities: Iterable[str] = ()) -> Requirements:
    """The names and figures of ``question`` that an answering deliberation must contain;
    ``authorities`` (folded words of the indexed authorities' names) are filters, not names."""
    places = {fold_accents(word) for word in authorities}
    skip = _COMMON | places
    words = _WORD.findall(question)
    names = [word for position, word in enumerate(words)
             if _is_name(word, position) and not _named_authority(word, skip)
             and not (position and words[position - 1].islower() and _inhabitants(word, places))]
    figures = [found[0] for found in _FIGURE.finditer(question)
               if len(found[0]) >= 2 and not _decade(question, found)]
    return Requirements(tuple(dict.fromkeys(names)), tuple(dict.fromkeys(figures)))


_DEMONYM = re.compile(r"[nst]?(?:ais|aise|ois|oise|ien|ienne|in|ine|on|onne|ard|arde|een|eenne)s?")
_ROUND = re.compile(r"(?:1[89]|20)?\d0")
_GOES_ON = re.compile(r"\s*(?:[-–/]|à|au|et)\s*\d")  # « années 2014 à 2020 », « 1970 et 1980 »


def _inhabitants(word: str, places: set[str]) -> bool:
    """The inhabitants of an indexed authority (« les Lannionnais », « des Lillois »): a way to
    name it, not a name the answer must print. The place's word has five letters at least; the
    caller keeps a word that follows a capitalised one (« Crédit Lyonnais », « Union Sportive
    Lannionnaise »): the name of a firm or a club."""
    folded = fold_accents(word)
    return any(len(place) >= 5 and folded.startswith(stem)
               and _DEMONYM.fullmatch(folded[len(stem):]) is not None
               for place in places for stem in {place, place.removesuffix("e")})


def _decade(question: str, figure: re.Match[str]) -> bool:
    """« les années 1970 », « années 80 »: any year of the decade, not a figure to print (a
    range or a list of years after « années » stays one)."""
    return bool(_DECADE.search(question, 0, figure.start()) and _ROUND.fullmatch(figure[0])
                and not _GOES_ON.match(question, figure.end()))


def _named_authority(word: str, skip: frozenset[str] | set[str]) -> bool:
    """A word of an indexed authority's name, compounds included ("Preuilly-sur-Claise" for
    "Commune de Preuilly sur Claise"): a filter, not a name the answer must print."""
    parts = [fold_accents(part) for part in re.split(r"[-–]", word) if part]
    return fold_accents(word) in skip or (bool(parts) and all(part in skip for part in parts))


def missing(required: Requirements, text: str) -> list[str]:
    """What ``text`` (a deliberation with its header) lacks of ``required``."""
    folded = fold_accents(text)
    compact = re.sub(r"[\s.\u202f\u00a0]", "", folded)
    absent = [name for name in required.names if not _has_name(name, text, folded)]
    absent += [figure for figure in required.figures
               if re.sub(r"[\s.]", "", fold_accents(figure)) not in compact]
    return absent


def _spelt_out(acronym: str, text: str) -> bool:
    """Whether a run of capitalised words of ``text`` spells ``acronym`` with the first
    letters of consecutive words ("CLIC": "CLub Innovation et Culture"), linking words
    skipped."""
    for run in _CAPITALISED_RUN.findall(strip_accents(text)):
        words = [word.upper() for word in run.split() if word[0].isupper()]
        if _spelt_from_any(acronym, words):
            return True
    return False


def _spelt_from_any(acronym: str, words: list[str]) -> bool:
    """Whether ``words`` from some word on spell ``acronym``, each with one or more of its
    first letters; each (letter, word) pair is tried once, so « AAAA … » under a long
    made-up acronym stays fast."""
    @functools.cache
    def spells(letter: int, word: int) -> bool:
        if letter == len(acronym):
            return True
        if word == len(words):
            return False
        head = words[word]
        return any(spells(letter + size, word + 1)
                   for size in range(1, min(len(head), len(acronym) - letter) + 1)
                   if head[:size] == acronym[letter:letter + size])
    return any(spells(0, start) for start in range(len(words)))


def _is_name(word: str, position: int) -> bool:
    if word.isdigit() or len(word) < 2:
        return False
    if word.isupper() and any(char.isalpha() for char in word):
        return True  # an acronym: CLIC, PEP, LOSC
    return word[0].isupper() and position > 0


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def _plain(text: str) -> str:
    """``text`` without accents nor ligatures, its capitals kept (« Cœur » -> « Coeur »)."""
    return strip_accents(text.translate(_LIGATURES))


def _has_name(name: str, text: str, folded: str) -> bool:
    """A name is present as such or, an acronym, spelt out ("CLIC": "Club Innovation et
    Culture"); a compound ("Dijon-Volgograd") written with spaces in place of its hyphens, with
    its capitals or all in capitals, or when each capitalised part is in the text."""
    if re.search(rf"(?<!\w){re.escape(fold_accents(name))}(?!\w)", folded):
        return True
    if name.isupper() and name.isalpha() and len(name) >= 3 and _spelt_out(name, text):
        return True
    parts = re.split(r"[-–]", name)
    if len(parts) == 1:
        return False
    plain = _plain(text)
    for written in (parts, [part.upper() for part in parts]):
        spaced = r"[\s'’–-]+".join(re.escape(_plain(part)) for part in written if part)
        if re.search(rf"(?<!\w){spaced}(?!\w)", plain):
            return True  # « Saint Étienne », « SAINT ETIENNE » for « Saint-Étienne »
    return all(re.search(rf"(?<!\w){re.escape(_plain(part))}(?!\w)", plain,
                         re.I if part.isupper() else 0)
               for part in parts if part[:1].isupper())


def coverage(terms: set[str], text: str, idf: Callable[[str], float]) -> float:
    """Share of the subject's weight (rare words weigh more) that ``text`` contains; a term
    also counts when the text has a word of the same root that the stemmer cut elsewhere
    ("renouvelées" / "renouvellement"). A question with no subject left once its filters
    are read ("Qui préside la séance du 28 janvier 2019 ?") asks nothing to cover."""
    if not terms:
        return 1.0
    words = sorted(set(analyze(text)))
    total = sum(idf(term) for term in terms)
    found = sum(idf(term) for term in terms if _has_root(term, words))
    return found / total if total else 0.0


def rarest_missing(terms: set[str], text: str, idf: Callable[[str], float]) -> float:
    """Rarity of the rarest subject term that ``text`` lacks, against the rarest term asked
    (0 when nothing is missing): a question whose most specific word is absent asks about
    something else."""
    if not terms:
        return 0.0
    words = sorted(set(analyze(text)))
    absent = [idf(term) for term in terms if not _has_root(term, words)]
    top = max(idf(term) for term in terms)
    return max(absent, default=0.0) / top if top else 0.0


def _has_root(term: str, words: list[str]) -> bool:
    index = bisect.bisect_left(words, term)
    if index < len(words) and words[index] == term:
        return True
    if len(term) < _ROOT:
        return False
    root = term[:_ROOT]
    index = bisect.bisect_left(words, root)
    while index < len(words) and words[index].startswith(root):
        word = words[index]
        shared = next((i for i, (a, b) in enumerate(zip(term, word, strict=False))
                       if a != b),
                      min(len(term), len(word)))
        if shared >= min(len(term), len(word)) - 2:
            return True
        index += 1
    return False
