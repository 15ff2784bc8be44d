"""Uploaded files: type and size checked, names sanitised, copied into the data directory only."""

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ALLOWED = (".pdf", ".txt", ".md")
_UNSAFE = re.compile(r"[^\w.\- ]+")
_MAX_NAME = 120


@dataclass(frozen=True)
class Rejected:
    """A file refused before indexing, with the reason shown to the user."""

    name: str
    reason: str


def safe_name(name: str) -> str:
    """A plain file name: no folder, no control or shell character, no leading dot."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", stem).strip(" ._") or "document"
    suffix = _UNSAFE.sub("", suffix).lower()
    return f"{stem[:_MAX_NAME]}.{suffix}" if suffix else stem[:_MAX_NAME]


def check(path: Path, name: str, max_bytes: int) -> str | None:
    """Why the file cannot be indexed, or None."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        return f"type non pris en charge ({suffix or 'sans extension'}) : PDF, TXT ou MD"
    size = path.stat().st_size
    if size == 0:
        return "fichier vide"
    if size > max_bytes:
        return f"fichier trop volumineux ({size / 1e6:.1f} Mo, maximum {max_bytes / 1e6:.0f} Mo)"
    with path.open("rb") as stream:
        head = stream.read(4096)
    if suffix == ".pdf" and not head.startswith(b"%PDF"):
        return "ce fichier n'est pas un PDF"
    if suffix != ".pdf" and b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "fichier binaire, pas du texte"
    return None


def store(files: list[tuple[Path, str]], folder: Path,
          max_bytes: int) -> tuple[list[Path], list[Rejected]]:
    """Copy the acceptable uploads (temporary path, name given by the browser) into ``folder``;
    a file of the same name is replaced (the index then replaces its deliberations), but two
    files of one sending never replace each other: the second is kept as « nom-2.pdf »."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    kept: list[Path] = []
    rejected: list[Rejected] = []
    for path, name in files:
        reason = check(path, name, max_bytes)
        target = _unused((root / safe_name(name)).resolve(), kept)
        if reason is None and target.parent != root:
            reason = "nom de fichier refusé"
        if reason:
            rejected.append(Rejected(name, reason))
            continue
        shutil.copyfile(path, target)
        kept.append(target)
    return kept, rejected


def _unused(target: Path, kept: list[Path]) -> Path:
    """``target``, or « stem-N.suffix » when a file of this sending already took its name (a
    numbered name is never one a file already has, from this sending or an earlier one)."""
    number = 1
    candidate = target
    while candidate in kept or (number > 1 and candidate.exists()):
        number += 1
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
    return candidate
