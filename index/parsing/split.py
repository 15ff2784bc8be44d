"""Splitting a file into its deliberations: extracts, minutes points, numbered items, lists."""

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass
from statistics import median
from typing import NamedTuple

from index.parsing.titles import clean_title, drop_trailing_labels, split_reporters


@dataclass(frozen=True)
class Item:
    """A span of the text holding one deliberation, with the title the marker announced."""

    start: int
    end: int
    title: str | None = None
    number: str | None = None
    rapporteur: str | None = None
    vote_text: str | None = None  # the lines stating the vote, when the line-role model found them
    learned: bool = False  # found by the line-role model: an unknown title stays unknown


class Start(NamedTuple):
    """Where an item starts, where its title starts, and the number its marker printed."""

    start: int
    title: int | None = None
    number: str | None = None


_EXTRACT = re.compile(r"EXTRAIT\s+(?:DU\s+|\w{1,3}\s+)?(?:REGISTRE|PROC[ÈE]S)", re.I)
_POINT = re.compile(r"(?:^|(?<=\s))(?:Point|POINT)\s+(?:n[°o]\s*)?(\d{1,3})\b\s*[:.-]?\s*")
_NUMBERED = re.compile(r"(?:^|\n)[ \t]*(\d{1,3})\s*[.)]\s+(?=[A-ZÉÈÀÂÎÔ«\"])")
_INLINE_NUMBERED = re.compile(
    r"(?:^|(?<=[\s|]))(?<!Axe\s)(?<!Orientation\s)(?<!Article\s)(?<!Titre\s)(?<!Chapitre\s)"
    r"(?<!Partie\s)(?<!Annexe\s)(?<!Lot\s)(?<!Action\s)(?<!Fiche\s)(?<!Phase\s)(?<!tape\s)"
    r"(?<!Objectif\s)(?<!Page\s)(?<!Mesure\s)(?<!Priorit[ée]\s)(?<!Section\s)"
    r"(\d{1,3})(?:\s?\)|\.(?!\d)|\s?-(?!\d)|\s[–—])\s*(?=[A-ZÉÈÀÂÎÔ«\"])")
_DISPOSITIF = re.compile(r"d[ée]cide|d[ée]lib[èe]re|bien\s+vouloir|arr[êe]te|propos[ée]\s+de",
                         re.I)
_AGENDA = re.compile(r"ordre\s+du\s+jour", re.I)
_SESSION_NEAR = re.compile(r"s[ée]ance|session|l['’]an\s|r[ée]uni|d[ée]lib[ée]rations\s+du\s+"
                           r"(?:conseil|bureau|comit)|(?:lundi|mardi|mercredi|jeudi|vendredi)\s",
                           re.I)
_OBJET = re.compile(r"(?:^|(?<=[\s.]))(?:OBJET|Objet)\s*[:.]\s*")
_DELIB_HEADING = re.compile(
    r"(?:^|(?<=[\n.])|(?<=[^\w\s'’]\s)|(?<=\s)(?=D[ÉE]LIB|D[ée]lib[ée]ration\s+n))"
    r"\s{0,40}(?:D[ÉE]LIB[ÉE]RATION|D[ée]lib[ée]ration)\s+(?:n[°o]|N[°O])\s*"
    r"([A-Za-z]{0,6}[_ ]?\d[\w./-]*?)(?=[a-zé]{3}|\s|[:.]\s|$)\s*[:.-]?\s*(?!du\b)")
_ARTICLE_BEFORE = re.compile(r"(?:\b(?:la|de|une|sa|cette|par|Vu)|\()\s*$", re.I)
_CODE = re.compile(
    r"(?<![\w/.,-])((?:[A-Z]{1,5}[ _/-]?)?[\dO]?\d{1,7}(?:[ _/.-]\d{1,6}){0,3})(?![\w/])"
    r"\s*[|:–—-]?\s*(?=[A-ZÉÈÀÂÎÔ«\"]|[a-zé]{3,}\s)")
_DATE_CODE = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d{2,4}")
_REPORTED = re.compile(r"\bRapporteure?\s*:")
_OUTCOME = re.compile(r"ADOPT[ÉE]E?S?\b(?:\s+(?:A|À)\s+L['’]+\s?UNANIMIT[ÉE]|\s+(?:A|À)\s+LA\s+"
                      r"MAJORIT[ÉE])?|PREND\s+ACTE|REJET[ÉE]E?S?\b|(?:A|À)\s+L['’]+\s?UNANIMIT[ÉE]")
_ITEM_NUMBER = re.compile(r"[\s\[\]|]*(?:(?:\d{1,3}|O[Il1])\s+)?")
_BLOCK_EDGE = re.compile(r".*(?:[\[\]|]|\.\s)", re.S)
_MIN_CODES = 3
_MAX_STEP = 5


def split_items(text: str) -> list[Item]:
    """Spans of the deliberations held in ``text`` (one span covering all when single).

    Each rule finds where items start (and where their title starts); the first rule giving two
    or more items wins. A single extract header ("EXTRAIT DU REGISTRE") means one deliberation.
    """
    for finder in (_extracts, _points, _delib_headings, _numbered, _inline_numbered, _codes,
                   _objets, _reported_blocks):
        starts = finder(text)
        if len(starts) >= 2:
            return _to_items(starts, text)
        if finder is _extracts and starts and text[starts[0].start].isupper():
            break
    return [Item(0, len(text))]


def _to_items(starts: list[Start], text: str) -> list[Item]:
    ends = [start.start for start in starts[1:]] + [len(text)]
    titles = [_raw_title(text, start.title, end) for start, end in zip(starts, ends, strict=True)]
    parts = split_reporters(drop_trailing_labels(titles))
    return [Item(start.start, end, clean_title(title) if title else None, start.number, reporter)
            for start, end, (title, reporter) in zip(starts, ends, parts, strict=True)]


def _raw_title(text: str, start: int | None, end: int) -> str | None:
    if start is None:
        return None
    line_end = text.find("\n", start, end)
    return text[start: line_end if line_end >= 0 else end]


def _dedupe(starts: list[Start], text: str) -> list[Start]:
    """Drop a marker repeating the previous one (a header printed on every page)."""
    kept: list[Start] = []
    for start in starts:
        if kept and _same_marker(kept[-1], start, text):
            continue
        kept.append(start)
    return kept


def _same_marker(first: Start, second: Start, text: str) -> bool:
    if first.number or second.number:
        return first.number == second.number
    if first.title is None or second.title is None:
        return False
    return text[first.title: first.title + 60] == text[second.title: second.title + 60]


def _extracts(text: str) -> list[Start]:
    """Extract headers followed by their session preamble (a repeated page header is not)."""
    return [Start(m.start()) for m in _EXTRACT.finditer(text)
            if _SESSION_NEAR.search(text, m.end(), m.end() + 300)]


def _points(text: str) -> list[Start]:
    return _sequence([(m.start(), int(m[1]), m.end()) for m in _POINT.finditer(text)], text)


def _numbered(text: str) -> list[Start]:
    return _sequence([(m.start(), int(m[1]), m.end()) for m in _NUMBERED.finditer(text)], text)


def _inline_numbered(text: str) -> list[Start]:
    """"1) Title 2) Title" or "1- Title" in text flattened to one line; not a dispositif."""
    hits = [(m.start(), int(m[1]), m.end()) for m in _INLINE_NUMBERED.finditer(text)]
    found = _sequence(hits, text)
    if len(found) < _MIN_CODES or _DISPOSITIF.search(text, max(0, found[0].start - 150),
                                                      found[0].start):
        return []
    return [] if _agenda_of_minutes(found, text) else found


def _agenda_of_minutes(found: list[Start], text: str) -> bool:
    """An agenda at the top of minutes: its last "item" runs on over the whole session."""
    first, last = found[0].start, found[-1].start
    return bool(_AGENDA.search(text, max(0, first - 100), first)) and len(text) - last > 2 * (
        last - first)


def _objets(text: str) -> list[Start]:
    return _dedupe([Start(m.start(), m.end()) for m in _OBJET.finditer(text)], text)


def _delib_headings(text: str) -> list[Start]:
    return _dedupe([Start(m.start(), m.end(), m[1]) for m in _DELIB_HEADING.finditer(text)
                    if not _ARTICLE_BEFORE.search(text, max(0, m.start() - 12), m.start())], text)


def _codes(text: str) -> list[Start]:
    """Items led by codes of one shape, numbered upwards ("D2022_090", "RH/01-2023")."""
    groups: defaultdict[str, list[tuple[tuple[int, ...], Start]]] = defaultdict(list)
    for match in _CODE.finditer(text):
        code = re.sub(r"(?<=[A-Z])O(?=\d)|(?<=\d)O", "0", match[1])
        shape = re.sub(r"\d+", "9", re.sub(r"[A-Z]+", "A", code))
        if not _is_code(code, shape):
            continue
        numbers = tuple(int(n) for n in re.findall(r"\d+", code))
        groups[shape].append((numbers, Start(match.start(), match.end(), match[1])))
    runs = [_rising(hits) for hits in groups.values()]
    best = max(runs, key=len, default=[])
    return [start for _, start in best] if len(best) >= _MIN_CODES else []


def _is_code(code: str, shape: str) -> bool:
    """A letter prefix or a separator, and a letter or a long serial (not "1.2", "3/5", a date)."""
    return (re.search(r"[A\W_]", shape.replace(" ", "_")) is not None
            and re.search(r"[A-Z]|\d{3}", code) is not None and not _DATE_CODE.fullmatch(code))


def _rising(hits: list[tuple[tuple[int, ...], Start]]) -> list[tuple[tuple[int, ...], Start]]:
    """The hits whose numbers grow from one to the next, by small steps (a numbered list)."""
    run: list[tuple[tuple[int, ...], Start]] = []
    for hit in hits:
        if not run or (hit[0] > run[-1][0] and _close(run[-1][0], hit[0])):
            run.append(hit)
    return run


def _close(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    changed = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    return (len(before) == len(after) and len(changed) == 1
            and 0 < changed[0][1] - changed[0][0] <= _MAX_STEP)


def _reported_blocks(text: str) -> list[Start]:
    """Summary minutes: "title / Rapporteur : name / ADOPTÉE À L'UNANIMITÉ" blocks in a row."""
    blocks = []
    for match in _REPORTED.finditer(text):
        outcome = _OUTCOME.search(text, match.end(), match.end() + 150)
        if outcome:
            blocks.append((match.start(), outcome.end()))
    if len(blocks) < _MIN_CODES:
        return []
    window = max(0, blocks[0][0] - 200)
    edge = _BLOCK_EDGE.match(text, window, blocks[0][0])
    starts = [edge.end() if edge else window] + [end for _, end in blocks[:-1]]
    return [Start(start, _skip(_ITEM_NUMBER, text, start)) for start in starts]


def _skip(pattern: re.Pattern[str], text: str, start: int) -> int:
    """Offset after what ``pattern`` (which may match nothing) matches at ``start``."""
    match = pattern.match(text, start)
    return match.end() if match else start


def _sequence(hits: list[tuple[int, int, int]], text: str) -> list[Start]:
    """The run of markers numbered 1, 2, 3... whose items are longest (skips agendas, sub-lists).

    A hit continues the oldest run waiting for its number, else a "1" opens a run. Runs waiting
    for a number are kept in a heap by age under that number: linear-logarithmic, not quadratic.
    """
    runs: list[list[tuple[int, int, int]]] = []
    waiting: defaultdict[int, list[int]] = defaultdict(list)
    for hit in hits:
        queue = waiting.get(hit[1])
        if queue:
            index = heapq.heappop(queue)
            runs[index].append(hit)
            heapq.heappush(waiting[hit[1] + 1], index)
        elif hit[1] == 1:
            runs.append([hit])
            heapq.heappush(waiting[2], len(runs) - 1)
    runs = [run for run in runs if len(run) >= 2]
    if not runs:
        return []
    best = max(runs, key=lambda run: (median(_lengths(run, len(text))), len(run)))
    return [Start(start, title_start) for start, _, title_start in best]


def _lengths(run: list[tuple[int, int, int]], length: int) -> list[int]:
    starts = [start for start, _, _ in run]
    return [end - start for start, end in zip(starts, [*starts[1:], length], strict=True)]

