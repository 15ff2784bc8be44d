"""Proposer (and hand fixes) for the three Lannion council minutes, 2020-2021 (dev2 part 1)."""

from __future__ import annotations

import re
import sys
from typing import Any

import part1_common as pc

AUTH = "lannion"
HEAD = re.compile(r"^\s*(\d{1,2})\s*[-–]\s+(\S.*?)\s*$")
FOOTER = re.compile(r"\f\s*(\d{1,2})\s*[-–]\s+(\S.*?)\s*$")
RAPP = (r"^\s*(?:.*\f)?((?:Monsieur|Madame)\s+[^:,]{2,40}?)\s+(?:expose\s*:|explique|propose|"
        r"indique)")
VOTE = re.compile(r"ADOPT[ÉE]E?S?\s+[ÀA]\s+L['’]UNANIMIT[ÉE]|ADOPT[ÉE]E?S?\s+[ÀA]\s+LA\s+MAJORIT"
                  r"|REJET[ÉE]")
BODY = re.compile(r"\s*(?:Monsieur|Madame|Vu |Le |La |Il |En |Arrivée|Départ|Retour)")
DATES = {"Proces_verbal_du_conseil_municipal_du_25_mai.txt": "2020-05-25",
         "Proces_verbal_du_conseil_municipal_du_8_juin.txt": "2020-06-08",
         "Proces_verbal_conseil_municipal_du_5_juillet.txt": "2021-07-05"}

# Hand fixes per file, keyed by start line (see part1_common.apply_fixes).
FIXES: dict[str, dict[int, Any]] = {}


def heads(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line, number, title) of the items, numbered 1, 2, 3... in order (page footers glued)."""
    out: list[tuple[int, str, str]] = []
    for n, line in enumerate(lines, 1):
        want = str(len(out) + 1)
        m = HEAD.match(line)
        if m and m.group(1) == want:
            out.append((n, want, m.group(2)))
            continue
        f = FOOTER.search(line)
        if f and f.group(1) == want:
            out.append((n, want, f.group(2)))
    return out


def title_of(lines: list[str], n: int, title: str, hi: int) -> tuple[list[int], str]:
    """Heading line and its continuation lines, up to the rapporteur line or a blank."""
    tl = [n]
    while tl[-1] + 1 < min(hi, n + 4):
        nxt = lines[tl[-1]]
        if not nxt.strip() or re.search(RAPP, nxt) or BODY.match(nxt):
            break
        tl.append(tl[-1] + 1)
        title += " " + nxt.strip()
    return tl, title


def vote_of(lines: list[str], lo: int, hi: int) -> dict[str, Any]:
    """The item's closing 'ADOPTÉ À L'UNANIMITÉ' (last vote line of the item)."""
    found = [n for n in range(lo, hi) if VOTE.search(lines[n - 1].upper())]
    if not found:
        return pc.vote(None, None)
    text = lines[found[-1] - 1].upper()
    result = "unanimité" if "UNANIM" in text else "rejeté" if "REJET" in text else "majorité"
    return pc.vote(found[-1], result)


def items_of(lines: list[str]) -> list[dict[str, Any]]:
    """Proposed items of one document."""
    hs = heads(lines)
    out = []
    for k, (n, _number, head) in enumerate(hs):
        hi = hs[k + 1][0] if k + 1 < len(hs) else len(lines) + 1
        tl, title = title_of(lines, n, head, hi)
        rline, rapp = pc.find_rapporteur(lines, tl[-1] + 1, min(hi, tl[-1] + 4), RAPP)
        out.append(pc.item(n, tl, title, rapporteur_line=rline, rapporteur=rapp,
                           **vote_of(lines, tl[-1] + 1, hi + 1 if k + 1 < len(hs) else hi)))
    return out


def propose(name: str) -> tuple[dict[str, Any], int]:
    """Gold line for one file with its hand fixes; and the count of fixed items."""
    lines = pc.read_lines(AUTH, name)
    items, fixed = pc.apply_fixes(items_of(lines), FIXES.get(name, {}))
    rec = pc.doc(name, AUTH, "minutes", "Ville de LANNION", "conseil municipal", DATES[name],
                 "M. Paul LE BIHAN", items)
    return rec, fixed


def all_records() -> list[tuple[dict[str, Any], int]]:
    """The three documents with their counts of hand-fixed items."""
    return [propose(name) for name in sorted(DATES)]


def main() -> None:
    """Write the draft JSONL and its review listing."""
    pairs = all_records()
    pc.save(AUTH, [rec for rec, _ in pairs])
    print(f"hand-fixed items: {sum(n for _, n in pairs)}", file=sys.stderr)


if __name__ == "__main__":
    main()
