"""Proposer (and hand fixes) for the Preuilly-sur-Claise minutes of 23 July 2020 (dev2 part 1)."""

from __future__ import annotations

import re
import sys
from typing import Any

import part1_common as pc

AUTH = "preuilly-sur-claise"
NAME = "PV_2020_07_23.txt"
HEAD = re.compile(r"^\s*(20\d\d-\d{3})\s+(\S.*?)\s*$")
DECIDED = re.compile(r"(?i)\b(?:d[ée]cide|accepte|approuve|adopte|d[ée]signe|autorise|émet|"
                     r"valide|fixe|propose, pour siéger)\b")
RAPP = r"^\s*((?:Monsieur|Madame|M\.|Mme)\s+(?:le\s+Maire|[A-ZÉ][\w-]+))\s+(?:expose|rappelle|" \
       r"présente|informe|propose|indique)"

# Hand fixes keyed by start line (see part1_common.apply_fixes).
def subject(line: int, title: str) -> dict[str, Any]:
    """A 'Questions diverses' subject heading (no vote)."""
    return {"start_line": line, "title_lines": [line], "object": title}


FIXES: dict[int, Any] = {
    155: {"title_lines": [155], "object": "CANTINE- TARIFS POUR RENTREE SCOLAIRE 2020-2021"},
    244: {"start_line": 244, "title_lines": [244], "number_line": 244,
          "delib_number": "2020- 047",
          "object": "REDEVANCE POUR OCCUPATION DU DOMAINE PUBLIC PAR ORANGE",
          "vote_line": 260, "vote_result": "adopté"},
    262: {"object": "LOCATION DES EQUIPEMENTS SPORTIFS –2019- Collège Gaston Defferre"},
    327: {"vote_line": 351, "vote_result": "majorité", "votes_for": 2, "votes_against": 11,
          "votes_abstention": 1},
    359: subject(359, "Cabinet médical"), 367: subject(367, "Résidence Séniors"),
    372: subject(372, "Projet « petites villes de demain »"),
    376: subject(376, "Atelier double relais"), 381: subject(381, "Nouveau médecin"),
    387: subject(387, "Place des Halles"), 392: subject(392, "Ordures ménagères"),
    399: subject(399, "Forum des Associations"), 404: subject(404, "Eclairage terrain de foot5"),
    410: subject(410, "Commissions Communales"), 414: subject(414, "Comptes rendus"),
    420: subject(420, "Divers"),
}


def items_of(lines: list[str]) -> list[dict[str, Any]]:
    """Numbered deliberations: the heading block runs to the first blank line."""
    end = next((n for n, line in enumerate(lines, 1) if re.search(r"séance est levée", line)),
               len(lines) + 1)
    heads = [n for n, line in enumerate(lines[:end], 1) if HEAD.match(line)]
    out = []
    for k, n in enumerate(heads):
        hi = heads[k + 1] if k + 1 < len(heads) else end
        m = HEAD.match(lines[n - 1])
        assert m
        tl, title = [n], m.group(2)
        while lines[tl[-1]].strip() and tl[-1] + 1 < hi:
            tl.append(tl[-1] + 1)
            title += " " + lines[tl[-1] - 1].strip()
        rline, rapp = pc.find_rapporteur(lines, tl[-1] + 1, min(hi, tl[-1] + 5), RAPP)
        out.append(pc.item(n, tl, title, number_line=n, delib_number=m.group(1),
                           rapporteur_line=rline, rapporteur=rapp,
                           **pc.find_vote(lines, tl[-1] + 1, hi, DECIDED)))
    return out


def all_records() -> list[tuple[dict[str, Any], int]]:
    """The one document with its count of hand-fixed items."""
    lines = pc.read_lines(AUTH, NAME)
    items, fixed = pc.apply_fixes(items_of(lines), FIXES)
    rec = pc.doc(NAME, AUTH, "minutes", "Commune de Preuilly-sur-Claise", "conseil municipal",
                 "2020-07-23", "Monsieur CHARRIER Jean-Paul", items)
    return [(rec, fixed)]


def main() -> None:
    """Write the draft JSONL and its review listing."""
    pairs = all_records()
    pc.save(AUTH, [rec for rec, _ in pairs])
    print(f"hand-fixed items: {sum(n for _, n in pairs)}", file=sys.stderr)


if __name__ == "__main__":
    main()
