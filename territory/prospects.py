"""Prospects for the partnership CRM: companies hiring in the school's trades near Lens, not in the CRM.

Read from the territory's offers (France Travail's feed), grouped by the company's name as published
(accents and case aside). A company already in the CRM — partner, pending or prospect — is left out.
The rank is one documented score, every factor of which the page shows:

    score = offers × (1 + beginner share) × (0.5 + 0.5 × durable share) / (1 + distance / 20 km)

- offers: its offers in the school's trades (``SCHOOL_TRADES``' ROME fiches) published over the last
  ``TERRITORY_PROSPECT_MONTHS`` months, open or not since (a company that hired is still a prospect);
- beginner share: offers open to beginners (France Travail's « débutant accepté », or the NLP read
  « débutant accepté » in the text) — the school's graduates have 6 months of training;
- durable share: CDI, CDD of 6 months or more, apprenticeship or professionalisation contract — the
  contracts the funders count as a durable positive exit; intérim and short CDD count for half;
- distance: from Lens to the company's nearest workplace, within ``TERRITORY_PROSPECT_RADIUS_KM``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from backend.core.text import fold
from backend.geo.distance import bounding_box, haversine_km
from backend.geo.models import Commune
from employers.models import Employer, Offer

SOURCE = Offer.Source.FRANCE_TRAVAIL
DURABLE = {Offer.ContractType.CDI, *Offer.ALTERNANCE}
DISTANCE_SCALE_KM = 20.0


@dataclass
class Prospect:
    key: str  # the folded name: what "the same company" means
    name: str  # the most frequent spelling
    offers: int = 0
    beginner: int = 0
    durable: int = 0
    distance_km: float = 0.0
    commune: Commune | None = None
    latest: datetime | None = None
    contracts: Counter = field(default_factory=Counter)
    titles: list[tuple[int, str]] = field(default_factory=list)  # (offer id, title), newest first

    @property
    def beginner_share(self) -> float:
        return self.beginner / self.offers if self.offers else 0.0

    @property
    def durable_share(self) -> float:
        return self.durable / self.offers if self.offers else 0.0

    @property
    def score(self) -> float:
        reach = 1 + self.distance_km / DISTANCE_SCALE_KM
        return self.offers * (1 + self.beginner_share) * (0.5 + 0.5 * self.durable_share) / reach

    @property
    def contract_labels(self) -> list[tuple[str, int]]:
        labels = dict(Offer.ContractType.choices)
        return [(labels.get(code, code), n) for code, n in self.contracts.most_common()]

    def summary(self) -> str:
        """The first line of its CRM log: why the school approaches it (French, for the officer)."""
        return (
            f"Prospect repéré dans les offres du territoire : {self.offers} offre(s) dans les métiers de "
            f"l'école sur {settings.TERRITORY_PROSPECT_MONTHS} mois, {round(100 * self.beginner_share)} % "
            f"ouvertes aux débutant·es, {round(100 * self.durable_share)} % en contrat durable ou en "
            f"alternance, à {self.distance_km:.0f} km de Lens. Dernières : "
            + " ; ".join(title for _pk, title in self.titles[:3])
            + "."
        )


def school_rome_codes() -> list[str]:
    """The ROME fiches of every trade the school teaches."""
    return sorted({code for codes in settings.SCHOOL_TRADES.values() for code in codes})


def home_commune() -> Commune:
    return Commune.objects.get(pk=settings.TERRITORY_HOME_INSEE)


def is_beginner_q() -> Q:
    """Offers open to beginners: France Travail says so, or the NLP read it in the text."""
    return Q(feed_record__beginner_accepted=True) | Q(extracted_facts__has_key="beginner_ok")


def offers_in_trades_near(*, radius_km: float, home: Commune | None = None):
    """Offers in the school's trades whose workplace lies in the box around Lens (the caller keeps
    those within the circle), with the coordinates they are measured by."""
    home = home or home_commune()
    min_lat, max_lat, min_lon, max_lon = bounding_box(home.latitude, home.longitude, radius_km)
    return Offer.objects.filter(
        occupation_id__in=school_rome_codes(),
        commune__latitude__range=(min_lat, max_lat),
        commune__longitude__range=(min_lon, max_lon),
    )


def prospect_list(*, now: datetime | None = None) -> list[Prospect]:
    """Companies to approach, best first (see the module's docstring for the score)."""
    now = now or timezone.now()
    home = home_commune()
    radius = settings.TERRITORY_PROSPECT_RADIUS_KM
    since = now - relativedelta(months=settings.TERRITORY_PROSPECT_MONTHS)
    rows = (
        offers_in_trades_near(radius_km=radius, home=home)
        .filter(source=SOURCE, published_at__gte=since, duplicate_of__isnull=True)
        .exclude(published_employer="")
    )
    beginner_ids = set(rows.filter(is_beginner_q()).values_list("pk", flat=True))
    in_crm = {fold(name) for name in Employer.objects.values_list("name", flat=True)}
    prospects: dict[str, Prospect] = {}
    spellings: dict[str, Counter] = {}
    for offer in rows.select_related("commune").order_by("-published_at", "-pk"):
        distance = haversine_km(
            home.latitude, home.longitude, offer.commune.latitude, offer.commune.longitude
        )
        if distance > radius:
            continue
        key = fold(offer.published_employer)
        if not key or key in in_crm:
            continue
        p = prospects.get(key)
        if p is None:
            p = prospects[key] = Prospect(key=key, name=offer.published_employer, distance_km=distance)
            p.commune, p.latest = offer.commune, offer.published_at
            spellings[key] = Counter()
        spellings[key][offer.published_employer] += 1
        p.offers += 1
        p.beginner += offer.pk in beginner_ids
        durable = offer.contract_type in DURABLE or (
            offer.contract_type == Offer.ContractType.CDD and (offer.contract_months or 0) >= 6
        )
        p.durable += durable
        p.contracts[offer.contract_type] += 1
        p.titles.append((offer.pk, offer.title))
        if distance < p.distance_km:
            p.distance_km, p.commune = distance, offer.commune
    for key, p in prospects.items():
        p.name = spellings[key].most_common(1)[0][0]
    return sorted(prospects.values(), key=lambda p: (-p.score, -p.offers, p.key))


def prospect_get(*, key: str, now: datetime | None = None) -> Prospect | None:
    return next((p for p in prospect_list(now=now) if p.key == key), None)
