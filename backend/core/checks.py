"""System checks that stop a production start (``manage.py migrate``, which the ``migrate`` service of
docker-compose.yml runs before ``web`` may start, and ``manage.py check --deploy``) when a setting the
school must give is missing. Messages in French: the person deploying reads them."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Domains that never reach anybody: a development default, not a school's address.
UNREACHABLE_DOMAINS = ("localhost", ".localhost", ".local", ".invalid", ".test")


def unreachable(address: str) -> bool:
    """True when ``address`` is not an e-mail address somebody can write to."""
    try:
        validate_email(address)
    except ValidationError:
        return True
    domain = address.rpartition("@")[2].lower()
    return domain == "localhost" or domain.endswith(UNREACHABLE_DOMAINS)


@checks.register(checks.Tags.security)
def privacy_contact_given(app_configs=None, **kwargs):
    """The privacy page and the RGPD e-mails name the school's data-protection contact."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    address = (getattr(settings, "PRIVACY_CONTACT_EMAIL", "") or "").strip()
    if not address:
        return [
            checks.Error(
                "PRIVACY_CONTACT_EMAIL n'est pas renseignée : la page de confidentialité et les e-mails "
                "sur les données personnelles n'auraient personne à qui écrire.",
                hint="Ajoutez au fichier .env l'adresse de la personne chargée des données personnelles "
                "de l'école (DPO ou direction), par exemple PRIVACY_CONTACT_EMAIL=dpo@mon-ecole.fr "
                "(docs/deploy.md).",
                id="tremplin.E001",
            )
        ]
    if unreachable(address):
        return [
            checks.Error(
                f"PRIVACY_CONTACT_EMAIL={address!r} n'est pas une adresse qu'une personne peut joindre.",
                hint="Donnez l'adresse réelle de la personne chargée des données personnelles de l'école "
                "(DPO ou direction), par exemple dpo@mon-ecole.fr.",
                id="tremplin.E002",
            )
        ]
    return []
