"""The line-role model: shipped and loaded, records from roles, lines placed in the normalised
text, unknown titles left unknown, a clear French message for a missing or damaged model."""

from collections import defaultdict

import pytest

from index.models import LineStyle, SourceDocument
from index.normalize import normalize_pages
from index.parsing import PARSER_VERSION, parse_document, parse_with
from index.structure.gold import GoldDoc, GoldItem
from index.structure.lines import offsets_in, raw_lines
from index.structure.roles import (
    HEAD,
    OTHER,
    RAPPORTEUR,
    TITLE,
    TITLE_MORE,
    VOTE,
    RoleModel,
    StructureModelError,
    assemble,
    default_model,
    model_version,
)
from tests.conftest import REPO

MINUTES = """COMMUNE DE VILLENEUVE-SUR-LOT
PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL MUNICIPAL
Séance du 3 avril 2024

Présents : M. DURAND, Mme MARTIN, M. PETIT, Mme LEROY
Excusés : M. BLANC (pouvoir à M. DURAND)
Secrétaire de séance : Mme LEROY

2024-11 – Tarifs de la restauration scolaire
Rapporteur : Mme MARTIN
Mme MARTIN rappelle que les tarifs n'ont pas été revus depuis 2021.
Après en avoir délibéré, le conseil municipal décide de fixer le prix du repas à 3,40 €.
Adopté à l'unanimité.

2024-12 – Subvention au comité des fêtes
Rapporteur : M. PETIT
M. PETIT présente la demande du comité pour la fête de la musique.
Après en avoir délibéré, le conseil municipal décide d'accorder 800 €.
Vote : 12 pour, 2 contre, 1 abstention. Adopté à la majorité.

2024-13 – Convention avec le syndicat des eaux
Rapporteur : M. le Maire
M. le Maire expose le projet de convention pour l'entretien des bornes.
Après en avoir délibéré, le conseil municipal autorise le Maire à signer la convention.
Adopté à l'unanimité.
"""


def doc(text: str) -> SourceDocument:
    return SourceDocument("pv.txt", "a" * 64, "txt", len(text), (text,))


def test_minutes_of_a_layout_outside_the_gold_give_one_record_per_item() -> None:
    delibs = parse_document(doc(MINUTES))
    assert [d.object for d in delibs] == ["Tarifs de la restauration scolaire",
                                          "Subvention au comité des fêtes",
                                          "Convention avec le syndicat des eaux"]
    assert [d.delib_number for d in delibs] == ["2024-11", "2024-12", "2024-13"]
    assert [d.rapporteur for d in delibs] == ["Mme MARTIN", "M. PETIT", "M. le Maire"]
    assert [d.vote.result for d in delibs] == ["unanimité", "majorité", "unanimité"]
    assert delibs[1].vote.votes_against == 2
    assert {d.session_date for d in delibs} == {"2024-04-03"}


def test_a_heading_opening_a_page_is_read_when_the_page_before_ends_without_a_newline() -> None:
    """PDF extractors rarely end a page on a newline: its last line and the next page's first
    share one row of the joined text; the heading stays a line of its own."""
    pages = tuple(part.strip("\n") for part in MINUTES.split("\n\n2024-1")[:1]) + tuple(
        "2024-1" + part.strip("\n") for part in MINUTES.split("\n\n2024-1")[1:])
    assert len(pages) == 4 and not any(page.endswith("\n") for page in pages)
    delibs = parse_with(SourceDocument("pv.pdf", "b" * 64, "pdf", 1, pages), default_model())
    assert [d.object for d in delibs] == ["Tarifs de la restauration scolaire",
                                          "Subvention au comité des fêtes",
                                          "Convention avec le syndicat des eaux"]
    assert [d.pages[0] for d in delibs] == [2, 3, 4]
    lines = raw_lines(pages)
    heading = next(line for line in lines if line.text.startswith("2024-13"))
    glued = [line for line in lines if line.row == heading.row]
    assert [line.text for line in glued] == [
        "Vote : 12 pour, 2 contre, 1 abstention. Adopté à la majorité.",
        "2024-13 – Convention avec le syndicat des eaux"]
    assert all(line.page_break for line in glued)


SESSION = """COMMUNE DE SAINT-AMAND
PROCÈS-VERBAL DE LA SÉANCE DU CONSEIL MUNICIPAL
Séance du 8 avril 2024

Présents : M. DURAND, Mme MARTIN, M. PETIT, Mme LEROY
Secrétaire de séance : Mme LEROY

"""  # a session heading for the texts below

OUTLINE = SESSION + """1— Finances Communales :
A — Vote du budget primitif 2024
Rapporteur : Mme MARTIN
Mme MARTIN présente le budget primitif, équilibré à 4 200 000 euros.
Après en avoir délibéré, le conseil municipal adopte le budget primitif 2024.
Adopté à l'unanimité.
B — Vote des taux d'imposition
Rapporteur : Mme MARTIN
Le conseil municipal décide de maintenir les taux de 2023.
Adopté à la majorité (2 voix contre).
2— Gestion du Personnel :
A — Création d'un poste d'adjoint technique
Rapporteur : M. le Maire
Le conseil municipal décide de créer un poste d'adjoint technique à temps complet.
Adopté à l'unanimité.
B — Mise à jour du tableau des effectifs
Rapporteur : M. le Maire
Le conseil municipal approuve le tableau des effectifs.
Adopté à l'unanimité.
"""


def test_numbered_sections_of_lettered_items_give_one_record_per_item() -> None:
    """« 1— Finances Communales : » then « A — … », « B — … »: the sections are not items."""
    delibs = parse_document(doc(OUTLINE))
    assert [d.object for d in delibs] == ["Vote du budget primitif 2024",
                                          "Vote des taux d'imposition",
                                          "Création d'un poste d'adjoint technique",
                                          "Mise à jour du tableau des effectifs"]
    assert [d.vote.result for d in delibs] == ["unanimité", "majorité", "unanimité",
                                               "unanimité"]


POINTS = SESSION + """1 — Subventions aux associations
a) Comité des fêtes : 500 euros
b) Club de football : 300 euros
Rapporteur : Mme MARTIN
Le conseil municipal décide d'attribuer ces subventions.
Adopté à l'unanimité.
2 — Tarifs municipaux 2024
a) Restauration scolaire : 3,40 euros
b) Garderie : 1,20 euros
Rapporteur : M. PETIT
Le conseil municipal fixe ces tarifs.
Adopté à l'unanimité.
3 — Convention avec le syndicat des eaux
Rapporteur : M. le Maire
Le conseil municipal approuve la convention.
Adopté à l'unanimité.
"""

INITIALS = SESSION + """1 — Budget primitif 2024
A. MARTIN, adjointe aux finances, présente le budget.
Le conseil municipal adopte le budget primitif.
Adopté à l'unanimité.
2 — Taux d'imposition
A. MARTIN, adjointe aux finances, présente les taux.
Le conseil municipal maintient les taux.
Adopté à l'unanimité.
"""


# the outline, its item « Création … » deciding a list lettered as the items are
LISTED = OUTLINE.replace("""A — Création d'un poste d'adjoint technique
Rapporteur : M. le Maire
Le conseil municipal décide de créer un poste d'adjoint technique à temps complet.
""", """A — Création de postes
Rapporteur : M. le Maire
Le conseil municipal décide de créer les postes suivants :
A – Un poste d'adjoint technique à temps complet
B – Un poste d'adjoint administratif à temps non complet
""")


def test_a_lettered_list_in_an_items_text_stays_in_its_item() -> None:
    """« A – Un poste … », « B – … » in an item of an outline are what it decides, not items."""
    delibs = parse_document(doc(LISTED))
    assert [d.object for d in delibs][-2:] == ["Création de postes",
                                               "Mise à jour du tableau des effectifs"]
    assert delibs[-2].vote.result == "unanimité"
    assert not any((d.object or "").startswith("Un poste") for d in delibs)


MIXED = SESSION + """1 – FINANCES
A – Budget primitif 2024
Rapporteur : Mme MARTIN
Le conseil municipal adopte le budget primitif 2024.
Adopté à l'unanimité.
B – Taux d'imposition 2024
Rapporteur : Mme MARTIN
Le conseil municipal maintient les taux.
Adopté à la majorité (3 voix contre).
2 – PERSONNEL
A – Création d'un poste d'adjoint technique
Rapporteur : M. le Maire
Le conseil municipal crée le poste.
Adopté à l'unanimité.
3 – Subventions aux associations
A – Comité des fêtes : 500 euros
B – Club de football : 300 euros
Rapporteur : Mme MARTIN
Le conseil municipal attribue ces subventions.
Adopté à la majorité (2 abstentions).
4 – Convention avec le SIVOM
Rapporteur : M. le Maire
Le conseil municipal approuve la convention.
Adopté à l'unanimité.
"""


def test_an_items_lettered_points_in_minutes_with_an_outline_keep_its_title() -> None:
    """« 3 – Subventions aux associations », then « A – … », « B – … » and one vote: the points
    of one item, while « 1 – FINANCES » and « 2 – PERSONNEL » are sections."""
    objects = [d.object for d in parse_document(doc(MIXED))]
    assert objects[:3] == ["Budget primitif 2024", "Taux d'imposition 2024",
                           "Création d'un poste d'adjoint technique"]
    assert "Subventions aux associations" in objects
    assert "FINANCES" not in objects and "PERSONNEL" not in objects


def test_items_with_lettered_points_or_initials_are_not_outlines() -> None:
    """« a) », « b) » under each numbered item are its points; « A. MARTIN » is a name."""
    objects = [d.object or "" for d in parse_document(doc(POINTS))]
    assert len(objects) == 3
    assert [o.split(" a)")[0] for o in objects] == [
        "Subventions aux associations", "Tarifs municipaux 2024",
        "Convention avec le syndicat des eaux"]
    objects = [d.object or "" for d in parse_document(doc(INITIALS))]
    assert objects[0] == "Budget primitif 2024" and "Taux d'imposition" in objects
    assert not any(o.startswith("A. MARTIN") for o in objects)


def test_a_title_below_the_confidence_threshold_stays_unknown() -> None:
    delibs = parse_with(doc(MINUTES), default_model(), threshold=1.01)
    assert len(delibs) == 3
    assert [d.object for d in delibs] == [None, None, None]  # no exposé sentence instead
    rules = parse_with(doc(MINUTES), None)
    assert len(rules) == 3  # the rules' own reading is still there without the model


def test_records_are_assembled_from_line_roles() -> None:
    tagged = [(0, OTHER, 1.0), (3, HEAD, 0.9), (4, TITLE, 0.8), (5, TITLE_MORE, 0.6),
              (6, RAPPORTEUR, 0.9), (9, VOTE, 0.9), (12, TITLE, 0.7), (13, OTHER, 1.0),
              (14, VOTE, 0.8)]
    items = assemble(tagged)
    assert [(i.start, i.title_lines, i.rapporteur_line, i.vote_line) for i in items] == [
        (3, [4, 5], 6, 9), (12, [12], None, 14)]
    assert items[0].title_confidence == pytest.approx(0.7)


def test_raw_lines_land_in_the_normalised_text_past_an_agenda() -> None:
    text = ("Ordre du jour :\n1. Budget primitif\n2. Tarifs\n\n"
            "1. Budget primitif\nLe budget est voté par le conseil municipal en équilibre\n"
            "pour un montant total de 1 000 € et adopté.\n2. Tarifs\nLes tarifs sont fixés.")
    lines = raw_lines((text,))
    normalised, _ = normalize_pages((text,))
    places = offsets_in(normalised, lines)
    assert normalised[places[4]:].startswith("1. Budget primitif\nLe budget")
    assert normalised[places[7]:].startswith("2. Tarifs\nLes tarifs")
    assert places[1] < places[4]  # the agenda line is placed at the agenda


def test_a_missing_or_damaged_model_file_gives_a_french_message(tmp_path) -> None:
    with pytest.raises(StructureModelError, match=r"absent ou illisible.*index\.structure\.training"):
        RoleModel(tmp_path / "absent.crfsuite")
    damaged = tmp_path / "roles.crfsuite"
    damaged.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(StructureModelError, match="absent ou illisible"):
        RoleModel(damaged)


def test_the_shipped_model_is_in_the_parser_version() -> None:
    version = model_version()
    assert version != "absent" and len(version) == 12
    assert PARSER_VERSION.endswith(version)


def test_gold_lines_hold_the_annotated_titles() -> None:
    from index.structure.gold import folded, load_gold
    from index.structure.training import line_labels, trainable

    docs = [d for d in load_gold(REPO, ("seeds.jsonl",))]
    assert len(docs) == 5 and all(trainable(d) for d in docs)
    for gold in docs:
        item = gold.items[0]
        printed = folded(" ".join(gold.lines[i].text for i in item.title_lines))
        assert folded(item.values["object"]) in printed
        assert line_labels(gold).count(TITLE) == 1


def test_gold_line_numbers_are_rows_and_a_shared_row_gives_the_annotated_line() -> None:
    from index.structure.gold import _numbered_item

    lines = raw_lines(("Le conseil adopte.", "2) Tarifs de la cantine\nAdopté à l'unanimité."))
    item = _numbered_item({"start_line": 1, "title_lines": [1], "object": "Tarifs de la cantine",
                           "vote_line": 2, "vote_result": "unanimité"}, lines)
    assert (item.start, item.title_lines, item.vote_line) == (1, (1,), 2)
    assert lines[1].text == "2) Tarifs de la cantine" and lines[1].row == 0


def test_every_gold_title_is_on_lines_that_open_it() -> None:
    """All annotated documents: each title's words start on its lines, and where a row of the
    gold holds the end of a page and the start of the next, the piece taken has letters (a
    page number sharing a row with a title is not part of it)."""
    from index.structure.gold import folded, load_gold

    items = [(gold, item) for gold in load_gold(REPO) for item in gold.items if item.title_lines]
    assert len(items) > 1900
    shared = 0
    for gold, item in items:
        keys = [folded(gold.lines[i].text) for i in item.title_lines]
        title = folded(item.values["object"])
        assert title[:12] in "".join(keys) or "".join(keys) in title, (gold.file, keys)
        for i in item.title_lines:
            if sum(line.row == gold.lines[i].row for line in gold.lines) > 1:
                shared += 1
                assert any(c.isalpha() for c in gold.lines[i].text), (gold.file, i)
    assert shared > 20


def minutes_gold(file: str, authority: str) -> GoldDoc:
    """MINUTES annotated: three items, the third with a wrong rapporteur."""

    def item(start: int, title: str, number: str, rapporteur: str, vote: str) -> GoldItem:
        return GoldItem(start, (start,), start, start + 1, None,
                        {"object": title, "delib_number": number, "rapporteur": rapporteur,
                         "vote_result": vote})

    return GoldDoc(file, authority, "minutes", "2024-04-03", (MINUTES,), raw_lines((MINUTES,)), [
        item(8, "Tarifs de la restauration scolaire", "2024-11", "Mme MARTIN", "unanimité"),
        item(14, "Subvention au comité des fêtes", "2024-12", "M. PETIT", "majorité"),
        item(20, "Convention avec le syndicat des eaux", "2024-13", "M. Durand", "unanimité")])


def test_the_structure_report_keeps_tune_and_check_authorities_apart() -> None:
    from eval.datasets.subset import authority_sides
    from eval.parse_eval import _by_side, outside_check

    docs = [minutes_gold("a.txt", "chemere"), minutes_gold("b.txt", "corte"),
            minutes_gold("c.txt", "aiglun"), minutes_gold("d.txt", "absente-du-jeu")]
    split = authority_sides(REPO / "eval" / "datasets" / "multi")
    sides = _by_side(split, docs, defaultdict(default_model), 0.3)
    assert (sides["tune"]["authorities"], sides["tune"]["n_items"]) == (2, 6)
    assert (sides["check"]["authorities"], sides["check"]["n_items"]) == (1, 3)
    assert sides["check"]["object"] == 1.0 and sides["check"]["rapporteur"] == 0.667
    chosen_on = [doc.authority for doc in outside_check(docs, split)]
    assert chosen_on == ["chemere", "corte", "absente-du-jeu"]  # check: in aggregate only


def test_the_structure_report_reads_each_pdf_with_and_without_its_print_per_side() -> None:
    from dataclasses import replace

    from eval.datasets.subset import authority_sides
    from eval.parse_eval import _print_by_side
    from index.layout import style_key

    printed = ((*(LineStyle(style_key(line), 10.0, 0.0) for line in MINUTES.splitlines()
                  if style_key(line)),),)
    docs = [replace(minutes_gold("a.txt", "chemere"), layout=printed),
            minutes_gold("b.txt", "corte"),  # no PDF: not in the comparison
            replace(minutes_gold("c.txt", "aiglun"), layout=printed)]
    split = authority_sides(REPO / "eval" / "datasets" / "multi")
    seen: list[int] = []  # printed lines handed to the model, parse after parse

    class Recording(RoleModel):
        def items(self, lines, hints, layout=()):  # type: ignore[no-untyped-def]
            seen.append(sum(len(page) for page in layout))
            return super().items(lines, hints, layout)

    model = Recording(default_model().path)
    sides = _print_by_side(split, docs, defaultdict(lambda: model), 0.3)
    assert sides["tune"]["authorities"] == sides["check"]["authorities"] == 1
    for side in ("tune", "check"):
        assert sides[side]["with_print"]["n_items"] == sides[side]["without_print"]["n_items"] == 3
        assert sides[side]["with_print"]["object"] == sides[side]["without_print"]["object"] == 1.0
    lines = len(printed[0])
    assert seen == [lines, 0, lines, 0]  # each PDF with its print, then without


def test_the_structure_report_scores_fields_and_item_boundaries() -> None:
    from eval.parse_eval import score

    gold = minutes_gold("pv.txt", "villeneuve")
    result = score([gold], {"pv.txt": parse_document})
    assert (result["object"], result["delib_number"], result["vote_result"]) == (1.0, 1.0, 1.0)
    assert result["rapporteur"] == 0.667  # "M. le Maire" is not "M. Durand" (3 decimals)
    assert (result["split_precision"], result["split_recall"]) == (1.0, 1.0)
    assert result["session_date"] == 1.0
    merged = score([gold], {"pv.txt": lambda document: parse_document(document)[:1]})
    assert (merged["split_recall"], merged["object"]) == (0.333, 0.333)


SCDL_EXPORT = """COLL_NOM,DELIB_ID,DELIB_DATE,DELIB_OBJET,VOTE_POUR,VOTE_CONTRE
Commune de Vernon,2021-14,2021-03-02,"Subvention au club de rugby
pour 12 500 euros",27,0
Commune de Vernon,2021-15,2021-03-02,Cession d'un terrain rue des Ecoles,20,5
Commune de Vernon,2021-16,2021-03-02,Travaux de voirie,10,15
"""


def test_the_structure_report_finds_the_rows_of_an_scdl_export() -> None:
    """Its records read « COLONNE : valeur », not the file's text: each is found by its object,
    a cell broken over two lines included."""
    from eval.parse_eval import score

    def item(start: int, title: str, number: str, vote: str) -> GoldItem:
        return GoldItem(start, (start,), start, start, start,
                        {"object": title, "delib_number": number, "rapporteur": None,
                         "vote_result": vote})

    gold = GoldDoc("vernon.txt", "vernon", "list", "2021-03-02", (SCDL_EXPORT,),
                   raw_lines((SCDL_EXPORT,)), [
                       item(1, "Subvention au club de rugby pour 12 500 euros", "2021-14",
                            "adopté"),
                       item(3, "Cession d'un terrain rue des Ecoles", "2021-15", "majorité"),
                       item(4, "Travaux de voirie", "2021-16", "rejeté")])
    result = score([gold], {"vernon.txt": parse_document})
    assert (result["object"], result["delib_number"], result["vote_result"]) == (1.0, 1.0, 1.0)
    assert (result["split_precision"], result["split_recall"]) == (1.0, 1.0)
