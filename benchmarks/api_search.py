"""Offer search through the API vs a minimal authenticated DRF endpoint, same run, same process.

With 10,000 published offers in PostgreSQL, a distance + full-text + contract search
(`/api/v1/offers/?q=…&contract_type=CDI&near=62510&radius_km=20`) is timed against `/api/v1/me/`
(token auth, one row), the two taking turns. Target (issue #2): median search latency ≤ 3 × the
minimal endpoint.

    .venv/bin/python benchmarks/api_search.py [--offers 10000] [--requests 200]
"""

import argparse
import random
import statistics
import time
from decimal import Decimal

from benchmarks._django import setup

TITLES = [
    "Développeur web PHP Symfony",
    "Développeuse full stack JavaScript React",
    "Technicien domotique KNX",
    "Référent numérique en médiathèque",
    "Conseiller numérique France Services",
    "Technicien support informatique",
    "Développeur mobile Flutter",
    "Intégrateur web WordPress",
    "Data analyst Power BI",
    "Installateur systèmes connectés",
]
WORDS = [
    "application",
    "client",
    "équipe",
    "projet",
    "agile",
    "base",
    "données",
    "serveur",
    "réseau",
    "utilisateurs",
    "formation",
    "accompagnement",
    "maintenance",
    "installation",
    "dépannage",
    "tests",
    "documentation",
    "sécurité",
    "cloud",
    "api",
]


def seed(n_offers: int) -> None:
    from django.utils import timezone

    from backend.core.text import fold
    from backend.geo.models import Commune
    from backend.taxonomy.models import Skill
    from employers.models import Employer, Offer, OfferSkill
    from tests.factories import make_siret

    if Offer.objects.filter(status=Offer.Status.PUBLISHED).count() >= n_offers:
        return
    Offer.objects.all().delete()
    Employer.objects.all().delete()
    rng = random.Random(7)
    communes = list(Commune.objects.filter(region="32").only("insee", "name"))
    skills = list(Skill.objects.filter(curated=True).values_list("id", flat=True)[:300]) or list(
        Skill.objects.values_list("id", flat=True)[:300]
    )
    employers = Employer.objects.bulk_create(
        [
            Employer(
                name=f"Employeur {i}",
                siret=make_siret(10_000 + i),
                size_band=Employer.SizeBand.SMALL,
                commune=rng.choice(communes),
                status=Employer.Status.APPROVED,
            )
            for i in range(200)
        ]
    )
    now = timezone.now()
    contracts = [c for c, _ in Offer.ContractType.choices]
    batch = []
    for _ in range(n_offers):
        title = rng.choice(TITLES)
        description = " ".join(rng.choice(WORDS) for _ in range(120))
        commune = rng.choice(communes)
        contract = rng.choice(contracts)
        batch.append(
            Offer(
                employer=rng.choice(employers),
                title=title,
                description=description,
                description_html=f"<p>{description}</p>",
                contract_type=contract,
                contract_months=6 if contract in ("CDD", "STAGE", "INTERIM") else None,
                salary_min=Decimal(1800),
                salary_max=Decimal(2400),
                commune=commune,
                status=Offer.Status.PUBLISHED,
                published_at=now,
                refreshed_at=now,
                search_text=fold(f"{title} {description} {commune.name}"),
            )
        )
    offers = Offer.objects.bulk_create(batch, batch_size=2000)
    OfferSkill.objects.bulk_create(
        [
            OfferSkill(offer=o, skill_id=s, level=rng.choice(["required", "nice"]))
            for o in offers
            for s in rng.sample(skills, 4)
        ],
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median_ms(client, urls: list[str], n: int, **headers) -> list[float]:
    """Median latency of each URL over ``n`` requests each, the URLs taking turns.

    Taking turns, each URL meets the same load on this shared machine: measured one after the
    other, a burst of other work during one of them would skew the ratio.
    """
    for url in urls:
        for _ in range(5):  # warm-up
            assert client.get(url, **headers).status_code == 200
    samples: list[list[float]] = [[] for _ in urls]
    for i in range(n):
        for j in range(len(urls)):
            k = (i + j) % len(urls)  # alternate which goes first
            t0 = time.perf_counter()
            response = client.get(urls[k], **headers)
            samples[k].append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.content[:300]
    return [statistics.median(s) for s in samples]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from backend.accounts.models import User
    from backend.accounts.services import token_issue

    t0 = time.perf_counter()
    seed(args.offers)
    print(f"données : {args.offers} offres publiées prêtes en {time.perf_counter() - t0:.1f} s")
    user, _ = User.objects.get_or_create(email="bench@tremplin.local", defaults={"role": User.Role.OFFICER})
    _token, key = token_issue(user=user)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    client = Client()
    search_url = "/api/v1/offers/?q=developpeur&contract_type=CDI&near=62510&radius_km=20"
    queries = {}
    for url in ("/api/v1/me/", search_url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **auth)
        queries[url] = len(captured)
    count = response.json().get("count")
    print(f"résultats de la recherche : {count} offres")
    sql = {url: f"{n} requête{'s' if n > 1 else ''} SQL" for url, n in queries.items()}
    # Two ways, both printed: taking turns (each endpoint meets the same load, but the light one runs
    # right after the heavy one, with colder caches) and in blocks (each warm, as a steady stream of
    # the same request would be; a burst of other work during one block skews it).
    for label, (baseline, search) in (
        ("en alternance", median_ms(client, ["/api/v1/me/", search_url], args.requests, **auth)),
        (
            "par blocs",
            (
                median_ms(client, ["/api/v1/me/"], args.requests, **auth)[0],
                median_ms(client, [search_url], args.requests, **auth)[0],
            ),
        ),
    ):
        ratio = search / baseline
        print(f"— mesures {label}")
        print(f"endpoint minimal /api/v1/me/ : médiane {baseline:.2f} ms ({sql['/api/v1/me/']})")
        print(f"recherche distance + texte + contrat : médiane {search:.2f} ms ({sql[search_url]})")
        print(f"ratio : {ratio:.2f} × (cible ≤ 3 ×) → {'OK' if ratio <= 3 else 'AU-DESSUS DE LA CIBLE'}")


if __name__ == "__main__":
    main()
