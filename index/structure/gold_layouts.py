"""The PDF layouts of the gold documents: built once from their PDFs, shipped beside the gold.

`python -m index.structure.gold_layouts --corpus ../shared/corpus` reads the PDF beside each
annotated text (same name, ".pdf") and writes eval/gold/layouts.jsonl.gz, so that the line-role
model learns typography without the PDFs (a clone has none of them).
"""

import argparse
import csv
import gzip
import hashlib
import json
from pathlib import Path

from index.layout import layout_of_rows, layout_rows, pdf_layout
from index.models import Layout

LAYOUTS = Path("eval") / "gold" / "layouts.jsonl.gz"
_MAX_PAGES = 2000


def load_layouts(repo: Path) -> dict[str, Layout]:
    """Layout of each gold text (by file name) whose PDF was read; empty without the file."""
    path = repo / LAYOUTS
    if not path.exists():
        return {}
    layouts: dict[str, Layout] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for raw in handle:
            entry = json.loads(raw)
            layouts[entry["file"]] = layout_of_rows(entry["pages"])
    return layouts


def build(repo: Path, corpus: Path) -> int:
    """Read the PDF of every text of the multi-authority set that has one; write the file."""
    provenance = repo / "eval" / "datasets" / "multi" / "provenance.tsv"
    with provenance.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    written = 0
    with gzip.open(repo / LAYOUTS, "wt", encoding="utf-8") as out:
        for row in rows:
            if not row["shared_path"]:
                continue
            pdf = (corpus / row["shared_path"]).with_suffix(".pdf")
            if not pdf.is_file():
                continue
            layout = pdf_layout(pdf, _MAX_PAGES)
            if not layout:
                continue
            entry = {"file": Path(row["text"]).name, "pdf": row["shared_path"][:-4] + ".pdf",
                     "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
                     "pages": layout_rows(layout)}
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Lit la mise en page (taille, gras, marges) "
                                     "des PDF des documents annotés et l'écrit dans "
                                     f"{LAYOUTS}.")
    parser.add_argument("--corpus", type=Path, required=True,
                        help="dossier des corpus partagés (celui qui contient dev2/)")
    args = parser.parse_args()
    repo = Path(__file__).resolve().parents[2]
    count = build(repo, args.corpus)
    print(f"{count} PDF lus ; mises en page écrites dans {repo / LAYOUTS}")


if __name__ == "__main__":
    main()
