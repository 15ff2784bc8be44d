"""SCDL "Délibérations" exports (open-data CSV): one deliberation per row, fields from columns.

The columns are those of the OpenDataFrance schema (COLL_NOM, DELIB_ID, DELIB_DATE,
DELIB_OBJET, PREF_DATE, VOTE_POUR, VOTE_CONTRE, VOTE_ABSTENTION...). Each deliberation's text is
its record with each value after its column's name (« VOTE_POUR : 97 »), names and values as the
file prints them, the vote on a line of its own: a quote reads as what it says, where a bare row
(« ...,123,90,97,6,1,... ») holds a vote no reader can tell. The fields come from the columns,
never from reading that text.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from index.models import Vote

REQUIRED = ("DELIB_OBJET", "DELIB_DATE")
VOTE_COLUMNS = ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_FRENCH_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class Row:
    """One record of an export: its cells in the file's order, each with its column's name as
    the header prints it ("" beyond the header or under an unnamed column)."""

    cells: tuple[tuple[str, str], ...]

    def get(self, column: str) -> str | None:
        """The first filled value of ``column`` (names compared in capitals), spaces collapsed."""
        return next((value for name, value in self.filled() if name.upper() == column), None)

    def filled(self) -> Iterator[tuple[str, str]]:
        """The cells holding a value, spaces collapsed."""
        for name, value in self.cells:
            if text := " ".join(value.split()):
                yield name, text


def is_scdl(text: str) -> bool:
    """Whether the first line of ``text`` is an SCDL header (DELIB_OBJET and DELIB_DATE)."""
    header = text.lstrip("\ufeff \n").split("\n", 1)[0].upper()
    return all(column in header for column in REQUIRED)


def rows(text: str) -> Iterator[Row]:
    """The records of an export (quoted fields may hold line breaks; the delimiter is the
    header's: comma, semicolon or tab); blank records are skipped."""
    body = text.lstrip("\ufeff")
    header = body.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(body), delimiter=max(",;\t", key=header.count))
    columns = [name.strip() for name in next(reader, [])]
    for record in reader:
        if any(cell.strip() for cell in record):
            names = columns + [""] * (len(record) - len(columns))
            yield Row(tuple(zip(names, record, strict=False)))


def labelled(row: Row) -> str:
    """The record as its quotes show it: its filled cells on one line, each value after its
    column's name (« DELIB_OBJET : Tarifs 2022 | DELIB_DATE : 2022-03-24 »), then the vote
    columns on a line of their own (« VOTE_POUR : 97, VOTE_CONTRE : 6 »): names and values as
    the file prints them, so a vote reads as one and the record's words stay together."""
    record: list[str] = []
    votes: list[str] = []
    for name, value in row.filled():
        cell = f"{name} : {value}" if name else value
        (votes if name.upper() in VOTE_COLUMNS else record).append(cell)
    return "\n".join(line for line in (" | ".join(record), ", ".join(votes)) if line)


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
