"""Internships hosted by partners, as the internship agreements report them (the ``internships`` app lies
above this one and calls in; nothing here reads it)."""

from datetime import date

from employers.models import Employer
from graduates.models import Graduate

from ..models import HostedInternship, Placement


def hosted_internship_record(
    *,
    agreement_id: int,
    graduate: Graduate,
    employer: Employer,
    placement: Placement | None,
    start_date: date,
    end_date: date,
    status: str,
) -> HostedInternship:
    """Write what an agreement the three parties signed says of its internship: who hosts it, its dates
    (those of the version in force) and where it stands. Called again at each step, in the caller's
    transaction; one row per agreement, so running it twice changes nothing."""
    row, _created = HostedInternship.objects.update_or_create(
        agreement_id=agreement_id,
        defaults={
            "graduate": graduate,
            "employer": employer,
            "placement": placement,
            "start_date": start_date,
            "end_date": end_date,
            "status": HostedInternship.Status(status),
        },
    )
    return row
