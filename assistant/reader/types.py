"""The kind of answer a question asks for, and the exact span of a sentence that gives it."""

import re

from index.parsing.amounts import find_amounts

KINDS = ("amount", "date", "person", "organisation", "count", "duration", "place", "vote",
         "number", "title", "other")
_ASKED = (  # first match wins: "combien de temps" is a duration before it is a count
    ("number", re.compile(r"num[ée]ro", re.I)),
    ("title", re.compile(r"quelle\s+d[ée]lib[ée]ration\b(?!s)|\blaquelle\b|quel\s+(?:est\s+l['’])?"
                         r"objet", re.I)),
    ("vote", re.compile(r"\bvot[ée]|\bvote\b|unanimit|majorit|adopt|rejet|pour\s+et\s+contre|"
                        r"abstention|oppos", re.I)),
    ("duration", re.compile(r"combien\s+de\s+temps|quelle\s+dur[ée]e|pour\s+combien\s+d['’]"
                            r"ann[ée]es|\bdur[ée]e\b|combien\s+d['’]ann[ée]es|"
                            r"pendant\s+combien", re.I)),
    ("amount", re.compile(r"combien\s+(?!de\b|d['’]|d\s)|montant|\bco[uû]t|\bprix|\btarif|"
                          r"cotisation|budget|somme|subvention\s+de|€|euros?|d[ée]pense|financ",
                          re.I)),
    ("count", re.compile(r"combien\s+d(?:e\b|['’])|nombre\s+d", re.I)),
    ("date", re.compile(r"\bquand\b|quelle\s+date|\bdate\b|en\s+quelle\s+ann[ée]e|"
                        r"depuis\s+quand|quel\s+jour", re.I)),
    ("place", re.compile(r"\bo[uù]\b|quel\s+lieu|quelle\s+adresse|quel\s+endroit|"
                         r"dans\s+quelle\s+(?:salle|commune|rue)|quel\s+site", re.I)),
    ("person", re.compile(r"quel(?:le)?\s+(?:[ée]lu|adjoint|rapporteur|pr[ée]sident|"
                          r"secr[ée]taire|maire|conseill)|\bqui\b.{0,40}(?:pr[ée]sid|rapport|"
                          r"secr[ée]taire|sign|[ée]lu|adjoint|conseill)|rapport[ée]", re.I)),
    ("organisation", re.compile(r"\bqui\b|quel(?:le)?\s+(?:organisme|association|soci[ée]t[ée]|"
                                r"entreprise|prestataire|bureau|cabinet|titulaire|"
                                r"b[ée]n[ée]ficiaire|partenaire)", re.I)),
)
_MONTHS = (r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|"
           r"novembre|d[ée]cembre)")
_NAME = r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:de\s+|du\s+|d['’])?[A-ZÀ-Ý][\w'’-]+){0,3}"
_WORD_NUMBERS = (r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|"
                 r"vingt|trente|quarante|cinquante|cent)")
_BEFORE_FIGURE = re.compile(r"\d[\s\u00a0\u202f.,/-]?$")
_SPANS: dict[str, tuple[re.Pattern[str], ...]] = {
    "date": (re.compile(rf"\b(?:1er|\d{{1,2}})\s+{_MONTHS}\s+\d{{4}}\b", re.I),
             re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
             re.compile(rf"\b{_MONTHS}\s+\d{{4}}\b", re.I),
             re.compile(r"\b(?:19|20)\d{2}\b")),
    "person": (re.compile(rf"\b(?:M\.|MM\.|Mme|Mmes|Monsieur|Madame)\s+(?:l[ea]\s+)?{_NAME}"),),
    "organisation": (
        re.compile(rf"\b(?:M\.|MM\.|Mme|Monsieur|Madame)\s+{_NAME}"),
        re.compile(rf"\b(?:[Ll]['’]|[Ll]a\s+|[Ll]e\s+)?(?:association|soci[ée]t[ée]|syndicat|"
                   rf"entreprise|cabinet|bureau\s+d['’][ée]tudes|SAS|SARL|SA|SEM|SPL)\s+"
                   rf"[«\"]?{_NAME}", re.I),
        re.compile(r"\b[A-Z][A-Z0-9&-]{2,}(?:\s+[A-Z0-9][A-Z0-9&-]+)*\b")),
    "count": (re.compile(rf"\b(?:\d+|{_WORD_NUMBERS})\s+(?:«\s*[^»]{{1,40}}»|[a-zà-ÿ][\w'’-]+)",
                         re.I),),
    "duration": (re.compile(rf"\b(?:\d+|{_WORD_NUMBERS})\s+(?:\(\d+\)\s+)?(?:ans?|ann[ée]es?|"
                            r"mois|jours?|semaines?|heures?)\b", re.I),),
    "place": (re.compile(r"\b(?:\d+(?:\s?bis|\s?ter)?,?\s+)?(?:rue|avenue|boulevard|place|chemin|"
                         r"route|all[ée]e|impasse|quai|square|lieu-dit|salle|parc|zone)\s+"
                         r"[^,.;:()\n]{2,60}", re.I),
              re.compile(rf"\b(?:à|au|aux)\s+{_NAME}")),
    "vote": (re.compile(r"(?:à\s+l['’])?unanimit[ée](?:\s+des\s+(?:membres\s+)?"
                        r"(?:pr[ée]sents|votants|suffrages\s+exprim[ée]s))?", re.I),
             re.compile(r"\b\d+\s+voix\s+pour[^.;\n]{0,80}", re.I),
             re.compile(r"\b(?:pour\s*:\s*\d+)[^.;\n]{0,60}", re.I),
             re.compile(r"(?:à\s+la\s+)?majorit[ée](?:\s+(?:absolue|des\s+suffrages\s+exprim[ée]s|"
                        r"des\s+membres\s+pr[ée]sents))?", re.I),
             re.compile(r"\b(?:ADOPT[ÉE]E?S?|adopt[ée]e?s?|REJET[ÉE]E?S?|rejet[ée]e?s?)\b")),
    "number": (re.compile(r"\bn°\s*[\w./-]*\d[\w./-]*", re.I),
               re.compile(r"\b\d{2,4}[-/][A-Z]{1,3}[-/]\d{2,5}\b|\b[A-Z]{1,4}\d{4,}")),
}


def answer_type(question: str) -> str:
    """The kind of answer ``question`` asks for (one of ``KINDS``)."""
    return next((kind for kind, pattern in _ASKED if pattern.search(question)), "other")


def answer_span(sentence: str, kind: str) -> str | None:
    """The first stretch of ``sentence`` (verbatim) that gives an answer of ``kind``: a sum,
    a date, a name, a count...; None when it holds none (or the kind has no span)."""
    if kind == "amount":
        found = find_amounts(sentence)
        return found[0].raw if found and found[0].raw in sentence else None
    for pattern in _SPANS.get(kind, ()):
        for match in pattern.finditer(sentence):
            if not _glued(sentence, match):
                return match[0].strip(" ,;:")
    return None


def _glued(sentence: str, match: re.Match[str]) -> bool:
    """A figure that is the end of a longer one ("01 69 43 60 55"): not a span of its own."""
    return match[0][:1].isdigit() and bool(_BEFORE_FIGURE.search(sentence, 0, match.start()))


def holds(sentence: str, kind: str) -> bool:
    """Whether ``sentence`` holds an answer of ``kind`` (always, for "other" and "title")."""
    return kind in ("other", "title") or answer_span(sentence, kind) is not None
