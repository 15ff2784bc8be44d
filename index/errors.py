"""Domain exceptions, each carrying a French message a user can act on."""

import errno


class DelibError(Exception):
    """Base of every error shown to a user; ``str(error)`` is the French message."""


class StructureModelError(DelibError):
    """The line-role model shipped with delib is missing or unreadable: the installation is at
    fault, not a file, so an ingest stops at once instead of failing every file."""


class ReadError(DelibError):
    """A file could not be turned into text; the ingest reports it and goes on."""

    kind = "illisible"


class UnsupportedFile(ReadError):
    kind = "extension non prise en charge"


class EmptyFile(ReadError):
    kind = "fichier vide"


class BinaryFile(ReadError):
    kind = "fichier binaire"


class FileTooLarge(ReadError):
    kind = "fichier trop volumineux"


class ScannedPdf(ReadError):
    kind = "PDF sans texte"


class EncryptedPdf(ReadError):
    kind = "PDF chiffré"


class CorruptPdf(ReadError):
    kind = "PDF corrompu"


class IndexStateError(DelibError):
    """The index on disk cannot serve this request as it stands."""


class IndexMismatch(IndexStateError):
    """The index was built with other settings (model, chunking, parser)."""


class IndexLocked(IndexStateError):
    """Another process is writing to the same data directory."""


class StoreUnavailable(IndexStateError):
    """The vector store (local folder or Chroma server) cannot be reached or written."""


class IndexDamaged(IndexStateError):
    """Part of the index on disk is missing, truncated or out of step with the rest."""


REINDEX_HINT = "Lancez `delib reindex` pour reconstruire l'index avec les réglages actuels."
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_WORDS = ("disk is full", "no space left", "os error 28", "file too large", "os error 27",
               "sqlite_full", "quota exceeded", "disk i/o error", "sqlite_ioerr_write")
_READ_ONLY_WORDS = ("read-only file system", "readonly database", "os error 30",
                    "permission denied", "os error 13", "sqlite_readonly")


def storage_problem(error: BaseException) -> str | None:
    """"full" or "read-only" when ``error`` (OS, SQLite or Chroma) says so, else None; a
    failed disk write counts as "full" (SQLite reports a file size limit only as an I/O error)."""
    code = getattr(error, "errno", None)
    text = f"{error} {getattr(error, 'sqlite_errorname', '')}".lower()
    if code in _FULL_ERRNOS or any(word in text for word in _FULL_WORDS):
        return "full"
    if code in _READ_ONLY_ERRNOS or any(word in text for word in _READ_ONLY_WORDS):
        return "read-only"
    return None


def storage_error(where: object, error: BaseException) -> StoreUnavailable | None:
    """A French ``StoreUnavailable`` for a full disk or a read-only folder, else None."""
    problem = storage_problem(error)
    if problem == "full":
        return StoreUnavailable(
            f"Écriture impossible dans {where} : plus d'espace disque (ou quota, ou taille "
            "maximale de fichier atteints). Ce qui était déjà indexé reste cohérent : libérez "
            "de la place (ou choisissez un autre dossier avec DELIB_DATA_DIR), puis relancez "
            "la commande, qui reprendra là où elle s'est arrêtée.")
    if problem == "read-only":
        return StoreUnavailable(
            f"Écriture impossible dans {where} : dossier en lecture seule ou sans droit "
            "d'écriture. delib doit pouvoir écrire dans son dossier de données : rendez-le "
            "accessible en écriture ou choisissez-en un autre (DELIB_DATA_DIR ou --data-dir).")
    return None


class NotFound(DelibError):
    """A deliberation or source named by the user is not in the index."""
