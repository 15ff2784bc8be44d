"""Follow-up questions without an LLM: carry the previous turn's topic, filters and citations."""

from dataclasses import dataclass, fields, replace

from assistant.engine.extractive import ATTRIBUTES, content_terms
from assistant.engine.followup import leans_back
from index.models import Filters


@dataclass(frozen=True)
class Turn:
    """What a turn leaves to the next: its standalone question, filters and cited deliberations."""

    question: str
    standalone: str
    filters: Filters
    cited: tuple[str, ...] = ()
    carries: str = ""  # what a follow-up to this turn carries, when not its standalone
    stamps: bool = False  # its quotes kept the prefecture stamps (it asked about them)


def is_follow_up(question: str, previous: Turn | None) -> bool:
    """A question leaning on the previous one ("Et combien ?", "Qui l'a rapportée ?"): the
    fitted model of ``assistant.engine.followup`` judges it so, and a word of it points back."""
    return previous is not None and leans_back(question)


def resolve(question: str, asked: Filters, previous: Turn | None) -> tuple[str, Filters]:
    """The standalone question to search with and the filters in force for this turn.

    Filters named in the new question replace the previous ones field by field; a follow-up
    with no new subject and no new filter stays on the deliberations cited just before. A new
    question that names no authority stays with the previous one's (« Qui fera les travaux ? »
    after a question on Mazères): the answer shows that filter.
    """
    if previous is None:
        return question, asked
    if keeps_authority(question, asked, previous):
        return question, replace(asked, collectivities=previous.filters.collectivities)
    if not is_follow_up(question, previous):
        return question, asked
    merged = _merge(previous.filters, asked)
    standalone = f"{question} ({carried(previous)})"
    new_topic = content_terms(question) - content_terms(previous.standalone) - ATTRIBUTES
    if asked.is_empty() and not new_topic:
        merged = replace(merged, deliberation_ids=previous.cited or merged.deliberation_ids)
    elif merged.deliberation_ids and not asked.deliberation_ids:
        merged = replace(merged, deliberation_ids=())
    return standalone, merged


def carried(previous: Turn) -> str:
    """What a follow-up carries of the turn before it: what that turn carries
    (``Turn.carries``), or its standalone question."""
    return previous.carries or previous.standalone


def to_carry(subject: str, previous: Turn | None, follows: bool,
             places: frozenset[str] = frozenset()) -> str:
    """What a follow-up to this turn will carry: the turn's own question, unless it is a
    follow-up adding no subject of its own (``subject``: its words without its dates; the
    analysed words in ``places``, the authorities' names it may name, are no subject either:
    the turn's filters carry both): after « Combien coûte l'adhésion au CLIC ? » and « Qui l'a
    rapportée en 2019 ? », « Et le vote ? » reads « Et le vote ? (Combien coûte l'adhésion au
    CLIC ?) », not every earlier question nested in the next. Empty: the turn's standalone."""
    if previous is None or not follows:
        return ""
    context = carried(previous)
    own = content_terms(subject) - content_terms(context) - ATTRIBUTES - places
    return "" if own else context


def keeps_authority(question: str, asked: Filters, previous: Turn | None) -> bool:
    """A new question (not a follow-up) that names no authority, after a turn that had one:
    it stays with that authority."""
    return (previous is not None and not asked.collectivities
            and bool(previous.filters.collectivities) and not is_follow_up(question, previous))


_WHEN = ("date_from", "date_to", "prefer_from", "prefer_to", "last_session")  # one setting


def _merge(old: Filters, new: Filters) -> Filters:
    """``new``'s filters over ``old``'s, field by field; the session dates as one: « Et en
    2022 ? » after « … en 2019 ? » or « … le 28 janvier 2019 ? » asks about 2022 only."""
    dated = any(getattr(new, name) and getattr(new, name) != getattr(old, name)
                for name in _WHEN)  # dates of its own, not the fields' filter asked each turn
    values = {f.name: getattr(new, f.name) if dated and f.name in _WHEN
              else getattr(new, f.name) or getattr(old, f.name) for f in fields(Filters)}
    return Filters(**values)
