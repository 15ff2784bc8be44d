"""Named evaluation settings for ``delib eval --compare``: fusion, chunk size, model, answerer."""

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.engine.retrieval import RetrievalConfig
from index.errors import DelibError
from index.settings import Settings

DEFAULT = "hybrid"
FUSION_NAMES = {"hybrid": None, "dense": "dense", "lexical": "lexical", "rrf": "rrf",
                "fitted": "fitted"}
ANSWERERS = ("extractive", "llm")
FORMS = ("hybrid", "dense", "lexical", "rrf", "fitted", "weighted:0.5", "chunk:128",
         "model:NOM", "answerer:extractive", "answerer:llm")
MIN_CHUNK_TOKENS = 32


class ConfigError(DelibError):
    """A --compare name that cannot be understood or run here."""


@dataclass(frozen=True)
class EvalConfig:
    """One configuration to evaluate; ``None`` fields keep the current settings."""

    name: str
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    chunk_tokens: int | None = None
    model: str | None = None
    answerer: str | None = None

    @property
    def label(self) -> str:
        """The name with a model path cut to its last two parts, for tables and folders."""
        return "+".join(f"model:{'/'.join(Path(part[6:]).parts[-2:])}"
                        if part.startswith("model:") else part for part in self.name.split("+"))

    @property
    def folder(self) -> str:
        """Sub-folder of the output folder for this configuration's reports."""
        return slug(self.label)

    @property
    def index_folder(self) -> str:
        """``index`` when only retrieval or answering changes, else an index of its own."""
        model = "/".join(Path(self.model).parts[-2:]) if self.model else ""
        parts = [f"chunk{self.chunk_tokens}" if self.chunk_tokens else "",
                 f"model-{slug(model)}" if model else ""]
        return "-".join(["index", *filter(None, parts)])

    def settings(self, base: Settings) -> Settings:
        """``base`` with this configuration's model, chunk size and answerer."""
        update: dict[str, object] = {}
        if self.chunk_tokens:
            update["chunk_tokens"] = self.chunk_tokens
        if self.model:
            update["embedding_model"] = self.model
        if self.answerer == "extractive":
            update["llm_base_url"] = None
        if self.answerer == "llm" and not (base.llm_base_url and base.llm_model):
            raise ConfigError("« answerer:llm » demande un LLM : définissez DELIB_LLM_BASE_URL "
                              "et DELIB_LLM_MODEL (point d'accès compatible OpenAI).")
        return base.model_copy(update=update)


def slug(text: str) -> str:
    """A file-name-safe form: "weighted:0.5" -> "weighted-0.5"."""
    return re.sub(r"[^A-Za-z0-9._+]+", "-", text).strip("-.")[:60] or "config"


def parse_configs(text: str) -> list[EvalConfig]:
    """"dense,lexical,hybrid" -> three configurations (duplicates dropped, order kept)."""
    names = list(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    if not names:
        raise ConfigError(f"--compare attend des noms séparés par des virgules ({_forms()}).")
    return [parse_config(name) for name in names]


def parse_config(name: str) -> EvalConfig:
    """One name; parts joined by "+" combine ("lexical+chunk:128")."""
    config = EvalConfig(name)
    for part in name.split("+"):
        config = _apply(config, part.strip(), name)
    return config


def _apply(config: EvalConfig, part: str, name: str) -> EvalConfig:
    key, _, value = part.partition(":")
    if key in FUSION_NAMES and not value:
        fusion = FUSION_NAMES[key]
        return config if fusion is None else replace(
            config, retrieval=replace(config.retrieval, fusion=fusion))
    if key == "weighted" and _number(value) is not None and 0 <= float(value) <= 1:
        retrieval = replace(config.retrieval, fusion="weighted", dense_weight=float(value))
        return replace(config, retrieval=retrieval)
    if key == "chunk" and value.isdigit() and int(value) >= MIN_CHUNK_TOKENS:
        return replace(config, chunk_tokens=int(value))
    if key == "model" and value:
        return replace(config, model=value)
    if key == "answerer" and value in ANSWERERS:
        return replace(config, answerer=value)
    raise ConfigError(f"configuration « {name} » inconnue : « {part} » ne se lit pas "
                      f"(formes reconnues : {_forms()} ; poids dense entre 0 et 1, "
                      f"chunk d'au moins {MIN_CHUNK_TOKENS} jetons).")


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _forms() -> str:
    return ", ".join(FORMS)
