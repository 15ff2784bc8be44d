"""PDF reading cost of the layout: pypdf's text alone, then pdfium's typography (font size and
bold letters of every line), page by page, on the PDFs of a folder; and how many text lines
find their print.

Run: ``python -m benchmarks.pdf_layout [--corpus DOSSIER]`` (default: the shared corpus's dev2
PDFs when present, else 30 generated minutes pages); writes ``benchmarks/results/pdf-layout.json``
and prints the rates. Not a test: nothing here asserts.
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from index.layout import pdf_layout
from index.reader import _pdf_pages, discover
from index.sanitize import sanitize_all
from index.structure.lines import raw_lines
from index.structure.typography import line_styles

RESULTS = Path(__file__).parent / "results" / "pdf-layout.json"
DEV2 = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev2"
_MAX_PAGES = 5000


def generated(folder: Path, pages: int = 30) -> list[Path]:
    """A minutes PDF of ``pages`` pages: bold centred titles over plain paragraphs."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    for page in range(pages):
        pdf.add_page()
        for item in range(4):
            pdf.set_font("helvetica", style="B", size=13)
            pdf.cell(0, 7, f"{page * 4 + item + 1} - Subvention à l'association n° {item}",
                     align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("helvetica", size=10)
            pdf.multi_cell(0, 5, "Le conseil municipal, après en avoir délibéré, décide "
                           "d'accorder une subvention de 1 200 euros. " * 4)
    path = folder / "generated.pdf"
    pdf.output(str(path))
    return [path]


def timed(paths: list[Path]) -> dict:
    """Seconds for pypdf's text, then for the layout, over every page of ``paths``; how many
    of the text's non-blank lines find their print."""
    text_s = layout_s = 0.0
    pages = lines = text_lines = matched = 0
    for path in paths:
        started = time.perf_counter()
        texts = _pdf_pages(path, _MAX_PAGES)
        text_s += time.perf_counter() - started
        started = time.perf_counter()
        layout = pdf_layout(path, _MAX_PAGES)
        layout_s += time.perf_counter() - started
        pages, lines = pages + len(texts), lines + sum(len(page) for page in layout)
        kept = [line for line in raw_lines(sanitize_all(texts)[0]) if line.text]
        text_lines += len(kept)
        matched += sum(style is not None for style in line_styles(kept, layout))
    return {"files": len(paths), "pages": pages, "layout_lines": lines,
            "text_lines": text_lines, "text_lines_with_print": matched,
            "text_ms_per_page": round(1000 * text_s / max(pages, 1), 1),
            "layout_ms_per_page": round(1000 * layout_s / max(pages, 1), 1),
            "layout_share_of_reading": round(layout_s / max(text_s + layout_s, 1e-9), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEV2 if DEV2.is_dir() else None,
                        help="dossier de PDF (défaut : dev2 du corpus partagé, sinon généré)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = ([p for p in discover([args.corpus]) if p.suffix.lower() == ".pdf"]
                 if args.corpus else generated(Path(tmp)))
        result = {"corpus": str(args.corpus or "généré (30 pages)"),
                  "load_average": round(os.getloadavg()[0], 2), **timed(paths)}
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
