"""Import France Travail offers from a file in the API's own format.

FILE is an ``offres/search`` response (``{"resultats": [...]}``) or JSON Lines, one offer a line.
"""

import json
from datetime import datetime, timedelta
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


def _parse(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def shift_to_today(payloads: list, now: datetime) -> int:
    """Move every offer's dates by the same number of days so the newest creation date is ``now``'s day:
    a sample of past offers reads as the live feed (its months and gaps kept). Returns the days added."""
    dates = [d for p in payloads if isinstance(p, dict) and (d := _parse(p.get("dateCreation")))]
    if not dates:
        return 0
    days = (now.date() - max(dates).date()).days
    for payload in payloads:
        if not isinstance(payload, dict):
            continue
        for key in ("dateCreation", "dateActualisation"):
            if (when := _parse(payload.get(key))) is not None:
                payload[key] = (when + timedelta(days=days)).isoformat().replace("+00:00", "Z")
    return days


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
        parser.add_argument(
            "--dates-to-today",
            action="store_true",
            help=(
                "Démonstration : décaler toutes les dates du même nombre de jours pour que l'offre la plus "
                "récente soit datée d'aujourd'hui (un échantillon ancien se lit comme le flux du jour)."
            ),
        )

    def handle(self, *args, file: Path, json: bool, keep_missing: bool, dates_to_today=False, **options):
        payloads = read_payloads(file)
        if dates_to_today:
            from django.utils import timezone

            days = shift_to_today(payloads, timezone.now())
            self.stdout.write(
                f"Dates décalées de {days} jour(s) : la plus récente devient celle d'aujourd'hui."
            )
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
