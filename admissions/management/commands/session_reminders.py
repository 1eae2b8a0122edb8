from django.core.management.base import BaseCommand

from admissions.services import session_reminders_send


class Command(BaseCommand):
    help = (
        "Rappelle par e-mail leur réunion d'information aux candidat·es inscrit·es dans les prochaines "
        "24 heures (tâche périodique admissions.session_reminders). Sans --wet-run, dit seulement ce qu'il ferait."
    )
    periodic_task = "admissions.session_reminders"

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Envoyer vraiment les rappels.")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        report = session_reminders_send(wet_run=wet_run, batch_size=batch_size)
        self.stdout.write(f"Candidat·es à rappeler : {len(report.due)}")
        if wet_run:
            self.stdout.write(f"Rappels envoyés : {len(report.sent)}")
        else:
            self.stdout.write("Rien n'est envoyé sans --wet-run.")
