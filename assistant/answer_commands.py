"""Question sub-commands: ask, chat, precedents."""

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from assistant import render
from assistant.exports import answer_json, write_precedents_csv
from assistant.forms import date_argument, filters_of
from index.models import Filters
from index.settings import Settings

OK = 0


def register(commands: Any, add: Any) -> None:
    """Add ask, chat and precedents to the ``delib`` parser (``add`` builds one sub-command)."""
    add(commands, "ask", cmd_ask, "poser une question sur les délibérations indexées",
        "Répond en citant chaque délibération utilisée (séance, objet), ou dit clairement que\n"
        "les documents ne contiennent pas la réponse.\n"
        "Exemple : delib ask \"Combien coûte l'adhésion au CLIC ?\"\n"
        "Suite de conversation : delib ask \"Qui l'a rapportée ?\" --history \"Combien coûte "
        "l'adhésion au CLIC ?\"",
        [("question", {"metavar": "QUESTION"}),
         ("--history", {"action": "append", "default": [], "metavar": "QUESTION",
                        "help": "question précédente, rejouée avant (répétable, dans l'ordre)"}),
         *_FILTER_ARGS, ("--json", {"action": "store_true", "help": "réponse en JSON"})])
    add(commands, "chat", cmd_chat, "conversation dans le terminal",
        "Posez vos questions l'une après l'autre ; les questions de suite (« Et à Lille ? »)\n"
        "reprennent le sujet précédent. Ligne vide ou Ctrl-D pour quitter.", [*_FILTER_ARGS])
    add(commands, "precedents", cmd_precedents, "retrouver les délibérations sur un sujet",
        "Liste triée par date de séance : collectivité, objet, numéro, vote, montants, extrait.\n"
        "Exemple : delib precedents \"adhésion Club Innovation et Culture\" --csv > prec.csv",
        [("subject", {"metavar": "SUJET"}), *_FILTER_ARGS,
         ("--json", {"action": "store_true", "help": "sortie JSON"}),
         ("--csv", {"action": "store_true", "help": "sortie CSV (colonnes SCDL)"})])


_FILTER_ARGS = [
    ("--collectivity", {"action": "append", "default": [], "metavar": "NOM",
                        "help": "collectivité, telle que delib list l'affiche (majuscules et "
                                "accents indifférents ; répétable)"}),
    ("--from", {"dest": "date_from", "metavar": "DATE", "type": date_argument(end=False),
                "help": "séances à partir de cette date : 2019, 2019-03, 2019-03-05 ou "
                        "05/03/2019 (une année compte de son premier jour)"}),
    ("--to", {"dest": "date_to", "metavar": "DATE", "type": date_argument(end=True),
              "help": "séances jusqu'à cette date (une année compte jusqu'à son dernier jour)"}),
]


def _filters(args: argparse.Namespace) -> Filters:
    """The filter flags, read by the web app's fields' rules (a start after the end is refused)."""
    return filters_of(args.collectivity, [], args.date_from, args.date_to)


def _assistant(settings: Settings) -> Any:
    from assistant.engine.core import Assistant

    return Assistant(settings)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)  # a wrong date is told before the index is opened
    answer = _assistant(settings).ask(args.question, args.history, filters)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
    else:
        render.answer(answer)
    return OK


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from index.embedders import warm_up

    filters = _filters(args)
    assistant = _assistant(settings)
    warm_up(assistant.embedder)  # while the first question is typed
    history: list[str] = []
    render.console.print("Posez votre question (ligne vide pour quitter).")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if not question:
            break
        render.answer(assistant.ask(question, history, filters))
        history.append(question)
    return OK


def cmd_precedents(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)
    found = _assistant(settings).precedents(args.subject, filters)
    if args.json:
        print(json.dumps([asdict(p) for p in found], ensure_ascii=False, indent=2))
    elif args.csv:
        write_precedents_csv(found, sys.stdout)
    else:
        render.precedents(found)
    return OK

