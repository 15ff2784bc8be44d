"""Text clean-up: NFC, Markdown, repeated page headers/footers, hyphenation, wrapped lines."""

import itertools
import re
import unicodedata
from collections import Counter
from math import ceil

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$", re.M)
_LIST_START = re.compile(
    r"^\s*([-–—•■▲►▪●*+]\s|\d{1,2}\s*[-–)]\s|\d{1,2}\.\s|[a-z]\)\s|[IVX]{1,4}[.)-]\s)")
_HARD_END = re.compile(r"[.!?:;»]\s*$")
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:M|MM|Mme|Mmes|Mlle|Dr|Me|St|Ste|art|n°|[A-Z])\.$")
_TITLE_END = re.compile(r"(?:\s(?:Mme|Mmes|Mlle|MM|Monsieur|Madame)|[-–,])$")
_LABEL_START = re.compile(r"^[A-ZÉÈ][\w'’ ]{2,40}\s?:(?!\d)")
_COMPOUND_TAILS = ("être", "ci", "là", "elle", "elles", "il", "ils", "on", "même", "mêmes",
                   "dessus", "dessous", "delà", "deçà", "t-il", "t-elle")
_DIGITS = re.compile(r"\d+")
_EDGE = 2  # lines at the top and at the bottom of a page where running lines are looked for


def normalize_pages(pages: tuple[str, ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Clean every page and join them; return the text and (offset, page number) starts."""
    cleaned = [_clean_page(page) for page in pages]
    cleaned = _drop_running_lines(cleaned)
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    offset = 0
    for number, page in enumerate(cleaned, start=1):
        text = rejoin_lines(page)
        if not text:
            continue
        if parts:
            offset += 2
        starts.append((offset, number))
        parts.append(text)
        offset += len(text)
    return "\n\n".join(parts), tuple(starts)


def normalize_text(text: str) -> str:
    """Clean a single text (no page structure)."""
    return normalize_pages((text,))[0]


def _clean_page(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _running_key(line: str) -> str:
    return _DIGITS.sub("#", line.lower()).strip()


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Remove lines repeated at the top or bottom of most pages (headers, footers, page numbers)."""
    if len(pages) < 3:
        return pages
    edges = [_edge_keys(page) for page in pages]
    counts = Counter(key for keys in edges for key in keys)
    threshold = max(3, ceil(0.6 * len(pages)))
    running = {key for key, count in counts.items() if count >= threshold and key}
    if not running:
        return pages
    result = []
    for page in pages:
        lines = page.split("\n")
        non_empty = [i for i, line in enumerate(lines) if line.strip()]
        edge_ids = set(non_empty[:_EDGE] + non_empty[-_EDGE:])
        kept = [line for i, line in enumerate(lines)
                if not (i in edge_ids and _running_key(line) in running)]
        result.append("\n".join(kept).strip("\n"))
    return result


def _edge_keys(page: str) -> set[str]:
    lines = [line for line in page.split("\n") if line.strip()]
    return {_running_key(line) for line in lines[:_EDGE] + lines[-_EDGE:]}


def rejoin_lines(text: str) -> str:
    """Join hyphenated and hard-wrapped lines into paragraphs; blank lines separate paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text)
    width = _wrap_width(text)
    return "\n\n".join(p for p in (_join_paragraph(par, width) for par in paragraphs) if p)


def _wrap_width(text: str) -> int:
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    if len(lengths) < 4:
        return 0
    return lengths[int(0.9 * (len(lengths) - 1))]


def _join_paragraph(paragraph: str, width: int) -> str:
    lines = [line for line in paragraph.split("\n") if line.strip()]
    if not lines:
        return ""
    out = lines[0]
    for previous, line in itertools.pairwise(lines):
        out = _join_pair(out, previous, line, width)
    return out


def _join_pair(out: str, previous: str, line: str, width: int) -> str:
    hyphenated = previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha()
    if hyphenated and line[:1].isalpha():
        if previous[-2].islower() and line[0].islower() and not _is_compound(line):
            return out[:-1] + line
        return out + line
    if _wraps(previous, line, width):
        return out + " " + line
    return out + "\n" + line


def _is_compound(line: str) -> bool:
    head = re.split(r"[\s,.;:]", line, maxsplit=1)[0].lower()
    return head in _COMPOUND_TAILS


def _wraps(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` continues ``previous`` (a soft wrap) rather than starting a new line."""
    if not width or _LIST_START.match(line) or _LABEL_START.match(line):
        return False
    if len(previous) < 0.7 * width:
        return False
    if line[:1].islower():
        return True
    if _ABBREVIATION_END.search(previous) or _TITLE_END.search(previous):
        return True
    return len(previous) >= 0.9 * width and not _HARD_END.search(previous)
