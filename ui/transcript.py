"""A conversation exported as Markdown: each question, its answer and the sources it cites."""

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from assistant.exports import filters_label
from index.models import Answer, Citation
from ui.render import LEADS_TITLE

_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # no-break spaces stay (« 1 000 € », « ? »)
_LINK = re.compile(r"(\w)(:(?=//)|\.(?=[^\W\d_]))")  # no « http://x », « café.fr » links
_BLOCK_START = re.compile(r"^(\s*(?:\d+(?=[.)]))?)([-+=.)])")  # a list item, an underline


def markdown(answers: Sequence[Answer], when: datetime) -> str:
    lines = [f"# Conversation delib du {when:%d/%m/%Y à %H:%M}", ""]
    for number, answer in enumerate(answers, start=1):
        lines += [f"## {number}. {_plain(answer.question)}", ""]
        label = filters_label(answer.filters)
        if label:
            lines += [f"*{_plain(label)}*", ""]
        for notice in answer.notices:  # a blank line after each: the answer is not the note's
            lines += [f"> Note : {_plain(notice)}", ""]
        lines += [_plain(line) for line in answer.text.splitlines()] + [""]
        cited = answer.leads if answer.refused else answer.citations
        if cited:
            lines += [f"**{LEADS_TITLE if answer.refused else 'Sources'}**", ""]
            lines += [_source(c) for c in cited] + [""]
    return "\n".join(lines)


def _source(citation: Citation) -> str:
    parts = [citation.collectivity or "collectivité inconnue", citation.session_label,
             citation.object or "(objet inconnu)"]
    parts = [_plain(part) for part in parts]
    if citation.delib_number:
        parts.append(f"n° {_plain(citation.delib_number)}")
    where = _plain(Path(citation.source).name) + (f", p. {citation.page}" if citation.page else "")
    quote = _plain(citation.quote)
    return f"- [{citation.n}] {' — '.join(parts)} ({where})\n  > {quote}"


def _plain(text: str) -> str:
    """Text of a document or of the user, on one line, shown as written by any Markdown
    reader: no emphasis, link, HTML, heading or list is made of it."""
    line = _INLINE.sub(r"\\\1", _SPACES.sub(" ", text).strip(" "))
    line = _LINK.sub(r"\1\\\2", line)
    return _BLOCK_START.sub(r"\1\\\2", line)
