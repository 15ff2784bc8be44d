"""Assemble eval/gold/dev2-1.jsonl from the part-1 proposers (each with its hand fixes)."""

from __future__ import annotations

import importlib
import json
import sys

import part1_common as pc

PROPOSERS = ("propose_chemere", "propose_montreuil", "propose_lannion", "propose_preuilly",
             "propose_saint_etienne")
OUT = pc.ROOT / "eval" / "gold" / "dev2-1.jsonl"


def main() -> None:
    """Run every available proposer, check each document, write the gold file."""
    recs, fixed, errors = [], 0, 0
    for name in PROPOSERS:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for rec, n in mod.all_records():
            problems = pc.check(rec)
            errors += len(problems)
            for p in problems:
                print("CHECK", p, file=sys.stderr)
            recs.append(rec)
            fixed += n
    with open(OUT, "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    items = sum(len(r["deliberations"]) for r in recs)
    auths = len({r["authority_id"] for r in recs})
    print(f"{OUT.name}: {len(recs)} documents, {items} items, {auths} authorities, "
          f"{fixed} items fixed by hand, {errors} check problems")


if __name__ == "__main__":
    main()
