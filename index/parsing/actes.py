"""Prefecture stamp: the @ctes act identifier and the transmission / reception dates."""

import re

from index.models import ActesId
from index.parsing.dates import DATE_NUMERIC, DATE_WORDS, MONTH_PATTERN, parse_date

_ACTES_RE = re.compile(
    r"\b(\d{3}|02[AB])-(\d{9})-(\d{8})-([A-Za-z0-9_./-]{1,60}?)-(DE|AR|AI|CC|BF|AU)\b", re.I)
_DATE = "(" + DATE_NUMERIC + "|" + DATE_WORDS + ")"
_TRANSMISSION_RE = re.compile(
    r"(?:date\s+de\s+t[ée]l[ée]transmission|envoy[ée]e?\s+en\s+pr[ée]fecture\s+le|"
    r"envoi\s+pr[ée]fecture\s+le|transmise?\s+(?:en|à\s+la)\s+pr[ée]fecture\s+le)\s*:?\s*" + _DATE,
    re.I)
_RECEPTION_RE = re.compile(
    r"(?:date\s+de\s+r[ée]ception\s+(?:en\s+)?pr[ée]fecture|re[çc]u(?:e)?\s+en\s+pr[ée]fecture\s+le|"
    r"retour\s+pr[ée]fecture\s+le|accus[ée]\s+de\s+r[ée]ception\s+le)\s*:?\s*" + _DATE, re.I)


def find_actes(text: str) -> ActesId | None:
    """The first @ctes identifier whose decision date is a real date."""
    for match in _ACTES_RE.finditer(text):
        raw_date = match[3]
        iso_date = f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:]}"
        if parse_date(f"{raw_date[6:]}/{raw_date[4:6]}/{raw_date[:4]}"):
            return ActesId(raw=match[0], department=match[1].upper(), siren=match[2],
                           decision_date=iso_date, internal_number=match[4],
                           nature=match[5].upper())
    return None


def find_transmission_dates(text: str) -> tuple[str | None, str | None]:
    """(transmission date, reception date) stamped by the prefecture, ISO, when printed."""
    sent = _TRANSMISSION_RE.search(text)
    received = _RECEPTION_RE.search(text)
    return (parse_date(sent[1]) if sent else None, parse_date(received[1]) if received else None)


_DAY = (r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}|\d{2})(?!\d)|"
        r"\d{1,2}\s*(?:er)?\s+(?i:" + MONTH_PATTERN + r")\s+\d{4})(?!\s*,\s*[a-zà-ÿ])")  # « …, la »
_ID = f"(?i:{_ACTES_RE.pattern})"
# Each opens with its capital, as stamps print it (not « … a été envoyée en préfecture le »).
_STAMP_STRONG = (
    r"E(?i:nvoy[ée]e?\s+en\s+pr[ée]fecture\s+le|nvoi\s+pr[ée]fecture\s+le)\s*:?\s*" + _DAY,
    r"R(?i:e[çc]ue?\s+en\s+pr[ée]fecture\s+le|etour\s+pr[ée]fecture\s+le)\s*:?\s*" + _DAY,
    r"D(?i:ate\s+de\s+(?:t[ée]l[ée]transmission|r[ée]ception(?:\s+en)?\s+pr[ée]fecture))\s*:?\s*"
    + _DAY,
    r"A(?i:ccus[ée]\s+de\s+r[ée]ception(?:\s+en)?\s+pr[ée]fecture)(?!\s+(?:de\s+la|du|des)\b)"
    r"(?:\s*:?\s*(?:\d{3}|02[AB])-\d{9}-\d{8}-[\w.-]+)?",  # its own number (« …-3AR »)
    r"ID\s*:\s*" + _ID)
_STAMP_LINE = "(?:" + "|".join(_STAMP_STRONG) + ")"
_PUBLISHED = r"(?:Publi[ée]e?|Affich[ée]e?)\s+le\s*:?"
# A run opens with a stamp line or a dated « Publié le »; inside it, « Publié le » without a
# date and an act identifier alone are stamp lines too (alone, they are a sentence's: « La
# délibération 041-…-DE du 27 juin », « Publié le 3 mars »).
_FIRST = "(?:" + _STAMP_LINE + "|" + _PUBLISHED + r"\s*" + _DAY + ")"
_NEXT = "(?:" + _STAMP_LINE + "|" + _PUBLISHED + r"(?:\s*" + _DAY + ")?|" + _ID + ")"
_STAMP_RUN = re.compile(r"(?<![\w-])" + _FIRST + r"(?:\s*" + _NEXT + ")*")
_STRONG = re.compile(_STAMP_LINE)


def stamp_spans(line: str) -> list[tuple[int, int]]:
    """Where the prefecture stamp blocks of ``line`` are (« Envoyé en préfecture le … Reçu en
    préfecture le … Publié le … ID : 041-…-DE »): runs of stamp lines, one at least naming the
    prefecture or printing the act's identifier (« Publié le 3 mars » alone is a sentence's)."""
    return [(m.start(), m.end()) for m in _STAMP_RUN.finditer(line) if _STRONG.search(m[0])]
