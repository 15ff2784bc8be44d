"""The printed style of a document's lines (from its PDF layout), as features of their role."""

from collections import Counter

from index.layout import style_key
from index.models import Layout, LineStyle
from index.structure.lines import Line

_REACH = 80  # printed lines looked ahead for a text line (a page holds about 60)
_BACK = 60  # then behind, without moving on (the cells of a table are read in another order;
# an agenda line that a title opens is no match there)
_SHORT, _SHORT_REACH = 8, 8  # a key this short ("71", "2012") is looked for only this far
_PREFIX = 12  # keys this long match when one opens the other (lines cut or joined otherwise)
_NEAR = 2  # printed lines below such a match where the same letters are taken instead
_BOLD = 0.5  # share of bold letters that makes a line stand out...
_LARGER = 1.1  # ...as does a font this much larger than the body text's
# (tune side, leave-one-authority-out, object / number / rapporteur / vote, first version of
# the matching: 0.924 / 0.942 / 0.914 / 0.910 with this one feature, 0.921 / 0.938 / 0.908 /
# 0.907 with the size in five buckets, bold share, centred, indented and right-hand lines
# apart; 0.918 / 0.936 / 0.906 / 0.903 without typography)


def line_styles(lines: list[Line], layout: Layout) -> list[LineStyle | None]:
    """The printed style of each line, found in reading order by its letters; None for a line
    the layout does not hold (blank, or cut otherwise by the text extractor)."""
    printed = [style for page in layout for style in page]
    found: list[LineStyle | None] = []
    cursor = 0
    for line in lines:
        key = style_key(line.text)
        reach = _SHORT_REACH if len(key) < _SHORT else _REACH
        ahead = range(cursor, min(len(printed), cursor + reach))
        match = None if not key else next(  # the nearest: the same letters, or one opening the
            (j for j in ahead if key == printed[j].key or _opens(key, printed[j].key)), None)
        if match is not None and key != printed[match].key:  # the same letters just below win
            match = next((j for j in range(match + 1, min(len(printed), match + 1 + _NEAR))
                          if key == printed[j].key), match)
        if match is not None:
            cursor = match + 1
        elif key and len(key) >= _SHORT:  # behind: the same letters only, never a mere start
            behind = range(cursor - 1, max(-1, cursor - 1 - _BACK), -1)
            match = next((j for j in behind if key == printed[j].key), None)
        found.append(None if match is None else printed[match])
    return found


def _opens(key: str, printed: str) -> bool:
    """One key opens the other (a line the text extractor cut or joined otherwise)."""
    return min(len(key), len(printed)) >= _PREFIX and (key.startswith(printed)
                                                       or printed.startswith(key))


def style_features(styles: list[LineStyle | None], layout: Layout) -> list[dict[str, float]]:
    """Per line: whether its print is known, and whether it stands out from the body text
    (bold, or a larger font)."""
    body = _body_size(layout)
    features: list[dict[str, float]] = []
    for style in styles:
        if style is None:
            features.append({})
            continue
        larger = body > 0 and style.size >= _LARGER * body
        features.append({"styled": 1.0, **({"bold": 1.0} if style.bold >= _BOLD or larger
                                           else {})})
    return features


def _body_size(layout: Layout) -> float:
    """The font size of most of the document's letters."""
    sizes: Counter[float] = Counter()
    for page in layout:
        for style in page:
            sizes[style.size] += len(style.key)
    return sizes.most_common(1)[0][0] if sizes else 0.0
