"""The deciding authority as printed: "Ville de Dijon", "Communauté de Communes du Val de Drôme"."""

import re

from index.analysis import fold_accents

_OF = r"(?=(?:de|DE|d['’]|D['’])\s?\S)"
_KIND = (
    r"(?:M[ée]tropole|METROPOLE)\s+(?:[Ee]urop[ée]enne\s+de\s+|EUROP[ÉE]ENNE\s+DE\s+)?(?=\S)",
    r"(?:Communaut[ée]|COMMUNAUT[ÉE])\s+(?:de\s+[Cc]ommunes|d['’]\s?[Aa]gglom[ée]ration|[Uu]rbaine|"
    r"DE\s+COMMUNES|D['’]\s?AGGLOM[ÉE]RATION)\s+(?=\S)",
    r"(?<!H[ôo]tel\sde\s)(?:Ville|Commune|VILLE|COMMUNE)\s+" + _OF,
    r"(?:(?<=unicipal de la )|(?<=UNICIPAL DE LA ))(?:commune|ville)\s+" + _OF,
)
_TOWN_HALL = r"(?:Mairie|MAIRIE)\s+" + _OF
_DEPARTMENT = (r"(?:D[ée]partement|D[ÉE]PARTEMENT|Conseil\s+d[ée]partemental)\s+"
               r"(?=(?:de|DE|du|DU|des|DES|d['’]|D['’])\s?\S)")  # "du Nord", "des Landes"
_LOWER_COMMUNE = r"(?<=\sde\sla\s)(?:commune|ville)\s+" + _OF
TIERS = (
    [re.compile(r"\b" + kind) for kind in _KIND],
    [re.compile(r"\b" + _TOWN_HALL)],
    [re.compile(r"\b" + _DEPARTMENT)],
    [re.compile(_LOWER_COMMUNE)],
)
_AGGLO = re.compile(r"(?<![\w'’-])([A-ZÉÈÎÂÔ][\w'’-]+)\s+"  # not inside a hyphenated run
                    r"(?:AGGLOM[ÉE]RATION|Agglom[ée]ration|Agglo)\b")
_ELIDED = re.compile(r"([dlDL]['’])(\S+)")
_CONNECTORS = {"de", "du", "des", "la", "le", "les", "sur", "sous", "en", "lès", "lez", "aux", "au"}
_STOP_WORDS = {
    "seance", "conseil", "conseiller", "conseillers", "departement", "arrondissement", "extrait",
    "registre", "deliberation", "deliberations", "compte", "compte-rendu", "proces",
    "proces-verbal", "republique", "mairie", "publie", "membre", "membres", "fiches", "fiche",
    "liste", "ordre", "objet", "hotel", "tel", "recu", "envoye", "affiche", "date", "president",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "le", "la", "les", "nombre", "presents", "secretaire",
}
_MAX_WORDS = 12


def find_collectivity(text: str) -> str | None:
    """Authority named first in ``text``; a commune or grouping before its département."""
    for rules in TIERS:
        hits = [(match.start(), _named(text, match)) for rule in rules
                for match in rule.finditer(text)]
        if rules is TIERS[0]:
            hits += [(match.start(), match[0]) for match in _AGGLO.finditer(text)
                     if fold_accents(match[1]) not in _STOP_WORDS]
        named = sorted((start, name) for start, name in hits if name)
        if named:
            return re.sub(r"\s+", " ", named[0][1])
    return None


def _named(text: str, match: re.Match[str]) -> str | None:
    place = _place(text[match.end(): match.end() + 200].split()[:_MAX_WORDS])
    return match[0] + place if place else None


def _place(words: list[str]) -> str:
    """Capitalised words, joined by connectors; a change of case or a header word ends it."""
    taken: list[str] = []
    pending: list[str] = []
    for raw in words:
        word = raw.rstrip(",.;:)")
        closes = word != raw
        elided = _ELIDED.fullmatch(word)
        if elided:
            pending.append(elided[1])
            word = elided[2]
        elif word.lower() in _CONNECTORS:
            if pending and pending[-1].strip().lower() == word.lower():
                return ""
            pending.append(word + " ")
            continue
        if not _fits(word, taken[-1] if taken else None, bool(pending)):
            break
        taken.append("".join(pending) + word)
        pending = []
        if closes:
            break
    return " ".join(taken)


def _fits(word: str, previous: str | None, joined: bool) -> bool:
    if not word[:1].isupper() or not re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’-])*", word):
        return False
    if fold_accents(word) in _STOP_WORDS or (word.isupper() and len(word) < 2):
        return False
    return previous is None or joined or word.isupper() == _last(previous).isupper()


def _last(taken: str) -> str:
    return re.split(r"[\s'’]", taken)[-1]


