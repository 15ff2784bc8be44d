"""From a read document to one ``Deliberation`` per object, with every field it prints."""

import re

from index.models import Deliberation, SourceDocument, Vote
from index.normalize import normalize_pages
from index.parsing import scdl
from index.parsing.actes import find_actes, find_transmission_dates
from index.parsing.amounts import find_amounts
from index.parsing.collectivity import find_collectivity
from index.parsing.fields import (
    find_body,
    find_number,
    find_object,
    find_session_date,
)
from index.parsing.learned import TITLE_THRESHOLD, learned_items
from index.parsing.people import find_attendance, find_president, find_rapporteur, find_secretary
from index.parsing.split import Item, split_items
from index.parsing.votes import find_vote
from index.structure.roles import RoleModel, default_model, model_version

PARSER_VERSION = f"17+roles-{model_version()}"  # the rules' version and the shipped model's hash
_HEADER_CHARS = 3000
_ITEM_HEADER_CHARS = 1500
_EXTRACT = re.compile(r"\s*(?:[^\n]{0,120}\n\s*)?EXTRAIT\s+(?:DU\s+|\w{1,3}\s+)?"
                      r"(?:REGISTRE|PROC[ÈE]S)", re.I)
_DECISION = re.compile(r"d[ée]lib[èe]re|apr[èe]s\s+en\s+avoir\s+d[ée]lib[ée]r|d[ée]cide|adopt[ée]|"
                       r"unanimit", re.I)


def parse_document(document: SourceDocument) -> list[Deliberation]:
    """Normalise the pages of ``document`` and return its deliberations in order."""
    return parse_with(document, default_model())


def parse_with(document: SourceDocument, model: RoleModel | None,
               threshold: float = TITLE_THRESHOLD) -> list[Deliberation]:
    """Deliberations of ``document``: items from the line-role ``model`` where it applies (a text
    with lines), else from the rules; ``model=None`` is the rules alone."""
    if scdl.is_scdl(document.pages[0] if document.pages else ""):
        return _scdl_deliberations(document, "\n".join(document.pages))
    text, page_starts = normalize_pages(document.pages)
    rules = split_items(text)
    items = (learned_items(document, text, model, rules, threshold) if model else None) or rules
    header = text[: items[0].start] if len(items) > 1 else text[:_HEADER_CHARS]
    session = _session_fields(header or text[:_HEADER_CHARS], text)
    return [
        _deliberation(document, position, item, text, page_starts,
                      session if len(items) == 1 else _own_session(text, item, session),
                      single=len(items) == 1)
        for position, item in enumerate(items)
    ]


def deliberation_id(sha256: str, position: int) -> str:
    """Stable id: the file's content hash and the position of the object in it."""
    return f"{sha256[:16]}-{position:03d}"


def _session_fields(header: str, text: str) -> dict[str, object]:
    actes = find_actes(text)
    return {
        "session_date": find_session_date(header) or find_session_date(text)
        or (actes.decision_date if actes and _DECISION.search(text) else None),
        "collectivity": find_collectivity(header) or find_collectivity(text[:_HEADER_CHARS])
        or find_collectivity(text),
        "body": find_body(header) or find_body(text[:_HEADER_CHARS]),
        "president": find_president(header),
        "secretary": find_secretary(header),
        "attendance": find_attendance(header),
    }


def _own_session(text: str, item: Item, session: dict[str, object]) -> dict[str, object]:
    """An extract printing its own session line: its date, authority and president win.

    Several extracts in one file each open on "EXTRAIT DU REGISTRE ... Séance du ..."; minutes
    whose points have no such header keep the session fields of the document.
    """
    head = text[item.start: min(item.end, item.start + _ITEM_HEADER_CHARS)]
    if not _EXTRACT.match(head):
        return session
    date = find_session_date(head)
    if not date:
        return session
    own: dict[str, object] = {"session_date": date, "collectivity": find_collectivity(head),
                              "body": find_body(head), "president": find_president(head),
                              "secretary": find_secretary(head)}
    return session | {key: value for key, value in own.items() if value}


def _deliberation(document: SourceDocument, position: int, item: Item, text: str,
                  page_starts: tuple[tuple[int, int], ...], session: dict[str, object],
                  single: bool) -> Deliberation:
    body = text[item.start: item.end]
    obj = item.title if item.title is not None or item.learned else find_object(body)[0]
    rapporteur, commission = find_rapporteur(body)
    actes = find_actes(body)
    sent, received = find_transmission_dates(body)
    head = body if single else body[:600]
    return Deliberation(
        id=deliberation_id(document.sha256, position),
        source=document.source,
        position=position,
        text=body.strip(),
        page_starts=_local_pages(page_starts, item),
        object=obj or None,
        delib_number=item.number or find_number(head[:_HEADER_CHARS]),
        rapporteur=item.rapporteur or rapporteur,
        commission=commission,
        vote=_vote(item.vote_text, body),
        amounts=find_amounts(body),
        actes=actes,
        transmission_date=sent,
        reception_date=received,
        **session,  # type: ignore[arg-type]
    )


def _vote(vote_text: str | None, body: str) -> Vote:
    """The vote read on the lines the model gives as the vote, else (none given, or no result
    worded there) on the whole item."""
    found = find_vote(vote_text) if vote_text else None
    return found if found is not None and found.result else find_vote(body)


def _scdl_deliberations(document: SourceDocument, text: str) -> list[Deliberation]:
    """One deliberation per row of an SCDL export, its fields from the columns, its text the row
    labelled by column (``scdl.labelled``)."""
    found = []
    for position, row in enumerate(scdl.rows(text)):
        body = normalize_pages((scdl.labelled(row),))[0].strip()
        found.append(Deliberation(
            id=deliberation_id(document.sha256, position), source=document.source,
            position=position, text=body, page_starts=(), object=row.get("DELIB_OBJET"),
            session_date=scdl.session_date(row), collectivity=row.get("COLL_NOM"),
            delib_number=row.get("DELIB_ID"), vote=scdl.vote(row), amounts=find_amounts(body),
            actes=find_actes(row.get("PREF_ID") or ""),
            transmission_date=scdl.transmission_date(row)))
    return found


def _local_pages(page_starts: tuple[tuple[int, int], ...],
                 item: Item) -> tuple[tuple[int, int], ...]:
    """Page starts re-based on the item's own text (pages it spans only)."""
    local = []
    for offset, page in page_starts:
        if offset >= item.end:
            break
        local.append((max(0, offset - item.start), page))
    firsts = {}
    for offset, page in local:
        firsts[offset] = page
    kept = sorted(firsts.items())
    while len(kept) > 1 and kept[1][0] == 0:
        kept.pop(0)
    return tuple(kept)
