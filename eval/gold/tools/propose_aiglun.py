"""Proposer for the Aiglun minutes (Word exports): 'DOMAINE – Objet' headings, 'Vote ...' lines."""
from __future__ import annotations

import re
import sys
from typing import Any

from gold2_common import apply_fixes, find_date, find_vote, item, load, review, write

AUTH = "aiglun"
COLLECTIVITY = "Commune d'Aiglun"
CAPS = r"[a-zA-ZÉÈÀÂÊÎÔÛÇ][A-ZÉÈÀÂÊÎÔÛÇ/ ’'\-]{2,}?"
HEAD = re.compile(r"^\s*(?:à\s+)?(\d{1,2}(?:\.\d+)?)?\.?\s*(?:à\s+\d+\.\s+)?(" + CAPS
                  + r"\s*[–:-]\s*\S.*)$")
NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)?)\.?\s+([A-ZÉ].{3,})$")
INFOS = re.compile(r"^\s*(?:\d+\.\s*)?informations? (?:et|&) questions diverses", re.I)
RAP = re.compile(r"^\s*((?:[Mm]onsieur|[Mm]adame) (?:le maire|la directrice générale des services|"
                 r"[A-ZÉ][\w\-]+(?: [A-ZÉ][\w\-]+)?))(?:, [^,]{0,160},)?(?: nous)? (?:présente|"
                 r"informe|propose|expose|donne lecture|rappelle|précise|fait|explique)")
LABEL = re.compile(r"^\s*Rapporteur\s*:\s*([^,:]+?)\s*(?:[,:.]|$)")


def is_head(ln: str) -> re.Match[str] | None:
    s = ln.strip()
    if not s or len(s) > 400 or s.lower().startswith(("vote", "dates", "pour :", "pour:")):
        return None
    m = HEAD.match(s)
    dom = re.split(r"[–:-]", m.group(2))[0] if m else ""
    if m and re.sub(r"[^A-Za-zÉÈÀ]", "", dom)[1:].isupper():
        return m
    return NUMBERED.match(s) if not re.match(r"^\d+[.,]\d", s) else None


DECISION = re.compile(
    r"^\s*(?:\d+\.\s*)?ÉLUS\s*[–-].*d[ée]l[ée]gation de pouvoirs? (?:de la part )?du "
    r"conseil municipal\.?\s*$",
    re.I,
)


class Head:
    """A heading line index with an optional second title line (decision subject)."""

    def __init__(self, extra: int | None) -> None:
        self.extra = extra


def merge_decisions(lines: list[str], heads: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """'ÉLUS – Décisions ... du conseil municipal' alone: one following subject line is part of its
    title; several following heads without votes are sub-points and dropped."""
    out, k = [], 0
    while k < len(heads):
        i, m = heads[k]
        out.append((i, m))
        k += 1
        if m is None or not DECISION.match(lines[i]):
            continue
        subs = []
        while k < len(heads) and heads[k][1] is not None and not DECISION.match(lines[heads[k][0]]):
            end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
            voted = find_vote(lines, heads[k][0] + 1, end)["vote_line"]
            if voted or is_decision(lines[heads[k][0]]):
                break
            subs.append(heads[k][0])
            k += 1
        if len(subs) == 1:
            out[-1] = (i, Head(subs[0]))
    return out


def is_decision(ln: str) -> bool:
    return bool(re.match(r"^\s*(?:\d+\.\s*)?ÉLUS\s*[–-]", ln, re.I))


def manual_heads(lines: list[str], spec: tuple[Any, ...]) -> list[tuple[int, Any]]:
    """Heads read by hand: a start line, or (start, second title line); the information
    section (no vote) is recognised by its wording."""
    heads: list[tuple[int, Any]] = []
    for h in spec:
        start, extra = h if isinstance(h, tuple) else (h, None)
        info = INFOS.match(lines[start - 1]) or "QUESTIONS DIVERSES" in lines[start - 1]
        heads.append((start - 1, None if info else Head(extra - 1 if extra else None)))
    return heads


def propose(name: str) -> dict[str, Any]:
    lines = load(AUTH, name)
    if name in MANUAL:
        return build(name, lines, manual_heads(lines, MANUAL[name]))
    heads: list[tuple[int, Any]] = []
    for i, ln in enumerate(lines):
        if INFOS.match(ln):
            heads.append((i, None))
            break
        if m := is_head(ln):
            heads.append((i, m))
    heads = merge_decisions(lines, heads)
    drop = DROP.get(name, ())
    heads = [h for h in heads if h[0] + 1 not in drop]
    for start, extra in ADD.get(name, ()):
        heads.append((start - 1, Head(extra - 1 if extra else None)))
    heads.sort(key=lambda h: h[0])
    return build(name, lines, heads)


def printed_date(lines: list[str]) -> str:
    """The session date printed in the first lines (the file names are sometimes wrong)."""
    date = find_date(" ".join(ln for ln in lines[:8] if ln.strip()))
    if date is None:
        raise ValueError("no printed date")
    return date


def build(name: str, lines: list[str], heads: list[tuple[int, Any]]) -> dict[str, Any]:
    items = []
    for k, (i, m) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        tl = [i + 1] + ([m.extra + 1] if m is not None and getattr(m, "extra", None) else [])
        title = " ".join(lines[t - 1].strip() for t in tl)
        title = re.sub(r"^\s*(?:[–•]|o\s)\s*", "", title)
        title = re.sub(r"^\s*(?:à\s+)?\d+(?:\s?[.\-]\d+)?\s*[.\-:]?\s*(?:à\s+\d+\.\s+)?", "", title)
        rap_line = rap = None
        for r in range(i + 1, min(end, i + 4)):
            if mm := (LABEL.match(lines[r]) or RAP.match(lines[r])):
                rap_line, rap = r + 1, mm.group(1)
                break
        vote = find_vote(lines, i + 1, end) if m else None
        items.append(item(i + 1, tl, title, None, None, rap_line, rap, vote))
    return {"file": name, "authority_id": AUTH, "kind": "minutes", "collectivity": COLLECTIVITY,
            "body": "conseil municipal", "session_date": printed_date(lines),
            "president": None, "deliberations": items}


# Hand corrections after reading the proposals (1-based lines).
DROP: dict[str, tuple[int, ...]] = {
    "2012_03_02.txt": (1,),
    "2012_12_14.txt": (58,),
}
FIELDS: dict[str, dict[int, dict[str, Any]]] = {
    "2012_12_14.txt": {249: {"vote_line": 271, "vote_result": "unanimité"}},  # election
}
ADD: dict[str, tuple[tuple[int, int | None], ...]] = {
    "2012_06_15.txt": ((15, 17), (108, None), (116, None)),
    "2012_09_27.txt": ((137, None),),
    "2014_12_05.txt": ((45, None),),
    "2015_09_11.txt": ((65, None),),
    "2013_06_30.txt": ((25, None), (69, None)),
}
DONE = ["2012_03_02.txt", "2012_04_13.txt", "2012_06_15.txt", "2012_07_19.txt", "2012_09_27.txt",
        "2012_12_14.txt", "2013_03_15.txt", "2013_06_19.txt", "2013_06_30.txt", "2013_10_17.txt",
        "2014_04_30.txt", "2014_09_26.txt", "2014_12_05.txt", "2015_01_28.txt", "2015_04_10.txt",
        "2015_09_11.txt", "2015_11_04.txt", "2016_04_08.txt", "2013_04_12.txt", "2013_07_18.txt",
        "2013_12_19.txt", "2014_03_13.txt", "2014_07_18.txt", "2015_06_08.txt", "2015_07_24.txt",
        "2015_12_11.txt", "2016_02_26.txt", "2016_06_20.txt"]


# Documents whose headings are not reliably marked: heads listed by hand after reading.
MANUAL: dict[str, tuple[Any, ...]] = {
    "2013_07_18.txt": (27, 41, 53, 63, 73, 81, 107, 151),
    "2013_12_19.txt": (13, 21, 27, (39, 41), 67, 75, 101, 169, 175, 269, 275, 283, 293,
                       301, 305, 309, 313, 317, 321, 325, 335, 345, 349, 353, 359, 365),
    "2014_03_13.txt": (19, 47, 53, 73, 79, 85, 89, 95, 99, 105, 111, 121, 127, 133, 139, 145,
                       191),
    "2014_07_18.txt": (25, 39, 55, 65, 77, 93, 101, 109, 117, 143, 161, 171, 185, 199, 205),
    # 6.1 to 6.3 are voted one by one under the 'ENSEIGNEMENT' line 173: one item each
    "2015_12_11.txt": (23, 31, 37, 49, 117, 175, 185, 245, 251, 255, 263, 367, 417),
    "2016_02_26.txt": (25, 31, 41, 47, 59, 85, 93, 175, 245, 253),
    "2016_06_20.txt": (23, 33, 181, 205, 241, 251, 261, 283, 317),
    "2015_07_24.txt": ((17, 19), 25, 31, 37, 43, 49, 65, (89, 91), (97, 99), 113, 124, 130, 138,
                       152, 162, 168, 176, 186, 208),
}
SINGLES = {  # file: (number, rapporteur line, vote line), read by hand
    "D18_RESEAUX_Reseau_telephonique_Enfouissement_hameau_du_Roux.txt": ("D18", 63, 71),
    "D19_RESEAUX_Eclairage_public_Hameau_du_Roux.txt": ("D19", 62, 69),
}


def single(name: str) -> dict[str, Any]:
    """A deliberation extract: 'OBJET' label, title on line 29, number 'D18' on line 35."""
    lines = load(AUTH, name)
    num, rap_line, vote_line = SINGLES[name]
    vote = find_vote(lines, vote_line - 1, vote_line)
    it = item(27, [29], lines[28], 35, num, rap_line, "Monsieur le maire", vote)
    return {"file": name, "authority_id": AUTH, "kind": "single", "collectivity": COLLECTIVITY,
            "body": "conseil municipal", "session_date": "2012-04-13",
            "president": "monsieur Daniel Jugy", "deliberations": [it]}


def fixes_count() -> int:
    manual = sum(len(v) for v in MANUAL.values())
    return manual + sum(len(v) for d in (DROP, ADD, FIELDS) for v in d.values())


if __name__ == "__main__":
    if sys.argv[1:]:
        for n in sys.argv[1:]:
            review(propose(n), ctx=0)
    else:
        entries = [propose(n) for n in DONE] + [single(n) for n in SINGLES]
        for e in entries:
            apply_fixes(e, FIELDS.get(e["file"], {}))
            if e["kind"] == "single":
                review(e, ctx=0)
        items = sum(len(e["deliberations"]) for e in entries)
        print(f"{len(entries)} docs, {items} items, {fixes_count()} heads corrected by hand")
        write(entries, AUTH)
