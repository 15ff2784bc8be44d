"""Who the mayor is: the questions that ask it and the lines that name the mayor."""

import re

# Not a deputy, delegate, honorary, substitute, outgoing or interim mayor (« Maire-adjoint »,
# « MAIRE ADJOINT », « Maire Adj. », « maire honoraire »).
_NOT_THE_MAYOR = (r"(?![\w-]|(?i:\s*(?:-\s*)?(?:adj|honoraire|d[ée]l[ée]gu|suppl[ée]ant|"
                  r"sortant|par\s+int[ée]rim)))")
# In a line, not a named town's mayor either (« Maire de Bessancourt », « Maire des Ulis »,
# « Maire (Bessancourt) »): it may be the town asked or another one.
_NO_TOWN = r"(?!\s*\(\s*(?:[A-ZÀ-Þ]|(?i:ville|commune))|(?i:\s+(?:d['’]|de\s|du\s|des\s|à\s)))"
_CIVILITY = r"(?:M\.|Mme|Monsieur|Madame)"
_UPPER = "A-ZÀ-ÖØ-Þ"
# Words that open a line of a stamp, a signature block or a heading, not a first name.
_NOT_FIRST = (r"(?!(?:Accus|T[ée]l[ée]transmi|Transmi|Certifi|Publi|Affich|Ex[ée]cutoir|"
              r"Pr[ée]sid|Adjoint|Secr[ée]tair|D[ée]l[ée]gu|Conseil)\w*\b"
              r"|(?:ET|Vu|Pour|Acte|Re[çc]u|Fait|Sign[ée]e?|Extrait|Date|S[ée]ance|Vice|Rendu|"
              r"Commune|Ville|Le|La|Les|De|Du|Des)\b)")
# Runs of letters are bounded (a name is short: an unbounded run made a long line of
# « D'D'D'… » cost the square of its length), and no two runs of spaces follow each other.
_FIRST = rf"{_NOT_FIRST}[{_UPPER}][a-zà-öø-ÿ][\w'’-]{{0,30}}"  # « Philippe », « Jean-Luc »
_PARTICLES = r"(?:(?:LE|LA|DE|DU|DES|VAN|VON|DI|DA)\s+){0,2}"
_SURNAME = rf"(?!ET\b){_PARTICLES}[{_UPPER}][{_UPPER}'’-]{{1,40}}\b"  # « TAGOT », « DE LA CHÂTRE »
_NAME = rf"(?:{_FIRST}\s+){{0,2}}(?:{_SURNAME}|{_FIRST})"  # after a civility
# « Qui est le maire de Taverny ? », « Quel est le nom de la maire ? »
ASKS_MAYOR = re.compile(r"\b(?:qui\s+(?:est|était|sont|étaient)|quel(?:le)?\s+est|"
                        rf"nom\s+d(?:u|e\s+la))\s+(?:l[ea]\s+)?maires?{_NOT_THE_MAYOR}", re.I)
# A name right beside the word: before it, « Mme PORTELLI Florence, Maire ; », « M. Jean DUPONT,
# MAIRE », « Hélène DE COMARMOND, Maire »; after it, « Le Maire, Philippe TAGOT », « Le Maire,
# M. DUPONT ». A name is a civility and its words, or a first name and a surname in capitals.
NAMES_MAYOR = re.compile(
    rf"(?P<before>\b{_CIVILITY}\s+(?:{_SURNAME}\s+{_FIRST}|{_NAME})"
    rf"|\b{_SURNAME}\s+{_FIRST}|\b{_FIRST}\s+{_SURNAME})"
    rf"\s*,\s*(?i:maire){_NOT_THE_MAYOR}{_NO_TOWN}"
    rf"|\b(?i:l[ea])\s+(?i:maire)\s*,\s*"
    rf"(?P<after>{_CIVILITY}\s+(?:{_FIRST}\s+)?{_SURNAME}|{_FIRST}\s+{_SURNAME})")
# « La Secrétaire de séance, Le Maire, Chantal PHILIPPON René BAZIN »: two signatures read
# across their columns (another signer's title right before « Le Maire, », within the same
# sentence), the name after « Le Maire, » may be the other signer's.
_OTHER_SIGNER = re.compile(r"(?:secr[ée]taire|adjoint|pr[ée]sident|directeur|directrice|"
                           r"conseill)[^.;\n]{0,60}$", re.I)
_SIGNER_REACH = 80  # characters before « Le Maire, » where another signer's title is read


def mayor_names(quote: str) -> list[tuple[str, str]]:
    """The names a quote prints beside « Maire », verbatim, each with its comparison key."""
    found = []
    for match in NAMES_MAYOR.finditer(quote):
        before = quote[max(0, match.start() - _SIGNER_REACH): match.start()]
        if match["after"] and _OTHER_SIGNER.search(before):
            continue
        name = re.sub(r"\s+", " ", match["before"] or match["after"])
        found.append((name.lower(), name))
    return found
