"""Write one side of the multi-authority set (questions, and texts) to a folder for delib eval.

``python eval/datasets/subset.py check OUT`` writes the questions of every "check" authority to
``OUT/questions.jsonl`` (ids and keys kept); ``--texts`` also copies those authorities' texts to
``OUT/texts``, with the ``collectivites.tsv`` that declares each folder's authority;
``--max-kb 400`` keeps only the authorities whose texts weigh at most 400 KB in all (the CI
gate: the three largest minutes collections of check are left to ``make eval-multi``, which
indexes every text of both sides); ``--parts a b c`` keeps only those parts' files
(``tune-a.jsonl``...), e.g. the questions the shipped refusal weights were fitted on;
``--folder offcorpus`` reads the questions of ``offcorpus/`` instead of ``questions/``.
"""

import argparse
import csv
import shutil
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from index.authorities import DECLARATIONS, read_declarations
from index.errors import DelibError

HERE = Path(__file__).resolve().parent / "multi"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def authority_sides(root: Path) -> dict[str, str]:
    """Each authority's side of the question set ("tune" or "check"), from authorities.tsv."""
    return {row["authority_id"]: row["split"] for row in read_tsv(root / "authorities.tsv")}


def chosen_authorities(root: Path, split: str, max_kb: float | None) -> set[str]:
    """The authorities of ``split``, lighter than ``max_kb`` when given."""
    sides = authority_sides(root)
    weight: dict[str, int] = defaultdict(int)
    for row in read_tsv(root / "provenance.tsv"):
        weight[row["authority_id"]] += (root / row["text"]).stat().st_size
    return {key for key, side in sides.items() if side == split
            and (max_kb is None or weight[key] <= max_kb * 1000)}


def write_subset(root: Path, split: str, out: Path, max_kb: float | None,
                 texts: bool, parts: Sequence[str] = (),
                 folder: str = "questions") -> tuple[int, int]:
    """Write questions (and texts) of the chosen authorities, of ``parts`` only when given
    (the texts are every chosen authority's all the same); (files, questions) written."""
    import json

    files_of = {path.stem.split("-", 1)[1]: path
                for path in sorted((root / folder).glob(f"{split}-*.jsonl"))}
    unknown = [part for part in parts if part not in files_of]
    if unknown:
        raise DelibError(f"Partie(s) inconnue(s) : {' '.join(unknown)} (parties de {split} "
                         f"dans {folder}/ : {' '.join(files_of) or 'aucune'}).")
    keep = chosen_authorities(root, split, max_kb)
    if out.exists():
        shutil.rmtree(out)
    files = 0
    for row in read_tsv(root / "provenance.tsv"):
        if texts and row["authority_id"] in keep:
            target = out / row["text"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / row["text"], target)
            files += 1
    if texts:
        _declare(root / "texts" / DECLARATIONS, out / "texts" / DECLARATIONS, keep)
    lines = []
    for part, path in files_of.items():
        if parts and part not in parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and json.loads(line).get("authority") in keep:
                lines.append(line)
    out.mkdir(parents=True, exist_ok=True)
    (out / "questions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files, len(lines)


def _declare(source: Path, target: Path, keep: set[str]) -> None:
    """The authority of each copied folder, for ``delib ingest`` (``collectivites.tsv``)."""
    table = read_declarations(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["dossier", "collectivite"])
        writer.writerows([folder, name] for folder, name in table.items() if folder in keep)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", choices=("tune", "check"), help="côté du jeu")
    parser.add_argument("out", type=Path, help="dossier écrit (remplacé s'il existe)")
    parser.add_argument("--max-kb", type=float, default=None,
                        help="ne garder que les collectivités dont les textes pèsent au plus "
                        "ce nombre de Ko")
    parser.add_argument("--texts", action="store_true",
                        help="copier aussi les textes de ces collectivités dans OUT/texts")
    parser.add_argument("--parts", nargs="+", default=(), metavar="PARTIE",
                        help="ne garder que les questions de ces parties (a, b… : les fichiers "
                        "tune-a.jsonl, check-a.jsonl…) ; par défaut toutes ; --texts copie "
                        "quand même les textes de toutes les collectivités du côté")
    parser.add_argument("--folder", choices=("questions", "offcorpus"), default="questions",
                        help="dossier des questions : le jeu (par défaut) ou les questions "
                        "hors corpus, que la barrière de la CI ne mesure pas")
    parser.add_argument("--root", type=Path, default=HERE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        files, questions = write_subset(args.root, args.split, args.out, args.max_kb, args.texts,
                                        args.parts, args.folder)
    except DelibError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{args.split} : {files} textes, {questions} questions -> {args.out}")
    return 0 if questions else 1


if __name__ == "__main__":
    sys.exit(main())
