"""Copy the multi-authority texts from ../shared/corpus into eval/datasets/multi (dev tool)."""

import argparse
import csv
import hashlib
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

from index.authorities import DECLARATIONS

HERE = Path(__file__).resolve().parent / "multi"
SEEDS = {"000": "Ville de Dijon", "001": "Métropole Européenne de Lille", "002": "Ville de Dijon",
         "003": "Ville de Dijon", "004": "Ville de Dijon"}
# dev2 authorities are split by hand so both sides hold long minutes and short summaries;
# every other authority by a hash of its id (about 60 % tune). Chosen before any question.
FIXED = {"ville-de-dijon": "tune", "metropole-europeenne-de-lille": "tune", "chemere": "tune",
         "corte": "tune", "lannion": "tune", "preuilly-sur-claise": "tune",
         "saint-etienne-metropole": "tune", "audierne": "check", "montreuil-en-touraine": "check",
         "aiglun": "check", "pierrefonds": "check", "cc-des-lisieres-de-l-oise": "check",
         "roannais-agglomeration": "check"}
DEV2_IDS = {"Commune de Chéméré (44)": "chemere", "Commune de Corte (2B)": "corte",
            "Ville de Lannion (22)": "lannion",
            "Commune de Preuilly-sur-Claise (37)": "preuilly-sur-claise",
            "Saint-Étienne Métropole (42)": "saint-etienne-metropole",
            "Commune d'Audierne (29)": "audierne",
            "Commune de Montreuil-en-Touraine (37)": "montreuil-en-touraine",
            "Commune d'Aiglun (04)": "aiglun", "Commune de Pierrefonds (60)": "pierrefonds",
            "Communauté de communes des Lisières de l'Oise (CCLO)": "cc-des-lisieres-de-l-oise"}


def slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split())


def split_of(authority_id: str) -> str:
    if authority_id in FIXED:
        return FIXED[authority_id]
    digest = int(hashlib.sha256(authority_id.encode()).hexdigest(), 16)
    return "tune" if digest % 10 < 6 else "check"


def rows(shared: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted((shared / "seeds").glob("*.txt")):
        name = SEEDS[path.name[:3]]
        out.append({"path": path, "name": name, "repo": "seeds (sample corpus)", "where": "",
                    "licence": "public administrative documents"})
    dev = shared / "dev" / "datapolitics_loria_sample"
    with (dev / "manifest.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            out.append({"path": dev / row["file"], "name": row["entity"],
                        "repo": row["source_repo"], "where": f"{row['original_url']}",
                        "licence": "public administrative documents"})
    roanne = shared / "dev" / "roannais_agglomeration_pv"
    out.append({"path": next(roanne.glob("*.txt")), "name": "Roannais Agglomération",
                "repo": "github:alberto-lorente/RAGtor", "where": "data/example.pdf@5ef9e8e0",
                "licence": "public administrative documents"})
    with (shared / "dev2" / "manifest.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            out.append({"path": shared / "dev2" / row["source"] / row["file"],
                        "name": row["authority"], "id": DEV2_IDS[row["authority"]],
                        "repo": row["source_repo"], "where": row["source_path"],
                        "licence": row["license"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("shared", type=Path, help="le dossier shared/corpus")
    args = parser.parse_args()
    authorities: dict[str, tuple[str, str]] = {}
    provenance = []
    for row in rows(args.shared):
        authority_id = row.get("id") or slug(str(row["name"]))
        if authority_id == "aiglun" or authority_id.endswith("aiglun"):
            authority_id = "aiglun"
        authorities.setdefault(authority_id, (str(row["name"]), split_of(authority_id)))
        target = HERE / "texts" / authority_id / Path(row["path"]).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(row["path"], target)
        provenance.append([target.relative_to(HERE).as_posix(), authority_id,
                           str(Path(row["path"]).relative_to(args.shared)), str(row["repo"]),
                           str(row["where"]), str(row["licence"])])
    with (HERE / "provenance.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["text", "authority_id", "shared_path", "source_repo", "source",
                         "licence"])
        writer.writerows(provenance)
    write_authorities(authorities)


def write_authorities(authorities: dict[str, tuple[str, str]]) -> None:
    """``authorities.tsv`` (each authority's side) and ``texts/collectivites.tsv`` (the name
    declared for each folder of texts, without its department code, for ``delib ingest``)."""
    with (HERE / "authorities.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["authority_id", "split"])
        writer.writerows([key, authorities[key][1]] for key in sorted(authorities))
    with (HERE / "texts" / DECLARATIONS).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["dossier", "collectivite"])
        writer.writerows([key, re.sub(r"\s*\([^)]*\)\s*$", "", authorities[key][0])]
                         for key in sorted(authorities))


if __name__ == "__main__":
    main()
