"""What the reader knows of a candidate sentence, as numbers computed the same way when the
weights are fitted and when a question is answered.

Roles are read from the text (stamps, convocation, attendance, recitals, decisions, headings,
sentences recurring across deliberations); a role from a structure model of the document would
be one more column here.
"""

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.evidence import Requirements, analysed_words, covered, missing
from assistant.reader.candidates import PASSAGES, Candidate
from assistant.reader.types import KINDS, holds

_CUES = (  # what the question asks -> what the answering line prints
    (re.compile(r"rapport|port[ée]\s+(?:le\s+dossier|ce\s+rapport)|pr[ée]sent[ée]\s+(?:le|ce)\s+"
                r"(?:rapport|dossier)|devant\s+le\s+conseil", re.I),
     re.compile(r"\bexpose\b|rapporteur|\brapporte\b", re.I)),
    (re.compile(r"pr[ée]sid", re.I), re.compile(r"\bPr[ée]sident(?:e)?\b|pr[ée]sidence")),
    (re.compile(r"secr[ée]taire", re.I), re.compile(r"Secr[ée]taire", re.I)),
    (re.compile(r"vot|voix|adopt|unanim|majorit|abstention|oppos|\bcontre\b", re.I),
     re.compile(r"ADOPT|unanimit|majorit|\bVote\b|r[ée]sultat du vote|\bvoix\b", re.I)),
    (re.compile(r"excus|absent|pr[ée]sents?\b|pouvoir", re.I),
     re.compile(r"excus|absent|pr[ée]sents|pouvoir", re.I)),
    (re.compile(r"publi[ée]|affich", re.I), re.compile(r"publi[ée]|affich", re.I)),
    (re.compile(r"t[ée]l[ée]transmi|pr[ée]fecture|contr[ôo]le", re.I),
     re.compile(r"t[ée]l[ée]transmission|r[ée]ception", re.I)),
    (re.compile(r"num[ée]ro", re.I), re.compile(r"\bn°|num[ée]ro", re.I)),
)
_STAMP = re.compile(r"re[çc]u\s+en\s+pr[ée]fecture|pour\s+extrait\s+conforme|certifi[ée]e?\s+"
                    r"ex[ée]cutoire|accus[ée]\s+(?:de\s+)?r[ée]ception|affich[ée]e?\s+le|"
                    r"publi[ée]e?\s+le|\bID\s*:|t[ée]l[ée]transmis|certifie\s+(?:sous|que)|"
                    r"rendue?\s+ex[ée]cutoire|transmise?\s+(?:au|en)\s+(?:contr[ôo]le|"
                    r"pr[ée]fecture)|acte\s+certifi", re.I)
_CONVOCATION = re.compile(r"convoqu|convocation|s['’]est\s+r[ée]uni|sous\s+la\s+pr[ée]sidence|"
                          r"qu[oa]rum|secr[ée]taire\s+de\s+s[ée]ance|l['’]an\s+deux\s+mil|"
                          r"en\s+s[ée]ance\s+publique|lieu\s+habituel", re.I)
_ATTENDANCE = re.compile(r"pr[ée]sents?\s*:|absents?\b[^:]{0,20}:|excus[ée]e?s?\s*:|pouvoirs?\s+"
                         r"(?:à|:)|procurations?|donn[ée]\s+pouvoir|nombre\s+de\s+(?:conseillers|"
                         r"membres|votants)|en\s+exercice", re.I)
_TITLES = re.compile(r"\b(?:M\.|MM\.|Mme|Mmes|Monsieur|Madame)\s")
_RECITAL = re.compile(r"^\W*(?:vu|consid[ée]rant|attendu)\b", re.I)
_DECISION = re.compile(r"^\W*(?:article\s+\d|d[ée]cide|approuve|autorise|arr[êe]te|adopte|fixe|"
                       r"accorde|prend\s+acte|valide|attribue|sollicite)|\bd[ée]cide\b|"
                       r"D[ÉE]LIB[ÈE]RE", re.I)
FEATURES = ("coverage", "coverage_context", "subject_coverage", "names_here", "names_near",
            "requirements_missing", "dense", "dense_gap", "deliberation_dense", "in_passage",
            "fused", "first_deliberation", "second_deliberation", "first_passage", "object_line",
            "typed", "cue", "stamp", "convocation", "attendance", "recital", "decision", "heading",
            "recurs", "cue_typed", "position", "length", "digits",
            *(f"typed_{kind}" for kind in KINDS[:-2]))


@dataclass(frozen=True)
class Asked:
    """What the reader reads of a question."""

    text: str
    kind: str
    terms: frozenset[str]  # content terms (what the question says, minus question words)
    subject: frozenset[str]  # what it is about (minus what it asks and the authorities' names)
    required: Requirements  # the names and figures it states

    @property
    def cues(self) -> list[re.Pattern[str]]:
        return [line for asked, line in _CUES if asked.search(self.text)]


@dataclass(frozen=True)
class Evidence:
    """What the features read beyond the sentence: term rarity, the deliberations' texts,
    and how many deliberations of the index print a sentence."""

    idf: Callable[[str], float]
    texts: Mapping[str, str]
    recurrence: Callable[[str], int]


def featurize(asked: Asked, found: Sequence[Candidate], evidence: Evidence) -> np.ndarray:
    """One row of ``FEATURES`` per candidate."""
    if not found:
        return np.zeros((0, len(FEATURES)))
    per_deliberation = {d: _deliberation(asked, evidence.texts[d], evidence.idf)
                        for d in dict.fromkeys(c.deliberation_id for c in found)}
    best_dense = max(c.dense for c in found)
    dense: dict[str, float] = {}
    for c in found:
        dense[c.deliberation_id] = max(dense.get(c.deliberation_id, 0.0), c.dense)
    cues = asked.cues
    rows = [_row(asked, c, (*per_deliberation[c.deliberation_id], dense[c.deliberation_id]),
                 best_dense, cues, evidence) for c in found]
    return np.array(rows, dtype=float)


def _deliberation(asked: Asked, text: str, idf: Callable[[str], float]) -> tuple[float, float]:
    """(subject covered, share of the question's names and figures missing) for one text."""
    required = len(asked.required.names) + len(asked.required.figures)
    absent = len(missing(asked.required, text)) / required if required else 0.0
    return covered(asked.subject, analysed_words(text), idf), absent


def _row(asked: Asked, c: Candidate, deliberation: tuple[float, float, float], best_dense: float,
         cues: list[re.Pattern[str]], evidence: Evidence) -> list[float]:
    words = analysed_words(c.text)
    typed = holds(c.text, asked.kind) if asked.kind != "title" else c.passage_rank == -1
    names = asked.required.names
    here = 1 - len(missing(Requirements(names=names), c.text)) / len(names) if names else 1.0
    near = (1 - len(missing(Requirements(names=names), f"{c.context} {c.text}")) / len(names)
            if names else 1.0)
    letters = [ch for ch in c.text if ch.isalpha()]
    cued = any(cue.search(c.text) for cue in cues)
    return [
        covered(asked.terms, words, evidence.idf),
        covered(asked.terms, analysed_words(f"{c.context} {c.text}"), evidence.idf),
        deliberation[0], here, near, deliberation[1], c.dense, best_dense - c.dense,
        deliberation[2], float(0 <= c.passage_rank < PASSAGES), c.fused,
        float(c.rank == 0), float(c.rank == 1), float(c.passage_rank == 0),
        float(c.passage_rank == -1), float(typed and asked.kind != "other"),
        float(cued), float(bool(_STAMP.search(c.text))),
        float(bool(_CONVOCATION.search(c.text))),
        float(bool(_ATTENDANCE.search(c.text)) or len(_TITLES.findall(c.text)) >= 3),
        float(bool(_RECITAL.search(c.text))), float(bool(_DECISION.search(c.text))),
        float(bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.6),
        math.log1p(evidence.recurrence(c.text)), float(cued and typed), c.position,
        math.log(len(c.text)),
        sum(ch.isdigit() for ch in c.text) / len(c.text),
        *(float(typed and asked.kind == kind) for kind in KINDS[:-2]),
    ]

