"""Read-only catalog queries the web app needs beside the answers: filter choices, the list of
deliberations, one deliberation to read with a quote located in it, example questions, the
state of the index, and the PDF file of an indexed source (never any other path)."""

import bisect
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.engine.spans import JOINED
from index.store import Index

EXAMPLES = 4
_OBJECT_MAX = 90
_LIST_COLUMNS = ("d.id, d.session_date, d.collectivity, d.body, d.object, d.delib_number, "
                 "d.vote_result, doc.source, doc.kind")

Box = tuple[float, float, float, float]  # left, top, width, height in PDF points


@dataclass(frozen=True)
class Reading:
    """A deliberation opened for reading: its fields, its source and its full text."""

    id: str
    source: str
    kind: str
    text: str
    record: dict[str, Any]

    def field(self, name: str) -> Any:
        return self.record.get(name)


class Library:
    """Queries over one opened index; safe to share between threads (reads only)."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def _query(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        return self.index.catalog.query(sql, params)

    def collectivities(self) -> list[str]:
        return self._distinct("collectivity")

    def bodies(self) -> list[str]:
        return self._distinct("body")

    def _distinct(self, column: str) -> list[str]:
        rows = self._query(f"SELECT DISTINCT {column} AS v FROM deliberations "
                           f"WHERE {column} IS NOT NULL AND {column} != '' ORDER BY 1")
        return [row["v"] for row in rows]

    def deliberations(self) -> list[dict[str, Any]]:
        """Every indexed deliberation, latest session first."""
        return self._query(f"SELECT {_LIST_COLUMNS} FROM deliberations d JOIN documents doc "
                           "ON doc.id = d.document_id "
                           "ORDER BY d.session_date DESC, doc.source, d.position")

    def sources(self) -> list[str]:
        return [row["source"] for row in self._query("SELECT source FROM documents ORDER BY 1")]

    def reading(self, deliberation_id: str) -> Reading | None:
        rows = self._query("SELECT d.id, d.record, d.text, doc.source, doc.kind "
                           "FROM deliberations d JOIN documents doc ON doc.id = d.document_id "
                           "WHERE d.id = ?", (deliberation_id,))
        if not rows:
            return None
        row = rows[0]
        return Reading(row["id"], row["source"], row["kind"], row["text"],
                       json.loads(row["record"]))

    def page_of(self, deliberation_id: str, offset: int) -> int | None:
        """The page holding ``offset`` of the deliberation's text (None for text files)."""
        rows = self._query("SELECT start, page FROM chunks WHERE deliberation_id = ? "
                           "ORDER BY start", (deliberation_id,))
        pages = [row["page"] for row in rows if row["start"] <= offset]
        return pages[-1] if pages else (rows[0]["page"] if rows else None)

    def quote_page(self, reading: Reading, quote: str) -> int | None:
        """The page of the source file whose raw text holds the start of ``quote`` (chunks only
        know the page where they start, and a quote may sit on a later page)."""
        probe = _squash(longest_passage(quote))[:80]
        if len(probe) < 12:
            return None
        rows = self._query("SELECT pages FROM documents WHERE source = ?", (reading.source,))
        pages = json.loads(rows[0]["pages"]) if rows else []
        return next((number for number, page in enumerate(pages, start=1)
                     if probe in _squash(page)), None)

    def ocr_boxes(self, reading: Reading, page: int, quote: str) -> list[Box]:
        """Boxes of the words of ``page``, read by OCR, that spell ``quote`` (its part on that
        page); [] when the page was not read by OCR or the quote is not found on it."""
        rows = self._query("SELECT ocr FROM documents WHERE source = ?", (reading.source,))
        ocr = json.loads(rows[0]["ocr"]) if rows and rows[0]["ocr"] else {}
        pages = ocr.get("pages", [])
        if page not in pages:
            return []
        return spelled_boxes(ocr["words"][pages.index(page)], quote)

    def pdf_file(self, reading: Reading) -> Path | None:
        """The original PDF of an indexed deliberation, if it is still the file indexed."""
        if reading.kind != "pdf":
            return None
        rows = self._query("SELECT sha256 FROM documents WHERE source = ?", (reading.source,))
        path = Path(reading.source)
        if not rows or not path.is_file():
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return path if digest == rows[0]["sha256"] else None

    def state(self) -> dict[str, Any]:
        """What an answer was given from: build fingerprint, counts, digest of the documents."""
        hashes = [row["sha256"] for row in self._query(
            "SELECT sha256 FROM documents ORDER BY sha256")]
        counts = self._query("SELECT count(*) AS n FROM deliberations")[0]
        return {"fingerprint": self.index.stored_fingerprint(), "documents": len(hashes),
                "deliberations": counts["n"],
                "documents_sha256": hashlib.sha256("".join(hashes).encode()).hexdigest()[:16]}

    def is_empty(self) -> bool:
        return not self._query("SELECT 1 FROM deliberations LIMIT 1")

    def example_questions(self, limit: int = EXAMPLES) -> list[str]:
        """Questions on indexed deliberations (latest first, one per authority in turn),
        each asking for a field the deliberation prints."""
        rows = self._query("SELECT collectivity, object, record FROM deliberations "
                           "WHERE object IS NOT NULL ORDER BY session_date DESC")
        questions: list[str] = []
        seen: set[str | None] = set()
        for pass_number in (0, 1):  # first one per authority, then any
            for row in rows:
                if len(questions) == limit:
                    return questions
                if pass_number == 0 and row["collectivity"] in seen:
                    continue
                question = _example(row["object"], json.loads(row["record"]))
                if question and question not in questions:
                    questions.append(question)
                    seen.add(row["collectivity"])
        return questions


def _example(obj: str, record: dict[str, Any]) -> str | None:
    title = _short_object(obj)
    if title is None:
        return None
    if record.get("vote_result"):
        return f"Comment a été votée la délibération « {title} » ?"
    if record.get("rapporteur"):
        return f"Qui a rapporté la délibération « {title} » ?"
    if record.get("amounts"):
        return f"Quel est le montant prévu : {title} ?"
    return f"Qu'a décidé la délibération « {title} » ?"


def _short_object(obj: str) -> str | None:
    """The object's first part, in sentence case when it was printed in capitals."""
    title = re.split(r"\s+[-–—]\s+", obj.strip())[0].strip(" .:;")
    if len(title) > _OBJECT_MAX or len(title) < 8:
        return None
    if title.isupper():
        title = title.capitalize()
    return title


GAP = 1200  # characters a « […] » may stand for: a stamp, a page header
_STARTS = 2000  # places of a quote's first piece tried


def _loose(piece: str) -> str:
    return r"\s+".join(re.escape(word) for word in piece.split())


def _in_order(text: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    """Where ``pieces`` follow each other in ``text``, each at most ``GAP`` characters after
    the one before: the tightest such chain (a header repeated earlier is not its first
    piece), each piece found once, so the time grows with the text, not with the pieces."""
    places = [[m.span() for m in re.finditer(_loose(piece), text)] for piece in pieces]
    starts = [[start for start, _ in found] for found in places]
    best: list[tuple[int, int]] | None = None
    for first in places[0][:_STARTS]:
        chain = [first]
        for found, at in zip(places[1:], starts[1:], strict=True):
            i = bisect.bisect_left(at, chain[-1][1])
            if i == len(at) or at[i] - chain[-1][1] > GAP:
                break
            chain.append(found[i])
        if len(chain) == len(pieces) and (
                best is None or chain[-1][1] - chain[0][0] < best[-1][1] - best[0][0]):
            best = chain
    return best


def longest_passage(quote: str) -> str:
    """Of a quote's passages joined by « […] », the longest."""
    return max(quote.split(JOINED), key=len).strip()


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``text``: exact, else with any run of whitespace in between; a
    quote of several passages joined by « […] » is found at its longest passage, taken where
    the passages follow each other in order (a header repeated on every page is not the
    one quoted), else wherever it is."""
    pieces = [piece for piece in quote.split(JOINED) if piece.strip()]
    if len(pieces) > 1 and (chain := _in_order(text, pieces)):
        return chain[max(range(len(pieces)), key=lambda i: len(pieces[i]))]
    quote = longest_passage(quote)
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    words = quote.split()
    pattern = r"\s+".join(re.escape(word) for word in words[:200])
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def spelled_boxes(words: list[list[Any]], quote: str) -> list[Box]:
    """(left, top, width, height) of the run of ``words`` ([text, left, top, width, height,
    ...]) spelling the start of ``quote``, letters and digits compared without case, so that
    line ends, hyphens and apostrophes read differently do not matter."""
    target = _letters(quote)
    if len(target) < 8:
        return []
    text, owner = "", []
    for number, word in enumerate(words):
        piece = _letters(word[0])
        text += piece
        owner += [number] * len(piece)
    start = text.find(target[:80])
    if start < 0:
        return []
    return [(words[n][1], words[n][2], words[n][3], words[n][4])
            for n in sorted(set(owner[start: start + len(target)]))]


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _squash(text: str) -> str:
    return " ".join(text.split())


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line-separated paragraph(s) holding ``text[start:end]``."""
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    return (0 if before < 0 else before + 2), (len(text) if after < 0 else after)
