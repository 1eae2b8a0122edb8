"""What the employers API tests share: communes, a valid offer payload, published offers, ids in a page."""

from employers.models import Offer
from tests.factories import OfferFactory

LENS, LIEVIN, LILLE, ARRAS = "62498", "62510", "59350", "62041"


def payload(**overrides) -> dict:
    data = {
        "title": "Développeuse / développeur Symfony (H/F)",
        "description": "Vous maintiendrez nos applications **Symfony** pour des PME du bassin minier.",
        "contract_type": "CDI",
        "salary_min": "26000",
        "salary_max": "32000",
        "salary_period": "year",
        "commune": LENS,
        "remote": "hybrid",
    }
    data.update(overrides)
    return data


def published(employer, **fields) -> Offer:
    return OfferFactory(employer=employer, published=True, **fields)


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]
