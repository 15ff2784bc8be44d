"""OCR with the real Tesseract on PDFs made of page images drawn in the test with a real font."""

import json
from pathlib import Path

import pytest

from benchmarks.scans import DELIBERATION, font_path, page_image, scan_pdf
from eval.metrics import character_error_rate
from index.catalog import Catalog
from index.errors import ScannedPdf
from index.models import Answer, Citation
from index.ocr import LOW_CONFIDENCE, find_engine
from index.parsing import parse_document
from index.reader import read_with_ocr
from index.reindex import reindex
from index.settings import Settings
from index.store import Index
from tests.conftest import ingest, run_delib

pytestmark = pytest.mark.skipif(
    find_engine() is None or font_path() is None,
    reason="Tesseract et son modèle français (apt-get install tesseract-ocr tesseract-ocr-fra) "
    "ou une police TrueType (fonts-dejavu-core) manquent : .ci/run les installe")

# Measured 0.005 at 300 dpi on this page (benchmarks/results/ocr.json, synthetic pages):
# the bound leaves room for another Tesseract 5 build, not for a broken reading.
MAX_CER = 0.02


def test_scanned_page_is_read_with_its_date_and_amounts(tmp_path: Path) -> None:
    document = read_with_ocr(scan_pdf(tmp_path / "scan.pdf", [DELIBERATION]), Settings())
    assert document.scanned == (1,) and document.ocr_engine.startswith("tesseract 5")
    cer = character_error_rate("\n".join(DELIBERATION), document.pages[0])
    assert cer <= MAX_CER, (cer, document.pages[0])
    delib = parse_document(document)[0]
    assert delib.session_date == "2023-03-14"
    assert 48750.0 in [amount.value for amount in delib.amounts]
    assert delib.object == "Réfection de la toiture de l'école Jules Ferry"
    assert delib.pages == (1,)


def test_mixed_pdf_reads_only_its_image_page_by_ocr(tmp_path: Path) -> None:
    from fpdf import FPDF

    image = tmp_path / "page.png"
    page_image(DELIBERATION).save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 5, "Page de garde : registre des délibérations de 2023")
    pdf.add_page()
    pdf.image(str(image), x=0, y=0, w=210, h=297)
    pdf.output(str(tmp_path / "mixte.pdf"))
    document = read_with_ocr(tmp_path / "mixte.pdf", Settings())
    assert document.scanned == (2,) and len(document.ocr_confidence) == 1
    assert document.pages[0].strip() == "Page de garde : registre des délibérations de 2023"
    assert "Séance du 14 mars 2023" in document.pages[1]


def test_ocr_off_keeps_the_scanned_pdf_message(tmp_path: Path) -> None:
    pdf = scan_pdf(tmp_path / "scan.pdf", [DELIBERATION])
    with pytest.raises(ScannedPdf, match=r"^pas de texte : document scanné \? OCR non activé "
                       r"\(réglage DELIB_OCR=off\)$"):
        read_with_ocr(pdf, Settings(ocr="off"))


def test_engine_is_recorded_for_scans_only_and_a_new_one_reads_them_again(
        settings: Settings, tmp_path: Path) -> None:
    from tests.conftest import make_pdf

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    scan_pdf(corpus / "scan.pdf", [DELIBERATION])
    make_pdf(corpus / "texte.pdf", ["Séance du 3 mars 2020. Objet : tarifs. 450 € TTC."])
    report = ingest(settings, corpus)
    assert {Path(o.source).name: (o.status, o.ocr_pages) for o in report.outcomes} == {
        "scan.pdf": ("new", 1), "texte.pdf": ("new", 0)}
    catalog = Catalog(settings.catalog_path)
    scan, text = str((corpus / "scan.pdf").resolve()), str((corpus / "texte.pdf").resolve())
    assert catalog.ocr_engine(scan) == find_engine().identity and catalog.ocr_engine(text) is None
    again = ingest(settings, corpus)
    assert {o.status for o in again.outcomes} == {"unchanged"}
    with catalog.transaction() as db:  # as if the scan had been read by an older Tesseract
        db.execute("UPDATE documents SET ocr = json_set(ocr, '$.engine', 'tesseract 4.1.1 fra "
                   "300 dpi') WHERE source = ?", (scan,))
    upgraded = ingest(settings, corpus)
    assert {Path(o.source).name: o.status for o in upgraded.outcomes} == {
        "scan.pdf": "replaced", "texte.pdf": "unchanged"}
    assert catalog.ocr_engine(scan) == find_engine().identity
    catalog.close()


def test_low_confidence_page_is_reported_and_its_deliberation_marked(
        settings: Settings, tmp_path: Path) -> None:
    scan_pdf(tmp_path / "flou.pdf", [DELIBERATION], blur=2.5)  # measured: confidence ~59
    report = ingest(settings, tmp_path / "flou.pdf")
    outcome = report.outcomes[0]
    assert outcome.status == "new" and len(outcome.low_confidence) == 1
    page, confidence = outcome.low_confidence[0]
    assert page == 1 and confidence < LOW_CONFIDENCE
    assert records(settings) and all(r["ocr_confidence"] == confidence
                                     for r in records(settings))
    reindex(settings)  # from the texts kept in the catalog: no OCR, the marks stay
    assert records(settings) and all(r["ocr_confidence"] == confidence
                                     for r in records(settings))


def records(settings: Settings) -> list[dict]:
    catalog = Catalog(settings.catalog_path)
    try:
        return [json.loads(row["record"]) for row in catalog.query(
            "SELECT record FROM deliberations")]
    finally:
        catalog.close()


def test_answer_citing_ocr_text_says_so() -> None:
    from assistant.engine.core import with_ocr_notice

    def cite(n: int, confidence: float | None) -> Citation:
        return Citation(n, f"d{n}", "scan.pdf", None, None, None, "séance de date inconnue",
                        None, None, None, 1, "extrait", ocr_confidence=confidence)

    answer = Answer("q", "q", "r [1] [2] [3]", False,
                    citations=(cite(1, 91.0), cite(2, None), cite(3, 62.4)))
    notice = with_ocr_notice(answer).notices[-1]
    assert "[1], [3]" in notice and "OCR" in notice and "[3] 62 %" in notice
    assert "[1] 91" not in notice
    plain = Answer("q", "q", "r [1]", False, citations=(cite(1, None),))
    assert with_ocr_notice(plain) == plain


def test_question_about_an_amount_in_a_scan_is_answered_with_its_citation(
        tmp_path: Path, minilm_path: str) -> None:
    corpus = tmp_path / "scans"
    corpus.mkdir()
    scan_pdf(corpus / "toiture.pdf", [DELIBERATION])
    env = {"DELIB_DATA_DIR": str(tmp_path / "data"), "DELIB_EMBEDDING_MODEL": minilm_path}
    ingested = run_delib("ingest", "--quiet", str(corpus), env=env)
    assert ingested.returncode == 0, ingested.stderr
    assert "1 page(s) scannée(s) lues par OCR" in ingested.stdout
    asked = run_delib("ask", "Quel est le montant de la réfection de la toiture de l'école ?",
                      env=env)
    assert asked.returncode == 0, asked.stderr
    out = "".join(asked.stdout.split())  # the console wraps long lines anywhere
    assert "48750" in out and "[1]" in out
    assert "toiture.pdf,p.1,luparOCR" in out
    assert "lectureOCRdepagesscannées" in out


def test_reader_highlights_the_quoted_words_on_the_scanned_page(
        settings: Settings, tmp_path: Path) -> None:
    from assistant.library import Library
    from ui.reading import open_deliberation

    scan_pdf(tmp_path / "toiture.pdf", [DELIBERATION])
    ingest(settings, tmp_path / "toiture.pdf")
    library = Library(Index(settings))
    [row] = library.deliberations()
    quote = "approuve le devis de l'entreprise Martin"
    opened = open_deliberation(library, row["id"], quote)
    assert opened.page_label.endswith("page lue par OCR, passage surligné")
    reading = library.reading(row["id"])
    boxes = library.ocr_boxes(reading, 1, quote)
    assert len(boxes) == 6  # one box per word
    line_top = 60 + 5 * 11 * 1.5  # sixth line drawn by benchmarks.scans, in points
    assert all(line_top - 6 < top < line_top + 12 for _, top, _, _ in boxes), boxes
    import numpy

    rgb = numpy.asarray(opened.page_image.convert("RGB")).astype(int)
    rows, columns = numpy.nonzero(rgb[..., 0] - rgb[..., 2] > 60)  # yellow: the page is grey
    assert len(rows) > 1000
    scale = 1.6  # ui.reading renders pages at this scale
    assert min(columns) >= min(left for left, _, _, _ in boxes) * scale - 3
    assert max(columns) <= max(left + width for left, _, width, _ in boxes) * scale + 3
    assert min(rows) >= min(top for _, top, _, _ in boxes) * scale - 3
    assert max(rows) <= max(top + height for _, top, _, height in boxes) * scale + 3
