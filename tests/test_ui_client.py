"""The web app over HTTP with gradio_client: a real ``delib serve`` on 127.0.0.1 with the sample
corpus indexed; questions, a follow-up, an upload then a question on it, login, file access."""

import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from assistant.engine.prompts import REFUSAL
from index.embedders import load_embedder
from index.pipeline import Ingestor
from index.settings import Settings
from index.store import Index
from tests.conftest import SAMPLE, make_pdf
from tests.ui_server import Server, copy_of_sample, delib_serve, free_port
from ui.service import Service
from ui.staff import Staff
from ui.uploads import safe_name

pytestmark = pytest.mark.slow

MONTBARD = """EXTRAIT DU REGISTRE DES DELIBERATIONS
Conseil Municipal de la Ville de Montbard

Séance du 12 mars 2021

Président : M. DUPONT
Secrétaire : Mme MARTIN

OBJET
DE LA DELIBERATION

Rénovation de la toiture du gymnase Jean Moulin

Monsieur Leroy, au nom de la commission des sports, expose :

Mesdames, Messieurs,

La toiture du gymnase Jean Moulin présente des infiltrations importantes depuis l'hiver.
Les travaux de rénovation de la toiture sont estimés à 48 500 € HT et seront financés sur le
budget principal de l'exercice 2021.

Je vous demanderai, Mesdames et Messieurs, de bien vouloir :
1 - approuver le programme de rénovation de la toiture du gymnase Jean Moulin ;
2 - autoriser Monsieur le Maire à signer les marchés correspondants.

RAPPORT ADOPTÉ À L'UNANIMITÉ
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = copy_of_sample(tmp_path_factory, "ui-client")
    with delib_serve(data) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> Client:
    return Client(server.url, verbose=False)


def test_a_question_gets_a_cited_answer_then_follow_ups(client: Client) -> None:
    first = "Combien coûte l'adhésion au CLIC en 2019 ?"
    answer = client.predict(first, api_name="/ask")
    assert not answer["refused"] and "732 € TTC" in answer["answer"]
    assert answer["filters"] == {"prefer_from": "2019-01-01", "prefer_to": "2019-12-31"}
    cited = answer["citations"][0]
    assert f"[{cited['n']}]" in answer["answer"] and cited["quote"] in answer["answer"]
    assert cited["object"] == "Adhésion de la ville de Dijon au Club Innovation et Culture"
    assert (cited["collectivity"], cited["session_date"]) == ("Ville de Dijon", "2019-01-28")
    assert cited["source"].endswith("000_8b74285c561e901f.txt") and cited["page"] == 1
    rapporteur = client.predict("Qui l'a rapportée ?", [first], api_name="/ask")
    assert "Monsieur Bard" in rapporteur["answer"]
    assert {c["object"] for c in rapporteur["citations"]} == {cited["object"]}
    lille = client.predict("Et à Lille ?", ["Combien coûte l'adhésion au CLIC ?"],
                           api_name="/ask")
    assert "675 € HT" in lille["answer"]
    assert {c["collectivity"] for c in lille["citations"]} == {"Métropole Européenne de Lille"}


def test_filters_given_by_the_app_restrict_the_sources(client: Client) -> None:
    answer = client.predict("Combien coûte l'adhésion au CLIC ?", [],
                            ["Métropole Européenne de Lille"], [], "2022", "", api_name="/ask")
    assert answer["filters"]["collectivities"] == ["Métropole Européenne de Lille"]
    assert answer["filters"]["date_from"] == "2022-01-01"
    assert {c["session_date"] for c in answer["citations"]} == {"2022-04-08"}
    with pytest.raises(Exception, match="Date non comprise"):
        client.predict("Combien coûte l'adhésion au CLIC ?", [], [], [], "mars", "",
                       api_name="/ask")


def test_an_uploaded_pdf_is_indexed_and_answers_questions(client: Client, server: Server,
                                                          tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "Délibération gymnase (2021).pdf", [MONTBARD])
    refused = tmp_path / "programme.exe"
    refused.write_bytes(b"MZ\x90\x00binaire")
    report, listing, *_ = client.predict([handle_file(str(pdf)), handle_file(str(refused))],
                                         api_name="/ingest")
    assert "1 nouveaux" in report and "1 délibération(s)" in report
    assert "programme.exe" in report and "type non pris en charge" in report
    assert "Rénovation de la toiture du gymnase Jean Moulin" in listing
    stored = server.data_dir / "uploads" / safe_name(pdf.name)
    assert stored.is_file() and stored.read_bytes() == pdf.read_bytes()
    assert sorted(p.name for p in (server.data_dir / "uploads").iterdir()) == [stored.name]
    answer = client.predict("Combien coûte la rénovation de la toiture du gymnase Jean Moulin ?",
                            api_name="/ask")
    assert not answer["refused"] and "48 500 € HT" in answer["answer"]
    cited = answer["citations"][0]
    assert (cited["collectivity"], cited["session_date"]) == ("Ville de Montbard", "2021-03-12")
    assert cited["source"] == str(stored) and cited["page"] == 1
    client.predict(str(stored), api_name="/remove")
    assert not stored.exists()
    gone = client.predict("Combien coûte la rénovation de la toiture du gymnase Jean Moulin ?",
                          api_name="/ask")
    assert all("Montbard" not in (c["collectivity"] or "") for c in gone["citations"])


def test_an_upload_with_a_damaged_text_layer_is_cleaned_and_reported(
        client: Client, server: Server, tmp_path: Path) -> None:
    from tests.test_file_isolation import BAD_PDF_TEXT, surrogate_pdf

    bad = surrogate_pdf(tmp_path / "vernon.pdf", BAD_PDF_TEXT)
    good = make_pdf(tmp_path / "montbard.pdf", [MONTBARD])
    report, listing, *_ = client.predict([handle_file(str(bad)), handle_file(str(good))],
                                         api_name="/ingest")
    assert "2 nouveaux" in report and "0 en échec" in report
    assert "vernon.pdf" in report and "2 caractères invalides remplacés ou retirés" in report
    assert "Achat de mat\ufffdriel informatique" in listing
    for name in ("vernon.pdf", "montbard.pdf"):
        client.predict(str(server.data_dir / "uploads" / name), api_name="/remove")


def test_index_files_are_never_served(server: Server) -> None:
    for path in (server.data_dir / "catalog.sqlite3", Path("/etc/passwd")):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{server.url}gradio_api/file={path}", timeout=10)
        assert refused.value.code in (403, 404)


def test_several_users_at_once_while_a_file_is_indexed(server: Server, tmp_path: Path) -> None:
    questions = ["Combien coûte l'adhésion au CLIC en 2019 ?",
                 "Qui a rapporté la délibération « Matériel informatique des écoles » ?",
                 "Comment a été votée la convention de partenariat avec Volgograd ?",
                 "Quel est le budget de la piscine municipale ?"]
    alone = [cited(Client(server.url, verbose=False).predict(q, api_name="/ask"))
             for q in questions]
    canteen = tmp_path / "cantine.txt"
    canteen.write_text(MONTBARD.replace("toiture du gymnase Jean Moulin", "cantine scolaire"),
                       encoding="utf-8")
    clients = [Client(server.url, verbose=False) for _ in range(len(questions) + 1)]
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        upload = pool.submit(clients[-1].predict, [handle_file(str(canteen))],
                             api_name="/ingest")
        together = list(pool.map(lambda pair: cited(pair[0].predict(pair[1], api_name="/ask")),
                                 zip(clients, questions, strict=False)))
        report = upload.result(timeout=300)[0]
    assert together == alone
    assert "1 nouveaux" in report
    after = clients[0].predict("Quel est le coût de la rénovation de la cantine scolaire ?",
                               api_name="/ask")
    assert "Ville de Montbard" in {c["collectivity"] for c in after["citations"]}


def cited(answer: dict) -> tuple[bool, tuple[tuple[str, str], ...]]:
    return answer["refused"], tuple((c["object"], c["quote"]) for c in answer["citations"])


def test_login_and_llm_outage(tmp_path_factory: pytest.TempPathFactory) -> None:
    """With an account set, nothing answers without it, and its password is never logged; an
    unreachable LLM gives the extractive answer with a notice; stopped, the app leaves no
    temporary folder behind."""
    data = copy_of_sample(tmp_path_factory, "ui-auth")
    password = "Secret-Δ42:ok"
    temporary = tmp_path_factory.mktemp("ui-auth-tmp")
    env = {"DELIB_AUTH": f"agent:{password}", "DELIB_LLM_MODEL": "modele",
           "DELIB_LLM_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",  # nothing listens
           "TMPDIR": str(temporary)}
    with delib_serve(data, env) as server:
        assert len(list(temporary.glob("delib-*"))) == 2  # the app's export folders
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{server.url}config", timeout=10)
        assert refused.value.code == 401
        with pytest.raises(ValueError):
            Client(server.url, auth=("agent", "mauvais"), verbose=False)
        logged_in = Client(server.url, auth=("agent", password), verbose=False)
        answer = logged_in.predict("Combien coûte l'adhésion au CLIC en 2019 ?", api_name="/ask")
        assert "732 € TTC" in answer["answer"] and answer["citations"]
        assert any("Réponse extractive affichée" in n for n in answer["notices"])
        assert "connexion requise" in server.log_text()
    assert password not in server.log_text() and "Secret" not in server.log_text()
    assert not list(temporary.glob("delib-*"))  # stopped (SIGTERM), the app removed them


def test_confirming_a_removal_removes_only_the_source_it_named(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with Index(settings, write=True) as index:
        Ingestor(index, load_embedder(settings.embedding_model)).ingest([SAMPLE])
    staff = Staff(Service(settings))
    first, second = staff.service.library.sources()[:2]
    button, pending = staff.ask_remove(first)
    assert pending == first and Path(first).name in button.value
    staff.remove(second, pending)  # the list was changed to another source before confirming
    assert {first, second} <= set(staff.service.library.sources())
    staff.remove(first, pending)
    assert first not in staff.service.library.sources()
    assert second in staff.service.library.sources()


def test_a_new_data_folder_starts_empty_and_refuses(tmp_path: Path) -> None:
    service = Service(Settings(data_dir=tmp_path / "neuf"))
    assert service.library.is_empty() and service.library.example_questions() == []
    assert service.library.state()["deliberations"] == 0
    answer = service.assistant.ask("Combien coûte l'adhésion au CLIC ?")
    assert answer.refused and answer.text == REFUSAL and not answer.leads


@pytest.mark.parametrize(("given", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\évil<script>.PDF", "évil_script.pdf"),
    (".cache.txt", "cache.txt"),
    ("rapport final (v2).md", "rapport final _v2.md"),
    ("...", "document"),
])
def test_upload_names_are_plain_file_names(given: str, expected: str) -> None:
    assert safe_name(given) == expected
