from django.core.management.base import BaseCommand

from agenda.services import interview_reminders_send


class Command(BaseCommand):
    help = (
        "Rappelle aux deux parties les entretiens des prochaines 24 heures (tâche périodique "
        "agenda.interview_reminders). Sans --wet-run, dit seulement ce qu'il ferait."
    )
    periodic_task = "agenda.interview_reminders"

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Envoyer vraiment les rappels.")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, wet_run: bool, batch_size: int, **options):
        report = interview_reminders_send(wet_run=wet_run, batch_size=batch_size)
        self.stdout.write(f"Entretiens à rappeler : {len(report.due)}")
        if wet_run:
            self.stdout.write(f"Rappels envoyés : {len(report.sent)}")
        else:
            self.stdout.write("Rien n'est envoyé sans --wet-run.")
