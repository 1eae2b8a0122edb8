"""The school's figures: the funder report, skills demand vs supply, and the partners' follow-up.

Pure reads: functions over querysets that return dataclasses, no HTTP and no writes, so the page,
the CSV / XLSX exports and the API all show the same numbers. Every definition is written once, in
``FUNDER_DEFINITIONS`` / ``SKILLS_DEFINITIONS`` / ``PARTNER_DEFINITIONS``, shown on the pages and
in the exports, and explained at more length in docs/reports.md.

The funder report reads *validated* outcome checks only (frozen snapshots), and counts everyone of
the cohort in the denominator: a graduate without a validated check is "situation inconnue", never
left out (the conservative convention funders expect).
"""

from .common import PARTNER_SILENCE_DAYS, POSITIVE_EXIT, STRICT_EMPLOYMENT, Rate
from .funder import (
    FUNDER_DEFINITIONS,
    FunderReport,
    age_band,
    end_of_training,
    funder_report_for_cohort,
    funder_report_for_year,
    outcome_of,
    report_years,
)
from .partners import PARTNER_DEFINITIONS, partners_followup
from .skills import SKILLS_DEFINITIONS, occupations_with_open_offers, skills_demand

__all__ = [
    "FUNDER_DEFINITIONS",
    "PARTNER_DEFINITIONS",
    "PARTNER_SILENCE_DAYS",
    "POSITIVE_EXIT",
    "SKILLS_DEFINITIONS",
    "STRICT_EMPLOYMENT",
    "FunderReport",
    "Rate",
    "age_band",
    "end_of_training",
    "funder_report_for_cohort",
    "funder_report_for_year",
    "occupations_with_open_offers",
    "outcome_of",
    "partners_followup",
    "report_years",
    "skills_demand",
]
