"""Fill the ``taxonomy`` tables from nlp_models' committed taxonomy file.

``matching`` is the one app that imports nlp_models; the sync runs after every ``migrate`` (skipped
when the file's version is unchanged) and on demand with ``manage.py taxonomy_sync``.
"""

from collections.abc import Callable

from django.db import transaction

from backend.core.text import fold
from backend.taxonomy.models import Appellation, Occupation, Skill, TaxonomyVersion

BATCH = 2000


def _skill_search_text(entry, aliases) -> str:
    return fold(" | ".join([entry.label_fr, entry.label_en, *aliases]))


def _merged_aliases(file_aliases, officer_aliases) -> list[str]:
    """The file's aliases, then the placement officers' ones it does not already have."""
    known = {fold(a) for a in file_aliases}
    return [*file_aliases, *(a for a in officer_aliases if fold(a) not in known)]


def taxonomy_sync(*, force: bool = False, progress: Callable[[str], None] | None = None) -> dict:
    """Upsert skills, broader links, occupations and appellations. Idempotent; returns counts."""
    from nlp_models.taxonomy import load_taxonomy

    say = progress or (lambda _msg: None)
    taxonomy = load_taxonomy()
    current = TaxonomyVersion.objects.order_by("-synced_at").first()
    if current and current.version == taxonomy.version and not force:
        say(f"Référentiel déjà à jour (version {taxonomy.version}).")
        return {"skills": current.skills, "appellations": current.appellations, "changed": False}

    with transaction.atomic():
        say(f"Métiers ROME : {len(taxonomy.occupations)}")
        Occupation.objects.bulk_create(
            [Occupation(code=o.code, label=o.label) for o in taxonomy.occupations.values()],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["label"],
            batch_size=BATCH,
        )
        say(f"Appellations ROME : {len(taxonomy.appellations)}")
        Appellation.objects.bulk_create(
            [
                Appellation(code=a.code, label=a.label, search_name=fold(a.label), occupation_id=a.rome_code)
                for a in taxonomy.appellations
                if a.rome_code in taxonomy.occupations
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["label", "search_name", "occupation"],
            batch_size=BATCH,
        )
        say(f"Compétences : {len(taxonomy.skills)}")
        # Aliases and skills added by placement officers survive the sync: aliases are merged, and
        # officer-created skills (absent from the file) keep their rows and broader links.
        officer_aliases = dict(
            Skill.objects.exclude(officer_aliases=[]).values_list("uid", "officer_aliases")
        )
        Skill.objects.bulk_create(
            [
                Skill(
                    uid=s.id,
                    esco_uri=s.esco_uri or "",
                    label_fr=s.label_fr or s.label_en,
                    label_en=s.label_en,
                    aliases=_merged_aliases(s.aliases, officer_aliases.get(s.id, ())),
                    search_text=_skill_search_text(
                        s, _merged_aliases(s.aliases, officer_aliases.get(s.id, ()))
                    ),
                    kind=s.kind,
                    curated=not s.id.startswith("http") or s.id in officer_aliases,
                )
                for s in taxonomy.skills.values()
            ],
            update_conflicts=True,
            unique_fields=["uid"],
            update_fields=["esco_uri", "label_fr", "label_en", "aliases", "search_text", "kind", "curated"],
            batch_size=BATCH,
        )
        ids = dict(Skill.objects.values_list("uid", "id"))
        through = Skill.broader.through
        wanted = {
            (ids[s.id], ids[b])
            for s in taxonomy.skills.values()
            for b in s.broader
            if b in ids and s.id in ids
        }
        existing = set(through.objects.values_list("from_skill_id", "to_skill_id"))
        through.objects.bulk_create(
            [through(from_skill_id=a, to_skill_id=b) for a, b in wanted - existing], batch_size=BATCH
        )
        file_rows = {ids[s.id] for s in taxonomy.skills.values() if s.id in ids}
        officer_rows = set(Skill.objects.filter(officer_created=True).values_list("id", flat=True))
        stale = {(a, b) for a, b in existing - wanted if a in file_rows and a not in officer_rows}
        if stale:
            for a, b in stale:
                through.objects.filter(from_skill_id=a, to_skill_id=b).delete()
        TaxonomyVersion.objects.all().delete()
        TaxonomyVersion.objects.create(
            version=taxonomy.version, skills=len(taxonomy.skills), appellations=len(taxonomy.appellations)
        )
    say("Référentiel synchronisé.")
    return {"skills": len(taxonomy.skills), "appellations": len(taxonomy.appellations), "changed": True}


def sync_after_migrate(sender, verbosity=1, **kwargs) -> None:
    taxonomy_sync(progress=print if verbosity else None)
