"""Reading files: encodings, PDFs with and without text, and every kind of bad input."""

from pathlib import Path

import pytest

from index.errors import (
    BinaryFile,
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    ScannedPdf,
    UnsupportedFile,
)
from index.reader import decode_text, discover, read_document
from tests.conftest import make_image_pdf, make_pdf

TEXT = "Séance du 28 janvier 2019 — adhésion d'un montant de 732 € TTC, œuvre."


def read(path: Path, max_bytes: int = 10_000_000):
    return read_document(path, max_bytes, 100)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings_are_decoded_without_mojibake(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "delib.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read(path).pages == (TEXT,)


def test_a_stray_cp1252_byte_does_not_turn_a_utf8_file_into_mojibake() -> None:
    data = "délibéré — coût : 12 €\n".encode() + "Maître d’ouvrage\n".encode("cp1252")
    assert decode_text(data) == "délibéré — coût : 12 €\nMaître d’ouvrage\n"
    mixed = "Déjà vu – " + "délibération".encode().decode("cp1252")
    assert decode_text(mixed.encode()) == "Déjà vu – délibération"


def test_latin1_without_euro_sign_is_read_as_cp1252() -> None:
    assert decode_text("Délibération n° 3".encode("latin-1")) == "Délibération n° 3"


def test_mojibake_from_double_encoding_is_repaired() -> None:
    broken = TEXT.encode("utf-8").decode("cp1252")
    assert "Ã©" in broken
    assert decode_text(broken.encode("utf-8")) == TEXT


def test_pdf_text_layer_is_read_page_by_page(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "acte.pdf", ["Page un : délibération", "Page deux : 732 €"])
    document = read(path)
    assert document.kind == "pdf"
    assert len(document.pages) == 2
    assert "732 €" in document.pages[1]


def test_pdf_without_text_layer_is_reported_as_scan(tmp_path: Path) -> None:
    with pytest.raises(ScannedPdf, match="pas de texte : document scanné \\? OCR non activé"):
        read(make_image_pdf(tmp_path / "scan.pdf"))


def test_encrypted_pdf_is_refused_with_reason(tmp_path: Path) -> None:
    with pytest.raises(EncryptedPdf, match="mot de passe"):
        read(make_pdf(tmp_path / "locked.pdf", ["secret"], encrypt=True))


def test_truncated_pdf_is_reported_as_corrupt(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", ["Séance du 3 mars 2020"]).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(CorruptPdf, match="tronqué"):
        read(cut)


def test_binary_content_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(BinaryFile):
        read(path)


def test_empty_and_blank_files_are_refused(tmp_path: Path) -> None:
    for name, content in (("vide.txt", b""), ("blanc.md", b"  \n\n\t ")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(EmptyFile):
            read(path)


def test_size_limit_and_unknown_extension(tmp_path: Path) -> None:
    big = tmp_path / "gros.txt"
    big.write_text("délibération " * 1000, encoding="utf-8")
    with pytest.raises(FileTooLarge, match="limite"):
        read(big, max_bytes=1000)
    other = tmp_path / "tableur.xlsx"
    other.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFile, match=r"\.xlsx"):
        read(other)


def test_discover_recurses_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    for name in ("b/2.txt", "1.md", ".cache/x.txt", ".DS_Store"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])] == ["1.md", "b/2.txt"]
