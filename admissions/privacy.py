"""The admissions app's share of a learner's personal data (see graduates.privacy).

An admitted candidate enrolled in a cohort becomes a graduate: her application stays linked to her
graduate record (the funnel follows it to « formée » and « en emploi »). Export: the application as she
wrote it and its moves. Erasure: the application is anonymised as the retention job does it
(:func:`admissions.retention.application_erase`): the funnel's counts stay. Last contact: its moves.
"""

from datetime import datetime

from django.db.models import Max

from graduates.models import Graduate
from graduates.privacy import DataSource, register

from .models import Application, ApplicationTransition
from .retention import application_erase


def _export(graduate: Graduate) -> dict | None:
    a = Application.objects.select_related("commune").filter(graduate=graduate).first()
    if a is None:
        return None
    return {
        "state": a.state,
        "state_label": a.get_state_display(),
        "created_at": a.created_at,
        "first_name": a.first_name,
        "last_name": a.last_name,
        "email": a.email,
        "phone": a.phone,
        "birth_date": a.birth_date,
        "gender": a.gender,
        "commune": a.commune.name if a.commune else None,
        "job_seeker": a.job_seeker,
        "rsa": a.rsa,
        "qpv_declared": a.qpv_declared,
        "qpv_checked": a.qpv_checked,
        "diploma_level": a.diploma_level,
        "track": a.track,
        "motivation": a.motivation,
        "availability": a.availability,
        "test_score": a.test_score,
        "interview_score": a.interview_score,
        "assessment_note": a.assessment_note,
        "decision_reason": a.decision_reason,
        "history": [
            {
                "transition": t.transition,
                "from": t.from_state,
                "to": t.to_state,
                "reason": t.reason,
                "at": t.at,
            }
            for t in a.transitions.all()
        ],
    }


def _erase_for(graduate: Graduate) -> dict[str, int]:
    application = Application.objects.filter(graduate=graduate, anonymised_at__isnull=True).first()
    if application is None:
        return {}
    return application_erase(application=application, by=None, reason="graduate_erased", enrolled_ok=True)


def _last_contact(graduate_ids: list[int]) -> dict[int, datetime]:
    rows = (
        ApplicationTransition.objects.filter(application__graduate_id__in=graduate_ids)
        .values("application__graduate_id")
        .annotate(latest=Max("at"))
        .values_list("application__graduate_id", "latest")
    )
    return dict(rows)


register(DataSource(name="admissions", export=_export, erase=_erase_for, last_contact=_last_contact))
