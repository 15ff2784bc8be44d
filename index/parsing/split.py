"""Splitting a file into its deliberations: extracts, minutes points, numbered items, lists.

Each rule finds where items start; the first rule giving two or more plausible items wins,
otherwise the whole file is one deliberation.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Item:
    """A span of the text holding one deliberation, with the title the marker announced."""

    start: int
    end: int
    title: str | None = None


Finder = Callable[[str], list[tuple[int, str | None]]]

_EXTRACT = re.compile(r"EXTRAIT\s+(?:DU\s+)?(?:REGISTRE|PROC[ÈE]S)", re.I)
_POINT = re.compile(r"(?:^|(?<=\s))(?:Point|POINT)\s+(?:n[°o]\s*)?(\d{1,3})\b\s*[:.-]?\s*")
_NUMBERED = re.compile(r"(?:^|\n)[ \t]*(\d{1,3})\s*[.)]\s+(?=[A-ZÉÈÀÂÎÔ«\"])")
_OBJET = re.compile(r"(?:^|(?<=[\s.]))(?:OBJET|Objet)\s*[:.]\s*")
_DELIB_HEADING = re.compile(
    r"(?:^|(?<=[\n.]))\s*(?:D[ÉE]LIB[ÉE]RATION|D[ée]lib[ée]ration)\s+(?:n[°o]|N[°O])\s*"
    r"([\w./-]+)\s*[:.-]?\s*(?!du\b)")
_LIST_NUMBER = re.compile(
    r"(?:^|(?<=\s))((?:[A-Z]{1,5}\s?[/_-]?\s?)?\d{1,4}\s?[-/.]\s?\d{2,4}(?:[-/.]\d{1,4})?)"
    r"(?=\s*[|:–-]?\s*[A-ZÉÈÀ][a-zé])")
_LIST_HEADER = re.compile(r"liste\s+des\s+d[ée]lib[ée]rations|ordre\s+du\s+jour|compte[\s-]rendu\s+sommaire",
                          re.I)


def split_items(text: str) -> list[Item]:
    """Spans of the deliberations held in ``text`` (one span covering all when single)."""
    for finder in (_extracts, _points, _delib_headings, _numbered, _objets, _list_lines):
        starts = finder(text)
        if len(starts) >= 2:
            return _to_items(starts, len(text))
    return [Item(0, len(text))]


def _to_items(starts: list[tuple[int, str | None]], length: int) -> list[Item]:
    ends = [start for start, _ in starts[1:]] + [length]
    return [Item(start, end, title) for (start, title), end in zip(starts, ends, strict=True)]


def _extracts(text: str) -> list[tuple[int, str | None]]:
    return [(m.start(), None) for m in _EXTRACT.finditer(text)]


def _points(text: str) -> list[tuple[int, str | None]]:
    return _sequence([(m.start(), int(m[1]), m.end()) for m in _POINT.finditer(text)], text)


def _numbered(text: str) -> list[tuple[int, str | None]]:
    return _sequence([(m.start(), int(m[1]), m.end()) for m in _NUMBERED.finditer(text)], text)


def _objets(text: str) -> list[tuple[int, str | None]]:
    return [(m.start(), _title(text, m.end())) for m in _OBJET.finditer(text)]


def _delib_headings(text: str) -> list[tuple[int, str | None]]:
    return [(m.start(), _title(text, m.end())) for m in _DELIB_HEADING.finditer(text)]


def _list_lines(text: str) -> list[tuple[int, str | None]]:
    if not _LIST_HEADER.search(text[:1500]):
        return []
    hits = [(m.start(), _title(text, m.end())) for m in _LIST_NUMBER.finditer(text)]
    return hits if len(hits) >= 3 else []


def _sequence(hits: list[tuple[int, int, int]], text: str) -> list[tuple[int, str | None]]:
    """The run of markers numbered 1, 2, 3... whose items are longest (skips agendas, sub-lists)."""
    runs: list[list[tuple[int, int, int]]] = []
    for hit in hits:
        for run in runs:
            if hit[1] == run[-1][1] + 1:
                run.append(hit)
                break
        else:
            if hit[1] == 1:
                runs.append([hit])
    runs = [run for run in runs if len(run) >= 2]
    if not runs:
        return []
    best = max(runs, key=lambda run: (median(_lengths(run, len(text))), len(run)))
    return [(start, _title(text, title_start)) for start, _, title_start in best]


def _lengths(run: list[tuple[int, int, int]], length: int) -> list[int]:
    starts = [start for start, _, _ in run]
    return [end - start for start, end in zip(starts, [*starts[1:], length], strict=True)]


def _title(text: str, start: int) -> str:
    line_end = text.find("\n", start)
    return text[start: line_end if line_end >= 0 else len(text)]
