"""Text clean-up: NFC, Markdown, repeated page headers/footers, hyphenation, wrapped lines."""

import itertools
import re
import unicodedata
from math import ceil

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^*_\n]{1,300}?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*(?![\w*])")
_MD_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,300}?)(?<=[^\s_])_(?![\w_])")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\s]{1,500}\)")
_MD_CODE = re.compile(r"`([^`\n]{1,300})`")
_MD_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M)
_LIST_START = re.compile(
    r"^\s*([-–—•■▲►▪●*+]\s|\d{1,2}\s*[-–)]\s|\d{1,2}\.\s|[a-z]\)\s|[IVX]{1,4}[.)-]\s)")
_HARD_END = re.compile(r"[.!?:;»]\s*$")
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:M|MM|Mme|Mmes|Mlle|Dr|Me|St|Ste|art|n°|[A-Z])\.$")
_TITLE_END = re.compile(r"(?:\s(?:Mme|Mmes|Mlle|MM|Monsieur|Madame)|[-–,])$")
_LABEL_START = re.compile(r"^[A-ZÉÈ][\w'’ ]{2,40}\s?:(?!\d)")
_COMPOUND_TAILS = ("être", "ci", "là", "elle", "elles", "il", "ils", "on", "même", "mêmes",
                   "dessus", "dessous", "delà", "deçà", "t-il", "t-elle")
_COMPOUND_HEADS = frozenset((
    "vingt", "trente", "quarante", "cinquante", "soixante", "quatre", "dix", "porte", "sous",
    "vice", "ex", "après", "avant", "arrière", "grand", "grande", "demi", "semi", "mi", "non",
    "quasi", "garde", "chef", "lieu", "belle", "beau", "tout", "toute", "celle", "celui",
    "ceux", "ci", "là", "au", "c'est", "peut", "est", "rez", "procès", "compte", "plus"))
_DIGITS = re.compile(r"\d+")
_ITEM_MARKER = re.compile(r"EXTRAIT|D[ée]lib[ée]ration\s+n|S[ée]ance\s+du|\bOBJET\b|\bObjet\s*:",
                          re.I)
_MIN_WRAP_WIDTH = 50  # hard-wrapped exports run 60 to 110 characters a line
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
    text = _MD_UNDERSCORE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _running_key(line: str) -> str:
    return _DIGITS.sub("#", line.lower()).strip()


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Remove lines repeated at the top or bottom of most pages: the same words every time, or
    the same words around a page counter ("Page 3 / 12"); never a line that starts an item."""
    if len(pages) < 3:
        return pages
    seen: dict[str, list[tuple[int, str]]] = {}
    for number, page in enumerate(pages):
        for line in _edge_lines(page):
            seen.setdefault(_running_key(line), []).append((number, line))
    threshold = max(3, ceil(0.6 * len(pages)))
    running = {key for key, hits in seen.items()
               if key and len({n for n, _ in hits}) >= threshold and _is_running(hits)}
    if not running:
        return pages
    result = []
    for page in pages:
        lines = page.split("\n")
        edges = set(_edge_lines(page))
        kept = [line for line in lines if not (line in edges and _running_key(line) in running)]
        result.append("\n".join(kept).strip("\n"))
    return result


def _edge_lines(page: str) -> list[str]:
    lines = [line for line in page.split("\n") if line.strip()]
    return [line for line in lines[:_EDGE] + lines[-_EDGE:] if not _ITEM_MARKER.search(line)]


def _is_running(hits: list[tuple[int, str]]) -> bool:
    """Identical lines, or lines whose only changing number follows the page number."""
    if len({line for _, line in hits}) == 1:
        return True
    numbers = [(page, [int(n) for n in _DIGITS.findall(line)]) for page, line in hits]
    if len({len(values) for _, values in numbers}) != 1:
        return False
    for position in range(len(numbers[0][1])):
        offsets = {values[position] - page for page, values in numbers}
        constant = len({values[position] for _, values in numbers}) == 1
        if not constant and len(offsets) != 1:
            return False
    return True


def rejoin_lines(text: str) -> str:
    """Join hyphenated and hard-wrapped lines into paragraphs; blank lines separate paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text)
    width = _wrap_width(text)
    return "\n\n".join(p for p in (_join_paragraph(par, width) for par in paragraphs) if p)


def _wrap_width(text: str) -> int:
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    if len(lengths) < 4:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return width if width >= _MIN_WRAP_WIDTH else 0


def _join_paragraph(paragraph: str, width: int) -> str:
    lines = [line for line in paragraph.split("\n") if line.strip()]
    if not lines:
        return ""
    parts = [lines[0]]
    for previous, line in itertools.pairwise(lines):
        joint = _joint(previous, line, width)
        if joint is None:  # a word cut by a hyphen: drop the hyphen
            parts[-1] = parts[-1][:-1]
            joint = ""
        parts += [joint, line]
    return "".join(parts)


def _joint(previous: str, line: str, width: int) -> str | None:
    """What goes between two lines: "" (hyphenated word), " " (soft wrap), a newline, or None
    when the hyphen ending ``previous`` must go."""
    hyphenated = previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha()
    if hyphenated and line[:1].isalpha():
        if previous[-2].islower() and line[0].islower() and not _is_compound(previous, line):
            return None
        return ""
    return " " if _wraps(previous, line, width) else "\n"


def _is_compound(previous: str, line: str) -> bool:
    """Whether a line-end hyphen belongs to the word ("peut-être", "vingt-deux", "porte-parole")."""
    head = re.split(r"[\s,.;:]", line, maxsplit=1)[0].lower()
    left = re.search(r"([\w'’]+)-$", previous)
    first = left[1].lower() if left else ""
    return head in _COMPOUND_TAILS or "-" in head or first in _COMPOUND_HEADS or \
        first.endswith(("'est", "’est"))


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
