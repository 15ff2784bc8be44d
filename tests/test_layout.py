"""PDF typography: lines read with their font size and bold letters, found again by the text
lines, kept in the catalog, and given to the line-role model as features."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF

from index.catalog import document_of_row
from index.layout import pdf_layout, style_key
from index.models import LineStyle
from index.normalize import normalize_pages
from index.parsing import parse_document
from index.reader import read_document
from index.reindex import reindex
from index.settings import Settings
from index.store import Index
from index.structure.features import document_features, rule_hints
from index.structure.gold import load_gold
from index.structure.lines import offsets_in, raw_lines
from index.structure.typography import line_styles, style_features
from tests.conftest import REPO, ingest

BODY = ("Le conseil municipal, après en avoir délibéré, décide de céder la parcelle AB 12 pour "
        "35 000 euros à la société Immo Ouest. Adopté à l'unanimité.")


def titled_pdf(path: Path, titles: list[str]) -> Path:
    """A session's minutes: a plain header, then each title bold, larger and centred above a
    plain paragraph, as many town halls print them (no « Objet » label)."""
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in ("VILLE DE SAINT-EXEMPLE", "Séance du conseil municipal du 12 mars 2024"):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    for title in titles:
        pdf.ln(4)
        pdf.set_font("helvetica", style="B", size=13)
        pdf.cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, BODY)
    pdf.output(str(path))
    return path


def single_pdf(path: Path, title: str) -> Path:
    """One deliberation without an « Objet » label: the title stands alone, bold and centred,
    between the session block and the visas."""
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in ("COMMUNE DE SAINT-EXEMPLE",
                 "Extrait du registre des délibérations du conseil municipal",
                 "Séance du 12 mars 2024", "L'an deux mille vingt-quatre, le douze mars, le "
                 "conseil municipal s'est réuni", "Présents : M. DURAND, Mme MARTIN, M. PETIT",
                 "Secrétaire de séance : Mme MARTIN", "Délibération n° 2024-15"):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", style="B", size=12)
    pdf.cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    for paragraph in ("Vu le code général des collectivités territoriales,",
                      "Considérant la demande de l'association sportive pour le tournoi,",
                      "Le conseil municipal, après en avoir délibéré, décide d'accorder une "
                      "subvention de 1 200 euros.", "Adopté à l'unanimité.",
                      "Pour extrait conforme, Le Maire"):
        pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def read(path: Path):
    return read_document(path, 10_000_000, 100)


def sizes_found(printed: tuple[LineStyle, ...], text: str) -> list[float | None]:
    """The font size each line of ``text`` finds in one printed page (None: no print)."""
    return [style and style.size for style in line_styles(raw_lines((text,)), (printed,))]


def test_a_pdf_line_is_read_with_its_size_and_bold_letters(tmp_path: Path) -> None:
    layout = pdf_layout(titled_pdf(tmp_path / "pv.pdf", ["Cession du terrain des Vignes"]), 10)
    styles = {style.key: style for page in layout for style in page}
    title = styles[style_key("Cession du terrain des Vignes")]
    header = styles[style_key("VILLE DE SAINT-EXEMPLE")]
    assert (title.size, title.bold) == (13.0, 1.0)
    assert (header.size, header.bold) == (10.0, 0.0)


def test_the_reader_keeps_the_layout_and_every_text_line_finds_its_style(tmp_path: Path) -> None:
    document = read(titled_pdf(tmp_path / "pv.pdf", ["Tarifs de la cantine", "Subvention"]))
    lines = [line for line in raw_lines(document.pages) if line.text]
    styles = line_styles(lines, document.layout)
    assert all(style is not None for style in styles)
    bold = [line.text for line, style in zip(lines, styles, strict=True) if style.bold == 1.0]
    assert bold == ["Tarifs de la cantine", "Subvention"]


def test_a_text_file_and_a_damaged_pdf_have_no_layout(tmp_path: Path) -> None:
    text = tmp_path / "pv.txt"
    text.write_text("Séance du 12 mars 2024\nTarifs\n", encoding="utf-8")
    assert read(text).layout == ()
    damaged = tmp_path / "cut.pdf"
    damaged.write_bytes(titled_pdf(tmp_path / "whole.pdf", ["Tarifs"]).read_bytes()[:400])
    assert pdf_layout(damaged, 10) == ()


def test_lines_cut_or_joined_otherwise_find_their_style_in_reading_order() -> None:
    printed = (LineStyle("seancedu12mars2024", 10, 0),
               LineStyle("tarifsdelarestaurationscolaire", 13, 1),
               LineStyle("leconseilmunicipaldecide", 10, 0),
               LineStyle("tarifsdelarestaurationscolaire", 10, 0))
    text = ("Séance du 12 mars 2024\nTarifs de la restauration\nrien à voir\n"
            "Le conseil municipal décide des tarifs\n"
            "Tarifs de la restauration scolaire : rappel")
    assert sizes_found(printed, text) == [10, 13, None, 10, 10]


def test_a_line_never_takes_the_print_of_an_earlier_line_it_only_opens_like() -> None:
    """An agenda prints the titles in bold; below, pypdf writes a title before its number where
    pdfium reads the number first: the title finds no print rather than the agenda's."""
    printed = (LineStyle("budgetannexedeleau1", 14, 1), LineStyle("tarifsdeleau2", 14, 1),
               LineStyle("202001budgetannexedeleau", 10, 0), LineStyle("leconseil", 10, 0))
    text = ("Budget annexe de l'eau 1\nTarifs de l'eau 2\n"
            "Budget annexe de l'eau 1 2020-01\nLe conseil")
    assert sizes_found(printed, text) == [14, 14, None, 10]


def test_the_model_sees_how_a_line_is_printed_and_its_neighbours(tmp_path: Path) -> None:
    document = read(titled_pdf(tmp_path / "pv.pdf", ["Tarifs de la cantine"]))
    lines = raw_lines(document.pages)
    text, _ = normalize_pages(document.pages)
    hints = rule_hints(text, offsets_in(text, lines), [])
    plain, styled = document_features(lines, hints), document_features(lines, hints,
                                                                        document.layout)
    title = [line.text for line in lines if line.text].index("Tarifs de la cantine")
    assert not any(key.endswith(("bold", "styled")) for key in plain[title])
    assert styled[title]["bold"] == styled[title]["styled"] == 1.0
    assert styled[title + 1]["-1:bold"] == styled[title + 1]["styled"] == 1.0
    assert "bold" not in styled[title + 1]  # the paragraph under it is plain


def test_a_rebuild_keeps_the_print_of_a_pdf_and_reads_it_for_an_older_catalog(
        settings: Settings, tmp_path: Path) -> None:
    title = "Subvention exceptionnelle à l'association sportive"
    pdf = single_pdf(tmp_path / "delib.pdf", title)
    ingest(settings, pdf)
    assert objects(settings) == [title]
    assert not reindex(settings).failed
    assert objects(settings) == [title]
    with Index(settings, write=True) as index, index.catalog.transaction():
        index.catalog.query("UPDATE documents SET layout = NULL")  # written before layouts
    assert not reindex(settings).failed
    assert objects(settings) == [title]
    with Index(settings) as index:
        (row,) = index.catalog.query("SELECT * FROM documents")
    assert document_of_row(row).layout == read(pdf).layout
    with Index(settings, write=True) as index, index.catalog.transaction():
        index.catalog.query("UPDATE documents SET layout = '[]'")  # pdfium could read nothing
    assert not reindex(settings).failed
    assert objects(settings) == [None]  # not read again at every rebuild
    pdf.write_bytes(single_pdf(tmp_path / "other.pdf", "Tarifs").read_bytes())  # file changed
    with Index(settings, write=True) as index, index.catalog.transaction():
        index.catalog.query("UPDATE documents SET layout = NULL")
    assert not reindex(settings).failed
    assert objects(settings) == [None]  # its text is the one indexed: read without print


def test_a_print_unknown_at_a_rebuild_is_read_at_the_next_once_its_file_is_back(
        settings: Settings, tmp_path: Path) -> None:
    title = "Subvention exceptionnelle à l'association sportive"
    pdf = single_pdf(tmp_path / "delib.pdf", title)
    ingest(settings, pdf)
    with Index(settings, write=True) as index, index.catalog.transaction():
        index.catalog.query("UPDATE documents SET layout = NULL")  # written before layouts
    kept = pdf.rename(tmp_path / "elsewhere.pdf")  # the file is gone during the rebuild
    assert not reindex(settings).failed
    assert objects(settings) == [None]
    assert layout_column(settings) is None  # still unknown, not stored as "[]"
    kept.rename(pdf)
    assert not reindex(settings).failed
    assert objects(settings) == [title]
    assert json.loads(layout_column(settings) or "[]")  # read from the file put back


def layout_column(settings: Settings) -> str | None:
    with Index(settings) as index:
        (row,) = index.catalog.query("SELECT layout FROM documents")
    return row["layout"]


def objects(settings: Settings) -> list[str | None]:
    with Index(settings) as index:
        return [row["object"] for row in index.catalog.query(
            "SELECT object FROM deliberations ORDER BY position")]


def test_the_gold_pdfs_layouts_are_shipped_and_their_text_lines_find_them() -> None:
    docs = [doc for doc in load_gold(REPO) if doc.layout]
    assert len(docs) >= 100
    for doc in docs:
        lines = [line for line in doc.lines if line.text]
        found = sum(style is not None for style in line_styles(lines, doc.layout))
        assert found >= 0.85 * len(lines), doc.file


@pytest.mark.parametrize("title", ["Subvention exceptionnelle à l'association sportive",
                                   "Tarifs communaux 2024"])
def test_a_title_the_words_alone_leave_unknown_is_read_off_its_print(tmp_path: Path,
                                                                     title: str) -> None:
    document = read(single_pdf(tmp_path / "delib.pdf", title))
    assert [delib.object for delib in parse_document(document)] == [title]
    assert [delib.object for delib in parse_document(replace(document, layout=()))] == [None]


def test_a_line_stands_out_when_bold_or_printed_larger_than_the_body() -> None:
    body = LineStyle("leconseilmunicipaldecidedaccorder", 10.0, 0.0)
    layout = ((body, body, body, LineStyle("tarifs", 12.0, 0.0),
               LineStyle("subvention", 10.0, 0.6),
               LineStyle("vuleprojet", 10.5, 0.2)),)
    found = style_features([*layout[0], None], layout)
    assert [features.get("bold", 0.0) for features in found] == [0, 0, 0, 1, 1, 0, 0]
    assert found[-1] == {}  # a line the layout does not hold has no print features


def test_the_nearest_print_wins_over_the_same_letters_printed_further_on() -> None:
    """pdfium joins two lines that pypdf keeps apart, and the second one's letters are printed
    again lower down: the first text line takes the joined print, and the lines after it keep
    theirs (the cut bold title among them)."""
    printed = (LineStyle("leconseilmunicipalapresenavoirdelibere", 10, 0),
               LineStyle("decide", 10, 0),
               LineStyle("objetsubventionauclubderugbydelunelpourl", 14, 1),
               LineStyle("leconseilmunicipal", 10, 0))
    text = ("Le conseil municipal,\naprès en avoir délibéré,\nDÉCIDE\n"
            "Objet : Subvention au club de rugby\nde Lunel pour la saison 2024\n"
            "Le conseil municipal")
    assert sizes_found(printed, text) == [10, None, 10, 14, None, 10]


def test_a_catalog_row_holding_more_values_per_printed_line_is_read(tmp_path: Path) -> None:
    document = read(titled_pdf(tmp_path / "pv.pdf", ["Tarifs"]))
    wider = [[[style.key, style.size, style.bold, 0.05, 0.6] for style in page]
             for page in document.layout]  # as the first version of the column wrote them
    row = {"source": document.source, "sha256": document.sha256, "kind": "pdf",
           "size": document.size, "pages": json.dumps(document.pages),
           "layout": json.dumps(wider)}
    assert document_of_row(row).layout == document.layout


def test_the_same_letters_printed_just_below_win_over_a_longer_line_opening_like_them() -> None:
    printed = (LineStyle("subventionauclubderugbydelunel", 10, 0),  # an agenda entry
               LineStyle("subventionauclubderugby", 14, 1))  # the title, bold
    assert sizes_found(printed, "Subvention au club de rugby") == [14]
