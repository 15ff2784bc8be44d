"""The optional language model: an OpenAI-compatible chat client and the checks of its answers."""

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from assistant.engine.prompts import REFUSAL, passage_header
from assistant.engine.sentences import split_sentences
from index.errors import DelibError
from index.models import Passage
from index.settings import Settings

Messages = Sequence[Mapping[str, str]]


class LLMError(DelibError):
    """The language model could not give an answer; the message never contains the API key."""


@dataclass(frozen=True)
class ChatClient:
    """A client of ``{base_url}/chat/completions`` (OpenAI, vLLM, Ollama, llama.cpp, …)."""

    base_url: str
    model: str
    api_key: SecretStr | None = None
    timeout_s: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "ChatClient | None":
        """The configured client, or None when no endpoint or model is set (extractive mode)."""
        if not settings.llm_base_url or not settings.llm_model:
            return None
        return cls(settings.llm_base_url, settings.llm_model, settings.llm_api_key,
                   settings.llm_timeout_s)

    @property
    def url(self) -> str:
        return f"{self.base_url.rstrip('/')}/chat/completions"

    def stream(self, messages: Messages) -> Iterator[str]:
        """Text deltas as they arrive; LLMError on any failure, including a truncated stream."""
        with self._failures(), self._http() as http, http.stream(
                "POST", self.url, json=self._payload(messages, True),
                headers=self._headers("text/event-stream")) as response:
            if response.status_code >= 400:
                raise LLMError(_status_message(response.status_code, response.read(), self._key))
            yield from _deltas(response.iter_lines(), self._key)

    def complete(self, messages: Messages) -> str:
        """The whole answer in one response (``stream: false``)."""
        with self._failures(), self._http() as http:
            response = http.post(self.url, json=self._payload(messages, False),
                                 headers=self._headers("application/json"))
        if response.status_code >= 400:
            raise LLMError(_status_message(response.status_code, response.content, self._key))
        return _message_content(response.content, self._key)

    @property
    def _key(self) -> str:
        return self.api_key.get_secret_value() if self.api_key else ""

    def _http(self) -> httpx.Client:
        # trust_env=False: no proxy or certificate variable is read behind the Settings' back.
        return httpx.Client(timeout=httpx.Timeout(self.timeout_s), trust_env=False)

    def _payload(self, messages: Messages, stream: bool) -> dict[str, Any]:
        return {"model": self.model, "messages": [dict(m) for m in messages], "stream": stream}

    def _headers(self, accept: str) -> dict[str, str]:
        headers = {"Accept": accept}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        return headers

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """Turn transport failures into LLMError with a French message naming what to check."""
        try:
            yield
        except httpx.TimeoutException as error:
            raise LLMError(f"Le modèle de langue n'a pas répondu dans le délai de "
                           f"{self.timeout_s:g} s ({self.url}) : augmentez DELIB_LLM_TIMEOUT_S "
                           "ou vérifiez la charge du serveur.") from error
        except httpx.ConnectError as error:
            raise LLMError(f"Impossible de joindre le modèle de langue à {self.url} : vérifiez "
                           "DELIB_LLM_BASE_URL et que le serveur est démarré.") from error
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise LLMError(_TRUNCATED) from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            detail = _redact(str(error), self._key)
            raise LLMError(f"Échec de l'appel au modèle de langue ({self.url}) : {detail}. "
                           "Vérifiez DELIB_LLM_BASE_URL (…/v1).") from error


_TRUNCATED = ("Le flux du modèle de langue s'est interrompu avant la fin de la réponse : "
              "réessayez ou vérifiez le serveur.")
_MALFORMED = ("Réponse illisible du modèle de langue ({}) : vérifiez que le serveur est "
              "compatible OpenAI (…/v1/chat/completions).")
_STATUS_HINTS = {
    400: "requête refusée : vérifiez DELIB_LLM_MODEL et la taille du contexte",
    401: "clé d'API refusée : vérifiez DELIB_LLM_API_KEY",
    403: "accès interdit avec cette clé : vérifiez DELIB_LLM_API_KEY",
    404: "point d'accès ou modèle introuvable : vérifiez DELIB_LLM_BASE_URL (…/v1) "
         "et DELIB_LLM_MODEL",
    429: "trop de requêtes ou quota épuisé : réessayez plus tard",
}


def _redact(text: str, key: str) -> str:
    return text.replace(key, "***") if key else text


def _error_text(data: Any) -> str:
    """The message of an OpenAI-style error object (``{"error": {"message": …}}``) or of data."""
    error = data.get("error", data) if isinstance(data, dict) else data
    message = error.get("message", error) if isinstance(error, dict) else error
    return " ".join(str(message).split())[:200]


def _server_detail(body: bytes) -> str:
    """The server's own explanation of an HTTP error, when it sends one."""
    try:
        return _error_text(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        return " ".join(body.decode("utf-8", "replace").split())[:200]


def _status_hint(status: int) -> str:
    if status in _STATUS_HINTS:
        return _STATUS_HINTS[status]
    if status >= 500:
        return "erreur du serveur : réessayez plus tard ou consultez ses journaux"
    return "requête refusée"


def _status_message(status: int, body: bytes, key: str) -> str:
    detail = _redact(_server_detail(body), key)
    return f"Le modèle de langue a répondu HTTP {status}, {_status_hint(status)}." + (
        f" Détail : {detail}" if detail else "")


def _stream_error(event: dict[str, Any], key: str) -> LLMError | None:
    """An error reported inside a 200 response (vLLM, OpenRouter, …), if ``event`` is one."""
    if "error" not in event and event.get("object") != "error":
        return None
    detail = _redact(_error_text(event), key)
    return LLMError(f"Le modèle de langue a interrompu sa réponse sur une erreur : {detail}")


def _sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The data of each Server-Sent Event (multi-line data joined, comments and fields skipped)."""
    pending: list[str] = []
    for line in lines:
        if not line:
            if pending:
                yield "\n".join(pending)
            pending = []
        elif line.startswith("data:"):
            value = line[5:]
            pending.append(value[1:] if value.startswith(" ") else value)
    if pending:
        yield "\n".join(pending)


def _delta_text(event: dict[str, Any]) -> str:
    choices = event.get("choices")
    if not choices:
        return ""  # a usage or keep-alive event
    if not isinstance(choices, list) or not isinstance(choices[0], dict):
        raise LLMError(_MALFORMED.format("champ « choices » inattendu"))
    delta = choices[0].get("delta") or {}
    content = delta.get("content") if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ""


def _deltas(lines: Iterable[str], key: str) -> Iterator[str]:
    """Text deltas of an OpenAI chat stream, which must end with ``data: [DONE]``."""
    for data in _sse_data(lines):
        if data.strip() == "[DONE]":
            return
        try:
            event = json.loads(data)
        except ValueError as error:
            raise LLMError(_MALFORMED.format("fragment JSON invalide dans le flux")) from error
        if not isinstance(event, dict):
            raise LLMError(_MALFORMED.format("fragment du flux qui n'est pas un objet JSON"))
        failure = _stream_error(event, key)
        if failure:
            raise failure
        if text := _delta_text(event):
            yield text
    raise LLMError(_TRUNCATED)


def _message_content(body: bytes, key: str) -> str:
    """``choices[0].message.content`` of a non-streamed answer."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise LLMError(_MALFORMED.format("réponse qui n'est pas du JSON")) from error
    if isinstance(data, dict) and (failure := _stream_error(data, key)):
        raise failure
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise LLMError(_MALFORMED.format("réponse sans choices[0].message.content")) from error
    if not isinstance(content, str):
        raise LLMError(_MALFORMED.format("contenu de message qui n'est pas du texte"))
    return content


# --- Checking an answer against the passages it cites -------------------------------------------

@dataclass(frozen=True)
class CheckedAnswer:
    """An answer with unknown markers removed, the passages it cites, and its doubtful sentences."""

    text: str
    cited: tuple[int, ...]  # passage numbers, in order of first use
    flagged: tuple[str, ...]  # sentences without a citation or with an unsupported figure


_HSPACE = "[ \t\u00a0\u202f]"
_MARKER = re.compile(rf"{_HSPACE}*\[\s*(\d[\d\s,;\-–]*)\]")
_MARKER_BODY = re.compile(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?")
# A French number: 12 000 / 12.000 / 1 234 567,89 (any space or dot between groups) or plain digits.
_FIGURE = re.compile(r"(?<!\d)(?:\d{1,3}(?:[ .\u00a0\u202f]\d{3})+(?!\d)|\d+)(?:,\d+)?")


def _marker_numbers(body: str) -> list[int] | None:
    """[1, 3] -> [1, 3]; [2-4] -> [2, 3, 4]; None when the brackets hold no citation list."""
    numbers: list[int] = []
    for item in re.split(r"[,;]", body):
        match = _MARKER_BODY.fullmatch(item)
        if not match:
            return None
        low, high = int(match[1]), int(match[2] or match[1])
        numbers.extend(range(low, min(high, low + 50) + 1))
    return numbers


def _clean_markers(text: str, count: int) -> str:
    """Drop every cited number outside 1..count, and a marker left empty."""
    def keep(match: re.Match[str]) -> str:
        numbers = _marker_numbers(match[1])
        if numbers is None:
            return match[0]
        valid = list(dict.fromkeys(n for n in numbers if 1 <= n <= count))
        lead = match[0][: match[0].index("[")]
        return f"{lead}[{', '.join(map(str, valid))}]" if valid else ""
    return _MARKER.sub(keep, text)


def _cited(sentence: str) -> list[int]:
    return [n for match in _MARKER.finditer(sentence) for n in _marker_numbers(match[1]) or []]


def figures(text: str) -> set[str]:
    """Numbers written in ``text``, normalised: "12 000,50" and "12.000,5" both give "12000,5"."""
    found = set()
    for match in _FIGURE.finditer(text):
        whole, _, decimals = re.sub(r"[ .\u00a0\u202f]", "", match[0]).partition(",")
        decimals = decimals.rstrip("0")
        found.add(f"{whole},{decimals}" if decimals else whole)
    return found


def _is_flagged(sentence: str, cited: list[int], support: Sequence[set[str]]) -> bool:
    if sentence == REFUSAL:
        return False
    claimed = figures(_MARKER.sub("", sentence))
    if not cited:
        return bool(claimed) or not sentence.endswith(":")
    backed = set().union(*(support[n - 1] for n in cited))
    return not claimed <= backed


def check_answer(text: str, passages: Sequence[Passage]) -> CheckedAnswer:
    """Remove unknown [n], list the passages cited, flag unsupported sentences (pure function).

    A sentence is flagged when it cites no passage (except the refusal and a lead-in ending with
    ":" without figures) or when one of its figures appears in none of the passages it cites
    (header line included: collectivity, session date, object, number).
    """
    cleaned = _clean_markers(text, len(passages)).strip()
    support = [figures(f"{passage_header(p)}\n{p.text}") for p in passages]
    order: dict[int, None] = {}
    flagged: dict[str, None] = {}
    for sentence in split_sentences(cleaned):
        cited = _cited(sentence)
        order.update(dict.fromkeys(cited))
        if _is_flagged(sentence, cited, support):
            flagged[sentence] = None
    return CheckedAnswer(cleaned, tuple(order), tuple(flagged))
