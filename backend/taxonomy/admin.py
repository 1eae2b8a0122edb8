from django.contrib import admin

from .models import Appellation, Occupation, Skill, TermCandidate


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label_fr", "label_en", "kind", "curated", "uid"]
    list_filter = ["kind", "curated"]
    search_fields = ["label_fr", "label_en", "uid"]
    filter_horizontal = ["broader"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "label"]
    search_fields = ["code", "label"]


@admin.register(Appellation)
class AppellationAdmin(admin.ModelAdmin):
    list_display = ["label", "occupation"]
    search_fields = ["label", "code"]
    list_select_related = ["occupation"]


@admin.register(TermCandidate)
class TermCandidateAdmin(admin.ModelAdmin):
    list_display = ["term", "documents", "occurrences", "status", "skill", "last_seen"]
    list_filter = ["status"]
    search_fields = ["term", "key"]
    raw_id_fields = ["skill", "decided_by"]
