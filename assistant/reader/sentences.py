"""The one French sentence splitter: for the reader (documents), the LLM citation check and the
faithfulness metric (answers).

A sentence ends at terminal punctuation (with its closing quotes and any [n] markers written
after it) followed by a space, and at every line break; not after an abbreviation or an
initial ("M.", "art.", "L."), nor before a lowercase word or a parenthesis. In answers, a
«quote» is never cut; in documents, a semicolon before a capital also ends a sentence (lists
of "Vu ... ;").
"""

import re

_TAIL = r"(?:[ \u00a0\u202f]?[»\"”’)])*(?:[ \t]*\[[\d\s,;\-–]+\])*(?=\s|$)|\n"  # quotes, [n]
_ENDS = re.compile(r"[.!?…]+" + _TAIL)
_ENDS_SEMICOLON = re.compile(r"[.!?…;]+" + _TAIL)
_LAST_WORD = re.compile(r"(\w+)\W*$")
ABBREVIATIONS = frozenset({
    "m", "mm", "mme", "mmes", "mlle", "mlles", "me", "dr", "pr", "art", "al", "cf", "p", "pp",
    "n", "no", "ch", "chap", "vol", "av", "bd", "st", "ste", "réf", "ref", "env", "ex", "hab"})
_PAIRS = (("«", "»"), ("“", "”"))


def sentence_spans(text: str, *, quotes: bool = False,
                   semicolons: bool = False) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, blanks trimmed, pieces without a
    letter or digit dropped. ``quotes``: never end inside «…» or “…” (answers quote sources);
    ``semicolons``: "; " before a capital ends a sentence too (documents)."""
    spans: list[tuple[int, int]] = []
    start = depth_at = 0
    depth = [0] * len(_PAIRS)
    for match in (_ENDS_SEMICOLON if semicolons else _ENDS).finditer(text):
        if quotes:
            depth = _depth(text[depth_at: match.end()], depth)
            depth_at = match.end()
            if any(depth):
                continue
        if match[0] != "\n" and not _ends(text, match):
            continue
        spans.append(_trimmed(text, start, match.start() if match[0] == "\n" else match.end()))
        start = match.end()
    spans.append(_trimmed(text, start, len(text)))
    return [(a, b) for a, b in spans if any(c.isalnum() for c in text[a:b])]


def split_sentences(text: str, *, quotes: bool = False, semicolons: bool = False) -> list[str]:
    """The sentences of ``text`` (see ``sentence_spans``)."""
    return [text[a:b] for a, b in sentence_spans(text, quotes=quotes, semicolons=semicolons)]


def _depth(piece: str, depth: list[int]) -> list[int]:
    """Open quotes of each kind after ``piece``; a stray closing quote closes nothing."""
    depth = list(depth)
    for char in piece:
        for kind, (opening, closing) in enumerate(_PAIRS):
            if char == opening:
                depth[kind] += 1
            elif char == closing:
                depth[kind] = max(0, depth[kind] - 1)
    return depth


def _ends(text: str, match: re.Match[str]) -> bool:
    """A full stop after an abbreviation or an initial, or before a lowercase word, does not."""
    following = text[match.end(): match.end() + 40].lstrip()
    if following[:1].islower() or following[:1] == "(":
        return False
    if not match[0].startswith(".") or match[0].startswith("..."):
        return True
    word = _LAST_WORD.search(text, max(0, match.start() - 40), match.start())
    if not word:
        return True
    return not (word[1].lower() in ABBREVIATIONS or (len(word[1]) == 1 and word[1].isupper()))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
