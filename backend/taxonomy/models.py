"""Skills (ESCO + curated) and occupations (ROME 4.0), synced from nlp_models' taxonomy file.

The sync command lives in ``matching`` (the one bridge to nlp_models); offers and profiles
reference these rows by foreign key.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    class Kind(models.TextChoices):
        HARD_SKILL = "hard_skill", _("Savoir-faire")
        TOOL = "tool", _("Outil / technologie")
        KNOWLEDGE = "knowledge", _("Connaissance")
        SOFT_SKILL = "soft_skill", _("Savoir-être")
        LANGUAGE = "language", _("Langue")
        LICENCE = "licence", _("Permis / habilitation")

    uid = models.CharField(_("identifiant"), max_length=200, unique=True)
    esco_uri = models.CharField(_("URI ESCO"), max_length=200, blank=True)
    label_fr = models.CharField(_("libellé français"), max_length=300)
    label_en = models.CharField(_("libellé anglais"), max_length=300, blank=True)
    aliases = models.JSONField(_("synonymes"), default=list, blank=True)
    search_text = models.TextField(editable=False, default="", blank=True)
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices, default=Kind.HARD_SKILL)
    broader = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="narrower")
    curated = models.BooleanField(
        _("ajout de l'école"), default=False, help_text=_("Compétence ou synonyme ajouté à la main.")
    )
    # Decisions of placement officers (the "Termes à classer" page). The taxonomy sync keeps them:
    # ``aliases`` = the file's aliases ∪ ``officer_aliases``, and officer-created skills are not in the file.
    officer_aliases = models.JSONField(_("synonymes ajoutés par l'école"), default=list, blank=True)
    officer_created = models.BooleanField(_("créée par l'école"), default=False)

    class Meta:
        ordering = ["label_fr"]
        verbose_name = _("compétence")
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.label_fr

    @property
    def label(self) -> str:
        return self.label_fr or self.label_en

    @classmethod
    def concrete_q(cls) -> models.Q:
        """The skills a visitor reads as something to learn: tools, technologies, knowledge areas,
        languages, licences, and the know-how the school named itself (``tremplin:<slug>``: « gestion
        des incidents », « recette »).

        Soft skills are out, and so are the know-how of ESCO's skill/competence pillar and ROME's
        savoir-faire: phrased as tasks (« fournir une documentation technique », « Créer une
        documentation technique »), they tell an employer's duty, not a trade to learn. Decided from
        the taxonomy's own fields (nature and source), never from a list of labels.
        """
        named_know_how = (
            models.Q(kind=cls.Kind.HARD_SKILL)
            & models.Q(uid__startswith="tremplin:")
            & ~models.Q(uid__startswith="tremplin:rome-")
        )
        return models.Q(kind__in=[cls.Kind.TOOL, cls.Kind.KNOWLEDGE, cls.Kind.LANGUAGE, cls.Kind.LICENCE]) | (
            named_know_how
        )


class Occupation(models.Model):
    """A ROME 4.0 fiche métier (M1805 Développeur informatique…)."""

    code = models.CharField(_("code ROME"), max_length=5, primary_key=True)
    label = models.CharField(_("libellé"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("métier ROME")

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class Appellation(models.Model):
    """A job title of the ROME referential, attached to its fiche."""

    code = models.CharField(_("code OGR"), max_length=12, primary_key=True)
    label = models.CharField(_("appellation"), max_length=300)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="appellations")

    class Meta:
        ordering = ["label"]
        verbose_name = _("appellation ROME")

    def __str__(self) -> str:
        return self.label


class TaxonomyVersion(models.Model):
    """Which taxonomy file the tables were last synced from (skip the sync when unchanged)."""

    version = models.CharField(max_length=64)
    synced_at = models.DateTimeField(auto_now=True)
    skills = models.PositiveIntegerField(default=0)
    appellations = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.version} ({self.synced_at:%Y-%m-%d})"


class TaxonomyOverlay(models.Model):
    """One row whose ``revision`` goes up at every officer decision that changes the taxonomy, so the
    NLP workers reload the officers' aliases and skills only when they changed."""

    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"révision {self.revision}"


class TermCandidate(models.Model):
    """A term the NLP pipeline read where skills are listed but could not match: a candidate alias or
    new skill, shown to placement officers once it recurs across documents."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À classer")
        ADDED_ALIAS = "added_alias", _("Ajouté comme synonyme")
        ADDED_SKILL = "added_skill", _("Ajouté comme compétence")
        IGNORED = "ignored", _("Ignoré")

    term = models.CharField(_("terme"), max_length=200)
    key = models.CharField(_("forme normalisée"), max_length=200, unique=True)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=0)
    documents = models.PositiveIntegerField(_("documents"), default=0, db_index=True)
    examples = models.JSONField(_("exemples"), default=list, blank=True)
    first_seen = models.DateTimeField(_("vu la première fois"), auto_now_add=True)
    last_seen = models.DateTimeField(_("vu la dernière fois"), auto_now=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="term_candidates"
    )

    class Meta:
        ordering = ["-documents", "-occurrences", "key"]
        verbose_name = _("terme à classer")
        verbose_name_plural = _("termes à classer")

    def __str__(self) -> str:
        return self.term


class TermMention(models.Model):
    """Which document mentioned a candidate term, so re-analysing a document does not count it twice."""

    candidate = models.ForeignKey(TermCandidate, on_delete=models.CASCADE, related_name="mentions")
    source = models.CharField(max_length=16)  # "offer" | "profile"
    source_id = models.PositiveBigIntegerField()
    occurrences = models.PositiveIntegerField(default=1)
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "source", "source_id"], name="term_mention_unique")
        ]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self) -> str:
        return f"{self.candidate_id} in {self.source}#{self.source_id}"
