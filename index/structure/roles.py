"""Line roles: the labels, the shipped CRF model, and items read off a tagged document."""

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pycrfsuite

from index.errors import StructureModelError
from index.structure.lines import Line

if TYPE_CHECKING:
    from index.models import Layout
    from index.structure.features import RuleHints

MODEL_PATH = Path(__file__).with_name("roles.crfsuite")
REBUILD = "python -m index.structure.training"
HEAD, TITLE, TITLE_MORE, NUMBER, RAPPORTEUR, VOTE, OTHER = (
    "HEAD", "TITLE", "TITLE+", "NUM", "RAPP", "VOTE", "O")
LABELS = (HEAD, TITLE, TITLE_MORE, NUMBER, RAPPORTEUR, VOTE, OTHER)
START_MIN = 0.35  # an item opens only on a heading or title the model gives at least this much
# (chosen under leave-one-authority-out over 2,000 items: split F1 0.699 at 0.5, 0.712 at 0.35,
# 0.709 at 0.25, 0.705 at 0.15)
SAME_NUMBERING = True
SURE_TITLE = 0.7  # titles given this much show the document's numbering scheme (chosen under
# leave-one-authority-out among 0.5 to 0.9: object 0.770 at 0.8, 0.772 at 0.6 and 0.7, 0.763 at 0.9)
_DENSE = 3  # numbered lines closer than this to the next are a list (an agenda), not headings
_FAR = 1 << 30
_HEAD_REACH = 3  # a title this many lines after a heading line belongs to that heading's item


@dataclass
class TaggedItem:
    """An item found by the model: line indexes (0-based, raw lines) and confidences."""

    start: int
    start_confidence: float
    title_lines: list[int] = field(default_factory=list)
    title_confidence: float = 0.0
    number_line: int | None = None
    rapporteur_line: int | None = None
    vote_line: int | None = None


class RoleModel:
    """A trained CRF tagging every non-blank line with its role."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(path))
        except (OSError, ValueError) as error:
            raise StructureModelError(
                f"Le modèle de structure des délibérations {path} est absent ou illisible "
                f"({error}) : réinstallez delib, ou reconstruisez-le avec `{REBUILD}`.") from None

    def items(self, lines: list[Line], hints: "RuleHints",
              layout: "Layout" = ()) -> list[TaggedItem]:
        """Items of the document in order (none when the model sees no heading); ``layout``,
        a PDF's printed lines, adds their typography to the features."""
        from index.structure.features import document_features  # it imports the parser's rules

        kept = [line.index for line in lines if line.text]
        if not kept:
            return []
        features = document_features(lines, hints, layout)
        labels = self._likely_titles(self._tagger.tag(features))
        confidence = [self._tagger.marginal(label, i) if label != OTHER else 1.0
                      for i, label in enumerate(labels)]
        texts = [lines[i].text for i in kept]
        if SAME_NUMBERING:
            _same_numbering(texts, features, labels, confidence)
        _nested_numbering(texts, labels, confidence)
        return assemble(list(zip(kept, labels, confidence, strict=True)))

    def _likely_titles(self, labels: list[str]) -> list[str]:
        """A line left "O" by the best sequence but given as a title with a probability of at
        least ``START_MIN``: a title (the rest of the one above when that one is a title)."""
        result = list(labels)
        for i, label in enumerate(labels):
            if label == OTHER and self._tagger.marginal(TITLE, i) >= START_MIN:
                result[i] = TITLE_MORE if i and result[i - 1] in (TITLE, TITLE_MORE) else TITLE
        return result


def _same_numbering(texts: list[str], features: list[dict[str, float]], labels: list[str],
                    confidence: list[float]) -> None:
    """Lines numbered in the scheme of the document's sure titles ("23-02/004 —" after a sure
    "23-02/001 —"), where that numbering counts up through the document, are titles too."""
    from index.structure.features import numbering_shape

    shapes = [numbering_shape(text) if "chain" in feats else None
              for text, feats in zip(texts, features, strict=True)]
    sure: dict[str, list[float]] = {}
    for shape, label, given in zip(shapes, labels, confidence, strict=True):
        if shape and label == TITLE and given >= SURE_TITLE:
            sure.setdefault(shape, []).append(given)
    heads = [i + 1 < len(labels) and (labels[i + 1] in (TITLE, HEAD) or (
        shapes[i + 1] in sure and shapes[i + 1] != shape)) for i, shape in enumerate(shapes)]
    for shape, shown in sure.items():
        places = [i for i, found in enumerate(shapes) if found == shape]
        for before, i, after in zip([-_FAR, *places[:-1]], places, [*places[1:], _FAR],
                                    strict=True):
            if labels[i] == OTHER and min(i - before, after - i) >= _DENSE and not heads[i]:
                labels[i] = TITLE
                confidence[i] = sum(shown) / len(shown)


# A capital letter, a dash and a space open the line: « A — Budget », « B– Taux »; not « a) »
# (the points of an item), « A. Dupont » nor « A-t-il ». A to H, the letters a title loses
_LETTERED = re.compile(r"^\W{0,3}([A-H])\s?[—–-]\s")


def _nested_numbering(texts: list[str], labels: list[str], confidence: list[float]) -> None:
    """An outline whose numbered lines each open a run of lettered lines counting from A again
    (« 1— Finances Communales : », « A — Budget primitif », « B — Taux » ; « 2— Personnel : »,
    « A — … »): the numbered lines are sections, the lettered ones are the items. A section is
    a numbered line right above an « A — » line, two of one numbering at least (one numbered
    line above lettered lines is an item with its points). Each section the model took for an
    item's title or heading goes back to the text, and its letters (A, B, C… in order, up to
    the next line of its numbering or a letter back to A: a list in an item's text) become
    titles, as sure as the model was of the section or of the line, whichever is surer."""
    from index.structure.features import numbering_shape

    shapes = [numbering_shape(text) for text in texts]
    letters = [_letter(text) for text in texts]
    found: dict[str, list[int]] = {}
    for i, shape in enumerate(shapes[:-1]):
        if shape and letters[i + 1] == 1:
            found.setdefault(shape, []).append(i)
    for shape, sections in found.items():
        for section in sections if len(sections) >= 2 else ():
            if labels[section] in (TITLE, HEAD):
                _letters_to_titles(section, shape, shapes, letters, labels, confidence)


def _letters_to_titles(section: int, shape: str, shapes: list[str | None],
                       letters: list[int | None], labels: list[str],
                       confidence: list[float]) -> None:
    """The lettered lines under ``section`` become titles, the section goes back to the text;
    in minutes (a vote read somewhere), a section where two letters in a row have no vote read
    between them is left as the model read it: its letters are the points of the item it is
    (« 3 – Subventions », « A – Comité des fêtes : 500 € », « B – Club … », then one vote)."""
    run, expected = [], 1
    for i in range(section + 1, len(labels)):
        if shapes[i] == shape or (letters[i] == 1 and expected > 1):
            break
        if letters[i] == expected:
            run.append(i)
            expected += 1
    if VOTE in labels and any(VOTE not in labels[a:b] for a, b in itertools.pairwise(run)):
        return
    for i in run:
        own = confidence[i] if labels[i] in (TITLE, HEAD) else 0.0
        labels[i], confidence[i] = TITLE, max(own, confidence[section])
    labels[section], confidence[section] = OTHER, 1.0


def _letter(text: str) -> int | None:
    """The rank of the capital letter a line opens with, before a dash (A is 1)."""
    found = _LETTERED.match(text)
    return ord(found[1]) - ord("A") + 1 if found else None


def assemble(tagged: list[tuple[int, str, float]]) -> list[TaggedItem]:
    """Records from roles: an item starts at a heading line, or at a title not right after one,
    given with a probability of at least ``START_MIN``."""
    items: list[TaggedItem] = []
    head_at: int | None = None  # position of the last heading still waiting for its title
    previous = OTHER
    for position, (line, given, confidence) in enumerate(tagged):
        opens = given == HEAD or (given == TITLE and (head_at is None
                                                      or position - head_at > _HEAD_REACH))
        label = OTHER if opens and confidence < START_MIN else given  # unsure: the item's text
        if label == HEAD:
            items.append(TaggedItem(line, confidence))
            head_at = position
        elif label == TITLE:
            if head_at is None or position - head_at > _HEAD_REACH:
                items.append(TaggedItem(line, confidence))
            items[-1].title_lines = [line]
            items[-1].title_confidence = confidence
            head_at = None
        elif label == TITLE_MORE and items and previous in (TITLE, TITLE_MORE):
            items[-1].title_lines.append(line)
            count = len(items[-1].title_lines)
            items[-1].title_confidence += (confidence - items[-1].title_confidence) / count
        elif items:
            _attach(items[-1], label, line)
        previous = label
    return items


def _attach(item: TaggedItem, label: str, line: int) -> None:
    if label == NUMBER and item.number_line is None:
        item.number_line = line
    elif label == RAPPORTEUR and item.rapporteur_line is None:
        item.rapporteur_line = line
    elif label == VOTE:
        item.vote_line = line


@cache
def default_model() -> RoleModel:
    """The model shipped in the package, opened once per process."""
    return RoleModel(MODEL_PATH)


def model_version() -> str:
    """Short hash of the shipped model file ("absent" without one), for the index fingerprint."""
    try:
        return hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:12]
    except OSError:
        return "absent"
