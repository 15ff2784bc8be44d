"""Index sub-commands: parse, ingest, list, show, stats, remove, reindex."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant import render
from index.errors import NotFound, ReadError
from index.settings import Settings

OK, FAILED = 0, 1
_PATHS = ("paths", {"nargs": "+", "type": Path, "metavar": "CHEMIN",
                    "help": "fichiers ou dossiers"})
_AUTHORITY = ("--collectivite", {
    "metavar": "NOM", "help": "collectivité de tous les fichiers donnés (remplace celle que "
    "l'analyse lit) ; par dossier : un fichier collectivites.tsv, voir plus bas"})
_AUTHORITY_HELP = (
    "Beaucoup de textes ne nomment pas leur collectivité (« le conseil municipal ») : la\n"
    "déclarer permet de la citer et de filtrer les questions qui la nomment. Pour plusieurs\n"
    "collectivités, un fichier collectivites.tsv dans un dossier (UTF-8, séparé par des\n"
    "tabulations, première ligne « dossier<TAB>collectivite ») donne la collectivité de\n"
    "chacun de ses sous-dossiers, par exemple « cachan<TAB>Cachan ».\n")


def register(commands: Any) -> None:
    """Add the index sub-commands to the ``delib`` parser."""
    add_command(commands, "parse", cmd_parse, "extraire les champs des délibérations, sans indexer",
         "Lit les fichiers (pages scannées par OCR, voir ingest) et affiche une délibération\n"
         "par objet trouvé.\n"
         f"{_AUTHORITY_HELP}"
         "Exemple : delib parse corpus/sample --json > champs.json",
         [_PATHS, _AUTHORITY,
          ("--json", {"action": "store_true", "help": "liste JSON des enregistrements"}),
          ("--scdl", {"type": Path, "metavar": "FICHIER.csv",
                      "help": "écrire aussi les colonnes SCDL « Délibérations »"})])
    add_command(commands, "ingest", cmd_ingest, "indexer des fichiers (.txt, .md, .pdf, .csv SCDL)",
         "Indexe récursivement les dossiers donnés. Relancer ne refait rien pour les fichiers\n"
         "inchangés ; un fichier modifié remplace ses anciennes délibérations.\n"
         "Les pages de PDF scannées (images sans texte) sont lues par OCR avec Tesseract\n"
         "(paquets Debian tesseract-ocr et tesseract-ocr-fra) ; DELIB_OCR=off le désactive.\n"
         "Un scan lu par une autre version de Tesseract est relu ; les autres fichiers non.\n"
         f"{_AUTHORITY_HELP}"
         "Une collectivité déclarée autrement qu'à l'indexation précédente réindexe le fichier.\n"
         "Code de sortie : 0 tout est indexé, 1 certains fichiers ont échoué, 2 usage.\n"
         "Exemples : delib ingest corpus/sample\n"
         "           delib ingest ~/deliberations/cachan --collectivite Cachan",
         [_PATHS, _AUTHORITY,
          ("--quiet", {"action": "store_true", "help": "sans barre de progression"})])
    add_command(commands, "list", cmd_list, "lister les délibérations indexées",
         "Une ligne par délibération : séance, objet, numéro, source, identifiant.",
         [("--json", {"action": "store_true", "help": "sortie JSON"})])
    add_command(commands, "show", cmd_show, "afficher une délibération et son texte",
         "Exemple : delib show 8b74285c561e901f-000 (identifiant donné par delib list)",
         [("id", {"metavar": "ID"}), ("--json", {"action": "store_true", "help": "sortie JSON"})])
    add_command(commands, "stats", cmd_stats, "chiffres de l'index", "Documents, délibérations, "
         "extraits, période couverte et réglages de construction.",
         [("--json", {"action": "store_true", "help": "sortie JSON"})])
    add_command(commands, "remove", cmd_remove, "retirer une source de l'index",
         "SOURCE : le chemin indexé (tel que delib list l'affiche) ou le nom du fichier.",
         [("sources", {"nargs": "+", "metavar": "SOURCE"})])
    add_command(commands, "reindex", cmd_reindex, "reconstruire l'index avec les réglages actuels",
         "À lancer après un changement de modèle, de découpage ou de version de l'analyseur.\n"
         "Le texte des documents est gardé dans le catalogue : les fichiers d'origine ne sont "
         "pas relus.", [])


def add_command(commands: Any, name: str, handler: Any, summary: str, details: str,
         arguments: list[tuple[str, dict[str, Any]]]) -> None:
    parser = commands.add_parser(name, help=summary, description=f"{summary}.\n\n{details}")
    for flag, options in arguments:
        parser.add_argument(flag, **options)
    parser.set_defaults(handler=handler)


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    from index.authorities import declare, declared_authority
    from index.ocr import mark_ocr
    from index.parsing import parse_document
    from index.reader import discover, read_with_ocr
    from index.records import deliberation_record, write_scdl

    delibs, failures = [], 0
    for path in discover(args.paths):
        try:
            document = read_with_ocr(path, settings)
        except ReadError as error:
            print(f"delib : {path} : {error}", file=sys.stderr)
            failures += 1
            continue
        delibs += declare(mark_ocr(parse_document(document), document),
                          args.collectivite or declared_authority(path))
    if args.scdl:
        count = write_scdl(delibs, args.scdl)
        print(f"{count} ligne(s) SCDL écrites dans {args.scdl}", file=sys.stderr)
    if args.json:
        records = [deliberation_record(d) for d in delibs]
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        render.deliberation_table(delibs)
    return FAILED if failures else OK


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from index.authorities import declared_authority
    from index.embedders import embedder_for
    from index.pipeline import Ingestor
    from index.reader import discover
    from index.store import Index

    with Index(settings, write=True) as index:
        index.check_fingerprint()
        files = list(discover(args.paths))
        for path in files:  # a faulty collectivites.tsv stops the run before any work
            declared_authority(path)
        embedder = embedder_for(settings)
        with render.IngestProgress(len(files), quiet=args.quiet) as progress:
            ingestor = Ingestor(index, embedder, args.collectivite)
            report = ingestor.ingest(args.paths, progress.advance, files=files,
                                                      on_page=progress.ocr_page)
    render.ingest_report(report)
    if report.interrupted:
        raise KeyboardInterrupt
    return FAILED if report.failed else OK


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    rows = _catalog_rows(settings, "")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        render.list_table(rows)
    return OK


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    rows = _catalog_rows(settings, "WHERE d.id = ?", (args.id,), full=True)
    if not rows:
        raise NotFound(f"Aucune délibération d'identifiant « {args.id} » (voir delib list).")
    if args.json:
        print(json.dumps(rows[0], ensure_ascii=False, indent=2))
    else:
        render.show_deliberation(rows[0])
    return OK


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from index.store import Index

    with Index(settings) as index:
        stats = index.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
    else:
        render.stats(stats)
    return OK


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.maintenance import remove

    sources, removed = remove(settings, args.sources)
    for source in sources:
        print(f"retiré : {source}")
    print(f"{removed} extrait(s) supprimé(s) de l'index.")
    return OK


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    from index.reindex import reindex

    report = reindex(settings)
    render.ingest_report(report)
    return FAILED if report.failed else OK


def _catalog_rows(settings: Settings, where: str, params: tuple = (),
                  full: bool = False) -> list[dict[str, Any]]:
    from index.store import Index

    with Index(settings) as index:
        rows = index.catalog.query(
            "SELECT d.id, d.session_date, d.collectivity, d.body, d.object, d.delib_number, "
            "doc.source, d.record, d.text FROM deliberations d JOIN documents doc "
            f"ON doc.id = d.document_id {where} ORDER BY d.session_date, doc.source, d.position",
            params)
    for row in rows:
        record, text = json.loads(row.pop("record")), row.pop("text")
        if full:
            row.update(record=record, text=text)
    return rows

