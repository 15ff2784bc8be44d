"""OCR benchmark: pages/s, confidence and character error rate at 200 and 300 dpi on the real
scans of ../shared/corpus/scans/saint_restitut and on synthetic degraded pages, and what the
parser recovers (session dates, agenda items, amounts); writes benchmarks/results/ocr.json."""

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.scans import DELIBERATION, font_path, scan_pdf
from eval.metrics import character_error_rate
from index.ocr import DPI, LOW_CONFIDENCE, OcrEngine, find_engine, mark_ocr, recognize
from index.parsing import parse_document
from index.reader import read_document

REPO = Path(__file__).resolve().parents[1]
SCANS = REPO.parent / "shared" / "corpus" / "scans" / "saint_restitut"
DATA = Path(__file__).parent / "data"
TRUTH = DATA / "ocr_saint_restitut.json"
OUT = Path(__file__).parent / "results" / "ocr.json"
DEGRADATIONS = ((0.0, 0.0), (1.0, 0.0), (1.5, 0.0), (2.0, 0.0), (2.1, 0.0), (2.2, 0.0),
                (2.3, 0.0), (2.4, 0.0), (2.5, 0.0), (0.0, 0.005), (0.0, 0.01), (1.0, 0.01))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=Path, default=SCANS, help="dossier des six scans")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    engine = find_engine()
    if engine is None:
        print("Tesseract absent : apt-get install tesseract-ocr tesseract-ocr-fra ; banc sauté.")
        return 0
    if not args.scans.is_dir():
        print(f"{args.scans} absent (scans réels non livrés avec le projet) : banc OCR sauté.")
        return 0
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    result: dict[str, Any] = {"engine": engine.identity, "chosen_dpi": DPI,
                              "low_confidence": LOW_CONFIDENCE, "provenance": truth["provenance"]}
    result["real"] = {str(dpi): real_pages(replace(engine, dpi=dpi), args.scans, truth)
                      for dpi in (200, 300)}
    result["synthetic"] = synthetic(engine) if font_path() else "police TrueType absente"
    result["parser"] = parser_recovery(replace(engine, dpi=DPI), args.scans, truth)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "provenance"}, ensure_ascii=False,
                     indent=1)[:4000])
    return 0


def real_pages(engine: OcrEngine, scans: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """Every page of every scan: seconds, mean confidence; CER on the transcribed page."""
    pages, seconds = [], 0.0
    reference = truth["transcription"]
    for name in sorted(truth["files"]):
        document = read_document(scans / name, 10**9, 1000, None)
        for number in document.scanned:
            started = time.perf_counter()
            page = engine.read_page(scans / name, number - 1)
            seconds += time.perf_counter() - started
            entry = {"file": name, "page": number, "confidence": page.confidence,
                     "words": len(page.words)}
            if (name, number) == (reference["file"], reference["page"]):
                text = (DATA / reference["text"]).read_text(encoding="utf-8")
                entry["cer"] = round(character_error_rate(text, page.text), 4)
                entry["cer_ignoring_case"] = round(character_error_rate(
                    text.lower(), page.text.lower()), 4)
            entry["printed_amounts_read"] = [
                amount for amount in truth["files"][name]["printed_amounts"]
                if re.search(rf"(?<![\d.,]){re.escape(amount)} ?€", page.text)]
            pages.append(entry)
    with_words = [p["confidence"] for p in pages if p["words"]]
    printed = sum(len(facts["printed_amounts"]) for facts in truth["files"].values())
    return {"pages": len(pages), "seconds": round(seconds, 1),
            "printed_amounts_read": f"{sum(len(p['printed_amounts_read']) for p in pages)}"
                                    f"/{printed}",
            "pages_per_s": round(len(pages) / seconds, 3),
            "confidence_min": min(with_words), "confidence_mean": round(
                sum(with_words) / len(with_words), 1),
            "pages_below_low_confidence": [p for p in pages
                                           if p["words"] and p["confidence"] < LOW_CONFIDENCE],
            "transcribed_page": next(p for p in pages if "cer" in p), "per_page": pages}


def synthetic(engine: OcrEngine) -> list[dict[str, Any]]:
    """The synthetic deliberation page, blurred and speckled: confidence against CER."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for blur, speckle in DEGRADATIONS:
            pdf = scan_pdf(Path(folder) / "page.pdf", [DELIBERATION], blur=blur, speckle=speckle)
            for dpi in (200, 300):
                started = time.perf_counter()
                page = replace(engine, dpi=dpi).read_page(pdf, 0)
                rows.append({"blur": blur, "speckle": speckle, "dpi": dpi,
                             "seconds": round(time.perf_counter() - started, 2),
                             "confidence": page.confidence, "cer": round(character_error_rate(
                                 "\n".join(DELIBERATION), page.text), 4)})
    return rows


def parser_recovery(engine: OcrEngine, scans: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """Session dates, agenda items (as deliberation objects) and amounts found by the parser."""
    found = {"session_dates": 0, "agenda_items": 0, "amounts": 0}
    expected = {"session_dates": 0, "agenda_items": 0, "amounts": 0}
    per_file = {}
    for name, facts in sorted(truth["files"].items()):
        document = recognize(read_document(scans / name, 10**9, 1000, None), engine)
        delibs = mark_ocr(parse_document(document), document)
        dates = {d.session_date for d in delibs}
        objects = [_words(d.object or "") for d in delibs]
        items = [item for item in facts["agenda"] if any(
            _covers(objects_words, _words(item)) for objects_words in objects)]
        values = {round(a.value, 2) for d in delibs for a in d.amounts}
        amounts = [v for v in facts["amounts"] if round(v, 2) in values]
        per_file[name] = {"session_date": facts["session_date"] in dates,
                          "dates_found": sorted(d for d in dates if d),
                          "deliberations": len(delibs),
                          "agenda_items": f"{len(items)}/{len(facts['agenda'])}",
                          "amounts": f"{len(amounts)}/{len(facts['amounts'])}"}
        found["session_dates"] += facts["session_date"] in dates
        found["agenda_items"] += len(items)
        found["amounts"] += len(amounts)
        expected["session_dates"] += 1
        expected["agenda_items"] += len(facts["agenda"])
        expected["amounts"] += len(facts["amounts"])
    return {"found": found, "expected": expected, "per_file": per_file,
            "agenda_rule": "an item is found when a deliberation's object holds at least 60 % "
                           "of its words (accents and case ignored)"}


def _words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return {word for word in re.findall(r"[a-z0-9]+", plain) if len(word) > 1}


def _covers(object_words: set[str], item_words: set[str]) -> bool:
    return bool(item_words) and len(item_words & object_words) >= 0.6 * len(item_words)


if __name__ == "__main__":
    sys.exit(main())
