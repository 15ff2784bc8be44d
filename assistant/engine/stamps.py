"""Prefecture stamps kept out of quotes: a stamp block run into a quoted unit is cut out."""

import re
from dataclasses import replace

from assistant.engine.extractive import Sentence
from assistant.engine.spans import JOINED
from index.parsing.actes import stamp_spans

# A question about the stamp itself (« À quelle date a-t-elle été publiée ? ») keeps it.
_ASKS_STAMP = re.compile(
    r"pr[ée]fecture|t[ée]l[ée]transmi|\bdate\s+(?:de\s+transmission|d['’]envoi)\b|"
    r"(?:d[ée]lib[ée]ration|\bacte|d[ée]cision)\b[^?.]{0,40}?\b(?:transmise|envoy[ée]e)\b|"
    r"\bpubli(?:[ée]e?s?|cation)\b|\baffich(?:[ée]e?s?|age)\b|"
    r"accus[ée]\s+de\s+r[ée]ception|ex[ée]cutoire|contr[ôo]le\s+de\s+l[ée]galit[ée]|"
    r"identifiant|\bID\b|@ctes", re.I)
_PAGE_NUMBER = re.compile(r"[\d\s]{1,8}")  # « 36 2 » beside a stamp at the top of a page
_LEADS = re.compile(r"(?::|\b(?:à|de|du|des|et|soit|pour|par|sur)|\b[a-zà-ÿ]+)\s*$")
_FOLLOWS = re.compile(r"[a-zà-ÿ%€]|(?i:euros?|voix)\b")


def asks_stamp(question: str) -> bool:
    return bool(_ASKS_STAMP.search(question))


def _alone(pieces: list[str], i: int) -> bool:
    """Whether the bare figure ``pieces[i]`` stands alone between stamps (a page number), not
    as the value of what comes before (« Présents : », « s'élève à ») or after (« € », « voix »)."""
    before = pieces[i - 1] if i > 0 else ""
    after = pieces[i + 1] if i + 1 < len(pieces) else ""
    return not (_LEADS.search(before) or _FOLLOWS.match(after))


def unstamped(sentence: Sentence) -> Sentence:
    """``sentence`` with its text cut as ``without_stamps`` cuts it."""
    return replace(sentence, text=without_stamps(sentence.text))


def without_stamps(text: str) -> str:
    """``text`` without the stamp blocks in it (« Envoyé en préfecture le … ID : …-DE ») and
    the bare page numbers beside them (« 36 2 »: a bare figure there is taken for one); what
    lies between two pieces of the text is shown as « […] ». Unchanged when it holds no
    stamp, or nothing but stamps."""
    stamps = stamp_spans(text)
    if not stamps:
        return text
    bounds = [0, *(bound for span in stamps for bound in span), len(text)]
    pieces = [text[bounds[i]: bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]
    kept = [piece for i, piece in enumerate(pieces) if any(char.isalnum() for char in piece)
            and not (_PAGE_NUMBER.fullmatch(piece) and _alone(pieces, i))]
    return JOINED.join(kept) if kept else text
