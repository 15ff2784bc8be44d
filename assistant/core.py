"""The assistant's one API: ``ask`` (or ``stream``) a question in a conversation, ``precedents``.

It returns data (``Answer``, events, ``Precedent``); the CLI and the web app render it.
"""

import json
import math
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace

from assistant.conversation import Turn, resolve
from assistant.extractive import Sentence, answer_type, rank_sentences, subject_terms
from assistant.filters import authority_words, extract_filters
from assistant.generation import checked, citation_of, llm_passages, rewrite, stream_tokens
from assistant.llm import ChatClient, LLMError
from assistant.prompts import REFUSAL
from assistant.retrieval import DeliberationHit, RetrievalConfig, Retriever
from index.analysis import analyze
from index.embedders import Embedder, load_embedder
from index.lexical import deliberation_frequency
from index.models import Answer, Citation, Filters
from index.settings import Settings
from index.store import Index

EVIDENCE_DELIBERATIONS = 3
MIN_COVERAGE = 0.6  # weighted share of the subject found in the deliberation (calibrated)
MIN_DENSE = 0.92  # e5 cosine above every unanswerable question of eval/questions (max 0.912)
PRECEDENT_COVERAGE = 1.0  # a precedent names every term of the subject, or is very close
LEADS = 3
MAX_QUOTES = 2  # one quote per deliberation; a second one only when it scores nearly as well
SECOND_QUOTE = 0.85


@dataclass(frozen=True)
class Event:
    """A step of a streamed answer: "status", "delta" (text to append) or "final"."""

    kind: str
    text: str = ""
    answer: Answer | None = None


@dataclass(frozen=True)
class Precedent:
    """A deliberation on a subject, for the staff's precedent search."""

    deliberation_id: str
    session_date: str | None
    collectivity: str | None
    body: str | None
    object: str | None
    delib_number: str | None
    vote_result: str | None
    amounts: tuple[str, ...]
    source: str
    excerpt: str
    page: int | None
    score: float


class Assistant:
    """Loads the index and the model once; answers any number of questions."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 config: RetrievalConfig | None = None) -> None:
        self.settings = settings
        self.index = Index(settings)
        self.index.check_fingerprint()
        self.embedder = embedder or load_embedder(settings.embedding_model)
        self.retriever = Retriever(self.index, self.embedder, config)
        self.client = ChatClient.from_settings(settings)
        self._idf: dict[str, float] = {}
        self._turns: dict[tuple[str, ...], Turn] = {}

    def close(self) -> None:
        self.index.close()

    def collectivities(self) -> list[str]:
        rows = self.index.catalog.query("SELECT DISTINCT collectivity FROM deliberations "
                                        "WHERE collectivity IS NOT NULL ORDER BY 1")
        return [row["collectivity"] for row in rows]

    def ask(self, question: str, history: Sequence[str] = (),
            filters: Filters | None = None) -> Answer:
        """Answer ``question`` after the earlier user turns ``history`` (replayed, cached)."""
        final = None
        for event in self.stream(question, history, filters):
            final = event.answer or final
        assert final is not None
        return final

    def stream(self, question: str, history: Sequence[str] = (),
               filters: Filters | None = None) -> Iterator[Event]:
        """Typed events: statuses, text deltas ("reset" drops what was streamed), the final
        ``Answer``. With an LLM configured the text is generated, else extracted."""
        previous = self._replay(history, filters)
        yield Event("status", "Recherche dans les délibérations…")
        extractive, hits = self._answer(question, previous, filters)
        answer = extractive
        if self.client is not None and hits:
            answer = yield from self._generate(extractive, hits)
        else:
            yield Event("delta", answer.text)
        self._turns[(repr(filters), *history, question)] = _turn_of(answer)
        yield Event("final", answer=answer)

    def _generate(self, extractive: Answer, hits: list[DeliberationHit],
                  ) -> Generator[Event, None, Answer]:
        assert self.client is not None
        passages = llm_passages(hits)
        text = ""
        try:
            for token in stream_tokens(self.client, extractive.standalone_question, passages):
                text += token
                yield Event("delta", token)
        except LLMError as error:
            yield Event("reset")
            yield Event("delta", extractive.text)
            return replace(extractive, notices=(f"{error} Réponse extractive affichée.",))
        clean, citations, flagged, refused = checked(text, passages)
        if refused:
            return replace(extractive, text=REFUSAL, refused=True, citations=())
        return replace(extractive, text=clean, refused=False, citations=citations,
                       flagged=flagged)

    def _replay(self, history: Sequence[str], filters: Filters | None) -> Turn | None:
        previous: Turn | None = None
        for depth in range(1, len(history) + 1):
            key = (repr(filters), *history[:depth])
            if key not in self._turns:
                answer, _ = self._answer(history[depth - 1], previous, filters)
                self._turns[key] = _turn_of(answer)
            previous = self._turns[key]
        return previous

    def _answer(self, question: str, previous: Turn | None, given: Filters | None,
                ) -> tuple[Answer, list[DeliberationHit]]:
        started = time.perf_counter()
        names = self.collectivities()
        asked, rest = extract_filters(question, names)
        if given is not None and not given.is_empty():
            asked = _override(asked, given)
        standalone, filters = resolve(question, asked, previous)
        search_text = rest if standalone == question or previous is None \
            else f"{rest} ({previous.standalone})"
        if self.client is not None and previous is not None and standalone != question:
            with suppress(LLMError):  # the deterministic rule above stays the fallback
                standalone = search_text = rewrite(self.client, question, [previous.standalone])
        result = self.retriever.search(search_text or standalone, filters, k=8)
        answer = self._compose(question, standalone, result.hits, filters,
                               set(analyze(authority_words(names))))
        timings = {**result.timings_ms, "total": round((time.perf_counter() - started) * 1000, 2)}
        retrieved = tuple((h.deliberation_id, h.best.source) for h in result.hits)
        return replace(answer, timings_ms=tuple(timings.items()), retrieved=retrieved), result.hits

    def _compose(self, question: str, standalone: str, hits: list[DeliberationHit],
                 filters: Filters, authorities: set[str]) -> Answer:
        texts = self._texts([h.deliberation_id for h in hits[:EVIDENCE_DELIBERATIONS]])
        ranked = rank_sentences(standalone, [(d, texts[d]) for d in texts], self.embedder,
                                _kind(question, standalone))
        chosen = _choose(question, standalone, ranked, hits, texts, self.idf, authorities)
        if not chosen:
            return Answer(question, standalone, REFUSAL, refused=True, filters=filters,
                          leads=tuple(self._lead(i + 1, h) for i, h in enumerate(hits[:LEADS])))
        citations = tuple(self._citation(n, s, hits) for n, s in enumerate(chosen, start=1))
        text = " ".join(_quote(c) for c in citations)
        return Answer(question, standalone, text, refused=False, citations=citations,
                      filters=filters)

    def idf(self, term: str) -> float:
        """BM25 inverse frequency of ``term`` over the indexed deliberations (cached)."""
        if term not in self._idf:
            total = self.index.catalog.query("SELECT count(*) AS n FROM deliberations")[0]["n"]
            found = deliberation_frequency(self.index.catalog, term)
            self._idf[term] = math.log(1 + (total - found + 0.5) / (found + 0.5))
        return self._idf[term]

    def _texts(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.index.catalog.query(
            f"SELECT id, object, text FROM deliberations WHERE id IN ({','.join('?' * len(ids))})",
            tuple(ids))
        by_id = {row["id"]: f"{row['object'] or ''}\n{row['text']}" for row in rows}
        return {i: by_id[i] for i in ids if i in by_id}

    def _citation(self, n: int, sentence: Sentence, hits: list[DeliberationHit]) -> Citation:
        hit = next(h for h in hits if h.deliberation_id == sentence.deliberation_id)
        return replace(citation_of(n, hit.best, sentence.text), page=self._page(hit, sentence))

    def _page(self, hit: DeliberationHit, sentence: Sentence) -> int | None:
        rows = self.index.catalog.query(
            "SELECT start, page FROM chunks WHERE deliberation_id = ? ORDER BY start",
            (hit.deliberation_id,))
        offset = sentence.start - len(hit.best.object or "") - 1
        pages = [row["page"] for row in rows if row["start"] <= max(offset, 0)]
        return pages[-1] if pages else hit.best.page

    def _lead(self, n: int, hit: DeliberationHit) -> Citation:
        return citation_of(n, hit.best, hit.best.text[:300])

    def precedents(self, subject: str, filters: Filters | None = None,
                   limit: int = 30) -> list[Precedent]:
        """Deliberations on ``subject`` sorted by session date, with their best excerpt."""
        names = self.collectivities()
        asked, rest = extract_filters(subject, names)
        if filters is not None and not filters.is_empty():
            asked = _override(asked, filters)
        hits = self.retriever.search(rest or subject, asked, k=limit).hits
        texts = self._texts([h.deliberation_id for h in hits])
        terms = subject_terms(subject) - set(analyze(authority_words(names)))
        relevant = [h for h in hits
                    if coverage(terms, texts.get(h.deliberation_id, ""), self.idf)
                    >= PRECEDENT_COVERAGE or (h.best.dense_score or 0) >= MIN_DENSE]
        found = [self._precedent(h) for h in relevant]
        return sorted(found, key=lambda p: (p.session_date or "9999", p.collectivity or ""))

    def _precedent(self, hit: DeliberationHit) -> Precedent:
        row = self.index.catalog.query("SELECT record FROM deliberations WHERE id = ?",
                                       (hit.deliberation_id,))[0]
        amounts = tuple(a["raw"] for a in json.loads(row["record"])["amounts"])
        best = hit.best
        return Precedent(hit.deliberation_id, best.session_date, best.collectivity, best.body,
                         best.object, best.delib_number, best.vote_result, amounts, best.source,
                         best.text, best.page, round(hit.score, 4))


def _choose(question: str, standalone: str, ranked: list[Sentence],
            hits: list[DeliberationHit], texts: dict[str, str],
            idf: Callable[[str], float], authorities: set[str]) -> list[Sentence]:
    """The quoted sentences, or none when the evidence of an answer is missing: the answer's
    kind must be in the sentence, and the subject in its deliberation (or, worded otherwise,
    close to its best passage)."""
    kind = _kind(question, standalone)
    terms = subject_terms(standalone) - authorities
    dense = {h.deliberation_id: max((p.dense_score or 0) for p in h.passages) for h in hits}
    chosen: list[Sentence] = []
    for sentence in ranked:
        if kind != "other" and not sentence.typed:
            continue
        if chosen and sentence.score < SECOND_QUOTE * chosen[0].score:
            break
        supported = (coverage(terms, texts[sentence.deliberation_id], idf) >= MIN_COVERAGE
                     or dense.get(sentence.deliberation_id, 0) >= MIN_DENSE)
        if supported and sentence.deliberation_id not in {s.deliberation_id for s in chosen}:
            chosen.append(sentence)
        if len(chosen) == MAX_QUOTES:
            break
    return chosen


def _kind(question: str, standalone: str) -> str:
    """The answer type asked; a follow-up without one ("Et à Lille ?") keeps the earlier one."""
    kind = answer_type(question)
    return answer_type(standalone) if kind == "other" else kind


def coverage(terms: set[str], text: str, idf: Callable[[str], float]) -> float:
    """Share of the subject's weight (rare words weigh more) that ``text`` contains."""
    if not terms:
        return 0.0
    present = terms & set(analyze(text))
    total = sum(idf(term) for term in terms)
    return sum(idf(term) for term in present) / total if total else 0.0


def _quote(citation: Citation) -> str:
    return f"« {citation.quote} » [{citation.n}]"


def _override(found: Filters, given: Filters) -> Filters:
    """Filters chosen by the caller (UI, CLI flags) win over those read in the question."""
    return Filters(**{name: getattr(given, name) or getattr(found, name)
                      for name in Filters.__dataclass_fields__})


def _turn_of(answer: Answer) -> Turn:
    cited = tuple(dict.fromkeys(c.deliberation_id for c in answer.citations))
    return Turn(answer.question, answer.standalone_question, answer.filters, cited)
