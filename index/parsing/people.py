"""People: president, secretary, rapporteur and commission, members present / excused / absent."""

import re

from index.models import Attendance, Member

_TITLE = r"(?:M\.|MM\.|Mme|MME|Mmes|Mlle|Monsieur|Madame)"
_ROLE = r"(?:Maire|Président(?:e)?|Vice-[Pp]résident(?:e)?|Adjoint(?:e)?)"
_UP = r"[A-ZÉÈÀÂÎÔÇ][A-ZÉÈÀÂÎÔÇË'’-]+"
_UPPER = _UP + r"(?: " + _UP + r")?"
_CAP = r"[A-ZÉÈÀ][a-zéèëêàâîïôöûüç'’]+(?:-[A-ZÉ][a-zéèëêàâîïôöûüç]+)?"
_BARE = r"(?:(?:" + _CAP + r" ){1,2}" + _UPPER + r"|" + _UPPER + r"(?: " + _CAP + r")?)"
# A name starts a word: a long capitalised run is then tried once, not from each of its letters.
_NAME = (r"(?<![^\W\d_])(?<!['’-])(?:" + _TITLE + r" (?:l[ea] " + _ROLE + r"|" + _BARE + r"|"
         + _CAP + r")|" + _BARE + r")(?![\w'’])")
_NAME_RE = re.compile(_NAME)
_PRESIDENT = [
    re.compile(r"\bPr[ée]sident(?:e)?(?:\s+de\s+s[ée]ance)?\s*:\s*(" + _NAME + ")"),
    re.compile(r"sous\s+la\s+pr[ée]sidence\s+de\s+(" + _NAME + ")"),
]
_SECRETARY = [
    re.compile(r"[Ss]ecr[ée]taire(?:\s+de\s+s[ée]ance)?\s*:\s*(" + _NAME + ")"),
    re.compile(r"(" + _NAME + r")\s*(?:,\s*)?(?i:(?:a\s+été\s+)?(?:désigné|élu|nommé)e?\s+"
               r"(?:pour\s+(?:assurer|remplir)\s+les\s+fonctions\s+de\s+|comme\s+|"
               r"en\s+qualité\s+de\s+)?secr[ée]taire)"),
]
_VERB = r"(?:expose|EXPOSE|rapporte|RAPPORTE|pr[ée]sente|informe|rappelle|donne\s+lecture)\b"
_CAPNAME = r"[A-ZÉ][a-zéèëïô]+(?:[ -][A-ZÉ][a-zéèëïô]+){1,2}"
# Runs are bounded (a commission name is at most 200 characters): an unbounded one would make
# every name repeated without a verb rescan the rest of its line.
_RAPPORTEUR = [
    re.compile(r"\bRapporteur(?:e)?\s*:\s*(" + _NAME + ")"),
    re.compile(r"(?:^|[.:;0-9)]|\s)(" + _TITLE + r" (?:[lL][ea] " + _ROLE
               + r"(?:\s+de\s+la\s+commission(?:\s+[\w'’]+){1,5}?(?=\s+" + _VERB + r"))?|"
               + _BARE + r"|"
               + _CAP + r"))\s*(?:,\s*au\s+nom\s+de\s+(?P<commission>la\s+commission\b"
               r"[^\n]{0,200}?))?(?:,[^,\n]{1,60},)?\s+" + _VERB),
    re.compile(r"(" + _TITLE + r" " + _BARE + r"),\s+rapporteur"),
    re.compile(r"(?:^|\n|\.\s)(" + _CAPNAME + r")\s+" + _VERB),
]
_LIST_LABELS = {
    "present": r"(?:Membres\s+pr[ée]sents|[ÉE]taient\s+pr[ée]sents|Pr[ée]sents)",
    "excused": r"(?:Membres\s+excus[ée]s|[ÉE]taient\s+excus[ée]s[^:]{0,80}|Excus[ée]s[^:]{0,40}"
               r"|Absents?\s+(?:excus[ée]s\s+)?(?:ayant\s+donn[ée]|repr[ée]sent[ée]s)[^:]{0,60})",
    "absent": r"(?:Membres\s+absents|[ÉE]taient\s+absents|Absents?(?:\s+non\s+excus[ée]s)?)",
}
_STOP = (r"(?=\n\s*\n|\n?\s*(?:Membres\s|[ÉE]taient\s|Pr[ée]sents?\s*:|Excus[ée]s|Absents?|"
         r"Secr[ée]taire|"
         r"Pouvoirs?|Procurations?|Nombre\s+de|Date\s+de|Le\s+quorum|OBJET|Objet)\b|$)")
_PROXY = re.compile(r"\((?:pouvoir|procuration)(?:\s+(?:à|a|donné\s+à))?\s+([^)]+)\)"
                    r"|(?<!\s)\s+(?:(?:donne|a\s+donné)\s*)?(?:pouvoir|procuration)\s+à\s+(.+)$",
                    re.I)
_COUNTS = {
    "in_office": re.compile(r"(?:en\s+exercice|conseillers\s+en\s+fonction)\s*:?\s*(\d{1,3})",
                            re.I),
    "present_count": re.compile(r"(?:pr[ée]sents|membres\s+pr[ée]sents)\s*:\s*(\d{1,3})\b", re.I),
    "voters": re.compile(r"votants\s*:?\s*(\d{1,3})\b", re.I),
}


def person_names(text: str) -> list[str]:
    """Every person named in ``text`` ("M. PETIOT", "Stéphane RABUEL"), in order."""
    return [match[0] for match in _NAME_RE.finditer(text)]


def find_president(text: str) -> str | None:
    return _first(_PRESIDENT, text)


def find_secretary(text: str) -> str | None:
    return _first(_SECRETARY, text)


def find_rapporteur(text: str) -> tuple[str | None, str | None]:
    """(rapporteur, commission) as printed: "Monsieur Bard", "commission de la culture"."""
    for pattern in _RAPPORTEUR:
        match = pattern.search(text)
        if match:
            commission = match.groupdict().get("commission")
            return _clean(match[1]), _clean(commission) if commission else None
    return None, None


def find_attendance(header: str) -> Attendance:
    """Lists and counts of members as printed in a session header."""
    lists = {key: _list_after(label, header) for key, label in _LIST_LABELS.items()}
    excused = tuple(m for m in (_member(item) for item in lists["excused"]) if m)
    absent = tuple(m for m in (_member(item) for item in lists["absent"]) if m)
    present = tuple(m.name for m in (_member(item) for item in lists["present"]) if m)
    counts = {key: _int(pattern, header) for key, pattern in _COUNTS.items()}
    return Attendance(present=present, excused=excused, absent=absent,
                      in_office=counts["in_office"], present_count=counts["present_count"],
                      voters=counts["voters"])


def _list_after(label: str, text: str) -> tuple[str, ...]:
    match = re.search(label + r"\s*:\s*(.+?)" + _STOP, text, re.S)
    if not match or re.fullmatch(r"\s*\d+\s*", match[1]):
        return ()
    items = re.split(r"\s+[-–]\s+|\s*[,;]\s*|\s+et\s+(?=" + _TITLE + ")", match[1])
    return tuple(item for item in (_clean(i).rstrip(".") for i in items) if len(item) > 2)


def _member(item: str) -> Member | None:
    match = _PROXY.search(item)
    head = item[: match.start()] if match else item
    name = _NAME_RE.search(head)
    if not name:
        return None
    proxy = _NAME_RE.search(match[1] or match[2]) if match else None
    return Member(name=name[0], proxy=proxy[0] if proxy else None)


def _first(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return _clean(match[1])
    return None


def _int(pattern: re.Pattern[str], text: str) -> int | None:
    match = pattern.search(text)
    return int(match[1]) if match else None


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip(" ,;:-")
