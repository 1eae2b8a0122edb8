from django.db.models import Q, QuerySet

from backend.core.text import fold

from .models import Appellation, Skill


def appellation_search(*, query: str, limit: int = 15) -> QuerySet[Appellation]:
    """ROME job titles matching every word typed ("dev web" finds "Développeur / Développeuse web")."""
    words = [w for w in fold(query).split() if len(w) >= 2]
    if not words:
        return Appellation.objects.none()
    qs = Appellation.objects.select_related("occupation")
    for word in words:
        qs = qs.filter(search_name__contains=word)
    return qs.order_by("label")[:limit]


def skill_search(*, query: str, limit: int = 15) -> QuerySet[Skill]:
    words = [w for w in fold(query).split() if w]
    if not words:
        return Skill.objects.none()
    qs = Skill.objects.all()
    for word in words:
        qs = qs.filter(Q(search_text__contains=word))
    # Curated tech skills first: they are what employers of the region actually write.
    return qs.order_by("-curated", "label_fr")[:limit]
