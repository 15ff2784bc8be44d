"""Proposer for the Pierrefonds minutes: agenda repeated in the body, or 'D2025-001 - Objet'."""
from __future__ import annotations

import re
import sys
from typing import Any

from gold2_common import apply_fixes, find_date, find_vote, item, load, norm, review, write

AUTH = "pierrefonds"
OBJET = re.compile(r"^\s*((?:DM|D)\s?\d{4}[-_]\d+)\s*[-–:]*\s*(?:Objet\s*:\s*)?(\S.*)$")
NUMBERED = re.compile(r"^\s*(\d{1,2})\.\s+(\S.*)$")
RAP = re.compile(
    r"^\s*(?:Madame le [Mm]aire (?:passe|donne) la parole à )?"
    r"((?:Madame|Monsieur|Mme|M\.)\s+le\s+[Mm]aire|(?:Madame|Monsieur|M\.|Mme)\s*"
    r"(?:[A-ZÉ][\w\-]+ )?[A-ZÉ][\w\-]+)\s*,?\s+(?:indique|rappelle|expose|présente|informe|"
    r"explique|propose|précise|fait|donne|demande|souhaite|qui)"
)
SENTENCE = re.compile(
    r"^(Vu|Madame|Monsieur|M\.|Mme|Considérant|Le |La |Les |Il |Elle |Par |Dans |Lors |Suite"
    r"|Conformément|Depuis|En )"
)
HEADER = re.compile(r"Commune de Pierrefonds - Conseil Municipal du .*Page")


def session_date(lines: list[str]) -> str:
    head = " ".join(lines[:12])
    m = re.search(r"Conseil Municipal du (\d{2})/(\d{2})/(\d{4})", head)
    if m:
        return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    date = find_date(head, r"conseil municipal du ")
    if date is None:
        raise ValueError("no date")
    return date


def president(lines: list[str]) -> str | None:
    head = re.sub(r"\s+", " ", " ".join(lines[:20]))
    m = re.search(r"présidence de ((?:Madame|Monsieur) [^,]+?),", head)
    return m.group(1).strip() if m else None


def agenda_text(lines: list[str], upto: int) -> str:
    return norm(" ".join(lines[:upto]))


def continuation(lines: list[str], i: int, title: str, agenda: str, objet: bool) -> bool:
    ln = lines[i].strip()
    if not ln or HEADER.search(ln) or RAP.match(ln) or NUMBERED.match(ln) or OBJET.match(ln):
        return False
    if ln[0] in "−-–" and not re.match(r"^[−\-–]\s*(Pour|Contre|Abst)", ln):
        return True
    if ln[0].islower() and not re.search(r"[.:;]\s*$", title) and len(ln) < 60:
        return True
    if objet and not re.search(r"[.:;]\s*$", title) and not SENTENCE.match(ln):
        return True
    return norm(title + " " + ln) in agenda or (norm(ln) in agenda and len(norm(ln)) > 25)


def heads_numbered(lines: list[str]) -> list[tuple[int, str | None, str]]:
    ones = [i for i, ln in enumerate(lines) if re.match(r"^\s*1\.\s+\S", ln)]
    body = ones[1] if len(ones) > 1 else ones[0]
    out: list[tuple[int, str | None, str]] = []
    expect = 1
    for i in range(body, len(lines)):
        m = NUMBERED.match(lines[i])
        if m and int(m.group(1)) == expect:
            out.append((i, None, m.group(2)))
            expect += 1
    return out


def heads_objet(lines: list[str]) -> list[tuple[int, str | None, str]]:
    return [(i, m.group(1), m.group(2)) for i, ln in enumerate(lines) if (m := OBJET.match(ln))]


def propose(name: str) -> dict[str, Any]:
    lines = load(AUTH, name)
    heads = heads_objet(lines) or heads_numbered(lines)
    agenda = agenda_text(lines, heads[0][0]) if heads else ""
    items = []
    for k, (i, num, first) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        tl, j, title = [i + 1], i + 1, first
        objet = num is not None and not num.startswith("DM")
        while j < end and continuation(lines, j, title, agenda, objet):
            title += " " + lines[j].strip()
            tl.append(j + 1)
            j += 1
        rap_line = rap = None
        for r in range(j, min(end, j + 3)):
            if m := RAP.match(lines[r]):
                rap_line, rap = r + 1, m.group(1)
                break
        items.append(item(i + 1, tl, title, i + 1 if num else None, num, rap_line, rap,
                          find_vote(lines, j, end)))
    return {"file": name, "authority_id": AUTH, "kind": "minutes",
            "collectivity": "Commune de Pierrefonds", "body": "conseil municipal",
            "session_date": session_date(lines), "president": president(lines),
            "deliberations": items}


V = find_vote  # shorthand in the fixes below

OBJ6 = ("Approbations de l’avenant n°1 du marché public d’entretien et de maintenance des ins- "
        "tallations d’éclairage public et de la nouvelle convention « Groupement de commandes », "
        "proposés par la Communauté de communes des Lisières de l’Oise")
CUI = ("Création d’un poste d’agent d’animation dans le cadre du dispositif Contrat Unique "
       "d’Insertion / Contrat d’Accompagnement dans l’Emploi (CUI/CAE)")


def vote(line: int | None, res: str | None, f: int | None = None, a: int | None = None,
         ab: int | None = None) -> dict[str, Any]:
    return {"vote_line": line, "vote_result": res, "votes_for": f, "votes_against": a,
            "votes_abstention": ab}


# Hand corrections after reading the proposals (start_line -> fields; None drops the item).
FIXES: dict[str, dict[int, Any]] = {
    "20250527_PV.txt": {286: {"vote_result": None}},  # printed "à l'unanimité/majorité"
    # budget points voted one by one under "1. Budget – Commune": one item each
    "CM_11_avril_2023.txt": {48: {"title_lines": [48, 49], "object": "Budget – Commune : - "
                                  "Approbation du compte de gestion 2022"},
                             99: vote(None, None)},  # one vote per association, mixed
    "compte_rendu_30_06_2020.txt": {68: {"title_lines": [68, 69], "object": "Budget - Commune "
                                         "\uf02d Affectation des résultats 2019"}},
    "CM_23_FEVRIER.txt": {235: vote(269, "unanimité")},
    "CM_9_juin_2023.txt": {37: vote(None, None)},  # election, no vote
    "CM_22_SEPTEMBRE_2021.txt": {239: vote(256, "unanimité")},
    "compte_rendu_13_10_2016.txt": {160: {"vote_result": "rejeté"}},
    "compte_rendu_12_12_2017.txt": {782: vote(809, "adopté", 14, None, 5)},
}
def sub_items(lines: list[str], heads: list[int], end: int) -> list[dict[str, Any]]:
    """Sub-points printed on their own line ('- Budget primitif 2023') and voted separately."""
    out = []
    for k, h in enumerate(heads):
        stop = heads[k + 1] - 1 if k + 1 < len(heads) else end
        title = re.sub(r"^[\s\f\uf02d\-]+", "", lines[h - 1])
        out.append(item(h, [h], title, vote=V(lines, h, stop)))
    return out


ADDED: dict[str, Any] = {
    "CM_11_avril_2023.txt": lambda ls: sub_items(ls, [71, 82, 99, 158, 190], 310),
    "compte_rendu_30_06_2020.txt": lambda ls: sub_items(ls, [120, 179, 229], 302),
    "CM_23_FEVRIER.txt": lambda ls: [item(269, [269, 270, 271], OBJ6, rap_line=273,
                                          rap="Madame le Maire", vote=V(ls, 271, 296))],
    "compte_rendu_03_12_2018.txt": lambda ls: [item(
        634, [634, 635], "Renouvellement de la convention d’occupation du domaine public conclue "
        "avec l’Hôtel Beaudon", rap_line=637, rap="Monsieur LEBLANC", vote=V(ls, 636, 667))],
}
SPECIAL = {"compte_rendu_23_08_2017.txt": lambda ls: [item(40, [40, 41], CUI, vote=V(ls, 42, 80))]}


def build(name: str) -> tuple[dict[str, Any], int]:
    lines = load(AUTH, name)
    if name in SPECIAL:
        entry = propose_header(name, lines)
        entry["deliberations"] = SPECIAL[name](lines)
        return entry, len(entry["deliberations"])
    entry = propose(name)
    extra = ADDED[name](lines) if name in ADDED else []
    added = apply_fixes(entry, {}, extra)
    return entry, added + apply_fixes(entry, FIXES.get(name, {}))


def propose_header(name: str, lines: list[str]) -> dict[str, Any]:
    return {"file": name, "authority_id": AUTH, "kind": "minutes",
            "collectivity": "Commune de Pierrefonds", "body": "conseil municipal",
            "session_date": session_date(lines), "president": president(lines),
            "deliberations": []}


EXCLUDED = {"LISTE_DELIBERATIONS_DU_27_janvier_2026_ocr.txt": "OCR de tableau illisible",
            "REPERTOIRE_CHRONOLOGIQUE_2024_POUR_AFFICHAGE.txt": "répertoire annuel multi-séances",
            "REPERTOIRE_CHRONOLOGIQUE_2025_POUR_AFFICHAGE.txt": "répertoire annuel multi-séances"}


if __name__ == "__main__":
    from gold2_common import TEXTS
    names = sys.argv[1:] or sorted(p.name for p in (TEXTS / AUTH).glob("*.txt")
                                   if p.name not in EXCLUDED)
    entries, touched = [], 0
    for n in names:
        e, t = build(n)
        entries.append(e)
        touched += t
        if sys.argv[1:]:
            review(e)
    items = sum(len(e["deliberations"]) for e in entries)
    print(f"{len(entries)} docs, {items} items, {touched} corrected by hand")
    if not sys.argv[1:]:
        write(entries, AUTH)
