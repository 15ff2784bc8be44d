"""Field accuracy of the parser against a hand-made gold file (JSONL, one line per source file)."""

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from index.analysis import strip_accents
from index.models import Deliberation

FILE_FIELDS = ("session_date", "collectivity", "body")
DELIB_FIELDS = ("object", "delib_number", "rapporteur", "president", "vote_result", "votes_for",
                "votes_against", "votes_abstention", "actes_id", "amounts_eur")
MATCH_THRESHOLD = 0.5


def fold(value: object) -> str:
    """Comparable form: no accents, lowercase, quotes unified, spaces collapsed."""
    text = strip_accents(str(value)).lower()
    text = text.replace("’", "'").replace("«", '"').replace("»", '"')
    return re.sub(r"\s+", " ", text).strip(" .;:")


def same(gold: object, predicted: object) -> bool:
    """Exact match after folding; None only equals None; lists compare as sets."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if isinstance(gold, list):
        return isinstance(predicted, list) and {float(x) for x in gold} == {
            float(x) for x in predicted}
    return fold(gold) == fold(predicted)


def similarity(a: str | None, b: str | None) -> float:
    """Token Jaccard between two titles (0 when one is missing)."""
    if not a or not b:
        return 0.0
    left, right = set(re.findall(r"\w+", fold(a))), set(re.findall(r"\w+", fold(b)))
    return len(left & right) / len(left | right) if left | right else 0.0


def pair_up(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict | None]]:
    """Each gold deliberation with its most similar unused prediction (None when none is close)."""
    if len(gold) == 1 and len(predicted) == 1:
        return [(gold[0], predicted[0])]
    free = list(range(len(predicted)))
    pairs: list[tuple[dict, dict | None]] = []
    for item in gold:
        scores = [(similarity(item["object"], predicted[i].get("object")), i) for i in free]
        best = max(scores, default=(0.0, -1))
        if best[0] >= MATCH_THRESHOLD:
            free.remove(best[1])
            pairs.append((item, predicted[best[1]]))
        else:
            pairs.append((item, None))
    return pairs


def record_fields(delib: Deliberation) -> dict:
    """The gold file's field names, read off a parsed deliberation."""
    return {
        "object": delib.object, "delib_number": delib.delib_number,
        "rapporteur": delib.rapporteur, "president": delib.president,
        "vote_result": delib.vote.result, "votes_for": delib.vote.votes_for,
        "votes_against": delib.vote.votes_against,
        "votes_abstention": delib.vote.votes_abstention,
        "actes_id": delib.actes.raw if delib.actes else None,
        "amounts_eur": sorted({a.value for a in delib.amounts}),
        "session_date": delib.session_date, "collectivity": delib.collectivity, "body": delib.body,
    }


def score(gold_lines: Iterable[dict], parsed: dict[str, list[dict]]) -> dict:
    """Accuracy per field; file fields over files, deliberation fields over gold deliberations."""
    hits: dict[str, list[bool]] = defaultdict(list)
    for line in gold_lines:
        predicted = parsed.get(line["file"], [])
        first = predicted[0] if predicted else {}
        for field in FILE_FIELDS:
            hits[field].append(same(line[field], first.get(field)))
        gold_delibs = line["deliberations"]
        if gold_delibs:
            hits["split_count"].append(len(gold_delibs) == len(predicted))
        for gold, match in pair_up(gold_delibs, predicted):
            hits["found"].append(match is not None)
            for field in DELIB_FIELDS:
                hits[field].append(match is not None and same(gold[field], match.get(field)))
    return {field: round(sum(v) / len(v), 3) for field, v in hits.items() if v} | {
        "n_files": len(hits["session_date"]), "n_deliberations": len(hits["found"])}


def load_gold(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate_folder(corpus: Path, gold_path: Path) -> dict:
    """Parse every gold file found under ``corpus`` and score it."""
    from index.parsing import parse_document
    from index.reader import read_document

    gold = load_gold(gold_path)
    files = {path.name: path for path in corpus.rglob("*") if path.is_file()}
    present = [line for line in gold if line["file"] in files]
    parsed = {}
    for line in present:
        document = read_document(files[line["file"]], 200_000_000, 5000)
        parsed[line["file"]] = [record_fields(d) for d in parse_document(document)]
    return score(present, parsed)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Précision des champs extraits par rapport à un "
                                     "fichier de référence annoté à la main.")
    parser.add_argument("corpus", type=Path, help="dossier des fichiers annotés")
    parser.add_argument("gold", type=Path, help="fichier de référence (.jsonl)")
    args = parser.parse_args()
    print(json.dumps(evaluate_folder(args.corpus, args.gold), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
