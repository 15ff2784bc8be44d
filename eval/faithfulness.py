"""Faithfulness of an answer: its figures and quotes must be in the passages each sentence cites."""

import re
from collections.abc import Mapping

from eval.questions import fold_answer

_MARKERS = re.compile(r"(?:\s*\[\d+\])+")
_NUMBER = re.compile(r"\[(\d+)\]")
_QUOTE = re.compile(r"«\s*(.+?)\s*»|“\s*(.+?)\s*”", re.S)
_FIGURE = re.compile(r"\d+(?:,\d+)?")
_PAIRS = {"«": "»", "“": "”"}  # opening -> closing
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z]|MM|Mme|Mmes|Mlle|Dr|art|cf|p|env)$")


def claims(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The answer's sentences, each with the [n] it cites (sentences before the last one of a
    cited group cite nothing); sentences are not split inside «quotes»."""
    found: list[tuple[str, tuple[int, ...]]] = []
    position = 0
    for match in _MARKERS.finditer(text):
        numbers = tuple(int(n) for n in _NUMBER.findall(match.group()))
        sentences = _sentences(text[position:match.start()])
        if sentences:
            found += [(s, ()) for s in sentences[:-1]] + [(sentences[-1], numbers)]
        position = match.end()
    found += [(s, ()) for s in _sentences(text[position:])]
    return found


def _sentences(text: str) -> list[str]:
    """Split on sentence punctuation outside «quotes» and “quotes” (each kind counted apart; a
    stray closing mark of a quoted document closes nothing); drop pieces without letters or
    digits."""
    pieces, start = [], 0
    depth = dict.fromkeys(_PAIRS.values(), 0)
    for index, char in enumerate(text):
        if char in _PAIRS:
            depth[_PAIRS[char]] += 1
        elif char in depth:
            depth[char] = max(0, depth[char] - 1)
        if (char in ".!?" and not any(depth.values()) and text[index + 1:index + 2].isspace()
                and not _ABBREVIATION.search(text, 0, index)):
            pieces.append(text[start:index + 1])
            start = index + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if re.search(r"\w", p)]


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
