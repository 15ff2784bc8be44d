"""Fit the line-role CRF on the gold: `python -m index.structure.training` rebuilds the model."""

import argparse
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from index.normalize import normalize_pages
from index.parsing.split import split_items
from index.structure.features import RuleHints, document_features, rule_hints
from index.structure.gold import GoldDoc, load_gold
from index.structure.lines import offsets_in
from index.structure.roles import (
    HEAD,
    MODEL_PATH,
    NUMBER,
    OTHER,
    RAPPORTEUR,
    TITLE,
    TITLE_MORE,
    VOTE,
)

REPO = Path(__file__).resolve().parents[2]
# No word of the line itself is a feature (only shapes and cue words): the first words of a
# heading belong to one authority's layout and did not carry over under leave-one-authority-out
# (item-start F1 0.615 with them, 0.684 without and with L2 0.5, over six held-out authorities).
# L1 1.0 / L2 0.01 (a sparser model): title-line F1 0.656 -> 0.678 over the 11 held-out
# authorities with 20 items or more, against 0.675 for L1 0.5 / L2 0.1 and 0.652 for L2 2 alone.
PARAMS = {"c1": 1.0, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
_NO_ITEMS = ("other",)  # a document of this kind annotated with no item: every line is "O"


def trainable(doc: GoldDoc) -> bool:
    """Annotated documents: items found, or a kind that has none. Flattened texts are left out."""
    lines = sum(1 for line in doc.lines if line.text)
    return lines >= 5 and (bool(doc.items) or doc.kind in _NO_ITEMS)


def line_labels(doc: GoldDoc) -> list[str]:
    """The role of every non-blank line, from the gold items."""
    roles = [OTHER] * len(doc.lines)
    for item in doc.items:
        for index, kind in ((item.vote_line, VOTE), (item.rapporteur_line, RAPPORTEUR),
                            (item.number_line, NUMBER)):
            if index is not None:
                roles[index] = kind
        roles[item.start] = HEAD
        for position, index in enumerate(item.title_lines):
            roles[index] = TITLE if position == 0 else TITLE_MORE
    return [role for role, line in zip(roles, doc.lines, strict=True) if line.text]


@dataclass
class Sequence:
    """A trainable document with the features and the gold role of each non-blank line."""

    doc: GoldDoc
    features: list[dict[str, float]]
    labels: list[str]
    plain: list[dict[str, float]] | None = None  # a PDF's features without its typography


def sequences(docs: list[GoldDoc]) -> list[Sequence]:
    """Features and labels of the trainable documents (computed once, reused by every fold)."""
    result = []
    for doc in docs:
        if trainable(doc):
            hints = _hints(doc)
            plain = document_features(doc.lines, hints)
            styled = document_features(doc.lines, hints, doc.layout) if doc.layout else None
            result.append(Sequence(doc, styled or plain, line_labels(doc),
                                   plain if styled else None))
    return result


def _hints(doc: GoldDoc) -> RuleHints:
    """The rules' reading of the document, as the parser gives it to the model."""
    text, _ = normalize_pages(doc.pages)
    return rule_hints(text, offsets_in(text, doc.lines), split_items(text))


def fit_sequences(seqs: list[Sequence], path: Path) -> None:
    """Train the CRF on ``seqs`` and write it to ``path``. A PDF is learned twice, with and
    without its typography: the model reads a text file as well as a PDF of the same layout,
    and leans on typography no more than the few authorities whose PDFs it saw warrant."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for seq in seqs:
        trainer.append(seq.features, seq.labels)
        if seq.plain is not None:
            trainer.append(seq.plain, seq.labels)
    trainer.set_params(PARAMS)
    trainer.train(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description="Réentraîne le modèle des rôles de lignes sur "
                                     "les annotations de eval/gold (dev, seeds, dev2-*).")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="fichier du modèle écrit")
    args = parser.parse_args()
    seqs = sequences(load_gold(REPO))
    fit_sequences(seqs, args.out)
    print(f"{len(seqs)} documents annotés utilisés ; modèle écrit dans {args.out}")


if __name__ == "__main__":
    main()
