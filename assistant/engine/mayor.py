"""Who the mayor is: the questions that ask it and the lines that name the mayor."""

import re

# Not a deputy, delegate, honorary, substitute, outgoing or interim mayor (« Maire-adjoint »,
# « MAIRE ADJOINT », « maire honoraire »); in a line, not a named town's either (« Maire de
# Bessancourt »: the mayor of the town asked, or of another one).
_NOT_THE_MAYOR = (r"(?![\w-]|(?i:\s*-?\s*(?:adjoint|honoraire|d[ée]l[ée]gu|suppl[ée]ant|sortant|"
                  r"par\s+int[ée]rim)))")
_NO_TOWN = r"(?!(?i:\s+(?:d['’]|de\s|du\s)))"
_CIVILITY = r"(?:M\.|Mme|Monsieur|Madame)"
_FIRST = r"(?!ET\b)[A-ZÉÈ][a-zéèëïô][\w'’-]*"  # « Philippe », « Jean-Luc »
_PARTICLES = r"(?:(?:LE|LA|DE|DU|DES|VAN|VON|DI|DA)\s+){0,2}"
_SURNAME = rf"(?!ET\b){_PARTICLES}[A-ZÉÈ][A-ZÉÈ'’-]+\b"  # « TAGOT », « DE LA FONTAINE »
_NAME = rf"(?:{_FIRST}\s+){{0,2}}(?:{_SURNAME}|{_FIRST})"  # after a civility
# « Qui est le maire de Taverny ? », « Quel est le nom de la maire ? »
ASKS_MAYOR = re.compile(r"\b(?:qui\s+(?:est|était|sont|étaient)|quel(?:le)?\s+est|"
                        rf"nom\s+d(?:u|e\s+la))\s+(?:l[ea]\s+)?maires?{_NOT_THE_MAYOR}", re.I)
# A name right beside the word: before it, « Mme PORTELLI Florence, Maire ; », « M. Jean DUPONT,
# MAIRE », « Hélène DE COMARMOND, Maire »; after it, « Le Maire, Philippe TAGOT », « Le Maire,
# M. DUPONT ». A name is a civility and its words, or a first name and a surname in capitals.
_NOT_A_NAME = r"(?!(?i:certifi|atteste|transmis|sign|publi|affich|re[çc]u)\w*\b)"
NAMES_MAYOR = re.compile(
    rf"(?P<before>\b{_CIVILITY}\s+(?:{_SURNAME}\s+{_FIRST}|{_NAME})"
    rf"|\b{_SURNAME}\s+{_FIRST}|\b{_FIRST}\s+{_SURNAME})"
    rf"\s*,\s*(?i:maire){_NOT_THE_MAYOR}{_NO_TOWN}"
    rf"|\b(?i:l[ea])\s+(?i:maire)\s*,\s*{_NOT_A_NAME}"
    rf"(?P<after>{_CIVILITY}\s+(?:{_FIRST}\s+)?{_SURNAME}|{_FIRST}\s+{_SURNAME})")
# « La Secrétaire de séance, Le Maire, Chantal PHILIPPON René BAZIN »: two signatures read
# across their columns, the name after « Le Maire, » may be the secretary's.
_SECRETARY = re.compile(r"secr[ée]taire", re.I)
_SECRETARY_REACH = 200  # characters before « Le Maire, » where a secretary's signature counts


def mayor_names(quote: str) -> list[tuple[str, str]]:
    """The names a quote prints beside « Maire », verbatim, each with its comparison key."""
    found = []
    for match in NAMES_MAYOR.finditer(quote):
        before = quote[max(0, match.start() - _SECRETARY_REACH): match.start()]
        if match["after"] and _SECRETARY.search(before):
            continue
        name = re.sub(r"\s+", " ", match["before"] or match["after"])
        found.append((name.lower(), name))
    return found
