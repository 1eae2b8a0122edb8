"""The ORM → ranker bridge: rows in, ``OfferDoc`` / ``CandidateDoc`` / ``SkillGraph`` across, plain results back.

Ids cross as strings (the ranker's ids): offer and graduate primary keys, skill primary keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from backend.taxonomy.models import Skill
from employers.models import Offer, OfferSkill
from graduates.models import Cohort, Graduate, GraduateSkill
from matching.ranker import CandidateDoc, Matcher, OfferDoc, SkillGraph, load_implications

OFFER_CONTRACT = {
    Offer.ContractType.CDI: "cdi",
    Offer.ContractType.CDD: "cdd",
    Offer.ContractType.INTERIM: "interim",
    Offer.ContractType.APPRENTISSAGE: "alternance",
    Offer.ContractType.PROFESSIONNALISATION: "alternance",
    Offer.ContractType.STAGE: "stage",
    Offer.ContractType.FREELANCE: "freelance",
}
GRADUATE_CONTRACT = {
    Graduate.Contract.CDI: "cdi",
    Graduate.Contract.CDD: "cdd",
    Graduate.Contract.ALTERNANCE: "alternance",
    Graduate.Contract.STAGE: "stage",
    Graduate.Contract.INTERIM: "interim",
    Graduate.Contract.FREELANCE: "freelance",
}
REMOTE = {Offer.Remote.ONSITE: "none", Offer.Remote.HYBRID: "partial", Offer.Remote.FULL: "full"}
TRACK = {
    Cohort.Track.WEB_MOBILE: "dev",
    Cohort.Track.DIGITAL_COACH: "referent",
    Cohort.Track.HOME_AUTOMATION: "domotique",
}
# What a graduate's text contributes to the TF-IDF similarity; a long CV adds little past this.
MAX_PROFILE_TEXT = 5000


def published_offers(*, also_ids=()) -> QuerySet[Offer]:
    """Published offers, plus ``also_ids`` whatever their status (past offers that have outcomes)."""
    where = Q(status=Offer.Status.PUBLISHED)
    if also_ids:
        where |= Q(pk__in=list(also_ids))
    return (
        Offer.objects.filter(where)
        .select_related("commune")
        .prefetch_related(
            Prefetch("offer_skills", queryset=OfferSkill.objects.only("offer_id", "skill_id", "level"))
        )
        .only(
            "pk",
            "title",
            "description",
            "contract_type",
            "remote",
            "start_date",
            "published_at",
            "extracted_facts",
            "commune",
            "commune__latitude",
            "commune__longitude",
        )
    )


def graduates_to_match(*, visible_only: bool = False) -> QuerySet[Graduate]:
    qs = Graduate.objects.select_related("commune", "cohort").prefetch_related(
        Prefetch(
            "skills",
            # Accepted skills only: a proposal the graduate has not kept, or dismissed, is not theirs.
            queryset=GraduateSkill.objects.filter(status=GraduateSkill.Status.ACCEPTED).only(
                "graduate_id", "skill_id", "source", "status", "level", "confirmed_at"
            ),
        )
    )
    if visible_only:
        qs = qs.filter(visible_to_employers=True, user__isnull=False, user__is_active=True)
    return qs


def offer_doc(offer: Offer) -> OfferDoc:
    experience = (offer.extracted_facts or {}).get("experience_years_min", {}).get("value")
    return OfferDoc(
        id=str(offer.pk),
        title=offer.title,
        text=offer.description,
        skills={str(s.skill_id): s.level for s in offer.offer_skills.all()},
        lat=offer.commune.latitude if offer.commune_id else None,
        lon=offer.commune.longitude if offer.commune_id else None,
        contract_type=OFFER_CONTRACT.get(offer.contract_type),
        remote=REMOTE.get(offer.remote, "none"),
        start_date=offer.start_date,
        published_at=offer.published_at,
        experience_years_min=float(experience) if isinstance(experience, int | float) else None,
    )


def _skill_source(s: GraduateSkill) -> str:
    if s.confirmed_at is not None:
        return "confirmed"
    return "extracted" if s.source == GraduateSkill.Source.EXTRACTED else "declared"


def candidate_doc(graduate: Graduate) -> CandidateDoc:
    skills = [s for s in graduate.skills.all() if s.status == GraduateSkill.Status.ACCEPTED]
    text = "\n".join(part for part in (graduate.presentation, graduate.cv_text[:MAX_PROFILE_TEXT]) if part)
    return CandidateDoc(
        id=str(graduate.pk),
        text=text,
        skills={str(s.skill_id): _skill_source(s) for s in skills},
        lat=graduate.commune.latitude if graduate.commune_id else None,
        lon=graduate.commune.longitude if graduate.commune_id else None,
        radius_km=float(graduate.mobility_radius_km),
        mobility=graduate.mobility_mode,
        contract_types=tuple(GRADUATE_CONTRACT[c] for c in graduate.contract_types if c in GRADUATE_CONTRACT),
        available_from=graduate.available_from,
        track=TRACK.get(graduate.cohort.track),
        skill_levels={str(s.skill_id): s.level for s in skills if s.level},
    )


def display_labels(uids: Iterable[str]) -> dict[str, str]:
    """Short display labels the taxonomy offers (``Curiosité`` for "faire preuve de curiosité"),
    by uid; empty where it offers none or the taxonomy cannot be read."""
    try:
        import nlp_models

        skills = nlp_models.load_taxonomy().skills
    except Exception:  # labels only: the long label serves
        return {}
    out = {}
    for uid in uids:
        entry = skills.get(uid)
        label = getattr(entry, "display_label", "") if entry is not None else ""
        if label:
            out[uid] = label
    return out


def skill_graph(skill_ids: Iterable[str]) -> SkillGraph:
    """The taxonomy as the ranker needs it: broader relations (related-skill credit and implied
    skills), the reviewed implications (React ⇒ JavaScript), every skill's kind (soft skills imply
    nothing and are never "à acquérir") and the display labels of ``skill_ids``."""
    through = Skill.broader.through
    broader: dict[str, list[str]] = {}
    for child, parent in through.objects.values_list("from_skill_id", "to_skill_id"):
        broader.setdefault(str(child), []).append(str(parent))
    uid_to_pk: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for pk, uid, kind in Skill.objects.values_list("pk", "uid", "kind"):
        uid_to_pk[uid] = str(pk)
        kinds[str(pk)] = kind
    ids = {int(s) for s in skill_ids}
    rows = list(Skill.objects.filter(pk__in=ids).values_list("pk", "uid", "label_fr"))
    short = display_labels(uid for _pk, uid, _label in rows)
    labels = {str(pk): short.get(uid) or label for pk, uid, label in rows}
    return SkillGraph(broader, labels=labels, kinds=kinds, implies=load_implications(id_map=uid_to_pk))


def build_matcher(*, graduates: QuerySet[Graduate] | None = None, model=None, also_offer_ids=()) -> Matcher:
    """A matcher over every published offer (and ``also_offer_ids``) and ``graduates`` (all by default)."""
    offers = [offer_doc(o) for o in published_offers(also_ids=also_offer_ids)]
    candidates = [candidate_doc(g) for g in (graduates if graduates is not None else graduates_to_match())]
    skills = {s for doc in offers for s in doc.skills} | {s for doc in candidates for s in doc.skills}
    return Matcher(offers, candidates, graph=skill_graph(skills), model=model)
