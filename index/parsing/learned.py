"""Items found by the line-role model, placed in the normalised text the parser reads."""

import re
from collections import Counter

from index.models import SourceDocument
from index.parsing.fields import OBJECT_RULES, find_number, find_object
from index.parsing.people import find_rapporteur
from index.parsing.split import Item
from index.parsing.titles import clean_title
from index.parsing.votes import find_vote
from index.structure.features import rule_hints
from index.structure.lines import MARKUP, Line, masked, offsets_in, raw_lines
from index.structure.roles import RoleModel, TaggedItem

MIN_LINES = 5  # fewer non-blank lines: a flattened text, left to the rules
MAX_LINES = 12_000  # more (~250 dense pages): left to the rules, the model's time is linear but
# ~0.1 ms a line
TITLE_THRESHOLD = 0.3  # a title the model is less sure of stays unknown (chosen under LOAO)
_MARKER = re.compile(
    r"^[^\w«\"(]*(?:(?:point|POINT|Point)\s+(?:n[°o]\s*)?\d{1,3}\s*[:.–—-]?\s*"
    r"|\d{1,3}\s*[.)°]\s*|\d{1,3}\s*[-–—]\s*(?=\D)|[IVX]{1,5}\s*[.)–-]\s+|[A-H]\s?[—–-]\s+"
    r"|(?:[A-ZÀ-ÖØ-Þ'’ ,/–-]{3,60}\s)?[A-Z]{1,6}[ _-]{0,2}\d{2,4}[/._-]\d{1,4}\s*[:–—-]\s*"
    r"|(?:[A-Z]{1,6}[ _-]{0,2})?\d{2,4}[/._-]\d{1,4}(?:[/._-]\d{1,4})?(?:\s*[:–—-]\s*|\s+)"
    r"|(?:[A-Z]{1,6}[ _-]{0,2})?(?:19|20)\d{2}[/._-]\s\d{1,4}\s+"
    r"|(?:[A-Z]{1,6}[ _-]?)?\d[\w/.-]*\d\s*[:–—-]\s+)")
_BULLET = re.compile(r"^[\s•●■▪►>]+")
_AUTHORITY_KIND = (  # « Sortie de Lannion TREGOR COMMUNAUTE »: an authority, no person
    r"(?:COMMUNAUT[ÉE]|AGGLO(?:M[ÉE]RATION)?|M[ÉE]TROPOLE|SAS|SARL|SA|SYNDICAT|COMMUNE|VILLE|"
    r"D[ÉE]PARTEMENT|R[ÉE]GION)\b")
_MOVEMENT = re.compile(  # « Arrivée de M. X », « Départ de Eric ROBERT (procuration à …) »: a
    # person after it (a civility, or a first name then a name in capitals), not « Sortie de la
    # commune de … », « Sortie de Lamballe Terre et Mer » nor « Retour d'expérience »
    r"^[^\w]{0,3}(?i:arriv[ée]es?|d[ée]parts?|retours?|sorties?)\s+(?i:de\s+|d['’]\s*)"
    r"(?:(?:MM|Mmes?|Mlle|Mr|M)\b\.?\s*(?:[A-ZÀ-Þ]|l[ea]\s)"
    r"|(?:Monsieur|Madame|Mademoiselle|MONSIEUR|MADAME)\s"
    r"|[A-ZÀ-Þ][a-zà-ÿ'’]+(?:[- ][A-ZÀ-Þ][a-zà-ÿ'’]+)?\s+(?!" + _AUTHORITY_KIND + r")"
    r"[A-ZÀ-Þ]{2,}\b(?!\s+" + _AUTHORITY_KIND + r"))")
_NEW_ITEM = re.compile(  # a line opening as an item of a list does (« B — », « 3. », « 6— »,
    # « Point 2 », an item's code), not a range (« 14 - 18 ans », « 2024-2025 entre »)
    r"^[^\w«\"(]*(?:(?:point|POINT|Point)\s+(?:n[°o]\s*)?\d{1,3}\b|\d{1,3}\s*[.)°]\s"
    r"|\d{1,3}\s*[-–—]+\s*(?=[A-ZÀ-Þ«\"])|[IVX]{1,5}\s*[.)–-]\s+|[A-H]\s?[—–-]\s+"
    r"|(?:[A-Z]{1,6}[ _-]{0,2})?\d{2,4}[-/._]\d{1,4}(?:[-/._]\d{1,4})?"  # « 24-10/097 — »
    r"(?:\s*[:–—-]\s*(?=[A-ZÀ-Þ«\"])|\s+(?=[A-ZÀ-Þ]{2})))")  # « 2024-038 SUBVENTION »
_OPENING = re.compile(  # a line opening on a preposition as a heading does (« En Communication
    # pour information … : »); an article may open a place's name (« Le Mans », « La Saulce »)
    r"^(?:En|Pour|Dans|Par|Sur)\s")
_CODE = re.compile(r"^[^\w]*((?:[A-Z]{1,6}[ _-]{0,2})?\d[\w/.-]*\d)\s*[:–—-]\s+")
_YEAR_CODE = re.compile(  # a heading opening on its number, no dash after: "2020-038 SUBVENTION"
    r"^((?:19|20)\d{2}[/._-]\s?(?!(?:19|20)\d{2}\b)\d{1,4})\s+(?=[A-ZÀ-ÖØ-Þ])")
_VOTE_LINES = 3
_RUNNING = 3
_MAX_MORE = 2
_MARKED = 3  # titles a document needs before a closing mark is read as its habit
_BLOCK = 3  # lines between a title's first lines and its speaker, read as the title's rest
_FULL, _SHORT = 0.9, 0.5  # a wrapped title's line against the document's full width, its end
SPEAKER_FALLBACK = True
_SPEAKER_REACH = 3  # non-blank lines after the title where the speaker is looked for
_UNFINISHED = re.compile(  # a line ending on a word that cannot end a title
    r"(?:(?:^|\s)(?:à|a|au|aux|de|du|des|d['’]|la|le|les|l['’]|et|ou|en|pour|par|sur|sous|avec|"
    r"entre|dans|un|une|son|sa|ses|leur|leurs)|[«(,–—-])\s*$", re.I)
_GOES_ON = re.compile(r"[^\W\d_A-ZÀ-ÖØ-Þ]")  # a small letter: the line above goes on
_ENDED = re.compile(r"[.:;!?]\s*$")
_FIGURE_GOES_ON = re.compile(r"\d(?!\d{0,2}\s*[).°])")  # not « 1) », « 2. », « 3° »
_SPEAKER = re.compile(  # the rapporteur's line opens on who speaks: "Madame le maire expose"
    r"^[^\w]{0,3}((?:Monsieur|Madame|M\.|Mme)\s+(?:l[ea]\s+[\w-]+|[\w'’-]+(?:\s+[A-ZÉ][\w'’-]+)"
    r"{0,3}))\s*,?\s+(?:[\w'’-]+\s*,\s*)?(?:rapporteure?|expose|pr[ée]sente|informe|rappelle"
    r"|indique|explique|propose|soumet|donne|fait|d[ée]taille|annonce|demande|rend\s+compte)\b",
    re.I)
_LETTERS = re.compile(r"[^\W\d_]")
_PAGE_NUMBER = re.compile(  # « 4 », « - 4 - », « 4/12 », « Page 4 »
    r"^[\W_]*\d{1,3}(?:\s*/\s*\d{1,3})?[\W_]*$|^page\s+\d", re.I)
_EXTRACT = re.compile(r"\s*EXTRAIT\s+(?:DU\s+|\w{1,3}\s+)?(?:REGISTRE|PROC[ÈE]S)", re.I)


def learned_items(document: SourceDocument, text: str, model: RoleModel, rules: list[Item],
                  threshold: float = TITLE_THRESHOLD) -> list[Item] | None:
    """The model's items over ``text``, or None where the rules' split stands.

    The model splits when the rules split too, or when no "Objet" label names a single object;
    extracts of the register, each under its own header, keep the rules' split; a document
    the rules read as one deliberation under such a label stays one (sub-headings
    "I.", "II." of one report are not items), read by the rules; where the rules find no
    object, the model's title is taken. Flattened text (no lines) is left to the rules.
    """
    lines = raw_lines(document.pages)
    if not MIN_LINES <= sum(1 for line in lines if line.text) <= MAX_LINES \
            or _extracts(text, rules):
        return None
    places = offsets_in(text, lines)
    tagged = model.items(lines, rule_hints(text, places, rules), document.layout or ())
    tagged = [item for item in tagged if item.start in places]
    if not tagged:
        return None
    if len(tagged) > 1 and (len(rules) > 1 or not _labelled_object(text)):
        starts = [places[item.start] for item in tagged]
        return read_items(lines, tagged, [*starts, len(text)], threshold)
    if len(rules) > 1 or find_object(text)[0]:
        return None
    first = _item(lines, running_lines(lines),
                  next((item for item in tagged if item.title_lines), tagged[0]), 0, len(text),
                  threshold, full_width(lines))
    return [Item(0, len(text), first.title)] if first.title else None


def read_items(lines: list[Line], tagged: list[TaggedItem], offsets: list[int],
               threshold: float = TITLE_THRESHOLD) -> list[Item]:
    """Each tagged item read on its own lines, from its offset in the text to the next one
    (``offsets`` has one more, the text's end): the lines are cut where the next item starts,
    so no title, speaker or vote of one item reads into the next."""
    running, width = running_lines(lines), full_width(lines)
    mark = end_mark(lines, tagged, width)
    stops = [*(item.start for item in tagged[1:]), len(lines)]
    return [_item(lines[:stop], running, item, start, end, threshold, width, mark)
            for item, start, end, stop in zip(tagged, offsets[:-1], offsets[1:], stops,
                                              strict=True)]


def _extracts(text: str, rules: list[Item]) -> bool:
    """Every item of the rules opens on "EXTRAIT DU REGISTRE": those boundaries are certain."""
    return len(rules) > 1 and all(_EXTRACT.match(text, item.start) for item in rules)


def _labelled_object(text: str) -> bool:
    """The rules read one object under a label ("Objet :", "OBJET DE LA DÉLIBÉRATION")."""
    return any(rule.search(text) for rule in OBJECT_RULES)


def _item(lines: list[Line], running: set[str], tagged: TaggedItem, start: int, end: int,
          threshold: float, width: int, mark: bool = False) -> Item:
    """The item's fields read on its lines; ``lines`` ends where the next item starts, so no
    title, speaker or vote reads into it."""
    title = None
    if tagged.title_lines and tagged.title_confidence >= threshold:
        first, *rest = _completed(lines, tagged, width, mark)
        title = title_text([lines[first].text, *(lines[i].text for i in rest
                                                 if masked(lines[i].text) not in running
                                                 and not _MOVEMENT.match(lines[i].text))]) or None
    return Item(start, end, title, _number(lines, tagged), _rapporteur(lines, tagged),
                vote_text=_vote_text(lines, tagged), learned=True)


def full_width(lines: list[Line]) -> int:
    """The length of the document's full lines (its 90th percentile): a line this long that
    ends on no punctuation was wrapped by the page."""
    lengths = sorted(len(line.text) for line in lines if line.text)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def end_mark(lines: list[Line], tagged: list[TaggedItem], width: int) -> bool:
    """The document closes its titles with a colon (« 24-10/095 — Cession du fonds : »): at
    least three titles the model found, two in three of them closed so, on their own lines or
    on the lines that go on with them (``_to_colon``: a numbered heading below opens the next
    item, it closes nothing)."""
    ends = [_colon_closed(lines, item, width) for item in tagged if item.title_lines]
    return len(ends) >= _MARKED and sum(ends) >= 2 * len(ends) / 3


def _colon_closed(lines: list[Line], item: TaggedItem, width: int) -> bool:
    """Whether a colon closes ``item``'s title, on its lines or those that go on with them."""
    closed = _to_colon(lines, list(item.title_lines), _field_lines(item), width)
    if not closed:
        return False
    return lines[closed[-1]].text.endswith(":")


def _field_lines(item: TaggedItem) -> set[int | None]:
    """The lines where the model read the item's rapporteur, vote and number: no title line."""
    return {item.rapporteur_line, item.vote_line, item.number_line}


def _completed(lines: list[Line], tagged: TaggedItem, width: int,
               mark: bool = False) -> list[int]:
    """The title's lines, and the next ones while the last stops mid-phrase ("... donner à",
    "« Fournitures et"), the next goes on with a small letter ("... de la caserne" then
    "des sapeurs-pompiers") or, right below, closes a parenthesis or guillemet the title left
    open ("... 2022 (R. P." then "Q. S.) :") or finishes a line wrapped at the page's width
    (``_wrapped``), then down to the line where the rapporteur speaks (``_up_to_speaker``): a
    continuation the model left out, never a field line nor a page number. In a document whose
    titles are closed by a colon (``mark``, ``end_mark``), the colon closes the title instead
    (``_to_colon``)."""
    found = list(tagged.title_lines)
    fields = _field_lines(tagged)
    closed = _to_colon(lines, found, fields, width) if mark else None
    if closed:
        return closed
    for _ in range(_MAX_MORE):
        last = lines[found[-1]].text
        after = next(iter(_next_lines(lines, found[-1], 1, reach=2)), None)
        if after is None or after in fields or _PAGE_NUMBER.match(lines[after].text) or not (
                _UNFINISHED.search(last) or (_GOES_ON.match(lines[after].text)
                                             and not _ENDED.search(last))
                or (after == found[-1] + 1 and (
                    _closes(" ".join(lines[i].text for i in found), lines[after].text)
                    or _wrapped(last, lines[after].text, width)))):
            break
        found.append(after)
    return _up_to_speaker(lines, found, tagged)


def _to_colon(lines: list[Line], found: list[int], fields: set[int | None], width: int,
              ) -> list[int] | None:
    """In a document whose titles are closed by a colon, the title ends on its first line that
    does (the model's rest is the exposé), or goes on to the next line that does, two lines
    below at most, each going on with the line above (``_goes_on``), none ending a sentence,
    holding a field or a speaker or opening as an item of a list; None when no line closes it
    (the other rules then read it)."""
    for count, index in enumerate(found):
        if count and _SPEAKER.match(lines[index].text):
            return found[:count]  # « Madame X indique au conseil : » opens the exposé
        if lines[index].text.endswith(":"):
            return found[: count + 1]
    following = _next_lines(lines, found[-1], 2, reach=5)
    for count, index in enumerate(following):
        text, above = lines[index].text, [lines[i].text for i in found + following[:count]]
        if index in fields or _PAGE_NUMBER.match(text) or _SPEAKER.match(text) \
                or _NEW_ITEM.match(text) or not _goes_on(above, text, width):
            break
        if text.endswith(":"):
            return found + following[: count + 1]
        if _ENDED.search(text):
            break
    return None


def _goes_on(title: list[str], following: str, width: int) -> bool:
    """``following`` continues the phrase the ``title``'s lines left open: the last stops
    mid-phrase, is a single word or fills the page's width without ending, ``following``
    opens on a small letter or a figure (« … de Partenariat » then « 2024-2025 entre la
    Commune … : ») or closes a parenthesis or guillemet left open; a line opening on a
    preposition as a heading does (« En Communication pour information des élus : ») only by
    closing one."""
    last = title[-1]
    if _OPENING.match(following):
        return _closes(" ".join(title), following)
    return bool(_UNFINISHED.search(last) or len(last.split()) == 1
                or (len(last) >= _FULL * width and not _ENDED.search(last))
                or _GOES_ON.match(following) or following[:1].isdigit()
                or _closes(" ".join(title), following))


def _up_to_speaker(lines: list[Line], found: list[int], tagged: TaggedItem) -> list[int]:
    """The lines between the title and the line where its rapporteur speaks (« Monsieur X
    expose : »), lines stating a member's arrival or departure aside, when none of them ends a
    sentence, holds a field (vote, number) or states a vote, opens or closes a page or is a
    page number: the rest of the title."""
    following = _next_lines(lines, found[-1], _BLOCK + 1, reach=2 * _BLOCK + 1)
    for count, index in enumerate(following):
        if index == tagged.rapporteur_line or _SPEAKER.match(lines[index].text):
            block = [i for i in following[:count] if not _MOVEMENT.match(lines[i].text)]
            if any(i in (tagged.vote_line, tagged.number_line) or lines[i].page_break
                   or _ENDED.search(lines[i].text) or _PAGE_NUMBER.match(lines[i].text)
                   or find_vote(lines[i].text).result for i in block):
                return found
            return found + block
    return found


def _next_lines(lines: list[Line], after: int, count: int, reach: int) -> list[int]:
    """The first ``count`` non-blank lines among the ``reach`` lines below line ``after``."""
    return [line.index for line in lines[after + 1: after + 1 + reach] if line.text][:count]


def _wrapped(last: str, following: str, width: int) -> bool:
    """``last`` fills the page's width without ending its phrase, and the short line right
    below, opening on a figure that numbers nothing, finishes it (« … pour la période » then
    « 2025-2027 », « … et de verser 1 » then « 428 € de »)."""
    return (len(last) >= _FULL * width and not _ENDED.search(last)
            and len(following) <= _SHORT * width and bool(_FIGURE_GOES_ON.match(following)))


def _closes(title: str, following: str) -> bool:
    """``following`` closes a parenthesis or guillemet ``title`` (its number aside) left open."""
    text = _MARKER.sub("", title, count=1)
    return any(text.count(opening) > text.count(closing)
               and following.count(closing) > following.count(opening)
               for opening, closing in (("(", ")"), ("«", "»")))


def title_text(title_lines: list[str]) -> str:
    """The object as printed on its lines, without markup, number, label or vote status; the
    first line, given as title, is kept whole (only what follows may be cut at an exposé)."""
    raw = " ".join(title_lines)
    bare = _MARKER.sub("", _BULLET.sub("", MARKUP.sub("", raw)), count=1)
    first = len(title_lines[0]) if title_lines else 0
    return clean_title(bare, first - (len(raw) - len(bare)))


def running_lines(lines: list[Line]) -> set[str]:
    """Lines printed three times or more (digits aside), opening on a capital or a digit: running
    headers, not a title's words."""
    counts = Counter(masked(line.text) for line in lines if line.text)
    continued = {masked(line.text) for line in lines if _continues(line.text)}
    return {key for key, count in counts.items()
            if count >= _RUNNING and len(_LETTERS.findall(key)) >= _RUNNING
            and key not in continued}


def _continues(text: str) -> bool:
    """A line opening on a small letter continues a sentence ("profit de" in four titles):
    never a running header."""
    return text[:1].isalpha() and text[:1].islower()


def _number(lines: list[Line], tagged: TaggedItem) -> str | None:
    heads = [tagged.start, *tagged.title_lines[:1]]
    if tagged.number_line is not None:
        heads.insert(0, tagged.number_line)
    for index in dict.fromkeys(heads):
        line = _BULLET.sub("", MARKUP.sub("", lines[index].text))
        coded = _CODE.match(line) or _YEAR_CODE.match(line)
        code = coded[1] if coded and re.search(r"\D", coded[1]) else None
        found = find_number(line)
        if found and code and code.endswith(found):  # "DE- 2015/28 –": the whole code
            return code
        if found or code:
            return found or code
    return None


def _rapporteur(lines: list[Line], tagged: TaggedItem) -> str | None:
    if tagged.rapporteur_line is None:
        return _first_speaker(lines, tagged) if SPEAKER_FALLBACK else None
    index = tagged.rapporteur_line
    alone = find_rapporteur(lines[index].text)[0]
    if alone:
        return alone
    speaker = _SPEAKER.match(lines[index].text)
    return speaker[1] if speaker else find_rapporteur(
        " ".join(line.text for line in lines[index: index + 2]))[0]


def _first_speaker(lines: list[Line], tagged: TaggedItem) -> str | None:
    """No rapporteur line given: who speaks first on the lines right after the title."""
    after = tagged.title_lines[-1] if tagged.title_lines else tagged.start
    following = [lines[i].text for i in _next_lines(lines, after, _SPEAKER_REACH, reach=5)]
    speaker = next((found for found in map(_SPEAKER.match, following) if found), None)
    return speaker[1] if speaker else None


def _vote_text(lines: list[Line], tagged: TaggedItem) -> str | None:
    if tagged.vote_line is None:
        return None
    following = (line.text for line in lines[tagged.vote_line:] if line.text)
    return "\n".join(text for text, _ in zip(following, range(_VOTE_LINES), strict=False))
