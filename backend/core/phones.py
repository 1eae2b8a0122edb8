"""French phone numbers, as the forms ask for them: 06 12 34 56 78, 0612345678, +33 6 12 34 56 78."""

import re

FRENCH_PHONE = re.compile(r"^(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$")


def is_french_phone(value: str) -> bool:
    return bool(FRENCH_PHONE.match(value.strip()))
