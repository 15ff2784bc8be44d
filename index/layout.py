"""How the lines of a PDF are printed (font size, bold), read with pdfium."""

import ctypes
import re
from pathlib import Path
from typing import TYPE_CHECKING

from index.analysis import fold_accents
from index.models import Layout, LineStyle

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument

KEY_CHARS = 40
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")
_BOLD_WEIGHT = 600
_NAME_BYTES = 256


def style_key(text: str) -> str:
    """The letters and digits of a line, folded, that find its style: "DE-2012/87 – Défi" ->
    "de201287defi" (at most ``KEY_CHARS``)."""
    return _NOT_KEY.sub("", fold_accents(text))[:KEY_CHARS]


def layout_rows(layout: Layout) -> list[list[list[str | float]]]:
    """A layout as JSON rows: each printed line as [key, size, bold]."""
    return [[[style.key, style.size, style.bold] for style in page] for page in layout]


def layout_of_rows(rows: list[list[list]]) -> Layout:
    """The layout ``layout_rows`` wrote (values after the first three, as an earlier version
    of the rows held, are left out)."""
    return tuple(tuple(LineStyle(*row[:3]) for row in page) for page in rows)


def pdf_layout(path: Path, max_pages: int) -> Layout:
    """The printed lines of each page of a PDF; empty when pdfium cannot read them (the text
    read by pypdf stands alone then: the layout only adds features)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except (pypdfium2.PdfiumError, OSError, ValueError):
        return ()
    try:
        if len(document) > max_pages:
            return ()
        return tuple(_page_styles(document, index) for index in range(len(document)))
    except Exception:  # whatever pdfium makes of a page, the text read by pypdf stands
        return ()
    finally:
        document.close()


def _page_styles(document: "PdfDocument", index: int) -> tuple[LineStyle, ...]:
    """The page's lines, as pdfium orders their characters and breaks them into lines; the page
    and its text are closed at once (a long PDF holds no more than one page open)."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return _lines(textpage.raw)
        finally:
            textpage.close()
    finally:
        page.close()


def _lines(handle: object) -> tuple[LineStyle, ...]:
    import pypdfium2.raw as pdfium_c

    fonts: dict[int, tuple[float, bool]] = {}
    styles: list[LineStyle] = []
    line = _LineDraft()
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        char = chr(pdfium_c.FPDFText_GetUnicode(handle, index))
        if char == "\n":
            styles += line.style()
            line = _LineDraft()
        elif char.isalnum():
            obj = ctypes.cast(pdfium_c.FPDFText_GetTextObject(handle, index), ctypes.c_void_p)
            font = fonts.get(obj.value) if obj.value else None
            if font is None:
                font = _font(handle, index)
                if obj.value:
                    fonts[obj.value] = font
            line.add(char, *font)
        elif char.isprintable():
            line.text.append(char)
    styles += line.style()
    return tuple(styles)


def _font(handle: object, index: int) -> tuple[float, bool]:
    """Size and boldness of the font a character is printed in."""
    import pypdfium2.raw as pdfium_c

    buffer = ctypes.create_string_buffer(_NAME_BYTES)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, _NAME_BYTES, ctypes.byref(flags))
    name = buffer.value.decode("latin-1").lower()
    weight = pdfium_c.FPDFText_GetFontWeight(handle, index)
    bold = weight >= _BOLD_WEIGHT or any(word in name for word in _BOLD_NAMES)
    return round(pdfium_c.FPDFText_GetFontSize(handle, index), 1), bold


class _LineDraft:
    """The characters of a line being read: its text, the sizes of its letters, how many bold."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.sizes: dict[float, int] = {}
        self.bold = 0

    def add(self, char: str, size: float, bold: bool) -> None:
        self.text.append(char)
        self.sizes[size] = self.sizes.get(size, 0) + 1
        self.bold += bold

    def style(self) -> list[LineStyle]:
        """The line's style; none for a line without letters or digits."""
        if not self.sizes:
            return []
        size = max(self.sizes, key=lambda found: self.sizes[found])
        letters = sum(self.sizes.values())
        return [LineStyle(style_key("".join(self.text)), size, round(self.bold / letters, 2))]
