"""Session-level and object-level fields: session date, collectivity, body, number, object.

Each field is a list of rules tried in order; a new layout needs a new rule, not a rewrite.
"""

import re

from index.parsing.dates import DATE_IN_WORDS, DATE_NUMERIC, DATE_WORDS, YEAR_FIRST, parse_date
from index.parsing.titles import clip_title

_ANY_DATE = "(" + DATE_WORDS + "|" + DATE_NUMERIC + "|" + DATE_IN_WORDS + "|" + YEAR_FIRST + ")"
_BODY_WORDS = (r"(?:conseil\s+municipal|conseil\s+communautaire|conseil\s+de\s+communaut[ée]|"
               r"conseil\s+m[ée]tropolitain|conseil\s+d[ée]partemental|conseil\s+r[ée]gional|"
               r"comit[ée]\s+syndical|bureau(?:\s+communautaire|\s+m[ée]tropolitain)?|"
               r"commission\s+permanente|conseil\s+d['’]administration)")
SESSION_RULES = [
    re.compile(r"(?:^|(?<=[\s.]))" + YEAR_FIRST, re.I),
    re.compile(r"s[ée]ance\s+(?:publique\s+|ordinaire\s+|extraordinaire\s+|pl[ée]ni[èe]re\s+)?"
               r"du\s*:?\s*" + _ANY_DATE, re.I),
    re.compile(_BODY_WORDS + r"\s+(?:du\s+|en\s+date\s+du\s+|le\s+)?:?\s*" + _ANY_DATE, re.I),
    re.compile(r"r[ée]uni(?:e|s)?\s+(?:en\s+s[ée]ance\s+\w+\s+)?(?:à\s+[^,]{1,60},?\s+)?le\s+"
               + _ANY_DATE, re.I),
    re.compile(r"s[ée]ance\s+du\s*:?\s*" + _ANY_DATE, re.I),
    re.compile(r"(?:examin[ée]e?s?|d[ée]lib[ée]r[ée]e?s?)\s+(?:le|en\s+s[ée]ance\s+du)\s+"
               + _ANY_DATE, re.I),
]
_PAST = re.compile(r"approbation|pr[ée]c[ée]dent|"
                   r"\b(?:la|une|sa|par|de|cette)\s+d[ée]lib[ée]ration\b", re.I)
_NOT_SESSION = re.compile(r"(convocation|convoqu|t[ée]l[ée]transmission|pr[ée]fecture|publi[ée]|"
                          r"affich|envoy|re[çc]u|notifi|transmis)", re.I)

BODY_RULES = [
    ("bureau", re.compile(r"D[ÉE]LIB[ÉE]RATION\s+DU\s+BUREAU|\bBureau\s+(?:de\s+la\s+M[ée]tropole|"
                          r"communautaire|m[ée]tropolitain)", re.I)),
    ("commission permanente", re.compile(r"commission\s+permanente", re.I)),
    ("conseil municipal", re.compile(r"conseil\s+municipal", re.I)),
    ("conseil communautaire",
     re.compile(r"conseil\s+(?:communautaire|de\s+(?:la\s+)?communaut[ée])", re.I)),
    ("conseil métropolitain",
     re.compile(r"conseil\s+(?:m[ée]tropolitain|de\s+(?:la\s+)?m[ée]tropole)", re.I)),
    ("conseil départemental", re.compile(r"conseil\s+d[ée]partemental", re.I)),
    ("conseil régional", re.compile(r"conseil\s+r[ée]gional", re.I)),
    ("comité syndical", re.compile(r"comit[ée]\s+syndical", re.I)),
]
_NUMBER_TOKEN = r"([A-Z]{0,6}[ _/-]?\d[\w]*(?:[./_-][\w]+)*)"
_NOT_REPORT = r"(?<!RAPPORT)(?<!Rapport)"
NUMBER_RULES = [
    re.compile(r"(?:^|\n)[^\S\n]*(\d{2}-[A-Z]{1,3}-\d{3,5})\s*(?:\n|$)"),
    re.compile(r"\b(?:D[ÉE]LIB[ÉE]RATION|D[ée]lib[ée]ration|DCM|DEL|Acte)"
               r"(?:\s+du\s+(?:[Cc]onseil|[Bb]ureau)\s+\w+)?\s*(?:n[°o]|N[°O]|num[ée]ro)\s*"
               r"[:.]?\s*" + _NUMBER_TOKEN),
    re.compile(r"(?:^|\n|" + _NOT_REPORT + r"\s)N[°o]\s*(?:de\s+la\s+d[ée]lib[ée]ration\s*)?:?\s*"
               r"(\d{1,4}[/_.-]\d{1,4}(?:[/_.-]\d{1,4})?)\b"),
    re.compile(r"(?<!-)\b(DCM[\s_-]?\d{2}[.\d]+\d|DEL[_-]?\d{4}[_-]\d{2,4}|D\d{4}(?:[_-]\d{2,4})+)\b"),
    re.compile(r"(?:^|\n|\s)(20\d{2}/(?!20\d{2}\b)\d{2,4})\s"),
    re.compile(r"(?:^|" + _NOT_REPORT + r"\s)[Nn][°o]\s*(\d{1,6}(?:[ /_.-]\d{1,4}){1,2})"
               r"\s+[-–—:]\s+"
               r"(?=[A-ZÉ])"),
    re.compile(r"(?<![\w/.-])(?<!article\s)(?<!articles\s)"
               r"((?:[A-Z]{2,6}[_/-]?\d{1,4}|[A-Z]{1,6}[_/-]?20\d{2})(?:[/_.-]\d{1,4}){1,3})"
               r"(?![\w/])\s+(?=[^\W\d_])"),
]
_REFERENCE = re.compile(  # "adopté par délibération n° X du ...": an earlier act, not this one
    r"\b(?:par|la|sa|une|cette|vu|notre|ladite|précédente)\s+"
    r"(?:d[ée]lib[ée]rations?\s*)?(?:n[°o]\s*)?$", re.I)
_AFTER_NUMBER = re.compile(r"[\s_:.–—-]*(?:du\s+" + _ANY_DATE + r"\s*[:.–—-]*\s*)?")
_MIN_TITLE = 12
_NOT_TITLE = re.compile(r"^(?:Pr[ée]sents?|Membres|S[ée]ance|Nombre|Date|Secr[ée]taire)\b"
                        r"|EXTRAIT|REGISTRE|R[ÉE]PUBLIQUE")
OBJECT_RULES = [
    re.compile(r"OBJET\s+DE\s+LA\s+D[ÉE]LIB[ÉE]RATION\s*:?\s*\n+\s*([^\n]+)"),
    re.compile(r"D[ÉE]LIB[ÉE]RATION\s+(?:DU|DE\s+LA)\s+(?:BUREAU|CONSEIL(?: [A-ZÉ]+)?|"
               r"COMMISSION(?: [A-ZÉ]+)?)\s*\n+\s*([^\n]+)"),
    re.compile(r"(?:^|\n|\s)(?:OBJET|Objet)\s*(?:de\s+la\s+d[ée]lib[ée]ration\s*)?[:.-]\s*([^\n]+)"),
]


def find_session_date(text: str) -> str | None:
    """Meeting date: a "Séance du ..." style rule first, never a transmission date."""
    for rule in SESSION_RULES:
        for match in rule.finditer(text):
            before = text[max(0, match.start() - 40): match.start()]
            if _NOT_SESSION.search(before) and rule not in SESSION_RULES[:2]:
                continue
            if _PAST.search(text, max(0, match.start() - 80), match.start()):
                continue
            found = parse_date(match[0])
            if found:
                return found
    return None


def find_body(text: str) -> str | None:
    """Deciding assembly, the earliest named in the header."""
    hits = [(match.start(), name) for name, rule in BODY_RULES if (match := rule.search(text))]
    return min(hits)[1] if hits else None


def find_number(text: str) -> str | None:
    """The deliberation's own number as printed ("22-B-0183", "DEL_20220628_1")."""
    match = _number_match(text)
    return match[1].strip() if match else None


def _number_match(text: str) -> re.Match[str] | None:
    for rule in NUMBER_RULES:
        for match in rule.finditer(text):
            if not _REFERENCE.search(text, max(0, match.start() - 40), match.start()):
                return match
    return None


def find_object(text: str) -> tuple[str | None, int]:
    """Object (title) and the offset where it ends; the title runs to the end of its paragraph."""
    for rule in OBJECT_RULES:
        match = rule.search(text)
        if match and len(match[1].strip()) > 3:
            title = clip_title(match[1])
            return title, match.start(1) + len(title)
    return _object_after_number(text)


def _object_after_number(text: str) -> tuple[str | None, int]:
    """The title printed right after the deliberation number ("D2023-01-003 URBANISME - ...")."""
    match = _number_match(text)
    if not match:
        return None, 0
    line_end = text.find("\n", match.end(1))
    after = _AFTER_NUMBER.match(text, match.end(1))
    start = after.end() if after else match.end(1)
    title = clip_title(text[start: line_end if line_end >= 0 else len(text)])
    if len(title) < _MIN_TITLE or not title[0].isalpha() or _NOT_TITLE.search(title):
        return None, 0
    return title, start + len(title)
