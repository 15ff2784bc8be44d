"""Sums of money in euros: "732 € TTC", "1 250 000 euros", "1,5 M€", "12.500,50 € HT",
"16.421.10 € NET" (a dot before the cents, as typed in some minutes)."""

import re

from index.models import Amount

# Anchored on the left (never inside a longer number) and bounded, so a long run of digits or of
# digit groups costs linear time: each start tries a few lengths, not every length.
_NUMBER = (r"(?<![\d.,])(\d{1,3}(?:[ .\u202f\u00a0]\d{3}){1,5}|\d{1,15})(?![\d])"
           r"(?:,(\d{1,2})|\.(\d{2})(?!\d))?")
_AMOUNT_RE = re.compile(
    _NUMBER + r"\s?(M€|k€|K€|millions? d['’]euros|€|euros?\b|EUR\b)"
    r"(?:\s?(HT|TTC|H\.T\.?|T\.T\.C\.?|hors taxes?|toutes taxes comprises)\b)?",
    re.I,
)
_SCALE = {"m€": 1_000_000, "k€": 1_000}


def find_amounts(text: str) -> tuple[Amount, ...]:
    """Every distinct euro amount in ``text``, in order of first appearance."""
    seen: dict[tuple[float, str | None], Amount] = {}
    for match in _AMOUNT_RE.finditer(text):
        if _glued_to_word(text, match.start()):
            continue
        value = _value(match[1], match[2] or match[3], match[4])
        tax = _tax(match[5])
        key = (value, tax)
        if key not in seen:
            seen[key] = Amount(value=value, raw=match[0].strip(), tax=tax)
    return tuple(seen.values())


def _glued_to_word(text: str, start: int) -> bool:
    return start > 0 and (text[start - 1].isalpha() or text[start - 1] in "/-")


def _value(integer: str, decimals: str | None, unit: str) -> float:
    value = float(re.sub(r"[ .\u202f\u00a0]", "", integer))
    if decimals:
        value += float(f"0.{decimals}")
    unit = unit.lower()
    if unit.startswith("million"):
        return value * 1_000_000
    return value * _SCALE.get(unit, 1)


def _tax(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.lower().replace(".", "")
    return "HT" if raw.startswith(("ht", "hors")) else "TTC"
