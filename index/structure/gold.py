"""Structure gold: annotated documents with the line of every item's heading, title and fields.

dev2-*.jsonl gives line numbers (1-based); dev.jsonl and seeds.jsonl give strings only, so their
lines are found by matching the folded title, number and rapporteur to the text.
"""

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.analysis import fold_accents
from index.models import Layout
from index.parsing.votes import find_vote
from index.sanitize import sanitize_all
from index.structure.gold_layouts import load_layouts
from index.structure.lines import Line, raw_lines

_ALNUM = re.compile(r"[^a-z0-9]+")
_HEADING = re.compile(r"^[#*\s]*(?:(?:point|d[ée]lib[ée]ration|rapport|objet)\b.{0,40}"
                      r"|n[°o]?\s*[\w/._-]{1,20}|de\s+la\s+d[ée]lib[ée]ration"
                      r"|\d{1,3}\s*[.)-]?|[IVX]{1,5}\s*[.)-]?)[\s*:]*$", re.I)
_MAX_TITLE_LINES = 6


@dataclass
class GoldItem:
    """One annotated item; line indexes are 0-based."""

    start: int
    title_lines: tuple[int, ...]
    number_line: int | None
    rapporteur_line: int | None
    vote_line: int | None
    values: dict = field(default_factory=dict)  # object, delib_number, rapporteur, vote_result


@dataclass
class GoldDoc:
    """An annotated file, its raw pages and lines, and its items (empty: not annotated)."""

    file: str
    authority: str
    kind: str
    session_date: str | None
    pages: tuple[str, ...]
    lines: list[Line]
    items: list[GoldItem]
    layout: Layout = ()  # its PDF's printed lines, where the PDF was read (gold_layouts)


def load_gold(repo: Path, names: tuple[str, ...] = ()) -> list[GoldDoc]:
    """Every annotated document of eval/gold (dev, seeds, dev2-*) whose text is in the repo."""
    gold_dir = repo / "eval" / "gold"
    paths = sorted(gold_dir.glob("*.jsonl")) if not names else [gold_dir / n for n in names]
    texts = _text_paths(repo / "eval" / "datasets" / "multi")
    layouts = load_layouts(repo)
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            entry = json.loads(raw)
            found = texts.get(entry["file"])
            if found is None or entry["file"] in seen:
                continue
            seen.add(entry["file"])
            docs.append(_document(entry, *found, layouts.get(entry["file"], ())))
    return docs


def _text_paths(multi: Path) -> dict[str, tuple[Path, str]]:
    with (multi / "provenance.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {Path(row["text"]).name: (multi / row["text"], row["authority_id"]) for row in rows}


def _document(entry: dict, path: Path, authority: str, layout: Layout) -> GoldDoc:
    pages, _ = sanitize_all(tuple(path.read_text(encoding="utf-8").split("\f")))  # as read
    lines = raw_lines(pages)
    delibs = entry.get("deliberations") or []
    if delibs and "start_line" in delibs[0]:
        try:
            items = [_numbered_item(d, lines) for d in delibs]
        except ValueError as error:
            raise ValueError(f"{entry['file']} : {error}") from None
    else:
        items = _matched_items(delibs, lines)
    return GoldDoc(entry["file"], entry.get("authority_id") or authority, entry.get("kind", ""),
                   entry.get("session_date"), pages, lines, items, layout)


def _values(delib: dict) -> dict:
    return {key: delib.get(key) for key in ("object", "delib_number", "rapporteur", "vote_result")}


def _numbered_item(delib: dict, lines: list[Line]) -> GoldItem:
    """An item annotated by line numbers (1-based rows, see ``Line.row``). A row holding the
    end of a page and the start of the next is two lines: the one holding the annotated value
    is taken, else the page's start (where a heading printed at the top of a page is)."""
    rows = _rows(lines)
    titles = _title_lines(delib, lines, rows)
    start = rows(delib["start_line"])
    first = titles[0] if titles and titles[0] in start else \
        _pieces(lines, start, _holds(delib.get("delib_number")))[-1]

    def line_of(key: str, fits: Callable[[str], bool]) -> int | None:
        row = delib.get(key)
        return _pieces(lines, rows(row), fits)[0] if row else None

    result = delib.get("vote_result")
    return GoldItem(first, titles, line_of("number_line", _holds(delib.get("delib_number"))),
                    line_of("rapporteur_line", _holds(delib.get("rapporteur"))),
                    line_of("vote_line", lambda text: bool(result)
                            and find_vote(text).result == result),
                    _values(delib))


def _rows(lines: list[Line]) -> Callable[[int], list[int]]:
    """The lines of a 1-based row; a row past the end of the text is an error that names it."""
    rows: dict[int, list[int]] = {}
    for line in lines:
        rows.setdefault(line.row + 1, []).append(line.index)

    def lines_of(row: int) -> list[int]:
        if row not in rows:
            raise ValueError(f"ligne {row} absente du texte ({len(rows)} lignes)")
        return rows[row]

    return lines_of


def _title_lines(delib: dict, lines: list[Line],
                 rows: Callable[[int], list[int]]) -> tuple[int, ...]:
    """The title's lines: on a shared row, the pieces whose words are the title's (a page
    number is not: it needs letters) or, on the first row, the piece opening on them."""
    title = folded(delib.get("object") or "")
    found: list[int] = []
    for number, row in enumerate(delib.get("title_lines") or ()):
        def in_title(text: str, first: bool = number == 0) -> bool:
            key = folded(text)
            return any(char.isalpha() for char in key) and (
                key in title or (first and title[:12] in key))

        found += _pieces(lines, rows(row), in_title)
    return tuple(found)


def _holds(value: str | None) -> Callable[[str], bool]:
    """Whether a line's text holds ``value`` (both folded)."""
    target = folded(value or "")
    return lambda text: bool(target) and target in folded(text)


def _pieces(lines: list[Line], indexes: list[int], fits: Callable[[str], bool]) -> list[int]:
    """The lines of one row whose text ``fits``, else its last line (the page's start)."""
    if len(indexes) == 1:
        return indexes
    return [i for i in indexes if fits(lines[i].text)] or indexes[-1:]


def folded(text: str) -> str:
    """Letters and digits only, lowercase, no accents: "Objet : Vote" -> "objetvote"."""
    return _ALNUM.sub("", fold_accents(text))


def _matched_items(delibs: list[dict], lines: list[Line]) -> list[GoldItem]:
    """Items located by their title; empty when one title cannot be found (not annotated).

    Titles are placed from the last item backwards, each at its last occurrence before the
    next item's: an agenda listing the titles at the top of minutes is passed over.
    """
    if not delibs:
        return []
    keys = [folded(line.text) for line in lines]
    places: list[tuple[int, ...]] = []
    limit = len(lines)
    for delib in reversed(delibs):
        title = _find_title(folded(delib.get("object") or ""), keys, limit, len(delibs) == 1)
        if title is None:
            return []
        places.insert(0, title)
        limit = title[0]
    ends = [p[0] for p in places[1:]] + [len(lines)]
    return [_item_fields(delib, lines, keys, title, end)
            for delib, title, end in zip(delibs, places, ends, strict=True)]


def _find_title(target: str, keys: list[str], limit: int,
                first_one: bool) -> tuple[int, ...] | None:
    """Last (or first) line run before ``limit`` whose folded text holds the folded title."""
    if len(target) < 4:
        return None
    order = range(limit) if first_one else range(limit - 1, -1, -1)
    for first in order:
        if not keys[first] or target[:12] not in keys[first] + "".join(keys[first + 1:first + 3]):
            continue
        joined = ""
        for last in range(first, min(first + _MAX_TITLE_LINES, limit)):
            joined += keys[last]
            found = joined.find(target)
            if found >= 0:
                if found >= len(keys[first]):
                    break
                return tuple(i for i in range(first, last + 1) if keys[i])
    return None


def _item_fields(delib: dict, lines: list[Line], keys: list[str], title: tuple[int, ...],
                 end: int) -> GoldItem:
    start = title[0]
    above = _previous_text_line(lines, start)
    while above is not None and _HEADING.match(lines[above].text) and start - above <= 2:
        start = above
        above = _previous_text_line(lines, start)
    number = _line_with(keys, folded(delib.get("delib_number") or ""), start, title[-1] + 4)
    rapporteur = _line_with(keys, folded(delib.get("rapporteur") or ""), start, end)
    vote = _vote_line(lines, delib.get("vote_result"), title[-1] + 1, end)
    return GoldItem(start, title, number, rapporteur, vote, _values(delib))


def _previous_text_line(lines: list[Line], index: int) -> int | None:
    for other in range(index - 1, max(-1, index - 3), -1):
        if lines[other].text:
            return other
    return None


def _line_with(keys: list[str], target: str, start: int, end: int) -> int | None:
    if not target:
        return None
    return next((i for i in range(start, min(end, len(keys))) if target in keys[i]), None)


def _vote_line(lines: list[Line], result: str | None, start: int, end: int) -> int | None:
    """The last line of the item stating the gold vote result."""
    if not result:
        return None
    for index in range(min(end, len(lines)) - 1, start - 1, -1):
        if lines[index].text and find_vote(lines[index].text).result == result:
            return index
    return None
