"""The Gradio app: layout of the three tabs and the wiring of their events."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.exports import answer_json
from assistant.forms import FormError, filters_of
from index.models import Answer
from ui import render
from ui.chat import Chat
from ui.errors import friendly
from ui.service import Service
from ui.staff import Staff

CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
OPEN_JS = """
const send = (el) => trigger('open', {id: el.dataset.open, n: el.dataset.n || '',
                                      kind: el.dataset.kind || ''});
element.addEventListener('click', (e) => {
  const el = e.target.closest('[data-open]');
  if (el) send(el);
});
element.addEventListener('keydown', (e) => {
  const el = e.target.closest('tr[data-open]');
  if (el && e.key === 'Enter') send(el);
});
"""
ANSWERS = "answers"  # one concurrency group for everything that runs the model
WRITES = "index-writes"


def scroll_to_mark(name: str) -> str:
    """Browser code run after opening a reader: the marked passage centred, else its top."""
    return (f"() => {{ setTimeout(() => {{ const r = document.querySelector('#reader-{name}');"
            " const m = r && r.querySelector('mark');"
            " if (m) m.scrollIntoView({block: 'center'});"
            " else if (r) r.scrollIntoView({block: 'start'}); }, 200); }")


@dataclass
class Reader:
    """A deliberation reader: hidden column, full text, PDF page, close button."""

    column: Any
    text: Any
    page: Any
    close: Any

    @property
    def outputs(self) -> list[Any]:
        return [self.column, self.text, self.page]


def reader_block(name: str) -> Reader:
    with gr.Column(visible=False, elem_id=f"reader-{name}", elem_classes="delib-reader-box") as col:
        close = gr.Button("← Fermer la délibération", size="sm", elem_classes="delib-close")
        text = gr.HTML()
        page = gr.Image(type="pil", interactive=False, visible=False, buttons=["fullscreen"],
                        elem_classes="delib-page")
    return Reader(col, text, page, close)


@dataclass
class FilterFields:
    collectivities: Any
    bodies: Any
    date_from: Any
    date_to: Any

    @property
    def inputs(self) -> list[Any]:
        return [self.collectivities, self.bodies, self.date_from, self.date_to]


def filter_fields() -> FilterFields:
    with gr.Accordion("Filtres", open=True, elem_id="delib-filters"):
        with gr.Row():
            collectivities = gr.Dropdown([], multiselect=True, label="Collectivité",
                                         min_width=160, elem_id="filter-collectivity")
            bodies = gr.Dropdown([], multiselect=True, label="Instance", min_width=160,
                                 elem_id="filter-body")
        with gr.Row():
            date_from = gr.Textbox(label="Séances du", placeholder="2019 ou 2019-03-05",
                                   min_width=120, elem_id="filter-from")
            date_to = gr.Textbox(label="au", placeholder="2022-12-31", min_width=120,
                                 elem_id="filter-to")
        clear = gr.Button("Retirer les filtres", size="sm")
    fields = FilterFields(collectivities, bodies, date_from, date_to)
    clear.click(lambda: ([], [], "", ""), None, fields.inputs, api_visibility="private")
    return fields


def banner(collectivities: list[str], bodies: list[str], date_from: str, date_to: str) -> str:
    try:
        return render.filters_banner(filters_of(collectivities, bodies, date_from, date_to))
    except FormError as error:
        return f'<div class="delib-banner delib-banner-error">{render.esc(error)}</div>'


def build(service: Service) -> gr.Blocks:
    """The whole app for one ``Service`` (model and index already loaded)."""
    chat, staff = Chat(service), Staff(service)
    with gr.Blocks(title="delib — délibérations", analytics_enabled=False) as app:
        header = gr.HTML(render.header(service.library.state()))
        answers = gr.State([])
        with gr.Tabs():
            with gr.Tab("Conversation", id="chat"):
                conv = _conversation_tab(chat, answers)
            with gr.Tab("Précédents", id="precedents"):
                _precedents_tab(staff, conv["filters"])
            with gr.Tab("Documents", id="documents"):
                docs = _documents_tab(staff)
        catalog = [docs["listing"], docs["source"], conv["filters"].collectivities,
                   conv["filters"].bodies, conv["chatbot"], header]
        docs["ingest"].click(friendly(staff.ingest), docs["files"], [docs["report"], *catalog],
                             concurrency_limit=1, concurrency_id=WRITES, api_name="ingest")
        docs["confirm"].click(friendly(staff.remove), [docs["source"], docs["pending"]],
                              [docs["confirm"], docs["pending"], *catalog],
                              concurrency_limit=1, concurrency_id=WRITES, api_name="remove")
        app.load(friendly(staff.catalog_updates), None, catalog, api_visibility="private")
        gr.api(_ask_api(service), api_name="ask", concurrency_id=ANSWERS,
               concurrency_limit=service.settings.ui_concurrency)
    return app


def _conversation_tab(chat: Chat, answers: Any) -> dict[str, Any]:
    banner_html = gr.HTML(render.filters_banner(filters_of([], [], "", "")))
    shown = gr.State(None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            chatbot = gr.Chatbot(elem_id="delib-chat", height="58vh", min_height=340,
                                 label="Conversation", show_label=False, buttons=["copy"],
                                 placeholder=_PLACEHOLDER,
                                 latex_delimiters=[])  # « $$ » of a text is not maths
            with gr.Row(elem_id="delib-ask"):
                question = gr.Textbox(show_label=False, placeholder="Posez votre question…",
                                      scale=5, lines=1, max_lines=4, elem_id="delib-question")
                send = gr.Button("Envoyer", variant="primary", scale=1, min_width=90,
                                 elem_id="delib-send")
            with gr.Row():
                new = gr.Button("Nouvelle conversation", size="sm")
                export = gr.DownloadButton("Exporter la conversation (Markdown)", size="sm",
                                           visible=False)
            opinion, comment, send_opinion = _feedback_form()
        with gr.Column(scale=2, min_width=300, elem_id="delib-side"):
            filters = filter_fields()
            sources = gr.HTML(chat.sources(None), js_on_load=OPEN_JS, elem_id="delib-sources")
            reader = reader_block("chat")
    for field in filters.inputs:
        field.change(banner, filters.inputs, banner_html, api_visibility="private",
                     queue=False)
    outputs = [question, chatbot, answers, shown, sources, export, reader.column]
    respond = friendly(chat.respond)
    for trigger in (question.submit, send.click):
        trigger(respond, [question, answers, *filters.inputs], outputs,
                concurrency_id=ANSWERS, api_visibility="private")
    chatbot.example_select(_example_text, None, question, queue=False,
                           api_visibility="private").then(
        respond, [question, answers, *filters.inputs], outputs, concurrency_id=ANSWERS,
        api_visibility="private")
    chatbot.select(friendly(chat.show_turn), answers, [shown, sources, reader.column],
                   api_visibility="private")
    chatbot.like(friendly(chat.like), [answers, comment], comment, api_visibility="private")
    send_opinion.click(friendly(chat.send_feedback), [answers, opinion, comment],
                       [opinion, comment], api_visibility="private")
    sources.open(friendly(chat.open_source), shown, [*reader.outputs, sources],
                 api_visibility="private").then(None, js=scroll_to_mark("chat"))
    reader.close.click(lambda: (gr.Column(visible=False), gr.HTML(visible=True)), None,
                       [reader.column, sources], queue=False, api_visibility="private")
    new.click(lambda: ([], [], None, gr.HTML(chat.sources(None), visible=True),
                       gr.DownloadButton(visible=False), gr.Column(visible=False)), None,
              [chatbot, answers, shown, sources, export, reader.column],
              queue=False, api_visibility="private")
    return {"filters": filters, "chatbot": chatbot}


def _example_text(evt: gr.SelectData) -> str:
    return str(evt.value.get("text", "")) if isinstance(evt.value, dict) else str(evt.value)


_PLACEHOLDER = ("**Posez une question sur les délibérations indexées** : chaque réponse cite "
                "ses sources [n], séance, objet et passage.")


def _feedback_form() -> tuple[Any, Any, Any]:
    with gr.Accordion("Votre avis sur la dernière réponse", open=False):
        opinion = gr.Radio(["Utile", "Pas utile"], label="Cette réponse vous a-t-elle aidé ?")
        comment = gr.Textbox(label="Commentaire (facultatif)", lines=2,
                             placeholder="Ce qui manque, ce qui est faux…")
        send = gr.Button("Envoyer l'avis", size="sm")
    return opinion, comment, send


def _precedents_tab(staff: Staff, filters: FilterFields) -> None:
    gr.Markdown("Retrouvez les délibérations déjà prises sur un sujet, de la plus ancienne à la "
                "plus récente. Les filtres de l'onglet Conversation s'appliquent.")
    active = gr.HTML(render.filters_banner(filters_of([], [], "", "")))
    for field in filters.inputs:
        field.change(banner, filters.inputs, active, api_visibility="private", queue=False)
    found = gr.State([])
    with gr.Row(elem_id="delib-subject-row"):
        subject = gr.Textbox(show_label=False, placeholder="Sujet, par ex. « adhésion à une "
                             "association »", scale=5, elem_id="delib-subject")
        search = gr.Button("Rechercher", variant="primary", scale=1, min_width=110)
    table = gr.HTML(js_on_load=OPEN_JS, elem_id="delib-precedents")
    csv_file = gr.DownloadButton("Exporter le tableau en CSV (colonnes SCDL)", visible=False,
                                 size="sm")
    reader = reader_block("precedents")
    for trigger in (subject.submit, search.click):
        trigger(friendly(staff.precedents), [subject, *filters.inputs], [found, table, csv_file],
                concurrency_id=ANSWERS, api_visibility="private")
    table.open(friendly(staff.open_precedent), found, reader.outputs,
               api_visibility="private").then(None, js=scroll_to_mark("precedents"))
    reader.close.click(lambda: gr.Column(visible=False), None, reader.column, queue=False,
                       api_visibility="private")


def _documents_tab(staff: Staff) -> dict[str, Any]:
    max_mb = staff.service.settings.max_upload_mb
    gr.Markdown(f"Ajoutez des délibérations (PDF avec couche texte, TXT ou Markdown, "
                f"{max_mb:g} Mo au plus par fichier). Un fichier du même nom remplace le "
                "précédent ; deux fichiers d'un même envoi ne se remplacent pas : le second "
                "devient « nom-2 ».")
    files = gr.File(file_count="multiple", label="Fichiers à indexer (PDF, TXT, MD)",
                    elem_id="delib-files")  # types checked by ui.uploads, with French reasons
    ingest = gr.Button("Indexer les fichiers", variant="primary", elem_id="delib-ingest")
    report = gr.HTML(elem_id="delib-report")
    with gr.Row(equal_height=True):
        source = gr.Dropdown([], label="Retirer une source de l'index", scale=4)
        remove = gr.Button("Retirer…", variant="stop", scale=1, min_width=100)
    confirm = gr.Button("Confirmer", variant="stop", visible=False)
    listing = gr.HTML(js_on_load=OPEN_JS, elem_id="delib-listing")
    reader = reader_block("documents")
    pending = gr.State(None)  # the source « Retirer… » named: the only one Confirmer removes
    remove.click(friendly(staff.ask_remove), source, [confirm, pending], queue=False,
                 api_visibility="private")
    source.change(lambda: (gr.Button(visible=False), None), None, [confirm, pending],
                  queue=False, api_visibility="private")
    listing.open(friendly(staff.open_listed), None, reader.outputs,
                 api_visibility="private").then(None, js=scroll_to_mark("documents"))
    reader.close.click(lambda: gr.Column(visible=False), None, reader.column, queue=False,
                       api_visibility="private")
    return {"files": files, "ingest": ingest, "report": report, "source": source,
            "confirm": confirm, "pending": pending, "listing": listing}


def _ask_api(service: Service) -> Any:
    def ask(question: str, history: list[str] | None = None,
            collectivities: list[str] | None = None, bodies: list[str] | None = None,
            date_from: str = "", date_to: str = "") -> dict[str, Any]:
        """Answer a question (after the earlier questions ``history``): the JSON of
        ``delib ask --json``."""
        filters = filters_of(collectivities, bodies, date_from, date_to)
        answer: Answer = service.assistant.ask(question, history or [], filters)
        return answer_json(answer)

    return friendly(ask)
