"""Fields read from the lines of their role, and numbering schemes shared by a document's titles."""

from index.parsing.learned import (
    _completed,
    _number,
    _rapporteur,
    end_mark,
    full_width,
    read_items,
    running_lines,
    title_text,
)
from index.structure.features import RuleHints, document_features, numbering_shape
from index.structure.lines import Line, bare, raw_lines
from index.structure.roles import (
    HEAD,
    OTHER,
    TITLE,
    TITLE_MORE,
    VOTE,
    TaggedItem,
    _nested_numbering,
    _same_numbering,
)


def test_a_title_is_read_without_its_number_code_bullet_or_section_prefix() -> None:
    assert title_text(["2009/117 –Classement de la voirie"]) == "Classement de la voirie"
    assert title_text(["• DE- 2015/59 – Utilisation du logo"]) == "Utilisation du logo"
    assert title_text(["23-02/001 — Rapport d’Orientations Budgétaires 2023 :"]) == \
        "Rapport d’Orientations Budgétaires 2023"
    assert title_text(["FINANCES DEL2025-02 : Vote du compte financier unique"]) == \
        "Vote du compte financier unique"
    assert title_text(["5– Indemnité au comptable"]) == "Indemnité au comptable"
    assert title_text(["A — Affectation du Résultat 2023"]) == "Affectation du Résultat 2023"
    assert title_text(["Budget 2024 – décision modificative"]) == \
        "Budget 2024 – décision modificative"
    assert title_text(["2020- 047 REDEVANCE POUR OCCUPATION DU DOMAINE PUBLIC"]) == \
        "REDEVANCE POUR OCCUPATION DU DOMAINE PUBLIC"


def test_capitals_closing_a_title_read_from_its_lines_are_its_words() -> None:
    assert title_text(["• DE- 2015/61 – Cession des terrains à la SA ESPACE DOMICILE"]) == \
        "Cession des terrains à la SA ESPACE DOMICILE"
    assert title_text(["Subvention : Association DOMUS de", "SAINT AIGNAN DE GRANDLIEU"]) == \
        "Subvention : Association DOMUS de SAINT AIGNAN DE GRANDLIEU"


def test_the_first_title_line_is_never_cut_where_an_expose_word_stands() -> None:
    assert title_text(["ÉLUS – Décisions prises par le maire dans le cadre de sa délégation"]) \
        == "ÉLUS – Décisions prises par le maire dans le cadre de sa délégation"
    assert title_text(["Tarifs de la cantine", "Le conseil municipal, après en avoir"]) == \
        "Tarifs de la cantine"


def test_a_running_header_is_known_by_its_recurrence() -> None:
    lines = raw_lines(("Ville de X - CM du 3 mai\nA\n\nVille de X - CM du 3 mai\nB\n"
                       "Ville de X - CM du 3 mai\n2011\n2011\n2011",))
    assert running_lines(lines) == {"ville de x - cm du # mai"}  # not "2011": hardly letters


def test_a_line_opening_on_a_small_letter_is_never_a_running_header() -> None:
    titles = "\n".join(f"Aides au\nprofit de\nMadame {name}\nTexte." for name in "ABCD")
    lines = raw_lines((titles,))
    assert "profit de" not in running_lines(lines)
    assert title_text(["Aides au", "profit de", "Madame A"]) == "Aides au profit de Madame A"


def test_a_running_header_glued_to_a_page_first_line_is_taken_off() -> None:
    firsts = ("Le maire ouvre la séance.", "2 - Tarifs de la cantine", "VU le code,",
              "Le conseil adopte.", "3 - Voirie")
    pages = tuple(f"Ville de X Conseil du 5 mai 2021 {n} {first}\nTexte {n}.\n"
                  for n, first in enumerate(firsts, start=1))
    assert [line.text for line in raw_lines(pages) if line.page_break] == list(firsts[1:])
    subjects = ("Subvention au club", "Tarifs de la cantine", "Voirie", "Budget annexe")
    pages = tuple(f"{subject} DEPARTEMENT DE L'AIN CM 17 juin 2014\nTexte.\n" for subject in subjects)
    assert [line.text for line in raw_lines(pages) if line.page_break] == list(subjects[1:])
    pages = ("Vu le code.\n", "Ville de X CM 5 mai 2021 2 Vu le code.\n")  # one break: kept
    assert [line.text for line in raw_lines(pages) if line.page_break] == [
        "Ville de X CM 5 mai 2021 2 Vu le code."]


def test_the_number_is_read_whole_from_the_heading() -> None:
    def number(text: str) -> str | None:
        return _number(raw_lines((text,)), TaggedItem(0, 0.9, title_lines=[0]))

    assert number("• DE- 2015/28 – Tarifs de la cantine") == "DE- 2015/28"
    assert number("DE-2012/86 – Délégations de pouvoirs") == "DE-2012/86"
    assert number("2020-038 SUBVENTION EXCEPTIONNELLE") == "2020-038"
    assert number("2021-2027 Programme FEDER") is None  # two years: a period, not a number
    assert number("Subvention au club") is None


def test_the_rapporteur_is_who_speaks_on_the_rapporteur_line() -> None:
    lines = raw_lines(("Madame le maire expose que la commune est actionnaire",))
    assert _rapporteur(lines, TaggedItem(0, 1.0, rapporteur_line=0)) == "Madame le maire"
    lines = raw_lines(("Rapporteur : M. Jean DUPONT",))
    assert _rapporteur(lines, TaggedItem(0, 1.0, rapporteur_line=0)) == "M. Jean DUPONT"


def test_numbering_that_counts_up_through_the_document_is_a_feature() -> None:
    body = "Le conseil municipal approuve la proposition et autorise le maire.\n" * 4
    text = "".join(f"{n}) Point numéro {n}\n{body}" for n in (1, 2, 3))
    lines = raw_lines((text + "1. premier\n2. second\n",))
    features = document_features(lines, RuleHints())
    heads = [f for f in features if "lead" in f and "chain" in f]
    assert len(heads) == 3 and all("seq" in f for f in heads)


def test_lines_numbered_as_the_sure_titles_become_titles_unless_listed_close_together() -> None:
    texts = ["1) Agenda un", "2) Agenda deux", "x", "1) Budget", "x", "x", "2) Tarifs", "x",
             "x", "3) Voirie", "x"]
    features = [{"chain": 1.0} if t[0].isdigit() else {} for t in texts]
    labels = [OTHER, OTHER, OTHER, TITLE, OTHER, OTHER, OTHER, OTHER, OTHER, TITLE, OTHER]
    confidence = [1.0, 1.0, 1.0, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 1.0]
    _same_numbering(texts, features, labels, confidence)
    assert [i for i, label in enumerate(labels) if label == TITLE] == [3, 6, 9]
    assert confidence[6] == 0.925  # the sure titles' mean


def test_numbered_sections_each_opening_lettered_lines_give_the_letters_as_items() -> None:
    texts = ["1— Finances Communales :", "A — Budget primitif", "B — Taux", "2— Personnel :",
             "A — Création d'un poste", "x", "a) premier point", "B — Tableau des effectifs",
             "D — hors rang"]
    labels = [TITLE, TITLE_MORE, OTHER, OTHER, OTHER, OTHER, OTHER, OTHER, OTHER]
    confidence = [0.8, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    _nested_numbering(texts, labels, confidence)
    # the second section, left to the text by the model, stays as it was
    assert [i for i, label in enumerate(labels) if label == TITLE] == [1, 2]
    assert labels[0] == OTHER and confidence[1:3] == [0.8, 0.8]
    labels = [OTHER, OTHER, OTHER, HEAD, OTHER, OTHER, OTHER, OTHER, OTHER]
    confidence[3] = 0.7
    _nested_numbering(texts, labels, confidence)
    assert [i for i, label in enumerate(labels) if label == TITLE] == [4, 7]
    assert labels[3] == OTHER and confidence[4] == confidence[7] == 0.7


def test_letters_run_up_to_the_next_line_of_their_sections_numbering() -> None:
    texts = ["1— Finances :", "A — Budget", "2— Voirie", "B — Taux", "3— Personnel :",
             "A — Poste"]
    labels = [TITLE, OTHER, TITLE, OTHER, TITLE, OTHER]
    _nested_numbering(texts, labels, [0.9] * len(texts))
    assert [i for i, label in enumerate(labels) if label == TITLE] == [1, 2, 5]


def test_a_list_back_to_a_in_an_items_text_ends_the_sections_letters() -> None:
    texts = ["1— Finances :", "A — Budget", "x", "2— Personnel :", "A — Création de postes",
             "décide de créer :", "A – Un poste technique", "B – Un poste administratif",
             "Adopté."]
    labels = [TITLE, OTHER, OTHER, TITLE, OTHER, OTHER, OTHER, OTHER, OTHER]
    _nested_numbering(texts, labels, [0.9] * len(texts))
    assert [i for i, label in enumerate(labels) if label == TITLE] == [1, 4]


def test_a_letter_keeps_the_surer_of_its_own_and_its_sections_confidence() -> None:
    texts = ["1— Finances :", "A — Budget primitif", "Adopté.", "2— Personnel :", "A — Poste",
             "Adopté."]
    labels = [TITLE, TITLE, OTHER, TITLE, TITLE, OTHER]
    confidence = [0.25, 0.95, 1.0, 0.9, 0.6, 1.0]
    _nested_numbering(texts, labels, confidence)
    assert confidence[1] == 0.95 and confidence[4] == 0.9


def test_in_minutes_letters_with_no_vote_between_them_are_an_items_points() -> None:
    texts = ["1— Finances :", "A — Budget", "Adopté.", "B — Taux", "Adopté.", "2— Fêtes :",
             "A — Comité : 500 €", "B — Club : 300 €", "Adopté."]
    labels = [TITLE, OTHER, VOTE, OTHER, VOTE, TITLE, OTHER, OTHER, VOTE]
    _nested_numbering(texts, labels, [0.9] * len(texts))
    assert [i for i, label in enumerate(labels) if label == TITLE] == [1, 3, 5]


def test_lettered_points_initials_and_other_numberings_make_no_sections() -> None:
    cases = [["1— Budget :", "a) fonctionnement", "b) investissement", "2— Tarifs :", "x"],
             ["1— Budget :", "A — fonctionnement", "2— Tarifs :", "x"],  # one section
             ["1— Budget :", "A — x", "Article 2 : y", "A — z"],  # two numberings
             ["1 — Budget", "A. MARTIN présente le budget", "2 — Taux", "A-t-il voté ?"]]
    for texts in cases:
        labels = [TITLE if text[0].isdigit() else OTHER for text in texts]
        before = list(labels)
        _nested_numbering(texts, labels, [0.9] * len(texts))
        assert labels == before, texts


def test_a_line_shape_is_read_past_converter_marks_and_bullets() -> None:
    assert bare("/head2right/head2right DE-2012/137 – Bibliothèque") == \
        "DE-2012/137 – Bibliothèque"
    assert numbering_shape("• DE-2012/88 – Rapport") == numbering_shape("DE-2013/7 – Voirie")
    assert numbering_shape("Le maire 12") is None


def test_a_title_stopping_mid_phrase_takes_its_next_line() -> None:
    lines = raw_lines(("Autorisation à donner à\nMadame le Maire pour signer\n"
                       "Madame le Maire expose le projet.",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9, rapporteur_line=2)
    assert _completed(lines, item, full_width(lines)) == [0, 1]  # then "... pour signer" ends the title
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9, rapporteur_line=1)
    assert _completed(lines, item, full_width(lines)) == [0]  # never over a field line
    lines = raw_lines(("Provision pour risques et charges de fonctionnement\ndu\n\n"
                       "Compte Epargne Temps :\nLe Conseil adopte.",))
    item = TaggedItem(0, 0.9, title_lines=[0, 1], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines)) == [0, 1, 3]  # a line of one small word stops mid-phrase
    lines = raw_lines(("1 - Désaffectation du site de la caserne\ndes sapeurs-pompiers\n"
                       "en 2021\nLe maire expose.\nTitre clos.\nsuite de l'exposé",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines)) == [0, 1, 2]  # small letters: the title goes on
    item = TaggedItem(4, 0.9, title_lines=[4], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines)) == [4]  # not after a full stop


def test_a_title_wrapped_at_the_page_width_takes_the_short_line_below() -> None:
    """A title line as long as the page's full lines, ending on no punctuation, goes on in the
    short line right below (« … pour la période » then « 2025-2027 »); not after a blank line,
    not a long line, not after a title that ends its phrase."""
    body = "Le Conseil, à l'unanimité des membres présents, fait sienne la proposition du maire"
    title = "25-07/060 — Adoption du plan de formation des agents de la Ville pour la période"
    lines = raw_lines((f"{title}\n2025-2027\n{body}\n{body}\n{body}",))
    width = full_width(lines)
    assert width == len(body)
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), width) == [0, 1]
    lines = raw_lines((f"{title}\n\n2025-2027\n{body}\n{body}\n{body}",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), width) == [0]
    lines = raw_lines((f"{title}\n{body}\n{body}\n{body}",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), width) == [0]
    lines = raw_lines((f"{title} :\n2025-2027\n{body}\n{body}\n{body}",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), width) == [0]
    for below in ("Mesdames, Messieurs,", "Séance du 12 mars 2024", "DÉLIBÉRATION",
                  "1) Il propose", "Vote : unanimité"):
        lines = raw_lines((f"{title}\n{below}\n{body}\n{body}\n{body}",))
        assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), width) == [0], below


def test_a_title_goes_on_while_a_parenthesis_or_a_guillemet_is_open() -> None:
    lines = raw_lines(("Rapport sur le prix et la qualité du service de l’eau 2022 (R. P.\n"
                       "Q. S.) :\nLe maire présente le rapport.",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), full_width(lines)) == [0, 1]
    lines = raw_lines(("Avenant n° 1 au marché de services « Etude\nUrbaine » :\nLe maire expose.",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), full_width(lines)) == [0, 1]
    lines = raw_lines(("1) Rapport sur le prix de l'eau (R. P.\nQ. S.) :\nLe maire expose.",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), full_width(lines)) == [0, 1]  # "1)" aside
    lines = raw_lines(("Avenant au marché « Etude Urbaine » :\nLe maire expose.",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), full_width(lines)) == [0]
    lines = raw_lines(("Convention avec le SIVOM (syndicat intercommunal\nLe maire rappelle que "
                       "le syndicat assure la collecte (jusqu'en 2027).",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), full_width(lines)) == [0]  # closed far later
    lines = raw_lines(("3. Tarifs (cantine\n\n4. Subvention au comité (fêtes)\nLe conseil.",))
    assert _completed(lines, TaggedItem(0, 0.9, title_lines=[0]), full_width(lines)) == [0]  # not over a blank


def test_without_a_rapporteur_line_the_first_speaker_after_the_title_is_read() -> None:
    lines = raw_lines(("3) Tarifs de la cantine\nMonsieur Jean-Pierre GRANDJOUAN, rapporteur, "
                       "expose :\nLe conseil approuve.",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    assert _rapporteur(lines, item) == "Monsieur Jean-Pierre GRANDJOUAN"
    lines = raw_lines(("3) Tarifs de la cantine\nLe conseil approuve.",))
    assert _rapporteur(lines, item) is None
    lines = raw_lines(("DE-2012/86 – Délégations de pouvoirs « Marchés publics » : Information\n"
                       "Conformément aux délibérations n°2008/45 en date du 22 mars 2008 et\n"
                       "du 24 novembre 2009 sur la délégation de pouvoirs,\n"
                       "Monsieur le Maire rend compte au Conseil municipal des décisions prises",))
    assert _rapporteur(lines, item) == "Monsieur le Maire"  # third line, « rend compte »
    lines = raw_lines(("3) Tarifs\nUn.\nDeux.\nTrois.\nMonsieur le Maire expose :",))
    assert _rapporteur(lines, item) is None  # beyond the first three lines


def test_a_numbering_is_judged_among_its_own_lines_and_never_turns_a_section_heading_to_a_title() -> None:
    """« Point n° 2 : Régie de l'Eau » printed right under an item numbered « 23-03/012 — » does
    not hide that item; a section heading right above a title stays a heading."""
    texts = ["Point n° 1 : Finances", "23-03/011 — Compte administratif :", "> Adopté.", "x", "x",
             "x", "23-03/012 — Compte de gestion :", "> Adopté.", "Point n° 2 : Eau",
             "23-03/013 — Compte de l'eau :", "x", "x", "x", "Point n° 3 : Parking", "x", "x"]
    features = [{"chain": 1.0} if t[0] in "P2" else {} for t in texts]
    labels = [OTHER] * len(texts)
    confidence = [1.0] * len(texts)
    for sure in (1, 9, 13):
        labels[sure], confidence[sure] = TITLE, 0.9
    _same_numbering(texts, features, labels, confidence)
    assert [i for i, label in enumerate(labels) if label == TITLE] == [1, 6, 9, 13]
    labels = [OTHER] * len(texts)  # the item under « Point n° 2 » is itself turned to a title
    for sure in (1, 13):
        labels[sure] = TITLE
    _same_numbering(texts, features, labels, confidence)
    assert [i for i, label in enumerate(labels) if label == TITLE] == [1, 6, 9, 13]


def test_a_title_runs_down_to_the_line_where_its_rapporteur_speaks() -> None:
    lines = raw_lines(("4 - DELEGATION AU MAIRE POUR LA RÉALISATION DES\n"
                       "EMPRUNTS ET DES OPÉRATIONS FINANCIÈRES UTILES A LA\nGESTION DE LA DETTE\n"
                       "au titre de l’article L.2122-22 du Code Général des Collectivités\n"
                       "Monsieur Cédric SEUREAU expose :\nVU le Code Général.",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines)) == [0, 1, 2, 3]
    lines = raw_lines(("6 - Charte de bonne conduite\nDélibération prise le 3 mai.\n"
                       "Monsieur Cédric SEUREAU expose :\nVU le Code.",))
    assert _completed(lines, item, full_width(lines)) == [0]  # a sentence is not the title
    lines = raw_lines(("CANTINE - TARIFS 2020-2021\n- 4 -\nMonsieur le Maire expose :\nVU.",))
    assert _completed(lines, item, full_width(lines)) == [0]  # nor a page number
    lines = raw_lines(("Convention de partenariat avec la commune de\n4\nSaint-Martin\nVU.",))
    assert _completed(lines, item, full_width(lines)) == [0]  # not even after « de »
    vu = "VU le Code Général des Collectivités Territoriales, notamment ses articles L.2122-18"
    lines = raw_lines((f"Mise à jour du tableau des effectifs pour la rentrée\n2021/2022\n"
                       f"Monsieur Eric ROBERT expose :\n{vu}\n{vu}\n{vu}",))
    assert _completed(lines, item, full_width(lines)) == [0, 1]


_CONVENTION = ("24-10/095 — Autorisation à donner au Maire en vue de signer l’avenant à la "
               "Convention\n\n2024-2025 entre la Commune et le Conservatoire de Musique :")


def _numbered(headings: list[str]) -> tuple[list[Line], list[TaggedItem], list[int]]:
    """Corte's minutes: each heading (its lines apart by a blank) above one exposé line; every
    line opening on its number is tagged as a one-line title."""
    body = "> Le Conseil, à l’unanimité des membres présents et représentés, approuve la proposition"
    lines = raw_lines(("\n\n".join(f"{heading}\n\n{body}" for heading in headings),))
    heads = [line.index for line in lines if line.text.startswith("24-10/")]
    return lines, [TaggedItem(i, 0.9, title_lines=[i], title_confidence=0.9) for i in heads], heads


def test_in_a_document_whose_titles_end_with_a_colon_the_colon_closes_the_title() -> None:
    lines, tagged, heads = _numbered([_CONVENTION, "24-10/096 — Adoption du Budget Primitif 2024 :",
                                      "24-10/097 — Cession du Fonds de Commerce :"])
    assert end_mark(lines, tagged, full_width(lines))
    width = full_width(lines)
    assert _completed(lines, tagged[0], width, mark=True) == [heads[0], heads[0] + 2]
    over = TaggedItem(heads[1], 0.9, title_lines=[heads[1], heads[1] + 2])  # the model's rest
    assert _completed(lines, over, width, mark=True) == [heads[1]]
    assert not end_mark(lines, tagged[1:], full_width(lines))  # two titles do not make a document's habit


def test_an_item_never_reads_into_the_next_one() -> None:
    """Title, speaker and colon stop where the next item starts."""
    lines = raw_lines(("5 - Informations diverses\n\n6 - Tarifs de la cantine\n"
                       "Madame Claire MARTIN expose :\nLe conseil approuve.",))
    tagged = [TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9),
              TaggedItem(2, 0.9, title_lines=[2], title_confidence=0.9)]
    first, second = read_items(lines, tagged, [0, 30, 120])
    assert (first.title, first.rapporteur) == ("Informations diverses", None)
    assert (second.title, second.rapporteur) == ("Tarifs de la cantine", "Madame Claire MARTIN")
    body = "> Le Conseil, à l’unanimité des membres présents, approuve la proposition du Maire"
    lines = raw_lines(("\n\n".join(["24-10/095 — Informations du Maire", body,
                                    "24-10/096 — Budget Primitif 2024 :", body,
                                    "24-10/097 — Cession du Fonds de Commerce :", body,
                                    "24-10/098 — Tarifs :", body]),))
    heads = [line.index for line in lines if line.text.startswith("24-10/")]
    tagged = [TaggedItem(i, 0.9, title_lines=[i], title_confidence=0.9) for i in heads]
    titles = [item.title for item in read_items(lines, tagged, [0, 100, 200, 300, 400])]
    assert titles == ["Informations du Maire", "Budget Primitif 2024",
                      "Cession du Fonds de Commerce", "Tarifs"]


def test_a_title_never_runs_over_a_field_line_or_a_speaker_ending_on_a_colon() -> None:
    lines = raw_lines(("5 - Subvention au club de football\nAdopté à l'unanimité\n"
                       "Monsieur le Maire expose :\nVU.",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9, vote_line=1)
    assert _completed(lines, item, full_width(lines)) == [0]
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)  # the model saw no vote
    assert _completed(lines, item, full_width(lines)) == [0]
    lines = raw_lines(("5 - Subvention au club\nMonsieur DUPONT présente le rapport :\nVU.",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines), mark=True) == [0]
    lines = raw_lines(("Décisions prises par délégation\nMadame Claire MARTIN indique au conseil :\n"
                       "VU.",))
    given = TaggedItem(0, 0.9, title_lines=[0, 1], title_confidence=0.9)  # the model's lines
    assert _completed(lines, given, full_width(lines), mark=True) == [0]
    lines = raw_lines(("24-10/098 — Convention de partenariat avec l'association des\n"
                       "parents d'élèves\n> Le Conseil approuve.",))
    assert _completed(lines, item, full_width(lines), mark=True) == [0, 1]  # no colon: the other rules


def test_titles_closed_by_a_colon_on_their_next_line_make_a_colon_document() -> None:
    """Corte's minutes print long titles over two lines, the colon on the second: the colon
    habit counts them, and each title reads down to its colon."""
    lines, tagged, _ = _numbered([
        _CONVENTION, "24-10/100 — Gestion des Ressources Humaines : création d’un emploi "
        "permanent au grade\n\nd’Ingénieur Territorial, Filière Technique :",
        "24-10/102 — Cession du Fonds de Commerce du Camping — Transfert de Bail Communal :"])
    assert end_mark(lines, tagged, full_width(lines))
    titles = [item.title for item in read_items(lines, tagged, [0, 200, 400, 600])]
    assert titles[:2] == [
        "Autorisation à donner au Maire en vue de signer l’avenant à la Convention 2024-2025 "
        "entre la Commune et le Conservatoire de Musique",
        "Gestion des Ressources Humaines : création d’un emploi permanent au grade "
        "d’Ingénieur Territorial, Filière Technique"]


def test_a_colon_never_takes_the_next_item_of_a_list_into_a_title() -> None:
    """An agenda whose titles end with a colon: a sub-item the model missed (« B — … : »)
    is no continuation of the title above it."""
    lines = raw_lines(("A — Rapport d’Orientations Budgétaires 2023\n\n"
                       "B — Adoption de plans de financement :\n\nC — Tarifs :",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines), mark=True) == [0]
    lines = raw_lines(("3. Rapport d’Orientations Budgétaires 2023\n4. Tarifs des salles :",))
    assert _completed(lines, item, full_width(lines), mark=True) == [0]


def test_a_member_arriving_or_leaving_is_never_part_of_a_title() -> None:
    """Minutes note arrivals and departures between a title and its exposé; the model may
    take the line for the title's rest, and the speaker block leaves it out."""
    lines = raw_lines(("18 - Rectification convention d'objectifs du Centre Alimentaire du\n"
                       "Trégor\nRetour de Eric ROBERT\nMadame Bernadette CORVISIER expose :\n"
                       "Le centre alimentaire.",))
    given = TaggedItem(0, 0.9, title_lines=[0, 1, 2], title_confidence=0.9)
    (read,) = read_items(lines, [given], [0, 200])
    assert read.title == "Rectification convention d'objectifs du Centre Alimentaire du Trégor"
    lines = raw_lines(("9 - Centre communal d'action sociale : nombre de membres du conseil\n"
                       "Election des membres du conseil municipal au conseil d'administration\n"
                       "Départ de Eric ROBERT (procuration à Bernadette CORVISIER)\n"
                       "Monsieur le Maire expose :\nVU le Code.",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines)) == [0, 1]


def test_a_colon_habit_is_read_on_titles_not_on_the_lines_that_open_the_expose() -> None:
    """« Le Maire expose au Conseil : » under each title is no colon of the titles: the document
    is not a colon document, and a title with a colon inside keeps its next line."""
    text = "\n".join([*(f"{n} - Tarifs de la salle {n}\nLe Maire expose au Conseil :\nVU."
                        for n in (1, 2, 3)),
                      "4 - Ressources humaines :", "création d'un poste d'adjoint technique",
                      "Le Maire expose au Conseil :", "VU."])
    lines = raw_lines((text,))
    heads = [line.index for line in lines if line.text[:1].isdigit()]
    tagged = [TaggedItem(i, 0.9, title_lines=[i], title_confidence=0.9) for i in heads]
    tagged[-1] = TaggedItem(heads[-1], 0.9, title_lines=[heads[-1], heads[-1] + 1],
                            title_confidence=0.9)
    assert not end_mark(lines, tagged, full_width(lines))
    titles = [item.title for item in read_items(lines, tagged, [0, 50, 100, 150, 250])]
    assert titles[-1] == "Ressources humaines : création d'un poste d'adjoint technique"
    lines = raw_lines(("\n".join(f"{n} - Tarifs de la salle {n}\nMonsieur le Maire expose que "
                                 "la commune doit délibérer\nVU." for n in (1, 2, 3)),))
    spoken = [TaggedItem(i, 0.9, title_lines=[i, i + 1], title_confidence=0.9)
              for i in (0, 3, 6)]  # a speaker line given as the title's rest closes nothing
    assert not end_mark(lines, spoken, full_width(lines))


def test_a_title_about_a_commune_leaving_or_a_competence_returning_keeps_its_lines() -> None:
    lines = raw_lines(("5 - Modification des statuts du syndicat intercommunal suite à la\n"
                       "sortie de la commune de Plouha\nMonsieur le Maire expose :\nVU.",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    (read,) = read_items(lines, [item], [0, 200])
    assert read.title == ("Modification des statuts du syndicat intercommunal suite à la "
                          "sortie de la commune de Plouha")
    lines = raw_lines(("7 - Approbation de la convention fixant les modalités financières du\n"
                       "Retour de la compétence eau potable\nà la commune de Plouha\nVU.",))
    given = TaggedItem(0, 0.9, title_lines=[0, 1, 2], title_confidence=0.9)
    (read,) = read_items(lines, [given], [0, 200])
    assert read.title == ("Approbation de la convention fixant les modalités financières du "
                          "Retour de la compétence eau potable à la commune de Plouha")


def test_a_heading_or_the_next_item_never_closes_a_title_with_its_colon() -> None:
    """A section heading under a long title (« En Communication pour information … : ») is no
    part of it, and the next item's heading closes no title above it."""
    body = "Le Conseil approuve la proposition du Maire."
    title = ("A — Lancement d’une procédure de passation d’une DSP aéroportuaire pour "
             "l’aérodrome de CORTE")
    lines = raw_lines(("\n\n".join([*(f"{n} — Tarifs de la salle {n} :\n\n{body}"
                                      for n in (1, 2, 3)), title,
                                    "En Communication pour information des élus du Conseil :",
                                    "& Commune :"]),))
    heads = [line.index for line in lines if line.text and line.text[0] in "123A"]
    tagged = [TaggedItem(i, 0.9, title_lines=[i], title_confidence=0.9) for i in heads]
    assert end_mark(lines, tagged, full_width(lines))
    assert _completed(lines, tagged[-1], full_width(lines), mark=True) == [heads[-1]]
    lines = raw_lines(("1 - Tarifs de la salle communale\n2 - Ressources humaines :\n"
                       "création d'un poste d'adjoint technique\n3 - Tarifs du cimetière\n"
                       "4 - Urbanisme :\nmodification du plan local d'urbanisme",))
    tagged = [TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9),
              TaggedItem(1, 0.9, title_lines=[1, 2], title_confidence=0.9),
              TaggedItem(3, 0.9, title_lines=[3], title_confidence=0.9),
              TaggedItem(4, 0.9, title_lines=[4, 5], title_confidence=0.9)]
    assert not end_mark(lines, tagged, full_width(lines))
    titles = [item.title for item in read_items(lines, tagged, [0, 40, 100, 130, 200])]
    assert titles[1] == "Ressources humaines : création d'un poste d'adjoint technique"
    assert titles[3] == "Urbanisme : modification du plan local d'urbanisme"


def test_an_arrival_inside_a_title_is_skipped_and_an_authority_leaving_is_no_arrival() -> None:
    """The model gives the three lines as the title; an arrival or departure of a person, in
    its usual forms, is left out, and an authority's name stays the title's words."""
    cases = (("Approbation des tarifs de la", "Arrivée de Mme DURAND", "cantine scolaire", False),
             ("Approbation des tarifs de la", "Départ de Jean Pierre DUPONT", "cantine scolaire",
              False),
             ("Modification des statuts du syndicat mixte suite à la",
              "Sortie de Lamballe Terre et Mer", "et de la commune de Plouha", True),
             ("Modification des statuts suite au retrait de la",
              "Sortie de Lannion TREGOR COMMUNAUTE", "et de la commune de Plouha", True))
    for first, middle, last, kept in cases:
        lines = raw_lines((f"3 - {first}\n{middle}\n{last}\nMonsieur le Maire expose :\nVU.",))
        given = TaggedItem(0, 0.9, title_lines=[0, 1, 2], title_confidence=0.9)
        words = [first, middle, last] if kept else [first, last]
        assert read_items(lines, [given], [0, 200])[0].title == " ".join(words)


def test_a_place_name_or_an_age_range_goes_on_with_a_title_down_to_its_colon() -> None:
    """« Le Mans Métropole : » and « 14 - 18 ans : » finish the title above them; neither
    opens a heading nor an item."""
    for last, end in (("partenariat avec", "Le Mans Métropole :"),
                      ("pour les enfants de", "14 - 18 ans :")):
        text = "\n\n".join([*(f"{n} — Tarifs de la salle {n} :\n\nLe Conseil approuve."
                              for n in (1, 2, 3)),
                            f"4 — Avenant n° 2 à la convention de {last}", end,
                            "Rapport de présentation", "Monsieur le Maire expose :", "VU."])
        lines = raw_lines((text,))
        heads = [line.index for line in lines if line.text[:1].isdigit() and "—" in line.text]
        tagged = [TaggedItem(i, 0.9, title_lines=[i], title_confidence=0.9) for i in heads]
        assert end_mark(lines, tagged, full_width(lines))
        title = read_items(lines, tagged, [0, 40, 80, 120, 400])[-1].title
        assert title == f"Avenant n° 2 à la convention de {last} {end.removesuffix(' :')}"


def test_the_next_item_coded_by_its_number_closes_no_title_above_it() -> None:
    """« 24-10/097 — Tarifs du cimetière » opens an item: its colon closes no title above."""
    lines, tagged, heads = _numbered(["24-10/095 — Tarifs de la salle communale",
                                      "24-10/096 — Ressources humaines :\n\ncréation d'un poste",
                                      "24-10/097 — Tarifs du cimetière",
                                      "24-10/098 — Urbanisme :\n\nmodification du plan local"])
    tagged[1] = TaggedItem(heads[1], 0.9, title_lines=[heads[1], heads[1] + 2],
                           title_confidence=0.9)
    assert not end_mark(lines, tagged, full_width(lines))
    lines = raw_lines(("2024-037 Tarifs de la salle communale\n2024-038 SUBVENTION :",))
    item = TaggedItem(0, 0.9, title_lines=[0], title_confidence=0.9)
    assert _completed(lines, item, full_width(lines), mark=True) == [0]


def test_a_surname_or_a_place_is_no_authority_and_no_arrival() -> None:
    """« VILLENEUVE » is a surname (not « VILLE »); « Choisy Le Roi » is a place, no person."""
    lines = raw_lines(("3 - Approbation des tarifs de la\nDépart de Jean VILLENEUVE\n"
                       "cantine scolaire\nVU.",))
    given = TaggedItem(0, 0.9, title_lines=[0, 1, 2], title_confidence=0.9)
    assert read_items(lines, [given], [0, 200])[0].title == (
        "Approbation des tarifs de la cantine scolaire")
    lines = raw_lines(("7 - Modification des statuts suite à la\nSortie de Choisy Le Roi\n"
                       "et de la commune de Plouha\nVU.",))
    assert read_items(lines, [given], [0, 200])[0].title == (
        "Modification des statuts suite à la Sortie de Choisy Le Roi et de la commune de Plouha")
