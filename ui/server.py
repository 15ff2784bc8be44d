"""Start the web app: load the model and the index once, set the queue, serve on host:port."""

import os
import signal

import gradio as gr

from index.errors import DelibError
from index.settings import Settings
from ui import app as ui_app
from ui.auth import accounts, checker
from ui.service import Service

HEAD = """<style>
@media (max-width: 640px) {
  .gradio-container > .main.app { padding-left: 8px !important; padding-right: 8px !important; }
}
</style>"""
AUTH_MESSAGE = "Connexion à delib : identifiant et mot de passe donnés par l'administrateur."


def theme() -> gr.themes.Base:
    """System fonts only: nothing is fetched from outside the server."""
    return gr.themes.Soft(primary_hue="blue", neutral_hue="slate",
                          font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
                          font_mono=["ui-monospace", "SFMono-Regular", "monospace"])


def serve(settings: Settings, host: str, port: int) -> None:
    """Blocks until Ctrl-C or SIGTERM. Up to ``ui_concurrency`` answers run at once (they
    share the model, one embedding call at a time); index writes run one at a time."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _serve(settings, host, port)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _serve(settings: Settings, host: str, port: int) -> None:
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # Gradio's telemetry reads only this
    login = checker(accounts(settings))
    service = Service(settings)
    app = ui_app.build(service)
    app.queue(default_concurrency_limit=settings.ui_concurrency,
              max_size=settings.ui_queue_size)
    print(f"delib : application web sur http://{host}:{port} "
          f"({'connexion requise' if login else 'sans connexion'}) — Ctrl-C pour arrêter.",
          flush=True)
    try:
        app.launch(server_name=host, server_port=port, auth=login, auth_message=AUTH_MESSAGE,
                   css=ui_app.CSS, head=HEAD, theme=theme(),
                   max_file_size=int(2 * settings.max_upload_mb * 1e6),  # ours says it in French
                   blocked_paths=[str(settings.data_dir.resolve())], ssr_mode=False,
                   show_error=False, quiet=True, footer_links=["api", "settings"],
                   run_history=False, enable_monitoring=False, mcp_server=False, pwa=False)
    except OSError as error:
        raise DelibError(f"Impossible d'écouter sur {host}:{port} ({error}). Le port est "
                         "peut-être déjà pris : choisissez-en un autre avec --port.") from error


def _interrupt(signum: int, frame: object) -> None:
    """A service manager's stop (SIGTERM) ends the app as Ctrl-C does: the server closes and
    the app's temporary export folders are removed on the way out."""
    raise KeyboardInterrupt
