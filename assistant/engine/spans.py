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
              r"suffrages\s+exprim[ée]s|votants|voix))?")
_VOTE = re.compile(rf"(?i:{_UNANIMOUS}|"
                   rf"{_AT}\s+la\s+majorit[ée](?:\s+(?:absolue|des\s+suffrages\s+exprim[ée]s|"
                   r"des\s+membres\s+pr[ée]sents|des\s+voix))?)")
_OPEN, _CLOSE = r"(?:[«\"“]\s*)?", r"(?:\s*[»\"”])?"  # « Pour »: a count's words often quoted
_FEW = ("une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
        "quinze|seize")  # « 35 voix pour et quatre abstentions »
_COUNTS = re.compile(  # « 13 voix « Pour » et 2 « Abstention » », « 25 voix pour, 3 contre »
    rf"(?i:(?>\b\d+\s+voix\s+{_OPEN}pour\b{_CLOSE}"
    rf"(?:(?:\s*[,;–-]\s*|\s+et\s+|\s+)(?:\d+|{_FEW})\s+(?:voix\s+)?{_OPEN}"
    rf"(?:contre|abstentions?)\b{_CLOSE}){{0,2}}))")
# Vote words left in a quote once its counts and its result in words are read: counts
# before « pour » (« 15 voix contre et 10 voix pour »), after a name or a full stop (« 10 voix
# pour (M. X) et 15 voix contre »), a total (« sur vingt-sept présents »), blank votes,
# opponents, exceptions (« à l'unanimité, sauf Mme X », « hormis », « excepté », « moins une
# voix »), or a cut: the span would hide them. A member who took no part in the vote changes
# no count.
_MORE = re.compile(r"(?i:\b(?:contre|abstentions?|abstenu\w*|abstien\w*|s['’]abst\w*|voix|"
                   r"votes|votants?|suffrages|vot\w*\s+non|bulletins?|\d+\s+(?:blancs?|nuls?)|"
                   r"blancs?\s+(?:et|ou)\s+nuls?|refus\w*|oppos\w*|d[ée]favorabl\w*|"
                   r"pr[ée]sents?|sur\s+\d+|moins|sauf|except\w*|hormis|exclusion)\b|\[…\])")
_WORD = r"\s*(?:pour|contre|abstentions?)\s*"
_QUOTED = re.compile(rf"(?i:«{_WORD}»|“{_WORD}”|\"{_WORD}\")")  # a count word quoted
_MARK = re.compile(r"[«»“”\"]")


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


def _votes(quote: str) -> list[tuple[str, str]] | None:
    """A vote's counts where the quote prints them whole, else its result in words; None (no
    span at all) when the quote holds vote words that neither reads. Beside « à la majorité »
    the counts say more; beside « à l'unanimité » they may be another vote's (« adopté à
    l'unanimité, le budget par 20 voix pour et 3 contre »): both are given, so no span is put
    first. A sentence reporting two votes, one « à la majorité » and one in counts, is not
    told apart: its counts come first."""
    if _MORE.search(_VOTE.sub(" ", _COUNTS.sub(" ", quote))):
        return None
    words = _matches(_VOTE)(quote)
    counts = [_closed(match.group()) for match in _COUNTS.finditer(quote)]
    if not counts:
        return words
    if None in counts:
        return None
    unanimous = [(key, span) for key, span in words if re.fullmatch(_UNANIMOUS, span, re.I)]
    return [_keyed(span) for span in counts if span] + unanimous


def _closed(span: str) -> str | None:
    """``span`` without a closing quotation mark it did not open (« (« 25 voix pour ») »);
    None when a mark is left that does not enclose one of its count words (« Pour »)."""
    if span[-1:] in ("»", "”", '"') and _QUOTED.sub("", span)[-1:] == span[-1]:
        span = span[:-1].rstrip()
    return None if not span or _MARK.search(_QUOTED.sub("", span)) else span


# What reads each kind of answer in a quote: (key, span) pairs, the key shared by two writings
# of one answer; None when the quote holds one it cannot read whole (then no span at all).
_FINDERS: dict[str, Callable[[str], list[tuple[str, str]] | None]] = {
    "amount": _amounts, "share": _shares, "date": _dates, "name": _matches(_PERSON),
    "number": _matches(_NUMBER), "vote": _votes, "mayor": mayor_names}


def answer_span(quotes: Sequence[str], kind: str) -> tuple[int, str] | None:
    """The one span of the kind asked (an amount, a date, a person, the mayor's name, a
    deliberation number, a vote) that the quoted sentences hold, verbatim, with the index of
    the first quote that holds it; None when they hold none, several different ones (which of
    two amounts answers is the reader's to judge from the quotes, not a guess put before
    them), or one that a quote does not give whole (vote words the span would not read)."""
    finder = _FINDERS.get(kind)
    if finder is None:
        return None
    found: dict[str, tuple[int, str]] = {}
    for index, quote in enumerate(quotes):
        spans = finder(quote)
        if spans is None:
            return None
        for key, span in spans:
            if ELLIPSIS not in span:  # words cut apart in the quote are not verbatim together
                found.setdefault(key, (index, re.sub(r"\s+", " ", span)))
    return next(iter(found.values())) if len(found) == 1 else None
