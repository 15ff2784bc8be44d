"""The raw lines of a document (the unit roles are given to) and where they land once normalised."""

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

_SPACES = re.compile(r"\s+")
MARKUP = re.compile(r"\*\*|__|^#{1,6}\s+|[\uf000-\uf8ff]|/head2right")  # converters' marks
_BULLETS = re.compile(r"^[\s•●■▪►>*]+")
_RUNS = re.compile(r"\s{2,}")
_KEY_CHARS = 60  # characters of a line looked up in the normalised text (then fewer)
_SHORT_KEY = 20
_RUNNING = 3
_DIGITS = re.compile(r"\d+")
_RUN_WORDS, _RUN_MAX, _RUN_LETTERS = 3, 16, 12
_LETTERS = 3  # a page number or a rule is found anywhere: it places nothing
_SLACK = 200  # how much further than the lines in between a line is looked for


@dataclass(frozen=True)
class Line:
    """One line of a document: its text tidied and where it sits."""

    index: int  # 0-based
    text: str  # spaces collapsed
    page_break: bool  # a page ends or starts on this line (a form feed touches it)
    row: int  # its line number (0-based) in "\f".join(pages).split("\n"), as the gold counts


def bare(text: str) -> str:
    """A line without converters' marks nor leading bullets: what its shape is read on."""
    return _BULLETS.sub("", MARKUP.sub("", text)).strip()


def raw_lines(pages: tuple[str, ...]) -> list[Line]:
    """Lines of the pages joined by form feeds, split on newlines and on form feeds: a page that
    does not end on a newline (PDF text extractors rarely end one) leaves its last line and the
    next page's first line on one row, two lines here (the ``row`` is the gold's numbering). A
    running header the converter glued to a page's first line is taken off it."""
    lines: list[Line] = []
    for row, raw in enumerate("\f".join(pages).split("\n")):
        pieces = raw.split("\f")
        for kept in [piece for piece in pieces if piece.strip()] or [""]:
            lines.append(Line(len(lines), _SPACES.sub(" ", kept).strip(), len(pieces) > 1, row))
    return unglued(lines)


def unglued(lines: list[Line]) -> list[Line]:
    """Lines on a page break without the running header glued before or after their text.

    PDF converters often print a page's header on the same line as its first words ("Ville de
    X Conseil Municipal du 5 juillet 2021 3 2 - LES TARDIVES ...", "Ouverture de la cantine
    DEPARTEMENT DE ... CM 17 juin 2014"). A header is the run of words (digits aside, with a
    digit, 3 words and 12 letters or more) that opens, or closes, three page-break lines or more;
    the longest run shared by at least 4/5 as many lines as the most shared one.
    """
    breaks = [line for line in lines if line.page_break and line.text]
    opening = _running_run([masked(line.text).split() for line in breaks])
    closing = _running_run([masked(line.text).split()[::-1] for line in breaks])
    if not opening and not closing:
        return lines
    result = list(lines)
    for line in breaks:
        printed = line.text.split()
        words = _strip_run(_strip_run(printed, opening)[::-1], closing)[::-1]
        if words and len(words) < len(printed):
            result[line.index] = replace(line, text=" ".join(words))
    return result


def masked(text: str) -> str:
    """``text`` in lower case, each run of digits as "#": copies of a running line compare
    equal ("Page 3 / 9", "Page 4 / 9")."""
    return _DIGITS.sub("#", text.lower())


def _running_run(rows: list[list[str]]) -> list[str] | None:
    """The longest opening run of words shared by enough rows (see ``unglued``)."""
    counts: Counter[tuple[str, ...]] = Counter()
    for words in rows:
        for size in range(_RUN_WORDS, min(_RUN_MAX, len(words)) + 1):
            counts[tuple(words[:size])] += 1
    fit = {run: count for run, count in counts.items() if count >= _RUNNING
           and any("#" in word for word in run) and sum(map(_letters, run)) >= _RUN_LETTERS}
    if not fit:
        return None
    most = max(fit.values())
    shared = [(len(run), run) for run, count in fit.items() if 5 * count >= 4 * most]
    return list(max(shared)[1])


def _letters(word: str) -> int:
    return sum(char.isalpha() for char in word)


def _strip_run(words: list[str], run: list[str] | None) -> list[str]:
    """``words`` without the copies of ``run`` they open with (masked comparison)."""
    if not run:
        return words
    size = len(run)
    while len(words) > size and masked(" ".join(words[:size])).split() == run:
        words = words[size:]
    return words


def offsets_in(text: str, lines: list[Line]) -> dict[int, int]:
    """Offset in the normalised ``text`` where each non-blank line (by index) begins.

    The normaliser joins wrapped lines, drops running headers and hyphens at line ends, but keeps
    a line's words in order: each line's first characters are looked up just after the previous
    line's (every line is placed in turn, so an agenda line is not taken for the item
    it announces). A line not found nearby (rewritten) and a line printed on many pages (a
    running header the normaliser drops) or with hardly a letter (a page number) are left out:
    found elsewhere, they would lead astray.
    """
    found: dict[int, int] = {}
    cursor, pending = 0, _SLACK
    flat = _SPACES.sub(" ", text)
    index_map = _flat_to_text(text)
    counts = Counter(line.text for line in lines)
    for line in lines:
        pending += len(line.text) + 1
        if counts[line.text] >= _RUNNING or sum(c.isalpha() for c in line.text[:20]) < _LETTERS:
            continue
        hit = _find_near(flat, line.text.rstrip("-"), cursor, pending)
        if hit >= 0:
            found[line.index] = index_map(hit)
            cursor, pending = hit + 1, len(line.text) + _SLACK
    return found


def _find_near(flat: str, line: str, cursor: int, reach: int) -> int:
    """Where ``line`` starts in ``flat`` within ``reach`` characters after ``cursor``."""
    for size in (_KEY_CHARS, _SHORT_KEY):
        key = line[:size]
        hit = flat.find(key, cursor, cursor + reach + len(key))
        if hit >= 0:
            return hit
    return -1


def _flat_to_text(text: str) -> Callable[[int], int]:
    """Maps an offset in the space-collapsed text to the offset in ``text``."""
    flat_starts, shifts, shift = [0], [0], 0
    for run in _RUNS.finditer(text):
        shift += len(run[0]) - 1
        flat_starts.append(run.end() - shift)
        shifts.append(shift)
    return lambda offset: offset + shifts[bisect.bisect_right(flat_starts, offset) - 1]
