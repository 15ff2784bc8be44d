"""SCDL "Délibérations" exports (open-data CSV): one deliberation per row, fields from columns.

The columns are those of the OpenDataFrance schema (COLL_NOM, DELIB_ID, DELIB_DATE,
DELIB_OBJET, PREF_DATE, VOTE_POUR, VOTE_CONTRE, VOTE_ABSTENTION...). Each deliberation's text is
its record as printed in the file, so that quotes stay verbatim; the fields come from the
columns, never from reading that text.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from index.models import Vote

REQUIRED = ("DELIB_OBJET", "DELIB_DATE")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_FRENCH_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class Row:
    """One record of an export: its columns and where its text sits in the file."""

    fields: dict[str, str]
    start: int
    end: int

    def get(self, column: str) -> str | None:
        value = " ".join(self.fields.get(column, "").split())
        return value or None


def is_scdl(text: str) -> bool:
    """Whether the first line of ``text`` is an SCDL header (DELIB_OBJET and DELIB_DATE)."""
    header = text.lstrip("\ufeff \n").split("\n", 1)[0].upper()
    return all(column in header for column in REQUIRED)


def rows(text: str) -> Iterator[Row]:
    """The records of an export with their offsets in ``text`` (quoted fields may hold line
    breaks; the delimiter is the header's: comma, semicolon or tab)."""
    body = text.lstrip("\ufeff")
    shift = len(text) - len(body)
    header = body.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    lines = body.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    columns = [name.strip().upper() for name in next(reader, [])]
    done = reader.line_num
    for record in reader:
        begin, done = starts[done], reader.line_num
        if any(cell.strip() for cell in record):
            end = starts[min(done, len(lines))]
            yield Row(dict(zip(columns, record, strict=False)), shift + begin, shift + end)


def session_date(row: Row) -> str | None:
    """DELIB_DATE as YYYY-MM-DD (ISO as the schema asks, or DD/MM/YYYY as some exports have)."""
    value = row.get("DELIB_DATE") or ""
    french = _FRENCH_DATE.match(value)
    return _iso(value) or (f"{french[3]}-{french[2]}-{french[1]}" if french else None)


def transmission_date(row: Row) -> str | None:
    return _iso(row.get("PREF_DATE") or "")


def _iso(value: str) -> str | None:
    found = _DATE.match(value)
    return "-".join(found.groups()) if found else None


def vote(row: Row) -> Vote:
    """The counts of the columns; the result they imply (the export never says unanimity)."""
    counts = [_count(row.get(column)) for column in ("VOTE_POUR", "VOTE_CONTRE",
                                                     "VOTE_ABSTENTION")]
    votes_for, against, abstention = counts
    if votes_for is None:
        return Vote()
    if against is not None and against > votes_for:
        result = "rejeté"
    elif against or abstention:
        result = "majorité"
    else:
        result = "adopté"
    return Vote(result, votes_for, against, abstention)


def _count(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
