"""Splitting a deliberation into passages sized in the embedding model's tokens."""

from langchain_text_splitters import RecursiveCharacterTextSplitter

from index.embedders import Embedder
from index.errors import DelibError
from index.models import Chunk, Deliberation
from index.parsing.dates import french_date
from index.settings import Settings

_SEPARATORS = ["\n\n", "\n", ". ", "; ", ", ", " ", ""]
_SAFETY_TOKENS = 8


def context_header(delib: Deliberation) -> str:
    """"Ville de Dijon — séance du 28 janvier 2019 — Adhésion ..." (the parts that are known)."""
    parts = [delib.collectivity or "", f"séance du {french_date(delib.session_date)}"
             if delib.session_date else "", delib.object or ""]
    return " — ".join(part for part in parts if part)


def chunk_budget(embedder: Embedder, settings: Settings) -> int:
    """Tokens left for the passage once the header and the model's own tokens are counted."""
    room = embedder.max_tokens - settings.header_tokens - _SAFETY_TOKENS
    if room < 32:
        raise DelibError(f"Le modèle {embedder.name} n'accepte que {embedder.max_tokens} jetons : "
                         "trop peu pour des extraits utiles (réduisez DELIB_HEADER_TOKENS ou "
                         "choisissez un autre modèle).")
    return min(settings.chunk_tokens, room)


def chunk_deliberation(delib: Deliberation, embedder: Embedder, settings: Settings) -> list[Chunk]:
    """Verbatim passages of one deliberation, each with its offsets, page and embedded text."""
    budget = chunk_budget(embedder, settings)
    splitter = RecursiveCharacterTextSplitter(
        separators=_SEPARATORS, chunk_size=budget,
        chunk_overlap=min(settings.chunk_overlap_tokens, budget // 4),
        length_function=embedder.count_tokens, keep_separator="end", strip_whitespace=True)
    header = _clip_header(context_header(delib), embedder, settings.header_tokens)
    chunks = []
    cursor = 0
    for position, piece in enumerate(splitter.split_text(delib.text)):
        start = delib.text.find(piece, cursor)
        if start < 0:
            start = delib.text.find(piece)
        cursor = start + 1
        chunks.append(Chunk(
            id=f"{delib.id}-{position:03d}", deliberation_id=delib.id, position=position,
            text=piece, start=start, end=start + len(piece), page=delib.page_at(start),
            embed_text=f"{header}\n\n{piece}" if header else piece))
    return chunks


def _clip_header(header: str, embedder: Embedder, limit: int) -> str:
    """The header cut at a word boundary until it fits ``limit`` tokens (empty if nothing fits)."""
    while header and embedder.count_tokens(header) > limit:
        shorter = header[: int(len(header) * 0.8)].rsplit(" ", 1)[0]
        header = f"{shorter} …" if shorter and len(shorter) < len(header) - 2 else ""
    return header
