import pytest
from django.core.exceptions import ValidationError

from employers.validators import siret_is_valid, validate_siret
from tests.factories import make_siret


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000074",  # a real, valid SIRET (Luhn on SIREN and on the whole number)
        "356 000 000 49837",  # La Poste: sum of digits multiple of 5
    ],
)
def test_valid_sirets_pass(siret):
    assert siret_is_valid(siret)
    validate_siret(siret.replace(" ", ""))


def test_generated_sirets_are_valid():
    assert all(siret_is_valid(make_siret(seed)) for seed in range(50))


def test_wrong_check_digit_is_refused_with_a_french_message():
    with pytest.raises(ValidationError) as exc:
        validate_siret("73282932000075")
    assert "clé de contrôle" in exc.value.messages[0]


def test_wrong_length_says_how_many_digits_were_typed():
    with pytest.raises(ValidationError) as exc:
        validate_siret("1234")
    assert "14 chiffres" in exc.value.messages[0]
    assert "4" in exc.value.messages[0]
