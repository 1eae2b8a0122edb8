"""Small display filters (and one tag) shared by every app's templates: ``{% load tremplin %}``."""

from datetime import datetime

from django import template
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """How long ago, the way people say it: « à l'instant », « il y a 5 min », « il y a 2 jours »,
    « il y a 1 an » — one unit, rounded down, never « 0 minute » nor « 1 année, 2 mois »."""
    if not moment:
        return ""
    now = now or timezone.now()
    seconds = max(0, int((now - moment).total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 1:
        return _("à l'instant")
    if hours < 1:
        return _("il y a %(n)d min") % {"n": minutes}
    if days < 1:
        return _("il y a %(n)d h") % {"n": hours}
    if days < 30:
        return ngettext("il y a %(n)d jour", "il y a %(n)d jours", days) % {"n": days}
    if days < 365:
        return _("il y a %(n)d mois") % {"n": days // 30}
    years = days // 365
    return ngettext("il y a %(n)d an", "il y a %(n)d ans", years) % {"n": years}


@register.filter
def since(moment: datetime | None, now: datetime | None = None) -> str:
    """A duration up to now in one unit, for « en attente depuis … »: « 3 jours », « 2 h », « 1 an »."""
    if not moment:
        return ""
    now = now or timezone.now()
    seconds = max(0, int((now - moment).total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if hours < 1:
        return ngettext("%(n)d minute", "%(n)d minutes", max(1, minutes)) % {"n": max(1, minutes)}
    if days < 1:
        return ngettext("%(n)d heure", "%(n)d heures", hours) % {"n": hours}
    if days < 30:
        return ngettext("%(n)d jour", "%(n)d jours", days) % {"n": days}
    if days < 365:
        return _("%(n)d mois") % {"n": days // 30}
    return ngettext("%(n)d an", "%(n)d ans", days // 365) % {"n": days // 365}


@register.filter
def soft_skills(offer_skills):
    """The soft skills among an offer's (or a profile's) skill rows: shown apart from technical ones."""
    return [row for row in offer_skills if row.skill.kind == "soft_skill"]


@register.filter
def technical_skills(offer_skills):
    """Every skill row but the soft skills: know-how, tools, knowledge, languages, licences."""
    return [row for row in offer_skills if row.skill.kind != "soft_skill"]


@register.simple_tag
def choices_of(field: str):
    """A model field's choices as (value, label) pairs, named "app_label.Model.field"; for a component
    that lists them (the skill picker's levels): ``{% choices_of "employers.OfferSkill.level" as levels %}``.
    Looked up by name, so this shared library imports no app."""
    app_label, model_name, field_name = field.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name).choices
