"""Password rules Django's validators miss for a French site: "Tremplin2026", "Marseille59!", "Azerty1234".

Both validators look at a password's *root*: accents folded, lower case, the common letter-for-digit
swaps undone (``p@ssw0rd`` → ``password``), digits and symbols stripped from both ends. A root that is a
common password (Django's list of 20,000 plus a French list shipped here), or that is only the site's
name, its town or a year, is refused whatever digits or symbols surround it.
"""

import functools
import re
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backend.core.text import fold

FRENCH_LIST = Path(__file__).resolve().parent / "data" / "mots-de-passe-courants.txt"
# The site, the school and where it is: what people put in a password made "for" Tremplin.
SITE_WORDS = (
    "tremplin",
    "ecoledunumerique",
    "ecole",
    "numerique",
    "lens",
    "hautsdefrance",
    "pasdecalais",
    "password",
    "motdepasse",
)
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "€": "e"}
)
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_YEAR = re.compile(r"(19|20)\d\d")


def password_root(password: str) -> str:
    """The word under the decoration: folded, de-leeted, without digits or symbols at either end."""
    folded = fold(password).lower()
    trimmed = _EDGES.sub("", folded)  # digits at the ends are decoration, not leetspeak
    return trimmed.translate(_LEET)


@functools.cache
def _common_roots() -> frozenset[str]:
    words = {
        line.strip()
        for line in FRENCH_LIST.read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    }
    words.update(CommonPasswordValidator().passwords)
    return frozenset(w for w in words if w)


class FrenchCommonPasswordValidator:
    """Refuse a password whose root is a common password, or only the site's name, place and a year."""

    def __init__(self, min_remainder: int = 6):
        self.min_remainder = min_remainder

    def validate(self, password, user=None):
        root = password_root(password)
        squashed = re.sub(r"[\W_]+", "", root)
        if root in _common_roots() or squashed in _common_roots():
            raise ValidationError(
                _(
                    "Ce mot de passe est trop courant : ajouter des chiffres ou des symboles autour d'un mot "
                    "connu ne suffit pas. Choisissez plutôt une phrase de plusieurs mots."
                ),
                code="password_too_common_fr",
            )
        text = _YEAR.sub("", fold(password).lower()).translate(_LEET)
        found = False
        for word in SITE_WORDS:
            found = found or word in text
            text = text.replace(word, "")
        remainder = re.sub(r"[\W\d_]+", "", text)
        if found and len(remainder) < self.min_remainder:
            raise ValidationError(
                _(
                    "Ce mot de passe repose sur le nom du site, de l'école ou de la ville : il se devine "
                    "facilement, même avec une année ou des symboles. Choisissez autre chose."
                ),
                code="password_site_name",
            )

    def get_help_text(self):
        return _(
            "Pas de mot courant, ni le nom du site ou de la ville, même avec des chiffres ou des symboles."
        )


class CharacterClassesValidator:
    """At least ``min_classes`` kinds of characters (lower case, upper case, digits, others), unless the
    password is a long passphrase (``passphrase_length`` characters or more), where length does the work."""

    def __init__(self, min_classes: int = 3, passphrase_length: int = 16):
        self.min_classes = min_classes
        self.passphrase_length = passphrase_length

    def validate(self, password, user=None):
        if len(password) >= self.passphrase_length:
            return
        classes = sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )
        if classes < self.min_classes:
            raise ValidationError(
                _(
                    "Mélangez au moins %(n)d sortes de caractères (minuscules, majuscules, chiffres, symboles), "
                    "ou choisissez une phrase d'au moins %(length)d caractères."
                )
                % {"n": self.min_classes, "length": self.passphrase_length},
                code="password_too_few_classes",
            )

    def get_help_text(self):
        return _(
            "Au moins %(n)d sortes de caractères (minuscules, majuscules, chiffres, symboles), "
            "ou une phrase d'au moins %(length)d caractères."
        ) % {"n": self.min_classes, "length": self.passphrase_length}
