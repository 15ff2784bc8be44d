"""Shared helpers for the part-1 structure gold proposers (dev2 authorities, eval/gold/dev2-1)."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
TEXTS = ROOT / "eval" / "datasets" / "multi" / "texts"
DRAFTS = Path("/tmp/part1_drafts")

MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "decembre": 12, "décembre": 12,
}

VOTE_FIELDS = ("vote_line", "vote_result", "votes_for", "votes_against", "votes_abstention")


def read_lines(authority: str, name: str) -> list[str]:
    """The document's lines, indexed like the gold (text.split('\\n'))."""
    return (TEXTS / authority / name).read_text(encoding="utf-8").split("\n")


def clean(text: str) -> str:
    """Collapse whitespace and drop form feeds."""
    return re.sub(r"\s+", " ", text.replace("\f", " ")).strip()


def strip_trailing(text: str) -> str:
    """Drop trailing punctuation from a title."""
    return re.sub(r"[\s.,;:]+$", "", text).strip()


def item(start: int, title_lines: list[int], obj: str | None, **kw: Any) -> dict[str, Any]:
    """An item record with every key present."""
    rec: dict[str, Any] = {
        "start_line": start, "title_lines": title_lines,
        "object": strip_trailing(clean(obj)) if obj else None,
        "number_line": None, "delib_number": None, "rapporteur_line": None, "rapporteur": None,
        "vote_line": None, "vote_result": None, "votes_for": None, "votes_against": None,
        "votes_abstention": None,
    }
    rec.update(kw)
    return rec


def find_vote(lines: list[str], lo: int, hi: int, decided: re.Pattern[str] | None = None
              ) -> dict[str, Any]:
    """First vote statement in 1-based lines [lo, hi): line, result and printed counts.

    Without a stated vote, the first line matching decided (a decision verb) gives 'adopté'
    ('pris acte' when the council takes note).
    """
    for n in range(lo, hi):
        low = lines[n - 1].lower()
        if "unanimit" in low:
            return vote(n, "unanimité")
        if re.search(r"à la majorit[ée]|\d+\s*voi[xe]s?\b|[«“] ?(?:pour|oui) ?[»”]|"
                     r"\d+\s*abstention", low):
            nums = counts(clean(" ".join(lines[n - 1:n + 3])))
            return vote(n, counted_result(low, nums), nums)
    for n in range(lo, hi):
        if decided and decided.search(lines[n - 1]):
            acte = re.search(r"pren\w* acte|pris acte", lines[n - 1], re.I)
            return vote(n, "pris acte" if acte else "adopté")
    return vote(None, None)


def counted_result(low: str, nums: dict[str, int | None]) -> str:
    """Result of a vote printed with counts."""
    if re.search(r"rejet|refus", low):
        return "rejeté"
    if "majorit" in low or nums["votes_against"] or nums["votes_abstention"]:
        return "majorité"
    return "adopté" if nums["votes_for"] else "majorité"


def vote(line: int | None, result: str | None, nums: dict[str, int | None] | None = None
         ) -> dict[str, Any]:
    """The vote fields of an item."""
    nums = nums or {}
    return {"vote_line": line, "vote_result": result, "votes_for": nums.get("votes_for"),
            "votes_against": nums.get("votes_against"),
            "votes_abstention": nums.get("votes_abstention")}


def _num(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text, re.I)
    return int(m.group(1)) if m else None


def counts(text: str) -> dict[str, int | None]:
    """Votes for / against / abstention printed in a vote statement."""
    pour = _num(r"[«\"“]\s*(?:pour|oui)\s*[»\"”]\s*:\s*(\d+)", text) or _num(
        r"(\d+)\s*(?:voix|votes|voies?|[«\"“])\s*[«\"“]?\s*(?:pour|oui)\b", text) or _num(
        r"\b(\d{1,2})\s+pour\b", text)
    contre = _num(r"[«\"“]\s*contre\s*[»\"”]\s*:\s*(\d+)", text) or _num(
        r"(\d+)\s*(?:voix|voies?)?\s*[«\"“]?\s*contre\b", text)
    abst = _num(r"[«\"“]\s*abstentions?\s*[»\"”]\s*:\s*(\d+)", text) or _num(
        r"(\d+)\s*(?:voix)?\s*[«\"“(]?\s*abstentions?\b", text)
    return {"votes_for": pour, "votes_against": contre, "votes_abstention": abst}


def find_rapporteur(lines: list[str], lo: int, hi: int, pattern: str
                    ) -> tuple[int | None, str | None]:
    """First line in [lo, hi) whose text matches pattern (group 1 is the rapporteur)."""
    for n in range(lo, hi):
        m = re.search(pattern, lines[n - 1])
        if m:
            return n, clean(m.group(1) or m.group("r"))
    return None, None


def iso(day: int, month: int, year: int) -> str:
    """ISO date, checked."""
    return date(year, month, day).isoformat()


def doc(name: str, authority: str, kind: str, collectivity: str, body: str, session_date: str,
        president: str | None, items: list[dict[str, Any]]) -> dict[str, Any]:
    """One gold line."""
    return {"file": name, "authority_id": authority, "kind": kind, "collectivity": collectivity,
            "body": body, "session_date": session_date, "president": president,
            "deliberations": items}


def apply_fixes(items: list[dict[str, Any]], fixes: dict[int, Any]) -> tuple[list[dict], int]:
    """Apply hand fixes keyed by start_line: None drops, a dict updates; returns items, count.

    A fix keyed by a start_line absent from items, holding 'start_line', adds a new item.
    """
    out, touched = [], 0
    by_start = {it["start_line"]: it for it in items}
    for start, fix in fixes.items():
        if start not in by_start and fix is not None:
            by_start[start] = item(start, [], None)
    for start in sorted(by_start):
        it = by_start[start]
        if start in fixes:
            touched += 1
            if fixes[start] is None:
                continue
            it = {**it, **fixes[start]}
            if "object" in fixes[start] and it["object"]:
                it["object"] = strip_trailing(clean(it["object"]))
        out.append(it)
    return out, touched


def check(rec: dict[str, Any]) -> list[str]:
    """Problems in one gold line (empty when sound)."""
    errs: list[str] = []
    lines = read_lines(rec["authority_id"], rec["file"])
    date.fromisoformat(rec["session_date"])
    last = 0
    for it in rec["deliberations"]:
        tag = f"{rec['file']}:{it['start_line']}"
        if it["start_line"] <= last:
            errs.append(f"{tag} start_line not increasing")
        last = it["start_line"]
        for key in ("start_line", "number_line", "rapporteur_line", "vote_line"):
            if it[key] is not None and not 1 <= it[key] <= len(lines):
                errs.append(f"{tag} {key} out of range")
        for n in it["title_lines"]:
            if not 1 <= n <= len(lines):
                errs.append(f"{tag} title line out of range")
        if it["object"]:
            joined = fold(" ".join(lines[n - 1] for n in it["title_lines"]))
            if fold(it["object"]) not in joined:
                errs.append(f"{tag} object not on title lines: {it['object']!r}")
        elif it["title_lines"]:
            errs.append(f"{tag} title lines without object")
        if it["rapporteur"] and it["rapporteur_line"] is None:
            errs.append(f"{tag} rapporteur without line")
        if it["vote_result"] and it["vote_line"] is None and rec["kind"] != "list":
            errs.append(f"{tag} vote without line")
    return errs


def fold(text: str) -> str:
    """Case and space insensitive form."""
    return re.sub(r"\s+", "", text.replace("\f", "")).lower()


def review(rec: dict[str, Any], out: Any = sys.stdout) -> None:
    """Print each proposed item with two lines of context for hand checking."""
    lines = read_lines(rec["authority_id"], rec["file"])
    print(f"### {rec['file']} {rec['session_date']} pres={rec['president']!r} "
          f"n={len(rec['deliberations'])}", file=out)
    for it in rec["deliberations"]:
        s = it["start_line"]
        print(f"  [{s}] {it['object']!r} #{it['delib_number']} tl={it['title_lines']}", file=out)
        for n in range(s, min(s + 3, len(lines) + 1)):
            print(f"      {n}: {lines[n - 1][:110]}", file=out)
        print(f"      rap={it['rapporteur']!r}@{it['rapporteur_line']} vote={it['vote_result']}"
              f"@{it['vote_line']} {it['votes_for']}/{it['votes_against']}/{it['votes_abstention']}"
              + (f" :: {lines[it['vote_line'] - 1][:90]}" if it["vote_line"] else ""), file=out)


def save(name: str, recs: list[dict[str, Any]]) -> None:
    """Write a draft JSONL and its review listing; report check problems."""
    DRAFTS.mkdir(exist_ok=True)
    with open(DRAFTS / f"{name}.jsonl", "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(DRAFTS / f"{name}.review.txt", "w", encoding="utf-8") as fh:
        for rec in recs:
            review(rec, fh)
    for rec in recs:
        for err in check(rec):
            print("CHECK", err)
    print(f"{name}: {len(recs)} documents, {sum(len(r['deliberations']) for r in recs)} items")
