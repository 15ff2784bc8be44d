"""Candidate sentences stay few on long minutes, and features are computed for each one."""

from assistant.evidence import Requirements
from assistant.reader.candidates import MAX_CANDIDATES, candidates
from assistant.reader.features import FEATURES, Asked, Evidence, featurize
from assistant.retrieval import DeliberationHit
from index.models import Passage

OBJECT = "Adhésion de la ville au Club Innovation et Culture"


def _hit(delib_id: str, body: str, spans: list[tuple[int, int]]) -> DeliberationHit:
    passages = tuple(Passage(f"{delib_id}-{i}", delib_id, body[a:b], a, b, 1, f"{delib_id}.txt",
                             "Ville de Dijon", None, "2019-01-28", OBJECT, None, None,
                             score=1.0 - i / 10, dense_score=0.9 - i / 100)
                     for i, (a, b) in enumerate(spans))
    return DeliberationHit(delib_id, passages[0].score, passages)


def test_hundreds_of_pages_give_at_most_the_bound() -> None:
    body = "".join(f"Point {i} : le conseil approuve la dépense numéro {i} du budget. "
                   for i in range(5000))
    hits = [_hit(f"d{n}", body, [(i * 800, i * 800 + 800) for i in range(10)]) for n in range(3)]
    texts = {h.deliberation_id: f"{OBJECT}\n{body}" for h in hits}
    found = candidates(hits, texts, {"budget"})
    assert 3 * 4 <= len(found) <= MAX_CANDIDATES
    assert {c.rank for c in found} == {0, 1, 2}
    for c in found:  # offsets point at the verbatim sentence
        assert texts[c.deliberation_id][c.start: c.start + len(c.text)] == c.text


def test_features_have_one_row_per_candidate() -> None:
    body = ("Vu le code général des collectivités territoriales ;\n"
            "Cette adhésion, d'un montant annuel de 732 € TTC, permet aux musées d'en profiter.\n"
            "Reçu en préfecture le 30 janvier 2019.\nADOPTÉ À L'UNANIMITÉ")
    hit = _hit("d0", body, [(0, len(body))])
    texts = {"d0": f"{OBJECT}\n{body}"}
    found = candidates([hit], texts, {"adhes"})
    asked = Asked("Combien coûte l'adhésion au Club ?", "amount", frozenset({"adhes", "club"}),
                  frozenset({"adhes", "club"}), Requirements(names=("Club",)))
    rows = featurize(asked, found, Evidence(lambda _: 1.0, texts, lambda _: 0))
    assert rows.shape == (len(found), len(FEATURES))
    column = dict(zip(FEATURES, rows.T, strict=True))
    texts_found = [c.text for c in found]
    amount = texts_found.index(next(t for t in texts_found if "732" in t))
    stamp = texts_found.index("Reçu en préfecture le 30 janvier 2019.")
    assert column["typed"][amount] == 1 and column["typed"][stamp] == 0
    assert column["stamp"][stamp] == 1 and column["stamp"][amount] == 0
    assert column["object_line"][texts_found.index(OBJECT)] == 1
