"""Staff tabs: precedents on a subject (table, CSV export) and the documents of the index."""

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.components.chatbot import ExampleMessage

from assistant.engine.core import Precedent
from assistant.exports import write_precedents_csv
from assistant.forms import filters_of
from index.pipeline import FileOutcome
from ui import render, uploads
from ui.chat import reader_updates
from ui.errors import info, warn
from ui.reading import open_deliberation
from ui.service import Service

PROGRESS = gr.Progress()  # Gradio recognises a handler's progress by this default value


class Staff:
    """Handlers of the Précédents and Documents tabs."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self._folder = tempfile.TemporaryDirectory(prefix="delib-precedents-")  # removed at exit
        self._exports = Path(self._folder.name)

    def precedents(self, subject: str, collectivities: list[str], bodies: list[str],
                   date_from: str, date_to: str) -> tuple:
        """Outputs: precedents found, their table, the CSV to download."""
        subject = (subject or "").strip()
        if not subject:
            warn("Indiquez un sujet, par exemple « adhésion à une association ».")
            return gr.skip(), gr.skip(), gr.skip()
        filters = filters_of(collectivities, bodies, date_from, date_to)
        found = self.service.assistant.precedents(subject, filters)
        csv_file = self._csv(found) if found else None
        return (found, render.precedents_table(found),
                gr.DownloadButton(value=csv_file, visible=csv_file is not None))

    def _csv(self, found: list[Precedent]) -> str:
        folder = Path(tempfile.mkdtemp(dir=self._exports))
        path = folder / f"precedents-{datetime.now():%Y%m%d-%H%M}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as stream:  # as French Excel reads
            write_precedents_csv(found, stream, delimiter=";")  # it: BOM, semicolons
        return str(path)

    def open_precedent(self, found: list[Precedent], evt: gr.EventData) -> tuple:
        precedent = next((p for p in found if p.deliberation_id == str(evt.id)), None)
        opened = open_deliberation(self.service.library, str(evt.id),
                                   precedent.excerpt if precedent else "",
                                   precedent.page if precedent else None)
        return reader_updates(opened)

    def open_listed(self, evt: gr.EventData) -> tuple:
        return reader_updates(open_deliberation(self.service.library, str(evt.id)))

    def ingest(self, files: list[str] | None, progress: Any = PROGRESS) -> tuple:
        """Outputs: report, then what changes with the index (see ``catalog_updates``)."""
        if not files:
            warn("Choisissez d'abord un ou plusieurs fichiers (PDF, TXT ou MD).")
            return (gr.skip(),) * (1 + len(self.catalog_updates()))
        settings = self.service.settings
        kept, rejected = uploads.store([(Path(f), Path(f).name) for f in files],
                                       settings.uploads_path, int(settings.max_upload_mb * 1e6))
        report = None
        if kept:
            done: list[FileOutcome] = []
            progress((0, len(kept)), desc="Indexation", unit="fichiers")

            def advance(outcome: FileOutcome) -> None:
                done.append(outcome)
                progress((len(done), len(kept)), desc="Indexation", unit="fichiers")

            report = self.service.ingest(kept, advance)
            info(f"{report.count('new') + report.count('replaced')} fichier(s) indexé(s).")
        return (render.ingest_report(report, rejected), *self.catalog_updates())

    def ask_remove(self, source: str | None) -> tuple[Any, str | None]:
        """The confirmation button for ``source``, and ``source`` kept as the one to remove."""
        if not source:
            warn("Choisissez la source à retirer.")
            return gr.Button(visible=False), None
        return gr.Button(f"Confirmer : retirer {Path(source).name}", visible=True), source

    def remove(self, source: str | None, pending: str | None = None) -> tuple:
        """Remove ``source``; from the page, only the source « Retirer… » named
        (``pending``): a choice changed since removes nothing (the API gives no ``pending``)."""
        if not source or (pending is not None and pending != source):
            if source:
                warn("La source choisie a changé depuis « Retirer… » : rien n'a été retiré.")
            return (gr.Button(visible=False), None, *self.catalog_updates())
        removed, chunks = self.service.remove(source)
        path = Path(removed)
        if path.parent == self.service.settings.uploads_path.resolve():
            path.unlink(missing_ok=True)  # a file sent through the app: it goes too
        info(f"Source retirée : {path.name} ({chunks} extrait(s) supprimé(s)).")
        return (gr.Button(visible=False), None, *self.catalog_updates())

    def catalog_updates(self) -> tuple:
        """Everything built from the catalog: deliberation list, source choices, filter
        choices, example questions, header."""
        library = self.service.library
        examples: list[ExampleMessage] = [{"text": q} for q in library.example_questions()]
        return (render.deliberations_table(library.deliberations()),
                gr.Dropdown(choices=[(Path(s).name, s) for s in library.sources()], value=None),
                gr.Dropdown(choices=library.collectivities()),
                gr.Dropdown(choices=library.bodies()),
                gr.Chatbot(examples=examples or None), render.header(library.state()))
