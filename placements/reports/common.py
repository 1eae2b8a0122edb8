"""The funders' categories and the thresholds every report shares."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import ContractCategory, OutcomeCheck
from .charts import format_percent

K = ContractCategory
S = OutcomeCheck.Situation

# --- the funders' categories --------------------------------------------------------------------

# An outcome is a ContractCategory value, or one of these three for people without a contract.
SEEKING, INACTIVE, UNKNOWN = "seeking", "inactive", "unknown"
# A milestone still ahead: the person is in no rate's denominator yet (shown apart, never as failure).
NOT_DUE = "not_due"

STRICT_EMPLOYMENT = frozenset(
    {K.CDI, K.CDD_LONG, K.CDD_SHORT, K.INTERIM, K.APPRENTISSAGE, K.PROFESSIONNALISATION, K.CREATION}
)
POSITIVE_EXIT = STRICT_EMPLOYMENT | {K.FORMATION}
# "Emploi durable" as the DARES counts it: permanent contract, fixed-term of 6 months or more, or
# one's own business.
DURABLE_EMPLOYMENT = frozenset({K.CDI, K.CDD_LONG, K.CREATION})
# A placement that is not a contract: the internship, and a return to training.
NOT_A_CONTRACT = (K.STAGE, K.FORMATION)

REPORT_MILESTONES = (OutcomeCheck.Milestone.M3, OutcomeCheck.Milestone.M6)

OUTCOME_LABELS = {
    **{c.value: c.label for c in ContractCategory},
    SEEKING: _("En recherche d'emploi"),
    INACTIVE: _("Inactif·ve (autre situation)"),
    UNKNOWN: _("Situation inconnue"),
    NOT_DUE: _("Pas encore échu"),
}
# The order of the detailed table: contracts first, then the people without one.
OUTCOME_ORDER = [*ContractCategory.values, SEEKING, INACTIVE, UNKNOWN, NOT_DUE]

NOT_FILLED = "unknown"
NOT_FILLED_LABEL = _("Non renseigné")

AGE_BANDS = [
    ("under_26", _("Moins de 26 ans")),
    ("26_44", _("26 à 44 ans")),
    ("45_plus", _("45 ans et plus")),
    (NOT_FILLED, NOT_FILLED_LABEL),
]

# Contact with a partner is "lost" after this many days without an interaction.
PARTNER_SILENCE_DAYS = 90
# A required skill held by at most this share of the cohort is a gap.
GAP_MAX_SHARE = 0.25
TREND_MONTHS = 12


@dataclass(frozen=True)
class Rate:
    """``count`` out of ``total``; ``value`` is None when there is nobody to count."""

    count: int
    total: int

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def label(self) -> str:
        return format_percent(self.value)
