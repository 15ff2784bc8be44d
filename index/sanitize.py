"""Valid text at the door: every string a reader returns is cleaned once, with a count."""

import re

# Bullets drawn from Symbol / Wingdings fonts land in the private-use area (U+F0xx) when a PDF
# or a Word export keeps the font's own code: they mean "•" to a reader.
_PRIVATE_BULLETS = "\uf0a7\uf0b7\uf0d8\uf0fc\uf0e0\uf076\uf06e\uf06c\uf0a8\uf0be\uf0f0"
_BULLET = "•"
# Lone surrogates (from a PDF's ToUnicode map, or bytes smuggled through surrogateescape).
_SURROGATE = "\ud800-\udfff"
# Controls other than tab, newline, form feed (page break) and carriage return; C1 controls.
_CONTROL = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
# Non-characters, the byte-order mark and zero-width spaces inside the text.
_INVISIBLE = "\ufdd0-\ufdef\ufffe\uffff\ufeff\u200b"
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_PLANE_ENDS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                      for plane in range(1, 17))
_BAD = re.compile(f"[{_SURROGATE}{_CONTROL}{_INVISIBLE}{_PRIVATE}{_PLANE_ENDS}]")
REPLACEMENT = "\ufffd"
# A dingbat some converters write as its glyph's name instead of a character (« /head2right »,
# Wingdings' arrow bullet, 309 times in one authority's minutes): a run of them is one "•".
_GLYPH_NAMES = re.compile(r"(?:/head2right)+")


def _replace(match: re.Match[str]) -> str:
    char = match[0]
    if char in _PRIVATE_BULLETS:
        return _BULLET
    if "\ud800" <= char <= "\udfff":
        return REPLACEMENT  # a letter was lost here: keep a visible mark of it
    return ""


def sanitize(text: str) -> tuple[str, int]:
    """``text`` as valid Unicode that any encoder accepts, and how many characters changed.

    Lone surrogates become U+FFFD; private-use bullets and bullets written as their glyph's
    name become "•" (a glyph name counts as one character changed); controls (but tab, newline,
    form feed and carriage return), other private-use characters, non-characters, byte-order
    marks and zero-width spaces are removed.
    """
    changed = 0

    def count(match: re.Match[str]) -> str:
        nonlocal changed
        changed += 1
        return _replace(match)

    text = _BAD.sub(count, text)

    def bullet(match: re.Match[str]) -> str:
        nonlocal changed
        changed += match[0].count("/")
        return _BULLET

    return _GLYPH_NAMES.sub(bullet, text), changed


def sanitize_all(texts: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
    """Each text of ``texts`` sanitised, and the total count of characters changed."""
    cleaned = [sanitize(text) for text in texts]
    return tuple(text for text, _ in cleaned), sum(n for _, n in cleaned)


def is_clean(text: str) -> bool:
    """Whether ``text`` holds nothing that ``sanitize`` would change."""
    return _BAD.search(text) is None and _GLYPH_NAMES.search(text) is None
