"""Proposer for the Corte agendas (ordre du jour): numbered sections, lettered points = items."""
from __future__ import annotations

import re
import sys
from typing import Any

from gold2_common import TEXTS, find_date, item, load, review

AUTH = "corte"
LETTER = re.compile(r"^\s*([A-Z])\s*[—–\-]\s*(\S.*)$")
SECTION = re.compile(r"^\s*\d+\s*[—–\-]")
BULLET = re.compile(r"^\s*(v|Ÿ|&|>|»|•)\s")
COMM = re.compile(r"en communication", re.I)


def session_date(lines: list[str]) -> str:
    date = find_date(" ".join(lines[:12]))
    if date is None:
        raise ValueError("no date")
    return date


def propose(name: str) -> dict[str, Any]:
    lines = load(AUTH, name)
    items = []
    i = 0
    while i < len(lines) and not COMM.search(lines[i]):
        m = LETTER.match(lines[i])
        if not m:
            i += 1
            continue
        tl, title, j = [i + 1], m.group(2), i + 1
        while j < len(lines) and not title.rstrip().endswith(":"):
            ln = lines[j]
            if not ln.strip():
                j += 1
                continue
            if LETTER.match(ln) or SECTION.match(ln) or BULLET.match(ln) or COMM.search(ln):
                break
            title += " " + ln.strip()
            tl.append(j + 1)
            j += 1
        items.append(item(i + 1, tl, title))
        i = j if j > i else i + 1
    return {"file": name, "authority_id": AUTH, "kind": "agenda", "collectivity": "Ville de Corte",
            "body": "conseil municipal", "session_date": session_date(lines), "president": None,
            "deliberations": items}


# Only the agendas whose OCR keeps one point per line; the others print several lettered
# points on one line ("... B— Instauration ...") or are convocation letters.
KEPT = {"mairie_corte_convocation_odj_2023_02_13_downloads_1599.txt": {37: [37, 39]},
        "mairie_corte_convocation_odj_2024_04_08_downloads_1718.txt": {}}


def corrected(name: str) -> dict[str, Any]:
    """A kept agenda with its hand-corrected title lines."""
    e = propose(name)
    lines = load(AUTH, name)
    for it in e["deliberations"]:
        if tl := KEPT[name].get(it["start_line"]):
            m = LETTER.match(lines[tl[0] - 1])
            assert m is not None
            text = m.group(2)
            it["title_lines"] = tl
            it["object"] = item(0, [], " ".join([text] + [lines[t - 1].strip() for t in tl[1:]]))[
                "object"]
    return e


if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.name for p in (TEXTS / AUTH).glob("*convocation_odj*"))
    for n in names:
        review(corrected(n) if n in KEPT else propose(n), ctx=0)
