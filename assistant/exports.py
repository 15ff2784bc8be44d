"""Answers and precedents as plain data for the CLI and the web app: JSON, CSV, filter label."""

import csv
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from index.models import Answer, Citation, Filters
from index.parsing.dates import french_date
from index.records import SCDL_COLUMNS

PRECEDENT_COLUMNS = (*SCDL_COLUMNS, "VOTE_RESULTAT", "MONTANTS", "EXTRAIT", "SOURCE")
_FORMULA_STARTS = frozenset("=+-@\t\r")


def citation_json(citation: Citation) -> dict[str, Any]:
    """A citation as the JSON of ``delib ask --json`` prints it."""
    return {"n": citation.n, "source": citation.source, "collectivity": citation.collectivity,
            "session_date": citation.session_date, "object": citation.object,
            "delib_number": citation.delib_number, "page": citation.page,
            "quote": citation.quote}


def answer_json(answer: Answer) -> dict[str, Any]:
    """The documented JSON of ``delib ask --json`` (also the web app's ``/ask`` API)."""
    return {
        "answer": answer.text, "span": answer.span, "refused": answer.refused,
        "uncertain": answer.uncertain,
        "citations": [citation_json(c) for c in answer.citations],
        "leads": [{"n": c.n, "source": c.source, "session_date": c.session_date,
                   "object": c.object} for c in answer.leads],
        "filters": {k: v for k, v in asdict(answer.filters).items() if v},
        "notices": list(answer.notices), "flagged": list(answer.flagged),
        "timings_ms": dict(answer.timings_ms),
    }


def precedent_row(precedent: Any) -> dict[str, str]:
    """One CSV row of a precedent: the SCDL columns it fills, then vote, amounts, excerpt."""
    return dict.fromkeys(SCDL_COLUMNS, "") | {
        "COLL_NOM": precedent.collectivity or "", "DELIB_ID": precedent.delib_number or "",
        "DELIB_DATE": precedent.session_date or "", "DELIB_OBJET": precedent.object or "",
        "VOTE_RESULTAT": precedent.vote_result or "", "MONTANTS": " ; ".join(precedent.amounts),
        "EXTRAIT": precedent.excerpt, "SOURCE": precedent.source}


def write_precedents_csv(found: Iterable[Any], stream: TextIO, delimiter: str = ",") -> None:
    """The precedents as CSV (header row, SCDL column names, every cell quoted: a separator
    inside a cell never starts another). A cell that a spreadsheet would run as a formula
    (« =… », « +… », « -… », « @… », spaces before included) starts with « ' »."""
    writer = csv.DictWriter(stream, fieldnames=PRECEDENT_COLUMNS, delimiter=delimiter,
                            quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for precedent in found:
        writer.writerow({key: _inert(value) for key, value in precedent_row(precedent).items()})


def _inert(cell: str) -> str:
    return f"'{cell}" if cell.lstrip(" ")[:1] in _FORMULA_STARTS else cell


def _range_label(start: str | None, end: str | None) -> str:
    if start and end:
        return f"du {french_date(start)} au {french_date(end)}"
    return f"depuis le {french_date(start)}" if start else f"jusqu'au {french_date(end or '')}"


def filters_label(filters: Filters) -> str:
    """"Filtré : Ville de Dijon, depuis le 1er janvier 2019" ("" when none)."""
    parts = list(filters.collectivities) + list(filters.bodies)
    if filters.date_from and filters.date_from == filters.date_to:
        parts.append(f"séance du {french_date(filters.date_from)}")
    else:
        if filters.date_from:
            parts.append(f"depuis le {french_date(filters.date_from)}")
        if filters.date_to:
            parts.append(f"jusqu'au {french_date(filters.date_to)}")
    if filters.prefer_from or filters.prefer_to:
        preferred = _range_label(filters.prefer_from, filters.prefer_to)
        parts.append(f"en priorité les séances {preferred}")
    if filters.last_session:
        parts.append("dernière séance")
    if filters.deliberation_ids:
        parts.append("délibérations de la question précédente")
    return f"Filtré : {', '.join(parts)}" if parts else ""
