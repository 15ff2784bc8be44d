"""A conversation exported as Markdown: each question, its answer and the sources it cites."""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from assistant.exports import filters_label
from index.models import Answer, Citation
from ui.render import LEADS_TITLE


def markdown(answers: Sequence[Answer], when: datetime) -> str:
    lines = [f"# Conversation delib du {when:%d/%m/%Y à %H:%M}", ""]
    for number, answer in enumerate(answers, start=1):
        lines += [f"## {number}. {answer.question}", ""]
        label = filters_label(answer.filters)
        if label:
            lines += [f"*{label}*", ""]
        lines += [f"> Note : {notice}" for notice in answer.notices]
        lines += [answer.text, ""]
        cited = answer.leads if answer.refused else answer.citations
        if cited:
            lines += [f"**{LEADS_TITLE if answer.refused else 'Sources'}**", ""]
            lines += [_source(c) for c in cited] + [""]
    return "\n".join(lines)


def _source(citation: Citation) -> str:
    parts = [citation.collectivity or "collectivité inconnue", citation.session_label,
             citation.object or "(objet inconnu)"]
    if citation.delib_number:
        parts.append(f"n° {citation.delib_number}")
    where = Path(citation.source).name + (f", p. {citation.page}" if citation.page else "")
    quote = " ".join(citation.quote.split())
    return f"- [{citation.n}] {' — '.join(parts)} ({where})\n  > {quote}"
