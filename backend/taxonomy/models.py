"""Skills (ESCO + curated) and occupations (ROME 4.0), synced from nlp_models' taxonomy file.

The sync command lives in ``matching`` (the one bridge to nlp_models); offers and profiles
reference these rows by foreign key.
"""

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

    class Meta:
        ordering = ["label_fr"]
        verbose_name = _("compétence")
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.label_fr

    @property
    def label(self) -> str:
        return self.label_fr or self.label_en


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
