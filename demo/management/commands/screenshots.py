"""One screenshot per role (visitor, employer, graduate, officer, admin) on a 390 px phone and a 1366 px
screen, of the page each lands on, taken from a running demo (`make demo`) with Chromium."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import data

# (file name, demo account or None for a visitor, page: the one the role lands on after signing in)
SHOTS = [
    ("visiteur", None, "/"),
    ("entreprise", data.EMPLOYER_EMAIL, "/"),
    ("diplomee", data.GRADUATE_EMAIL, "/analyse/pour-vous/"),
    ("chargee-insertion", data.OFFICER_EMAIL, "/"),
    ("administrateur", data.ADMIN_EMAIL, "/candidatures/"),
]
WIDTHS = {"telephone": {"width": 390, "height": 844}, "ordinateur": {"width": 1366, "height": 768}}


class Command(BaseCommand):
    help = (
        "Captures d'écran du README : une par rôle, sur téléphone (390 px) et sur ordinateur (1366 px), "
        "prises sur un serveur de démonstration déjà lancé (make demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Adresse du serveur de démo.")
        parser.add_argument(
            "--out",
            default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"),
            help="Dossier des PNG (défaut : %(default)s).",
        )
        parser.add_argument(
            "--chromium",
            default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            help="Chromium à piloter (défaut : %(default)s).",
        )

    def handle(self, *args, base_url, out, chromium, **options):
        from playwright.sync_api import Error, sync_playwright

        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        base_url = base_url.rstrip("/")
        written = []
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            except Error as exc:
                raise CommandError(f"Chromium introuvable ou inutilisable ({chromium}) : {exc}") from exc
            try:
                for name, email, path in SHOTS:
                    for device, viewport in WIDTHS.items():
                        context = browser.new_context(viewport=viewport, locale="fr-FR")
                        page = context.new_page()
                        try:
                            if email:
                                self._login(page, base_url, email)
                            page.goto(f"{base_url}{path}", wait_until="networkidle")
                            target = out_dir / f"{name}-{device}.png"
                            page.screenshot(path=str(target))
                        except Error as exc:
                            raise CommandError(
                                f"{base_url}{path} ({name}, {device}) : {exc}. Le serveur de démo est-il lancé "
                                "(make demo) ?"
                            ) from exc
                        finally:
                            context.close()
                        written.append(target)
            finally:
                browser.close()
        total = sum(path.stat().st_size for path in written)
        self.stdout.write(
            self.style.SUCCESS(f"{len(written)} captures dans {out_dir} ({total / 1024:.0f} Kio au total).")
        )

    def _login(self, page, base_url: str, email: str) -> None:
        page.goto(f"{base_url}/comptes/connexion/")
        page.fill("#id_username", email)
        page.fill("#id_password", data.DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
        if "/comptes/connexion/" in page.url:
            raise CommandError(f"Connexion refusée pour {email} : la démo est-elle en place (make demo) ?")
