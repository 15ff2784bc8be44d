"""Authorities declared by the user: ``--collectivite`` or a ``collectivites.tsv`` of a folder.

Many documents never print the name of the authority that adopted them (a commune's minutes
say "le conseil municipal", its stamp gives a SIREN); whoever indexes them knows it. A
declared authority replaces the one the parser read, for every deliberation of the file.

``collectivites.tsv`` (tab-separated, UTF-8) lists, below a header line ``dossier`` /
``collectivite``, sub-folders of the folder that holds it and the authority of every file under
each of them; the nearest such file above a document decides.
"""

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from index.errors import DelibError
from index.models import Deliberation

DECLARATIONS = "collectivites.tsv"
_HEADER = ("dossier", "collectivite")


def declared_authority(path: Path) -> str | None:
    """The authority declared for ``path`` by the nearest ``collectivites.tsv`` above it."""
    resolved = path.resolve()
    for folder in resolved.parents:
        table = _declarations(folder)
        if table:
            for sub, name in table.items():
                if resolved.is_relative_to(folder / sub):
                    return name
            return None
    return None


def _declarations(folder: Path) -> dict[str, str]:
    """The table of ``folder/collectivites.tsv`` (empty when there is none)."""
    path = folder / DECLARATIONS
    try:
        return _read_once(path, path.stat().st_mtime_ns) if path.is_file() else {}
    except OSError:
        return {}


@lru_cache(maxsize=256)
def _read_once(path: Path, modified: int) -> dict[str, str]:
    """One read per version of a file (``modified`` is its time of change)."""
    return read_declarations(path)


def read_declarations(path: Path) -> dict[str, str]:
    """Sub-folder -> authority name; a French ``DelibError`` names the faulty line."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise DelibError(f"{path} : fichier illisible ({error}).") from error
    rows = [line.split("\t") for line in lines if line.strip()]
    if not rows or tuple(cell.strip().lower() for cell in rows[0]) != _HEADER:
        raise DelibError(f"{path} : la première ligne doit être « dossier<TAB>collectivite ».")
    table: dict[str, str] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            raise DelibError(f"{path}, ligne {number} : deux colonnes attendues, séparées par "
                             "une tabulation (sous-dossier, nom de la collectivité).")
        table[cells[0].strip().strip("/")] = cells[1].strip()
    return table


def is_declaration(path: Path) -> bool:
    """A ``collectivites.tsv``: read for its declarations, never indexed."""
    return path.name == DECLARATIONS


def declare(delibs: list[Deliberation], authority: str | None) -> list[Deliberation]:
    """The deliberations of one file, attributed to ``authority`` when one is declared."""
    if not authority:
        return delibs
    return [replace(delib, collectivity=authority) for delib in delibs]
