"""The ``delib serve`` sub-command: the web app for officials and staff."""

import argparse
from typing import Any

from index.settings import Settings

OK = 0


def register(commands: Any, add: Any) -> None:
    """Add ``serve`` to the ``delib`` parser (``add`` builds one sub-command)."""
    add(commands, "serve", cmd_serve, "ouvrir l'application web (conversation, précédents, "
        "documents)",
        "Sert l'application dans le navigateur : questions avec sources citées, recherche de\n"
        "précédents, ajout et retrait de documents. Le modèle et l'index sont chargés une fois.\n"
        "Connexion facultative : DELIB_AUTH=\"identifiant:mot de passe\" ou DELIB_AUTH_FILE.\n"
        "Exemple : delib serve --port 7860, puis ouvrir http://127.0.0.1:7860",
        [("--host", {"default": "127.0.0.1", "metavar": "ADRESSE",
                     "help": "adresse d'écoute (par défaut 127.0.0.1 ; 0.0.0.0 pour le réseau)"}),
         ("--port", {"type": int, "default": 7860, "metavar": "PORT",
                     "help": "port d'écoute (par défaut 7860)"})])


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.server import serve

    serve(settings, args.host, args.port)
    return OK
