"""Line features that hold across layouts: shape, numbering, cues, neighbours, recurrence, print."""

import bisect
import itertools
import re
from dataclasses import dataclass

from index.models import Layout
from index.parsing.fields import find_object
from index.parsing.split import Item
from index.structure.lines import Line, bare
from index.structure.typography import line_styles, style_features

_HEAD = 100  # characters of a line looked at: a 200,000-character line costs no more
_NUMBERING = {
    "num_dot": re.compile(r"^\d{1,3}\s?[.)°]\s"),
    "num_dash": re.compile(r"^\d{1,3}\s?[-–—/]\s"),
    "num_alone": re.compile(r"^(?:n°\s?)?\d{1,3}\s?[.)-]?$", re.I),
    "point": re.compile(r"^point\s+(?:n°\s*)?\d", re.I),
    "roman": re.compile(r"^[IVX]{1,5}\s?[.)–-]\s"),
    "letter_item": re.compile(r"^[a-z]\)\s"),
    "n_label": re.compile(r"(?:^|\s)n[°o]\s?\d", re.I),
    "year_code": re.compile(r"\b(?:19|20)\d{2}\s?[-_/.]\s?\d{1,4}\b"),
    "letter_code": re.compile(r"\b[A-Z]{1,6}[_/-]?\d{2,}|\bDEL[_ -]|\bDCM\b|\bD\d{4}"),
    "date_num": re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    "date_words": re.compile(r"\b\d{1,2}(?:er)?\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|"
                             r"juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\b", re.I),
    "bullet": re.compile(r"^[-–—•■▪●*+>]"),
    "page_no": re.compile(r"^(?:page\s+)?\d{1,4}(?:\s?/\s?\d{1,4})?$|^page\s+\d", re.I),
    "money": re.compile(r"\d\s?(?:€|euros?\b)", re.I),
    "page_any": re.compile(r"\bpage\s*\d{1,4}\s*(?:/|sur)\s*\d", re.I),
    "caps_word": re.compile(r"^[A-ZÀ-ÖØ-Þ]{3,}\b"),
    "sep_dash": re.compile(r"\w\s?[–—]\s?\w|\w\s-\s\w"),
}
_CUES = {
    "objet": r"^objet\b|\bobjet\s*:", "rapport": r"rapporteur|rapporte\b|rapport\s+n",
    "expose": r"\bexpos[ée]\b|\bpr[ée]sente\b|\binforme\b|\brappelle\b",
    "vote": r"\bvote\b|\bvot[ée]|\bvoix\b|\bpour\s*:|\bcontre\b|abstention",
    "unanim": r"unanimit", "majorit": r"majorit[ée]", "adopt": r"\badopt|\bapprouv",
    "rejet": r"\brejet", "acte": r"pr(?:end|is|ennent)\s+acte",
    "vu": r"^vu\b", "consid": r"^consid[ée]rant", "decide": (r"\bd[ée]cide\b|d[ée]lib[èe]re\b"
                                             r"|bien\s+vouloir|propos[ée]\s+de\b"),
    "article": r"^article\s", "attend": r"pr[ée]sents?\b|excus[ée]|absents?\b|pouvoir|procuration",
    "seance": r"s[ée]ance|l['’]an\s+deux", "extrait": r"extrait|registre",
    "commission": r"commission", "person": r"^(?:m\.|mme|monsieur|madame|mm\.)\s",
    "maire": r"\bmaire\b|pr[ée]sident", "deliberation": r"d[ée]lib[ée]ration",
    "sign": r"pour\s+extrait|certifi|fait\s+[àa]\s|ainsi\s+fait|le\s+maire,?$|signature",
    "prefecture": r"pr[ée]fecture|accus[ée]\s+de\s+r[ée]ception|t[ée]l[ée]transmi|publi[ée]|affich",
    "quorum": r"quorum|en\s+exercice|votants",
    "agenda": r"ordre\s+du\s+jour", "question": r"questions?\s+diverses",
    "secretary": r"secr[ée]taire", "budget": r"budget|subvention|tarif|convention|avenant",
    "label_objet": r"^objet\s*:", "label_rapp": r"^rapporteure?s?\s*:",
    "label_vote": r"^(?:vote|r[ée]sultat\s+du\s+vote)\s*:",
}
_CUE_RES = {name: re.compile(pattern) for name, pattern in _CUES.items()}
_NEIGHBOUR_KEYS = ("after_blank", "seq", "chain", "lead_rec", "rlen", "since_vote",
                   "len", "caps", "end", "start", "objet", "rapport", "vote",
                   "unanim", "adopt", "person", "num_dot", "num_alone", "point", "rule_start",
                   "expose", "vu", "decide", "rec", "rec_count", "rec_page", "label_objet",
                   "label_rapp", "label_vote", "in_agenda",
                   "agenda_echo", "echo_title", "styled", "bold")
_DIGITS = re.compile(r"\d+")
_LEAD = re.compile(r"^[^\w]{0,3}((?:[A-Za-z]{1,8}[\s_-]{0,2})?(?:n°\s?)?\d[\w/._-]{0,12})"
                   r"\s*([-–—:.)°/]?)")
_SHAPE = str.maketrans("0123456789", "9999999999")
_DASHES = str.maketrans("–—", "--")  # "1 –" and "2 -" are one numbering
_LAST_NUMBER = re.compile(r"(\d+)\D*$")
_LETTER = re.compile(r"[^\W\d_]")
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_FOLD = str.maketrans("àâäáãéèêëíìîïóòôöõúùûüçÿñ", "aaaaaeeeeiiiiooooouuuucyn")
_SHIFTS = (-2, -1, 1, 2)
_WORDY = frozenset(("words=2", "words=3", "words=4", "words=5"))  # 4 words or more
_VOTED = frozenset(("unanim", "majorit", "adopt", "vote", "label_vote"))
_ECHO_CHARS, _ECHO_MIN = 40, 15  # letters compared when a line is printed again
_AGENDA_REACH = 40  # lines after "ordre du jour" read as the agenda, unless a vote comes first
_DECIDE_REACH = 8  # lines after "décide" / "délibère" read as the dispositif
_SPREAD = 2  # mean lines between the numbers of a chain (leave-one-authority-out over 2,000
# items, object: 0.779 at 4, 0.780 at 3, 0.786 at 2)


@dataclass(frozen=True)
class RuleHints:
    """What today's rules found, as raw line indexes: where items start, where a title ends."""

    starts: frozenset[int] = frozenset()
    title: int | None = None


def document_features(lines: list[Line], hints: RuleHints,
                      layout: Layout = ()) -> list[dict[str, float]]:
    """One feature dict per non-blank line (in order): its own features and its neighbours'.

    Blank lines carry no role; they show as "after_blank" / "before_blank" on their neighbours.
    A PDF's ``layout`` adds how each line is printed (``typography``: known, standing out).
    """
    own = [_line_features(line) for line in lines]
    if layout:
        for features, style in zip(own, style_features(line_styles(lines, layout), layout),
                                   strict=True):
            features.update(style)
    _add_recurrence(lines, own)
    _add_rules(hints, own)
    kept = [i for i, line in enumerate(lines) if line.text]
    for i in kept:
        own[i]["after_blank"] = float(i == 0 or not lines[i - 1].text)
        own[i]["before_blank"] = float(i + 1 == len(lines) or not lines[i + 1].text)
    sequence = [own[i] for i in kept]
    texts = [lines[i].text for i in kept]
    _add_position(sequence)
    _add_context(sequence)
    _add_enumeration(texts, sequence)
    _add_echoes(texts, sequence)
    _add_caps_style(sequence)
    _add_agenda(sequence)
    _add_relative_length(texts, sequence)
    _add_distances(sequence)
    return _with_neighbours(sequence)


def _line_features(line: Line) -> dict[str, float]:
    text = bare(line.text[:_HEAD])
    if not text:
        return {"empty": 1.0} if not line.text else {"bias": 1.0, "marks_only": 1.0}
    features: dict[str, float] = {"bias": 1.0, "pb": float(line.page_break)}
    features[f"len={_bucket(len(line.text), (8, 20, 40, 60, 80, 110, 160))}"] = 1.0
    letters = len(_LETTER.findall(text))
    upper = len(_CAPITAL.findall(text)) / letters if letters else 0.0
    features[f"caps={_bucket(upper, (0.1, 0.3, 0.6, 0.9))}"] = 1.0
    features[f"start={_kind(text[0])}"] = 1.0
    features[f"end={_end(line.text[-1])}"] = 1.0
    folded = text.lower().translate(_FOLD)
    features[f"words={_bucket(len(folded.split()), (1, 3, 6, 12, 20))}"] = 1.0
    for name, pattern in _NUMBERING.items():
        if pattern.search(line.text[:_HEAD] if name == "bullet" else text):
            features[name] = 1.0
    for name, pattern in _CUE_RES.items():
        if pattern.search(folded):
            features[name] = 1.0
    return features


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return bisect.bisect_left(edges, value)


def _kind(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char.isalpha():
        return "upper" if char.isupper() else "lower"
    return "punct"


def _end(char: str) -> str:
    if char.isalpha():
        return "alpha"
    if char.isdigit():
        return "digit"
    return char if char in ".:,;)-" else "other"


def _add_recurrence(lines: list[Line], own: list[dict[str, float]]) -> None:
    """A line printed three times or more in the document: running header, footer, boilerplate.

    "rec_count": its copies differ by a number counting up from one copy to the next (a page
    number); "rec_page": most copies stand on or beside a page break.
    """
    keys = [_DIGITS.sub("#", line.text.lower()[:_HEAD]) for line in lines]
    copies: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key:
            copies.setdefault(key, []).append(index)
    breaks = {line.index for line in lines if line.page_break}
    for found in copies.values():
        if len(found) == 2:
            own[found[0]]["rec2"] = own[found[1]]["rec2"] = 1.0
        if len(found) < 3:
            continue
        marks = {"rec": 1.0}
        if _counts_up_by_one([lines[i].text[:_HEAD] for i in found]):
            marks["rec_count"] = 1.0
        if 2 * sum(1 for i in found if breaks.intersection((i - 1, i, i + 1))) >= len(found):
            marks["rec_page"] = 1.0
        for index in found:
            own[index].update(marks)


def _counts_up_by_one(texts: list[str]) -> bool:
    """Copies of one line whose numbers, at one place, mostly go up by one from copy to copy."""
    numbers = [[int(found) for found in _DIGITS.findall(text)] for text in texts]
    if not numbers[0] or len({len(row) for row in numbers}) > 1:
        return False
    for column in zip(*numbers, strict=True):
        steps = [b - a for a, b in itertools.pairwise(column)]
        if 10 * sum(1 for step in steps if step == 1) >= 7 * len(steps):
            return True
    return False


def rule_hints(text: str, places: dict[int, int], items: list[Item]) -> RuleHints:
    """The rules' items (found over the normalised ``text``) placed on the raw lines."""
    ordered = sorted((offset, line) for line, offset in places.items())
    offsets = [offset for offset, _ in ordered]

    def line_at(offset: int) -> int | None:
        position = bisect.bisect_right(offsets, offset) - 1
        return ordered[position][1] if position >= 0 else None

    starts = {line_at(_first_char(text, item.start)) for item in items} if len(items) > 1 \
        else set()
    _, end = find_object(text)
    return RuleHints(frozenset(s for s in starts if s is not None),
                     line_at(end - 1) if end else None)


def _first_char(text: str, offset: int) -> int:
    """Where the item's first printed character stands (an item may open on the blank line before
    its heading: that blank belongs to the line above)."""
    ahead = text[offset:offset + _HEAD]
    return offset + len(ahead) - len(ahead.lstrip())


def _add_rules(hints: RuleHints, own: list[dict[str, float]]) -> None:
    for index in hints.starts:
        own[index]["rule_start"] = 1.0
    if hints.title is not None:
        own[hints.title]["rule_title"] = 1.0


def _add_position(own: list[dict[str, float]]) -> None:
    """Where the line stands: among the first lines, by tenth of the document."""
    total = len(own)
    for index, features in enumerate(own):
        features[f"pos={min(9, 10 * index // max(total, 1))}"] = 1.0
        if index < 8:
            features[f"top={index}"] = 1.0


def _add_context(own: list[dict[str, float]]) -> None:
    """What the document around says: inside a dispositif (after "décide"), how many extracts."""
    extracts = sum(1 for features in own if "extrait" in features)
    size = f"doc={min(extracts, 2)}/{_bucket(len(own), (30, 120, 400))}"
    votes = sum(1 for features in own if _VOTED.intersection(features))
    voted = f"doc_votes={_bucket(votes, (0, 2))}"  # none: a list of objects, not minutes
    since_decide = _DECIDE_REACH + 1
    for features in own:
        features[size] = features[voted] = 1.0
        if since_decide <= _DECIDE_REACH:
            features["in_dispositif"] = 1.0
        since_decide = 0 if "decide" in features else since_decide + 1


def _with_neighbours(own: list[dict[str, float]]) -> list[dict[str, float]]:
    """Each line's features and its two neighbours' on each side (prefixed "-2:" ... "2:")."""
    shared = [{key: value for key, value in features.items()
               if key.split("=", 1)[0] in _NEIGHBOUR_KEYS} for features in own]
    shifted = {shift: [{f"{shift}:{key}": value for key, value in features.items()}
                       for features in shared] for shift in _SHIFTS}
    result = []
    for index, features in enumerate(own):
        merged = dict(features)
        for shift in _SHIFTS:
            other = index + shift
            if 0 <= other < len(own):
                merged.update(shifted[shift][other])
            else:
                merged[f"{shift}:edge"] = 1.0
        result.append(merged)
    return result


def _lead(text: str) -> tuple[str, int] | None:
    """The numbering a line opens with ("12)", "2009/117 –", "DEL2025-76 :"): shape and number."""
    found = _LEAD.match(text)
    if found is None:
        return None
    token = found[1]
    shape = re.sub(r"[A-Za-z]+", "A", token.translate(_SHAPE))
    shape = re.sub(r"9+", "9", shape) + found[2].translate(_DASHES)
    number = _LAST_NUMBER.search(token)
    return (shape, int(number[1])) if number else None


def numbering_shape(text: str) -> str | None:
    """The shape of the numbering a line opens with ("9)", "9-9/9—"), None without one."""
    lead = _lead(bare(text))
    return lead[0] if lead else None


def _add_enumeration(texts: list[str], own: list[dict[str, float]]) -> None:
    """Numbered headings of one document share a shape and count up through it: "1)", "2)"...

    "lead_rec": the line's numbering shape opens several lines; "seq": its number follows the
    last number of that shape; "chain": that shape counts up through the document (few
    restarts, far apart), as item numbers do and the "1.", "2." of a dispositif do not;
    "lead_dense": the line before or after opens with the same shape (a list, an agenda);
    "chain_seq": both "chain" and "seq".
    """
    leads = [_lead(bare(text)) for text in texts]
    members: dict[str, list[tuple[int, int]]] = {}
    for position, lead in enumerate(leads):
        if lead:
            members.setdefault(lead[0], []).append((position, lead[1]))
    chains = {shape: _counts_up(found) for shape, found in members.items()}
    shapes = [None, *(lead[0] if lead else None for lead in leads), None]
    last: dict[str, int] = {}
    for position, (lead, features) in enumerate(zip(leads, own, strict=True)):
        if lead is None:
            continue
        shape, number = lead
        features["lead"] = 1.0
        if shape in (shapes[position], shapes[position + 2]):  # the lines before and after
            features["lead_dense"] = 1.0
        if len(members[shape]) >= 3:
            features["lead_rec"] = 1.0
        if chains[shape]:
            features["chain"] = 1.0
        if number == last.get(shape, 0) + 1:
            features["seq"] = 1.0
            if chains[shape]:
                features["chain_seq"] = 1.0
        last[shape] = number


def _add_echoes(texts: list[str], own: list[dict[str, float]]) -> None:
    """A heading announced earlier (an agenda line) or announcing a later line: the same words,
    numbering aside, printed again elsewhere in the document ("echo_before" / "echo_after")."""
    keys = [_echo_key(text) for text in texts]
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for position, key in enumerate(keys):
        if key:
            first.setdefault(key, position)
            last[key] = position
    for position, (key, features) in enumerate(zip(keys, own, strict=True)):
        if key and first[key] < position:
            features["echo_before"] = 1.0
        if key and last[key] > position:
            features["echo_after"] = 1.0


def _add_caps_style(own: list[dict[str, float]]) -> None:
    """Capital lines of several words, each printed once, spread through the document: its
    headings' style ("caps_style"), as the capitals of a header or a vote line are not."""
    found = [position for position, features in enumerate(own)
             if "caps=4" in features and not _WORDY.isdisjoint(features)
             and "rec" not in features and "rec2" not in features]
    if len(found) >= 3 and (found[-1] - found[0]) >= 4 * (len(found) - 1):
        for position in found:
            own[position]["caps_style"] = 1.0


def _add_agenda(own: list[dict[str, float]]) -> None:
    """Lines after an "ordre du jour" cue, before any vote wording: the agenda ("in_agenda"),
    whose lines printed again further down announce items ("agenda_echo"); a line printed earlier
    outside such a list is the item announced ("echo_title")."""
    since = _AGENDA_REACH + 1
    for features in own:
        if _VOTED.intersection(features):
            since = _AGENDA_REACH + 1
        if since <= _AGENDA_REACH:
            features["in_agenda"] = 1.0
            if "echo_after" in features:
                features["agenda_echo"] = 1.0
        elif "echo_before" in features:
            features["echo_title"] = 1.0
        since = 0 if "agenda" in features else since + 1


def _echo_key(text: str) -> str:
    """The first letters of a line without its numbering, folded: "" when too short to tell."""
    shown = bare(text)
    found = _LEAD.match(shown)
    rest = shown[found.end():] if found else shown
    letters = "".join(_LETTER.findall(rest.lower().translate(_FOLD)))[:_ECHO_CHARS]
    return letters if len(letters) >= _ECHO_MIN else ""


def _counts_up(found: list[tuple[int, int]]) -> bool:
    """Three lines or more whose numbers mostly rise, ``_SPREAD`` lines apart or more on average
    (a list's items are next to each other; short minutes' items are a title, a paragraph and
    a vote)."""
    if len(found) < 3:
        return False
    restarts = sum(1 for (_, a), (_, b) in itertools.pairwise(found) if b <= a)
    spread = (found[-1][0] - found[0][0]) / (len(found) - 1)
    return restarts <= len(found) // 5 and spread >= _SPREAD


def _add_relative_length(texts: list[str], own: list[dict[str, float]]) -> None:
    """Length against the document's long lines: a heading is short among long paragraph lines."""
    lengths = sorted(len(text) for text in texts)
    wide = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 1
    for text, features in zip(texts, own, strict=True):
        features[f"rlen={_bucket(len(text) / max(wide, 1), (0.2, 0.4, 0.6, 0.8, 1.0))}"] = 1.0


def _add_distances(own: list[dict[str, float]]) -> None:
    """Lines since the last vote wording: the next item's heading often follows a vote."""
    since = 99
    for features in own:
        features[f"since_vote={_bucket(since, (1, 2, 4, 8, 20))}"] = 1.0
        since = 1 if _VOTED.intersection(features) else since + 1
