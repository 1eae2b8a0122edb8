from django.db.models import Q, QuerySet

from backend.core.text import fold

from .models import Commune

HAUTS_DE_FRANCE = "32"


def commune_search(*, query: str, limit: int = 10) -> QuerySet[Commune]:
    """Communes whose name starts with (then contains) the query, or whose postal code matches.

    Hauts-de-France first: Tremplin's users mostly live and work there.
    """
    q = fold(query)
    if len(q) < 2:
        return Commune.objects.none()
    if q.isdigit():
        qs = Commune.objects.filter(Q(postal_codes__contains=q) | Q(insee__startswith=q))
    else:
        qs = Commune.objects.filter(Q(search_name__startswith=q) | Q(search_name__contains=f" {q}"))
    from django.db.models import Case, IntegerField, Value, When

    return qs.annotate(
        _local=Case(
            When(region=HAUTS_DE_FRANCE, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        _prefix=Case(
            When(search_name__startswith=q, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("_local", "_prefix", "name")[:limit]


def commune_get(*, insee: str) -> Commune | None:
    return Commune.objects.filter(insee=insee).first()


def commune_resolve(*, text: str) -> Commune | None:
    """A commune from what a person typed: INSEE code, "Liévin", "Liévin (62800)" or "62800 Liévin"."""
    import re

    text = (text or "").strip()
    if not text:
        return None
    if re.fullmatch(r"\d[\dAB]\d{3}", text):
        by_code = Commune.objects.filter(insee=text).first()
        if by_code:
            return by_code
    postal = re.search(r"\b(\d{5})\b", text)
    name = fold(re.sub(r"[()\d]", " ", text))
    qs = Commune.objects.filter(search_name=name) if name else Commune.objects.none()
    if postal:
        with_postal = (
            qs.filter(postal_codes__contains=postal.group(1))
            if name
            else Commune.objects.filter(postal_codes__contains=postal.group(1))
        )
        if with_postal.exists():
            return with_postal.order_by("insee").first()
    if qs.count() == 1:
        return qs.first()
    # Several communes share a name: prefer the one in Hauts-de-France.
    return qs.filter(region=HAUTS_DE_FRANCE).order_by("insee").first() or qs.order_by("insee").first()
