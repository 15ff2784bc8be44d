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
_PLURAL = r"(?:s|es|\(s\)|\(e\)s|\(es\)|e\(s\))"  # « absents », « absent(e)s », « absente(s) »
_LISTED = re.compile(  # a line that opens with who was there or not and a colon (« Membres
    # absents : », « Absent(e)s excusé(e)s : », « Pouvoir : »), no vote before it (« adopté à
    # l'unanimité des membres présents et représentés : » lists nobody)
    rf"^\s*+(?:pouvoirs?\s*:|(?:(?!unanimit|majorit|adopt|vot)[^:\n]){{0,45}}?"
    rf"(?:\b(?:absente?|excus[ée]e?|représentée?){_PLURAL}?|\bpr[ée]sente?{_PLURAL}|"
    rf"\bprocurations?|donn[ée]e?s?\s+pouvoirs?)\s*:)", re.I)
_NUMBER_WORDS = ("deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
                 "quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|"
                 "dizaines?|douzaines?|vingtaines?|trentaines?|quarantaines?|cinquantaines?|"
                 "centaines?|milliers?")
_QUANTITY = re.compile(rf"\d[\d  .,]*|\b(?:{_NUMBER_WORDS})(?:[-\s]+(?:et[-\s]+)?"
                       rf"(?:un|une|{_NUMBER_WORDS}))*\b", re.I)
_NOT_A_COUNT = re.compile(  # a year, a date, a number, a page or an article: no quantity
    r"(?:\b(?:n[°o]|num[ée]ro|page|p\.|article|art\.)\s*$)", re.I)
_MONTH = re.compile(r"\s*(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|"
                    r"octobre|novembre|d[ée]cembre)\b", re.I)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_IN_YEAR = re.compile(  # what introduces a year: « en 2023 », « depuis 2019 », « l'année 2022 »
    r"\b(?:en|depuis|dès|des|de|du|au|le|jusqu['’]en|année|exercice|fin|début|mi)\s*$", re.I)
_CHAIN = re.compile(r"(?<!\d)\d++(?:[-/]\d++)+")  # « 12/03/2023 », « 2023-045 », « 12-15 »
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
    chains = [chain for chain in _CHAIN.finditer(quote) if _dated(chain.group())]
    for quantity in _QUANTITY.finditer(quote):
        if _not_a_count(quote, quantity, chains):
            continue
        after = analyze(quote[quantity.end():quantity.end() + _REACH])[:_WINDOW]
        before = analyze(quote[max(0, quantity.start() - _REACH):quantity.start()])
        if nouns & {*after, *before[-_WINDOW:]}:
            return True
    return False


def _dated(chain: str) -> bool:
    """Figures joined by « - » or « / » that make a date or a number, not a range: three parts
    or more (« 12/03/2023 »), or a year among them (« 2023-045 »)."""
    parts = re.split(r"[-/]", chain)
    return len(parts) > 2 or any(_YEAR.fullmatch(part) for part in parts)


def _not_a_count(quote: str, quantity: re.Match[str], dated: list[re.Match[str]]) -> bool:
    """A year (« en 2023 les nids », not « 2000 logements »), a date (« le 12 mars »,
    « 12/03/2023 »), a deliberation number (« n° 2023-045 »), a page or an article: figures
    that count nothing. A range (« 12-15 jeunes ») counts."""
    figure = quantity.group().strip(" \u00a0.,")
    before = quote[max(0, quantity.start() - 12):quantity.start()]
    if _YEAR.fullmatch(figure) and _IN_YEAR.search(before):
        return True
    if any(chain.start() <= quantity.start() < chain.end() for chain in dated):
        return True
    return bool(_MONTH.match(quote, quantity.end())) or bool(_NOT_A_COUNT.search(before))


def lists(quote: str) -> bool:
    """Whether ``quote`` opens with who was present, absent or represented (« Membres
    absents : M. X - M. Y »): it answers « combien » by its names."""
    return bool(_LISTED.search(quote))


def uncounted_notice(word: str) -> str:
    """The note put before an answer whose quotes put no quantity beside what is asked."""
    return (f"{UNCERTAIN} aucun passage cité ne donne de nombre de « {word} » ; ce "
            "sont les plus proches trouvés, mais ils pourraient ne pas répondre à la question. "
            "Vérifiez-les dans les délibérations avant de les utiliser.")
