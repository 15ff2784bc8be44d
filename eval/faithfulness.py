"""Faithfulness of an answer: its figures and quotes must be in the passages each sentence cites."""

import re
from collections.abc import Mapping

from assistant.engine.sentences import split_sentences
from eval.questions import fold_answer

_MARKERS = re.compile(r"(?:\s*\[\d+\])+")
_NUMBER = re.compile(r"\[(\d+)\]")
_QUOTE = re.compile(r"«\s*(.+?)\s*»|“\s*(.+?)\s*”", re.S)
_FIGURE = re.compile(r"\d+(?:,\d+)?")


def claims(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The answer's sentences, each with the [n] it cites (sentences before the last one of a
    cited group cite nothing); sentences are not split inside «quotes»."""
    found: list[tuple[str, tuple[int, ...]]] = []
    position = 0
    for match in _MARKERS.finditer(text):
        numbers = tuple(int(n) for n in _NUMBER.findall(match.group()))
        sentences = split_sentences(text[position:match.start()])
        if sentences:
            found += [(s, ()) for s in sentences[:-1]] + [(sentences[-1], numbers)]
        position = match.end()
    found += [(s, ()) for s in split_sentences(text[position:])]
    return found


def checkable(sentence: str) -> bool:
    """A sentence that states a figure or quotes a text can be checked against its sources."""
    return bool(_FIGURE.search(_without_markers(sentence)) or _QUOTE.search(sentence))


def supported(sentence: str, cited_texts: list[str]) -> bool:
    """Every figure and every quote of ``sentence`` appears in one of ``cited_texts``."""
    if not cited_texts:
        return False
    sources = [fold_answer(t) for t in cited_texts]
    body = fold_answer(_without_markers(sentence))
    quotes = [fold_answer(a or b) for a, b in _QUOTE.findall(_without_markers(sentence))]
    figures = _FIGURE.findall(_QUOTE.sub(" ", body) if quotes else body)
    return (all(any(q in s for s in sources) for q in quotes)
            and all(any(_has_figure(s, f) for s in sources) for f in figures))


def _has_figure(text: str, figure: str) -> bool:
    return re.search(rf"(?<![\d,]){re.escape(figure)}(?![\d]|,\d)", text) is not None


def _without_markers(text: str) -> str:
    return _MARKERS.sub("", text)


def faithfulness(text: str, cited: Mapping[int, str]) -> float | None:
    """Share of the checkable sentences supported by the passages they cite (``cited`` maps
    [n] to the text it quotes); None when the answer states no figure and quotes nothing."""
    checks = [supported(sentence, [cited[n] for n in numbers if n in cited])
              for sentence, numbers in claims(text) if checkable(sentence)]
    return sum(checks) / len(checks) if checks else None
