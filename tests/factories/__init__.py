import random
from decimal import Decimal

import factory
from django.utils import timezone

from backend.accounts.models import User
from backend.core.text import fold
from backend.geo.models import Commune
from employers.models import Contact, Employer, Offer, Partnership
from employers.validators import luhn_ok

PASSWORD = "motdepasse-solide-42"


def make_siret(seed: int | None = None) -> str:
    """A SIRET whose SIREN and SIRET check digits are both valid (Luhn)."""
    rng = random.Random(seed)
    while True:
        siren = "".join(str(rng.randint(0, 9)) for _ in range(8))
        siren = next(siren + str(d) for d in range(10) if luhn_ok(siren + str(d)))
        if siren.startswith("356000000"):
            continue
        nic = "".join(str(rng.randint(0, 9)) for _ in range(4))
        for d in range(10):
            if luhn_ok(siren + nic + str(d)):
                return siren + nic + str(d)


def commune(insee: str) -> Commune:
    return Commune.objects.get(insee=insee)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = User.Role.GRADUATE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(lambda n: make_siret(n))
    naf_code = "62.01Z"
    size_band = Employer.SizeBand.SMALL
    commune = factory.LazyFunction(lambda: commune("62498"))
    status = Employer.Status.APPROVED


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    employer = factory.SubFactory(EmployerFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.EMPLOYER)
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")
    is_primary = True


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    employer = factory.SubFactory(EmployerFactory)
    kind = Partnership.Kind.HIRING
    status = Partnership.Status.ACTIVE
    start_date = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    employer = factory.SubFactory(EmployerFactory)
    title = "Développeur web PHP / Symfony (H/F)"
    description = "Vous développerez des applications web en **PHP** avec Symfony et MySQL."
    description_html = (
        "<p>Vous développerez des applications web en <strong>PHP</strong> avec Symfony et MySQL.</p>"
    )
    contract_type = Offer.ContractType.CDI
    salary_min = Decimal("24000")
    salary_max = Decimal("30000")
    salary_period = Offer.SalaryPeriod.YEAR
    commune = factory.LazyFunction(lambda: commune("62498"))
    status = Offer.Status.DRAFT
    search_text = factory.LazyAttribute(lambda o: fold(f"{o.title} {o.description}"))

    class Params:
        published = factory.Trait(
            status=Offer.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            refreshed_at=factory.LazyFunction(timezone.now),
        )
