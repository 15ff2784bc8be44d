"""Deliberations as flat records: the JSON of ``delib parse --json`` and the SCDL CSV columns."""

import csv
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index.models import Deliberation

SCDL_COLUMNS = ("COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE",
                "DELIB_MATIERE_NOM", "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID",
                "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
                "VOTE_ABSTENTION", "DELIB_URL")


def deliberation_record(delib: Deliberation) -> dict[str, Any]:
    """Every extracted field, flat where users expect it (vote, @ctes), JSON-ready."""
    attendance = asdict(delib.attendance)
    return {
        "id": delib.id, "source": delib.source, "position": delib.position,
        "collectivity": delib.collectivity, "body": delib.body,
        "session_date": delib.session_date, "delib_number": delib.delib_number,
        "object": delib.object, "rapporteur": delib.rapporteur, "commission": delib.commission,
        "president": delib.president, "secretary": delib.secretary,
        "vote_result": delib.vote.result, "votes_for": delib.vote.votes_for,
        "votes_against": delib.vote.votes_against,
        "votes_abstention": delib.vote.votes_abstention,
        "not_participating": list(delib.vote.not_participating),
        "actes_id": delib.actes.raw if delib.actes else None,
        "actes": asdict(delib.actes) if delib.actes else None,
        "transmission_date": delib.transmission_date, "reception_date": delib.reception_date,
        "amounts": [asdict(amount) for amount in delib.amounts],
        "attendance": attendance, "pages": list(delib.pages),
        "ocr_confidence": delib.ocr_confidence,
    }


def scdl_row(delib: Deliberation) -> dict[str, str]:
    """One row of the SCDL "Délibérations" schema; what the text does not print stays empty."""
    vote = delib.vote
    voters = None
    if None not in (vote.votes_for, vote.votes_against, vote.votes_abstention):
        voters = (vote.votes_for or 0) + (vote.votes_against or 0) + (vote.votes_abstention or 0)
    values = {
        "COLL_NOM": delib.collectivity,
        "COLL_SIRET": None,
        "DELIB_ID": delib.delib_number,
        "DELIB_DATE": delib.session_date,
        "DELIB_OBJET": delib.object,
        "PREF_ID": delib.actes.raw if delib.actes else None,
        "PREF_DATE": delib.reception_date or delib.transmission_date,
        "VOTE_EFFECTIF": delib.attendance.in_office,
        "VOTE_REEL": voters,
        "VOTE_POUR": vote.votes_for,
        "VOTE_CONTRE": vote.votes_against,
        "VOTE_ABSTENTION": vote.votes_abstention,
    }
    return {column: "" if values.get(column) is None else str(values[column])
            for column in SCDL_COLUMNS}


def write_scdl(delibs: Iterable[Deliberation], path: Path) -> int:
    """Write the SCDL CSV (UTF-8, comma-separated, header row); return the row count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=SCDL_COLUMNS)
        writer.writeheader()
        for delib in delibs:
            writer.writerow(scdl_row(delib))
            count += 1
    return count
