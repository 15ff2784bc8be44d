"""OCR of scanned PDF pages with Debian's Tesseract and its French model."""

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from index.errors import EmptyFile, ReadError
from index.models import Deliberation, OcrWord, SourceDocument
from index.sanitize import sanitize_all

PACKAGES = "tesseract-ocr tesseract-ocr-fra"
INSTALL_HINT = (f"installez les paquets Debian {PACKAGES.replace(' ', ' et ')} "
                f"(apt-get install {PACKAGES})")
LANGUAGE = "fra"
# Chosen on the six real scans (benchmarks/results/ocr.json): at 300 dpi the 10 amounts read by
# hand are all read exactly, at 200 dpi 7 (slashed zeros read as 8); the character error rate
# of the transcribed page is the same (0.038 / 0.036) and 300 dpi reads 20 % fewer pages/s.
DPI = 300
_PAGE_TIMEOUT_S = 300
# A page whose mean word confidence falls below this is reported and its deliberations marked.
# Measured (benchmarks/results/ocr.json) on 24 readings of a synthetic page blurred or speckled:
# at 83.5 or more the character error rate stays at or under 0.041, at 78.5 or less it is 0.079
# or more; the 27 real scanned pages with text score 81.8 to 94.5 (one transcribed: 0.038).
LOW_CONFIDENCE = 80.0


class OcrFailed(ReadError):
    kind = "OCR impossible"


@dataclass(frozen=True)
class OcrPage:
    """The text of one page read by OCR, line by line, and its mean word confidence (0-100)."""

    text: str
    confidence: float
    words: tuple[OcrWord, ...]


@dataclass(frozen=True)
class OcrEngine:
    """The Tesseract found on this machine; ``identity`` is what OCR'd documents record."""

    executable: str
    version: str
    dpi: int = DPI

    @property
    def identity(self) -> str:
        return f"tesseract {self.version} {LANGUAGE} {self.dpi} dpi"

    def read_page(self, pdf: Path, page_index: int) -> OcrPage:
        """Render page ``page_index`` (0-based) and read it; raise ``OcrFailed`` on failure."""
        image = render_page(pdf, page_index, self.dpi)
        try:
            result = subprocess.run(
                [self.executable, "stdin", "stdout", "-l", LANGUAGE, "tsv"], input=image,
                capture_output=True, timeout=_PAGE_TIMEOUT_S, check=False,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"})  # OpenMP threads: 3-20x slower
        except (OSError, subprocess.TimeoutExpired) as error:
            raise OcrFailed(f"OCR de la page {page_index + 1} impossible ({error})") from error
        if result.returncode:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise OcrFailed(f"OCR de la page {page_index + 1} impossible (Tesseract : "
                            f"{detail[0] if detail else result.returncode})")
        return page_from_tsv(result.stdout.decode("utf-8", "replace"), 72 / self.dpi)


PageHook = Callable[[float], None]  # called after each page with the seconds it took


def recognize(document: SourceDocument, engine: OcrEngine,
              on_page: PageHook | None = None) -> SourceDocument:
    """The document with its scanned pages read by OCR, cleaned like any text."""
    pages = list(document.pages)
    confidence: list[float] = []
    words: list[tuple[OcrWord, ...]] = []
    replaced = document.replaced_chars
    for number in document.scanned:
        started = time.perf_counter()
        page = engine.read_page(Path(document.source), number - 1)
        (pages[number - 1],), cleaned = sanitize_all((page.text,))
        replaced += cleaned
        confidence.append(page.confidence)
        words.append(page.words)
        if on_page:
            on_page(time.perf_counter() - started)
    if not "".join(pages).strip():
        raise EmptyFile("aucun texte dans le fichier, même après OCR")
    return replace(document, pages=tuple(pages), replaced_chars=replaced,
                   ocr_engine=engine.identity, ocr_confidence=tuple(confidence),
                   ocr_words=tuple(words))


def mark_ocr(delibs: list[Deliberation], document: SourceDocument) -> list[Deliberation]:
    """Deliberations holding pages read by OCR, with the lowest confidence of those pages."""
    confidence = document.page_confidence()
    if not confidence:
        return delibs
    return [replace(delib, ocr_confidence=min(
        (confidence[page] for page in delib.pages if page in confidence), default=None))
        for delib in delibs]


def low_confidence_pages(document: SourceDocument) -> tuple[tuple[int, float], ...]:
    """(page, confidence) of the pages read by OCR with a mean confidence below the bar (a blank
    page, where Tesseract finds no word, is not one)."""
    return tuple((page, value) for page, value in document.page_confidence().items()
                 if value < LOW_CONFIDENCE and document.pages[page - 1].strip())


def unavailable_reason(mode: str) -> str | None:
    """None when OCR can run with setting ``mode`` (DELIB_OCR), else why not, in French."""
    if mode == "off":
        return "réglage DELIB_OCR=off"
    return None if find_engine() else INSTALL_HINT


@cache
def find_engine() -> OcrEngine | None:
    """Tesseract with its French model, or None when either is missing."""
    executable = shutil.which("tesseract")
    if executable is None:
        return None
    try:
        version = subprocess.run([executable, "--version"], capture_output=True, text=True,
                                 timeout=30, check=False)
        languages = subprocess.run([executable, "--list-langs"], capture_output=True,
                                   text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"tesseract\s+v?(\S+)", version.stdout + version.stderr)
    if not found or LANGUAGE not in languages.stdout.split():
        return None
    return OcrEngine(executable, found[1])


def render_page(pdf: Path, page_index: int, dpi: int) -> bytes:
    """The page as a greyscale PGM image (Tesseract reads it from stdin without conversion)."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        bitmap = document[page_index].render(scale=dpi / 72, grayscale=True)
        buffer = io.BytesIO()
        bitmap.to_pil().convert("L").save(buffer, format="PPM")
        return buffer.getvalue()
    finally:
        document.close()


def image_pages(pdf: Path, candidates: list[int]) -> list[int]:
    """Among ``candidates`` (0-based pages without a text layer), those showing an image."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [index for index in candidates if any(True for _ in document[index].get_objects(
            filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3))]
    finally:
        document.close()


def page_from_tsv(tsv: str, scale: float) -> OcrPage:
    """Lines of words as Tesseract grouped them, blocks apart; boxes scaled to PDF points."""
    words: list[OcrWord] = []
    lines: list[str] = []
    previous: tuple[str, str, str] | None = None
    for row in _word_rows(tsv):
        key = (row[2], row[3], row[4])
        if previous is not None and key != previous:
            lines.append("\n\n" if key[0] != previous[0] else "\n")
        elif previous is not None:
            lines.append(" ")
        lines.append(row[11])
        previous = key
        left, top, width, height = (int(value) * scale for value in row[6:10])
        words.append(OcrWord(row[11], round(left, 1), round(top, 1), round(width, 1),
                             round(height, 1), float(row[10])))
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrPage("".join(lines), round(confidence, 1), tuple(words))


def _word_rows(tsv: str) -> Iterator[list[str]]:
    for line in tsv.splitlines()[1:]:
        row = line.split("\t")
        if len(row) == 12 and row[0] == "5" and row[11].strip() and float(row[10]) >= 0:
            yield row
