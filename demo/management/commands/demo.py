import os
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from backend.core import events
from demo import data as demo_data
from demo.data import DEMO_PASSWORD
from demo.seed import DEMO_ACCOUNTS, demo_is_seeded
from employers.models import Employer
from matching.services import offers_stale_analysis


class Command(BaseCommand):
    help = (
        "Démonstration en un geste : migre la base, crée la région de démo si la base est vide, "
        "affiche les adresses et les comptes, puis lance le serveur sur 127.0.0.1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="Port du serveur (défaut : variable PORT, sinon 8000).",
        )
        parser.add_argument(
            "--no-server", action="store_true", help="Tout préparer et afficher, sans lancer le serveur."
        )
        parser.add_argument(
            "--skip-analysis",
            action="store_true",
            help="Ne pas passer les offres au pipeline NLP au démarrage.",
        )
        parser.add_argument(
            "--debug",
            action="store_true",
            help=(
                "Garder les pages de débogage de Django (développeurs) ; par défaut la démo montre "
                "les pages d'erreur en français que verront les utilisateurs."
            ),
        )

    def handle(self, *args, port=8000, no_server=False, skip_analysis=False, debug=False, **options):
        if settings.PRODUCTION:
            raise CommandError("`manage.py demo` sert au mode local ; en production, voir docs/deploy.md.")
        if not os.environ.get("SITE_URL"):
            # The e-mails printed on the console (a candidate's private link, an invitation, a
            # password reset) must open this server: SITE_URL's default names port 8000 only.
            settings.SITE_URL = f"http://127.0.0.1:{port}"
        # The privacy page and the e-mails name the demo school's contact, not the development
        # default (tremplin@localhost); the environment's values win, as in production.
        if not os.environ.get("PRIVACY_CONTACT_EMAIL"):
            settings.PRIVACY_CONTACT_EMAIL = demo_data.PRIVACY_CONTACT_EMAIL
        if not os.environ.get("DEFAULT_FROM_EMAIL"):
            settings.DEFAULT_FROM_EMAIL = demo_data.FROM_EMAIL
        started = time.monotonic()
        self.stdout.write(self.style.MIGRATE_HEADING(f"Tremplin — démonstration ({self.describe_mode()})"))

        self.stdout.write(
            self.style.MIGRATE_HEADING("1/3 Base de données et référentiels (communes, ESCO, ROME)")
        )
        call_command("migrate", interactive=False, verbosity=1, stdout=self.stdout)

        self.stdout.write(self.style.MIGRATE_HEADING("2/3 Données de démonstration"))
        if demo_is_seeded():
            self.stdout.write("Démo déjà en place (manage.py seed_demo --reset pour la recréer).")
        elif Employer.objects.exists():
            self.stdout.write("La base contient déjà vos données : aucune donnée de démo ajoutée.")
        else:
            call_command("seed_demo", stdout=self.stdout)

        if demo_is_seeded():
            # The territory's offers (France Travail's format, a committed sample of real offers);
            # a second run creates nothing.
            sample = settings.BASE_DIR / "territory" / "data" / "sample_offers.jsonl"
            self.stdout.write("Offres du territoire (échantillon France Travail) :")
            # Its dates move to today (the newest offer is today's): prospects and trends read recent months.
            # Imported without analysing each offer as it lands (eager tasks here: ~300 analyses and
            # scorings one by one); analyse_offers below reads and scores them in one batch.
            with events.held("offer.changed", "offer.published"):
                call_command(
                    "territory_import", str(sample), "--keep-missing", "--dates-to-today", stdout=self.stdout
                )
        if not skip_analysis:
            self.analyse_offers()
        if demo_is_seeded():
            self.seed_judgements()

        self.stdout.write(self.style.MIGRATE_HEADING("3/3 Fichiers statiques"))
        # Every start: WhiteNoise serves what STATIC_ROOT holds (a second start copies only what changed).
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Fichiers statiques rassemblés dans {settings.STATIC_ROOT}.")
        if not debug:
            # A school trying Tremplin sees what its users will see: the French 404 / 500 pages, not
            # Django's English debug page listing every address of the site.
            settings.DEBUG = False

        self.print_banner(port, time.monotonic() - started)
        if no_server:
            return
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def analyse_offers(self) -> None:
        """Run the NLP pipeline over offers not analysed yet (in-process in the embedded mode)."""
        if not offers_stale_analysis(limit=1):
            return
        self.stdout.write("Analyse des offres par le pipeline NLP (compétences et faits détectés)…")
        try:
            call_command("analyse_stale_offers", "--wet-run", "--batch-size", "5000", stdout=self.stdout)
        except Exception as exc:  # the demo still starts: the periodic sweep retries later
            self.stderr.write(
                f"Analyse interrompue ({exc.__class__.__name__}: {exc}) ; la démo démarre quand même."
            )
            return
        self.stdout.write("Suggestions : calcul des correspondances offres ↔ diplômé·es…")
        call_command("matching_score_all", "--wet-run", stdout=self.stdout)
        self.seed_judgements()

    def seed_judgements(self) -> None:
        """A few dozen simulated officers' judgements, so that the ranker page is never empty."""
        from demo.judgements import seed_demo_judgements, seed_demo_pooled_judgements

        written = seed_demo_judgements()
        if written:
            self.stdout.write(f"{written} jugements simulés de la chargée d'insertion (page du modèle).")
        pooled = seed_demo_pooled_judgements()
        if pooled:
            self.stdout.write(f"{pooled} jugements simulés de la file commune (/analyse/jugements/file/).")

    def describe_mode(self) -> str:
        vendor = connection.vendor
        db = f"SQLite ({settings.DATABASES['default']['NAME']})" if vendor == "sqlite" else vendor
        tasks = "tâches exécutées sur place" if settings.CELERY_TASK_ALWAYS_EAGER else "tâches via Celery"
        mail = "e-mails dans la console" if "console" in settings.EMAIL_BACKEND else "e-mails par SMTP"
        return f"{db}, {tasks}, {mail}"

    def print_banner(self, port: int, seconds: float) -> None:
        base = f"http://127.0.0.1:{port}"
        pages = [
            ("Accueil", "/"),
            ("Offres", reverse("offers:public_list")),
            ("Espace employeur", reverse("employers:dashboard")),
            ("Espace de l'école", reverse("employers:officer_dashboard")),
            ("Candidatures (école)", reverse("placements:board")),
            ("Rapports financeurs", reverse("placements:reports")),
            ("Offres à coder (ROME)", reverse("employers:rome_queue")),
            ("Prospects (CRM)", reverse("territory:prospects")),
            ("Programme et région", reverse("placements:curriculum")),
            ("Candidater (public)", reverse("admissions:apply")),
            ("Admissions (école)", reverse("admissions:staff_list")),
            ("Connexion", reverse("accounts:login")),
            ("Administration", reverse("admin:index")),
            ("Schéma OpenAPI", reverse("api-schema")),
            ("Documentation de l'API", reverse("api-docs")),
        ]
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Tremplin est prêt (préparé en {seconds:.0f} s) : {base}/"))
        for label, path in pages:
            out.write(f"  {label:<24} {base}{path}")
        out.write("")
        out.write(
            self.style.MIGRATE_HEADING(f"Comptes de démonstration — mot de passe commun : {DEMO_PASSWORD}")
        )
        for account in DEMO_ACCOUNTS:
            out.write(f"  {account.role:<22} {account.email:<28} {account.note}")
        out.write("")
        out.write("Arrêt du serveur : Ctrl+C.")
