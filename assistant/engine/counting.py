"""What a count question counts (« Combien de nids… ») and whether a quote counts it."""

import re

from index.analysis import analyze

UNCERTAIN = "Réponse incertaine :"  # how every note marking an answer uncertain opens
_WORD = r"[^\W\d_][\w-]*"
_ASKED = re.compile(  # not « combien de l'enveloppe … » (a part of one thing, not a count)
    rf"\b(?:combien|nombre)\s+(?:de\s+|d['’]\s*)(?!(?:l['’]|la\s|le\s|les\s))"
    rf"(?P<first>{_WORD})(?:\s+(?P<second>{_WORD}))?", re.I)
# Adjectives French puts before the noun, rarely nouns themselves: in « combien de nouveaux
# logements » the word counted is the next one (« jeunes », « premiers », « autres » often are
# the noun: they are not listed).
_BEFORE_NOUN = frozenset((
    "nouveau", "nouveaux", "nouvel", "nouvelle", "nouvelles", "petit", "petits", "petite",
    "petites", "grand", "grands", "grande", "grandes", "vieux", "vieille", "vieilles", "gros",
    "grosse", "grosses", "ancien", "anciens", "ancienne", "anciennes"))
_LISTED = re.compile(  # who was there or not, with the names after: « Membres absents : »,
    # « Pouvoirs : », « Conseillers présents : » (not « la présente délibération »)
    r"\b(?:absent(?:e|s|es)?|excus[ée]e?s?|pr[ée]sent(?:e|s|es)?|pouvoirs|procurations?|"
    r"représenté(?:e|s|es))\s*:", re.I)
_NUMBER_WORDS = ("deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
                 "quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|"
                 "dizaines?|douzaines?|vingtaines?|trentaines?|quarantaines?|cinquantaines?|"
                 "centaines?|milliers?")
_QUANTITY = re.compile(rf"\d[\d  .,]*|\b(?:{_NUMBER_WORDS})(?:[-\s]+(?:et[-\s]+)?"
                       rf"(?:un|une|{_NUMBER_WORDS}))*\b", re.I)
_WINDOW = 3  # analysed words on either side of a quantity where the counted noun may stand
_REACH = 60  # characters read on either side of a quantity to find those words


def counted_noun(question: str) -> tuple[str, frozenset[str]] | None:
    """The words a question counts, as written, and the analysed noun a quote counts it by
    (« combien de nids de frelons » → (« nids », {« nid »}), « combien de nouveaux
    logements » → (« nouveaux logements », {« logement »})); None when it counts no named
    thing (« Combien en reste-t-il ? »)."""
    found = _ASKED.search(question)
    if not found:
        return None
    first, second = found.group("first"), found.group("second")
    words = analyze(first)
    if first.lower() in _BEFORE_NOUN and second and (after := analyze(second)):
        return f"{first} {second}", frozenset(after[:1])
    return (first, frozenset(words[:1])) if words else None


def counts(quote: str, nouns: frozenset[str]) -> bool:
    """Whether ``quote`` puts a quantity beside one of the analysed ``nouns`` (« 1200 points
    lumineux », « dix-huit communes », « Voix : 24 »)."""
    for quantity in _QUANTITY.finditer(quote):
        after = analyze(quote[quantity.end():quantity.end() + _REACH])[:_WINDOW]
        before = analyze(quote[max(0, quantity.start() - _REACH):quantity.start()])
        if nouns & {*after, *before[-_WINDOW:]}:
            return True
    return False


def lists(quote: str) -> bool:
    """Whether ``quote`` is a line listing who was present, absent or represented (« Membres
    absents : M. X - M. Y »): it answers « combien » by its names."""
    return bool(_LISTED.search(quote))


def uncounted_notice(word: str) -> str:
    """The note put before an answer whose quotes put no quantity beside what is asked."""
    return (f"{UNCERTAIN} aucun passage cité ne donne de nombre de « {word} » ; ce "
            "sont les plus proches trouvés, mais ils pourraient ne pas répondre à la question. "
            "Vérifiez-les dans les délibérations avant de les utiliser.")
