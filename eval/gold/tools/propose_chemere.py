"""Proposer (and hand fixes) for the Chéméré council minutes 2008-2015 (dev2 gold, part 1)."""

from __future__ import annotations

import re
import sys
from typing import Any

import part1_common as pc

AUTH = "chemere"
GLYPHS = r"(?:\uf0d8|/head2right|\s)*"
HEAD = re.compile(GLYPHS + r"((?:DE-?\s*)?20[01]\d\s*/\s*\d+)\s*[–-]\s*(.*)$")
MISC = re.compile(r"^(?:\uf0d8|/head2right)" + GLYPHS + r"((?:Informations?|Affaires|Diverses?)"
                  r"\b.*|Divers\s*)$")
RAPP = (r"^\s*((?:(?:Monsieur|Madame|Mademoiselle|M\.|Mme|MME)\s)?[A-ZÉ][^,]{2,45}?),\s*"
        r"(?:rapporte|expose|présente|informe)|^\s*RAPPORTEUR\s*:\s*(?P<r>.+?)\.?\s*$")
MAIRE = (r"((?:Monsieur|Madame) le [Mm]aire),?\s+(?:rapporteur|expose|informe|présente|rappelle|"
         r"donne|fait|propose|soumet|indique|explique|signale|relate)")
PRESENTS = (r"((?:Monsieur|Madame) (?:le [Mm]aire|[A-ZÉ][\w-]+ [A-ZÉ]{2,}[\w-]*))(?:, [^,]{3,60},)?"
            r"\s+(?:rend compte|présente|donne lecture|rappelle|expose|informe)")
BODY_START = re.compile(r"^\s*(?:Monsieur|Madame|Mademoiselle|Vu |- \d+ -|M\.|Mme|MME|Le |Les |"
                        r"La |Il |Suite|Par |"
                        r"Dans |Conformément|Lors |Considérant|Afin|Après|Comme|Sur )")
RUNNING = re.compile(r"\s*(?:DEPARTEMENT DE LOIRE-ATLANTIQUE|Commune de CHEMERE \(44)")
DECIDED = re.compile(r"(?:délibéré|Conseil municipal|membres du Conseil)\W.*\b(?:[Dd][ée]cide|"
                     r"charge|adopte|approuve|détermine|arrête|accepte|autorise|fixe|désigne)"
                     r"(?:nt)?\b|\b(?:émet(?:tent)?|pren(?:d|nent) acte)\b"
                     r"|^\s*(?i:décident?|chargent|prend acte|adoptent?|approuvent?)\b")
END = re.compile(r"^\s*Séance levée|^\s*La séance est levée")

# Hand fixes, keyed by file then start_line (see part1_common.apply_fixes).
UNAN = {"vote_result": "unanimité", "votes_for": None, "votes_against": None,
        "votes_abstention": None}
MAJ = {"vote_result": "majorité", "votes_for": None, "votes_against": None,
       "votes_abstention": None}
FIXES: dict[str, dict[int, Any]] = {
    "CM_13_septembre_2011.txt": {88: {"vote_line": 105, **MAJ}},
    "CM_23_mars_2010.txt": {254: {"vote_line": 278, **MAJ, "votes_for": 10, "votes_against": 1,
                                  "votes_abstention": 5}},
    "CM_26_mars_2008.txt": {146: {"vote_line": 156, **UNAN}},
    "CM_4_novembre_2014.txt": {
        853: {"vote_line": 868, **MAJ},
        904: {"start_line": 904, "title_lines": [904], "object": "Dénomination d’une impasse"},
        909: {"vote_line": 923, **MAJ}},
    "CM_9_septembre_2009.txt": {197: {"votes_against": 1}},
    "CM_19_octobre_2010.txt": {155: {"votes_for": 14, "votes_abstention": 3}},
    "CM_20_janvier_2015.txt": {195: {"title_lines": [195], "object": "Règlement pour l’entretien "
                                     "des trottoirs lors d’une nouvelle clôture",
                                     "rapporteur_line": 196, "rapporteur": "Michel GRAVOUIL"}},
    "CM_9_octobre_2012.txt": {
        540: {"title_lines": [540], "object": "Protection sociale complémentaire : Convention "
              "de participation"},
        658: {"title_lines": [658, 659], "object": "Demande de fonds de concours : Construction "
              "d’une salle multifonctions"}},
    "CM_18_fevrier_2009.txt": {566: {"rapporteur_line": 567, "rapporteur": "Monsieur Nicolas "
                                     "BOUCHER"}},
    "CM_17_decembre_2008.txt": {251: {"vote_line": 340, **UNAN}},
    "CM_18_juin_2013.txt": {209: {"vote_line": 229, **UNAN}},
    "CM_28_mai_2008.txt": {85: {"vote_line": 105, **UNAN}},
    "CM_7_juillet_2015.txt": {219: {"vote_line": 256, **UNAN}},
}


def session_date(name: str) -> str:
    """Date from 'CM_22_janvier_2008.txt'."""
    _, day, month, year = name[:-4].split("_")
    return pc.iso(int(day), pc.MONTHS[month], int(year))


def president(lines: list[str]) -> str | None:
    """'sous la présidence de Monsieur X, Maire'."""
    text = pc.clean(" ".join(lines[:80]))
    text = text.replace("pré- sidence", "présidence")
    m = re.search(r"présidence de ((?:Monsieur|Madame|M\.|Mme) [^,]+?)\s*,", text)
    return m.group(1).replace("- ", "-") if m else None


def heads(lines: list[str]) -> list[tuple[int, str | None, str]]:
    """(line, number, title) of each item heading."""
    out: list[tuple[int, str | None, str]] = []
    for n, line in enumerate(lines, 1):
        m = HEAD.match(line)
        if m:
            out.append((n, pc.clean(m.group(1)), m.group(2)))
            continue
        m = MISC.match(line.strip())
        if m:
            out.append((n, None, m.group(1)))
    return out


def looks_cut(text: str) -> bool:
    """A heading line that wrapped: long, or ending on a joining word or hyphen."""
    text = re.sub("^" + GLYPHS, "", text).rstrip()
    return len(text) >= 70 or bool(re.search(
        r"(?:\b(?:de|du|des|et|la|le|les|à|au|aux|en|pour|sur|avec|d’|l’)|[-:])$", text))


def title_lines(lines: list[str], n: int, title: str) -> tuple[list[int], str]:
    """Heading line plus its wrapped continuation lines, running headers cut off."""
    tl = [n]
    title, header = cut_header(title)
    while not header and looks_cut(lines[tl[-1] - 1]) and tl[-1] < len(lines):
        nxt = lines[tl[-1]]
        if not nxt.strip() or BODY_START.match(nxt) or HEAD.match(nxt):
            break
        tl.append(tl[-1] + 1)
        more, header = cut_header(nxt)
        title = title.rstrip() + " " + more.strip()
    return tl, title


def cut_header(text: str) -> tuple[str, bool]:
    """Text before a running page header glued to the line, and whether one was found."""
    m = RUNNING.search(text)
    return (text[:m.start()], True) if m else (text, False)


def items_of(lines: list[str]) -> list[dict[str, Any]]:
    """Proposed items of one document."""
    hs = heads(lines)
    end = next((n for n, line in enumerate(lines, 1) if END.match(line)), len(lines) + 1)
    out = []
    for k, (n, number, title) in enumerate(hs):
        hi = hs[k + 1][0] if k + 1 < len(hs) else end
        tl, obj = title_lines(lines, n, title)
        body = tl[-1] + 1
        rline, rapp = pc.find_rapporteur(lines, body, min(hi, body + 4), RAPP)
        if rline is None:
            rline, rapp = pc.find_rapporteur(lines, body, min(hi, body + 2), MAIRE)
        if rline is None:
            rline, rapp = pc.find_rapporteur(lines, body, min(hi, body + 3), PRESENTS)
        vote = pc.find_vote(lines, body, hi, DECIDED) if number else pc.vote(None, None)
        out.append(pc.item(n, tl, obj, number_line=n if number else None, delib_number=number,
                           rapporteur_line=rline, rapporteur=rapp, **vote))
    return out


def propose(name: str) -> tuple[dict[str, Any], int]:
    """Gold line for one file, with its hand fixes applied; and the count of fixed items."""
    lines = pc.read_lines(AUTH, name)
    items, fixed = pc.apply_fixes(items_of(lines), FIXES.get(name, {}))
    rec = pc.doc(name, AUTH, "minutes", "Commune de CHEMERE", "conseil municipal",
                 session_date(name), president(lines), items)
    return rec, fixed


def all_records() -> list[tuple[dict[str, Any], int]]:
    """Every document of the authority with its count of hand-fixed items."""
    return [propose(p.name) for p in sorted((pc.TEXTS / AUTH).glob("*.txt"))]


def main() -> None:
    """Write drafts/chemere.jsonl and its review listing."""
    pairs = all_records()
    pc.save(AUTH, [rec for rec, _ in pairs])
    print(f"hand-fixed items: {sum(n for _, n in pairs)}", file=sys.stderr)


if __name__ == "__main__":
    main()
