"""Writes for applications, placements and outcome checks; each in one transaction, each logged.

Who may move an application is decided here, from the account that asks: the graduate it belongs
to, a contact of the employer that posted the offer, or a placement officer. The role names of
:attr:`Application.TRANSITIONS` (``graduate``, ``employer``, ``officer``, ``system``) are the only
vocabulary; ``by=None`` means the platform itself (periodic tasks).

One module per subject; everything public is importable from ``placements.services``.
"""

from .applications import (
    HousekeepingReport,
    application_from_interest,
    application_interview_reschedule,
    application_start,
    application_transition,
    applications_housekeeping,
)
from .curriculum import DigestReport, curriculum_digest_send
from .internships import hosted_internship_record
from .outcomes import (
    OutcomeOpeningReport,
    milestone_date,
    outcome_answer,
    outcome_check_for_token,
    outcome_checks_open_due,
    outcome_fill,
    outcome_form_send,
    outcome_validate,
    situation_from_placements,
)
from .placements import PLACEMENT_FIELDS, placement_confirm, placement_from_application, placement_record
from .preferences import notification_preference_set, notifications_mark_read
from .roles import actor_role, employer_of

__all__ = [
    "PLACEMENT_FIELDS",
    "HousekeepingReport",
    "OutcomeOpeningReport",
    "DigestReport",
    "actor_role",
    "application_from_interest",
    "hosted_internship_record",
    "application_interview_reschedule",
    "application_start",
    "application_transition",
    "applications_housekeeping",
    "curriculum_digest_send",
    "employer_of",
    "milestone_date",
    "notification_preference_set",
    "notifications_mark_read",
    "outcome_answer",
    "outcome_check_for_token",
    "outcome_checks_open_due",
    "outcome_fill",
    "outcome_form_send",
    "outcome_validate",
    "placement_confirm",
    "placement_from_application",
    "placement_record",
    "situation_from_placements",
]
