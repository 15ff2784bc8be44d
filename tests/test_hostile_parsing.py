"""Hostile inputs: no text may make the parser super-linear, and per-item session headers win."""

import time

import pytest

from index.models import SourceDocument
from index.parsing import parse_document
from index.parsing.split import _sequence

SIZE = 200_000
BUDGET_S = 2.0  # these families took from 8 s to minutes at this size before the fix


def doc(text: str) -> SourceDocument:
    return SourceDocument("hostile.txt", "e" * 64, "txt", len(text), (text,))


def repeat(unit: str, tail: str = "") -> str:
    return unit * (SIZE // len(unit)) + tail


FAMILIES = {
    "digit_run": repeat("1"),
    "zeros_then_euro": repeat("0", "€"),
    "digit_groups_then_euro": repeat("123 ", "€"),
    "digit_groups_no_unit": repeat("123 ", "x"),
    "spaced_digits": repeat("1 ", "€"),
    "rapporteur_without_verb": repeat("M. Dupont, au nom de la commission "),
    "numbered_lines_all_one": repeat("1. Abc\n"),
    "inline_numbers_all_one": repeat("1) Abc "),
    "points_all_one": repeat("Point 1 Abc "),
    "mixed_markers": repeat("1 1. 1) Point 1 "),
    "numbered_lines_cycling": "".join(f"{i % 999 + 1}. Abc\n" for i in range(SIZE // 8)),
    "objet_labels": repeat("Objet : "),
    "guillemets": repeat("«"),
    "delib_headings": repeat("Délibération n° 1 "),
    "vote_counts": repeat("Vote : 1 pour "),
    "dashed_names": repeat("- M. A -"),
    "actes_prefix": repeat("021-212102313-20171218-"),
    "actes_dashes": repeat("021-"),
    "hyphenated_capitals": repeat("A-"),
    "hyphenated_words": repeat("Abc-"),
    "capital_run": repeat("A"),
    "capital_words": repeat("ABC "),
    "titled_names": repeat("M. ABC "),
    "names_then_verb": repeat("M. Abc Def ", " expose"),
    "number_words": repeat("un ", "mars"),
    "year_in_words": "l’an deux mille" + repeat(" un"),
    "session_lines": repeat("Séance du "),
    "president_labels": repeat("Président : "),
    "attendance_lists": repeat("Présents : M. A, "),
    "commune_de": repeat("Commune de "),
    "codes": repeat("D2022_1 Abc "),
    "not_voting": repeat("ne prennent pas part au vote "),
    "reported_blocks": repeat("Rapporteur : M. A ADOPTÉE "),
    "long_point_title": "Point 1 N° 1 " + "1" * SIZE + "\nPoint 2 N° 1 ",
    "long_heading_number": "Délibération n° 1 : " + "1." * (SIZE // 2) + "\n",
    "capital_titles": "".join(f"Délibération n° {i} : " + "ABC " * 100 + "abc\n"
                              for i in range(SIZE // 420)),
    "extracts": "".join(f"EXTRAIT DU REGISTRE Séance du {i % 28 + 1} mars 2023 Ville de Beaune "
                        f"Président : M. DUPONT Objet : Abc " for i in range(SIZE // 100)),
}


def _timed(text: str) -> tuple[float, int]:
    started = time.perf_counter()
    delibs = parse_document(doc(text))
    return time.perf_counter() - started, len(delibs)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_hostile_text_parses_in_linear_time(name: str) -> None:
    text = FAMILIES[name]
    assert len(text) >= SIZE // 2
    elapsed, count = _timed(text)
    if elapsed > BUDGET_S:  # a busy machine: a quadratic pattern is slow on every run
        elapsed = min(elapsed, _timed(text)[0])
    assert count >= 1
    assert elapsed < BUDGET_S, f"{name}: {elapsed:.2f} s for {len(text)} characters"


def test_sequence_keeps_the_run_with_the_longest_items() -> None:
    # an agenda 1-2-3 with short items, then the points 1-2-3 with long ones, then a sub-list 1-2
    hits = [(0, 1, 3), (10, 2, 13), (20, 3, 23), (100, 1, 103), (400, 2, 403), (420, 1, 423),
            (430, 2, 433), (700, 3, 703)]
    text = "x" * 1000
    assert [start.start for start in _sequence(hits, text)] == [100, 400, 700]
    assert _sequence([(i * 7, 1, i * 7 + 3) for i in range(10_000)], text) == []


def test_flat_object_stops_at_the_council_deciding_in_lowercase() -> None:
    text = ("EXTRAIT DU REGISTRE DES DELIBERATIONS Conseil municipal de la Ville de Beaune "
            "Délibération n° 2023-01 Séance du 3 mars 2023 Objet : Subvention numéro 0 à "
            "l'association A Le conseil municipal, après en avoir délibéré, accorde 100 €.")
    [delib] = parse_document(doc(text))
    assert delib.object == "Subvention numéro 0 à l'association A"
    text = text.replace("Subvention numéro 0", "Élection des membres du conseil municipal des jeunes")
    assert parse_document(doc(text))[0].object.endswith("du conseil municipal des jeunes à "
                                                        "l'association A")


def test_each_extract_keeps_its_own_session_and_authority() -> None:
    extracts = [f"EXTRAIT DU REGISTRE DES DELIBERATIONS {body} de la Ville de {town} "
                f"Délibération n° 2023-0{i} Séance du {i + 2} mars 2023 Objet : Subvention à "
                f"l'association numéro {i} Le conseil municipal, après en avoir délibéré, "
                f"accorde {100 * (i + 1)} €. Adopté à l'unanimité."
                for i, (body, town) in enumerate([("Conseil municipal", "Beaune")] * 3
                                                 + [("Bureau communautaire", "Dijon")])]
    delibs = parse_document(doc(" ".join(extracts)))
    assert [d.session_date for d in delibs] == ["2023-03-02", "2023-03-03", "2023-03-04",
                                                "2023-03-05"]
    assert [d.collectivity for d in delibs] == ["Ville de Beaune"] * 3 + ["Ville de Dijon"]
    assert [d.body for d in delibs] == ["conseil municipal"] * 3 + ["bureau"]
    assert [d.object for d in delibs] == [f"Subvention à l'association numéro {i}"
                                          for i in range(4)]


def test_minutes_points_keep_the_session_of_the_document() -> None:
    text = ("COMMUNE DE SAINT-AUBIN\nPROCÈS-VERBAL DU CONSEIL MUNICIPAL\nSéance du 12 mars 2021\n"
            "Président : M. DUPONT\n\n1. Vote du budget primitif 2021\nLe conseil adopte le "
            "budget. Adopté à l'unanimité.\n\n2. Compte rendu des décisions prises depuis la "
            "séance du 5 février 2021\nLe conseil prend acte.\n\n3. Tarifs de la cantine\n"
            "Adopté à l'unanimité.\n")
    delibs = parse_document(doc(text))
    assert len(delibs) == 3
    assert {d.session_date for d in delibs} == {"2021-03-12"}
    assert {d.president for d in delibs} == {"M. DUPONT"}
