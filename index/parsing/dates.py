"""French dates: "28 janvier 2019", "lundi 1er mars 2021", "19/12/2017", and dates in words."""

import re
from datetime import date

MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "decembre": 12, "décembre": 12,
}
MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre")
MONTH_PATTERN = (r"(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|"
                 r"novembre|d[ée]cembre)")
_WEEKDAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
DATE_WORDS = _WEEKDAY + r"(\d{1,2})\s*(?:er|ER|°)?\s+" + MONTH_PATTERN + r"\s+(\d{4})"
DATE_NUMERIC = r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})"
_UNITS = {
    "un": 1, "une": 1, "premier": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30,
}
_NUMBER_WORD = r"(?:premier|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|" \
               r"treize|quatorze|quinze|seize|vingt|trente|et)"
# Numbers in words take a few words at most ("quatre-vingt-dix-neuf"): bounded, so a long run of
# number words is not rescanned from each of its words.
_MORE_WORDS = r"(?:[\s-]+" + _NUMBER_WORD + r"){0,6}"
_YEAR_WORDS = r"(deux[\s-]+mil(?:le)?" + _MORE_WORDS + r")"
DATE_IN_WORDS = (r"\b(" + _NUMBER_WORD + _MORE_WORDS + r")\s+" + MONTH_PATTERN
                 + r"\s+" + _YEAR_WORDS)
YEAR_FIRST = (r"l['’]an\s+" + _YEAR_WORDS + r"\s*,?\s+(?:et\s+)?le\s+(\d{1,2}|" + _NUMBER_WORD
              + _MORE_WORDS + r")(?:er)?\s+" + MONTH_PATTERN)
_WORDS_RE = re.compile(DATE_IN_WORDS, re.I)
_DIGITS_RE = re.compile(DATE_WORDS, re.I)
_NUMERIC_RE = re.compile(DATE_NUMERIC)
_YEAR_FIRST_RE = re.compile(YEAR_FIRST, re.I)


def iso(year: int, month: int, day: int) -> str | None:
    """ISO date, or None when the parts do not make a real date (1990–2100)."""
    if not 1990 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def month_number(name: str) -> int:
    return MONTHS[name.lower().replace("û", "u")]


def words_to_int(words: str) -> int | None:
    """Value of a French number in words up to 2099 ("deux mille vingt-trois" -> 2023)."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "et"]
    if not tokens:
        return None
    total, current = 0, 0
    for token in tokens:
        if token in ("mille", "mil"):
            total += max(current, 1) * 1000
            current = 0
        elif token in _UNITS:
            current += _UNITS[token]
        else:
            return None
    return total + current


def parse_date(text: str) -> str | None:
    """The first date in ``text`` written with digits, a month name, or in words."""
    found = find_dates(text)
    return found[0][1] if found else None


def find_dates(text: str) -> list[tuple[int, str]]:
    """Every (offset, ISO date) in ``text``, in order of appearance."""
    return [(start, value) for start, _, value in date_spans(text)]


def date_spans(text: str) -> list[tuple[int, int, str]]:
    """Every (start, end, ISO date) in ``text``, in order of appearance."""
    hits: list[tuple[int, int, str]] = []
    for match in _DIGITS_RE.finditer(text):
        value = iso(int(match[3]), month_number(match[2]), int(match[1]))
        if value:
            hits.append((match.start(), match.end(), value))
    for match in _NUMERIC_RE.finditer(text):
        value = iso(int(match[3]), int(match[2]), int(match[1]))
        if value:
            hits.append((match.start(), match.end(), value))
    for match in _WORDS_RE.finditer(text):
        day, year = words_to_int(match[1]), words_to_int(match[3])
        if day and year:
            value = iso(year, month_number(match[2]), day)
            if value:
                hits.append((match.start(), match.end(), value))
    for match in _YEAR_FIRST_RE.finditer(text):
        year = words_to_int(match[1])
        day = int(match[2]) if match[2].isdigit() else words_to_int(match[2])
        if day and year:
            value = iso(year, month_number(match[3]), day)
            if value:
                hits.append((match.start(), match.end(), value))
    return sorted(hits)


def french_date(iso_date: str) -> str:
    """"2019-01-28" -> "28 janvier 2019" ("1er" for the first day)."""
    parsed = date.fromisoformat(iso_date)
    day = "1er" if parsed.day == 1 else str(parsed.day)
    return f"{day} {MONTH_NAMES[parsed.month - 1]} {parsed.year}"
