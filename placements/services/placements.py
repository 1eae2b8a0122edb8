"""Placements: hires through Tremplin, jobs declared by graduates and confirmed by the school or the employer."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError, ConflictError
from employers.models import Offer
from graduates.models import Graduate

from .. import notifications
from ..models import Application, ContractCategory, Placement
from .roles import employer_of


def _contract_category(offer: Offer) -> str:
    mapping = {
        Offer.ContractType.CDI: ContractCategory.CDI,
        Offer.ContractType.INTERIM: ContractCategory.INTERIM,
        Offer.ContractType.APPRENTISSAGE: ContractCategory.APPRENTISSAGE,
        Offer.ContractType.PROFESSIONNALISATION: ContractCategory.PROFESSIONNALISATION,
        Offer.ContractType.STAGE: ContractCategory.STAGE,
        Offer.ContractType.FREELANCE: ContractCategory.CREATION,
    }
    if offer.contract_type == Offer.ContractType.CDD:
        return ContractCategory.CDD_LONG if (offer.contract_months or 0) >= 6 else ContractCategory.CDD_SHORT
    return mapping[offer.contract_type]


def _monthly_salary(offer: Offer):
    if offer.salary_min is None:
        return None
    if offer.salary_period == "month":
        return offer.salary_min
    if offer.salary_period == "year":
        return round(offer.salary_min / 12, 2)
    if offer.salary_period == "hour":
        return round(offer.salary_min * 151.67, 2)  # legal monthly hours at 35 h a week
    return None


def placement_from_application(*, application: Application, by: User | None) -> Placement:
    """The hire through Tremplin, confirmed at once (the employer or the school recorded it)."""
    offer = application.offer
    graduate = application.graduate
    category = _contract_category(offer)
    today = timezone.localdate()
    internship = category == ContractCategory.STAGE and _internship_ahead(graduate, today)
    if offer.start_date and offer.start_date >= today:
        start = offer.start_date
    elif internship and graduate.cohort.internship_start > today:
        start = graduate.cohort.internship_start  # hired ahead for the training's internship
    else:
        start = today
    end = None
    if offer.contract_months and offer.contract_type != Offer.ContractType.CDI:
        end = start + relativedelta(months=offer.contract_months) - timedelta(days=1)
    declared = _same_job(
        graduate=graduate,
        fields={"start_date": start, "contract_type": category, "employer_name": offer.employer_label},
    )
    if declared is not None:
        # The graduate declared this very job already: the hire confirms that row, not a second one.
        declared.application, declared.offer, declared.via_tremplin = application, offer, True
        declared.employer = declared.employer or offer.employer
        if declared.status != Placement.Status.CONFIRMED:
            declared.status, declared.confirmed_by, declared.confirmed_at = (
                Placement.Status.CONFIRMED,
                by,
                timezone.now(),
            )
        declared.save()
        return declared
    return Placement.objects.create(
        graduate=application.graduate,
        employer=offer.employer,
        employer_name=offer.employer_label,
        offer=offer,
        application=application,
        contract_type=category,
        job_title=offer.title,
        start_date=start,
        end_date=end,
        monthly_gross_salary=_monthly_salary(offer),
        via_tremplin=True,
        is_training_internship=internship and _during_internship(graduate, start),
        status=Placement.Status.CONFIRMED,
        declared_by=by,
        confirmed_by=by,
        confirmed_at=timezone.now(),
    )


def _internship_ahead(graduate: Graduate, day: date) -> bool:
    """The cohort's internship window has not ended on ``day``: a stage found now is that internship."""
    cohort = graduate.cohort
    return bool(cohort.internship_start and cohort.internship_end and day <= cohort.internship_end)


def _during_internship(graduate: Graduate, day: date) -> bool:
    cohort = graduate.cohort
    return bool(
        cohort.internship_start
        and cohort.internship_end
        and cohort.internship_start <= day <= cohort.internship_end
    )


PLACEMENT_FIELDS = (
    "employer",
    "employer_name",
    "contract_type",
    "job_title",
    "start_date",
    "end_date",
    "monthly_gross_salary",
    "via_tremplin",
    "is_training_internship",
)


def _validate_placement(fields: dict) -> None:
    if fields.get("contract_type") not in ContractCategory.values:
        raise ApplicationError(
            _("Choisissez le type de contrat dans la liste."), extra={"field": "contract_type"}
        )
    if not fields.get("start_date"):
        raise ApplicationError(_("Indiquez la date de début."), extra={"field": "start_date"})
    end = fields.get("end_date")
    if end and end < fields["start_date"]:
        raise ApplicationError(
            _("La date de fin est avant la date de début : vérifiez les deux dates."),
            extra={"field": "end_date"},
        )
    if fields.get("is_training_internship") and fields["contract_type"] != ContractCategory.STAGE:
        raise ApplicationError(
            _("Le stage de la formation doit avoir le type « Stage »."), extra={"field": "contract_type"}
        )
    salary = fields.get("monthly_gross_salary")
    if salary is not None and salary < 0:
        raise ApplicationError(
            _("Le salaire ne peut pas être négatif."), extra={"field": "monthly_gross_salary"}
        )
    if not (fields.get("employer_name") or "").strip() and fields.get("employer") is None:
        raise ApplicationError(_("Indiquez l'employeur ou l'organisme."), extra={"field": "employer_name"})


def _same_job(*, graduate: Graduate, fields: dict) -> Placement | None:
    return (
        Placement.objects.filter(
            graduate=graduate,
            start_date=fields.get("start_date"),
            contract_type=fields.get("contract_type"),
            employer_name__iexact=fields.get("employer_name") or "",
        )
        .exclude(status=Placement.Status.REJECTED)
        .first()
    )


def placement_record(*, graduate: Graduate, by: User, **fields) -> Placement:
    """Record a placement. From a graduate it waits for confirmation; from an officer it is confirmed.

    Idempotent: the same job (graduate, start date, contract, employer name) declared twice, by a double
    click or by simultaneous requests, is one row (the ``placement_one_per_job`` constraint settles a
    race); the existing placement is returned.
    """
    fields = {k: v for k, v in fields.items() if k in PLACEMENT_FIELDS}
    if fields.get("employer") is not None and not (fields.get("employer_name") or "").strip():
        fields["employer_name"] = fields["employer"].name
    _validate_placement(fields)
    if by.is_officer:
        status, confirmed_by, confirmed_at = Placement.Status.CONFIRMED, by, timezone.now()
    elif by.is_graduate and graduate.user_id == by.pk:
        status, confirmed_by, confirmed_at = Placement.Status.DECLARED, None, None
    else:
        raise ApplicationError(_("Vous ne pouvez pas déclarer ce placement."), status_code=403)
    existing = _same_job(graduate=graduate, fields=fields)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                graduate=graduate,
                declared_by=by,
                status=status,
                confirmed_by=confirmed_by,
                confirmed_at=confirmed_at,
                **fields,
            )
            audit_log(actor=by, action="placement.record", target=placement, status=status)
            if status == Placement.Status.DECLARED:
                notifications.placement_declared(placement)
    except IntegrityError:
        # A simultaneous request saved the same job first (it committed while we waited on the index).
        existing = _same_job(graduate=graduate, fields=fields)
        if existing is None:
            raise
        return existing
    return placement


def placement_confirm(*, placement: Placement, by: User, confirm: bool = True, note: str = "") -> Placement:
    """An officer, or the employer named on it, confirms (or rejects) a declared placement."""
    employer = employer_of(by)
    allowed = by.is_officer or (
        by.is_employer and employer is not None and placement.employer_id == employer.pk
    )
    if not allowed:
        raise ApplicationError(_("Ce placement ne vous concerne pas."), status_code=404)
    with transaction.atomic():
        locked = Placement.objects.select_for_update().get(pk=placement.pk)
        if locked.status != Placement.Status.DECLARED:
            raise ConflictError(
                _("Ce placement est déjà %(s)s.") % {"s": locked.get_status_display().lower()}
            )
        locked.status = Placement.Status.CONFIRMED if confirm else Placement.Status.REJECTED
        locked.confirmed_by = by
        locked.confirmed_at = timezone.now()
        locked.save()
        audit_log(
            actor=by, action="placement.confirm" if confirm else "placement.reject", target=locked, note=note
        )
        notifications.placement_reviewed(locked, by=by, note=note)
    return locked
