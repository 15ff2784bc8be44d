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
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize dix-sept dix-huit dix-neuf"
).split()
_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante"}
_MARK = re.compile(r"\x01(\d+)\x02")
_NBSP = "\u00a0"


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
    """'approuver ...' -> "d'approuver ..."; 'fixer ...' -> 'de fixer ...'."""
    return f"d'{phrase}" if phrase[0] in "aeéèêiîoôuhy" else f"de {phrase}"


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Authorities, bodies and people
# --------------------------------------------------------------------------------------------

# name, kind, département code, layout style, numbering style, number prefix, seats
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
    ("Communauté d'agglomération de la Côte d'Opale-Nord", "ca", "62", "bureau", "yyletter", "", 64),
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

_SURNAMES = (
    "MARTIN BERNARD DUBOIS THOMAS ROBERT RICHARD PETIT DURAND LEROY MOREAU SIMON LAURENT LEFEBVRE "
    "MICHEL GARCIA DAVID BERTRAND ROUX VINCENT FOURNIER MOREL GIRARD ANDRE LEFEVRE MERCIER DUPONT "
    "LAMBERT BONNET FRANCOIS MARTINEZ LEGRAND GARNIER FAURE ROUSSEAU BLANC GUERIN MULLER HENRY "
    "ROUSSEL NICOLAS PERRIN MORIN MATHIEU CLEMENT GAUTHIER DUMONT LOPEZ FONTAINE CHEVALIER "
    "ROBIN MASSON SANCHEZ GERARD NGUYEN BOYER DENIS LEMAIRE DUVAL JOLY GAUTIER ROGER ROCHE ROY "
    "NOEL MEYER LUCAS MEUNIER JEAN PEREZ MARCHAND DUFOUR BLANCHARD MARIE BARBIER BRUN DUMAS "
    "BRUNET SCHMITT LEROUX COLIN FERNANDEZ PIERRE RENARD ARNAUD ROLLAND CARON AUBERT GIRAUD "
    "LECLERC VIDAL BOURGEOIS RENAUD LEMOINE PICARD GAILLARD PHILIPPE LECLERCQ LACROIX FABRE "
    "DUPUIS OLIVIER RODRIGUEZ DA-SILVA HUBERT LOUIS CHARLES GUILLOT RIVIERE LE-GALL GUILLAUME "
    "ADAM REY MOULIN GONZALEZ BERGER LECOMTE MENARD FLEURY DESCHAMPS CARPENTIER JULIEN BENOIT "
    "PARIS MAILLARD MARCHAL AUBRY VASSEUR LE-ROUX RENAULT JACQUET COLLET PREVOST POIRIER "
    "CHARPENTIER ROYER HUET BAILLY CARRE BRETON KOENDERS MAGLICA PRIBETICH DESEILLE TENENBAUM "
    "EL-HASSOUNI AKPINAR ZIVKOVIC MEKHANTAR BEKHTAOUI MASLOUHI DIOUF OUTHIER BICHOT BOURGUIGNAT "
    "AYACHE BONORON DESAUBLIAUX KERGOAT LE-BIHAN QUEMENER ETCHEVERRY ARRIZABALAGA CASANOVA "
    "SANTONI PAOLI HOARAU PAYET ZIMMERMANN SCHNEIDER WEBER HOFFMANN KLEIN FISCHER"
).split()
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
_MALE = (
    "Jean Pierre Michel Philippe Alain Patrick Nicolas Christophe Daniel Bernard Éric Laurent "
    "Frédéric Stéphane Olivier David Thierry Pascal Julien Sébastien Hervé Denis Yves Marc "
    "François Gilles Bruno Didier Karim Mehdi Thomas Antoine Vincent Guillaume"
).split()
_FEMALE = (
    "Marie Nathalie Isabelle Sylvie Catherine Françoise Christine Valérie Sandrine Sophie "
    "Véronique Céline Chantal Anne Martine Nadia Hélène Claire Émilie Laurence Patricia Brigitte "
    "Monique Stéphanie Karine Aurélie Julie Caroline Fatima Élodie Agnès Corinne"
).split()


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
        if person.last in seen and rng.random() < 0.9:
            continue
        seen.add(person.last)
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
    ("Association des parents d'élèves Jules-Ferry", "education"),
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
    ("au", "Club Innovation et Culture (CLIC France)",
     "une plateforme francophone sur l'innovation patrimoniale et muséale qui réunit musées, "
     "institutions patrimoniales et lieux de culture scientifique"),
    ("à l'", "Association des maires de France et des présidents d'intercommunalité",
     "l'association qui représente les communes et leurs groupements auprès des pouvoirs "
     "publics et leur apporte conseil juridique et formation"),
    ("à la", "Fédération nationale des collectivités concédantes et régies (FNCCR)",
     "une fédération de collectivités spécialisées dans les services publics locaux en réseau : "
     "énergie, eau, assainissement, numérique"),
    ("à l'", "Association nationale des élus en charge du sport (ANDES)",
     "un réseau d'élus qui partage les expériences locales en matière de politique sportive"),
    ("au", "Réseau français des villes-santé de l'OMS",
     "un réseau qui soutient la coopération entre villes ayant la volonté de mener des "
     "politiques favorables à la santé et à la qualité de vie urbaine"),
    ("à l'", "Association Villes Internet",
     "une association qui accompagne les collectivités dans le développement de l'internet "
     "citoyen et des services numériques de proximité"),
    ("à la", "Fondation du patrimoine",
     "un organisme reconnu d'utilité publique qui mobilise le mécénat en faveur de la "
     "sauvegarde du patrimoine de proximité"),
    ("à l'", "Association des bibliothécaires de France",
     "la principale association professionnelle du secteur de la lecture publique"),
    ("à l'", "Agence locale de l'énergie et du climat",
     "une structure de conseil indépendante qui accompagne les collectivités et les ménages "
     "dans la maîtrise de l'énergie"),
    ("à l'", "Association nationale des villes et pays d'art et d'histoire",
     "un réseau qui fédère les territoires labellisés autour de la valorisation de "
     "l'architecture et du patrimoine"),
    ("à", "Cités Unies France",
     "la fédération des collectivités territoriales engagées dans la coopération "
     "internationale"),
    ("à l'", "Association des archivistes français",
     "l'association professionnelle qui diffuse les bonnes pratiques en matière de collecte, "
     "de conservation et de communication des archives"),
    ("au", "Conseil national des villes et villages fleuris",
     "l'organisme qui anime le label national de qualité de vie et d'embellissement"),
    ("à l'", "Association des communes forestières",
     "un réseau d'élus qui accompagne les collectivités propriétaires de forêts"),
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
    "groupe scolaire Jules-Ferry",
    "école élémentaire Paul-Bert",
    "école maternelle Les Lilas",
    "groupe scolaire Jean-Moulin",
    "école primaire Marie-Curie",
    "école élémentaire du Centre",
    "groupe scolaire Louise-Michel",
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
        "La trajectoire financière présentée lors du débat d'orientation budgétaire est "
        "respectée.",
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
        "Le cadre réglementaire a été sensiblement modifié par la loi de transformation de la "
        "fonction publique du 6 août 2019.",
        "Il appartient à l'assemblée délibérante de fixer les modalités d'application de ces "
        "dispositions.",
        "Les crédits correspondants sont prévus au chapitre 012 consacré aux charges de "
        "personnel.",
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
        "Le développement économique et l'emploi constituent une priorité du projet de "
        "territoire.",
        "Le tissu économique local repose sur un réseau dense de petites et moyennes "
        "entreprises.",
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
        "Les riverains seront informés du calendrier des travaux et des modalités de "
        "circulation.",
        "Le chantier intègre des clauses d'insertion sociale au bénéfice des personnes "
        "éloignées de l'emploi.",
    ),
}

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
