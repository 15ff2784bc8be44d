"""Terminal rendering with rich: ingest progress and report, tables, one deliberation."""

import time
from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from assistant.exports import filters_label
from index.models import Answer, Deliberation
from index.parsing.dates import french_date
from index.pipeline import FileOutcome, IngestReport

console = Console()
errors = Console(stderr=True)
_STATUS_FR = {"new": "nouveaux", "replaced": "remplacés", "unchanged": "inchangés",
              "skipped": "ignorés", "failed": "en échec"}


def _session(iso_date: str | None) -> str:
    return french_date(iso_date) if iso_date else "séance inconnue"


def _short(source: str) -> str:
    try:
        return str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        return source


class IngestProgress:
    """A progress bar on stderr: files, deliberations, chunks and chunks per second."""

    def __init__(self, total_files: int, quiet: bool = False) -> None:
        self._progress = Progress(
            TextColumn("[bold]Indexation"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
            console=errors, disable=quiet, transient=False)
        self._task = self._progress.add_task("ingest", total=total_files, detail="")
        self._delibs = self._chunks = self._ocr_pages = 0
        self._ocr_seconds = 0.0
        self._started = time.perf_counter()

    def __enter__(self) -> "IngestProgress":
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._progress.stop()

    def advance(self, outcome: FileOutcome) -> None:
        self._delibs += outcome.deliberations
        self._chunks += outcome.chunks
        self._progress.update(self._task, advance=1, detail=self._detail())

    def ocr_page(self, seconds: float) -> None:
        """One more page read by OCR (slow: shown with its own rate)."""
        self._ocr_pages += 1
        self._ocr_seconds += seconds
        self._progress.update(self._task, detail=self._detail())

    def _detail(self) -> str:
        rate = self._chunks / max(time.perf_counter() - self._started, 1e-6)
        detail = (f"{self._delibs} délibérations · {self._chunks} extraits · "
                  f"{rate:.1f} extraits/s")
        if self._ocr_pages:
            detail += (f" · {self._ocr_pages} pages OCR · "
                       f"{self._ocr_pages / max(self._ocr_seconds, 1e-6):.2f} pages/s")
        return detail


def ingest_report(report: IngestReport) -> None:
    """Totals per status, then one line per file that was skipped or failed, with its reason,
    and one per indexed file whose text had invalid characters."""
    counts = ", ".join(f"{report.count(status)} {label}" for status, label in _STATUS_FR.items())
    console.print(f"{len(report.outcomes)} fichier(s) lus : {counts}.")
    console.print(f"{report.deliberations} délibération(s), {report.chunks} extrait(s) indexés "
                  f"en {report.seconds:.1f} s.")
    ocr_pages = sum(outcome.ocr_pages for outcome in report.outcomes)
    if ocr_pages:
        console.print(f"{ocr_pages} page(s) scannée(s) lues par OCR.")
    for outcome in report.outcomes:
        if outcome.status in ("skipped", "failed"):
            label = "ignoré" if outcome.status == "skipped" else "ÉCHEC"
            console.print(f"  {label} : {_short(outcome.source)} — {outcome.reason}",
                          markup=False, highlight=False)
        elif outcome.cleaning_note:
            console.print(f"  nettoyé : {_short(outcome.source)} — {outcome.cleaning_note}",
                          markup=False, highlight=False)
        for page, confidence in outcome.low_confidence:
            console.print(f"  OCR peu sûr : {_short(outcome.source)}, page {page} — confiance "
                          f"moyenne {confidence:.0f} % : texte à vérifier sur l'original",
                          markup=False, highlight=False)
    if report.interrupted:
        console.print("Indexation interrompue : relancez la même commande pour la terminer.")


def _cells(*values: str) -> list[Text]:
    """Table cells read literally: a « [x] » of a title or a file name is not rich markup."""
    return [Text(value) for value in values]


def deliberation_table(delibs: list[Deliberation]) -> None:
    table = Table("Séance", "Collectivité", "Objet", "N°", "Vote", "Source")
    for d in delibs:
        table.add_row(*_cells(_session(d.session_date), d.collectivity or "",
                              d.object or "(objet ?)", d.delib_number or "",
                              d.vote.result or "", _short(d.source)))
    console.print(table)
    console.print(f"{len(delibs)} délibération(s).")


def list_table(rows: list[dict[str, Any]]) -> None:
    table = Table("Séance", "Collectivité", "Objet", "N°", "Source")
    table.add_column("Identifiant", no_wrap=True, min_width=20)
    for row in rows:
        table.add_row(*_cells(_session(row["session_date"]), row["collectivity"] or "",
                              row["object"] or "(objet ?)", row["delib_number"] or "",
                              _short(row["source"]), row["id"]))
    console.print(table)
    console.print(f"{len(rows)} délibération(s) indexée(s).")


def show_deliberation(row: dict[str, Any]) -> None:
    record = row["record"]
    console.print(record["object"] or "(objet inconnu)", style="bold", markup=False,
                  highlight=False)
    for label, key in (("Collectivité", "collectivity"), ("Instance", "body"),
                       ("Numéro", "delib_number"), ("Rapporteur", "rapporteur"),
                       ("Président", "president"), ("Vote", "vote_result"),
                       ("Acte @ctes", "actes_id"), ("Source", "source")):
        if record.get(key):
            console.print(f"{label} : {record[key]}", markup=False, highlight=False)
    console.print(f"Séance : {_session(record['session_date'])}")
    console.print()
    console.print(row["text"], markup=False, highlight=False)


def answer(result: Answer) -> None:
    """The answer, then one line per source; a refusal shows its leads as leads."""
    label = filters_label(result.filters)
    if label:
        console.print(label, style="dim", markup=False, highlight=False)
    for notice in result.notices:
        console.print(f"Note : {notice}", style="yellow", markup=False, highlight=False)
    console.print(result.text, markup=False, highlight=False)
    if result.refused and result.leads:
        console.print("Pistes (ne répondent pas à la question) :", style="bold")
    elif result.citations:
        console.print("Sources :", style="bold")
    for c in result.citations or result.leads:
        where = f", p. {c.page}" if c.page else ""
        where += ", lu par OCR" if c.ocr_confidence is not None else ""
        number = f", n° {c.delib_number}" if c.delib_number else ""
        console.print(f"  [{c.n}] {c.collectivity or 'collectivité inconnue'}, {c.session_label}"
                      f" — {c.object or '(objet inconnu)'}{number} ({_short(c.source)}{where})",
                      markup=False, highlight=False)


def precedents(found: list[Any]) -> None:
    table = Table("Séance", "Collectivité", "Objet", "N°", "Vote", "Montants")
    for p in found:
        table.add_row(*_cells(_session(p.session_date), p.collectivity or "", p.object or "",
                              p.delib_number or "", p.vote_result or "",
                              " ; ".join(p.amounts)))
    console.print(table)
    console.print(f"{len(found)} délibération(s).")


def stats(values: dict[str, Any]) -> None:
    console.print(f"Dossier : {values['data_dir']}", markup=False, highlight=False)
    console.print(f"{values['documents']} document(s), {values['deliberations']} délibération(s),"
                  f" {values['chunks']} extrait(s).")
    if values["first_session"]:
        console.print(f"Séances du {_session(values['first_session'])} au "
                      f"{_session(values['last_session'])}.")
    for key, value in (values["fingerprint"] or {}).items():
        console.print(f"  {key} : {value}", markup=False, highlight=False)
