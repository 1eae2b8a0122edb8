from django.contrib import admin

from .models import MatchJudgement, MatchScore, RankerVersion, SuggestionFeedback


@admin.register(RankerVersion)
class RankerVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "is_current", "is_prior", "trained_at", "n_outcomes"]
    readonly_fields = [
        "version",
        "trained_at",
        "n_outcomes",
        "metrics",
        "artefact_path",
        "is_prior",
        "created_at",
    ]


@admin.register(MatchScore)
class MatchScoreAdmin(admin.ModelAdmin):
    list_display = ["offer", "graduate", "model_version", "score", "computed_at"]
    list_filter = ["model_version"]
    raw_id_fields = ["offer", "graduate"]


@admin.register(SuggestionFeedback)
class SuggestionFeedbackAdmin(admin.ModelAdmin):
    list_display = ["graduate", "offer", "kind", "reason", "at"]
    list_filter = ["kind", "reason"]
    raw_id_fields = ["offer", "graduate"]


@admin.register(MatchJudgement)
class MatchJudgementAdmin(admin.ModelAdmin):
    list_display = ["offer", "graduate", "officer", "grade", "model_version", "updated_at"]
    list_filter = ["grade", "model_version"]
    raw_id_fields = ["offer", "graduate", "officer"]
