"""Proposer for the Corte session summaries (OCR): '24-12/123 — Objet' heads, '>' decision lines."""
from __future__ import annotations

import re
import sys
from typing import Any

from gold2_common import TEXTS, apply_fixes, find_date, item, load, parse_vote, review, write
from propose_corte_odj import KEPT
from propose_corte_odj import corrected as agenda

AUTH = "corte"
HEAD = re.compile(r"^\s*(\d{2}-\d{2}/\d{3})\\?_?\s*[—–\-:]\s*(.*)$")
STOP = re.compile(r"^\s*(>|»|}|[\[(|]?\s*Point n|Plus rien|Le Conseil|Le Budget|A l|À l|"
                  r"Approbation à|Adoption à)")
VOTE = re.compile(r"unanimi|majorit|voix|prend\s+acte|adopt|rejet", re.I)


def session_date(lines: list[str]) -> str:
    date = find_date(" ".join(lines[:8]), r"conseil municipal du ")
    if date is None:
        raise ValueError("no date")
    return date


def title_lines(lines: list[str], i: int, end: int) -> list[int]:
    """The head line and its continuations (blank lines skipped, at most three more)."""
    tl, j = [i], i + 1
    while j < end and len(tl) < 4 and not lines[tl[-1]].rstrip().endswith(":"):
        if not lines[j].strip():
            j += 1
            continue
        if STOP.match(lines[j]) or HEAD.match(lines[j]):
            break
        tl.append(j)
        j += 1
    return tl


def vote(lines: list[str], start: int, end: int) -> dict[str, Any]:
    for k in range(start, end):
        if VOTE.search(lines[k]):
            block = " ".join(lines[k:min(end, k + 8)])
            return {"vote_line": k + 1, **parse_vote(block)}
    return {"vote_line": None, "vote_result": None, "votes_for": None, "votes_against": None,
            "votes_abstention": None}


def propose(name: str) -> dict[str, Any]:
    lines = load(AUTH, name)
    hs = [i for i, ln in enumerate(lines) if HEAD.match(ln)]
    items = []
    for k, i in enumerate(hs):
        end = hs[k + 1] if k + 1 < len(hs) else len(lines)
        m = HEAD.match(lines[i])
        assert m is not None
        tl = title_lines(lines, i, end)
        title = " ".join([m.group(2)] + [lines[t].strip() for t in tl[1:]])
        items.append(item(i + 1, [t + 1 for t in tl], title, i + 1, m.group(1), None, None,
                          vote(lines, tl[-1] + 1, end)))
    return {"file": name, "authority_id": AUTH, "kind": "minutes", "collectivity": "Ville de Corte",
            "body": "conseil municipal", "session_date": session_date(lines), "president": None,
            "deliberations": items}


# Hand corrections after reading the proposals (start_line -> fields; a fix giving title_lines
# without an object has the object re-read from those lines).
FIXES: dict[str, dict[int, Any]] = {
    "mairie_corte_proces_verbal_2024_04_22_downloads_1714.txt": {
        16: {"title_lines": [16, 18, 20], "votes_for": 19}},  # "par 19 voix « Pour »"
    "mairie_corte_proces_verbal_2024_12_16_downloads_1924.txt": {
        23: {"vote_line": 27, "vote_result": "pris acte"},  # "Prend / Acte" over two lines
        31: {"vote_line": 36, "vote_result": "pris acte"}},
}
ADDED = {  # heads the OCR garbled ("d5-07/058"): (start, title lines, number, vote line, result)
    "mairie_corte_proces_verbal_2025_07_01_downloads_1911.txt": [
        (210, [210, 211, 215], "d5-07/058", 217, "unanimité")],
}


def reread(lines: list[str], tl: list[int]) -> str:
    m = HEAD.match(lines[tl[0] - 1])
    first = m.group(2) if m else re.sub(r"^\s*\S+\s*[—–-]\s*", "", lines[tl[0] - 1])
    return " ".join([first.strip()] + [lines[t - 1].strip() for t in tl[1:]])


def corrected(name: str) -> tuple[dict[str, Any], int]:
    e = propose(name)
    lines = load(AUTH, name)
    fixes = FIXES.get(name, {})
    added = []
    for start, tl, num, vl, res in ADDED.get(name, []):
        added.append(item(start, tl, reread(lines, tl), start, num, None, None,
                          {"vote_line": vl, "vote_result": res, "votes_for": None,
                           "votes_against": None, "votes_abstention": None}))
    n = apply_fixes(e, fixes, added)
    for it in e["deliberations"]:
        fx = fixes.get(it["start_line"]) or {}
        if "title_lines" in fx and "object" not in fx:
            it["object"] = item(0, [], reread(lines, it["title_lines"]))["object"]
    return e, n

if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.name for p in (TEXTS / AUTH).glob("*proces_verbal*"))
    entries, touched = [], 0
    for n in names:
        e, t = corrected(n)
        entries.append(e)
        touched += t
        if sys.argv[1:]:
            review(e, ctx=0)
    print(f"{len(entries)} docs, {sum(len(e['deliberations']) for e in entries)} items, "
          f"{touched} corrected by hand")
    if not sys.argv[1:]:
        entries += [agenda(n) for n in sorted(KEPT)]
        write(entries, AUTH)
