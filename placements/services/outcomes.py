"""Outcome checks at the end of training, +3 and +6 months: opened when due, filled, answered, frozen."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.audit import audit_log
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.services import require_officer
from backend.core.tokens import token_digest
from graduates.models import Graduate

from .. import notifications
from ..models import ContractCategory, OutcomeCheck, Placement


def milestone_date(graduate: Graduate, milestone: str) -> date:
    cohort = graduate.cohort
    end = cohort.internship_end or cohort.training_end
    return end + relativedelta(months=OutcomeCheck.MONTHS_AFTER_END[OutcomeCheck.Milestone(milestone)])


def situation_from_placements(graduate: Graduate, day: date) -> tuple[str, str, str]:
    """What the confirmed placements say of ``day``: (situation, contract type, employer) or unknown."""
    active = [
        p
        for p in graduate.placements.all()  # prefetched by the periodic job
        if p.status == Placement.Status.CONFIRMED and not p.is_training_internship and p.is_active_on(day)
    ]
    if not active:
        return OutcomeCheck.Situation.UNKNOWN, "", ""
    rank = [c.value for c in ContractCategory]
    best = min(active, key=lambda p: rank.index(p.contract_type))
    if best.contract_type == ContractCategory.FORMATION:
        return OutcomeCheck.Situation.TRAINING, "", best.employer_name
    if best.contract_type == ContractCategory.CREATION:
        return OutcomeCheck.Situation.CREATION, best.contract_type, best.employer_name
    return OutcomeCheck.Situation.EMPLOYED, best.contract_type, best.employer_name


@dataclass
class OutcomeOpeningReport:
    due: list[tuple[int, str]] = field(default_factory=list)  # (graduate id, milestone)
    created: list[int] = field(default_factory=list)
    forms_sent: int = 0


def outcome_checks_open_due(
    *, today: date | None = None, wet_run: bool = True, batch_size: int = 200
) -> OutcomeOpeningReport:
    """Create the checks that came due, pre-filled from placements, and e-mail the short form.

    Idempotent: one check per graduate and milestone (a unique constraint), so a second run the same
    day creates nothing and sends nothing. A form goes out only for a milestone that came due
    recently (within the link's validity): nobody is asked today where they stood a year ago.
    """
    today = today or timezone.localdate()
    report = OutcomeOpeningReport()
    graduates = (
        Graduate.objects.select_related("cohort", "user")
        .filter(cohort__training_end__lte=today)
        .annotate(n_checks=Count("outcome_checks"))
        .filter(n_checks__lt=len(OutcomeCheck.Milestone))
        .prefetch_related("outcome_checks")
        .order_by("pk")
    )
    for graduate in graduates:
        existing = {c.milestone for c in graduate.outcome_checks.all()}
        for milestone in OutcomeCheck.Milestone:
            if milestone.value not in existing and milestone_date(graduate, milestone) <= today:
                report.due.append((graduate.pk, milestone.value))
    if not wet_run:
        return report
    by_graduate: dict[int, list[str]] = {}
    for graduate_id, milestone in report.due:
        by_graduate.setdefault(graduate_id, []).append(milestone)
    ids = list(by_graduate)
    send_after = today - timedelta(days=OutcomeCheck.FORM_VALID_DAYS)
    for start in range(0, len(ids), batch_size):
        chunk = (
            Graduate.objects.select_related("cohort", "user")
            .prefetch_related("placements")
            .filter(pk__in=ids[start : start + batch_size])
        )
        for graduate in chunk:
            milestones = by_graduate[graduate.pk]
            # Only the latest milestone due gets a form: one question at a time.
            latest = max(milestones, key=lambda m: OutcomeCheck.MONTHS_AFTER_END[OutcomeCheck.Milestone(m)])
            for milestone in milestones:
                due = milestone_date(graduate, milestone)
                situation, contract, employer_name = situation_from_placements(graduate, due)
                check = OutcomeCheck(
                    graduate=graduate,
                    milestone=milestone,
                    due_on=due,
                    situation=situation,
                    contract_type=contract,
                    employer_name=employer_name,
                    source=OutcomeCheck.Source.PLACEMENTS
                    if situation != OutcomeCheck.Situation.UNKNOWN
                    else "",
                )
                send = (
                    milestone == latest
                    and due >= send_after
                    and graduate.user_id is not None
                    and graduate.user.is_active
                )
                with transaction.atomic():
                    try:
                        with transaction.atomic():
                            check.save()
                    except IntegrityError:  # another run created it meanwhile
                        continue
                    report.created.append(check.pk)
                    if send:
                        notifications.outcome_form_due(check)
                        report.forms_sent += 1
    return report


def outcome_form_send(*, check: OutcomeCheck, by: User) -> OutcomeCheck:
    """An officer sends the short form (again): a new link, the previous one stops working."""
    require_officer(by, _("Seule l'école envoie les formulaires de suivi."))
    with transaction.atomic():
        locked = (
            OutcomeCheck.objects.select_for_update(of=("self",))
            .select_related("graduate", "graduate__user")
            .get(pk=check.pk)
        )
        if locked.is_frozen:
            raise ConflictError(_("Ce suivi est validé : inutile de relancer la personne."))
        user = locked.graduate.user
        if user is None or not user.is_active:
            raise ApplicationError(
                _("%(n)s n'a pas de compte actif sur Tremplin : appelez-la ou écrivez-lui directement.")
                % {"n": locked.graduate.full_name}
            )
        # The previous link stops working now; the new one is minted when the e-mail goes out.
        locked.form_token_hash = ""
        locked.save(update_fields=["form_token_hash", "updated_at"])
        notifications.outcome_form_due(locked)
        audit_log(actor=by, action="outcome.form_sent", target=locked)
    return locked


def _apply_outcome(
    check: OutcomeCheck, *, situation: str, contract_type: str, employer_name: str, note: str
) -> None:
    if situation not in OutcomeCheck.Situation.values:
        raise ApplicationError(_("Choisissez une situation dans la liste."), extra={"field": "situation"})
    if situation in (OutcomeCheck.Situation.EMPLOYED,) and contract_type not in ContractCategory.values:
        raise ApplicationError(
            _("En emploi : précisez le type de contrat."), extra={"field": "contract_type"}
        )
    if situation not in (OutcomeCheck.Situation.EMPLOYED, OutcomeCheck.Situation.CREATION):
        contract_type = ""
    elif situation == OutcomeCheck.Situation.CREATION:
        contract_type = ContractCategory.CREATION
    check.situation = situation
    check.contract_type = contract_type
    check.employer_name = employer_name.strip()[:200]
    check.note = note.strip()


def outcome_fill(
    *,
    check: OutcomeCheck,
    by: User,
    situation: str,
    contract_type: str = "",
    employer_name: str = "",
    note: str = "",
    seen_at=None,
) -> OutcomeCheck:
    """An officer records the situation (not yet frozen).

    ``seen_at`` is when the officer's page was drawn: if the graduate answered since, nothing is
    overwritten and the officer is asked to read the answer first. Saving what is already there
    changes nothing, so validating a graduate's answer as it is keeps it as theirs.
    """
    require_officer(by, _("Seule l'école saisit les suivis."))
    with transaction.atomic():
        locked = OutcomeCheck.objects.select_for_update().get(pk=check.pk)
        if locked.is_frozen:
            raise ConflictError(_("Ce suivi est validé : il ne peut plus être modifié."))
        if seen_at is not None and locked.responded_at and locked.responded_at > seen_at:
            raise ConflictError(
                _("La personne vient de répondre : relisez sa réponse avant d'enregistrer ou de valider.")
            )
        before = (locked.situation, locked.contract_type, locked.employer_name, locked.note)
        _apply_outcome(
            locked, situation=situation, contract_type=contract_type, employer_name=employer_name, note=note
        )
        if (locked.situation, locked.contract_type, locked.employer_name, locked.note) == before:
            return locked
        locked.source = OutcomeCheck.Source.OFFICER
        locked.responded_at = locked.responded_at or timezone.now()
        locked.save()
        audit_log(actor=by, action="outcome.fill", target=locked, situation=situation)
    return locked


def outcome_check_for_token(token: str) -> OutcomeCheck | None:
    if not token:
        return None
    return (
        OutcomeCheck.objects.select_related("graduate", "graduate__cohort")
        .filter(form_token_hash=token_digest(token))
        .first()
    )


def outcome_answer(
    *, token: str, situation: str, contract_type: str = "", employer_name: str = "", note: str = ""
) -> OutcomeCheck:
    """The graduate answers the e-mailed form (no sign-in: the link is the credential)."""
    check = outcome_check_for_token(token)
    if check is None or check.form_expired():
        raise ApplicationError(
            _("Ce lien n'est plus valable. Écrivez à l'école ou connectez-vous à Tremplin pour répondre."),
            status_code=404,
        )
    with transaction.atomic():
        locked = OutcomeCheck.objects.select_for_update().get(pk=check.pk)
        if locked.is_frozen:
            raise ConflictError(_("Merci, votre réponse a déjà été enregistrée et validée par l'école."))
        _apply_outcome(
            locked, situation=situation, contract_type=contract_type, employer_name=employer_name, note=note
        )
        locked.source = OutcomeCheck.Source.GRADUATE
        locked.responded_at = timezone.now()
        locked.save()
    return locked


def outcome_validate(*, check: OutcomeCheck, by: User) -> OutcomeCheck:
    """Freeze the snapshot: the report counts it and nobody can change it afterwards."""
    require_officer(by, _("Seule l'école valide les suivis."))
    with transaction.atomic():
        locked = OutcomeCheck.objects.select_for_update().get(pk=check.pk)
        if locked.is_frozen:
            raise ConflictError(_("Ce suivi est déjà validé."))
        if locked.due_on > timezone.localdate():
            raise ApplicationError(
                _("Ce suivi n'est pas encore échu : attendez le %(d)s.") % {"d": locked.due_on}
            )
        if locked.situation == OutcomeCheck.Situation.UNKNOWN:
            locked.source = OutcomeCheck.Source.OFFICER
        locked.validated_at = timezone.now()
        locked.validated_by = by
        locked.form_token_hash = ""
        locked.save()
        audit_log(actor=by, action="outcome.validate", target=locked, situation=locked.situation)
    return locked
