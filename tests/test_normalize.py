"""Text clean-up: hyphenation, wrapped lines, Markdown, page headers and footers, NFC."""

import unicodedata

import pytest

from index.normalize import normalize_pages, normalize_text

WRAPPED = """Membres présents : Mme KOENDERS - M. MAGLICA - Mme POPARD - M. PRIBETICH - Mme MODDE - M.
DESEILLE - Mme TENENBAUM - Mme DILLENSEGER - Mme AKPINAR-ISTIQUAM - M. CHÂTEAU - Mme MARTIN-
GENDRE - M. BERTHIER
Membres absents : M. LOVICHI

La Ville de Dijon est amenée à adhérer, pour ses établissements culturels, à divers organismes
professionnels. Cette délibéra-
tion porte sur une cotisation annuelle de 732 € ; elle est peut-
être renouvelée chaque année par le conseil municipal qui en décide le montant total.

1 - décider l'adhésion de la Ville ;
2 - m'autoriser à signer tout acte.
"""


def test_wrapped_lines_become_paragraphs_and_hyphens_are_joined() -> None:
    text = normalize_text(WRAPPED)
    assert "- M. DESEILLE - Mme" in text
    assert "Mme MARTIN-GENDRE" in text
    assert "organismes professionnels." in text
    assert "Cette délibération porte" in text
    assert "peut-être renouvelée" in text
    assert "\nMembres absents : M. LOVICHI" in text
    assert "\n2 - m'autoriser" in text


def test_markdown_emphasis_and_headings_are_removed() -> None:
    text = normalize_text("## EXTRAIT DU REGISTRE\n\n**Président** : M. REBSAMEN  \n*adopté*")
    assert text == "EXTRAIT DU REGISTRE\n\nPrésident : M. REBSAMEN\nadopté"


def test_unicode_is_nfc_and_spaces_are_plain() -> None:
    decomposed = unicodedata.normalize("NFD", "Délibération\u00a0n°\u202f12")
    assert normalize_text(decomposed) == "Délibération n° 12"


def test_running_headers_and_page_numbers_are_removed_and_pages_kept() -> None:
    bodies = ["Exposé des motifs.", "Vu le code général.", "Texte propre.", "Fin du rapport."]
    tails = ["Le rapporteur conclut.", "Avis favorable.", "Sans observation.", "Adopté."]
    pages = tuple(f"VILLE DE DIJON - Conseil municipal\n{body}\n{tail}\nPage {n} / 4"
                  for n, (body, tail) in enumerate(zip(bodies, tails, strict=True), start=1))
    text, starts = normalize_pages(pages)
    assert "VILLE DE DIJON" not in text
    assert "Page 2 / 4" not in text
    assert all(line in text for line in bodies + tails)
    assert [page for _, page in starts] == [1, 2, 3, 4]
    offset_of_page_3 = dict((page, offset) for offset, page in starts)[3]
    assert text[offset_of_page_3:].startswith("Texte propre.")


def test_lines_that_change_from_page_to_page_are_kept() -> None:
    pages = tuple(f"EXTRAIT DU REGISTRE DES DELIBERATIONS\nDélibération n° 2023-0{i}\n"
                  f"Séance du {i + 2} mars 2023\nObjet : Subvention numéro {i}\nLe Maire\n"
                  f"Page {i + 1} / 5" for i in range(5))
    text, _ = normalize_pages(pages)
    assert [f"Délibération n° 2023-0{i}" in text for i in range(5)] == [True] * 5
    assert text.count("EXTRAIT DU REGISTRE") == 5
    assert "Le Maire" not in text and "Page 3 / 5" not in text


def test_compound_words_keep_their_hyphen_across_lines() -> None:
    text = normalize_text("c'est-\nà-dire que le porte-\nparole a signé l'an deux mille vingt-\ndeux")
    assert text == "c'est-à-dire que le porte-parole a signé l'an deux mille vingt-deux"


def test_more_markdown_is_removed_and_hostile_markdown_is_fast() -> None:
    import time

    assert normalize_text("_souligné_ [lien](https://exemple.fr/a) `code`") == "souligné lien code"
    started = time.perf_counter()
    normalize_text("**a " * 50_000)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("flood", ["\n" * 200_000, "\t\n" * 100_000, "---\n" * 50_000,
                                   "1. Abc\n" * 28_000])
def test_floods_of_blank_lines_and_rules_are_cleaned_quickly(flood: str) -> None:
    import time

    started = time.perf_counter()
    normalize_text(flood)
    assert time.perf_counter() - started < 2.0
