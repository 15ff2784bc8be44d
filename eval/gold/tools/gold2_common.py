"""Shared helpers for the part-2 dev2 structure-gold proposers (lines, votes, checks, review)."""
from __future__ import annotations

import datetime as _dt
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
TEXTS = ROOT / "eval" / "datasets" / "multi" / "texts"
OUT = ROOT / "eval" / "gold" / "dev2-2.jsonl"


_MONTH_NAMES = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre"
MONTHS = {m: i + 1 for i, m in enumerate([*_MONTH_NAMES.split(), "decembre"])}


def find_date(text: str, prefix: str = "") -> str | None:
    """First 'D mois YYYY' date (after an optional regex prefix) in a text, as ISO."""
    rx = prefix + r"(\d{1,2})(?:er)?\W* (" + "|".join(MONTHS) + r") (\d{4})"
    m = re.search(rx, norm(text))
    return f"{m.group(3)}-{MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}" if m else None


def load(authority: str, name: str) -> list[str]:
    """Lines of a shipped text, 0-based list (gold uses 1-based indexes)."""
    return (TEXTS / authority / name).read_text(encoding="utf-8").split("\n")


def norm(s: str) -> str:
    """Lower-case, accent-free, single-spaced, apostrophes unified."""
    s = unicodedata.normalize("NFKD", s.replace("’", "'").replace("\u2019", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", s).strip()


def clean_object(s: str) -> str:
    """Single spaces, no trailing punctuation."""
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"[\s.;:,]+$", "", s)


_NUM = r"(\d+)"
VOTE_START = re.compile(
    r"^\s*[-−–•]?\s*(vote\b|pour\s*:|contre\s*:|abstentions?\s*:|(?-i:ADOPTÉ|Adopté|APPROUVÉ|"
    r"Approuvé|REJETÉ|Rejeté))|"
    r"apr[eè]s (?:en )?avoir d[ée]lib[ée]r[ée]|voix pour",
    re.I,
)
VOTE_WEAK = re.compile(r"unanimit|à la majorité|prend acte|pris acte", re.I)


def _count(block: str, pat: str) -> int | None:
    m = re.search(pat, block, re.I)
    return int(m.group(1)) if m else None


def _first(block: str, *pats: str) -> int | None:
    for p in pats:
        v = _count(block, p)
        if v is not None:
            return v
    return None


def parse_vote(block: str) -> dict[str, Any]:
    """Result and counts from the text of a vote block."""
    low = norm(block)
    f = _first(low, r"pour\s*:\s*" + _NUM, _NUM + r"\s*voix pour")
    a = _first(low, r"contre\s*:\s*" + _NUM, _NUM + r"\s*(?:voix\s*)?contre")
    ab = _first(low, r"abstentions?\s*:\s*" + _NUM, _NUM + r"\s*abstention")
    if "unanimit" in low:
        res = "unanimité"
    elif "rejet" in low:
        res = "rejeté"
    elif "majorit" in low or (a or 0) > 0:
        res = "majorité"
    elif "acte" in low and ("prend" in low or "pris" in low):
        res = "pris acte"
    else:
        res = "adopté"
    return {"vote_result": res, "votes_for": f, "votes_against": a, "votes_abstention": ab}


NO_VOTE = {"vote_line": None, "vote_result": None, "votes_for": None,
           "votes_against": None, "votes_abstention": None}


def find_vote(lines: list[str], start: int, end: int, span: int = 4) -> dict[str, Any]:
    """First vote line (0-based search in [start, end)) and its parsed block."""
    for rx in (VOTE_START, VOTE_WEAK):
        for i in range(start, end):
            if rx.search(lines[i]):
                block = " ".join(lines[i:min(end, i + span)])
                return {"vote_line": i + 1, **parse_vote(block)}
    return dict(NO_VOTE)


def apply_fixes(entry: dict[str, Any], fixes: dict[int, dict[str, Any] | None],
                added: list[dict[str, Any]] | None = None) -> int:
    """Hand corrections by start_line (None drops the item); returns how many items were touched."""
    kept = []
    for it in entry["deliberations"]:
        fx = fixes.get(it["start_line"], {})
        if fx is None:
            continue
        it.update(fx)
        kept.append(it)
    kept += added or []
    entry["deliberations"] = sorted(kept, key=lambda d: d["start_line"])
    return len(fixes) + len(added or [])


def item(start: int, title_lines: list[int], obj: str | None, number_line: int | None = None,
         number: str | None = None, rap_line: int | None = None, rap: str | None = None,
         vote: dict[str, Any] | None = None) -> dict[str, Any]:
    """One gold item (all line numbers 1-based)."""
    d = {"start_line": start, "title_lines": title_lines,
         "object": clean_object(obj) if obj else None,
         "number_line": number_line, "delib_number": number,
         "rapporteur_line": rap_line, "rapporteur": rap}
    d.update(vote or NO_VOTE)
    return d


def check(entry: dict[str, Any]) -> list[str]:
    """Problems in one entry (empty when valid)."""
    lines = load(entry["authority_id"], entry["file"])
    errs = []
    _dt.date.fromisoformat(entry["session_date"])
    prev = 0
    for it in entry["deliberations"]:
        for k in ("start_line", "number_line", "rapporteur_line", "vote_line"):
            v = it.get(k)
            if v is not None and not 1 <= v <= len(lines):
                errs.append(f"{k} {v} out of range")
        if it["start_line"] <= prev:
            errs.append(f"start_line {it['start_line']} not increasing")
        prev = it["start_line"]
        if it["object"]:
            text = norm(" ".join(lines[i - 1] for i in it["title_lines"]))
            if norm(it["object"]) not in text:
                errs.append(f"object not on title lines {it['title_lines']}: {it['object'][:60]}")
        elif it["title_lines"]:
            errs.append("title_lines without object")
        rap, rap_line = it["rapporteur"], it["rapporteur_line"]
        if rap and rap_line and norm(rap) not in norm(lines[rap_line - 1]):
            errs.append(f"rapporteur not on its line: {rap}")
        num, num_line = it["delib_number"], it["number_line"]
        if num and num_line and norm(num) not in norm(lines[num_line - 1]):
            errs.append(f"number not on its line: {num}")
    return errs


def review(entry: dict[str, Any], ctx: int = 1) -> None:
    """Print the items of an entry with their context for hand checking."""
    lines = load(entry["authority_id"], entry["file"])
    print(f"=== {entry['file']} {entry['kind']} {entry['session_date']} "
          f"items={len(entry['deliberations'])}")
    for it in entry["deliberations"]:
        s = it["start_line"]
        print(f"  [{s}] #{it['delib_number']} T{it['title_lines']} {it['object']!r}")
        for j in range(s + len(it["title_lines"]), s + len(it["title_lines"]) + ctx):
            if j <= len(lines):
                print(f"      +{j}: {lines[j - 1][:110]}")
        if it["rapporteur"]:
            print(f"      R{it['rapporteur_line']}: {it['rapporteur']}")
        if it["vote_line"]:
            print(f"      V{it['vote_line']}: {it['vote_result']} {it['votes_for']}/"
                  f"{it['votes_against']}/{it['votes_abstention']} "
                  f"| {lines[it['vote_line'] - 1][:90]}")
    for e in check(entry):
        print("  !!", e)


def write(entries: list[dict[str, Any]], authority: str) -> None:
    """Replace this authority's lines in the part-2 gold file, keeping the others."""
    kept = []
    if OUT.exists():
        kept = [json.loads(x) for x in OUT.read_text(encoding="utf-8").splitlines() if x.strip()]
        kept = [e for e in kept if e["authority_id"] != authority]
    bad = [(e["file"], check(e)) for e in entries if check(e)]
    if bad:
        sys.exit(f"not written, errors: {bad}")
    with OUT.open("w", encoding="utf-8") as fh:
        for e in kept + entries:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(f"wrote {len(entries)} {authority} entries ({len(kept)} others kept) to {OUT}")
