"""Structure accuracy under leave-one-authority-out: per field and the split of minutes into items.

Each authority's documents are parsed by a line-role model trained without any document of that
authority; the same documents parsed by the rules alone, and by the model trained on everything
(in-sample), are scored beside it.
"""

import bisect
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from eval.datasets.subset import authority_sides
from eval.parse_accuracy import pair_up, same
from index.models import Deliberation, SourceDocument
from index.normalize import normalize_pages
from index.parsing import parse_with
from index.parsing.learned import MIN_LINES
from index.structure.gold import GoldDoc, GoldItem, load_gold
from index.structure.lines import offsets_in
from index.structure.roles import RoleModel
from index.structure.training import Sequence, fit_sequences, sequences

ITEM_FIELDS = ("object", "delib_number", "rapporteur", "vote_result")
SPLIT_KINDS = ("minutes", "list", "agenda")
THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.9)
Parser = Callable[[SourceDocument], list[Deliberation]]


def evaluate(repo: Path, thresholds: tuple[float, ...] = THRESHOLDS,
             progress: Callable[[str], None] = lambda _: None) -> dict:
    """The report: rules, LOAO model (per title threshold) and in-sample model, same documents."""
    docs = load_gold(repo)
    seqs = sequences(docs)
    report: dict = {"documents": len(docs), "authorities": len({d.authority for d in docs}),
                    "trainable_documents": len(seqs),
                    "items": sum(len(d.items) for d in docs)}
    report["rules"] = score(docs, {d.file: _rules for d in docs})
    with tempfile.TemporaryDirectory() as tmp:
        full = _model(seqs, Path(tmp) / "all.crfsuite")
        loao = _loao_models(docs, seqs, Path(tmp), full, progress)
        sides = authority_sides(repo / "eval" / "datasets" / "multi")
        open_docs = outside_check(docs, sides)
        choosing: dict[float, float] = {}
        for threshold in thresholds:
            parsers = {d.file: _learned(loao[d.authority], threshold) for d in docs}
            report[f"loao@{threshold}"] = score(docs, parsers)
            choosing[threshold] = score(open_docs, parsers)["object"]
        best = max(thresholds, key=lambda t: (choosing[t], t))  # ties: surer
        report["chosen_threshold"] = best
        report["chosen_on"] = {"documents": len(open_docs),
                               "object_by_threshold": {str(t): v for t, v in choosing.items()}}
        report["in_sample"] = score(docs, {d.file: _learned(full, best) for d in docs})
        report["loao_by_side"] = _by_side(sides, docs, loao, best)
        report["print_by_side"] = _print_by_side(sides, docs, loao, best)
        report["loao_by_authority"] = _by_authority(open_docs, loao, best)
    return report


def outside_check(docs: list[GoldDoc], sides: dict[str, str]) -> list[GoldDoc]:
    """The documents a structure setting may be chosen on and read one by one: every authority
    but the question set's check side (the title threshold, the per-authority table)."""
    return [doc for doc in docs if sides.get(doc.authority) != "check"]


def _by_side(sides: dict[str, str], docs: list[GoldDoc], models: dict[str, RoleModel],
             threshold: float) -> dict[str, dict]:
    """The LOAO scores of the question set's tune and check authorities apart
    (eval/datasets/multi/authorities.tsv): structure rules are chosen on tune, check is read in
    aggregate only; an authority absent from that file is in neither."""
    result: dict[str, dict] = {}
    for side in ("tune", "check"):
        group = [doc for doc in docs if sides.get(doc.authority) == side]
        result[side] = {"authorities": len({doc.authority for doc in group if doc.items}),
                        **score(group, {d.file: _learned(models[d.authority], threshold)
                                        for d in group})}
    return result


def _print_by_side(sides: dict[str, str], docs: list[GoldDoc], models: dict[str, RoleModel],
                   threshold: float) -> dict[str, dict]:
    """What reading the print does, the model being the same: the documents that have a PDF
    layout, parsed by their leave-one-authority-out model with it and without it, per side."""
    result: dict[str, dict] = {}
    for side in ("tune", "check"):
        group = [doc for doc in docs if sides.get(doc.authority) == side and doc.layout]
        parsers = {d.file: _learned(models[d.authority], threshold) for d in group}
        result[side] = {"authorities": len({doc.authority for doc in group}),
                        "with_print": score(group, parsers),
                        "without_print": score([replace(d, layout=()) for d in group], parsers)}
    return result


def _by_authority(docs: list[GoldDoc], models: dict[str, RoleModel],
                  threshold: float) -> dict[str, dict]:
    """Rules beside the LOAO model, authority by authority (where items are annotated)."""
    groups: dict[str, list[GoldDoc]] = defaultdict(list)
    for doc in docs:
        if doc.items:
            groups[doc.authority].append(doc)
    return {authority: {"documents": len(group),
                        "rules": score(group, {d.file: _rules for d in group}),
                        "loao": score(group, {d.file: _learned(models[authority], threshold)
                                              for d in group})}
            for authority, group in sorted(groups.items())}


def _model(seqs: list[Sequence], path: Path) -> RoleModel:
    fit_sequences(seqs, path)
    return RoleModel(path)


def _loao_models(docs: list[GoldDoc], seqs: list[Sequence], tmp: Path, full: RoleModel,
                 progress: Callable[[str], None]) -> dict[str, RoleModel]:
    """A model per authority with trainable documents, trained without them; others use ``full``
    (none of their documents was trained on)."""
    models: dict[str, RoleModel] = defaultdict(lambda: full)
    held = sorted({seq.doc.authority for seq in seqs})
    for number, authority in enumerate(held, start=1):
        progress(f"{number}/{len(held)} {authority}")
        rest = [seq for seq in seqs if seq.doc.authority != authority]
        models[authority] = _model(rest, tmp / f"{number}.crfsuite")
    return models


def _rules(document: SourceDocument) -> list[Deliberation]:
    return parse_with(document, None)


def _learned(model: RoleModel, threshold: float) -> Parser:
    return lambda document: parse_with(document, model, threshold)


def score(docs: list[GoldDoc], parsers: dict[str, Parser]) -> dict:
    """Accuracy per field, object precision, and split precision / recall / F1 over item starts."""
    hits: dict[str, list[bool]] = defaultdict(list)
    split = {"true": 0, "predicted": 0, "gold": 0}
    for doc in docs:
        records = parsers[doc.file](gold_source(doc))
        if doc.session_date:
            hits["session_date"].append(same(doc.session_date, records[0].session_date))
        if not doc.items:
            continue
        starts = _record_lines(doc, records)
        pairs = _pairs(doc, records, starts)
        for gold, record in pairs:
            found = _fields(record) if record else {}
            for name in ITEM_FIELDS:
                hits[name].append(record is not None and same(gold.values[name], found[name]))
            if record is not None and found["object"] is not None:
                hits["object_precision"].append(same(gold.values["object"], found["object"]))
        if doc.kind in SPLIT_KINDS and _has_lines(doc):
            _count_split(doc.items, starts, split)
    result = {name: round(sum(v) / len(v), 3) for name, v in hits.items() if v}
    result["n_items"] = len(hits["object"])
    return result | _prf(split)


def gold_source(doc: GoldDoc) -> SourceDocument:
    """The annotated document as the reader would hand it to the parser."""
    size = sum(len(page) for page in doc.pages)
    return SourceDocument(doc.file, f"{abs(hash(doc.file)):064d}"[:64], "txt", size, doc.pages,
                          layout=doc.layout)


def _fields(record: Deliberation) -> dict:
    return {"object": record.object, "delib_number": record.delib_number,
            "rapporteur": record.rapporteur, "vote_result": record.vote.result}


def _has_lines(doc: GoldDoc) -> bool:
    return sum(1 for line in doc.lines if line.text) >= MIN_LINES


def _record_lines(doc: GoldDoc, records: list[Deliberation]) -> list[int]:
    """Raw line where each record's text starts: the record is found in the normalised text (in
    order, by its own first characters, or by its object when its text is not the document's
    own: an SCDL row reads « COLONNE : valeur »), then the raw line that lands there."""
    text, _ = normalize_pages(doc.pages)
    landing = offsets_in(text, doc.lines)
    ordered = sorted((offset, line) for line, offset in landing.items())
    offsets = [offset for offset, _ in ordered]
    starts, cursor = [], 0
    for record in records:
        hit = text.find(record.text[:300], cursor) if record.text else -1
        if hit < 0 and record.object:
            hit = _find_words(text, record.object, cursor)
        cursor = hit + 1 if hit >= 0 else cursor
        position = bisect.bisect_right(offsets, max(hit, cursor - 1)) - 1
        starts.append(ordered[position][1] if position >= 0 else 0)
    return starts


def _find_words(text: str, phrase: str, start: int, words: int = 8) -> int:
    """Where the first ``words`` words of ``phrase`` are in ``text`` from ``start``, however
    they are spaced (a cell of a CSV row breaks its lines), or -1."""
    if not phrase.split():
        return -1
    pattern = r"\s+".join(re.escape(word) for word in phrase.split()[:words])
    found = re.compile(rf"(?<!\w){pattern}(?!\w)").search(text, start)
    return found.start() if found else -1


def _pairs(doc: GoldDoc, records: list[Deliberation],
           starts: list[int]) -> list[tuple[GoldItem, Deliberation | None]]:
    """Each gold item with the record whose span holds its heading (by title for flat texts)."""
    if not _has_lines(doc):
        predicted = [_fields(r) for r in records]
        gold = [item.values for item in doc.items]
        by_id = {id(f): r for f, r in zip(predicted, records, strict=True)}
        return [(item, by_id[id(match)] if match else None)
                for item, (_, match) in zip(doc.items, pair_up(gold, predicted), strict=True)]
    used: set[int] = set()
    pairs: list[tuple[GoldItem, Deliberation | None]] = []
    for item in doc.items:
        anchor = item.title_lines[0] if item.title_lines else item.start
        owner = max((i for i, start in enumerate(starts) if start <= anchor), default=None)
        if owner is None or owner in used:
            pairs.append((item, None))
            continue
        used.add(owner)
        pairs.append((item, records[owner]))
    return pairs


def _count_split(items: list[GoldItem], starts: list[int], split: dict[str, int]) -> None:
    """A predicted start matches a gold item when it lies on its heading lines (one line slack)."""
    free = sorted(set(starts))
    split["predicted"] += len(free)
    split["gold"] += len(items)
    for item in items:
        low, high = item.start - 1, max([item.start, *item.title_lines]) + 1
        match = next((s for s in free if low <= s <= high), None)
        if match is not None:
            free.remove(match)
            split["true"] += 1


def _prf(split: dict[str, int]) -> dict[str, float]:
    precision = split["true"] / split["predicted"] if split["predicted"] else 0.0
    recall = split["true"] / split["gold"] if split["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"split_precision": round(precision, 3), "split_recall": round(recall, 3),
            "split_f1": round(f1, 3), "split_gold_items": split["gold"]}
