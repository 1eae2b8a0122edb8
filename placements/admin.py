from django.contrib import admin

from .models import (
    Application,
    ApplicationTransition,
    Notification,
    NotificationPreference,
    OutcomeCheck,
    Placement,
)


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    readonly_fields = ("transition", "from_state", "to_state", "actor", "note", "at")
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("graduate", "offer", "state", "origin", "moved_at")
    list_filter = ("state", "origin")
    search_fields = ("graduate__last_name", "offer__title", "offer__employer__name")
    raw_id_fields = ("graduate", "offer", "created_by")
    # States change through the services only (logged transitions), never by hand here.
    readonly_fields = ("state", "moved_at", "applied_at", "stale_notified_at")
    inlines = [TransitionInline]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ("graduate", "employer_name", "contract_type", "start_date", "status", "via_tremplin")
    list_filter = ("contract_type", "status", "via_tremplin", "is_training_internship")
    raw_id_fields = ("graduate", "employer", "offer", "application", "declared_by", "confirmed_by")

    # A confirmed placement is in the funder report: it may be corrected, not deleted after the fact.
    # No bulk delete either (obj=None), so a selection cannot sweep confirmed rows away.
    def has_delete_permission(self, request, obj=None) -> bool:
        return (
            obj is not None
            and obj.status != Placement.Status.CONFIRMED
            and super().has_delete_permission(request, obj)
        )


@admin.register(OutcomeCheck)
class OutcomeCheckAdmin(admin.ModelAdmin):
    list_display = ("graduate", "milestone", "due_on", "situation", "contract_type", "validated_at")
    list_filter = ("milestone", "situation")
    raw_id_fields = ("graduate", "validated_by")
    readonly_fields = ("form_token_hash", "form_sent_at", "validated_at", "validated_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.validated_at is not None:
            # Frozen once validated: shown, not edited.
            return [f.name for f in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)

    # A validated check is frozen: the funder report reads it, so no one deletes it (nor in bulk).
    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and obj.validated_at is None and super().has_delete_permission(request, obj)


admin.site.register(Notification)
admin.site.register(NotificationPreference)
