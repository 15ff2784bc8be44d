"""Proposer (and hand fixes) for the Montreuil-en-Touraine minutes 2008-2016 (dev2 gold, part 1)."""

from __future__ import annotations

import re
import sys
from typing import Any

import part1_common as pc

AUTH = "montreuil-en-touraine"
NUMBERED = re.compile(r"^\s*(?:.*page \d+/\d+(?=\d+ ?-))?(\d{1,2})\s*(?:\)|-|–)\s*(\S.*)$")
GLUED = re.compile(r"[.»]\s*(\d{1,2})\)\s*([A-ZÉa-zé].{3,})$"
                   r"|page\s+\d+\s*/\s*\d+\s*\f\s*(\d{1,2})\s*[-–]\s*(\S.*)$")
SEPARATOR = re.compile(r"^\s*(?:~{5,}|-{10,})\s*$")
CAPS = re.compile(r"^[^a-zà-ÿ]*[A-ZÀ-Ý][^a-zà-ÿ]*$")
DECIDED = re.compile(r"(?i)\b(?:d[ée]cide(?:nt)?|accepte(?:nt)?|approuve(?:nt)?|adopte(?:nt)?|"
                     r"désigne(?:nt)?|autorise(?:nt)?|émet(?:tent)?|valide(?:nt)?|fixe(?:nt)?|"
                     r"refuse(?:nt)?|donne(?:nt)? (?:son|leur) accord|"
                     r"ont adopté|est décidé|pren(?:d|nent) acte|est rejetée?)\b")
RAPP = (r"^\s*((?:Monsieur|Madame|M\.|Mme)\s+(?:le\s+Maire|le 1er adjoint|[A-ZÉ][\w-]+"
        r"(?:\s+[A-ZÉ][\w-]+)?))\s+(?:expose|présente|informe|rappelle|donne|propose|explique|"
        r"fait|procède|indique)")
MONTHS = "|".join(pc.MONTHS)


def session_date(lines: list[str], name: str) -> str:
    """'Séance du mardi 16 mars 2010', else the file name's date."""
    text = pc.clean(" ".join(lines[:40]))
    m = re.search(r"(?:Séance|réunion de Conseil Municipal|Du)\s+(?:du\s+)?(?:\w+\s+)?(\d{1,2})"
                  r"(?:er)?\s+(" + MONTHS + r")\s+(\d{4})", text, re.I)
    if m:
        return pc.iso(int(m.group(1)), pc.MONTHS[m.group(2).lower()], int(m.group(3)))
    m = re.match(r"(\d{4})_(\d{2})_(\d{2})", name)
    assert m, name
    return pc.iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def president(lines: list[str]) -> str | None:
    """'sous la présidence de Monsieur X, Maire'."""
    text = pc.clean(" ".join(lines[:60]))
    m = re.search(r"présidence de ((?:Monsieur|Madame|M\.|Mme) [^,]+?)\s*,", text)
    return m.group(1) if m else None


def body_start(lines: list[str]) -> int:
    """First line after the header block: last separator, or the end of the agenda list."""
    seps = [n for n, line in enumerate(lines[:70], 1) if SEPARATOR.match(line)]
    start = seps[-1] + 1 if seps else 1
    agenda = next((n for n, line in enumerate(lines[:50], 1)
                   if re.match(r"\s*Ordre du jour", line, re.I)), None)
    if agenda and not seps:
        n, seen = agenda + 1, False
        while n <= len(lines):
            m = re.match(r"\s*(?:(\d{1,2})\s*[.)–-]|[•✗–-]|$)", lines[n - 1])
            if not m or (seen and m.group(1) == "1"):
                break
            seen = seen or bool(m.group(1))
            n += 1
        start = n
    return start


def heads(lines: list[str]) -> list[tuple[int, str | None, str]]:
    """Proposed (line, number, title) of the items: numbered lines and short capitalised lines."""
    out: list[tuple[int, str | None, str]] = []
    for n in range(body_start(lines), len(lines) + 1):
        line = lines[n - 1]
        g = GLUED.search(line)
        m = NUMBERED.match(line)
        if g:
            out.append((n, g.group(1) or g.group(3), g.group(2) or g.group(4)))
        elif m and len(line) < 400 and not re.match(r"^\s*\d+\s*-\s*\d", line):
            out.append((n, m.group(1), m.group(2)))
        elif CAPS.match(line.strip()) and 4 < len(line.strip()) < 160 and re.search(
                r"[A-Z]{4}", line):
            out.append((n, None, line.strip()))
    return out


def items_of(lines: list[str], hs: list[tuple[int, str | None, str]]) -> list[dict[str, Any]]:
    """Items from their heads."""
    end = next((n for n, line in enumerate(lines, 1)
                if re.search(r"lève la séance|séance est levée|Séance levée", line)),
               len(lines) + 1)
    out = []
    for k, (n, _number, head) in enumerate(hs):
        hi = hs[k + 1][0] if k + 1 < len(hs) else min(max(end + 1, n + 1), len(lines) + 1)
        tl, title = ([n], head) if head else ([], None)
        if head and wrapped(lines, n) and n + 1 < hi:
            tl.append(n + 1)
            title = head.rstrip() + " " + lines[n].strip()
        last = tl[-1] if tl else n - 1
        rline, rapp = pc.find_rapporteur(lines, last + 1, min(hi, last + 4), RAPP)
        vote = pc.find_vote(lines, last + 1, hi, DECIDED)
        out.append(pc.item(n, tl, title, number_line=None, delib_number=None,
                           rapporteur_line=rline, rapporteur=rapp, **vote))
    return out


def wrapped(lines: list[str], n: int) -> bool:
    """A long heading line whose title ends on the next, short line."""
    nxt = lines[n].strip() if n < len(lines) else ""
    return (len(lines[n - 1].rstrip()) >= 85 and 0 < len(nxt) < 60
            and not re.match(r"(?:Monsieur|Madame|Le |La |Les |Après|A l|Suite|Vu |Il |Un |Une )",
                             nxt))


UNAN = {"vote_result": "unanimité", "votes_for": None, "votes_against": None,
        "votes_abstention": None}

# Hand fixes: per file, "drop" start lines, "add" (line, title) heads, and item field fixes.
FIXES: dict[str, dict[str, Any]] = {
    "2008_05_09.txt": {
        "drop": [105],
        "add": [(107, "Nomination des membres du Centre Communal d’Action Sociale"),
                (115, "Délégués au CNAS"), (125, "Bibliothèque"),
                (137, "L’avenir du « Bar Bouille »"),
                (145, "Ouverture d’une quatrième classe à Montreuil-en-Touraine")],
        "items": {145: {"rapporteur_line": 147, "rapporteur": "Madame Christine ULIVI"}}},
    "2008_07_03.txt": {
        "drop": [117],
        "add": [(129, "Mise en place de la liste des distributeurs des bulletins municipaux et "
                      "autres tractes a caractere culturel")],
        "items": {101: {"votes_for": 10}}},
    "2008_11_18.txt": {"drop": [95]},
    "2009_01_24.txt": {"add": [(53, "PROJET D'INSTALLATION D'UN COLOMBARIUM AU CIMETIERE DE "
                                    "MONTREUIl EN TOURAINE")]},
    "2009_04_09.txt": {"items": {197: {"vote_line": 201, "vote_result": "adopté"}}},
    "2009_05_12.txt": {},
    "2009_07_16.txt": {
        "add": [(57, "Délégation au Maire pour la signature des marchés publics"),
                (65, "Élaboration de la commission des impôts directs")],
        "items": {99: {"vote_line": 103, "vote_result": "adopté"}}},
    "2009_10_27.txt": {"add": [(39, "Autorisation d'achat d'un camion benne")]},
    "2010_Seance_de_aout_2010.txt": {
        "add": [(32, "Projet aménagement de la place de la grange communale"),
                (46, "Chauffage de l'église"), (48, "Abaissement d'une buse aux Grands Villepins"),
                (52, "Subvention du SIEIL"), (57, "Dissolution de l'association foncière du TGV"),
                (60, "Réclamation d'une administrée")]},
    "2010_Seance_du_16_mars_2010.txt": {
        "drop": [16, 115, 117, 149],
        "add": [(29, "Approbation du Compte Administratif 2009 de la commune"),
                (61, "Approbation du Compte Administratif 2009 du lotissement communal"),
                (249, "Délibération Atteinte au domaine privé communal"),
                (266, "Vente d'une partie de la parcelle cadastrée n° 71, section ZY situé au "
                      "lieudit Le Petit Salé"),
                (275, "Distributeur de pizzas"), (290, "Mise en sécurité du château")],
        "items": {77: {"title_lines": [77, 78], "object": "Subvention pour contribution aux frais "
                       "de voyage d'un administré pour participation à un concours sportif",
                       "vote_line": None, "vote_result": None},
                  290: {"vote_line": 297, "vote_result": "adopté"}}},
    "2010_Seance_du_21_octobre_2010.txt": {},
    "2010_Seance_du_30_mars_2010.txt": {
        "drop": [16],
        "add": [(38, "Vote du budget de la commune 2010 et affectation du résultat"),
                (64, "Poteaux incendies"), (71, "Le château")]},
    "2010_Seance_du_5_janvier_2010.txt": {
        "add": [(63, "Dénonciation de la convention ATESAT avec la D.D.E")]},
    "2011_Seance_25_novembre_2011.txt": {
        "drop": [72, 76, 80, 81, 82], "add": [(106, "Questions diverses")]},
    "2012_Seance_02_fevrier_2012.txt": {
        "drop": [40], "add": [(97, "Questions diverses")],
        "items": {71: {"vote_line": 79, "vote_result": "adopté"}}},
    "2012_Seance_10_juillet_2012.txt": {
        "drop": [91, 92, 125, 138, 156, 173, 195],
        "items": {39: {"object": "décision modificative budget communal", "title_lines": [39]},
                  72: {"object": "Attribution d'un régime Indemnitaire au personnel communal"}}},
    "2012_Seance_du_12_juin_2012.txt": {
        "items": {41: {"object": "Décision Modificative n°2 budget communal",
                       "title_lines": [41]}}},
    "2012_Seance_du_15_mai_2012.txt": {"drop": [32, 36]},
    "2012_Seance_du_18_decembre_2012.txt": {"drop": [54], "items": {59: {"votes_against": 2}}},
    "2014_18_decembre.txt": {
        "drop": [65, 104],
        "add": [(105, "Vente des bungalows"),
                (109, "Réseau électrique à « Pierre Bise » chez M. Mme Mauchien"),
                (116, "Chemin d'accès au château")],
        "items": {105: {"rapporteur": None, "rapporteur_line": None}}},
    "2014_20_mars.txt": {
        "drop": [21, 22, 23, 110],
        "add": [(111, "Cimetière"), (119, "Logement N. Roquin")],
        "items": {127: {"start_line": 127}}},
    "2014_27_juin.txt": {
        "drop": [155], "add": [(156, "PEDT – réforme du rythme scolaire")],
        "items": {44: {"vote_result": "majorité", "votes_abstention": 1},
                  62: {"votes_abstention": 1}}},
    "2014_9_octobre.txt": {
        "drop": [117], "add": [(118, "Horaires APC/dépôt de pains")],
        "items": {43: {"vote_line": 49, "vote_result": "adopté"},
                  50: {"vote_line": 69, "vote_result": "adopté"}}},
    "2015_15_decembre.txt": {
        "drop": [145],
        "add": [(146, "Réunion publique pour l'aménagement du centre bourg"),
                (149, "Enfouissement des réseaux ERDF"), (153, "Transport scolaire"),
                (157, "Dates à retenir")]},
    "2015_16_juillet.txt": {
        "drop": [77],
        "add": [(78, "Communication de document par courrier électronique"),
                (82, "Marché public : Pompe à chaleur pour la salle des fêtes"),
                (86, "Marché public : Restauration scolaire"), (90, "Nuisances au château")],
        "items": {78: {"vote_line": None, "vote_result": None},
                  90: {"vote_line": None, "vote_result": None}}},
    "2015_17_novembre.txt": {
        "drop": [178],
        "add": [(179, "Horaires d'ouverture du cimetière"), (186, "Troubles de voisinage"),
                (191, "Diagnostic accessibilité")],
        "items": {179: {"rapporteur_line": 180, "rapporteur": "Monsieur Galimant"}}},
    "2014_4_avril.txt": {
        "items": {35: {"vote_line": 36, "vote_result": "adopté"},
                  48: {"title_lines": [48], "object": "Election des délégués aux différents "
                       "établissements de coopérations intercommunales"}}},
    "2015_1er_octobre.txt": {
        "drop": [70, 76, 191], "add": [(192, "Tarif occupation du domaine public")],
        "items": {56: {"vote_line": 77, "vote_result": "unanimité"}}},
    "2015_27_mars.txt": {"drop": [171]},
    "2016_24_mars.txt": {"items": {18: {"votes_abstention": 1}}},
    "2016_2_fevrier.txt": {
        "drop": [44, 54, 196],
        "add": [(197, "Remplacement de Monsieur Gratteau aux syndicats où il était membre"),
                (204, "Pose d'un panneau d'indication pour l'association des contrats de jardin"),
                (210, "Dissolution du Comité des fêtes")],
        "items": {34: {"vote_line": 55, "vote_result": "unanimité"},
                  120: {"votes_abstention": 1}}},
    "2016_30_aout.txt": {
        "drop": [120, 121, 122, 123, 124],
        "add": [(27, "Actualisation des tarifs municipaux"), (87, "Devenir du CCAS"),
                (93, "Projet de création de commune nouvelle : mise en place de groupes de "
                     "travail"),
                (137, "Convention d'occupation du domaine public pour l'implantation de la "
                      "borne électrique"),
                (174, "Décision modificative n°2"), (182, "Questions diverses")],
        "items": {93: {"vote_line": 135, **UNAN}}},
    "Seance_du_07_octobre_2010_CR_Affichage.txt": {"kind": "list"},
    "Seance_du_10_11_2009_CR_affichage.txt": {"kind": "list"},
    "Seance_du_18_11_08_CR_affichage.txt": {"kind": "list"},
    "Seance_du_18_11_08_CR_NR.txt": {"kind": "list"},
    "Seance_du_07_octobre_2010_CR_Registre_07_10_2010.txt": {
        "drop": [63, 64, 65, 66], "items": {56: {"vote_line": 68, "vote_result": "unanimité"}}},
    "Seance_du_18_11_08_CR_Registre.txt": {"drop": [70]},
    "Seance_du_28_03_2009_CR_NR.txt": {
        "drop": [1],
        "add": [(3, None), (4, None), (5, "Vote des taxes locales"),
                (9, "Vote du Compte Administratif de la commune pour l'année 2008"),
                (22, "Vote du Compte Administratif du lotissement pour l'année 2008"),
                (30, "Vote du Compte Administratif du service assainissement pour l'année 2008")],
        "items": {3: {"vote_line": 3, "vote_result": "adopté"},
                  4: {"vote_line": 4, "vote_result": "adopté"}}},
    "2011_Seance_du_11_janvier_2011.txt": {
        "drop": [86],
        "add": [(45, "Calendrier des Brèves et mise à jour du tableau de distribution"),
                (106, "Questions diverses")]},
}


def summary_items(lines: list[str]) -> list[dict[str, Any]]:
    """Items of a posted summary: one '- a décidé ...' line each."""
    out = []
    for n, line in enumerate(lines, 1):
        m = re.match(r"^\s*(?:-\s*)?(a\s+(?:été\s+)?\w+.*?)[\s,.]*$", line)
        if not m:
            continue
        adopted = re.match(r"a (?:approuvé|adopté|décidé|fixé|nommé|accordé)", m.group(1))
        out.append(pc.item(n, [n], m.group(1), vote_line=n if adopted else None,
                           vote_result="adopté" if adopted else None))
    return out


def propose(name: str) -> tuple[dict[str, Any], int]:
    """Gold line for one file with its hand fixes; and the count of fixed items."""
    lines = pc.read_lines(AUTH, name)
    fix = FIXES.get(name, {})
    if fix.get("kind") == "list":
        rec = pc.doc(name, AUTH, "list", "Commune de Montreuil-en-Touraine", "conseil municipal",
                     session_date(lines, name), president(lines), summary_items(lines))
        return rec, 0
    by_line = {h[0]: h for h in heads(lines) if h[0] not in fix.get("drop", ())}
    by_line.update({n: (n, None, t) for n, t in fix.get("add", ())})
    hs = sorted(by_line.values())
    items, fixed = pc.apply_fixes(items_of(lines, hs), fix.get("items", {}))
    fixed += len(fix.get("drop", ())) + len(fix.get("add", ()))
    rec = pc.doc(name, AUTH, fix.get("kind", "minutes"), "Commune de Montreuil-en-Touraine",
                 "conseil municipal", session_date(lines, name), president(lines), items)
    return rec, fixed


def all_records(reviewed_only: bool = True) -> list[tuple[dict[str, Any], int]]:
    """Every kept (hand-reviewed) document of the authority with its count of fixed items."""
    names = sorted(p.name for p in (pc.TEXTS / AUTH).glob("*.txt"))
    return [propose(n) for n in names if not FIXES.get(n, {}).get("exclude")
            and (n in FIXES or not reviewed_only)]


def main() -> None:
    """Write the draft JSONL and its review listing."""
    pairs = all_records(reviewed_only=False)
    pc.save(AUTH, [rec for rec, _ in pairs])
    print(f"hand-fixed items: {sum(n for _, n in pairs)}", file=sys.stderr)


if __name__ == "__main__":
    main()
