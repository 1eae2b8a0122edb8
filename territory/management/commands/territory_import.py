"""Import France Travail offers from a file in the API's own format.

FILE is an ``offres/search`` response (``{"resultats": [...]}``) or JSON Lines, one offer a line.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territory import services


def read_payloads(path: Path) -> list:
    """The offers of a file, or a French error saying what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CommandError(f"Fichier introuvable : {path}") from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path} n'est pas un texte UTF-8 (octet {exc.start}).") from exc
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" not in stripped.rstrip():
        try:
            body = json.loads(stripped)
        except json.JSONDecodeError:
            body = None
        if isinstance(body, dict) and "resultats" in body:
            if not isinstance(body["resultats"], list):
                raise CommandError("« resultats » doit être une liste d'offres.")
            return body["resultats"]
        if isinstance(body, dict):
            return [body]
    payloads = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            payloads.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"Ligne {number} : JSON illisible ({exc.msg}, colonne {exc.colno}). Attendu : une réponse "
                'offres/search {{"resultats": [...]}} ou une offre JSON par ligne.'
            ) from exc
    return payloads


class Command(BaseCommand):
    help = (
        "Importe des offres France Travail depuis FILE (réponse offres/search ou JSON Lines). Le fichier "
        "représente le flux : les offres du territoire qu'il ne contient plus sont fermées (sauf --keep-missing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="Finir par une ligne JSON des comptes.")
        parser.add_argument(
            "--keep-missing", action="store_true", help="Ne pas fermer les offres absentes du fichier."
        )

    def handle(self, *args, file: Path, json: bool, keep_missing: bool, **options):
        payloads = read_payloads(file)
        report = services.territory_import(payloads=payloads, close_missing=not keep_missing)
        for external_id, reason in report.rejections:
            self.stdout.write(f"rejetée {external_id or '(sans id)'} : {reason}")
        if json:
            import json as json_module

            self.stdout.write(json_module.dumps(report.counts()))
        else:
            self.stdout.write(
                f"{report.created} créée(s), {report.updated} modifiée(s), {report.unchanged} inchangée(s), "
                f"{report.closed} fermée(s), {report.rejected} rejetée(s)."
            )
