"""Check the multi-authority question set: format, split, answer strings found in the sources."""

import argparse
import csv
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from eval.questions import Question, file_key, fold_answer, load_questions
from index.errors import DelibError

HERE = Path(__file__).resolve().parent / "multi"
MINIMA = {"questions": 400, "authorities": 40}
SHARES = {"paraphrase": 0.15, "followup": 0.10, "unanswerable": 0.15}
COPY_WORDS = 8  # a question sharing this many consecutive words with a source is copied
Sources = tuple[dict[str, str], dict[str, str], dict[str, str]]  # sides, texts, owners


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_texts(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """File key -> text, file key -> authority id."""
    texts, owner = {}, {}
    for row in read_tsv(root / "provenance.tsv"):
        key = file_key(row["text"])
        texts[key] = (root / row["text"]).read_text(encoding="utf-8", errors="replace")
        owner[key] = row["authority_id"]
    return texts, owner


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold_answer_spaced(text))


def fold_answer_spaced(text: str) -> str:
    return " ".join(fold_answer(part) for part in text.split())


def problems(question: Question, split: str, splits: dict[str, str],
             texts: dict[str, str], owner: dict[str, str]) -> list[str]:
    """What is wrong with one question (empty when it is fine)."""
    found: list[str] = []
    if question.authority not in splits:
        return [f"collectivité inconnue : {question.authority!r}"]
    if splits[question.authority] != split:
        found.append(f"{question.authority} est dans « {splits[question.authority]} »")
    keys = [file_key(name) for name in question.relevant]
    missing = [key for key in keys if key not in texts]
    if missing:
        return [*found, f"fichier(s) absent(s) : {', '.join(missing)}"]
    foreign = [key for key in keys if owner[key] != question.authority]
    if foreign:
        found.append(f"fichier(s) d'une autre collectivité : {', '.join(foreign)}")
    sources = [fold_answer(texts[key]) for key in keys]
    for expected in question.must_contain:
        if not any(fold_answer(expected) in source for source in sources):
            found.append(f"« {expected} » introuvable dans les sources")
    if question.type == "unanswerable" and question.must_contain:
        found.append("une question sans réponse n'a pas de must_contain")
    if question.type != "unanswerable" and not question.must_contain:
        found.append("must_contain vide")
    found.extend(_copied(question, keys, texts))
    return found


def _copied(question: Question, keys: list[str], texts: dict[str, str]) -> list[str]:
    asked = words(question.question)
    grams = {" ".join(asked[i:i + COPY_WORDS]) for i in range(len(asked) - COPY_WORDS + 1)}
    if not grams:
        return []
    for key in keys:
        source = " ".join(words(texts[key]))
        copied = next((gram for gram in grams if gram in source), None)
        if copied:
            return [f"question recopiée du texte (« {copied} »)"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path, nargs="?", default=HERE)
    parser.add_argument("--strict", action="store_true",
                        help="échoue aussi si les minima (nombre, types, collectivités) manquent")
    args = parser.parse_args(argv)
    splits = {row["authority_id"]: row["split"] for row in read_tsv(args.root / "authorities.tsv")}
    texts, owner = load_texts(args.root)
    counts: Counter[tuple[str, str]] = Counter()
    authorities: set[str] = set()
    ids: set[str] = set()
    asked: set[tuple[str, str]] = set()  # authority and question, for the conversations' turns
    errors = 0
    for path in sorted((args.root / "questions").glob("*.jsonl")):
        split = path.name.split("-", 1)[0]
        questions, found = _read(path, ids)
        errors += found
        for question in questions:
            for problem in problems(question, split, splits, texts, owner):
                print(f"{path.name} {question.id} : {problem}")
                errors += 1
            counts[(split, question.type)] += 1
            authorities.add(str(question.authority))
            asked.add((str(question.authority), question.question))
    errors += _check_conversations(args.root, ids, (splits, texts, owner), asked)
    errors += _check_off_corpus(args.root, ids, (splits, texts, owner))
    return _summary(counts, authorities, errors, args.strict)


def _read(path: Path, ids: set[str]) -> tuple[list[Question], int]:
    """The questions of ``path`` and the number of problems printed: an unreadable file, an
    identifier already used in another file (``ids`` is updated)."""
    try:
        questions = load_questions(path)
    except DelibError as error:
        print(error)
        return [], 1
    errors = 0
    for question in questions:
        if question.id in ids:
            print(f"{path.name} {question.id} : identifiant déjà utilisé dans un autre fichier")
            errors += 1
        ids.add(question.id)
    return questions, errors


def _check_off_corpus(root: Path, ids: set[str], sources: Sources) -> int:
    """The questions of ``offcorpus/*.jsonl``, checked like the questions, each unanswerable.
    They are kept out of ``questions/``, hence out of the CI's check gate, whose thresholds
    were set on the questions without them; they are not counted in the set's figures."""
    def faults(question: Question) -> list[str]:
        return [] if question.type == "unanswerable" else [
            "une question hors corpus doit être de type « unanswerable » "
            f"(ici « {question.type} »)"]

    return _check_folder(root / "offcorpus", "Hors corpus", ids, sources, faults)


def _check_conversations(root: Path, ids: set[str], sources: Sources,
                         asked: set[tuple[str, str]]) -> int:
    """The conversations of ``conversations/*.jsonl``, checked like the questions, each
    earlier turn another question of the set asked of the same authority (``asked``: authority
    and question). They are not counted in the set's figures: their questions are the set's,
    asked after another one."""
    def faults(question: Question) -> list[str]:
        found = [] if question.history else ["conversation sans tour précédent"]
        found += [f"tour précédent absent du jeu de questions de la collectivité : « {turn} »"
                  for turn in question.history if (question.authority, turn) not in asked]
        if question.question in question.history:
            found.append("la question répète un tour précédent")
        return found

    return _check_folder(root / "conversations", "Conversations", ids, sources, faults)


def _check_folder(folder: Path, label: str, ids: set[str], sources: Sources,
                  own: Callable[[Question], list[str]]) -> int:
    """Every question of ``folder/*.jsonl`` checked like the set's (``sources``: the sides,
    texts and owners), plus the faults ``own`` finds; the problems printed, then counted."""
    errors, total = 0, 0
    for path in sorted(folder.glob("*.jsonl")):
        questions, found = _read(path, ids)
        errors += found
        for question in questions:
            total += 1
            faults = problems(question, path.name.split("-", 1)[0], *sources) + own(question)
            for fault in faults:
                print(f"{path.name} {question.id} : {fault}")
            errors += len(faults)
    if total:
        print(f"{label} : {total} question(s), {errors} problème(s)")
    return errors


def _summary(counts: Counter[tuple[str, str]], authorities: set[str], errors: int,
             strict: bool) -> int:
    total = sum(counts.values())
    by_type: Counter[str] = Counter()
    by_split: Counter[str] = Counter()
    for (split, kind), n in counts.items():
        by_type[kind] += n
        by_split[split] += n
    print(f"{total} questions, {len(authorities)} collectivités, "
          f"{dict(by_split)}, {dict(sorted(by_type.items()))}, {errors} problème(s)")
    short = []
    if total < MINIMA["questions"]:
        short.append(f"moins de {MINIMA['questions']} questions")
    if len(authorities) < MINIMA["authorities"]:
        short.append(f"moins de {MINIMA['authorities']} collectivités")
    short += [f"{kind} < {share:.0%}" for kind, share in SHARES.items()
              if total and by_type[kind] / total < share]
    if short:
        print("Minima non atteints : " + ", ".join(short))
    return 1 if errors or (strict and short) else 0


if __name__ == "__main__":
    sys.exit(main())
