"""Filters read from the question: years, date ranges, a session, an authority, "le dernier"."""

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from index.analysis import analyze, fold_accents
from index.models import Filters
from index.parsing.dates import DATE_NUMERIC, DATE_WORDS, MONTH_PATTERN, MONTHS, parse_date

_YEAR = r"((?:19|20)\d{2})"
_SESSION = re.compile(r"(?:\b(?:lors\s+de\s+la|à\s+la|de\s+la|en)\s+)?\bs[ée]ance"
                      r"(?:\s+(?:du|de\s+la|de\s+l['’])\s+[^\d?.!]{1,60}?)?\s+du\s+(?:"
                      + DATE_WORDS + "|" + DATE_NUMERIC + ")", re.I)
_BETWEEN_MONTHS = re.compile(r"entre\s+(?:le\s+mois\s+de\s+)?" + MONTH_PATTERN + r"(?:\s+" + _YEAR
                             + r")?\s+et\s+" + MONTH_PATTERN + r"\s+" + _YEAR, re.I)
_BETWEEN_YEARS = re.compile(r"entre\s+" + _YEAR + r"\s+et\s+" + _YEAR, re.I)
_SINCE = re.compile(r"(?:depuis|à\s+partir\s+de|après)\s+(?:" + MONTH_PATTERN + r"\s+)?"
                    + _YEAR, re.I)
_UNTIL = re.compile(r"(?:avant|jusqu['’]en|jusqu['’]à)\s+(?:" + MONTH_PATTERN + r"\s+)?"
                    + _YEAR, re.I)
_MONTH_AND_YEAR = re.compile(r"\ben\s+" + MONTH_PATTERN + r"\s+" + _YEAR, re.I)
_IN_YEAR = re.compile(r"\b(?:en|pour|de|durant|pendant\s+l['’]ann[ée]e)\s+" + _YEAR + r"\b", re.I)
_LAST = re.compile(r"(?:le|la|au|du|lors\s+du|lors\s+de\s+la)\s+derni(?:er|ère)\s+"
                   r"(?:conseil|s[ée]ance|r[ée]union|bureau)", re.I)
_PLACE_STOP = {"ville", "commune", "metropole", "europeenne", "communaute", "agglomeration",
               "agglo", "communes", "departement", "conseil", "de", "du", "des", "la", "le",
               "les", "d", "l", "et", "sur", "en", "ca", "cc", "cu"}  # CA, CC: kinds, not names


def extract_filters(question: str, collectivities: Iterable[str]) -> tuple[Filters, str]:
    """Filters stated in ``question`` and the question with those phrases removed.

    ``collectivities`` are the names present in the index; one is kept when the question names
    its distinctive words ("à Dijon" -> "Ville de Dijon", "la Métropole de Lille" -> "Métropole
    Européenne de Lille").
    """
    filters, rest = _dates(Filters(), question)
    if _LAST.search(rest):
        filters = replace(filters, last_session=True)
        rest = _LAST.sub(" ", rest)
    named = _named_collectivities(question, collectivities)
    if named:
        filters = replace(filters, collectivities=named)
    return filters, re.sub(r"\s+", " ", rest).strip()


def _dates(filters: Filters, text: str) -> tuple[Filters, str]:
    """An explicit session date restricts; a year, a month or a range only ranks."""
    match = _SESSION.search(text)
    if match:
        day = parse_date(match[0])
        filters = replace(filters, date_from=day, date_to=day)
        text = _SESSION.sub(" ", text)  # a follow-up also carries the earlier turn's dates
    for pattern, read in ((_BETWEEN_MONTHS, _between_months), (_BETWEEN_YEARS, _between_years),
                          (_MONTH_AND_YEAR, _month_year), (_SINCE, _since), (_UNTIL, _until),
                          (_IN_YEAR, _in_year)):
        match = pattern.search(text)
        if match:
            start, end = read(match)
            filters = replace(filters, prefer_from=filters.prefer_from or start,
                              prefer_to=filters.prefer_to or end)  # the most precise first
            text = pattern.sub(" ", text)
    return filters, text


def _between_months(match: re.Match[str]) -> tuple[str | None, str | None]:
    end_year = int(match[4])
    start_year = int(match[2]) if match[2] else end_year
    return _month_start(start_year, match[1]), _month_end(end_year, match[3])


def _between_years(match: re.Match[str]) -> tuple[str | None, str | None]:
    return f"{match[1]}-01-01", f"{match[2]}-12-31"


def _month_year(match: re.Match[str]) -> tuple[str | None, str | None]:
    year = int(match[2])
    return _month_start(year, match[1]), _month_end(year, match[1])


def _since(match: re.Match[str]) -> tuple[str | None, str | None]:
    year = int(match[2])
    return (_month_start(year, match[1]) if match[1] else f"{year}-01-01"), None


def _until(match: re.Match[str]) -> tuple[str | None, str | None]:
    year = int(match[2])
    return None, (_month_end(year, match[1]) if match[1] else f"{year}-12-31")


def _in_year(match: re.Match[str]) -> tuple[str | None, str | None]:
    return f"{match[1]}-01-01", f"{match[1]}-12-31"


def _month_start(year: int, month: str) -> str:
    return f"{year}-{MONTHS[fold_accents(month)]:02d}-01"


def _month_end(year: int, month: str) -> str:
    number = MONTHS[fold_accents(month)]
    return f"{year}-{number:02d}-{calendar.monthrange(year, number)[1]:02d}"


def _named_collectivities(text: str, names: Iterable[str]) -> tuple[str, ...]:
    words = set(re.findall(r"[a-z0-9]+", fold_accents(text)))
    found = []
    for name in names:
        distinctive = set(re.findall(r"[a-z0-9]+", fold_accents(name))) - _PLACE_STOP
        initials = acronym(name)
        if (distinctive and all(_named(word, words) for word in distinctive)) or (
                initials and initials in words):
            found.append(name)
    return tuple(found)


def _named(place: str, words: set[str]) -> bool:
    """The place's word, or one derived from it or it from one ("niortais" and "Niort Agglo",
    "Niort" and "Communauté d'Agglomération du Niortais"), five letters in common at least."""
    return place in words or any(
        min(len(word), len(place)) >= 5 and (word.startswith(place) or place.startswith(word))
        for word in words)


def naming_terms(question: str, names: Iterable[str]) -> frozenset[str]:
    """The analysed words by which ``question`` names authorities of ``names``: those it names
    whole, as the filters read them, or mostly, at least two words of a name or all of them,
    legal forms aside (« à Guingamp-Paimpol Agglomération » for « CA Guingamp-Paimpol
    Agglomération de l'Armor à l'Argoat »). A word the question uses twice or more stays a word
    of its subject (« le prix de l'eau au Syndicat des eaux du Val de Saône » keeps « eau »,
    whatever other names of the index print it); « le château » asked of Dijon is not
    Onet-le-Château's, and an authority picked in the filters but not named in the question
    sets nothing aside."""
    names = list(dict.fromkeys(names))
    asked = Counter(analyze(question))
    whole = set(_named_collectivities(question, names))
    printed: set[str] = set()
    for name in names:
        if name in whole:
            printed |= set(analyze(f"{name} {acronym(name)}"))
        elif _mostly_named(_name_stems(name), asked.keys()):
            printed |= _name_stems(name)
    return frozenset(term for term in printed if asked[term] == 1)


def _mostly_named(own: frozenset[str], asked: Iterable[str]) -> bool:
    found = len(own.intersection(asked))
    return bool(own) and (found == len(own) or (found >= 2 and found * 2 >= len(own)))


_LEGAL_FORMS = frozenset(analyze("CA CC CU commune ville communauté agglomération métropole "
                                  "syndicat mairie"))  # the kind of authority, not its name


@dataclass(frozen=True)
class Headings:
    """The indexed authorities' names as a line that does nothing but name one reads them:
    its words, legal form aside, are one authority's whole name (« Commune de CHEMERE »,
    « VILLE DE CACHAN », a heading repeated on every page). Quoted, such a line answers no
    question. Built once per list of names: a line is checked in the same time for 40 names or
    4,000."""

    stems: frozenset[frozenset[str]]
    longest: int  # characters: a longer line holds more than a name

    @classmethod
    def of(cls, names: Iterable[str]) -> "Headings":
        names = list(names)
        stems = frozenset(stems for stems in map(_name_stems, names) if stems)
        return cls(stems, 2 * max(map(len, names), default=0))

    def names_only(self, text: str) -> bool:
        """Whether ``text`` merely names an authority; a line ending on a colon announces
        what follows (« Pour la commune : »), it is never one."""
        if len(text) > self.longest or text.rstrip().endswith(":"):
            return False
        return frozenset(analyze(text)) - _LEGAL_FORMS in self.stems


@lru_cache(maxsize=4096)
def _name_stems(name: str) -> frozenset[str]:
    """An authority's name as analysed, legal forms aside (read once per name)."""
    return frozenset(analyze(name)) - _LEGAL_FORMS


def acronym(name: str) -> str:
    """"Métropole Européenne de Lille" -> "mel" (3 letters or more, else "")."""
    letters = "".join(word[0] for word in re.findall(r"\b[A-ZÉÈ][\w'’-]*", name))
    return fold_accents(letters) if len(letters) >= 3 else ""


def authority_words(names: Iterable[str]) -> str:
    """The words and acronyms naming the indexed authorities (a filter, not a subject)."""
    return " ".join(f"{name} {acronym(name)}" for name in names)

