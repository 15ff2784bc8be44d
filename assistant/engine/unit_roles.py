"""What part of a deliberation a quotable unit is, read from its wording (reader features).

Each role is one feature of the reader, its weight fitted on tune (``fit_reader.py``): the
words below say where a unit sits in the act (a prefecture stamp, the session preamble, a
visa, the dispositif, a table row), not whether it answers.
"""

import re

_STAMP = re.compile(  # transmission, publication and certification lines
    r"pr[ée]fecture|publi[ée]e?\s+le|affich[ée]e?\s+le|\bID\s*:|accus[ée]\s+de\s+r[ée]ception|"
    r"ex[ée]cutoire|extrait\s+conforme|certifi|transmis|t[ée]l[ée]transmis", re.I)
_PREAMBLE = re.compile(  # session heading, convocation and attendance
    r"pr[ée]sents?\s*:|absents?\b|excus[ée]e?s?\b|pouvoirs?\b|s[ée]ance\s+du|"
    r"l['’]an\s+deux\s+mille|s['’]est\s+r[ée]uni|convoqu|secr[ée]taire\s+de\s+s[ée]ance|quorum|"
    r"en\s+exercice", re.I)
_DISPOSITIF = re.compile(  # what the council decides
    r"\b(?:d[ée]cide|approuve|autorise|d[ée]lib[èe]re|adopte|attribue|fixe|accorde|d[ée]signe|"
    r"prend\s+acte|[ée]met|valide|sollicite|vote)\b|^\W*article\s+\d", re.I)
_VISA = re.compile(r"^\W*(?:vu|consid[ée]rant|attendu)\b", re.I)
ROLES = ("stamp", "preamble", "dispositif", "visa", "tabular")


def unit_roles(unit: str) -> tuple[float, ...]:
    """The ``ROLES`` of ``unit``: four yes/no, then how much it reads like a table row (its
    share of commas, 1 from one comma every 20 characters)."""
    return (float(bool(_STAMP.search(unit))), float(bool(_PREAMBLE.search(unit))),
            float(bool(_DISPOSITIF.search(unit))), float(bool(_VISA.search(unit))),
            min(1.0, unit.count(",") * 20 / max(1, len(unit))))
