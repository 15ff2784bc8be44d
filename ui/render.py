"""HTML and chat Markdown for the web app; every piece of document or user text is escaped."""

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.exports import filters_label
from assistant.library import Reading, paragraph_bounds
from index.models import Answer, Citation, Filters
from index.parsing.dates import french_date
from index.pipeline import IngestReport
from ui.uploads import Rejected

LEADS_TITLE = "Pistes (ne répondent pas à la question)"
_PRECEDENT_LABELS = ("Séance", "Collectivité", "Objet", "N°", "Vote", "Montants")
_LIST_LABELS = ("Séance", "Collectivité", "Objet", "N°", "Fichier")
_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~:$=")
_CONTEXT = 140  # characters kept around a quote in a long paragraph
_STATUS = {"new": "nouveaux", "replaced": "remplacés", "unchanged": "inchangés",
           "skipped": "ignorés", "failed": "en échec"}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def md_text(text: str) -> str:
    """Plain text safe inside chat Markdown: HTML escaped, Markdown syntax neutralised."""
    out = []
    for char in text:
        if char in "<>&\"'":
            out.append(html.escape(char, quote=True))
        elif char in _MD_SPECIAL:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def with_markers(text: str, known: set[int] | None = None) -> str:
    """Answer text for the chat, its [n] markers styled as citation calls (only the numbers
    in ``known`` once the citations are known: a "[2]" quoted from a document stays text)."""
    parts, last = [], 0
    for match in _MARKER.finditer(text):
        numbers = {int(n) for n in re.findall(r"\d+", match.group(1))}
        if known is not None and not numbers <= known:
            continue
        parts.append(md_text(text[last: match.start()]))
        parts.append(f'<span class="delib-cite">[{esc(match.group(1))}]</span>')
        last = match.end()
    parts.append(md_text(text[last:]))
    return "".join(parts)


def status_message(text: str) -> str:
    return f'<span class="delib-status">{esc(text)}</span>'


def chat_answer(answer: Answer) -> str:
    """The final answer in the chat: filters, notices, the text or a styled refusal."""
    blocks = []
    label = filters_label(answer.filters)
    if label:
        blocks.append(f'<div class="delib-filtered">{esc(label)}</div>')
    blocks += [f'<div class="delib-notice">⚠ {esc(notice)}</div>' for notice in answer.notices]
    if answer.refused:
        leads = ("<br><small>Les délibérations les plus proches sont proposées comme pistes "
                 "dans le panneau des sources : elles ne répondent pas à la question.</small>"
                 if answer.leads else "")
        blocks.append(f'<div class="delib-refusal"><strong>{esc(answer.text)}</strong>'
                      f"{leads}</div>")
    else:
        blocks.append(with_markers(answer.text, {c.n for c in answer.citations}))
    if answer.flagged:
        items = "".join(f"<li>{esc(s)}</li>" for s in answer.flagged)
        blocks.append(f'<div class="delib-flagged">À vérifier dans les sources :<ul>{items}'
                      "</ul></div>")
    return "\n\n".join(blocks)


def filters_banner(filters: Filters) -> str:
    label = filters_label(filters)
    if not label:
        return '<div class="delib-banner">Aucun filtre : toutes les délibérations indexées.</div>'
    return f'<div class="delib-banner delib-banner-on">{esc(label)}</div>'


def excerpt(text: str, span: tuple[int, int] | None, fallback: str) -> str:
    """The paragraph holding the quote, the quote in <mark>, long paragraphs cut around it."""
    if span is None:
        return f"<q>{esc(_cut(fallback, 2 * _CONTEXT))}</q>"
    start, end = span
    para_start, para_end = paragraph_bounds(text, start, end)
    before = text[max(para_start, start - _CONTEXT): start]
    after = text[end: min(para_end, end + _CONTEXT)]
    head = "…" if start - _CONTEXT > para_start else ""
    tail = "…" if end + _CONTEXT < para_end else ""
    quote = text[start:end]
    if len(quote) > 3 * _CONTEXT:
        quote, after, tail = _cut(quote, 3 * _CONTEXT), "", ""
    return f"{head}{esc(before)}<mark>{esc(quote)}</mark>{esc(after)}{tail}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def source_card(citation: Citation, snippet: str, page: int | None, lead: bool = False) -> str:
    """One cited deliberation: authority, session, object, number, vote, page, excerpt, open."""
    kind = "lead" if lead else "citation"
    meta = [citation.session_label[:1].upper() + citation.session_label[1:]]
    if citation.body:
        meta.append(citation.body)
    facts = []
    if citation.delib_number:
        facts.append(f"N° {citation.delib_number}")
    facts.append(f"Vote : {citation.vote_result or 'non indiqué'}")
    if page:
        facts.append(f"page {page}")
    if citation.ocr_confidence is not None:
        facts.append(f"lu par OCR (confiance {citation.ocr_confidence:.0f} %)")
    return (
        f'<article class="delib-card delib-{kind}" data-delib="{esc(citation.deliberation_id)}">'
        f'<header><span class="delib-n">[{citation.n}]</span> '
        f'<span class="delib-coll">{esc(citation.collectivity or "Collectivité inconnue")}'
        f'</span></header>'
        f'<div class="delib-meta">{esc(" · ".join(meta))}</div>'
        f'<div class="delib-object">{esc(citation.object or unknown_object(citation, page))}'
        '</div>'
        f'<div class="delib-facts">{esc(" · ".join(facts))}</div>'
        f'<blockquote class="delib-excerpt">{snippet}</blockquote>'
        f'<button class="delib-open" data-open="{esc(citation.deliberation_id)}" '
        f'data-n="{citation.n}" data-kind="{kind}">Ouvrir la délibération</button></article>')


def unknown_object(citation: Citation, page: int | None) -> str:
    """What a card says when the object of a deliberation could not be read: plainly that, and
    where to read it (file, page), never a sentence of the text put in its place."""
    where = f"{Path(citation.source).name}, page {page}" if page else Path(citation.source).name
    return f"Objet non lu dans le document (voir {where})"


def sources_panel(answer: Answer | None, cards: Sequence[tuple[str, int | None]],
                  turn: int = 0) -> str:
    """The cards of an answer's sources, or of a refusal's leads under their own title;
    ``data-turn`` tells which answer of the conversation they belong to."""
    if answer is None:
        return ('<div class="delib-sources-empty">Les sources de la réponse s\'afficheront ici : '
                "une fiche par délibération citée, avec le passage surligné.</div>")
    if answer.refused and not answer.leads:
        body = ('<div class="delib-sources-empty">Aucune délibération proche : essayez '
                "d'autres mots ou retirez des filtres.</div>")
    elif answer.refused:
        shown = "".join(source_card(c, snippet, page, lead=True)
                        for c, (snippet, page) in zip(answer.leads, cards, strict=False))
        body = f'<h3 class="delib-leads-title">{esc(LEADS_TITLE)}</h3>{shown}'
    else:
        shown = "".join(source_card(c, snippet, page)
                        for c, (snippet, page) in zip(answer.citations, cards, strict=False))
        body = f'<h3 class="delib-sources-title">Sources</h3>{shown}'
    return f'<div class="delib-sources" data-turn="{turn}">{body}</div>'


def reader(reading: Reading, span: tuple[int, int] | None, page: int | None,
           searched: bool) -> str:
    """A whole deliberation: its fields, then its text with the cited passage marked."""
    fields = _reader_fields(reading, page)
    note = ""
    if searched and span is None:
        note = ('<p class="delib-notice">Le passage cité n\'a pas été retrouvé mot pour mot dans '
                "ce texte.</p>")
    return (f'<div class="delib-reader"><h3>{esc(reading.field("object") or "(objet inconnu)")}'
            f'</h3><dl class="delib-fields">{fields}</dl>{note}'
            f'<div class="delib-text">{_paragraphs(reading.text, span)}</div></div>')


def _reader_fields(reading: Reading, page: int | None) -> str:
    session = reading.field("session_date")
    amounts = " ; ".join(a["raw"] for a in reading.field("amounts") or [])
    rows = [("Collectivité", reading.field("collectivity")), ("Instance", reading.field("body")),
            ("Séance", french_date(session) if session else None),
            ("Numéro", reading.field("delib_number")), ("Rapporteur", reading.field("rapporteur")),
            ("Vote", reading.field("vote_result")), ("Montants", amounts or None),
            ("Acte @ctes", reading.field("actes_id")),
            ("Source", Path(reading.source).name + (f", page {page}" if page else ""))]
    return "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in rows
                   if value)


def _paragraphs(text: str, span: tuple[int, int] | None) -> str:
    out, position = [], 0
    for block in re.split(r"(\n\s*\n)", text):
        start, end = position, position + len(block)
        position = end
        if not block.strip():
            continue
        if span and start < span[1] and span[0] < end:
            lo, hi = max(span[0], start) - start, min(span[1], end) - start
            body = (f"{esc(block[:lo])}<mark id=\"delib-mark\">{esc(block[lo:hi])}</mark>"
                    f"{esc(block[hi:])}")
        else:
            body = esc(block)
        out.append(f"<p>{body}</p>")
    return "".join(out)


def precedents_table(found: Sequence[Any]) -> str:
    """Précédents: one clickable row per deliberation, sorted by session date."""
    if not found:
        return '<div class="delib-sources-empty">Aucune délibération trouvée sur ce sujet.</div>'
    head = "".join(f"<th>{h}</th>" for h in _PRECEDENT_LABELS)
    rows = "".join(_row(p.deliberation_id, _PRECEDENT_LABELS, [
        french_date(p.session_date) if p.session_date else "inconnue", p.collectivity,
        p.object, p.delib_number, p.vote_result, " ; ".join(p.amounts)]) for p in found)
    return (f'<p class="delib-count">{len(found)} délibération(s), de la plus ancienne à la plus '
            "récente. Cliquez sur une ligne pour l'ouvrir.</p>"
            f'<table class="delib-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>'
            "</table>")


def deliberations_table(rows: Iterable[dict[str, Any]]) -> str:
    """The indexed deliberations (Documents tab), latest first, clickable."""
    items = list(rows)
    if not items:
        return ('<div class="delib-sources-empty">L\'index est vide : envoyez des délibérations '
                "ci-dessus.</div>")
    head = "".join(f"<th>{h}</th>" for h in _LIST_LABELS)
    body = "".join(_row(r["id"], _LIST_LABELS, [
        french_date(r["session_date"]) if r["session_date"] else "inconnue", r["collectivity"],
        r["object"], r["delib_number"], Path(r["source"]).name]) for r in items)
    return (f'<p class="delib-count">{len(items)} délibération(s) indexée(s).</p>'
            f'<table class="delib-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            "</table>")


def _row(deliberation_id: str, labels: Sequence[str], cells: list[Any]) -> str:
    tds = "".join(f'<td data-label="{esc(label)}">{esc(cell or "")}</td>'
                  for label, cell in zip(labels, cells, strict=True))
    return f'<tr data-open="{esc(deliberation_id)}" tabindex="0">{tds}</tr>'


def ingest_report(report: IngestReport | None, rejected: Sequence[Rejected]) -> str:
    """Totals per status, then each file refused or not indexed with its reason."""
    lines = []
    if report is not None:
        counts = ", ".join(f"{report.count(s)} {label}" for s, label in _STATUS.items())
        lines.append(f"<p><strong>{len(report.outcomes)} fichier(s) lus</strong> : "
                     f"{esc(counts)}. {report.deliberations} délibération(s), {report.chunks} "
                     f"extrait(s) indexés en {report.seconds:.1f} s.</p>")
    problems = [(r.name, "refusé", r.reason) for r in rejected]
    if report is not None:
        problems += [(Path(o.source).name, "ignoré" if o.status == "skipped" else "échec",
                      o.reason) for o in report.outcomes if o.status in ("skipped", "failed")]
        problems += [(Path(o.source).name, "nettoyé", o.cleaning_note)
                     for o in report.outcomes if o.status not in ("skipped", "failed")
                     and o.cleaning_note]
    if problems:
        items = "".join(f"<li><strong>{esc(name)}</strong> ({esc(label)}) : {esc(reason)}</li>"
                        for name, label, reason in problems)
        lines.append(f'<ul class="delib-problems">{items}</ul>')
    return f'<div class="delib-report">{"".join(lines)}</div>'


def header(state: dict[str, Any]) -> str:
    """Title bar with what the index holds."""
    count = state["deliberations"]
    held = (f"{count} délibération(s) indexée(s) dans {state['documents']} document(s)" if count
            else "Index vide : ajoutez des délibérations dans l'onglet Documents")
    return ('<div class="delib-header"><span class="delib-title">delib</span>'
            '<span class="delib-subtitle">Assistant sur les délibérations des collectivités'
            f'</span><span class="delib-held">{esc(held)}</span></div>')
