"""The ``delib structure`` sub-command: the parser's structure measured leave-one-authority-out."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from index.settings import Settings

OK, FAILED = 0, 1
REPO = Path(__file__).resolve().parents[1]

DETAILS = """\
Analyse chaque document annoté (eval/gold : dev, seeds, dev2-*) trois fois : par les règles
seules, par le modèle des rôles de lignes entraîné sans aucun document de sa collectivité
(leave-one-authority-out, une collectivité à la fois), et par le modèle entraîné sur tout
(score « en échantillon », optimiste). Mesure par champ (objet, numéro, rapporteur, résultat du
vote, date de séance) et la découpe des procès-verbaux (précision, rappel, F1 sur les débuts
d'objets), pour chaque seuil de confiance du titre. Les collectivités des côtés « tune » et
« check » du jeu de questions (eval/datasets/multi/authorities.tsv) sont aussi comptées à part
(loao_by_side) : comparez une règle sur le côté tune ; le côté check ne se lit qu'en somme. Le
seuil retenu est le meilleur en LOAO sans le côté check (chosen_on), et le tableau par
collectivité (loao_by_authority) ne montre que les collectivités hors check.

Les textes annotés sont lus dans eval/datasets/multi/texts (le dépôt, pas /work/shared).
Entraîne un modèle par collectivité : quelques minutes.

Exemple :
  delib structure --out eval/structure-report.json
"""


def register(commands: Any, add: Any) -> None:
    """Add ``structure`` to the ``delib`` parser (``add`` builds one sub-command)."""
    add(commands, "structure", cmd_structure,
        "mesurer la découpe et les champs du parseur hors collectivités connues (LOAO)", DETAILS,
        [("--out", {"type": Path, "default": Path("eval/structure-report.json"),
                    "metavar": "FICHIER.json", "help": "rapport JSON écrit (par défaut "
                    "eval/structure-report.json)"}),
         ("--repo", {"type": Path, "default": REPO, "metavar": "DOSSIER",
                     "help": "dépôt contenant eval/gold et eval/datasets/multi"})])


def cmd_structure(args: argparse.Namespace, settings: Settings) -> int:
    from eval.parse_eval import evaluate

    if not (args.repo / "eval" / "datasets" / "multi" / "provenance.tsv").exists():
        print(f"delib : pas de textes annotés dans {args.repo}/eval/datasets/multi : lancez la "
              "commande depuis un clone du dépôt (ou --repo DOSSIER).", file=sys.stderr)
        return FAILED
    report = evaluate(args.repo, progress=lambda step: print(f"modèle sans {step}",
                                                              file=sys.stderr))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(json.dumps({key: report[key] for key in ("rules", f"loao@{report['chosen_threshold']}",
                                                    "loao_by_side", "in_sample")},
                     indent=2, ensure_ascii=False))
    print(f"rapport écrit dans {args.out}", file=sys.stderr)
    return OK
