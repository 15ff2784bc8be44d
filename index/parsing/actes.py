"""Prefecture stamp: the @ctes act identifier and the transmission / reception dates."""

import re

from index.models import ActesId
from index.parsing.dates import DATE_NUMERIC, DATE_WORDS, parse_date

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
