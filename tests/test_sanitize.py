"""Text made valid where it enters: the sanitiser alone, then through the reader."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index.reader import decode_text, read_document
from index.sanitize import REPLACEMENT, is_clean, sanitize


def test_each_kind_of_bad_character_is_replaced_or_removed_and_counted() -> None:
    text = ("mat\ud821riel\x00 pour\x07 1\u00a0200 €\ufeff, \uf0b7 point\ue123 "
            "\ufdd0fin\U0001fffe\x85\tok\f page\r\n")
    clean, changed = sanitize(text)
    assert clean == f"mat{REPLACEMENT}riel pour 1\u00a0200 €, • point fin\tok\f page\r\n"
    assert changed == 9
    clean.encode("utf-8")  # every encoder accepts it now


def test_a_bullet_written_as_its_glyph_name_becomes_a_bullet() -> None:
    text = "/head2right/head2right DE-2011/50 – Tirage au sort /head2right\x00 des jurés"
    assert sanitize(text) == ("• DE-2011/50 – Tirage au sort • des jurés", 4)
    assert sanitize("/head2\x00right")[0] == "•"  # a control inside is removed first
    assert sanitize("le tarif /heure/enfant")[1] == 0


def test_clean_french_text_is_left_untouched() -> None:
    text = "Séance du 28 janvier 2019 — l'adhésion « CLIC » coûte 732 € TTC.\n\tArticle 1er\f"
    assert sanitize(text) == (text, 0)


# Letters, the bad kinds the readers produce, and anything else Unicode holds.
HOSTILE_CHARS = st.one_of(
    st.sampled_from("aé€ \n\t\f\r"),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
    st.characters(max_codepoint=0x9F, categories=["Cc"]),
    st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),  # private use
    st.sampled_from("\ufdd0\ufffe\uffff\U0010ffff\ufeff\u200b"),
    st.characters(),
)


# Pieces of text, glyph names and their halves among them.
HOSTILE_TEXT = st.lists(st.one_of(st.text(alphabet=HOSTILE_CHARS, max_size=20),
                                  st.sampled_from(["/head2right", "/head2", "right"])),
                        max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_any_string_comes_out_encodable_and_stable(text: str) -> None:
    clean, changed = sanitize(text)
    clean.encode("utf-8")
    assert is_clean(clean) and sanitize(clean) == (clean, 0)
    assert changed == 0 or clean != text


def test_utf16_file_with_a_lone_surrogate_is_read_not_refused(tmp_path: Path) -> None:
    data = "\ufeffObjet : achat de mat".encode("utf-16-le") + b"\x21\xd8" + \
        "riel pour 1 200 euros\n".encode("utf-16-le")
    path = tmp_path / "utf16.txt"
    path.write_bytes(b"\xff\xfe" + data[2:])
    assert "\ud821" in decode_text(path.read_bytes())  # what the decoder alone yields
    document = read_document(path, 10_000_000, 100)
    assert document.pages == (f"Objet : achat de mat{REPLACEMENT}riel pour 1 200 euros\n",)
    assert document.replaced_chars == 1


def test_text_file_with_control_and_private_use_characters(tmp_path: Path) -> None:
    path = tmp_path / "word.txt"
    path.write_text("Délibération n° 12\x0b\n\uf0a7 Article 1\x1b[0m\n", encoding="utf-8")
    document = read_document(path, 10_000_000, 100)
    assert document.pages == ("Délibération n° 12\n• Article 1[0m\n",)
    assert document.replaced_chars == 3
