"""The territory in figures, for the public home page: computed from the offers, cached.

- open offers: published offers (partners' and France Travail's, a duplicate counted once) in the
  school's trades (``SCHOOL_TRADES``) whose workplace is within ``TERRITORY_FIGURES_RADIUS_KM``
  of Lens;
- share open to beginners: of those, the ones France Travail marks « débutant accepté » or whose text
  the NLP read as open to beginners;
- most asked skills: the concrete skills (``Skill.concrete_q``: tools, technologies, knowledge,
  languages, the know-how the school named; not soft skills nor ESCO / ROME tasks) the most of those
  offers ask for.

Cached ``TERRITORY_FIGURES_CACHE_SECONDS`` (15 minutes by default): the home page costs one cache read.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from backend.geo.distance import haversine_km
from backend.taxonomy.models import Skill
from employers.models import Offer, OfferSkill

from .prospects import home_commune, is_beginner_q, offers_in_trades_near

CACHE_KEY = "territory:home-figures:v1"
TOP_SKILLS = 5


def territory_figures_compute() -> dict:
    """The figures, from the database (no cache)."""
    home = home_commune()
    radius = settings.TERRITORY_FIGURES_RADIUS_KM
    candidates = (
        offers_in_trades_near(radius_km=radius, home=home)
        .filter(status=Offer.Status.PUBLISHED, duplicate_of__isnull=True)
        .values_list("pk", "commune__latitude", "commune__longitude")
    )
    ids = [
        pk for pk, lat, lon in candidates if haversine_km(home.latitude, home.longitude, lat, lon) <= radius
    ]
    beginner = Offer.objects.filter(pk__in=ids).filter(is_beginner_q()).distinct().count() if ids else 0
    skills = list(
        OfferSkill.objects.filter(offer_id__in=ids)
        .filter(skill__in=Skill.objects.filter(Skill.concrete_q()))
        .values("skill__label_fr", "skill__label_en")
        .annotate(n=Count("offer_id", distinct=True))
        .order_by("-n", "skill__label_fr")[:TOP_SKILLS]
    )
    return {
        "offers": len(ids),
        "beginner": beginner,
        "beginner_percent": round(100 * beginner / len(ids)) if ids else None,
        "skills": [(row["skill__label_fr"] or row["skill__label_en"], row["n"]) for row in skills],
        "radius_km": radius,
        "place": home.name,
        "computed_at": timezone.now(),
    }


def territory_figures() -> dict:
    """The figures as the home page shows them: from the cache, computed when missing or expired."""
    figures = cache.get(CACHE_KEY)
    if figures is None:
        figures = territory_figures_compute()
        cache.set(CACHE_KEY, figures, settings.TERRITORY_FIGURES_CACHE_SECONDS)
    return figures
