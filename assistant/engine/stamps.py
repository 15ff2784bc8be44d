"""Prefecture stamps kept out of quotes: a stamp block run into a quoted unit is cut out."""

import re
from dataclasses import replace

from assistant.engine.extractive import Sentence
from index.parsing.actes import stamp_spans

ELLIPSIS = "[…]"
# A question about the stamp itself (« À quelle date a-t-elle été publiée ? ») keeps it.
_ASKS_STAMP = re.compile(
    r"pr[ée]fecture|t[ée]l[ée]transmi|\btransmission\b|\bété\s+(?:transmise?s?|envoyée?s?)\b|"
    r"\bpubli(?:[ée]e?s?|cation)\b|\baffich(?:[ée]e?s?|age)\b|"
    r"accus[ée]\s+de\s+r[ée]ception|ex[ée]cutoire|contr[ôo]le\s+de\s+l[ée]galit[ée]|"
    r"identifiant|\bID\b|@ctes", re.I)
_PAGE_NUMBER = re.compile(r"[\d\s]{1,8}")  # « 36 2 » beside a stamp at the top of a page


def asks_stamp(question: str) -> bool:
    return bool(_ASKS_STAMP.search(question))


def unstamped(sentence: Sentence) -> Sentence:
    """``sentence`` without the stamp blocks in it (« Envoyé en préfecture le … ID : …-DE »)
    and the bare page numbers beside them (« 36 2 »: a bare figure there is taken for one);
    what lies between two pieces of the text is shown as « […] ». Unchanged when it holds no
    stamp, or nothing but stamps."""
    text = sentence.text
    stamps = stamp_spans(text)
    if not stamps:
        return sentence
    bounds = [0, *(bound for span in stamps for bound in span), len(text)]
    pieces = [text[bounds[i]: bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]
    kept = [piece for piece in pieces if any(char.isalnum() for char in piece)
            and not _PAGE_NUMBER.fullmatch(piece)]
    if not kept:
        return sentence
    return replace(sentence, text=f" {ELLIPSIS} ".join(kept))
