"""Gold for the Saint-Étienne Métropole open-data list of deliberations (CSV, dev2 part 1)."""

from __future__ import annotations

import collections
import csv
import io
import sys
from typing import Any

import part1_common as pc

AUTH = "saint-etienne-metropole"
NAME = "deliberations_metropole_saint_etienne.txt"


def records(text: str) -> list[tuple[int, int, dict[str, str]]]:
    """(first line, last line, fields) of each CSV record, 1-based lines."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out, last = [], 1
    for row in reader:
        out.append((last + 1, reader.line_num, row))
        last = reader.line_num
    return out


def title_lines(lines: list[str], first: int, last: int, objet: str) -> list[int]:
    """Lines holding the DELIB_OBJET field, which may span several lines of the record."""
    parts = printed(objet).split("\n")
    start = next(n for n in range(first, last + 1) if parts[0] in lines[n - 1])
    return list(range(start, start + len(parts)))


def printed(field: str) -> str:
    """A quoted CSV field as printed in the text (inner quotes doubled)."""
    return field.replace('"', '""')


def to_item(lines: list[str], first: int, last: int, row: dict[str, str]) -> dict[str, Any]:
    """One deliberation of the list: number and title from the record, vote from its counts."""
    pour, contre, abst = (int(row[k]) if row[k].strip() else None
                          for k in ("VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION"))
    nums = {"votes_for": pour, "votes_against": contre, "votes_abstention": abst}
    result = pc.counted_result("", nums) if pour is not None else None
    return pc.item(first, title_lines(lines, first, last, row["DELIB_OBJET"]),
                   " ".join(p.strip() for p in printed(row["DELIB_OBJET"]).split("\n")),
                   number_line=first, delib_number=row["DELIB_ID"],
                   **pc.vote(last if result else None, result, nums))


def all_records() -> list[tuple[dict[str, Any], int]]:
    """The one document (no hand fixes: every field comes from the CSV columns)."""
    text = (pc.TEXTS / AUTH / NAME).read_text(encoding="utf-8")
    lines = text.split("\n")
    recs = records(text)
    items = [to_item(lines, a, b, row) for a, b, row in recs]
    dates = collections.Counter(row["DELIB_DATE"] for _, _, row in recs)
    rec = pc.doc(NAME, AUTH, "list", "Saint-Etienne Métropole", "conseil métropolitain",
                 dates.most_common(1)[0][0], None, items)
    return [(rec, 0)]


def main() -> None:
    """Write the draft JSONL and its review listing."""
    pc.save(AUTH, [rec for rec, _ in all_records()])
    print("hand-fixed items: 0", file=sys.stderr)


if __name__ == "__main__":
    main()
