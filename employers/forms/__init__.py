"""Web forms of the employer, officer and public pages.

Forms only parse what was typed (types, the commune, the ROME job title, the skills); business rules
stay in ``employers.services``, whose ``ApplicationError`` is attached back to the fields with
:func:`add_application_error`, so the page shows one set of French messages whatever the channel.
"""

from .base import Form, FrenchDecimalField, add_application_error, decimal_initial
from .employers import (
    ContactInviteForm,
    EmployerFilterForm,
    EmployerRegisterForm,
    InteractionForm,
    PartnershipForm,
    ProspectConvertForm,
    ReasonForm,
)
from .offers import OccupationChoiceForm, OfferForm, OfferImportForm, OfferSearchForm

__all__ = [
    "ContactInviteForm",
    "EmployerFilterForm",
    "EmployerRegisterForm",
    "Form",
    "FrenchDecimalField",
    "InteractionForm",
    "OccupationChoiceForm",
    "OfferForm",
    "OfferImportForm",
    "OfferSearchForm",
    "PartnershipForm",
    "ProspectConvertForm",
    "ReasonForm",
    "add_application_error",
    "decimal_initial",
]
