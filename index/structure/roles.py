"""Line roles: the labels, the shipped CRF model, and items read off a tagged document."""

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pycrfsuite

from index.errors import DelibError
from index.structure.lines import Line

if TYPE_CHECKING:
    from index.structure.features import RuleHints

MODEL_PATH = Path(__file__).with_name("roles.crfsuite")
REBUILD = "python -m index.structure.training"
HEAD, TITLE, TITLE_MORE, NUMBER, RAPPORTEUR, VOTE, OTHER = (
    "HEAD", "TITLE", "TITLE+", "NUM", "RAPP", "VOTE", "O")
LABELS = (HEAD, TITLE, TITLE_MORE, NUMBER, RAPPORTEUR, VOTE, OTHER)
START_MIN = 0.5  # an item opens only on a heading or title the model gives at least this much
_HEAD_REACH = 3  # a title this many lines after a heading line belongs to that heading's item


class StructureModelError(DelibError):
    """The line-role model shipped with delib is missing or unreadable."""


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

    def items(self, lines: list[Line], hints: "RuleHints") -> list[TaggedItem]:
        """Items of the document in order (none when the model sees no heading)."""
        from index.structure.features import document_features  # it imports the parser's rules

        kept = [line.index for line in lines if line.text]
        if not kept:
            return []
        labels = self._tagger.tag(document_features(lines, hints))
        confidence = [self._tagger.marginal(label, i) if label != OTHER else 1.0
                      for i, label in enumerate(labels)]
        return assemble(list(zip(kept, labels, confidence, strict=True)))


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
