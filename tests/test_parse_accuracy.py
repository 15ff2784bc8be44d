"""The accuracy metrics, on examples computed by hand."""

from eval.parse_accuracy import fold, pair_up, same, score, similarity


def test_fold_and_same_ignore_accents_case_quotes_and_spaces() -> None:
    assert fold("  Délibération  n’3 ") == "deliberation n'3"
    assert same("Ville de Dijon", "VILLE DE  DIJON")
    assert same(None, None)
    assert not same("2019-01-28", None)
    assert same([732, 675.0], [675, 732])
    assert not same([732], [732, 1])


def test_similarity_is_token_jaccard() -> None:
    assert similarity("vote du budget", "budget vote") == 2 / 3
    assert similarity(None, "x") == 0.0


def test_pair_up_matches_titles_and_leaves_missing_ones_unpaired() -> None:
    gold = [{"object": "Vote du budget primitif"}, {"object": "Tarifs de la cantine"},
            {"object": "Cession d'un terrain"}]
    predicted = [{"object": "Tarifs cantine"}, {"object": "Vote du budget primitif 2021"}]
    pairs = pair_up(gold, predicted)
    assert pairs[0][1] is predicted[1]  # 4 shared words of 5
    assert pairs[1][1] is predicted[0]  # 2 of 4: exactly the 0.5 threshold
    assert pairs[2][1] is None


def test_score_counts_files_and_deliberations() -> None:
    gold = [{"file": "a.txt", "session_date": "2021-03-12", "collectivity": None, "body": "bureau",
             "deliberations": [
                 {"object": "Vote du budget", "delib_number": "1", "rapporteur": None,
                  "president": None, "vote_result": "majorité", "votes_for": 3,
                  "votes_against": None, "votes_abstention": None, "actes_id": None,
                  "amounts_eur": []},
                 {"object": "Tarifs de la piscine", "delib_number": None, "rapporteur": None,
                  "president": None, "vote_result": None, "votes_for": None,
                  "votes_against": None, "votes_abstention": None, "actes_id": None,
                  "amounts_eur": []}]}]
    parsed = {"a.txt": [{"object": "Vote du budget", "delib_number": "1", "vote_result": "unanimité",
                         "votes_for": 3, "amounts_eur": [], "session_date": "2021-03-12",
                         "collectivity": "Ville", "body": "bureau"}]}
    result = score(gold, parsed)
    assert result["session_date"] == 1.0
    assert result["collectivity"] == 0.0
    assert result["found"] == 0.5
    assert result["object"] == 0.5
    assert result["vote_result"] == 0.0
    assert result["votes_for"] == 0.5
    assert result["split_count"] == 0.0
    assert (result["n_files"], result["n_deliberations"]) == (1, 2)
