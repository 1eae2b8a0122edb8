"""The rules of the law the school applies to an agreement's content, computed from hours and dates.

Pure reads of a version (and of the trainee's other agreements with the same host): the services
refuse a signature while :func:`agreement_problems` lists anything, and the PDF prints the figures.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Agreement, AgreementVersion, Party, school_year_start

# What each party must have filled before anyone signs.
REQUIRED = {
    Party.SCHOOL: ("referent_name", "referent_email"),
    Party.HOST: (
        "host_address",
        "host_representative_name",
        "host_insurer",
        "tutor_name",
        "tutor_email",
        "tasks",
        "schedule",
    ),
    Party.TRAINEE: ("trainee_address", "trainee_phone", "trainee_insurer"),
}


def today() -> date:
    """The school's today (local time): the one clock the start-date rule reads."""
    return timezone.localdate()


def start_has_passed(version: AgreementVersion, *, on: date | None = None) -> bool:
    """Whether this version's start date rules out its signature: a convention is signed by the three
    parties before the internship begins (Code de l'éducation L124-1 ss.), so a start before today is
    refused on a version still to sign.

    One exception, an avenant that keeps the start of the version in force: it amends what follows, and
    that start was agreed by the three parties before it came. An avenant may not move the start into the
    past, and an avenant of an agreement never signed by all three gets no exception (its dates are fixed
    first, as on version 1).
    """
    on = on or today()
    if version.start_date >= on:
        return False
    if version.number > 1:
        in_force = version.agreement.version_in_force()
        if (
            in_force is not None
            and in_force.number < version.number
            and in_force.start_date == version.start_date
        ):
            return False
    return True


def passed_start_message(version: AgreementVersion) -> str:
    """What to do about a passed start: an avenant once someone signed (the version no longer changes),
    the dates themselves before that."""
    day = date_format(version.start_date, "j F Y")
    if version.is_frozen:
        return _("La date de début (%(d)s) est passée : modifiez les dates (avenant) avant de signer.") % {
            "d": day
        }
    return _("La date de début (%(d)s) est passée : modifiez les dates avant de signer.") % {"d": day}


# How close a start must be for the agreement page to warn that signatures are missing.
START_SOON_DAYS = 14


def start_warning(version: AgreementVersion, *, missing: list, on: date | None = None) -> str | None:
    """The agreement page's warning while signatures are missing: the start has passed (nothing can be
    signed until the dates change), or it comes within :data:`START_SOON_DAYS` days."""
    if not missing or version.agreement.status in (Agreement.Status.CANCELLED, Agreement.Status.ENDED):
        return None
    on = on or today()
    who = ", ".join(str(m).lower() for m in missing)
    if start_has_passed(version, on=on):
        return _("%(m)s Il manque la signature de : %(w)s.") % {"m": passed_start_message(version), "w": who}
    days = (version.start_date - on).days
    if 0 <= days <= START_SOON_DAYS:
        return _(
            "Le stage commence le %(d)s (dans %(n)s jours) et il manque la signature de : %(w)s. "
            "Les trois parties signent avant le premier jour du stage."
        ) % {"d": date_format(version.start_date, "j F Y"), "n": days, "w": who}
    return None


def minimum_gratification_hourly() -> Decimal:
    """15 % of the year's social-security hourly ceiling (D124-6), rounded up to the cent."""
    amount = Decimal(settings.INTERNSHIP_SS_HOURLY_CEILING) * Decimal(settings.INTERNSHIP_GRATIFICATION_RATE)
    return amount.quantize(Decimal("0.01"), rounding="ROUND_UP")


def hours_with_host_this_school_year(version: AgreementVersion) -> Decimal:
    """Presence with the same host in the same school year: this agreement plus the trainee's others
    there (L124-6 counts them together), each read from its latest version."""
    year_start = school_year_start(version.start_date)
    total = version.presence_hours()
    others = (
        Agreement.objects.filter(
            graduate_id=version.agreement.graduate_id, employer_id=version.agreement.employer_id
        )
        .exclude(pk=version.agreement_id)
        .exclude(status=Agreement.Status.CANCELLED)
    )
    for other in others:
        latest = other.latest_version()
        if latest is not None and school_year_start(latest.start_date) == year_start:
            total += latest.presence_hours()
    return total


@dataclass(frozen=True)
class Gratification:
    due: bool
    hours: Decimal
    minimum_hourly: Decimal


def gratification_rule(version: AgreementVersion) -> Gratification:
    hours = hours_with_host_this_school_year(version)
    return Gratification(
        due=hours > settings.INTERNSHIP_GRATIFICATION_THRESHOLD_HOURS,
        hours=hours,
        minimum_hourly=minimum_gratification_hourly(),
    )


def agreement_problems(version: AgreementVersion, *, for_signature: bool = True) -> list[str]:
    """Every reason this version may not be signed yet, in French; empty when it may."""
    problems = []
    labels = {f.name: f.verbose_name for f in AgreementVersion._meta.fields}
    for party, fields in REQUIRED.items():
        missing = [str(labels[name]) for name in fields if not str(getattr(version, name) or "").strip()]
        if missing:
            problems.append(
                _("%(party)s doit encore remplir : %(fields)s.")
                % {"party": Party(party).label, "fields": ", ".join(missing)}
            )
    if version.end_date < version.start_date:
        problems.append(_("La fin du stage précède son début."))
    if version.weekly_hours > settings.INTERNSHIP_MAX_WEEKLY_HOURS:
        problems.append(
            _(
                "%(h)s heures par semaine : un ou une stagiaire ne fait pas plus de %(max)s heures par semaine."
            )
            % {"h": _hours(version.weekly_hours), "max": settings.INTERNSHIP_MAX_WEEKLY_HOURS}
        )
    if version.daily_hours > settings.INTERNSHIP_MAX_DAILY_HOURS:
        problems.append(
            _("%(h)s heures par jour : au plus %(max)s heures par jour (répartissez sur plus de jours).")
            % {"h": _hours(version.daily_hours), "max": settings.INTERNSHIP_MAX_DAILY_HOURS}
        )
    rule = gratification_rule(version)
    if rule.hours > settings.INTERNSHIP_MAX_PRESENCE_HOURS:
        problems.append(
            _(
                "%(h)s heures de présence chez cet organisme cette année scolaire : un stage ne dépasse pas six mois, "
                "soit %(max)s heures (article L124-5 du Code de l'éducation). Raccourcissez les dates."
            )
            % {"h": _hours(rule.hours), "max": settings.INTERNSHIP_MAX_PRESENCE_HOURS}
        )
    if rule.due and version.gratification_hourly < rule.minimum_hourly:
        problems.append(
            _(
                "Le stage dépasse deux mois (%(h)s heures de présence, plus de %(t)s) : la gratification est "
                "obligatoire, au moins %(min)s € par heure (15 %% du plafond horaire de la sécurité sociale %(year)s)."
            )
            % {
                "h": _hours(rule.hours),
                "t": settings.INTERNSHIP_GRATIFICATION_THRESHOLD_HOURS,
                "min": _money(rule.minimum_hourly),
                "year": settings.INTERNSHIP_SS_CEILING_YEAR,
            }
        )
    if for_signature:
        if version.host_completed_at is None:
            problems.append(_("L'organisme d'accueil n'a pas encore vérifié sa partie."))
        if version.trainee_completed_at is None:
            problems.append(_("Le ou la stagiaire n'a pas encore vérifié sa partie."))
    return problems


def _hours(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _money(value: Decimal) -> str:
    return f"{Decimal(value):.2f}".replace(".", ",")
