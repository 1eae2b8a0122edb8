"""An offer's content: created, edited, duplicated; its skills, derived fields and history log.

The helpers with a leading underscore are shared by the package's other modules, not exported."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core import events
from backend.core.exceptions import ApplicationError, ConflictError
from backend.core.text import fold
from backend.taxonomy.models import Skill

from ..models import Employer, Offer, OfferSkill, OfferTransitionLog
from .description import render_description

OFFER_FIELDS = {
    "title",
    "description",
    "appellation",
    "occupation",
    "contract_type",
    "contract_months",
    "internship_gratification",
    "start_date",
    "working_time",
    "weekly_hours",
    "remote",
    "remote_answered",
    "salary_min",
    "salary_max",
    "salary_period",
    "openings",
    "commune",
    "disability_friendly",
    "deadline",
}


def _occupation_from_person(offer: Offer, fields: dict, previous_appellation=None) -> None:
    """A ROME code given by a person (the form's appellation, the API's or CSV's code, France
    Travail's coding) is theirs: the classifier's later readings never replace it.

    An appellation picked without a code brings its fiche; an appellation cleared takes away the fiche
    it had brought, unless a code is given too."""
    if "occupation" not in fields and "appellation" not in fields:
        return
    if "occupation" not in fields:
        if offer.appellation_id:
            offer.occupation_id = offer.appellation.occupation_id
        elif previous_appellation is not None and offer.occupation_id == previous_appellation.occupation_id:
            offer.occupation = None
        else:
            return  # the appellation stays empty: the code (a person's or the model's) stays as it was
    offer.occupation_from_model = False


def _validate_offer(offer: Offer) -> None:
    errors: dict[str, list[str]] = {}
    if not offer.is_external and (offer.salary_min is None or offer.salary_max is None):
        errors["salary_min"] = [
            _("Indiquez un salaire : la transparence salariale est obligatoire pour publier une offre.")
        ]
    if offer.salary_min is not None and offer.salary_max is not None and offer.salary_min > offer.salary_max:
        errors["salary_max"] = [_("Le salaire maximum doit être supérieur ou égal au minimum.")]
    if offer.salary_min is not None and offer.salary_min <= 0:
        errors["salary_min"] = [
            _("Indiquez un salaire : la transparence salariale est obligatoire pour publier une offre.")
        ]
    if (
        offer.contract_type in (Offer.ContractType.CDD, Offer.ContractType.STAGE)
        and not offer.contract_months
    ):
        errors["contract_months"] = [_("Indiquez la durée du contrat en mois.")]
    if (
        offer.contract_type == Offer.ContractType.STAGE
        and offer.contract_months
        and offer.contract_months > 6
    ):
        errors["contract_months"] = [_("Un stage dure au plus 6 mois.")]
    # A published offer past its deadline expires on its own; any other must get a future deadline
    # before it goes (back) to moderation, or it would be published only to expire within the hour.
    if offer.deadline and offer.deadline < timezone.localdate() and offer.status != Offer.Status.PUBLISHED:
        errors["deadline"] = [_("La date limite de candidature est déjà passée.")]
    if offer.working_time == Offer.WorkingTime.PART_TIME and not offer.weekly_hours:
        errors["weekly_hours"] = [_("Pour un temps partiel, indiquez le nombre d'heures par semaine.")]
    if offer.appellation_id and not offer.occupation_id:
        offer.occupation_id = offer.appellation.occupation_id
    try:
        # The rules behind the table's constraints are checked above with clearer messages; the
        # database still enforces them. Skipping them here saves one query per constraint.
        # A territory offer may go without a salary (France Travail publishes none for most).
        exclude = ["employer", "created_by", "duplicated_from"]
        if offer.is_external:
            # The feed resolved its commune and ROME fiche from the tables: no second lookup each.
            exclude += ["salary_min", "salary_max", "commune", "occupation", "appellation"]
        offer.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, extra={"fields": errors})


def _refresh_derived(offer: Offer) -> None:
    offer.description_html = render_description(offer.description)
    offer.content_hash = offer.compute_content_hash()


def offer_search_text(offer: Offer, *, skill_labels: list[str] | None = None) -> str:
    """The accent-folded text public search reads: title, ROME appellation, description, skills and
    commune. ``skill_labels``: the skills of an offer not saved yet (else read from its rows)."""
    if skill_labels is None:
        skill_labels = list(offer.offer_skills.values_list("skill__label_fr", flat=True)) if offer.pk else []
    commune = offer.commune.name if offer.commune_id else ""
    appellation = offer.appellation.label if offer.appellation_id else ""
    return fold(" ".join([offer.title, appellation, offer.description, " ".join(skill_labels), commune]))


def _refresh_search_text(offer: Offer) -> None:
    offer.search_text = offer_search_text(offer)


def _set_skills(
    offer: Offer, skills: list[tuple[Skill, str]] | None, dismissed: list[Skill] | None = None
) -> None:
    """Make the offer's skills what the person chose; what they removed from the text's list is
    remembered as dismissed so the pipeline does not bring it back."""
    if dismissed:
        offer.dismissed_skills.add(*dismissed)
    if skills is None:
        return
    wanted = {skill.pk: level for skill, level in skills}
    for level in wanted.values():
        if level not in OfferSkill.Level.values:
            raise ApplicationError(_("Niveau de compétence inconnu : %(l)s") % {"l": level})
    removed = offer.offer_skills.exclude(skill_id__in=wanted)
    removed_extracted = list(
        removed.filter(source=OfferSkill.Source.EXTRACTED).values_list("skill_id", flat=True)
    )
    if removed_extracted:
        offer.dismissed_skills.add(*removed_extracted)
    removed.delete()
    if wanted:
        offer.dismissed_skills.remove(*wanted)
    existing = {os.skill_id: os for os in offer.offer_skills.all()}
    for skill_id, level in wanted.items():
        row = existing.get(skill_id)
        if row is None:
            OfferSkill.objects.create(
                offer=offer, skill_id=skill_id, level=level, source=OfferSkill.Source.DECLARED
            )
        elif row.level != level or row.source == OfferSkill.Source.EXTRACTED:
            # A person kept or changed it: it is theirs now.
            row.level = level
            if row.source == OfferSkill.Source.EXTRACTED:
                row.source = OfferSkill.Source.CONFIRMED
            row.save(update_fields=["level", "source"])


def offer_create(
    *,
    employer: Employer,
    by: User,
    skills: list[tuple[Skill, str]] | None = None,
    dismissed_skills: list[Skill] | None = None,
    **fields,
) -> Offer:
    """Save a draft offer; extraction is announced once the transaction commits."""
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    offer = Offer(employer=employer, created_by=by, **fields)
    _occupation_from_person(offer, fields)
    _validate_offer(offer)
    _refresh_derived(offer)
    with transaction.atomic():
        offer.save()
        _set_skills(offer, skills, dismissed_skills)
        _refresh_search_text(offer)
        offer.save(update_fields=["search_text"])
        _log(offer, by, "create", "", offer.status)
        events.publish("offer.changed", offer_id=offer.pk, content_hash=offer.content_hash)
    return offer


def offer_update(
    *,
    offer: Offer,
    by: User,
    skills: list[tuple[Skill, str]] | None = None,
    dismissed_skills: list[Skill] | None = None,
    expected_updated_at=None,
    **fields,
) -> Offer:
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ApplicationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.status not in Offer.EDITABLE:
            raise ApplicationError(
                _("Une offre « %(s)s » ne se modifie plus : dupliquez-la pour en publier une nouvelle.")
                % {"s": offer.get_status_display().lower()}
            )
        if expected_updated_at and offer.updated_at != expected_updated_at:
            raise ConflictError(_("L'offre a été modifiée entre-temps par un collègue : rechargez la page."))
        previous_hash = offer.compute_content_hash()
        previous_appellation = offer.appellation
        for key, value in fields.items():
            setattr(offer, key, value)
        _occupation_from_person(offer, fields, previous_appellation)
        _validate_offer(offer)
        _refresh_derived(offer)
        # A new text on a live offer of an employer the school does not partner with goes back to
        # moderation: approval was for the text the school read.
        remoderate = (
            offer.status == Offer.Status.PUBLISHED
            and offer.content_hash != previous_hash
            and not (offer.employer.is_approved and offer.employer.has_active_partnership())
        )
        if remoderate:
            offer.status = Offer.Status.SUBMITTED
        offer.save()
        if remoderate:
            _log(
                offer,
                by,
                "resubmit",
                Offer.Status.PUBLISHED,
                Offer.Status.SUBMITTED,
                _("Texte modifié après publication : nouvelle validation par l'école."),
            )
        _set_skills(offer, skills, dismissed_skills)
        _refresh_search_text(offer)
        offer.save(update_fields=["search_text"])
        events.publish("offer.changed", offer_id=offer.pk, content_hash=offer.content_hash)
    return offer


def offer_skills_refresh_search(*, offer: Offer) -> None:
    """Called after skills change outside the form (NLP extraction)."""
    _refresh_search_text(offer)
    Offer.objects.filter(pk=offer.pk).update(search_text=offer.search_text)


def _log(
    offer: Offer, by: User | None, transition: str, from_state: str, to_state: str, note: str = ""
) -> None:
    OfferTransitionLog.objects.create(
        offer=offer, actor=by, transition=transition, from_state=from_state, to_state=to_state, note=note
    )


def offer_duplicate(*, offer: Offer, by: User) -> Offer:
    skills = [(os.skill, os.level) for os in offer.offer_skills.select_related("skill")]
    fields = {name: getattr(offer, name) for name in OFFER_FIELDS}
    if fields["deadline"] and fields["deadline"] < timezone.localdate():
        fields["deadline"] = None
    if fields["start_date"] and fields["start_date"] < timezone.localdate():
        fields["start_date"] = None
    fields["title"] = offer.title
    if offer.occupation_from_model:
        del fields["occupation"]  # the classifier reads the copy's text again; nobody chose this code
    copy = offer_create(employer=offer.employer, by=by, skills=skills, **fields)
    Offer.objects.filter(pk=copy.pk).update(duplicated_from=offer)
    copy.duplicated_from = offer
    return copy
