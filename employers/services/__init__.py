"""Writes on employers, partnerships and offers: validation, transactions, logs, announcements.

One module per subject — ``employers`` (accounts, approval, contacts), ``crm`` (partnerships, the log
of exchanges, prospects), ``description`` (Markdown to safe HTML), ``offers`` (an offer's content),
``lifecycle`` (its transitions and expiry), ``analysis`` (what the NLP read, the ROME coding) and
``external`` (France Travail's offers); everything public is importable from ``employers.services``.
"""

from .analysis import (
    FILLABLE_FACTS,
    offer_analysis_apply,
    offer_fact_confirm,
    offer_occupation_choose,
)
from .crm import (
    employer_prospect_add,
    employer_prospect_convert,
    interaction_log,
    partnership_save,
)
from .description import (
    ALLOWED_TAGS,
    render_description,
)
from .employers import (
    attach_contact_on_invitation,
    contact_invite,
    employer_approve,
    employer_decline,
    employer_profile_update,
    employer_register,
    employer_signup,
    employer_update,
)
from .external import (
    EXTERNAL_FIELDS,
    offer_external_close,
    offer_external_link_duplicate,
    offer_external_save,
)
from .lifecycle import (
    ExpiryReport,
    offer_refresh,
    offer_submit,
    offer_transition,
    offers_expire,
)
from .offers import (
    OFFER_FIELDS,
    offer_create,
    offer_duplicate,
    offer_search_text,
    offer_skills_refresh_search,
    offer_update,
)

__all__ = [
    "ALLOWED_TAGS",
    "EXTERNAL_FIELDS",
    "ExpiryReport",
    "FILLABLE_FACTS",
    "OFFER_FIELDS",
    "attach_contact_on_invitation",
    "contact_invite",
    "employer_approve",
    "employer_decline",
    "employer_profile_update",
    "employer_prospect_add",
    "employer_prospect_convert",
    "employer_register",
    "employer_signup",
    "employer_update",
    "interaction_log",
    "offer_analysis_apply",
    "offer_create",
    "offer_duplicate",
    "offer_external_close",
    "offer_external_link_duplicate",
    "offer_external_save",
    "offer_fact_confirm",
    "offer_occupation_choose",
    "offer_refresh",
    "offer_search_text",
    "offer_skills_refresh_search",
    "offer_submit",
    "offer_transition",
    "offer_update",
    "offers_expire",
    "partnership_save",
    "render_description",
]
