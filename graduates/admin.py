from django.contrib import admin

from .models import Cohort, Graduate, GraduateSkill, Project


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
    ]
    exclude = ["cv_text"]
    inlines = [GraduateSkillInline, ProjectInline]
