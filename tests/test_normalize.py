"""Text clean-up: hyphenation, wrapped lines, Markdown, page headers and footers, NFC."""

import unicodedata

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
    pages = tuple(f"VILLE DE DIJON - Conseil municipal\n{body}\nSuite {n}.\nPage {n} / 4"
                  for n, body in enumerate(bodies, start=1))
    text, starts = normalize_pages(pages)
    assert "VILLE DE DIJON" not in text
    assert "Page 2 / 4" not in text
    assert [page for _, page in starts] == [1, 2, 3, 4]
    offset_of_page_3 = dict((page, offset) for offset, page in starts)[3]
    assert text[offset_of_page_3:].startswith("Texte propre.")
