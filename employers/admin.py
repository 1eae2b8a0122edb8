from django.contrib import admin

from .models import Contact, Employer, Interaction, Offer, OfferSkill, OfferTransitionLog, Partnership


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    raw_id_fields = ["user"]


class PartnershipInline(admin.StackedInline):
    model = Partnership
    extra = 0
    raw_id_fields = ["officer"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "commune", "size_band", "status"]
    list_filter = ["status", "size_band"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["commune", "reviewed_by"]
    inlines = [ContactInline, PartnershipInline]


class OfferSkillInline(admin.TabularInline):
    model = OfferSkill
    extra = 0
    raw_id_fields = ["skill"]


class TransitionInline(admin.TabularInline):
    model = OfferTransitionLog
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "transition", "from_state", "to_state", "note", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Changes of state go through the pages and the API (services); the admin is for looking."""

    list_display = ["title", "employer", "contract_type", "commune", "status", "published_at"]
    list_filter = ["status", "contract_type", "remote"]
    search_fields = ["title", "employer__name"]
    raw_id_fields = ["employer", "created_by", "commune", "appellation", "occupation", "duplicated_from"]
    readonly_fields = [
        "status",
        "published_at",
        "refreshed_at",
        "moderation_reason",
        "content_hash",
        "analysed_hash",
    ]
    list_select_related = ["employer", "commune"]
    inlines = [OfferSkillInline, TransitionInline]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "employer", "kind", "by"]
    list_filter = ["kind"]
    raw_id_fields = ["employer", "partnership", "by"]
