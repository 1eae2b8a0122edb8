from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# La Poste's establishments share one SIREN whose SIRETs follow a different check rule.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def siret_is_valid(value: str) -> bool:
    value = (value or "").replace(" ", "")
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in value) % 5 == 0
    return luhn_ok(value[:9]) and luhn_ok(value)


def validate_siret(value: str) -> None:
    cleaned = (value or "").replace(" ", "")
    if len(cleaned) != 14 or not cleaned.isdigit():
        raise ValidationError(
            _(
                "Le SIRET compte 14 chiffres (vous en avez saisi %(n)s). Il figure sur un extrait Kbis ou sur annuaire-entreprises.data.gouv.fr."
            )
            % {"n": len([c for c in cleaned if c.isdigit()])},
            code="siret_length",
        )
    if not siret_is_valid(cleaned):
        raise ValidationError(
            _("Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas) : vérifiez les chiffres."),
            code="siret_checksum",
        )
