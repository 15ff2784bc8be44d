"""The exact words that answer a typed question, read verbatim from the sentence quoted for it."""

import re
from collections.abc import Callable, Sequence

from assistant.engine.mayor import mayor_names
from index.parsing.amounts import find_amounts
from index.parsing.dates import date_spans

_PERSON = re.compile(r"\b(?:M\.|MM\.|Mmes?|Monsieur|Madame)\s+(?!(?i:l[ea]|les)\s)"
                     r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*){0,2}")
_NUMBER = re.compile(r"\bn°\s*\S*\d[\w/-]*|\b\d{2,4}[-/][A-Z]{1,3}[-/]\d{2,5}\b|"
                     r"\b[A-Z]{1,4}\d{4,}(?:-\d+)*\b")  # « VD20171218-011 », whole
_PERCENT = re.compile(r"\b\d+(?:[,.]\d+)?\s*%|\b\d+(?:[,.]\d+)?\s+pour\s*cent\b", re.I)
_AT = r"\b(?:à|(?-i:A))"  # « A l'unanimité »: a capital often loses its accent
_UNANIMOUS = (rf"{_AT}\s+l['’]\s*unanimit[ée](?:\s+des\s+(?:membres\s+pr[ée]sents|"
              r"suffrages\s+exprim[ée]s|votants))?(?!\s*moins\b)")  # « … moins une voix »
_VOTE = re.compile(rf"(?i:{_UNANIMOUS}|"
                   rf"{_AT}\s+la\s+majorit[ée](?:\s+(?:absolue|des\s+suffrages\s+exprim[ée]s|"
                   r"des\s+membres\s+pr[ée]sents))?)")
_OPEN, _CLOSE = r"(?:[«\"“]\s*)?", r"(?:\s*[»\"”])?"  # « Pour »: a count's words often quoted
_FEW = ("une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
        "quinze|seize")  # « 35 voix pour et quatre abstentions »
_COUNTS = re.compile(  # « 13 voix « Pour » et 2 « Abstention » », « 25 voix pour, 3 contre »
    rf"(?i:(?>\b\d+\s+voix\s+{_OPEN}pour\b{_CLOSE}"
    rf"(?:(?:\s*[,;–-]\s*|\s+et\s+|\s+)(?:\d+|{_FEW})\s+(?:voix\s+)?{_OPEN}"
    rf"(?:contre|abstentions?)\b{_CLOSE}){{0,2}}))")
# Count words left in a quote once its counts are read: counts before them (« 15 voix contre
# et 10 voix pour »), after a name or a full stop (« 10 voix pour (M. X) et 15 voix contre »),
# a total (« sur 27 votants »), or a cut: the counts read would hide them. A member who took
# no part in the vote changes no count.
_MORE = re.compile(r"(?i:\b(?:contre|abstentions?|abstenu\w*|abstien\w*|s['’]abst\w*|voix|"
                   r"votants?)\b|\[…\])")


UNCLEAR = ("", "")  # what a finder gives for an answer it sees but cannot read whole
ELLIPSIS = "[…]"  # what stands for the text left out of a quote
JOINED = f" {ELLIPSIS} "  # how two passages of one quote are joined (and split again)


def quoted(text: str) -> str:
    """A verbatim excerpt between French quotes, or English ones when it holds French ones."""
    return f"“{text}”" if "«" in text or "»" in text else f"« {text} »"


def _amounts(quote: str) -> list[tuple[str, str]]:
    """An amount is known by its value: "732 € TTC" and "732 €" are one answer."""
    return [(f"{amount.value:.2f}", amount.raw)
            for amount in sorted(find_amounts(quote), key=lambda a: a.tax is None)]


def _dates(quote: str) -> list[tuple[str, str]]:
    return [(value, quote[start:end]) for start, end, value in date_spans(quote)]


def _matches(pattern: re.Pattern[str]) -> Callable[[str], list[tuple[str, str]]]:
    def found(quote: str) -> list[tuple[str, str]]:
        return [_keyed(match.group()) for match in pattern.finditer(quote)]
    return found


def _keyed(text: str) -> tuple[str, str]:
    """A span matched, its spaces collapsed, with the key two writings of it share."""
    span = re.sub(r"\s+", " ", text).strip(" ,;:")
    return span.lower().rstrip("."), span


def _shares(quote: str) -> list[tuple[str, str]]:
    """A percentage (« 27,20 % ») or, for a share paid in euros, an amount."""
    return _matches(_PERCENT)(quote) + _amounts(quote)


def _votes(quote: str) -> list[tuple[str, str]]:
    """A vote's counts where the quote prints them whole, else its result in words. Beside
    « à la majorité » the counts are that vote's and say more; beside « à l'unanimité » they
    may be another vote's (« adopté à l'unanimité, le budget par 20 voix pour et 3 contre »):
    both are given, so no span is put first. Counts that a span would cut short make the vote
    unclear (``UNCLEAR``): nothing is put first, not even its words."""
    words = _matches(_VOTE)(quote)
    counts = list(_COUNTS.finditer(quote))
    if not counts:
        return words
    rest = _COUNTS.sub(" ", quote)
    if _MORE.search(rest):
        return [UNCLEAR]
    unanimous = [(key, span) for key, span in words if re.fullmatch(_UNANIMOUS, span, re.I)]
    return [_keyed(_closed(match.group())) for match in counts] + unanimous


def _closed(span: str) -> str:
    """``span`` without a closing quotation mark it did not open (« (« 25 voix pour ») »)."""
    for opening, closing in (("«", "»"), ("“", "”")):
        if span.endswith(closing) and span.count(closing) > span.count(opening):
            return span[:-1].rstrip()
    if span.endswith('"') and span.count('"') % 2:
        return span[:-1].rstrip()
    return span


_FINDERS: dict[str, Callable[[str], list[tuple[str, str]]]] = {
    "amount": _amounts, "share": _shares, "date": _dates, "name": _matches(_PERSON),
    "number": _matches(_NUMBER), "vote": _votes, "mayor": mayor_names}


def answer_span(quotes: Sequence[str], kind: str) -> tuple[int, str] | None:
    """The one span of the kind asked (an amount, a date, a person, the mayor's name, a
    deliberation number, a vote) that the quoted sentences hold, verbatim, with the index of
    the first quote that holds it; None when they hold none, several different ones (which of
    two amounts answers is the reader's to judge from the quotes, not a guess put before
    them), or one that a quote does not give whole (vote counts cut short)."""
    finder = _FINDERS.get(kind)
    if finder is None:
        return None
    found: dict[str, tuple[int, str]] = {}
    for index, quote in enumerate(quotes):
        for key, span in finder(quote):
            if (key, span) == UNCLEAR:
                return None
            if ELLIPSIS not in span:  # words cut apart in the quote are not verbatim together
                found.setdefault(key, (index, re.sub(r"\s+", " ", span)))
    return next(iter(found.values())) if len(found) == 1 else None
