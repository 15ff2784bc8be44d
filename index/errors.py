"""Domain exceptions, each carrying a French message a user can act on."""


class DelibError(Exception):
    """Base of every error shown to a user; ``str(error)`` is the French message."""


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


class NotFound(DelibError):
    """A deliberation or source named by the user is not in the index."""
