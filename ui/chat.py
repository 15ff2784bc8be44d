"""Conversation tab handlers: streamed answers, sources panel, reader, feedback, export."""

import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.forms import filters_of
from assistant.library import locate
from index.models import Answer, Citation
from ui import feedback, render, transcript
from ui.errors import info, warn
from ui.reading import Opened, open_deliberation
from ui.service import Service

SEARCHING = "Recherche dans les délibérations…"


def user_message(question: str) -> dict[str, str]:
    return {"role": "user", "content": render.md_text(question)}


def bot_message(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}


def conversation(answers: list[Answer]) -> list[dict[str, str]]:
    """The chat as messages, two per turn (question, answer), rebuilt from the answers."""
    messages: list[dict[str, str]] = []
    for answer in answers:
        messages += [user_message(answer.question), bot_message(render.chat_answer(answer))]
    return messages


def reader_updates(opened: Opened) -> tuple[Any, Any, Any]:
    """Reader column shown, its HTML, and the PDF page image (hidden for text sources)."""
    image = gr.Image(value=opened.page_image, label=opened.page_label,
                     visible=opened.page_image is not None)
    return gr.Column(visible=True), opened.html, image


class Chat:
    """Handlers of the conversation tab; one instance serves every user."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self._folder = tempfile.TemporaryDirectory(prefix="delib-exports-")  # removed at exit
        self._exports = Path(self._folder.name)

    def respond(self, question: str, answers: list[Answer], collectivities: list[str],
                bodies: list[str], date_from: str, date_to: str) -> Iterator[tuple]:
        """Outputs: question box, chat, answers, shown answer, sources, export file, reader."""
        question = (question or "").strip()
        if not question:
            warn("Écrivez une question avant d'envoyer.")
            yield (gr.skip(),) * 7
            return
        filters = filters_of(collectivities, bodies, date_from, date_to)
        messages = [*conversation(answers), user_message(question),
                    bot_message(render.status_message(SEARCHING))]
        skip = gr.skip()
        yield "", messages, skip, skip, skip, skip, skip
        history = [answer.question for answer in answers]
        final: Answer | None = None
        text = ""
        try:
            for event in self.service.assistant.stream(question, history, filters):
                if event.kind == "final":
                    final = event.answer
                    continue
                text = "" if event.kind == "reset" else text + event.text
                shown = (render.status_message(event.text) if event.kind == "status"
                         else render.with_markers(text))
                messages[-1] = bot_message(shown)
                yield skip, messages, skip, skip, skip, skip, skip
        except Exception:
            messages[-1] = bot_message('<div class="delib-refusal">La réponse n\'a pas pu être '
                                       "produite.</div>")
            yield skip, messages, skip, skip, skip, skip, skip
            raise
        assert final is not None
        for notice in final.notices:
            warn(notice)
        answers = [*answers, final]
        yield (skip, conversation(answers), answers, final,
               gr.HTML(self.sources(final, len(answers)), visible=True),
               gr.DownloadButton(value=self.export(answers), visible=True),
               gr.Column(visible=False))

    def sources(self, answer: Answer | None, turn: int = 0) -> str:
        """The sources panel of the ``turn``-th answer: each quote highlighted in its
        paragraph, on the page of the source where it is printed."""
        if answer is None:
            return render.sources_panel(None, [])
        cited = answer.leads if answer.refused else answer.citations
        return render.sources_panel(answer, [self._card(c, answer.refused) for c in cited], turn)

    def _card(self, citation: Citation, lead: bool) -> tuple[str, int | None]:
        reading = self.service.library.reading(citation.deliberation_id)
        if reading is None:
            return render.excerpt("", None, citation.quote), citation.page
        span = None if lead else locate(reading.text, citation.quote)
        page = self.service.library.quote_page(reading, citation.quote) or citation.page
        return render.excerpt(reading.text, span, citation.quote), page

    def export(self, answers: list[Answer]) -> str:
        """The conversation as a Markdown file to download."""
        now = datetime.now()
        folder = Path(tempfile.mkdtemp(dir=self._exports))
        path = folder / f"conversation-delib-{now:%Y%m%d-%H%M}.md"
        path.write_text(transcript.markdown(answers, now), encoding="utf-8")
        return str(path)

    def show_turn(self, answers: list[Answer], evt: gr.SelectData) -> tuple:
        """Clicking an earlier answer shows its sources."""
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn = index // 2
        if not 0 <= turn < len(answers):
            return gr.skip(), gr.skip(), gr.skip()
        return (answers[turn], gr.HTML(self.sources(answers[turn], turn + 1), visible=True),
                gr.Column(visible=False))

    def open_source(self, shown: Answer | None, evt: gr.EventData) -> tuple:
        """A card's « Ouvrir » button: the whole deliberation, the passage marked."""
        deliberation_id = str(evt.id)
        cited = () if shown is None else (shown.leads if evt.kind == "lead" else shown.citations)
        match = next((c for c in cited if str(c.n) == str(evt.n)
                      and c.deliberation_id == deliberation_id), None)
        opened = open_deliberation(self.service.library, deliberation_id,
                                   match.quote if match else "", match.page if match else None)
        return (*reader_updates(opened), gr.HTML(visible=False))

    def like(self, answers: list[Answer], comment: str, evt: gr.LikeData) -> str:
        """👍 / 👎 under an answer: one line in the feedback file."""
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn = index // 2
        if not 0 <= turn < len(answers):
            return gr.skip()
        liked = evt.liked if isinstance(evt.liked, bool) else evt.liked == "Like"
        self._record(answers[turn], liked, comment)
        return ""

    def send_feedback(self, answers: list[Answer], opinion: str | None, comment: str) -> tuple:
        """The feedback form: an opinion and a comment on the latest answer."""
        if not answers:
            warn("Posez d'abord une question : l'avis porte sur la dernière réponse.")
            return gr.skip(), gr.skip()
        if not opinion and not (comment or "").strip():
            warn("Choisissez « Utile » ou « Pas utile », ou écrivez un commentaire.")
            return gr.skip(), gr.skip()
        useful = None if not opinion else opinion == "Utile"
        self._record(answers[-1], useful, comment)
        return None, ""

    def _record(self, answer: Answer, useful: bool | None, comment: str) -> None:
        record = feedback.feedback_record(answer, useful, comment or "",
                                          self.service.library.state())
        feedback.append(self.service.settings.feedback_file, record)
        info("Merci pour votre avis : il aidera à améliorer les réponses.")
