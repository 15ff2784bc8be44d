"""Optional login: one account in ``DELIB_AUTH`` or one per line in ``DELIB_AUTH_FILE``."""

import hmac
from collections.abc import Callable

from index.errors import DelibError
from index.settings import Settings


def accounts(settings: Settings) -> dict[str, str]:
    """``identifiant:mot de passe`` pairs; empty when no login is asked for."""
    lines: list[str] = []
    if settings.auth is not None:
        lines.append(settings.auth.get_secret_value())
    if settings.auth_file is not None:
        try:
            lines += settings.auth_file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise DelibError(f"Fichier de comptes illisible ({settings.auth_file}) : "
                             f"{error.strerror or error}") from error
    found: dict[str, str] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user.strip() or not password:
            raise DelibError(f"Compte mal écrit (ligne {number}) : attendu « identifiant:mot "
                             "de passe ».")
        found[user.strip()] = password
    return found


def checker(found: dict[str, str]) -> Callable[[str, str], bool] | None:
    """Gradio's ``auth`` callback, comparing in constant time; None when no account is set."""
    if not found:
        return None

    def check(user: str, password: str) -> bool:
        expected = found.get(user, "")
        same = hmac.compare_digest(expected.encode(), password.encode())
        return same and user in found

    return check
