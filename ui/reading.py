"""Opening a deliberation: its text with the cited passage marked, and for a PDF source the
original page as an image (only files recorded in the index, unchanged since, are read)."""

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.library import Box, Library, Reading, locate
from index.errors import NotFound
from ui import render

_PDFIUM = threading.Lock()  # PDFium is not thread-safe
_SCALE = 1.6


@dataclass(frozen=True)
class Opened:
    """What the reader shows."""

    html: str
    page_image: Any  # a PIL image of the cited PDF page, or None
    page_label: str


def open_deliberation(library: Library, deliberation_id: str, quote: str = "",
                      page: int | None = None) -> Opened:
    reading = library.reading(deliberation_id)
    if reading is None:
        raise NotFound("Cette délibération n'est plus dans l'index (source retirée ?).")
    span = _whole_words(reading.text, locate(reading.text, quote)) if quote else None
    if span is not None:
        page = (library.quote_page(reading, reading.text[span[0]:span[1]])
                or library.page_of(deliberation_id, span[0]) or page)
    pages = reading.field("pages") or []
    page = page or (pages[0] if pages else None)
    image = _pdf_page(library, reading, page)
    label = f"Page {page} du PDF d'origine ({Path(reading.source).name})" if image else ""
    boxes = library.ocr_boxes(reading, page, reading.text[span[0]:span[1]]) if (
        image and span and page) else []
    if boxes:
        image = _highlight(image, boxes)
        label += " — page lue par OCR, passage surligné"
    return Opened(render.reader(reading, span, page, searched=bool(quote)), image, label)


def _highlight(image: Any, boxes: list[Box]) -> Any:
    """The page with the words of the passage under a translucent yellow."""
    from PIL import Image, ImageDraw

    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for left, top, width, height in boxes:
        draw.rectangle([left * _SCALE - 2, top * _SCALE - 2, (left + width) * _SCALE + 2,
                        (top + height) * _SCALE + 2], fill=(255, 221, 0, 110))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def _whole_words(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A quote cut in the middle of a word (a lead's excerpt) is marked up to the word's end."""
    if span is None:
        return None
    end = span[1]
    while end < len(text) and not text[end].isspace():
        end += 1
    return span[0], end


def _pdf_page(library: Library, reading: Reading, page: int | None) -> Any:
    path = library.pdf_file(reading)
    if path is None or not page:
        return None
    import pypdfium2

    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(str(path))
        except pypdfium2.PdfiumError:
            return None
        try:
            if not 1 <= page <= len(document):
                return None
            return document[page - 1].render(scale=_SCALE).to_pil()
        finally:
            document.close()
