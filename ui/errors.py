"""Handlers never show a traceback: domain errors become their French message, the rest a
short notice (the details go to the server log)."""

import functools
import html
import inspect
import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import gradio as gr

from index.errors import DelibError

log = logging.getLogger("delib.ui")
UNEXPECTED = ("Une erreur inattendue est survenue ; réessayez. Si elle se répète, signalez-la à "
              "l'administrateur de l'application.")
F = TypeVar("F", bound=Callable[..., Any])


def user_error(message: str) -> gr.Error:
    """An error box for the user (Gradio renders the message as HTML: it is escaped)."""
    return gr.Error(html.escape(message), title="Erreur", print_exception=False)


def warn(message: str) -> None:
    """A transient warning for the user."""
    gr.Warning(html.escape(message), title="Attention")


def info(message: str) -> None:
    gr.Info(html.escape(message), title="Information")


def _translate(error: Exception) -> gr.Error:
    if isinstance(error, gr.Error):
        return error
    if isinstance(error, DelibError):
        return user_error(str(error))
    log.exception("erreur dans un traitement de l'application web")
    return user_error(UNEXPECTED)


def friendly(fn: F) -> F:
    """Wrap a handler (function or generator) so its errors reach the user as ``gr.Error``."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except Exception as error:
                raise _translate(error) from None
        return stream  # type: ignore[return-value]

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as error:
            raise _translate(error) from None
    return call  # type: ignore[return-value]
