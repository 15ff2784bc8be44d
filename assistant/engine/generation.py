"""The optional LLM answer: numbered passages in, streamed text out, then checked.

Any failure of the endpoint (timeout, HTTP error, broken stream) is reported as ``LLMError``
for the caller to fall back on the extractive answer with a visible notice.
"""

from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.engine.llm import ChatClient, check_answer
from assistant.engine.prompts import REFUSAL, build_messages, build_rewrite_messages, session_label
from assistant.engine.retrieval import DeliberationHit
from assistant.engine.stamps import without_stamps
from index.models import Citation, Passage

PASSAGES_PER_DELIBERATION = 2
DELIBERATIONS = 4


def llm_passages(hits: Sequence[DeliberationHit], keep_stamps: bool) -> list[Passage]:
    """The passages numbered for the model: the best ones of the best deliberations, without
    their prefecture stamps (in the text, and in a title that a stamp was read into) unless
    the question is about them: the model would quote a stamp run into a sentence as readily
    as the extractive reader."""
    best = [p for hit in hits[:DELIBERATIONS] for p in hit.passages[:PASSAGES_PER_DELIBERATION]]
    if keep_stamps:
        return best
    return [replace(p, text=without_stamps(p.text),
                    object=p.object and without_stamps(p.object)) for p in best]


def stream_tokens(client: ChatClient, question: str, passages: Sequence[Passage]) -> Iterator[str]:
    """The model's text as it arrives; raises ``LLMError`` on any failure."""
    yield from client.stream(build_messages(question, passages))


def rewrite(client: ChatClient, question: str, history: Sequence[str]) -> str:
    """A follow-up rewritten as a standalone question by the model."""
    return client.complete(build_rewrite_messages(question, history)).strip() or question


def checked(text: str, passages: Sequence[Passage]) -> tuple[str, tuple[Citation, ...],
                                                            tuple[str, ...], bool]:
    """(text, citations, flagged sentences, refused) once unknown [n] have been dropped."""
    result = check_answer(text, passages)
    refused = result.text.strip().rstrip(".") == REFUSAL.rstrip(".") or not result.cited
    citations = tuple(citation_of(n, passages[n - 1], passages[n - 1].text) for n in result.cited)
    return result.text, citations, result.flagged, refused


def citation_of(n: int, passage: Passage, quote: str) -> Citation:
    """What [n] resolves to for a passage and the excerpt quoted from it."""
    return Citation(n=n, deliberation_id=passage.deliberation_id, source=passage.source,
                    collectivity=passage.collectivity, body=passage.body,
                    session_date=passage.session_date,
                    session_label=session_label(passage.session_date),
                    object=passage.object, delib_number=passage.delib_number,
                    vote_result=passage.vote_result, page=passage.page, quote=quote,
                    ocr_confidence=passage.ocr_confidence)
