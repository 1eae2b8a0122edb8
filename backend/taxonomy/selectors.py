from django.db.models import Q, QuerySet

from backend.core.text import fold

from .models import Appellation, Skill, TaxonomyOverlay, TermCandidate


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


def term_candidate_list(*, min_documents: int = 2, status: str = "pending", query: str = "") -> QuerySet:
    """Candidate terms for the officers' page: the most widespread first."""
    qs = TermCandidate.objects.filter(documents__gte=max(1, min_documents))
    if status:
        qs = qs.filter(status=status)
    for word in fold(query).split():
        qs = qs.filter(key__contains=word)
    return qs.select_related("skill", "decided_by").order_by("-documents", "-occurrences", "key")


def taxonomy_overlay_revision() -> int:
    """Goes up at every officer decision that changes the taxonomy (0 before the first)."""
    return TaxonomyOverlay.objects.filter(pk=1).values_list("revision", flat=True).first() or 0


def taxonomy_overlay_version() -> tuple:
    """A key that changes whenever the officers' additions change (cheap: one row by primary key)."""
    row = TaxonomyOverlay.objects.filter(pk=1).values_list("revision", "updated_at").first()
    return tuple(row) if row else (0, None)


def taxonomy_overlay() -> dict[str, dict]:
    """The officers' additions as plain data for the NLP pipeline: ``{uid: {"label_fr", "label_en",
    "kind", "aliases", "broader"}}`` — skills they created, and aliases they gave to existing skills."""
    overlay: dict[str, dict] = {}
    rows = Skill.objects.filter(Q(officer_created=True) | ~Q(officer_aliases=[])).prefetch_related("broader")
    for skill in rows:
        overlay[skill.uid] = {
            "label_fr": skill.label_fr,
            "label_en": skill.label_en,
            "kind": skill.kind,
            "aliases": list(skill.aliases if skill.officer_created else skill.officer_aliases),
            "broader": sorted(b.uid for b in skill.broader.all()) if skill.officer_created else [],
        }
    return overlay
