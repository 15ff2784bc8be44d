"""Proposer for Audierne: numbered agendas (ordre du jour) and one deliberation extract."""
from __future__ import annotations

import re
import sys
from typing import Any

from gold2_common import find_date, find_vote, item, load, review, write

AUTH = "audierne"
COLLECTIVITY = "Ville d'Audierne"
NUM = re.compile(r"(?:^|\s)(\d{1,2})\.\s+(\S)")


def session_date(lines: list[str]) -> str:
    date = find_date(" ".join(lines[:15]), r"conseil municipal du ")
    if date is None:
        raise ValueError("no date")
    return date


def section(line: str) -> bool:
    """A section header in capitals ('DEVELOPPEMENT URBAIN') between agenda points."""
    return line.strip().isupper()


def agenda(name: str) -> dict[str, Any]:
    """Every numbered line (or a number inside a line) opens an item; the item runs on the
    following lines until a blank line, a section header in capitals or the next number."""
    lines = load(AUTH, name)
    starts: list[tuple[int, int]] = []  # (line index, char offset)
    expect = 1
    for i, ln in enumerate(lines):
        for m in NUM.finditer(ln):
            if int(m.group(1)) == expect:
                starts.append((i, m.start(2)))
                expect += 1
    items = []
    for k, (i, off) in enumerate(starts):
        nxt = starts[k + 1] if k + 1 < len(starts) else (len(lines), 0)
        text, tl = lines[i][off:], [i + 1]
        if nxt[0] == i:
            text = lines[i][off:nxt[1]]
            text = re.sub(r"\s*\d{1,2}\.\s*$", "", text)
        j = i + 1
        while j < len(lines) and j <= nxt[0] and lines[j].strip() and not section(lines[j]):
            cut = nxt[1] if j == nxt[0] else None
            piece = lines[j][:cut] if cut is not None else lines[j]
            piece = re.sub(r"\s*\d{1,2}\.\s*$", "", piece)
            if piece.strip():
                text += " " + piece.strip()
                tl.append(j + 1)
            if j == nxt[0]:
                break
            j += 1
        items.append(item(i + 1, tl, text))
    return {"file": name, "authority_id": AUTH, "kind": "agenda", "collectivity": COLLECTIVITY,
            "body": "conseil municipal", "session_date": session_date(lines), "president": None,
            "deliberations": items}


def single(name: str) -> dict[str, Any]:
    lines = load(AUTH, name)
    vote = find_vote(lines, 37, len(lines))
    it = item(36, [37], lines[36], 36, "2021-060", 83, "Monsieur le Maire", vote)
    return {"file": name, "authority_id": AUTH, "kind": "single", "collectivity": COLLECTIVITY,
            "body": "conseil municipal", "session_date": "2021-06-29",
            "president": "Monsieur Gurvan KERLOC’H", "deliberations": [it]}


FILES = {"02_20250917_cm_odj.txt": agenda, "02_20260121_cm_odj.txt": agenda,
         "1_DE2021_060Approbation_du_plan_local_durbanisme.txt": single}

# Excluded: Conseil_municipal_10_decembre_2025_odj.txt prints items 23 and 24 on one line (54),
# so no strictly increasing start_line exists for them.

if __name__ == "__main__":
    entries = [f(n) for n, f in FILES.items()]
    for e in entries:
        if sys.argv[1:]:
            review(e, ctx=0)
    if not sys.argv[1:]:
        write(entries, AUTH)
