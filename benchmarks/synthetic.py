"""Synthetic corpus of French local-authority deliberations, for benchmarks.

The generator writes one deliberation per file, in three layouts seen in real corpora:

- ``registre``: "EXTRAIT DU REGISTRE DES DELIBERATIONS" with president, secretary, members
  present / excused (with proxies) / absent, "OBJET DE LA DELIBERATION", a rapporteur's exposé,
  "Je vous demanderai ... de bien vouloir : 1 - ..." and "RAPPORT ADOPTÉ À L'UNANIMITÉ"; lines
  are hard-wrapped at about 100 characters like a PDF text export, with page footers and, at
  times, a prefecture stamp in the middle of the text;
- ``bureau``: a numbered decision ("22-B-0183 / Séance du vendredi 8 avril 2022 DELIBERATION DU
  BUREAU"), object in capitals, "I. Rappel du contexte / II. Objet de la délibération", a
  dispositif "1) ... 2) ..." and "Résultat du vote : ADOPTÉ À L'UNANIMITÉ", unwrapped;
- ``commune``: a commune-style extract ("L'an deux mille dix-neuf, le ...", "Objet : ...",
  "Vu ...", "Le Conseil Municipal, après en avoir délibéré, à l'unanimité, DÉCIDE : ..."), often
  with an @ctes stamp ("Accusé de réception en préfecture / 021-212102313-20171218-...-DE").

Each :class:`SyntheticDeliberation` is the ground truth for a parser. What it promises:

- ``object`` appears verbatim in ``text``; in the ``registre`` layout the object is hard-wrapped
  like the rest, so compare after replacing line breaks by spaces (the wrap only breaks at
  spaces inside the object);
- the session date appears as :func:`french_date` renders it ("28 janvier 2019",
  "1er mars 2021"); ``session_date`` itself is ISO (YYYY-MM-DD);
- ``delib_number`` appears verbatim when it is not ``None``; ``None`` means the text prints no
  number (an @ctes stamp may still carry an opaque internal identifier, see ``pref_id``);
- every amount in ``amounts`` appears as :func:`format_amount` renders it ("12 500", "3,45"),
  followed by "€" or "euros"; ``amounts`` lists every euro amount of the text, without
  duplicates, in order of first appearance;
- ``vote_result`` is "unanimité" or "majorité"; ``collectivity`` appears verbatim.

Run ``python -m benchmarks.synthetic OUT_DIR --n 2000 --seed 0`` to write a corpus. Standard
library only; the same seed always gives the same corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import TypeVar

__all__ = [
    "LAYOUTS",
    "SyntheticDeliberation",
    "format_amount",
    "french_date",
    "generate",
    "main",
    "write_corpus",
]

LAYOUTS = ("registre", "bureau", "commune")

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_UNITS = (
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
)
_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante"}
_MARK = re.compile(r"\x01(\d+)\x02")
_NBSP = "\u00a0"
_T = TypeVar("_T")


# --------------------------------------------------------------------------------------------
# Public record and formatting helpers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticDeliberation:
    """One generated deliberation and its ground truth.

    The first nine fields are the benchmark's contract; ``layout`` ("registre", "bureau" or
    "commune") and ``pref_id`` (the @ctes act identifier printed in a prefecture stamp, or
    ``None`` when the text has no stamp) are extra ground truth.
    """

    file_name: str
    text: str
    collectivity: str
    body: str
    session_date: str
    delib_number: str | None
    object: str
    vote_result: str
    amounts: tuple[float, ...]
    layout: str = "registre"
    pref_id: str | None = None


def french_date(value: date | str) -> str:
    """Render a date the way deliberations print it: "28 janvier 2019", "1er mars 2021"."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {_MONTHS[day.month - 1]} {day.year}"


def format_amount(value: float) -> str:
    """Render an amount in French style: 12500 -> "12 500", 3.45 -> "3,45" (no currency)."""
    cents = round(value * 100)
    units, rest = divmod(cents, 100)
    grouped = f"{units:,}".replace(",", " ")
    return f"{grouped},{rest:02d}" if rest else grouped


def _number_words(value: int) -> str:
    """French words for 0..59 (1990 spelling: "vingt et un", "trente-deux")."""
    if value < 20:
        return _UNITS[value]
    tens, unit = divmod(value, 10)
    word = _TENS[tens * 10]
    if unit == 0:
        return word
    return f"{word} et un" if unit == 1 else f"{word}-{_UNITS[unit]}"


def _year_words(year: int) -> str:
    rest = year - 2000
    return "deux mille" if rest == 0 else f"deux mille {_number_words(rest)}"


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _slug(text: str) -> str:
    ascii_text = _strip_accents(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _luhn_complete(digits: str) -> str:
    """Append the Luhn check digit that makes a valid SIREN out of eight digits."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 1 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


def _de(phrase: str) -> str:
    """'approuver ...' -> "d'approuver ..."; 'fixer ...' -> 'de fixer ...'.

    A registre's "décider l'adhésion" reads "d'approuver l'adhésion" after "DÉCIDE :".
    """
    if phrase.startswith("décider"):
        phrase = "approuver" + phrase[len("décider") :]
    return f"d'{phrase}" if phrase[0] in "aeéèêiîoôuhy" else f"de {phrase}"


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _bare(phrase: str) -> str:
    """Drop a leading article: "l'extension du cimetière" -> 'extension du cimetière'."""
    for article in ("la ", "le ", "les ", "l'"):
        if phrase.startswith(article):
            return phrase[len(article) :]
    return phrase


def _of(phrase: str) -> str:
    """'la salle des fêtes' -> 'de la salle des fêtes'; 'le gymnase' -> 'du gymnase'."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return "de " + phrase


# --------------------------------------------------------------------------------------------
# Authorities, bodies and people
# --------------------------------------------------------------------------------------------


# name, kind, département code, layout style, numbering style, number prefix, seats
def _words(text: str) -> tuple[str, ...]:
    """Split a word list; '_' stands for a space inside one name ('LE_GALL' -> 'LE GALL')."""
    return tuple(word.replace("_", " ") for word in text.split())


_AUTHORITY_ROWS: tuple[tuple[str, str, str, str, str | None, str, int], ...] = (
    ("Ville de Saint-Aubin-sur-Loire", "ville", "45", "registre", "year3", "", 39),
    ("Ville de Montclair-les-Vignes", "ville", "21", "registre", "ymd", "VM", 49),
    ("Commune de Villeneuve-sur-Ource", "commune", "21", "commune", "del", "", 15),
    ("Ville de Roche-sur-Vienne", "ville", "86", "commune", "year3", "", 33),
    ("Commune de Bellefontaine-en-Brie", "commune", "77", "commune", "slash", "", 23),
    ("Ville de Castelnau-le-Vieux", "ville", "31", "registre", "ymd", "VC", 35),
    ("Commune de Lanvéoc-Kerbrat", "commune", "29", "commune", None, "", 19),
    ("Ville de Saint-Julien-des-Prés", "ville", "69", "registre", "year3", "", 43),
    ("Ville de Rosheim-la-Forêt", "ville", "67", "registre", "del", "", 33),
    ("Commune de Saint-Martin-de-Vaulx", "commune", "38", "commune", "year3", "", 23),
    ("Ville de Beaulieu-sur-Sarre", "ville", "57", "registre", "year3", "", 35),
    ("Commune de Montferrier-le-Haut", "commune", "34", "commune", "dcm", "DCM", 27),
    ("Ville de Saint-Amand-les-Forges", "ville", "59", "registre", "ymd", "SA", 35),
    ("Commune de Val-d'Arly-le-Bourg", "commune", "73", "commune", None, "", 15),
    ("Ville de Clairvaux-sur-Doubs", "ville", "25", "registre", "slash", "", 33),
    ("Commune de Saint-Pierre-d'Aubrac", "commune", "12", "commune", "del", "", 11),
    ("Ville de Fontenay-la-Rivière", "ville", "85", "commune", "year3", "", 29),
    ("Commune de Santa-Lucia-di-Mare", "commune", "2A", "commune", "year3", "", 19),
    ("Ville de Neuville-sur-Aisne", "ville", "02", "registre", "ymd", "VN", 33),
    ("Commune des Essarts-le-Moutier", "commune", "27", "commune", None, "", 19),
    ("Ville de Plouvenec", "ville", "22", "commune", "dcm", "DCM", 29),
    ("Ville de Mirande-sur-Gers", "ville", "32", "registre", "year3", "", 29),
    ("Ville de Vauclair-sur-Meuse", "ville", "55", "registre", "del", "", 29),
    ("Commune de Sainte-Gemme-la-Forêt", "commune", "79", "commune", "slash", "", 15),
    ("Ville de Saint-Éloi-du-Mont", "ville", "03", "registre", "year3", "", 33),
    ("Communauté d'agglomération du Val de Sarre", "ca", "57", "bureau", "yyletter", "", 62),
    ("Communauté de communes des Coteaux de l'Ource", "cc", "21", "commune", "del", "", 38),
    ("Communauté de communes du Pays de Lanvaux", "cc", "56", "commune", "year3", "", 41),
    ("Communauté d'agglomération Loire-Vallée", "ca", "45", "registre", "ymd", "CA", 58),
    ("Communauté d'agglomération du Grand Clairvaux", "ca", "25", "bureau", "yyletter", "", 60),
    ("Communauté de communes Cœur de Beauce", "cc", "28", "commune", None, "", 34),
    ("Communauté de communes du Pays d'Eyrieux", "cc", "07", "commune", "slash", "", 36),
    ("Communauté d'agglomération Rivières et Coteaux", "ca", "31", "registre", "del", "", 55),
    ("Communauté de communes de la Vallée de l'Arly", "cc", "73", "commune", "year3", "", 30),
    ("Communauté d'agglomération de la Côte d'Opale", "ca", "62", "bureau", "yyletter", "", 64),
    ("Métropole Rhône-Saône", "metropole", "69", "bureau", "yyletter", "", 90),
    ("Métropole du Grand Val de Loire", "metropole", "37", "bureau", "yyletter", "", 84),
    ("Eurométropole de Rhin-Bruche", "metropole", "67", "registre", "year3", "", 80),
    ("Métropole Garonne-Océan", "metropole", "33", "bureau", "del", "", 88),
    ("Département du Val-de-Loing", "departement", "89", "bureau", "dept", "", 42),
    ("Département des Monts-d'Auvergne", "departement", "63", "registre", "dept", "", 38),
)

_KIND_FORMS = {
    # kind: (noun, article, group, executive noun)
    "ville": ("Ville", "la", "commune", "Maire"),
    "commune": ("Commune", "la", "commune", "Maire"),
    "cc": ("Communauté", "la", "epci", "Président"),
    "ca": ("Communauté", "la", "epci", "Président"),
    "metropole": ("Métropole", "la", "epci", "Président"),
    "departement": ("Département", "le", "dept", "Président"),
}

_BODY_CHOICES = {
    "commune": (("conseil municipal", 1.0),),
    "epci": (("conseil communautaire", 0.6), ("bureau", 0.4)),
    "metropole": (("conseil métropolitain", 0.5), ("bureau", 0.5)),
    "dept": (("commission permanente", 0.6), ("conseil départemental", 0.4)),
}


@dataclass(frozen=True)
class _Body:
    key: str
    header: str
    caps: str
    letter: str
    annual: int


_BODIES = {
    "conseil municipal": _Body("conseil municipal", "Conseil Municipal", "DU CONSEIL", "C", 90),
    "conseil communautaire": _Body(
        "conseil communautaire", "Conseil communautaire", "DU CONSEIL", "C", 140
    ),
    "conseil métropolitain": _Body(
        "conseil métropolitain", "Conseil métropolitain", "DU CONSEIL", "C", 420
    ),
    "bureau": _Body("bureau", "Bureau", "DU BUREAU", "B", 380),
    "commission permanente": _Body(
        "commission permanente", "Commission permanente", "DE LA COMMISSION PERMANENTE", "CP", 600
    ),
    "conseil départemental": _Body(
        "conseil départemental", "Conseil départemental", "DU CONSEIL DEPARTEMENTAL", "CD", 160
    ),
}


@dataclass(frozen=True)
class _Authority:
    name: str
    kind: str
    dept: str
    siren: str
    style: str
    numbering: str | None
    prefix: str
    seats: int
    weekday: int

    @property
    def noun(self) -> str:
        if self.name.startswith("Eurométropole"):
            return "Eurométropole"
        return _KIND_FORMS[self.kind][0]

    @property
    def article(self) -> str:
        return "l'" if self.noun[0] in "AEÉIOU" else _KIND_FORMS[self.kind][1]

    @property
    def group(self) -> str:
        return _KIND_FORMS[self.kind][2]

    @property
    def body_group(self) -> str:
        return "metropole" if self.kind == "metropole" else self.group

    @property
    def acte_dept(self) -> str:
        return "02A" if self.dept == "2A" else f"0{self.dept}"

    @property
    def place(self) -> str:
        """The bare place name: 'Ville de Saint-Aubin-sur-Loire' -> 'Saint-Aubin-sur-Loire'."""
        for lead in ("Ville de ", "Commune de ", "Commune des ", "Métropole du ", "Métropole "):
            if self.name.startswith(lead):
                return ("Les " if lead == "Commune des " else "") + self.name[len(lead) :]
        return self.name


def _make_authority(row: tuple[str, str, str, str, str | None, str, int]) -> _Authority:
    name, kind, dept, style, numbering, prefix, seats = row
    rng = Random(f"siren:{name}")
    dept2 = "20" if dept == "2A" else dept
    if kind in ("ville", "commune"):
        body = f"21{dept2}0{rng.randint(1, 799):03d}"
    elif kind == "departement":
        body = f"22{dept2}0001"
    elif rng.random() < 0.5:
        body = f"200{rng.randint(10000, 99999)}"
    else:
        body = f"24{dept2}00{rng.randint(10, 99)}"
    weekday = rng.choice((0, 0, 1, 3, 3, 4)) if kind != "metropole" else 4
    return _Authority(
        name, kind, dept, _luhn_complete(body), style, numbering, prefix, seats, weekday
    )


_AUTHORITIES = tuple(_make_authority(row) for row in _AUTHORITY_ROWS)

_SURNAMES = _words(
    "MARTIN BERNARD DUBOIS THOMAS ROBERT RICHARD PETIT DURAND LEROY MOREAU SIMON LAURENT LEFEBVRE "
    "MICHEL GARCIA DAVID BERTRAND ROUX VINCENT FOURNIER MOREL GIRARD ANDRE LEFEVRE MERCIER DUPONT "
    "LAMBERT BONNET FRANCOIS MARTINEZ LEGRAND GARNIER FAURE ROUSSEAU BLANC GUERIN MULLER HENRY "
    "ROUSSEL NICOLAS PERRIN MORIN MATHIEU CLEMENT GAUTHIER DUMONT LOPEZ FONTAINE CHEVALIER "
    "ROBIN MASSON SANCHEZ GERARD NGUYEN BOYER DENIS LEMAIRE DUVAL JOLY GAUTIER ROGER ROCHE ROY "
    "NOEL MEYER LUCAS MEUNIER JEAN PEREZ MARCHAND DUFOUR BLANCHARD MARIE BARBIER BRUN DUMAS "
    "BRUNET SCHMITT LEROUX COLIN FERNANDEZ PIERRE RENARD ARNAUD ROLLAND CARON AUBERT GIRAUD "
    "LECLERC VIDAL BOURGEOIS RENAUD LEMOINE PICARD GAILLARD PHILIPPE LECLERCQ LACROIX FABRE "
    "DUPUIS OLIVIER RODRIGUEZ DA_SILVA HUBERT LOUIS CHARLES GUILLOT RIVIERE LE_GALL GUILLAUME "
    "ADAM REY MOULIN GONZALEZ BERGER LECOMTE MENARD FLEURY DESCHAMPS CARPENTIER JULIEN BENOIT "
    "PARIS MAILLARD MARCHAL AUBRY VASSEUR LE_ROUX RENAULT JACQUET COLLET PREVOST POIRIER "
    "CHARPENTIER ROYER HUET BAILLY CARRE BRETON KOENDERS MAGLICA PRIBETICH DESEILLE TENENBAUM "
    "EL_HASSOUNI AKPINAR ZIVKOVIC MEKHANTAR BEKHTAOUI MASLOUHI DIOUF OUTHIER BICHOT BOURGUIGNAT "
    "AYACHE BONORON DESAUBLIAUX KERGOAT LE_BIHAN QUEMENER ETCHEVERRY ARRIZABALAGA CASANOVA "
    "SANTONI PAOLI HOARAU PAYET ZIMMERMANN SCHNEIDER WEBER HOFFMANN KLEIN FISCHER"
)
_COMPOUND = (
    "MARTIN-GENDRE",
    "VOISIN-VAIRELLES",
    "PFANDER-MENY",
    "CHARRET-GODARD",
    "AKPINAR-ISTIQUAM",
    "BOUVIER-DELAGE",
    "LEBRUN-FAUCHER",
    "SAINT-PRIX",
    "DUMAS-LAFONT",
    "GRANDJEAN-COSTE",
)
_MALE = _words(
    "Jean Pierre Michel Philippe Alain Patrick Nicolas Christophe Daniel Bernard Éric Laurent "
    "Frédéric Stéphane Olivier David Thierry Pascal Julien Sébastien Hervé Denis Yves Marc "
    "François Gilles Bruno Didier Karim Mehdi Thomas Antoine Vincent Guillaume"
)
_FEMALE = _words(
    "Marie Nathalie Isabelle Sylvie Catherine Françoise Christine Valérie Sandrine Sophie "
    "Véronique Céline Chantal Anne Martine Nadia Hélène Claire Émilie Laurence Patricia Brigitte "
    "Monique Stéphanie Karine Aurélie Julie Caroline Fatima Élodie Agnès Corinne"
)


@dataclass(frozen=True)
class _Person:
    civility: str
    first: str
    last: str

    @property
    def short(self) -> str:
        """'M. DUPONT' as in the registre member lists."""
        return f"{self.civility} {self.last}"

    @property
    def full(self) -> str:
        """'M. Jean DUPONT'."""
        return f"{self.civility} {self.first} {self.last}"

    @property
    def signature(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def address(self) -> str:
        """'Monsieur Bard' as a rapporteur is introduced."""
        title = "Monsieur" if self.civility == "M." else "Madame"
        return f"{title} {self.last.title()}"

    @property
    def female(self) -> bool:
        return self.civility == "Mme"


def _person(rng: Random) -> _Person:
    female = rng.random() < 0.5
    first = rng.choice(_FEMALE if female else _MALE)
    last = rng.choice(_COMPOUND) if rng.random() < 0.08 else rng.choice(_SURNAMES)
    return _Person("Mme" if female else "M.", first, last)


def _roster(rng: Random, size: int) -> list[_Person]:
    people: list[_Person] = []
    seen: set[str] = set()
    while len(people) < size:
        person = _person(rng)
        if person.short in seen or (person.last in seen and rng.random() < 0.9):
            continue
        seen.update((person.last, person.short))
        people.append(person)
    return people


@dataclass
class _Session:
    """One meeting of one body; several deliberations share it."""

    authority: _Authority
    body: _Body
    day: date
    president: _Person
    secretary: _Person
    present: list[_Person]
    excused: list[tuple[_Person, _Person | None]]
    absent: list[_Person]
    size: int
    base_seq: int
    produced: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def voters(self) -> int:
        proxies = sum(1 for _, holder in self.excused if holder is not None)
        return len(self.present) + 2 + proxies


# --------------------------------------------------------------------------------------------
# Vocabulary pools
# --------------------------------------------------------------------------------------------

_ASSOCIATIONS = (
    ("Amicale laïque du Centre", "education"),
    ("Union sportive de la Vallée", "sport"),
    ("Les Amis de la Bibliothèque", "culture"),
    ("Comité des fêtes et d'animation", "culture"),
    ("Harmonie municipale", "culture"),
    ("Handball Club du Val", "sport"),
    ("Football Club Olympique", "sport"),
    ("Tennis Club des Tilleuls", "sport"),
    ("Judo Club Saint-Roch", "sport"),
    ("Parents d'élèves de l'école Jules-Ferry", "education"),
    ("Maison des jeunes et de la culture", "culture"),
    ("Familles rurales", "solidarite"),
    ("Secours populaire français - comité local", "solidarite"),
    ("Restos du Cœur - antenne locale", "solidarite"),
    ("Banque alimentaire départementale", "solidarite"),
    ("Vivre ensemble aux Tilleuls", "solidarite"),
    ("Centre social des Capucins", "solidarite"),
    ("Compagnie Les Tréteaux du Pont", "culture"),
    ("Ciné-club Lumière", "culture"),
    ("Sauvegarde du patrimoine et des moulins", "culture"),
    ("Mission locale des jeunes", "economie"),
    ("Initiative Pays Solidaire", "economie"),
    ("Croix-Rouge française - unité locale", "solidarite"),
    ("Les Jardins partagés de la Source", "environnement"),
    ("Cyclo Randonneurs du Canton", "sport"),
    ("École de musique intercommunale", "culture"),
)

_ORGANISATIONS = (
    (
        "au",
        "Club Innovation et Culture (CLIC France)",
        "une plateforme francophone sur l'innovation patrimoniale et muséale qui réunit musées, "
        "institutions patrimoniales et lieux de culture scientifique",
    ),
    (
        "à l'",
        "Association des maires de France et des présidents d'intercommunalité",
        "l'association qui représente les communes et leurs groupements auprès des pouvoirs "
        "publics et leur apporte conseil juridique et formation",
    ),
    (
        "à la",
        "Fédération nationale des collectivités concédantes et régies (FNCCR)",
        "une fédération de collectivités spécialisées dans les services publics locaux en réseau : "
        "énergie, eau, assainissement, numérique",
    ),
    (
        "à l'",
        "Association nationale des élus en charge du sport (ANDES)",
        "un réseau d'élus qui partage les expériences locales en matière de politique sportive",
    ),
    (
        "au",
        "Réseau français des villes-santé de l'OMS",
        "un réseau qui soutient la coopération entre villes ayant la volonté de mener des "
        "politiques favorables à la santé et à la qualité de vie urbaine",
    ),
    (
        "à l'",
        "Association Villes Internet",
        "une association qui accompagne les collectivités dans le développement de l'internet "
        "citoyen et des services numériques de proximité",
    ),
    (
        "à la",
        "Fondation du patrimoine",
        "un organisme reconnu d'utilité publique qui mobilise le mécénat en faveur de la "
        "sauvegarde du patrimoine de proximité",
    ),
    (
        "à l'",
        "Association des bibliothécaires de France",
        "la principale association professionnelle du secteur de la lecture publique",
    ),
    (
        "à l'",
        "Agence locale de l'énergie et du climat",
        "une structure de conseil indépendante qui accompagne les collectivités et les ménages "
        "dans la maîtrise de l'énergie",
    ),
    (
        "à l'",
        "Association nationale des villes et pays d'art et d'histoire",
        "un réseau qui fédère les territoires labellisés autour de la valorisation de "
        "l'architecture et du patrimoine",
    ),
    (
        "à",
        "Cités Unies France",
        "la fédération des collectivités territoriales engagées dans la coopération internationale",
    ),
    (
        "à l'",
        "Association des archivistes français",
        "l'association professionnelle qui diffuse les bonnes pratiques en matière de collecte, "
        "de conservation et de communication des archives",
    ),
    (
        "au",
        "Conseil national des villes et villages fleuris",
        "l'organisme qui anime le label national de qualité de vie et d'embellissement",
    ),
    (
        "à l'",
        "Association des communes forestières",
        "un réseau d'élus qui accompagne les collectivités propriétaires de forêts",
    ),
)

_PARTNERS = (
    ("la Caisse d'allocations familiales", "solidarite"),
    ("l'Éducation nationale", "education"),
    ("le Centre communal d'action sociale", "solidarite"),
    ("l'Office de tourisme intercommunal", "economie"),
    ("la Chambre de commerce et d'industrie", "economie"),
    ("la Chambre de métiers et de l'artisanat", "economie"),
    ("l'Université", "education"),
    ("le Conservatoire à rayonnement départemental", "culture"),
    ("la Société protectrice des animaux", "environnement"),
    ("le Service départemental d'incendie et de secours", "administration"),
    ("l'Agence de l'eau", "environnement"),
    ("le Parc naturel régional", "environnement"),
)

_COMPANIES = (
    "SAS Routes et Réseaux de l'Est",
    "SARL Bâti-Rénov",
    "Entreprise Moreau TP",
    "SARL Électricité Gauthier",
    "SAS Paysages du Val",
    "SARL Menuiserie Bernard et Fils",
    "SAS Ateliers de la Sarre",
    "Société Normand Peinture",
    "SCOP Les Jardiniers du Lac",
    "SA Sogetra Aménagement",
    "SAS Numéria Services",
    "SARL Charpentes Lemoine",
    "SAS Thermi-Confort",
    "Groupement Lambert Construction / Atelier Durand Architectes",
    "SAS Signalisation Roussel",
    "SARL Plomberie Chauffage Vidal",
)

_STREETS = (
    "rue Jean Jaurès",
    "avenue du Général de Gaulle",
    "rue des Tilleuls",
    "chemin de la Fontaine",
    "place de la République",
    "rue Victor Hugo",
    "boulevard Pasteur",
    "impasse des Vignes",
    "route de la Forêt",
    "allée des Peupliers",
    "rue du Moulin",
    "quai des Mariniers",
    "rue de la Gare",
    "rue des Écoles",
    "avenue de la Libération",
    "rue du Stade",
    "chemin des Aubépines",
    "rue Pierre et Marie Curie",
)

_SCHOOLS = (
    "le groupe scolaire Jules-Ferry",
    "l'école élémentaire Paul-Bert",
    "l'école maternelle Les Lilas",
    "le groupe scolaire Jean-Moulin",
    "l'école primaire Marie-Curie",
    "l'école élémentaire du Centre",
    "le groupe scolaire Louise-Michel",
)

_BUILDINGS = (
    "la salle des fêtes",
    "l'hôtel de ville",
    "le gymnase municipal",
    "la médiathèque",
    "la maison des associations",
    "le centre technique municipal",
    "la maison de santé pluriprofessionnelle",
    "l'espace culturel",
    "le centre aquatique",
    "la crèche multi-accueil",
)

_TWINS = (
    ("Neustadt am Weinberg", "Allemagne"),
    ("Castel San Lorenzo", "Italie"),
    ("Villanueva del Río", "Espagne"),
    ("Kilbarrow", "Irlande"),
    ("Oudenhoven", "Belgique"),
    ("Bystrzyca Górna", "Pologne"),
    ("Ashbourne-on-Tees", "Royaume-Uni"),
    ("Sintra-a-Velha", "Portugal"),
    ("Volgodonsk", "Russie"),
    ("Tiébissou", "Côte d'Ivoire"),
)

_LANDLORDS = (
    "l'Office public de l'habitat Val de Sarre Habitat",
    "la SA d'HLM Les Foyers de Loire",
    "la société coopérative Logis Familial de l'Ouest",
    "la SA d'HLM Domicil'Est",
    "l'entreprise sociale pour l'habitat Immobilière des Monts",
    "la SEM Habitat et Territoires",
)

_DSP_SERVICES = (
    ("l'exploitation du centre aquatique", "sport"),
    ("la gestion du service public de l'eau potable", "environnement"),
    ("l'exploitation du réseau de transport urbain", "environnement"),
    ("la gestion de la fourrière automobile", "administration"),
    ("l'exploitation du camping municipal des Rives", "economie"),
    ("la gestion de la crèche multi-accueil Les Petits Loups", "solidarite"),
    ("l'exploitation du parc de stationnement de la place de la République", "travaux"),
    ("la gestion du réseau de chaleur urbain", "environnement"),
    ("l'exploitation de la salle de spectacles", "culture"),
)

_MEMBER_TOWNS = (
    "Saint-Hilaire-du-Bois",
    "Vaux-sur-Aube",
    "Montigny-le-Roi",
    "Chantenay-Saint-Imbert",
    "Bréville-les-Monts",
    "La Chapelle-Aubry",
    "Sermaise-sur-Loing",
    "Les Granges-Neuves",
    "Fontaine-Française-le-Bas",
    "Lusigny-la-Vallée",
    "Varennes-sur-Ource",
    "Bourg-Saint-Léger",
)

_FIRMS = (
    "Mécanique de Précision du Val",
    "Boulangeries Artisanales Réunies",
    "Biotech Santé Innovation",
    "Logistique Rapide du Centre",
    "Plasturgie Moderne",
    "Menuiseries Industrielles Fabre",
    "Ateliers Numériques Associés",
    "Laiterie Coopérative des Prés",
)

_BANKS = (
    "la Caisse d'Épargne",
    "le Crédit Agricole",
    "la Banque Postale",
    "le Crédit Mutuel",
    "la Caisse des Dépôts - Banque des Territoires",
    "la Société Générale",
)

_SECTIONS = ("AB", "AC", "AD", "AE", "AH", "AK", "AL", "BK", "BN", "ZA", "ZB", "ZC", "ZD", "ZH")

_COMMISSIONS = {
    "finances": "des finances, de l'administration générale et des ressources humaines",
    "administration": "des finances, de l'administration générale et des ressources humaines",
    "culture": "de la culture, de l'animation et de l'attractivité",
    "education": "de l'éducation, de la petite enfance, des sports et de la jeunesse",
    "sport": "des sports, de la vie associative et de la jeunesse",
    "solidarite": "des solidarités, de la citoyenneté et de la démocratie locale",
    "urbanisme": "de l'urbanisme, de l'aménagement et du cadre de vie",
    "environnement": "de la transition écologique, de l'énergie et des mobilités",
    "economie": "du développement économique, de l'emploi et du tourisme",
    "travaux": "des travaux, de la voirie et des réseaux",
}

_THEME_SENTENCES = {
    "finances": (
        "La préparation budgétaire s'inscrit dans un contexte de forte contrainte sur les "
        "ressources des collectivités locales.",
        "La maîtrise des dépenses de fonctionnement demeure un objectif prioritaire afin de "
        "préserver la capacité d'autofinancement.",
        "Le niveau d'endettement reste maîtrisé, avec une capacité de désendettement inférieure "
        "à six années.",
        "L'évolution des dotations de l'État et la réforme de la fiscalité locale pèsent sur les "
        "marges de manœuvre disponibles.",
        "Les services ont procédé à un examen détaillé de chaque ligne budgétaire au regard des "
        "besoins constatés au cours de l'exercice écoulé.",
        "Cette démarche répond à l'exigence de sincérité budgétaire rappelée par la chambre "
        "régionale des comptes lors de son dernier contrôle.",
        "La trajectoire financière présentée lors du débat d'orientation budgétaire est respectée.",
        "L'inflation constatée sur les fluides et les matériaux a conduit à réévaluer plusieurs "
        "postes de dépenses.",
    ),
    "administration": (
        "La qualité du service rendu aux usagers suppose une organisation des services adaptée "
        "à l'évolution des missions.",
        "Les représentants du personnel ont été consultés dans le cadre du dialogue social.",
        "Cette évolution s'inscrit dans les lignes directrices de gestion adoptées par "
        "l'assemblée.",
        "La collectivité poursuit la modernisation de son administration, notamment par la "
        "dématérialisation des procédures.",
        "Le cadre réglementaire applicable aux agents territoriaux a été sensiblement modifié "
        "au cours des dernières années.",
        "Il appartient à l'assemblée délibérante de fixer les modalités d'application de ces "
        "dispositions.",
        "Les crédits correspondants sont prévus au chapitre 012 consacré aux charges de personnel.",
    ),
    "culture": (
        "La politique culturelle vise à favoriser l'accès de tous les publics aux pratiques "
        "artistiques et au patrimoine.",
        "Les établissements culturels accueillent chaque année un public nombreux et diversifié, "
        "en particulier les scolaires.",
        "Le soutien à la création et à la diffusion participe au rayonnement et à l'attractivité "
        "du territoire.",
        "Une attention particulière est portée aux quartiers prioritaires et aux publics "
        "éloignés de l'offre culturelle.",
        "La programmation associe des artistes reconnus et des compagnies émergentes du "
        "territoire.",
        "Les actions d'éducation artistique et culturelle sont menées en lien étroit avec les "
        "établissements scolaires.",
        "Le numérique ouvre de nouvelles possibilités de médiation auprès des visiteurs réels ou "
        "virtuels.",
    ),
    "education": (
        "L'éducation constitue une priorité du mandat, avec l'objectif d'offrir à chaque enfant "
        "les meilleures conditions d'apprentissage.",
        "Les effectifs scolaires sont stables, avec une légère hausse attendue dans les écoles "
        "maternelles.",
        "Le projet éducatif de territoire associe les familles, les enseignants et les "
        "associations.",
        "Les équipements mis à disposition doivent être en phase avec les pratiques "
        "pédagogiques des enseignants.",
        "La restauration scolaire privilégie les produits de saison, locaux et issus de "
        "l'agriculture biologique.",
        "Le temps périscolaire fait l'objet d'une offre d'activités éducatives variée et "
        "accessible.",
        "La sécurité des abords des écoles a fait l'objet d'un diagnostic partagé avec les "
        "parents d'élèves.",
    ),
    "sport": (
        "La pratique sportive contribue à la santé, à l'éducation et à la cohésion sociale.",
        "Les clubs locaux comptent plusieurs milliers de licenciés, dont une majorité de jeunes.",
        "Les équipements sportifs sont mis gracieusement à la disposition des associations et "
        "des établissements scolaires.",
        "Le soutien aux clubs tient compte du nombre de licenciés, du niveau de compétition et "
        "des actions menées en faveur des jeunes.",
        "L'accueil de manifestations sportives participe à l'animation et au rayonnement du "
        "territoire.",
        "Le développement du sport féminin et du handisport fait l'objet d'une attention "
        "particulière.",
    ),
    "solidarite": (
        "La cohésion sociale et la lutte contre les exclusions sont au cœur de l'action "
        "publique locale.",
        "Les associations de solidarité constatent une hausse sensible des demandes d'aide "
        "alimentaire.",
        "Le partenariat avec le tissu associatif permet d'apporter une réponse de proximité "
        "aux publics les plus fragiles.",
        "Les actions soutenues favorisent l'accès aux droits, l'insertion et le lien "
        "intergénérationnel.",
        "Les quartiers prioritaires de la politique de la ville font l'objet d'une attention "
        "renforcée.",
        "L'analyse des besoins sociaux conduite l'an dernier a permis d'identifier les "
        "priorités d'intervention.",
    ),
    "urbanisme": (
        "Le projet s'inscrit dans les orientations du plan local d'urbanisme et du projet "
        "d'aménagement et de développement durables.",
        "La maîtrise foncière constitue un préalable indispensable à la réalisation des "
        "projets d'aménagement.",
        "Le pôle d'évaluation domaniale a été consulté conformément aux dispositions "
        "réglementaires.",
        "L'objectif de sobriété foncière conduit à privilégier le renouvellement urbain et la "
        "densification.",
        "Les frais d'acte notarié et de géomètre seront pris en charge par l'acquéreur.",
        "Le bien ne présente pas d'intérêt pour l'exercice des missions de service public.",
        "Le terrain est desservi par les réseaux et se situe en zone urbaine du document "
        "d'urbanisme.",
    ),
    "environnement": (
        "La transition écologique constitue un axe structurant du projet de territoire.",
        "La réduction des consommations d'énergie des bâtiments publics permet de maîtriser "
        "les dépenses de fonctionnement.",
        "Les émissions de gaz à effet de serre du territoire proviennent majoritairement des "
        "transports et du bâtiment.",
        "Le développement des énergies renouvelables locales répond à un enjeu d'autonomie "
        "énergétique.",
        "La préservation de la ressource en eau et de la biodiversité guide les choix "
        "d'aménagement.",
        "Les habitants ont été associés à la démarche lors de réunions publiques et d'une "
        "concertation en ligne.",
        "Le diagnostic territorial a mis en évidence une forte vulnérabilité aux épisodes de "
        "sécheresse et de fortes chaleurs.",
    ),
    "economie": (
        "Le développement économique et l'emploi constituent une priorité du projet de territoire.",
        "Le tissu économique local repose sur un réseau dense de petites et moyennes entreprises.",
        "L'accompagnement des porteurs de projets s'effectue en lien avec les chambres "
        "consulaires.",
        "La région demeure chef de file en matière d'aides aux entreprises, dans le cadre du "
        "schéma régional de développement économique.",
        "L'attractivité touristique du territoire repose sur la qualité de ses paysages et de "
        "son patrimoine.",
        "Le projet doit permettre la création d'emplois durables et non délocalisables.",
    ),
    "travaux": (
        "Le patrimoine bâti et le réseau de voirie nécessitent un entretien régulier pour "
        "garantir la sécurité des usagers.",
        "Le diagnostic réalisé par les services techniques a permis de hiérarchiser les "
        "interventions.",
        "Les travaux seront coordonnés avec les concessionnaires de réseaux afin de limiter la "
        "gêne occasionnée.",
        "La consultation a été lancée selon une procédure adaptée, conformément au code de la "
        "commande publique.",
        "Une attention particulière sera portée à l'accessibilité des personnes à mobilité "
        "réduite.",
        "Les riverains seront informés du calendrier des travaux et des modalités de circulation.",
        "Le chantier intègre des clauses d'insertion sociale au bénéfice des personnes "
        "éloignées de l'emploi.",
    ),
}

_GENERIC_SENTENCES = (
    "Ce projet a fait l'objet d'un travail préparatoire associant les services concernés et "
    "les partenaires.",
    "Un bilan sera présenté à l'assemblée à l'issue de la première année de mise en œuvre.",
    "Cette proposition s'inscrit dans la continuité des engagements pris en début de mandat.",
    "Les modalités de suivi feront l'objet d'un rapport annuel présenté en commission.",
    "Ce dispositif a été présenté aux partenaires institutionnels, qui y ont réservé un accueil "
    "favorable.",
    "Les échanges conduits en amont ont permis d'ajuster le projet aux besoins exprimés par les "
    "usagers.",
    "La mise en œuvre sera assurée par les services, sous l'autorité de la direction générale.",
    "Une information adaptée sera diffusée auprès des habitants par les supports habituels.",
    "Les documents correspondants ont été transmis aux membres de l'assemblée avec la convocation.",
    "Cette démarche garantit la transparence des décisions et l'égalité de traitement des "
    "bénéficiaires.",
    "Le calendrier retenu tient compte des contraintes des services et des partenaires.",
    "Les pièces du dossier peuvent être consultées auprès du secrétariat général.",
    "Il convient désormais que l'assemblée se prononce sur ces propositions.",
    "Les engagements réciproques des parties sont précisés dans le document annexé au "
    "présent rapport.",
)

_THEME_BULLETS = {
    "finances": (
        "la maîtrise des charges à caractère général",
        "la stabilité des taux de fiscalité",
        "le maintien d'un niveau d'investissement soutenu",
        "la limitation du recours à l'emprunt",
        "la recherche systématique de cofinancements",
    ),
    "administration": (
        "l'adaptation des effectifs aux besoins des services",
        "la reconnaissance de l'engagement professionnel des agents",
        "la prévention des risques professionnels",
        "le développement des compétences et de la formation",
    ),
    "culture": (
        "favoriser l'accès de tous les publics à la culture",
        "soutenir la création et la diffusion artistiques",
        "valoriser le patrimoine et la mémoire du territoire",
        "développer l'éducation artistique et culturelle",
        "mutualiser les ressources entre les établissements culturels",
    ),
    "education": (
        "une installation des matériels dans les classes",
        "un nombre suffisant de matériels, en phase avec les pratiques pédagogiques",
        "la qualité des outils d'exploitation associés aux matériels",
        "l'accompagnement des enseignants, tant sur les outils que sur les contenus",
    ),
    "sport": (
        "le développement de la pratique sportive chez les jeunes",
        "l'accès au sport pour les personnes en situation de handicap",
        "la formation des éducateurs et des bénévoles",
        "l'organisation de manifestations sportives ouvertes au public",
    ),
    "solidarite": (
        "l'aide alimentaire et l'accès aux droits",
        "l'accompagnement des familles monoparentales",
        "la lutte contre l'isolement des personnes âgées",
        "l'insertion sociale et professionnelle des jeunes",
    ),
    "urbanisme": (
        "la requalification des espaces publics",
        "la production de logements diversifiés",
        "la préservation des espaces naturels et agricoles",
        "l'amélioration des déplacements doux",
    ),
    "environnement": (
        "la rénovation énergétique des bâtiments",
        "le développement des mobilités actives et partagées",
        "la production d'énergies renouvelables",
        "la réduction et la valorisation des déchets",
        "l'adaptation au changement climatique",
    ),
    "economie": (
        "l'accueil et l'accompagnement des entreprises",
        "la requalification des zones d'activités",
        "le soutien au commerce de proximité",
        "la promotion touristique du territoire",
    ),
    "travaux": (
        "la reprise de la couche de roulement",
        "la création de trottoirs accessibles",
        "la mise en séparatif des réseaux d'assainissement",
        "le renouvellement de l'éclairage public en technologie LED",
        "la sécurisation des traversées piétonnes",
    ),
}


# --------------------------------------------------------------------------------------------
# Subject templates
# --------------------------------------------------------------------------------------------


@dataclass
class _Subject:
    """What a template produces; the layouts turn it into a document."""

    object: str
    theme: str
    context: list[str]
    core: list[str]
    decisions: list[str]
    extras: list[str] = field(default_factory=list)


class _Ctx:
    """Randomness, the authority's wording and money formatting for one deliberation."""

    def __init__(self, rng: Random, session: _Session) -> None:
        self.rng = rng
        self.session = session
        self.auth = session.authority
        self.day = session.day
        self.year = session.day.year
        noun, name = self.auth.noun, self.auth.name
        article = self.auth.article
        if article == "l'":
            self.the, self.of, self.to = f"l'{noun}", f"de l'{noun}", f"à l'{noun}"
            self.of_name = f"de l'{name}"
        elif article == "le":
            self.the, self.of, self.to = f"le {noun}", f"du {noun}", f"au {noun}"
            self.of_name = f"du {name}"
        else:
            self.the, self.of, self.to = f"la {noun}", f"de la {noun}", f"à la {noun}"
            self.of_name = f"de la {name}"
        self.The = _cap(self.the)
        chief = _KIND_FORMS[self.auth.kind][3]
        if session.president.female:
            chief = "Présidente" if chief == "Président" else chief
            self.executive, self.executive_full = f"la {chief}", f"Madame la {chief}"
        else:
            self.executive, self.executive_full = f"le {chief}", f"Monsieur le {chief}"

    # randomness ------------------------------------------------------------------------------
    def pick(self, items: Sequence[_T]) -> _T:
        return items[int(self.rng.random() * len(items))]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def randint(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def sample(self, items: Sequence[_T], k: int) -> list[_T]:
        return self.rng.sample(list(items), min(k, len(items)))

    # money -----------------------------------------------------------------------------------
    def money(self, low: int, high: int, step: int) -> float:
        """A round amount: a multiple of step between low and high."""
        return float(self.rng.randint(max(1, low // step), high // step) * step)

    def big(self, low: int, high: int, step: int) -> float:
        """A round amount whose ceiling follows the authority's size (small communes spend less)."""
        factor = max(0.12, min(1.0, self.auth.seats / 45))
        return self.money(low, max(low + step, int(high * factor)), step)

    def precise(self, low: float, high: float) -> float:
        """An amount with cents, as in a tender or a tariff."""
        return round(self.rng.uniform(low, high), 2)

    def eur(self, value: float, tax: str = "") -> str:
        """Render an amount with its currency and mark it as ground truth."""
        unit = "euros" if not tax and self.rng.random() < 0.1 else "€"
        text = format_amount(value).replace(" ", _NBSP) + _NBSP + unit
        if tax:
            text += _NBSP + tax
        return f"\x01{round(value * 100)}\x02{text}"

    # dates -----------------------------------------------------------------------------------
    def before(self, low: int = 15, high: int = 400) -> date:
        return self.day - timedelta(days=self.rng.randint(low, high))

    def after(self, low: int = 15, high: int = 200) -> date:
        return self.day + timedelta(days=self.rng.randint(low, high))

    @staticmethod
    def fr(day: date) -> str:
        return french_date(day)

    @staticmethod
    def num(day: date) -> str:
        return day.strftime("%d/%m/%Y")

    def previous_number(self) -> str:
        """The number of an earlier deliberation, quoted in an exposé."""
        day = self.before(60, 900)
        number = _format_number(self.auth, self.session.body, day, self.rng.randint(1, 180))
        return f"n° {number} du {self.fr(day)}" if number else f"du {self.fr(day)}"

    # people and places -----------------------------------------------------------------------
    def person(self) -> str:
        return _person(self.rng).full

    def street(self) -> str:
        return self.pick(_STREETS)

    def school_year(self) -> str:
        start = self.year if self.day.month >= 3 else self.year - 1
        return f"{start}-{start + 1}"

    def territory(self) -> str:
        return {
            "commune": "le territoire communal",
            "epci": "le territoire communautaire",
            "dept": "le territoire départemental",
        }[self.auth.group]

    def theme_paragraph(self, theme: str, sentences: int) -> str:
        return " ".join(self.sample(_THEME_SENTENCES[theme], sentences))

    def bullets(self, theme: str, intro: str) -> str:
        items = self.sample(_THEME_BULLETS[theme], self.randint(3, 5))
        return (
            intro + "\n" + "\n".join(f"- {item} ;" for item in items[:-1]) + (f"\n- {items[-1]}.")
        )


_Builder = Callable[[_Ctx], _Subject]
_TEMPLATES: list[tuple[frozenset[str], _Builder]] = []


def _template(*groups: str) -> Callable[[_Builder], _Builder]:
    """Register a subject template for some authority groups (all when none is given)."""

    def register(builder: _Builder) -> _Builder:
        _TEMPLATES.append((frozenset(groups or ("commune", "epci", "dept")), builder))
        return builder

    return register


@_template()
def _t_subvention(c: _Ctx) -> _Subject:
    asso, theme = c.pick(_ASSOCIATIONS)
    amount = c.money(800, 60000, 100)
    obj = c.pick(
        (
            f"Attribution d'une subvention de fonctionnement à l'association {asso}",
            f"Association {asso} - Subvention de fonctionnement {c.year}",
            f"Versement d'une subvention de {c.eur(amount)} à l'association {asso}",
        )
    )
    actions = c.pick(
        (
            "des animations ouvertes à tous les habitants tout au long de l'année",
            "l'accueil hebdomadaire de plus de deux cents adhérents, dont une majorité de jeunes",
            "des actions de prévention et d'accompagnement en direction des familles",
            "l'organisation d'une manifestation annuelle qui attire un large public",
        )
    )
    context = [
        f"{c.The} accompagne de longue date le tissu associatif, qui participe pleinement à "
        "l'animation du territoire et au lien social entre les habitants. Ce soutien prend la "
        "forme d'aides financières, de mises à disposition de locaux et de prêts de matériel.",
        c.theme_paragraph(theme, 3),
    ]
    core = [
        f"Par courrier du {c.fr(c.before(30, 200))}, l'association {asso} a sollicité le "
        f"soutien financier {c.of} pour l'année {c.year}. Son projet associatif prévoit "
        f"{actions}. Au regard de l'intérêt local de ces actions et de la situation financière "
        "de l'association, il est proposé de lui attribuer une subvention de fonctionnement "
        f"d'un montant de {c.eur(amount)}.",
        "Pour mémoire, l'association avait bénéficié d'une aide de "
        f"{c.eur(c.money(500, 55000, 100))} au titre de l'exercice {c.year - 1}. "
        "Son budget prévisionnel s'élève à "
        f"{c.eur(c.money(20000, 400000, 1000))}.",
    ]
    extras = [
        "Conformément à la loi n° 2000-321 du 12 avril 2000, une convention d'objectifs et de "
        f"moyens sera conclue avec l'association, l'aide dépassant le seuil de {c.eur(23000)} "
        "fixé par le décret n° 2001-495 du 6 juin 2001."
        if amount > 23000
        else "L'association produira, à l'issue de l'exercice, un compte rendu financier "
        "attestant de la conformité des dépenses à l'objet de la subvention.",
    ]
    decisions = [
        f"attribuer à l'association {asso} une subvention de fonctionnement de {c.eur(amount)} "
        f"au titre de l'année {c.year}",
        f"imputer la dépense correspondante sur les crédits inscrits au budget {c.year}, "
        "chapitre 65, article 6574",
    ]
    return _Subject(obj, theme, context, core, decisions, extras)


@_template("commune", "epci")
def _t_subventions_repartition(c: _Ctx) -> _Subject:
    theme = c.pick(("sport", "culture", "solidarite"))
    label = {"sport": "sportives", "culture": "culturelles", "solidarite": "de solidarité"}[theme]
    chosen = [a for a in _ASSOCIATIONS if a[1] == theme] or list(_ASSOCIATIONS)
    lines, total = [], 0.0
    for asso, _ in c.sample(chosen, c.randint(3, 7)):
        value = c.money(200, 12000, 50)
        total += value
        lines.append(f"- {asso} : {c.eur(value)}")
    rank = c.randint(1, 3)
    obj = (
        f"Subventions aux associations {label} - Exercice {c.year} - "
        f"{'1re' if rank == 1 else f'{rank}e'} répartition"
    )
    context = [
        f"Lors du vote du budget primitif {c.year}, une enveloppe de "
        f"{c.eur(c.money(20000, 250000, 1000))} a été réservée au soutien des associations "
        f"{label}. Les demandes sont instruites par les services au regard de critères "
        "objectifs : nombre d'adhérents, actions menées en direction des jeunes, rayonnement.",
        c.theme_paragraph(theme, 4),
    ]
    core = [
        "Après examen des dossiers reçus, il est proposé de procéder à la répartition suivante :\n"
        + "\n".join(lines)
        + f"\nsoit un montant total de {c.eur(total)}.",
    ]
    decisions = [
        f"attribuer aux associations {label} les subventions détaillées ci-dessus, pour un "
        f"montant total de {c.eur(total)}",
        "dire que les crédits nécessaires sont inscrits au budget de l'exercice en cours",
    ]
    extras = [c.bullets(theme, "Les dossiers retenus répondent aux priorités suivantes :")]
    return _Subject(obj, theme, context, core, decisions, extras)


@_template()
def _t_adhesion(c: _Ctx) -> _Subject:
    prep, org, description = c.pick(_ORGANISATIONS)
    fee = c.money(150, 6000, 1) if c.chance(0.7) else c.precise(90, 4000)
    tax = c.pick(("", "TTC", "HT"))
    first = prep + ("" if prep.endswith("'") else " ")
    obj = c.pick(
        (
            f"Adhésion {c.of_name} {first}{org}",
            f"Adhésion {first}{org} - Cotisation {c.year}",
            f"Adhésion {c.of} {first}{org}",
        )
    )
    context = [
        f"{c.The} est amenée à adhérer à divers organismes professionnels ou associations. "
        "Ces adhésions permettent de s'intégrer à des réseaux, de participer à des rencontres "
        "nationales, d'avoir accès à une documentation spécialisée et de valoriser les "
        "projets locaux.",
    ]
    core = [
        f"Ainsi, il apparaît souhaitable que {c.the} puisse adhérer {first}{org}. Il s'agit "
        f"de {description}.",
        f"Cette adhésion, d'un montant annuel de {c.eur(fee, tax)}, permettrait aux services "
        "concernés de bénéficier des ressources, des formations et des échanges "
        "d'expériences proposés aux membres.",
    ]
    extras = [
        c.bullets(
            c.pick(("culture", "administration", "environnement")),
            "Les adhérents bénéficient notamment des services suivants :",
        ),
        f"La cotisation est calculée en fonction de la strate démographique {c.of}. Elle "
        "sera réévaluée chaque année par l'assemblée générale de l'organisme.",
    ]
    decisions = [
        f"décider l'adhésion {c.of} {first}{org}, à compter de l'année {c.year} et pour les "
        "années suivantes",
        "décider, si l'intérêt perdure, l'acquittement chaque année de la cotisation due en "
        f"conséquence, soit {c.eur(fee, tax)} pour l'année {c.year}",
    ]
    return _Subject(
        obj, "culture" if "Culture" in org else "administration", context, core, decisions, extras
    )


@_template()
def _t_convention_partenariat(c: _Ctx) -> _Subject:
    partner, theme = c.pick(_PARTNERS)
    years = c.randint(1, 4)
    renew = c.chance(0.5)
    obj = f"Convention de partenariat entre {c.the} et {partner}" + (
        " - Renouvellement" if renew else ""
    )
    start = date(c.year + (1 if c.day.month >= 10 else 0), 1, 1)
    context = [
        f"Par délibération {c.previous_number()}, l'assemblée a approuvé une convention de "
        f"partenariat avec {partner}, tendant à définir les conditions de leur coopération. "
        "Cette convention arrive à échéance."
        if renew
        else f"{c.The} et {partner} conduisent depuis plusieurs années des actions communes "
        "au bénéfice des habitants. Il est aujourd'hui proposé de formaliser ce partenariat.",
        c.theme_paragraph(theme, 3),
    ]
    amount = c.money(2000, 150000, 500)
    duration = f"de {_number_words(years)} années" if years > 1 else "d'une année"
    core = [
        f"Une nouvelle convention est proposée, pour une durée {duration} à "
        f"compter du {c.fr(start)}. Elle résulte d'un travail conjoint entre les services, à "
        "partir du bilan des années passées.",
        f"La participation financière {c.of} s'élève à {c.eur(amount)} par an, pour la "
        "durée de la convention. Elle fera l'objet d'un bilan et d'une évaluation chaque "
        "année.",
    ]
    extras = [c.bullets(theme, "Les objectifs suivants sont renforcés :")]
    decisions = [
        f"approuver le projet de convention de partenariat à conclure avec {partner}, annexé "
        "au rapport",
        f"autoriser le versement d'une participation annuelle de {c.eur(amount)}",
    ]
    return _Subject(obj, theme, context, core, decisions, extras)


@_template()
def _t_marche_travaux(c: _Ctx) -> _Subject:
    building = c.pick(_BUILDINGS)
    work = c.pick(
        (
            "la réhabilitation",
            "l'extension",
            "la restructuration",
            "la mise en accessibilité",
            "la rénovation de la toiture",
        )
    )
    target = _of(building)
    lots = (
        "Gros œuvre",
        "Charpente - couverture",
        "Menuiseries extérieures",
        "Plâtrerie - isolation",
        "Électricité",
        "Chauffage - ventilation - plomberie",
        "Peinture",
        "Voirie et réseaux divers",
    )
    chosen = c.sample(lots, c.randint(2, 6))
    lines, total = [], 0.0
    for index, lot in enumerate(chosen, start=1):
        value = round(c.big(18000, 420000, 1) + c.precise(0, 0.99), 2)
        total += value
        lines.append(
            f"- lot n° {index} « {lot} » : {c.pick(_COMPANIES)}, pour un montant de "
            f"{c.eur(value, 'HT')}"
        )
    total = round(total, 2)
    obj = f"Marché de travaux pour {work} {target} - Attribution des lots"
    procedure = c.pick(("un appel d'offres ouvert", "une procédure adaptée"))
    context = [
        f"Par délibération {c.previous_number()}, l'assemblée a approuvé le programme de "
        f"travaux relatif à {work} {target} et autorisé le lancement de la consultation.",
        c.theme_paragraph("travaux", 3),
    ]
    core = [
        f"La consultation a été lancée selon {procedure}, par avis publié le "
        f"{c.fr(c.before(40, 120))}. Après analyse des offres au regard des critères de "
        "jugement (prix 40 %, valeur technique 60 %), la commission d'appel d'offres, réunie "
        f"le {c.fr(c.before(5, 30))}, a retenu les offres économiquement les plus avantageuses "
        ":\n" + "\n".join(lines),
        f"Le montant total des marchés s'élève ainsi à {c.eur(total, 'HT')}, soit "
        f"{c.eur(round(total * 1.2, 2), 'TTC')}, pour une estimation initiale de "
        f"{c.eur(c.money(int(total * 0.9), int(total * 1.15) + 1000, 1000), 'HT')}.",
    ]
    extras = [
        "Les travaux débuteront au cours du mois de "
        f"{_MONTHS[c.after(30, 120).month - 1]} pour une durée prévisionnelle de "
        f"{c.randint(6, 18)} mois, en site occupé.",
        c.theme_paragraph("travaux", 4),
    ]
    decisions = [
        "attribuer les marchés de travaux aux entreprises désignées ci-dessus, pour un montant "
        f"total de {c.eur(total, 'HT')}",
        "imputer la dépense sur les crédits inscrits au budget, section d'investissement",
    ]
    return _Subject(obj, "travaux", context, core, decisions, extras)


@_template()
def _t_accord_cadre(c: _Ctx) -> _Subject:
    subject = c.pick(
        (
            "la fourniture de denrées alimentaires pour la restauration collective",
            "la maintenance des installations de chauffage",
            "le nettoyage des bâtiments",
            "la fourniture de matériel informatique",
            "l'entretien des espaces verts",
            "la location et la maintenance de photocopieurs",
        )
    )
    minimum = c.money(5000, 80000, 1000)
    maximum = c.money(int(minimum * 2), int(minimum * 6), 1000)
    company = c.pick(_COMPANIES)
    years = c.randint(1, 4)
    obj = f"Accord-cadre pour {subject} - Attribution"
    context = [
        f"Le précédent marché relatif à {subject} arrive à échéance le "
        f"{c.fr(c.after(20, 120))}. Une nouvelle consultation a donc été lancée sous la forme "
        "d'un accord-cadre à bons de commande, conformément au code de la commande publique.",
    ]
    core = [
        f"L'accord-cadre est conclu pour une durée d'un an, reconductible "
        f"{_number_words(years)} fois, avec un montant minimum annuel de {c.eur(minimum, 'HT')} "
        f"et un montant maximum annuel de {c.eur(maximum, 'HT')}.",
        f"{c.randint(2, 9)} offres ont été reçues. Après analyse, l'offre de l'entreprise "
        f"{company} a été jugée économiquement la plus avantageuse.",
    ]
    decisions = [
        f"attribuer l'accord-cadre relatif à {subject} à l'entreprise {company}",
        "dire que les dépenses seront imputées sur les crédits inscrits aux budgets des "
        "exercices concernés",
    ]
    extras = [c.theme_paragraph("finances", 3)]
    return _Subject(obj, "finances", context, core, decisions, extras)


@_template("commune")
def _t_tarifs_cantine(c: _Ctx) -> _Subject:
    start = date(c.year + (1 if c.day.month >= 9 else 0), 9, 1)
    obj = c.pick(
        (
            f"Restauration scolaire - Tarifs applicables à compter du {c.fr(start)}",
            f"Tarifs de la restauration scolaire - Année scolaire {start.year}-{start.year + 1}",
        )
    )
    base = c.precise(0.8, 1.5)
    lines = []
    for index, bracket in enumerate(
        ("inférieur à 500", "de 501 à 800", "de 801 à 1 200", "supérieur à 1 200")
    ):
        price = round(base + index * c.precise(0.6, 1.1), 2)
        lines.append(f"- quotient familial {bracket} : {c.eur(price)} par repas")
    adult = c.precise(5.2, 7.9)
    context = [
        f"{c.The} assure chaque jour la restauration de près de "
        f"{format_amount(c.money(150, 4000, 50))} élèves des écoles publiques. Les tarifs "
        "sont modulés selon le quotient familial afin de garantir l'accès de tous les enfants "
        "au service.",
        c.theme_paragraph("education", 3),
    ]
    core = [
        "Il est proposé de réviser les tarifs comme suit pour l'année scolaire "
        f"{c.year}-{c.year + 1} :\n" + "\n".join(lines),
        f"Le tarif applicable aux enseignants et au personnel communal est fixé à "
        f"{c.eur(adult)} par repas. Le coût de revient d'un repas s'établit à "
        f"{c.eur(c.precise(8, 12.5))}, la différence étant prise en charge par {c.the}.",
    ]
    decisions = [
        f"fixer les tarifs de la restauration scolaire à compter du {c.fr(start)} tels que "
        "détaillés ci-dessus",
        "dire que les recettes seront encaissées au budget principal",
    ]
    return _Subject(obj, "education", context, core, decisions)


@_template("commune", "epci")
def _t_tarifs_piscine(c: _Ctx) -> _Subject:
    name = c.pick(
        (
            "la piscine municipale",
            "le centre aquatique",
            "la piscine intercommunale",
            "l'espace aquatique des Rives",
        )
    )
    starts = [date(c.year, month, 1) for month in (1, 7, 9) if month > c.day.month]
    start = c.pick(starts) if starts else date(c.year + 1, 1, 1)
    obj = f"{_cap(_bare(name))} - Tarifs applicables à compter du {c.fr(start)}"
    adult = c.precise(3.2, 6.5)
    rows = (
        ("entrée adulte", adult),
        ("entrée enfant de 4 à 16 ans", round(adult * 0.6, 2)),
        ("carte de 10 entrées adulte", round(adult * 8.5, 2)),
        ("abonnement annuel", float(c.money(120, 320, 5))),
        ("leçon de natation individuelle", float(c.money(12, 25, 1))),
        ("location d'un bassin par les associations, par heure", float(c.money(40, 120, 5))),
    )
    lines = [f"- {label} : {c.eur(value)}" for label, value in c.sample(rows, c.randint(3, 6))]
    context = [
        f"{_cap(name)} accueille chaque année plus de "
        f"{format_amount(c.money(20_000, 250_000, 1000))} entrées. Les tarifs n'ont pas été "
        f"révisés depuis la délibération {c.previous_number()}.",
        c.theme_paragraph("sport", 3),
    ]
    core = [
        "Compte tenu de l'augmentation des coûts de l'énergie, il est proposé d'appliquer les "
        "tarifs suivants :\n" + "\n".join(lines),
    ]
    extras = [
        "La gratuité est maintenue pour les enfants de moins de 4 ans, les "
        "accompagnateurs des groupes scolaires et les personnes en situation de handicap."
    ]
    decisions = [f"adopter la grille tarifaire {_of(name)} applicable à compter du {c.fr(start)}"]
    return _Subject(obj, "sport", context, core, decisions, extras)


@_template()
def _t_budget_primitif(c: _Ctx) -> _Subject:
    year = c.year + 1 if c.day.month >= 11 else c.year
    scale = {"commune": 1, "epci": 4, "dept": 30}[c.auth.group]
    operating = c.big(1_500_000 * scale, 90_000_000 * scale, 1000)
    investment = c.money(int(operating * 0.2), int(operating * 0.6), 1000)
    loan = c.money(int(investment * 0.1), int(investment * 0.4), 1000)
    budget = c.pick(("Budget principal", "Budget principal et budgets annexes"))
    obj = f"Budget primitif {year} - {budget}"
    context = [
        f"Le budget primitif {year} traduit les orientations présentées lors du débat "
        f"d'orientation budgétaire du {c.fr(c.before(20, 60))}.",
        c.theme_paragraph("finances", 4),
    ]
    core = [
        f"Le budget principal s'équilibre en section de fonctionnement à {c.eur(operating)} et "
        f"en section d'investissement à {c.eur(investment)}.",
        "L'épargne brute dégagée s'élève à "
        f"{c.eur(c.money(int(operating * 0.06), int(operating * 0.15), 1000))}. "
        f"Le programme d'investissement est financé par l'autofinancement, les subventions "
        f"attendues et un emprunt d'équilibre de {c.eur(loan)}.",
    ]
    extras = [
        c.bullets("finances", "Ce budget repose sur les principes suivants :"),
        c.theme_paragraph("finances", 5),
    ]
    decisions = [
        f"adopter le budget primitif {year}, par chapitre, tel que présenté dans le document "
        "budgétaire annexé",
        f"arrêter le montant de l'emprunt d'équilibre à {c.eur(loan)}",
    ]
    return _Subject(obj, "finances", context, core, decisions, extras)


@_template()
def _t_decision_modificative(c: _Ctx) -> _Subject:
    rank = c.randint(1, 4)
    obj = f"Budget principal {c.year} - Décision modificative n° {rank}"
    chapters = (
        ("011", "Charges à caractère général"),
        ("012", "Charges de personnel"),
        ("65", "Autres charges de gestion courante"),
        ("21", "Immobilisations corporelles"),
        ("23", "Immobilisations en cours"),
        ("66", "Charges financières"),
    )
    lines = [
        f"- chapitre {code} « {label} » : {c.pick(('+ ', '- '))}{c.eur(c.money(2000, 250000, 100))}"
        for code, label in c.sample(chapters, c.randint(2, 5))
    ]
    context = [
        f"Le budget primitif {c.year} a été adopté par délibération {c.previous_number()}. "
        "En cours d'exercice, il est nécessaire de procéder à des ajustements de crédits.",
        c.theme_paragraph("finances", 3),
    ]
    core = [
        "La présente décision modificative porte sur les mouvements suivants :\n"
        + "\n".join(lines),
        "Ces ajustements s'équilibrent en dépenses et en recettes, la section d'investissement "
        f"étant équilibrée à hauteur de {c.eur(c.money(10000, 900000, 100))}.",
    ]
    decisions = [f"adopter la décision modificative n° {rank} du budget principal {c.year}"]
    return _Subject(obj, "finances", context, core, decisions)


def _street_of(street: str) -> str:
    """'rue du Moulin' -> 'de la rue du Moulin'; 'avenue X' -> "de l'avenue X"."""
    if street[0] in "aeiou":
        return f"de l'{street}"
    if street.startswith(("boulevard", "quai", "chemin")):
        return f"du {street}"
    return f"de la {street}"


def _parcel(c: _Ctx) -> tuple[str, int, float]:
    section = c.pick(_SECTIONS)
    number = c.randint(12, 1480)
    area = c.randint(45, 18000)
    return f"{section} {number}", area, c.precise(8, 180)


@_template("commune", "epci")
def _t_acquisition(c: _Ctx) -> _Subject:
    parcel, area, unit = _parcel(c)
    price = float(round(area * unit, -2)) or 100.0
    street = c.street()
    owner = c.person()
    goal = c.pick(
        (
            "la création d'un parking public",
            "l'extension du cimetière",
            "l'aménagement d'une liaison douce",
            "la réalisation d'un bassin de rétention",
            "la constitution d'une réserve foncière",
        )
    )
    obj = c.pick(
        (
            f"Acquisition de la parcelle cadastrée {parcel} sise {street}",
            f"Acquisition foncière - Parcelle cadastrée {parcel} - {_cap(_bare(goal))}",
        )
    )
    context = [
        f"Dans le cadre de {goal}, {c.the} souhaite acquérir la parcelle cadastrée "
        f"{parcel}, d'une superficie de {format_amount(area)} m², sise {street}.",
        c.theme_paragraph("urbanisme", 3),
    ]
    core = [
        f"Après négociation, {owner}, propriétaire, a donné son accord pour une cession au "
        f"prix de {c.eur(price)}, soit environ {c.eur(round(price / area, 2))} le m², "
        f"conforme à l'avis du pôle d'évaluation domaniale du {c.fr(c.before(20, 150))}.",
        "Les frais d'acte notarié seront à la charge de l'acquéreur.",
    ]
    decisions = [
        f"décider l'acquisition de la parcelle cadastrée {parcel}, d'une superficie de "
        f"{format_amount(area)} m², au prix de {c.eur(price)}",
        "désigner l'étude notariale du lieu de situation du bien pour la rédaction de l'acte",
    ]
    return _Subject(obj, "urbanisme", context, core, decisions)


@_template("commune", "epci", "dept")
def _t_cession(c: _Ctx) -> _Subject:
    parcel, area, unit = _parcel(c)
    price = float(round(area * unit, -2)) or 100.0
    buyer = c.pick((c.person(), f"la société {c.pick(_FIRMS)}", "la SCI Les Tilleuls"))
    obj = f"Cession de la parcelle cadastrée {parcel} au profit de {buyer}"
    context = [
        f"{c.The} est propriétaire de la parcelle cadastrée {parcel}, d'une contenance de "
        f"{format_amount(area)} m², située {c.street()}. Ce terrain n'est plus affecté à un "
        "service public et relève du domaine privé.",
        c.theme_paragraph("urbanisme", 3),
    ]
    core = [
        f"{_cap(buyer)} a fait part de son souhait d'acquérir ce bien pour y réaliser un projet "
        f"de construction. Un accord est intervenu sur un prix de {c.eur(price)} net vendeur, "
        "conforme à l'estimation du pôle d'évaluation domaniale.",
    ]
    extras = [
        "L'acte de vente comportera une clause de réalisation du projet dans un délai de "
        "trois ans, à défaut de quoi la vente pourra être résolue."
    ]
    decisions = [
        f"approuver la cession de la parcelle cadastrée {parcel} au profit de {buyer}, "
        f"au prix de {c.eur(price)}"
    ]
    return _Subject(obj, "urbanisme", context, core, decisions, extras)


@_template()
def _t_effectifs(c: _Ctx) -> _Subject:
    grades = (
        "adjoint technique territorial",
        "adjoint administratif principal de 2e classe",
        "rédacteur territorial",
        "technicien territorial",
        "attaché territorial",
        "agent de maîtrise",
        "auxiliaire de puériculture",
        "éducateur des activités physiques et sportives",
        "assistant d'enseignement artistique",
        "ingénieur territorial",
    )
    created = c.sample(grades, c.randint(1, 3))
    removed = c.sample(grades, c.randint(0, 2))
    staff = "Personnel communal" if c.auth.group == "commune" else "Ressources humaines"
    obj = c.pick(
        (
            f"{staff} - Modification du tableau des effectifs",
            "Mise à jour du tableau des emplois permanents",
        )
    )
    lines = [
        f"- création d'un poste d'{g} à temps {c.pick(('complet', 'non complet'))}"
        if g[0] in "aeéi"
        else f"- création d'un poste de {g} à temps complet"
        for g in created
    ]
    lines += [
        f"- suppression d'un poste de {g}"
        if g[0] not in "aeéi"
        else f"- suppression d'un poste d'{g}"
        for g in removed
    ]
    legal = (
        "à l'article L. 313-1 du code général de la fonction publique"
        if c.year >= 2022
        else "à l'article 34 de la loi n° 84-53 du 26 janvier 1984"
    )
    committee = "comité social territorial" if c.year >= 2023 else "comité technique"
    context = [
        f"Conformément {legal}, les "
        "emplois de chaque collectivité sont créés par l'organe délibérant. Il lui appartient "
        "de fixer l'effectif des emplois nécessaires au fonctionnement des services.",
        c.theme_paragraph("administration", 3),
    ]
    core = [
        "Afin de tenir compte des avancements de grade, des réussites aux concours et de "
        "l'évolution des besoins des services, il est proposé les modifications suivantes :\n"
        + "\n".join(lines),
        f"Le {committee} a été consulté le {c.fr(c.before(7, 40))}.",
    ]
    decisions = [
        "approuver les modifications du tableau des effectifs telles que présentées",
        "dire que les crédits nécessaires sont inscrits au chapitre 012 du budget",
    ]
    return _Subject(obj, "administration", context, core, decisions)


@_template("epci")
def _t_pcaet(c: _Ctx) -> _Subject:
    stage = c.pick(("Arrêt du projet", "Approbation définitive", "Bilan à mi-parcours"))
    obj = f"Plan Climat-Air-Énergie Territorial (PCAET) - {stage}"
    reduction = c.randint(25, 55)
    context = [
        "La loi relative à la transition énergétique pour la croissance verte du 17 août 2015 "
        "impose aux établissements publics de coopération intercommunale de plus de 20 000 "
        "habitants l'élaboration d'un plan climat-air-énergie territorial.",
        c.theme_paragraph("environnement", 4),
    ]
    core = [
        f"Le programme d'actions fixe un objectif de réduction de {reduction} % des émissions "
        f"de gaz à effet de serre d'ici 2030 par rapport à 2015. Il comprend "
        f"{c.randint(25, 60)} actions, pour un budget global estimé à "
        f"{c.eur(c.money(2_000_000, 40_000_000, 10000))} sur six ans.",
        c.bullets("environnement", "Il s'articule autour des axes suivants :"),
    ]
    extras = [
        f"L'ADEME apportera un soutien de {c.eur(c.money(40000, 300000, 1000))} au titre du "
        "contrat d'objectif territorial. L'avis de l'autorité environnementale et celui du "
        "préfet de région ont été recueillis.",
        c.theme_paragraph("environnement", 5),
    ]
    decisions = [
        f"{'arrêter' if stage == 'Arrêt du projet' else 'approuver'} le plan "
        "climat-air-énergie territorial tel qu'annexé à la présente délibération"
    ]
    return _Subject(obj, "environnement", context, core, decisions, extras)


@_template("commune", "epci")
def _t_renovation_dsil(c: _Ctx) -> _Subject:
    place = _of(c.pick((*_SCHOOLS, *_BUILDINGS)))
    fund = c.pick(("DSIL", "DETR", "Fonds vert") if c.year >= 2023 else ("DSIL", "DETR"))
    obj = (
        f"Rénovation énergétique {place} - Plan de financement et demande de subvention"
        f" au titre de la {fund} {c.year}"
        if fund != "Fonds vert"
        else f"Rénovation énergétique {place} - Demande de subvention au titre du Fonds vert"
    )
    cost = c.big(150_000, 3_500_000, 500)
    state = round(cost * c.pick((0.3, 0.35, 0.4)), 2)
    region = round(cost * 0.2, 2)
    own = round(cost - state - region, 2)
    context = [
        "Le décret tertiaire impose une réduction progressive des consommations énergétiques "
        "des bâtiments de plus de 1 000 m² : 40 % en 2030, 50 % en 2040 et 60 % en 2050.",
        c.theme_paragraph("environnement", 3),
    ]
    core = [
        f"L'audit énergétique réalisé sur les locaux {place} prévoit l'isolation des parois, le "
        "remplacement des menuiseries et de la chaufferie, pour un gain attendu de "
        f"{c.randint(35, 65)} % sur les consommations.",
        f"Le coût prévisionnel de l'opération s'élève à {c.eur(cost, 'HT')}. Le plan de "
        f"financement est le suivant :\n- État ({fund}) : {c.eur(state)}\n- Région : "
        f"{c.eur(region)}\n- Autofinancement : {c.eur(own)}",
    ]
    decisions = [
        f"approuver le projet de rénovation énergétique {place} et son plan de financement",
        f"solliciter une subvention de {c.eur(state)} au titre de la {fund}"
        if fund != "Fonds vert"
        else f"solliciter une subvention de {c.eur(state)} au titre du Fonds vert",
    ]
    return _Subject(obj, "environnement", context, core, decisions)


@_template("commune", "epci", "dept")
def _t_voirie(c: _Ctx) -> _Subject:
    street = c.street()
    target = _street_of(street)
    obj = c.pick(
        (
            f"Programme de travaux de voirie {c.year} - Réfection {target}",
            f"Travaux d'aménagement et de sécurisation {target} - Approbation de l'avant-projet",
        )
    )
    length = c.randint(120, 1800)
    estimate = c.big(60_000, 1_800_000, 500)
    context = [
        f"La voie concernée, d'une longueur de {format_amount(length)} mètres, présente une "
        "chaussée dégradée et des trottoirs non conformes aux règles d'accessibilité.",
        c.theme_paragraph("travaux", 3),
    ]
    core = [
        c.bullets("travaux", "Le projet prévoit :"),
        f"Le coût des travaux est estimé à {c.eur(estimate, 'HT')}, maîtrise d'œuvre comprise. "
        f"Le démarrage du chantier est prévu au {c.fr(c.after(40, 160))}.",
    ]
    extras = [
        f"Une réunion publique d'information des riverains s'est tenue le "
        f"{c.fr(c.before(10, 60))} ; les observations recueillies ont été intégrées au "
        "projet.",
        c.theme_paragraph("travaux", 4),
    ]
    decisions = [
        "approuver l'avant-projet des travaux tel que présenté",
        f"autoriser le lancement de la consultation des entreprises sur la base d'une "
        f"estimation de {c.eur(estimate, 'HT')}",
    ]
    return _Subject(obj, "travaux", context, core, decisions, extras)


@_template("commune")
def _t_ecoles_numerique(c: _Ctx) -> _Subject:
    obj = c.pick(
        (
            "Matériel informatique des écoles - Nouveau plan d'équipement - Convention de "
            "partenariat avec l'Éducation nationale",
            f"Plan numérique des écoles {c.year}-{c.year + 2} - Acquisition de matériels et "
            "demande de subvention",
        )
    )
    total = c.money(40_000, 900_000, 1000)
    first = c.money(10_000, int(total * 0.5), 1000)
    grant = c.money(5_000, int(total * 0.3) + 5000, 500)
    context = [
        f"{c.The}, en lien étroit avec l'Éducation nationale, a décidé de mettre en œuvre un "
        "nouveau plan de développement des usages numériques dans les écoles publiques, afin "
        "de mettre au service des enseignants et de leurs élèves de nouveaux outils.",
        f"Une première phase a débuté dès {c.year - 1}, avec le renouvellement des postes "
        "informatiques des directeurs d'école et la dotation de chaque école maternelle d'un "
        f"ordinateur portable et d'un vidéoprojecteur, pour un montant total de {c.eur(first)}.",
    ]
    core = [
        c.bullets(
            "education",
            "Pour garantir un usage régulier des équipements, il en est "
            "ressorti les éléments suivants :",
        ),
        f"Il est proposé de doter chaque classe élémentaire de {c.randint(4, 12)} tablettes ou "
        f"ordinateurs portables. Le montant total de l'opération s'élève à {c.eur(total)}, "
        "réparti sur trois exercices budgétaires.",
        f"Dans le cadre de l'appel à projets « Socle numérique dans les écoles élémentaires », "
        f"une subvention d'un montant de {c.eur(grant)} est attendue du ministère.",
    ]
    decisions = [
        "approuver le plan d'équipement numérique des écoles publiques",
        "approuver le projet de convention avec l'Éducation nationale, et m'autoriser à y "
        "apporter, le cas échéant, des modifications de détail ne remettant pas en cause son "
        "économie générale",
    ]
    return _Subject(obj, "education", context, core, decisions)


@_template()
def _t_festival(c: _Ctx) -> _Subject:
    event = c.pick(
        (
            "le Festival des Arts de la Rue",
            "le Festival Jazz en Vignes",
            "la Nuit du Patrimoine",
            "le Festival du Film d'Aventure",
            "la Biennale du Théâtre amateur",
            "le Salon du Livre Jeunesse",
        )
    )
    name = event[event.index(" ") + 1 :]
    organiser, _ = c.pick([a for a in _ASSOCIATIONS if a[1] == "culture"])
    grant = c.money(2000, 80000, 500)
    budget = c.money(int(grant * 3), int(grant * 8), 1000)
    opening = c.after(20, 120)
    obj = f"{_cap(name)} {opening.year} - Convention avec l'association {organiser} et subvention"
    context = [
        c.theme_paragraph("culture", 3),
        f"Depuis {c.randint(1995, c.year - 3)}, {event} réunit chaque année un large "
        "public autour de spectacles gratuits et d'actions de médiation.",
    ]
    core = [
        f"L'édition {opening.year} se tiendra à partir du {c.fr(opening)}, sur "
        f"{c.randint(2, 10)} jours. Le budget prévisionnel de la manifestation s'élève à "
        f"{c.eur(budget)}.",
        f"Il est proposé d'attribuer à l'association {organiser} une subvention de "
        f"{c.eur(grant)} et de mettre à sa disposition les moyens techniques nécessaires, "
        f"valorisés à {c.eur(c.money(1000, 30000, 100))}.",
    ]
    extras = [
        c.bullets("culture", "Cette manifestation répond aux objectifs suivants :"),
        c.theme_paragraph("culture", 4),
    ]
    decisions = [
        f"attribuer à l'association {organiser} une subvention de {c.eur(grant)} pour "
        f"l'organisation {_of(event)} {opening.year}",
        "approuver la convention de partenariat correspondante",
    ]
    return _Subject(obj, "culture", context, core, decisions, extras)


@_template("commune")
def _t_jumelage(c: _Ctx) -> _Subject:
    town, country = c.pick(_TWINS)
    kind = c.pick(("charter", "grant", "renewal"))
    if kind == "grant":
        obj = (
            f"Comité de jumelage - Subvention exceptionnelle pour l'accueil d'une délégation "
            f"de {town}"
        )
    elif kind == "renewal":
        obj = f"Convention de partenariat entre {c.the} et la ville de {town} - renouvellement"
    else:
        obj = f"Jumelage avec la ville de {town} ({country}) - Signature d'une charte d'amitié"
    since = c.randint(1959, c.year - 5)
    context = [
        "L'action internationale des collectivités se trouve au cœur des enjeux de "
        "transformation des territoires. Elle s'inscrit dans le cadre des échanges au sein de "
        "l'Union européenne et, au-delà, des relations entretenues par la France avec ses "
        "partenaires.",
        f"Depuis {since}, {c.auth.place} entretient avec la ville de {town} ({country}) des "
        "relations d'amitié et d'interconnaissance, notamment à travers des échanges "
        "scolaires, sportifs et culturels.",
    ]
    grant = c.money(500, 15000, 100)
    core = [
        f"Le comité de jumelage organisera en {_MONTHS[c.after(30, 150).month - 1]} l'accueil "
        f"d'une délégation de {c.randint(12, 60)} personnes. Il sollicite à ce titre une "
        f"subvention exceptionnelle de {c.eur(grant)}."
        if kind == "grant"
        else "Il est proposé de mettre en œuvre une nouvelle génération de partenariat, à "
        "travers la construction de relations thématiques entre les deux villes, au service "
        "du développement de chaque territoire.",
    ]
    extras = [c.bullets("culture", "Les axes de coopération sont les suivants :")]
    decisions = [
        f"attribuer au comité de jumelage une subvention exceptionnelle de {c.eur(grant)}"
        if kind == "grant"
        else f"décider la pérennisation du partenariat avec la ville de {town}",
    ]
    return _Subject(obj, "culture", context, core, decisions, extras)


@_template("commune", "epci")
def _t_dsp(c: _Ctx) -> _Subject:
    service, theme = c.pick(_DSP_SERVICES)
    years = c.randint(5, 12)
    company = c.pick(
        (
            "SAS Mobilités du Val",
            "SEM Eaux et Réseaux du Val",
            "SAS Horizon Loisirs Exploitation",
            "SAS Récréa Services",
            "SPL Territoires Publics",
            "Société Vert Marine Exploitation",
        )
    )
    obj = (
        f"Délégation de service public pour {service} - Choix du délégataire et approbation "
        "du contrat"
    )
    turnover = c.money(300_000, 9_000_000, 1000)
    fee = c.money(5_000, 400_000, 500)
    context = [
        f"Par délibération {c.previous_number()}, l'assemblée s'est prononcée sur le principe "
        f"d'une délégation de service public pour {service}, sous la forme d'une concession.",
        "Conformément aux articles L. 1411-1 et suivants du code général des collectivités "
        "territoriales, une procédure de publicité et de mise en concurrence a été engagée.",
    ]
    core = [
        f"À l'issue des négociations, la commission de délégation de service public propose de "
        f"retenir l'offre de {company}, pour une durée de {years} ans à compter du "
        f"{c.fr(c.after(60, 200))}.",
        f"Le chiffre d'affaires prévisionnel moyen s'établit à {c.eur(turnover, 'HT')} par an. "
        f"Le délégataire versera une redevance annuelle de {c.eur(fee)}"
        + (
            f" et percevra une compensation pour contraintes de service public de "
            f"{c.eur(c.money(20_000, 600_000, 1000), 'HT')} par an."
            if c.chance(0.5)
            else "."
        ),
    ]
    extras = [
        c.theme_paragraph(theme, 4),
        "Le rapport de la commission et le projet de contrat "
        "ont été transmis aux membres de l'assemblée quinze jours avant la séance.",
    ]
    decisions = [
        f"approuver le choix de {company} comme délégataire du service public pour {service}",
        "approuver le contrat de concession et ses annexes",
    ]
    return _Subject(obj, theme, context, core, decisions, extras)


@_template()
def _t_garantie_emprunt(c: _Ctx) -> _Subject:
    landlord = c.pick(_LANDLORDS)
    homes = c.randint(6, 120)
    street = c.street()
    loan = c.money(300_000, 12_000_000, 1)
    share = c.pick((50, 100, 30, 25))
    contract = c.randint(100_000, 199_999)
    obj = (
        f"Garantie d'emprunt accordée à {landlord} pour la construction de {homes} "
        f"logements locatifs sociaux - {street}"
    )
    context = [
        f"{_cap(landlord)} réalise une opération de construction de {homes} logements "
        f"locatifs sociaux, {street}. Pour financer cette opération, il a contracté un prêt "
        "auprès de la Caisse des dépôts et consignations.",
        c.theme_paragraph("solidarite", 3),
    ]
    core = [
        f"Le contrat de prêt n° {contract}, d'un montant total de {c.eur(loan)}, est constitué "
        f"de {c.randint(2, 5)} lignes de prêt (PLAI, PLUS, PLS, prêt foncier). Le bailleur "
        f"sollicite la garantie {c.of} à hauteur de {share} %, soit "
        f"{c.eur(round(loan * share / 100, 2))}.",
        "La garantie est apportée pour la durée totale du prêt et jusqu'au complet "
        "remboursement de celui-ci. En contrepartie, le bailleur s'engage à réserver "
        f"{max(1, homes // 5)} logements au contingent {c.of}.",
    ]
    decisions = [
        f"accorder la garantie {c.of} à hauteur de {share} % pour le remboursement du prêt "
        f"d'un montant total de {c.eur(loan)} souscrit par {landlord} auprès de la Caisse "
        f"des dépôts et consignations, selon les caractéristiques du contrat de prêt "
        f"n° {contract}",
        "s'engager, pendant toute la durée du prêt, à libérer en cas de besoin des ressources "
        "suffisantes pour couvrir les charges de celui-ci",
    ]
    return _Subject(obj, "solidarite", context, core, decisions)


@_template()
def _t_non_valeur(c: _Ctx) -> _Subject:
    budget = c.pick(
        (
            "budget principal",
            "budget annexe de l'eau",
            "budget annexe de l'assainissement",
            "budget annexe des transports",
        )
    )
    total = c.precise(150, 45000)
    obj = f"Admission en non-valeur de créances irrécouvrables - {_cap(budget)}"
    context = [
        f"Le comptable public a transmis un état de créances irrécouvrables concernant le "
        f"{budget}, pour lesquelles il a épuisé l'ensemble des voies de recouvrement.",
    ]
    core = [
        f"Ces créances, au nombre de {c.randint(8, 340)}, portent sur les exercices "
        f"{c.year - c.randint(3, 8)} à {c.year - 1} et représentent un montant total de "
        f"{c.eur(total)}. Elles correspondent principalement à des impayés de faible montant "
        "et à des débiteurs insolvables ou disparus.",
        "L'admission en non-valeur ne fait pas obstacle à un recouvrement ultérieur si le "
        "débiteur revient à meilleure fortune.",
    ]
    decisions = [
        f"admettre en non-valeur les créances présentées pour un montant de {c.eur(total)}",
        "imputer la dépense au compte 6541",
    ]
    extras = [c.theme_paragraph("finances", 3)]
    return _Subject(obj, "finances", context, core, decisions, extras)


@_template("epci")
def _t_fonds_concours(c: _Ctx) -> _Subject:
    town = c.pick(_MEMBER_TOWNS)
    project = c.pick(
        (
            "la rénovation de la salle polyvalente",
            "la création d'une aire de jeux",
            "l'aménagement du centre-bourg",
            "la construction d'un terrain multisports",
            "la réhabilitation de l'école communale",
        )
    )
    cost = c.money(40_000, 1_200_000, 100)
    grant = round(cost * c.pick((0.1, 0.15, 0.2, 0.25)), 2)
    obj = f"Versement d'un fonds de concours à la commune de {town} pour {project}"
    context = [
        "En application de l'article L. 5214-16 V du code général des collectivités "
        "territoriales, des fonds de concours peuvent être versés entre un établissement "
        "public de coopération intercommunale et ses communes membres afin de financer la "
        "réalisation d'un équipement.",
        "Le règlement d'attribution adopté par l'assemblée plafonne le fonds de concours à "
        "50 % de la part restant à la charge de la commune.",
    ]
    core = [
        f"La commune de {town} a sollicité un fonds de concours pour {project}, dont le coût "
        f"s'élève à {c.eur(cost, 'HT')}. Il est proposé d'attribuer un fonds de concours de "
        f"{c.eur(grant)}.",
    ]
    decisions = [
        f"attribuer à la commune de {town} un fonds de concours de {c.eur(grant)} pour {project}"
    ]
    extras = [c.theme_paragraph("urbanisme", 3)]
    return _Subject(obj, "urbanisme", context, core, decisions, extras)


@_template("commune")
def _t_denomination(c: _Ctx) -> _Subject:
    place = c.pick(
        (
            "lotissement Les Vergers",
            "ZAC du Moulin",
            "lotissement Le Clos des Chênes",
            "quartier de la Gare",
            "lotissement Les Hauts de Loire",
        )
    )
    names = c.sample(
        (
            "rue Simone Veil",
            "allée Gisèle Halimi",
            "rue Jean Moulin",
            "place Lucie Aubrac",
            "impasse des Mésanges",
            "rue Germaine Tillion",
            "allée Joséphine Baker",
            "chemin des Vignerons",
        ),
        c.randint(1, 4),
    )
    obj = f"Dénomination de voies - {_cap(place)}"
    context = [
        "Il appartient au conseil municipal de choisir, par délibération, le nom à donner aux "
        "rues et aux places publiques. La dénomination des voies facilite le repérage, le "
        "travail des services de secours et la distribution du courrier.",
    ]
    core = [
        f"L'aménagement du {place} a conduit à la création de nouvelles voies. Après avis de "
        "la commission, il est proposé de retenir les dénominations suivantes :\n"
        + "\n".join(f"- {name}" for name in names),
    ]
    extras = [
        "Ces choix rendent hommage à des personnalités qui ont marqué l'histoire "
        "nationale et s'inscrivent dans l'objectif de féminisation des noms de rues."
    ]
    decisions = [
        "adopter les dénominations de voies proposées",
        "autoriser la transmission de ces informations au service du cadastre et à "
        "la base adresse nationale",
    ]
    return _Subject(obj, "urbanisme", context, core, decisions, extras)


@_template("commune", "epci")
def _t_rpqs(c: _Ctx) -> _Subject:
    service = c.pick(
        (
            "de l'eau potable",
            "de l'assainissement collectif",
            "de l'assainissement non collectif",
            "de prévention et de gestion des déchets",
        )
    )
    year = c.year - 1
    obj = f"Rapport annuel sur le prix et la qualité du service public {service} - Exercice {year}"
    price = c.precise(1.6, 4.9)
    context = [
        "L'article L. 2224-5 du code général des collectivités territoriales impose la "
        "présentation à l'assemblée d'un rapport annuel sur le prix et la qualité du service "
        "public, au plus tard dans les neuf mois qui suivent la clôture de l'exercice.",
    ]
    core = [
        f"En {year}, le service a desservi {format_amount(c.randint(800, 90000))} abonnés. Le "
        f"prix du service s'établit à {c.eur(price, 'TTC')} par m³ au 1er janvier {c.year}, "
        f"soit une facture de {c.eur(round(price * 120, 2), 'TTC')} pour une consommation de "
        "référence de 120 m³.",
        f"Le taux de conformité des prélèvements s'élève à {c.randint(96, 100)} % et le "
        f"rendement du réseau à {c.randint(68, 92)} %.",
    ]
    extras = [c.theme_paragraph("environnement", 3)]
    decisions = [
        f"prendre acte du rapport annuel sur le prix et la qualité du service public "
        f"{service} pour l'exercice {year}"
    ]
    return _Subject(obj, "environnement", context, core, decisions, extras)


@_template("commune", "epci")
def _t_redevance_assainissement(c: _Ctx) -> _Subject:
    year = c.year + 1 if c.day.month >= 9 else c.year
    obj = f"Redevance d'assainissement collectif - Tarifs {year}"
    fixed = c.money(15, 90, 1)
    variable = c.precise(0.9, 2.8)
    context = [
        "Le service public d'assainissement collectif est financé par la redevance acquittée "
        "par les usagers raccordés au réseau, conformément au principe selon lequel l'eau "
        "paie l'eau.",
        c.theme_paragraph("environnement", 3),
    ]
    core = [
        f"Afin de financer le programme de renouvellement des réseaux et la mise aux normes de "
        f"la station d'épuration, il est proposé de fixer, à compter du 1er janvier {year}, "
        f"la part fixe à {c.eur(fixed, 'HT')} par an et par abonné, et la part variable à "
        f"{c.eur(variable, 'HT')} par m³ d'eau consommée.",
    ]
    decisions = [
        f"fixer les tarifs de la redevance d'assainissement collectif applicables au "
        f"1er janvier {year} : part fixe {c.eur(fixed, 'HT')} par an, part variable "
        f"{c.eur(variable, 'HT')} par m³"
    ]
    return _Subject(obj, "environnement", context, core, decisions)


@_template("commune")
def _t_videoprotection(c: _Ctx) -> _Subject:
    cameras = c.randint(4, 40)
    cost = c.money(30_000, 600_000, 100)
    grant = round(cost * 0.4, 2)
    obj = "Extension du système de vidéoprotection - Demande de subvention au titre du FIPD"
    context = [
        f"{c.The} s'est dotée d'un système de vidéoprotection urbaine destiné à prévenir les "
        "atteintes aux biens et aux personnes, en lien avec les forces de sécurité de l'État.",
    ]
    core = [
        f"Le diagnostic réalisé par le référent sûreté de la gendarmerie préconise "
        f"l'installation de {cameras} caméras supplémentaires. Le coût de l'opération est "
        f"estimé à {c.eur(cost, 'HT')}.",
        "Ce projet est éligible au fonds interministériel de prévention de la délinquance, "
        f"qui peut financer jusqu'à 40 % de la dépense, soit {c.eur(grant)}.",
    ]
    extras = [c.theme_paragraph("solidarite", 3)]
    decisions = [
        "approuver le projet d'extension du système de vidéoprotection",
        f"solliciter une subvention de {c.eur(grant)} au titre du FIPD",
    ]
    return _Subject(obj, "solidarite", context, core, decisions, extras)


@_template("commune", "epci")
def _t_ctg_caf(c: _Ctx) -> _Subject:
    start = c.year if c.day.month < 7 else c.year + 1
    obj = (
        f"Convention territoriale globale avec la Caisse d'allocations familiales - "
        f"Période {start}-{start + 4}"
    )
    context = [
        "La convention territoriale globale est une démarche de partenariat qui vise à "
        "renforcer l'efficacité et la cohérence des actions en direction des familles, dans "
        "les champs de la petite enfance, de l'enfance, de la jeunesse et de la parentalité.",
        c.theme_paragraph("solidarite", 3),
    ]
    core = [
        "Elle remplace progressivement les contrats enfance jeunesse. Les financements sont "
        f"désormais versés sous la forme de bonus territoire, estimés à "
        f"{c.eur(c.money(10_000, 700_000, 100))} par an pour les équipements du territoire.",
        c.bullets("solidarite", "Le diagnostic partagé a fait émerger les priorités suivantes :"),
    ]
    decisions = [
        f"approuver la convention territoriale globale pour la période {start}-{start + 4}"
    ]
    return _Subject(obj, "solidarite", context, core, decisions)


@_template("commune", "epci", "dept")
def _t_taux(c: _Ctx) -> _Subject:
    year = c.year
    obj = f"Fiscalité directe locale - Vote des taux d'imposition {year}"
    built = round(c.rng.uniform(12, 48), 2)
    unbuilt = round(c.rng.uniform(20, 90), 2)
    product = c.money(300_000, 60_000_000, 1)
    context = [c.theme_paragraph("finances", 4)]
    core = [
        f"L'état de notification des bases prévisionnelles a été transmis par les services "
        f"fiscaux le {c.fr(c.before(10, 40))}. Il est proposé de maintenir les taux au niveau "
        f"de l'an dernier :\n- taxe foncière sur les propriétés bâties : "
        f"{str(built).replace('.', ',')} %\n- taxe foncière sur les propriétés non bâties : "
        f"{str(unbuilt).replace('.', ',')} %",
        f"Le produit fiscal attendu s'élève à {c.eur(product)}.",
    ]
    decisions = [f"fixer les taux d'imposition pour l'année {year} tels que présentés"]
    return _Subject(obj, "finances", context, core, decisions)


@_template("commune", "epci")
def _t_mise_a_disposition(c: _Ctx) -> _Subject:
    asso, theme = c.pick(_ASSOCIATIONS)
    street = c.street()
    free = c.chance(0.5)
    value = c.money(600, 24000, 50)
    obj = f"Convention de mise à disposition de locaux au profit de l'association {asso}"
    context = [
        f"L'association {asso} occupe depuis plusieurs années des locaux situés "
        f"{street}, propriété {c.of}.",
        c.theme_paragraph(theme, 3),
    ]
    core = [
        f"La convention est consentie pour une durée de {c.randint(1, 6)} ans. "
        + (
            f"La mise à disposition est consentie à titre gratuit ; l'avantage en nature "
            f"correspondant est valorisé à {c.eur(value)} par an et figurera dans les annexes "
            "budgétaires."
            if free
            else "Elle donne lieu au versement d'une redevance annuelle de "
            f"{c.eur(value)}, charges comprises."
        ),
    ]
    decisions = [
        f"approuver la convention de mise à disposition de locaux situés {street} au "
        f"profit de l'association {asso}"
    ]
    return _Subject(obj, theme, context, core, decisions)


@_template("commune")
def _t_eclairage(c: _Ctx) -> _Subject:
    area = c.pick(
        (
            "quartier de la Gare",
            "centre-bourg",
            "secteur des Tilleuls",
            "hameau de la Fontaine",
            "lotissement des Peupliers",
        )
    )
    syndicate = c.pick(
        (
            "syndicat départemental d'énergie",
            "syndicat intercommunal d'électrification",
            "syndicat mixte d'énergies",
        )
    )
    cost = c.precise(15_000, 450_000)
    share = c.pick((0.4, 0.5, 0.6))
    obj = (
        f"Rénovation de l'éclairage public - {_cap(area)} - Convention financière avec le "
        f"{syndicate}"
    )
    context = [
        f"{c.The} a transféré la compétence éclairage public au {syndicate}, qui "
        "assure la maîtrise d'ouvrage des travaux.",
        c.theme_paragraph("environnement", 3),
    ]
    core = [
        f"Le projet porte sur le remplacement de {c.randint(15, 300)} points lumineux par des "
        f"luminaires LED dans le {area}. Le montant des travaux s'élève à "
        f"{c.eur(cost, 'HT')}. La participation {c.of}, fixée à {int(share * 100)} %, "
        f"s'élève à {c.eur(round(cost * share, 2))}.",
        "L'économie d'énergie attendue est supérieure à 60 %, avec un abaissement de "
        "l'intensité lumineuse au cœur de la nuit.",
    ]
    decisions = [
        f"approuver la convention financière avec le {syndicate}",
        f"inscrire une participation de {c.eur(round(cost * share, 2))} au budget",
    ]
    return _Subject(obj, "environnement", context, core, decisions)


@_template("epci")
def _t_statuts(c: _Ctx) -> _Subject:
    competence = c.pick(
        (
            "mobilité",
            "gestion des eaux pluviales urbaines",
            "création et gestion de maisons de services au public",
            "politique locale du commerce",
            "construction et gestion des équipements sportifs d'intérêt communautaire",
        )
    )
    obj = f"Modification des statuts {c.of_name} - Compétence « {competence} »"
    context = [
        "En application de l'article L. 5211-17 du code général des collectivités "
        "territoriales, les communes membres peuvent transférer à tout moment à "
        "l'établissement public de coopération intercommunale tout ou partie de leurs "
        "compétences.",
    ]
    core = [
        f"Il est proposé d'étendre les compétences {c.of} à la compétence « {competence} », "
        f"avec effet au {c.fr(date(c.year + 1, 1, 1))}.",
        "Les conseils municipaux des communes membres disposent d'un délai de trois mois pour "
        "se prononcer. Le transfert sera prononcé par arrêté préfectoral si les conditions de "
        "majorité qualifiée sont réunies.",
    ]
    extras = [c.theme_paragraph("administration", 3)]
    decisions = [
        "approuver la modification des statuts telle que présentée",
        "notifier la présente délibération aux maires des communes membres",
    ]
    return _Subject(obj, "administration", context, core, decisions, extras)


@_template("epci")
def _t_zone_activites(c: _Ctx) -> _Subject:
    zone = c.pick(
        (
            "des Grands Champs",
            "du Moulin Neuf",
            "de la Croix Blanche",
            "Actipôle Sud",
            "des Portes de l'Ource",
        )
    )
    unit = float(c.money(12, 85, 1))
    lot_area = c.randint(1200, 25000)
    firm = c.pick(_FIRMS)
    obj = f"Zone d'activités {zone} - Prix de vente des terrains et cession d'un lot"
    context = [
        f"{c.The} assure l'aménagement et la commercialisation de la zone d'activités "
        f"{zone}, qui compte {c.randint(8, 60)} lots viabilisés.",
        c.theme_paragraph("economie", 3),
    ]
    core = [
        f"Il est proposé de fixer le prix de vente des terrains à {c.eur(unit, 'HT')} le m². "
        f"La société {firm} souhaite acquérir un lot de {format_amount(lot_area)} m², soit un "
        f"prix de {c.eur(unit * lot_area, 'HT')}.",
        f"Le projet prévoit la création de {c.randint(5, 80)} emplois d'ici trois ans.",
    ]
    decisions = [
        f"fixer le prix de vente des terrains de la zone d'activités {zone} à "
        f"{c.eur(unit, 'HT')} le m²",
        f"approuver la cession d'un lot de {format_amount(lot_area)} m² à la société {firm}",
    ]
    return _Subject(obj, "economie", context, core, decisions)


@_template("epci", "dept")
def _t_aide_immobilier(c: _Ctx) -> _Subject:
    firm = c.pick(_FIRMS)
    invest = c.money(200_000, 8_000_000, 1000)
    aid = c.money(10_000, min(300_000, int(invest * 0.2)), 500)
    obj = f"Aide à l'immobilier d'entreprise - Société {firm}"
    context = [
        "En application de l'article L. 1511-3 du code général des collectivités "
        "territoriales, les communes, leurs groupements et, par délégation, les départements "
        "sont seuls compétents pour attribuer des aides en matière d'investissement "
        "immobilier des entreprises.",
        c.theme_paragraph("economie", 3),
    ]
    core = [
        f"La société {firm} projette la construction d'un nouveau bâtiment de production, "
        f"pour un investissement de {c.eur(invest, 'HT')}. Il est proposé de lui attribuer "
        f"une aide de {c.eur(aid)}, sous forme de subvention.",
    ]
    extras = [c.bullets("economie", "Ce projet s'inscrit dans les priorités suivantes :")]
    decisions = [
        f"attribuer à la société {firm} une aide à l'immobilier d'entreprise de {c.eur(aid)}",
        "approuver la convention d'aide correspondante",
    ]
    return _Subject(obj, "economie", context, core, decisions, extras)


_SECRET_BALLOT = {"commune": "L. 2121-21", "epci": "L. 5211-1", "dept": "L. 3121-15"}


@_template()
def _t_designation(c: _Ctx) -> _Subject:
    body = c.pick(
        (
            "du conseil d'administration du collège Jean-Rostand",
            "du comité syndical du syndicat des eaux",
            "de la commission locale d'évaluation des charges transférées",
            "du conseil de surveillance du centre hospitalier",
            "de l'assemblée générale de la mission locale",
            "du conseil d'exploitation de la régie des transports",
        )
    )
    count = c.randint(1, 3)
    titular = [c.person() for _ in range(count)]
    obj = f"Désignation des représentants {c.of} au sein {body}"
    context = [
        "Il appartient à l'assemblée de désigner ses représentants au sein des "
        "organismes extérieurs, conformément aux statuts de ces derniers."
    ]
    core = [
        "Après appel à candidatures, il est proposé de désigner :\n- en qualité de "
        f"titulaire{'s' if count > 1 else ''} : {', '.join(titular)}\n- en qualité de "
        f"suppléant : {c.person()}",
        f"Conformément à l'article {_SECRET_BALLOT[c.auth.group]} du code général des "
        "collectivités territoriales, l'assemblée a décidé à l'unanimité de ne pas procéder au "
        "scrutin secret.",
    ]
    decisions = [f"désigner les représentants {c.of} au sein {body} tels que proposés"]
    return _Subject(obj, "administration", context, core, decisions)


@_template()
def _t_protection_sociale(c: _Ctx) -> _Subject:
    health = float(c.money(7, 40, 1))
    provident = float(c.money(5, 25, 1))
    obj = "Participation employeur à la protection sociale complémentaire des agents"
    context = [
        "L'ordonnance n° 2021-175 du 17 février 2021 rend obligatoire la participation des "
        "employeurs publics au financement de la protection sociale complémentaire de leurs "
        "agents, en prévoyance à compter de 2025 et en santé à compter de 2026."
        if c.year >= 2022
        else "Le décret n° 2011-1474 du 8 novembre 2011 permet aux collectivités territoriales "
        "de participer au financement des garanties de protection sociale complémentaire "
        "souscrites par leurs agents, dans le cadre de contrats labellisés.",
        c.theme_paragraph("administration", 3),
    ]
    core = [
        f"Il est proposé de fixer la participation mensuelle à {c.eur(health)} par agent pour "
        f"le risque santé et à {c.eur(provident)} par agent pour le risque prévoyance, dans "
        "le cadre de contrats labellisés.",
    ]
    decisions = [
        f"fixer la participation employeur à {c.eur(health)} par mois et par agent "
        f"pour le risque santé et à {c.eur(provident)} pour le risque prévoyance"
    ]
    return _Subject(obj, "administration", context, core, decisions)


@_template()
def _t_ligne_tresorerie(c: _Ctx) -> _Subject:
    bank = c.pick(_BANKS)
    amount = c.money(100_000, 15_000_000, 50_000)
    margin = f"{c.randint(15, 95) / 100:.2f}".replace(".", ",")
    obj = f"Ouverture d'une ligne de trésorerie auprès {_of(bank)} pour l'exercice {c.year}"
    context = [
        "La ligne de trésorerie permet de faire face à un besoin ponctuel de disponibilités, "
        "dans l'attente de l'encaissement des recettes, notamment des subventions.",
    ]
    index = "l'€STR" if c.year >= 2020 else "l'Euribor 3 mois"
    core = [
        f"Après consultation de plusieurs établissements, l'offre {_of(bank)} a été retenue : "
        f"montant de {c.eur(amount)}, durée de douze mois, taux indexé sur {index} majoré "
        f"d'une marge de {margin} %, commission d'engagement de "
        f"{c.eur(c.money(100, 8000, 50))}.",
    ]
    extras = [c.theme_paragraph("finances", 3)]
    decisions = [
        f"autoriser l'ouverture d'une ligne de trésorerie d'un montant de "
        f"{c.eur(amount)} auprès {_of(bank)}"
    ]
    return _Subject(obj, "finances", context, core, decisions, extras)


@_template("dept")
def _t_colleges(c: _Ctx) -> _Subject:
    year = c.year + 1 if c.day.month >= 10 else c.year
    total = c.money(800_000, 9_000_000, 100)
    obj = f"Dotations de fonctionnement des collèges publics - Exercice {year}"
    context = [
        "En application de l'article L. 213-2 du code de l'éducation, le Département a la "
        "charge des collèges. Il en assure la construction, l'extension, les grosses "
        "réparations, l'équipement et le fonctionnement.",
        c.theme_paragraph("education", 3),
    ]
    colleges = c.sample(
        (
            "Jean-Rostand",
            "Albert-Camus",
            "Les Tilleuls",
            "Victor-Hugo",
            "Jules-Verne",
            "Marie-Curie",
            "du Val",
        ),
        c.randint(2, 5),
    )
    lines = [f"- collège {name} : {c.eur(c.money(40_000, 260_000, 10))}" for name in colleges]
    core = [
        f"L'enveloppe globale proposée s'élève à {c.eur(total)}. Elle est répartie selon les "
        "effectifs, les surfaces et les caractéristiques des établissements. À titre "
        "d'exemple :\n" + "\n".join(lines),
    ]
    decisions = [
        f"arrêter le montant global des dotations de fonctionnement des collèges "
        f"publics pour {year} à {c.eur(total)}"
    ]
    return _Subject(obj, "education", context, core, decisions)


@_template("dept")
def _t_aide_communes(c: _Ctx) -> _Subject:
    obj = f"Programme d'aide aux communes pour la voirie communale - Répartition {c.year}"
    towns = c.sample(_MEMBER_TOWNS, c.randint(3, 6))
    lines, total = [], 0.0
    for town in towns:
        value = c.money(3_000, 90_000, 10)
        total += value
        lines.append(f"- commune de {town} : {c.eur(value)}")
    context = [
        "Le Département accompagne les communes rurales dans l'entretien de leur "
        "voirie, au titre de la solidarité territoriale.",
        c.theme_paragraph("travaux", 3),
    ]
    core = [
        "Il est proposé d'attribuer les aides suivantes :\n" + "\n".join(lines),
        f"Le montant total de la répartition s'élève à {c.eur(total)}.",
    ]
    decisions = [
        f"attribuer les aides détaillées ci-dessus pour un montant total de {c.eur(total)}"
    ]
    return _Subject(obj, "travaux", context, core, decisions)


@_template("commune")
def _t_tarifs_salles(c: _Ctx) -> _Subject:
    year = c.year + 1 if c.day.month >= 9 else c.year
    obj = f"Tarifs de location des salles municipales - Année {year}"
    rows = (
        ("salle des fêtes, week-end, habitants", 150, 600),
        ("salle des fêtes, week-end, extérieurs", 300, 1200),
        ("salle polyvalente, journée", 80, 400),
        ("caution", 300, 1500),
        ("forfait ménage", 50, 250),
    )
    lines = [f"- {label} : {c.eur(c.money(low, high, 5))}" for label, low, high in rows]
    context = [
        "Les salles municipales sont louées aux particuliers, aux associations et aux "
        "entreprises selon une grille tarifaire révisée chaque année."
    ]
    core = [
        "Il est proposé d'appliquer les tarifs suivants :\n" + "\n".join(lines),
        "Les associations locales bénéficient d'une mise à disposition gratuite une fois par "
        "an pour leur assemblée générale.",
    ]
    decisions = [f"fixer les tarifs de location des salles municipales pour l'année {year}"]
    return _Subject(obj, "finances", context, core, decisions)


# --------------------------------------------------------------------------------------------
# Numbers, sessions and votes
# --------------------------------------------------------------------------------------------

_NUMBER_FORMATS = {
    "year3": "{y}-{seq:03d}",
    "yyletter": "{yy:02d}-{letter}-{seq:04d}",
    "del": "DEL_{y}_{seq:03d}",
    "ymd": "{prefix}{ymd}-{seq:03d}",
    "slash": "{y}/{seq}",
    "dcm": "{prefix}-{y}-{seq:02d}",
    "dept": "{letter}-{y}-{m:02d}-{seq:03d}",
}


def _format_number(auth: _Authority, body: _Body, day: date, seq: int) -> str | None:
    """A deliberation number in the authority's own style, or None if it numbers none."""
    if auth.numbering is None:
        return None
    prefix = auth.prefix + ("B" if body.key == "bureau" else "")
    return _NUMBER_FORMATS[auth.numbering].format(
        y=day.year,
        yy=day.year % 100,
        m=day.month,
        seq=seq,
        letter=body.letter,
        prefix=prefix,
        ymd=day.strftime("%Y%m%d"),
    )


@dataclass(frozen=True)
class _Vote:
    unanimous: bool
    pour: int
    contre: int
    abstention: int
    abstainer: _Person | None


def _vote(rng: Random, session: _Session, theme: str) -> _Vote:
    voters = session.voters
    abstainer = rng.choice(session.present) if rng.random() < 0.05 else None
    if abstainer is not None:
        voters -= 1
    if rng.random() >= (0.45 if theme == "finances" else 0.2):
        return _Vote(True, voters, 0, 0, abstainer)
    contre = rng.randint(1, max(1, voters // 6))
    abstention = rng.randint(0, max(0, voters // 10))
    return _Vote(False, voters - contre - abstention, contre, abstention, abstainer)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


# --------------------------------------------------------------------------------------------
# Text layout helpers
# --------------------------------------------------------------------------------------------


def _visible(word: str) -> int:
    return len(_MARK.sub("", word)) if "\x01" in word else len(word)


def _wrap(line: str, width: int, hyphens: bool) -> list[str]:
    """Greedy hard wrap at spaces; with hyphens, long compound words break after a '-'."""
    out: list[str] = []
    current, size = "", 0
    for word in line.split(" "):
        if not word:
            continue
        length = _visible(word)
        if not current:
            current, size = word, length
        elif size + 1 + length <= width:
            current, size = f"{current} {word}", size + 1 + length
        else:
            cut = word.rfind("-", 1, width - size - 1) if hyphens else -1
            if cut > 0:
                out.append(f"{current} {word[: cut + 1]}")
                current, size = word[cut + 1 :], length - cut - 1
            else:
                out.append(current)
                current, size = word, length
    if current:
        out.append(current)
    return out


def _wrap_block(block: str, width: int, hyphens: bool = True) -> list[str]:
    lines: list[str] = []
    for line in block.split("\n"):
        lines.extend(_wrap(line, width, hyphens) or [""])
    return lines


def _finalize(text: str) -> tuple[str, tuple[float, ...]]:
    """Collect the marked amounts in order, then strip the markers and protective spaces."""
    amounts: list[float] = []
    seen: set[int] = set()
    for match in _MARK.finditer(text):
        cents = int(match.group(1))
        if cents not in seen:
            seen.add(cents)
            amounts.append(cents / 100)
    return _clean(text), tuple(amounts)


def _clean(text: str) -> str:
    return _MARK.sub("", text).replace(_NBSP, " ")


@dataclass(frozen=True)
class _Stamp:
    pref_id: str
    sent: date
    received: date
    published: date

    def block(self, rng: Random) -> list[str]:
        """The stamp as printed in the middle or at the end of an extract."""
        if rng.random() < 0.5:
            return [
                "Accusé de réception en préfecture",
                self.pref_id,
                f"Date de télétransmission : {self.sent:%d/%m/%Y}",
                f"Date de réception préfecture : {self.received:%d/%m/%Y}",
            ]
        return [
            f"Envoyé en préfecture le {self.sent:%d/%m/%Y}",
            f"Reçu en préfecture le {self.received:%d/%m/%Y}",
            f"Publié le {self.published:%d/%m/%Y}",
            f"ID : {self.pref_id}",
        ]

    def banner(self) -> list[str]:
        """The stamp as printed on top of a bureau decision."""
        return [
            "Pour rendu exécutoire",
            "",
            "",
            "",
            f"Accusé de réception - Ministère de l'intérieur ID : {self.pref_id} Acte certifié "
            f"exécutoire Envoi préfecture le {self.sent:%d/%m/%Y} Retour préfecture le "
            f"{self.received:%d/%m/%Y}",
            "",
            f"Publié le {self.published:%d/%m/%Y}",
            "",
        ]


@dataclass
class _Doc:
    """Everything a layout needs to print one deliberation."""

    rng: Random
    ctx: _Ctx
    session: _Session
    subject: _Subject
    paragraphs: list[str]
    n_context: int
    number: str | None
    number_line: bool
    vote: _Vote
    stamp: _Stamp | None
    rapporteur: _Person

    @property
    def commission(self) -> str:
        return _COMMISSIONS[self.subject.theme]

    def intro_signature(self) -> str:
        return "m'autoriser à signer tout acte à intervenir pour l'application de ces décisions"


# --------------------------------------------------------------------------------------------
# Layout (a): registre, hard-wrapped like a PDF export
# --------------------------------------------------------------------------------------------


def _registre_members(doc: _Doc, width: int) -> list[str]:
    session = doc.session
    upper_holder = doc.rng.random() < 0.3

    def holder(person: _Person) -> str:
        return person.short.replace("Mme", "MME") if upper_holder else person.short

    feminine = session.president.female and len(session.authority.name) % 3 != 0
    chair = "Présidente" if feminine else "Président"
    lines = [f"{chair} : {session.president.short}", f"Secrétaire : {session.secretary.short}"]
    lines += _wrap(
        "Membres présents : " + " - ".join(p.short for p in session.present), width, True
    )
    if session.excused:
        excused = " - ".join(
            f"{p.short} (pouvoir {holder(h)})" if h else p.short for p, h in session.excused
        )
        lines += _wrap(f"Membres excusés : {excused}", width, True)
    if session.absent:
        absent = " - ".join(p.short for p in session.absent)
        lines += _wrap(f"Membres absents : {absent}", width, True)
    return lines


def _registre_head(doc: _Doc, width: int) -> list[str]:
    rng, session = doc.rng, doc.session
    lines: list[str] = []
    if rng.random() < 0.3:
        lines += ["", "", "RÉPUBLIQUE FRANÇAISE", "", str(rng.randint(1, 90)), ""]
    lines += [
        " EXTRAIT DU REGISTRE DES DELIBERATIONS",
        f"{session.body.header} {doc.ctx.of_name}",
        "",
        f"Séance du {french_date(session.day)}",
        "",
    ]
    if doc.number_line:
        label = rng.choice(("Délibération n°", "N°", "DELIBERATION N°"))
        lines += [f"{label} {doc.number}", ""]
    lines += _registre_members(doc, width)
    lines += ["", *rng.choice((["OBJET", "DE LA DELIBERATION"], ["OBJET DE LA DELIBERATION"]))]
    lines += ["", *_wrap(doc.subject.object, width, False), ""]
    return lines


def _registre_body(doc: _Doc, width: int) -> list[str]:
    rng = doc.rng
    lines = _wrap(
        f"{doc.rapporteur.address}, au nom de la commission {doc.commission}, expose :",
        width,
        True,
    )
    lines += ["", "Mesdames, Messieurs,", ""]
    middle = len(doc.paragraphs) // 2 if doc.stamp and len(doc.paragraphs) > 1 else -1
    for index, paragraph in enumerate(doc.paragraphs):
        if index == middle and doc.stamp:
            lines += [*doc.stamp.block(rng), "", "", ""]
        lines += [*_wrap_block(paragraph, width), ""]
    lines += _wrap(
        rng.choice(
            (
                "Je vous demanderai, Mesdames, Messieurs, de bien vouloir :",
                "Au vu de ces éléments, je vous demanderai, Mesdames et Messieurs, de bien "
                "vouloir :",
            )
        ),
        width,
        True,
    )
    dash = rng.choice((" - ", " – "))
    items = [*doc.subject.decisions, doc.intro_signature()]
    for index, item in enumerate(items, start=1):
        end = "." if index == len(items) else " ;"
        lines += ["", *_wrap(f"{index}{dash}{item}{end}", width, True)]
    lines += ["", "", *_registre_vote(doc)]
    if doc.stamp and middle < 0:
        lines += ["", *doc.stamp.block(rng)]
    return lines


def _registre_vote(doc: _Doc) -> list[str]:
    vote = doc.vote
    lines = []
    if vote.abstainer is not None:
        lines.append(f"{vote.abstainer.short} ne prend pas part au vote.")
    if vote.unanimous:
        return [*lines, "RAPPORT ADOPTÉ À L'UNANIMITÉ"]
    return [
        *lines,
        "RAPPORT ADOPTÉ À LA MAJORITÉ",
        f"Vote : {vote.pour} pour / {vote.contre} contre / "
        f"{_plural(vote.abstention, 'abstention')}",
    ]


def _paginate(lines: list[str], start: int, doc: _Doc) -> list[str]:
    """Insert page footers every 50 to 58 lines after the object, as PDF exports do."""
    if doc.rng.random() < 0.4 or len(lines) < 60:
        return lines
    step = doc.rng.randint(50, 58)
    total = (len(lines) - 1) // step + 1
    named = doc.rng.random() < 0.5
    out: list[str] = []
    for index, line in enumerate(lines):
        if index and index % step == 0 and index >= start:
            page = index // step
            footer = (
                f"{doc.session.authority.name} - Séance du {french_date(doc.session.day)} - "
                f"{page}/{total}"
                if named
                else str(page)
            )
            out += ["", footer, ""]
        out.append(line)
    return out


def _render_registre(doc: _Doc) -> str:
    width = doc.rng.randint(92, 104)
    head = _registre_head(doc, width)
    lines = head + _registre_body(doc, width)
    lines = _paginate(lines, len(head), doc)
    tail = doc.rng.choice(("", "\n", "\n\n\n"))
    return "\n".join(lines) + tail


# --------------------------------------------------------------------------------------------
# Layout (b): bureau / council decision of an intercommunality, unwrapped
# --------------------------------------------------------------------------------------------


def _decider(ctx: _Ctx, body: _Body) -> str:
    if body.key == "bureau":
        return f"le Bureau {ctx.of}"
    if body.key == "conseil métropolitain":
        return f"le Conseil {ctx.of}"
    if body.key == "commission permanente":
        return "la Commission permanente"
    return f"le {body.header}"


def _caps_object(text: str) -> str:
    return _strip_accents(text).upper()


def _render_bureau(doc: _Doc) -> str:
    rng, session, ctx = doc.rng, doc.session, doc.ctx
    lines: list[str] = doc.stamp.banner() if doc.stamp else []
    lines += [session.authority.name, ""]
    if doc.number_line:
        lines += [str(doc.number), ""]
    weekday = _WEEKDAYS[session.day.weekday()]
    lines += [
        f"Séance du {weekday} {french_date(session.day)} DELIBERATION {session.body.caps}",
        "",
        _caps_object(doc.subject.object),
        "",
        "I. Rappel du contexte",
        "",
    ]
    for index, paragraph in enumerate(doc.paragraphs):
        if index == doc.n_context:
            lines += ["II. Objet de la délibération", ""]
        lines += [paragraph, ""]
    lines += [f"Par conséquent, {_decider(ctx, session.body)} décide :", ""]
    items = [_cap(_de(item)) for item in doc.subject.decisions]
    if rng.random() < 0.5:
        items.append(f"D'autoriser {ctx.executive_full} à signer tout document afférent")
    for index, item in enumerate(items, start=1):
        lines.append(f"- {index}) {item}{'.' if index == len(items) else ' ;'}")
    lines += ["", _bureau_vote(doc.vote)]
    return "\n".join(lines)


def _bureau_vote(vote: _Vote) -> str:
    if vote.unanimous:
        return "Résultat du vote : ADOPTÉ À L'UNANIMITÉ"
    return (
        f"Résultat du vote : ADOPTÉ À LA MAJORITÉ (Pour : {vote.pour} ; Contre : {vote.contre} "
        f"; Abstention : {vote.abstention})"
    )


# --------------------------------------------------------------------------------------------
# Layout (c): commune-style extract
# --------------------------------------------------------------------------------------------


def _commune_head(doc: _Doc) -> list[str]:
    rng, session, ctx = doc.rng, doc.session, doc.ctx
    body, day = session.body, session.day
    caps = "DE LA COMMISSION PERMANENTE" if body.letter == "CP" else f"DU {body.header.upper()}"
    lines = ["RÉPUBLIQUE FRANÇAISE", ""] if rng.random() < 0.4 else []
    lines += [
        session.authority.name.upper(),
        f"EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS {caps}",
        f"Séance du {french_date(day)}",
        "",
        f"Nombre de membres en exercice : {session.authority.seats}",
        f"Présents : {len(session.present) + 2}",
        f"Votants : {session.voters}",
        f"Date de convocation : {day - timedelta(days=rng.randint(5, 12)):%d/%m/%Y}",
        "",
    ]
    first = "premier" if day.day == 1 else _number_words(day.day)
    hour = rng.choice(
        (
            "dix-huit heures",
            "dix-huit heures trente",
            "dix-neuf heures",
            "vingt heures",
            "vingt heures trente",
            "quatorze heures",
        )
    )
    subject = "La Commission permanente" if body.letter == "CP" else f"Le {body.header}"
    chief = ctx.executive[ctx.executive.index(" ") + 1 :]
    lines += [
        f"L'an {_year_words(day.year)}, le {first} {_MONTHS[day.month - 1]} à {hour}, "
        f"{subject[0].lower()}{subject[1:]} {ctx.of_name}, dûment convoqué, s'est réuni en "
        f"séance publique, sous la présidence de {session.president.full}, {chief}.",
        "",
        "Présents : " + ", ".join(p.full for p in session.present),
    ]
    if session.excused:
        lines.append(
            "Absents excusés : "
            + ", ".join(
                f"{p.full} (pouvoir à {h.full})" if h else p.full for p, h in session.excused
            )
        )
    if session.absent:
        lines.append("Absents : " + ", ".join(p.full for p in session.absent))
    lines += [f"Secrétaire de séance : {session.secretary.full}", ""]
    return lines


def _commune_vote(vote: _Vote) -> str:
    if vote.unanimous:
        return "à l'unanimité"
    detail = f"{vote.pour} voix pour, {vote.contre} voix contre"
    if vote.abstention:
        detail += f", {_plural(vote.abstention, 'abstention')}"
    return f"à la majorité ({detail})"


def _commune_decision(doc: _Doc) -> list[str]:
    rng, ctx, session = doc.rng, doc.ctx, doc.session
    article = {"commune": "L. 2121-29", "epci": "L. 5211-1", "dept": "L. 3211-1"}
    lines = [
        "Vu le Code général des collectivités territoriales, et notamment son article "
        f"{article[session.authority.group]} ;",
        f"Vu l'avis de la commission {doc.commission} du "
        f"{french_date(session.day - timedelta(days=rng.randint(6, 20)))} ;",
        "Considérant l'exposé qui précède ;",
        "",
    ]
    if doc.vote.abstainer is not None:
        lines += [f"{doc.vote.abstainer.full} ne prend pas part au vote.", ""]
    subject = (
        "La Commission permanente" if session.body.letter == "CP" else (f"Le {session.body.header}")
    )
    opening = f"{subject}, après en avoir délibéré, {_commune_vote(doc.vote)},"
    lines += [f"{opening} DÉCIDE :"] if rng.random() < 0.5 else [opening, "DÉCIDE :"]
    items = [_de(item) for item in doc.subject.decisions]
    items.append(f"d'autoriser {ctx.executive_full} à signer tout document relatif à ce dossier")
    lines += [f"- {item}{'.' if i == len(items) else ' ;'}" for i, item in enumerate(items, 1)]
    chief = _cap(ctx.executive)
    lines += [
        "",
        rng.choice(
            (
                "Fait et délibéré les jour, mois et an susdits.",
                "Ainsi fait et délibéré les jour, mois et an que dessus.",
            )
        ),
        "Pour extrait certifié conforme,",
        f"{chief},",
        session.president.signature,
    ]
    return lines


def _render_commune(doc: _Doc) -> str:
    rng, ctx = doc.rng, doc.ctx
    lines = _commune_head(doc)
    if doc.number_line:
        lines += [f"{rng.choice(('Délibération n°', 'N°', 'DCM n°'))} {doc.number}"]
    lines += [f"Objet : {doc.subject.object}", ""]
    rapporteur = doc.rapporteur
    lines += [
        rng.choice(
            (
                f"{ctx.executive_full} expose :",
                f"{rapporteur.full}, rapporteur, présente le dossier suivant :",
                f"Sur le rapport de {rapporteur.full},",
            )
        ),
        "",
    ]
    middle = len(doc.paragraphs) // 2 if doc.stamp and rng.random() < 0.7 else -1
    for index, paragraph in enumerate(doc.paragraphs):
        if index == middle and index > 0 and doc.stamp:
            lines += [*doc.stamp.block(rng), ""]
        lines += [paragraph, ""]
    lines += _commune_decision(doc)
    if doc.stamp and middle <= 0:
        lines += ["", *doc.stamp.block(rng)]
    return "\n".join(lines)


_RENDERERS: dict[str, Callable[[_Doc], str]] = {
    "registre": _render_registre,
    "bureau": _render_bureau,
    "commune": _render_commune,
}


# --------------------------------------------------------------------------------------------
# Assembly and generation
# --------------------------------------------------------------------------------------------


def _assemble(c: _Ctx, subject: _Subject, length: str) -> tuple[list[str], int]:
    """Pick 2 to 6 exposé paragraphs for the wanted length; return them and the context count."""
    if length == "short":
        return [subject.context[0], subject.core[0]], 1
    n_context = 1 if length == "medium" else min(2, len(subject.context))
    target = c.randint(3, 4) if length == "medium" else c.randint(5, 6)
    paragraphs = [*subject.context[:n_context], *subject.core][:target]
    sentences = (3, 5) if length == "medium" else (6, 8)
    commission = _COMMISSIONS[subject.theme]
    pool = [
        *subject.extras,
        c.theme_paragraph(subject.theme, c.randint(*sentences)),
        f"Ce dossier a été examiné par la commission {commission} lors de sa réunion du "
        f"{c.fr(c.before(5, 25))}, qui a émis un avis favorable.",
        c.bullets(subject.theme, "Cette démarche poursuit plusieurs objectifs :"),
        "La présente délibération pourra faire l'objet d'un recours contentieux devant le "
        "tribunal administratif dans un délai de deux mois à compter de sa publication et de "
        "sa transmission au représentant de l'État. Elle peut également faire l'objet d'un "
        f"recours gracieux adressé à {c.executive}, dans le même délai ; le silence gardé "
        "pendant deux mois vaut rejet implicite.",
    ]
    if length == "long":
        pool.insert(1, " ".join(c.sample(_GENERIC_SENTENCES, c.randint(3, 5))))
    for paragraph in pool:
        if len(paragraphs) >= target:
            break
        paragraphs.append(paragraph)
    if length == "long":
        paragraphs = _lengthen(c, paragraphs, subject.theme)
    return paragraphs, n_context


def _lengthen(c: _Ctx, paragraphs: list[str], theme: str) -> list[str]:
    """Grow plain paragraphs with sentences not used elsewhere in the text (long exposés)."""
    used = "\n".join(paragraphs)
    bank = [s for s in (*_THEME_SENTENCES[theme], *_GENERIC_SENTENCES) if s not in used]
    c.rng.shuffle(bank)
    grown = []
    for paragraph in paragraphs:
        if "\n" not in paragraph and bank:
            extra = [bank.pop() for _ in range(min(len(bank), c.randint(2, 4)))]
            grown.append(" ".join((paragraph, *extra)))
        else:
            grown.append(paragraph)
    return grown


class _Generator:
    """Holds the state shared by deliberations: rosters, sessions and numbers in use."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.rosters: dict[tuple[str, int], list[_Person]] = {}
        self.sessions: dict[tuple[str, str, date], _Session] = {}
        self.used_numbers: set[tuple[str, str]] = set()
        self.templates = {
            group: [builder for groups, builder in _TEMPLATES if group in groups]
            for group in ("commune", "epci", "dept")
        }
        self.weights = [auth.seats**0.5 for auth in _AUTHORITIES]

    # sessions --------------------------------------------------------------------------------
    def _day(self, auth: _Authority, body: _Body) -> date:
        rng = self.rng
        month = rng.choice((1, 2, 3, 3, 4, 5, 6, 6, 7, 7, 9, 10, 11, 12, 12))
        day = date(rng.randint(2014, 2025), month, rng.randint(1, 28))
        weekday = 4 if body.key == "bureau" else auth.weekday
        day += timedelta(days=(weekday - day.weekday()) % 7)
        return day - timedelta(days=7) if day.year > 2025 else day

    def _roster(self, auth: _Authority, day: date) -> list[_Person]:
        switch = date(2021, 7, 1) if auth.group == "dept" else date(2020, 7, 1)
        key = (auth.name, 0 if day < switch else 1)
        if key not in self.rosters:
            self.rosters[key] = _roster(self.rng, auth.seats)
        return self.rosters[key]

    def session(self) -> tuple[_Session, int]:
        """Pick (or reuse) a session and how many deliberations to add to it."""
        rng = self.rng
        auth = rng.choices(_AUTHORITIES, self.weights)[0]
        keys, weights = zip(*_BODY_CHOICES[auth.body_group], strict=True)
        body = _BODIES[rng.choices(keys, weights)[0]]
        day = self._day(auth, body)
        count = rng.randint(3, 14)
        key = (auth.name, body.key, day)
        if key in self.sessions:
            return self.sessions[key], count
        roster = self._roster(auth, day)
        size = {"bureau": max(8, auth.seats // 4), "commission permanente": 30}.get(
            body.key, auth.seats
        )
        members = roster[:size]
        president, secretary = members[0], rng.choice(members[1:])
        others = [p for p in members[1:] if p is not secretary]
        rng.shuffle(others)
        n_excused = rng.randint(0, max(1, len(others) // 5))
        n_absent = rng.randint(0, max(0, len(others) // 15))
        present = sorted(others[n_excused + n_absent :], key=members.index)
        excused = [
            (person, rng.choice(present) if rng.random() < 0.85 else None)
            for person in others[:n_excused]
        ]
        annual = int(body.annual * auth.seats / 45) + 20
        base = 1 + int((day.timetuple().tm_yday - 1) / 366 * annual)
        session = _Session(
            auth,
            body,
            day,
            president,
            secretary,
            present,
            excused,
            others[n_excused : n_excused + n_absent],
            count,
            base,
        )
        self.sessions[key] = session
        return session, count

    def _number(self, session: _Session) -> str | None:
        auth = session.authority
        if auth.numbering == "ymd":
            return _format_number(auth, session.body, session.day, session.produced + 1)
        seq = session.base_seq + session.produced
        while True:
            number = _format_number(auth, session.body, session.day, seq)
            if number is None or (auth.name, number) not in self.used_numbers:
                break
            seq += 1
        if number is not None:
            self.used_numbers.add((auth.name, number))
        return number

    # deliberations ---------------------------------------------------------------------------
    def _layout(self, auth: _Authority) -> str:
        if self.rng.random() < 0.85:
            return auth.style
        if auth.group == "commune":
            return self.rng.choice(("registre", "commune"))
        return self.rng.choice(LAYOUTS)

    def _stamp(self, session: _Session, internal: str) -> _Stamp:
        auth, day = session.authority, session.day
        sent = day + timedelta(days=self.rng.randint(1, 12))
        received = sent + timedelta(days=1 if self.rng.random() < 0.2 else 0)
        published = received + timedelta(days=self.rng.randint(0, 3))
        pref_id = f"{auth.acte_dept}-{auth.siren}-{day:%Y%m%d}-{internal}-DE"
        return _Stamp(pref_id, sent, received, published)

    def _opaque(self, auth: _Authority) -> str:
        return f"{_slug(auth.place).replace('-', '')[:3]}{self.rng.randint(10**11, 10**12 - 1)}"

    def deliberation(self, session: _Session, index: int) -> SyntheticDeliberation:
        rng, auth = self.rng, session.authority
        number = self._number(session)
        session.produced += 1
        layout = self._layout(auth)
        ctx = _Ctx(rng, session)
        subject = rng.choice(self.templates[auth.group])(ctx)
        length = rng.choices(("short", "medium", "long"), (0.3, 0.45, 0.25))[0]
        paragraphs, n_context = _assemble(ctx, subject, length)
        opaque = number is None or (layout == "bureau" and auth.style == "bureau")
        internal = self._opaque(auth) if opaque else str(number).replace("/", "_")
        has_stamp = rng.random() < {"registre": 0.3, "bureau": 0.5, "commune": 0.55}[layout]
        stamp = self._stamp(session, internal) if has_stamp else None
        if layout == "bureau":
            number_line = number is not None
        else:
            number_line = auth.numbering not in (None, "ymd") and rng.random() < 0.8
        shown = number_line or (stamp is not None and internal == number)
        doc = _Doc(
            rng,
            ctx,
            session,
            subject,
            paragraphs,
            n_context,
            number,
            number_line,
            _vote(rng, session, subject.theme),
            stamp,
            rng.choice(session.present),
        )
        text, amounts = _finalize(_RENDERERS[layout](doc))
        obj = _clean(subject.object)
        label = _slug(str(number))[:24] if shown else "sn"
        return SyntheticDeliberation(
            file_name=f"{index:06d}_{_slug(auth.place)[:32]}_{session.day.isoformat()}_{label}.txt",
            text=text,
            collectivity=auth.name,
            body=session.body.key,
            session_date=session.day.isoformat(),
            delib_number=number if shown else None,
            object=_caps_object(obj) if layout == "bureau" else obj,
            vote_result="unanimité" if doc.vote.unanimous else "majorité",
            amounts=amounts,
            layout=layout,
            pref_id=stamp.pref_id if stamp else None,
        )


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def generate(n: int, seed: int = 0) -> Iterator[SyntheticDeliberation]:
    """Yield ``n`` synthetic deliberations, one per file; the same seed gives the same corpus.

    Deliberations come session by session: 3 to 14 consecutive records share an authority,
    a body and a session date (a session drawn twice keeps growing).
    """
    if n < 0:
        raise ValueError(f"n doit être positif ou nul (reçu : {n})")
    generator = _Generator(seed)
    produced = 0
    while produced < n:
        session, count = generator.session()
        for _ in range(min(count, n - produced)):
            yield generator.deliberation(session, produced)
            produced += 1


def write_corpus(folder: Path, n: int, seed: int = 0) -> list[SyntheticDeliberation]:
    """Write ``n`` deliberations as UTF-8 ``.txt`` files in ``folder`` (created if needed).

    Returns the records, which are the ground truth for the written files.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = list(generate(n, seed))
    for record in records:
        (folder / record.file_name).write_text(record.text, encoding="utf-8")
    return records


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.synthetic OUT_DIR --n 2000 --seed 0``."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description="Écrit un corpus synthétique de délibérations (un fichier .txt par "
        "délibération) pour les bancs d'essai.",
    )
    parser.add_argument("out_dir", type=Path, help="dossier de sortie (créé si besoin)")
    parser.add_argument("--n", type=int, default=2000, help="nombre de délibérations")
    parser.add_argument("--seed", type=int, default=0, help="graine du générateur")
    parser.add_argument(
        "--truth",
        type=Path,
        default=None,
        help="fichier JSONL où écrire la vérité terrain (hors du dossier de sortie)",
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n doit être positif ou nul")
    start = time.perf_counter()
    records = write_corpus(args.out_dir, args.n, args.seed)
    elapsed = time.perf_counter() - start
    if args.truth is not None:
        args.truth.parent.mkdir(parents=True, exist_ok=True)
        with args.truth.open("w", encoding="utf-8") as handle:
            for record in records:
                row = asdict(record)
                row.pop("text")
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    chars = sum(len(record.text) for record in records)
    print(
        f"{len(records)} délibérations écrites dans {args.out_dir} en {elapsed:.2f} s "
        f"({chars:,} caractères)".replace(",", " ")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
