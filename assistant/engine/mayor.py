"""Who the mayor is: the questions that ask it and the lines that name the mayor."""

import re

# Not a deputy, honorary or delegate mayor (« Maire-adjoint », « maire honoraire »).
_NOT_THE_MAYOR = r"(?![\w-]|\s*-?\s*(?:adjoint|honoraire|d[ée]l[ée]gu))"
_CIVILITY = r"(?:M\.|Mme|Monsieur|Madame)"
_WORD = r"[A-ZÉÈ][\w'’-]+"
_FIRST = r"[A-ZÉÈ][a-zéèëïô][\w'’-]*"  # « Philippe », « Jean-Luc »
_SURNAME = r"(?:(?:LE|LA|DE|DU|DES)\s+)?[A-ZÉÈ][A-ZÉÈ'’-]+\b"  # « TAGOT », « LE BRIS »
# « Qui est le maire de Taverny ? », « Quel est le nom de la maire ? »
ASKS_MAYOR = re.compile(r"\b(?:qui\s+(?:est|était|sont|étaient)|quel(?:le)?\s+est|"
                        rf"nom\s+d(?:u|e\s+la))\s+(?:l[ea]\s+)?maires?{_NOT_THE_MAYOR}", re.I)
# A name beside the word: « Mme PORTELLI Florence, Maire ; », « M. Jean DUPONT, MAIRE »
# (before it), « Le Maire, Philippe TAGOT », « Le Maire, M. DUPONT » (after it).
NAMES_MAYOR = re.compile(
    rf"(?P<before>(?:\b[A-ZÉÈ]{{2,}}|\b{_CIVILITY}\s+{_WORD})(?:\s+[A-ZÉÈ][\w'’-]*){{0,3}})"
    rf"\s*,\s*(?i:maire){_NOT_THE_MAYOR}"
    rf"|\b(?i:l[ea])\s+(?i:maire)\s*,\s*"
    rf"(?P<after>{_CIVILITY}\s+{_WORD}(?:\s+{_WORD})?|{_FIRST}\s+{_SURNAME})")
# « La Secrétaire de séance, Le Maire, Chantal PHILIPPON René BAZIN »: two signatures read
# across their columns, the name after « Le Maire, » may be the secretary's.
_SECRETARY = re.compile(r"secr[ée]taire", re.I)


def mayor_names(quote: str) -> list[tuple[str, str]]:
    """The names a quote prints beside « Maire », verbatim, each with its comparison key."""
    found = []
    for match in NAMES_MAYOR.finditer(quote):
        if match["after"] and _SECRETARY.search(quote, max(0, match.start() - 80), match.start()):
            continue
        name = re.sub(r"\s+", " ", match["before"] or match["after"])
        found.append((name.lower(), name))
    return found
