"""The assistant's one API: ``ask`` (or ``stream``) a question in a conversation, ``precedents``.

It returns data (``Answer``, events, ``Precedent``); the CLI and the web app render it.
"""

import json
import math
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from assistant.engine.conversation import (
    Turn,
    carried,
    is_follow_up,
    keeps_authority,
    resolve,
    to_carry,
)
from assistant.engine.counting import (
    UNCERTAIN,
    counted_noun,
    counts,
    lists,
    uncounted_notice,
)
from assistant.engine.evidence import (
    Requirements,
    coverage,
    missing,
    rarest_missing,
    requirements,
)
from assistant.engine.extractive import (
    Sentence,
    SentenceVectors,
    about_nothing,
    announced,
    answer_type,
    candidates,
    quote_end,
    reader_weights,
    subject_terms,
)
from assistant.engine.extractive import ranked as rank
from assistant.engine.filters import Headings, authority_words, extract_filters, naming_terms
from assistant.engine.generation import checked, citation_of, llm_passages, rewrite, stream_tokens
from assistant.engine.listing import best_sentences, listed_item
from assistant.engine.llm import ChatClient, LLMError
from assistant.engine.mayor import ASKS_MAYOR
from assistant.engine.prompts import REFUSAL
from assistant.engine.refusal import Evidence, refusal_model
from assistant.engine.retrieval import (
    DeliberationHit,
    RetrievalConfig,
    RetrievalResult,
    Retriever,
    elapsed_ms,
    reciprocal_rank,
)
from assistant.engine.spans import JOINED, answer_span, quoted
from assistant.engine.stamps import asks_stamp, unstamped, without_stamps
from index.analysis import analyze, fold_accents
from index.embedders import Embedder, embedder_for
from index.lexical import deliberation_frequency
from index.models import Answer, Citation, Filters
from index.ocr import LOW_CONFIDENCE
from index.settings import Settings
from index.store import Index

EVIDENCE_DELIBERATIONS = 3
HITS = 8  # deliberations retrieved per question (ranking, leads, LLM passages)
MIN_COVERAGE = 0.6  # weighted share of the subject found in the deliberation (calibrated)
MIN_DENSE = 0.92  # e5 cosine above every unanswerable question of eval/questions (max 0.912)
MIN_SEMANTIC = 0.83  # e5 cosine of the best passage when the question is worded otherwise
PRECEDENT_COVERAGE = 1.0  # a precedent names every term of the subject, or is very close
NAME_BEFORE, NAME_AFTER = 800, 300  # characters around a quote where the question's names count
LEADS = 3
MAX_LISTED = 10
MAX_QUESTION_CHARS = 1000
MAX_TURNS = 2000  # conversation turns kept for follow-ups (each a few hundred bytes)
_ASKS = re.compile(r"\b(?:quel(?:le)?s?|qui|quand|combien|comment|pourquoi|où|lequel|laquelle)\b",
                   re.I)  # a question word of its own: a follow-up that asks something new
_ITEMS = (r"(?:d[ée]lib[ée]rations|rapports|dossiers|conventions|d[ée]cisions|subventions|"
          r"projets|march[ée]s|actes|points|sujets|adh[ée]sions)\b")
# « tou(te)s les délibérations » asks for them at the head of the question or after a verb
# that asks (« Retrouve toutes les… »), not inside one (« signer tous les actes de la vente »)
_LISTING = re.compile(r"\bquel(?:le)?s\s+(?:sont\s+les\s+)?" + _ITEMS + r"|(?:^\W*|:\s*|\b(?:"
                      r"retrouve|trouve|donne|cite|liste|montre|affiche|[ée]num[èe]re|indique|"
                      r"rappelle)\w*(?:[\s-]+moi)?\s+)tou(?:te)?s\s+les\s+" + _ITEMS
                      + r"|\bd[ée]j[àa]\b|\bpr[ée]c[ée]dents\b", re.I)
_RECITAL = re.compile(r"\s*vu\b", re.I)  # « Vu la délibération du 12 mars 2021 … »
_LIST_OF = re.compile(r"\bliste\s+des\b", re.I)
_DETERMINERS = frozenset(("la", "cette", "une", "sa", "leur"))
_PREPOSITIONS = frozenset(("pour", "sur", "de", "d", "dans", "à", "a", "par", "parmi", "en",
                           "sous", "avec", "vers"))  # « a la liste » written without its accent
_HAS = frozenset(("y", "il", "elle", "on", "qui"))  # « Il y a une liste des … »: « a » is a verb
MAX_QUOTES = 2  # one quote per deliberation; a second one only when it is nearly as likely
# to hold the answer: exp of the reader's score difference (a ratio of chances for fitted
# weights). Chosen on the 273 tune-ci questions among 0.7 / 0.5 / 0.3 (fact recall, citation
# precision 0.558 / 0.855, 0.585 / 0.859, 0.594 / 0.854): the most fact without losing citation
SECOND_QUOTE = 0.5


@dataclass(frozen=True)
class Reading:
    """What the reader was given for one answer: the kind asked, every candidate unit with its
    lexical features and the question's vector (recorded for ``fit_reader``), and the texts of
    the deliberations it was given, best first (for ``benchmarks/reader_funnel.py``)."""

    kind: str
    pool: list[Sentence]
    vector: np.ndarray
    retrieved: dict[str, str] = field(default_factory=dict)


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
        self.embedder = embedder or embedder_for(settings)
        self.retriever = Retriever(self.index, self.embedder, config)
        self.sentence_vectors = SentenceVectors(self.embedder)
        self.client = ChatClient.from_settings(settings)
        self._idf: dict[str, float] = {}
        self._collectivities: list[str] | None = None
        self._headings: Headings | None = None
        self._deliberations: int | None = None  # for idf, read once like the authorities
        self._turns: OrderedDict[tuple[str, ...], Turn] = OrderedDict()  # bounded: MAX_TURNS
        self.refusal = refusal_model(settings.embedding_model)  # None: the rules decide
        self.decisions: list[Evidence] | None = None  # set to a list to record each decision
        self.reader = reader_weights()
        self.readings: list[Reading] | None = None  # set to a list to record each reader's pool

    def close(self) -> None:
        self.index.close()

    def collectivities(self) -> list[str]:
        """The authorities in the index (read once: an Assistant serves one state of the
        index; the web app builds a new one after an ingest)."""
        if self._collectivities is None:
            rows = self.index.catalog.query("SELECT DISTINCT collectivity FROM deliberations "
                                            "WHERE collectivity IS NOT NULL ORDER BY 1")
            self._collectivities = [row["collectivity"] for row in rows]
        return self._collectivities

    def _quotable(self, pool: list[Sentence]) -> list[Sentence]:
        """The candidates, less the lines that merely name an indexed authority."""
        if self._headings is None:
            self._headings = Headings.of(self.collectivities())
        return [s for s in pool if not self._headings.names_only(s.text)]

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
        question, notices = _readable(question)
        if not question:
            answer = Answer("", "", REFUSAL, refused=True, notices=notices)
            yield Event("delta", answer.text)
            yield Event("final", answer=answer)
            return
        history = [turn for turn in (_readable(h)[0] for h in history) if turn]
        previous = self._replay(history, filters)
        yield Event("status", "Recherche dans les délibérations…")
        extractive, hits, turn = self._answer(question, previous, filters)
        extractive = replace(extractive, notices=(*notices, *extractive.notices))
        answer = extractive
        if self.client is not None and hits:
            answer = yield from self._generate(extractive, hits, turn.stamps)
        else:
            yield Event("delta", answer.text)
        answer = with_ocr_notice(answer)
        self._remember((repr(filters), *history, question),
                       _turn_of(answer, turn.carries, turn.stamps))  # the LLM's citations
        yield Event("final", answer=answer)

    def _generate(self, extractive: Answer, hits: list[DeliberationHit], stamps: bool,
                  ) -> Generator[Event, None, Answer]:
        assert self.client is not None
        passages = llm_passages(hits, stamps)
        text = ""
        try:
            for token in stream_tokens(self.client, extractive.standalone_question, passages):
                text += token
                yield Event("delta", token)
        except LLMError as error:
            yield Event("reset")
            yield Event("delta", extractive.text)
            return replace(extractive, notices=(*extractive.notices,
                                                f"{error} Réponse extractive affichée."))
        clean, citations, flagged, refused = checked(text, passages)
        if refused:  # the closest deliberations stay, labelled as leads; nothing to doubt
            return replace(extractive, text=REFUSAL, refused=True, citations=(), span=None,
                           leads=self._leads(hits, stamps), uncertain=False,
                           notices=tuple(n for n in extractive.notices if not _doubting(n)))
        notices = _recounted(extractive.notices, extractive.standalone_question, citations)
        return replace(extractive, text=clean, refused=False, citations=citations,
                       flagged=flagged, span=None, notices=notices,
                       uncertain=any(map(_doubting, notices)))

    def _replay(self, history: Sequence[str], filters: Filters | None) -> Turn | None:
        previous: Turn | None = None
        for depth in range(1, len(history) + 1):
            key = (repr(filters), *history[:depth])
            turn = self._turns.get(key)
            if turn is None:
                _, _, turn = self._answer(history[depth - 1], previous, filters)
                self._remember(key, turn)
            previous = turn
        return previous

    def as_indexed(self, filters: Filters) -> Filters:
        """``filters`` with each authority named as the index spells it (« ville de dijon »
        is « Ville de Dijon »); a name the index does not hold is kept as given."""
        known = {fold_accents(name): name for name in self.collectivities()}
        return replace(filters, collectivities=tuple(
            known.get(fold_accents(name), name) for name in filters.collectivities))

    def _remember(self, key: tuple[str, ...], turn: Turn) -> None:
        """Keep a turn for the next questions of its conversation; past ``MAX_TURNS`` the
        oldest go (a conversation asked again is replayed), so a server's memory stays flat."""
        self._turns[key] = turn
        self._turns.move_to_end(key)
        while len(self._turns) > MAX_TURNS:
            self._turns.popitem(last=False)

    def _answer(self, question: str, previous: Turn | None, given: Filters | None,
                ) -> tuple[Answer, list[DeliberationHit], Turn]:
        """The extractive answer, the deliberations found, and what the turn leaves to the
        next: what a follow-up to it will carry (``conversation.to_carry``), whether its
        quotes keep the stamps (``_keeps_stamps``)."""
        started = time.perf_counter()
        names = self.collectivities()
        asked, rest = extract_filters(question, names)
        stamps = _keeps_stamps(question, previous)
        named = replace(asked, prefer_from=None, prefer_to=None)  # a year alone is no subject
        if named.is_empty() and about_nothing(rest) and (previous is None or (
                about_nothing(previous.standalone) and previous.filters.is_empty())):
            vague = Answer(question, question, REFUSAL, refused=True, notices=(_VAGUE,))
            return vague, [], _turn_of(vague, "", stamps)
        if given is not None and not given.is_empty():  # the fields' filters name no subject
            asked = _override(asked, self.as_indexed(given))
        standalone, filters = resolve(question, asked, previous)
        follows = previous is not None and standalone != question
        search_text = f"{rest} ({carried(previous)})" if previous and follows else rest
        if self.client is not None and previous is not None and follows:
            with suppress(LLMError):  # the deterministic rule above stays the fallback
                standalone = search_text = rewrite(self.client, question, [previous.standalone])
                follows = False  # the model's question stands alone
        subject = extract_filters(standalone, names)[1] if standalone != question else rest
        reading = (question, rest, search_text or standalone, subject, previous)
        answer, result = self._read(reading, filters, stamps)
        if answer.refused and keeps_authority(question, asked, previous):
            wider = replace(filters, collectivities=())
            elsewhere, found = self._read(reading, wider, stamps)
            if not elsewhere.refused:  # the previous turn's authority, not named, holds nothing
                answer, result = replace(elsewhere, notices=(*elsewhere.notices, _ELSEWHERE.format(
                    " ; ".join(filters.collectivities)))), found
        timings = {**result.timings_ms, "total": elapsed_ms(started)}
        retrieved = tuple((h.deliberation_id, h.best.source) for h in result.hits)
        answer = replace(answer, timings_ms=tuple(timings.items()), retrieved=retrieved)
        carries = to_carry(rest, previous, follows, self._places(asked, previous))
        return answer, result.hits, _turn_of(answer, carries, stamps)

    def _places(self, asked: Filters, previous: Turn | None) -> frozenset[str]:
        """The words of the authorities that the turn names or keeps from the turn before it:
        no subject of a follow-up (« Qui l'a rapportée à Dijon ? », « Et à Lille ? »): its
        filters carry them."""
        named = {*asked.collectivities, *(previous.filters.collectivities if previous else ())}
        return frozenset(analyze(authority_words(named))) if named else frozenset()

    def _read(self, reading: tuple[str, str, str, str, Turn | None], filters: Filters,
              stamps: bool) -> tuple[Answer, RetrievalResult]:
        """Search and compose under ``filters``: (question, its text without filters, search
        text, subject, previous turn); ``stamps``: quotes keep the prefecture stamps."""
        question, rest, search_text, subject, previous = reading
        result = self._retrieve(rest, search_text, filters, previous)
        held = self._held([h.deliberation_id for h in result.hits])  # a source removed meanwhile
        result.hits = [h for h in result.hits if h.deliberation_id in held]
        composing = time.perf_counter()
        authorities = authority_words(self.collectivities())
        answer = self._compose(question, subject, result, filters,
                               set(analyze(authorities)), requirements(rest, authorities.split()),
                               stamps=stamps)
        result.timings_ms["compose"] = elapsed_ms(composing)
        return answer, result

    def _retrieve(self, rest: str, search_text: str, filters: Filters,
                  previous: Turn | None) -> RetrievalResult:
        """After an earlier turn, the question is searched with that turn's subject and alone: a
        follow-up leads with the first ranking, the second completing it; another question
        fuses both by reciprocal rank (a new subject leads its own search, a follow-up the
        model missed still finds its subject: tune-side follow-ups at rank 1 went 25 -> 30 of
        34); the deliberations cited just before come first when the question adds no subject
        of its own. Nothing of the earlier turn excludes."""
        if previous is None:
            return self.retriever.search(search_text, filters, k=HITS)
        free = replace(filters, deliberation_ids=())
        joined_text = search_text if search_text != rest else f"{rest} ({carried(previous)})"
        joined = self.retriever.search(joined_text, free, k=HITS)
        alone = self.retriever.search(rest or search_text, free, k=HITS)
        lead = joined if is_follow_up(rest, previous) else alone
        if lead is joined:
            seen = {hit.deliberation_id for hit in joined.hits}
            hits = joined.hits + [hit for hit in alone.hits if hit.deliberation_id not in seen]
        else:
            hits = reciprocal_rank([alone.hits, joined.hits])
        timings = {key: joined.timings_ms.get(key, 0.0) + alone.timings_ms.get(key, 0.0)
                   for key in {*joined.timings_ms, *alone.timings_ms}}
        if filters.deliberation_ids:
            cited = self.retriever.search(joined_text, filters, k=HITS).hits
            kept = {hit.deliberation_id for hit in cited}
            hits = cited + [hit for hit in hits if hit.deliberation_id not in kept]
        return RetrievalResult(hits[:HITS], timings, lead.vector)

    def _compose(self, question: str, standalone: str, result: RetrievalResult,
                 filters: Filters, authorities: set[str], required: Requirements, *,
                 stamps: bool) -> Answer:
        """With session dates read from the question, the answer comes from the deliberations
        of those sessions, else from a quote, or a deliberation whose title, names the year
        asked ("le budget 2023", voted in December 2022; "rapport annuel 2021 du délégataire",
        presented in 2022), or an undated deliberation whose text names it (``_names_year``);
        a deliberation of another year that does not name it there is a lead, not an answer."""
        if not (filters.prefer_from or filters.prefer_to):
            return self._compose_from(question, standalone, result, filters, authorities,
                                      required, stamps=stamps)
        preferred = [h for h in result.hits if _preferred(h, filters)]
        answer = self._compose_from(question, standalone, replace(result, hits=preferred),
                                    filters, authorities, required,
                                    stamps=stamps) if preferred else None
        year = _single_year(filters)
        if (answer is None or answer.refused) and year:
            others = [h for h in result.hits if not _preferred(h, filters)]
            answer = self._compose_from(question, standalone, replace(result, hits=others),
                                        filters, authorities, required, stamps=stamps)
            if not all(_names_year(citation, year, self._texts) for citation in answer.citations):
                answer = None  # another year's figure is not an answer for this one
        if answer is None or answer.refused:
            return self._refusal(question, standalone, result.hits, filters, stamps=stamps)
        return answer

    def _compose_from(self, question: str, standalone: str, result: RetrievalResult,
                      filters: Filters, authorities: set[str], required: Requirements, *,
                      stamps: bool) -> Answer:
        """The answer from ``result``'s deliberations; ``stamps``: quotes keep the prefecture
        stamps in them (``_keeps_stamps``)."""
        hits = result.hits
        kind = _kind(question, standalone)
        vector = (self.embedder.embed_query(standalone) if result.vector is None
                  else result.vector)
        if is_listing(question) or (kind == "other" and is_listing(standalone)):
            return self._listing(question, standalone, hits, filters, authorities, required,
                                 kind, vector, stamps=stamps)
        top = hits[:EVIDENCE_DELIBERATIONS]
        texts = self._texts([h.deliberation_id for h in top])
        top = [h for h in top if h.deliberation_id in texts]
        pool = self._quotable(candidates(standalone, [(d, texts[d]) for d in texts], kind,
                                         _regions(top, texts), self.idf,
                                         naming_terms(standalone, self.collectivities())))
        if self.readings is not None:
            self.readings.append(Reading(kind, pool, vector,
                                         self._texts([h.deliberation_id for h in hits])))
        ranked = rank(pool, kind, self.sentence_vectors, vector, self.reader)
        if kind == "number":
            ranked = _own_number_first(ranked, hits)
        terms = subject_terms(standalone) - authorities  # the subject, filters aside
        chosen = _choose(kind, terms, ranked, hits, texts, self.idf, required)
        doubtful = False
        if self.refusal is not None or self.decisions is not None:
            chosen, doubtful = self._decide(kind, terms, ranked, chosen, hits, texts, required)
        if not chosen:
            return self._refusal(question, standalone, hits, filters, stamps=stamps)
        chosen = _without_repeats([announced(s, texts[s.deliberation_id]) for s in chosen],
                                  texts)
        if not stamps:
            chosen = [unstamped(s) for s in chosen]
        numbers = {d: n for n, d in enumerate(dict.fromkeys(s.deliberation_id for s in chosen),
                                                   start=1)}
        citations = tuple(self._citation(n, [s for s in chosen if s.deliberation_id == d], hits)
                          for d, n in numbers.items())
        text = " ".join(f"{quoted(s.text)} [{numbers[s.deliberation_id]}]" for s in chosen)
        span = None
        span_kind = "mayor" if _asks_mayor(question, standalone) else kind
        notices = _doubts(kind, standalone, chosen, doubtful)
        if not notices and (found := answer_span([s.text for s in chosen], span_kind)):
            source, span = found  # a verbatim excerpt too, citing the quote it was read from
            text = f"{quoted(span)} [{numbers[chosen[source].deliberation_id]}] : {text}"
        return Answer(question, standalone, text, refused=False, citations=citations,
                      filters=filters, span=span, notices=notices, uncertain=bool(notices))

    def _decide(self, kind: str, terms: set[str], ranked: list[Sentence], chosen: list[Sentence],
                hits: list[DeliberationHit], texts: dict[str, str],
                required: Requirements) -> tuple[list[Sentence], bool]:
        """The fitted refusal model's say on the rules' choice (``refusal.py``): the evidence of
        the best candidate is recorded when asked, and decides whether to answer at all, and
        whether the answer is uncertain (then it is marked so, without a span put before it).
        A question with no subject left once its filters are read ("Qui préside la séance du
        28 janvier 2019 ?") is outside what the model was fitted on: the rules decide."""
        candidates = [s for s in ranked if kind == "other" or s.typed]
        if not candidates or not terms:
            return chosen, False
        lead = chosen[0] if chosen else candidates[0]
        evidence = _evidence(kind, terms, lead, candidates, hits, texts[lead.deliberation_id],
                             self.idf, self.idf_ceiling(), required)
        if self.decisions is not None:
            self.decisions.append(evidence)
        if self.refusal is None:
            return chosen, False
        answers, doubtful = self.refusal.verdict(evidence)
        return (chosen or [lead], doubtful) if answers else ([], False)

    def _listing(self, question: str, standalone: str, hits: list[DeliberationHit],
                 filters: Filters, authorities: set[str], required: Requirements, kind: str,
                 vector: np.ndarray, *, stamps: bool) -> Answer:
        """"Quelles délibérations...": every deliberation on the subject, oldest first, each
        cited by its title, session, number and vote, with its sentence that best answers."""
        texts = self._texts([h.deliberation_id for h in hits])
        hits = [h for h in hits if h.deliberation_id in texts]
        terms = subject_terms(standalone) - authorities
        found = [h for h in hits if not missing(required, texts[h.deliberation_id])
                 and coverage(terms, texts[h.deliberation_id], self.idf) >= MIN_COVERAGE]
        if not found:
            return self._refusal(question, standalone, hits, filters, stamps=stamps)
        found = found[:MAX_LISTED]  # in retrieval order: the reader ranks the best first
        read = [(h.deliberation_id, texts[h.deliberation_id]) for h in found]
        pool = self._quotable(candidates(standalone, read, kind, _regions(found, texts),
                                         self.idf))
        best = best_sentences(rank(pool, kind, self.sentence_vectors, vector, self.reader),
                              kind, {h.deliberation_id: h.best.object for h in found})
        found.sort(key=lambda h: h.best.session_date or "9999")
        sentences = [best.get(h.deliberation_id) for h in found]
        if not stamps:
            sentences = [s and unstamped(s) for s in sentences]
        citations = tuple(self._listed(n, h, s, found)
                          for n, (h, s) in enumerate(zip(found, sentences, strict=True), start=1))
        items = " ; ".join(listed_item(c, s.text if s else None)
                           for c, s in zip(citations, sentences, strict=True))
        text = f"Délibérations trouvées : {items}."
        return Answer(question, standalone, text, refused=False, citations=citations,
                      filters=filters)

    def _listed(self, n: int, hit: DeliberationHit, sentence: Sentence | None,
                hits: list[DeliberationHit]) -> Citation:
        """[n] of a listing: its answering sentence and that sentence's page, else its title."""
        if sentence is None:
            return citation_of(n, hit.best, hit.best.object or "")
        return self._citation(n, [sentence], hits)

    def _refusal(self, question: str, standalone: str, hits: list[DeliberationHit],
                 filters: Filters, *, stamps: bool) -> Answer:
        """The refusal sentence, with the closest deliberations as labelled leads."""
        return Answer(question, standalone, REFUSAL, refused=True, filters=filters,
                      leads=self._leads(hits, stamps))

    def idf(self, term: str) -> float:
        """BM25 inverse frequency of ``term`` over the indexed deliberations (cached)."""
        if term not in self._idf:
            total = self._deliberation_count()
            found = deliberation_frequency(self.index.catalog, term)
            self._idf[term] = math.log(1 + (total - found + 0.5) / (found + 0.5))
        return self._idf[term]

    def idf_ceiling(self) -> float:
        """The inverse frequency of a term that no indexed deliberation holds."""
        return math.log(1 + (self._deliberation_count() + 0.5) / 0.5)

    def _deliberation_count(self) -> int:
        if self._deliberations is None:
            self._deliberations = self.index.catalog.query(
                "SELECT count(*) AS n FROM deliberations")[0]["n"]
        return self._deliberations

    def _texts(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.index.catalog.query(
            f"SELECT id, object, text FROM deliberations WHERE id IN ({','.join('?' * len(ids))})",
            tuple(ids))
        by_id = {row["id"]: record_text(row) for row in rows}
        return {i: by_id[i] for i in ids if i in by_id}

    def _held(self, ids: list[str]) -> set[str]:
        """Those of ``ids`` still indexed (their ids alone are read, not their texts)."""
        if not ids:
            return set()
        rows = self.index.catalog.query(
            f"SELECT id FROM deliberations WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))
        return {row["id"] for row in rows}

    def _citation(self, n: int, quoted: list[Sentence], hits: list[DeliberationHit],
                  ) -> Citation:
        """[n] for one deliberation; its quotes in reading order, joined by "[…]"."""
        quoted = sorted(quoted, key=lambda s: s.start)
        hit = next(h for h in hits if h.deliberation_id == quoted[0].deliberation_id)
        quote = JOINED.join(s.text for s in quoted)
        return replace(citation_of(n, hit.best, quote), page=self._page(hit, quoted[0]))

    def _page(self, hit: DeliberationHit, sentence: Sentence) -> int | None:
        rows = self.index.catalog.query(
            "SELECT start, page FROM chunks WHERE deliberation_id = ? ORDER BY start",
            (hit.deliberation_id,))
        offset = sentence.start - len(hit.best.object or "") - 1
        pages = [row["page"] for row in rows if row["start"] <= max(offset, 0)]
        return pages[-1] if pages else hit.best.page

    def _leads(self, hits: list[DeliberationHit], keep_stamps: bool) -> tuple[Citation, ...]:
        """The closest deliberations as leads: the start of each one's best passage, without
        the stamp blocks in it unless the question is about them."""
        cut = (lambda text: text) if keep_stamps else without_stamps
        return tuple(citation_of(n, hit.best, cut(hit.best.text)[:300])
                     for n, hit in enumerate(hits[:LEADS], start=1))

    def precedents(self, subject: str, filters: Filters | None = None,
                   limit: int = 30) -> list[Precedent]:
        """Deliberations on ``subject`` sorted by session date, with their best excerpt."""
        names = self.collectivities()
        asked, rest = extract_filters(subject, names)
        if filters is not None and not filters.is_empty():
            asked = _override(asked, self.as_indexed(filters))
        hits = self.retriever.search(rest or subject, asked, k=limit).hits
        texts = self._texts([h.deliberation_id for h in hits])
        terms = subject_terms(subject) - set(analyze(authority_words(names)))
        relevant = [h for h in hits
                    if coverage(terms, texts.get(h.deliberation_id, ""), self.idf)
                    >= PRECEDENT_COVERAGE or (h.best.dense_score or 0) >= MIN_DENSE]
        found = [p for p in map(self._precedent, relevant) if p is not None]
        return sorted(found, key=lambda p: (p.session_date or "9999", p.collectivity or ""))

    def _precedent(self, hit: DeliberationHit) -> Precedent | None:
        """``hit`` as a precedent; None when its source was removed meanwhile."""
        rows = self.index.catalog.query("SELECT record FROM deliberations WHERE id = ?",
                                        (hit.deliberation_id,))
        if not rows:
            return None
        row = rows[0]
        amounts = tuple(a["raw"] for a in json.loads(row["record"])["amounts"])
        best = hit.best
        return Precedent(hit.deliberation_id, best.session_date, best.collectivity, best.body,
                         best.object, best.delib_number, best.vote_result, amounts, best.source,
                         best.text, best.page, round(hit.score, 4))


def _preferred(hit: DeliberationHit, filters: Filters) -> bool:
    """Whether the hit's session lies in the dates the question prefers."""
    if not (filters.prefer_from or filters.prefer_to) or not hit.best.session_date:
        return False
    date = hit.best.session_date
    return (filters.prefer_from or date) <= date <= (filters.prefer_to or date)


def _names_year(citation: Citation, year: str,
                texts: Callable[[list[str]], dict[str, str]]) -> bool:
    """Whether a deliberation of another session answers for ``year``: its quote or its title
    names the year. One whose session date is unknown is not of another year: it answers if
    its own text names the year (« rapport annuel 2021 », a contract « à compter du 1er
    janvier 2023 »), its « Vu … » lines (earlier acts, laws), identifiers and dates written
    with figures (stamps) set aside."""
    if re.search(rf"(?<!\d){year}(?!\d)", f"{citation.quote}\n{citation.object or ''}"):
        return True
    if citation.session_date:
        return False
    text = texts([citation.deliberation_id]).get(citation.deliberation_id, "")
    alone = re.compile(rf"(?<![\d/.-]){year}(?![\d/-])")  # not in 2019-1461 nor 28/06/2022
    return any(alone.search(line) for line in text.splitlines() if not _RECITAL.match(line))


def _single_year(filters: Filters) -> str | None:
    """The year of a preference that lies within one year ("en 2019", "en mars 2019")."""
    start, end = filters.prefer_from, filters.prefer_to
    return start[:4] if start and end and start[:4] == end[:4] else None


def _choose(kind: str, terms: set[str], ranked: list[Sentence],
            hits: list[DeliberationHit], texts: dict[str, str],
            idf: Callable[[str], float], required: Requirements) -> list[Sentence]:
    """The quoted sentences, or none when the evidence of an answer is missing: the answer's
    kind must be in the sentence, the question's names beside it, every name and figure of the
    question in its deliberation, and the subject there too (or, worded otherwise, close in
    meaning to its passages)."""
    dense = _densest(hits)
    holds: dict[str, bool] = {}  # per deliberation: its whole text is read once, not per sentence
    chosen: list[Sentence] = []
    for sentence in ranked:
        if chosen and math.exp(sentence.score - chosen[0].score) < SECOND_QUOTE:
            break
        if kind != "other" and not sentence.typed:
            continue
        text = texts[sentence.deliberation_id]
        if sentence.deliberation_id not in holds:
            holds[sentence.deliberation_id] = not missing(required, text) and (
                coverage(terms, text, idf) >= MIN_COVERAGE
                or dense.get(sentence.deliberation_id, 0) >= MIN_SEMANTIC)
        if holds[sentence.deliberation_id] and _names_beside(required, text, sentence, kind):
            chosen.append(sentence)
        if len(chosen) == MAX_QUOTES:
            break
    return chosen


Place = tuple[str, int, int]  # deliberation, start and end of a quote in its text


def _without_repeats(quotes: list[Sentence], texts: dict[str, str]) -> list[Sentence]:
    """The quotes, less any that another quote of its deliberation covers (a line quoted with
    what it announces covers the sentence after it); of two quotes of the same place, or of
    the same words in two places (a title read with the sentence after it on its line is
    printed again in the text), the first."""
    first: dict[tuple[str, str], Sentence] = {}
    for quote in quotes:
        first.setdefault((quote.deliberation_id, quote.text), quote)
    quotes = list(first.values())
    places = [(q.deliberation_id, q.start, quote_end(q, texts[q.deliberation_id]) or q.start)
              for q in quotes]
    kept = [(quote, places[i]) for i, quote in enumerate(quotes)
            if not any(_covers(places[j], places[i], j < i) for j in range(len(quotes)) if j != i)]
    return _joined(kept, texts)


def _joined(quotes: list[tuple[Sentence, Place]], texts: dict[str, str]) -> list[Sentence]:
    """Two quotes of one deliberation that overlap (« … expose : » quoted with the sentence
    it announces, then that sentence with the next) become one stretch of its text, in the
    place of the first: no sentence is shown twice."""
    joined: list[tuple[Sentence, Place]] = []
    for quote, (delib, start, end) in quotes:
        for n, (first, (other, begin, stop)) in enumerate(joined):
            if other == delib and start < end and begin < stop and start < stop and begin < end:
                low, high = min(begin, start), max(stop, end)
                text = " ".join(texts[delib][low:high].split())
                joined[n] = (replace(first, start=low, text=text), (delib, low, high))
                break
        else:
            joined.append((quote, (delib, start, end)))
    return [quote for quote, _ in joined]


def _covers(one: Place, other: Place, earlier: bool) -> bool:
    """Whether quote ``one`` holds the whole of quote ``other`` (the same place: when it comes
    first); a quote whose end is unknown holds nothing."""
    if one[0] != other[0]:
        return False
    return earlier if one == other else one[1] <= other[1] < other[2] <= one[2]


def _doubts(kind: str, standalone: str, chosen: list[Sentence],
            doubtful: bool) -> tuple[str, ...]:
    """The note that marks an answer uncertain, if any: the refusal model's chance is low
    (``doubtful``), or a count is asked and no quote puts a quantity beside what is counted
    (« Combien de nids de frelons ? » answered by « les 968 lampes »), nor lists who was
    there or not (« Membres absents : M. X - M. Y », a count given as names)."""
    if doubtful:
        return (_DOUBTFUL,)
    asked = counted_noun(standalone) if kind == "count" else None
    if asked and not any((s.cued and lists(s.text)) or counts(s.text, asked[1]) for s in chosen):
        return (uncounted_notice(asked[0]),)
    return ()


def _doubting(notice: str) -> bool:
    """Whether ``notice`` marks the answer uncertain (``_doubts``)."""
    return notice.startswith(UNCERTAIN)


def _recounted(notices: tuple[str, ...], standalone: str,
               citations: Sequence[Citation]) -> tuple[str, ...]:
    """``notices`` without the count's doubt when a passage the LLM cites counts what is asked
    (a citation of the LLM quotes its whole passage: the note is not added when it had none)."""
    asked = counted_noun(standalone)
    if asked and any(counts(c.quote, asked[1]) for c in citations):
        return tuple(n for n in notices if n != uncounted_notice(asked[0]))
    return notices


def _densest(hits: list[DeliberationHit]) -> dict[str, float]:
    """Per deliberation, the e5 cosine of its passage closest to the question."""
    return {h.deliberation_id: max((p.dense_score or 0) for p in h.passages) for h in hits}


def _evidence(kind: str, terms: set[str], lead: Sentence, candidates: list[Sentence],
              hits: list[DeliberationHit], text: str,
              idf: Callable[[str], float], ceiling: float, required: Requirements) -> Evidence:
    """What speaks for and against quoting ``lead`` (of deliberation ``text``) as the answer."""
    return Evidence(
        kind_other=kind == "other",
        names_asked=len(required.names),
        names_missing=len(missing(Requirements(names=required.names), text)),
        figures_asked=len(required.figures),
        figures_missing=len(missing(Requirements(figures=required.figures), text)),
        coverage=coverage(terms, text, idf), dense=_densest(hits).get(lead.deliberation_id, 0.0),
        sentence_coverage=lead.coverage, cosine=lead.cosine, score=lead.score,
        names_beside=_names_beside(required, text, lead, kind), delib_rank=lead.rank,
        subject_terms=len(terms), typed_rank=candidates.index(lead),
        rarest_missing=rarest_missing(terms, text, idf),
        local_coverage=coverage(terms, text[max(0, lead.start - NAME_BEFORE // 2):
                                            lead.start + len(lead.text) + NAME_AFTER], idf),
        unseen=_unseen(terms, idf, ceiling), cued=lead.cued)


def _unseen(terms: set[str], idf: Callable[[str], float], ceiling: float) -> float:
    """Share of the subject's weight that no indexed deliberation holds (a term found nowhere
    has the ``ceiling`` rarity)."""
    total = sum(idf(term) for term in terms)
    return sum(idf(term) for term in terms if idf(term) >= ceiling) / total if total else 0.0


def _names_beside(required: Requirements, text: str, sentence: Sentence, kind: str) -> bool:
    """One of the question's names (if it has any) is written near the sentence (in it, when
    a person is asked), unless the sentence is a line that states what was asked of the whole
    deliberation (its rapporteur)."""
    if not required.names or sentence.cued:
        return True
    before, after = (0, 0) if kind == "name" else (NAME_BEFORE, NAME_AFTER)
    near = text[max(0, sentence.start - before): sentence.start + len(sentence.text) + after]
    return len(missing(Requirements(names=required.names), near)) < len(required.names)


_DOUBTFUL = (f"{UNCERTAIN} les passages cités sont les plus proches trouvés, mais ils "
             "pourraient ne pas répondre à la question. Vérifiez-les dans les délibérations avant "
             "de les utiliser.")
_VAGUE = ("La question ne dit pas sur quoi elle porte : nommez le sujet (par exemple « Combien "
          "coûte l'adhésion au CLIC ? »), ou posez-la à la suite d'une question qui le nomme.")
_ELSEWHERE = ("Rien dans les délibérations de {} (collectivité du tour précédent) : la "
              "question n'en nommant aucune, la réponse vient d'une autre collectivité.")


def _readable(question: str) -> tuple[str, tuple[str, ...]]:
    """The question without control characters, on one line, cut when it is too long to
    be a question; and what the user should be told about it."""
    text = " ".join("".join(c if c.isprintable() else " " for c in question).split())
    if not any(c.isalnum() for c in text):  # « ??? » asks nothing
        return "", ("La question est vide : écrivez ce que vous cherchez dans les délibérations.",)
    if len(text) > MAX_QUESTION_CHARS:
        return text[:MAX_QUESTION_CHARS], (f"Question trop longue : seuls les "
                                           f"{MAX_QUESTION_CHARS} premiers caractères ont été "
                                           "pris en compte.",)
    return text, ()


def is_listing(question: str) -> bool:
    """A question that asks for every deliberation on a subject, not for one fact. « (La)
    liste des … » asks for them (« Liste des tirages au sort », « Donne la liste des
    subventions »), but not after a preposition: there it names a list the question is about
    (« Qui a été tiré au sort pour la liste des jurés ? », « inscrits sur la liste des … »)."""
    if _LISTING.search(question):
        return True
    for found in _LIST_OF.finditer(question):
        before = re.findall(r"\w+", question[:found.start()].casefold())
        if before and before[-1] in _DETERMINERS:
            before.pop()
        if not before or before[-1] not in _PREPOSITIONS or (
                before[-1] == "a" and len(before) > 1 and before[-2] in _HAS):
            return True
    return False


def _own_number_first(ranked: list[Sentence], hits: list[DeliberationHit]) -> list[Sentence]:
    """For "quel numéro ?": the lines that print the deliberation's own number, not the number
    of another act it cites."""
    own = {h.deliberation_id: h.best.delib_number for h in hits if h.best.delib_number}
    return sorted(ranked, key=lambda s: own.get(s.deliberation_id, "\0") not in s.text)


def _regions(hits: list[DeliberationHit], texts: dict[str, str],
             ) -> dict[str, list[tuple[int, int, float]]]:
    """Where the passages the dense search found sit in each deliberation's text (offsets in
    ``texts``, which start with the object line), with their closeness rescaled to 0-1."""
    scores = [p.dense_score for h in hits for p in h.passages if p.dense_score is not None]
    if not scores:
        return {}
    low, high = min(scores), max(scores)
    spread = high - low if high - low > 1e-6 else 1.0
    regions: dict[str, list[tuple[int, int, float]]] = {}
    for hit in hits:
        shift = len(texts[hit.deliberation_id]) - len(_body(texts[hit.deliberation_id]))
        regions[hit.deliberation_id] = [
            (p.start + shift, p.end + shift, (p.dense_score - low) / spread)
            for p in hit.passages if p.dense_score is not None]
    return regions


def record_text(row: Mapping[str, Any]) -> str:
    """What the reader reads of a deliberation (a catalog row with its ``object`` and
    ``text``): its object on the first line, then its text (``_body`` takes the text back)."""
    return f"{row['object'] or ''}\n{row['text']}"


def _body(text: str) -> str:
    return text.split("\n", 1)[1] if "\n" in text else text


def _keeps_stamps(question: str, previous: Turn | None) -> bool:
    """Whether quotes keep the prefecture stamps: the turn asks about them, or it asks nothing
    of its own (« Et à Lille ? ») after a turn that kept them; not a follow-up asking something
    else (« Et quand prend fin son contrat ? »), nor any turn after that one."""
    if asks_stamp(question):
        return True
    return (previous is not None and previous.stamps and answer_type(question) == "other"
            and not _ASKS.search(question))


def _asks_mayor(question: str, standalone: str) -> bool:
    """Whether the turn asks who the mayor is: by its own words or, when it asks nothing of
    its own (« Et à Bessancourt ? »), by the nearest earlier turn that asks something. The
    standalone question nests the earlier turns: « turn (previous (the one before)) »."""
    for words in (question, *standalone.split(" (")[1:]):
        if ASKS_MAYOR.search(words):
            return True
        if answer_type(words) != "other" or _ASKS.search(words):
            return False  # « Et qui a rapporté les tarifs ? » asks its own question
    return False


def _kind(question: str, standalone: str) -> str:
    """The answer type asked; a follow-up without one ("Et à Lille ?") keeps the earlier one."""
    kind = answer_type(question)
    if kind != "other" or _ASKS.search(question):
        return kind
    return answer_type(standalone)


def _override(found: Filters, given: Filters) -> Filters:
    """Filters chosen by the caller (UI, CLI flags) win over those read in the question."""
    return Filters(**{name: getattr(given, name) or getattr(found, name)
                      for name in Filters.__dataclass_fields__})


def with_ocr_notice(answer: Answer) -> Answer:
    """An answer citing text read by OCR says so, and names the sources read with low
    confidence."""
    read = [c for c in answer.citations if c.ocr_confidence is not None]
    if not read:
        return answer
    keys = ", ".join(f"[{c.n}]" for c in read)
    notice = (f"Le texte cité en {keys} provient d'une lecture OCR de pages scannées : des "
              "caractères peuvent y être mal lus ; vérifiez sur la page d'origine.")
    low = [f"[{c.n}] {c.ocr_confidence:.0f} %" for c in read
           if c.ocr_confidence is not None and c.ocr_confidence < LOW_CONFIDENCE]
    if low:
        notice += f" Confiance de lecture faible : {', '.join(low)}."
    return replace(answer, notices=(*answer.notices, notice))


def _turn_of(answer: Answer, carries: str, stamps: bool) -> Turn:
    cited = tuple(dict.fromkeys(c.deliberation_id for c in answer.citations))
    return Turn(answer.question, answer.standalone_question, answer.filters, cited, carries,
                stamps)
