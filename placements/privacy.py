"""The placements app's share of a graduate's personal data (see graduates.privacy).

Export: candidacies with their history, messages and notes, placements, outcome answers,
notifications and e-mail preferences. Erasure: messages, notes, interview places and salaries go;
pending candidacies are closed; her notifications go and the others' ones stop naming her. Kept for
the funder report: each candidacy's states, each placement's contract facts, each outcome check.
"""

from datetime import datetime

from django.db.models import Max, Q
from django.utils import timezone

from graduates.models import Graduate
from graduates.privacy import DataSource, register, register_viewer_labeller

from .models import (
    Application,
    ApplicationTransition,
    Notification,
    NotificationPreference,
    OutcomeCheck,
    Placement,
)

ERASED_NOTE = "Données personnelles effacées"


def _export(graduate: Graduate) -> dict:
    applications = (
        Application.objects.filter(graduate=graduate)
        .select_related("offer", "offer__employer")
        .prefetch_related("transitions")
        .order_by("created_at", "pk")
    )
    user = graduate.user
    preference = NotificationPreference.objects.filter(user=user).first() if user else None
    return {
        "candidacies": [
            {
                "offer": a.offer.title,
                "employer": a.offer.employer.name,
                "state": a.state,
                "state_label": a.get_state_display(),
                "origin": a.origin,
                "message": a.message,
                "share_cv": a.share_cv,
                "interview_at": a.interview_at,
                "interview_place": a.interview_place,
                "refusal_reason": a.refusal_reason,
                "created_at": a.created_at,
                "applied_at": a.applied_at,
                "moved_at": a.moved_at,
                "history": [
                    {
                        "transition": t.transition,
                        "from": t.from_state,
                        "to": t.to_state,
                        "note": t.note,
                        "at": t.at,
                    }
                    for t in a.transitions.all()
                ],
            }
            for a in applications
        ],
        "placements": [
            {
                "employer": p.employer_name,
                "contract_type": p.contract_type,
                "job_title": p.job_title,
                "start_date": p.start_date,
                "end_date": p.end_date,
                "monthly_gross_salary": str(p.monthly_gross_salary)
                if p.monthly_gross_salary is not None
                else None,
                "via_tremplin": p.via_tremplin,
                "is_training_internship": p.is_training_internship,
                "status": p.status,
                "confirmed_at": p.confirmed_at,
            }
            for p in Placement.objects.filter(graduate=graduate).order_by("start_date", "pk")
        ],
        "outcome_answers": [
            {
                "milestone": c.milestone,
                "due_on": c.due_on,
                "situation": c.situation,
                "contract_type": c.contract_type,
                "employer": c.employer_name,
                "note": c.note,
                "source": c.source,
                "responded_at": c.responded_at,
                "validated_at": c.validated_at,
            }
            for c in OutcomeCheck.objects.filter(graduate=graduate).order_by("due_on", "pk")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "subject": n.subject,
                "body": n.body,
                "created_at": n.created_at,
                "sent_at": n.sent_at,
                "read_at": n.read_at,
            }
            for n in (Notification.objects.filter(user=user).order_by("created_at", "pk") if user else [])
        ],
        "notification_preference": (
            {"frequency": preference.frequency, "muted_kinds": preference.muted_kinds} if preference else None
        ),
    }


def _erase(graduate: Graduate) -> dict[str, int]:
    now = timezone.now()
    applications = Application.objects.filter(graduate=graduate)
    pending = list(applications.filter(state__in=Application.PENDING).values_list("pk", "state"))
    ApplicationTransition.objects.bulk_create(
        ApplicationTransition(
            application_id=pk,
            transition="close_stale",
            from_state=state,
            to_state=Application.State.CLOSED,
            note=ERASED_NOTE,
            at=now,
        )
        for pk, state in pending
    )
    applications.filter(pk__in=[pk for pk, _state in pending]).update(
        state=Application.State.CLOSED, moved_at=now
    )
    messages = applications.update(message="", interview_place="", share_cv=False)
    notes = (
        ApplicationTransition.objects.filter(application__graduate=graduate)
        .exclude(note__in=["", ERASED_NOTE])
        .update(note="")
    )
    Placement.objects.filter(graduate=graduate).update(job_title="", monthly_gross_salary=None)
    OutcomeCheck.objects.filter(graduate=graduate).update(note="", employer_name="", form_token_hash="")

    own = Notification.objects.filter(user=graduate.user).delete()[0] if graduate.user_id else 0
    # Employers' and officers' notifications named her: they keep the event, not the person.
    others = 0
    name = graduate.full_name
    if len(name) >= 3:
        for note in Notification.objects.filter(Q(subject__contains=name) | Q(body__contains=name)).exclude(
            user_id=graduate.user_id
        ):
            note.subject = note.subject.replace(name, "Une personne (données effacées)")[:200]
            note.body = note.body.replace(name, "une personne (données effacées)")
            note.save(update_fields=["subject", "body"])
            others += 1
    return {
        "candidacies_closed": len(pending),
        "candidacy_messages": messages,
        "notes": notes,
        "own_notifications": own,
        "others_notifications_reworded": others,
    }


def _last_contact(graduate_ids: list[int]) -> dict[int, datetime]:
    latest: dict[int, datetime] = {}

    def keep(rows):
        for gid, at in rows:
            if at is not None and (gid not in latest or at > latest[gid]):
                latest[gid] = at

    keep(
        Application.objects.filter(graduate_id__in=graduate_ids)
        .values("graduate_id")
        .annotate(at=Max("moved_at"))
        .values_list("graduate_id", "at")
    )
    keep(
        OutcomeCheck.objects.filter(graduate_id__in=graduate_ids)
        .values("graduate_id")
        .annotate(at=Max("responded_at"))
        .values_list("graduate_id", "at")
    )
    keep(
        Placement.objects.filter(graduate_id__in=graduate_ids)
        .values("graduate_id")
        .annotate(at=Max("updated_at"))
        .values_list("graduate_id", "at")
    )
    return latest


register(DataSource(name="placements", export=_export, erase=_erase, last_contact=_last_contact))


def _employer_names(users) -> dict[int, str]:
    """An employer's contact is shown as their organisation (the graduate knows companies, not staff)."""
    from employers.models import Contact

    return {
        c.user_id: c.employer.name
        for c in Contact.objects.filter(user__in=[u.pk for u in users]).select_related("employer")
    }


register_viewer_labeller(_employer_names)
