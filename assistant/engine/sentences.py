"""The one French sentence splitter of the reader, the LLM citation check and faithfulness."""

import re

# Terminal punctuation, closing quotes or brackets, then any [n] placed after the full stop.
_END = re.compile(r"[.!?…;]+[»\"”’)]*(?:[ \t]*\[[\d\s,;\-–]+\])*(?=\s|$)")
_LAST_WORD = re.compile(r"(\w+)\W*$")
ABBREVIATIONS = frozenset({
    "m", "mm", "mme", "mmes", "mlle", "mlles", "me", "dr", "pr", "art", "al", "cf", "p", "pp",
    "n", "no", "ch", "chap", "vol", "av", "bd", "st", "ste", "réf", "ref", "env", "ex", "hab"})
_PAIRS = {"«": "»", "“": "”"}  # opening -> closing


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, spaces trimmed, pieces without a letter or a
    digit left out. A line break always ends a sentence; terminal punctuation ends one unless
    a lowercase word follows, it is the full stop of an abbreviation or an initial ("M.",
    "art.", "J. Dupont"), or it stands inside «quotes» opened on the same line."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        start = 0
        for end in _ends(line):
            spans.append((line_start + start, line_start + end))
            start = end
        spans.append((line_start + start, line_start + len(line)))
        line_start += len(line) + 1
    return [_trimmed(text, start, end) for start, end in spans
            if any(char.isalnum() for char in text[start:end])]


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, as strings."""
    return [text[start:end] for start, end in sentence_spans(text)]


def _ends(line: str) -> list[int]:
    """Offsets in ``line`` just after each sentence end."""
    depth = dict.fromkeys(_PAIRS.values(), 0)
    ends, seen = [], 0
    for match in _END.finditer(line):
        _count_quotes(line[seen:match.end()], depth)
        seen = match.end()
        if not any(depth.values()) and _ends_sentence(line, match):
            ends.append(match.end())
    return ends


def _count_quotes(piece: str, depth: dict[str, int]) -> None:
    """Open and close «» and “” (each kind apart; a stray closing mark closes nothing)."""
    for char in piece:
        if char in _PAIRS:
            depth[_PAIRS[char]] += 1
        elif char in depth:
            depth[char] = max(0, depth[char] - 1)


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    following = line[match.end():].lstrip()
    if following[:1].islower():
        return False
    if not match[0].startswith(".") or match[0].startswith("..."):
        return True
    word = _LAST_WORD.search(line[: match.start()])
    if not word:
        return True
    return not (word[1].lower() in ABBREVIATIONS or (len(word[1]) == 1 and word[1].isupper()))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())
