"""Proposer for the Communauté de Communes des Lisières de l'Oise: 'DEL2025-59 : Objet' heads."""
from __future__ import annotations

import re
import sys
from typing import Any

from gold2_common import TEXTS, apply_fixes, find_date, find_vote, item, load, review, write

AUTH = "cc-des-lisieres-de-l-oise"
HEAD = re.compile(r"^\s*(DEL ?\d{4}-\d+)\s*:\s*(\S.*)$")
RAP = re.compile(r"^\s*Rapporteur\s*:\s*(.+?)\s*$")


def session_date(lines: list[str]) -> str:
    date = find_date(" ".join(lines[:40]))
    if date is None:
        raise ValueError("no date")
    return date


def heads(lines: list[str]) -> list[int]:
    """DEL lines, except a DEL reference continuing the previous head's title."""
    out: list[int] = []
    for i, ln in enumerate(lines):
        if HEAD.match(ln) and not (out and i > 0 and out[-1] < i and lines[i - 1].strip()
                                   and HEAD.match(lines[out[-1]]) and i - out[-1] <= 2):
            out.append(i)
    return out


def propose(name: str) -> dict[str, Any]:
    lines = load(AUTH, name)
    hs = heads(lines)
    items = []
    for k, i in enumerate(hs):
        end = hs[k + 1] if k + 1 < len(hs) else len(lines)
        m = HEAD.match(lines[i])
        assert m is not None
        title, tl, j = m.group(2), [i + 1], i + 1
        while j < end and lines[j].strip() and not RAP.match(lines[j]):
            title += " " + lines[j].strip()
            tl.append(j + 1)
            j += 1
        rap_line = rap = None
        for r in range(j, min(end, j + 4)):
            if mm := RAP.match(lines[r]):
                rap_line, rap = r + 1, mm.group(1)
                break
        vote = find_vote(lines, (rap_line or j), end)
        items.append(item(i + 1, tl, title, i + 1, m.group(1), rap_line, rap, vote))
    return {"file": name, "authority_id": AUTH, "kind": "minutes",
            "collectivity": "Communauté de Communes des Lisières de l'Oise",
            "body": "conseil communautaire", "session_date": session_date(lines),
            "president": president(lines), "deliberations": items}


def president(lines: list[str]) -> str | None:
    head = re.sub(r"\s+", " ", " ".join(lines[:40]))
    m = re.search(r"sous la présidence de ((?:M\.|Mme|Monsieur|Madame) [^,.]+)", head)
    return m.group(1).strip() if m else None


# Hand corrections after reading the proposals (start_line -> fields).
FIXES: dict[str, dict[int, Any]] = {
    "2025_12_22_CR_du_Conseil_Communautaire_du_18_decembre_2025_approuve.txt": {
        61: {"vote_line": 92, "vote_result": "unanimité"}},  # line 82 is narrative
    "2025_11_13_CR_CC_du_13_novembre_2025_approuve.txt": {
        1215: {"vote_result": "majorité", "votes_against": 1}},  # "et une voix contre"
}
EXCLUDED = {"Compte_rendu_approuve_du_CC_du_26_juin_2025_ocr.txt":
            "OCR bruité : numéros (DEL2025 4Z, 5l) et objets illisibles ou coupés"}

if __name__ == "__main__":
    kept = (p.name for p in (TEXTS / AUTH).glob("*.txt") if p.name not in EXCLUDED)
    names = sys.argv[1:] or sorted(kept)
    entries = []
    for n in names:
        e = propose(n)
        apply_fixes(e, FIXES.get(n, {}))
        entries.append(e)
        if sys.argv[1:]:
            review(e, ctx=0)
    print(f"{len(entries)} docs, {sum(len(e['deliberations']) for e in entries)} items")
    if not sys.argv[1:]:
        write(entries, AUTH)
