"""The quote ranker: features of a candidate sentence and the weights, fitted on tune, that
score them (``python -m assistant.fit_reader`` rebuilds ``reader_weights.json``)."""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.parsing.amounts import find_amounts

WEIGHTS_FILE = Path(__file__).with_name("reader_weights.json")
# Read on every candidate: what the sentence holds of the question and where it sits.
LEXICAL = ("bias", "coverage", "subject", "context", "whole", "rank", "typed", "cued", "near",
           "length", "first", "position", "figure", "amounts", "stamp", "attendance", "visa",
           "decision", "kind_other", "typed_amount", "typed_date", "typed_name", "typed_vote",
           "typed_count")
# Read on the shortlist only, where the sentence is embedded.
SEMANTIC = (*LEXICAL, "similarity", "cosine", "cosine_rank")
_TYPED = {"amount": "typed_amount", "date": "typed_date", "name": "typed_name",
          "actor": "typed_name", "vote": "typed_vote", "count": "typed_count"}
_STAMP = re.compile(r"extrait\s+conforme|accus[ée]\s+de\s+r[ée]ception|re[çc]u\s+(?:en|à\s+la)\s+"
                    r"pr[ée]fecture|ex[ée]cutoire|t[ée]l[ée]transmi|affich[ée]e?\s+le|"
                    r"publi[ée]e?\s+le|certifi[ée]|convoqu|identifiant\s+de\s+l|\bsign[ée]\b",
                    re.I)
_ATTENDANCE = re.compile(r"\bpr[ée]sents?\b|\bexcus[ée]s?\b|\babsents?\b|pouvoir\s+[àa]|"
                         r"\bquorum\b|en\s+exercice|secr[ée]taire\s+de\s+s[ée]ance", re.I)
_VISA = re.compile(r"^\W*(?:vu|consid[ée]rant|attendu)\b", re.I)
_DECISION = re.compile(r"\bd[ée]cide\b|\bapprouve\b|\bautorise\b|\badopte\b|d[ée]lib[èe]re\b|"
                       r"^\W*article\s+\d", re.I)
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class ReaderWeights:
    """The two stages' weights (feature name -> weight) and the shortlist's size."""

    lexical: dict[str, float]
    semantic: dict[str, float]
    shortlist: int

    def score(self, features: dict[str, float], stage: str) -> float:
        """A sentence's weight by the stage's model: exp of its linear score, so that two
        sentences' ratio is the ratio of their chances to hold the answer."""
        weights = self.lexical if stage == "lexical" else self.semantic
        z = sum(weights[name] * features.get(name, 0.0) for name in weights)
        return float(np.exp(np.clip(z, -50.0, 50.0)))


@lru_cache(maxsize=1)
def reader_weights() -> ReaderWeights:
    """The shipped weights."""
    raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return ReaderWeights(raw["lexical"], raw["semantic"], int(raw["shortlist"]))


def lexical_features(sentence: str, offset: int, rank: int, coverage: float, typed: bool,
                     cued: bool, kind: str) -> dict[str, float]:
    """What is known of a candidate before it is embedded."""
    features = dict.fromkeys(_TYPED.values(), 0.0)
    if typed and kind in _TYPED:
        features[_TYPED[kind]] = 1.0
    return features | {"bias": 1.0, "coverage": coverage, "rank": 1 / (1 + rank),
            "typed": float(typed and kind != "other"), "cued": float(cued), "near": 0.0,
            "length": min(len(sentence), 600) / 600, "first": float(offset == 0),
            "figure": float(bool(_FIGURE.search(sentence))),
            "amounts": min(len(find_amounts(sentence)), 3) / 3,
            "stamp": float(bool(_STAMP.search(sentence))),
            "attendance": float(bool(_ATTENDANCE.search(sentence))),
            "visa": float(bool(_VISA.search(sentence))),
            "decision": float(bool(_DECISION.search(sentence))),
            "kind_other": float(kind == "other")}
