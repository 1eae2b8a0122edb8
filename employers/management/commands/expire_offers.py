"""Expire published offers past their deadline or not refreshed for OFFER_STALE_DAYS.

The same job as the periodic task ``employers.expire_offers``. Without ``--wet-run`` it only lists
the offers that would expire.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from employers import services
from employers.models import Offer


class Command(BaseCommand):
    # The periodic task doing the same job (tests tie CELERY_BEAT_SCHEDULE to these declarations).
    periodic_task = "employers.expire_offers"
    help = (
        "Expire les offres publiées dont la date limite est passée ou qui n'ont pas été actualisées "
        "depuis OFFER_STALE_DAYS jours. Sans --wet-run, affiche seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wet-run", action="store_true", help="Expirer réellement les offres (sinon : simple rapport)."
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Offres traitées par transaction.")

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        now = timezone.now()
        report = services.offers_expire(wet_run=wet_run, batch_size=batch_size, now=now)
        due = Offer.objects.filter(pk__in=report.due).select_related("employer").order_by("pk")
        for offer in due:
            self.stdout.write(
                f"  #{offer.pk} « {offer.title} » — {offer.employer_label} : {self._reason(offer, now)}"
            )
        count = len(report.due)
        if not wet_run:
            if count:
                self.stdout.write(
                    f"{count} offre(s) à expirer. Rien n'a été modifié : relancez avec --wet-run pour les expirer."
                )
            else:
                self.stdout.write("Aucune offre à expirer.")
            return
        expired = len(report.expired)
        self.stdout.write(self.style.SUCCESS(f"{expired} offre(s) expirée(s)."))
        if expired < count:
            self.stdout.write(
                f"{count - expired} offre(s) en cours de modification ailleurs : elles le seront au prochain passage."
            )

    @staticmethod
    def _reason(offer: Offer, now) -> str:
        today = timezone.localdate(now)
        if offer.deadline and offer.deadline < today:
            return f"date limite dépassée ({offer.deadline:%d/%m/%Y})"
        last = offer.refreshed_at or offer.published_at
        if last is None:
            return "jamais actualisée"
        return (
            f"non actualisée depuis le {timezone.localtime(last):%d/%m/%Y} "
            f"(plus de {settings.OFFER_STALE_DAYS} jours)"
        )
