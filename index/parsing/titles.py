"""Object titles: where a title captured from flattened text stops, and what wraps it."""

import re
from collections import Counter

_STOP = re.compile(  # a whitespace run is tried from its start only
    r"(?<!\s)\s+(?=(?:Rapporteur|Monsieur\s+le\s+Maire|Madame\s+la\s+Maire|"
    r"(?:M\.|Monsieur)\s+le\s+(?:Maire|Pr[ée]sident)|(?:Mme|Madame)\s+la\s+(?:Maire|Pr[ée]sidente)|"
    r"Le\s+Conseil|LE\s+CONSEIL|Le\s+conseil\s+(?:municipal|communautaire|m[ée]tropolitain|"
    r"syndical|d[ée]partemental|r[ée]gional|de\s+(?:la\s+)?(?:communaut[ée]|m[ée]tropole))|"
    r"Le\s+conseil(?=\s*,\s*apr[èe]s\s+en\s+avoir)|Le\s+Bureau|La\s+[Cc]ommission\s+permanente|"
    r"(?:Vu|VU)\s+(?:le|la|les|l['’])|Expos[ée]|EXPOS[ÉE]|"
    r"Après\s+en\s+avoir|Nombre\s+de|Membres\s|ADOPT[ÉE]E?S?|PREND\s+ACTE|"
    r"A\s+L['’]+\s?UNANIMIT|Conform[ée]ment\s|Consid[ée]rant|CONSID[ÉE]RANT|Page\s+\d|"
    r"Le\s+secr[ée]taire|Les\s+pr[ée]sentes|D[ée]cisions?\s+(?:valant|n°|prises)|Fait\s+et\s+d[ée]lib|"
    r"Pour\s+extrait|La\s+s[ée]ance\s+est\s+lev|L['’]ordre\s+du\s+jour\s+[ée]tant|"
    r"Compte\s+tenu|Dans\s+le\s+cadre|Par\s+d[ée]lib[ée]ration|Suite\s+(?:[àa]|aux?)|"
    r"Il\s+est\s+(?:rappel|propos|expos|demand|pr[ée]cis)\w*)\b)"  # the exposé starts
    r"|(?<!\s)(?<!\bla)(?<!\bde)(?<!\bcette)(?<!\bpar)(?<!\bune)(?<!\bpour)(?<!\bsa)\s+"
    r"(?=(?:Pr[ée]sents?|OBJET|Objet)\s*:|D[ée]lib[ée]ration\s+n[°o]\s*\d|"  # a next field,
    r"D[ÉE]LIB[ÉE]RATION\s+N[°O]\s*\d)"  # not « de la Délibération n° 12 » named in the title
    r"|(?<!\s)\s+(?=(?:M\.|Mme|Monsieur|Madame)\s+(?:l[ea]\s+)?[\w'’-]+(?:\s+[\w'’-]+)?(?:,[^,]{1,60},)?\s+"
    r"(?:expose|EXPOSE|rappelle|informe|pr[ée]sente|propose|a\s+fait|donne)\b"
    r"|(?:M\.|Mme|Monsieur|Madame)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s*,\s*rapporteure?\b)"
    r"|(?<!\s)\s+(?=[A-Z]{1,5}[ _-]?\d{2}[.,_/]\d{1,3}(?:[.,_/]\d{1,4})+\b)"
    r"|\s[|.,;]\s|\s?\||\s(?=[IVX]{1,5}\s?[.)]\s?[A-ZÉ])")
_PREFIX = re.compile(
    r"^[\s\[|:.–—-]*(?:(?:(?:RAPPORT|Rapport|D[ÉE]LIB[ÉE]RATION|D[ée]lib[ée]ration)\s+)?"
    r"(?:n[°o]|N[°O])\s*[\w/.-]+(?:\s[\w/.-]*\d[\w/.-]*)?\s*[:–—-]+\s*"
    r"|(?:examin[ée]e?|adopt[ée]e?|vot[ée]e?)\s+le\s+\d{1,2}(?:er)?\s+\w+\s+\d{4}\s*[–—-]+\s*"
    r"|(?:OBJET|Objet)\s*[:.-]\s*)")
_STATUS_END = re.compile(
    r"(?<![\s–—-])[\s–—-]*(?:(?:approuv|adopt|rejet)[ée]e?s?|(?:APPROUV|ADOPT|REJET)[ÉE]E?S?"
    r"|[àa]\s+l['’]\s?unanimit[ée]|[àa]\s+la\s+majorit[ée])\s*$", re.I)
_STATUS_INSIDE = re.compile(r"\s(?:Approuv[ée]e?|APPROUV[ÉE]E?)(?=\s)")
_HEADING_END = re.compile(r"(?<!\s)(?:\s+[A-ZÉÈÀÂÎÔÇ]{2,}+(?:\s*[/,&–-])*+){2,}$")
_LABEL = re.compile(r"[A-ZÉÈÀ][\w'’-]*(?: [\w'’-]+){0,3}$")
_TRAILING_NAME = re.compile(
    r"(?<!\s[àa])(?<!\sde)(?<!\spar)(?<!\sau)(?<!\sdu)(?<!M\.)(?<!Mme)\s"
    r"((?:M\.|Mme|Monsieur|Madame)\s+(?:LE|LA|[Ll]e|[Ll]a)\s+[A-ZÉ][\w-]+"
    r"|[A-ZÉ][a-zéèëï]+(?:-[A-ZÉ][a-zéèëï]+)?(?:\s+[A-ZÉÈ][A-ZÉÈ'’-]+){1,3})"
    r"(?:\s+[A-ZÉ][a-zé][\w'’-]*(?:\s+[\w'’-]+){0,2})?[\s\d]*$")
_MAX_TITLE = 400
_MAX_RAW = 5 * _MAX_TITLE  # a title is cut to _MAX_TITLE anyway: never scan a whole flat line


def clip_title(raw: str, keep: int = 0) -> str:
    """Cut a title captured from flattened text where the exposé or the next field starts
    (not within its first ``keep`` characters, known to be title)."""
    raw = raw[:_MAX_RAW]
    stop = _STOP.search(raw, min(keep, len(raw)))
    title = raw[: stop.start()] if stop else raw
    if len(title) > _MAX_TITLE:
        title = title[: title.rfind(" ", 0, _MAX_TITLE)]
    return _tidy(title)


def clean_title(raw: str, keep: int = 0) -> str:
    """Title announced by an item marker, without number prefix, vote status or next heading;
    its first ``keep`` characters are title (never cut where the exposé would start). A title
    read from its own lines (``keep`` given) ends where they end: capitals closing it are its
    words ("... à la SA ESPACE DOMICILE"), not a next heading glued to flattened text."""
    title = _PREFIX.sub("", raw[:_MAX_RAW], count=1)
    keep = max(0, keep - (len(raw) - len(title)))
    title = clip_title(_STATUS_INSIDE.sub("", title), keep)
    title = _STATUS_END.sub("", title)
    heading = None if keep else _HEADING_END.search(title)
    if heading and re.search(r"[a-zé]{3}", title[: heading.start()]):
        title = title[: heading.start()]
    return _tidy(title)


def split_reporters(titles: list[str | None]) -> list[tuple[str | None, str | None]]:
    """Agenda lines ending with their rapporteur ("... des listes M. LE MAIRE"): both parts.

    A name counts only when it ends two lines or more (a rapporteur column, not a title).
    """
    found = [_TRAILING_NAME.search(title.rstrip()[-120:]) if title else None for title in titles]
    names = Counter(match[1] for match in found if match)
    result: list[tuple[str | None, str | None]] = []
    for title, match in zip(titles, found, strict=True):
        if title and match and names[match[1]] >= 2:
            result.append((title.rstrip()[: -len(match[0])], match[1]))
        else:
            result.append((title, None))
    return result


def drop_trailing_labels(titles: list[str | None]) -> list[str | None]:
    """Remove a section label printed before several item markers from the previous titles."""
    tails: Counter[str] = Counter()
    for title in titles[:-1]:
        tails.update(_label_candidates(title or ""))
    labels = sorted((tail for tail, count in tails.items() if count >= 2), key=len, reverse=True)
    if not labels:
        return titles
    return [_strip_label(title, labels) if title else title for title in titles]


def _label_candidates(title: str) -> set[str]:
    """Last words of a title standing after a full stop: a heading printed before the marker."""
    words = title.rstrip().split(" ")
    found = set()
    for size in range(1, 5):
        if size >= len(words) or not words[-size - 1].endswith("."):
            continue
        tail = " ".join(words[-size:])
        if _LABEL.fullmatch(tail) and not re.search(r"\d", tail):
            found.add(tail)
    return found


def _strip_label(title: str, labels: list[str]) -> str:
    for label in labels:
        if title.rstrip().endswith(" " + label):
            return title.rstrip()[: -len(label) - 1]
    return title


def _tidy(value: str) -> str:
    """Spaces collapsed; no dangling punctuation nor a stray bullet letter at the ends."""
    value = re.sub(r"\s+", " ", value).strip(" ,;:-–—*\"|[")
    return re.sub(r"\s[a-z•●■]$", "", value)
