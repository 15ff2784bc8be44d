"""Listing answers ("Quelles délibérations…"): each deliberation's title, session and answer."""

from collections.abc import Sequence

from assistant.engine.extractive import LEXICAL, Sentence
from assistant.engine.spans import quoted
from index.models import Citation

UNKNOWN_OBJECT = "objet non reconnu"
_SESSION_OR_STAMP = (LEXICAL.index("preamble"), LEXICAL.index("stamp"))  # reader features


def best_sentences(ranked: Sequence[Sentence], kind: str,
                   objects: dict[str, str | None]) -> dict[str, Sentence]:
    """Per deliberation, its first sentence in the reader's order that holds the kind of
    answer asked (any sentence for "other"), is not part of the session preamble or of a
    prefecture stamp, and does not merely repeat its title."""
    best: dict[str, Sentence] = {}
    for sentence in ranked:
        if sentence.deliberation_id in best or not (kind == "other" or sentence.typed):
            continue
        if any(sentence.features[role] for role in _SESSION_OR_STAMP):
            continue
        title = _folded(objects.get(sentence.deliberation_id) or "")
        if title and _folded(sentence.text) in title:
            continue
        best[sentence.deliberation_id] = sentence
    return best


def listed_item(citation: Citation, sentence: str | None) -> str:
    """One deliberation of a listing: « title » (authority, session, n°, vote), then the
    excerpt that answers, then [n] (whose source panel shows the file and page); a title the
    parser did not find is said as such, never replaced by a sentence of the text."""
    where = [citation.collectivity or "collectivité inconnue", citation.session_label]
    if citation.delib_number:
        where.append(f"n° {citation.delib_number}")
    if citation.vote_result:
        where.append(f"vote : {citation.vote_result}")
    head = quoted(citation.object) if citation.object else UNKNOWN_OBJECT
    excerpt = f" : {quoted(sentence)}" if sentence else ""
    return f"{head} ({', '.join(where)}){excerpt} [{citation.n}]"


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())
