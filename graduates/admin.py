from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.exceptions import ApplicationError

from . import privacy
from .models import Cohort, ErasureRequest, Graduate, GraduateSkill, Project


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "track", "training_start", "training_end"]
    list_filter = ["track"]
    search_fields = ["name"]
    filter_horizontal = ["trainers"]


class GraduateSkillInline(admin.TabularInline):
    model = GraduateSkill
    extra = 0
    raw_id_fields = ["skill", "confirmed_by"]
    readonly_fields = ["evidence", "extracted_hash", "confirmed_at"]


class ProjectInline(admin.StackedInline):
    model = Project
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    filter_horizontal = ["skills"]


@admin.register(Graduate)
class GraduateAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "cohort", "visible_to_employers"]
    list_filter = ["cohort", "visible_to_employers", "mobility_mode"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["user", "commune"]
    filter_horizontal = ["desired_appellations"]
    # Consent is the graduate's alone: the admin shows it but cannot change it.
    readonly_fields = [
        "visible_to_employers",
        "visibility_changed_at",
        "content_hash",
        "analysed_hash",
        "cv_uploaded_at",
        "anonymised_at",
        "retention_warned_at",
    ]
    exclude = ["cv_text"]
    inlines = [GraduateSkillInline, ProjectInline]
    actions = ["erase"]
    # Links typed without a scheme are read as https (Django 6's default; silences its warning now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # A graduate is counted by the funder report: she leaves by erasure (anonymisation), which keeps
    # the report's figures, never by deletion (her outcome checks and placements PROTECT her anyway).
    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}) or {}
        if "cl" in changelist:
            privacy.graduates_view_record(
                graduates=changelist["cl"].result_list, by=request.user, channel="admin-list"
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", None) or {}).get("original")
        if request.method == "GET" and original is not None:
            privacy.graduates_view_record(graduates=[original], by=request.user, channel="admin")
        return response

    @admin.action(description=_("Effacer les données personnelles (RGPD, garde les statistiques)"))
    def erase(self, request, queryset):
        done = 0
        for graduate in queryset.filter(anonymised_at__isnull=True):
            try:
                privacy.graduate_erase(graduate=graduate, by=request.user, reason="admin")
            except ApplicationError as exc:
                self.message_user(request, f"#{graduate.pk} : {exc.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("%(n)d profil(s) effacé(s).") % {"n": done}, messages.SUCCESS)


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    list_display = ["graduate", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["graduate", "requested_by", "reason", "status", "decided_by", "decided_at"]

    # Requests are decided on the school's page (which carries the erasure out), not edited here.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
