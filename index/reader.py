"""Reading files into raw page texts: discovery, encodings, PDF text layers, bad input."""

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.authorities import is_declaration
from index.errors import (
    BinaryFile,
    CorruptPdf,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    ReadError,
    ScannedPdf,
    UnsupportedFile,
)
from index.layout import pdf_layout
from index.models import Layout, SourceDocument
from index.ocr import PageHook, find_engine, image_pages, recognize, unavailable_reason
from index.parsing.scdl import is_scdl
from index.sanitize import sanitize_all
from index.settings import Settings

TEXT_EXTENSIONS = {".txt", ".md", ".markdown"}
SUPPORTED = TEXT_EXTENSIONS | {".pdf", ".csv"}
_MOJIBAKE_MARKERS = ("Ã©", "Ã¨", "Ã ", "Ã§", "Ã´", "â€™", "Ã‰", "Ãª")
_CP1252_HIGH = ("\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_MOJIBAKE_RUN = re.compile(f"(?:[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]{{1,3}})+")


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield every file under ``paths`` (folders recursively, sorted, hidden entries and
    ``collectivites.tsv`` declarations skipped); dangling links are yielded too, so that they
    are reported rather than silently dropped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                dangling = child.is_symlink() and not child.exists()
                if (child.is_file() or dangling) and not is_declaration(child) \
                        and not any(p.startswith(".") for p in relative):
                    yield child
        else:
            yield path


def read_document(path: Path, max_bytes: int, max_pages: int,
                  ocr_unavailable: str | None = "") -> SourceDocument:
    """Read one file; raise a ``ReadError`` with a French reason when it cannot be used.

    ``ocr_unavailable`` None: PDF pages that are images without text are listed in
    ``scanned``, left empty for OCR (``index.ocr.recognize``); else why OCR cannot run, added to
    the message of a PDF without any text."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFile(f"extension « {suffix or '(aucune)'} » non prise en charge "
                              "(formats acceptés : .txt, .md, .pdf, .csv au format SCDL)")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileTooLarge(f"fichier de {size / 1e6:.1f} Mo, au-delà de la limite de "
                               f"{max_bytes / 1e6:.0f} Mo (réglage DELIB_MAX_FILE_MB)")
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"lecture impossible : {error.strerror or error}") from error
    if not data.strip():
        raise EmptyFile("fichier vide")
    sha = hashlib.sha256(data).hexdigest()
    scanned: tuple[int, ...] = ()
    layout: Layout = ()
    if suffix == ".pdf":
        pages = _pdf_pages(path, max_pages)
        scanned = _scanned_pages(path, pages, ocr_unavailable)
        layout = pdf_layout(path, max_pages)
    else:
        pages = tuple(decode_text(data).split("\f"))
    if suffix == ".csv" and not is_scdl(pages[0]):
        raise UnsupportedFile("CSV sans les colonnes SCDL DELIB_OBJET et DELIB_DATE : seuls les "
                              "exports « Délibérations » au format SCDL sont lus")
    pages, replaced = sanitize_all(pages)
    if not "".join(pages).strip() and not scanned:
        raise EmptyFile("aucun texte dans le fichier")
    return SourceDocument(str(path), sha, suffix.lstrip("."), size, pages, replaced, scanned,
                          layout=layout)


def read_with_ocr(path: Path, settings: Settings, on_page: PageHook | None = None,
                  ) -> SourceDocument:
    """``read_document`` with the limits of ``settings``, then OCR of its scanned pages."""
    reason = unavailable_reason(settings.ocr)
    document = read_document(path, int(settings.max_file_mb * 1e6), settings.max_pdf_pages,
                             reason)
    engine = find_engine() if reason is None else None
    return recognize(document, engine, on_page) if document.scanned and engine else document


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; repair mojibake."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="surrogatepass")  # lone halves: see sanitize
    if b"\x00" in data[:4096] or _control_ratio(data[:4096]) > 0.05:
        raise BinaryFile("contenu binaire : ce n'est pas un fichier texte")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "".join(_decode_line(line) for line in data.splitlines(keepends=True))
    return "".join(repair_mojibake(line) for line in text.splitlines(keepends=True))


def _decode_line(line: bytes) -> str:
    """UTF-8 when the line is valid UTF-8, else cp1252 (files mixing both exist)."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 ("Ã©" for "é"), run by run, where a run decodes cleanly."""
    if not any(marker in text for marker in _MOJIBAKE_MARKERS):
        return text
    return _MOJIBAKE_RUN.sub(_repair_run, text)


def _repair_run(match: re.Match[str]) -> str:
    try:
        return match[0].encode("cp1252").decode("utf-8")
    except UnicodeError:
        return match[0]


def sha256_of(path: Path) -> str:
    """Content hash of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for byte in data if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / len(data)


def _pdf_pages(path: Path, max_pages: int) -> tuple[str, ...]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its English warnings are not for users
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedPdf("PDF chiffré par un mot de passe : impossible d'en lire le texte")
        if len(reader.pages) > max_pages:
            raise FileTooLarge(f"PDF de {len(reader.pages)} pages, au-delà de la limite de "
                               f"{max_pages} (réglage DELIB_MAX_PDF_PAGES)")
        pages = tuple((page.extract_text() or "") for page in reader.pages)
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError, NotImplementedError) as error:
        raise CorruptPdf(f"PDF illisible ou tronqué ({type(error).__name__})") from error
    return pages


def _scanned_pages(path: Path, pages: tuple[str, ...],
                   ocr_unavailable: str | None) -> tuple[int, ...]:
    """Pages (from 1) to read by OCR; a PDF without any text and no OCR is refused."""
    has_text = any(page.strip() for page in pages)
    if ocr_unavailable is not None:
        if has_text:
            return ()
        note = f" ({ocr_unavailable})" if ocr_unavailable else ""
        raise ScannedPdf(f"pas de texte : document scanné ? OCR non activé{note}")
    import pypdfium2

    try:
        images = image_pages(path, [i for i, page in enumerate(pages) if not page.strip()])
    except pypdfium2.PdfiumError as error:
        raise CorruptPdf(f"PDF illisible ou tronqué ({type(error).__name__})") from error
    if not has_text and not images:
        raise ScannedPdf("pas de texte : ni couche de texte ni image de page à lire par OCR")
    return tuple(index + 1 for index in images)
